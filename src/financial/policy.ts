/**
 * Distribution policy: everything a State sets by law or State plan (42 USC 654(34) election, pass-through,
 * fee, FMAP, multi-case proration) as effective-dated data. A collection is distributed under the version
 * whose `effectiveFrom` is the latest one on or before the collection date. Versions are full snapshots,
 * not deltas, so one version can be read on its own.
 */
import { federalFiscalYear } from '../kernel/calendar.ts';
import type { Cents } from '../kernel/money.ts';
import type { CaseType } from './buckets.ts';

/** 42 USC 654(34): DRA "family-first" (current 657(a)(2)(B)) or PRWORA (former 657(a)(2)(B)). */
export const FORMER_ASSISTANCE_DISTRIBUTIONS = ['dra_family_first', 'prwora'] as const;
export type FormerAssistanceDistribution = (typeof FORMER_ASSISTANCE_DISTRIBUTIONS)[number];

/** How the State takes the never-assistance annual fee (42 USC 654(6)(B)(ii); 45 CFR 302.51(a)(5)). */
export const ANNUAL_FEE_METHODS = ['from_collection', 'charged_to_obligor', 'paid_by_state'] as const;
export type AnnualFeeMethod = (typeof ANNUAL_FEE_METHODS)[number];

/** What happens to money left after everything owed is paid. */
export const EXCESS_COLLECTION_HANDLING = ['hold_as_future', 'refund_obligor'] as const;
export type ExcessCollectionHandling = (typeof EXCESS_COLLECTION_HANDLING)[number];

export const PRORATION_METHODS = ['proportional_current_first'] as const;
export type ProrationMethod = (typeof PRORATION_METHODS)[number];

export const BASIS_POINTS_WHOLE = 10_000;

/**
 * Which distribution law the version applies: 42 USC 657 (a State, the default) or 45 CFR 309.115 (a
 * Tribal IV-D program whose TANF families assigned their support to the Tribe: the Tribe keeps up to the
 * Tribal TANF it paid and not yet got back, the rest goes to the family, no federal share, no pass-through).
 * A program's policy selects it (src/tribal/policy.ts adaptPolicyToProgram).
 */
export const DISTRIBUTION_RULES = ['usc_657', 'cfr_309_115'] as const;
export type DistributionRule = (typeof DISTRIBUTION_RULES)[number];

export interface PassThroughPolicy {
  /** Monthly pass-through for a family with one child; 657(a)(6)(B) waives the federal share up to $100. */
  oneChildCents: Cents;
  /** Two or more children; the federal cap is $200 a month. */
  twoOrMoreChildrenCents: Cents;
  /** Whether the passed-through amount is disregarded for the TANF grant (657(a)(6)(B)(II)). */
  disregarded: boolean;
}

export interface FmapEntry {
  /** First federal fiscal year this rate applies to. */
  fromFfy: number;
  /** Federal share of retained collections in basis points (5000 = 50.00%); 657(c)(2). */
  federalShareBasisPoints: number;
}

export interface AnnualFeeScheduleEntry {
  fromFfy: number;
  feeCents: Cents;
  /** The fee is due only once this much support has been collected for the family in the FFY. */
  thresholdCents: Cents;
}

export interface PolicyVersion {
  id: string;
  effectiveFrom: string;
  description: string;
  formerAssistanceDistribution: FormerAssistanceDistribution;
  /** DRA option (303.72(h)(3)(ii)): federal tax refund offsets pay current support and family arrears first. */
  federalOffsetFamilyFirst: boolean;
  passThrough: PassThroughPolicy;
  fmap: readonly FmapEntry[];
  annualFeeSchedule: readonly AnnualFeeScheduleEntry[];
  annualFeeMethod: AnnualFeeMethod;
  /** Case types that owe the annual fee: families that never received TANF (654(6)(B)(ii)). */
  annualFeeCaseTypes: readonly CaseType[];
  /** Collection sources applied to arrears only, besides federal tax offsets (which always are). */
  arrearsOnlySources: readonly string[];
  /** Hold joint-return federal offsets up to 6 months (303.72(h)(5)). */
  holdJointReturnOffsets: boolean;
  jointReturnHoldMonths: number;
  excessCollection: ExcessCollectionHandling;
  multiCaseProration: ProrationMethod;
  /** Absent means 'usc_657'. */
  distributionRule?: DistributionRule;
}

