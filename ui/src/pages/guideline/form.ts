/**
 * The worksheet form's state and how it becomes a guideline input document (docs/guideline.md): only
 * the fields the chosen guideline version reads are sent. Problems found here are said next to their
 * fields; the server's are mapped back by their JSON paths.
 */
import type { GuidelineInput, VersionSummary } from '../../api.ts';
import { normalizeAmount } from '../../format.ts';
import type { FieldProblem } from '../../components/ui.tsx';

export const FREQUENCIES = [
  { value: 'monthly', label: 'Monthly' },
  { value: 'semimonthly', label: 'Twice a month' },
  { value: 'biweekly', label: 'Every two weeks' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'annually', label: 'Yearly' },
];

/** 45 CFR 302.56(c)(1)(iii): the circumstances considered before income is imputed. */
export const IMPUTATION_FACTORS: Array<[string, string]> = [
  ['employmentAndEarningsHistory', 'Employment and earnings history'],
  ['jobSkills', 'Job skills'],
  ['educationalAttainment', 'Education'],
  ['literacy', 'Literacy'],
  ['age', 'Age'],
  ['health', 'Health'],
  ['criminalRecordAndOtherBarriers', 'Criminal record and other barriers to work'],
  ['recordOfSeekingWork', 'Record of seeking work'],
  ['assets', 'Assets'],
  ['residence', 'Residence'],
  ['localJobMarket', 'Local job market'],
  ['employersWillingToHire', 'Employers willing to hire'],
  ['prevailingLocalEarnings', 'Prevailing local earnings'],
  ['otherBackgroundFactors', 'Other background factors'],
];

export interface PriorForm {
  key: string;
  kind: 'order' | 'intactFamily';
  amount: string;
  children: string;
}

export interface ParentForm {
  name: string;
  gross: string;
  deductions: string;
  frequency: string;
  overnights: string;
  incarcerated: boolean;
  imputed: boolean;
  imputeReason: string;
  imputeFactors: string[];
  imputeFinding: string;
  prior: PriorForm[];
}

export interface ExpenseForm {
  amount: string;
  frequency: string;
  paidBy: string;
}

export interface PlacementForm {
  key: string;
  children: string;
  obligorNights: string;
  obligeeNights: string;
}

export interface FormState {
  guideline: string;
  calculationDate: string;
  children: string;
  obligor: ParentForm;
  obligee: ParentForm;
  socialSecurity: string;
  childCare: ExpenseForm;
  premium: ExpenseForm;
  medical: ExpenseForm;
  adjustmentAmount: string;
  adjustmentReason: string;
  placements: PlacementForm[];
  highIncome: boolean;
  lowIncome: boolean;
}

let counter = 0;
export const newKey = (prefix: string) => `${prefix}${++counter}`;

export const emptyParent = (name = ''): ParentForm => ({
  name,
  gross: '',
  deductions: '',
  frequency: 'monthly',
  overnights: '',
  incarcerated: false,
  imputed: false,
  imputeReason: 'voluntaryUnemployment',
  imputeFactors: [],
  imputeFinding: '',
  prior: [],
});
const emptyExpense = (paidBy: string): ExpenseForm => ({ amount: '', frequency: 'monthly', paidBy });

export function emptyForm(date: string, guideline: string, children = 1, names: { obligor?: string; obligee?: string } = {}): FormState {
  return {
    guideline,
    calculationDate: date,
    children: String(children),
    obligor: emptyParent(names.obligor),
    obligee: emptyParent(names.obligee),
    socialSecurity: '',
    childCare: emptyExpense('obligee'),
    premium: emptyExpense('obligor'),
    medical: emptyExpense('obligee'),
    adjustmentAmount: '',
    adjustmentReason: '',
    placements: [],
    highIncome: false,
    lowIncome: false,
  };
}

/** A signed amount ("-25", "40.5") as the API's decimal string, or null. */
function normalizeSigned(text: string): string | null {
  const t = text.trim();
  const negative = t.startsWith('-');
  const n = normalizeAmount(negative ? t.slice(1) : t);
  return n === null ? null : `${negative ? '-' : ''}${n}`;
}

const nights = (text: string) => (/^\d{1,3}$/.test(text.trim()) ? Number(text.trim()) : null);

type Parent = NonNullable<GuidelineInput['obligor']>;

