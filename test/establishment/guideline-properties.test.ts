/** Property tests (fast-check) of the guideline's arithmetic guarantees. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCents } from '../../src/kernel/money.ts';
import { guidelineReason } from '../../src/establishment/guideline/failures.ts';
import { calculateGuideline } from '../../src/establishment/guideline/calculate.ts';
import { addRatio, ratio, sharesOf, splitByRatios, ZERO, type Ratio } from '../../src/establishment/guideline/rational.ts';
import { lookupBasicObligation } from '../../src/establishment/guideline/schedule.ts';
import { scheduleInEffect } from '../../src/establishment/guideline/registry.ts';
import { worksheetLine, type WorksheetCalculation } from '../../src/establishment/guideline/worksheet.ts';
import { PERCENT_ROUNDINGS, SHARE_ROUNDINGS } from '../../src/establishment/guideline/schedule.ts';

const found = scheduleInEffect('PA', '2019-07-01');
assert.ok(found.ok);
const schedule = found.value;
const LOW = schedule.coverage.lowestRowCents;
const HIGH = schedule.coverage.highestRowCents;
const RUNS = { numRuns: 400 };

const dollars = (cents: number) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const cents = (text: string | null | undefined) => parseCents(text ?? 'x')!;
const line = (c: WorksheetCalculation, id: string) => worksheetLine(c, id)!;

/** Two monthly incomes whose sum lies inside the rows held. */
const incomesInRange = fc
  .integer({ min: LOW, max: HIGH })
  .chain((combined) => fc.integer({ min: 0, max: combined }).map((a) => [a, combined - a] as const));

const options = fc.record({
  percentRounding: fc.constantFrom(...PERCENT_ROUNDINGS),
  shareRounding: fc.constantFrom(...SHARE_ROUNDINGS),
  betweenRows: fc.constantFrom('interpolate' as const, 'lowerRow' as const),
});

test('property: the parents\' shares (line 12) add up to the whole obligation (line 10), in every rounding mode', () => {
  fc.assert(
    fc.property(incomesInRange, fc.integer({ min: 1, max: 6 }), options, ([a, b], children, opts) => {
      fc.pre(a + b > 0);
      const r = calculateGuideline({
        state: 'PA',
        calculationDate: '2019-07-01',
        children,
        obligor: { income: { grossPerPeriod: dollars(a), payFrequency: 'monthly' } },
        obligee: { income: { grossPerPeriod: dollars(b), payFrequency: 'monthly' } },
        options: opts,
      });
      if (!r.ok) {
        // Only the low-income look-up on an obligor below the lowest row may fail, and then as SCHEDULE_RANGE.
        assert.equal(guidelineReason(r), 'SCHEDULE_RANGE');
        assert.match(r.message, /^Low-income adjustment/);
        assert.ok(a < LOW);
        return;
      }
      const c = r.value.calculations[0]!;
      const l12 = line(c, '12');
      assert.equal(cents(l12.obligor) + cents(l12.obligee), cents(line(c, '10').combined));
      assert.equal(cents(l12.combined), cents(line(c, '10').combined));
      assert.ok(cents(c.result.basicSupportMonthly) <= cents(l12.obligor), 'adjustments never raise the share');
    }),
    RUNS,
  );
});

test('property: expense shares add up to each expense, and the percentage shares (line 11) to exactly 100%', () => {
  fc.assert(
    fc.property(
      incomesInRange,
      fc.integer({ min: 0, max: 500_000 }),
      fc.integer({ min: 0, max: 100_000 }),
      options,
      ([a, b], care, premium, opts) => {
        fc.pre(a >= LOW);
        const r = calculateGuideline({
          state: 'PA',
          calculationDate: '2019-07-01',
          children: 2,
          obligor: { income: { grossPerPeriod: dollars(a), payFrequency: 'monthly' } },
          obligee: { income: { grossPerPeriod: dollars(b), payFrequency: 'monthly' } },
          expenses: [
            { kind: 'childCare', amount: dollars(care), paidBy: 'obligee' },
            { kind: 'healthInsurancePremium', amount: dollars(premium), paidBy: 'obligor' },
          ],
          options: opts,
        });
        assert.ok(r.ok, JSON.stringify(r));
        const c = r.value.calculations[0]!;
        for (const id of ['E1', 'E2', 'E3']) {
          const l = line(c, id);
          assert.equal(cents(l.obligor) + cents(l.obligee), cents(l.combined), id);
        }
        const exact = line(c, '11').exact!;
        const sum = addRatio(parseRatio(exact.obligor!), parseRatio(exact.obligee!));
        assert.deepEqual(sum, ratio(1, 1));
      },
    ),
    RUNS,
  );
});

