/**
 * distribute(): one collection, one case, one policy version → allocations and the new case state.
 * Pure: no database, no clock. Order of application (federal-rules.md 1.4, 1.5, 1.7):
 *   1. a joint-return federal offset is held (303.72(h)(5));
 *   2. current support for the month (302.51(a)(1)), unless the source is arrears-only;
 *   3. arrears bucket by bucket in the order for the case type (arrearsOrder);
 *   4. the annual fee in never-assistance cases (fee.ts);
 *   5. anything left is held as future support or refunded (302.51(b); 303.72(h)(4)).
 * Whatever the State keeps is split into federal and State shares at the FMAP and reduces URA.
 * Under 45 CFR 309.115 (policy.distributionRule 'cfr_309_115', a Tribal program) assigned support is kept
 * by the Tribe (payee 'state': the program's own IV-D agency) up to the Tribal TANF it paid, with no federal
 * share and no pass-through, and former-assistance arrears owed to the family are paid first.
 */
import { fail, ok, type Result } from '../kernel/result.ts';
import { allocateByWeights, formatDollars, type Cents } from '../kernel/money.ts';
import { federalFiscalYear, isIsoDate } from '../kernel/calendar.ts';
import {
  caseStateProblems,
  cloneCaseState,
  monthOf,
  type ArrearsBucket,
  type CaseState,
  type CaseType,
} from './buckets.ts';
import type { Allocation, AllocationTarget, HoldReason, Payee, RuleCode } from './allocation.ts';
import { annualFeeToTake, feeAssessedCents, type AnnualFeeDecision } from './fee.ts';
import { BASIS_POINTS_WHOLE, federalShareBasisPoints, passThroughCapCents, type PolicyVersion } from './policy.ts';

export const COLLECTION_SOURCES = [
  'regular',
  'income_withholding',
  'federal_tax_offset',
  'state_tax_offset',
  'unemployment',
  'administrative',
  'other_state',
  'other_country',
  'held_future_applied',
] as const;
export type CollectionSource = (typeof COLLECTION_SOURCES)[number];

export interface Collection {
  amountCents: Cents;
  /** Date of collection (302.51(a)(4)): SDU receipt, or the withholding date; for a released hold, the release date. */
  collectionDate: string;
  source: CollectionSource;
  /** A federal offset from a joint return (may be held, 303.72(h)(5)). */
  jointReturn?: boolean;
  /** The joint-return hold is resolved; the amount no longer includes the non-obligated spouse's share. */
  holdReleased?: boolean;
}

export interface Distribution {
  allocations: Allocation[];
  caseState: CaseState;
  policyId: string;
  federalShareBasisPoints: number;
  annualFee: AnnualFeeDecision | null;
}

/** Who receives an arrears bucket's payment. 'assigned' = kept by the State up to URA. */
export type ArrearsDisposition = 'assigned' | 'family' | 'iv_e_agency';
export interface ArrearsStep {
  bucket: ArrearsBucket;
  disposition: ArrearsDisposition;
}

interface Work {
  readonly collection: Collection;
  readonly policy: PolicyVersion;
  readonly month: string;
  readonly ffy: number;
  readonly fmapBasisPoints: number;
  left: Cents;
  state: CaseState;
  allocations: Allocation[];
}

export function distribute(collection: Collection, caseState: CaseState, policy: PolicyVersion): Result<Distribution> {
  const problem = collectionProblem(collection, caseState);
  if (problem) return fail('CASE_STATE_INVALID', problem);
  const stateProblems = caseStateProblems(caseState);
  if (stateProblems.length > 0) return fail('CASE_STATE_INVALID', 'The case state is not valid.', stateProblems.map((message) => ({ message })));
  const w: Work = {
    collection,
    policy,
    month: caseState.supportMonth,
    ffy: federalFiscalYear(collection.collectionDate),
    fmapBasisPoints: federalShareBasisPoints(policy, collection.collectionDate),
    left: collection.amountCents,
    state: cloneCaseState(caseState),
    allocations: [],
  };
  // Prepaid money comes back out of the future-support hold before it is distributed again.
  if (collection.source === 'held_future_applied') w.state.heldFutureCents -= collection.amountCents;
  if (isJointReturnHold(collection, policy)) {
    holdJointReturn(w);
  } else {
    if (paysCurrentSupport(collection, caseState.caseType, policy)) payCurrentSupport(w);
    for (const step of arrearsOrder(caseState.caseType, policy, usesOffsetOrder(collection, caseState.caseType, policy))) payArrears(w, step);
  }
  const annualFee = applyAnnualFee(w);
  placeExcess(w);
  return ok({ allocations: w.allocations, caseState: w.state, policyId: policy.id, federalShareBasisPoints: w.fmapBasisPoints, annualFee });
}

