// Fault tests: the daily cycle is killed (SIGKILL) at random points and restarted, and two workers run
// the same date at once; afterwards no collection is lost, none is distributed twice, no month is
// charged twice and the ledger balances.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCliEnv, type CliEnv } from '../helpers/cli.ts';
import { faultTool, killableCli } from '../helpers/fault-run.ts';
import { addDays } from '../../src/kernel/calendar.ts';
import { rng } from '../../src/demo/seed.ts';

const TRIALS = Number(process.env.CSE_FAULT_TRIALS ?? 20);
const START = '2026-03-02';
let cli: CliEnv;
let env: NodeJS.ProcessEnv;

const tool = (args: string[]) => faultTool(env, args);

/** Starts a batch run; kills it with SIGKILL after `killAfterMs` (if given). Resolves with the exit. */
const batch = (date: string, killAfterMs?: number) => killableCli(env, ['batch', 'daily', '--date', date, '--chunk-size', '7', '--quiet'], killAfterMs);

before(async () => {
  cli = await createCliEnv();
  env = { ...process.env, CSE_HOME: cli.home, CSE_TODAY: addDays(START, TRIALS + 5), CSE_DATA_KEY: 'cd'.repeat(32) };
  const dbUrl = cli.run(['db', 'migrate']);
  assert.equal(dbUrl.status, 0, dbUrl.stderr);
  // createCliEnv points DATABASE_URL at its own database when testing on PostgreSQL.
  if (cli.databaseUrl) env.DATABASE_URL = cli.databaseUrl;
  else delete env.DATABASE_URL;
  tool(['seed', '40', START, String(TRIALS + 1)]);
});
after(() => cli.close());

test(`the daily cycle killed at random points ${TRIALS} times resumes without losing or repeating anything`, { timeout: 20 * 60_000 }, async () => {
  const r = rng(99);
  let killed = 0;
  for (let i = 0; i < TRIALS; i++) {
    const date = addDays(START, i);
    const first = await batch(date, r.int(300, 2500));
    if (first.signal === 'SIGKILL') killed++;
    else assert.equal(first.code, 0, first.stderr);
    const resumed = await batch(date);
    assert.equal(resumed.code, 0, `resume of ${date}: ${resumed.stderr}`);
  }
  assert.ok(killed >= TRIALS / 2, `most runs were killed mid-way (${killed} of ${TRIALS})`);
  const state = tool(['check']);
  assert.deepEqual(state.problems, [], 'the ledger balances and every receipt is accounted for');
  assert.equal(state.distributedTwice, 0, 'no receipt was distributed twice');
  assert.equal(state.duplicateAccruals, 0, 'no month was charged twice');
  assert.equal(state.undistributed, 40, "only the last seeded day's receipts wait (their date has not been run)");
  assert.ok(state.runs.slice(0, TRIALS).every((run: { status: string }) => run.status === 'completed'));
});

test('two workers started at once on the same date share the work without doing any twice', { timeout: 5 * 60_000 }, async () => {
  const date = addDays(START, TRIALS);
  const [a, b] = await Promise.all([batch(date), batch(date)]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  const state = tool(['check']);
  assert.deepEqual(state.problems, []);
  assert.equal(state.distributedTwice, 0);
  assert.equal(state.undistributed, 0);
  assert.equal(state.receipts, state.distributed);
});
