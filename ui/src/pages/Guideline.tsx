/**
 * The guideline worksheet (issue 4): a caseworker enters both parents' incomes, the children, overnights
 * and the additional expenses; the server's guideline calculator (src/establishment/guideline) answers
 * with the numbered worksheet, laid out here as the Pennsylvania court worksheet (lines 1-13e, then the
 * lines OpenCSE adds so every figure is traced), with the same calculation as a PDF to print.
 * Nothing is stored: the worksheet is attached to an order when the order is entered.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, post, useGet, type GuidelineInput, type Worksheet, type WorksheetCalculation, type WorksheetLine } from '../api.ts';
import { useSession } from '../session.tsx';
import { dollars, formatDate, normalizeAmount } from '../format.ts';
import { Alert, ErrorSummary, PageHeading, SelectField, TextField, problemsFromApi, type FieldProblem } from '../components/ui.tsx';

const FREQUENCIES = [
  { value: 'monthly', label: 'Monthly' },
  { value: 'semimonthly', label: 'Twice a month' },
  { value: 'biweekly', label: 'Every two weeks' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'annually', label: 'Yearly' },
];
const PAID_BY = [
  { value: 'obligee', label: 'Obligee (receives support)' },
  { value: 'obligor', label: 'Obligor (pays support)' },
];

interface ParentForm {
  name: string;
  gross: string;
  deductions: string;
  frequency: string;
}

interface ExpenseForm {
  amount: string;
  frequency: string;
  paidBy: string;
}

interface FormState {
  calculationDate: string;
  children: string;
  obligor: ParentForm;
  obligee: ParentForm;
  overnights: string;
  socialSecurity: string;
  childCare: ExpenseForm;
  premium: ExpenseForm;
  medical: ExpenseForm;
  adjustmentAmount: string;
  adjustmentReason: string;
}

const emptyParent = (): ParentForm => ({ name: '', gross: '', deductions: '', frequency: 'monthly' });
const emptyExpense = (paidBy: string): ExpenseForm => ({ amount: '', frequency: 'monthly', paidBy });

/** A signed amount ("-25", "40.5") as the API's decimal string, or null. */
function normalizeSigned(text: string): string | null {
  const t = text.trim();
  const negative = t.startsWith('-');
  const n = normalizeAmount(negative ? t.slice(1) : t);
  return n === null ? null : `${negative ? '-' : ''}${n}`;
}

function validate(f: FormState): { problems: FieldProblem[]; input: GuidelineInput | null } {
  const problems: FieldProblem[] = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(f.calculationDate)) problems.push({ fieldId: 'calculationDate', message: 'Enter the date the support would take effect' });
  const children = Number(f.children);
  if (!/^\d{1,2}$/.test(f.children.trim()) || children < 1 || children > 20) problems.push({ fieldId: 'children', message: 'Enter the number of children (1 to 20)' });
  const parent = (who: 'obligor' | 'obligee', p: ParentForm) => {
    const gross = normalizeAmount(p.gross);
    const deductions = p.deductions.trim() ? normalizeAmount(p.deductions) : '0.00';
    const name = who === 'obligor' ? 'Obligor' : 'Obligee';
    if (gross === null) problems.push({ fieldId: `${who}-gross`, message: `${name}: enter the gross income per pay period in dollars and cents` });
    if (deductions === null) problems.push({ fieldId: `${who}-deductions`, message: `${name}: enter the deductions in dollars and cents (or leave empty for none)` });
    return {
      ...(p.name.trim() ? { name: p.name.trim() } : {}),
      income: { grossPerPeriod: gross ?? '0', deductionsPerPeriod: deductions ?? '0', payFrequency: p.frequency as 'monthly' },
    };
  };
  const obligor = parent('obligor', f.obligor);
  const obligee = parent('obligee', f.obligee);
  if (f.overnights.trim()) {
    const n = Number(f.overnights);
    if (!/^\d{1,3}$/.test(f.overnights.trim()) || n > 365) problems.push({ fieldId: 'overnights', message: 'Enter the overnights a year with the obligor (0 to 365), or leave empty' });
    else Object.assign(obligor, { overnightsPerYear: n });
  }
  const input: GuidelineInput = { state: 'PA', calculationDate: f.calculationDate, children, caseType: 'parents', obligor, obligee };
  if (f.socialSecurity.trim()) {
    const ss = normalizeAmount(f.socialSecurity);
    if (ss === null) problems.push({ fieldId: 'socialSecurity', message: 'Enter the children’s Social Security benefit in dollars and cents, or leave empty' });
    else input.childSocialSecurityBenefitMonthly = ss;
  }
  const expenses: NonNullable<GuidelineInput['expenses']> = [];
  const expense = (id: string, kind: 'childCare' | 'healthInsurancePremium' | 'unreimbursedMedical', e: ExpenseForm, name: string) => {
    if (!e.amount.trim()) return;
    const amount = normalizeAmount(e.amount);
    if (amount === null) problems.push({ fieldId: `${id}-amount`, message: `${name}: enter an amount in dollars and cents, or leave empty` });
    else if (amount !== '0.00') expenses.push({ kind, amount, frequency: e.frequency as 'monthly', paidBy: e.paidBy as 'obligor' });
  };
  expense('childCare', 'childCare', f.childCare, 'Child care');
  expense('premium', 'healthInsurancePremium', f.premium, 'Health insurance premium');
  expense('medical', 'unreimbursedMedical', f.medical, 'Unreimbursed medical expenses');
  if (expenses.length) input.expenses = expenses;
  if (f.adjustmentAmount.trim()) {
    const amount = normalizeSigned(f.adjustmentAmount);
    if (amount === null) problems.push({ fieldId: 'adjustmentAmount', message: 'Further adjustment: enter a monthly amount, negative to lower the support' });
    if (f.adjustmentReason.trim().length < 3) problems.push({ fieldId: 'adjustmentReason', message: 'Further adjustment: say why (line 13e needs a reason)' });
    if (amount !== null) input.furtherAdjustment = { amount, reason: f.adjustmentReason.trim() };
  }
  return { problems, input: problems.length ? null : input };
}

