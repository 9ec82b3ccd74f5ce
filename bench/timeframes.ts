/**
 * Times the casework timeframe sweep (runTimeframeBatch) on an existing database for one or more business
 * dates, and prints a digest of the worklist it leaves (items and events without ids or timestamps), so two
 * copies of one database can be compared after running different code.
 *
 *   DATABASE_URL=postgres://…/db CSE_HOME=/tmp/home node --import tsx bench/timeframes.ts 2026-11-23 2026-12-15
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { openSystem } from '../src/system.ts';
import { runTimeframeBatch } from '../src/casework/timeframes.ts';
import { systemActor } from '../src/security/context.ts';

// Counts the statements sent (round trips), as bench/profile.ts does.
let statements = 0;
const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: unknown }).query = function (this: unknown, ...args: unknown[]) {
  statements++;
  return original.apply(this, args);
};

const system = await openSystem();
const { deps } = system;
for (const date of process.argv.slice(2)) {
  const ctx = { actor: systemActor('administrator'), purpose: 'timeframe bench', requestId: null, clientIp: null, clock: { now: () => new Date(`${date}T23:00:00Z`), today: () => date } };
  const started = Date.now();
  const before = statements;
  const r = await runTimeframeBatch(deps, ctx, date);
  const seconds = (Date.now() - started) / 1000;
  if (!r.ok) throw new Error(r.message);
  const { asOf, officeId, ...counts } = r.value;
  console.log(`${date}: ${seconds.toFixed(2)} s, ${statements - before} statements ${JSON.stringify(counts)}`);
}
const items = await sql<{ line: string }>`
  select concat_ws('|', kind, case_id, intake_id, timeframe_id, closure_id, office_id, title, regulation, due_date, alert_level, status, assigned_user_id, escalated_to_user_id, escalated_date, created_date, done_date, done_by, done_note, dedupe_key) as line
  from worklist_item order by dedupe_key`.execute(deps.db);
const events = await sql<{ line: string }>`
  select concat_ws('|', w.dedupe_key, e.event, e.business_date, e.actor_user_id, e.detail::text,
    row_number() over (partition by e.item_id order by e.id)) as line
  from worklist_event e join worklist_item w on w.id = e.item_id order by w.dedupe_key, e.id`.execute(deps.db);
const clocks = await sql<{ line: string }>`select concat_ws('|', case_id, intake_id, kind, start_date, due_date, met_date, cancelled_date, cancel_reason) as line from case_timeframe order by case_id, kind, start_date, id`.execute(deps.db);
const digest = (rows: Array<{ line: string }>) => createHash('sha256').update(rows.map((r) => r.line).join('\n')).digest('hex').slice(0, 16);
console.log(`items ${items.rows.length} ${digest(items.rows)}; events ${events.rows.length} ${digest(events.rows)}; clocks ${clocks.rows.length} ${digest(clocks.rows)}`);
await system.close();
