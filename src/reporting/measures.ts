/**
 * The five federal performance measures (42 USC 658a(b); 45 CFR 305.2), their applicable percentages
 * (658a(b)(6)), the incentive base, and the penalty tests (45 CFR 305.40, 305.61; 42 USC 652(g)), as
 * pure functions of the measured values (federal-rules.md 6.1).
 */

export type MeasureCode = 'paternity' | 'orders' | 'current_collections' | 'arrears_collections' | 'cost_effectiveness';

/** A ratio kept as its parts so the percentage is exact to the last digit shown. */
export interface Ratio {
  numerator: number;
  denominator: number;
}

/** Percent (0-100+) or null when there is nothing to divide by. */
export function percent(r: Ratio): number | null {
  return r.denominator > 0 ? (r.numerator * 100) / r.denominator : null;
}

/** Floating-point headroom so 79.99999999 computed for an exact 80% is still 80. */
const EPS = 1e-9;
const wholePercent = (p: number) => Math.floor(p + EPS);

/**
 * 658a(b)(6)(A)-(B): the applicable percentage (credit) for PEP, orders, current and arrears
 * collections. 80% and above earns 100; each point from 79 down to 70 costs 2; each point from 69 down
 * to 50 costs 1 (and, for the two collections measures, on down to 40). Below the floor the credit is
 * zero unless performance rose on the prior year by the improvement the statute names.
 */
export function applicablePercentage(measure: Exclude<MeasureCode, 'cost_effectiveness'>, performance: number | null, prior: number | null): { credit: number; basis: string } {
  if (performance === null) return { credit: 0, basis: 'no data' };
  const p = wholePercent(performance);
  if (p >= 80) return { credit: 100, basis: 'at or above 80%' };
  if (p >= 70) return { credit: 80 + 2 * (p - 70), basis: `${p}% to <${p + 1}%: 2 points per point from 80%` };
  if (p >= 50) return { credit: 60 + (p - 50), basis: `${p}% to <${p + 1}%: 1 point per point from 70%` };
  const collections = measure === 'current_collections' || measure === 'arrears_collections';
  if (collections && p >= 40) return { credit: 50 + (p - 40), basis: `${p}% to <${p + 1}%: collections scale to 40%` };
  const floor = collections ? 40 : 50;
  const needed = measure === 'paternity' ? 10 : 5;
  if (prior !== null && performance - prior >= needed - EPS) return { credit: 50, basis: `below ${floor}% but up ${needed} points or more on the prior year` };
  return { credit: 0, basis: `below ${floor}%` };
}

/** 658a(b)(6)(C): cost-effectiveness credit by collections per dollar spent. The 4.99-5.00 gap is read as 4.50 to <5.00 (inference). */
export function costEffectivenessCredit(ratio: number | null): { credit: number; basis: string } {
  if (ratio === null) return { credit: 0, basis: 'no expenditure data (OCSE-396)' };
  const bands: Array<[number, number]> = [[5, 100], [4.5, 90], [4, 80], [3.5, 70], [3, 60], [2.5, 50], [2, 40]];
  for (const [atLeast, credit] of bands) if (ratio >= atLeast - EPS) return { credit, basis: `$${atLeast.toFixed(2)} or more per dollar` };
  return { credit: 0, basis: 'below $2.00 per dollar' };
}

export interface PenaltyTest {
  measure: MeasureCode;
  applies: boolean;
  passed: boolean | null;
  standard: string;
  detail: string;
}

/** 305.40(a)(1): the improvement PEP needs when below the standard, by its current level. */
export function pepRequiredImprovement(pep: number): number {
  if (pep >= 75) return 2;
  if (pep >= 50) return 3;
  if (pep >= 45) return 4;
  if (pep >= 40) return 5;
  return 6;
}

/**
 * The penalty tests: PEP at least 90% (rounded to a whole percent; 50% for FY2020-2022) or the required
 * improvement; orders at least 40% or +5 points; current collections at least 35% or +5 points. The
 * arrears and cost-effectiveness measures carry no penalty (federal-rules.md 6.1).
 */
export function penaltyTest(measure: MeasureCode, fiscalYear: number, performance: number | null, prior: number | null): PenaltyTest {
  if (measure === 'arrears_collections' || measure === 'cost_effectiveness') return { measure, applies: false, passed: null, standard: 'no penalty measure', detail: '' };
  if (performance === null) return { measure, applies: true, passed: null, standard: '', detail: 'no data' };
  const improved = (points: number) => prior !== null && performance - prior >= points - EPS;
  if (measure === 'paternity') {
    const standard = fiscalYear >= 2020 && fiscalYear <= 2022 ? 50 : 90;
    const rounded = Math.round(performance);
    if (rounded >= standard) return { measure, applies: true, passed: true, standard: `${standard}% (rounded)`, detail: `PEP ${rounded}%` };
    const need = pepRequiredImprovement(performance);
    return { measure, applies: true, passed: improved(need), standard: `${standard}% or +${need} points`, detail: prior === null ? 'no prior year to compare' : `change on prior year ${(performance - prior).toFixed(2)} points` };
  }
  const floor = measure === 'orders' ? 40 : 35;
  if (performance >= floor - EPS) return { measure, applies: true, passed: true, standard: `${floor}% or +5 points`, detail: `${performance.toFixed(2)}%` };
  return { measure, applies: true, passed: improved(5), standard: `${floor}% or +5 points`, detail: prior === null ? 'no prior year to compare' : `change on prior year ${(performance - prior).toFixed(2)} points` };
}

/** 305.61: the TANF grant reduction for the Nth consecutive year with a failed test (after a corrective-action year). */
export function penaltyRange(consecutiveFailures: number): string | null {
  if (consecutiveFailures <= 0) return null;
  if (consecutiveFailures === 1) return '1% to 2% of the TANF grant';
  if (consecutiveFailures === 2) return '2% to 3% of the TANF grant';
  return '3% to 5% of the TANF grant';
}

export interface CollectionsBase {
  assistanceCents: number;
  otherCents: number;
  /** 658a(b)(5)(C): 2 × (current and former assistance collections) + all other collections. */
  baseCents: number;
}

export function collectionsBase(assistanceCents: number, otherCents: number): CollectionsBase {
  return { assistanceCents, otherCents, baseCents: 2 * assistanceCents + otherCents };
}

/** 305.31: the maximum incentive base of a measure (the full base for three, 75% for arrears and cost-effectiveness). */
export function maximumBaseCents(measure: MeasureCode, baseCents: number): number {
  return measure === 'arrears_collections' || measure === 'cost_effectiveness' ? Math.round(baseCents * 0.75) : baseCents;
}
