import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, type TestSystem } from '../helpers/system.ts';
import { seedDemo, DEMO_PASSWORD } from '../../src/demo/seed.ts';
import { conservationProblems } from '../../src/financial/ledger.ts';

let sys: TestSystem;
before(async () => {
  sys = await createTestSystem({ offices: [] });
});
after(() => sys.close());

test('the demo seed makes a believable small state that every role can sign in to', async () => {
  const summary = await seedDemo(sys.deps, { cases: 40, seed: 7 });
  assert.equal(summary.offices, 5);
  assert.equal(summary.cases, 40);
  assert.equal(summary.pending, 3, 'three referrals wait for a duplicate decision');
  const types = await sys.deps.db.selectFrom('iv_d_case').select('case_type').distinct().execute();
  assert.ok(types.length >= 3, 'several case types');
  const late = await sys.deps.db.selectFrom('iv_d_case').select('id').whereRef('opened_date', '>', 'open_due_date').execute();
  const onTime = await sys.deps.db.selectFrom('iv_d_case').select('id').whereRef('opened_date', '<=', 'open_due_date').execute();
  assert.ok(onTime.length > late.length, 'most cases open within 20 days');
  for (const username of ['admin', 'auditor', 'finance', 'alle.worker1', 'parent', 'employer']) {
    const res = await sys.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
    assert.equal(res.statusCode, 200, username);
  }
  const parent = await sys.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'parent', password: DEMO_PASSWORD } });
  const cases = await sys.app.inject({ method: 'GET', url: '/api/portal/cases', headers: { authorization: `Bearer ${parent.json().token}` } });
  assert.equal(cases.json().length, 1);

  // Money: orders, a year of payments distributed and disbursed by daily cycles, and every cent accounted for.
  assert.ok(summary.financial && summary.financial.orders >= 10, 'orders on many cases');
  assert.ok(summary.financial.receipts > summary.financial.orders, 'payments on them');
  assert.ok(summary.financial.cycles > 0, 'daily cycles ran');
  assert.deepEqual(await conservationProblems(sys.deps.db), []);
  const disbursed = await sys.deps.db.selectFrom('disbursement').select('id').execute();
  assert.ok(disbursed.length > 0, 'money was paid out');
  const payments = await sys.app.inject({ method: 'GET', url: `/api/portal/cases/${cases.json()[0].caseNumber}/payments`, headers: { authorization: `Bearer ${parent.json().token}` } });
  assert.ok(payments.json().payments.length > 0, 'the demo parent has a payment history');
  const employer = await sys.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'employer', password: DEMO_PASSWORD } });
  const sent = await sys.app.inject({ method: 'GET', url: '/api/portal/employer', headers: { authorization: `Bearer ${employer.json().token}` } });
  assert.ok(sent.json().payments.length > 0, 'the demo employer has sent payments');
  assert.ok(sent.json().withholdingOrders.length > 0, 'the demo employer received withholding orders');
  assert.ok(sent.json().withholdingOrders.every((o: { acknowledgment: unknown }) => o.acknowledgment), 'and acknowledged them');
  // Every file end to end: employers have addresses (the e-IWO needs one, none was held), some payees
  // are paid by direct deposit (a PPD file was written).
  const employers = await sys.deps.db.selectFrom('employer').select(['line1', 'city', 'zip']).execute();
  assert.ok(employers.length > 0 && employers.every((e) => e.line1 && e.city && e.zip), 'every demo employer has an address');
  assert.deepEqual(await sys.deps.db.selectFrom('income_withholding_order').select('id').where('hold_reason', 'is not', null).execute(), [], 'no withholding order was held');
  const ppd = await sys.deps.db.selectFrom('disbursement_file').select(['kind', 'entry_count']).where('kind', '=', 'ppd').execute();
  assert.ok(ppd.length > 0 && ppd.some((f) => f.entry_count > 0), 'the daily cycles wrote PPD files');
  const actions = await sys.deps.db.selectFrom('enforcement_action').select(['kind', 'status']).execute();
  assert.ok(actions.some((a) => a.kind === 'income_withholding' && a.status === 'active'), 'withholding is in force on some cases');
});
