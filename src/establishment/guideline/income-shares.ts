/**
 * The income-shares model as data: both parents' incomes are combined, the schedule (a table of
 * effective-dated policy data) gives the basic obligation for the combined income and the number of
 * children, and each parent owes the share of it that their income is of the total. The steps a state
 * sets by law come from its schedule data: income basis (net or gross), rows and how incomes between
 * them are read, the formula above the table, the self-support reserve and minimum order, the
 * shared-custody adjustment, the child's benefit credit, third-party cases and the final rounding.
 * Pennsylvania (Pa.R.C.P. 1910.16-4(a)) and Arkansas (Admin. Order No. 10) run through this one
 * module; each has its own line numbering (LAYOUTS). Pure: no database, no clock. docs/guideline.md
 * explains each choice and what is unverified.
 */
import { formatCents, formatDollars, parseCents, type Cents } from '../../kernel/money.ts';
import { ok, type ErrorDetail, type Result } from '../../kernel/result.ts';
import { guidelineFailure, withLeadIn } from './failures.ts';
import type { ExpenseInput, ExpenseKind, GuidelineInput, ParentInput, Payer } from './input.ts';
import { Lines, type LineLabels } from './lines.ts';
import {
  ONE,
  ZERO,
  applyRatio,
  compareRatio,
  maxRatio,
  percent,
  ratio,
  roundHalfUp,
  roundToMode,
  sharesOf,
  splitByRatios,
  subRatio,
  type PercentRounding,
  type Ratio,
  type ShareRounding,
} from './rational.ts';
import { lookupBasicObligation, lowIncomeBandTop, type BetweenRows, type GuidelineSchedule, type PayFrequency, type ScheduleLookup, type WorksheetLayout } from './schedule.ts';
import type { WorksheetCalculation, WorksheetParty } from './worksheet.ts';

export interface CalculationOptions {
  percentRounding: PercentRounding;
  shareRounding: ShareRounding;
  betweenRows: BetweenRows;
}

/** Labels of Pennsylvania's worksheet lines, as the reference lists them. */
export const REFERENCE_LINES = {
  '1': 'Total gross income per pay period',
  '2': 'Less deductions',
  '3': 'Net income',
  '4': 'Converted to a monthly amount',
  '5': 'Combined total monthly net income',
  '6': "Plus the child's monthly Social Security derivative benefit, if any",
  '7': 'Adjusted combined monthly net income',
  '8': 'Preliminary basic child support obligation (schedule, by number of children and line 7)',
  '9': "Less the child's Social Security derivative benefit",
  '10': 'Basic child support obligation',
  '11': "Each parent's net income as a percentage of combined income (line 4 / line 5 x 100)",
  '12': "Each parent's monthly share (line 10 x line 11)",
  '13a': "Obligor's share of overnights (overnights / 365 x 100)",
  '13b': 'Subtract 30%',
  '13c': "Obligor's adjusted percentage (line 11 - line 13b)",
  '13d': "Obligor's adjusted share (line 13c x line 10)",
  '13e': 'Further adjustment, if needed',
} as const;

/** Labels of the lines OpenCSE adds to every income-shares worksheet. */
export const OPENCSE_LINES = {
  'TP-1': 'Less basic support owed to other children not in placement',
  'TP-2': 'Monthly net income for this calculation (line 4 - line TP-1)',
  'LI-1': "Obligor's monthly income in the schedule's low-income (self-support reserve) band?",
  'LI-2': "Basic child support on the obligor's income alone (schedule)",
  'LI-3': "Obligor's basic child support (lesser of the income-shares amount and line LI-2 when in the band)",
  E0: "Each parent's percentage for additional expenses (both parents' incomes; the third party's counts as zero)",
  E1: 'Child care expenses (monthly), shared by income percentage',
  E2: 'Health insurance premium for the children (monthly), shared by income percentage',
  E3: 'Extraordinary unreimbursed medical expenses (monthly), shared by income percentage',
  E4: 'Additional expenses paid directly',
  E5: "Obligor's net contribution to additional expenses (shares - paid directly)",
  T1: "Obligor's total monthly child support obligation",
} as const;

/** Arkansas's lines, numbered by OpenCSE: the AO10 worksheet's own line numbers were not read. */
export const ARKANSAS_LINES = {
  '1': 'Gross income per pay period',
  '2': 'Less allowed deductions per pay period',
  '3': 'Income after deductions per pay period',
  '4': 'Converted to a monthly amount',
  '5': 'Combined monthly gross income',
  '6': 'Basic child support obligation (Family Support Chart, by number of children and line 5)',
  '7': "Each parent's income as a percentage of combined income (line 4 / line 5)",
  '8': "Each parent's share of the basic obligation (line 6 x line 7)",
} as const;

