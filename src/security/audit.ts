/**
 * The audit log: who read or changed which person's data, when and why. Rows are only ever inserted
 * (the table refuses updates and deletes), and they are written in the same transaction as the work.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import type { AuditAction } from '../db/schema.ts';
import type { RequestContext } from './context.ts';
import { ONLY_ONE_PROGRAM } from './access.ts';

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
      program_id: ctx.actor.programId ?? null,
    } as never)
    .execute();
}

/**
 * The audit row of a read as one `insert … select` for a data-modifying CTE, so that a read and its audit
 * row go to the database in one statement (one round trip, one implicit transaction: the read is never
 * answered without its row). The entity id, person and case ids and detail are SQL expressions over what
 * the same statement found; `from` gives the rows they may refer to (one audit row per row of it).
 */
export function auditInsertSql(
  ctx: RequestContext,
  entry: { action: AuditAction; entityType: string; entityId: RawBuilder<unknown>; personIds: RawBuilder<unknown>; caseIds: RawBuilder<unknown>; detail: RawBuilder<unknown>; from: RawBuilder<unknown> },
): RawBuilder<unknown> {
  const a = ctx.actor;
  return sql`insert into audit_event (occurred_at, actor_user_id, actor_username, actor_role, actor_office_id, action, entity_type,
      entity_id, person_ids, case_ids, purpose, request_id, client_ip, detail, program_id)
    select ${ctx.clock.now()}::timestamptz, ${a.userId}::bigint, ${a.username}::text, ${a.role}::text, ${a.officeId}::bigint,
      ${entry.action}::text, ${entry.entityType}::text, (${entry.entityId})::text, (${entry.personIds})::bigint[], (${entry.caseIds})::bigint[],
      ${ctx.purpose}::text, ${ctx.requestId}::text, ${ctx.clientIp}::text, (${entry.detail})::jsonb, ${a.programId ?? null}::bigint
    from ${entry.from}
    returning id`;
}

export interface AuditQuery {
  /** The reader's program: its rows only (null: every program's, for the install's administrator). */
  programId: number | null;
  personId?: number | undefined;
  caseId?: number | undefined;
  actorUserId?: number | undefined;
  limit: number;
  beforeId?: number | undefined;
}

export async function listAudit(db: Db, q: AuditQuery) {
  let query = db.selectFrom('audit_event').selectAll().orderBy('id', 'desc').limit(q.limit);
  // A program's rows: its users' actions, and the system's work on its persons and cases.
  if (q.programId !== null) {
    const program = q.programId;
    query = query.where((eb) =>
      eb.or([
        eb('program_id', '=', program),
        eb.and([
          eb('program_id', 'is', null),
          eb.or([
            sql<boolean>`exists (select 1 from unnest(person_ids) ap(id) join person p on p.id = ap.id where p.program_id = ${program})`,
            sql<boolean>`exists (select 1 from unnest(case_ids) ac(id) join iv_d_case c on c.id = ac.id join office o on o.id = c.office_id where o.program_id = ${program})`,
            ONLY_ONE_PROGRAM,
          ]),
        ]),
      ]),
    );
  }
  if (q.personId !== undefined) query = query.where(sql<boolean>`person_ids @> array[${q.personId}]::bigint[]`);
  if (q.caseId !== undefined) query = query.where(sql<boolean>`case_ids @> array[${q.caseId}]::bigint[]`);
  if (q.actorUserId !== undefined) query = query.where('actor_user_id', '=', q.actorUserId);
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  return query.execute();
}
