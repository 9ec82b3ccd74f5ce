import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  acknowledgmentDates,
  addMonths,
  compareWithGuideline,
  geneticTestOutcome,
  healthInsuranceReasonable,
  parseProbabilityBasisPoints,
  rescissionProblem,
  reviewCompletionDueDate,
  reviewCycleDueDate,
  establishmentDueDate,
} from '../../src/establishment/rules.ts';
import { ESTABLISHMENT_POLICY_VERSIONS, establishmentPolicyOn, type EstablishmentPolicyVersion } from '../../src/establishment/policy.ts';
import { renderReviewNoticePdf, reviewNoticeParagraphs, type ReviewNoticeData } from '../../src/establishment/notices.ts';

const policy = establishmentPolicyOn('2026-11-02');

test('policy versions are picked by the business date; the shipped version carries the federal figures', () => {
  assert.equal(policy.id, 'establishment-2017');
  assert.equal(policy.establishmentTimeframeDays, 90);
  assert.equal(policy.reviewCycleMonths, 36);
  assert.equal(policy.reviewCompletionDays, 180);
  assert.equal(policy.acknowledgmentRescissionDays, 60);
  const later: EstablishmentPolicyVersion = { ...policy, id: 'later', effectiveFrom: '2027-07-01', geneticTestInclusionBasisPoints: 9950 };
  const versions = [later, ...ESTABLISHMENT_POLICY_VERSIONS];
  assert.equal(establishmentPolicyOn('2027-06-30', versions).id, 'establishment-2017');
  assert.equal(establishmentPolicyOn('2027-07-01', versions).id, 'later');
});

test('clock dates: 90 days, 36 months (clamped to the month end) and 180 days', () => {
  assert.equal(establishmentDueDate('2026-10-22', policy), '2027-01-20');
  assert.equal(reviewCycleDueDate('2023-10-01', policy), '2026-10-01');
  assert.equal(reviewCycleDueDate('2024-02-29', policy), '2027-02-28');
  assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
  assert.equal(addMonths('2026-03-31', -1), '2026-02-28');
  assert.equal(addMonths('2026-12-15', 1), '2027-01-15');
  assert.equal(reviewCompletionDueDate('2026-11-02', policy), '2027-05-01');
  assert.throws(() => addMonths('2026-02-30', 1), RangeError);
});

test('acknowledgments take effect on the later signature; rescission ends at 60 days or at a proceeding', () => {
  const ack = acknowledgmentDates('2026-10-21', '2026-10-23', policy);
  assert.deepEqual(ack, { signedDate: '2026-10-23', rescissionDeadline: '2026-12-22' });
  assert.equal(rescissionProblem(ack, '2026-12-22', null), null, 'the last day is in time');
  assert.match(rescissionProblem(ack, '2026-12-23', null)!, /ended on 2026-12-22/);
  assert.match(rescissionProblem(ack, '2026-10-22', null)!, /before the acknowledgment was signed/);
  assert.match(rescissionProblem(ack, '2026-11-10', '2026-11-01')!, /proceeding/);
  assert.equal(rescissionProblem(ack, '2026-11-10', '2026-11-11'), null, 'a later proceeding does not count yet');
  assert.equal(rescissionProblem(ack, '2026-11-10', '2026-10-01'), null, 'an order before the acknowledgment is not its proceeding');
});

test('probabilities are read as percentages and rounded down to basis points', () => {
  assert.equal(parseProbabilityBasisPoints('99.9998'), 9999);
  assert.equal(parseProbabilityBasisPoints('99'), 9900);
  assert.equal(parseProbabilityBasisPoints('98.999999'), 9899);
  assert.equal(parseProbabilityBasisPoints('100'), 10000);
  assert.equal(parseProbabilityBasisPoints('100.000'), 10000);
  assert.equal(parseProbabilityBasisPoints('0'), 0);
  for (const bad of ['100.01', '101', '-1', '99.', '.5', '99.1234567', 'ninety', '']) assert.equal(parseProbabilityBasisPoints(bad), null, bad);
});

test('genetic test decision: at the threshold included, below excluded, a lab exclusion always excludes', () => {
  assert.equal(geneticTestOutcome(9900, false, 9900), 'included');
  assert.equal(geneticTestOutcome(9899, false, 9900), 'excluded');
  assert.equal(geneticTestOutcome(9999, true, 9900), 'excluded');
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 1, max: 10000 }), (p, t) => (geneticTestOutcome(p, false, t) === 'included') === p >= t),
  );
});

test('reasonable cost of health insurance: at most 5% of gross income, compared exactly', () => {
  assert.equal(healthInsuranceReasonable(20000, 400000, 500), true, 'exactly 5%');
  assert.equal(healthInsuranceReasonable(20001, 400000, 500), false);
  assert.equal(healthInsuranceReasonable(null, 400000, 500), null);
  assert.equal(healthInsuranceReasonable(100, null, 500), null);
});

