/**
 * Storage helpers shared by the establishment services: finding a case the actor may read or change,
 * the case's members, and the case_timeframe clocks this module runs (303.4(d), 303.8).
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { MemberRole } from '../db/schema.ts';
import { fail, FailureError, ok, orAbort, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { canSeeCase, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';

export interface CaseRow {
  id: number;
  caseNumber: string;
  status: 'open' | 'closed';
  officeId: number;
}

async function findCase(db: Db, caseNumber: string): Promise<CaseRow | null> {
  const c = await db.selectFrom('iv_d_case').select(['id', 'case_number', 'status', 'office_id']).where('case_number', '=', caseNumber.toUpperCase()).executeTakeFirst();
  return c ? { id: c.id, caseNumber: c.case_number, status: c.status, officeId: c.office_id } : null;
}

/** The open case for a change; inside a unit of work (a failure aborts it). */
export async function caseForWrite(db: Db, ctx: RequestContext, caseNumber: string): Promise<CaseRow> {
  orAbort(requirePermission(ctx.actor, 'case.write'));
  const c = await findCase(db, caseNumber);
  if (!c || !(await canSeeCase(db, ctx.actor, c.id))) throw new FailureError(fail('NOT_FOUND', `no case ${caseNumber} that you may see`));
  if (c.status !== 'open') throw new FailureError(fail('CASE_STATE_INVALID', `case ${caseNumber} is closed`));
  return c;
}

/** The case for a read; a refused read is audited too (outside any transaction). */
export async function caseForRead(db: Db, ctx: RequestContext, caseNumber: string, entityType: string): Promise<CaseRow> {
  orAbort(requirePermission(ctx.actor, 'case.read'));
  const c = await findCase(db, caseNumber);
  if (!c || !(await canSeeCase(db, ctx.actor, c.id))) {
    await recordAudit(db, ctx, { action: 'read', entityType, entityId: caseNumber, detail: { outcome: 'not found or not permitted' } });
    throw new FailureError(fail('NOT_FOUND', `no case ${caseNumber} that you may see`));
  }
  return c;
}

export interface MemberRow {
  memberId: number;
  personId: number;
  role: MemberRole;
  startDate: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  bornOutOfWedlock: boolean | null;
  paternityEstablished: boolean | null;
}

/** The case's current members (end_date null), in the order they were added. */
export async function activeMembers(db: Db, caseId: number): Promise<MemberRow[]> {
  const rows = await db
    .selectFrom('case_member as m')
    .innerJoin('person as p', 'p.id', 'm.person_id')
    .select(['m.id', 'm.person_id', 'm.role', 'm.start_date', 'm.born_out_of_wedlock', 'm.paternity_established', 'p.first_name', 'p.last_name', 'p.date_of_birth'])
    .where('m.case_id', '=', caseId)
    .where('m.end_date', 'is', null)
    .orderBy('m.id')
    .execute();
  return rows.map((r) => ({
    memberId: r.id,
    personId: r.person_id,
    role: r.role,
    startDate: r.start_date,
    firstName: r.first_name,
    lastName: r.last_name,
    dateOfBirth: r.date_of_birth,
    bornOutOfWedlock: r.born_out_of_wedlock,
    paternityEstablished: r.paternity_established,
  }));
}

/**
 * The person an order would obligate: the noncustodial parent, else an alleged father (the same
 * choice the financial module's order entry makes).
 */
export function obligorOf(members: readonly MemberRow[]): MemberRow | null {
  return members.find((m) => m.role === 'noncustodial_parent') ?? members.find((m) => m.role === 'alleged_father') ?? null;
}

export const TIMEFRAMES = {
  establishment: { kind: 'establishment', regulation: '45 CFR 303.4(d)' },
  reviewCycle: { kind: 'review_cycle', regulation: '45 CFR 303.8(b)(1)' },
  reviewCompletion: { kind: 'review_completion', regulation: '45 CFR 303.8(e)' },
} as const;

