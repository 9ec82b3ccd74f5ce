/**
 * A fresh, migrated database for one test file (a copy of the PGlite snapshot, or a new database on the
 * PostgreSQL server named by DATABASE_URL), with the app built on it and helpers to sign in.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { Deps } from '../../src/deps.ts';
import { fixedClock } from '../../src/kernel/clock.ts';
import { deriveKeys } from '../../src/security/pii.ts';
import { buildApp, type App } from '../../src/http/app.ts';
import { createUser } from '../../src/security/users.ts';
import type { Role } from '../../src/db/schema.ts';
import { systemActor, type RequestContext } from '../../src/security/context.ts';

export const TEST_PASSWORD = 'correct-horse-battery';
export const TEST_KEYS = deriveKeys(Buffer.alloc(32, 7));

async function openTestDatabase(): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `cse_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const handle = await openDatabase({ url: u.toString() });
    await migrate(handle);
    return {
      handle,
      drop: async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const snapshot = process.env.CSE_TEST_SNAPSHOT;
  const handle = await openDatabase(snapshot ? { loadDataDir: new Blob([readFileSync(snapshot)]) } : {});
  await migrate(handle);
  return { handle, drop: async () => undefined };
}

export interface TestSystem {
  deps: Deps;
  handle: DatabaseHandle;
  clock: ReturnType<typeof fixedClock>;
  app: App;
  offices: Record<string, number>;
  /** Creates a user with TEST_PASSWORD. */
  addUser(username: string, role: Role, extra?: { office?: string; personId?: number; employerId?: number }): Promise<number>;
  /** Signs in through the API and returns the bearer token. */
  login(username: string): Promise<string>;
  /** A request context for calling services directly. */
  ctx(role?: Role, officeCode?: string): RequestContext;
  close(): Promise<void>;
}

export async function createTestSystem(options: { today?: string; offices?: string[] } = {}): Promise<TestSystem> {
  const { handle, drop } = await openTestDatabase();
  const clock = fixedClock(options.today ?? '2026-11-02');
  const deps: Deps = { db: handle.db, keys: TEST_KEYS, clock };
  const offices: Record<string, number> = {};
  for (const code of options.offices ?? ['NORTH', 'SOUTH']) {
    const row = await deps.db.insertInto('office').values({ code, name: `${code} County Domestic Relations`, county_fips: null }).returning('id').executeTakeFirstOrThrow();
    offices[code] = row.id;
  }
  const app = await buildApp(deps);
  const system: TestSystem = {
    deps,
    handle,
    clock,
    app,
    offices,
    async addUser(username, role, extra = {}) {
      const result = await createUser(deps.db, {
        username,
        displayName: username,
        role,
        password: TEST_PASSWORD,
        officeId: extra.office ? offices[extra.office]! : null,
        personId: extra.personId ?? null,
        employerId: extra.employerId ?? null,
      });
      if (!result.ok) throw new Error(result.message);
      return result.value.id;
    },
    async login(username) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      return res.json().token as string;
    },
    ctx(role = 'administrator', officeCode) {
      return { actor: { ...systemActor(role), officeId: officeCode ? offices[officeCode]! : null }, purpose: 'test', requestId: null, clientIp: null, clock };
    },
    async close() {
      await app.close();
      await handle.close();
      await drop();
    },
  };
  return system;
}

/** A small valid intake with a custodial party, a noncustodial parent and one child. */
export function sampleIntake(overrides: Record<string, unknown> = {}, people: { cpFirst?: string; cpLast?: string; cpSsn?: string; ncpSsn?: string; ncpFirst?: string; ncpLast?: string; ncpDob?: string; childFirst?: string } = {}) {
  return {
    kind: 'application',
    receivedDate: '2026-10-20',
    caseType: 'never_assistance',
    officeCode: 'NORTH',
    members: [
      { role: 'custodial_party', person: { firstName: people.cpFirst ?? 'Maria', lastName: people.cpLast ?? 'Lopez', dateOfBirth: '1990-03-14', sex: 'F', ssn: people.cpSsn ?? '212-45-6781', address: { line1: '12 Oak Ave', city: 'Erie', stateCode: 'PA', zip: '16501' } } },
      {
        role: 'noncustodial_parent',
        person: {
          firstName: people.ncpFirst ?? 'Daniel',
          lastName: people.ncpLast ?? 'Reyes',
          dateOfBirth: people.ncpDob ?? '1988-07-02',
          sex: 'M',
          ssn: people.ncpSsn ?? '318-22-4410',
          employer: { name: 'Keystone Logistics LLC', fein: '231234567' },
        },
      },
      { role: 'child', person: { firstName: people.childFirst ?? 'Sofia', lastName: people.ncpLast ?? 'Reyes', dateOfBirth: '2019-05-30', sex: 'F' }, bornOutOfWedlock: true },
    ],
    ...overrides,
  };
}