/** Where each step of the model lands on a state's worksheet. */
interface Layout extends LineLabels {
  title: string;
  step: {
    gross: string;
    deductions: string;
    net: string;
    monthly: string;
    combined: string;
    benefit: string | null;
    adjusted: string | null;
    schedule: string;
    benefitCredit: string | null;
    basic: string | null;
    percent: string;
    share: string;
  };
}

const LAYOUTS: Record<WorksheetLayout, Layout> = {
  'PA-1910.16-4': {
    title: 'Part I-II: the court worksheet (Pa.R.C.P. 1910.16-4(a))',
    labels: { ...REFERENCE_LINES, ...OPENCSE_LINES },
    referenceLines: new Set(Object.keys(REFERENCE_LINES)),
    step: { gross: '1', deductions: '2', net: '3', monthly: '4', combined: '5', benefit: '6', adjusted: '7', schedule: '8', benefitCredit: '9', basic: '10', percent: '11', share: '12' },
  },
  'AR-AO10': {
    title: 'Income shares under Arkansas Administrative Order No. 10 (lines numbered by OpenCSE)',
    labels: { ...ARKANSAS_LINES, ...OPENCSE_LINES, 'TP-2': 'Monthly income for this calculation (line 4 - line TP-1)' },
    referenceLines: new Set(),
    step: { gross: '1', deductions: '2', net: '3', monthly: '4', combined: '5', benefit: null, adjusted: null, schedule: '6', benefitCredit: null, basic: null, percent: '7', share: '8' },
  },
};

export const layoutTitle = (schedule: GuidelineSchedule): string => LAYOUTS[schedule.worksheet].title;

interface MonthlyIncome {
  grossPerPeriodCents: Cents;
  deductionsPerPeriodCents: Cents;
  netPerPeriodCents: Cents;
  monthlyCents: Cents;
  frequency: PayFrequency;
}

const money = (text: string | undefined): Cents => (text === undefined ? 0 : parseCents(text)!);

/** The pay-period-to-month factors a model's data holds. */
export type IncomeConversion = Record<PayFrequency, [number, number]>;

/** Converts an amount per pay period to a month by the data's factor, rounded half-up to the cent. */
export function toMonthly(data: { incomeConversion: IncomeConversion }, cents: Cents, frequency: PayFrequency): Cents {
  const [num, den] = data.incomeConversion[frequency];
  return Number(roundHalfUp(BigInt(cents) * BigInt(num), BigInt(den)));
}

/** A parent's income per period and per month; deductions larger than income are refused in words. */
export function monthlyIncome(data: { incomeConversion: IncomeConversion }, parent: ParentInput, path: string, who: string): Result<MonthlyIncome> {
  const gross = money(parent.income.grossPerPeriod);
  const deductions = money(parent.income.deductionsPerPeriod);
  const net = gross - deductions;
  if (net < 0) {
    return guidelineFailure('NEGATIVE_NET_INCOME', `The ${who}'s deductions (${formatDollars(deductions)}) are more than the gross income (${formatDollars(gross)}) for the pay period.`, [
      { path: `${path}/income/deductionsPerPeriod`, message: 'is more than the gross income' },
    ]);
  }
  const frequency = parent.income.payFrequency;
  return ok({ grossPerPeriodCents: gross, deductionsPerPeriodCents: deductions, netPerPeriodCents: net, monthlyCents: toMonthly(data, net, frequency), frequency });
}

export function conversionNote(data: { incomeConversion: IncomeConversion }, incomes: { who: string; income: MonthlyIncome }[]): string {
  const parts = incomes.map(({ who, income }) => {
    const [num, den] = data.incomeConversion[income.frequency];
    const factor = den === 1 ? `x ${num}` : num === 1 ? `/ ${den}` : `x ${num}/${den}`;
    return `${who}: ${income.frequency} ${factor}`;
  });
  return `${parts.join('; ')}; rounded half-up to the cent`;
}