export type TimeframeName = keyof typeof TIMEFRAMES;

export interface TimeframeView {
  kind: string;
  regulation: string;
  startDate: string;
  dueDate: string;
  metDate: string | null;
}

export async function timeframesOf(db: Db, caseId: number, name: TimeframeName): Promise<TimeframeView[]> {
  const rows = await db
    .selectFrom('case_timeframe')
    .select(['kind', 'regulation', 'start_date', 'due_date', 'met_date'])
    .where('case_id', '=', caseId)
    .where('kind', '=', TIMEFRAMES[name].kind)
    .orderBy('start_date')
    .orderBy('id')
    .execute();
  return rows.map((t) => ({ kind: t.kind, regulation: t.regulation, startDate: t.start_date, dueDate: t.due_date, metDate: t.met_date }));
}

export async function startTimeframe(db: Db, caseId: number, name: TimeframeName, startDate: string, dueDate: string): Promise<void> {
  const { kind, regulation } = TIMEFRAMES[name];
  await db.insertInto('case_timeframe').values({ case_id: caseId, intake_id: null, kind, regulation, start_date: startDate, due_date: dueDate, met_date: null }).execute();
}

/**
 * Restarts a recurring clock from `startDate` (a new order or a completed review restarts the 36-month
 * cycle): open clocks of the kind are met that day and a new one runs from it. When a clock of the kind
 * already starts that day (an order entered on the day its review finished), that clock is the one that
 * runs; nothing is started twice.
 */
export async function restartTimeframe(db: Db, caseId: number, name: TimeframeName, startDate: string, dueDate: string): Promise<void> {
  const { kind } = TIMEFRAMES[name];
  const sameDay = await db.selectFrom('case_timeframe').select(['id', 'met_date']).where('case_id', '=', caseId).where('kind', '=', kind).where('start_date', '=', startDate).executeTakeFirst();
  if (sameDay) {
    await db.updateTable('case_timeframe').set({ met_date: null, due_date: dueDate }).where('id', '=', sameDay.id).execute();
    return;
  }
  await meetTimeframes(db, caseId, name, startDate);
  await startTimeframe(db, caseId, name, startDate, dueDate);
}

/** Marks the case's open clocks of this kind met on `metDate` (never before they started); returns how many. */
export async function meetTimeframes(db: Db, caseId: number, name: TimeframeName, metDate: string): Promise<number> {
  const result = await db
    .updateTable('case_timeframe')
    .set({ met_date: sql<string>`greatest(start_date, ${metDate}::date)` })
    .where('case_id', '=', caseId)
    .where('kind', '=', TIMEFRAMES[name].kind)
    .where('met_date', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function hasTimeframe(db: Db, caseId: number, name: TimeframeName, openOnly: boolean): Promise<boolean> {
  let q = db.selectFrom('case_timeframe').select('id').where('case_id', '=', caseId).where('kind', '=', TIMEFRAMES[name].kind);
  if (openOnly) q = q.where('met_date', 'is', null);
  return (await q.executeTakeFirst()) !== undefined;
}

/** A person's mailing address for a notice: a current mailing address, else a current residential one. */
export async function noticeAddress(db: Db, personId: number, onDate: string): Promise<string[]> {
  const row = await db
    .selectFrom('person_address')
    .select(['line1', 'line2', 'city', 'state_code', 'zip', 'kind'])
    .where('person_id', '=', personId)
    .where('verification', '<>', 'bad')
    .where('effective_from', '<=', onDate)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', onDate)]))
    .orderBy(sql`case when kind = 'mailing' then 0 else 1 end`)
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!row) return ['(no address on file)'];
  return [row.line1, ...(row.line2 ? [row.line2] : []), `${row.city}, ${row.state_code} ${row.zip}`];
}

/** Runs a read (no transaction) and turns a business failure thrown inside into a result. */
export async function asResult<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (err) {
    if (err instanceof FailureError) return err.failure;
    throw err;
  }
}
