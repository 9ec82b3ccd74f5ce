/**
 * Timeframe clocks on file (case_timeframe): starting them from the data on file and from events a worker
 * records, meeting them, and the batch that keeps clocks and the worklist in step for a business date.
 * The rules themselves are pure (timeframe-rules.ts). Intake writes the case_opening clock; this module
 * adds every other clock and never rewrites the opening one except to list it.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { isIsoDate } from '../kernel/calendar.ts';
import { fail, FailureError, orAbort, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { canSeeOffice, programScope, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { ROLE_POLICIES } from '../security/roles.ts';
import { loadCaseFacts, type CaseSelection, type LoadedCase } from './facts.ts';
import { CASEWORK_POLICY, clockStatus, clocksForEvent, MANUAL_EVENTS, planClocks, timeframeRule, type ClockEvent, type ClockPlan, type ClockStatus } from './timeframe-rules.ts';
import { closeItemsForClock, refreshWorklist, type WorklistRefresh } from './worklist.ts';
import { visibleCase } from './visible-case.ts';
import { caseProgramId, programPolicyOn } from '../tribal/policy.ts';

export interface ClockChanges {
  started: number;
  met: number;
  cancelled: number;
}

/** Cases per chunk of the sweep: their facts are loaded and their plans applied together. */
const CASE_CHUNK = 2000;
/** Rows per multi-row statement. */
const ROW_CHUNK = 1000;

