/**
 * Money is integer cents everywhere. Amounts enter the system as decimal strings ("123.45") and are
 * never held as floating-point dollars.
 */
export type Cents = number;

const DECIMAL = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;

/** Parses "1234", "1234.5" or "-1234.56" into cents; returns null for anything else. */
export function parseCents(text: string): Cents | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const whole = Number(m[2]);
  const frac = Number((m[3] ?? '').padEnd(2, '0'));
  const cents = whole * 100 + frac;
  return m[1] && cents !== 0 ? -cents : cents;
}

/** Formats cents as a plain decimal string ("-12.05"). */
export function formatCents(cents: Cents): string {
  assertCents(cents);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Formats cents for people: "$1,234.50". */
export function formatDollars(cents: Cents): string {
  const [whole, frac] = formatCents(Math.abs(cents)).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0 ? '-' : ''}$${grouped}.${frac}`;
}

export function assertCents(value: number): asserts value is Cents {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a whole number of cents: ${value}`);
}

export function sumCents(values: readonly Cents[]): Cents {
  let total = 0;
  for (const v of values) {
    assertCents(v);
    total += v;
  }
  assertCents(total);
  return total;
}

/**
 * Splits `total` in proportion to `weights` so that the parts always add up to `total` exactly
 * (largest-remainder method; ties go to the earlier weight, which keeps the result deterministic).
 */
export function allocateByWeights(total: Cents, weights: readonly number[]): Cents[] {
  assertCents(total);
  if (weights.length === 0) throw new RangeError('no weights');
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('weights must be non-negative integers');
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weightSum === 0) throw new RangeError('weights sum to zero');
  const sign = total < 0 ? -1 : 1;
  const abs = BigInt(Math.abs(total));
  const bigSum = BigInt(weightSum);
  const floors = weights.map((w) => (abs * BigInt(w)) / bigSum);
  const remainders = weights.map((w, i) => ({ i, r: (abs * BigInt(w)) % bigSum }));
  let left = abs - floors.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    floors[i] = floors[i]! + 1n;
    left -= 1n;
  }
  return floors.map((f) => (f === 0n ? 0 : sign * Number(f)));
}