function collectionProblem(c: Collection, s: CaseState): string | null {
  if (!Number.isSafeInteger(c.amountCents) || c.amountCents <= 0) return 'The collection amount must be a positive whole number of cents.';
  if (!isIsoDate(c.collectionDate)) return 'The collection date must be a date (YYYY-MM-DD).';
  if (monthOf(c.collectionDate) !== s.supportMonth) {
    return `The collection month ${monthOf(c.collectionDate)} is not the case's support month ${s.supportMonth}; advance the case month first.`;
  }
  if (c.source === 'held_future_applied' && c.amountCents > s.heldFutureCents) return 'Cannot apply more prepaid support than is held for future months.';
  return null;
}

// ---- which rules apply ----------------------------------------------------------------------------

/** 45 CFR 309.115: the family assigned its support to the Tribe (Tribal TANF). */
export function isTribalRule(policy: PolicyVersion): boolean {
  return policy.distributionRule === 'cfr_309_115';
}

export function isArrearsOnlySource(source: CollectionSource, policy: PolicyVersion): boolean {
  return source === 'federal_tax_offset' || policy.arrearsOnlySources.includes(source);
}

/** DRA option: federal offsets pay the family first (current support, then family arrears). */
function offsetFamilyFirst(caseType: CaseType, policy: PolicyVersion): boolean {
  const familyCase = caseType === 'former_assistance' || caseType === 'never_assistance' || caseType === 'medicaid_only';
  return familyCase && policy.federalOffsetFamilyFirst && policy.formerAssistanceDistribution === 'dra_family_first';
}

function paysCurrentSupport(c: Collection, caseType: CaseType, policy: PolicyVersion): boolean {
  if (c.source === 'federal_tax_offset') return offsetFamilyFirst(caseType, policy);
  return !isArrearsOnlySource(c.source, policy);
}

/** Federal offsets go to assigned arrears first, up to URA (302.51(a)(3); DCL-08-43), unless family-first. */
function usesOffsetOrder(c: Collection, caseType: CaseType, policy: PolicyVersion): boolean {
  return c.source === 'federal_tax_offset' && !offsetFamilyFirst(caseType, policy);
}

function isJointReturnHold(c: Collection, policy: PolicyVersion): boolean {
  return c.source === 'federal_tax_offset' && c.jointReturn === true && c.holdReleased !== true && policy.holdJointReturnOffsets;
}

const assigned = (bucket: ArrearsBucket): ArrearsStep => ({ bucket, disposition: 'assigned' });
const family = (bucket: ArrearsBucket): ArrearsStep => ({ bucket, disposition: 'family' });
const ivEAgency = (bucket: ArrearsBucket): ArrearsStep => ({ bucket, disposition: 'iv_e_agency' });

/** The order in which arrears buckets are paid, by case type, policy and (federal) offset. */
export function arrearsOrder(caseType: CaseType, policy: PolicyVersion, offsetOrder: boolean): ArrearsStep[] {
  const assignedFirst = [assigned('PA'), assigned('TA'), assigned('CA'), family('NA'), family('UDA'), family('UPA')];
  switch (caseType) {
    case 'current_assistance':
      return assignedFirst;
    case 'former_assistance':
      if (offsetOrder) return assignedFirst;
      if (policy.formerAssistanceDistribution === 'prwora' && !isTribalRule(policy)) {
        // Former 657(a)(2)(B) (unverified): after-assistance, then pre-assistance, then during-assistance arrears.
        return [family('NA'), family('CA'), family('TA'), family('UPA'), assigned('PA'), family('UDA')];
      }
      return [family('NA'), family('UDA'), family('UPA'), family('CA'), family('TA'), assigned('PA')];
    case 'never_assistance':
    case 'medicaid_only':
      return [family('NA'), family('UDA'), family('UPA')];
    case 'iv_e_foster_care':
      return [assigned('PA'), assigned('TA'), assigned('CA'), ivEAgency('NA'), ivEAgency('UDA'), ivEAgency('UPA')];
  }
}

