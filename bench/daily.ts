/**
 * Times the daily financial cycle alone (distribute, release holds, accrue, disburse, PPD, verify) on an
 * existing database for one business date, with the node process's CPU time and the number of SQL
 * statements sent, per phase. With --import, the day's collections (one employer CCD+ file of --share of
 * the cases, as bench/run.mjs makes) are imported first, untimed. To compare two versions of the code,
 * import once, copy the database (`create database b template a`) and run each version on its own copy:
 *
 *   DATABASE_URL=postgres://…/bench_dist CSE_HOME=bench/.home node --import tsx bench/daily.ts 2026-11-23 --import --share 0.05
 *   DATABASE_URL=postgres://…/bench_dist_copy CSE_HOME=bench/.home node --import tsx bench/daily.ts 2026-11-23
 */
import pg from 'pg';
import { loadavg } from 'node:os';
import { openSystem } from '../src/system.ts';
import { fixedClock } from '../src/kernel/clock.ts';
import { systemActor } from '../src/security/context.ts';
import { collectionsAchFile } from '../src/demo/collections.ts';
import { importAchPayments } from '../src/financial/ach.ts';
import { runDailyCycle } from '../src/financial/batch.ts';

let statements = 0;
const bySql = new Map<string, { n: number; ms: number }>();
const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: unknown, ...args: unknown[]) {
  statements++;
  const config = args[0] as { text?: string } | string;
  const text = typeof config === 'string' ? config : config?.text;
  const result = original.apply(this, args);
  if (text && result && typeof (result as Promise<unknown>).then === 'function') {
    const t0 = process.hrtime.bigint();
    const key = text.replace(/\s+/g, ' ').slice(0, 140);
    (result as Promise<unknown>).then(
      () => {
        const s = bySql.get(key) ?? { n: 0, ms: 0 };
        s.n++;
        s.ms += Number(process.hrtime.bigint() - t0) / 1e6;
        bySql.set(key, s);
      },
      () => undefined,
    );
  }
  return result;
};

const date = process.argv[2]!;
const share = Number(process.argv[process.argv.indexOf('--share') + 1] ?? 0.05) || 0.05;
const system = await openSystem(undefined, fixedClock(date));
const deps = system.deps;
if (process.argv.includes('--import')) {
  const file = await collectionsAchFile(deps, date, { share, seed: 1 });
  if (!file) throw new Error('no collections for that date');
  const ctx = { actor: systemActor('financial_worker'), purpose: 'bench import', requestId: null, clientIp: null, clock: deps.clock };
  const r = await importAchPayments(deps, ctx, `bench-${date}.ach`, file.content);
  if (!r.ok) throw new Error(r.message);
  console.log(`imported ${JSON.stringify(r.value).slice(0, 200)}`);
  await system.close();
  process.exit(0);
}
const chunkArg = process.argv.indexOf('--chunk');
const chunkSize = chunkArg > 0 ? Number(process.argv[chunkArg + 1]) : undefined;
const phases: Array<{ phase: string; seconds: number; cpu: number; statements: number }> = [];
let t = process.hrtime.bigint();
let cpu = process.cpuUsage();
let n = statements;
let last = '';
const load = loadavg();
const startWall = process.hrtime.bigint();
const startCpu = process.cpuUsage();
const startStatements = statements;
const summary = await runDailyCycle(deps, date, {
  chunkSize,
  onProgress: (phase) => {
    // `phase` is the phase the checkpoint moved to; time spent since the last report belongs to the phase that ran.
    const now = process.hrtime.bigint();
    const c = process.cpuUsage(cpu);
    const key = last || 'distribute';
    const prev = phases.find((p) => p.phase === key) ?? (phases.push({ phase: key, seconds: 0, cpu: 0, statements: 0 }), phases.at(-1)!);
    prev.seconds += Number(now - t) / 1e9;
    prev.cpu += (c.user + c.system) / 1e6;
    prev.statements += statements - n;
    t = now;
    cpu = process.cpuUsage();
    n = statements;
    last = phase;
  },
});
const wall = Number(process.hrtime.bigint() - startWall) / 1e9;
const used = process.cpuUsage(startCpu);
await system.close();
const d = summary.disbursements;
console.log(`${date}: ${summary.status}; ${summary.receiptsDistributed} distributed, ${summary.accountsCharged} charged, ${d?.count} disbursements`);
console.log(`load average before: ${load.map((x) => x.toFixed(2)).join(' ')}; after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`total: ${wall.toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s node CPU, ${statements - startStatements} statements (${((statements - startStatements) / Math.max(1, summary.receiptsDistributed)).toFixed(2)} per collection)`);
for (const p of phases) console.log(`  ${p.phase.padEnd(14)} ${p.seconds.toFixed(2).padStart(8)} s wall ${p.cpu.toFixed(2).padStart(7)} s CPU ${String(p.statements).padStart(8)} statements`);
if (process.argv.includes('--top')) {
  for (const [k, v] of [...bySql.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) console.log(`${(v.ms / 1000).toFixed(2).padStart(8)} s ${String(v.n).padStart(6)}x  ${k}`);
}
