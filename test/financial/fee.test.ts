import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { annualFeeToTake, type AnnualFeeInput } from '../../src/financial/fee.ts';
import { federalFiscalYear } from '../../src/kernel/calendar.ts';
import { policy2026 } from './fixtures.ts';

const input = (over: Partial<AnnualFeeInput>): AnnualFeeInput => ({
  caseType: 'never_assistance',
  ffy: 2027,
  familyReceivedBeforeCents: 0,
  feeAssessedBeforeCents: 0,
  familyAmountThisCollectionCents: 0,
  excessAfterObligationsCents: 0,
  ...over,
});

describe('annual fee (42 USC 654(6)(B)(ii); 45 CFR 302.51(a)(5))', () => {
  const p = policy2026();

  it('is not due until the family has received the threshold in the FFY', () => {
    assert.equal(annualFeeToTake(input({ familyAmountThisCollectionCents: 54_999 }), p), null);
    const at = annualFeeToTake(input({ familyAmountThisCollectionCents: 55_000 }), p);
    assert.equal(at, null, 'exactly the threshold leaves nothing above it to take');
  });

  it('never takes the first threshold amount', () => {
    const d = annualFeeToTake(input({ familyReceivedBeforeCents: 54_000, familyAmountThisCollectionCents: 2_000 }), p);
    assert.equal(d?.fromFamilyShareCents, 1_000, 'only $10 is above $550');
    const rest = annualFeeToTake(input({ familyReceivedBeforeCents: 55_000, feeAssessedBeforeCents: 1_000, familyAmountThisCollectionCents: 10_000 }), p);
    assert.equal(rest?.fromFamilyShareCents, 2_500, 'the rest of the $35 comes from the next collection');
  });

  it('is taken once per FFY', () => {
    assert.equal(annualFeeToTake(input({ familyReceivedBeforeCents: 60_000, feeAssessedBeforeCents: 3_500, familyAmountThisCollectionCents: 10_000 }), p), null);
  });

  it('is $25 after $500 through FFY 2018 and $35 after $550 from FFY 2019 (2018-10-01)', () => {
    assert.equal(federalFiscalYear('2018-09-30'), 2018);
    assert.equal(federalFiscalYear('2018-10-01'), 2019);
    const y2018 = annualFeeToTake(input({ ffy: 2018, familyAmountThisCollectionCents: 60_000 }), p);
    assert.deepEqual([y2018?.annualFeeCents, y2018?.thresholdCents, y2018?.fromFamilyShareCents], [2_500, 50_000, 2_500]);
    const y2019 = annualFeeToTake(input({ ffy: 2019, familyAmountThisCollectionCents: 60_000 }), p);
    assert.deepEqual([y2019?.annualFeeCents, y2019?.thresholdCents, y2019?.fromFamilyShareCents], [3_500, 55_000, 3_500]);
    assert.equal(annualFeeToTake(input({ ffy: 2006, familyAmountThisCollectionCents: 60_000 }), p), null, 'no federal fee before FFY 2007');
  });

  it('applies only to families that never received TANF', () => {
    for (const caseType of ['current_assistance', 'former_assistance', 'iv_e_foster_care'] as const) {
      assert.equal(annualFeeToTake(input({ caseType, familyAmountThisCollectionCents: 60_000 }), p), null, caseType);
    }
    assert.ok(annualFeeToTake(input({ caseType: 'medicaid_only', familyAmountThisCollectionCents: 60_000 }), p));
  });

  it('charged to the obligor: comes from money beyond current support and arrears', () => {
    const q = policy2026({ annualFeeMethod: 'charged_to_obligor' });
    assert.equal(annualFeeToTake(input({ familyAmountThisCollectionCents: 60_000 }), q), null);
    const d = annualFeeToTake(input({ familyAmountThisCollectionCents: 60_000, excessAfterObligationsCents: 2_000 }), q);
    assert.deepEqual([d?.fromExcessCents, d?.fromFamilyShareCents], [2_000, 0]);
  });

  it('paid by the State: assessed in full, nothing taken from the collection', () => {
    const d = annualFeeToTake(input({ familyAmountThisCollectionCents: 55_000 }), policy2026({ annualFeeMethod: 'paid_by_state' }));
    assert.deepEqual([d?.paidByStateCents, d?.fromFamilyShareCents, d?.fromExcessCents], [3_500, 0, 0]);
    assert.match(d!.explanation, /State pays \$35\.00/);
  });

  it('explains itself with the citation', () => {
    const d = annualFeeToTake(input({ familyAmountThisCollectionCents: 60_000 }), p);
    assert.match(d!.explanation, /^42 USC 654\(6\)\(B\)\(ii\), 45 CFR 302\.51\(a\)\(5\): the \$35\.00 annual fee for FFY 2027/);
  });
});
