/**
 * Users, password login (argon2id) and sessions. A session is a random bearer token; only its SHA-256
 * hash is stored. Five failed sign-ins lock the account for fifteen minutes, and twenty from one client
 * address block that address for fifteen minutes; attempts are counted atomically before the password is
 * checked, so parallel attempts get no more tries. Lockouts and session expiry run on real time (the wall
 * clock), never on the business date, which tests and batch reruns pin.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { hash, verify } from '@node-rs/argon2';
import type { Db } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import { fail, ok, type Result } from '../kernel/result.ts';
import type { Actor, RequestContext } from './context.ts';
import { recordAudit } from './audit.ts';

export const SESSION_HOURS = 8;
const MAX_FAILED_LOGINS = 5;
const MAX_FAILED_LOGINS_PER_ADDRESS = 20;
const LOCK_MINUTES = 15;

/** Real time, for security windows (sessions, lockouts); replaceable in tests. */
let wallClock: () => Date = () => new Date();
export function setSecurityClockForTests(clock: () => Date): void {
  wallClock = clock;
}

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
  installAdmin?: boolean;
}

/** Passwords seen first in every breach list (and their obvious variants), refused whatever their length. */
const COMMON_PASSWORDS = new Set([
  'password', 'passw0rd', 'password1', 'password12', 'password123', 'password1234', 'p@ssw0rd', 'p@ssword', 'qwerty', 'qwertyuiop',
  'qwerty123', 'qwerty123456', '123456', '1234567', '12345678', '123456789', '1234567890', '123456789012', '111111', '000000',
  'abc123', 'abcdef', 'abcdefgh', 'abcdefghijkl', 'letmein', 'letmein123', 'welcome', 'welcome1', 'welcome123', 'iloveyou',
  'admin', 'admin123', 'administrator', 'changeme', 'changeme123', 'trustno1', 'football', 'baseball', 'monkey', 'dragon',
  'sunshine', 'princess', 'master', 'superman', 'starwars', 'whatever', 'secret', 'childsupport', 'childsupport1', 'summer2026',
  'winter2026', 'spring2026', 'autumn2026', 'fall2026', 'january2026', 'december2026', 'zaq12wsx', '1q2w3e4r', '1qaz2wsx',
  'asdfghjkl', 'asdfasdfasdf', 'qazwsxedc', 'passwordpassword', 'correcthorsebatterystaple',
]);

/** Why a password is refused (too short or long, common, repeated, the user's name), or null. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < 12) return 'a password needs at least 12 characters';
  if (password.length > 256) return 'a password may have at most 256 characters';
  const plain = password.toLowerCase();
  const core = plain.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').replace(/[0-9!@#$%^&*]+$/, '');
  if (COMMON_PASSWORDS.has(plain) || COMMON_PASSWORDS.has(plain.replace(/[^a-z0-9@]/g, '')) || (core.length >= 4 && COMMON_PASSWORDS.has(core) && plain.length - core.length <= 4)) {
    return 'this password is one of the most common ones; choose another';
  }
  if (new Set(plain).size <= 3) return 'a password needs more than three different characters';
  // A short piece repeated ("abcabcabcabc", "12121212121212").
  if (/^(.{1,6})\1+$/.test(plain)) return 'a password must not be one short piece repeated';
  if (/^(?:0123456789|1234567890|abcdefghijklmnopqrstuvwxyz)/.test(plain) && new Set(plain).size === plain.length) return 'a password must not be a plain sequence';
  if (username && username.length >= 3 && plain.includes(username.toLowerCase())) return 'a password must not contain the user name';
  return null;
}

export async function createUser(db: Db, user: NewUser): Promise<Result<{ id: number }>> {
  const problem = passwordProblem(user.password, user.username);
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
      ...(user.installAdmin ? { install_admin: true } : {}),
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

function actorOf(row: { id: number; username: string; role: Role; office_id: number | null; person_id: number | null; employer_id: number | null; program_id: number; install_admin: boolean }): Actor {
  return {
    programId: row.program_id,
    ...(row.install_admin ? { installAdmin: true } : {}),
    userId: row.id,
    username: row.username,
    role: row.role,
    officeId: row.office_id,
    personId: row.person_id,
    employerId: row.employer_id,
  };
}

/**
 * Counts one sign-in attempt against a throttle key, atomically, and says until when the key is blocked
 * (null: the attempt may go on). A window of LOCK_MINUTES starts with the first attempt; reaching the
 * limit blocks the key for LOCK_MINUTES.
 */
