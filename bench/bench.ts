/**
 * OpenCSE benchmark (see bench/README.md): builds a state of N cases in a fresh PostgreSQL database and
 * times the nightly cycle with one day of collections, distribution throughput, the case summary API
 * under concurrent load over loopback HTTP, OCSE-157 generation, and the floor: a plain COPY of as many
 * ledger rows into a scratch table. Prints every figure and the ratio of each step to the floor, and
 * writes them to bench/results-<N>.json. Not part of `npm test`; nothing here asserts a timing.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/run.mjs --cases 100000
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import type { Deps } from '../src/deps.ts';
import { fixedClock } from '../src/kernel/clock.ts';
import { addDays, federalFiscalYear, isBusinessDay } from '../src/kernel/calendar.ts';
import { loadDataKeys } from '../src/security/pii.ts';
import { systemActor } from '../src/security/context.ts';
import { seedBulk } from '../src/demo/bulk.ts';
import { collectionsAchFile } from '../src/demo/collections.ts';
import { DEMO_PASSWORD } from '../src/demo/seed.ts';
import { runNightly, type NightlyStep } from '../src/financial/nightly.ts';
import { ocse157Report } from '../src/reporting/service.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Figure {
  step: string;
  seconds: number;
  detail: string;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - t) / 1e9 };
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
      date: { type: 'string', default: '2026-11-23' },
      share: { type: 'string', default: '0.05' },
      clients: { type: 'string', default: '50' },
      requests: { type: 'string', default: '5000' },
      'month-start': { type: 'boolean', default: true },
      'no-month-start': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      database: { type: 'string' },
      'skip-seed': { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  const cases = Number(values.cases);
  // --only floor,nightly,api,ocse157,month-start (with --skip-seed: rerun some steps on a kept database)
  const only = values.only ? new Set(values.only.split(',')) : null;
  const want = (step: string) => !only || only.has(step);
  const date = values.date!;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL to a PostgreSQL server (the benchmark makes its own database there)');
  const dbName = values.database ?? `cse_bench_${cases}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const server = (await admin.query('select version() as v')).rows[0].v as string;
  if (!values['skip-seed']) {
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.query(`create database ${dbName}`);
  }
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${dbName}`;
  const dbUrl = u.toString();
  const home = join(ROOT, 'bench', '.home');
  mkdirSync(home, { recursive: true });
  const keys = loadDataKeys(join(home, 'data.key'));
  const clock = fixedClock(date);
  const handle = await openDatabase({ url: dbUrl });
  await migrate(handle);
  const deps: Deps = { db: handle.db, keys, clock };
  const figures: Figure[] = [];
  const say = (m: string) => process.stdout.write(m + '\n');
  const machine = { nproc: cpus().length, cpu: cpus()[0]?.model ?? '?', memoryGiB: +(totalmem() / 2 ** 30).toFixed(1), freeGiB: +(freemem() / 2 ** 30).toFixed(1), node: process.version, postgres: server };
  say(`OpenCSE benchmark: ${cases} cases, business date ${date}, database ${dbName}`);
  say(`machine: ${machine.nproc} cores (${machine.cpu}), ${machine.memoryGiB} GiB (${machine.freeGiB} free), node ${machine.node}, ${server}`);

  // 1. The state.
  if (!values['skip-seed']) {
    let last = Date.now();
    const seeded = await timed(() => seedBulk(deps, handle, { cases, seed: Number(values.seed), log: (m) => (Date.now() - last > 15000 ? ((last = Date.now()), say(m)) : undefined) }));
    const s = seeded.value;
    figures.push({ step: 'seed (bulk load)', seconds: seeded.seconds, detail: `${s.cases} cases, ${s.persons} persons, ${s.orders} orders, ${s.receipts} receipts, ${s.postings} postings, ${s.disbursements} disbursements; ${(s.cases / seeded.seconds).toFixed(0)} cases/s; ${s.method}` });
    say(`seed: ${seeded.seconds.toFixed(1)} s; ${figures.at(-1)!.detail}`);
  }
  const size = (await sql<{ postings: number; journals: number; bytes: string }>`select (select count(*)::int from ledger_posting) as postings, (select count(*)::int from ledger_journal) as journals, pg_size_pretty(pg_database_size(current_database())) as bytes`.execute(handle.db)).rows[0]!;
  say(`state: ${size.journals} journals, ${size.postings} postings, database ${size.bytes}`);

  // 2. The floor: a plain COPY of as many ledger rows into a scratch table (no indexes, no triggers).
  const floorRows = size.postings;
  const floor = !want('floor') ? { seconds: NaN, value: undefined } : await timed(async () => {
    const client = await handle.pool!.connect();
    try {
      await client.query('drop table if exists bench_floor; create table bench_floor (id bigint, journal_id bigint, account text, case_id bigint, person_id bigint, amount_cents bigint)');
      const text: string[] = [];
      for (let i = 1; i <= floorRows; i++) text.push(`${i}\t${(i >> 1) + 1}\t${i % 2 ? 'sdu_cash' : 'undistributed'}\t${(i % cases) + 1}\t${(i % (cases * 3)) + 1}\t${i % 2 ? 12345 : -12345}`);
      const data = Buffer.from(text.join('\n') + '\n');
      await new Promise<void>((resolve, reject) => {
        let error: Error | null = null;
        client.query({
          submit: (c: any) => c.query('copy bench_floor from stdin'),
          handleCopyInResponse: (c: any) => {
            for (let i = 0; i < data.length; i += 1 << 20) c.sendCopyFromChunk(data.subarray(i, i + (1 << 20)));
            c.endCopyFrom();
          },
          handleCommandComplete: () => undefined,
          handleError: (e: Error) => (error = e),
          handleReadyForQuery: () => (error ? reject(error) : resolve()),
          handleEmptyQuery: () => undefined,
        } as never);
      });
      await client.query('drop table bench_floor');
    } finally {
      client.release();
    }
  });
  say(`floor: COPY of ${floorRows} ledger-shaped rows into a scratch table: ${floor.seconds.toFixed(2)} s (${(floorRows / floor.seconds).toFixed(0)} rows/s)`);
  figures.push({ step: 'floor: COPY ledger rows', seconds: floor.seconds, detail: `${floorRows} rows, ${(floorRows / floor.seconds).toFixed(0)} rows/s` });

  if (want('nightly')) {
  // 3. The nightly cycle with one day of collections delivered as an employer ACH file.
  const inbox = mkdtempSync(join(tmpdir(), 'cse-bench-inbox-'));
  const built = await timed(() => collectionsAchFile(deps, date, { share: Number(values.share), seed: Number(values.seed) }));
  const file = built.value!;
  writeFileSync(join(inbox, `collections-${date}.ach`), file.content, 'latin1');
  say(`collections: ${file.payments} ACH payments ($${(file.totalCents / 100).toFixed(2)}) in one CCD+ file (${(file.content.length / 1e6).toFixed(1)} MB), built in ${built.seconds.toFixed(1)} s`);
  // Each progress report ends a chunk; the chunk ran the phase named by the report before it.
  const stepTimes = new Map<string, number>();
  let running = 'start';
  let mark = process.hrtime.bigint();
  const onProgress = (step: NightlyStep, detail: string) => {
    const t = process.hrtime.bigint();
    stepTimes.set(running, (stepTimes.get(running) ?? 0) + Number(t - mark) / 1e9);
    mark = t;
    running = step === 'daily_cycle' ? `daily: ${detail.split(' ')[0]}` : step;
  };
  const nightly = await timed(() => runNightly(deps, date, { inbox, onProgress }));
  onProgress('done', '');
  const n = nightly.value;
  if (n.status !== 'completed') throw new Error(`nightly ${n.status}: ${n.problem ?? ''} ${JSON.stringify(n.daily?.problems?.slice(0, 3))}`);
  figures.push({ step: 'nightly cycle (total)', seconds: nightly.seconds, detail: `${n.files[0]?.summary?.posted ?? 0} payments imported, ${n.daily!.receiptsDistributed} distributed, ${n.daily!.disbursements?.count ?? 0} disbursements (${n.daily!.disbursements?.eftCount ?? 0} EFT in the PPD file), ${n.timeframes!.cases} cases swept for timeframes` });
  say(`nightly: ${nightly.seconds.toFixed(1)} s`);
  for (const [k, v] of stepTimes) {
    say(`  ${k.padEnd(28)} ${v.toFixed(1)} s`);
    figures.push({ step: `  nightly ${k}`, seconds: v, detail: '' });
  }
  const distributeSeconds = stepTimes.get('daily: distribute') ?? NaN;
  const distributed = n.daily!.receiptsDistributed;
  figures.push({ step: 'distribution throughput', seconds: distributeSeconds, detail: `${distributed} collections, ${(distributed / distributeSeconds).toFixed(0)} collections/s` });
  say(`distribution: ${distributed} collections in ${distributeSeconds.toFixed(1)} s = ${(distributed / distributeSeconds).toFixed(0)} collections/s`);

  }
  if (want('api')) {
  // 4. The case summary API under concurrent load, over loopback HTTP against the real app.
  const loadBefore = loadavg().map((x) => x.toFixed(1)).join(' ');
  const api = await caseSummaryLoad(dbUrl, home, date, handle, Number(values.clients), Number(values.requests));
  figures.push({ step: `case summary API (${values.clients} clients)`, seconds: api.seconds, detail: `${api.requests} requests, p50 ${api.p50.toFixed(1)} ms, p90 ${api.p90.toFixed(1)} ms, p99 ${api.p99.toFixed(1)} ms, max ${api.max.toFixed(1)} ms, ${api.rps.toFixed(0)} req/s, ${api.errors} errors; ${perRequest(api)}` });
  say(`case summary API: ${figures.at(-1)!.detail}`);
  const stmt = api.statement;
  figures.push({ step: `case statement API (${values.clients} clients)`, seconds: stmt.seconds, detail: `${stmt.requests} requests, p50 ${stmt.p50.toFixed(1)} ms, p99 ${stmt.p99.toFixed(1)} ms, ${stmt.rps.toFixed(0)} req/s, ${stmt.errors} errors; ${perRequest(stmt)}` });
  say(`case statement API: ${figures.at(-1)!.detail}`);
  say(`load average before the API step ${loadBefore}, after ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);

  }
  if (want('ocse157')) {
  // 5. OCSE-157 for the fiscal year of the business date.
  const year = federalFiscalYear(date);
  const ctx = { actor: systemActor('administrator'), purpose: 'benchmark', requestId: null, clientIp: null, clock };
  const report = await timed(() => ocse157Report(deps, ctx, year));
  if (!report.value.ok) throw new Error(`OCSE-157: ${report.value.message}`);
  figures.push({ step: `OCSE-157 FY${year}`, seconds: report.seconds, detail: 'whole state' });
  say(`OCSE-157 FY${year}: ${report.seconds.toFixed(1)} s`);

  }
  // 6. The first nightly of a month: every case account is charged for the new month.
  if (!values['no-month-start'] && want('month-start')) {
    let first = `${date.slice(0, 7) === '2026-12' ? '2027-01' : nextMonthFirst(date)}`;
    while (!isBusinessDay(first)) first = addDays(first, 1);
    clock.set(first);
    const monthStart = await timed(() => runNightly(deps, first, {}));
    figures.push({ step: `nightly on ${first} (month start)`, seconds: monthStart.seconds, detail: `${monthStart.value.daily?.accountsCharged ?? 0} accounts charged, ${monthStart.value.daily?.disbursements?.count ?? 0} disbursements, ${monthStart.value.timeframes?.cases ?? 0} cases swept` });
    say(`month-start nightly ${first}: ${monthStart.seconds.toFixed(1)} s; ${figures.at(-1)!.detail}`);
  }

  say('');
  say(`${'step'.padEnd(44)} ${'seconds'.padStart(9)} ${'× floor'.padStart(9)}  detail`);
  for (const f of figures) say(`${f.step.padEnd(44)} ${f.seconds.toFixed(2).padStart(9)} ${(f.seconds / floor.seconds).toFixed(1).padStart(9)}  ${f.detail}`);
  const out = join(ROOT, 'bench', `results-${cases}.json`);
  writeFileSync(out, JSON.stringify({ when: new Date().toISOString(), cases, date, machine, state: size, floorSeconds: floor.seconds, figures }, null, 2) + '\n');
  say(`\nwritten: ${out}`);
  await handle.close();
  if (!values.keep) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop database if exists ${dbName} with (force)`);
    await c.end();
  }
}

function perRequest(r: LoadResult): string {
  return `per request: ${r.statementsPerRequest?.toFixed(2)} SQL statements, server CPU ${r.serverCpuMsPerRequest?.toFixed(2)} ms, PostgreSQL backends CPU ${r.postgresCpuMsPerRequest?.toFixed(2)} ms, load clients CPU ${r.clientCpuMsPerRequest?.toFixed(2)} ms`;
}

function nextMonthFirst(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

interface LoadResult {
  /** Per request, from the server's own counters (not distorted by a busy machine). */
  statementsPerRequest?: number;
  serverCpuMsPerRequest?: number;
  postgresCpuMsPerRequest?: number;
  /** The load clients' own CPU (this process): on the same 2 cores, it is part of what the machine spends. */
  clientCpuMsPerRequest?: number;
  requests: number;
  errors: number;
  seconds: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  rps: number;
}

