/**
 * Runs the real `cse` command in a child process against its own database: a fresh PGlite data folder,
 * or a fresh database on the PostgreSQL server named by DATABASE_URL.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliEnv {
  run(args: string[], extraEnv?: Record<string, string>): { status: number | null; stdout: string; stderr: string };
  home: string;
  /** The test database on the PostgreSQL server, when testing on PostgreSQL. */
  databaseUrl: string | undefined;
  close(): Promise<void>;
}

export async function createCliEnv(): Promise<CliEnv> {
  const home = mkdtempSync(join(tmpdir(), 'cse-cli-'));
  const env: Record<string, string> = { ...process.env as Record<string, string>, CSE_HOME: home, CSE_TODAY: '2026-11-02', CSE_DATA_KEY: 'ab'.repeat(32) };
  let dropDb = async () => undefined;
  if (process.env.DATABASE_URL) {
    const name = `cse_cli_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${name}`;
    env.DATABASE_URL = u.toString();
    dropDb = async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  return {
    home,
    databaseUrl: env.DATABASE_URL,
    run(args, extraEnv = {}) {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/cse.mjs'), ...args], { cwd: ROOT, env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 120_000 });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    async close() {
      await dropDb();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
