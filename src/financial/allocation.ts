/**
 * The result of distributing one collection: a list of allocations, each naming what it pays (a bucket
 * or another target), who receives it, the rule that sent it there and a sentence that cites the rule.
 * The ledger turns each allocation into a posting; its ruleCode is the posting's distribution event code.
 */
import type { Cents } from '../kernel/money.ts';
import type { ArrearsBucket } from './buckets.ts';

export const PAYEES = ['family', 'state', 'federal', 'iv_e_agency', 'held', 'medicaid_agency'] as const;
export type Payee = (typeof PAYEES)[number];

/** What an allocation pays: the month's current support, an arrears bucket, or a non-support target. */
export type AllocationTarget =
  | 'current_support'
  | ArrearsBucket
  /** Paid ahead and held for later months (302.51(b)). */
  | 'future_support'
  /** The annual fee charged to the obligor (taken from money beyond what is owed). */
  | 'annual_fee'
  /** Not distributed yet (joint-return offset hold). */
  | 'undistributed'
  /** To be refunded (offset excess, overpayment, non-obligated spouse's share). */
  | 'refund';

export const HOLD_REASONS = ['future_payment', 'joint_return_offset', 'refund_due_obligor', 'refund_due_joint_filer'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** Rule codes and the citation each one rests on. */
export const RULE_CITATIONS = {
  CURRENT_SUPPORT_TO_FAMILY: '45 CFR 302.51(a)(1); 42 USC 657(a)(2)(A), (a)(4)',
  CURRENT_SUPPORT_ASSIGNED: '45 CFR 302.51(a)(1); 42 USC 657(a)(1)',
  CURRENT_SUPPORT_ABOVE_URA: '42 USC 657(a)(1)(C), (a)(3)',
  PASS_THROUGH: '42 USC 657(a)(6)(B)',
  IVE_MAINTENANCE_REIMBURSED: '42 USC 657(e)(1); 45 CFR 302.52(b)(1)',
  IVE_CURRENT_EXCESS: '42 USC 657(e)(2); 45 CFR 302.52(b)(2)',
  IVE_PAST_ASSISTANCE_REIMBURSED: '42 USC 657(e)(3); 45 CFR 302.52(b)(3)',
  IVE_BALANCE: '42 USC 657(e)(4); 45 CFR 302.52(b)(4)',
  ASSIGNED_ARREARS_RETAINED: '42 USC 657(a)(1), (a)(2)(B)(ii), (a)(3)',
  ASSIGNED_ARREARS_ABOVE_URA: '42 USC 657(a)(1)(C), (a)(2)(B)(iii), (a)(3)',
  FAMILY_ARREARS: '42 USC 657(a)(2)(B)(i), (a)(4)',
  OFFSET_JOINT_RETURN_HOLD: '45 CFR 303.72(h)(5); 42 USC 664(a)(3)(B)',
  OFFSET_SPOUSE_SHARE_REFUND: '45 CFR 303.72(h)(5); 42 USC 664(a)(3)',
  OFFSET_EXCESS_REFUND: '45 CFR 303.72(h)(4); 42 USC 664(a)(3)(D)',
  FUTURE_SUPPORT_HELD: '45 CFR 302.51(b)',
  OVERPAYMENT_REFUND: 'State policy (excess collection refunded to the obligor)',
  ANNUAL_FEE: '42 USC 654(6)(B)(ii); 45 CFR 302.51(a)(5)',
  TRIBAL_TANF_RETAINED: '45 CFR 309.115 (Tribal TANF assigned to the Tribe; kept up to the Tribal TANF paid)',
  TRIBAL_TANF_ABOVE_URA: '45 CFR 309.115 (assigned support above the Tribal TANF paid goes to the family)',
} as const;
export type RuleCode = keyof typeof RULE_CITATIONS;

export interface Allocation {
  target: AllocationTarget;
  payee: Payee;
  amountCents: Cents;
  ruleCode: RuleCode;
  /** One sentence naming the rule and its citation. */
  explanation: string;
  /** Set when payee is 'held'. */
  holdReason?: HoldReason;
  /** Latest date a hold may last (joint-return offsets). */
  holdUntil?: string;
}

export type PayeeTotals = Record<Payee, Cents>;

export function zeroPayeeTotals(): PayeeTotals {
  return { family: 0, state: 0, federal: 0, iv_e_agency: 0, held: 0, medicaid_agency: 0 };
}

export function totalsByPayee(allocations: readonly Allocation[]): PayeeTotals {
  const totals = zeroPayeeTotals();
  for (const a of allocations) totals[a.payee] += a.amountCents;
  return totals;
}

/** Federal plus State share kept as assistance reimbursement (the annual fee is not reimbursement). */
export function retainedCents(allocations: readonly Allocation[]): Cents {
  return allocations
    .filter((a) => (a.payee === 'federal' || a.payee === 'state') && a.ruleCode !== 'ANNUAL_FEE')
    .reduce((sum, a) => sum + a.amountCents, 0);
}
