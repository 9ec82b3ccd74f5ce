/**
 * Case closure criteria (45 CFR 303.11, as amended in 2016 and 2020; federal-rules.md 5.1) as coded
 * reasons. Each criterion says which notice 303.11(d) demands, which facts the data on file must show
 * (checked here), and which findings only a worker can document (attested, with the record of the
 * finding). Pure: the closure service loads the facts and stores the result.
 */
import { addDays, ageOn, isIsoDate } from '../kernel/calendar.ts';
import type { ErrorDetail } from '../kernel/result.ts';
import type { ClosureNotice } from '../db/schema.ts';
import { addMonths } from './timeframe-rules.ts';

/** State law and federal thresholds the checks use. */
export const CLOSURE_POLICY = {
  /** 303.11(b)(1): arrears under $500 (or unenforceable under State law). */
  arrearsThresholdCents: 50_000,
  /** Age of majority (State law; 18 in most States). */
  majorityAge: 18,
  /** 303.11(d): notice sent this many calendar days before closing. */
  noticeDays: 60,
} as const;

export const ARREARS_BUCKETS = ['PA', 'TA', 'CA', 'UDA', 'UPA', 'NA'] as const;
export type Bucket = (typeof ARREARS_BUCKETS)[number];
const ASSIGNED: readonly Bucket[] = ['PA', 'TA', 'CA'];

export interface ClosureFacts {
  asOf: string;
  caseType: string;
  interstateRole: 'none' | 'initiating' | 'responding';
  intakeSource: string;
  /** An order in force on asOf with periodic current or medical support. */
  hasCurrentOrder: boolean;
  /** Arrears by bucket from the case account; null when the case has no account (no order ever). */
  arrears: Record<Bucket, number> | null;
  children: ReadonlyArray<{ personId: number; dateOfBirth: string | null; paternityEstablished: boolean | null }>;
  /** The noncustodial parent or alleged father, when one is on the case. */
  ncp: { personId: number; role: 'noncustodial_parent' | 'alleged_father'; dateOfDeath: string | null; hasSsn: boolean; locatedNow: boolean } | null;
  /** Since when the NCP's location has been sought: the oldest unmet locate clock, else the opening date. */
  locateSince: string;
}

export interface ContactAttempt {
  method: 'mail' | 'phone' | 'email' | 'text' | 'in_person' | 'other';
  date: string;
}

/** What the worker documents: the finding in words, the facts attested, and dated particulars. */
export interface ClosureRequest {
  reasonCode: string;
  finding: string;
  attestations: readonly string[];
  interviewDate?: string | undefined;
  requestDate?: string | undefined;
  contactAttempts?: readonly ContactAttempt[] | undefined;
  inabilityBasis?: 'institutionalized' | 'incarcerated' | 'disabled' | undefined;
  transferBasis?: 'recipient_requested' | 'no_response_60_days' | 'state_tribal_agreement' | undefined;
  arrearsUnenforceable?: boolean | undefined;
}

export interface ClosureCriterion {
  code: string;
  regulation: string;
  title: string;
  notice: ClosureNotice;
  /** 303.11(c): the State must close. */
  mandatory: boolean;
  /** Findings the worker attests (name → what it means). */
  attestations: Readonly<Record<string, string>>;
  /** What the data on file must show, in words (for the criteria list). */
  dataChecks: readonly string[];
  check(f: ClosureFacts, r: ClosureRequest): ErrorDetail[];
  /** 303.11(d)(3): a reply within the notice period that keeps the case open re-establishes contact. */
  contactReestablishes?: boolean;
}

const problem = (path: string, message: string): ErrorDetail => ({ path, message });

function total(arrears: Record<Bucket, number> | null, buckets: readonly Bucket[] = ARREARS_BUCKETS): number {
  if (!arrears) return 0;
  return buckets.reduce((s, b) => s + arrears[b], 0);
}

const noCurrentOrder = (f: ClosureFacts): ErrorDetail[] => (f.hasCurrentOrder ? [problem('/data/order', 'there is a current support order in force')] : []);
const nonIvA = (f: ClosureFacts): ErrorDetail[] =>
  f.caseType === 'current_assistance' || f.caseType === 'iv_e_foster_care' ? [problem('/data/caseType', `a ${f.caseType} case is a IV-A or IV-E case, not a non-IV-A case`)] : [];
const responding = (f: ClosureFacts): ErrorDetail[] => (f.interstateRole === 'responding' ? [] : [problem('/data/interstateRole', 'the State must be the responding agency on this case')]);

