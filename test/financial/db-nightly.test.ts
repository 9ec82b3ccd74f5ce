// The nightly cycle on a bulk-seeded state: inbox ACH file imported once, distribution and disbursement
// of the day's collections, timeframe alerts; run twice changes nothing; a run stopped mid-way resumes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createTestSystem, type TestSystem } from '../helpers/system.ts';
import { seedBulk } from '../../src/demo/bulk.ts';
import { collectionsAchFile } from '../../src/demo/collections.ts';
import { runNightly } from '../../src/financial/nightly.ts';
import { conservationProblems } from '../../src/financial/ledger.ts';

let sys: TestSystem;
const TODAY = '2026-11-23';

async function counts() {
  const r = await sql<Record<'receipts' | 'undistributed' | 'journals' | 'postings' | 'allocations' | 'disbursements' | 'files' | 'accruals' | 'clocks' | 'items' | 'events', number>>`select
    (select count(*)::int from receipt) as receipts,
    (select count(*)::int from receipt where status = 'undistributed') as undistributed,
    (select count(*)::int from ledger_journal) as journals,
    (select count(*)::int from ledger_posting) as postings,
    (select count(*)::int from distribution_allocation) as allocations,
    (select count(*)::int from disbursement) as disbursements,
    (select count(*)::int from disbursement_file) as files,
    (select count(*)::int from accrual) as accruals,
    (select count(*)::int from case_timeframe) as clocks,
    (select count(*)::int from worklist_item) as items,
    (select count(*)::int from worklist_event) as events`.execute(sys.deps.db);
  return r.rows[0]!;
}

before(async () => {
  sys = await createTestSystem({ today: TODAY });
  const seeded = await seedBulk(sys.deps, sys.handle, { cases: 120, seed: 3, batchSize: 50 });
  assert.equal(seeded.cases, 120);
  assert.ok(seeded.orders > 20 && seeded.receipts > 20, JSON.stringify(seeded));
});
after(() => sys.close());

test('the bulk seed writes a conserved ledger and case accounts the daily cycle can carry on from', async () => {
  assert.deepEqual(await conservationProblems(sys.deps.db, 0), []);
  const persons = await sql<{ n: number; with_ssn: number; distinct_index: number }>`select count(*)::int as n, count(ssn_index)::int as with_ssn, count(distinct ssn_index)::int as distinct_index from person`.execute(sys.deps.db);
  assert.ok(persons.rows[0]!.with_ssn > persons.rows[0]!.n * 0.8);
  assert.equal(persons.rows[0]!.with_ssn, persons.rows[0]!.distinct_index);
  const months = await sql<{ m: string }>`select distinct support_month as m from case_account`.execute(sys.deps.db);
  assert.deepEqual(months.rows.map((x) => x.m), ['2026-11']);
  // Each case account's payables were paid out: nothing is owed before tonight.
  const owed = await sql<{ n: number }>`select count(*)::int as n from (select case_id, account from ledger_posting where account like 'payable_%' group by 1, 2 having sum(amount_cents) <> 0) x`.execute(sys.deps.db);
  assert.equal(owed.rows[0]!.n, 0);
});

