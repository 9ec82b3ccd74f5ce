/** The worksheet form's field groups; each shows only what the chosen guideline version reads. */
import type { VersionSummary } from '../../api.ts';
import { SelectField, TextField } from '../../components/ui.tsx';
import { FREQUENCIES, IMPUTATION_FACTORS, newKey, type ExpenseForm, type ParentForm, type PlacementForm, type PriorForm } from './form.ts';

type ErrorOf = (id: string) => string | undefined;

export function Checkbox({ id, label, checked, onChange, hint }: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void; hint?: string }) {
  return (
    <div className="usa-checkbox">
      <input className="usa-checkbox__input" id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
      <label className="usa-checkbox__label" htmlFor={id}>
        {label}
        {hint ? (
          <span className="usa-checkbox__label-description" id={`${id}-hint`}>
            {hint}
          </span>
        ) : null}
      </label>
    </div>
  );
}

const PAID_BY = [
  { value: 'obligee', label: 'Obligee (receives support)' },
  { value: 'obligor', label: 'Obligor (pays support)' },
];

function ImputationFields({ who, value, onChange, errorOf }: { who: string; value: ParentForm; onChange: (p: ParentForm) => void; errorOf: ErrorOf }) {
  const toggle = (factor: string, on: boolean) => onChange({ ...value, imputeFactors: on ? [...value.imputeFactors, factor] : value.imputeFactors.filter((f) => f !== factor) });
  return (
    <fieldset className="usa-fieldset" aria-describedby={`${who}-impute-hint`}>
      <legend className="usa-legend">Imputed income: the finding</legend>
      <p className="usa-hint" id={`${who}-impute-hint`}>
        45 CFR 302.56(c)(1)(iii): income may be imputed only after considering the parent’s specific circumstances. Incarceration is never voluntary unemployment.
      </p>
      <SelectField
        id={`${who}-impute-reason`}
        label="Why the income is imputed"
        value={value.imputeReason}
        onChange={(imputeReason) => onChange({ ...value, imputeReason })}
        options={[
          { value: 'voluntaryUnemployment', label: 'Voluntarily unemployed' },
          { value: 'voluntaryUnderemployment', label: 'Voluntarily underemployed' },
          { value: 'incomeUnknown', label: 'Income not known' },
        ]}
      />
      <div id={`${who}-impute-factors`} className="checkbox-columns" role="group" aria-label="Circumstances considered">
        {errorOf(`${who}-impute-factors`) ? <span className="usa-error-message">{errorOf(`${who}-impute-factors`)}</span> : null}
        {IMPUTATION_FACTORS.map(([code, label]) => (
          <Checkbox key={code} id={`${who}-factor-${code}`} label={label} checked={value.imputeFactors.includes(code)} onChange={(on) => toggle(code, on)} />
        ))}
      </div>
      <TextField id={`${who}-impute-finding`} label="Finding" hint="What the circumstances show and how the amount was reached" value={value.imputeFinding} onChange={(imputeFinding) => onChange({ ...value, imputeFinding })} error={errorOf(`${who}-impute-finding`)} />
    </fieldset>
  );
}

function PriorObligations({ who, value, onChange, errorOf }: { who: string; value: ParentForm; onChange: (p: ParentForm) => void; errorOf: ErrorOf }) {
  const set = (key: string, change: Partial<PriorForm>) => onChange({ ...value, prior: value.prior.map((o) => (o.key === key ? { ...o, ...change } : o)) });
  return (
    <fieldset className="usa-fieldset">
      <legend className="usa-legend">Previous child support obligations (serial family), in the order incurred</legend>
      {value.prior.map((o, i) => (
        <div className="form-row" key={o.key}>
          <SelectField id={`${who}-prior-${i}-kind`} label={`Obligation ${i + 1}`} value={o.kind} onChange={(kind) => set(o.key, { kind: kind as PriorForm['kind'] })} options={[{ value: 'order', label: 'An existing support order' }, { value: 'intactFamily', label: 'Children in an intact family' }]} />
          {o.kind === 'order' ? (
            <TextField id={`${who}-prior-${i}-amount`} label="Monthly amount" prefix="$" inputMode="decimal" width="sm" value={o.amount} onChange={(amount) => set(o.key, { amount })} error={errorOf(`${who}-prior-${i}-amount`)} />
          ) : (
            <TextField id={`${who}-prior-${i}-children`} label="Children" inputMode="numeric" width="2xs" value={o.children} onChange={(children) => set(o.key, { children })} error={errorOf(`${who}-prior-${i}-children`)} />
          )}
          <button type="button" className="usa-button usa-button--unstyled" onClick={() => onChange({ ...value, prior: value.prior.filter((x) => x.key !== o.key) })}>
            Remove obligation {i + 1}
          </button>
        </div>
      ))}
      <button type="button" className="usa-button usa-button--outline" onClick={() => onChange({ ...value, prior: [...value.prior, { key: newKey('p'), kind: 'order', amount: '', children: '1' }] })}>
        Add a previous obligation
      </button>
    </fieldset>
  );
}

