/**
 * Assignment buckets and the per-case financial state that distribution reads and returns.
 * Arrears are kept by assignment category (federal-rules.md 1.3) because the category, not the age,
 * decides who is paid: PA/TA/CA are owed to the State up to URA, UDA/UPA/NA to the family.
 */
import { CASE_TYPES } from '../cases/schemas.ts';
import { formatDollars, type Cents } from '../kernel/money.ts';

export { CASE_TYPES };
export type CaseType = (typeof CASE_TYPES)[number];

/** PA permanently assigned, TA temporarily assigned, CA conditionally assigned, UDA unassigned
 * during-assistance, UPA unassigned pre-assistance, NA never assigned. */
export const ARREARS_BUCKETS = ['PA', 'TA', 'CA', 'UDA', 'UPA', 'NA'] as const;
export type ArrearsBucket = (typeof ARREARS_BUCKETS)[number];
export type ArrearsBalances = Record<ArrearsBucket, Cents>;

/** Buckets that are assigned to the State (kept up to URA). */
export const ASSIGNED_BUCKETS: readonly ArrearsBucket[] = ['PA', 'TA', 'CA'];

export interface FeeYearTotals {
  /** Federal fiscal year these totals belong to; totals for an earlier FFY count as zero. */
  ffy: number;
  /** Support disbursed (or due to be disbursed) to the family in the FFY, after any fee. */
  familyReceivedCents: Cents;
  /** Annual fee already assessed in the FFY (taken, charged or paid by the State). */
  feeCents: Cents;
}

export interface CaseState {
  caseType: CaseType;
  /** The support month ("YYYY-MM") the current-support fields below describe. */
  supportMonth: string;
  childCount: number;
  currentSupportDueCents: Cents;
  currentSupportPaidCents: Cents;
  arrears: ArrearsBalances;
  /** Unreimbursed assistance: TANF (or IV-E maintenance) paid, minus assigned support the State kept. */
  uraCents: Cents;
  /** IV-E foster care maintenance paid for the support month (0 when not in placement). */
  fosterCareMaintenanceCents: Cents;
  /** Part of this month's maintenance already reimbursed from current support (302.52(b)(1)). */
  fosterCareReimbursedCents: Cents;
  /** Pass-through already paid to the family in the support month (657(a)(6)(B)). */
  passedThroughCents: Cents;
  /** Support paid ahead and held for future months (302.51(b)). */
  heldFutureCents: Cents;
  feeYear: FeeYearTotals;
}

export function zeroArrears(): ArrearsBalances {
  return { PA: 0, TA: 0, CA: 0, UDA: 0, UPA: 0, NA: 0 };
}

export function totalArrearsCents(arrears: ArrearsBalances): Cents {
  return ARREARS_BUCKETS.reduce((sum, b) => sum + arrears[b], 0);
}

/** A case state with every amount zero, overridden by `init`. */
export type CaseStateInit = Omit<Partial<CaseState>, 'arrears'> & Pick<CaseState, 'caseType' | 'supportMonth'> & { arrears?: Partial<ArrearsBalances> };

export function newCaseState(init: CaseStateInit): CaseState {
  return {
    childCount: 1,
    currentSupportDueCents: 0,
    currentSupportPaidCents: 0,
    uraCents: 0,
    fosterCareMaintenanceCents: 0,
    fosterCareReimbursedCents: 0,
    passedThroughCents: 0,
    heldFutureCents: 0,
    feeYear: { ffy: 0, familyReceivedCents: 0, feeCents: 0 },
    ...init,
    arrears: { ...zeroArrears(), ...init.arrears },
  };
}