function lookupNote(schedule: GuidelineSchedule, found: ScheduleLookup): string {
  const head = `${schedule.id}, ${found.children} ${found.children === 1 ? 'child' : 'children'}`;
  if (found.method === 'row') return `${head}: row ${formatDollars(found.lower.incomeCents)}`;
  if (found.method === 'belowLowestRow') return `${head}: the first row (incomes up to ${formatDollars(found.lower.incomeCents)})`;
  if (found.method === 'highIncome') {
    const h = schedule.highIncome!;
    const column = schedule.columns.indexOf(found.children);
    const pct = (h.perMille[column]! / 10).toFixed(1);
    const rule = h.method === 'topRowPlusPercent' ? `above-chart rule (${h.citation}): the ${formatDollars(found.lower.incomeCents)} row (${formatDollars(found.lower.amountCents)})` : `high-income formula (${h.citation}) ${formatDollars(found.lower.amountCents)}`;
    return `${head}: ${rule} + ${pct}% of the income above ${formatDollars(found.lower.incomeCents)}, rounded half-up to the cent${h.confidence === 'verified' ? '' : ' (unverified)'}`;
  }
  const between = `between rows ${formatDollars(found.lower.incomeCents)} (${formatDollars(found.lower.amountCents)}) and ${formatDollars(found.upper!.incomeCents)} (${formatDollars(found.upper!.amountCents)})`;
  return found.method === 'lowerRow' ? `${head}: ${between}; row at or below the income used` : `${head}: ${between}; interpolated, rounded half-up to the cent`;
}

interface ExpenseTotals {
  /** Monthly total of each kind. */
  totals: Record<ExpenseKind, Cents>;
  /** Monthly amount paid directly by each payer. */
  paidBy: Record<Payer, Cents>;
  any: boolean;
}

function expenseTotals(schedule: GuidelineSchedule, expenses: readonly ExpenseInput[]): ExpenseTotals {
  const totals: Record<ExpenseKind, Cents> = { childCare: 0, healthInsurancePremium: 0, unreimbursedMedical: 0 };
  const paidBy: Record<Payer, Cents> = { obligor: 0, obligee: 0, obligor1: 0, obligor2: 0, thirdParty: 0 };
  for (const e of expenses) {
    const monthly = toMonthly(schedule, money(e.amount), e.frequency ?? 'monthly');
    totals[e.kind] += monthly;
    paidBy[e.paidBy] += monthly;
  }
  return { totals, paidBy, any: expenses.length > 0 };
}

const EXPENSE_LINES: [string, ExpenseKind][] = [
  ['E1', 'childCare'],
  ['E2', 'healthInsurancePremium'],
  ['E3', 'unreimbursedMedical'],
];

/** Fields that only a percentage-of-income model reads. */
function percentageOnlyErrors(input: GuidelineInput, id: string): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const why = `is for a percentage-of-income guideline; ${id} is an income-shares schedule`;
  if (input.placements) errors.push({ path: '/placements', message: why });
  if (input.findings) errors.push({ path: '/findings', message: why });
  for (const who of ['obligor', 'obligee'] as const) if (input[who]?.priorObligations) errors.push({ path: `/${who}/priorObligations`, message: why });
  return errors;
}

/** Checks the fields that are valid one by one but must fit the case type and the schedule. */
function consistencyErrors(input: GuidelineInput, schedule: GuidelineSchedule): ErrorDetail[] {
  const errors: ErrorDetail[] = percentageOnlyErrors(input, schedule.id);
  const expenses = input.expenses ?? [];
  if (input.childSocialSecurityBenefitMonthly !== undefined && !schedule.childBenefitCredit) {
    errors.push({ path: '/childSocialSecurityBenefitMonthly', message: `the ${schedule.id} data has no rule for a child's benefit, so it cannot be credited here; record it as a deviation with its finding` });
  }
  if (input.furtherAdjustment && !schedule.sharedCustody) errors.push({ path: '/furtherAdjustment', message: `the ${schedule.id} worksheet has no further-adjustment line` });
  if ((input.caseType ?? 'parents') === 'parents') {
    if (!input.obligor) errors.push({ path: '/obligor', message: 'is required in a parents case' });
    if (!input.obligee) errors.push({ path: '/obligee', message: 'is required in a parents case' });
    if (input.obligors) errors.push({ path: '/obligors', message: 'is only for third-party cases (caseType "thirdParty")' });
    if (input.thirdParty) errors.push({ path: '/thirdParty', message: 'is only for third-party cases (caseType "thirdParty")' });
    if (input.obligee?.overnightsPerYear !== undefined) {
      errors.push({ path: '/obligee/overnightsPerYear', message: "give the obligor's overnights; the obligee's are the rest of the year" });
    }
    const nights = input.obligor?.overnightsPerYear;
    if (nights !== undefined && schedule.sharedCustody && nights > schedule.sharedCustody.nightsPerYear) {
      errors.push({ path: '/obligor/overnightsPerYear', message: `must not be more than the ${schedule.sharedCustody.nightsPerYear} nights of the year` });
    }
    for (const who of ['obligor', 'obligee'] as const) {
      if (input[who]?.supportOwedToOtherChildrenMonthly !== undefined) {
        errors.push({ path: `/${who}/supportOwedToOtherChildrenMonthly`, message: 'is only used in third-party cases' });
      }
    }
    expenses.forEach((e, i) => {
      if (e.paidBy !== 'obligor' && e.paidBy !== 'obligee') errors.push({ path: `/expenses/${i}/paidBy`, message: 'must be obligor or obligee in a parents case' });
    });
  } else {
    if (!schedule.thirdPartyCases) {
      errors.push({ path: '/caseType', message: `the ${schedule.id} data has no rule for a third party who has the children; calculate each parent with the other as obligee, or record a deviation` });
      return errors;
    }
    if (!input.obligors) errors.push({ path: '/obligors', message: 'is required in a third-party case (one entry per parent)' });
    if (input.obligor) errors.push({ path: '/obligor', message: 'use obligors[] in a third-party case: each parent is a separate obligor' });
    if (input.obligee) errors.push({ path: '/obligee', message: 'the obligee of a third-party case is the third party, whose income counts as zero; use thirdParty' });
    if (input.childSocialSecurityBenefitMonthly !== undefined) {
      errors.push({
        path: '/childSocialSecurityBenefitMonthly',
        message: 'is not supported in third-party cases: the reference does not say how one benefit is credited between two separate obligors',
      });
    }
    if (input.furtherAdjustment) errors.push({ path: '/furtherAdjustment', message: 'line 13e belongs to the shared custody adjustment, which third-party cases do not have' });
    (input.obligors ?? []).forEach((p, i) => {
      if (p.overnightsPerYear !== undefined) errors.push({ path: `/obligors/${i}/overnightsPerYear`, message: 'the shared custody adjustment does not apply to third-party cases' });
    });
    const count = input.obligors?.length ?? 0;
    expenses.forEach((e, i) => {
      const allowed = e.paidBy === 'thirdParty' || e.paidBy === 'obligor1' || (e.paidBy === 'obligor2' && count === 2);
      if (!allowed) errors.push({ path: `/expenses/${i}/paidBy`, message: `must be thirdParty${count === 2 ? ', obligor1 or obligor2' : ' or obligor1'} in this third-party case` });
    });
  }
  return errors;
}