async function countAttempt(db: Db, key: string, limit: number, now: Date): Promise<Date | null> {
  const windowStart = new Date(now.getTime() - LOCK_MINUTES * 60_000);
  const row = await sql<{ attempts: number; blocked_until: Date | null }>`
    insert into login_throttle as t (key, attempts, window_start, blocked_until) values (${key}, 1, ${now}, null)
    on conflict (key) do update set
      attempts = case when t.window_start <= ${windowStart} and (t.blocked_until is null or t.blocked_until <= ${now}) then 1 else t.attempts + 1 end,
      window_start = case when t.window_start <= ${windowStart} and (t.blocked_until is null or t.blocked_until <= ${now}) then ${now} else t.window_start end,
      blocked_until = case when t.blocked_until is not null and t.blocked_until <= ${now} then null else t.blocked_until end
    returning attempts, blocked_until`.execute(db);
  const r = row.rows[0]!;
  if (r.blocked_until && new Date(r.blocked_until) > now) return new Date(r.blocked_until);
  if (r.attempts > limit) {
    const until = new Date(now.getTime() + LOCK_MINUTES * 60_000);
    await db.updateTable('login_throttle').set({ blocked_until: until }).where('key', '=', key).execute();
    return until;
  }
  return null;
}

/** A successful sign-in gives back its attempt: the account starts afresh, the address keeps its other failures. */
async function releaseAttempt(db: Db, accountKey: string, addressKey: string | null): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', accountKey).execute();
  if (addressKey) await sql`update login_throttle set attempts = greatest(attempts - 1, 0) where key = ${addressKey}`.execute(db);
}

/** Checks a password and opens a session; every attempt, good or bad, is audited. */
export async function login(db: Db, ctx: RequestContext, username: string, password: string): Promise<Result<LoginResult>> {
  const now = wallClock();
  const name = username.toLowerCase().slice(0, 64);
  const user = await db.selectFrom('app_user').selectAll().where('username', '=', name).executeTakeFirst();
  const failed = async (reason: string) => {
    await recordAudit(db, ctx, { action: 'login_failed', entityType: 'user', entityId: user?.id ?? null, detail: { username: username.slice(0, 64), reason } });
    return fail('INVALID_CREDENTIALS');
  };
  const accountKey = `account:${name}`;
  const addressKey = ctx.clientIp ? `address:${ctx.clientIp}` : null;
  // Both counters move before any password is checked (an account that does not exist is counted too,
  // so the answer does not tell which names exist).
  const accountBlocked = await countAttempt(db, accountKey, MAX_FAILED_LOGINS, now);
  const addressBlocked = addressKey ? await countAttempt(db, addressKey, MAX_FAILED_LOGINS_PER_ADDRESS, now) : null;
  if (accountBlocked || addressBlocked) {
    await verify(await dummyHash(), password);
    return failed(accountBlocked ? 'locked' : 'address blocked');
  }
  if (!user || !user.active) {
    // Spend the same time as a real check so response time does not reveal which user names exist.
    await verify(await dummyHash(), password);
    return failed(user ? 'inactive' : 'unknown user');
  }
  if (!(await verify(user.password_hash, password))) return failed('wrong password');
  await releaseAttempt(db, accountKey, addressKey);
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

/** The actor behind a bearer token, or null when the token is unknown, revoked or expired (in real time). */
export async function resolveSession(db: Db, token: string, now: Date = wallClock()): Promise<(Actor & { displayName: string }) | null> {
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
    .select(['u.id', 'u.username', 'u.role', 'u.office_id', 'u.person_id', 'u.employer_id', 'u.program_id', 'u.install_admin', 'u.display_name', 'u.active', 's.expires_at', 's.revoked_at'])
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
  await db.updateTable('user_session').set({ revoked_at: wallClock() }).where('token_hash', '=', tokenHash(token)).execute();
  // A lookup that ran while the revocation was being written is not kept either.
  sessionRevocations++;
  sessionCache.delete(tokenHash(token));
  await recordAudit(db, ctx, { action: 'logout', entityType: 'user', entityId: ctx.actor.userId });
}