function parent(who: 'obligor' | 'obligee', p: ParentForm, v: VersionSummary, problems: FieldProblem[]): Parent {
  const label = who === 'obligor' ? 'Obligor' : 'Obligee';
  const gross = normalizeAmount(p.gross);
  const deductions = p.deductions.trim() ? normalizeAmount(p.deductions) : '0.00';
  if (gross === null) problems.push({ fieldId: `${who}-gross`, message: `${label}: enter the income per pay period in dollars and cents` });
  if (deductions === null) problems.push({ fieldId: `${who}-deductions`, message: `${label}: enter the deductions in dollars and cents (or leave empty for none)` });
  const out: Parent = { income: { grossPerPeriod: gross ?? '0', deductionsPerPeriod: deductions ?? '0', payFrequency: p.frequency as 'monthly' } };
  if (p.name.trim()) out.name = p.name.trim();
  const overnightsRead = who === 'obligor' ? v.reads.obligorOvernights : v.reads.placements;
  if (overnightsRead && p.overnights.trim()) {
    const n = nights(p.overnights);
    if (n === null || n > 730) problems.push({ fieldId: `${who}-overnights`, message: `${label}: enter the overnights a year (0 to 365, more only with equivalent care), or leave empty` });
    else out.overnightsPerYear = n;
  }
  if (p.incarcerated) out.incarcerated = true;
  if (p.imputed) {
    if (!p.imputeFactors.length) problems.push({ fieldId: `${who}-impute-factors`, message: `${label}: say which circumstances were considered before imputing income` });
    if (p.imputeFinding.trim().length < 10) problems.push({ fieldId: `${who}-impute-finding`, message: `${label}: write the finding behind the imputed income` });
    out.imputedIncome = { reason: p.imputeReason as 'voluntaryUnemployment', factors: p.imputeFactors as Array<'age'>, finding: p.imputeFinding.trim() };
  }
  if (v.reads.priorObligations && p.prior.length) {
    out.priorObligations = p.prior.map((o, i) => {
      if (o.kind === 'order') {
        const amount = normalizeAmount(o.amount);
        if (amount === null) problems.push({ fieldId: `${who}-prior-${i}-amount`, message: `${label}, previous obligation ${i + 1}: enter the monthly amount of the order` });
        return { kind: 'order' as const, monthlyAmount: amount ?? '0' };
      }
      const n = Number(o.children);
      if (!/^\d{1,2}$/.test(o.children.trim()) || n < 1) problems.push({ fieldId: `${who}-prior-${i}-children`, message: `${label}, previous obligation ${i + 1}: enter the number of children` });
      return { kind: 'intactFamily' as const, children: Math.max(1, n || 1) };
    });
  }
  return out;
}

