/**
 * User administration, confined: a program's administrator manages the users of that program only (its
 * offices, its parents, employers); only an install (State-wide) administrator manages users of every
 * program. Every change is audited; disabling a user or resetting a password ends their sessions.
 */
import { hash } from '@node-rs/argon2';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import { fail, ok, type Result } from '../kernel/result.ts';
import { programScope, requirePermission } from './access.ts';
import { recordAudit } from './audit.ts';
import type { RequestContext } from './context.ts';
import { createUser, forgetCachedSessions, passwordProblem } from './users.ts';

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  officeCode: string | null;
  programCode: string;
  installAdmin: boolean;
  active: boolean;
  lastLoginAt: string | null;
}

/** The program an administrator manages: null for the install's administrator (every program). */
async function managedProgram(db: Db, ctx: RequestContext): Promise<Result<number | null>> {
  const allowed = requirePermission(ctx.actor, 'user.manage');
  if (!allowed.ok) return allowed;
  if (ctx.actor.installAdmin) return ok(null);
  const scope = await programScope(db, ctx.actor);
  if (!scope.ok) return scope;
  // A user of no program on a single-program install manages that program.
  if (scope.value === null && ctx.actor.userId !== null) {
    const only = await db.selectFrom('iv_d_program').select('id').executeTakeFirst();
    return ok(only?.id ?? null);
  }
  return ok(scope.value);
}

export async function listUsers(db: Db, ctx: RequestContext): Promise<Result<UserRow[]>> {
  const program = await managedProgram(db, ctx);
  if (!program.ok) return program;
  const rows = await db
    .selectFrom('app_user as u')
    .leftJoin('office as o', 'o.id', 'u.office_id')
    .innerJoin('iv_d_program as p', 'p.id', 'u.program_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.role', 'o.code', 'p.code as program_code', 'u.install_admin', 'u.active', 'u.last_login_at'])
    .$if(program.value !== null, (q) => q.where('u.program_id', '=', program.value!))
    .orderBy('u.username')
    .execute();
  await recordAudit(db, ctx, { action: 'read', entityType: 'user', detail: { listed: rows.length } });
  return ok(
    rows.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      role: u.role,
      officeCode: u.code,
      programCode: u.program_code,
      installAdmin: u.install_admin,
      active: u.active,
      lastLoginAt: u.last_login_at?.toISOString() ?? null,
    })),
  );
}

export interface NewUserRequest {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  officeCode?: string | undefined;
  programCode?: string | undefined;
  personId?: number | undefined;
  employerId?: number | undefined;
  installAdmin?: boolean | undefined;
}

const problem = (path: string, message: string) => fail('VALIDATION_FAILED', undefined, [{ path, message }]);

export async function createUserAsAdmin(db: Db, ctx: RequestContext, b: NewUserRequest): Promise<Result<{ id: number }>> {
  const managed = await managedProgram(db, ctx);
  if (!managed.ok) return managed;
  if (b.installAdmin && !ctx.actor.installAdmin) return fail('FORBIDDEN', "only the install's administrator makes install administrators");
  if (b.installAdmin && b.role !== 'administrator') return problem('/installAdmin', 'only an administrator can be an install administrator');
  let programId = managed.value;
  if (b.programCode) {
    const p = await db.selectFrom('iv_d_program').select('id').where('code', '=', b.programCode.toUpperCase()).executeTakeFirst();
    // Another program does not exist for a program's administrator.
    if (!p || (managed.value !== null && p.id !== managed.value)) return problem('/programCode', `no program ${b.programCode}`);
    programId = p.id;
  }
  let officeId: number | null = null;
  if (b.officeCode) {
    const office = await db
      .selectFrom('office')
      .select(['id', 'program_id'])
      .where('code', '=', b.officeCode.toUpperCase())
      .$if(programId !== null, (q) => q.where('program_id', '=', programId!))
      .executeTakeFirst();
    if (!office) return problem('/officeCode', `no office ${b.officeCode}`);
    officeId = office.id;
    programId = office.program_id;
  }
  if (b.personId !== undefined) {
    // A parent user is a parent of a case of this program: a custodial party or a noncustodial parent.
    const parent = await sql<{ program_id: number }>`
      select p.program_id from person p where p.id = ${b.personId}
        ${programId !== null ? sql`and p.program_id = ${programId}` : sql``}
        and exists (select 1 from case_member m where m.person_id = p.id and m.end_date is null and m.role in ('custodial_party', 'noncustodial_parent'))`.execute(db);
    const row = parent.rows[0];
    if (!row) return problem('/personId', `no parent ${b.personId} on a case of your program`);
    programId = Number(row.program_id);
  }
  if (b.employerId !== undefined) {
    const employer = await db.selectFrom('employer').select('id').where('id', '=', b.employerId).executeTakeFirst();
    if (!employer) return problem('/employerId', `no employer ${b.employerId}`);
  }
  if (programId === null) return problem('/programCode', 'name the program of the new user (the install serves several)');
  const created = await createUser(db, {
    username: b.username,
    displayName: b.displayName,
    role: b.role,
    password: b.password,
    officeId,
    personId: b.personId ?? null,
    employerId: b.employerId ?? null,
    programId,
    installAdmin: b.installAdmin ?? false,
  });
  if (created.ok) await recordAudit(db, ctx, { action: 'create', entityType: 'user', entityId: created.value.id, personIds: b.personId ? [b.personId] : [], detail: { username: b.username, role: b.role, programId, officeId } });
  return created;
}