export interface ModelResult {
  calculations: WorksheetCalculation[];
  notes: string[];
}

/** Runs the income-shares worksheet on validated input with the schedule in effect. */
export function calculateIncomeShares(input: GuidelineInput, schedule: GuidelineSchedule, options: CalculationOptions): Result<ModelResult> {
  const errors = consistencyErrors(input, schedule);
  if (errors.length > 0) return guidelineFailure('INPUT_INCONSISTENT', `Some of the input does not fit the ${schedule.id} guideline; the details say which fields.`, errors);
  return (input.caseType ?? 'parents') === 'parents' ? parentsCase(input, schedule, options) : thirdPartyCase(input, schedule, options);
}

/** Lines LI-1..LI-3: the low-income (self-support reserve) adjustment the schedule data defines. */
function lowIncomeLines(
  book: Lines,
  schedule: GuidelineSchedule,
  children: number,
  obligorIncome: Cents,
  incomeSharesAmount: Cents,
  options: CalculationOptions,
  path: string,
): Result<{ basic: Cents; applied: boolean }> {
  const bandTop = lowIncomeBandTop(schedule, children);
  if (bandTop === null) {
    book.add('LI-1', 'text', { obligor: 'n/a' }, `the ${schedule.id} data defines no low-income band for ${children} children`);
    book.usd('LI-3', { obligor: incomeSharesAmount });
    return ok({ basic: incomeSharesAmount, applied: false });
  }
  const low = schedule.lowIncome;
  const minimum = low.minimumOrderCents;
  const bandNote =
    `band: obligor income up to ${formatDollars(bandTop)} for ${children} ${children === 1 ? 'child' : 'children'} ` +
    `(self-support reserve ${formatDollars(low.selfSupportReserveCents)}${minimum !== null ? `, minimum order ${formatDollars(minimum)}` : ''}; ${low.confidence === 'verified' ? 'verified' : 'band inferred from the schedule rows'})`;
  const inBand = obligorIncome <= bandTop;
  book.add('LI-1', 'text', { obligor: inBand ? 'yes' : 'no' }, bandNote);
  if (!inBand) {
    book.usd('LI-2', {}, 'not needed: the obligor is above the band');
    // The minimum order is a floor on every obligor's basic support, not only in the band (AR chart
    // header; an inference): otherwise leaving the band could lower the support.
    const basic = minimum !== null ? Math.max(incomeSharesAmount, minimum) : incomeSharesAmount;
    book.usd('LI-3', { obligor: basic }, basic !== incomeSharesAmount ? `raised to the minimum order of ${formatDollars(minimum!)}` : undefined);
    return ok({ basic, applied: basic !== incomeSharesAmount });
  }
  const alone = lookupBasicObligation(schedule, obligorIncome, children, options.betweenRows, path);
  if (!alone.ok) return withLeadIn("Low-income adjustment (support on the obligor's income alone): ", alone);
  book.usd('LI-2', { obligor: alone.value.amountCents }, lookupNote(schedule, alone.value));
  const lesser = Math.min(alone.value.amountCents, incomeSharesAmount);
  const basic = minimum !== null ? Math.max(lesser, minimum) : lesser;
  const applied = basic !== incomeSharesAmount;
  const why =
    minimum !== null && lesser < minimum
      ? `raised to the minimum order of ${formatDollars(minimum)}`
      : alone.value.amountCents < incomeSharesAmount
        ? 'line LI-2 is lower and applies'
        : 'the income-shares amount is not higher than line LI-2 and applies';
  book.usd('LI-3', { obligor: basic }, why);
  return ok({ basic, applied });
}

