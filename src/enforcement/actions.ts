/**
 * Enforcement actions of every kind (one table): the list of a case's actions with their dates and the
 * notice sent, and the obligor's contest during due process. A contested action is held (never
 * submitted) until a worker decides: upheld (the obligor is right) closes it; denied puts it back to
 * pending with due process ended that day, so the next run submits it.
 */
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { fail, FailureError, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { canSeeCase, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';

export interface EnforcementActionView {
  id: number;
  kind: string;
  status: string;
  /** Initiated. */
  startDate: string;
  noticeSentDate: string | null;
  /** The last day of due process (the action may proceed the day after). */
  dueDate: string | null;
  submittedDate: string | null;
  endDate: string | null;
  noticeKind: string | null;
  noticeId: number | null;
  amountCents: number | null;
  source: string;
  reason: string | null;
}

export async function listCaseActions(deps: Pick<Deps, 'db'>, ctx: RequestContext, caseNumber: string): Promise<Result<EnforcementActionView[]>> {
  const allowed = requirePermission(ctx.actor, 'case.read');
  if (!allowed.ok) return allowed;
  const c = await deps.db.selectFrom('iv_d_case').select('id').where('case_number', '=', caseNumber.toUpperCase()).executeTakeFirst();
  if (!c || !(await canSeeCase(deps.db, ctx.actor, c.id))) return fail('NOT_FOUND');
  const rows = await deps.db.selectFrom('enforcement_action').selectAll().where('case_id', '=', c.id).orderBy('start_date').orderBy('id').execute();
  await recordAudit(deps.db, ctx, { action: 'read', entityType: 'enforcement_action', caseIds: [c.id] });
  return {
    ok: true,
    value: rows.map((r) => ({ id: r.id, kind: r.kind, status: r.status, startDate: r.start_date, noticeSentDate: r.notice_sent_date, dueDate: r.due_date, submittedDate: r.submitted_date, endDate: r.end_date, noticeKind: r.notice_kind, noticeId: r.notice_id, amountCents: r.amount_cents, source: r.source, reason: r.reason })),
  };
}

async function loadForWrite(deps: Deps, ctx: RequestContext, actionId: number) {
  const a = await deps.db.selectFrom('enforcement_action').selectAll().where('id', '=', actionId).forUpdate().executeTakeFirst();
  if (!a || !(await canSeeCase(deps.db, ctx.actor, a.case_id))) throw new FailureError(fail('NOT_FOUND', `no enforcement action ${actionId}`));
  return a;
}

/** The obligor contests (recorded by a worker) before due process ends. */
export async function contestAction(deps: Deps, ctx: RequestContext, actionId: number, note: string): Promise<Result<{ id: number; status: string }>> {
  const allowed = requirePermission(ctx.actor, 'case.write');
  if (!allowed.ok) return allowed;
  return inTransaction(deps.db, async (db) => {
    const a = await loadForWrite({ ...deps, db }, ctx, actionId);
    const today = ctx.clock.today();
    if (a.status !== 'pending') throw new FailureError(fail('CASE_STATE_INVALID', `the action is ${a.status}; only a pending action can be contested`));
    if (a.due_date !== null && today > a.due_date) throw new FailureError(fail('CASE_STATE_INVALID', `due process ended on ${a.due_date}`));
    await db.updateTable('enforcement_action').set({ status: 'contested', reason: `contested ${today}: ${note}`.slice(0, 500) }).where('id', '=', actionId).execute();
    await recordAudit(db, ctx, { action: 'update', entityType: 'enforcement_action', entityId: actionId, caseIds: [a.case_id], personIds: [a.obligor_person_id], detail: { contested: today } });
    return { id: actionId, status: 'contested' };
  });
}

/** A worker decides a contest: upheld closes the action; denied lets it proceed. */
export async function decideContest(deps: Deps, ctx: RequestContext, actionId: number, decision: 'upheld' | 'denied'): Promise<Result<{ id: number; status: string }>> {
  const allowed = requirePermission(ctx.actor, 'case.write');
  if (!allowed.ok) return allowed;
  return inTransaction(deps.db, async (db) => {
    const a = await loadForWrite({ ...deps, db }, ctx, actionId);
    if (a.status !== 'contested') throw new FailureError(fail('CASE_STATE_INVALID', `the action is ${a.status}, not contested`));
    const today = ctx.clock.today();
    const status = decision === 'upheld' ? 'closed' : 'pending';
    await db.updateTable('enforcement_action').set(decision === 'upheld' ? { status, end_date: today, reason: `contest upheld ${today}` } : { status, due_date: today, reason: `contest denied ${today}` }).where('id', '=', actionId).execute();
    await recordAudit(db, ctx, { action: 'update', entityType: 'enforcement_action', entityId: actionId, caseIds: [a.case_id], personIds: [a.obligor_person_id], detail: { contest: decision } });
    return { id: actionId, status };
  });
}