async function load(clients: number, total: number, request: (i: number) => Promise<boolean>): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const t = process.hrtime.bigint();
        const ok = await request(i).catch(() => false);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        if (!ok) errors++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return { requests: total, errors, seconds, p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN, rps: total / seconds };
}

async function caseSummaryLoad(dbUrl: string, home: string, date: string, handle: Awaited<ReturnType<typeof openDatabase>>, clients: number, total: number): Promise<LoadResult & { statement: LoadResult }> {
  const numbers = (await sql<{ case_number: string }>`select case_number from iv_d_case order by id`.execute(handle.db)).rows.map((r) => r.case_number);
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'server.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: dbUrl, CSE_HOME: home, CSE_TODAY: date, PORT: '0', CSE_DB_POOL: process.env.CSE_DB_POOL ?? '20' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  try {
    const base = `http://127.0.0.1:${port}/api`;
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }) });
    if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
    const token = ((await login.json()) as { token: string }).token;
    const headers = { authorization: `Bearer ${token}` };
    let x = 12345;
    const pick = () => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return numbers[x % numbers.length]!;
    };
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers });
      await res.arrayBuffer();
      return res.ok;
    };
    // The server's counters and its database backends' CPU around one load, per request.
    const ticks = 100; // USER_HZ on Linux
    const backendCpu = async (): Promise<Map<number, number>> => {
      const pids = (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`.execute(handle.db)).rows;
      const out = new Map<number, number>();
      for (const { pid } of pids) {
        try {
          const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
          out.set(pid, ((Number(f[11]) + Number(f[12])) * 1000) / ticks);
        } catch {
          // gone, or not on this machine
        }
      }
      return out;
    };
    const stats = async () => (await (await fetch(`http://127.0.0.1:${port}/__bench/stats`)).json()) as { requests: number; statements: number; cpuUserMs: number; cpuSystemMs: number };
    const measured = async (n: number, path: () => string): Promise<LoadResult> => {
      const s0 = await stats();
      const b0 = await backendCpu();
      const c0 = process.cpuUsage();
      const r = await load(clients, n, () => get(path()));
      const c1 = process.cpuUsage(c0);
      const s1 = await stats();
      const b1 = await backendCpu();
      let pgMs = 0;
      for (const [pid, ms] of b1) pgMs += ms - (b0.get(pid) ?? 0);
      const requests = s1.requests - s0.requests;
      return {
        ...r,
        statementsPerRequest: (s1.statements - s0.statements) / requests,
        serverCpuMsPerRequest: (s1.cpuUserMs + s1.cpuSystemMs - s0.cpuUserMs - s0.cpuSystemMs) / requests,
        postgresCpuMsPerRequest: pgMs / requests,
        clientCpuMsPerRequest: (c1.user + c1.system) / 1000 / n,
      };
    };
    await load(clients, Math.min(500, total), () => get(`/cases/${pick()}`)); // warm-up
    const summary = await measured(total, () => `/cases/${pick()}`);
    const statement = await measured(Math.max(500, Math.round(total / 2)), () => `/cases/${pick()}/statement`);
    return { ...summary, statement };
  } finally {
    child.kill('SIGTERM');
  }
}