function childrenWithoutPaternity(f: ClosureFacts) {
  return f.children.filter((c) => c.paternityEstablished !== true);
}
const needsPaternity = (f: ClosureFacts): ErrorDetail[] => (childrenWithoutPaternity(f).length === 0 ? [problem('/data/children', 'paternity is established for every child on the case')] : []);

function notLocated(f: ClosureFacts, years: number | null, months: number | null, ssn: 'required' | 'absent'): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (!f.ncp) return [problem('/data/ncp', 'no noncustodial parent or alleged father is on the case')];
  if (f.ncp.locatedNow) out.push(problem('/data/ncp', 'a verified address or employer of the noncustodial parent is on file'));
  if (ssn === 'required' && !f.ncp.hasSsn) out.push(problem('/data/ncp/ssn', 'there is no SSN on file, so there is not enough information for automated locate (use (b)(7)(ii))'));
  if (ssn === 'absent' && f.ncp.hasSsn) out.push(problem('/data/ncp/ssn', 'an SSN is on file, so there is enough information for automated locate (use (b)(7)(i) or (iii))'));
  const span = months ?? (years ?? 0) * 12;
  const since = addMonths(f.locateSince, span);
  if (since > f.asOf) out.push(problem('/data/locate', `location has been sought since ${f.locateSince}; ${span} months end on ${since}`));
  return out;
}

function childrenOfMajority(f: ClosureFacts): ErrorDetail[] {
  const minors = f.children.filter((c) => !c.dateOfBirth || ageOn(c.dateOfBirth, f.asOf) < CLOSURE_POLICY.majorityAge);
  return minors.length ? [problem('/data/children', `${minors.length} child(ren) have not reached the age of majority (${CLOSURE_POLICY.majorityAge}) or have no date of birth`)] : [];
}

function datedOnOrBefore(path: string, value: string | undefined, asOf: string, what: string): ErrorDetail[] {
  if (!value) return [problem(path, `${what} is required`)];
  if (!isIsoDate(value)) return [problem(path, 'must be a date (YYYY-MM-DD)')];
  if (value > asOf) return [problem(path, 'cannot be in the future')];
  return [];
}

function criterion(
  code: string,
  paragraph: string,
  title: string,
  notice: ClosureNotice,
  attestations: Record<string, string>,
  dataChecks: string[],
  check: (f: ClosureFacts, r: ClosureRequest) => ErrorDetail[] = () => [],
  extra: Partial<Pick<ClosureCriterion, 'mandatory' | 'contactReestablishes'>> = {},
): ClosureCriterion {
  return { code, regulation: `45 CFR 303.11${paragraph}`, title, notice, mandatory: extra.mandatory ?? false, attestations, dataChecks, check, ...(extra.contactReestablishes ? { contactReestablishes: true } : {}) };
}