test('nightly: the inbox file is imported once, collections distributed and disbursed; a second run changes nothing', async () => {
  const inbox = mkdtempSync(join(tmpdir(), 'cse-inbox-'));
  const file = await collectionsAchFile(sys.deps, TODAY, { share: 0.2, seed: 1 });
  assert.ok(file && file.payments > 3);
  writeFileSync(join(inbox, 'employer-20261123.ach'), file.content, 'latin1');
  const first = await runNightly(sys.deps, TODAY, { inbox, chunkSize: 5 });
  assert.equal(first.status, 'completed', JSON.stringify(first));
  assert.equal(first.files.length, 1);
  assert.equal(first.files[0]!.summary!.posted, file.payments);
  assert.equal(first.daily!.receiptsDistributed, file.payments);
  assert.ok(first.daily!.disbursements!.count >= file.payments);
  assert.ok(first.timeframes!.cases >= 120);
  assert.deepEqual(readdirSync(inbox), ['processed']);
  assert.ok(existsSync(join(inbox, 'processed', 'employer-20261123.ach')));
  const afterFirst = await counts();
  assert.equal(afterFirst.undistributed, 0);
  assert.deepEqual(await conservationProblems(sys.deps.db, 0), []);

  // The same date again: already completed, nothing written.
  writeFileSync(join(inbox, 'employer-20261123.ach'), file.content, 'latin1');
  const second = await runNightly(sys.deps, TODAY, { inbox, chunkSize: 5 });
  assert.equal(second.status, 'already_completed');
  assert.deepEqual(await counts(), afterFirst);

  // The same file delivered again the next night posts nothing new.
  const third = await runNightly(sys.deps, '2026-11-24', { inbox, chunkSize: 5 });
  assert.equal(third.status, 'completed');
  assert.equal(third.files[0]!.summary!.posted, 0);
  assert.equal(third.files[0]!.summary!.duplicates, file.payments);
  const afterThird = await counts();
  assert.equal(afterThird.receipts, afterFirst.receipts);
  assert.equal(afterThird.disbursements, afterFirst.disbursements);
});

test('nightly: a run stopped mid-way resumes from its checkpoints and finishes the same as an uninterrupted one', async () => {
  const date = '2026-11-25';
  const inbox = mkdtempSync(join(tmpdir(), 'cse-inbox-'));
  const file = await collectionsAchFile(sys.deps, date, { share: 0.25, seed: 2, modifier: 'B' });
  assert.ok(file && file.payments > 3);
  writeFileSync(join(inbox, 'employer-20261125.ach'), file.content, 'latin1');
  const start = await counts();
  let chunks = 0;
  await assert.rejects(
    runNightly(sys.deps, date, {
      inbox,
      chunkSize: 2,
      onProgress: (step) => {
        // Crash after the second committed chunk of the daily cycle (the file is already imported).
        if (step === 'daily_cycle' && ++chunks === 2) throw new Error('power cut');
      },
    }),
    /power cut/,
  );
  const mid = await counts();
  assert.equal(mid.receipts, start.receipts + file.payments);
  assert.ok(mid.undistributed > 0 && mid.undistributed < file.payments, `partly distributed: ${mid.undistributed}`);
  const run = await sys.deps.db.selectFrom('batch_run').select(['status', 'checkpoint']).where('kind', '=', 'nightly').where('business_date', '=', date).executeTakeFirstOrThrow();
  assert.equal(run.status, 'running');
  assert.equal((run.checkpoint as { step: string }).step, 'daily_cycle');

  // The file went to processed/ before the crash; put it back as if the move had been lost too.
  writeFileSync(join(inbox, 'employer-20261125.ach'), file.content, 'latin1');
  const resumed = await runNightly(sys.deps, date, { inbox, chunkSize: 2 });
  assert.equal(resumed.status, 'completed', JSON.stringify(resumed.daily?.problems));
  assert.equal(resumed.files.length, 1, 'the file is recorded once');
  const end = await counts();
  assert.equal(end.receipts, start.receipts + file.payments, 'no payment posted twice');
  assert.equal(end.undistributed, 0);
  const distributedTwice = await sql<{ n: number }>`select count(*)::int as n from (select receipt_id from ledger_journal where event = 'distribution' and receipt_id in (select id from receipt where received_date = ${date}) group by receipt_id having count(*) > 1) x`.execute(sys.deps.db);
  assert.equal(distributedTwice.rows[0]!.n, 0);
  assert.deepEqual(await conservationProblems(sys.deps.db, 0), []);
  assert.equal((await runNightly(sys.deps, date, { inbox })).status, 'already_completed');
});