function totalLine(book: Lines, schedule: GuidelineSchedule, basic: Cents, expensesNet: Cents, notes: string[], who: string): Cents {
  const raw = basic + expensesNet;
  const positive = Math.max(0, raw);
  const total = schedule.rounding.finalRounding === 'floorDollar' ? Math.floor(positive / 100) * 100 : positive;
  const parts: string[] = [];
  if (raw < 0) parts.push(`the expense credit exceeds basic support by ${formatDollars(-raw)}; shown as zero`);
  if (total !== positive) parts.push(`${formatDollars(positive)} rounded down to a whole dollar`);
  book.usd('T1', { obligor: total }, parts.length ? parts.join('; ') : undefined);
  if (raw < 0) notes.push(`${who}: the credit for expenses paid directly exceeds basic support by ${formatDollars(-raw)}; the total is shown as zero, not as a payment to the obligor.`);
  return total;
}

/** Lines E0..E5 of a parents case: each expense shared by the income percentages. */
function expenseLines(book: Lines, schedule: GuidelineSchedule, input: GuidelineInput, shares: Ratio[], options: CalculationOptions, percentLine: string): { net: Cents; any: boolean } {
  const expenses = expenseTotals(schedule, input.expenses ?? []);
  if (!expenses.any) return { net: 0, any: false };
  let obligorShares = 0;
  for (const [line, kind] of EXPENSE_LINES) {
    const [sa, sb] = splitByRatios(expenses.totals[kind], shares, options.shareRounding) as [Cents, Cents];
    obligorShares += sa;
    book.usd(line, { obligor: sa, obligee: sb, combined: expenses.totals[kind] });
  }
  book.usd('E4', { obligor: expenses.paidBy.obligor, obligee: expenses.paidBy.obligee, combined: expenses.paidBy.obligor + expenses.paidBy.obligee });
  const net = obligorShares - expenses.paidBy.obligor;
  book.usd('E5', { obligor: net }, `by line ${percentLine} percentages; negative = credit to the obligor`);
  return { net, any: true };
}

