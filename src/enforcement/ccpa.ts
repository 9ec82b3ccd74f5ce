/**
 * Consumer Credit Protection Act limits on income withholding for support, and the split of what may be
 * withheld among several orders at one employer. Pure: no database, no clock.
 *
 * 15 USC 1673(b)(2): at most 50% of a workweek's disposable earnings when the obligor supports another
 * spouse or dependent child, 60% when not; each plus 5 points (55% / 65%) when the support enforced is
 * for a period before the 12 weeks ending at the start of the workweek (12+ weeks in arrears).
 * 42 USC 666(b)(1): current support, arrears payment (and any employer fee) together stay within it.
 * 45 CFR 303.100(a)(5): with several withholding notices at one employer, current support comes first
 * and is allocated among the orders; the State sets the method — here, in proportion to each order's
 * current support (largest remainder, so the parts add up exactly), then arrears the same way.
 */
import { allocateByWeights, type Cents } from '../kernel/money.ts';

export interface CcpaFacts {
  /** The obligor supports a spouse or dependent child other than those the order is for. */
  supportsOtherFamily: boolean;
  /** Support is owed for a period before the 12 weeks ending at the start of the pay period. */
  arrearsOver12Weeks: boolean;
}

/** 50 or 60, plus 5 when 12 or more weeks in arrears. */
export function ccpaLimitPercent(facts: CcpaFacts): number {
  return (facts.supportsOtherFamily ? 50 : 60) + (facts.arrearsOver12Weeks ? 5 : 0);
}

/** The most that may be withheld from `disposableCents` (rounded down: never over the limit). */
export function ccpaLimitCents(disposableCents: Cents, percent: number): Cents {
  if (!Number.isSafeInteger(disposableCents) || disposableCents < 0) throw new RangeError('disposable earnings must be whole cents, zero or more');
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new RangeError('percent must be 0-100');
  return Math.floor((disposableCents * percent) / 100);
}

export interface WithholdingDemand<K = string | number> {
  key: K;
  /** Current support due for the pay period (all current kinds: child, medical, spousal). */
  currentCents: Cents;
  /** The arrears payment ordered for the pay period. */
  arrearsCents: Cents;
}

export interface WithholdingShare<K = string | number> {
  key: K;
  currentCents: Cents;
  arrearsCents: Cents;
}

export interface WithholdingAllocation<K = string | number> {
  limitCents: Cents;
  totalCents: Cents;
  shares: WithholdingShare<K>[];
  /** True when the limit cut current support or arrears below what the orders ask. */
  limited: boolean;
}

/** Splits `available` over demands by weight, never giving a demand more than it asks. */
function splitCapped(available: Cents, demands: readonly Cents[]): Cents[] {
  const total = demands.reduce((a, b) => a + b, 0);
  if (total <= available) return [...demands];
  if (available === 0 || total === 0) return demands.map(() => 0);
  // Proportional parts of available never exceed the demand since available < total.
  return allocateByWeights(available, demands);
}

/**
 * What an employer withholds for each order in one pay period: current support first across all orders,
 * prorated when it alone passes the limit; then arrears payments from what is left, prorated likewise.
 */
export function allocateWithholding<K>(disposableCents: Cents, percent: number, demands: readonly WithholdingDemand<K>[]): WithholdingAllocation<K> {
  for (const d of demands) {
    if (!Number.isSafeInteger(d.currentCents) || d.currentCents < 0 || !Number.isSafeInteger(d.arrearsCents) || d.arrearsCents < 0) throw new RangeError('amounts must be whole cents, zero or more');
  }
  const limitCents = ccpaLimitCents(disposableCents, percent);
  const current = splitCapped(limitCents, demands.map((d) => d.currentCents));
  const left = limitCents - current.reduce((a, b) => a + b, 0);
  const arrears = splitCapped(left, demands.map((d) => d.arrearsCents));
  const shares = demands.map((d, i) => ({ key: d.key, currentCents: current[i]!, arrearsCents: arrears[i]! }));
  const totalCents = shares.reduce((a, s) => a + s.currentCents + s.arrearsCents, 0);
  const limited = shares.some((s, i) => s.currentCents < demands[i]!.currentCents || s.arrearsCents < demands[i]!.arrearsCents);
  return { limitCents, totalCents, shares, limited };
}

export type PayFrequency = 'weekly' | 'biweekly' | 'semimonthly' | 'monthly';

/** Pay periods per year. */
const PERIODS: Record<PayFrequency, number> = { weekly: 52, biweekly: 26, semimonthly: 24, monthly: 12 };

/** A monthly amount as the amount per pay period (half-up to the cent), as the IWO form lists it. */
export function perPayPeriodCents(monthlyCents: Cents, frequency: PayFrequency): Cents {
  if (!Number.isSafeInteger(monthlyCents) || monthlyCents < 0) throw new RangeError('whole cents, zero or more');
  const periods = PERIODS[frequency];
  return Math.floor((monthlyCents * 12 * 2 + periods) / (2 * periods));
}

export function perPayPeriodTable(monthlyCents: Cents): Record<PayFrequency, Cents> {
  return {
    weekly: perPayPeriodCents(monthlyCents, 'weekly'),
    biweekly: perPayPeriodCents(monthlyCents, 'biweekly'),
    semimonthly: perPayPeriodCents(monthlyCents, 'semimonthly'),
    monthly: monthlyCents,
  };
}

/**
 * Whether support is owed for a period before the last 12 weeks: arrears larger than the support that
 * could have fallen due in those 12 weeks cannot all be recent. An approximation from the balance (the
 * account does not age arrears by week); a worker can override it on the order.
 */
export function arrearsOver12Weeks(totalArrearsCents: Cents, monthlySupportCents: Cents): boolean {
  if (totalArrearsCents <= 0) return false;
  const twelveWeeks = Math.ceil((monthlySupportCents * 12 * 12) / 52);
  return totalArrearsCents > twelveWeeks;
}
