/**
 * Linking a person already on file to a new case across the office boundary. A worker sees only their own
 * office's persons; the duplicate check may still propose another office's person as the same human being.
 * Choosing that person makes their SSN and address history readable to the worker's office, so it needs the
 * consent of an office that holds the person, or the decision of a supervisor of the worker's office, on
 * the record (person_link_request; this module owns it).
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { fail, ok, type Result } from '../kernel/result.ts';
import { canSeeOffice, canSeePerson, caseVisibility, programScope, requirePermission } from '../security/access.ts';
import { recordAudit } from '../security/audit.ts';
import type { RequestContext } from '../security/context.ts';
import { maskSsn } from '../security/pii.ts';
import { ROLE_POLICIES } from '../security/roles.ts';

export interface LinkNeeded {
  memberIndex: number;
  personId: number;
}

/**
 * Of the existing persons an intake would link, those the actor may not link yet: not visible to them, and
 * with no granted request. A supervisor of the intake's office decides on the spot (recorded as granted).
 * The rest get a pending request (once) and are returned.
 */
export async function linksAwaitingConsent(db: Db, ctx: RequestContext, intake: { id: number; office_id: number }, links: readonly LinkNeeded[]): Promise<LinkNeeded[]> {
  const waiting: LinkNeeded[] = [];
  const today = ctx.clock.today();
  for (const link of links) {
    if (await canSeePerson(db, ctx.actor, link.personId)) continue;
    const existing = await db.selectFrom('person_link_request').select(['id', 'status']).where('intake_id', '=', intake.id).where('person_id', '=', link.personId).executeTakeFirst();
    if (existing?.status === 'granted') continue;
    const supervisor = ctx.actor.role === 'supervisor' && (await canSeeOffice(db, ctx.actor, intake.office_id));
    if (supervisor) {
      const decided = { status: 'granted' as const, decided_by: ctx.actor.userId, decided_as: 'supervisor' as const, decided_date: today, reason: 'decided by a supervisor of the requesting office at intake' };
      if (existing) await db.updateTable('person_link_request').set(decided).where('id', '=', existing.id).execute();
      else await db.insertInto('person_link_request').values({ intake_id: intake.id, member_index: link.memberIndex, person_id: link.personId, requesting_office_id: intake.office_id, requested_by: ctx.actor.userId, requested_date: today, ...decided }).execute();
      await recordAudit(db, ctx, { action: 'decide', entityType: 'person_link_request', entityId: `${intake.id}:${link.personId}`, personIds: [link.personId], detail: { decision: 'granted', as: 'supervisor' } });
      continue;
    }
    if (existing?.status === 'refused') {
      waiting.push(link);
      continue;
    }
    if (!existing) {
      await db.insertInto('person_link_request').values({ intake_id: intake.id, member_index: link.memberIndex, person_id: link.personId, requesting_office_id: intake.office_id, requested_by: ctx.actor.userId, requested_date: today, decided_by: null, decided_as: null, decided_date: null, reason: null }).execute();
      await recordAudit(db, ctx, { action: 'create', entityType: 'person_link_request', entityId: `${intake.id}:${link.personId}`, personIds: [link.personId], detail: { intakeId: intake.id } });
    }
    waiting.push(link);
  }
  return waiting;
}

export interface LinkRequestView {
  id: number;
  intakeId: number;
  memberIndex: number;
  personId: number;
  personName: string;
  ssn: string | null;
  requestingOfficeCode: string;
  requestedDate: string;
  status: 'pending' | 'granted' | 'refused';
  decidedAs: 'holding_office' | 'supervisor' | null;
  decidedDate: string | null;
  reason: string | null;
}