function parentsCase(input: GuidelineInput, schedule: GuidelineSchedule, options: CalculationOptions): Result<ModelResult> {
  const notes: string[] = [];
  const L = LAYOUTS[schedule.worksheet].step;
  const basis = schedule.incomeBasis;
  const obligorIn = input.obligor!;
  const obligeeIn = input.obligee!;
  const a = monthlyIncome(schedule, obligorIn, '/obligor', 'obligor');
  if (!a.ok) return a;
  const b = monthlyIncome(schedule, obligeeIn, '/obligee', 'obligee');
  if (!b.ok) return b;
  const A = a.value.monthlyCents;
  const B = b.value.monthlyCents;
  const book = new Lines(LAYOUTS[schedule.worksheet], options.percentRounding);

  book.usd(L.gross, { obligor: a.value.grossPerPeriodCents, obligee: b.value.grossPerPeriodCents }, `pay period: obligor ${a.value.frequency}, obligee ${b.value.frequency}`);
  book.usd(L.deductions, { obligor: a.value.deductionsPerPeriodCents, obligee: b.value.deductionsPerPeriodCents });
  book.usd(L.net, { obligor: a.value.netPerPeriodCents, obligee: b.value.netPerPeriodCents });
  book.usd(L.monthly, { obligor: A, obligee: B }, conversionNote(schedule, [{ who: 'obligor', income: a.value }, { who: 'obligee', income: b.value }]));
  const combined = A + B;
  book.usd(L.combined, { combined });
  const benefit = money(input.childSocialSecurityBenefitMonthly);
  if (L.benefit) book.usd(L.benefit, { combined: benefit });
  const adjusted = combined + benefit;
  if (L.adjusted) book.usd(L.adjusted, { combined: adjusted });
  const lookupLine = L.adjusted ?? L.combined;
  const found = lookupBasicObligation(schedule, adjusted, input.children, options.betweenRows, '/');
  if (!found.ok) return withLeadIn(`Line ${lookupLine} (combined monthly ${basis} income): `, found);
  book.usd(L.schedule, { combined: found.value.amountCents }, lookupNote(schedule, found.value));
  if (L.benefitCredit) book.usd(L.benefitCredit, { combined: benefit });
  const basic = Math.max(0, found.value.amountCents - benefit);
  if (L.basic) book.usd(L.basic, { combined: basic }, found.value.amountCents < benefit ? `the benefit exceeds line ${L.schedule}; the obligation is zero` : undefined);
  const basicLine = L.basic ?? L.schedule;

  const shares = sharesOf([A, B], options.percentRounding);
  if (!shares) return guidelineFailure('INPUT_INCONSISTENT', `Both parents' monthly ${basis} incomes are zero, so their shares of the obligation cannot be worked out.`, [{ path: '/obligor/income', message: 'both incomes are zero' }]);
  const [pA, pB] = shares as [Ratio, Ratio];
  book.pct(L.percent, { obligor: pA, obligee: pB, combined: ONE }, percentNote(options.percentRounding));
  const [shareA, shareB] = splitByRatios(basic, shares, options.shareRounding) as [Cents, Cents];
  book.usd(L.share, { obligor: shareA, obligee: shareB, combined: basic }, shareNote(options.shareRounding, basicLine));

  // Shared custody (PA Part II), only where the state's data has the adjustment.
  let custody = { applied: false, adjustedCents: 0, furtherApplied: false };
  if (schedule.sharedCustody) {
    const c = sharedCustodyLines(book, schedule, input, pA, basic, options, notes);
    if (!c.ok) return c;
    custody = c.value;
  } else if (obligorIn.overnightsPerYear !== undefined) {
    notes.push(`${obligorIn.overnightsPerYear} overnights a year with the obligor are recorded, but ${schedule.sharedCustodyNote ?? `the ${schedule.id} data has no shared-custody adjustment`}`);
  }
  const incomeShares = custody.applied ? custody.adjustedCents : shareA;

  const low = lowIncomeLines(book, schedule, input.children, A, incomeShares, options, '/obligor/income');
  if (!low.ok) return low;
  const expenses = expenseLines(book, schedule, input, shares, options, L.percent);
  const total = totalLine(book, schedule, low.value.basic, expenses.net, notes, 'obligor');
  const calculation: WorksheetCalculation = {
    id: 'main',
    obligor: party('obligor', obligorIn.name),
    obligee: party('obligee', obligeeIn.name),
    lines: book.lines,
    applied: {
      socialSecurityBenefit: benefit > 0,
      sharedCustody: custody.applied,
      furtherAdjustment: custody.furtherApplied,
      lowIncome: low.value.applied,
      additionalExpenses: expenses.any,
    },
    result: { basicSupportMonthly: formatCents(low.value.basic), additionalExpensesMonthly: formatCents(expenses.net), totalMonthly: formatCents(total), payer: total > 0 ? 'obligor' : null },
  };
  return ok({ calculations: [calculation], notes });
}