// ---- posting helpers --------------------------------------------------------------------------------

function give(w: Work, target: AllocationTarget, payee: Payee, amountCents: Cents, ruleCode: RuleCode, explanation: string, hold?: { reason: HoldReason; until?: string }): void {
  if (amountCents <= 0) return;
  if (amountCents > w.left) throw new RangeError(`allocating ${amountCents} with only ${w.left} left`);
  w.left -= amountCents;
  const allocation: Allocation = { target, payee, amountCents, ruleCode, explanation };
  if (hold) allocation.holdReason = hold.reason;
  if (hold?.until) allocation.holdUntil = hold.until;
  w.allocations.push(allocation);
}

/** Federal and State shares of `amountCents` at the FMAP; largest remainder, ties to the federal share. */
export function splitFederalState(amountCents: Cents, federalBasisPoints: number): { federalCents: Cents; stateCents: Cents } {
  if (amountCents === 0) return { federalCents: 0, stateCents: 0 };
  const [federalCents, stateCents] = allocateByWeights(amountCents, [federalBasisPoints, BASIS_POINTS_WHOLE - federalBasisPoints]);
  return { federalCents: federalCents!, stateCents: stateCents! };
}

function fmapText(w: Work): string {
  const bp = w.fmapBasisPoints;
  return `federal share ${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, '0')}% (FMAP for FFY ${w.ffy}, 42 USC 657(c))`;
}

/** Keeps `amountCents` for the State as assistance reimbursement: federal + State shares, URA reduced. */
function retain(w: Work, target: AllocationTarget, amountCents: Cents, ruleCode: RuleCode, why: string): void {
  const { federalCents, stateCents } = splitFederalState(amountCents, w.fmapBasisPoints);
  give(w, target, 'federal', federalCents, ruleCode, `${why}; ${fmapText(w)}.`);
  give(w, target, 'state', stateCents, ruleCode, `${why}; State share.`);
  w.state.uraCents -= amountCents;
}

// ---- current support ----------------------------------------------------------------------------------

function payCurrentSupport(w: Work): void {
  const s = w.state;
  const pay = Math.min(w.left, s.currentSupportDueCents - s.currentSupportPaidCents);
  if (pay <= 0) return;
  s.currentSupportPaidCents += pay;
  const first = `45 CFR 302.51(a)(1): current support for ${w.month} is paid first`;
  if (s.caseType === 'current_assistance' && isTribalRule(w.policy)) return keepForTribe(w, 'current_support', pay, `${first}; in a Tribal TANF case it is assigned to the Tribe`);
  if (s.caseType === 'current_assistance') return payAssignedCurrentSupport(w, pay, first);
  if (s.caseType === 'iv_e_foster_care') return payFosterCareCurrentSupport(w, pay, first);
  const cite = isTribalRule(w.policy) ? '45 CFR 309.115(a)' : s.caseType === 'former_assistance' ? '42 USC 657(a)(2)(A)' : '42 USC 657(a)(4)';
  give(w, 'current_support', 'family', pay, 'CURRENT_SUPPORT_TO_FAMILY', `${first}; ${cite} pays it to the family.`);
}

/**
 * 45 CFR 309.115 (310.115(c) before 2004): the Tribe may keep assigned support up to the Tribal TANF paid
 * to the family and not yet reimbursed (the Tribal URA); the rest must go to the family. No federal share is
 * split off (42 USC 657(c) binds States) and there is no pass-through (657(a)(6) binds States).
 */
function keepForTribe(w: Work, target: AllocationTarget, pay: Cents, why: string): void {
  const keep = Math.min(pay, w.state.uraCents);
  const offset = w.collection.source === 'federal_tax_offset' && target !== 'current_support' ? ' (a federal tax refund offset pays assigned arrears first)' : '';
  give(w, target, 'state', keep, 'TRIBAL_TANF_RETAINED', `${why}: 45 CFR 309.115 lets the Tribe keep it up to the Tribal TANF paid and not yet reimbursed (Tribal URA ${formatDollars(w.state.uraCents)})${offset}; no federal share.`);
  w.state.uraCents -= keep;
  give(w, target, 'family', pay - keep, 'TRIBAL_TANF_ABOVE_URA', `${why}: 45 CFR 309.115: the part above the Tribal TANF paid goes to the family.`);
}