test('review comparison: exactly the threshold meets it; the percentage is rounded half away from zero', () => {
  const ten = { percentBasisPoints: 1000, amountCents: null };
  assert.equal(compareWithGuideline(44000, 40000, ten).thresholdMet, true, '+10.00% exactly');
  assert.equal(compareWithGuideline(36000, 40000, ten).thresholdMet, true, '-10.00% exactly');
  assert.equal(compareWithGuideline(43999, 40000, ten).thresholdMet, false);
  const r = compareWithGuideline(35340, 40000, ten);
  assert.deepEqual([r.differenceCents, r.percentDifferenceBasisPoints, r.thresholdMet], [-4660, -1165, true]);
  assert.equal(compareWithGuideline(1, 3, ten).percentDifferenceBasisPoints, -6667);
  const zero = compareWithGuideline(5000, 0, ten);
  assert.deepEqual([zero.percentDifferenceBasisPoints, zero.thresholdMet], [null, true]);
  assert.equal(compareWithGuideline(0, 0, ten).thresholdMet, false);
  const dollars = { percentBasisPoints: null, amountCents: 2500 };
  assert.equal(compareWithGuideline(42500, 40000, dollars).thresholdMet, true);
  assert.equal(compareWithGuideline(42499, 40000, dollars).thresholdMet, false);
  assert.equal(compareWithGuideline(40500, 40000, { percentBasisPoints: 1000, amountCents: 500 }).thresholdMet, true, 'either test is enough');
});

test('property: the threshold test agrees with exact rational arithmetic, whatever the rounding of the shown percentage', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 10000 }), (g, c, t) => {
      const r = compareWithGuideline(g, c, { percentBasisPoints: t, amountCents: null });
      const exact = Math.abs(g - c) / c >= t / 10000;
      // Floats can be off only at exact equality; the rule there is "meets".
      const equal = Math.abs(g - c) * 10000 === c * t;
      return r.differenceCents === g - c && (equal ? r.thresholdMet : r.thresholdMet === exact);
    }),
  );
});

const notice: ReviewNoticeData = {
  kind: 'review_outcome',
  noticeDate: '2026-11-02',
  caseNumber: 'CS00000001',
  officeName: 'NORTH County Domestic Relations',
  recipient: { name: 'Mara Abbott', role: 'custodial_party', address: ['2 Elm St', 'Erie, PA 16501'] },
  otherParentName: 'Aaron Abbott',
  order: { orderNumber: 'DR-2023-0777', enteredDate: '2023-10-01', currentMonthlyCents: 40000 },
  review: { reviewId: 7, reason: 'cycle', requestedBy: 'agency', requestDate: '2026-11-02', dueDate: '2027-05-01' },
  comparison: { guidelineMonthlyCents: 35340, differenceCents: -4660, percentDifferenceBasisPoints: -1165, thresholdBasisPoints: 1000, thresholdCents: null, thresholdMet: true },
  outcome: { outcome: 'adjust', outcomeDate: '2026-11-02', reason: null },
  responseDays: 30,
  policyId: 'establishment-2017',
};

test('the outcome notice states the amounts, the threshold, the result and the right to contest', () => {
  const { title, paragraphs } = reviewNoticeParagraphs(notice);
  const text = paragraphs.join('\n');
  assert.match(title, /Result of the Review/);
  assert.match(text, /\$400\.00 a month/);
  assert.match(text, /\$353\.40 a month, a difference of -\$46\.60 \(-11\.65%\)/);
  assert.match(text, /at least 10\.00% of the current order \(45 CFR 303\.8\(c\)\); this difference meets/);
  assert.match(text, /changed to the guideline amount of \$353\.40/);
  assert.match(text, /within 30 days/);
  const started = reviewNoticeParagraphs({ ...notice, kind: 'review_started', comparison: null, outcome: null });
  assert.match(started.paragraphs.join('\n'), /by May 1, 2027 \(45 CFR 303\.8\(e\)\)/);
});

test('the notice PDF is deterministic: the same notice renders to the same bytes', async () => {
  const one = await renderReviewNoticePdf(notice);
  const two = await renderReviewNoticePdf(notice);
  assert.equal(Buffer.from(one.subarray(0, 5)).toString('latin1'), '%PDF-');
  assert.deepEqual(Buffer.from(one), Buffer.from(two));
  const other = await renderReviewNoticePdf({ ...notice, recipient: { ...notice.recipient, name: 'Ñoño Ünal “quoted” — ☃' } });
  assert.ok(other.byteLength > 1000, 'characters outside WinAnsi are replaced, not fatal');
});