function sharedCustodyLines(
  book: Lines,
  schedule: GuidelineSchedule,
  input: GuidelineInput,
  obligorPercent: Ratio,
  basic: Cents,
  options: CalculationOptions,
  notes: string[],
): Result<{ applied: boolean; adjustedCents: Cents; furtherApplied: boolean }> {
  const { thresholdPercent, reductionPercent, nightsPerYear } = schedule.sharedCustody!;
  const nights = input.obligor!.overnightsPerYear;
  const further = input.furtherAdjustment;
  const notApplied = (note13a: string, share13a: Ratio | null) => {
    if (share13a) book.pct('13a', { obligor: share13a }, note13a);
    else book.add('13a', 'percent', {}, note13a);
    for (const line of ['13b', '13c', '13d', '13e'] as const) book.add(line, line === '13d' || line === '13e' ? 'usd' : 'percent', {}, 'not applicable');
  };
  if (nights === undefined) {
    if (further) return guidelineFailure('INPUT_INCONSISTENT', 'A further adjustment (line 13e) needs the shared custody adjustment: give the obligor\'s overnights a year.', [{ path: '/furtherAdjustment', message: 'line 13e needs the shared custody adjustment; give obligor.overnightsPerYear' }]);
    notApplied('no overnights given: no shared custody adjustment', null);
    return ok({ applied: false, adjustedCents: 0, furtherApplied: false });
  }
  const exact = ratio(nights, nightsPerYear);
  const shown = roundToMode(exact, options.percentRounding);
  // The threshold is tested on the exact share: 145 of 365 nights (39.73%) does not qualify even
  // though it rounds to 40%.
  const applies = nights * 100 >= thresholdPercent * nightsPerYear;
  if (nights * 2 > nightsPerYear) notes.push('The obligor has most of the overnights; check who should be the obligor.');
  if (!applies) {
    if (further) return guidelineFailure('INPUT_INCONSISTENT', `A further adjustment (line 13e) needs the shared custody adjustment, which needs at least ${thresholdPercent}% of the overnights.`, [{ path: '/furtherAdjustment', message: `line 13e needs the shared custody adjustment, which needs ${thresholdPercent}% of overnights` }]);
    notApplied(`${nights} of ${nightsPerYear} overnights is below ${thresholdPercent}%: no shared custody adjustment`, shown);
    return ok({ applied: false, adjustedCents: 0, furtherApplied: false });
  }
  const afterReduction = subRatio(shown, percent(reductionPercent));
  book.pct('13a', { obligor: shown }, `${nights} of ${nightsPerYear} overnights; at least ${thresholdPercent}%, so the adjustment applies`);
  book.pct('13b', { obligor: afterReduction }, `line 13a - ${reductionPercent}`);
  const adjustedPercent = maxRatio(ZERO, subRatio(obligorPercent, afterReduction));
  book.pct('13c', { obligor: adjustedPercent }, compareRatio(subRatio(obligorPercent, afterReduction), ZERO) < 0 ? 'would be negative; held at zero' : undefined);
  const adjusted = applyRatio(basic, adjustedPercent, options.shareRounding);
  book.usd('13d', { obligor: adjusted }, options.shareRounding === 'wholeDollar' ? 'rounded half-up to a whole dollar' : 'rounded half-up to the cent');
  if (!further) {
    book.usd('13e', { obligor: adjusted }, 'no further adjustment');
    return ok({ applied: true, adjustedCents: adjusted, furtherApplied: false });
  }
  const raw = adjusted + parseCents(further.amount)!;
  const final = Math.max(0, raw);
  book.usd('13e', { obligor: final }, `${formatDollars(parseCents(further.amount)!)} (${further.reason})${raw < 0 ? '; held at zero' : ''}`);
  return ok({ applied: true, adjustedCents: final, furtherApplied: true });
}