/**
 * TANF family: current support is assigned and kept up to URA (657(a)(1)); the part above URA goes to the
 * family. The pass-through comes out of the assigned part; when it is disregarded the State owes no federal
 * share on it (657(a)(6)(B)), otherwise the federal share is paid on all of it and the State pays the
 * family out of its own share.
 */
function payAssignedCurrentSupport(w: Work, pay: Cents, first: string): void {
  const s = w.state;
  const assignedCents = Math.min(pay, s.uraCents);
  const capLeft = Math.max(passThroughCapCents(w.policy, s.childCount) - s.passedThroughCents, 0);
  let passCents = Math.min(capLeft, assignedCents);
  const why = `${first}; in a TANF case it is assigned and kept up to URA (42 USC 657(a)(1))`;
  if (w.policy.passThrough.disregarded) {
    give(w, 'current_support', 'family', passCents, 'PASS_THROUGH', passThroughText(w, passCents, true));
    retain(w, 'current_support', assignedCents - passCents, 'CURRENT_SUPPORT_ASSIGNED', why);
  } else {
    const { federalCents, stateCents } = splitFederalState(assignedCents, w.fmapBasisPoints);
    passCents = Math.min(passCents, stateCents);
    give(w, 'current_support', 'family', passCents, 'PASS_THROUGH', passThroughText(w, passCents, false));
    give(w, 'current_support', 'federal', federalCents, 'CURRENT_SUPPORT_ASSIGNED', `${why}; ${fmapText(w)}.`);
    give(w, 'current_support', 'state', stateCents - passCents, 'CURRENT_SUPPORT_ASSIGNED', `${why}; State share after the pass-through.`);
    s.uraCents -= assignedCents - passCents;
  }
  s.passedThroughCents += passCents;
  give(w, 'current_support', 'family', pay - assignedCents, 'CURRENT_SUPPORT_ABOVE_URA', `${first}; the part above URA goes to the family (42 USC 657(a)(1)(C), (a)(3)).`);
}

function passThroughText(w: Work, cents: Cents, disregarded: boolean): string {
  const cap = formatDollars(passThroughCapCents(w.policy, w.state.childCount));
  const share = disregarded
    ? 'disregarded for TANF, so no federal share is owed on it'
    : 'not disregarded, so it is paid from the State share and the federal share is still owed';
  return `42 USC 657(a)(6)(B): ${formatDollars(cents)} of current support for ${w.month} is passed through to the family (monthly cap ${cap}); ${share}.`;
}

/** IV-E: keep up to the month's maintenance (657(e)(1)); the rest of current support goes to the IV-E agency (657(e)(2)). */
function payFosterCareCurrentSupport(w: Work, pay: Cents, first: string): void {
  const s = w.state;
  const keep = Math.min(pay, s.fosterCareMaintenanceCents - s.fosterCareReimbursedCents, s.uraCents);
  retain(w, 'current_support', keep, 'IVE_MAINTENANCE_REIMBURSED', `${first}; 42 USC 657(e)(1), 45 CFR 302.52(b)(1): kept to reimburse the month's IV-E foster care maintenance`);
  s.fosterCareReimbursedCents += keep;
  give(w, 'current_support', 'iv_e_agency', pay - keep, 'IVE_CURRENT_EXCESS', `${first}; 45 CFR 302.52(b)(2): current support above the month's maintenance goes to the IV-E agency for the child.`);
}

// ---- arrears -------------------------------------------------------------------------------------------

function payArrears(w: Work, step: ArrearsStep): void {
  const s = w.state;
  const pay = Math.min(w.left, s.arrears[step.bucket]);
  if (pay <= 0) return;
  s.arrears[step.bucket] -= pay;
  if (step.disposition === 'family') {
    give(w, step.bucket, 'family', pay, 'FAMILY_ARREARS', familyArrearsText(w, step.bucket));
  } else if (step.disposition === 'iv_e_agency') {
    give(w, step.bucket, 'iv_e_agency', pay, 'IVE_BALANCE', `45 CFR 302.52(b)(4): ${step.bucket} arrears not owed to the State go to the IV-E agency.`);
  } else {
    payAssignedArrears(w, step.bucket, pay);
  }
}

