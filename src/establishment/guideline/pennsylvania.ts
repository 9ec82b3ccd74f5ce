/**
 * Pennsylvania's income-shares worksheet (Pa.R.C.P. 1910.16-4(a), Parts I-II, as listed in the
 * reference note, section 7), with the third-party payer rule of 1910.16-1(a)(2), the child's Social
 * Security derivative benefit, the low-income adjustment the schedule data defines, and the
 * allocation of child care, health insurance premium and extraordinary unreimbursed medical expenses
 * by income percentage. Pure: no database, no clock; every rule that a state sets comes from the
 * schedule data. docs/guideline.md explains each choice and what is unverified.
 */
import { formatCents, formatDollars, parseCents, type Cents } from '../../kernel/money.ts';
import { ok, type ErrorDetail, type Failure, type Result } from '../../kernel/result.ts';
import { guidelineFailure } from './failures.ts';
import type { ExpenseInput, ExpenseKind, GuidelineInput, ParentInput, Payer } from './input.ts';
import {
  ONE,
  ZERO,
  applyRatio,
  compareRatio,
  formatPercent,
  formatRatio,
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
import { lookupBasicObligation, lowIncomeBandTop, type BetweenRows, type GuidelineSchedule, type PayFrequency, type ScheduleLookup } from './schedule.ts';
import type { LineUnit, WorksheetCalculation, WorksheetLine, WorksheetParty } from './worksheet.ts';

export interface CalculationOptions {
  percentRounding: PercentRounding;
  shareRounding: ShareRounding;
  betweenRows: BetweenRows;
}

/** Labels of the reference worksheet's lines, as the reference lists them. */
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

/** Labels of the lines OpenCSE adds to the reference worksheet. */
export const OPENCSE_LINES = {
  'TP-1': 'Less basic support owed to other children not in placement',
  'TP-2': 'Monthly net income for this calculation (line 4 - line TP-1)',
  'LI-1': "Obligor's monthly net income in the schedule's low-income band?",
  'LI-2': "Basic child support on the obligor's income alone (schedule)",
  'LI-3': "Obligor's basic child support (lesser of line 12/13e and line LI-2 when in the band)",
  E0: "Each parent's percentage for additional expenses (both parents' incomes; the third party's counts as zero)",
  E1: 'Child care expenses (monthly), shared by income percentage',
  E2: "Health insurance premium for the children (monthly), shared by income percentage",
  E3: 'Extraordinary unreimbursed medical expenses (monthly), shared by income percentage',
  E4: 'Additional expenses paid directly',
  E5: "Obligor's net contribution to additional expenses (shares - paid directly)",
  T1: "Obligor's total monthly child support obligation",
} as const;

type LineId = keyof typeof REFERENCE_LINES | keyof typeof OPENCSE_LINES;

/** Accumulates the lines of one calculation. */
class Lines {
  readonly lines: WorksheetLine[] = [];
  constructor(private readonly percentRounding: PercentRounding) {}

  add(line: LineId, unit: LineUnit, values: { obligor?: string | null; obligee?: string | null; combined?: string | null }, note?: string) {
    const isReference = line in REFERENCE_LINES;
    const label = isReference ? REFERENCE_LINES[line as keyof typeof REFERENCE_LINES] : OPENCSE_LINES[line as keyof typeof OPENCSE_LINES];
    const entry: WorksheetLine = {
      line,
      label,
      unit,
      obligor: values.obligor ?? null,
      obligee: values.obligee ?? null,
      combined: values.combined ?? null,
      origin: isReference ? 'reference' : 'opencse',
    };
    if (note) entry.note = note;
    this.lines.push(entry);
    return entry;
  }

  usd(line: LineId, values: { obligor?: Cents | null; obligee?: Cents | null; combined?: Cents | null }, note?: string) {
    const f = (c: Cents | null | undefined) => (c === null || c === undefined ? null : formatCents(c));
    return this.add(line, 'usd', { obligor: f(values.obligor), obligee: f(values.obligee), combined: f(values.combined) }, note);
  }

  pct(line: LineId, values: { obligor?: Ratio | null; obligee?: Ratio | null; combined?: Ratio | null }, note?: string) {
    const f = (r: Ratio | null | undefined) => (r ? formatPercent(r, this.percentRounding) : null);
    const entry = this.add(line, 'percent', { obligor: f(values.obligor), obligee: f(values.obligee), combined: f(values.combined) }, note);
    const exact: NonNullable<WorksheetLine['exact']> = {};
    if (values.obligor) exact.obligor = formatRatio(values.obligor);
    if (values.obligee) exact.obligee = formatRatio(values.obligee);
    if (values.combined) exact.combined = formatRatio(values.combined);
    entry.exact = exact;
    return entry;
  }
}

interface MonthlyIncome {
  grossPerPeriodCents: Cents;
  deductionsPerPeriodCents: Cents;
  netPerPeriodCents: Cents;
  monthlyCents: Cents;
  frequency: PayFrequency;
}

const money = (text: string | undefined): Cents => (text === undefined ? 0 : parseCents(text)!);

/** Converts an amount per pay period to a month by the data's factor, rounded half-up to the cent. */
export function toMonthly(schedule: GuidelineSchedule, cents: Cents, frequency: PayFrequency): Cents {
  const [num, den] = schedule.incomeConversion[frequency];
  return Number(roundHalfUp(BigInt(cents) * BigInt(num), BigInt(den)));
}

function monthlyIncome(schedule: GuidelineSchedule, parent: ParentInput, path: string): Result<MonthlyIncome> {
  const gross = money(parent.income.grossPerPeriod);
  const deductions = money(parent.income.deductionsPerPeriod);
  const net = gross - deductions;
  if (net < 0) {
    return guidelineFailure('NEGATIVE_NET_INCOME', `Deductions (${formatDollars(deductions)}) exceed gross income (${formatDollars(gross)}) at ${path}.`, [
      { path: `${path}/income/deductionsPerPeriod`, message: 'exceeds grossPerPeriod' },
    ]);
  }
  const frequency = parent.income.payFrequency;
  return ok({ grossPerPeriodCents: gross, deductionsPerPeriodCents: deductions, netPerPeriodCents: net, monthlyCents: toMonthly(schedule, net, frequency), frequency });
}

function conversionNote(schedule: GuidelineSchedule, incomes: { who: string; income: MonthlyIncome }[]): string {
  const parts = incomes.map(({ who, income }) => {
    const [num, den] = schedule.incomeConversion[income.frequency];
    const factor = den === 1 ? `x ${num}` : num === 1 ? `/ ${den}` : `x ${num}/${den}`;
    return `${who}: ${income.frequency} ${factor}`;
  });
  return `${parts.join('; ')}; rounded half-up to the cent`;
}

function lookupNote(schedule: GuidelineSchedule, found: ScheduleLookup): string {
  const head = `${schedule.id}, ${found.children} ${found.children === 1 ? 'child' : 'children'}`;
  if (found.method === 'row') return `${head}: row ${formatDollars(found.lower.incomeCents)}`;
  if (found.method === 'highIncome') {
    const column = schedule.columns.indexOf(found.children);
    const pct = (schedule.highIncome!.perMille[column]! / 10).toFixed(1);
    return `${head}: high-income formula (${schedule.highIncome!.citation}) ${formatDollars(found.lower.amountCents)} + ${pct}% of the income above ${formatDollars(found.lower.incomeCents)}, rounded half-up to the cent${schedule.highIncome!.confidence === 'verified' ? '' : ' (unverified)'}`;
  }
  const between = `between rows ${formatDollars(found.lower.incomeCents)} (${formatDollars(found.lower.amountCents)}) and ${formatDollars(found.upper!.incomeCents)} (${formatDollars(found.upper!.amountCents)})`;
  return found.method === 'lowerRow' ? `${head}: ${between}; row at or below the income used` : `${head}: ${between}; interpolated, rounded half-up to the cent`;
}

function prefixFailure(prefix: string, failure: Failure): Failure {
  return { ...failure, message: failure.message.replace(/^(\w+): /, `$1: ${prefix}`) };
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

const EXPENSE_LINES: [LineId, ExpenseKind][] = [
  ['E1', 'childCare'],
  ['E2', 'healthInsurancePremium'],
  ['E3', 'unreimbursedMedical'],
];

/** Checks the fields that are valid one by one but must fit the case type. */
function consistencyErrors(input: GuidelineInput): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const expenses = input.expenses ?? [];
  if ((input.caseType ?? 'parents') === 'parents') {
    if (!input.obligor) errors.push({ path: '/obligor', message: 'is required in a parents case' });
    if (!input.obligee) errors.push({ path: '/obligee', message: 'is required in a parents case' });
    if (input.obligors) errors.push({ path: '/obligors', message: 'is only for third-party cases (caseType "thirdParty")' });
    if (input.thirdParty) errors.push({ path: '/thirdParty', message: 'is only for third-party cases (caseType "thirdParty")' });
    if (input.obligee?.overnightsPerYear !== undefined) {
      errors.push({ path: '/obligee/overnightsPerYear', message: "give the obligor's overnights (line 13a); the obligee's are the rest of the year" });
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

export interface PennsylvaniaResult {
  calculations: WorksheetCalculation[];
  notes: string[];
}

/** Runs the worksheet on validated input with the schedule in effect. */
export function calculatePennsylvania(input: GuidelineInput, schedule: GuidelineSchedule, options: CalculationOptions): Result<PennsylvaniaResult> {
  const errors = consistencyErrors(input);
  if (errors.length > 0) return guidelineFailure('INPUT_INCONSISTENT', undefined, errors);
  return (input.caseType ?? 'parents') === 'parents' ? parentsCase(input, schedule, options) : thirdPartyCase(input, schedule, options);
}

/** Lines LI-1..LI-3: the low-income adjustment the schedule data defines. */
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
  const reserve = schedule.lowIncome!.selfSupportReserveCents;
  const bandNote =
    `band: obligor income up to ${formatDollars(bandTop)} for ${children} ${children === 1 ? 'child' : 'children'} ` +
    `(self-support reserve ${formatDollars(reserve)}, ${schedule.lowIncome!.confidence === 'verified' ? 'verified' : 'inferred from the schedule rows'})`;
  const inBand = obligorIncome <= bandTop;
  book.add('LI-1', 'text', { obligor: inBand ? 'yes' : 'no' }, bandNote);
  if (!inBand) {
    book.usd('LI-2', {}, 'not needed: the obligor is above the band');
    book.usd('LI-3', { obligor: incomeSharesAmount });
    return ok({ basic: incomeSharesAmount, applied: false });
  }
  const alone = lookupBasicObligation(schedule, obligorIncome, children, options.betweenRows, path);
  if (!alone.ok) return prefixFailure("low-income adjustment, basic support on the obligor's income alone: ", alone);
  book.usd('LI-2', { obligor: alone.value.amountCents }, lookupNote(schedule, alone.value));
  const basic = Math.min(alone.value.amountCents, incomeSharesAmount);
  const applied = alone.value.amountCents < incomeSharesAmount;
  book.usd('LI-3', { obligor: basic }, applied ? 'line LI-2 is lower and applies' : 'the income-shares amount is not higher than line LI-2 and applies');
  return ok({ basic, applied });
}

function totalLine(book: Lines, basic: Cents, expensesNet: Cents, notes: string[], who: string): Cents {
  const raw = basic + expensesNet;
  const total = Math.max(0, raw);
  book.usd('T1', { obligor: total }, raw < 0 ? `the expense credit exceeds basic support by ${formatDollars(-raw)}; shown as zero` : undefined);
  if (raw < 0) notes.push(`${who}: the credit for expenses paid directly exceeds basic support by ${formatDollars(-raw)}; the total is shown as zero, not as a payment to the obligor.`);
  return total;
}

function parentsCase(input: GuidelineInput, schedule: GuidelineSchedule, options: CalculationOptions): Result<PennsylvaniaResult> {
  const notes: string[] = [];
  const obligorIn = input.obligor!;
  const obligeeIn = input.obligee!;
  const a = monthlyIncome(schedule, obligorIn, '/obligor');
  if (!a.ok) return a;
  const b = monthlyIncome(schedule, obligeeIn, '/obligee');
  if (!b.ok) return b;
  const A = a.value.monthlyCents;
  const B = b.value.monthlyCents;
  const book = new Lines(options.percentRounding);

  book.usd('1', { obligor: a.value.grossPerPeriodCents, obligee: b.value.grossPerPeriodCents }, `pay period: obligor ${a.value.frequency}, obligee ${b.value.frequency}`);
  book.usd('2', { obligor: a.value.deductionsPerPeriodCents, obligee: b.value.deductionsPerPeriodCents });
  book.usd('3', { obligor: a.value.netPerPeriodCents, obligee: b.value.netPerPeriodCents });
  book.usd('4', { obligor: A, obligee: B }, conversionNote(schedule, [{ who: 'obligor', income: a.value }, { who: 'obligee', income: b.value }]));
  const combined = A + B;
  book.usd('5', { combined });
  const benefit = money(input.childSocialSecurityBenefitMonthly);
  book.usd('6', { combined: benefit });
  const adjusted = combined + benefit;
  book.usd('7', { combined: adjusted });
  const found = lookupBasicObligation(schedule, adjusted, input.children, options.betweenRows, '/');
  if (!found.ok) return prefixFailure('line 7 (adjusted combined monthly net income): ', found);
  book.usd('8', { combined: found.value.amountCents }, lookupNote(schedule, found.value));
  book.usd('9', { combined: benefit });
  const basic = Math.max(0, found.value.amountCents - benefit);
  book.usd('10', { combined: basic }, found.value.amountCents < benefit ? 'the benefit exceeds line 8; the obligation is zero' : undefined);

  const shares = sharesOf([A, B], options.percentRounding);
  if (!shares) return guidelineFailure('INPUT_INCONSISTENT', "Both parents' monthly net incomes are zero, so line 11 cannot be computed.", [{ path: '/obligor/income', message: 'both incomes are zero' }]);
  const [pA, pB] = shares as [Ratio, Ratio];
  book.pct('11', { obligor: pA, obligee: pB, combined: ONE }, percentNote(options.percentRounding));
  const [shareA, shareB] = splitByRatios(basic, shares, options.shareRounding) as [Cents, Cents];
  book.usd('12', { obligor: shareA, obligee: shareB, combined: basic }, shareNote(options.shareRounding));

  // Part II: substantial or shared custody (only when the obligor has the threshold share of overnights).
  const custody = sharedCustodyLines(book, schedule, input, pA, basic, options, notes);
  if (!custody.ok) return custody;
  const incomeShares = custody.value.applied ? custody.value.adjustedCents : shareA;

  const low = lowIncomeLines(book, schedule, input.children, A, incomeShares, options, '/obligor/income');
  if (!low.ok) return low;

  let expensesNet = 0;
  const expenses = expenseTotals(schedule, input.expenses ?? []);
  if (expenses.any) {
    let obligorShares = 0;
    for (const [line, kind] of EXPENSE_LINES) {
      const [sa, sb] = splitByRatios(expenses.totals[kind], shares, options.shareRounding) as [Cents, Cents];
      obligorShares += sa;
      book.usd(line, { obligor: sa, obligee: sb, combined: expenses.totals[kind] });
    }
    book.usd('E4', { obligor: expenses.paidBy.obligor, obligee: expenses.paidBy.obligee, combined: expenses.paidBy.obligor + expenses.paidBy.obligee });
    expensesNet = obligorShares - expenses.paidBy.obligor;
    book.usd('E5', { obligor: expensesNet }, 'by line 11 percentages; negative = credit to the obligor');
  }
  const total = totalLine(book, low.value.basic, expensesNet, notes, 'obligor');
  const calculation: WorksheetCalculation = {
    id: 'main',
    obligor: party('obligor', obligorIn.name),
    obligee: party('obligee', obligeeIn.name),
    lines: book.lines,
    applied: {
      socialSecurityBenefit: benefit > 0,
      sharedCustody: custody.value.applied,
      furtherAdjustment: custody.value.furtherApplied,
      lowIncome: low.value.applied,
      additionalExpenses: expenses.any,
    },
    result: { basicSupportMonthly: formatCents(low.value.basic), additionalExpensesMonthly: formatCents(expensesNet), totalMonthly: formatCents(total) },
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
  const { thresholdPercent, reductionPercent, nightsPerYear } = schedule.sharedCustody;
  const nights = input.obligor!.overnightsPerYear;
  const further = input.furtherAdjustment;
  const notApplied = (note13a: string, share13a: Ratio | null) => {
    if (share13a) book.pct('13a', { obligor: share13a }, note13a);
    else book.add('13a', 'percent', {}, note13a);
    for (const line of ['13b', '13c', '13d', '13e'] as const) book.add(line, line === '13d' || line === '13e' ? 'usd' : 'percent', {}, 'not applicable');
  };
  if (nights === undefined) {
    if (further) return guidelineFailure('INPUT_INCONSISTENT', undefined, [{ path: '/furtherAdjustment', message: 'line 13e needs the shared custody adjustment; give obligor.overnightsPerYear' }]);
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
    if (further) return guidelineFailure('INPUT_INCONSISTENT', undefined, [{ path: '/furtherAdjustment', message: `line 13e needs the shared custody adjustment, which needs ${thresholdPercent}% of overnights` }]);
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

function thirdPartyCase(input: GuidelineInput, schedule: GuidelineSchedule, options: CalculationOptions): Result<PennsylvaniaResult> {
  const notes: string[] = ['Third-party case: each parent is a separate obligor and the third party\'s income counts as zero (Pa.R.C.P. 1910.16-1(a)(2)).'];
  const parents = input.obligors!;
  const incomes: { monthly: MonthlyIncome; other: Cents; own: Cents }[] = [];
  for (const [i, p] of parents.entries()) {
    const m = monthlyIncome(schedule, p, `/obligors/${i}`);
    if (!m.ok) return m;
    const other = money(p.supportOwedToOtherChildrenMonthly);
    incomes.push({ monthly: m.value, other, own: Math.max(0, m.value.monthlyCents - other) });
  }
  const expenses = expenseTotals(schedule, input.expenses ?? []);
  const expenseShares = expenses.any ? sharesOf(incomes.map((x) => x.own), options.percentRounding) : null;
  if (expenses.any && !expenseShares) {
    return guidelineFailure('INPUT_INCONSISTENT', "The parents' incomes are zero, so additional expenses cannot be shared by income.", [{ path: '/expenses', message: 'no income to share by' }]);
  }
  // Each expense is split once across the parents, so the parts add up to the whole expense.
  const expenseParts = new Map<ExpenseKind, Cents[]>();
  if (expenseShares) for (const [, kind] of EXPENSE_LINES) expenseParts.set(kind, splitByRatios(expenses.totals[kind], expenseShares, options.shareRounding));

  const thirdPartyName = input.thirdParty?.name ?? null;
  const calculations: WorksheetCalculation[] = [];
  for (const [i, p] of parents.entries()) {
    const { monthly, other, own } = incomes[i]!;
    const book = new Lines(options.percentRounding);
    const zeroNote = 'third party: income counts as zero';
    book.usd('1', { obligor: monthly.grossPerPeriodCents, obligee: 0 }, `pay period: ${monthly.frequency}; ${zeroNote}`);
    book.usd('2', { obligor: monthly.deductionsPerPeriodCents, obligee: 0 });
    book.usd('3', { obligor: monthly.netPerPeriodCents, obligee: 0 });
    book.usd('4', { obligor: monthly.monthlyCents, obligee: 0 }, conversionNote(schedule, [{ who: 'obligor', income: monthly }]));
    book.usd('TP-1', { obligor: other }, other > 0 ? 'basic support owed to other children not in placement, subtracted first' : undefined);
    book.usd('TP-2', { obligor: own }, monthly.monthlyCents < other ? 'held at zero' : undefined);
    book.usd('5', { combined: own }, "this obligor's income only, without regard to the other parent's");
    book.usd('6', { combined: 0 });
    book.usd('7', { combined: own });
    const found = lookupBasicObligation(schedule, own, input.children, options.betweenRows, `/obligors/${i}/income`);
    if (!found.ok) return prefixFailure(`obligor ${i + 1}, line 7: `, found);
    book.usd('8', { combined: found.value.amountCents }, lookupNote(schedule, found.value));
    book.usd('9', { combined: 0 });
    const basic = found.value.amountCents;
    book.usd('10', { combined: basic });
    book.pct('11', { obligor: ONE, obligee: ZERO, combined: ONE }, 'line TP-2 / line 5: the whole obligation is this obligor\'s');
    book.usd('12', { obligor: basic, obligee: 0, combined: basic });
    for (const line of ['13a', '13b', '13c', '13d', '13e'] as const) {
      book.add(line, line === '13d' || line === '13e' ? 'usd' : 'percent', {}, 'not applicable: third-party case');
    }
    const low = lowIncomeLines(book, schedule, input.children, own, basic, options, `/obligors/${i}/income`);
    if (!low.ok) return prefixFailure(`obligor ${i + 1}: `, low);

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
    const total = totalLine(book, low.value.basic, expensesNet, notes, `obligor ${i + 1}`);
    calculations.push({
      id: `obligor${i + 1}`,
      obligor: party('obligor', p.name),
      obligee: { role: 'thirdParty', name: thirdPartyName },
      lines: book.lines,
      applied: { socialSecurityBenefit: false, sharedCustody: false, furtherAdjustment: false, lowIncome: low.value.applied, additionalExpenses: expenses.any },
      result: { basicSupportMonthly: formatCents(low.value.basic), additionalExpensesMonthly: formatCents(expensesNet), totalMonthly: formatCents(total) },
    });
  }
  if (expenses.any) {
    notes.push(
      "Third-party case: additional expenses are shared between the parents by their incomes (the third party's counts as zero), so together they pay the whole expense once (OpenCSE choice; the reference does not say).",
    );
  }
  return ok({ calculations, notes });
}

function party(role: WorksheetParty['role'], name: string | undefined): WorksheetParty {
  return { role, name: name ?? null };
}

function percentNote(rounding: PercentRounding): string {
  if (rounding === 'wholePercent') return 'rounded to whole percents that add up to 100 (published-example practice)';
  if (rounding === 'basisPoints') return 'rounded to 0.01% (basis points) that add up to 100';
  return 'exact fractions (see exact); shown to 4 decimals';
}

function shareNote(rounding: ShareRounding): string {
  return rounding === 'wholeDollar'
    ? 'obligor rounded half-up to a whole dollar (published-example practice); obligee gets the rest'
    : 'to the cent by largest remainder, so the shares add up to line 10';
}
