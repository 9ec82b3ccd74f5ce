import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { arrearsOrder, distribute, releaseJointReturnHold, splitFederalState } from '../../src/financial/distribution.ts';
import { retainedCents } from '../../src/financial/allocation.ts';
import { caseState, collection, policy2026, rows, run, sumOf } from './fixtures.ts';

describe('current support first (45 CFR 302.51(a)(1))', () => {
  it('pays the month’s current support before arrears, all to a never-assistance family', () => {
    const d = run(collection(50_000), caseState({ caseType: 'never_assistance', currentSupportDueCents: 40_000, arrears: { NA: 100_000 } }));
    assert.deepEqual(rows(d.allocations), [
      ['current_support', 'family', 40_000, 'CURRENT_SUPPORT_TO_FAMILY'],
      ['NA', 'family', 10_000, 'FAMILY_ARREARS'],
    ]);
    assert.match(d.allocations[0]!.explanation, /45 CFR 302\.51\(a\)\(1\): current support for 2026-11 is paid first/);
    assert.equal(d.caseState.currentSupportPaidCents, 40_000);
    assert.equal(d.caseState.arrears.NA, 90_000);
  });

  it('counts what was already paid this month', () => {
    const d = run(collection(30_000), caseState({ caseType: 'never_assistance', currentSupportDueCents: 40_000, currentSupportPaidCents: 25_000, arrears: { NA: 100_000 } }));
    assert.deepEqual(rows(d.allocations), [
      ['current_support', 'family', 15_000, 'CURRENT_SUPPORT_TO_FAMILY'],
      ['NA', 'family', 15_000, 'FAMILY_ARREARS'],
    ]);
  });

  it('a partial payment goes to current support only', () => {
    const d = run(collection(10_000), caseState({ caseType: 'former_assistance', currentSupportDueCents: 40_000, arrears: { NA: 5_000, PA: 5_000 }, uraCents: 5_000 }));
    assert.deepEqual(rows(d.allocations), [['current_support', 'family', 10_000, 'CURRENT_SUPPORT_TO_FAMILY']]);
    assert.match(d.allocations[0]!.explanation, /657\(a\)\(2\)\(A\)/);
  });
});

describe('current assistance (42 USC 657(a)(1))', () => {
  const noPass = policy2026({ passThrough: { oneChildCents: 0, twoOrMoreChildrenCents: 0 } });

  it('keeps assigned current support up to URA and pays the family the rest', () => {
    const d = run(collection(50_000), caseState({ caseType: 'current_assistance', currentSupportDueCents: 50_000, uraCents: 30_000 }), noPass);
    assert.deepEqual(rows(d.allocations), [
      ['current_support', 'federal', 15_000, 'CURRENT_SUPPORT_ASSIGNED'],
      ['current_support', 'state', 15_000, 'CURRENT_SUPPORT_ASSIGNED'],
      ['current_support', 'family', 20_000, 'CURRENT_SUPPORT_ABOVE_URA'],
    ]);
    assert.equal(d.caseState.uraCents, 0);
  });

  it('pays assigned arrears PA, TA, CA before family arrears, kept up to URA', () => {
    const s = caseState({ caseType: 'current_assistance', arrears: { PA: 10_000, TA: 10_000, CA: 10_000, NA: 10_000, UDA: 10_000 }, uraCents: 25_000 });
    const d = run(collection(50_000), s, noPass);
    assert.deepEqual(rows(d.allocations), [
      ['PA', 'federal', 5_000, 'ASSIGNED_ARREARS_RETAINED'],
      ['PA', 'state', 5_000, 'ASSIGNED_ARREARS_RETAINED'],
      ['TA', 'federal', 5_000, 'ASSIGNED_ARREARS_RETAINED'],
      ['TA', 'state', 5_000, 'ASSIGNED_ARREARS_RETAINED'],
      ['CA', 'federal', 2_500, 'ASSIGNED_ARREARS_RETAINED'],
      ['CA', 'state', 2_500, 'ASSIGNED_ARREARS_RETAINED'],
      ['CA', 'family', 5_000, 'ASSIGNED_ARREARS_ABOVE_URA'],
      ['NA', 'family', 10_000, 'FAMILY_ARREARS'],
      ['UDA', 'family', 10_000, 'FAMILY_ARREARS'],
    ]);
    assert.equal(retainedCents(d.allocations), 25_000);
    assert.equal(d.caseState.uraCents, 0);
  });
});

