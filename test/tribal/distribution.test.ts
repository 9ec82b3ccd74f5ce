// 45 CFR 309.115 distribution, chosen from a program's policy (program_policy.distribution_rule and
// federal_assignment) by adaptPolicyToProgram: a pure adaptation of the State's policy version.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ARREARS_BUCKETS, newCaseState, type CaseState } from '../../src/financial/buckets.ts';
import { distribute, type Collection } from '../../src/financial/distribution.ts';
import { policyFor } from '../../src/financial/policy.ts';
import { adaptPolicyToProgram } from '../../src/tribal/policy.ts';
import { caseState, collection, policy2026, rows, run, sumOf } from '../financial/fixtures.ts';

const TRIBAL = { code: 'TRIBEA', chargeAnnualFee: false, distributionRule: 'cfr_309_115' as const, federalAssignment: false };
const STATE = { code: 'STATE', chargeAnnualFee: true, distributionRule: 'usc_657' as const, federalAssignment: true };
const tribal = () => adaptPolicyToProgram(policy2026(), TRIBAL);

describe('adaptPolicyToProgram', () => {
  it('leaves the State policy as it is for a State program', () => {
    const p = policy2026();
    assert.equal(adaptPolicyToProgram(p, STATE), p);
  });

  it('a 309.115 program without federal assignment: Tribal rule, no federal share, no pass-through, no fee; named in the id', () => {
    const p = tribal();
    assert.equal(p.distributionRule, 'cfr_309_115');
    assert.equal(p.id, 'dra-2009+TRIBEA');
    assert.deepEqual(p.annualFeeCaseTypes, []);
    assert.deepEqual(p.fmap, [{ fromFfy: 0, federalShareBasisPoints: 0 }]);
    assert.equal(p.passThrough.oneChildCents, 0);
    assert.equal(p.passThrough.twoOrMoreChildrenCents, 0);
  });

  it('a program whose plan takes State-TANF assignments (federal_assignment true) keeps 42 USC 657 and the FMAP', () => {
    const base = policy2026();
    const p = adaptPolicyToProgram(base, { ...TRIBAL, federalAssignment: true });
    assert.equal(p.distributionRule ?? 'usc_657', 'usc_657');
    assert.deepEqual(p.fmap, base.fmap);
    assert.deepEqual(p.passThrough, base.passThrough);
    assert.deepEqual(p.annualFeeCaseTypes, []);
  });

  it('is pure: the State policy passed in is not changed', () => {
    const base = policy2026();
    const copy = structuredClone(base);
    adaptPolicyToProgram(base, TRIBAL);
    assert.deepEqual(base, copy);
  });
});

describe('45 CFR 309.115 distribution', () => {
  it('Tribal TANF: current support kept by the Tribe up to the Tribal URA, the excess to the family, no federal share', () => {
    const d = run(collection(50_000), caseState({ caseType: 'current_assistance', currentSupportDueCents: 40_000, uraCents: 30_000, arrears: { PA: 20_000 } }), tribal());
    assert.deepEqual(rows(d.allocations), [
      ['current_support', 'state', 30_000, 'TRIBAL_TANF_RETAINED'],
      ['current_support', 'family', 10_000, 'TRIBAL_TANF_ABOVE_URA'],
      ['PA', 'family', 10_000, 'TRIBAL_TANF_ABOVE_URA'],
    ]);
    assert.equal(d.caseState.uraCents, 0);
    assert.equal(d.federalShareBasisPoints, 0);
    assert.match(d.allocations[0]!.explanation, /309\.115/);
    assert.equal(d.policyId, 'dra-2009+TRIBEA');
  });

  it('the same case under the State rule splits what is kept with the federal government and passes $50 through', () => {
    const d = run(collection(50_000), caseState({ caseType: 'current_assistance', currentSupportDueCents: 40_000, uraCents: 30_000 }), adaptPolicyToProgram(policy2026(), STATE));
    assert.ok(d.allocations.some((a) => a.payee === 'federal'));
    assert.ok(d.allocations.some((a) => a.ruleCode === 'PASS_THROUGH'));
  });

  it('Tribal TANF: assigned arrears kept up to the Tribal URA after current support', () => {
    const d = run(collection(30_000), caseState({ caseType: 'current_assistance', currentSupportDueCents: 10_000, uraCents: 25_000, arrears: { PA: 30_000, NA: 5_000 } }), tribal());
    assert.deepEqual(rows(d.allocations), [
      ['current_support', 'state', 10_000, 'TRIBAL_TANF_RETAINED'],
      ['PA', 'state', 15_000, 'TRIBAL_TANF_RETAINED'],
      ['PA', 'family', 5_000, 'TRIBAL_TANF_ABOVE_URA'],
    ]);
  });

  it('former Tribal TANF: current support and the family arrears first, then assigned arrears kept up to the Tribal URA', () => {
    const d = run(collection(40_000), caseState({ caseType: 'former_assistance', currentSupportDueCents: 10_000, uraCents: 50_000, arrears: { PA: 30_000, NA: 5_000, UPA: 5_000 } }), tribal());
    assert.deepEqual(rows(d.allocations), [
      ['current_support', 'family', 10_000, 'CURRENT_SUPPORT_TO_FAMILY'],
      ['NA', 'family', 5_000, 'FAMILY_ARREARS'],
      ['UPA', 'family', 5_000, 'FAMILY_ARREARS'],
      ['PA', 'state', 20_000, 'TRIBAL_TANF_RETAINED'],
    ]);
    assert.match(d.allocations[0]!.explanation, /309\.115\(a\)/);
  });

  it('never assisted: everything to the family, and no annual fee', () => {
    const d = run(collection(80_000), caseState({ caseType: 'never_assistance', currentSupportDueCents: 40_000, arrears: { NA: 40_000 }, feeYear: { ffy: 2027, familyReceivedCents: 60_000, feeCents: 0 } }), tribal());
    assert.deepEqual(rows(d.allocations), [
      ['current_support', 'family', 40_000, 'CURRENT_SUPPORT_TO_FAMILY'],
      ['NA', 'family', 40_000, 'FAMILY_ARREARS'],
    ]);
    assert.equal(d.annualFee, null);
  });

  it('a federal tax refund offset pays arrears only; the Tribe keeps assigned arrears up to its URA', () => {
    const d = run(collection(20_000, { source: 'federal_tax_offset' }), caseState({ caseType: 'former_assistance', currentSupportDueCents: 10_000, uraCents: 5_000, arrears: { PA: 10_000, NA: 10_000 } }), tribal());
    assert.deepEqual(rows(d.allocations), [
      ['PA', 'state', 5_000, 'TRIBAL_TANF_RETAINED'],
      ['PA', 'family', 5_000, 'TRIBAL_TANF_ABOVE_URA'],
      ['NA', 'family', 10_000, 'FAMILY_ARREARS'],
    ]);
  });
});

