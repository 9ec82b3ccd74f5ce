/**
 * Loading the facts the pure timeframe and closure rules judge, in bulk (a handful of queries for any
 * number of cases). Reads tables other modules own (cases, participants, financial) and never writes them.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { ClockFacts, ExistingClock } from './timeframe-rules.ts';

export interface CaseRow {
  id: number;
  case_number: string;
  case_type: string;
  interstate_role: 'none' | 'initiating' | 'responding';
  other_jurisdiction_fips: string | null;
  intake_source: string;
  status: 'open' | 'closed';
  received_date: string;
  opened_date: string;
  closed_date: string | null;
  closure_reason: string | null;
  office_id: number;
  assigned_worker_id: number | null;
}

export interface LoadedCase {
  row: CaseRow;
  facts: ClockFacts;
  clocks: Array<ExistingClock & { dueDate: string; regulation: string }>;
}

/**
 * Which cases: a list of ids, or every case (optionally one office's), optionally only those with an id
 * in (idAfter, idUpTo] (the sweep takes the caseload a range of ids at a time).
 */
export type CaseSelection = { caseIds: readonly number[] } | { officeId: number | null; idAfter?: number; idUpTo?: number };

function caseFilter(sel: CaseSelection) {
  if ('caseIds' in sel) return sel.caseIds.length ? sql<boolean>`c.id in (${sql.join(sel.caseIds.map((id) => sql`${id}`))})` : sql<boolean>`false`;
  const conditions = [sel.officeId === null ? sql<boolean>`true` : sql<boolean>`c.office_id = ${sel.officeId}`];
  if (sel.idAfter !== undefined) conditions.push(sql<boolean>`c.id > ${sel.idAfter}`);
  if (sel.idUpTo !== undefined) conditions.push(sql<boolean>`c.id <= ${sel.idUpTo}`);
  return sql<boolean>`(${sql.join(conditions, sql` and `)})`;
}

const later = (a: string, b: string) => (a > b ? a : b);

/** program_policy.timeframe_days as read back (jsonb: an object, or its text on some drivers); null when empty. */
export function timeframeDaysOf(value: unknown): Record<string, number> | null {
  const obj = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (!obj || typeof obj !== 'object') return null;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) if (typeof v === 'number') out[k] = v;
  return Object.keys(out).length > 0 ? out : null;
}

