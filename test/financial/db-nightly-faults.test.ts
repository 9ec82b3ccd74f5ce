// Fault tests of the whole nightly batch (`cse batch nightly`): a bulk-seeded State gets one employer CCD+
// file a night; each night's batch is killed (SIGKILL) at a random point (while importing the file, in the
// daily cycle's chunks, in the timeframe sweep) and run again. Afterwards every payment of every file is
// receipted exactly once, no collection is distributed twice or left behind, no month is charged twice,
// the ledger balances, every night is completed and every file has moved to processed/. The daily cycle's
// own kill test is db-faults.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCliEnv, type CliEnv } from '../helpers/cli.ts';
import { faultTool, killableCli } from '../helpers/fault-run.ts';
import { addBusinessDays } from '../../src/kernel/calendar.ts';
import { rng } from '../../src/demo/seed.ts';

const TRIALS = Number(process.env.CSE_FAULT_TRIALS ?? 20);
const FIRST = '2026-11-24';
const DATES = Array.from({ length: TRIALS }, (_, i) => addBusinessDays(FIRST, i));
let cli: CliEnv;
let env: NodeJS.ProcessEnv;
let inbox: string;
let payments: number;

const tool = (args: string[]) => faultTool(env, args);

/** Starts the nightly batch for a date; kills it with SIGKILL after `killAfterMs` (if given). */
const nightly = (date: string, killAfterMs?: number) => killableCli({ ...env, CSE_TODAY: date }, ['batch', 'nightly', '--date', date, '--inbox', join(inbox, date), '--chunk-size', '7', '--quiet'], killAfterMs);

before(async () => {
  cli = await createCliEnv();
  env = { ...process.env, CSE_HOME: cli.home, CSE_TODAY: FIRST, CSE_DATA_KEY: 'ef'.repeat(32) };
  const migrated = cli.run(['db', 'migrate']);
  assert.equal(migrated.status, 0, migrated.stderr);
  if (cli.databaseUrl) env.DATABASE_URL = cli.databaseUrl;
  else delete env.DATABASE_URL;
  inbox = mkdtempSync(join(tmpdir(), 'cse-nightly-faults-'));
  payments = tool(['bulk', '150', inbox, ...DATES]).payments;
  assert.ok(payments >= TRIALS * 20, `each night has work to be killed in (${payments} payments)`);
});
after(() => cli.close());

test(`the nightly batch killed at random points ${TRIALS} times resumes without losing, repeating or double-posting anything`, { timeout: 30 * 60_000 }, async (t) => {
  const r = rng(7);
  let killed = 0;
  // The kill lands somewhere in a whole night's run: the window follows how long an uninterrupted night
  // last took here (PGlite and PostgreSQL, a quiet or a busy machine differ a lot).
  let wholeNightMs = 4000;
  for (const date of DATES) {
    const started = Date.now();
    const first = await nightly(date, r.int(500, Math.max(1000, Math.round(wholeNightMs * 0.95))));
    if (first.signal === 'SIGKILL') killed++;
    else {
      assert.equal(first.code, 0, first.stderr);
      wholeNightMs = Date.now() - started;
    }
    const resumed = await nightly(date);
    assert.equal(resumed.code, 0, `resume of ${date}: ${resumed.stderr}`);
    assert.deepEqual(readdirSync(join(inbox, date)), ['processed'], `${date}: the file has moved to processed/`);
    assert.ok(existsSync(join(inbox, date, 'processed', `employer-${date}.ach`)));
  }
  t.diagnostic(`${killed} of ${TRIALS} nights killed mid-way; an uninterrupted night last took ${wholeNightMs} ms`);
  assert.ok(killed >= TRIALS / 2, `most nights were killed mid-way (${killed} of ${TRIALS})`);
  const state = tool(['check']);
  assert.deepEqual(state.problems, [], 'the ledger balances and every receipt is accounted for');
  assert.equal(state.achReceipts, payments, 'every payment of every file receipted once');
  assert.equal(state.achKeys, payments);
  assert.equal(state.distributedTwice, 0, 'no collection distributed twice');
  assert.equal(state.duplicateAccruals, 0, 'no month charged twice');
  assert.equal(state.undistributed, 0, 'no collection left behind');
  assert.deepEqual(state.nightlies.map((n: { business_date: string; status: string }) => [n.business_date, n.status]), DATES.map((d) => [d, 'completed']));
});
