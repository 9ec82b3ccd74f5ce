/**
 * Pure establishment rules: dates of the clocks, the genetic test decision, the acknowledgment's
 * rescission window, reasonable cost of health insurance, and the review comparison against the
 * adjustment threshold. No database, HTTP or clock here.
 */
import { addDays, isIsoDate } from '../kernel/calendar.ts';
import type { Cents } from '../kernel/money.ts';
import type { ErrorDetail } from '../kernel/result.ts';
import type { AdjustmentThreshold, EstablishmentPolicyVersion } from './policy.ts';

export const BASIS_POINTS_WHOLE = 10_000;

/**
 * Adds calendar months; a day that does not exist in the target month becomes its last day
 * (2024-02-29 + 36 months = 2027-02-28), so a cycle never runs past the month it is due in.
 */
export function addMonths(date: string, months: number): string {
  if (!isIsoDate(date)) throw new RangeError(`not an ISO date: ${date}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** 45 CFR 303.4(d): the order must be established, or service completed, within this date. */
export function establishmentDueDate(locatedDate: string, policy: EstablishmentPolicyVersion): string {
  return addDays(locatedDate, policy.establishmentTimeframeDays);
}

/** 45 CFR 303.8(b)(1): the next review is due this many months after the order or the last review. */
export function reviewCycleDueDate(fromDate: string, policy: EstablishmentPolicyVersion): string {
  return addMonths(fromDate, policy.reviewCycleMonths);
}

/** 45 CFR 303.8(e): the review must be finished within 180 days of the request. */
export function reviewCompletionDueDate(requestDate: string, policy: EstablishmentPolicyVersion): string {
  return addDays(requestDate, policy.reviewCompletionDays);
}

/** The acknowledgment takes effect on the later signature; either signatory may rescind until the deadline. */
export function acknowledgmentDates(motherSignedDate: string, fatherSignedDate: string, policy: EstablishmentPolicyVersion): { signedDate: string; rescissionDeadline: string } {
  const signedDate = motherSignedDate > fatherSignedDate ? motherSignedDate : fatherSignedDate;
  return { signedDate, rescissionDeadline: addDays(signedDate, policy.acknowledgmentRescissionDays) };
}

/**
 * Why a rescission is out of time, or null when it may be taken. 42 USC 666(a)(5)(D)(ii): the earlier
 * of 60 days or the date of a proceeding relating to the child (here: a support order entered on the
 * case on or after the signing) in which the signatory is a party.
 */
export function rescissionProblem(ack: { signedDate: string; rescissionDeadline: string }, rescindedDate: string, proceedingDate: string | null): string | null {
  if (rescindedDate < ack.signedDate) return 'a rescission cannot come before the acknowledgment was signed';
  if (rescindedDate > ack.rescissionDeadline) return `the rescission period ended on ${ack.rescissionDeadline}; the acknowledgment can now be challenged only in court for fraud, duress or material mistake of fact`;
  if (proceedingDate !== null && proceedingDate >= ack.signedDate && proceedingDate <= rescindedDate) {
    return `a proceeding relating to the child (a support order entered ${proceedingDate}) ended the rescission period`;
  }
  return null;
}

/**
 * Parses a probability of paternity given as a percentage ("99.9998", "0", "100") into whole basis
 * points, rounding down: a reported 98.999% is 9899, never 9900, so rounding cannot lift a result over
 * the threshold. Returns null for anything that is not a percentage from 0 to 100.
 */
export function parseProbabilityBasisPoints(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!m) return null;
  const whole = Number(m[1]);
  const frac = m[2] ?? '';
  if (whole > 100 || (whole === 100 && /[1-9]/.test(frac))) return null;
  return whole * 100 + Number(frac.padEnd(2, '0').slice(0, 2));
}

export type GeneticOutcome = 'included' | 'excluded';

/**
 * The genetic test decision: included (paternity established by the test) when the probability reaches
 * the policy threshold, excluded when the lab reports an exclusion or the probability falls below it.
 */
export function geneticTestOutcome(probabilityBasisPoints: number, labExcluded: boolean, thresholdBasisPoints: number): GeneticOutcome {
  if (labExcluded) return 'excluded';
  return probabilityBasisPoints >= thresholdBasisPoints ? 'included' : 'excluded';
}

/**
 * Health insurance is reasonable in cost (45 CFR 303.31(a)(1)) when its monthly cost to the parent is at
 * most the policy share of the parent's gross monthly income. Null when either figure is unknown.
 * Compared exactly in integers: premium × 10000 ≤ income × share.
 */
export function healthInsuranceReasonable(premiumMonthlyCents: Cents | null, grossMonthlyIncomeCents: Cents | null, shareBasisPoints: number): boolean | null {
  if (premiumMonthlyCents === null || grossMonthlyIncomeCents === null) return null;
  return BigInt(premiumMonthlyCents) * BigInt(BASIS_POINTS_WHOLE) <= BigInt(grossMonthlyIncomeCents) * BigInt(shareBasisPoints);
}

export interface ReviewComparison {
  guidelineMonthlyCents: Cents;
  currentMonthlyCents: Cents;
  /** Guideline minus current: positive when the guideline asks for more. */
  differenceCents: Cents;
  /** (guideline − current) ÷ current in basis points, rounded half away from zero; null when current is 0. */
  percentDifferenceBasisPoints: number | null;
  thresholdBasisPoints: number | null;
  thresholdCents: Cents | null;
  /** Whether the difference reaches the adjustment threshold (45 CFR 303.8(c)). */
  thresholdMet: boolean;
  explanation: string;
}

function roundHalfAwayFromZero(numerator: bigint, denominator: bigint): number {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (d * 2n);
  return Number(negative ? -q : q);
}

const pct = (bp: number) => `${(bp / 100).toFixed(2)}%`;
const usd = (c: Cents) => `$${(c / 100).toFixed(2)}`;

/**
 * Compares the guideline amount with the current order. The threshold test is exact: |difference| ×
 * 10000 ≥ current × threshold, so a difference of exactly the threshold meets it and no rounding of
 * the displayed percentage can change the answer. A current order of zero meets the percentage test
 * whenever the guideline asks for anything.
 */
export function compareWithGuideline(guidelineMonthlyCents: Cents, currentMonthlyCents: Cents, threshold: AdjustmentThreshold): ReviewComparison {
  const differenceCents = guidelineMonthlyCents - currentMonthlyCents;
  const absDiff = BigInt(Math.abs(differenceCents));
  const percentDifferenceBasisPoints = currentMonthlyCents === 0 ? null : roundHalfAwayFromZero(BigInt(differenceCents) * 10_000n, BigInt(currentMonthlyCents));
  const byPercent =
    threshold.percentBasisPoints !== null && (currentMonthlyCents === 0 ? differenceCents !== 0 : absDiff * 10_000n >= BigInt(currentMonthlyCents) * BigInt(threshold.percentBasisPoints));
  const byAmount = threshold.amountCents !== null && absDiff >= BigInt(threshold.amountCents) && differenceCents !== 0;
  const thresholdMet = byPercent || byAmount;
  const tests = [threshold.percentBasisPoints !== null ? `${pct(threshold.percentBasisPoints)} of the current order` : null, threshold.amountCents !== null ? `${usd(threshold.amountCents)} a month` : null].filter(Boolean).join(' or ');
  const explanation =
    `The guideline amount ${usd(guidelineMonthlyCents)} a month differs from the current order ${usd(currentMonthlyCents)} by ${usd(differenceCents)}` +
    (percentDifferenceBasisPoints !== null ? ` (${pct(percentDifferenceBasisPoints)})` : '') +
    `; the threshold is ${tests || 'not set'}, so the difference ${thresholdMet ? 'warrants' : 'does not warrant'} an adjustment (45 CFR 303.8(c)).`;
  return {
    guidelineMonthlyCents,
    currentMonthlyCents,
    differenceCents,
    percentDifferenceBasisPoints,
    thresholdBasisPoints: threshold.percentBasisPoints,
    thresholdCents: threshold.amountCents,
    thresholdMet,
    explanation,
  };
}

/** Date checks shared by the paternity and order inputs: no business date may be after today. */
export function futureDateProblems(today: string, dates: Record<string, string | null | undefined>): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const [path, value] of Object.entries(dates)) {
    if (value && value > today) out.push({ path, message: 'cannot be in the future' });
  }
  return out;
}
