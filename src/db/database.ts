/**
 * Opens the database: embedded PGlite in a data folder by default, a PostgreSQL server when
 * DATABASE_URL is set. The same SQL runs on both.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs a script of several statements (migrations). */
  exec(script: string): Promise<void>;
  /** Holds one connection for a series of scripts (session-level locks, migrations). */
  session<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** The embedded engine, when PGlite (for dumps of a migrated database). */
  pglite?: PGlite;
  /** The connection pool, when PostgreSQL (bulk loading with COPY). */
  pool?: pg.Pool;
}

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

/** int8 values are counts, ids or cents: safe integers in JavaScript, refused otherwise. */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value out of safe range: ${text}`);
  return n;
}

const identity = (text: string) => text;

/**
 * A statement whose text begins with this comment is sent to PostgreSQL as a named prepared statement
 * (parsed and planned once per connection, then only bound and executed): for the few hot reads whose
 * planning costs more than their execution, e.g. the case summary. The name is a hash of the text, so
 * one SQL text (not one call site) is one prepared statement; mark only texts from a small fixed set.
 * PGlite runs the text as it is (the mark is a comment).
 */
export const PREPARED = '/* prepared */ ';

function preparedStatements(client: pg.PoolClient): void {
  const query = client.query as (...args: unknown[]) => unknown;
  client.query = function (this: pg.PoolClient, ...args: unknown[]) {
    const [text, values, callback] = args;
    if (typeof text === 'string' && text.startsWith(PREPARED)) {
      const name = 'cse_' + createHash('sha1').update(text).digest('base64url');
      return query.call(this, { name, text, values }, callback);
    }
    return query.apply(this, args);
  } as typeof client.query;
}

export interface Session {
  exec(script: string): Promise<void>;
  query<R>(text: string): Promise<R[]>;
}

export interface OpenOptions {
  /** postgres://… URL; when absent PGlite is used. */
  url?: string | undefined;
  /** PGlite data folder; in-memory when absent. */
  dataDir?: string | undefined;
  /** A PGlite data folder dump (tar) to start from, for fast test databases. */
  loadDataDir?: Blob | undefined;
}

export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url);
  return openPGlite(options.dataDir, options.loadDataDir);
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const types = {
    getTypeParser: (oid: number, format?: any) => {
      if (oid === INT8) return parseInt8;
      if (oid === NUMERIC || oid === DATE) return identity;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.CSE_DB_POOL ?? 10), types });
  pool.on('connect', preparedStatements);
  // An idle connection the server closes (a restart, a failover, an administrator, a dropped test database)
  // is an event on the pool, not a crash: the pool drops that client and the next query opens a new one.
  pool.on('error', (err) => process.stderr.write(`database: an idle connection was closed by the server: ${err.message}\n`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    pool,
    exec: async (script) => {
      await pool.query(script);
    },
    session: async (fn) => {
      const client = await pool.connect();
      try {
        return await fn({
          exec: async (script) => {
            await client.query(script);
          },
          query: async <R,>(text: string) => (await client.query(text)).rows as R[],
        });
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

/**
 * PGlite is one process's database: a second process opening the same data folder would corrupt it.
 * A lock file beside the folder keeps a second process waiting until the first has closed (a lock left
 * by a process that died is taken over).
 */
async function lockDataDir(dataDir: string, waitMs: number): Promise<() => void> {
  const lockFile = `${dataDir}.lock`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx', mode: 0o600 });
      const release = () => {
        try {
          if (readFileSync(lockFile, 'utf8') === String(process.pid)) unlinkSync(lockFile);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder = 0;
    try {
      holder = Number(readFileSync(lockFile, 'utf8'));
    } catch {
      continue;
    }
    if (!holder || !processAlive(holder)) {
      try {
        unlinkSync(lockFile);
      } catch {
        // another process took it over first
      }
      continue;
    }
    if (Date.now() > deadline) throw new Error(`the embedded database ${dataDir} is in use by process ${holder}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The embedded database holds every SSN and address: its folder and files are the service user's only
 * (folders 0700, files 0600), whatever the umask was when they were made.
 */
export function ownerOnly(path: string): void {
  const st = statSync(path);
  if (st.isDirectory()) {
    if ((st.mode & 0o077) !== 0) chmodSync(path, 0o700);
    for (const name of readdirSync(path)) ownerOnly(join(path, name));
  } else if (st.isFile() && (st.mode & 0o077) !== 0) {
    chmodSync(path, 0o600);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function openPGlite(dataDir: string | undefined, loadDataDir: Blob | undefined): Promise<DatabaseHandle> {
  let unlock = () => undefined as void;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    unlock = await lockDataDir(dataDir, Number(process.env.CSE_DB_LOCK_WAIT_MS ?? 600_000));
  }
  const options = {
    parsers: { [INT8]: parseInt8, [NUMERIC]: identity, [DATE]: identity },
    ...(loadDataDir ? { loadDataDir } : {}),
  };
  const pglite = dataDir ? new PGlite(dataDir, options) : new PGlite(options);
  await pglite.waitReady;
  if (dataDir) ownerOnly(dataDir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    exec: async (script) => {
      // Take the dialect's connection so a script never interleaves with a transaction.
      await db.connection().execute(async () => {
        await pglite.exec(script);
      });
    },
    session: (fn) =>
      db.connection().execute(() =>
        fn({
          exec: async (script) => {
            await pglite.exec(script);
          },
          query: async <R,>(text: string) => (await pglite.query<R>(text)).rows,
        }),
      ),
    close: async () => {
      await db.destroy();
      await pglite.close();
      unlock();
    },
    pglite,
  };
}