function payAssignedArrears(w: Work, bucket: ArrearsBucket, pay: Cents): void {
  const keep = Math.min(pay, w.state.uraCents);
  const fosterCare = w.state.caseType === 'iv_e_foster_care';
  if (!fosterCare && isTribalRule(w.policy)) return keepForTribe(w, bucket, pay, `Assigned ${bucket} arrears (Tribal TANF)`);
  const offset = w.collection.source === 'federal_tax_offset' ? ' (federal tax refund offsets go to assigned arrears first, 45 CFR 302.51(a)(3), 303.72(h))' : '';
  if (fosterCare) {
    retain(w, bucket, keep, 'IVE_PAST_ASSISTANCE_REIMBURSED', `45 CFR 302.52(b)(3): assigned ${bucket} arrears kept to reimburse past foster care up to URA${offset}`);
    give(w, bucket, 'iv_e_agency', pay - keep, 'IVE_BALANCE', `45 CFR 302.52(b)(4): ${bucket} arrears above URA go to the IV-E agency.`);
    return;
  }
  const cite = w.state.caseType === 'current_assistance' ? '42 USC 657(a)(1)' : '42 USC 657(a)(2)(B)(ii)';
  retain(w, bucket, keep, 'ASSIGNED_ARREARS_RETAINED', `${cite}: assigned ${bucket} arrears are kept by the State up to URA${offset}`);
  give(w, bucket, 'family', pay - keep, 'ASSIGNED_ARREARS_ABOVE_URA', `42 USC 657(a)(3): ${bucket} arrears above URA cannot be kept and go to the family.`);
}

function familyArrearsText(w: Work, bucket: ArrearsBucket): string {
  const caseType = w.state.caseType;
  if (isTribalRule(w.policy)) {
    return `45 CFR 309.115(a)(2): ${bucket} arrears not assigned to the Tribe are paid to the family${caseType === 'former_assistance' && !usesOffsetOrder(w.collection, caseType, w.policy) ? ', before assigned arrears' : ''}.`;
  }
  if (caseType === 'never_assistance' || caseType === 'medicaid_only') {
    return `42 USC 657(a)(4): ${bucket} arrears in a never-assistance case are paid to the family.`;
  }
  if (usesOffsetOrder(w.collection, caseType, w.policy)) {
    return `45 CFR 302.51(a)(3), 303.72(h): a federal tax refund offset pays ${bucket} arrears owed to the family only after the assigned arrears.`;
  }
  if (caseType === 'current_assistance') {
    return `42 USC 657(a)(1)(C): ${bucket} arrears owed to the family are paid after the assigned arrears.`;
  }
  if (w.policy.formerAssistanceDistribution === 'prwora') {
    return `Former 42 USC 657(a)(2)(B) (PRWORA order, elected under 654(34)): ${bucket} arrears are paid to the family in the after-, pre-, then during-assistance order.`;
  }
  return `42 USC 657(a)(2)(B)(i): ${bucket} arrears not assigned are paid to the family before assigned arrears (DRA family-first).`;
}

// ---- holds, fee and excess ----------------------------------------------------------------------------