export const CLOSURE_CRITERIA: readonly ClosureCriterion[] = [
  criterion('b1', '(b)(1)', 'there is no current support order and the arrears are under $500 or unenforceable under State law', 'recipient', {}, ['no current support order in force', 'total arrears under $500, unless documented as unenforceable under State law'], (f, r) => [
    ...noCurrentOrder(f),
    ...(total(f.arrears) >= CLOSURE_POLICY.arrearsThresholdCents && !r.arrearsUnenforceable ? [problem('/data/arrears', `arrears are ${(total(f.arrears) / 100).toFixed(2)}, not under 500.00 (set arrearsUnenforceable with the finding if State law bars enforcement)`)] : []),
  ]),
  criterion('b2', '(b)(2)', 'there is no current support order and all arrears are assigned to the State', 'recipient', {}, ['no current support order in force', 'arrears owed to the family (NA, UDA, UPA) are zero', 'assigned arrears (PA, TA, CA) are owed'], (f) => [
    ...noCurrentOrder(f),
    ...(total(f.arrears, ['NA', 'UDA', 'UPA']) > 0 ? [problem('/data/arrears', 'arrears are owed to the family, so not all arrears are assigned')] : []),
    ...(total(f.arrears, ASSIGNED) === 0 ? [problem('/data/arrears', 'no assigned arrears are owed (see (b)(1))')] : []),
  ]),
  criterion('b3', '(b)(3)', 'there is no current support order, the children have reached the age of majority, and the noncustodial parent is in long-term care with no income or assets above subsistence', 'recipient',
    { ncpInLongTermCare: 'the NCP is entering or has entered long-term care placement', noIncomeAboveSubsistence: 'the NCP has no income or assets available above the subsistence level' },
    ['no current support order in force', 'every child has reached the age of majority'], (f) => [...noCurrentOrder(f), ...childrenOfMajority(f)]),
  criterion('b4', '(b)(4)', 'the noncustodial parent or alleged father is deceased and no further action, including against the estate, can be taken', 'recipient',
    { noFurtherActionPossible: 'no further action, including a levy against the estate, can be taken' },
    ['the NCP or alleged father has a date of death on file'], (f) =>
      !f.ncp ? [problem('/data/ncp', 'no noncustodial parent or alleged father is on the case')] : !f.ncp.dateOfDeath || f.ncp.dateOfDeath > f.asOf ? [problem('/data/ncp/dateOfDeath', 'no date of death is on file for the noncustodial parent')] : []),
  criterion('b5', '(b)(5)', 'the noncustodial parent is living with the minor child, and services are not appropriate', 'recipient',
    { ncpLivesWithChild: 'the NCP lives with the child as primary caregiver or in an intact two-parent household', servicesNotAppropriate: 'the agency decided services are not, or no longer, appropriate' }, []),
  criterion('b6i', '(b)(6)(i)', 'paternity cannot be established: the child is at least 18 and action is barred by the statute of limitations', 'recipient',
    { statuteOfLimitationsBars: 'a statute of limitations meeting 302.70(a)(5) bars establishing paternity' },
    ['a child without established paternity', 'each such child is at least 18'], (f) => {
      const open = childrenWithoutPaternity(f);
      const young = open.filter((c) => !c.dateOfBirth || ageOn(c.dateOfBirth, f.asOf) < 18);
      return [...needsPaternity(f), ...(young.length ? [problem('/data/children', `${young.length} child(ren) without paternity are under 18`)] : [])];
    }),
  criterion('b6ii', '(b)(6)(ii)', 'paternity cannot be established: the alleged father was excluded and no other alleged father can be identified', 'recipient',
    { allegedFatherExcluded: 'a genetic test or a court or administrative process excluded the alleged father', noOtherAllegedFather: 'no other alleged father can be identified' },
    ['a child without established paternity'], (f) => needsPaternity(f)),
  criterion('b6iii', '(b)(6)(iii)', 'paternity cannot be established: it is not in the best interest of the child (incest, rape, or pending adoption)', 'recipient',
    { notInBestInterest: 'under 303.5(b) the agency decided establishing paternity is not in the best interest of the child' },
    ['a child without established paternity'], (f) => needsPaternity(f)),
  criterion('b6iv', '(b)(6)(iv)', "paternity cannot be established: the biological father's identity is unknown after diligent efforts, including an interview with the recipient", 'recipient',
    { identityUnknownAfterDiligentEfforts: "the father's identity could not be found after diligent efforts" },
    ['a child without established paternity', 'no noncustodial parent or alleged father is named on the case', 'an interview with the recipient is dated'], (f, r) => [
      ...needsPaternity(f),
      ...(f.ncp ? [problem('/data/ncp', 'an alleged father or noncustodial parent is named on the case, so the identity is known')] : []),
      ...datedOnOrBefore('/interviewDate', r.interviewDate, f.asOf, 'the date of at least one interview with the recipient'),
    ]),
  criterion('b7i', '(b)(7)(i)', "the noncustodial parent's location is unknown after diligent efforts using multiple sources over two years, with enough information for automated locate", 'recipient',
    { diligentMultiSourceLocate: 'diligent efforts using multiple sources under 303.3 were made, all unsuccessful' },
    ['the NCP is not located (no verified address or employer)', 'an SSN is on file', 'location sought for at least 2 years'], (f) => notLocated(f, 2, null, 'required')),
  criterion('b7ii', '(b)(7)(ii)', "the noncustodial parent's location is unknown after diligent efforts over six months, without enough information for automated locate", 'recipient',
    { diligentMultiSourceLocate: 'diligent efforts using multiple sources under 303.3 were made, all unsuccessful' },
    ['the NCP is not located (no verified address or employer)', 'no SSN is on file', 'location sought for at least 6 months'], (f) => notLocated(f, null, 6, 'absent')),
  criterion('b7iii', '(b)(7)(iii)', "the noncustodial parent's location is unknown after one year: there is enough information for automated locate but the SSN cannot be verified", 'recipient',
    { diligentMultiSourceLocate: 'diligent efforts using multiple sources under 303.3 were made, all unsuccessful', ssnCannotBeVerified: 'locate interfaces cannot verify the SSN' },
    ['the NCP is not located (no verified address or employer)', 'an SSN is on file', 'location sought for at least 1 year'], (f) => notLocated(f, 1, null, 'required')),
  criterion('b8', '(b)(8)', 'the noncustodial parent cannot pay support for the duration of the childhood (institution, incarceration, or total and permanent disability) and has no income or assets above subsistence', 'recipient',
    { cannotPayDuringChildhood: 'the NCP cannot pay and shows no evidence of support potential', noIncomeAboveSubsistence: 'the NCP has no income or assets available above the subsistence level' },
    ['the basis (institutionalized, incarcerated, disabled) is documented'], (_f, r) => (r.inabilityBasis ? [] : [problem('/inabilityBasis', 'say whether the NCP is institutionalized, incarcerated, or medically verified as totally and permanently disabled')])),
  criterion('b9i', '(b)(9)(i)', "the noncustodial parent's only income is Supplemental Security Income (SSI)", 'recipient', { ncpOnlyIncomeSsi: 'the NCP’s sole income is SSI payments' }, []),
  criterion('b9ii', '(b)(9)(ii)', "the noncustodial parent's only income is SSI together with Social Security disability or retirement benefits", 'recipient', { ncpIncomeSsiAndSsdiOrSsr: 'the NCP’s sole income is SSI plus SSDI or Social Security retirement' }, []),
  criterion('b10', '(b)(10)', 'the noncustodial parent is a citizen of and lives in a foreign country, has no reachable income or assets, and there is no treaty or reciprocity', 'recipient',
    { ncpForeignCitizenAbroad: 'the NCP is a citizen of, and lives in, a foreign country', noFederalOrUsEmployer: 'the NCP does not work for the Federal Government or a company with U.S. headquarters or offices', noReachableIncomeOrAssets: 'no domestic income or assets can be reached', noTreatyOrReciprocity: 'there is no Federal or State treaty or reciprocity with the country' }, []),
  criterion('b11', '(b)(11)', 'the agency provided location-only services (302.35(c)(3))', 'none', { locationOnlyServices: 'location-only services were requested and provided' }, []),
  criterion('b12', '(b)(12)', 'a non-IV-A recipient asked for closure and there is no assignment to the State of medical support or of arrears', 'none', {},
    ['not a IV-A or IV-E case', 'not a Medicaid case (no medical support assignment, 42 CFR 433.146)', 'no assigned arrears (PA, TA, CA)', 'the request is dated'], (f, r) => [
      ...nonIvA(f),
      ...(f.caseType === 'medicaid_only' ? [problem('/data/caseType', 'a Medicaid case carries an assignment of medical support')] : []),
      ...(total(f.arrears, ASSIGNED) > 0 ? [problem('/data/arrears', 'arrears are assigned to the State')] : []),
      ...datedOnOrBefore('/requestDate', r.requestDate, f.asOf, "the date of the recipient's request"),
    ]),
  criterion('b13', '(b)(13)', 'the agency completed a limited (paternity-only) service (302.33(a)(6))', 'recipient_reapply', { paternityOnlyServiceCompleted: 'the paternity-only service the recipient asked for is complete' }, []),
  criterion('b14', '(b)(14)', 'good cause or another exception to cooperation was found and the assistance program decided enforcement may not proceed without risk of harm', 'none',
    { goodCauseFound: 'the IV-A, IV-E, SNAP or Medicaid agency found good cause or another exception', noEnforcementWithoutRisk: 'that agency decided support enforcement may not proceed without risk of harm' }, []),
  criterion('b15', '(b)(15)', 'in a non-IV-A case the agency cannot contact the recipient despite good-faith efforts by at least two different methods', 'recipient', {},
    ['not a IV-A or IV-E case', 'at least two dated contact attempts by different methods'], (f, r) => {
      const attempts = r.contactAttempts ?? [];
      const bad = attempts.flatMap((a, i) => datedOnOrBefore(`/contactAttempts/${i}/date`, a.date, f.asOf, 'the date'));
      const methods = new Set(attempts.map((a) => a.method));
      return [...nonIvA(f), ...bad, ...(methods.size < 2 ? [problem('/contactAttempts', 'record at least two attempts by different methods')] : [])];
    }, { contactReestablishes: true }),
  criterion('b16', '(b)(16)', 'in a non-IV-A case the recipient does not cooperate and their action is essential for the next step', 'recipient',
    { recipientNotCooperating: 'the recipient of services does not cooperate', actionEssential: "the recipient's action is essential for the next step in providing services" },
    ['not a IV-A or IV-E case'], (f) => nonIvA(f)),
  criterion('b17', '(b)(17)', 'the responding agency documents that the initiating agency failed to take an action essential for the next step', 'initiating_agency',
    { initiatingAgencyFailed: 'the initiating agency has not taken an action essential for the next step' }, ['the State is the responding agency'], (f) => responding(f)),
  criterion('b18', '(b)(18)', 'the initiating agency notified the responding State that it closed its case (303.7(c)(11))', 'none', { initiatingAgencyClosedCase: 'the initiating agency said it closed its case' }, ['the State is the responding agency'], (f) => responding(f)),
  criterion('b19', '(b)(19)', "the initiating agency notified the responding State that its services are no longer needed", 'none', { servicesNoLongerNeeded: 'the initiating agency said the services are no longer needed' }, ['the State is the responding agency'], (f) => responding(f)),
  criterion('b20', '(b)(20)', 'another assistance program referred a case inappropriate for establishment or enforcement, and neither parent applied for services', 'none',
    { referralInappropriate: 'the case is inappropriate to establish, enforce or continue to enforce a support order' },
    ['the case came from a IV-A, IV-E or Medicaid referral, not an application'], (f) =>
      ['iv_a_referral', 'iv_e_referral', 'medicaid_referral'].includes(f.intakeSource) ? [] : [problem('/data/intakeSource', `the case came from ${f.intakeSource.replace(/_/g, ' ')}, not a referral from another program`)]),
  criterion('b21', '(b)(21)', 'the case, including assigned arrears, was transferred to a Tribal IV-D agency', 'none', { transferredToTribalAgency: 'the case was transferred to a Tribal IV-D agency' },
    ['the basis of the transfer is documented'], (_f, r) => (r.transferBasis ? [] : [problem('/transferBasis', 'say whether the recipient asked, did not answer a 60-day notice, or an approved State-Tribal agreement applies')])),
  criterion('c', '(c)', 'the child is eligible for Indian Health Service care and the case was opened only because of a Medicaid referral based on IHS or Purchased/Referred Care services', 'none',
    { childEligibleForIhs: 'the child is eligible for health services from the Indian Health Service', referralBasedOnIhs: 'the Medicaid referral was based solely on IHS or Purchased/Referred Care services' },
    ['the case came from a Medicaid referral'], (f) => (f.intakeSource === 'medicaid_referral' ? [] : [problem('/data/intakeSource', 'the case did not come from a Medicaid referral')]), { mandatory: true }),
];

