/**
 * One obligor's payment split across that obligor's cases (45 CFR 303.100(a)(5): priority to current
 * support; the State sets the method). Every split uses largest-remainder proration (allocateByWeights),
 * so the parts always add up to the payment.
 */
import { allocateByWeights, type Cents } from '../kernel/money.ts';
import { totalArrearsCents, type CaseState } from './buckets.ts';
import type { ProrationMethod } from './policy.ts';

export interface ProrationShare {
  caseId: string;
  /** Current support still owed this month. */
  currentSupportOwedCents: Cents;
  /** All arrears owed on the case, every bucket. */
  arrearsOwedCents: Cents;
}

export interface ProratedPart {
  caseId: string;
  amountCents: Cents;
  towardCurrentCents: Cents;
  towardArrearsCents: Cents;
  /** Money beyond everything owed on every case (held or refunded by the case's distribution). */
  beyondOwedCents: Cents;
}

export interface ProrationOptions {
  method: ProrationMethod;
  /** Offsets pay arrears only, so their split ignores current support. */
  arrearsOnly: boolean;
}

export function prorationShareOf(caseId: string, state: CaseState): ProrationShare {
  return {
    caseId,
    currentSupportOwedCents: state.currentSupportDueCents - state.currentSupportPaidCents,
    arrearsOwedCents: totalArrearsCents(state.arrears),
  };
}

/** Splits `total` by `weights`; all-zero weights split evenly (the earlier case gets the odd cent). */
function splitBy(total: Cents, weights: readonly number[]): Cents[] {
  if (total === 0) return weights.map(() => 0);
  const usable = weights.some((w) => w > 0) ? weights : weights.map(() => 1);
  return allocateByWeights(total, usable);
}

/**
 * proportional_current_first: the payment first covers current support, split by each case's current
 * support owed; the excess covers arrears, split by each case's arrears balance; anything beyond all of
 * that is split by current support owed (or by arrears, or evenly, when those are zero).
 * A part never exceeds what its case is owed in a step, because largest-remainder shares of an amount no
 * larger than the total weight never exceed their own weight.
 */
export function prorateCollection(amountCents: Cents, cases: readonly ProrationShare[], options: ProrationOptions): ProratedPart[] {
  if (cases.length === 0) throw new RangeError('proration needs at least one case');
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) throw new RangeError(`not a non-negative amount of cents: ${amountCents}`);
  const current = cases.map((c) => (options.arrearsOnly ? 0 : c.currentSupportOwedCents));
  const arrears = cases.map((c) => c.arrearsOwedCents);
  const currentTotal = Math.min(amountCents, sum(current));
  const currentParts = splitBy(currentTotal, current);
  const arrearsTotal = Math.min(amountCents - currentTotal, sum(arrears));
  const arrearsParts = splitBy(arrearsTotal, arrears);
  const beyond = amountCents - currentTotal - arrearsTotal;
  const beyondWeights = sum(current) > 0 ? current : arrears;
  const beyondParts = splitBy(beyond, beyondWeights);
  return cases.map((c, i) => {
    const towardCurrentCents = currentParts[i]!;
    const towardArrearsCents = arrearsParts[i]!;
    const beyondOwedCents = beyondParts[i]!;
    return { caseId: c.caseId, amountCents: towardCurrentCents + towardArrearsCents + beyondOwedCents, towardCurrentCents, towardArrearsCents, beyondOwedCents };
  });
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