function addMonths(date: string, months: number): string {
  const year = Number(date.slice(0, 4));
  const monthIndex = Number(date.slice(5, 7)) - 1 + months;
  const y = year + Math.floor(monthIndex / 12);
  const m = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const d = Math.min(Number(date.slice(8, 10)), lastDay);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function holdJointReturn(w: Work): void {
  const until = addMonths(w.collection.collectionDate, w.policy.jointReturnHoldMonths);
  give(w, 'undistributed', 'held', w.left, 'OFFSET_JOINT_RETURN_HOLD', `45 CFR 303.72(h)(5): a federal tax refund offset from a joint return is held until the non-obligated spouse's share is settled, at most until ${until}.`, { reason: 'joint_return_offset', until });
}

function familyAllocatedCents(w: Work): Cents {
  return w.allocations.filter((a) => a.payee === 'family').reduce((sum, a) => sum + a.amountCents, 0);
}

function applyAnnualFee(w: Work): AnnualFeeDecision | null {
  const s = w.state;
  const year = s.feeYear.ffy === w.ffy ? s.feeYear : { ffy: w.ffy, familyReceivedCents: 0, feeCents: 0 };
  const familyCents = familyAllocatedCents(w);
  const arrearsOnly = isArrearsOnlySource(w.collection.source, w.policy);
  const decision = annualFeeToTake(
    {
      caseType: s.caseType,
      ffy: w.ffy,
      familyReceivedBeforeCents: year.familyReceivedCents,
      feeAssessedBeforeCents: year.feeCents,
      familyAmountThisCollectionCents: familyCents,
      excessAfterObligationsCents: arrearsOnly ? 0 : w.left,
    },
    w.policy,
  );
  if (decision) {
    takeFeeFromFamily(w, decision.fromFamilyShareCents, decision.explanation);
    give(w, 'annual_fee', 'state', decision.fromExcessCents, 'ANNUAL_FEE', decision.explanation);
  }
  const fee = decision ? feeAssessedCents(decision) : 0;
  s.feeYear = { ffy: w.ffy, familyReceivedCents: year.familyReceivedCents + familyCents - (decision?.fromFamilyShareCents ?? 0), feeCents: year.feeCents + fee };
  return decision;
}

/** Moves `feeCents` from the family's allocations (the last ones first) to the State, keeping each target. */
function takeFeeFromFamily(w: Work, feeCents: Cents, explanation: string): void {
  let left = feeCents;
  for (let i = w.allocations.length - 1; i >= 0 && left > 0; i -= 1) {
    const a = w.allocations[i]!;
    if (a.payee !== 'family') continue;
    const take = Math.min(left, a.amountCents);
    a.amountCents -= take;
    left -= take;
    w.allocations.splice(i + 1, 0, { target: a.target, payee: 'state', amountCents: take, ruleCode: 'ANNUAL_FEE', explanation });
  }
  w.allocations = w.allocations.filter((a) => a.amountCents > 0);
}

function placeExcess(w: Work): void {
  if (w.left <= 0) return;
  const amount = formatDollars(w.left);
  if (isArrearsOnlySource(w.collection.source, w.policy)) {
    const cite = w.collection.source === 'federal_tax_offset' ? '45 CFR 303.72(h)(4)' : 'State policy (arrears-only offset)';
    give(w, 'refund', 'held', w.left, 'OFFSET_EXCESS_REFUND', `${cite}: ${amount} of the offset exceeds the arrears owed and is held for refund to the obligor.`, { reason: 'refund_due_obligor' });
  } else if (w.policy.excessCollection === 'hold_as_future') {
    w.state.heldFutureCents += w.left;
    give(w, 'future_support', 'held', w.left, 'FUTURE_SUPPORT_HELD', `45 CFR 302.51(b): ${amount} paid beyond everything owed is held and applied to future months' support.`, { reason: 'future_payment' });
  } else {
    give(w, 'refund', 'held', w.left, 'OVERPAYMENT_REFUND', `State policy: ${amount} paid beyond everything owed is held for refund to the obligor.`, { reason: 'refund_due_obligor' });
  }
}

/**
 * Ends a joint-return hold (303.72(h)(5)): the non-obligated spouse's share is refunded to the joint
 * filer and the rest is distributed as a federal offset on the release date.
 */
export function releaseJointReturnHold(heldCents: Cents, spouseShareCents: Cents, releaseDate: string, caseState: CaseState, policy: PolicyVersion): Result<Distribution> {
  if (!Number.isSafeInteger(spouseShareCents) || spouseShareCents < 0 || spouseShareCents > heldCents) {
    return fail('CASE_STATE_INVALID', "The non-obligated spouse's share must be between zero and the amount held.");
  }
  const refund: Allocation[] = spouseShareCents > 0
    ? [{ target: 'refund', payee: 'held', amountCents: spouseShareCents, ruleCode: 'OFFSET_SPOUSE_SHARE_REFUND', holdReason: 'refund_due_joint_filer', explanation: `45 CFR 303.72(h)(5): ${formatDollars(spouseShareCents)} is the non-obligated spouse's share of the joint refund and is held for refund to the joint filer.` }]
    : [];
  const rest = heldCents - spouseShareCents;
  if (rest === 0) {
    return ok({ allocations: refund, caseState: cloneCaseState(caseState), policyId: policy.id, federalShareBasisPoints: federalShareBasisPoints(policy, releaseDate), annualFee: null });
  }
  const released = distribute({ amountCents: rest, collectionDate: releaseDate, source: 'federal_tax_offset', jointReturn: true, holdReleased: true }, caseState, policy);
  if (!released.ok) return released;
  return ok({ ...released.value, allocations: [...refund, ...released.value.allocations] });
}