const BY_CODE = new Map(CLOSURE_CRITERIA.map((c) => [c.code, c]));

export function closureCriterion(code: string): ClosureCriterion | null {
  return BY_CODE.get(code) ?? null;
}

/** Every problem that stops closing under the request's criterion: missing findings, then the data checks. */
export function closureProblems(f: ClosureFacts, r: ClosureRequest): ErrorDetail[] {
  const c = closureCriterion(r.reasonCode);
  if (!c) return [problem('/reasonCode', `must be one of: ${CLOSURE_CRITERIA.map((x) => x.code).join(', ')}`)];
  const out: ErrorDetail[] = [];
  if (r.finding.trim().length < 10) out.push(problem('/finding', 'describe the documented finding (at least 10 characters)'));
  for (const [name, meaning] of Object.entries(c.attestations)) {
    if (!r.attestations.includes(name)) out.push(problem(`/attestations`, `attest "${name}": ${meaning}`));
  }
  for (const name of r.attestations) {
    if (!(name in c.attestations)) out.push(problem('/attestations', `"${name}" is not a finding of ${c.regulation}`));
  }
  return [...out, ...c.check(f, r)];
}

/** 303.11(d): the earliest date a case may close after a notice sent on `noticeDate`. */
export function earliestClosureDate(noticeDate: string): string {
  return addDays(noticeDate, CLOSURE_POLICY.noticeDays);
}

/** Whether a reply on `replyDate` falls within the notice period (and so keeps the case open). */
export function replyWithinPeriod(noticeDate: string, replyDate: string): boolean {
  return replyDate >= noticeDate && replyDate <= earliestClosureDate(noticeDate);
}
