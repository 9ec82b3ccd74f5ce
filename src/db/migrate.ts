/**
 * Numbered plain-SQL migrations from `migrations/NNNN_name.sql`, applied in order at start, each in its
 * own transaction together with its bookkeeping row. A migration already applied is checked against its
 * checksum so an edited file is noticed instead of silently skipped.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DatabaseHandle } from './database.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface Migration {
  name: string;
  checksum: string;
  script: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const script = readFileSync(dir + name, 'utf8');
      return { name, script, checksum: createHash('sha256').update(script).digest('hex') };
    });
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Applies pending migrations; returns the names applied. */
export async function migrate(handle: DatabaseHandle, migrations = loadMigrations()): Promise<string[]> {
  return handle.session(async ({ exec, query }) => {
    // One migrator at a time on a shared server (the lock belongs to this session).
    await exec(`select pg_advisory_lock(${LOCK_KEY});`);
    try {
      await exec(`create table if not exists schema_migration (
        name text primary key,
        checksum text not null,
        applied_at timestamptz not null default now()
      );`);
      const known = new Map(
        (await query<{ name: string; checksum: string }>('select name, checksum from schema_migration')).map((r) => [r.name, r.checksum]),
      );
      const done: string[] = [];
      for (const m of migrations) {
        const previous = known.get(m.name);
        if (previous) {
          if (previous !== m.checksum) throw new Error(`migration ${m.name} was changed after it was applied`);
          continue;
        }
        try {
          await exec(`begin;\n${m.script}\n;insert into schema_migration (name, checksum) values (${quote(m.name)}, ${quote(m.checksum)});\ncommit;`);
        } catch (err) {
          await exec('rollback;').catch(() => undefined);
          throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
        }
        done.push(m.name);
      }
      return done;
    } finally {
      await exec(`select pg_advisory_unlock(${LOCK_KEY});`);
    }
  });
}

const LOCK_KEY = 727_001;
