import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createTestSystem, sampleIntake, type TestSystem } from '../helpers/system.ts';
import { certifyFederalOffset, certifyObligor, OFFSET_THRESHOLDS } from '../../src/enforcement/federal-offset.ts';
import { newCaseState, zeroArrears, type ArrearsBalances } from '../../src/financial/buckets.ts';
import { createCaseAccount } from '../../src/financial/accounts.ts';

const arrears = (a: Partial<ArrearsBalances>): ArrearsBalances => ({ ...zeroArrears(), ...a });

test('tax offset thresholds: $150 assistance, $500 non-assistance (at least); passport denial above $2,500', () => {
  assert.deepEqual(certifyObligor([arrears({ PA: 14_999 })]), { assistanceCents: 14_999, nonAssistanceCents: 0, taxOffsetAssistance: false, taxOffsetNonAssistance: false, passportDenial: false });
  assert.equal(certifyObligor([arrears({ PA: 15_000 })]).taxOffsetAssistance, true);
  assert.equal(certifyObligor([arrears({ NA: 49_999 })]).taxOffsetNonAssistance, false);
  assert.equal(certifyObligor([arrears({ NA: 50_000 })]).taxOffsetNonAssistance, true);
  assert.equal(certifyObligor([arrears({ NA: 250_000 })]).passportDenial, false, 'exceeding, not equal');
  assert.equal(certifyObligor([arrears({ NA: 200_000, CA: 50_001 })]).passportDenial, true);
  // One obligor's cases are added together.
  assert.equal(certifyObligor([arrears({ TA: 10_000 }), arrears({ PA: 5_000 })]).taxOffsetAssistance, true);
  assert.equal(certifyObligor([arrears({ UDA: 30_000 }), arrears({ UPA: 20_000 })]).taxOffsetNonAssistance, true);
  assert.equal(OFFSET_THRESHOLDS.contestDays, 30);
});

test('property: certification is monotone in arrears', () => {
  const bal = fc.record({ PA: fc.nat(400_000), TA: fc.nat(400_000), CA: fc.nat(400_000), UDA: fc.nat(400_000), UPA: fc.nat(400_000), NA: fc.nat(400_000) });
  fc.assert(
    fc.property(fc.array(bal, { minLength: 1, maxLength: 3 }), bal, (cases, extra) => {
      const a = certifyObligor(cases);
      const b = certifyObligor([...cases, extra]);
      assert.ok(!a.taxOffsetAssistance || b.taxOffsetAssistance);
      assert.ok(!a.taxOffsetNonAssistance || b.taxOffsetNonAssistance);
      assert.ok(!a.passportDenial || b.passportDenial);
    }),
  );
});

let sys: TestSystem;
before(async () => {
  sys = await createTestSystem({ today: '2026-11-02' });
});
after(() => sys.close());

test('certification creates offset and passport actions with the advance notice; running again adds nothing', async () => {
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  const token = await sys.login('worker');
  const intake = await sys.app.inject({ method: 'POST', url: '/api/intakes', headers: { authorization: `Bearer ${token}` }, payload: sampleIntake() });
  const caseRow = await sys.deps.db.selectFrom('iv_d_case').select('id').where('case_number', '=', intake.json().caseNumber).executeTakeFirstOrThrow();
  const ncp = await sys.deps.db.selectFrom('case_member').select('person_id').where('case_id', '=', caseRow.id).where('role', '=', 'noncustodial_parent').executeTakeFirstOrThrow();
  await createCaseAccount(sys.deps.db, caseRow.id, ncp.person_id, newCaseState({ caseType: 'never_assistance', supportMonth: '2026-11', arrears: { NA: 300_000 } }), new Date());
  const r = await certifyFederalOffset(sys.deps, sys.ctx('caseworker', 'NORTH'), '2026-11-02');
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(r.value, { obligors: 1, taxOffsetCases: 1, passportDenialCases: 1, alreadyCertified: 0, held: 0 });
  const actions = await sys.deps.db.selectFrom('enforcement_action').selectAll().where('case_id', '=', caseRow.id).orderBy('kind').execute();
  assert.deepEqual(actions.map((a) => [a.kind, a.status, a.notice_kind, a.notice_sent_date, a.due_date]), [
    ['passport_denial', 'pending', 'pre_offset_notice', '2026-11-02', '2026-12-02'],
    ['tax_refund_offset', 'pending', 'pre_offset_notice', '2026-11-02', '2026-12-02'],
  ]);
  // One pre-offset notice, sent to the obligor, covers both remedies.
  assert.ok(actions[0]!.notice_id && actions[0]!.notice_id === actions[1]!.notice_id);
  const notice = await sys.deps.db.selectFrom('case_notice').select(['template_code', 'recipient_role', 'merge_data']).where('id', '=', actions[0]!.notice_id!).executeTakeFirstOrThrow();
  assert.equal(notice.template_code, 'pre_offset_notice');
  assert.equal(notice.recipient_role, 'noncustodial_parent');
  assert.match(JSON.stringify(notice.merge_data), /December 2, 2026/);
  assert.match(actions[1]!.reason!, /non-assistance arrears \$3,000\.00/);
  const again = await certifyFederalOffset(sys.deps, sys.ctx('caseworker', 'NORTH'), '2026-11-09');
  assert.ok(again.ok);
  assert.deepEqual(again.value, { obligors: 1, taxOffsetCases: 0, passportDenialCases: 0, alreadyCertified: 2, held: 0 });
});