/** An input path from the server ("/obligor/income/grossPerPeriod") to the field that holds it. */
function fieldIdOf(path: string): string | null {
  const map: Array<[RegExp, string]> = [
    [/^\/calculationDate/, 'calculationDate'],
    [/^\/children/, 'children'],
    [/^\/(obligor|obligee)\/income\/grossPerPeriod/, '$1-gross'],
    [/^\/(obligor|obligee)\/income\/deductionsPerPeriod/, '$1-deductions'],
    [/^\/(obligor|obligee)\/income\/payFrequency/, '$1-frequency'],
    [/^\/(obligor|obligee)\/name/, '$1-name'],
    [/^\/obligor\/overnightsPerYear/, 'overnights'],
    [/^\/childSocialSecurityBenefitMonthly/, 'socialSecurity'],
    [/^\/furtherAdjustment\/reason/, 'adjustmentReason'],
    [/^\/furtherAdjustment/, 'adjustmentAmount'],
  ];
  const p = path.replace(/^\/input/, '');
  for (const [re, id] of map) {
    const m = re.exec(p);
    if (m) return id.replace('$1', m[1] ?? '');
  }
  return null;
}

function lineValue(l: WorksheetLine, v: string | null): string {
  if (v === null) return '';
  switch (l.unit) {
    case 'usd': {
      // Worksheet figures are decimal strings with two places: turned into cents by text, never by float.
      const m = /^(-?)(\d+)\.(\d{2})$/.exec(v);
      return m ? dollars((m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]))) : `$${v}`;
    }
    case 'percent':
      return `${v}%`;
    default:
      return v;
  }
}

function WorksheetTable({ calculation, caption }: { calculation: WorksheetCalculation; caption: string }) {
  const reference = calculation.lines.filter((l) => l.origin === 'reference');
  const added = calculation.lines.filter((l) => l.origin === 'opencse');
  const rows = (lines: WorksheetLine[]) =>
    lines.map((l) => {
      const unused = l.obligor === null && l.obligee === null && l.combined === null;
      return (
        <tr key={l.line} id={`line-${calculation.id}-${l.line}`} className={unused ? 'line--unused' : undefined} data-line={l.line}>
          <th scope="row" className="line-number">
            {l.line}
          </th>
          <td>
            {l.label}
            {l.note ? <div className="item-detail muted">{l.note}</div> : null}
          </td>
          <td className="num" data-col="obligor">
            {lineValue(l, l.obligor)}
          </td>
          <td className="num" data-col="obligee">
            {lineValue(l, l.obligee)}
          </td>
          <td className="num" data-col="combined">
            {lineValue(l, l.combined)}
          </td>
        </tr>
      );
    });
  return (
    <div className="table-wrap">
      <table className="usa-table usa-table--borderless width-full worksheet-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Description</th>
            <th scope="col" className="num">
              Obligor{calculation.obligor.name ? <span className="muted"> ({calculation.obligor.name})</span> : null}
            </th>
            <th scope="col" className="num">
              Obligee{calculation.obligee.name ? <span className="muted"> ({calculation.obligee.name})</span> : null}
            </th>
            <th scope="col" className="num">
              Combined
            </th>
          </tr>
        </thead>
        <tbody>
          <tr className="worksheet-part">
            <th scope="rowgroup" colSpan={5}>
              Part I–II: the court worksheet (Pa.R.C.P. 1910.16-4(a))
            </th>
          </tr>
          {rows(reference)}
          {added.length ? (
            <tr className="worksheet-part">
              <th scope="rowgroup" colSpan={5}>
                Rules applied after line 13 (low income, additional expenses, total)
              </th>
            </tr>
          ) : null}
          {rows(added)}
        </tbody>
      </table>
    </div>
  );
}