describe('pass-through (42 USC 657(a)(6)(B))', () => {
  const base = { caseType: 'current_assistance' as const, currentSupportDueCents: 30_000, uraCents: 100_000 };

  it('passes through up to the one-child cap, disregarded, with no federal share on it', () => {
    const d = run(collection(30_000), caseState(base));
    assert.deepEqual(rows(d.allocations), [
      ['current_support', 'family', 5_000, 'PASS_THROUGH'],
      ['current_support', 'federal', 12_500, 'CURRENT_SUPPORT_ASSIGNED'],
      ['current_support', 'state', 12_500, 'CURRENT_SUPPORT_ASSIGNED'],
    ]);
    assert.equal(d.caseState.passedThroughCents, 5_000);
    assert.equal(d.caseState.uraCents, 75_000);
  });

  it('uses the two-or-more-children cap and only what is left of it this month', () => {
    const d = run(collection(30_000), caseState({ ...base, childCount: 3, passedThroughCents: 7_000 }));
    assert.equal(sumOf(d.allocations, (a) => a.ruleCode === 'PASS_THROUGH'), 3_000);
    assert.equal(d.caseState.passedThroughCents, 10_000);
  });

  it('when not disregarded, the federal share is paid on all of it and the State share funds the pass-through', () => {
    const p = policy2026({ passThrough: { disregarded: false } });
    const d = run(collection(30_000), caseState(base), p);
    assert.deepEqual(rows(d.allocations), [
      ['current_support', 'family', 5_000, 'PASS_THROUGH'],
      ['current_support', 'federal', 15_000, 'CURRENT_SUPPORT_ASSIGNED'],
      ['current_support', 'state', 10_000, 'CURRENT_SUPPORT_ASSIGNED'],
    ]);
    assert.equal(d.caseState.uraCents, 75_000);
  });

  it('is never paid from arrears or from a federal offset', () => {
    const s = caseState({ ...base, currentSupportPaidCents: 30_000, arrears: { PA: 50_000 } });
    for (const source of ['regular', 'federal_tax_offset'] as const) {
      const d = run(collection(20_000, { source }), s);
      assert.equal(sumOf(d.allocations, (a) => a.ruleCode === 'PASS_THROUGH'), 0, source);
    }
  });
});

describe('former assistance (42 USC 657(a)(2)) and the 654(34) election', () => {
  const s = caseState({ caseType: 'former_assistance', arrears: { PA: 80_000, UDA: 30_000, NA: 20_000, CA: 10_000, UPA: 5_000 }, uraCents: 80_000 });

  it('DRA family-first: NA, UDA, UPA, CA to the family before PA', () => {
    const d = run(collection(70_000), s);
    assert.deepEqual(rows(d.allocations), [
      ['NA', 'family', 20_000, 'FAMILY_ARREARS'],
      ['UDA', 'family', 30_000, 'FAMILY_ARREARS'],
      ['UPA', 'family', 5_000, 'FAMILY_ARREARS'],
      ['CA', 'family', 10_000, 'FAMILY_ARREARS'],
      ['PA', 'federal', 2_500, 'ASSIGNED_ARREARS_RETAINED'],
      ['PA', 'state', 2_500, 'ASSIGNED_ARREARS_RETAINED'],
    ]);
  });

  it('PRWORA: after-assistance NA, pre-assistance CA/UPA, then PA to the State before UDA', () => {
    const d = run(collection(70_000), s, policy2026({ formerAssistanceDistribution: 'prwora' }));
    assert.deepEqual(rows(d.allocations), [
      ['NA', 'family', 20_000, 'FAMILY_ARREARS'],
      ['CA', 'family', 10_000, 'FAMILY_ARREARS'],
      ['UPA', 'family', 5_000, 'FAMILY_ARREARS'],
      ['PA', 'federal', 17_500, 'ASSIGNED_ARREARS_RETAINED'],
      ['PA', 'state', 17_500, 'ASSIGNED_ARREARS_RETAINED'],
    ]);
  });

  it('PA above URA goes to the family ("any remainder", 657(a)(2)(B)(iii))', () => {
    const d = run(collection(30_000), caseState({ caseType: 'former_assistance', arrears: { PA: 30_000 }, uraCents: 10_000 }));
    assert.deepEqual(rows(d.allocations), [
      ['PA', 'federal', 5_000, 'ASSIGNED_ARREARS_RETAINED'],
      ['PA', 'state', 5_000, 'ASSIGNED_ARREARS_RETAINED'],
      ['PA', 'family', 20_000, 'ASSIGNED_ARREARS_ABOVE_URA'],
    ]);
  });

  it('arrearsOrder lists every bucket exactly once for every case type and option', () => {
    for (const caseType of ['current_assistance', 'former_assistance', 'iv_e_foster_care'] as const) {
      for (const prwora of [false, true]) {
        for (const offset of [false, true]) {
          const p = policy2026(prwora ? { formerAssistanceDistribution: 'prwora' } : {});
          const buckets = arrearsOrder(caseType, p, offset).map((x) => x.bucket).sort();
          assert.deepEqual(buckets, ['CA', 'NA', 'PA', 'TA', 'UDA', 'UPA']);
        }
      }
    }
  });
});

