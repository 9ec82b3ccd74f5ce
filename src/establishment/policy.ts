/**
 * Establishment policy: what a State sets by law or State plan for paternity, service, orders and review
 * and adjustment, as effective-dated data. An event is judged under the version whose `effectiveFrom` is
 * the latest on or before the event's business date (a genetic test under the version in force on its
 * result date, a review under the version in force on its request date). Versions are full snapshots.
 * The version id is stored on every row it decided, so each decision can be traced to its rule.
 */
export interface AdjustmentThreshold {
  /**
   * The guideline amount differs from the current order by at least this share of the current order
   * (basis points: 1000 = 10%). Null: no percentage test.
   */
  percentBasisPoints: number | null;
  /** ... or by at least this many cents a month. Null: no dollar test. Either test met is enough. */
  amountCents: number | null;
}

export interface EstablishmentPolicyVersion {
  id: string;
  effectiveFrom: string;
  description: string;
  /** Probability of paternity at or above which a genetic test includes the man (9900 = 99%). */
  geneticTestInclusionBasisPoints: number;
  /** Days after both signatures in which a signatory may rescind an acknowledgment (42 USC 666(a)(5)(D)(ii)). */
  acknowledgmentRescissionDays: number;
  /** 45 CFR 303.4(d): calendar days from locating the alleged father or NCP to an order or completed service. */
  establishmentTimeframeDays: number;
  /** 45 CFR 303.8(b)(1): months from the order or the last review to the next review. */
  reviewCycleMonths: number;
  /** 45 CFR 303.8(e): calendar days from a review request to the adjustment or the decision not to adjust. */
  reviewCompletionDays: number;
  /** 45 CFR 303.8(c): when a difference from the guideline warrants an adjustment. */
  adjustmentThreshold: AdjustmentThreshold;
  /**
   * 45 CFR 303.31(a)(1): health insurance is reasonable in cost when the cost to the parent does not
   * exceed this share of the parent's gross income (500 = 5%).
   */
  healthInsuranceReasonableCostBasisPoints: number;
  /** Days a parent has to ask for a hearing or contest the proposed outcome of a review, stated on the notice. */
  reviewNoticeResponseDays: number;
}

/**
 * The versions shipped. The federal figures (60 days, 90 days, 36 months, 180 days) are from the
 * statute and regulations cited above. The State's choices are illustrative and must be confirmed
 * against the State's law before use: 99% matches Pennsylvania's presumption (23 Pa.C.S. 5104(g)); 10%
 * is a common review threshold; 5% of gross income is the reasonable-cost figure 45 CFR 303.31 offers.
 */
export const ESTABLISHMENT_POLICY_VERSIONS: readonly EstablishmentPolicyVersion[] = [
  {
    id: 'establishment-2017',
    effectiveFrom: '2017-01-01',
    description: 'Federal timeframes; 99% genetic test presumption; 10% review threshold; 5% reasonable cost',
    geneticTestInclusionBasisPoints: 9_900,
    acknowledgmentRescissionDays: 60,
    establishmentTimeframeDays: 90,
    reviewCycleMonths: 36,
    reviewCompletionDays: 180,
    adjustmentThreshold: { percentBasisPoints: 1_000, amountCents: null },
    healthInsuranceReasonableCostBasisPoints: 500,
    reviewNoticeResponseDays: 30,
  },
];

/** The version in force on a business date; the earliest version for dates before any of them. */
export function establishmentPolicyOn(date: string, versions: readonly EstablishmentPolicyVersion[] = ESTABLISHMENT_POLICY_VERSIONS): EstablishmentPolicyVersion {
  const sorted = [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  let chosen = sorted[0];
  if (!chosen) throw new Error('no establishment policy versions');
  for (const v of sorted) if (v.effectiveFrom <= date) chosen = v;
  return chosen;
}

export function establishmentPolicyById(id: string, versions: readonly EstablishmentPolicyVersion[] = ESTABLISHMENT_POLICY_VERSIONS): EstablishmentPolicyVersion | null {
  return versions.find((v) => v.id === id) ?? null;
}