function Result({ worksheet, input }: { worksheet: Worksheet; input: GuidelineInput }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [pdf, setPdf] = useState<{ url: string | null; error: string | null }>({ url: null, error: null });
  useEffect(() => {
    heading.current?.focus();
  }, [worksheet]);
  useEffect(() => {
    // The same input, rendered by the server as the printable worksheet.
    let url: string | null = null;
    let cancelled = false;
    setPdf({ url: null, error: null });
    fetch('/api/guideline/worksheet.pdf', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', accept: 'application/pdf' }, body: JSON.stringify({ input }) })
      .then(async (res) => {
        if (!res.ok) throw new Error(`the server answered ${res.status}`);
        const blob = await res.blob();
        url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
        if (!cancelled) setPdf({ url, error: null });
      })
      .catch((err: unknown) => !cancelled && setPdf({ url: null, error: err instanceof Error ? err.message : 'failed' }));
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [input]);
  const fileName = `guideline-worksheet-${worksheet.state}-${worksheet.calculationDate}.pdf`;
  return (
    <section className="section" aria-labelledby="worksheet-heading">
      <h2 id="worksheet-heading" tabIndex={-1} ref={heading}>
        Worksheet
      </h2>
      <p>
        {worksheet.schedule.title} <span className="muted">[{worksheet.schedule.id}; {worksheet.schedule.citation}]</span>
        <br />
        {`Support from ${formatDate(worksheet.calculationDate)} for ${worksheet.children} child${worksheet.children === 1 ? '' : 'ren'}.`}
      </p>
      {worksheet.calculations.map((c) => (
        <div key={c.id}>
          <div className="summary-cards" role="group" aria-label="Guideline result">
            <div className="summary-card">
              <h3>Basic child support</h3>
              <p className="big">{lineValue({ unit: 'usd' } as WorksheetLine, c.result.basicSupportMonthly)}</p>
            </div>
            <div className="summary-card">
              <h3>Additional expenses</h3>
              <p className="big">{lineValue({ unit: 'usd' } as WorksheetLine, c.result.additionalExpensesMonthly)}</p>
            </div>
            <div className="summary-card summary-card--total">
              <h3>Total monthly obligation</h3>
              <p className="big" data-testid="guideline-total">
                {lineValue({ unit: 'usd' } as WorksheetLine, c.result.totalMonthly)}
              </p>
            </div>
          </div>
          <div className="actions">
            {pdf.url ? (
              <>
                <a className="usa-button" href={pdf.url} target="_blank" rel="noopener" id="worksheet-pdf" aria-describedby="worksheet-pdf-hint">
                  Print the worksheet (PDF)
                </a>
                <a className="usa-button usa-button--outline" href={pdf.url} download={fileName}>
                  Save the PDF
                </a>
                <span className="usa-sr-only" id="worksheet-pdf-hint">
                  opens in a new tab
                </span>
              </>
            ) : pdf.error ? (
              <Alert kind="warning" slim>{`The PDF could not be made: ${pdf.error}.`}</Alert>
            ) : (
              <span className="muted" role="status">
                Preparing the PDF…
              </span>
            )}
          </div>
          <WorksheetTable calculation={c} caption={`Guideline worksheet, ${worksheet.state}, monthly amounts`} />
        </div>
      ))}
      {worksheet.notes.length ? (
        <>
          <h3>Notes</h3>
          <ul className="usa-list">
            {worksheet.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function ParentFields({ who, value, onChange, errorOf }: { who: 'obligor' | 'obligee'; value: ParentForm; onChange: (p: ParentForm) => void; errorOf: (id: string) => string | undefined }) {
  const title = who === 'obligor' ? 'Obligor (the parent who pays support)' : 'Obligee (the parent who receives support)';
  return (
    <fieldset className="usa-fieldset member-fieldset">
      <legend>{title}</legend>
      <TextField id={`${who}-name`} label="Name (optional)" value={value.name} onChange={(name) => onChange({ ...value, name })} autoComplete="off" />
      <div className="form-row">
        <TextField id={`${who}-gross`} label="Line 1: gross income per pay period" required prefix="$" inputMode="decimal" width="md" value={value.gross} onChange={(gross) => onChange({ ...value, gross })} error={errorOf(`${who}-gross`)} />
        <TextField id={`${who}-deductions`} label="Line 2: deductions per pay period" hint="Taxes, FICA, mandatory retirement, union dues" prefix="$" inputMode="decimal" width="md" value={value.deductions} onChange={(deductions) => onChange({ ...value, deductions })} error={errorOf(`${who}-deductions`)} />
      </div>
      <SelectField id={`${who}-frequency`} label="Pay period" options={FREQUENCIES} value={value.frequency} onChange={(frequency) => onChange({ ...value, frequency })} />
    </fieldset>
  );
}

function ExpenseFields({ id, title, hint, value, onChange, errorOf, withFrequency }: { id: string; title: string; hint: string; value: ExpenseForm; onChange: (e: ExpenseForm) => void; errorOf: (id: string) => string | undefined; withFrequency: boolean }) {
  return (
    <div className="form-row">
      <TextField id={`${id}-amount`} label={title} hint={hint} prefix="$" inputMode="decimal" width="md" value={value.amount} onChange={(amount) => onChange({ ...value, amount })} error={errorOf(`${id}-amount`)} />
      {withFrequency ? <SelectField id={`${id}-frequency`} label="How often" options={FREQUENCIES} value={value.frequency} onChange={(frequency) => onChange({ ...value, frequency })} /> : null}
      <SelectField id={`${id}-paidBy`} label="Paid by" options={PAID_BY} value={value.paidBy} onChange={(paidBy) => onChange({ ...value, paidBy })} />
    </div>
  );
}

interface ScheduleVersion {
  state: string;
  id: string;
  title: string;
  effectiveFrom: string;
  effectiveThrough: string | null;
}

/** When no version covers `today`: the last day the latest earlier version covers; otherwise null. */
export function fallbackDate(versions: readonly ScheduleVersion[], today: string): { date: string; title: string } | null {
  if (versions.some((v) => v.effectiveFrom <= today && (v.effectiveThrough === null || today <= v.effectiveThrough))) return null;
  const earlier = versions.filter((v) => v.effectiveThrough !== null && v.effectiveThrough < today).sort((a, b) => (a.effectiveThrough! < b.effectiveThrough! ? 1 : -1));
  return earlier[0] ? { date: earlier[0].effectiveThrough!, title: earlier[0].title } : null;
}

export function GuidelinePage() {
  const { today } = useSession();
  const [form, setForm] = useState<FormState>(() => ({
    calculationDate: today,
    children: '1',
    obligor: emptyParent(),
    obligee: emptyParent(),
    overnights: '',
    socialSecurity: '',
    childCare: emptyExpense('obligee'),
    premium: emptyExpense('obligor'),
    medical: emptyExpense('obligee'),
    adjustmentAmount: '',
    adjustmentReason: '',
  }));
  // No schedule on file may cover today (the 2017 schedule ends 2021-12-31): then the date starts at the
  // last day a schedule covers, and the page says so, rather than refusing every first calculation.
  const schedules = useGet<ScheduleVersion[]>('/api/guideline/schedules');
  const fallback = schedules.data ? fallbackDate(schedules.data, today) : null;
  const dateTouched = useRef(false);
  useEffect(() => {
    if (fallback && !dateTouched.current) setForm((f) => ({ ...f, calculationDate: fallback.date }));
  }, [fallback?.date]);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ worksheet: Worksheet; input: GuidelineInput } | null>(null);
  const errorOf = (id: string) => problems.find((p) => p.fieldId === id)?.message;
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { problems: found, input } = validate(form);
    setAttempt((a) => a + 1);
    setProblems(found);
    if (!input) return;
    setBusy(true);
    try {
      const worksheet = await post<Worksheet>('/api/guideline/worksheet', { input });
      setResult({ worksheet, input });
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(0, 'NETWORK', 'The server could not be reached.', []);
      setResult(null);
      // Field errors go next to their fields; a rule's refusal (SCHEDULE_RANGE, NO_SCHEDULE_IN_EFFECT, ...)
      // is said in the calculator's own words, which name the line and the figure.
      const fallback = /NO_SCHEDULE_IN_EFFECT/.test(error.message) ? 'calculationDate' : 'obligor-gross';
      const byField = error.details.length > 0 && error.details.every((d) => d.path && fieldIdOf(d.path));
      setProblems(byField ? problemsFromApi(error, fieldIdOf, fallback) : [{ fieldId: fallback, message: error.message }]);
      setAttempt((a) => a + 1);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeading title="Guideline worksheet">Guideline worksheet</PageHeading>
      <p className="explanation">
        Enter both parents’ incomes and the children’s expenses. The calculator applies the Pennsylvania guideline (income shares on net income) and lays the result
        out as the court worksheet. The schedule on file is Pennsylvania’s 2017 schedule, for support from 25 February 2017 to 31 December 2021, and holds the rows
        for combined net incomes of $1,000 to $3,000 a month; other incomes are refused, never estimated. Nothing is saved here.
      </p>
      {fallback ? (
        <Alert kind="warning" heading="No schedule on file covers today" id="schedule-notice">
          No guideline schedule on file is in effect on {formatDate(today)}. The latest, {fallback.title}, covers support up to {formatDate(fallback.date)}, so the date
          below starts there. Change it to the date the support takes effect; a date no schedule covers is refused.
        </Alert>
      ) : null}
      <ErrorSummary problems={problems} generation={attempt} />
      <form className="usa-form wide-form" noValidate onSubmit={submit} aria-describedby="guideline-required">
        <p id="guideline-required" className="usa-hint">
          Fields marked <abbr title="required">*</abbr> are required. Amounts are in dollars and cents.
        </p>
        <div className="form-row">
          <TextField id="calculationDate" type="date" label="Support takes effect on" required value={form.calculationDate} onChange={(v) => { dateTouched.current = true; set('calculationDate', v); }} error={errorOf('calculationDate')} />
          <TextField id="children" label="Number of children" required inputMode="numeric" width="2xs" value={form.children} onChange={(v) => set('children', v)} error={errorOf('children')} />
        </div>
        <div className="parent-grid">
          <ParentFields who="obligor" value={form.obligor} onChange={(p) => set('obligor', p)} errorOf={errorOf} />
          <ParentFields who="obligee" value={form.obligee} onChange={(p) => set('obligee', p)} errorOf={errorOf} />
        </div>
        <fieldset className="usa-fieldset member-fieldset">
          <legend>Custody and benefits</legend>
          <div className="form-row">
            <TextField id="overnights" label="Line 13a: overnights a year with the obligor" hint="Shared custody applies from 146 (40%); leave empty if not known" inputMode="numeric" width="sm" value={form.overnights} onChange={(v) => set('overnights', v)} error={errorOf('overnights')} />
            <TextField id="socialSecurity" label="Lines 6 and 9: children’s Social Security benefit a month" hint="Derivative benefit paid for the children, if any" prefix="$" inputMode="decimal" width="md" value={form.socialSecurity} onChange={(v) => set('socialSecurity', v)} error={errorOf('socialSecurity')} />
          </div>
        </fieldset>
        <fieldset className="usa-fieldset member-fieldset">
          <legend>Additional expenses for the children (shared by income)</legend>
          <ExpenseFields id="childCare" title="Child care" hint="For the children, to let a parent work or look for work" value={form.childCare} onChange={(v) => set('childCare', v)} errorOf={errorOf} withFrequency />
          <ExpenseFields id="premium" title="Health insurance premium a month" hint="The children’s part of the premium only" value={form.premium} onChange={(v) => set('premium', v)} errorOf={errorOf} withFrequency={false} />
          <ExpenseFields id="medical" title="Extraordinary unreimbursed medical expenses a month" hint="Over $250 a year per child, averaged by month" value={form.medical} onChange={(v) => set('medical', v)} errorOf={errorOf} withFrequency={false} />
        </fieldset>
        <fieldset className="usa-fieldset member-fieldset">
          <legend>Line 13e: further adjustment (optional)</legend>
          <div className="form-row">
            <TextField id="adjustmentAmount" label="Monthly amount" hint="Negative lowers the support, e.g. -25.00" inputMode="decimal" width="sm" value={form.adjustmentAmount} onChange={(v) => set('adjustmentAmount', v)} error={errorOf('adjustmentAmount')} />
            <TextField id="adjustmentReason" label="Reason" value={form.adjustmentReason} onChange={(v) => set('adjustmentReason', v)} error={errorOf('adjustmentReason')} />
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit" className="usa-button" disabled={busy}>
            {busy ? 'Calculating…' : 'Calculate'}
          </button>
        </div>
      </form>
      {result ? <Result worksheet={result.worksheet} input={result.input} /> : null}
    </>
  );
}