describe('federal tax refund offsets (302.51(a)(3); 303.72)', () => {
  const former = caseState({ caseType: 'former_assistance', currentSupportDueCents: 25_000, arrears: { PA: 60_000, CA: 30_000, NA: 40_000 }, uraCents: 70_000 });

  it('never pay current support and go to assigned arrears first (CA kept for offsets)', () => {
    const d = run(collection(150_000, { source: 'federal_tax_offset' }), former);
    assert.deepEqual(rows(d.allocations), [
      ['PA', 'federal', 30_000, 'ASSIGNED_ARREARS_RETAINED'],
      ['PA', 'state', 30_000, 'ASSIGNED_ARREARS_RETAINED'],
      ['CA', 'federal', 5_000, 'ASSIGNED_ARREARS_RETAINED'],
      ['CA', 'state', 5_000, 'ASSIGNED_ARREARS_RETAINED'],
      ['CA', 'family', 20_000, 'ASSIGNED_ARREARS_ABOVE_URA'],
      ['NA', 'family', 40_000, 'FAMILY_ARREARS'],
      ['refund', 'held', 20_000, 'OFFSET_EXCESS_REFUND'],
    ]);
    assert.equal(d.allocations.at(-1)!.holdReason, 'refund_due_obligor');
    assert.equal(d.caseState.currentSupportPaidCents, 0);
    assert.equal(d.caseState.heldFutureCents, 0, 'an offset excess is refunded, not held as future support');
  });

  it('with the family-first offset option, pay current support and family arrears first', () => {
    const d = run(collection(100_000, { source: 'federal_tax_offset' }), former, policy2026({ federalOffsetFamilyFirst: true }));
    assert.deepEqual(rows(d.allocations).slice(0, 3), [
      ['current_support', 'family', 25_000, 'CURRENT_SUPPORT_TO_FAMILY'],
      ['NA', 'family', 40_000, 'FAMILY_ARREARS'],
      ['CA', 'family', 30_000, 'FAMILY_ARREARS'],
    ]);
  });

  it('the family-first offset option does not apply under PRWORA or in a TANF case', () => {
    const prwora = run(collection(10_000, { source: 'federal_tax_offset' }), former, policy2026({ federalOffsetFamilyFirst: true, formerAssistanceDistribution: 'prwora' }));
    assert.equal(prwora.allocations[0]!.target, 'PA');
    const tanf = caseState({ caseType: 'current_assistance', currentSupportDueCents: 25_000, arrears: { PA: 60_000 }, uraCents: 70_000 });
    const d = run(collection(10_000, { source: 'federal_tax_offset' }), tanf, policy2026({ federalOffsetFamilyFirst: true }));
    assert.equal(d.allocations[0]!.target, 'PA');
  });

  it('a never-assistance offset pays NA arrears only', () => {
    const d = run(collection(30_000, { source: 'federal_tax_offset' }), caseState({ caseType: 'never_assistance', currentSupportDueCents: 40_000, arrears: { NA: 20_000 } }));
    assert.deepEqual(rows(d.allocations), [
      ['NA', 'family', 20_000, 'FAMILY_ARREARS'],
      ['refund', 'held', 10_000, 'OFFSET_EXCESS_REFUND'],
    ]);
  });

  it('a joint-return offset is held whole, with a reason and a six-month limit', () => {
    const d = run(collection(120_000, { source: 'federal_tax_offset', jointReturn: true, collectionDate: '2026-11-30' }), former);
    assert.deepEqual(rows(d.allocations), [['undistributed', 'held', 120_000, 'OFFSET_JOINT_RETURN_HOLD']]);
    assert.equal(d.allocations[0]!.holdReason, 'joint_return_offset');
    assert.equal(d.allocations[0]!.holdUntil, '2027-05-30');
    assert.deepEqual(d.caseState.arrears, former.arrears);
  });

  it('a joint-return offset is distributed at once when the State does not hold them', () => {
    const d = run(collection(10_000, { source: 'federal_tax_offset', jointReturn: true }), former, policy2026({ holdJointReturnOffsets: false }));
    assert.equal(d.allocations[0]!.target, 'PA');
  });

  it('releasing the hold refunds the spouse’s share and distributes the rest as an offset', () => {
    const result = releaseJointReturnHold(120_000, 20_000, '2026-11-20', former, policy2026());
    assert.ok(result.ok);
    assert.deepEqual(rows(result.value.allocations).slice(0, 2), [
      ['refund', 'held', 20_000, 'OFFSET_SPOUSE_SHARE_REFUND'],
      ['PA', 'federal', 30_000, 'ASSIGNED_ARREARS_RETAINED'],
    ]);
    assert.equal(result.value.allocations[0]!.holdReason, 'refund_due_joint_filer');
    assert.equal(sumOf(result.value.allocations), 120_000);
    assert.equal(releaseJointReturnHold(100, 101, '2026-11-20', former, policy2026()).ok, false);
  });
});

