// On a database: a Tribal program's plan lengths (program_policy.timeframe_days) set the due dates of its
// cases' clocks, in the set-based sweep and for events a worker records; the other program keeps 45 CFR 303.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createConsortium, type Consortium } from './consortium.ts';

let k: Consortium;
before(async () => {
  k = await createConsortium();
  await k.sys.deps.db.updateTable('program_policy').set({ timeframe_days: JSON.stringify({ locate: 60, enforcement_action: 20 }) }).where('program_id', '=', k.A.programId).execute();
});
after(() => k.sys.close());

const clocks = async (side: Consortium['A']) =>
  (await k.call(side.tokens.caseworker, 'GET', `/api/cases/${side.caseNumber}/timeframes`)).json().clocks as Array<{ kind: string; startDate: string; dueDate: string; regulation: string }>;

test('the sweep starts program A’s locate clock at its plan’s 60 days; program B’s runs the 303.3 75 days', async () => {
  for (const side of [k.A, k.B]) {
    const res = await k.call(side.tokens.administrator, 'POST', '/api/casework/timeframes/run', { asOf: '2026-11-02' });
    assert.equal(res.statusCode, 200, res.body);
  }
  const a = (await clocks(k.A)).find((c) => c.kind === 'locate')!;
  const b = (await clocks(k.B)).find((c) => c.kind === 'locate')!;
  assert.equal(a.startDate, '2026-11-02');
  assert.equal(a.dueDate, '2027-01-01');
  assert.match(a.regulation, /program plan: 60 calendar days/);
  assert.equal(b.dueDate, '2027-01-16');
  assert.equal(b.regulation, '45 CFR 303.3(b)(3)');
});

test('a recorded delinquency starts program A’s enforcement clock at 20 days, B’s at 30', async () => {
  for (const side of [k.A, k.B]) {
    const res = await k.call(side.tokens.caseworker, 'POST', `/api/cases/${side.caseNumber}/timeframes/events`, { event: 'delinquency_found', date: '2026-11-02' });
    assert.equal(res.statusCode, 201, res.body);
  }
  assert.equal((await clocks(k.A)).find((c) => c.kind === 'enforcement_action')!.dueDate, '2026-11-22');
  assert.equal((await clocks(k.B)).find((c) => c.kind === 'enforcement_action')!.dueDate, '2026-12-02');
});
