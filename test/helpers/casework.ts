/** Intakes with distinct people (so no duplicate review stops them), for casework and reporting tests. */

const LAST = ['Abbott', 'Barker', 'Castro', 'Dalton', 'Ellison', 'Fischer', 'Garza', 'Holt', 'Ingram', 'Jensen', 'Keller', 'Lawson', 'Mercer', 'Nolan', 'Ortega', 'Pruitt', 'Quinn', 'Ramsey', 'Salazar', 'Tate', 'Underwood', 'Vance', 'Whitaker', 'Yates', 'Zimmer'];

export interface IntakeOptions {
  kind?: 'application' | 'iv_a_referral' | 'iv_e_referral' | 'medicaid_referral' | 'interstate_referral';
  caseType?: 'current_assistance' | 'former_assistance' | 'never_assistance' | 'iv_e_foster_care' | 'medicaid_only';
  receivedDate: string;
  officeCode?: string;
  /** No NCP on the case (father unknown). */
  noNcp?: boolean;
  ncpSsn?: boolean;
  ncpRole?: 'noncustodial_parent' | 'alleged_father';
  children?: Array<{ dateOfBirth: string; bornOutOfWedlock?: boolean }>;
  interstate?: { role: 'initiating' | 'responding'; otherJurisdictionFips: string; otherJurisdictionCaseId?: string };
}

/** An intake for case number `n` (1-999): unique names and SSNs for every member. */
export function uniqueIntake(n: number, o: IntakeOptions) {
  const last = `${LAST[n % LAST.length]}${String.fromCharCode(65 + Math.floor(n / LAST.length) % 26)}`;
  const serial = String(1000 + n).padStart(4, '0');
  const members: unknown[] = [
    { role: 'custodial_party', person: { firstName: 'Carla', lastName: `${last}-Cp`, dateOfBirth: '1990-03-14', sex: 'F', ssn: `212-46-${serial}`, address: { line1: `${n} Oak Ave`, city: 'Erie', stateCode: 'PA', zip: '16501' } } },
  ];
  if (!o.noNcp) {
    members.push({ role: o.ncpRole ?? 'noncustodial_parent', person: { firstName: 'Nate', lastName: last, dateOfBirth: '1988-07-02', sex: 'M', ...(o.ncpSsn === false ? {} : { ssn: `318-23-${serial}` }) } });
  }
  for (const [i, c] of (o.children ?? [{ dateOfBirth: '2019-05-30', bornOutOfWedlock: true }]).entries()) {
    members.push({ role: 'child', person: { firstName: ['Ava', 'Ben', 'Cleo', 'Dina'][i % 4]!, lastName: last, dateOfBirth: c.dateOfBirth, sex: 'F' }, ...(c.bornOutOfWedlock === undefined ? {} : { bornOutOfWedlock: c.bornOutOfWedlock }) });
  }
  const kind = o.kind ?? (o.interstate?.role === 'responding' ? 'interstate_referral' : 'application');
  return {
    kind,
    sourceSystem: 'test',
    externalId: `U-${n}`,
    receivedDate: o.receivedDate,
    caseType: o.caseType ?? 'never_assistance',
    officeCode: o.officeCode ?? 'NORTH',
    members,
    ...(o.interstate ? { interstate: { otherJurisdictionCaseId: `OS-${n}`, ...o.interstate } } : {}),
  };
}

export const SSN_OF_NCP = (n: number) => `31823${String(1000 + n).padStart(4, '0')}`;
