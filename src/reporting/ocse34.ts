/**
 * OCSE-34 (Quarterly Report of Collections), Part 1, from receipts, distribution allocations and the
 * ledger's undistributed account (federal-rules.md 6.3 and 2.3). Line numbers follow the older numbering
 * Kansas codes (1 balance forward, 2a-2h collections, 3 adjustments, 4 forwarded, 6 available, 7a-7c
 * distributed, 8 total distributed, 9 undistributed, 10 federal share); the sub-line letters of the 2014
 * form were not all legible, so the labels say what each line holds. Pure: no database.
 */
import type { ReportAllocation, ReportReceipt } from './data.ts';

/** Collection source lines (2a-2h) by receipt source. */
export const SOURCE_LINES: Readonly<Record<string, { line: string; label: string }>> = {
  federal_tax_offset: { line: '2a', label: 'Federal tax refund offset' },
  state_tax_offset: { line: '2b', label: 'State tax refund offset' },
  unemployment_offset: { line: '2c', label: 'Unemployment compensation offset' },
  ach_employer: { line: '2e', label: 'Income withholding (IV-D and non-IV-D)' },
  interstate: { line: '2f', label: 'Collections from other States or Tribes' },
  check: { line: '2h', label: 'Other sources' },
  cash: { line: '2h', label: 'Other sources' },
  money_order: { line: '2h', label: 'Other sources' },
  other: { line: '2h', label: 'Other sources' },
};

export const COLLECTION_LINES: ReadonlyArray<{ line: string; label: string }> = [
  { line: '2a', label: 'Federal tax refund offset' },
  { line: '2b', label: 'State tax refund offset' },
  { line: '2c', label: 'Unemployment compensation offset' },
  { line: '2d', label: 'Administrative enforcement in interstate cases' },
  { line: '2e', label: 'Income withholding (IV-D and non-IV-D)' },
  { line: '2f', label: 'Collections from other States or Tribes' },
  { line: '2g', label: 'Collections from other countries' },
  { line: '2h', label: 'Other sources' },
];

/** OCSE-34 columns by the case's type: A current IV-A, B current IV-E, C former IV-A, D former IV-E, E Medicaid never assistance, F other never assistance. */
export const COLUMN_OF_CASE_TYPE: Readonly<Record<string, 'A' | 'B' | 'C' | 'D' | 'E' | 'F'>> = {
  current_assistance: 'A',
  iv_e_foster_care: 'B',
  former_assistance: 'C',
  medicaid_only: 'E',
  never_assistance: 'F',
};
export const COLUMNS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type Column = (typeof COLUMNS)[number];
export type ByColumn = Record<Column | 'G', number>;

const zero = (): ByColumn => ({ A: 0, B: 0, C: 0, D: 0, E: 0, F: 0, G: 0 });

export interface Ocse34Input {
  year: number;
  quarter: 1 | 2 | 3 | 4;
  /** Undistributed balance at the end of the day before the quarter, and at the end of the quarter. */
  undistributedStartCents: number;
  undistributedEnd: { totalCents: number; caseHeldCents: number; obligorPoolCents: number; unidentifiedCents: number };
  receipts: readonly ReportReceipt[];
  /** Receipts reversed (NSF, stop payment) in the quarter, by the reversal's date. */
  receiptReversals: ReadonlyArray<{ receiptId: number; amountCents: number; date: string }>;
  /** Allocations made or reversed in the quarter, with the case type. */
  allocations: ReadonlyArray<ReportAllocation & { caseType: string }>;
}

export interface Ocse34Line {
  line: string;
  label: string;
  amountCents: number;
  columns?: ByColumn;
  note?: string;
}

export interface Ocse34Report {
  form: 'OCSE-34';
  fiscalYear: number;
  quarter: number;
  periodStart: string;
  periodEnd: string;
  lines: Ocse34Line[];
  checks: Array<{ name: string; ok: boolean; detail: string }>;
  notes: string[];
}

export function quarterBounds(year: number, quarter: 1 | 2 | 3 | 4): { start: string; end: string } {
  switch (quarter) {
    case 1:
      return { start: `${year - 1}-10-01`, end: `${year - 1}-12-31` };
    case 2:
      return { start: `${year}-01-01`, end: `${year}-03-31` };
    case 3:
      return { start: `${year}-04-01`, end: `${year}-06-30` };
    case 4:
      return { start: `${year}-07-01`, end: `${year}-09-30` };
  }
}

/** What a distributed allocation is for on the OCSE-34. */
export function distributionCategory(a: Pick<ReportAllocation, 'payee' | 'ruleCode' | 'target'>): 'reimbursement' | 'medical' | 'family' | 'fees' | 'refund' | 'held' {
  if (a.ruleCode === 'ANNUAL_FEE') return 'fees';
  if (a.payee === 'held') return a.target === 'refund' ? 'refund' : 'held';
  if (a.payee === 'state' || a.payee === 'federal') return 'reimbursement';
  if (a.payee === 'medicaid_agency') return 'medical';
  return 'family';
}