describe('other arrears-only sources', () => {
  const s = caseState({ caseType: 'never_assistance', currentSupportDueCents: 40_000, arrears: { NA: 10_000 } });

  it('a state tax refund offset pays arrears only by default, excess refunded', () => {
    const d = run(collection(30_000, { source: 'state_tax_offset' }), s);
    assert.deepEqual(rows(d.allocations), [
      ['NA', 'family', 10_000, 'FAMILY_ARREARS'],
      ['refund', 'held', 20_000, 'OFFSET_EXCESS_REFUND'],
    ]);
  });

  it('is a regular collection when the State’s policy says so', () => {
    const d = run(collection(30_000, { source: 'state_tax_offset' }), s, policy2026({ arrearsOnlySources: [] }));
    assert.equal(d.allocations[0]!.target, 'current_support');
  });
});

describe('IV-E foster care (42 USC 657(e); 45 CFR 302.52)', () => {
  const fc = caseState({ caseType: 'iv_e_foster_care', currentSupportDueCents: 40_000, fosterCareMaintenanceCents: 30_000, uraCents: 80_000, arrears: { PA: 20_000, NA: 10_000 } });

  it('keeps the month’s maintenance, sends the excess to the IV-E agency, keeps PA up to URA', () => {
    const d = run(collection(90_000), fc);
    assert.deepEqual(rows(d.allocations), [
      ['current_support', 'federal', 15_000, 'IVE_MAINTENANCE_REIMBURSED'],
      ['current_support', 'state', 15_000, 'IVE_MAINTENANCE_REIMBURSED'],
      ['current_support', 'iv_e_agency', 10_000, 'IVE_CURRENT_EXCESS'],
      ['PA', 'federal', 10_000, 'IVE_PAST_ASSISTANCE_REIMBURSED'],
      ['PA', 'state', 10_000, 'IVE_PAST_ASSISTANCE_REIMBURSED'],
      ['NA', 'iv_e_agency', 10_000, 'IVE_BALANCE'],
      ['future_support', 'held', 20_000, 'FUTURE_SUPPORT_HELD'],
    ]);
    assert.equal(d.caseState.fosterCareReimbursedCents, 30_000);
    assert.equal(d.caseState.uraCents, 30_000);
  });

  it('remembers maintenance already reimbursed this month', () => {
    const d = run(collection(20_000), { ...fc, fosterCareReimbursedCents: 25_000, currentSupportPaidCents: 10_000 });
    assert.deepEqual(rows(d.allocations), [
      ['current_support', 'federal', 2_500, 'IVE_MAINTENANCE_REIMBURSED'],
      ['current_support', 'state', 2_500, 'IVE_MAINTENANCE_REIMBURSED'],
      ['current_support', 'iv_e_agency', 15_000, 'IVE_CURRENT_EXCESS'],
    ]);
  });

  it('PA above URA goes to the IV-E agency', () => {
    const d = run(collection(20_000, { source: 'federal_tax_offset' }), { ...fc, uraCents: 5_000 });
    assert.deepEqual(rows(d.allocations), [
      ['PA', 'federal', 2_500, 'IVE_PAST_ASSISTANCE_REIMBURSED'],
      ['PA', 'state', 2_500, 'IVE_PAST_ASSISTANCE_REIMBURSED'],
      ['PA', 'iv_e_agency', 15_000, 'IVE_BALANCE'],
    ]);
  });
});

