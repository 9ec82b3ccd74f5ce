/** Invariants of the distribution engine over generated cases, policies and collections. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ARREARS_BUCKETS, CASE_TYPES, caseStateProblems, newCaseState, type CaseState } from '../../src/financial/buckets.ts';
import { COLLECTION_SOURCES, distribute, splitFederalState, type Collection } from '../../src/financial/distribution.ts';
import { retainedCents } from '../../src/financial/allocation.ts';
import { annualFeeToTake } from '../../src/financial/fee.ts';
import { prorateCollection } from '../../src/financial/proration.ts';
import { policyFor, withOverrides, type PolicyVersion } from '../../src/financial/policy.ts';
import { runScenario } from '../../src/financial/scenario.ts';
import { federalFiscalYear } from '../../src/kernel/calendar.ts';
import { sumOf } from './fixtures.ts';

const RUNS = { numRuns: 400 };
const cents = (max: number) => fc.integer({ min: 0, max });

const policyArb: fc.Arbitrary<PolicyVersion> = fc
  .record({
    formerAssistanceDistribution: fc.constantFrom('dra_family_first' as const, 'prwora' as const),
    federalOffsetFamilyFirst: fc.boolean(),
    oneChildCents: cents(10_000),
    twoOrMoreChildrenCents: cents(20_000),
    disregarded: fc.boolean(),
    federalShareBasisPoints: fc.integer({ min: 0, max: 10_000 }),
    annualFeeMethod: fc.constantFrom('from_collection' as const, 'charged_to_obligor' as const, 'paid_by_state' as const),
    excessCollection: fc.constantFrom('hold_as_future' as const, 'refund_obligor' as const),
    holdJointReturnOffsets: fc.boolean(),
    arrearsOnlySources: fc.subarray(['state_tax_offset', 'unemployment', 'administrative']),
  })
  .map(({ oneChildCents, twoOrMoreChildrenCents, disregarded, ...rest }) =>
    withOverrides(policyFor('2026-11-01')!, { ...rest, passThrough: { oneChildCents, twoOrMoreChildrenCents, disregarded } }),
  );

const caseArb: fc.Arbitrary<CaseState> = fc
  .record({
    caseType: fc.constantFrom(...CASE_TYPES),
    month: fc.integer({ min: 0, max: 11 }),
    childCount: fc.integer({ min: 1, max: 4 }),
    due: cents(200_000),
    paidShare: fc.integer({ min: 0, max: 100 }),
    arrears: fc.tuple(...ARREARS_BUCKETS.map(() => fc.oneof(fc.constant(0), cents(500_000)))),
    ura: fc.oneof(fc.constant(0), cents(1_000_000)),
    maintenance: cents(100_000),
    reimbursedShare: fc.integer({ min: 0, max: 100 }),
    passedThrough: cents(20_000),
    heldFuture: fc.oneof(fc.constant(0), cents(100_000)),
    familyReceived: cents(100_000),
    fee: fc.constantFrom(0, 1_000, 3_500),
  })
  .map((r) => {
    const neverAssisted = r.caseType === 'never_assistance' || r.caseType === 'medicaid_only';
    const arrears = Object.fromEntries(ARREARS_BUCKETS.map((b, i) => [b, neverAssisted && ['PA', 'TA', 'CA'].includes(b) ? 0 : r.arrears[i]!]));
    const maintenance = r.caseType === 'iv_e_foster_care' ? r.maintenance : 0;
    const supportMonth = `2026-${String(r.month + 1).padStart(2, '0')}`;
    return newCaseState({
      caseType: r.caseType,
      supportMonth,
      childCount: r.childCount,
      currentSupportDueCents: r.due,
      currentSupportPaidCents: Math.floor((r.due * r.paidShare) / 100),
      arrears,
      uraCents: r.ura,
      fosterCareMaintenanceCents: maintenance,
      fosterCareReimbursedCents: Math.floor((maintenance * r.reimbursedShare) / 100),
      passedThroughCents: r.passedThrough,
      heldFutureCents: r.heldFuture,
      feeYear: { ffy: federalFiscalYear(`${supportMonth}-01`), familyReceivedCents: r.familyReceived, feeCents: r.fee },
    });
  });

const scenarioArb = fc.tuple(caseArb, policyArb, cents(2_000_000), fc.constantFrom(...COLLECTION_SOURCES), fc.boolean(), fc.integer({ min: 1, max: 28 }));

type Generated = [CaseState, PolicyVersion, number, Collection['source'], boolean, number];

function setUp([s, p, amount, source, jointReturn, day]: Generated) {
  const applyingHeld = source === 'held_future_applied';
  const amountCents = applyingHeld ? Math.max(1, Math.min(amount, s.heldFutureCents)) : Math.max(1, amount);
  const state = applyingHeld && s.heldFutureCents < amountCents ? { ...s, heldFutureCents: amountCents } : s;
  const collection: Collection = { amountCents, collectionDate: `${s.supportMonth}-${String(day).padStart(2, '0')}`, source, jointReturn };
  const result = distribute(collection, state, p);
  if (!result.ok) throw new Error(`${result.code}: ${result.message} ${JSON.stringify(result.details)}`);
  return { state, policy: p, collection, d: result.value };
}

describe('distribution invariants', () => {
  it('creates and loses no money: the allocations add up to the collection', () => {
    fc.assert(
      fc.property(scenarioArb, (args) => {
        const { collection, d } = setUp(args);
        assert.equal(sumOf(d.allocations), collection.amountCents);
        for (const a of d.allocations) assert.ok(Number.isSafeInteger(a.amountCents) && a.amountCents > 0, JSON.stringify(a));
      }),
      RUNS,
    );
  });

  it('leaves no balance negative and a valid case state', () => {
    fc.assert(
      fc.property(scenarioArb, (args) => {
        const { d } = setUp(args);
        assert.deepEqual(caseStateProblems(d.caseState), []);
      }),
      RUNS,
    );
  });

  it('credits each bucket by exactly what was allocated to it', () => {
    fc.assert(
      fc.property(scenarioArb, (args) => {
        const { state, collection, d } = setUp(args);
        for (const b of ARREARS_BUCKETS) {
          assert.equal(state.arrears[b] - d.caseState.arrears[b], sumOf(d.allocations, (a) => a.target === b), b);
        }
        assert.equal(d.caseState.currentSupportPaidCents - state.currentSupportPaidCents, sumOf(d.allocations, (a) => a.target === 'current_support'));
        const heldBefore = state.heldFutureCents - (collection.source === 'held_future_applied' ? collection.amountCents : 0);
        assert.equal(d.caseState.heldFutureCents - heldBefore, sumOf(d.allocations, (a) => a.target === 'future_support'));
      }),
      RUNS,
    );
  });

  it('never keeps more than URA, and URA falls by exactly what the State keeps', () => {
    fc.assert(
      fc.property(scenarioArb, (args) => {
        const { state, d } = setUp(args);
        const kept = retainedCents(d.allocations);
        assert.ok(kept <= state.uraCents, `kept ${kept} with URA ${state.uraCents}`);
        assert.equal(state.uraCents - d.caseState.uraCents, kept);
      }),
      RUNS,
    );
  });

  it('keeps nothing for the State in a never-assistance case except the fee', () => {
    fc.assert(
      fc.property(scenarioArb, (args) => {
        const { state, d } = setUp(args);
        if (state.caseType !== 'never_assistance' && state.caseType !== 'medicaid_only') return;
        assert.equal(retainedCents(d.allocations), 0);
        assert.ok(sumOf(d.allocations, (a) => a.ruleCode === 'ANNUAL_FEE') <= 3_500);
      }),
      RUNS,
    );
  });

  it('never pays current support from a federal offset unless the family-first option applies', () => {
    fc.assert(
      fc.property(scenarioArb, (args) => {
        const { state, policy, collection, d } = setUp(args);
        if (collection.source !== 'federal_tax_offset') return;
        const familyFirst = policy.federalOffsetFamilyFirst && policy.formerAssistanceDistribution === 'dra_family_first' && ['former_assistance', 'never_assistance', 'medicaid_only'].includes(state.caseType);
        if (!familyFirst) assert.equal(sumOf(d.allocations, (a) => a.target === 'current_support'), 0);
      }),
      RUNS,
    );
  });

  it('gives every allocation a rule code and a cited explanation', () => {
    fc.assert(
      fc.property(scenarioArb, (args) => {
        const { d } = setUp(args);
        for (const a of d.allocations) {
          assert.match(a.explanation, /(CFR|USC|State policy)/);
          assert.equal(a.payee === 'held', a.holdReason !== undefined);
        }
      }),
      RUNS,
    );
  });
});

describe('federal and State shares', () => {
  it('always add up to the retained amount and follow the FMAP to the cent', () => {
    fc.assert(
      fc.property(cents(10_000_000), fc.integer({ min: 0, max: 10_000 }), (amount, bp) => {
        const { federalCents, stateCents } = splitFederalState(amount, bp);
        assert.equal(federalCents + stateCents, amount);
        assert.ok(Math.abs(federalCents * 10_000 - amount * bp) < 10_000);
        assert.ok(federalCents >= 0 && stateCents >= 0);
      }),
    );
  });
});

describe('proration invariants', () => {
  const sharesArb = fc.array(fc.record({ caseId: fc.uuid(), currentSupportOwedCents: cents(300_000), arrearsOwedCents: cents(3_000_000) }), { minLength: 1, maxLength: 8 });

  it('parts always sum to the whole and never exceed what a case is owed in a step', () => {
    fc.assert(
      fc.property(cents(5_000_000), sharesArb, fc.boolean(), (amount, shares, arrearsOnly) => {
        const parts = prorateCollection(amount, shares, { method: 'proportional_current_first', arrearsOnly });
        assert.equal(parts.reduce((s, p) => s + p.amountCents, 0), amount);
        const owedTotal = shares.reduce((s, x) => s + (arrearsOnly ? 0 : x.currentSupportOwedCents) + x.arrearsOwedCents, 0);
        parts.forEach((p, i) => {
          assert.ok(p.towardCurrentCents <= (arrearsOnly ? 0 : shares[i]!.currentSupportOwedCents));
          assert.ok(p.towardArrearsCents <= shares[i]!.arrearsOwedCents);
          assert.ok(p.amountCents >= 0);
          if (amount <= owedTotal) assert.equal(p.beyondOwedCents, 0);
        });
      }),
    );
  });
});

describe('annual fee invariants', () => {
  it('never takes the first threshold amount and never more than the fee', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2007, max: 2040 }), cents(200_000), cents(200_000), fc.constantFrom(0, 1_000, 2_500, 3_500), (ffy, before, now, feeBefore) => {
        const policy = policyFor('2026-11-01')!;
        const d = annualFeeToTake({ caseType: 'never_assistance', ffy, familyReceivedBeforeCents: before, feeAssessedBeforeCents: feeBefore, familyAmountThisCollectionCents: now, excessAfterObligationsCents: 0 }, policy);
        if (!d) return;
        assert.ok(feeBefore + d.fromFamilyShareCents <= d.annualFeeCents);
        assert.ok(before + now - d.fromFamilyShareCents >= Math.min(d.thresholdCents, before + now));
        assert.ok(d.fromFamilyShareCents <= now);
      }),
    );
  });
});

describe('scenario runner invariants', () => {
  const collectionArb = fc.record({
    day: fc.integer({ min: 0, max: 400 }),
    amount: fc.integer({ min: 1, max: 300_000 }),
    source: fc.constantFrom('regular', 'federal_tax_offset', 'state_tax_offset', 'income_withholding'),
  });

  it('conserves money over a run of months: received = distributed + held + refunds', () => {
    fc.assert(
      fc.property(fc.constantFrom('never_assistance', 'current_assistance', 'former_assistance', 'iv_e_foster_care'), fc.array(collectionArb, { maxLength: 12 }), cents(100_000), (caseType, collections, arrearsCents) => {
        const assisted = caseType === 'current_assistance' || caseType === 'iv_e_foster_care';
        const start = Date.UTC(2026, 9, 1);
        const json = {
          name: 'generated',
          startMonth: '2026-10',
          throughMonth: '2027-12',
          cases: [
            {
              id: 'A',
              caseType,
              orders: [{ from: '2026-10', monthlyCurrentSupport: '250.00' }],
              ...(assisted ? { assistance: { months: ['2026-10', '2026-11', '2026-12'], monthlyAmount: '300.00' }, ura: '400.00' } : {}),
              arrears: caseType === 'never_assistance' ? { NA: (arrearsCents / 100).toFixed(2) } : { PA: (arrearsCents / 100).toFixed(2) },
            },
          ],
          collections: collections.map((c) => ({
            date: new Date(start + c.day * 86_400_000).toISOString().slice(0, 10),
            amount: (c.amount / 100).toFixed(2),
            source: c.source,
          })),
        };
        const result = runScenario(json);
        if (!result.ok) throw new Error(JSON.stringify(result));
        assert.ok(result.value.totals.conserved);
      }),
      { numRuns: 150 },
    );
  });
});
