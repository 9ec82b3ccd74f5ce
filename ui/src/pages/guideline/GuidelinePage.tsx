/**
 * The guideline worksheet. On a case (/cases/:caseNumber/guideline) it starts from the case's parents
 * and children; the date starts at today and the guideline at the one the program's policy names for
 * the date (the worker may choose another, e.g. the issuing state's in an interstate case). The form
 * shows only what the chosen version reads; the server computes the numbered worksheet, which can be
 * printed, saved to the case and turned into a proposed order, and compared with a what-if.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, post, useGet, type CaseGuidelineView, type GuidelineInEffect, type GuidelineInput, type VersionSummary, type Worksheet } from '../../api.ts';
import { useSession } from '../../session.tsx';
import { Link } from '../../router.tsx';
import { Alert, ErrorSummary, PageHeading, SelectField, TextField, problemsFromApi, type FieldProblem } from '../../components/ui.tsx';
import { buildInput, emptyForm, fieldIdOf, type FormState } from './form.ts';
import { Checkbox, ExpenseFields, ParentFields, PlacementFields } from './Fields.tsx';
import { FindingsAndNotes, ResultCards, WorksheetSummary, WorksheetTable } from './WorksheetView.tsx';
import { WhatIf } from './WhatIf.tsx';
import { SaveToCase, SavedList } from './CaseActions.tsx';

interface VersionsAnswer {
  date: string;
  inEffect: GuidelineInEffect | null;
  versions: VersionSummary[];
}

/** The last answer of a GET that is reloading (so the form does not flicker while the date changes). */
function useLast<T>(value: T | null): T | null {
  const last = useRef<T | null>(value);
  if (value !== null) last.current = value;
  return last.current;
}