describe('309.115 invariants over generated cases and collections', () => {
  const cents = (max: number) => fc.integer({ min: 0, max });
  const caseArb: fc.Arbitrary<CaseState> = fc
    .record({
      caseType: fc.constantFrom('current_assistance' as const, 'former_assistance' as const, 'never_assistance' as const),
      due: cents(200_000),
      paidShare: fc.integer({ min: 0, max: 100 }),
      arrears: fc.tuple(...ARREARS_BUCKETS.map(() => fc.oneof(fc.constant(0), cents(300_000)))),
      ura: fc.oneof(fc.constant(0), cents(600_000)),
      heldFuture: fc.oneof(fc.constant(0), cents(50_000)),
      childCount: fc.integer({ min: 1, max: 4 }),
    })
    .map((r) => {
      const never = r.caseType === 'never_assistance';
      const arrears = Object.fromEntries(ARREARS_BUCKETS.map((b, i) => [b, never && ['PA', 'TA', 'CA'].includes(b) ? 0 : r.arrears[i]!]));
      return newCaseState({
        caseType: r.caseType,
        supportMonth: '2026-11',
        childCount: r.childCount,
        currentSupportDueCents: r.due,
        currentSupportPaidCents: Math.floor((r.due * r.paidShare) / 100),
        arrears,
        uraCents: never ? 0 : r.ura,
        heldFutureCents: r.heldFuture,
        feeYear: { ffy: 2027, familyReceivedCents: 0, feeCents: 0 },
      });
    });
  const collectionArb: fc.Arbitrary<Collection> = fc.record({
    amountCents: fc.integer({ min: 1, max: 1_000_000 }),
    collectionDate: fc.constant('2026-11-15'),
    source: fc.constantFrom('regular' as const, 'income_withholding' as const, 'federal_tax_offset' as const, 'state_tax_offset' as const, 'unemployment' as const),
    jointReturn: fc.boolean(),
  });

  it('money is conserved, the Tribe never keeps more than the Tribal URA, no federal share, URA goes down by exactly what is kept', () => {
    const policy = tribal();
    fc.assert(
      fc.property(caseArb, collectionArb, (s, c) => {
        const result = distribute(c, s, policy);
        assert.ok(result.ok, !result.ok ? result.message : '');
        if (!result.ok) return;
        const d = result.value;
        assert.equal(sumOf(d.allocations), c.amountCents, 'every cent is allocated');
        assert.ok(d.allocations.every((a) => a.amountCents > 0 && Number.isSafeInteger(a.amountCents)));
        assert.equal(sumOf(d.allocations, (a) => a.payee === 'federal'), 0, 'no federal share');
        const kept = sumOf(d.allocations, (a) => a.payee === 'state');
        assert.ok(kept <= s.uraCents, `kept ${kept} > URA ${s.uraCents}`);
        assert.equal(d.caseState.uraCents, s.uraCents - kept);
        assert.ok(d.allocations.every((a) => a.ruleCode !== 'PASS_THROUGH' && a.ruleCode !== 'ANNUAL_FEE'));
        if (s.caseType === 'never_assistance') assert.equal(kept, 0, 'never assisted: nothing kept');
      }),
      { numRuns: 400 },
    );
  });

  it('the State rule is unchanged for a State program (same allocations as the unadapted policy)', () => {
    const base = policyFor('2026-11-15')!;
    fc.assert(
      fc.property(caseArb, collectionArb, (s, c) => {
        assert.deepEqual(distribute(c, s, adaptPolicyToProgram(base, STATE)), distribute(c, s, base));
      }),
      { numRuns: 100 },
    );
  });
});
