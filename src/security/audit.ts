/**
 * The audit log: who read or changed which person's data, when and why. Rows are only ever inserted
 * (the table refuses updates and deletes), and they are written in the same transaction as the work.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AuditAction } from '../db/schema.ts';
import type { RequestContext } from './context.ts';

export interface AuditEntry {
  action: AuditAction;
  entityType: string;
  entityId?: string | number | null;
  personIds?: readonly number[];
  caseIds?: readonly number[];
  detail?: Record<string, unknown>;
}

export async function recordAudit(db: Db, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      occurred_at: ctx.clock.now(),
      actor_user_id: ctx.actor.userId,
      actor_username: ctx.actor.username,
      actor_role: ctx.actor.role,
      actor_office_id: ctx.actor.officeId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId == null ? null : String(entry.entityId),
      person_ids: [...new Set(entry.personIds ?? [])],
      case_ids: [...new Set(entry.caseIds ?? [])],
      purpose: ctx.purpose,
      request_id: ctx.requestId,
      client_ip: ctx.clientIp,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    } as never)
    .execute();
}

export interface AuditQuery {
  personId?: number | undefined;
  caseId?: number | undefined;
  actorUserId?: number | undefined;
  limit: number;
  beforeId?: number | undefined;
}

export async function listAudit(db: Db, q: AuditQuery) {
  let query = db.selectFrom('audit_event').selectAll().orderBy('id', 'desc').limit(q.limit);
  if (q.personId !== undefined) query = query.where(sql<boolean>`person_ids @> array[${q.personId}]::bigint[]`);
  if (q.caseId !== undefined) query = query.where(sql<boolean>`case_ids @> array[${q.caseId}]::bigint[]`);
  if (q.actorUserId !== undefined) query = query.where('actor_user_id', '=', q.actorUserId);
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  return query.execute();
}