function thirdPartyCase(input: GuidelineInput, schedule: GuidelineSchedule, options: CalculationOptions): Result<ModelResult> {
  const notes: string[] = ["Third-party case: each parent is a separate obligor and the third party's income counts as zero (Pa.R.C.P. 1910.16-1(a)(2))."];
  const L = LAYOUTS[schedule.worksheet].step;
  const parents = input.obligors!;
  const incomes: { monthly: MonthlyIncome; other: Cents; own: Cents }[] = [];
  for (const [i, p] of parents.entries()) {
    const m = monthlyIncome(schedule, p, `/obligors/${i}`, `obligor ${i + 1}`);
    if (!m.ok) return m;
    const other = money(p.supportOwedToOtherChildrenMonthly);
    incomes.push({ monthly: m.value, other, own: Math.max(0, m.value.monthlyCents - other) });
  }
  const expenses = expenseTotals(schedule, input.expenses ?? []);
  const expenseShares = expenses.any ? sharesOf(incomes.map((x) => x.own), options.percentRounding) : null;
  if (expenses.any && !expenseShares) {
    return guidelineFailure('INPUT_INCONSISTENT', "The parents' incomes are zero, so the additional expenses cannot be shared by income.", [{ path: '/expenses', message: 'no income to share by' }]);
  }
  // Each expense is split once across the parents, so the parts add up to the whole expense.
  const expenseParts = new Map<ExpenseKind, Cents[]>();
  if (expenseShares) for (const [, kind] of EXPENSE_LINES) expenseParts.set(kind, splitByRatios(expenses.totals[kind], expenseShares, options.shareRounding));

  const thirdPartyName = input.thirdParty?.name ?? null;
  const calculations: WorksheetCalculation[] = [];
  for (const [i, p] of parents.entries()) {
    const { monthly, other, own } = incomes[i]!;
    const book = new Lines(LAYOUTS[schedule.worksheet], options.percentRounding);
    const zeroNote = 'third party: income counts as zero';
    book.usd(L.gross, { obligor: monthly.grossPerPeriodCents, obligee: 0 }, `pay period: ${monthly.frequency}; ${zeroNote}`);
    book.usd(L.deductions, { obligor: monthly.deductionsPerPeriodCents, obligee: 0 });
    book.usd(L.net, { obligor: monthly.netPerPeriodCents, obligee: 0 });
    book.usd(L.monthly, { obligor: monthly.monthlyCents, obligee: 0 }, conversionNote(schedule, [{ who: 'obligor', income: monthly }]));
    book.usd('TP-1', { obligor: other }, other > 0 ? 'basic support owed to other children not in placement, subtracted first' : undefined);
    book.usd('TP-2', { obligor: own }, monthly.monthlyCents < other ? 'held at zero' : undefined);
    book.usd(L.combined, { combined: own }, "this obligor's income only, without regard to the other parent's");
    if (L.benefit) book.usd(L.benefit, { combined: 0 });
    if (L.adjusted) book.usd(L.adjusted, { combined: own });
    const found = lookupBasicObligation(schedule, own, input.children, options.betweenRows, `/obligors/${i}/income`);
    if (!found.ok) return withLeadIn(`Obligor ${i + 1}, line ${L.adjusted ?? L.combined}: `, found);
    book.usd(L.schedule, { combined: found.value.amountCents }, lookupNote(schedule, found.value));
    if (L.benefitCredit) book.usd(L.benefitCredit, { combined: 0 });
    const basic = found.value.amountCents;
    if (L.basic) book.usd(L.basic, { combined: basic });
    book.pct(L.percent, { obligor: ONE, obligee: ZERO, combined: ONE }, `line TP-2 / line ${L.combined}: the whole obligation is this obligor's`);
    book.usd(L.share, { obligor: basic, obligee: 0, combined: basic });
    if (schedule.sharedCustody) {
      for (const line of ['13a', '13b', '13c', '13d', '13e'] as const) {
        book.add(line, line === '13d' || line === '13e' ? 'usd' : 'percent', {}, 'not applicable: third-party case');
      }
    }
    const low = lowIncomeLines(book, schedule, input.children, own, basic, options, `/obligors/${i}/income`);
    if (!low.ok) return withLeadIn(`Obligor ${i + 1}: `, low);

    let expensesNet = 0;
    if (expenseShares) {
      book.pct('E0', { obligor: expenseShares[i]!, obligee: ZERO, combined: ONE }, percentNote(options.percentRounding));
      let myShares = 0;
      for (const [line, kind] of EXPENSE_LINES) {
        const mine = expenseParts.get(kind)![i]!;
        myShares += mine;
        book.usd(line, { obligor: mine, combined: expenses.totals[kind] }, parents.length > 1 ? "the other parent's share is on their calculation" : undefined);
      }
      const payer: Payer = i === 0 ? 'obligor1' : 'obligor2';
      book.usd('E4', { obligor: expenses.paidBy[payer], obligee: expenses.paidBy.thirdParty }, 'obligee column: paid by the third party');
      expensesNet = myShares - expenses.paidBy[payer];
      book.usd('E5', { obligor: expensesNet }, 'negative = credit to this obligor');
    }
    const total = totalLine(book, schedule, low.value.basic, expensesNet, notes, `obligor ${i + 1}`);
    calculations.push({
      id: `obligor${i + 1}`,
      obligor: party('obligor', p.name),
      obligee: { role: 'thirdParty', name: thirdPartyName },
      lines: book.lines,
      applied: { socialSecurityBenefit: false, sharedCustody: false, furtherAdjustment: false, lowIncome: low.value.applied, additionalExpenses: expenses.any },
      result: { basicSupportMonthly: formatCents(low.value.basic), additionalExpensesMonthly: formatCents(expensesNet), totalMonthly: formatCents(total), payer: total > 0 ? 'obligor' : null },
    });
  }
  if (expenses.any) {
    notes.push(
      "Third-party case: additional expenses are shared between the parents by their incomes (the third party's counts as zero), so together they pay the whole expense once (OpenCSE choice; the reference does not say).",
    );
  }
  return ok({ calculations, notes });
}

export function party(role: WorksheetParty['role'], name: string | undefined): WorksheetParty {
  return { role, name: name ?? null };
}

function percentNote(rounding: PercentRounding): string {
  if (rounding === 'wholePercent') return 'rounded to whole percents that add up to 100 (published-example practice)';
  if (rounding === 'basisPoints') return 'rounded to 0.01% (basis points) that add up to 100';
  return 'exact fractions (see exact); shown to 4 decimals';
}

function shareNote(rounding: ShareRounding, basicLine: string): string {
  return rounding === 'wholeDollar'
    ? 'obligor rounded half-up to a whole dollar (published-example practice); obligee gets the rest'
    : `to the cent by largest remainder, so the shares add up to line ${basicLine}`;
}
