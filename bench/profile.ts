/**
 * Where the nightly cycle spends its time, statement by statement: wraps the pg client's query to add up
 * time and count per SQL text, runs the nightly for a date on an existing database, prints the top list.
 *
 *   DATABASE_URL=postgres://…/cse_bench_100000 CSE_HOME=bench/.home node --import tsx bench/profile.ts 2026-12-01 [inbox]
 */
import pg from 'pg';
import { openSystem } from '../src/system.ts';
import { fixedClock } from '../src/kernel/clock.ts';
import { runNightly } from '../src/financial/nightly.ts';

const stats = new Map<string, { n: number; ms: number }>();
const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: unknown, ...args: unknown[]) {
  const config = args[0] as { text?: string } | string;
  const text = typeof config === 'string' ? config : config?.text;
  const result = original.apply(this, args);
  if (text && result && typeof (result as Promise<unknown>).then === 'function') {
    const t = process.hrtime.bigint();
    const key = text.replace(/\s+/g, ' ').slice(0, 160);
    (result as Promise<unknown>).then(
      () => {
        const s = stats.get(key) ?? { n: 0, ms: 0 };
        s.n++;
        s.ms += Number(process.hrtime.bigint() - t) / 1e6;
        stats.set(key, s);
      },
      () => undefined,
    );
  }
  return result;
};

const date = process.argv[2]!;
const system = await openSystem(undefined, fixedClock(date));
const started = Date.now();
const summary = await runNightly(system.deps, date, { inbox: process.argv[3] ?? null });
const total = (Date.now() - started) / 1000;
await system.close();
console.log(`${date}: ${summary.status} in ${total.toFixed(1)} s; ${summary.daily?.receiptsDistributed} distributed, ${summary.daily?.accountsCharged} charged, ${summary.daily?.disbursements?.count} disbursements`);
const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
for (const [k, s] of rows) console.log(`${(s.ms / 1000).toFixed(2).padStart(8)} s ${String(s.n).padStart(8)}×  ${(s.ms / s.n).toFixed(2).padStart(7)} ms  ${k}`);