/** Facts and stored clocks of the selected cases; `today` bounds dates taken from system timestamps. */
export async function loadCaseFacts(db: Db, sel: CaseSelection, today: string): Promise<Map<number, LoadedCase>> {
  const where = caseFilter(sel);
  // timeframe_days: the clock lengths of the case's program's policy in force on `today` (a Tribal plan's).
  const cases = await sql<CaseRow & { reopened: string | null; timeframe_days: unknown }>`
    select c.id, c.case_number, c.case_type, c.interstate_role, c.other_jurisdiction_fips, c.intake_source, c.status,
      c.received_date, c.opened_date, c.closed_date, c.closure_reason, c.office_id, c.assigned_worker_id,
      (select max(k.reopened_date) from case_closure k where k.case_id = c.id) as reopened,
      (select pp.timeframe_days from office o join program_policy pp on pp.program_id = o.program_id
        where o.id = c.office_id and pp.effective_from <= ${today} and (pp.effective_to is null or pp.effective_to >= ${today})
        order by pp.effective_from desc limit 1) as timeframe_days
    from iv_d_case c where ${where} order by c.id`.execute(db);
  const out = new Map<number, LoadedCase>();
  for (const r of cases.rows) {
    const { reopened, timeframe_days, ...row } = r;
    const timeframeDays = timeframeDaysOf(timeframe_days);
    out.set(r.id, {
      row,
      facts: {
        caseType: r.case_type,
        interstateRole: r.interstate_role,
        intakeSource: r.intake_source,
        status: r.status,
        receivedDate: r.received_date,
        openedDate: reopened && reopened > r.opened_date ? reopened : r.opened_date,
        closedDate: r.closed_date,
        hasNcp: false,
        ncpLocatedDate: null,
        orders: [],
        incomeSources: [],
        openingLetterDates: [],
        reviewNoticeDates: [],
        ...(timeframeDays ? { timeframeDays } : {}),
      },
      clocks: [],
    });
  }
  if (out.size === 0) return out;

  // The NCP (or alleged father) and the first date a verified address or employer of theirs was on file.
  const ncps = await sql<{ case_id: number; located: string | null }>`
    select m.case_id,
      (select min(d) from (
         select coalesce(a.verified_date, a.effective_from) as d from person_address a
         where a.person_id = m.person_id and a.verification = 'verified'
         union all
         select e.verified_date from person_employment e
         where e.person_id = m.person_id and e.verification = 'verified' and e.verified_date is not null) x) as located
    from case_member m join iv_d_case c on c.id = m.case_id
    where ${where} and m.role in ('noncustodial_parent', 'alleged_father') and m.end_date is null`.execute(db);
  for (const n of ncps.rows) {
    const f = out.get(n.case_id)!.facts;
    f.hasNcp = true;
    if (n.located && (f.ncpLocatedDate === null || n.located < f.ncpLocatedDate)) f.ncpLocatedDate = n.located;
  }

  const orders = await sql<{ case_id: number; entered_date: string }>`
    select o.case_id, o.entered_date from support_order o join iv_d_case c on c.id = o.case_id where ${where} order by o.entered_date, o.id`.execute(db);
  for (const o of orders.rows) (out.get(o.case_id)!.facts.orders as Array<{ enteredDate: string }>).push({ enteredDate: o.entered_date });

  // Employers of the NCP still on file. When the agency learned of one: its verified date, else the business
  // day the record was entered (never before the case opened, never after today).
  const employers = await sql<{ case_id: number; id: number; verified_date: string | null; entered_on: string; iwo_issued: string | null }>`
    select m.case_id, e.id, e.verified_date, e.entered_date::text as entered_on,
      (select min(w.issued_date)::text from income_withholding_order w
        where w.case_id = m.case_id and w.issued_date is not null and (w.person_employment_id = e.id or w.employer_id = e.employer_id)) as iwo_issued
    from case_member m join iv_d_case c on c.id = m.case_id join person_employment e on e.person_id = m.person_id
    where ${where} and m.role in ('noncustodial_parent', 'alleged_father') and m.end_date is null and e.end_date is null
    order by e.id`.execute(db);
  for (const e of employers.rows) {
    const loaded = out.get(e.case_id)!;
    let found = e.verified_date ?? later(e.entered_on, loaded.facts.openedDate);
    if (found > today) found = today;
    (loaded.facts.incomeSources as Array<{ employmentId: number; foundDate: string; noticeSentDate: string | null }>).push({ employmentId: e.id, foundDate: found, noticeSentDate: e.iwo_issued });
  }

  const notices = await sql<{ case_id: number; template_code: string; notice_date: string }>`
    select n.case_id, n.template_code, n.notice_date from case_notice n join iv_d_case c on c.id = n.case_id
    where ${where} and n.template_code in ('case_opening_letter', 'review_rights_notice') order by n.notice_date`.execute(db);
  for (const n of notices.rows) {
    const f = out.get(n.case_id)!.facts;
    (n.template_code === 'case_opening_letter' ? (f.openingLetterDates as string[]) : (f.reviewNoticeDates as string[])).push(n.notice_date);
  }

  const clocks = await sql<{ id: number; case_id: number; kind: string; regulation: string; start_date: string; due_date: string; met_date: string | null; cancelled_date: string | null }>`
    select t.id, t.case_id, t.kind, t.regulation, t.start_date, t.due_date, t.met_date, t.cancelled_date
    from case_timeframe t join iv_d_case c on c.id = t.case_id where ${where} order by t.start_date, t.id`.execute(db);
  for (const t of clocks.rows) {
    out.get(t.case_id)!.clocks.push({ id: t.id, kind: t.kind, regulation: t.regulation, startDate: t.start_date, dueDate: t.due_date, metDate: t.met_date, cancelledDate: t.cancelled_date });
  }
  return out;
}
