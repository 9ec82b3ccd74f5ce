/** Shared builders for the financial tests. */
import { newCaseState, type CaseState, type CaseStateInit } from '../../src/financial/buckets.ts';
import { distribute, type Collection, type Distribution } from '../../src/financial/distribution.ts';
import { policyFor, withOverrides, type PolicyOverrides, type PolicyVersion } from '../../src/financial/policy.ts';
import type { Allocation } from '../../src/financial/allocation.ts';

/** The default policy in force in November 2026, with optional overrides. */
export function policy2026(overrides: PolicyOverrides = {}): PolicyVersion {
  return withOverrides(policyFor('2026-11-15')!, overrides);
}

export function caseState(init: Omit<CaseStateInit, 'supportMonth'> & { supportMonth?: string }): CaseState {
  return newCaseState({ supportMonth: '2026-11', feeYear: { ffy: 2027, familyReceivedCents: 0, feeCents: 3_500 }, ...init });
}

export function collection(amountCents: number, init: Partial<Collection> = {}): Collection {
  return { amountCents, collectionDate: '2026-11-15', source: 'regular', ...init };
}

/** Distributes and fails the test on a business failure. */
export function run(c: Collection, s: CaseState, p: PolicyVersion = policy2026()): Distribution {
  const result = distribute(c, s, p);
  if (!result.ok) throw new Error(`distribution failed: ${result.code} ${result.message} ${JSON.stringify(result.details)}`);
  return result.value;
}

/** Compact [target, payee, cents, ruleCode] rows for assertions. */
export function rows(allocations: readonly Allocation[]): Array<[string, string, number, string]> {
  return allocations.map((a) => [a.target, a.payee, a.amountCents, a.ruleCode]);
}

export function sumOf(allocations: readonly Allocation[], pick: (a: Allocation) => boolean = () => true): number {
  return allocations.filter(pick).reduce((s, a) => s + a.amountCents, 0);
}
