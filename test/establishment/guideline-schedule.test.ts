/** The schedule data and its loader: rows as in the reference, effective dates, look-ups, range errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pa2017 from '../../src/establishment/guideline/data/pa-2017.json' with { type: 'json' };
import { guidelineReason } from '../../src/establishment/guideline/failures.ts';
import { lookupBasicObligation, lowIncomeBandTop, parseScheduleData, type GuidelineSchedule } from '../../src/establishment/guideline/schedule.ts';
import { DEFAULT_REGISTRY, buildRegistry, scheduleInEffect } from '../../src/establishment/guideline/registry.ts';

function pa(): GuidelineSchedule {
  const r = scheduleInEffect('PA', '2019-07-01');
  assert.ok(r.ok, 'PA schedule in effect in 2019');
  return r.value;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

test('the shipped PA-2017 data loads and holds exactly the 41 rows $1,000-$3,000 from the reference', () => {
  const s = pa();
  assert.equal(s.id, 'PA-2017');
  assert.equal(s.rows.length, 41);
  assert.equal(s.rows[0]!.incomeCents, 100_000);
  assert.equal(s.rows[40]!.incomeCents, 300_000);
  assert.equal(s.coverage.complete, false);
  assert.match(s.coverage.missing ?? '', /MISSING/);
  assert.deepEqual(s.columns, [1, 2, 3, 4, 5, 6]);
});

test('PA-2017 rows match the reference table cell for cell at spot-checked rows', () => {
  const s = pa();
  // Copied by hand from shared/reference/federal-rules.md section 7 (47 Pa.B. 1123).
  const expected: Record<number, number[]> = {
    1000: [17, 17, 18, 18, 18, 18],
    1350: [325, 336, 340, 343, 347, 351],
    1600: [383, 555, 570, 576, 582, 588],
    2050: [487, 703, 824, 920, 1005, 1016],
    2250: [532, 768, 899, 1004, 1105, 1201],
    2550: [600, 865, 1012, 1131, 1244, 1352],
    3000: [704, 1015, 1189, 1328, 1461, 1588],
  };
  for (const [income, amounts] of Object.entries(expected)) {
    const row = s.rows.find((r) => r.incomeCents === Number(income) * 100);
    assert.ok(row, `row ${income}`);
    assert.deepEqual(row.amountsCents, amounts.map((a) => a * 100), `row ${income}`);
  }
});

test('the low-income band tops in the data are the last rows of the $45+ per $50 run of each column', () => {
  const s = pa();
  s.columns.forEach((_, c) => {
    let top = s.rows[0]!.incomeCents;
    for (let i = 1; i < s.rows.length; i++) {
      if (s.rows[i]!.amountsCents[c]! - s.rows[i - 1]!.amountsCents[c]! >= 4500) top = s.rows[i]!.incomeCents;
      else break;
    }
    assert.equal(s.lowIncome!.bandTopCents[c], top, `column ${c + 1}`);
  });
  assert.deepEqual(s.lowIncome!.bandTopCents, [130_000, 155_000, 175_000, 190_000, 205_000, 220_000]);
});

test('the $981 self-support reserve: one-child rows in the band equal 90% of income above $981, rounded down', () => {
  const s = pa();
  for (const row of s.rows.filter((r) => r.incomeCents <= 130_000)) {
    const dollars = row.incomeCents / 100;
    assert.equal(row.amountsCents[0]! / 100, Math.floor((9 * (dollars - 981)) / 10), `row ${dollars}`);
  }
  assert.equal(s.lowIncome!.selfSupportReserveCents, 98_100);
});

test('the version in effect is chosen by date; outside its dates or for another state there is none', () => {
  assert.equal(pa().id, 'PA-2017');
  assert.ok(scheduleInEffect('PA', '2017-02-25').ok, 'first day');
  assert.ok(scheduleInEffect('PA', '2021-12-31').ok, 'last day');
  const before = scheduleInEffect('PA', '2017-02-24');
  assert.equal(guidelineReason(before), 'NO_SCHEDULE_IN_EFFECT');
  const after = scheduleInEffect('PA', '2022-01-01');
  assert.equal(guidelineReason(after), 'NO_SCHEDULE_IN_EFFECT');
  assert.ok(!after.ok && after.details?.[0]?.path === '/calculationDate');
  assert.equal(guidelineReason(scheduleInEffect('NE', '2019-07-01')), 'UNSUPPORTED_STATE');
});

test('a registry picks between successive versions and refuses overlapping ones', () => {
  const v1 = clone(pa2017);
  const v2 = clone(pa2017);
  v2.id = 'PA-TEST-2022';
  v2.effectiveFrom = '2022-01-01';
  v2.effectiveThrough = null as unknown as string;
  v2.rows[0]![1] = '16';
  const reg = buildRegistry([v1, v2]);
  assert.ok(reg.ok, 'two successive versions');
  const later = scheduleInEffect('PA', '2030-05-01', reg.value);
  assert.ok(later.ok && later.value.id === 'PA-TEST-2022');
  const earlier = scheduleInEffect('PA', '2021-12-31', reg.value);
  assert.ok(earlier.ok && earlier.value.id === 'PA-2017');

  const v3 = clone(v2);
  v3.effectiveFrom = '2021-06-01';
  const clash = buildRegistry([v1, v3]);
  assert.equal(guidelineReason(clash), 'INPUT_INVALID');
  assert.ok(DEFAULT_REGISTRY.schedules.length >= 1);
});

test('schedule data with falling amounts, uneven steps or missing cells is rejected with paths', () => {
  const falling = clone(pa2017);
  falling.rows[5]![2] = '1';
  const r1 = parseScheduleData(falling);
  assert.ok(!r1.ok);
  assert.ok(r1.details?.some((d) => d.path === '/rows/5/2'), JSON.stringify(r1.details));

  const uneven = clone(pa2017);
  uneven.rows[3]![0] = '1160';
  const r2 = parseScheduleData(uneven);
  assert.ok(!r2.ok && r2.details?.some((d) => d.path === '/rows/3/0'));

  const short = clone(pa2017);
  short.rows[2] = ['1100', '107'];
  const r3 = parseScheduleData(short);
  assert.ok(!r3.ok && r3.details?.some((d) => d.path === '/rows/2'));

  const floaty = clone(pa2017) as unknown as { rows: unknown[][] };
  floaty.rows[0]![1] = 17.5;
  const r4 = parseScheduleData(floaty);
  assert.ok(!r4.ok && r4.details?.some((d) => d.path === '/rows/0/1'));
});

test('look-up on a row returns the row; between rows it interpolates, or takes the lower row when asked', () => {
  const s = pa();
  const onRow = lookupBasicObligation(s, 250_000, 1);
  assert.ok(onRow.ok && onRow.value.amountCents === 58_900 && onRow.value.method === 'row');
  // $2,816.67, two children: 949 + 16 x 16.67/50 = 954.3344 -> $954.33
  const mid = lookupBasicObligation(s, 281_667, 2);
  assert.ok(mid.ok && mid.value.amountCents === 95_433 && mid.value.method === 'interpolate');
  // Halfway between $1,000 (17) and $1,050 (62), one child: 39.50 exactly.
  const half = lookupBasicObligation(s, 102_500, 1);
  assert.ok(half.ok && half.value.amountCents === 3_950);
  // Rounding half-up: $1,000.01, one child: 17 + 45 x 0.01/50 = 17.009 -> $17.01
  const tiny = lookupBasicObligation(s, 100_001, 1);
  assert.ok(tiny.ok && tiny.value.amountCents === 1_701);
  const lower = lookupBasicObligation(s, 281_667, 2, 'lowerRow');
  assert.ok(lower.ok && lower.value.amountCents === 94_900 && lower.value.method === 'lowerRow');
});

test('SCHEDULE_RANGE for incomes outside $1,000-$3,000 and for a number of children with no column', () => {
  const s = pa();
  assert.ok(lookupBasicObligation(s, 300_000, 6).ok);
  assert.ok(lookupBasicObligation(s, 100_000, 6).ok);
  for (const income of [99_999, 300_001, 0, 500_000, 650_000]) {
    const r = lookupBasicObligation(s, income, 1);
    assert.equal(guidelineReason(r), 'SCHEDULE_RANGE', `income ${income}`);
    assert.ok(!r.ok && r.code === 'VALIDATION_FAILED' && !/^[A-Z_]+:/.test(r.message) && /outside the schedule on file/.test(r.message), 'a sentence, never a code');
    assert.deepEqual((r as { data: { lowestRowCents: number; highestRowCents: number } }).data.lowestRowCents, 100_000);
  }
  const seven = lookupBasicObligation(s, 200_000, 7);
  assert.equal(guidelineReason(seven), 'SCHEDULE_RANGE');
  assert.equal(lowIncomeBandTop(s, 7), null);
  assert.equal(lowIncomeBandTop(s, 1), 130_000);
});