/** The target user when the administrator manages their program, else NOT_FOUND. */
async function managedUser(db: Db, ctx: RequestContext, userId: number): Promise<Result<{ id: number; username: string }>> {
  const managed = await managedProgram(db, ctx);
  if (!managed.ok) return managed;
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'install_admin'])
    .where('id', '=', userId)
    .$if(managed.value !== null, (q) => q.where('program_id', '=', managed.value!))
    .executeTakeFirst();
  if (!user) return fail('NOT_FOUND', `no user ${userId} that you manage`);
  if (user.install_admin && !ctx.actor.installAdmin) return fail('FORBIDDEN', "an install administrator is managed by the install's administrators");
  return ok(user);
}

async function endSessions(db: Db, ctx: RequestContext, userId: number): Promise<number> {
  const ended = await db.updateTable('user_session').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  forgetCachedSessions();
  return Number(ended.numUpdatedRows ?? 0);
}

export async function setUserActive(db: Db, ctx: RequestContext, userId: number, active: boolean): Promise<Result<{ id: number; active: boolean; sessionsEnded: number }>> {
  const user = await managedUser(db, ctx, userId);
  if (!user.ok) return user;
  if (!active && userId === ctx.actor.userId) return fail('CONFLICT', 'you cannot disable yourself');
  await db.updateTable('app_user').set({ active, ...(active ? { failed_logins: 0, locked_until: null } : {}) }).where('id', '=', userId).execute();
  const sessionsEnded = active ? 0 : await endSessions(db, ctx, userId);
  await recordAudit(db, ctx, { action: active ? 'enable' : 'disable', entityType: 'user', entityId: userId, detail: { username: user.value.username, sessionsEnded } });
  return ok({ id: userId, active, sessionsEnded });
}

export async function resetPassword(db: Db, ctx: RequestContext, userId: number, password: string): Promise<Result<{ id: number; sessionsEnded: number }>> {
  const user = await managedUser(db, ctx, userId);
  if (!user.ok) return user;
  const weak = passwordProblem(password, user.value.username);
  if (weak) return problem('/password', weak);
  await db.updateTable('app_user').set({ password_hash: await hash(password), failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
  const sessionsEnded = await endSessions(db, ctx, userId);
  await recordAudit(db, ctx, { action: 'password_reset', entityType: 'user', entityId: userId, detail: { username: user.value.username, sessionsEnded } });
  return ok({ id: userId, sessionsEnded });
}

export async function revokeSessions(db: Db, ctx: RequestContext, userId: number): Promise<Result<{ id: number; sessionsEnded: number }>> {
  const user = await managedUser(db, ctx, userId);
  if (!user.ok) return user;
  const sessionsEnded = await endSessions(db, ctx, userId);
  await recordAudit(db, ctx, { action: 'revoke_sessions', entityType: 'user', entityId: userId, detail: { username: user.value.username, sessionsEnded } });
  return ok({ id: userId, sessionsEnded });
}
