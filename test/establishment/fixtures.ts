/** Cases for the establishment tests: distinct people per case so no intake waits for duplicate review. */
import assert from 'node:assert/strict';
import type { TestSystem } from '../helpers/system.ts';

const SURNAMES = ['Abbott', 'Barros', 'Castell', 'Dunmore', 'Ellery', 'Fairley', 'Galloway', 'Hartig', 'Ingram', 'Jessup', 'Kettering', 'Lindqvist', 'Marlow', 'Norcott', 'Oakes', 'Pruitt', 'Quayle', 'Radley', 'Sorensen', 'Tolliver'];
const FATHERS = ['Aaron', 'Bruno', 'Caleb', 'Dmitri'];

export interface CaseOptions {
  /** Alleged fathers (role alleged_father); 0 makes the man the noncustodial parent instead. */
  allegedFathers?: number;
  office?: string;
  receivedDate?: string;
}

export interface OpenedCase {
  caseNumber: string;
  motherId: number;
  childId: number;
  /** The alleged fathers, or the noncustodial parent when allegedFathers is 0. */
  fatherIds: number[];
}

export function caller(sys: TestSystem) {
  return (token: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    sys.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

/** Opens a case through the intake API: a mother, one or more men, one child born out of wedlock. */
export async function openCase(sys: TestSystem, token: string, n: number, options: CaseOptions = {}): Promise<OpenedCase> {
  const call = caller(sys);
  const surname = SURNAMES[n % SURNAMES.length]! + (n >= SURNAMES.length ? 'son' : '');
  const nn = String(10 + n).padStart(2, '0');
  const fathers = options.allegedFathers ?? 1;
  const men = Math.max(fathers, 1);
  const members = [
    { role: 'custodial_party', person: { firstName: 'Mara', lastName: surname, dateOfBirth: '1991-04-12', sex: 'F', ssn: `501-${nn}-1001`, address: { line1: `${n + 1} Elm St`, city: 'Erie', stateCode: 'PA', zip: '16501' } } },
    ...Array.from({ length: men }, (_, i) => ({
      role: fathers === 0 ? 'noncustodial_parent' : 'alleged_father',
      person: { firstName: FATHERS[i]!, lastName: `${surname}${i ? 'e' : ''}`, dateOfBirth: `198${i}-06-0${i + 1}`, sex: 'M', ssn: `50${2 + i}-${nn}-100${2 + i}` },
    })),
    { role: 'child', person: { firstName: 'Nina', lastName: surname, dateOfBirth: '2024-02-10', sex: 'F' }, bornOutOfWedlock: true },
  ];
  const res = await call(token, 'POST', '/api/intakes', {
    kind: 'application',
    receivedDate: options.receivedDate ?? '2026-10-20',
    caseType: 'never_assistance',
    officeCode: options.office ?? 'NORTH',
    externalId: `EST-${n}`,
    members,
  });
  assert.equal(res.statusCode, 201, res.body);
  const caseNumber = res.json().caseNumber as string;
  const summary = (await call(token, 'GET', `/api/cases/${caseNumber}`)).json();
  const ids = (role: string) => summary.members.filter((m: { role: string }) => m.role === role).map((m: { personId: number }) => m.personId);
  return { caseNumber, motherId: ids('custodial_party')[0], childId: ids('child')[0], fatherIds: ids(fathers === 0 ? 'noncustodial_parent' : 'alleged_father') };
}

/** A valid guideline input (docs/guideline-examples/01-one-child.json): $353.40 a month. */
export const GUIDELINE_353_40 = {
  state: 'PA',
  calculationDate: '2019-07-01',
  children: 1,
  obligor: { income: { grossPerPeriod: '1900.00', deductionsPerPeriod: '400.00', payFrequency: 'monthly' } },
  obligee: { income: { grossPerPeriod: '1150.00', deductionsPerPeriod: '150.00', payFrequency: 'monthly' } },
};

/** A minimal order body: current support monthly, nothing else decided. */
export function orderBody(overrides: Record<string, unknown> = {}) {
  return {
    orderNumber: 'DR-2026-0001',
    orderKind: 'judicial',
    enteredDate: '2026-10-30',
    effectiveDate: '2026-10-01',
    currentSupport: { amount: '400.00', frequency: 'monthly' },
    medical: { healthInsuranceBy: 'not_addressed' },
    custody: { legalCustody: 'custodial_party', physicalCustody: 'custodial_party' },
    ...overrides,
  };
}

export async function countRows(sys: TestSystem, table: 'paternity' | 'paternity_acknowledgment' | 'genetic_test' | 'service_attempt' | 'support_order' | 'support_order_terms' | 'obligation' | 'order_review' | 'review_notice' | 'case_timeframe'): Promise<number> {
  const row = await sys.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
