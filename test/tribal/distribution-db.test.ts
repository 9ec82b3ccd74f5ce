// On a database: a Tribal program's TANF case's collection is distributed under 45 CFR 309.115 (its
// program_policy: cfr_309_115, no federal assignment) and ends in the program's own payable (the Tribe
// keeps up to the Tribal URA) and the family's, with nothing payable to the federal government. The other
// program's plan takes State-TANF assignments (federal_assignment true): 42 USC 657(a)(1) with the FMAP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createConsortium, type Consortium } from './consortium.ts';
import { accountBalance } from '../../src/financial/ledger.ts';

let k: Consortium;
before(async () => {
  k = await createConsortium();
  const db = k.sys.deps.db;
  await db.updateTable('program_policy').set({ federal_assignment: true }).where('program_id', '=', k.B.programId).execute();
  for (const side of [k.A, k.B]) {
    // The family receives TANF (Tribal TANF in A, State TANF in B) and assigned its support.
    await db.updateTable('iv_d_case').set({ case_type: 'current_assistance' }).where('id', '=', side.caseId).execute();
    const tanf = await k.call(side.tokens.caseworker, 'POST', `/api/cases/${side.caseNumber}/assistance`, { program: 'tanf', startMonth: '2026-10', monthlyAmount: '200.00' });
    assert.equal(tanf.statusCode, 201, tanf.body);
    const order = await k.call(side.tokens.caseworker, 'POST', `/api/cases/${side.caseNumber}/orders`, {
      orderNumber: `TD-${side.code}-1`, orderKind: 'judicial', enteredDate: '2026-10-30', effectiveDate: '2026-10-01',
      obligations: [{ kind: 'current_support', amount: '300.00', frequency: 'monthly', startDate: '2026-10-01' }],
    });
    assert.equal(order.statusCode, 201, order.body);
    const paid = await k.call(side.tokens.financial_worker, 'POST', '/api/receipts', { idempotencyKey: `TD-${side.code}`, source: 'check', amount: '500.00', receivedDate: '2026-11-02', caseNumber: side.caseNumber });
    assert.equal(paid.statusCode, 201, paid.body);
  }
});
after(() => k.sys.close());

const payable = async (account: 'payable_state' | 'payable_federal' | 'payable_family', caseId: number) => 0 - Number(await accountBalance(k.sys.deps.db, account, caseId)) || 0;
const allocations = (caseId: number) =>
  k.sys.deps.db.selectFrom('distribution_allocation').select(['target', 'payee', 'amount_cents', 'rule_code', 'policy_id']).where('case_id', '=', caseId).orderBy('id').execute();

test('Tribal TANF (309.115): the Tribe keeps up to the Tribal URA in its own payable, the rest is the family’s, nothing federal', async () => {
  const a = await allocations(k.A.caseId);
  // URA: October and November Tribal TANF ($400.00). November current support ($300.00) is kept; of
  // October's unpaid $300.00 (PA arrears) $100.00 more is kept and the other $100.00 paid goes to the family.
  assert.deepEqual(a.map((r) => [r.target, r.payee, Number(r.amount_cents), r.rule_code]), [
    ['current_support', 'state', 30_000, 'TRIBAL_TANF_RETAINED'],
    ['PA', 'state', 10_000, 'TRIBAL_TANF_RETAINED'],
    ['PA', 'family', 10_000, 'TRIBAL_TANF_ABOVE_URA'],
  ]);
  assert.ok(a.every((r) => r.policy_id.endsWith('+TRIBEA')));
  assert.equal(await payable('payable_federal', k.A.caseId), 0);
  assert.equal(await payable('payable_state', k.A.caseId), 40_000);
  assert.equal(await payable('payable_family', k.A.caseId), 10_000);
  const account = await k.sys.deps.db.selectFrom('case_account').select('state').where('case_id', '=', k.A.caseId).executeTakeFirstOrThrow();
  const state = (typeof account.state === 'string' ? JSON.parse(account.state) : account.state) as { uraCents: number };
  assert.equal(state.uraCents, 0);
});

test('State TANF in a program with federal assignment (657(a)(1)): the kept part is split with the federal share', async () => {
  const b = await allocations(k.B.caseId);
  assert.ok(b.some((r) => r.payee === 'federal' && r.rule_code === 'CURRENT_SUPPORT_ASSIGNED'), JSON.stringify(b));
  assert.ok(b.every((r) => !r.rule_code.startsWith('TRIBAL_')));
  assert.ok((await payable('payable_federal', k.B.caseId)) > 0);
  const total = (await payable('payable_state', k.B.caseId)) + (await payable('payable_federal', k.B.caseId)) + (await payable('payable_family', k.B.caseId));
  assert.equal(total, 50_000);
});
