/**
 * On a case: save the worksheet to the case, turn a saved worksheet into a proposed order (an amount
 * that differs from the guideline needs the written finding of 45 CFR 302.56(g)), print it with the
 * case number, and list what was saved before.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, post, type GuidelineInput, type SavedCalculation, type Worksheet } from '../../api.ts';
import { Alert, ErrorSummary, TextField, problemsFromApi, type FieldProblem } from '../../components/ui.tsx';
import { formatDate, normalizeAmount } from '../../format.ts';
import { usd } from './WorksheetView.tsx';

const pdfUrl = (caseNumber: string, id: number) => `/api/cases/${encodeURIComponent(caseNumber)}/guideline/calculations/${id}/worksheet.pdf`;

function ProposeOrder({ caseNumber, saved, onProposed }: { caseNumber: string; saved: SavedCalculation; onProposed: (s: SavedCalculation) => void }) {
  const [amount, setAmount] = useState(saved.guidelineMonthly);
  const [effective, setEffective] = useState(saved.calculationDate);
  const [reason, setReason] = useState('');
  const [interests, setInterests] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const ordered = normalizeAmount(amount);
  const differs = ordered !== null && ordered !== saved.guidelineMonthly;
  const errorOf = (id: string) => problems.find((p) => p.fieldId === id)?.message;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldProblem[] = [];
    if (ordered === null) found.push({ fieldId: 'proposed-amount', message: 'Enter the monthly amount of the proposed order' });
    if (differs && reason.trim().length < 10) found.push({ fieldId: 'deviation-reason', message: `The amount differs from the guideline amount of ${usd(saved.guidelineMonthly)}: say why the guideline amount would be unjust or inappropriate` });
    setAttempt((a) => a + 1);
    setProblems(found);
    if (found.length) return;
    try {
      const body = { orderedMonthly: ordered, effectiveDate: effective, deviationReason: differs ? reason.trim() : null, bestInterests: differs && interests.trim() ? interests.trim() : null };
      onProposed(await post<SavedCalculation>(`/api/cases/${encodeURIComponent(caseNumber)}/guideline/calculations/${saved.calculationId}/proposed-order`, body));
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(0, 'NETWORK', 'The server could not be reached.', []);
      setProblems(problemsFromApi(error, (p) => (p === '/deviationReason' ? 'deviation-reason' : p === '/orderedMonthly' ? 'proposed-amount' : null), 'proposed-amount'));
      setAttempt((a) => a + 1);
    }
  };
  return (
    <form className="usa-form wide-form" noValidate onSubmit={submit} aria-labelledby="propose-heading">
      <h3 id="propose-heading">Propose an order from this worksheet</h3>
      <ErrorSummary problems={problems} generation={attempt} />
      <div className="form-row">
        <TextField id="proposed-amount" label="Monthly support in the proposed order" hint={`The guideline amount is ${usd(saved.guidelineMonthly)}`} prefix="$" inputMode="decimal" width="md" value={amount} onChange={setAmount} error={errorOf('proposed-amount')} />
        <TextField id="proposed-effective" type="date" label="Takes effect on" value={effective} onChange={setEffective} />
      </div>
      {differs ? (
        <fieldset className="usa-fieldset">
          <legend className="usa-legend">Deviation finding (45 CFR 302.56(g))</legend>
          <TextField id="deviation-reason" label="Why the guideline amount would be unjust or inappropriate" required value={reason} onChange={setReason} error={errorOf('deviation-reason')} />
          <TextField id="deviation-interests" label="How the amount serves the children’s best interests (optional)" value={interests} onChange={setInterests} />
        </fieldset>
      ) : null}
      <button type="submit" className="usa-button">
        Propose the order
      </button>
    </form>
  );
}

export function SaveToCase({ caseNumber, input, worksheet, onSaved }: { caseNumber: string; input: GuidelineInput; worksheet: Worksheet; onSaved: () => void }) {
  const [saved, setSaved] = useState<SavedCalculation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      setSaved(await post<SavedCalculation>(`/api/cases/${encodeURIComponent(caseNumber)}/guideline/calculations`, { input }));
      onSaved();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The server could not be reached.');
    } finally {
      setBusy(false);
    }
  };
  if (!saved) {
    return (
      <div className="actions">
        <button type="button" className="usa-button" onClick={save} disabled={busy}>
          {busy ? 'Saving…' : `Save to case ${caseNumber}`}
        </button>
        {error ? <Alert kind="error" slim>{error}</Alert> : null}
      </div>
    );
  }
  return (
    <section className="section" aria-labelledby="saved-heading">
      <h2 id="saved-heading">Saved to case {caseNumber}</h2>
      <p role="status">
        {`Calculation ${saved.calculationId} (${saved.guidelineVersion}, ${worksheet.schedule.model === 'income-shares' ? 'income shares' : 'percentage of income'}) is on the case: guideline amount ${usd(saved.guidelineMonthly)} a month.`}{' '}
        <a href={pdfUrl(caseNumber, saved.calculationId)} target="_blank" rel="noopener">
          Worksheet PDF with the case number
        </a>
      </p>
      {saved.proposal ? (
        <Alert kind="success" heading="Proposed order" slim>
          {`${usd(saved.proposal.orderedMonthly)} a month from ${formatDate(saved.proposal.effectiveDate)}${saved.proposal.deviates ? `, a deviation from the guideline amount of ${usd(saved.guidelineMonthly)}: ${saved.proposal.deviationReason}` : ', the guideline amount'}.`}
        </Alert>
      ) : (
        <ProposeOrder caseNumber={caseNumber} saved={saved} onProposed={(s) => { setSaved(s); onSaved(); }} />
      )}
    </section>
  );
}

export function SavedList({ caseNumber, calculations }: { caseNumber: string; calculations: SavedCalculation[] }) {
  if (!calculations.length) return <p className="muted">No worksheet has been saved to this case yet.</p>;
  return (
    <div className="table-wrap">
      <table className="usa-table usa-table--borderless width-full" data-testid="saved-calculations">
        <caption>Worksheets saved to case {caseNumber}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Calculation</th>
            <th scope="col">Guideline</th>
            <th scope="col">Support from</th>
            <th scope="col" className="num">Guideline amount</th>
            <th scope="col">Proposed order</th>
            <th scope="col">PDF</th>
          </tr>
        </thead>
        <tbody>
          {calculations.map((c) => (
            <tr key={c.calculationId}>
              <th scope="row">{c.calculationId}</th>
              <td>{c.guidelineVersion}</td>
              <td>{formatDate(c.calculationDate)}</td>
              <td className="num">{usd(c.guidelineMonthly)}</td>
              <td>{c.proposal ? `${usd(c.proposal.orderedMonthly)} from ${formatDate(c.proposal.effectiveDate)}${c.proposal.deviates ? ' (deviation)' : ''}` : 'not proposed'}</td>
              <td>
                <a href={pdfUrl(caseNumber, c.calculationId)} target="_blank" rel="noopener" aria-label={`Worksheet PDF of calculation ${c.calculationId}`}>
                  PDF
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