describe('money beyond everything owed', () => {
  const s = caseState({ caseType: 'never_assistance', currentSupportDueCents: 10_000 });

  it('is held as future support by default (302.51(b)) and applied later', () => {
    const d = run(collection(25_000), s);
    assert.deepEqual(rows(d.allocations).at(-1), ['future_support', 'held', 15_000, 'FUTURE_SUPPORT_HELD']);
    assert.equal(d.caseState.heldFutureCents, 15_000);
    const next = { ...d.caseState, supportMonth: '2026-12', currentSupportPaidCents: 0 };
    const applied = run(collection(15_000, { source: 'held_future_applied', collectionDate: '2026-12-01' }), next);
    assert.deepEqual(rows(applied.allocations), [
      ['current_support', 'family', 10_000, 'CURRENT_SUPPORT_TO_FAMILY'],
      ['future_support', 'held', 5_000, 'FUTURE_SUPPORT_HELD'],
    ]);
    assert.equal(applied.caseState.heldFutureCents, 5_000);
  });

  it('is held for refund to the obligor when the State refunds overpayments', () => {
    const d = run(collection(25_000), s, policy2026({ excessCollection: 'refund_obligor' }));
    assert.deepEqual(rows(d.allocations).at(-1), ['refund', 'held', 15_000, 'OVERPAYMENT_REFUND']);
    assert.equal(d.caseState.heldFutureCents, 0);
  });

  it('cannot apply more prepaid support than is held', () => {
    const r = distribute(collection(100, { source: 'held_future_applied' }), s, policy2026());
    assert.equal(r.ok, false);
  });
});

describe('annual fee inside distribution', () => {
  const s = caseState({ caseType: 'never_assistance', currentSupportDueCents: 30_000, arrears: { NA: 50_000 }, feeYear: { ffy: 2027, familyReceivedCents: 50_000, feeCents: 0 } });

  it('is taken from the family’s share above the threshold, keeping the bucket credited', () => {
    const d = run(collection(40_000), s);
    assert.deepEqual(rows(d.allocations), [
      ['current_support', 'family', 30_000, 'CURRENT_SUPPORT_TO_FAMILY'],
      ['NA', 'family', 6_500, 'FAMILY_ARREARS'],
      ['NA', 'state', 3_500, 'ANNUAL_FEE'],
    ]);
    assert.equal(d.caseState.arrears.NA, 40_000);
    assert.deepEqual(d.caseState.feeYear, { ffy: 2027, familyReceivedCents: 86_500, feeCents: 3_500 });
    assert.equal(retainedCents(d.allocations), 0, 'the fee is not assistance reimbursement');
  });

  it('charged to the obligor: taken only from money beyond current support and arrears', () => {
    const p = policy2026({ annualFeeMethod: 'charged_to_obligor' });
    const short = run(collection(40_000), s, p);
    assert.equal(sumOf(short.allocations, (a) => a.ruleCode === 'ANNUAL_FEE'), 0);
    const long = run(collection(90_000), s, p);
    assert.deepEqual(rows(long.allocations).slice(-2), [
      ['annual_fee', 'state', 3_500, 'ANNUAL_FEE'],
      ['future_support', 'held', 6_500, 'FUTURE_SUPPORT_HELD'],
    ]);
  });

  it('paid by the State: nothing is taken but the fee is assessed once', () => {
    const d = run(collection(40_000), s, policy2026({ annualFeeMethod: 'paid_by_state' }));
    assert.equal(sumOf(d.allocations, (a) => a.payee === 'family'), 40_000);
    assert.equal(d.annualFee?.paidByStateCents, 3_500);
    assert.equal(d.caseState.feeYear.feeCents, 3_500);
  });

  it('does not apply to former-assistance families, and applies to Medicaid-only ones', () => {
    const former = run(collection(40_000), { ...s, caseType: 'former_assistance' });
    assert.equal(former.annualFee, null);
    const medicaid = run(collection(40_000), { ...s, caseType: 'medicaid_only' });
    assert.equal(medicaid.annualFee?.fromFamilyShareCents, 3_500);
  });

  it('starts a new count in a new FFY', () => {
    const d = run(collection(40_000), { ...s, feeYear: { ffy: 2026, familyReceivedCents: 90_000, feeCents: 3_500 } });
    assert.equal(d.annualFee, null);
    assert.deepEqual(d.caseState.feeYear, { ffy: 2027, familyReceivedCents: 40_000, feeCents: 0 });
  });
});

