/**
 * Worklist items and alerts: one item per clock that is due soon or overdue (for the case's assigned
 * worker, or the office queue when no one is assigned), escalated to an active supervisor of the office
 * once overdue, and done when the clock is met or stops; one item per closure whose 60-day notice period
 * ended. Every change leaves a worklist_event, so an item's history shows when it was raised, escalated
 * and met. Items carry a unique dedupe key: refreshing twice for the same date adds nothing.
 */
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import type { AlertLevel, WorklistItemTable } from '../db/schema.ts';
import { inTransaction } from '../db/tx.ts';
import { addDays } from '../kernel/calendar.ts';
import { fail, FailureError, orAbort, ok, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { canSeeOffice, programOfficeCondition, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { ROLE_POLICIES } from '../security/roles.ts';
import { CASEWORK_POLICY, timeframeRule } from './timeframe-rules.ts';

export interface WorklistRefresh {
  itemsCreated: number;
  itemsOverdue: number;
  itemsEscalated: number;
  itemsNotEscalated: number;
  itemsDone: number;
  itemsReassigned: number;
}

type ItemEvent = 'created' | 'due_soon' | 'overdue' | 'escalated' | 'not_escalated' | 'done' | 'reassigned';

async function addEvent(db: Db, ctx: RequestContext, itemId: number, event: ItemEvent, businessDate: string, detail?: Record<string, unknown>): Promise<void> {
  await db
    .insertInto('worklist_event')
    .values({ item_id: itemId, event, business_date: businessDate, occurred_at: ctx.clock.now(), actor_user_id: ctx.actor.userId, detail: detail ? JSON.stringify(detail) : null })
    .execute();
}

/** The office's active supervisor who takes escalations (the longest-serving one, by user id). */
async function officeSupervisor(db: Db, officeId: number): Promise<number | null> {
  const row = await db.selectFrom('app_user').select('id').where('office_id', '=', officeId).where('role', '=', 'supervisor').where('active', '=', true).orderBy('id').executeTakeFirst();
  return row?.id ?? null;
}

interface DueClock {
  id: number;
  case_id: number | null;
  intake_id: number | null;
  kind: string;
  regulation: string;
  due_date: string;
  office_id: number;
  assigned_worker_id: number | null;
  case_number: string | null;
}

/** Rows per multi-row statement of the sweep (well under PostgreSQL's 65,535 parameters). */
const CHUNK = 1000;

function chunked<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

interface PendingEvent {
  itemId: number;
  event: ItemEvent;
  businessDate: string;
  detail?: Record<string, unknown>;
}

/** Adds events in multi-row inserts, in the order given (so an item's history keeps its order). */
async function addEvents(db: Db, ctx: RequestContext, events: readonly PendingEvent[]): Promise<void> {
  for (const part of chunked(events)) {
    const now = ctx.clock.now();
    await db
      .insertInto('worklist_event')
      .values(part.map((e) => ({ item_id: e.itemId, event: e.event, business_date: e.businessDate, occurred_at: now, actor_user_id: ctx.actor.userId, detail: e.detail ? JSON.stringify(e.detail) : null })))
      .execute();
  }
}

/** A bigint[] parameter (PGlite's dialect and node-postgres both send it as an array literal). */
const idArray = (ids: readonly number[]) => sql`${ids}::bigint[]`;

/** Marks items done, each on its own date with its own note, and records a 'done' event for each. */
async function finishItems(db: Db, ctx: RequestContext, items: ReadonlyArray<{ id: number; date: string; note: string }>, doneBy: number | null): Promise<void> {
  for (const part of chunked(items)) {
    const values = sql.join(part.map((i) => sql`(${i.id}::bigint, ${i.date}::date, ${i.note}::text)`));
    await sql`
      update worklist_item w set status = 'done', done_date = v.done_date, done_by = ${doneBy}::bigint, done_note = v.note
      from (values ${values}) as v(id, done_date, note)
      where w.id = v.id and w.status <> 'done'`.execute(db);
    await addEvents(db, ctx, part.map((i) => ({ itemId: i.id, event: 'done' as const, businessDate: i.date, detail: { note: i.note } })));
  }
}

type ItemRow = Selectable<WorklistItemTable>;

/**
 * Makes, escalates and closes worklist items for `asOf` (inside the caller's transaction). Set-based: the
 * due clocks are taken a thousand at a time, their items loaded (and locked) in one query, new items and
 * their events inserted in multi-row statements, and each kind of change applied to many items at once.
 * The rules, counts and events are those of one item at a time, and every item's history keeps its order
 * (created, overdue, reassigned, escalated).
 */
export async function refreshWorklist(db: Db, ctx: RequestContext, asOf: string, officeId: number | null): Promise<WorklistRefresh> {
  const r: WorklistRefresh = { itemsCreated: 0, itemsOverdue: 0, itemsEscalated: 0, itemsNotEscalated: 0, itemsDone: 0, itemsReassigned: 0 };
  const horizon = addDays(asOf, CASEWORK_POLICY.dueSoonDays);
  const inOffice = officeId === null ? sql<boolean>`true` : sql<boolean>`x.office_id = ${officeId}`;

  // Clocks still running that are due within the horizon: on open cases, or on intakes awaiting review.
  const due = await sql<DueClock>`
    select * from (
      select t.id, t.case_id, t.intake_id, t.kind, t.regulation, t.due_date, c.office_id, c.assigned_worker_id, c.case_number
      from case_timeframe t join iv_d_case c on c.id = t.case_id
      where t.met_date is null and t.cancelled_date is null and t.start_date <= ${asOf} and t.due_date <= ${horizon} and c.status = 'open'
      union all
      select t.id, null, t.intake_id, t.kind, t.regulation, t.due_date, i.office_id, null, null
      from case_timeframe t join intake i on i.id = t.intake_id
      where t.case_id is null and t.met_date is null and t.cancelled_date is null and t.due_date <= ${horizon} and i.status = 'pending_review'
    ) x where ${inOffice} order by x.due_date, x.id`.execute(db);

  const supervisors = new Map<number, number | null>();
  const supervisorOf = async (office: number) => {
    if (!supervisors.has(office)) supervisors.set(office, await officeSupervisor(db, office));
    return supervisors.get(office)!;
  };

  for (const clocks of chunked(due.rows)) {
    const keys = clocks.map((t) => `timeframe:${t.id}`);
    const existing = await sql<ItemRow>`select * from worklist_item where dedupe_key = any(${keys}::text[]) order by id for update`.execute(db);
    const byKey = new Map(existing.rows.map((w) => [w.dedupe_key, w]));

    const fresh: Array<{ t: DueClock; level: AlertLevel; values: Insertable<WorklistItemTable> }> = [];
    const overdue: Array<{ item: ItemRow; t: DueClock }> = [];
    const reassigned: Array<{ item: ItemRow; t: DueClock }> = [];
    const toEscalate: Array<{ itemId: number | null; key: string; dueDate: string | null; officeId: number }> = [];
    for (const t of clocks) {
      const level: AlertLevel = asOf > t.due_date ? 'overdue' : 'due_soon';
      const key = `timeframe:${t.id}`;
      const item = byKey.get(key);
      if (!item) {
        const rule = timeframeRule(t.kind);
        const title = `${rule?.title ?? t.kind}${t.case_number ? '' : ' (intake awaiting a duplicate decision)'}`;
        fresh.push({
          t,
          level,
          values: {
            kind: 'timeframe', case_id: t.case_id, intake_id: t.intake_id, timeframe_id: t.id, closure_id: null, office_id: t.office_id, title, regulation: t.regulation,
            due_date: t.due_date, alert_level: level, status: 'open', assigned_user_id: t.assigned_worker_id, escalated_to_user_id: null, escalated_date: null,
            created_date: asOf, done_date: null, done_by: null, done_note: null, dedupe_key: key, created_at: ctx.clock.now(),
          },
        });
        if (level === 'overdue') toEscalate.push({ itemId: null, key, dueDate: t.due_date, officeId: t.office_id });
        continue;
      }
      if (item.status === 'done') continue;
      if (item.alert_level !== level && level === 'overdue') overdue.push({ item, t });
      if (t.case_id !== null && item.assigned_user_id !== t.assigned_worker_id) reassigned.push({ item, t });
      if (item.status === 'open' && level === 'overdue') toEscalate.push({ itemId: item.id, key, dueDate: item.due_date, officeId: t.office_id });
    }

    // New items, in due order, and their 'created' events.
    const newIds = new Map<string, number>();
    if (fresh.length) {
      const rows = await db.insertInto('worklist_item').values(fresh.map((f) => f.values)).returning(['id', 'dedupe_key']).execute();
      for (const row of rows) newIds.set(row.dedupe_key, row.id);
      await addEvents(db, ctx, fresh.map((f) => ({ itemId: newIds.get(f.values.dedupe_key)!, event: 'created' as const, businessDate: asOf, detail: { alertLevel: f.level, dueDate: f.t.due_date } })));
      r.itemsCreated += fresh.length;
    }

    // Items that became overdue.
    if (overdue.length) {
      await sql`update worklist_item set alert_level = 'overdue' where id = any(${idArray(overdue.map((o) => o.item.id))})`.execute(db);
      await addEvents(db, ctx, overdue.map((o) => ({ itemId: o.item.id, event: 'overdue' as const, businessDate: asOf, detail: { dueDate: o.t.due_date } })));
      r.itemsOverdue += overdue.length;
    }

    // Items whose case changed hands follow the case's worker.
    if (reassigned.length) {
      const values = sql.join(reassigned.map((o) => sql`(${o.item.id}::bigint, ${o.t.assigned_worker_id}::bigint)`));
      await sql`update worklist_item w set assigned_user_id = v.worker from (values ${values}) as v(id, worker) where w.id = v.id`.execute(db);
      await addEvents(db, ctx, reassigned.map((o) => ({ itemId: o.item.id, event: 'reassigned' as const, businessDate: asOf, detail: { from: o.item.assigned_user_id, to: o.t.assigned_worker_id } })));
      r.itemsReassigned += reassigned.length;
    }

    // Open overdue items go to the office's active supervisor; with none, the item's history says so once.
    if (toEscalate.length) {
      const targets: Array<{ itemId: number; dueDate: string | null; supervisorId: number | null }> = [];
      for (const e of toEscalate) targets.push({ itemId: e.itemId ?? newIds.get(e.key)!, dueDate: e.dueDate, supervisorId: await supervisorOf(e.officeId) });
      const unescalated = targets.filter((e) => e.supervisorId === null);
      const said = new Set<number>();
      if (unescalated.length) {
        const rows = await sql<{ item_id: number }>`
          select distinct item_id from worklist_event where event = 'not_escalated' and item_id = any(${idArray(unescalated.map((e) => e.itemId))})`.execute(db);
        for (const row of rows.rows) said.add(Number(row.item_id));
      }
      const bySupervisor = new Map<number, number[]>();
      for (const e of targets) if (e.supervisorId !== null) bySupervisor.set(e.supervisorId, [...(bySupervisor.get(e.supervisorId) ?? []), e.itemId]);
      for (const [supervisorId, ids] of bySupervisor) {
        await sql`update worklist_item set status = 'escalated', escalated_to_user_id = ${supervisorId}, escalated_date = ${asOf} where id = any(${idArray(ids)}) and status = 'open'`.execute(db);
      }
      const events: PendingEvent[] = [];
      for (const e of targets) {
        if (e.supervisorId !== null) {
          events.push({ itemId: e.itemId, event: 'escalated', businessDate: asOf, detail: { to: e.supervisorId, dueDate: e.dueDate } });
          r.itemsEscalated++;
        } else if (!said.has(Number(e.itemId))) {
          events.push({ itemId: e.itemId, event: 'not_escalated', businessDate: asOf, detail: { reason: 'the office has no active supervisor' } });
          r.itemsNotEscalated++;
        }
      }
      await addEvents(db, ctx, events);
    }
  }

  // Items whose clock was met or stopped are done, on the date it happened.
  const finished = await sql<{ id: number; met_date: string | null; cancelled_date: string | null; cancel_reason: string | null }>`
    select w.id, t.met_date, t.cancelled_date, t.cancel_reason from worklist_item w join case_timeframe t on t.id = w.timeframe_id
    where w.status <> 'done' and (t.met_date is not null or t.cancelled_date is not null) and ${officeId === null ? sql`true` : sql`w.office_id = ${officeId}`}
    order by w.id`.execute(db);
  await finishItems(db, ctx, finished.rows.map((f) => ({ id: f.id, date: (f.met_date ?? f.cancelled_date)!, note: f.met_date ? 'clock met' : `clock stopped: ${f.cancel_reason}` })), null);
  r.itemsDone += finished.rows.length;
  // A case closed with its clocks still open (closed outside the closure module) leaves no live items.
  const orphaned = await sql<{ id: number; closed_date: string }>`
    select w.id, c.closed_date from worklist_item w join iv_d_case c on c.id = w.case_id
    where w.status <> 'done' and w.kind = 'timeframe' and c.status = 'closed' and ${officeId === null ? sql`true` : sql`w.office_id = ${officeId}`}
    order by w.id`.execute(db);
  await finishItems(db, ctx, orphaned.rows.map((o) => ({ id: o.id, date: o.closed_date, note: 'case closed' })), null);
  r.itemsDone += orphaned.rows.length;

  // 45 CFR 303.11(d): a closure whose notice period has ended waits for the worker's decision.
  const ready = await sql<{ id: number; case_id: number; office_id: number; assigned_worker_id: number | null; earliest_closure_date: string; reason_code: string; regulation: string }>`
    select k.id, k.case_id, c.office_id, c.assigned_worker_id, k.earliest_closure_date, k.reason_code, k.regulation
    from case_closure k join iv_d_case c on c.id = k.case_id
    where k.status = 'notice_period' and k.earliest_closure_date <= ${asOf} and ${officeId === null ? sql`true` : sql`c.office_id = ${officeId}`}
    order by k.id`.execute(db);
  for (const closures of chunked(ready.rows)) {
    const keys = closures.map((k) => `closure-ready:${k.id}`);
    const have = new Set((await sql<{ dedupe_key: string }>`select dedupe_key from worklist_item where dedupe_key = any(${keys}::text[])`.execute(db)).rows.map((w) => w.dedupe_key));
    const fresh = closures.filter((k) => !have.has(`closure-ready:${k.id}`));
    if (!fresh.length) continue;
    const rows = await db
      .insertInto('worklist_item')
      .values(
        fresh.map((k) => ({
          kind: 'closure_notice_ended' as const,
          case_id: k.case_id,
          intake_id: null,
          timeframe_id: null,
          closure_id: k.id,
          office_id: k.office_id,
          title: `The 60-day closure notice period ended on ${k.earliest_closure_date}: close the case (${k.regulation}) or withdraw the closure`,
          regulation: '45 CFR 303.11(d)',
          due_date: k.earliest_closure_date,
          alert_level: 'info' as const,
          status: 'open' as const,
          assigned_user_id: k.assigned_worker_id,
          escalated_to_user_id: null,
          escalated_date: null,
          created_date: asOf,
          done_date: null,
          done_by: null,
          done_note: null,
          dedupe_key: `closure-ready:${k.id}`,
          created_at: ctx.clock.now(),
        })),
      )
      .returning(['id', 'dedupe_key'])
      .execute();
    const ids = new Map(rows.map((w) => [w.dedupe_key, w.id]));
    await addEvents(db, ctx, fresh.map((k) => ({ itemId: ids.get(`closure-ready:${k.id}`)!, event: 'created' as const, businessDate: asOf, detail: { closureId: k.id, reasonCode: k.reason_code } })));
    r.itemsCreated += fresh.length;
  }
  return r;
}

async function finishItem(db: Db, ctx: RequestContext, itemId: number, doneDate: string, doneBy: number | null, note: string): Promise<void> {
  await db.updateTable('worklist_item').set({ status: 'done', done_date: doneDate, done_by: doneBy, done_note: note }).where('id', '=', itemId).where('status', '<>', 'done').execute();
  await addEvent(db, ctx, itemId, 'done', doneDate, { note });
}

/** Closes the live items of a clock just met (inside the caller's transaction). */
export async function closeItemsForClock(db: Db, ctx: RequestContext, clockId: number, date: string, note: string): Promise<void> {
  const items = await db.selectFrom('worklist_item').select('id').where('timeframe_id', '=', clockId).where('status', '<>', 'done').execute();
  for (const i of items) await finishItem(db, ctx, i.id, date, ctx.actor.userId, note);
}

/** Closes the live items of a closure that was decided (inside the caller's transaction). */
export async function closeItemsForClosure(db: Db, ctx: RequestContext, closureId: number, date: string, note: string): Promise<void> {
  const items = await db.selectFrom('worklist_item').select('id').where('closure_id', '=', closureId).where('status', '<>', 'done').execute();
  for (const i of items) await finishItem(db, ctx, i.id, date, ctx.actor.userId, note);
}

/** Closes the live timeframe items of a case that was closed (inside the caller's transaction). */
export async function closeItemsForCase(db: Db, ctx: RequestContext, caseId: number, date: string, note: string): Promise<void> {
  const items = await db.selectFrom('worklist_item').select('id').where('case_id', '=', caseId).where('kind', '=', 'timeframe').where('status', '<>', 'done').execute();
  for (const i of items) await finishItem(db, ctx, i.id, date, ctx.actor.userId, note);
}

export interface WorklistItemView {
  itemId: number;
  kind: string;
  caseNumber: string | null;
  intakeId: number | null;
  clockId: number | null;
  closureId: number | null;
  officeCode: string;
  title: string;
  regulation: string | null;
  dueDate: string | null;
  daysOverdue: number;
  alertLevel: AlertLevel;
  status: string;
  assignedTo: { userId: number; displayName: string } | null;
  escalatedTo: { userId: number; displayName: string } | null;
  escalatedDate: string | null;
  createdDate: string;
  doneDate: string | null;
  doneNote: string | null;
}

export interface WorklistQuery {
  /** mine: assigned to me or escalated to me; office: every item of my office (supervisors); all: statewide roles. */
  scope?: 'mine' | 'office' | 'all' | undefined;
  status?: 'active' | 'open' | 'escalated' | 'done' | undefined;
  officeCode?: string | undefined;
  limit?: number | undefined;
}

/** The worklist an actor sees, overdue and soonest due first. */
export async function listWorklist(deps: Pick<Deps, 'db'>, ctx: RequestContext, q: WorklistQuery): Promise<Result<{ asOf: string; items: WorklistItemView[] }>> {
  const { db } = deps;
  const allowed = requirePermission(ctx.actor, 'case.read');
  if (!allowed.ok) return allowed;
  const officeScoped = ROLE_POLICIES[ctx.actor.role].scope === 'office';
  const scope = q.scope ?? (ctx.actor.role === 'caseworker' ? 'mine' : officeScoped ? 'office' : 'all');
  const me = ctx.actor.userId ?? -1;
  const conditions = [sql<boolean>`true`];
  if (officeScoped) conditions.push(sql<boolean>`w.office_id = ${ctx.actor.officeId ?? -1}`);
  else if (ROLE_POLICIES[ctx.actor.role].scope !== 'state') return fail('FORBIDDEN');
  const inProgram = programOfficeCondition(ctx.actor, sql`w.office_id`);
  if (inProgram) conditions.push(inProgram);
  if (scope === 'mine') conditions.push(sql<boolean>`(w.assigned_user_id = ${me} or w.escalated_to_user_id = ${me})`);
  if (q.officeCode) conditions.push(sql<boolean>`o.code = ${q.officeCode.toUpperCase()}`);
  const status = q.status ?? 'active';
  if (status === 'active') conditions.push(sql<boolean>`w.status <> 'done'`);
  else conditions.push(sql<boolean>`w.status = ${status}`);
  const today = ctx.clock.today();
  const rows = await sql<{
    id: number; kind: string; case_number: string | null; case_id: number | null; intake_id: number | null; timeframe_id: number | null; closure_id: number | null; office_code: string;
    title: string; regulation: string | null; due_date: string | null; alert_level: AlertLevel; status: string; assigned_user_id: number | null; assigned_name: string | null;
    escalated_to_user_id: number | null; escalated_name: string | null; escalated_date: string | null; created_date: string; done_date: string | null; done_note: string | null;
  }>`
    select w.id, w.kind, c.case_number, w.case_id, w.intake_id, w.timeframe_id, w.closure_id, o.code as office_code, w.title, w.regulation, w.due_date,
      w.alert_level, w.status, w.assigned_user_id, a.display_name as assigned_name, w.escalated_to_user_id, s.display_name as escalated_name,
      w.escalated_date, w.created_date, w.done_date, w.done_note
    from worklist_item w join office o on o.id = w.office_id
    left join iv_d_case c on c.id = w.case_id
    left join app_user a on a.id = w.assigned_user_id
    left join app_user s on s.id = w.escalated_to_user_id
    where ${sql.join(conditions, sql` and `)}
    order by (w.status = 'done'), w.due_date nulls last, w.id
    limit ${q.limit ?? 500}`.execute(db);
  await recordAudit(db, ctx, { action: 'search', entityType: 'worklist', caseIds: rows.rows.flatMap((r) => (r.case_id ? [r.case_id] : [])), detail: { scope, status, returned: rows.rows.length } });
  return ok({
    asOf: today,
    items: rows.rows.map((r) => ({
      itemId: r.id,
      kind: r.kind,
      caseNumber: r.case_number,
      intakeId: r.intake_id,
      clockId: r.timeframe_id,
      closureId: r.closure_id,
      officeCode: r.office_code,
      title: r.title,
      regulation: r.regulation,
      dueDate: r.due_date,
      daysOverdue: r.due_date && r.status !== 'done' && today > r.due_date ? Math.round((Date.parse(today) - Date.parse(r.due_date)) / 86_400_000) : 0,
      alertLevel: r.alert_level,
      status: r.status,
      assignedTo: r.assigned_user_id ? { userId: r.assigned_user_id, displayName: r.assigned_name! } : null,
      escalatedTo: r.escalated_to_user_id ? { userId: r.escalated_to_user_id, displayName: r.escalated_name! } : null,
      escalatedDate: r.escalated_date,
      createdDate: r.created_date,
      doneDate: r.done_date,
      doneNote: r.done_note,
    })),
  });
}

export interface WorklistHistory {
  itemId: number;
  events: Array<{ event: string; businessDate: string; actorUserId: number | null; detail: unknown }>;
}

/** The history of one item the actor may see. */
export async function worklistItemHistory(deps: Pick<Deps, 'db'>, ctx: RequestContext, itemId: number): Promise<Result<WorklistHistory>> {
  const { db } = deps;
  const allowed = requirePermission(ctx.actor, 'case.read');
  if (!allowed.ok) return allowed;
  const item = await db.selectFrom('worklist_item').select(['id', 'office_id', 'case_id']).where('id', '=', itemId).executeTakeFirst();
  if (!item || !(await canSeeOffice(db, ctx.actor, item.office_id))) {
    return fail('NOT_FOUND', `no worklist item ${itemId} that you may see`);
  }
  const events = await db.selectFrom('worklist_event').selectAll().where('item_id', '=', itemId).orderBy('id').execute();
  await recordAudit(db, ctx, { action: 'read', entityType: 'worklist_item', entityId: itemId, caseIds: item.case_id ? [item.case_id] : [] });
  return ok({ itemId, events: events.map((e) => ({ event: e.event, businessDate: e.business_date, actorUserId: e.actor_user_id, detail: e.detail })) });
}

/**
 * A worker marks an alert done. Timeframe items close when their clock is met (record the action on the
 * clock), so only other items are closed by hand.
 */
export async function completeWorklistItem(deps: Pick<Deps, 'db'>, ctx: RequestContext, itemId: number, note: string): Promise<Result<{ itemId: number; status: 'done' }>> {
  return inTransaction(deps.db, async (db) => {
    orAbort(requirePermission(ctx.actor, 'case.write'));
    const item = await db.selectFrom('worklist_item').selectAll().where('id', '=', itemId).forUpdate().executeTakeFirst();
    if (!item || !(await canSeeOffice(db, ctx.actor, item.office_id))) throw new FailureError(fail('NOT_FOUND', `no worklist item ${itemId} that you may see`));
    if (item.status === 'done') throw new FailureError(fail('ALREADY_PROCESSED', `item ${itemId} is already done`));
    if (item.kind === 'timeframe') throw new FailureError(fail('CASE_STATE_INVALID', 'a timeframe item is done when its clock is met: record the action on the clock'));
    await finishItem(db, ctx, item.id, ctx.clock.today(), ctx.actor.userId, note);
    await recordAudit(db, ctx, { action: 'update', entityType: 'worklist_item', entityId: item.id, caseIds: item.case_id ? [item.case_id] : [] });
    return { itemId: item.id, status: 'done' as const };
  });
}

/**
 * Raises an item for another module's task on a case (e.g. locate: verify a new address or employer),
 * for the case's assigned worker; once per dedupe key. Inside the caller's transaction.
 */
export async function raiseCaseItem(db: Db, ctx: RequestContext, input: { kind: 'locate_verification' | 'eiwo_held'; caseId: number; title: string; regulation: string | null; dueDate: string; asOf: string; dedupeKey: string; detail?: Record<string, unknown> }): Promise<number | null> {
  const exists = await db.selectFrom('worklist_item').select('id').where('dedupe_key', '=', input.dedupeKey).executeTakeFirst();
  if (exists) return null;
  const c = await db.selectFrom('iv_d_case').select(['office_id', 'assigned_worker_id']).where('id', '=', input.caseId).executeTakeFirstOrThrow();
  const item = await db
    .insertInto('worklist_item')
    .values({
      kind: input.kind,
      case_id: input.caseId,
      intake_id: null,
      timeframe_id: null,
      closure_id: null,
      office_id: c.office_id,
      title: input.title,
      regulation: input.regulation,
      due_date: input.dueDate,
      alert_level: 'info',
      status: 'open',
      assigned_user_id: c.assigned_worker_id,
      escalated_to_user_id: null,
      escalated_date: null,
      created_date: input.asOf,
      done_date: null,
      done_by: null,
      done_note: null,
      dedupe_key: input.dedupeKey,
      created_at: ctx.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await addEvent(db, ctx, item.id, 'created', input.asOf, input.detail);
  return item.id;
}

/** Closes every live item whose dedupe key starts with `prefix` (inside the caller's transaction); how many. */
export async function closeItemsByKeyPrefix(db: Db, ctx: RequestContext, prefix: string, date: string, note: string): Promise<number> {
  const items = await db.selectFrom('worklist_item').select('id').where('dedupe_key', 'like', `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`).where('status', '<>', 'done').execute();
  for (const item of items) await finishItem(db, ctx, item.id, date, ctx.actor.userId, note);
  return items.length;
}

/** Closes the live item with this dedupe key (inside the caller's transaction); true when one was closed. */
export async function closeItemByKey(db: Db, ctx: RequestContext, dedupeKey: string, date: string, note: string): Promise<boolean> {
  const item = await db.selectFrom('worklist_item').select('id').where('dedupe_key', '=', dedupeKey).where('status', '<>', 'done').executeTakeFirst();
  if (!item) return false;
  await finishItem(db, ctx, item.id, date, ctx.actor.userId, note);
  return true;
}