function chunked<T>(rows: readonly T[], size = ROW_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Applies the clock plans of many cases inside the caller's transaction, in multi-row statements: new
 * clocks in case and plan order (a clock already on file for the kind and start date is left alone and
 * not counted), then the clocks met, then the clocks stopped (the planner never both meets and stops one).
 */
async function applyPlans(db: Db, ctx: RequestContext, plans: ReadonlyArray<{ caseId: number; plan: ClockPlan }>, changes: ClockChanges): Promise<void> {
  const starts = plans.flatMap(({ caseId, plan: p }) => (p.action === 'start' ? [{ caseId, p }] : []));
  for (const part of chunked(starts)) {
    const inserted = await db
      .insertInto('case_timeframe')
      .values(part.map(({ caseId, p }) => ({ case_id: caseId, intake_id: null, kind: p.kind, regulation: p.regulation, event: p.event, start_date: p.startDate, due_date: p.dueDate, met_date: p.metDate, met_note: p.metNote, created_by: ctx.actor.userId })))
      .onConflict((oc) => oc.columns(['case_id', 'kind', 'start_date']).where('case_id', 'is not', null).doNothing())
      .returning('id')
      .execute();
    changes.started += inserted.length;
  }
  const meets = plans.flatMap(({ plan: p }) => (p.action === 'meet' ? [p] : []));
  for (const part of chunked(meets)) {
    const values = sql.join(part.map((p) => sql`(${p.clockId}::bigint, ${p.metDate}::date, ${p.metNote}::text)`));
    await sql`
      update case_timeframe t set met_date = v.met_date, met_note = v.note from (values ${values}) as v(id, met_date, note)
      where t.id = v.id and t.met_date is null and t.cancelled_date is null`.execute(db);
    changes.met += part.length;
  }
  const cancels = plans.flatMap(({ plan: p }) => (p.action === 'cancel' ? [p] : []));
  for (const part of chunked(cancels)) {
    const values = sql.join(part.map((p) => sql`(${p.clockId}::bigint, ${p.cancelledDate}::date, ${p.reason}::text)`));
    await sql`
      update case_timeframe t set cancelled_date = v.cancelled_date, cancel_reason = v.reason from (values ${values}) as v(id, cancelled_date, reason)
      where t.id = v.id and t.met_date is null and t.cancelled_date is null`.execute(db);
    changes.cancelled += part.length;
  }
}

/** Plans for the loaded cases. Nothing can have happened on a case after the business date the batch runs for. */
function plansFor(loaded: Map<number, LoadedCase>, today: string): Array<{ caseId: number; plan: ClockPlan }> {
  const out: Array<{ caseId: number; plan: ClockPlan }> = [];
  for (const [caseId, c] of loaded) {
    for (const plan of planClocks(c.facts, c.clocks)) {
      if (plan.action === 'start' ? plan.startDate <= today && (plan.metDate === null || plan.metDate <= today) : plan.action === 'meet' ? plan.metDate <= today : true) out.push({ caseId, plan });
    }
  }
  return out;
}

/**
 * Brings the clocks of the selected cases in step with the data on file (inside the caller's transaction).
 * An office (or the whole state) is taken a few thousand cases at a time, by case id, so memory stays
 * bounded whatever the caseload.
 */
export async function syncClocks(db: Db, ctx: RequestContext, sel: CaseSelection, today: string, chunkSize = CASE_CHUNK): Promise<ClockChanges & { cases: number }> {
  const changes: ClockChanges = { started: 0, met: 0, cancelled: 0 };
  if ('caseIds' in sel) {
    const loaded = await loadCaseFacts(db, sel, today);
    await applyPlans(db, ctx, plansFor(loaded, today), changes);
    return { ...changes, cases: loaded.size };
  }
  let cases = 0;
  let after = 0;
  const inOffice = sel.officeId === null ? sql<boolean>`true` : sql<boolean>`c.office_id = ${sel.officeId}`;
  for (;;) {
    const next = await sql<{ last: string | number | null }>`
      select max(id) as last from (select c.id from iv_d_case c where ${inOffice} and c.id > ${after} order by c.id limit ${chunkSize}) x`.execute(db);
    const last = next.rows[0]?.last;
    if (last === null || last === undefined) break;
    const loaded = await loadCaseFacts(db, { officeId: sel.officeId, idAfter: after, idUpTo: Number(last) }, today);
    await applyPlans(db, ctx, plansFor(loaded, today), changes);
    cases += loaded.size;
    after = Number(last);
  }
  return { ...changes, cases };
}

export interface TimeframeBatchSummary extends ClockChanges, WorklistRefresh {
  asOf: string;
  officeId: number | null;
  cases: number;
}

/**
 * The timeframe batch for a business date: start, meet and stop clocks from the data on file, then make
 * worklist items for clocks due soon or overdue, escalate overdue ones to the office's supervisor, and close
 * items whose clock was met. One transaction; running it again for the same date changes nothing more.
 */
export async function runTimeframeBatch(deps: Deps, ctx: RequestContext, asOf: string, officeId: number | null = null): Promise<Result<TimeframeBatchSummary>> {
  if (!isIsoDate(asOf)) return fail('VALIDATION_FAILED', undefined, [{ path: '/asOf', message: 'must be a date (YYYY-MM-DD)' }]);
  return inTransaction(deps.db, async (db) => {
    orAbort(requirePermission(ctx.actor, 'case.write'));
    let office = officeId;
    if (ROLE_POLICIES[ctx.actor.role].scope === 'office') {
      if (ctx.actor.role !== 'supervisor') throw new FailureError(fail('FORBIDDEN', 'only a supervisor or an administrator runs the timeframe batch'));
      if (office !== null && office !== ctx.actor.officeId) throw new FailureError(fail('FORBIDDEN', 'a supervisor runs the batch for their own office only'));
      office = ctx.actor.officeId;
    } else if (ROLE_POLICIES[ctx.actor.role].scope !== 'state') {
      throw new FailureError(fail('FORBIDDEN'));
    }
    const program = await programScope(db, ctx.actor);
    if (!program.ok) throw new FailureError(program);
    if (office !== null && !(await canSeeOffice(db, ctx.actor, office))) throw new FailureError(fail('NOT_FOUND', `no office ${office} that you may see`));
    // A user of one IV-D program (tribal mode) runs the batch office by office over their program only.
    const offices = office === null && ctx.actor.programId != null && (await db.selectFrom('iv_d_program').select('id').execute()).length > 1
      ? (await db.selectFrom('office').select('id').where('program_id', '=', ctx.actor.programId).orderBy('id').execute()).map((o) => o.id)
      : [office];
    const totals: Record<string, number> = { started: 0, met: 0, cancelled: 0, cases: 0, itemsCreated: 0, itemsOverdue: 0, itemsEscalated: 0, itemsNotEscalated: 0, itemsDone: 0, itemsReassigned: 0 };
    for (const one of offices) {
      const part: Record<string, unknown> = { ...(await syncClocks(db, ctx, { officeId: one }, asOf)), ...(await refreshWorklist(db, ctx, asOf, one)) };
      for (const [k, v] of Object.entries(part)) if (typeof v === 'number') totals[k] = (totals[k] ?? 0) + v;
    }
    const clocks = totals as unknown as ClockChanges & { cases: number };
    const worklist = totals as unknown as WorklistRefresh;
    const summary: TimeframeBatchSummary = { asOf, officeId: office, ...clocks, ...worklist };
    await recordAudit(db, ctx, { action: 'update', entityType: 'timeframe_batch', entityId: asOf, detail: { ...summary } });
    return summary;
  });
}

export interface ClockView {
  clockId: number;
  kind: string;
  regulation: string;
  title: string;
  event: string | null;
  startDate: string;
  dueDate: string;
  metDate: string | null;
  metNote: string | null;
  metBy: number | null;
  cancelledDate: string | null;
  cancelReason: string | null;
  status: ClockStatus;
}

/** The clocks of a case with where each stands on `asOf` (default today). */
export async function listCaseClocks(deps: Pick<Deps, 'db'>, ctx: RequestContext, caseNumber: string, asOf?: string): Promise<Result<{ caseNumber: string; asOf: string; clocks: ClockView[] }>> {
  return inTransaction(deps.db, async (db) => {
    const c = await visibleCase(db, ctx, caseNumber, 'case.read');
    const date = asOf ?? ctx.clock.today();
    const rows = await db.selectFrom('case_timeframe').selectAll().where('case_id', '=', c.id).orderBy('start_date').orderBy('id').execute();
    await recordAudit(db, ctx, { action: 'read', entityType: 'case_timeframes', entityId: c.case_number, caseIds: [c.id] });
    return {
      caseNumber: c.case_number,
      asOf: date,
      clocks: rows.map((t) => ({
        clockId: t.id,
        kind: t.kind,
        regulation: t.regulation,
        title: timeframeRule(t.kind)?.title ?? t.kind,
        event: t.event,
        startDate: t.start_date,
        dueDate: t.due_date,
        metDate: t.met_date,
        metNote: t.met_note,
        metBy: t.met_by,
        cancelledDate: t.cancelled_date,
        cancelReason: t.cancel_reason,
        status: clockStatus({ dueDate: t.due_date, metDate: t.met_date, cancelledDate: t.cancelled_date }, date, CASEWORK_POLICY.dueSoonDays),
      })),
    };
  });
}

/** A worker records an event that starts clocks (303.6, 303.7, 303.8 events the data cannot show). */
export async function recordClockEvent(deps: Deps, ctx: RequestContext, caseNumber: string, input: { event: string; date: string; note?: string | undefined }): Promise<Result<{ started: Array<{ clockId: number; kind: string; regulation: string; startDate: string; dueDate: string }>; alreadyStarted: string[] }>> {
  if (!(MANUAL_EVENTS as string[]).includes(input.event)) {
    return fail('VALIDATION_FAILED', undefined, [{ path: '/event', message: `must be one of: ${MANUAL_EVENTS.join(', ')}` }]);
  }
  if (input.date > ctx.clock.today()) return fail('VALIDATION_FAILED', undefined, [{ path: '/date', message: 'cannot be in the future' }]);
  return inTransaction(deps.db, async (db) => {
    const c = await visibleCase(db, ctx, caseNumber, 'case.write', true);
    if (c.status !== 'open') throw new FailureError(fail('CASE_STATE_INVALID', `case ${c.case_number} is closed`));
    const started: Array<{ clockId: number; kind: string; regulation: string; startDate: string; dueDate: string }> = [];
    const alreadyStarted: string[] = [];
    const program = await caseProgramId(db, c.id);
    const policy = program === null ? null : await programPolicyOn(db, program, input.date);
    for (const clock of clocksForEvent(input.event as ClockEvent, input.date, policy?.timeframeDays)) {
      const row = await db
        .insertInto('case_timeframe')
        .values({ case_id: c.id, intake_id: null, kind: clock.kind, regulation: clock.regulation, event: input.event, start_date: clock.startDate, due_date: clock.dueDate, met_date: null, met_note: input.note ?? null, created_by: ctx.actor.userId })
        .onConflict((oc) => oc.columns(['case_id', 'kind', 'start_date']).where('case_id', 'is not', null).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (row) started.push({ clockId: row.id, ...clock });
      else alreadyStarted.push(clock.kind);
    }
    await recordAudit(db, ctx, { action: 'create', entityType: 'case_timeframe', entityId: c.case_number, caseIds: [c.id], detail: { event: input.event, date: input.date, started: started.map((s) => s.kind) } });
    return { started, alreadyStarted };
  });
}

/** A worker records that a clock was met (the action was taken), with the date and a note. */
export async function meetClock(deps: Deps, ctx: RequestContext, caseNumber: string, clockId: number, input: { date: string; note: string }): Promise<Result<ClockView>> {
  if (input.date > ctx.clock.today()) return fail('VALIDATION_FAILED', undefined, [{ path: '/date', message: 'cannot be in the future' }]);
  return inTransaction(deps.db, async (db) => {
    const c = await visibleCase(db, ctx, caseNumber, 'case.write');
    const t = await db.selectFrom('case_timeframe').selectAll().where('id', '=', clockId).where('case_id', '=', c.id).forUpdate().executeTakeFirst();
    if (!t) throw new FailureError(fail('NOT_FOUND', `no clock ${clockId} on case ${c.case_number}`));
    if (t.met_date || t.cancelled_date) throw new FailureError(fail('ALREADY_PROCESSED', `clock ${clockId} was already ${t.met_date ? `met on ${t.met_date}` : `stopped on ${t.cancelled_date}`}`));
    if (input.date < t.start_date) throw new FailureError(fail('VALIDATION_FAILED', undefined, [{ path: '/date', message: `cannot be before the clock started (${t.start_date})` }]));
    await db.updateTable('case_timeframe').set({ met_date: input.date, met_by: ctx.actor.userId, met_note: input.note }).where('id', '=', t.id).execute();
    await closeItemsForClock(db, ctx, t.id, input.date, `clock met: ${input.note}`);
    await recordAudit(db, ctx, { action: 'update', entityType: 'case_timeframe', entityId: t.id, caseIds: [c.id], detail: { kind: t.kind, metDate: input.date } });
    return {
      clockId: t.id,
      kind: t.kind,
      regulation: t.regulation,
      title: timeframeRule(t.kind)?.title ?? t.kind,
      event: t.event,
      startDate: t.start_date,
      dueDate: t.due_date,
      metDate: input.date,
      metNote: input.note,
      metBy: ctx.actor.userId,
      cancelledDate: null,
      cancelReason: null,
      status: clockStatus({ dueDate: t.due_date, metDate: input.date, cancelledDate: null }, ctx.clock.today(), CASEWORK_POLICY.dueSoonDays),
    };
  });
}

export interface TimeframeCompliance {
  kind: string;
  regulation: string;
  title: string;
  metOnTime: number;
  metLate: number;
  overdue: number;
  open: number;
  cancelled: number;
}

/**
 * How the clocks due in a period stand, by kind, for charts: met on time, met late, still overdue, open.
 * A clock counts in the period its due date falls in.
 */
export async function timeframeCompliance(db: Db, from: string, to: string, asOf: string, officeId: number | null, programId: number | null = null): Promise<TimeframeCompliance[]> {
  const rows = await sql<{ kind: string; regulation: string; due_date: string; met_date: string | null; cancelled_date: string | null }>`
    select t.kind, t.regulation, t.due_date, t.met_date, t.cancelled_date
    from case_timeframe t
    left join iv_d_case c on c.id = t.case_id
    left join intake i on i.id = t.intake_id
    where t.due_date between ${from} and ${to} and (${officeId}::bigint is null or coalesce(c.office_id, i.office_id) = ${officeId})
      and (${programId}::bigint is null or coalesce(c.office_id, i.office_id) in (select po.id from office po where po.program_id = ${programId}))`.execute(db);
  const byKind = new Map<string, TimeframeCompliance>();
  for (const r of rows.rows) {
    const rule = timeframeRule(r.kind);
    const k = byKind.get(r.kind) ?? { kind: r.kind, regulation: r.regulation, title: rule?.title ?? r.kind, metOnTime: 0, metLate: 0, overdue: 0, open: 0, cancelled: 0 };
    const s = clockStatus({ dueDate: r.due_date, metDate: r.met_date, cancelledDate: r.cancelled_date }, asOf, CASEWORK_POLICY.dueSoonDays);
    if (s === 'met_on_time') k.metOnTime++;
    else if (s === 'met_late') k.metLate++;
    else if (s === 'overdue') k.overdue++;
    else if (s === 'cancelled') k.cancelled++;
    else k.open++;
    byKind.set(r.kind, k);
  }
  return [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}
