/**
 * A manual receipt at the SDU (check, cash, money order, offset…), distributed at once. The form carries
 * one idempotency key from when it was opened (or the SDU batch line typed in), so submitting twice
 * posts once.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, newIdempotencyKey, post } from '../api.ts';
import { Link, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import { dollars, normalizeAmount } from '../format.ts';
import { label } from '../labels.ts';
import { Alert, ErrorSummary, PageHeading, SelectField, TextField, problemsFromApi, type FieldProblem } from '../components/ui.tsx';

interface Posted {
  receiptId: number;
  status: string;
  duplicate: boolean;
  caseIds: number[];
}

const MANUAL_SOURCES = ['check', 'money_order', 'cash', 'federal_tax_offset', 'state_tax_offset', 'unemployment_offset', 'interstate', 'other'];

export function PostReceiptPage() {
  const { today } = useSession();
  const location = useLocation();
  const blank = () => ({ caseNumber: location.search.get('caseNumber') ?? '', source: 'check', amount: '', receivedDate: today, reference: '', remitterName: '', batchLine: '' });
  const [form, setForm] = useState(blank);
  const [key, setKey] = useState(() => newIdempotencyKey('ws'));
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [posted, setPosted] = useState<{ result: Posted; amount: string; caseNumber: string } | null>(null);
  const set = (f: keyof ReturnType<typeof blank>) => (v: string) => setForm((s) => ({ ...s, [f]: v }));
  const errorOf = (id: string) => problems.find((p) => p.fieldId === id)?.message;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldProblem[] = [];
    const amount = normalizeAmount(form.amount);
    if (!amount || amount === '0.00') found.push({ fieldId: 'amount', message: 'Enter the amount in dollars and cents, more than zero' });
    if (!form.receivedDate) found.push({ fieldId: 'receivedDate', message: 'Enter the date the SDU received the payment' });
    else if (form.receivedDate > today) found.push({ fieldId: 'receivedDate', message: 'The received date cannot be in the future' });
    if (form.caseNumber && !/^[A-Za-z0-9-]{1,20}$/.test(form.caseNumber.trim())) found.push({ fieldId: 'caseNumber', message: 'A case number has letters, digits and dashes only' });
    setAttempt((a) => a + 1);
    setProblems(found);
    if (found.length) return;
    setBusy(true);
    const caseNumber = form.caseNumber.trim().toUpperCase();
    try {
      const result = await post<Posted>('/api/receipts', {
        idempotencyKey: form.batchLine.trim() ? `sdu:${form.batchLine.trim()}` : key,
        source: form.source,
        amount,
        receivedDate: form.receivedDate,
        ...(caseNumber ? { caseNumber } : {}),
        ...(form.reference.trim() ? { reference: form.reference.trim() } : {}),
        ...(form.remitterName.trim() ? { remitterName: form.remitterName.trim() } : {}),
      });
      setPosted({ result, amount: amount!, caseNumber });
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(0, 'NETWORK', 'The server could not be reached.', []);
      setProblems(problemsFromApi(error, (path) => ({ '/amount': 'amount', '/receivedDate': 'receivedDate', '/caseNumber': 'caseNumber', '/reference': 'reference', '/remitterName': 'remitterName', '/source': 'source' })[path] ?? null, 'amount'));
      setAttempt((a) => a + 1);
    } finally {
      setBusy(false);
    }
  };

  const another = () => {
    setForm({ ...blank(), caseNumber: '' });
    setKey(newIdempotencyKey('ws'));
    setPosted(null);
  };

  if (posted) {
    const { result } = posted;
    // The normalized amount always has two decimals, so dropping the point gives whole cents.
    const cents = Number.parseInt(posted.amount.replace('.', ''), 10);
    return (
      <>
        <PageHeading title="Post a receipt">Post a receipt</PageHeading>
        {result.duplicate ? (
          <Alert kind="info" heading="Already posted" focus>
            <p>This receipt was posted before (receipt {result.receiptId}); nothing new was posted.</p>
          </Alert>
        ) : result.status === 'unidentified' ? (
          <Alert kind="warning" heading={`Receipt ${result.receiptId} is held as unidentified`} focus>
            <p>{`${dollars(cents)} names no case or obligor on file. It is held in undistributed collections for research.`}</p>
          </Alert>
        ) : (
          <Alert kind="success" heading={`Receipt ${result.receiptId} posted: ${dollars(cents)}`} focus>
            <p>
              {result.status === 'distributed' ? 'It was distributed at once.' : 'It waits for distribution (no support order yet).'}{' '}
              {posted.caseNumber ? <Link to={`/cases/${posted.caseNumber}#payments`}>See how it was distributed on case {posted.caseNumber}</Link> : null}
            </p>
          </Alert>
        )}
        <button type="button" className="usa-button margin-top-2" onClick={another}>
          Post another receipt
        </button>
      </>
    );
  }

  return (
    <>
      <PageHeading title="Post a receipt">Post a receipt</PageHeading>
      <p className="muted">A payment received at the State Disbursement Unit. The date of collection is the date the SDU received it (45 CFR 302.51(a)(4)).</p>
      <ErrorSummary problems={problems} generation={attempt} />
      <form className="usa-form usa-form--large wide-form" onSubmit={submit} noValidate aria-label="Receipt">
        <div className="form-row">
          <TextField id="caseNumber" label="Case number" hint="Leave empty if the payment names no case: it is held as unidentified" value={form.caseNumber} onChange={set('caseNumber')} error={errorOf('caseNumber')} spellCheck={false} autoComplete="off" />
        </div>
        <div className="form-row">
          <SelectField id="source" label="Source" value={form.source} onChange={set('source')} options={MANUAL_SOURCES.map((s) => ({ value: s, label: label('source', s) }))} error={errorOf('source')} />
          <TextField id="amount" label="Amount" prefix="$" inputMode="decimal" width="sm" value={form.amount} onChange={set('amount')} required error={errorOf('amount')} autoComplete="off" />
          <TextField id="receivedDate" label="Received" type="date" value={form.receivedDate} onChange={set('receivedDate')} required error={errorOf('receivedDate')} />
        </div>
        <div className="form-row">
          <TextField id="reference" label="Reference" hint="Check or money order number" value={form.reference} onChange={set('reference')} error={errorOf('reference')} autoComplete="off" />
          <TextField id="remitterName" label="Paid by" hint="Name on the check" value={form.remitterName} onChange={set('remitterName')} error={errorOf('remitterName')} autoComplete="off" />
          <TextField id="batchLine" label="SDU batch and line" hint="Optional, e.g. 20261102-0001; the same line posts once" value={form.batchLine} onChange={set('batchLine')} autoComplete="off" />
        </div>
        <div className="actions margin-top-4">
          <button type="submit" className="usa-button" disabled={busy}>
            {busy ? 'Posting…' : 'Post and distribute'}
          </button>
        </div>
      </form>
      <p className="muted">Employer withholding (ACH) arrives by file: <code>cse receipts import-ach</code> or POST /api/payments/ach.</p>
    </>
  );
}