/** The input document for the chosen version, or the problems that stop it. */
export function buildInput(f: FormState, v: VersionSummary | null): { problems: FieldProblem[]; input: GuidelineInput | null } {
  const problems: FieldProblem[] = [];
  if (!v) problems.push({ fieldId: 'guideline', message: 'Choose the guideline that applies' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(f.calculationDate)) problems.push({ fieldId: 'calculationDate', message: 'Enter the date the support would take effect' });
  const children = Number(f.children);
  if (!/^\d{1,2}$/.test(f.children.trim()) || children < 1 || children > 20) problems.push({ fieldId: 'children', message: 'Enter the number of children (1 to 20)' });
  if (!v) return { problems, input: null };
  const input: GuidelineInput = { guideline: v.id, calculationDate: f.calculationDate, children, caseType: 'parents', obligor: parent('obligor', f.obligor, v, problems), obligee: parent('obligee', f.obligee, v, problems) };
  if (v.reads.childBenefit && f.socialSecurity.trim()) {
    const ss = normalizeAmount(f.socialSecurity);
    if (ss === null) problems.push({ fieldId: 'socialSecurity', message: 'Enter the children’s Social Security benefit in dollars and cents, or leave empty' });
    else input.childSocialSecurityBenefitMonthly = ss;
  }
  if (v.reads.expenses) {
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
  }
  if (v.reads.furtherAdjustment && f.adjustmentAmount.trim()) {
    const amount = normalizeSigned(f.adjustmentAmount);
    if (amount === null) problems.push({ fieldId: 'adjustmentAmount', message: 'Further adjustment: enter a monthly amount, negative to lower the support' });
    if (f.adjustmentReason.trim().length < 3) problems.push({ fieldId: 'adjustmentReason', message: 'Further adjustment: say why (line 13e needs a reason)' });
    if (amount !== null) input.furtherAdjustment = { amount, reason: f.adjustmentReason.trim() };
  }
  if (v.reads.placements && f.placements.length) {
    input.placements = f.placements.map((p, i) => {
      const k = Number(p.children);
      const a = nights(p.obligorNights);
      const b = nights(p.obligeeNights);
      if (!/^\d{1,2}$/.test(p.children.trim()) || k < 1) problems.push({ fieldId: `placement-${i}-children`, message: `Placement group ${i + 1}: enter the number of children` });
      if (a === null || b === null) problems.push({ fieldId: `placement-${i}-obligor`, message: `Placement group ${i + 1}: enter the overnights a year with each parent` });
      return { children: k || 1, obligorOvernightsPerYear: a ?? 0, obligeeOvernightsPerYear: b ?? 0 };
    });
    delete input.obligor!.overnightsPerYear;
    delete input.obligee!.overnightsPerYear;
  }
  const findings: NonNullable<GuidelineInput['findings']> = {};
  if (v.reads.highIncomeFinding && f.highIncome) findings.highIncomePercentages = true;
  if (v.reads.lowIncomeFinding && f.lowIncome) findings.lowIncomePayer = true;
  if (Object.keys(findings).length) input.findings = findings;
  return { problems, input: problems.length ? null : input };
}

/** An input path from the server ("/obligor/income/grossPerPeriod") to the field that holds it. */
export function fieldIdOf(path: string): string | null {
  const map: Array<[RegExp, string]> = [
    [/^\/calculationDate/, 'calculationDate'],
    [/^\/(guideline|state)/, 'guideline'],
    [/^\/children/, 'children'],
    [/^\/(obligor|obligee)\/income\/grossPerPeriod/, '$1-gross'],
    [/^\/(obligor|obligee)\/income\/deductionsPerPeriod/, '$1-deductions'],
    [/^\/(obligor|obligee)\/income\/payFrequency/, '$1-frequency'],
    [/^\/(obligor|obligee)\/income$/, '$1-gross'],
    [/^\/(obligor|obligee)\/name/, '$1-name'],
    [/^\/(obligor|obligee)\/overnightsPerYear/, '$1-overnights'],
    [/^\/(obligor|obligee)\/imputedIncome/, '$1-impute-finding'],
    [/^\/(obligor|obligee)\/priorObligations/, '$1-gross'],
    [/^\/childSocialSecurityBenefitMonthly/, 'socialSecurity'],
    [/^\/furtherAdjustment\/reason/, 'adjustmentReason'],
    [/^\/furtherAdjustment/, 'adjustmentAmount'],
    [/^\/placements/, 'placement-0-children'],
    [/^\/findings\/lowIncomePayer/, 'lowIncome'],
    [/^\/expenses\/\d+/, 'childCare-amount'],
  ];
  const p = path.replace(/^\/input/, '');
  for (const [re, id] of map) {
    const m = re.exec(p);
    if (m) return id.replace('$1', m[1] ?? '');
  }
  return null;
}

/** What-if: the inputs a worker can change, and the same input with one of them changed. */
export const WHAT_IF_FIELDS = [
  { value: 'obligorIncome', label: 'Obligor’s income per pay period' },
  { value: 'obligeeIncome', label: 'Obligee’s income per pay period' },
  { value: 'children', label: 'Number of children' },
  { value: 'obligorOvernights', label: 'Obligor’s overnights a year' },
  { value: 'guideline', label: 'Guideline version' },
] as const;
export type WhatIfField = (typeof WHAT_IF_FIELDS)[number]['value'];

export function withChange(input: GuidelineInput, field: WhatIfField, value: string): GuidelineInput | string {
  const next = JSON.parse(JSON.stringify(input)) as GuidelineInput;
  if (field === 'obligorIncome' || field === 'obligeeIncome') {
    const amount = normalizeAmount(value);
    if (amount === null) return 'Enter the income in dollars and cents';
    next[field === 'obligorIncome' ? 'obligor' : 'obligee']!.income.grossPerPeriod = amount;
  } else if (field === 'children') {
    const n = Number(value);
    if (!/^\d{1,2}$/.test(value.trim()) || n < 1) return 'Enter a number of children';
    next.children = n;
    delete next.placements;
  } else if (field === 'obligorOvernights') {
    const n = nights(value);
    if (n === null || n > 365) return 'Enter the overnights a year (0 to 365)';
    next.obligor!.overnightsPerYear = n;
    if (next.obligee?.overnightsPerYear !== undefined) next.obligee.overnightsPerYear = 365 - n;
  } else {
    if (!value) return 'Choose a guideline version';
    next.guideline = value;
  }
  return next;
}
