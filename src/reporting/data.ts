/**
 * The inputs of the federal reports, loaded once as plain rows (a few queries) so the report lines are
 * plain, testable functions over them. Reads tables of the cases, participants, financial and casework
 * modules; writes nothing.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Frequency, ObligationKind } from '../db/schema.ts';
import type { CaseState } from '../financial/buckets.ts';

export interface ClosedInterval {
  closed: string;
  /** The day the case was open again; null while still closed. */
  reopened: string | null;
}

export interface ReportCase {
  id: number;
  caseNumber: string;
  caseType: string;
  interstateRole: string;
  officeId: number;
  officeCode: string;
  openedDate: string;
  closedIntervals: ClosedInterval[];
}

export interface ReportChild {
  caseId: number;
  personId: number;
  name: string;
  startDate: string;
  endDate: string | null;
  bornOutOfWedlock: boolean | null;
  paternityEstablished: boolean | null;
}

export interface ReportOrder {
  caseId: number;
  enteredDate: string;
  effectiveDate: string;
  status: string;
}

export interface ReportObligation {
  caseId: number;
  kind: ObligationKind;
  amountCents: number;
  frequency: Frequency;
  startDate: string;
  endDate: string | null;
  enteredDate: string;
  orderStatus: string;
}

export interface ReportAccrual {
  caseId: number;
  supportMonth: string;
  currentSupportCents: number;
  unpaidToArrearsCents: number;
}

export interface ReportAccount {
  caseId: number;
  supportMonth: string;
  arrearsCents: number;
}

export interface ReportAllocation {
  id: number;
  caseId: number;
  receiptId: number;
  supportMonth: string;
  target: string;
  payee: string;
  amountCents: number;
  ruleCode: string;
  /** Business date of the distribution journal. */
  date: string;
  /** Business date of the journal that reversed it (NSF, stop payment), if any. */
  reversedDate: string | null;
}

export interface ReportReceipt {
  id: number;
  source: string;
  amountCents: number;
  receivedDate: string;
  status: string;
  caseId: number | null;
}

/** A paternity established (or acknowledged) for a child on a case, with its business date. */
export interface ReportPaternity {
  caseId: number;
  childPersonId: number;
  name: string;
  method: string | null;
  establishedDate: string;
}

/** The medical terms of a support order (establishment's support_order_terms). */
export interface ReportOrderTerms {
  caseId: number;
  enteredDate: string;
  healthInsuranceBy: string;
}

/** A fact about a case for a span of dates that the reporting module keeps (report_case_fact). */
export interface ReportCaseFact {
  caseId: number;
  fact: 'no_jurisdiction' | 'health_insurance_provided';
  fromDate: string;
  throughDate: string | null;
}

/** Statewide vital-statistics figures for one fiscal year (report_statewide_input). */
export interface ReportStatewideInput {
  fiscalYear: number;
  birthsOutOfWedlock: number | null;
  paternitiesEstablished: number | null;
  source: string;
}

export interface ReportData {
  /** Office the data were limited to, or null for the State. */
  officeId: number | null;
  cases: ReportCase[];
  children: ReportChild[];
  orders: ReportOrder[];
  obligations: ReportObligation[];
  accruals: ReportAccrual[];
  accounts: ReportAccount[];
  allocations: ReportAllocation[];
  paternities: ReportPaternity[];
  orderTerms: ReportOrderTerms[];
  caseFacts: ReportCaseFact[];
  /** Statewide figures; empty for an office view (they are not known by office). */
  statewide: ReportStatewideInput[];
}

const ARREARS_KEYS = ['PA', 'TA', 'CA', 'UDA', 'UPA', 'NA'] as const;

/** Everything the OCSE-157 and the performance measures read, for the State or one office. */
/** The cases (alias `c`) a report covers: one office or all, never past the reader's IV-D program (tribal mode). */
export function reportCaseScope(officeId: number | null, programId: number | null) {
  const inOffice = officeId === null ? sql<boolean>`true` : sql<boolean>`c.office_id = ${officeId}`;
  return programId === null ? inOffice : sql<boolean>`(${inOffice} and c.office_id in (select po.id from office po where po.program_id = ${programId}))`;
}

/** One slice of the cases in scope: the first `limit` case numbers after `afterCaseNumber` (null: from the first). */
export interface CaseChunk {
  afterCaseNumber: string | null;
  limit: number;
}

/**
 * Everything the OCSE-157 and the measures count, for the cases in scope; with `chunk`, for one slice of
 * them in case-number order, so a whole State is read a slice at a time (src/reporting/ocse157-chunked.ts).
 */