/** Federal fee amounts: DRA 2005 §7310 ($25/$500) from FFY 2007; BBA 2018 §53117 ($35/$550) from FFY 2019. */
export const FEDERAL_ANNUAL_FEE_SCHEDULE: readonly AnnualFeeScheduleEntry[] = [
  { fromFfy: 2007, feeCents: 2_500, thresholdCents: 50_000 },
  { fromFfy: 2019, feeCents: 3_500, thresholdCents: 55_000 },
];

const PRWORA_ERA: PolicyVersion = {
  id: 'prwora-1997',
  effectiveFrom: '1997-10-01',
  description: 'PRWORA distribution (former 657(a)(2)(B)); no federally matched pass-through.',
  formerAssistanceDistribution: 'prwora',
  federalOffsetFamilyFirst: false,
  passThrough: { oneChildCents: 0, twoOrMoreChildrenCents: 0, disregarded: false },
  fmap: [{ fromFfy: 1996, federalShareBasisPoints: 5_000 }],
  annualFeeSchedule: FEDERAL_ANNUAL_FEE_SCHEDULE,
  annualFeeMethod: 'from_collection',
  annualFeeCaseTypes: ['never_assistance', 'medicaid_only'],
  arrearsOnlySources: ['state_tax_offset'],
  holdJointReturnOffsets: true,
  jointReturnHoldMonths: 6,
  excessCollection: 'hold_as_future',
  multiCaseProration: 'proportional_current_first',
};

const DRA_ERA: PolicyVersion = {
  ...PRWORA_ERA,
  id: 'dra-2009',
  effectiveFrom: '2009-10-01',
  description: 'DRA family-first distribution (current 657(a)(2)(B)); $50/$100 disregarded pass-through.',
  formerAssistanceDistribution: 'dra_family_first',
  passThrough: { oneChildCents: 5_000, twoOrMoreChildrenCents: 10_000, disregarded: true },
};

/**
 * The shipped default, documented choice by choice in docs/scenarios.md ("Default policy"):
 * - former assistance: PRWORA until the federal DRA date (2009-10-01), DRA family-first after it;
 * - federal offsets go to assigned arrears first (the family-first offset option is taken by few States);
 * - pass-through $50 (one child) / $100 (two or more), disregarded, from 2009-10-01;
 * - FMAP 50.00% for every FFY (replace with the State's 657(c)(2) rate);
 * - the federal annual fee schedule, taken from the collection above the threshold, in never-assistance
 *   and Medicaid-only cases;
 * - state tax refund offsets are treated as arrears-only like federal offsets (unverified: 45 CFR 303.102);
 * - joint-return federal offsets held (up to 6 months); money beyond all that is owed is held as future
 *   support (302.51(b)); multi-case proration by current support first, then by arrears balance.
 */
export const DEFAULT_POLICY_VERSIONS: readonly PolicyVersion[] = [PRWORA_ERA, DRA_ERA];

/** The policy version in force on `date`, or null when the date is before every version. */
export function policyFor(date: string, versions: readonly PolicyVersion[] = DEFAULT_POLICY_VERSIONS): PolicyVersion | null {
  let chosen: PolicyVersion | null = null;
  for (const v of versions) {
    if (v.effectiveFrom <= date && (!chosen || v.effectiveFrom >= chosen.effectiveFrom)) chosen = v;
  }
  return chosen;
}