describe('federal and State shares (42 USC 657(c))', () => {
  it('split exactly at the FMAP; a tie gives the odd cent to the federal share', () => {
    assert.deepEqual(splitFederalState(101, 5_000), { federalCents: 51, stateCents: 50 });
    assert.deepEqual(splitFederalState(10_000, 6_123), { federalCents: 6_123, stateCents: 3_877 });
    assert.deepEqual(splitFederalState(999, 10_000), { federalCents: 999, stateCents: 0 });
    assert.deepEqual(splitFederalState(0, 5_000), { federalCents: 0, stateCents: 0 });
  });

  it('use the FMAP of the FFY in which the amount is distributed', () => {
    const p = { ...policy2026(), fmap: [{ fromFfy: 2000, federalShareBasisPoints: 5_000 }, { fromFfy: 2027, federalShareBasisPoints: 6_000 }] };
    const s = caseState({ caseType: 'former_assistance', arrears: { PA: 100_000 }, uraCents: 100_000, supportMonth: '2026-09' });
    const sept = run(collection(10_000, { collectionDate: '2026-09-30' }), s, p);
    assert.equal(sept.allocations[0]!.amountCents, 5_000);
    const oct = run(collection(10_000, { collectionDate: '2026-10-01' }), { ...s, supportMonth: '2026-10' }, p);
    assert.equal(oct.allocations[0]!.amountCents, 6_000);
    assert.equal(oct.federalShareBasisPoints, 6_000);
  });
});

describe('input checks', () => {
  it('rejects a collection outside the case’s support month', () => {
    const r = distribute(collection(100, { collectionDate: '2026-12-01' }), caseState({ caseType: 'never_assistance' }), policy2026());
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.code, 'CASE_STATE_INVALID');
  });

  it('rejects a collection date that is not a date', () => {
    const r = distribute(collection(100, { collectionDate: '2026-11-31' }), caseState({ caseType: 'never_assistance' }), policy2026());
    assert.equal(!r.ok && r.message, 'The collection date must be a date (YYYY-MM-DD).');
  });

  it('rejects zero, negative and fractional amounts', () => {
    for (const amount of [0, -5, 1.5]) {
      assert.equal(distribute(collection(amount), caseState({ caseType: 'never_assistance' }), policy2026()).ok, false, String(amount));
    }
  });

  it('rejects assigned arrears in a never-assistance case, and negative balances', () => {
    assert.equal(distribute(collection(100), caseState({ caseType: 'never_assistance', arrears: { PA: 1 } }), policy2026()).ok, false);
    assert.equal(distribute(collection(100), caseState({ caseType: 'former_assistance', uraCents: -1 }), policy2026()).ok, false);
  });

  it('does not change the case state it was given', () => {
    const s = caseState({ caseType: 'former_assistance', currentSupportDueCents: 100, arrears: { PA: 500 }, uraCents: 500 });
    const before = structuredClone(s);
    run(collection(10_000), s);
    assert.deepEqual(s, before);
  });
});