export async function loadReportData(db: Db, officeId: number | null, programId: number | null = null, chunk: CaseChunk | null = null): Promise<ReportData> {
  const inProgram = reportCaseScope(officeId, programId);
  const afterChunkStart = chunk?.afterCaseNumber == null ? sql<boolean>`true` : sql<boolean>`c.case_number > ${chunk.afterCaseNumber}`;
  const cases = await sql<{ id: number; case_number: string; case_type: string; interstate_role: string; office_id: number; office_code: string; opened_date: string; status: string; closed_date: string | null }>`
    select c.id, c.case_number, c.case_type, c.interstate_role, c.office_id, o.code as office_code, c.opened_date, c.status, c.closed_date
    from iv_d_case c join office o on o.id = c.office_id where ${inProgram} and ${afterChunkStart} order by c.case_number
    ${chunk ? sql`limit ${chunk.limit}` : sql``}`.execute(db);
  const lastOfChunk = chunk && cases.rows.length > 0 ? cases.rows[cases.rows.length - 1]!.case_number : null;
  const inScope = !chunk
    ? inProgram
    : lastOfChunk === null
      ? sql<boolean>`false`
      : sql<boolean>`(${inProgram} and ${afterChunkStart} and c.case_number <= ${lastOfChunk})`;
  const closures = await sql<{ case_id: number; closed_date: string; reopened_date: string | null }>`
    select k.case_id, k.closed_date, k.reopened_date from case_closure k join iv_d_case c on c.id = k.case_id
    where ${inScope} and k.closed_date is not null order by k.closed_date`.execute(db);
  const byCase = new Map<number, ReportCase>();
  const out: ReportData = { officeId, cases: [], children: [], orders: [], obligations: [], accruals: [], accounts: [], allocations: [], paternities: [], orderTerms: [], caseFacts: [], statewide: [] };
  for (const c of cases.rows) {
    const rc: ReportCase = { id: c.id, caseNumber: c.case_number, caseType: c.case_type, interstateRole: c.interstate_role, officeId: c.office_id, officeCode: c.office_code, openedDate: c.opened_date, closedIntervals: [] };
    byCase.set(c.id, rc);
    out.cases.push(rc);
  }
  for (const k of closures.rows) byCase.get(k.case_id)?.closedIntervals.push({ closed: k.closed_date, reopened: k.reopened_date });
  // A case closed outside the closure module (imported or converted) still has its closed_date.
  for (const c of cases.rows) {
    const rc = byCase.get(c.id)!;
    if (c.status === 'closed' && c.closed_date && !rc.closedIntervals.some((i) => i.closed === c.closed_date && i.reopened === null)) rc.closedIntervals.push({ closed: c.closed_date, reopened: null });
  }

  const children = await sql<{ case_id: number; person_id: number; name: string; start_date: string; end_date: string | null; born_out_of_wedlock: boolean | null; paternity_established: boolean | null }>`
    select m.case_id, m.person_id, p.first_name || ' ' || p.last_name as name, m.start_date, m.end_date, m.born_out_of_wedlock, m.paternity_established
    from case_member m join iv_d_case c on c.id = m.case_id join person p on p.id = m.person_id
    where ${inScope} and m.role = 'child' order by m.id`.execute(db);
  out.children = children.rows.map((r) => ({ caseId: r.case_id, personId: r.person_id, name: r.name, startDate: r.start_date, endDate: r.end_date, bornOutOfWedlock: r.born_out_of_wedlock, paternityEstablished: r.paternity_established }));

  const orders = await sql<{ case_id: number; entered_date: string; effective_date: string; status: string }>`
    select s.case_id, s.entered_date, s.effective_date, s.status from support_order s join iv_d_case c on c.id = s.case_id where ${inScope} order by s.entered_date, s.id`.execute(db);
  out.orders = orders.rows.map((r) => ({ caseId: r.case_id, enteredDate: r.entered_date, effectiveDate: r.effective_date, status: r.status }));

  const obligations = await sql<{ case_id: number; kind: ObligationKind; amount_cents: number; frequency: Frequency; start_date: string; end_date: string | null; entered_date: string; status: string }>`
    select b.case_id, b.kind, b.amount_cents, b.frequency, b.start_date, b.end_date, s.entered_date, s.status
    from obligation b join support_order s on s.id = b.order_id join iv_d_case c on c.id = b.case_id where ${inScope} order by b.id`.execute(db);
  out.obligations = obligations.rows.map((r) => ({ caseId: r.case_id, kind: r.kind, amountCents: r.amount_cents, frequency: r.frequency, startDate: r.start_date, endDate: r.end_date, enteredDate: r.entered_date, orderStatus: r.status }));

  const accruals = await sql<{ case_id: number; support_month: string; current_support_cents: number; unpaid_to_arrears_cents: number }>`
    select a.case_id, a.support_month, a.current_support_cents, a.unpaid_to_arrears_cents from accrual a join iv_d_case c on c.id = a.case_id where ${inScope}`.execute(db);
  out.accruals = accruals.rows.map((r) => ({ caseId: r.case_id, supportMonth: r.support_month, currentSupportCents: r.current_support_cents, unpaidToArrearsCents: r.unpaid_to_arrears_cents }));

  const accounts = await sql<{ case_id: number; support_month: string; state: CaseState }>`
    select a.case_id, a.support_month, a.state from case_account a join iv_d_case c on c.id = a.case_id where ${inScope}`.execute(db);
  out.accounts = accounts.rows.map((r) => ({ caseId: r.case_id, supportMonth: r.support_month, arrearsCents: ARREARS_KEYS.reduce((s, b) => s + (r.state.arrears[b] ?? 0), 0) }));

  const allocations = await sql<{ id: number; case_id: number; receipt_id: number; support_month: string; target: string; payee: string; amount_cents: number; rule_code: string; date: string; reversed_date: string | null }>`
    select d.id, d.case_id, d.receipt_id, d.support_month, d.target, d.payee, d.amount_cents, d.rule_code, j.business_date as date,
      (select r.business_date from ledger_journal r where r.reverses_journal_id = d.journal_id) as reversed_date
    from distribution_allocation d join ledger_journal j on j.id = d.journal_id join iv_d_case c on c.id = d.case_id
    where ${inScope} order by d.id`.execute(db);
  out.allocations = allocations.rows.map((r) => ({ id: r.id, caseId: r.case_id, receiptId: r.receipt_id, supportMonth: r.support_month, target: r.target, payee: r.payee, amountCents: r.amount_cents, ruleCode: r.rule_code, date: r.date, reversedDate: r.reversed_date }));

  // Paternities still established today (a rescinded acknowledgment is no paternity), by their date.
  const paternities = await sql<{ case_id: number; child_person_id: number; name: string; method: string | null; established_date: string }>`
    select t.case_id, t.child_person_id, p.first_name || ' ' || p.last_name as name, t.method, t.established_date
    from paternity t join iv_d_case c on c.id = t.case_id join person p on p.id = t.child_person_id
    where ${inScope} and t.status = 'established' and t.established_date is not null order by t.id`.execute(db);
  out.paternities = paternities.rows.map((r) => ({ caseId: r.case_id, childPersonId: r.child_person_id, name: r.name, method: r.method, establishedDate: r.established_date }));

  const terms = await sql<{ case_id: number; entered_date: string; health_insurance_by: string }>`
    select t.case_id, s.entered_date, t.health_insurance_by from support_order_terms t join support_order s on s.id = t.support_order_id
    join iv_d_case c on c.id = t.case_id where ${inScope} order by t.support_order_id`.execute(db);
  out.orderTerms = terms.rows.map((r) => ({ caseId: r.case_id, enteredDate: r.entered_date, healthInsuranceBy: r.health_insurance_by }));

  const facts = await sql<{ case_id: number; fact: ReportCaseFact['fact']; from_date: string; through_date: string | null }>`
    select f.case_id, f.fact, f.from_date, f.through_date from report_case_fact f join iv_d_case c on c.id = f.case_id where ${inScope} order by f.id`.execute(db);
  out.caseFacts = facts.rows.map((r) => ({ caseId: r.case_id, fact: r.fact, fromDate: r.from_date, throughDate: r.through_date }));

  if (officeId === null) {
    const statewide = await sql<{ fiscal_year: number; births_out_of_wedlock: number | null; paternities_established: number | null; source: string }>`
      select fiscal_year, births_out_of_wedlock, paternities_established, source from report_statewide_input order by fiscal_year`.execute(db);
    out.statewide = statewide.rows.map((r) => ({ fiscalYear: r.fiscal_year, birthsOutOfWedlock: r.births_out_of_wedlock, paternitiesEstablished: r.paternities_established, source: r.source }));
  }
  return out;
}