/** The latest schedule entry whose `fromFfy` is on or before `ffy`. */
function entryForFfy<T extends { fromFfy: number }>(entries: readonly T[], ffy: number): T | null {
  let chosen: T | null = null;
  for (const e of entries) {
    if (e.fromFfy <= ffy && (!chosen || e.fromFfy >= chosen.fromFfy)) chosen = e;
  }
  return chosen;
}

/** Federal share in basis points for the FFY in which the amount is distributed (657(c)(2)). */
export function federalShareBasisPoints(policy: PolicyVersion, distributionDate: string): number {
  const entry = entryForFfy(policy.fmap, federalFiscalYear(distributionDate));
  if (!entry) throw new RangeError(`policy ${policy.id} has no FMAP for FFY ${federalFiscalYear(distributionDate)}`);
  return entry.federalShareBasisPoints;
}

export function annualFeeScheduleFor(policy: PolicyVersion, ffy: number): AnnualFeeScheduleEntry | null {
  return entryForFfy(policy.annualFeeSchedule, ffy);
}

/** Monthly pass-through cap for a family with `childCount` children. */
export function passThroughCapCents(policy: PolicyVersion, childCount: number): Cents {
  return childCount >= 2 ? policy.passThrough.twoOrMoreChildrenCents : policy.passThrough.oneChildCents;
}

/** Partial changes a scenario (or a test) may lay over every version of a policy list. */
export interface PolicyOverrides {
  formerAssistanceDistribution?: FormerAssistanceDistribution;
  federalOffsetFamilyFirst?: boolean;
  passThrough?: Partial<PassThroughPolicy>;
  /** One FMAP for every FFY. */
  federalShareBasisPoints?: number;
  annualFeeMethod?: AnnualFeeMethod;
  arrearsOnlySources?: readonly string[];
  holdJointReturnOffsets?: boolean;
  excessCollection?: ExcessCollectionHandling;
}

export function withOverrides(version: PolicyVersion, overrides: PolicyOverrides): PolicyVersion {
  const { passThrough, federalShareBasisPoints: fmapBp, ...plain } = overrides;
  const merged: PolicyVersion = { ...version, ...plain, passThrough: { ...version.passThrough, ...passThrough } };
  if (fmapBp !== undefined) merged.fmap = [{ fromFfy: 0, federalShareBasisPoints: fmapBp }];
  return merged;
}

/** Problems with a policy version loaded from storage (empty when usable). */
export function policyProblems(v: PolicyVersion): string[] {
  const problems: string[] = [];
  const wholeCents = (n: number) => Number.isSafeInteger(n) && n >= 0;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.effectiveFrom)) problems.push('effectiveFrom must be YYYY-MM-DD');
  if (!wholeCents(v.passThrough.oneChildCents) || v.passThrough.oneChildCents > 10_000) problems.push('pass-through for one child must be 0 to $100 (657(a)(6)(B))');
  if (!wholeCents(v.passThrough.twoOrMoreChildrenCents) || v.passThrough.twoOrMoreChildrenCents > 20_000) problems.push('pass-through for two or more children must be 0 to $200 (657(a)(6)(B))');
  if (v.fmap.length === 0) problems.push('at least one FMAP entry is needed');
  for (const e of v.fmap) {
    if (!Number.isInteger(e.federalShareBasisPoints) || e.federalShareBasisPoints < 0 || e.federalShareBasisPoints > BASIS_POINTS_WHOLE) problems.push(`FMAP for FFY ${e.fromFfy} must be 0 to 10000 basis points`);
  }
  for (const e of v.annualFeeSchedule) {
    if (!wholeCents(e.feeCents) || !wholeCents(e.thresholdCents)) problems.push(`annual fee for FFY ${e.fromFfy} must be whole, non-negative cents`);
  }
  if (!Number.isInteger(v.jointReturnHoldMonths) || v.jointReturnHoldMonths < 0 || v.jointReturnHoldMonths > 6) problems.push('joint-return holds last 0 to 6 months (303.72(h)(5))');
  return problems;
}
