/** Pure intake rules: what makes a referral or application complete enough to open a case. */
import { addDays, isIsoDate } from '../kernel/calendar.ts';
import type { ErrorDetail } from '../kernel/result.ts';
import { normalizeSsn, ssnProblem } from '../security/pii.ts';
import type { IntakeInput } from './schemas.ts';

/** 45 CFR 303.2(b): open the case within 20 calendar days of the referral or application. */
export const CASE_OPENING_DAYS = 20;

export function caseOpeningDueDate(receivedDate: string): string {
  return addDays(receivedDate, CASE_OPENING_DAYS);
}

/** Which case types each kind of intake may open. */
const CASE_TYPES_BY_KIND: Record<IntakeInput['kind'], ReadonlyArray<IntakeInput['caseType']>> = {
  application: ['former_assistance', 'never_assistance'],
  iv_a_referral: ['current_assistance'],
  iv_e_referral: ['iv_e_foster_care'],
  medicaid_referral: ['medicaid_only'],
  interstate_referral: ['current_assistance', 'former_assistance', 'never_assistance', 'iv_e_foster_care', 'medicaid_only'],
};

export function intakeRuleProblems(input: IntakeInput, today: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });

  if (isIsoDate(input.receivedDate) && input.receivedDate > today) add('/receivedDate', 'cannot be in the future');
  if (!CASE_TYPES_BY_KIND[input.kind].includes(input.caseType)) {
    add('/caseType', `a ${input.kind} opens a case of type ${CASE_TYPES_BY_KIND[input.kind].join(' or ')}`);
  }
  if (input.kind === 'interstate_referral' && input.interstate?.role !== 'responding') {
    add('/interstate', 'an interstate referral is received as the responding jurisdiction (interstate.role "responding")');
  }

  const count = (role: string) => input.members.filter((m) => m.role === role).length;
  if (count('child') === 0) add('/members', 'a case needs at least one child');
  if (count('custodial_party') > 1) add('/members', 'a case has one custodial party');
  if (count('custodial_party') === 0 && input.caseType !== 'iv_e_foster_care') {
    add('/members', 'a case needs a custodial party (only a IV-E foster care case has the agency as custodian)');
  }
  if (count('noncustodial_parent') > 1) add('/members', 'a case has at most one noncustodial parent; open a case per parent');

  const ssns = new Map<string, number>();
  input.members.forEach((m, i) => {
    const at = `/members/${i}`;
    if ((m.personId === undefined) === (m.person === undefined)) add(at, 'give either personId (a person on file) or person (a new description), not both');
    if (m.bornOutOfWedlock != null && m.role !== 'child') add(`${at}/bornOutOfWedlock`, 'applies to children only');
    const p = m.person;
    if (!p) return;
    if (p.dateOfBirth && isIsoDate(p.dateOfBirth) && p.dateOfBirth > today) add(`${at}/person/dateOfBirth`, 'cannot be in the future');
    if (m.role === 'child' && !p.dateOfBirth) add(`${at}/person/dateOfBirth`, "a child's date of birth is required");
    if (p.ssn) {
      const ssn = normalizeSsn(p.ssn);
      const problem = ssnProblem(ssn);
      if (problem) add(`${at}/person/ssn`, problem);
      const earlier = ssns.get(ssn);
      if (earlier !== undefined) add(`${at}/person/ssn`, `the same SSN as member ${earlier}`);
      ssns.set(ssn, i);
    }
  });
  for (const index of input.confirmNewPersons ?? []) {
    if (index >= input.members.length) add('/confirmNewPersons', `there is no member ${index}`);
  }
  return problems;
}