/**
 * Whose SDU money an OCSE-34 counts (tribal mode): one IV-D program's (receipts whose program, by the
 * view receipt_program, is that program), the money no program has yet ('unattributed': receipts of a
 * consortium install received without a program and not identified), or the whole install (null). The
 * programs' figures and the unattributed figures add up to the install's, line by line.
 */
export type ReceiptScope = { programId: number } | 'unattributed' | null;

/** A SQL condition that a receipt id column (possibly null, e.g. a journal without receipt) is in scope. */
export function receiptInScope(scope: ReceiptScope, receiptColumn: RawBuilder<unknown>): RawBuilder<boolean> {
  if (scope === null) return sql<boolean>`true`;
  if (scope === 'unattributed') return sql<boolean>`(${receiptColumn} is null or ${receiptColumn} in (select rpv.receipt_id from receipt_program rpv where rpv.program_id is null))`;
  return sql<boolean>`${receiptColumn} in (select rpv.receipt_id from receipt_program rpv where rpv.program_id = ${scope.programId})`;
}

/** Receipts received in a period (all of them: identified or not, later reversed or not). */
export async function loadReceipts(db: Db, from: string, to: string, scope: ReceiptScope = null): Promise<ReportReceipt[]> {
  const rows = await sql<{ id: number; source: string; amount_cents: number; received_date: string; status: string; case_id: number | null }>`
    select id, source, amount_cents, received_date, status, case_id from receipt where received_date between ${from} and ${to} and ${receiptInScope(scope, sql`receipt.id`)} order by id`.execute(db);
  return rows.rows.map((r) => ({ id: r.id, source: r.source, amountCents: r.amount_cents, receivedDate: r.received_date, status: r.status, caseId: r.case_id }));
}

