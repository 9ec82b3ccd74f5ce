/**
 * Exact fractions and the rounding rules of the guideline. Percentages are never floats: a parent's
 * share is a fraction of 1 (8/13, 62/100, 6154/10000) and money is rounded once, where the worksheet
 * says so, by a named rule.
 */
import { allocateByWeights, type Cents } from '../../kernel/money.ts';

/** A non-negative fraction num/den in lowest terms (den > 0). */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function ratio(num: bigint | number, den: bigint | number): Ratio {
  let n = BigInt(num);
  let d = BigInt(den);
  if (d === 0n) throw new RangeError('ratio with a zero denominator');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { num: n / g, den: d / g };
}

export const ZERO: Ratio = { num: 0n, den: 1n };
export const ONE: Ratio = { num: 1n, den: 1n };

export const addRatio = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den + b.num * a.den, a.den * b.den);
export const subRatio = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den - b.num * a.den, a.den * b.den);
export const compareRatio = (a: Ratio, b: Ratio): number => {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l === r ? 0 : l < r ? -1 : 1;
};
export const maxRatio = (a: Ratio, b: Ratio): Ratio => (compareRatio(a, b) >= 0 ? a : b);
export const percent = (p: bigint | number): Ratio => ratio(p, 100);

/** num/den rounded half away from zero to an integer (half-up for the non-negative values used here). */
export function roundHalfUp(num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new RangeError('denominator must be positive');
  const neg = num < 0n;
  const abs = neg ? -num : num;
  const q = (2n * abs + den) / (2n * den);
  return neg ? -q : q;
}

/** Rounding unit for money shares: the cent, or the whole dollar of Pennsylvania's published examples. */
export type ShareRounding = 'cent' | 'wholeDollar';
export const unitCents = (rounding: ShareRounding): bigint => (rounding === 'wholeDollar' ? 100n : 1n);

/** cents x fraction, rounded half-up to the cent or to the whole dollar. */
export function applyRatio(cents: Cents, r: Ratio, rounding: ShareRounding = 'cent'): Cents {
  const unit = unitCents(rounding);
  return Number(roundHalfUp(BigInt(cents) * r.num, r.den * unit) * unit);
}

/**
 * Splits `total` between parties whose fractions add up to 1, so that the parts always add up to the
 * whole. To the cent: largest remainder (ties to the earlier party). To the whole dollar: every party
 * but the last is rounded half-up to a whole dollar and the last takes what is left (for two parents
 * the last is the obligee, whose share is never payable), which is how the published examples get
 * $821 + $548 = $1,369.
 */
export function splitByRatios(total: Cents, shares: readonly Ratio[], rounding: ShareRounding = 'cent'): Cents[] {
  if (shares.length === 0) throw new RangeError('no shares');
  const den = shares.reduce((d, s) => (d * s.den) / gcd(d, s.den), 1n);
  const weights = shares.map((s) => (s.num * den) / s.den);
  const weightSum = weights.reduce((a, b) => a + b, 0n);
  if (weightSum !== den) throw new RangeError('shares must add up to 1');
  if (rounding === 'cent') {
    if (weights.some((w) => w > BigInt(Number.MAX_SAFE_INTEGER))) throw new RangeError('shares too fine to allocate');
    return allocateByWeights(total, weights.map(Number));
  }
  const out: Cents[] = [];
  let left = total;
  shares.forEach((s, i) => {
    if (i === shares.length - 1) out.push(left);
    else {
      const part = applyRatio(total, s, 'wholeDollar');
      out.push(part);
      left -= part;
    }
  });
  return out;
}

/** How each parent's percentage of combined income is rounded (see docs/guideline.md). */
export type PercentRounding = 'wholePercent' | 'basisPoints' | 'exact';

/**
 * Each party's share of the combined total, as fractions that add up to exactly 1. Whole percents and
 * basis points are allocated by largest remainder, so 61.54% / 38.46% becomes 62% / 38% and the
 * two never add up to 99% or 101%. Returns null when every weight is zero (no combined income).
 */
export function sharesOf(weights: readonly Cents[], rounding: PercentRounding): Ratio[] | null {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  if (rounding === 'exact') return weights.map((w) => ratio(w, total));
  const scale = rounding === 'wholePercent' ? 100 : 10_000;
  return allocateByWeights(scale, weights).map((p) => ratio(p, scale));
}

/** Rounds a fraction to the precision of a percent rounding mode ("exact" leaves it as it is). */
export function roundToMode(r: Ratio, rounding: PercentRounding): Ratio {
  if (rounding === 'exact') return r;
  const scale = rounding === 'wholePercent' ? 100n : 10_000n;
  return ratio(roundHalfUp(r.num * scale, r.den), scale);
}

/** Decimal places shown for a percentage in each mode (exact fractions also travel as "num/den"). */
const PERCENT_DECIMALS: Record<PercentRounding, number> = { wholePercent: 0, basisPoints: 2, exact: 4 };

/** A fraction as a percentage string: 62/100 -> "62", 8/13 -> "61.5385" (exact mode, display only). */
export function formatPercent(r: Ratio, rounding: PercentRounding): string {
  const decimals = PERCENT_DECIMALS[rounding];
  const scale = 10n ** BigInt(decimals);
  const scaled = roundHalfUp(r.num * 100n * scale, r.den);
  const neg = scaled < 0n;
  const abs = neg ? -scaled : scaled;
  const whole = abs / scale;
  const frac = decimals > 0 ? `.${String(abs % scale).padStart(decimals, '0')}` : '';
  return `${neg ? '-' : ''}${whole}${frac}`;
}

/** The exact fraction of 1, for audit: "8/13", "31/50", "1". */
export const formatRatio = (r: Ratio): string => (r.den === 1n ? String(r.num) : `${r.num}/${r.den}`);
