/**
 * The annual fee in never-assistance cases (42 USC 654(6)(B)(ii); 45 CFR 302.51(a)(5)): once per federal
 * fiscal year, and only after the State has collected the threshold for the family in that FFY. The
 * family always keeps the first threshold amount; only money above it can pay the fee.
 */
import { formatDollars, type Cents } from '../kernel/money.ts';
import type { CaseType } from './buckets.ts';
import { annualFeeScheduleFor, type AnnualFeeMethod, type PolicyVersion } from './policy.ts';

export interface AnnualFeeInput {
  caseType: CaseType;
  ffy: number;
  /** Support disbursed to the family earlier in this FFY (after any fee). */
  familyReceivedBeforeCents: Cents;
  /** Fee already assessed in this FFY. */
  feeAssessedBeforeCents: Cents;
  /** What this collection pays the family before any fee. */
  familyAmountThisCollectionCents: Cents;
  /** Money left after current support and arrears are paid; only a fee charged to the obligor uses it. */
  excessAfterObligationsCents: Cents;
}

export interface AnnualFeeDecision {
  ffy: number;
  method: AnnualFeeMethod;
  annualFeeCents: Cents;
  thresholdCents: Cents;
  /** Taken out of the family's share of this collection (method from_collection). */
  fromFamilyShareCents: Cents;
  /** Taken out of money beyond what is owed (method charged_to_obligor). */
  fromExcessCents: Cents;
  /** Paid by the State from its own funds; nothing is taken from the collection (method paid_by_state). */
  paidByStateCents: Cents;
  explanation: string;
}

/** Total fee assessed by this decision, whoever pays it. */
export function feeAssessedCents(d: AnnualFeeDecision): Cents {
  return d.fromFamilyShareCents + d.fromExcessCents + d.paidByStateCents;
}

/**
 * How much fee this collection pays, or null when no fee is due now (case type exempt, no fee that FFY,
 * fee already assessed, or the threshold not yet reached).
 */
export function annualFeeToTake(input: AnnualFeeInput, policy: PolicyVersion): AnnualFeeDecision | null {
  if (!policy.annualFeeCaseTypes.includes(input.caseType)) return null;
  const schedule = annualFeeScheduleFor(policy, input.ffy);
  if (!schedule || schedule.feeCents === 0) return null;
  const remaining = schedule.feeCents - input.feeAssessedBeforeCents;
  if (remaining <= 0) return null;
  const before = input.familyReceivedBeforeCents;
  const after = before + input.familyAmountThisCollectionCents;
  if (after < schedule.thresholdCents) return null;
  const aboveThreshold = after - Math.max(schedule.thresholdCents, before);
  const method = policy.annualFeeMethod;
  const base = { ffy: input.ffy, method, annualFeeCents: schedule.feeCents, thresholdCents: schedule.thresholdCents };
  const taken = { fromFamilyShareCents: 0, fromExcessCents: 0, paidByStateCents: 0 };
  if (method === 'from_collection') taken.fromFamilyShareCents = Math.min(remaining, Math.max(aboveThreshold, 0));
  if (method === 'charged_to_obligor') taken.fromExcessCents = Math.min(remaining, input.excessAfterObligationsCents);
  if (method === 'paid_by_state') taken.paidByStateCents = remaining;
  const decision = { ...base, ...taken, explanation: '' };
  if (feeAssessedCents(decision) === 0) return null;
  decision.explanation = feeExplanation(decision);
  return decision;
}

function feeExplanation(d: AnnualFeeDecision): string {
  const terms = `the ${formatDollars(d.annualFeeCents)} annual fee for FFY ${d.ffy} is due once ${formatDollars(d.thresholdCents)} has been collected for a family that never received TANF`;
  const how: Record<AnnualFeeMethod, string> = {
    from_collection: `${formatDollars(d.fromFamilyShareCents)} is kept from the family's share above the threshold`,
    charged_to_obligor: `${formatDollars(d.fromExcessCents)} is collected from the obligor after current support and arrears are paid`,
    paid_by_state: `the State pays ${formatDollars(d.paidByStateCents)} from its own funds`,
  };
  return `42 USC 654(6)(B)(ii), 45 CFR 302.51(a)(5): ${terms}; ${how[d.method]}.`;
}