/** The undistributed balance (credit balance of the undistributed account) at the end of `date`, split by pool. */
export async function undistributedOn(db: Db, date: string, scope: ReceiptScope = null): Promise<{ totalCents: number; caseHeldCents: number; obligorPoolCents: number; unidentifiedCents: number }> {
  const rows = await sql<{ pool: string; balance: number }>`
    select case when p.case_id is not null then 'case' when p.person_id is not null then 'obligor' else 'unidentified' end as pool,
      coalesce(-sum(p.amount_cents), 0)::bigint as balance
    from ledger_posting p join ledger_journal j on j.id = p.journal_id
    where p.account = 'undistributed' and j.business_date <= ${date} and ${receiptInScope(scope, sql`j.receipt_id`)}
    group by 1`.execute(db);
  const get = (pool: string) => Number(rows.rows.find((r) => r.pool === pool)?.balance ?? 0);
  const caseHeldCents = get('case');
  const obligorPoolCents = get('obligor');
  const unidentifiedCents = get('unidentified');
  return { totalCents: caseHeldCents + obligorPoolCents + unidentifiedCents, caseHeldCents, obligorPoolCents, unidentifiedCents };
}

/** Receipts reversed (NSF, stop payment) in a period: the receipt journal's reversal, by its business date. */
export async function receiptReversals(db: Db, from: string, to: string, scope: ReceiptScope = null): Promise<Array<{ receiptId: number; amountCents: number; date: string }>> {
  const rows = await sql<{ receipt_id: number; amount: number; date: string }>`
    select j.receipt_id, coalesce(sum(p.amount_cents), 0)::bigint as amount, j.business_date as date
    from ledger_journal j join ledger_posting p on p.journal_id = j.id
    where j.event = 'nsf_reversal' and p.account = 'undistributed' and j.business_date between ${from} and ${to} and ${receiptInScope(scope, sql`j.receipt_id`)}
    group by j.id, j.receipt_id, j.business_date order by j.id`.execute(db);
  return rows.rows.filter((r) => Number(r.amount) !== 0).map((r) => ({ receiptId: r.receipt_id, amountCents: Number(r.amount), date: r.date }));
}

/** Allocations of every case in a period by their own or their reversal's date (for OCSE-34), attributed by their receipt. */
export async function allocationsTouching(db: Db, from: string, to: string, scope: ReceiptScope = null): Promise<Array<ReportAllocation & { caseType: string }>> {
  const rows = await sql<{ id: number; case_id: number; case_type: string; receipt_id: number; support_month: string; target: string; payee: string; amount_cents: number; rule_code: string; date: string; reversed_date: string | null }>`
    select * from (
      select d.id, d.case_id, c.case_type, d.receipt_id, d.support_month, d.target, d.payee, d.amount_cents, d.rule_code, j.business_date as date,
        (select r.business_date from ledger_journal r where r.reverses_journal_id = d.journal_id) as reversed_date
      from distribution_allocation d join ledger_journal j on j.id = d.journal_id join iv_d_case c on c.id = d.case_id
      where ${receiptInScope(scope, sql`d.receipt_id`)}) x
    where x.date between ${from} and ${to} or x.reversed_date between ${from} and ${to}
    order by x.id`.execute(db);
  return rows.rows.map((r) => ({ id: r.id, caseId: r.case_id, caseType: r.case_type, receiptId: r.receipt_id, supportMonth: r.support_month, target: r.target, payee: r.payee, amountCents: r.amount_cents, ruleCode: r.rule_code, date: r.date, reversedDate: r.reversed_date }));
}