export function cloneCaseState(state: CaseState): CaseState {
  return { ...state, arrears: { ...state.arrears }, feeYear: { ...state.feeYear } };
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isSupportMonth(text: string): boolean {
  return MONTH.test(text);
}

/** "2026-11-15" → "2026-11". */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

export function firstDayOf(month: string): string {
  return `${month}-01`;
}

/** Problems that make a case state unusable (negative amounts, impossible combinations). */
export function caseStateProblems(state: CaseState): string[] {
  const problems: string[] = [];
  const amounts: Array<[string, number]> = [
    ['currentSupportDueCents', state.currentSupportDueCents],
    ['currentSupportPaidCents', state.currentSupportPaidCents],
    ['uraCents', state.uraCents],
    ['fosterCareMaintenanceCents', state.fosterCareMaintenanceCents],
    ['fosterCareReimbursedCents', state.fosterCareReimbursedCents],
    ['passedThroughCents', state.passedThroughCents],
    ['heldFutureCents', state.heldFutureCents],
    ...ARREARS_BUCKETS.map((b): [string, number] => [`arrears.${b}`, state.arrears[b]]),
  ];
  for (const [name, value] of amounts) {
    if (!Number.isSafeInteger(value) || value < 0) problems.push(`${name} must be whole, non-negative cents`);
  }
  if (!isSupportMonth(state.supportMonth)) problems.push('supportMonth must be YYYY-MM');
  if (!Number.isInteger(state.childCount) || state.childCount < 1) problems.push('childCount must be at least 1');
  if (state.currentSupportPaidCents > state.currentSupportDueCents) problems.push('current support paid exceeds current support due');
  if (state.fosterCareReimbursedCents > state.fosterCareMaintenanceCents) problems.push('foster care reimbursed exceeds the month’s maintenance');
  const neverAssisted = state.caseType === 'never_assistance' || state.caseType === 'medicaid_only';
  if (neverAssisted && ASSIGNED_BUCKETS.some((b) => state.arrears[b] > 0)) {
    problems.push(`a ${state.caseType} case cannot hold assigned arrears (PA, TA, CA)`);
  }
  return problems;
}

/** What the order and the assistance history say about one support month. */
export interface MonthTerms {
  currentSupportDueCents: Cents;
  /** The family receives TANF (IV-A) or the child IV-E maintenance in this month. */
  assistanceMonth: boolean;
  /** TANF grant or IV-E maintenance paid for the month; added to URA. */
  assistancePaidCents: Cents;
  /** The case type for the month (an IV-A case becomes former assistance when assistance ends). */
  caseType: CaseType;
}

export interface MonthChange {
  fromMonth: string;
  toMonth: string;
  unpaidCurrentSupportCents: Cents;
  /** Bucket the unpaid current support went to. */
  arrearsBucket: ArrearsBucket;
  /** Sentences for people, e.g. "unpaid current support for 2026-10 ($100.00) became NA arrears". */
  notes: string[];
}

/**
 * Closes the support month and opens the next one. Unpaid current support becomes arrears: PA when the
 * closing month was an assistance month (the support accrued while assigned, 608(a)(3)), NA otherwise.
 * When a IV-A family leaves assistance, TA becomes CA and assigned arrears above URA become unassigned
 * (CA to UPA first, then PA to UDA; Arizona R6-7-715 order, a State rule).
 */
export function advanceMonth(state: CaseState, closing: MonthTerms, opening: MonthTerms): { state: CaseState; change: MonthChange } {
  const s = cloneCaseState(state);
  const from = s.supportMonth;
  const to = nextMonth(from);
  const unpaid = s.currentSupportDueCents - s.currentSupportPaidCents;
  const bucket: ArrearsBucket = closing.assistanceMonth ? 'PA' : 'NA';
  s.arrears[bucket] += unpaid;
  const notes: string[] = [];
  if (unpaid > 0) notes.push(`unpaid current support for ${from} (${formatDollars(unpaid)}) became ${bucket} arrears`);
  const leavingIvA = closing.assistanceMonth && !opening.assistanceMonth && closing.caseType === 'current_assistance';
  if (leavingIvA) notes.push(...unassignOnExit(s));
  s.caseType = opening.caseType;
  s.supportMonth = to;
  s.currentSupportDueCents = opening.currentSupportDueCents;
  s.currentSupportPaidCents = 0;
  s.passedThroughCents = 0;
  s.fosterCareMaintenanceCents = opening.caseType === 'iv_e_foster_care' ? opening.assistancePaidCents : 0;
  s.fosterCareReimbursedCents = 0;
  s.uraCents += opening.assistancePaidCents;
  if (opening.assistancePaidCents > 0) notes.push(`assistance paid for ${to} (${formatDollars(opening.assistancePaidCents)}) added to URA`);
  return { state: s, change: { fromMonth: from, toMonth: to, unpaidCurrentSupportCents: unpaid, arrearsBucket: bucket, notes } };
}

/** On leaving TANF: TA becomes CA, then assigned arrears above URA are unassigned. Mutates `s`. */
function unassignOnExit(s: CaseState): string[] {
  const notes: string[] = [];
  if (s.arrears.TA > 0) {
    notes.push(`assistance ended: TA arrears (${formatDollars(s.arrears.TA)}) became CA`);
    s.arrears.CA += s.arrears.TA;
    s.arrears.TA = 0;
  }
  let excess = s.arrears.CA + s.arrears.PA - s.uraCents;
  const fromCa = Math.min(Math.max(excess, 0), s.arrears.CA);
  s.arrears.CA -= fromCa;
  s.arrears.UPA += fromCa;
  excess -= fromCa;
  const fromPa = Math.min(Math.max(excess, 0), s.arrears.PA);
  s.arrears.PA -= fromPa;
  s.arrears.UDA += fromPa;
  if (fromCa > 0) notes.push(`assistance ended: CA arrears above URA (${formatDollars(fromCa)}) became UPA`);
  if (fromPa > 0) notes.push(`assistance ended: PA arrears above URA (${formatDollars(fromPa)}) became UDA`);
  return notes;
}
