/** Entry of a support order (or a modification of the current one) with its obligations. */
import { useState, type FormEvent } from 'react';
import { ApiError, post } from '../api.ts';
import { Link, useNavigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { firstOfMonth, normalizeAmount } from '../format.ts';
import { label, options } from '../labels.ts';
import { ErrorSummary, PageHeading, RadioGroup, SelectField, TextField, problemsFromApi, type FieldProblem } from '../components/ui.tsx';

interface ObligationForm {
  key: string;
  kind: string;
  amount: string;
  frequency: string;
  startDate: string;
  endDate: string;
  judgmentBucket: string;
}

let counter = 0;
const newObligation = (startDate: string, kind = 'current_support'): ObligationForm => ({
  key: `o${++counter}`,
  kind,
  amount: '',
  frequency: kind === 'arrears_judgment' ? 'one_time' : 'monthly',
  startDate,
  endDate: '',
  judgmentBucket: kind === 'arrears_judgment' ? 'NA' : '',
});

export function NewOrderPage({ caseNumber }: { caseNumber: string }) {
  const cn = caseNumber.toUpperCase();
  const { today } = useSession();
  const navigate = useNavigate();
  const [orderNumber, setOrderNumber] = useState('');
  const [orderKind, setOrderKind] = useState('judicial');
  const [enteredDate, setEnteredDate] = useState(today);
  const [effectiveDate, setEffectiveDate] = useState(firstOfMonth(today));
  const [endDate, setEndDate] = useState('');
  const [obligations, setObligations] = useState<ObligationForm[]>(() => [newObligation(firstOfMonth(today))]);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const errorOf = (id: string) => problems.find((p) => p.fieldId === id)?.message;
  const setOb = (key: string, change: Partial<ObligationForm>) =>
    setObligations((list) =>
      list.map((o) => {
        if (o.key !== key) return o;
        const next = { ...o, ...change };
        // An arrears judgment is a one-time amount owed in a bucket; periodic support is not.
        if (change.kind === 'arrears_judgment') Object.assign(next, { frequency: 'one_time', judgmentBucket: o.judgmentBucket || 'NA' });
        else if (change.kind) Object.assign(next, { frequency: o.frequency === 'one_time' ? 'monthly' : o.frequency, judgmentBucket: '' });
        return next;
      }),
    );

  const validate = (): FieldProblem[] => {
    const found: FieldProblem[] = [];
    if (!orderNumber.trim()) found.push({ fieldId: 'orderNumber', message: 'Enter the order (docket) number' });
    if (!enteredDate) found.push({ fieldId: 'enteredDate', message: 'Enter the date the order was entered' });
    else if (enteredDate > today) found.push({ fieldId: 'enteredDate', message: 'The entered date cannot be in the future' });
    if (!effectiveDate) found.push({ fieldId: 'effectiveDate', message: 'Enter the date the order takes effect' });
    if (endDate && effectiveDate && endDate < effectiveDate) found.push({ fieldId: 'endDate', message: 'The end date cannot be before the effective date' });
    obligations.forEach((o, i) => {
      const n = i + 1;
      const amount = normalizeAmount(o.amount);
      if (!amount || amount === '0.00') found.push({ fieldId: `${o.key}-amount`, message: `Obligation ${n}: enter an amount in dollars and cents, more than zero` });
      if (!o.startDate) found.push({ fieldId: `${o.key}-startDate`, message: `Obligation ${n}: enter the start date` });
      else if (effectiveDate && o.startDate < effectiveDate) found.push({ fieldId: `${o.key}-startDate`, message: `Obligation ${n}: it cannot start before the order takes effect` });
      if (o.endDate && o.startDate && o.endDate < o.startDate) found.push({ fieldId: `${o.key}-endDate`, message: `Obligation ${n}: the end date cannot be before the start date` });
    });
    return found;
  };

  const fieldIdOf = (path: string): string | null => {
    const m = /^\/obligations\/(\d+)\/(\w+)/.exec(path);
    if (m) {
      const o = obligations[Number(m[1])];
      return o ? `${o.key}-${m[2]}` : null;
    }
    const top = /^\/(\w+)/.exec(path)?.[1];
    return top && ['orderNumber', 'orderKind', 'enteredDate', 'effectiveDate', 'endDate'].includes(top) ? top : null;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validate();
    setAttempt((a) => a + 1);
    setProblems(found);
    if (found.length) return;
    setBusy(true);
    try {
      await post(`/api/cases/${encodeURIComponent(cn)}/orders`, {
        orderNumber: orderNumber.trim(),
        orderKind,
        enteredDate,
        effectiveDate,
        ...(endDate ? { endDate } : {}),
        obligations: obligations.map((o) => ({
          kind: o.kind,
          amount: normalizeAmount(o.amount)!,
          frequency: o.frequency,
          startDate: o.startDate,
          ...(o.endDate ? { endDate: o.endDate } : {}),
          ...(o.kind === 'arrears_judgment' ? { judgmentBucket: o.judgmentBucket } : {}),
        })),
      });
      navigate(`/cases/${cn}`, { flash: `Order ${orderNumber.trim()} entered; the case account is charged from ${effectiveDate.slice(0, 7)}.` });
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(0, 'NETWORK', 'The server could not be reached.', []);
      setProblems(problemsFromApi(error, fieldIdOf, 'orderNumber'));
      setAttempt((a) => a + 1);
    } finally {
      setBusy(false);
    }
  };

  const frequencyOptions = options('frequency');
  return (
    <>
      <PageHeading title={`Enter an order on case ${cn}`}>Enter an order on case {cn}</PageHeading>
      <p>
        <Link to={`/cases/${cn}`}>Back to case {cn}</Link>. A later order supersedes the current one from its effective date; months already charged cannot be changed here (that is an
        adjustment).
      </p>
      <ErrorSummary problems={problems} generation={attempt} />
      <form className="usa-form usa-form--large wide-form" onSubmit={submit} noValidate aria-label="Support order">
        <fieldset className="usa-fieldset">
          <legend className="usa-legend usa-legend--large">The order</legend>
          <div className="form-row">
            <TextField id="orderNumber" label="Order number" hint="Docket or administrative order number" value={orderNumber} onChange={setOrderNumber} required error={errorOf('orderNumber')} autoComplete="off" />
          </div>
          <RadioGroup
            name="orderKind"
            legend="Kind of order"
            value={orderKind}
            onChange={setOrderKind}
            options={[
              { value: 'judicial', label: 'Judicial (court order)' },
              { value: 'administrative', label: 'Administrative' },
            ]}
          />
          <div className="form-row">
            <TextField id="enteredDate" label="Entered" type="date" value={enteredDate} onChange={setEnteredDate} required error={errorOf('enteredDate')} />
            <TextField id="effectiveDate" label="Takes effect" type="date" value={effectiveDate} onChange={setEffectiveDate} required error={errorOf('effectiveDate')} />
            <TextField id="endDate" label="Ends (optional)" type="date" value={endDate} onChange={setEndDate} error={errorOf('endDate')} />
          </div>
        </fieldset>
        {obligations.map((o, i) => (
          <fieldset className="usa-fieldset member-fieldset" key={o.key}>
            <legend>{`Obligation ${i + 1}`}</legend>
            <div className="form-row">
              <SelectField id={`${o.key}-kind`} label="Kind" value={o.kind} onChange={(v) => setOb(o.key, { kind: v })} options={options('obligation')} />
              <TextField id={`${o.key}-amount`} label="Amount" prefix="$" inputMode="decimal" width="sm" value={o.amount} onChange={(v) => setOb(o.key, { amount: v })} required error={errorOf(`${o.key}-amount`)} autoComplete="off" />
              <SelectField
                id={`${o.key}-frequency`}
                label="Frequency"
                value={o.frequency}
                onChange={(v) => setOb(o.key, { frequency: v })}
                options={o.kind === 'arrears_judgment' ? frequencyOptions.filter((f) => f.value === 'one_time') : frequencyOptions.filter((f) => f.value !== 'one_time')}
                error={errorOf(`${o.key}-frequency`)}
              />
              {o.kind === 'arrears_judgment' ? (
                <SelectField id={`${o.key}-judgmentBucket`} label="Owed in" value={o.judgmentBucket} onChange={(v) => setOb(o.key, { judgmentBucket: v })} options={options('bucket')} error={errorOf(`${o.key}-judgmentBucket`)} />
              ) : null}
            </div>
            <div className="form-row">
              <TextField id={`${o.key}-startDate`} label="Starts" type="date" value={o.startDate} onChange={(v) => setOb(o.key, { startDate: v })} required error={errorOf(`${o.key}-startDate`)} />
              {o.kind !== 'arrears_judgment' ? <TextField id={`${o.key}-endDate`} label="Ends (optional)" type="date" value={o.endDate} onChange={(v) => setOb(o.key, { endDate: v })} error={errorOf(`${o.key}-endDate`)} /> : null}
            </div>
            {obligations.length > 1 ? (
              <button type="button" className="usa-button usa-button--unstyled margin-top-2" onClick={() => setObligations((list) => list.filter((x) => x.key !== o.key))}>
                {`Remove obligation ${i + 1} (${label('obligation', o.kind).toLowerCase()})`}
              </button>
            ) : null}
          </fieldset>
        ))}
        <div className="actions">
          <button type="button" className="usa-button usa-button--outline" onClick={() => setObligations((list) => [...list, newObligation(effectiveDate || firstOfMonth(today))])}>
            Add an obligation
          </button>
          <button type="button" className="usa-button usa-button--outline" onClick={() => setObligations((list) => [...list, newObligation(effectiveDate || firstOfMonth(today), 'arrears_judgment')])}>
            Add an arrears judgment
          </button>
        </div>
        <div className="actions margin-top-4">
          <button type="submit" className="usa-button" disabled={busy}>
            {busy ? 'Entering…' : 'Enter the order'}
          </button>
          <Link to={`/cases/${cn}`} className="usa-button usa-button--unstyled">
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}