test('property: whole-percent and basis-point shares are whole units that add up to 100% for any incomes', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 3 }), fc.constantFrom(...PERCENT_ROUNDINGS), (weights, mode) => {
      const shares = sharesOf(weights, mode);
      if (weights.every((w) => w === 0)) return assert.equal(shares, null);
      assert.ok(shares);
      assert.deepEqual(shares.reduce<Ratio>(addRatio, ZERO), ratio(1, 1));
      if (mode !== 'exact') for (const s of shares) assert.equal((mode === 'wholePercent' ? 100n : 10_000n) % s.den, 0n);
    }),
    RUNS,
  );
});

test('property: splitting any amount by any shares gives parts that add up to the amount', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 100_000_000 }),
      fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 4 }),
      fc.constantFrom(...SHARE_ROUNDINGS),
      (total, weights, rounding) => {
        fc.pre(weights.some((w) => w > 0));
        const shares = sharesOf(weights, 'exact')!;
        const parts = splitByRatios(total, shares, rounding);
        assert.equal(parts.reduce((x, y) => x + y, 0), total);
      },
    ),
    RUNS,
  );
});

test('property: within the schedule, more income never lowers the basic obligation, and more children never lower it either', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: LOW, max: HIGH }),
      fc.integer({ min: LOW, max: HIGH }),
      fc.integer({ min: 1, max: 6 }),
      fc.constantFrom('interpolate' as const, 'lowerRow' as const),
      (x, y, children, method) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        const a = lookupBasicObligation(schedule, lo, children, method);
        const b = lookupBasicObligation(schedule, hi, children, method);
        assert.ok(a.ok && b.ok);
        assert.ok(a.value.amountCents <= b.value.amountCents, `${lo} -> ${a.value.amountCents}, ${hi} -> ${b.value.amountCents}`);
        // An interpolated amount always lies between its two rows.
        if (b.value.upper) assert.ok(b.value.lower.amountCents <= b.value.amountCents && b.value.amountCents <= b.value.upper.amountCents);
        if (children < 6) {
          const more = lookupBasicObligation(schedule, lo, children + 1, method);
          assert.ok(more.ok && more.value.amountCents >= a.value.amountCents);
        }
      },
    ),
    RUNS,
  );
});

test('property: in a parents case, raising the obligee\'s income never lowers line 8 and never raises the obligor\'s percentage', () => {
  fc.assert(
    fc.property(incomesInRange, fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 1, max: 6 }), ([a, b], raise, children) => {
      fc.pre(a >= 140_000 && a + b + raise <= HIGH);
      const run = (obligee: number) =>
        calculateGuideline({
          state: 'PA',
          calculationDate: '2019-07-01',
          children,
          obligor: { income: { grossPerPeriod: dollars(a), payFrequency: 'monthly' } },
          obligee: { income: { grossPerPeriod: dollars(obligee), payFrequency: 'monthly' } },
          options: { percentRounding: 'exact' },
        });
      const before = run(b);
      const after = run(b + raise);
      assert.ok(before.ok && after.ok);
      const c0 = before.value.calculations[0]!;
      const c1 = after.value.calculations[0]!;
      assert.ok(cents(line(c1, '8').combined) >= cents(line(c0, '8').combined));
      const p0 = parseRatio(line(c0, '11').exact!.obligor!);
      const p1 = parseRatio(line(c1, '11').exact!.obligor!);
      assert.ok(p1.num * p0.den <= p0.num * p1.den);
    }),
    { numRuns: 200 },
  );
});

function parseRatio(text: string): Ratio {
  const [n, d] = text.split('/');
  return ratio(BigInt(n!), BigInt(d ?? '1'));
}