export function ParentFields({ who, value, onChange, errorOf, version }: { who: 'obligor' | 'obligee'; value: ParentForm; onChange: (p: ParentForm) => void; errorOf: ErrorOf; version: VersionSummary | null }) {
  const title = who === 'obligor' ? 'Obligor (the parent who pays support)' : 'Obligee (the parent who receives support)';
  const gross = version?.model === 'percentage-of-income' ? 'Gross income per pay period' : version?.id.startsWith('AR') ? 'Gross income per pay period' : 'Line 1: gross income per pay period';
  const deductions = version?.model === 'percentage-of-income' ? 'Adjustments per pay period' : version?.id.startsWith('AR') ? 'Allowed deductions per pay period' : 'Line 2: deductions per pay period';
  const showNights = who === 'obligor' ? version?.reads.obligorOvernights : version?.reads.placements;
  return (
    <fieldset className="usa-fieldset member-fieldset">
      <legend>{title}</legend>
      <TextField id={`${who}-name`} label="Name (optional)" value={value.name} onChange={(name) => onChange({ ...value, name })} autoComplete="off" />
      <div className="form-row">
        <TextField id={`${who}-gross`} label={gross} required prefix="$" inputMode="decimal" width="md" value={value.gross} onChange={(g) => onChange({ ...value, gross: g })} error={errorOf(`${who}-gross`)} />
        <TextField id={`${who}-deductions`} label={deductions} hint={version?.model === 'income-shares' && !version.id.startsWith('AR') ? 'Taxes, FICA, mandatory retirement, union dues' : undefined} prefix="$" inputMode="decimal" width="md" value={value.deductions} onChange={(d) => onChange({ ...value, deductions: d })} error={errorOf(`${who}-deductions`)} />
      </div>
      <SelectField id={`${who}-frequency`} label="Pay period" options={FREQUENCIES} value={value.frequency} onChange={(frequency) => onChange({ ...value, frequency })} />
      {showNights ? (
        <TextField id={`${who}-overnights`} label="Overnights a year with this parent" hint={version?.model === 'percentage-of-income' ? 'Shared placement from 92 (25%) with each parent; equivalent care counts' : 'Shared custody applies from 146 (40%); leave empty if not known'} inputMode="numeric" width="sm" value={value.overnights} onChange={(overnights) => onChange({ ...value, overnights })} error={errorOf(`${who}-overnights`)} />
      ) : null}
      <Checkbox id={`${who}-incarcerated`} label="Incarcerated" hint="Enter the income actually available" checked={value.incarcerated} onChange={(incarcerated) => onChange({ ...value, incarcerated })} />
      <Checkbox id={`${who}-imputed`} label="The income entered is imputed" checked={value.imputed} onChange={(imputed) => onChange({ ...value, imputed })} />
      {value.imputed ? <ImputationFields who={who} value={value} onChange={onChange} errorOf={errorOf} /> : null}
      {version?.reads.priorObligations ? <PriorObligations who={who} value={value} onChange={onChange} errorOf={errorOf} /> : null}
    </fieldset>
  );
}

export function ExpenseFields({ id, title, hint, value, onChange, errorOf, withFrequency }: { id: string; title: string; hint: string; value: ExpenseForm; onChange: (e: ExpenseForm) => void; errorOf: ErrorOf; withFrequency: boolean }) {
  return (
    <div className="form-row">
      <TextField id={`${id}-amount`} label={title} hint={hint} prefix="$" inputMode="decimal" width="md" value={value.amount} onChange={(amount) => onChange({ ...value, amount })} error={errorOf(`${id}-amount`)} />
      {withFrequency ? <SelectField id={`${id}-frequency`} label="How often" options={FREQUENCIES} value={value.frequency} onChange={(frequency) => onChange({ ...value, frequency })} /> : null}
      <SelectField id={`${id}-paidBy`} label="Paid by" options={PAID_BY} value={value.paidBy} onChange={(paidBy) => onChange({ ...value, paidBy })} />
    </div>
  );
}

export function PlacementFields({ value, onChange, errorOf }: { value: PlacementForm[]; onChange: (p: PlacementForm[]) => void; errorOf: ErrorOf }) {
  const set = (key: string, change: Partial<PlacementForm>) => onChange(value.map((p) => (p.key === key ? { ...p, ...change } : p)));
  return (
    <fieldset className="usa-fieldset member-fieldset">
      <legend>Split placement (optional): where each group of children lives</legend>
      <p className="usa-hint">Leave empty when all the children live on the same schedule; then the parents’ overnights above apply to all of them.</p>
      {value.map((p, i) => (
        <div className="form-row" key={p.key}>
          <TextField id={`placement-${i}-children`} label={`Group ${i + 1}: children`} inputMode="numeric" width="2xs" value={p.children} onChange={(children) => set(p.key, { children })} error={errorOf(`placement-${i}-children`)} />
          <TextField id={`placement-${i}-obligor`} label="Overnights with the obligor" inputMode="numeric" width="sm" value={p.obligorNights} onChange={(obligorNights) => set(p.key, { obligorNights })} error={errorOf(`placement-${i}-obligor`)} />
          <TextField id={`placement-${i}-obligee`} label="Overnights with the obligee" inputMode="numeric" width="sm" value={p.obligeeNights} onChange={(obligeeNights) => set(p.key, { obligeeNights })} />
          <button type="button" className="usa-button usa-button--unstyled" onClick={() => onChange(value.filter((x) => x.key !== p.key))}>
            Remove group {i + 1}
          </button>
        </div>
      ))}
      <button type="button" className="usa-button usa-button--outline" onClick={() => onChange([...value, { key: newKey('g'), children: '1', obligorNights: '0', obligeeNights: '365' }])}>
        Add a group of children
      </button>
    </fieldset>
  );
}