export function computeOcse34(input: Ocse34Input): Ocse34Report {
  const { start, end } = quarterBounds(input.year, input.quarter);
  const within = (d: string | null) => d !== null && d >= start && d <= end;
  const collections = new Map<string, number>(COLLECTION_LINES.map((l) => [l.line, 0]));
  for (const r of input.receipts) {
    if (!within(r.receivedDate)) continue;
    const line = SOURCE_LINES[r.source]?.line ?? '2h';
    collections.set(line, collections.get(line)! + r.amountCents);
  }
  const collected = [...collections.values()].reduce((s, n) => s + n, 0);

  const buckets = { reimbursement: zero(), medical: zero(), family: zero(), fees: zero(), passedThrough: zero(), federal: zero(), refund: 0 };
  for (const a of input.allocations) {
    const signed = (within(a.date) ? a.amountCents : 0) - (within(a.reversedDate) ? a.amountCents : 0);
    if (signed === 0) continue;
    const category = distributionCategory(a);
    if (category === 'held') continue;
    if (category === 'refund') {
      buckets.refund += signed;
      continue;
    }
    const col = COLUMN_OF_CASE_TYPE[a.caseType] ?? 'F';
    buckets[category][col] += signed;
    buckets[category].G += signed;
    if (a.ruleCode === 'PASS_THROUGH') {
      buckets.passedThrough[col] += signed;
      buckets.passedThrough.G += signed;
    }
    if (a.payee === 'federal') {
      buckets.federal[col] += signed;
      buckets.federal.G += signed;
    }
  }
  const reversed = input.receiptReversals.filter((r) => within(r.date)).reduce((s, r) => s + r.amountCents, 0);
  // 0 - x, not -x: no negative zero in the report (it would not equal 0 once sent as JSON).
  const adjustments = 0 - reversed - buckets.refund;
  const forwarded = 0;
  const available = input.undistributedStartCents + collected + adjustments - forwarded;
  const total = zero();
  for (const k of ['reimbursement', 'medical', 'family', 'fees'] as const) for (const c of [...COLUMNS, 'G'] as const) total[c] += buckets[k][c];
  const undistributed = available - total.G;

  const lines: Ocse34Line[] = [
    { line: '1', label: 'Balance undistributed at the end of the previous quarter (carried from line 9)', amountCents: input.undistributedStartCents },
    ...COLLECTION_LINES.map((l) => ({ line: l.line, label: `Collections received: ${l.label}`, amountCents: collections.get(l.line)! })),
    { line: '2', label: 'Total collections received in the quarter', amountCents: collected },
    { line: '3', label: 'Net adjustments (returned payments reversed, refunds to payers)', amountCents: adjustments, note: `receipts reversed ${-reversed}; refunds ${-buckets.refund}` },
    { line: '4', label: 'Collections forwarded outside the IV-D program (other States, non-IV-D, other countries)', amountCents: forwarded, note: 'not recorded: the SDU forwards nothing outside the IV-D program yet' },
    { line: '6', label: 'Collections available for distribution (1 + 2 + 3 - 4)', amountCents: available },
    { line: '7a', label: 'Distributed as assistance reimbursement (State and federal shares)', amountCents: buckets.reimbursement.G, columns: buckets.reimbursement },
    { line: '7b', label: 'Distributed as medical support (to the Medicaid agency)', amountCents: buckets.medical.G, columns: buckets.medical },
    { line: '7c', label: 'Distributed to the family or foster care (IV-E agency)', amountCents: buckets.family.G, columns: buckets.family },
    { line: '7c-pt', label: '   of which passed through to TANF families (657(a)(6)(B))', amountCents: buckets.passedThrough.G, columns: buckets.passedThrough },
    { line: '7d', label: 'Fees withheld by the State (annual fee)', amountCents: buckets.fees.G, columns: buckets.fees },
    { line: '8', label: 'Total distributed collections (7a + 7b + 7c + 7d)', amountCents: total.G, columns: total },
    { line: '9', label: 'Gross undistributed collections at the end of the quarter (6 - 8)', amountCents: undistributed },
    { line: '9-unidentified', label: '   of which unidentified payments', amountCents: input.undistributedEnd.unidentifiedCents },
    { line: '9-obligor', label: '   of which held for an obligor not yet applied to a case (no order yet)', amountCents: input.undistributedEnd.obligorPoolCents },
    { line: '9-case', label: '   of which held on cases (future support, joint-return offsets, awaiting distribution)', amountCents: input.undistributedEnd.caseHeldCents },
    { line: '10', label: 'Federal share of collections distributed', amountCents: buckets.federal.G, columns: buckets.federal },
  ];
  return {
    form: 'OCSE-34',
    fiscalYear: input.year,
    quarter: input.quarter,
    periodStart: start,
    periodEnd: end,
    lines,
    checks: [
      { name: 'line 9 equals the ledger', ok: undistributed === input.undistributedEnd.totalCents, detail: `line 6 - line 8 = ${undistributed}; undistributed account at ${end} = ${input.undistributedEnd.totalCents}` },
      { name: 'line 8 equals 7a + 7b + 7c + 7d by column', ok: COLUMNS.every((c) => total[c] === buckets.reimbursement[c] + buckets.medical[c] + buckets.family[c] + buckets.fees[c]), detail: 'per column A-F' },
    ],
    notes: [
      'Quarters are of the federal fiscal year: quarter 1 of FFY 2026 is October to December 2025.',
      'Columns follow the case type recorded on the case (a IV-A case is column A even in months after assistance ended); column D (former IV-E) is not distinguished.',
      'Line 2 counts every receipt received in the quarter, identified or not; a receipt reversed later is an adjustment (line 3) in the quarter of the reversal.',
      'Medical support sent to the Medicaid agency (7b) and forwarded collections (line 4) are not produced by the financial module yet.',
    ],
  };
}