/** Requests the actor may decide or follow: about persons on their office's cases, or from their office. */
export async function listLinkRequests(db: Db, ctx: RequestContext, status: 'pending' | 'all'): Promise<Result<LinkRequestView[]>> {
  const allowed = requirePermission(ctx.actor, 'intake.create');
  if (!allowed.ok) return allowed;
  const program = await programScope(db, ctx.actor);
  if (!program.ok) return program;
  const visible = caseVisibility(ctx.actor) ?? sql<boolean>`true`;
  const officeScoped = ROLE_POLICIES[ctx.actor.role].scope === 'office';
  const mine = officeScoped ? sql<boolean>`r.requesting_office_id = ${ctx.actor.officeId ?? -1}` : program.value !== null ? sql<boolean>`ro.program_id = ${program.value}` : sql<boolean>`true`;
  const rows = await sql<{ id: number; intake_id: number; member_index: number; person_id: number; first_name: string; last_name: string; ssn_last4: string | null; office_code: string; requested_date: string; status: LinkRequestView['status']; decided_as: LinkRequestView['decidedAs']; decided_date: string | null; reason: string | null }>`
    select r.id, r.intake_id, r.member_index, r.person_id, p.first_name, p.last_name, p.ssn_last4, ro.code as office_code, r.requested_date::text as requested_date,
      r.status, r.decided_as, r.decided_date::text as decided_date, r.reason
    from person_link_request r join person p on p.id = r.person_id join office ro on ro.id = r.requesting_office_id
    where (${status === 'pending' ? sql`r.status = 'pending'` : sql`true`})
      and (${mine} or exists (select 1 from case_member m join iv_d_case c on c.id = m.case_id where m.person_id = r.person_id and ${visible}))
    order by r.id limit 500`.execute(db);
  await recordAudit(db, ctx, { action: 'search', entityType: 'person_link_request', personIds: rows.rows.map((r) => Number(r.person_id)), detail: { status, count: rows.rows.length } });
  return ok(
    rows.rows.map((r) => ({
      id: Number(r.id),
      intakeId: Number(r.intake_id),
      memberIndex: r.member_index,
      personId: Number(r.person_id),
      personName: `${r.first_name} ${r.last_name}`,
      ssn: maskSsn(r.ssn_last4),
      requestingOfficeCode: r.office_code,
      requestedDate: r.requested_date,
      status: r.status,
      decidedAs: r.decided_as,
      decidedDate: r.decided_date,
      reason: r.reason,
    })),
  );
}

/**
 * Grant or refuse a pending request: staff of an office that holds the person (its consent), or a
 * supervisor of the requesting office (a supervisor's decision). Either way it is on the record.
 */
export async function decideLinkRequest(db: Db, ctx: RequestContext, requestId: number, decision: 'grant' | 'refuse', reason: string): Promise<Result<{ id: number; status: 'granted' | 'refused'; decidedAs: 'holding_office' | 'supervisor' }>> {
  const allowed = requirePermission(ctx.actor, 'case.write');
  if (!allowed.ok) return allowed;
  const request = await db.selectFrom('person_link_request').selectAll().where('id', '=', requestId).executeTakeFirst();
  if (!request) return fail('NOT_FOUND');
  const holding = ROLE_POLICIES[ctx.actor.role].scope === 'office' && (await canSeePerson(db, ctx.actor, request.person_id)) && request.requesting_office_id !== ctx.actor.officeId;
  const supervisor = ctx.actor.role === 'supervisor' && request.requesting_office_id === ctx.actor.officeId;
  if (!holding && !supervisor) {
    const mayRead = (await canSeeOffice(db, ctx.actor, request.requesting_office_id)) || (await canSeePerson(db, ctx.actor, request.person_id));
    return mayRead ? fail('FORBIDDEN', "only the office that holds the person or a supervisor of the requesting office decides") : fail('NOT_FOUND');
  }
  if (request.status !== 'pending') return fail('ALREADY_PROCESSED', `this request was already ${request.status}`);
  const status = decision === 'grant' ? ('granted' as const) : ('refused' as const);
  const decidedAs = holding ? ('holding_office' as const) : ('supervisor' as const);
  await db.updateTable('person_link_request').set({ status, decided_by: ctx.actor.userId, decided_as: decidedAs, decided_date: ctx.clock.today(), reason }).where('id', '=', requestId).where('status', '=', 'pending').execute();
  await recordAudit(db, ctx, { action: 'decide', entityType: 'person_link_request', entityId: requestId, personIds: [request.person_id], detail: { decision: status, as: decidedAs, intakeId: request.intake_id } });
  return ok({ id: requestId, status, decidedAs });
}
