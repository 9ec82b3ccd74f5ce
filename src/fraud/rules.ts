/**
 * Pure rules of the fraud signals report: no database, no clock. Each signal has a kind, a severity and
 * the evidence a supervisor needs to look into it (ids, dates, amounts; numbers masked).
 */
import { ssnProblem } from '../security/pii.ts';

export type SignalKind = 'bank_account_changed_before_disbursement' | 'bank_account_shared_by_unrelated_families' | 'adjustment_by_receipt_poster' | 'invalid_ssn';
export type Severity = 'high' | 'medium' | 'low';

export interface Signal {
  kind: SignalKind;
  severity: Severity;
  summary: string;
  /** The business date the signal is about (disbursement, adjustment, or the day the person was entered). */
  date: string;
  caseNumbers: string[];
  personIds: number[];
  evidence: Record<string, unknown>;
}

export const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** Days from one ISO date to another (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Why an SSN on file fails the validity checks, or null when it passes. */
export function invalidSsnReason(ssn: string): string | null {
  return ssnProblem(ssn);
}

/** A bank routing number with all but its last four digits hidden. */
export function maskRouting(routing: string): string {
  return `*****${routing.slice(-4)}`;
}

/**
 * Groups of payees that are "unrelated families": the payees are split into families by the cases they
 * share (two payees on a common case are one family, transitively). More than one family receiving money
 * into one account is a signal.
 */
export function familiesOf(payeeIds: readonly number[], casesOfPayee: ReadonlyMap<number, readonly number[]>): number[][] {
  const parent = new Map<number, number>(payeeIds.map((p) => [p, p]));
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r)! !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const byCase = new Map<number, number>();
  for (const p of payeeIds) {
    for (const c of casesOfPayee.get(p) ?? []) {
      const other = byCase.get(c);
      if (other === undefined) byCase.set(c, p);
      else parent.set(find(p), find(other));
    }
  }
  const groups = new Map<number, number[]>();
  for (const p of payeeIds) {
    const root = find(p);
    groups.set(root, [...(groups.get(root) ?? []), p]);
  }
  return [...groups.values()].map((g) => g.sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);
}

export function sortSignals(signals: Signal[]): Signal[] {
  return signals.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.kind.localeCompare(b.kind) || a.date.localeCompare(b.date) || a.summary.localeCompare(b.summary));
}