function PdfLinks({ worksheet, input }: { worksheet: Worksheet; input: GuidelineInput }) {
  const [pdf, setPdf] = useState<{ url: string | null; error: string | null }>({ url: null, error: null });
  useEffect(() => {
    // The same input, rendered by the server as the printable worksheet.
    let url: string | null = null;
    let cancelled = false;
    setPdf({ url: null, error: null });
    fetch('/api/guideline/worksheet.pdf', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', accept: 'application/pdf' }, body: JSON.stringify({ input }) })
      .then(async (res) => {
        if (!res.ok) throw new Error(`the server answered ${res.status}`);
        url = URL.createObjectURL(new Blob([await res.blob()], { type: 'application/pdf' }));
        if (!cancelled) setPdf({ url, error: null });
      })
      .catch((err: unknown) => !cancelled && setPdf({ url: null, error: err instanceof Error ? err.message : 'failed' }));
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [input]);
  if (pdf.error) return <Alert kind="warning" slim>{`The PDF could not be made: ${pdf.error}.`}</Alert>;
  if (!pdf.url) return <span className="muted" role="status">Preparing the PDF…</span>;
  return (
    <>
      <a className="usa-button" href={pdf.url} target="_blank" rel="noopener" id="worksheet-pdf" aria-describedby="worksheet-pdf-hint">
        Print the worksheet (PDF)
      </a>
      <a className="usa-button usa-button--outline" href={pdf.url} download={`guideline-worksheet-${worksheet.schedule.id}-${worksheet.calculationDate}.pdf`}>
        Save the PDF
      </a>
      <span className="usa-sr-only" id="worksheet-pdf-hint">
        opens in a new tab
      </span>
    </>
  );
}

function Result({ worksheet, input, form, versions, caseNumber, onSaved }: { worksheet: Worksheet; input: GuidelineInput; form: FormState; versions: VersionSummary[]; caseNumber: string | null; onSaved: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [worksheet]);
  return (
    <>
      <section className="section" aria-labelledby="worksheet-heading">
        <h2 id="worksheet-heading" tabIndex={-1} ref={heading}>
          Worksheet
        </h2>
        <WorksheetSummary worksheet={worksheet} />
        {worksheet.calculations.map((c) => (
          <div key={c.id}>
            <ResultCards calculation={c} />
            <div className="actions">
              <PdfLinks worksheet={worksheet} input={input} />
            </div>
            <WorksheetTable worksheet={worksheet} calculation={c} caption={`Guideline worksheet, ${worksheet.schedule.id}, monthly amounts`} />
          </div>
        ))}
        <FindingsAndNotes worksheet={worksheet} />
        {caseNumber ? <SaveToCase key={JSON.stringify(input)} caseNumber={caseNumber} input={input} worksheet={worksheet} onSaved={onSaved} /> : null}
      </section>
      <WhatIf key={JSON.stringify(input)} base={{ worksheet, input }} form={form} versions={versions} />
    </>
  );
}

export function GuidelinePage({ caseNumber }: { caseNumber?: string }) {
  const { today } = useSession();
  const cn = caseNumber?.toUpperCase() ?? null;
  const [form, setForm] = useState<FormState>(() => emptyForm(today, ''));
  const validDate = /^\d{4}-\d{2}-\d{2}$/.test(form.calculationDate) ? form.calculationDate : today;
  const context = useGet<CaseGuidelineView>(cn ? `/api/cases/${encodeURIComponent(cn)}/guideline?date=${validDate}` : null);
  const standalone = useGet<VersionsAnswer>(cn ? null : `/api/guideline/versions?date=${validDate}`);
  const answer = useLast<{ versions: VersionSummary[]; inEffect: GuidelineInEffect | null }>(context.data ?? standalone.data);
  const versions = answer?.versions ?? [];
  const inEffect = answer?.inEffect ?? null;
  const chosen = useRef(false);
  const prefilled = useRef(false);
  useEffect(() => {
    // The guideline follows the program's policy for the date until the worker chooses one.
    if (!chosen.current && inEffect) setForm((f) => ({ ...f, guideline: inEffect.version?.id ?? '' }));
  }, [inEffect?.version?.id, inEffect?.date]);
  useEffect(() => {
    // The case's parents and children start the form.
    const c = context.data;
    if (!c || prefilled.current) return;
    prefilled.current = true;
    setForm((f) => ({ ...f, children: String(Math.max(1, c.children.length)), obligor: { ...f.obligor, name: c.obligor?.name ?? '' }, obligee: { ...f.obligee, name: c.obligee?.name ?? '' } }));
  }, [context.data]);

  const version = versions.find((v) => v.id === form.guideline) ?? null;
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ worksheet: Worksheet; input: GuidelineInput; form: FormState } | null>(null);
  const errorOf = (id: string) => problems.find((p) => p.fieldId === id)?.message;
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { problems: found, input } = buildInput(form, version);
    setAttempt((a) => a + 1);
    setProblems(found);
    if (!input) return;
    setBusy(true);
    try {
      const worksheet = await post<Worksheet>('/api/guideline/worksheet', { input });
      setResult({ worksheet, input, form });
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(0, 'NETWORK', 'The server could not be reached.', []);
      setResult(null);
      // Field errors go next to their fields; a rule's refusal is said in the calculator's own words,
      // which name the line, the figure and what the data holds.
      const fallback = error.details.some((d) => d.path === '/calculationDate') ? 'calculationDate' : 'obligor-gross';
      const byField = error.details.length > 0 && error.details.every((d) => d.path && fieldIdOf(d.path));
      setProblems(byField ? problemsFromApi(error, fieldIdOf, fallback) : [{ fieldId: fallback, message: error.message }]);
      setAttempt((a) => a + 1);
    } finally {
      setBusy(false);
    }
  };

  const childNames = context.data?.children.map((c) => c.name).join(', ');
  return (
    <>
      <PageHeading title={cn ? `Guideline worksheet, case ${cn}` : 'Guideline worksheet'}>{cn ? `Guideline worksheet for case ${cn}` : 'Guideline worksheet'}</PageHeading>
      <p className="explanation">
        Enter both parents’ incomes and what the chosen guideline reads. The server computes the numbered worksheet from the guideline’s data; an income the data does not hold
        is refused in a sentence, never estimated. {cn ? <>The form starts from the case’s parents and children. <Link to={`/cases/${cn}`}>Back to the case</Link>.</> : 'Nothing is saved here; open the worksheet from a case to save it.'}
      </p>
      {inEffect ? (
        <Alert kind={inEffect.version ? 'info' : 'warning'} heading={inEffect.version ? 'Guideline in effect' : 'No guideline in effect'} id="schedule-notice" slim>
          {inEffect.explanation}
        </Alert>
      ) : null}
      <ErrorSummary problems={problems} generation={attempt} />
      <form className="usa-form wide-form" noValidate onSubmit={submit} aria-describedby="guideline-required">
        <p id="guideline-required" className="usa-hint">
          Fields marked <abbr title="required">*</abbr> are required. Amounts are in dollars and cents.
        </p>
        <div className="form-row">
          <TextField id="calculationDate" type="date" label="Support takes effect on" required value={form.calculationDate} onChange={(v) => set('calculationDate', v)} error={errorOf('calculationDate')} />
          <SelectField
            id="guideline"
            label="Guideline"
            required
            placeholder="Choose the guideline"
            options={versions.map((v) => ({ value: v.id, label: `${v.id}: ${v.title}` }))}
            value={form.guideline}
            onChange={(v) => {
              chosen.current = true;
              set('guideline', v);
            }}
            error={errorOf('guideline')}
          />
          <TextField id="children" label="Number of children" required inputMode="numeric" width="2xs" hint={childNames ? `On the case: ${childNames}` : undefined} value={form.children} onChange={(v) => set('children', v)} error={errorOf('children')} />
        </div>
        {version ? (
          <div id="guideline-coverage">
            <p>
              <strong>{version.model === 'income-shares' ? 'Income shares' : 'Percentage of income'}:</strong> {version.coverage}
            </p>
            {version.notLoaded.length ? (
              <details>
                <summary>What {version.id} does not hold</summary>
                <ul className="usa-list">
                  {version.notLoaded.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              </details>
            ) : null}
          </div>
        ) : null}
        <div className="parent-grid">
          <ParentFields who="obligor" value={form.obligor} onChange={(p) => set('obligor', p)} errorOf={errorOf} version={version} />
          <ParentFields who="obligee" value={form.obligee} onChange={(p) => set('obligee', p)} errorOf={errorOf} version={version} />
        </div>
        {version?.reads.childBenefit ? (
          <TextField id="socialSecurity" label="Lines 6 and 9: children’s Social Security benefit a month" hint="Derivative benefit paid for the children, if any" prefix="$" inputMode="decimal" width="md" value={form.socialSecurity} onChange={(v) => set('socialSecurity', v)} error={errorOf('socialSecurity')} />
        ) : null}
        {version?.reads.expenses ? (
          <fieldset className="usa-fieldset member-fieldset">
            <legend>Additional expenses for the children (shared by income)</legend>
            <ExpenseFields id="childCare" title="Child care" hint="For the children, to let a parent work or look for work" value={form.childCare} onChange={(v) => set('childCare', v)} errorOf={errorOf} withFrequency />
            <ExpenseFields id="premium" title="Health insurance premium a month" hint="The children’s part of the premium only" value={form.premium} onChange={(v) => set('premium', v)} errorOf={errorOf} withFrequency={false} />
            <ExpenseFields id="medical" title="Extraordinary unreimbursed medical expenses a month" hint="Over $250 a year per child, averaged by month" value={form.medical} onChange={(v) => set('medical', v)} errorOf={errorOf} withFrequency={false} />
          </fieldset>
        ) : null}
        {version?.reads.furtherAdjustment ? (
          <fieldset className="usa-fieldset member-fieldset">
            <legend>Line 13e: further adjustment (optional)</legend>
            <div className="form-row">
              <TextField id="adjustmentAmount" label="Monthly amount" hint="Negative lowers the support, e.g. -25.00" inputMode="decimal" width="sm" value={form.adjustmentAmount} onChange={(v) => set('adjustmentAmount', v)} error={errorOf('adjustmentAmount')} />
              <TextField id="adjustmentReason" label="Reason" value={form.adjustmentReason} onChange={(v) => set('adjustmentReason', v)} error={errorOf('adjustmentReason')} />
            </div>
          </fieldset>
        ) : null}
        {version?.reads.placements ? <PlacementFields value={form.placements} onChange={(v) => set('placements', v)} errorOf={errorOf} /> : null}
        {version?.reads.lowIncomeFinding || version?.reads.highIncomeFinding ? (
          <fieldset className="usa-fieldset member-fieldset">
            <legend>The court’s findings</legend>
            {version.reads.lowIncomeFinding ? <Checkbox id="lowIncome" label="Low-income payer: the payer’s total economic circumstances limit the ability to pay" hint="Uses the low-income payer table (DCF 150.04(4), Appendix C)" checked={form.lowIncome} onChange={(v) => set('lowIncome', v)} /> : null}
            {version.reads.highIncomeFinding ? <Checkbox id="highIncome" label="Apply the high-income percentages" hint="DCF 150.04(5): to income above $7,000 a month" checked={form.highIncome} onChange={(v) => set('highIncome', v)} /> : null}
          </fieldset>
        ) : null}
        <div className="actions">
          <button type="submit" className="usa-button" disabled={busy}>
            {busy ? 'Calculating…' : 'Calculate'}
          </button>
        </div>
      </form>
      {result ? <Result worksheet={result.worksheet} input={result.input} form={result.form} versions={versions} caseNumber={cn} onSaved={context.reload} /> : null}
      {cn && context.data ? (
        <section className="section" aria-labelledby="saved-list-heading">
          <h2 id="saved-list-heading">Worksheets on the case</h2>
          <SavedList caseNumber={cn} calculations={context.data.calculations} />
        </section>
      ) : null}
    </>
  );
}
