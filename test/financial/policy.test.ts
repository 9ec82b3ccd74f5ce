import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_POLICY_VERSIONS,
  annualFeeScheduleFor,
  federalShareBasisPoints,
  passThroughCapCents,
  policyFor,
  policyProblems,
  withOverrides,
  type PolicyVersion,
} from '../../src/financial/policy.ts';
import { adaptPolicyToProgram, distributionPolicyFromVersions } from '../../src/tribal/policy.ts';

describe('effective-dated policy', () => {
  it('selects the version in force on the collection date', () => {
    assert.equal(policyFor('1997-09-30'), null);
    assert.equal(policyFor('1997-10-01')?.id, 'prwora-1997');
    assert.equal(policyFor('2009-09-30')?.formerAssistanceDistribution, 'prwora');
    assert.equal(policyFor('2009-10-01')?.formerAssistanceDistribution, 'dra_family_first');
    assert.equal(policyFor('2030-01-01')?.id, 'dra-2009');
  });

  it('does not depend on the order of the list', () => {
    const reversed = [...DEFAULT_POLICY_VERSIONS].reverse();
    assert.equal(policyFor('2012-01-01', reversed)?.id, 'dra-2009');
  });

  it('ships the documented defaults', () => {
    const p = policyFor('2026-11-01')!;
    assert.equal(p.federalOffsetFamilyFirst, false);
    assert.deepEqual(p.passThrough, { oneChildCents: 5_000, twoOrMoreChildrenCents: 10_000, disregarded: true });
    assert.equal(p.annualFeeMethod, 'from_collection');
    assert.equal(p.excessCollection, 'hold_as_future');
    assert.equal(p.multiCaseProration, 'proportional_current_first');
    assert.equal(federalShareBasisPoints(p, '2026-11-01'), 5_000);
    assert.equal(passThroughCapCents(p, 1), 5_000);
    assert.equal(passThroughCapCents(p, 2), 10_000);
  });

  it('ships versions that pass their own checks', () => {
    for (const v of DEFAULT_POLICY_VERSIONS) assert.deepEqual(policyProblems(v), [], v.id);
  });

  it('rejects policy data outside the federal limits', () => {
    const base = policyFor('2026-11-01')!;
    const bad: PolicyVersion = {
      ...base,
      effectiveFrom: '2026-1-1',
      passThrough: { oneChildCents: 10_001, twoOrMoreChildrenCents: 20_001, disregarded: true },
      fmap: [{ fromFfy: 2020, federalShareBasisPoints: 10_001 }],
      annualFeeSchedule: [{ fromFfy: 2019, feeCents: 35.5, thresholdCents: 55_000 }],
      jointReturnHoldMonths: 7,
    };
    assert.equal(policyProblems(bad).length, 6);
    assert.deepEqual(policyProblems({ ...base, fmap: [] }), ['at least one FMAP entry is needed']);
  });

  it('looks up FMAP and fee amounts by federal fiscal year', () => {
    const p: PolicyVersion = { ...policyFor('2026-11-01')!, fmap: [{ fromFfy: 2020, federalShareBasisPoints: 5_500 }, { fromFfy: 2026, federalShareBasisPoints: 6_050 }] };
    assert.equal(federalShareBasisPoints(p, '2025-09-30'), 5_500);
    assert.equal(federalShareBasisPoints(p, '2025-10-01'), 6_050);
    assert.throws(() => federalShareBasisPoints(p, '2019-01-01'), RangeError);
    assert.deepEqual(annualFeeScheduleFor(p, 2018), { fromFfy: 2007, feeCents: 2_500, thresholdCents: 50_000 });
    assert.deepEqual(annualFeeScheduleFor(p, 2019), { fromFfy: 2019, feeCents: 3_500, thresholdCents: 55_000 });
    assert.equal(annualFeeScheduleFor(p, 2006), null);
  });

  it('lays overrides over a version without changing it', () => {
    const base = policyFor('2026-11-01')!;
    const p = withOverrides(base, { passThrough: { disregarded: false }, federalShareBasisPoints: 7_500, formerAssistanceDistribution: 'prwora' });
    assert.deepEqual(p.passThrough, { oneChildCents: 5_000, twoOrMoreChildrenCents: 10_000, disregarded: false });
    assert.equal(federalShareBasisPoints(p, '1999-01-01'), 7_500);
    assert.equal(p.formerAssistanceDistribution, 'prwora');
    assert.equal(base.passThrough.disregarded, true);
    assert.equal(federalShareBasisPoints(base, '2026-11-01'), 5_000);
  });
});

describe('program policy per case (src/tribal/policy.ts)', () => {
  const state = policyFor('2026-03-01')!;
  it('a program that charges no annual fee owes none in any case type and names itself in the version id', () => {
    const tribal = adaptPolicyToProgram(state, { code: 'TRIBEQ', chargeAnnualFee: false, distributionRule: 'usc_657', federalAssignment: true });
    assert.deepEqual(tribal.annualFeeCaseTypes, []);
    assert.equal(tribal.id, `${state.id}+TRIBEQ`);
    assert.equal(adaptPolicyToProgram(state, { code: 'STATE', chargeAnnualFee: true, distributionRule: 'usc_657', federalAssignment: true }), state);
  });
  it('picks the newest program version in force on the collection date, as the one-case query does', () => {
    const versions = [
      { code: 'T', chargeAnnualFee: true, distributionRule: 'usc_657' as const, federalAssignment: true, effectiveFrom: '2026-07-01', effectiveTo: null },
      { code: 'T', chargeAnnualFee: false, distributionRule: 'usc_657' as const, federalAssignment: true, effectiveFrom: '2020-01-01', effectiveTo: '2026-06-30' },
    ];
    assert.equal(distributionPolicyFromVersions(versions, state, '2026-06-30').id, `${state.id}+T`);
    assert.equal(distributionPolicyFromVersions(versions, state, '2026-07-01'), state);
    assert.equal(distributionPolicyFromVersions(versions, state, '2019-12-31'), state, 'no version in force: the State policy');
    assert.equal(distributionPolicyFromVersions([], state, '2026-06-30'), state);
  });
});
