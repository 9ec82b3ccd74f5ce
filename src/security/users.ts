/**
 * Users, password login (argon2id) and sessions. A session is a random bearer token; only its SHA-256
 * hash is stored. Five wrong passwords lock the account for fifteen minutes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Db } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import { fail, ok, type Result } from '../kernel/result.ts';
import type { Actor, RequestContext } from './context.ts';
import { recordAudit } from './audit.ts';

export const SESSION_HOURS = 8;
const MAX_FAILED_LOGINS = 5;
const LOCK_MINUTES = 15;

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  officeId?: number | null;
  personId?: number | null;
  employerId?: number | null;
  /** The IV-D program; needed when the install serves several and the user has no office. */
  programId?: number | null;
}

export function passwordProblem(password: string): string | null {
  if (password.length < 12) return 'a password needs at least 12 characters';
  if (password.length > 256) return 'a password may have at most 256 characters';
  return null;
}

export async function createUser(db: Db, user: NewUser): Promise<Result<{ id: number }>> {
  const problem = passwordProblem(user.password);
  if (problem) return fail('VALIDATION_FAILED', problem, [{ path: '/password', message: problem }]);
  const username = user.username.toLowerCase();
  const existing = await db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst();
  if (existing) return fail('CONFLICT', `user ${username} already exists`);
  if ((user.role === 'caseworker' || user.role === 'supervisor') && !user.officeId) {
    return fail('VALIDATION_FAILED', 'caseworkers and supervisors belong to an office', [{ path: '/officeCode', message: 'required for this role' }]);
  }
  if (user.role === 'parent' && !user.personId) return fail('VALIDATION_FAILED', 'a parent user is linked to a person on file');
  if (user.role === 'employer' && !user.employerId) return fail('VALIDATION_FAILED', 'an employer user is linked to an employer');
  const row = await db
    .insertInto('app_user')
    .values({
      username,
      display_name: user.displayName,
      role: user.role,
      office_id: user.officeId ?? null,
      person_id: user.personId ?? null,
      employer_id: user.employerId ?? null,
      ...(user.programId ? { program_id: user.programId } : {}),
      password_hash: await hash(user.password),
      locked_until: null,
      last_login_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return ok({ id: row.id });
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  actor: Actor;
  displayName: string;
}

let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hash('no such user: timing guard'));

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

function actorOf(row: { id: number; username: string; role: Role; office_id: number | null; person_id: number | null; employer_id: number | null; program_id: number }): Actor {
  return {
    programId: row.program_id,
    userId: row.id,
    username: row.username,
    role: row.role,
    officeId: row.office_id,
    personId: row.person_id,
    employerId: row.employer_id,
  };
}

/** Checks a password and opens a session; every attempt, good or bad, is audited. */
export async function login(db: Db, ctx: RequestContext, username: string, password: string): Promise<Result<LoginResult>> {
  const now = ctx.clock.now();
  const user = await db.selectFrom('app_user').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
  const failed = async (reason: string) => {
    await recordAudit(db, ctx, { action: 'login_failed', entityType: 'user', entityId: user?.id ?? null, detail: { username: username.slice(0, 64), reason } });
    return fail('INVALID_CREDENTIALS');
  };
  if (!user || !user.active) {
    // Spend the same time as a real check so response time does not reveal which user names exist.
    await verify(await dummyHash(), password);
    return failed(user ? 'inactive' : 'unknown user');
  }
  if (user.locked_until && user.locked_until > now) return failed('locked');
  if (!(await verify(user.password_hash, password))) {
    const failures = user.failed_logins + 1;
    await db
      .updateTable('app_user')
      .set({
        failed_logins: failures >= MAX_FAILED_LOGINS ? 0 : failures,
        locked_until: failures >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : user.locked_until,
      })
      .where('id', '=', user.id)
      .execute();
    return failed('wrong password');
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await db.insertInto('user_session').values({ token_hash: tokenHash(token), user_id: user.id, created_at: now, last_seen_at: now, expires_at: expiresAt, revoked_at: null }).execute();
  await db.updateTable('app_user').set({ failed_logins: 0, locked_until: null, last_login_at: now }).where('id', '=', user.id).execute();
  const actor = actorOf(user);
  await recordAudit(db, { ...ctx, actor }, { action: 'login', entityType: 'user', entityId: user.id });
  return ok({ token, expiresAt, actor, displayName: user.display_name });
}

/**
 * Validated sessions, kept by this process for a short time so that a busy workstation does not look its
 * session up on every request: at most CSE_SESSION_CACHE_MS milliseconds (2,000 by default; 0 turns the
 * cache off). A logout through this process forgets the session at once (and a lookup that raced with it
 * is not kept); a session revoked or a user deactivated elsewhere (another server process, the database)
 * is refused at most that long afterwards. Expiry is checked against the business clock on every request.
 */
const sessionCache = new Map<string, { actor: Actor & { displayName: string }; expiresAt: Date; until: number }>();
const SESSION_CACHE_MAX = 10_000;
let sessionRevocations = 0;

function sessionCacheMs(): number {
  const ms = Number(process.env.CSE_SESSION_CACHE_MS ?? 2000);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** Forgets every cached session (after changing users or sessions outside this module). */
export function forgetCachedSessions(): void {
  sessionRevocations++;
  sessionCache.clear();
}

/** The actor behind a bearer token, or null when the token is unknown, revoked or expired. */
export async function resolveSession(db: Db, token: string, now: Date): Promise<(Actor & { displayName: string }) | null> {
  const key = tokenHash(token);
  const ttl = sessionCacheMs();
  if (ttl) {
    const hit = sessionCache.get(key);
    if (hit && hit.until > performance.now() && hit.expiresAt > now) return { ...hit.actor };
    if (hit) sessionCache.delete(key);
  }
  const revocations = sessionRevocations;
  const row = await db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.username', 'u.role', 'u.office_id', 'u.person_id', 'u.employer_id', 'u.program_id', 'u.display_name', 'u.active', 's.expires_at', 's.revoked_at'])
    .where('s.token_hash', '=', key)
    .executeTakeFirst();
  if (!row || !row.active || row.revoked_at || row.expires_at <= now) return null;
  const actor = { ...actorOf(row), displayName: row.display_name };
  if (ttl && revocations === sessionRevocations) {
    if (sessionCache.size >= SESSION_CACHE_MAX) sessionCache.delete(sessionCache.keys().next().value!);
    sessionCache.set(key, { actor, expiresAt: row.expires_at, until: performance.now() + ttl });
  }
  return { ...actor };
}

export async function logout(db: Db, ctx: RequestContext, token: string): Promise<void> {
  sessionRevocations++;
  sessionCache.delete(tokenHash(token));
  await db.updateTable('user_session').set({ revoked_at: ctx.clock.now() }).where('token_hash', '=', tokenHash(token)).execute();
  // A lookup that ran while the revocation was being written is not kept either.
  sessionRevocations++;
  sessionCache.delete(tokenHash(token));
  await recordAudit(db, ctx, { action: 'logout', entityType: 'user', entityId: ctx.actor.userId });
}
