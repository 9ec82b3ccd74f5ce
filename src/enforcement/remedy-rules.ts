/**
 * Pure rules of the administrative remedies: effective-dated State policy (thresholds and due-process
 * periods), due-process dates, who qualifies for license suspension, credit reporting and a FIDM levy,
 * and the weekly Federal Offset update plan. No database, no clock.
 *
 * The federal floor: 42 USC 666(a)(7) (credit bureaus, after notice and a chance to contest), 666(a)(16)
 * (licenses), 666(a)(17) (quarterly FIDM and levy), 45 CFR 303.72(e) (pre-offset notice). The figures
 * below are the State's choice, held as data with the date they take effect.
 */
import { addBusinessDays, addDays } from '../kernel/calendar.ts';
import type { Cents } from '../kernel/money.ts';

/** How long an obligor has to contest after the notice: calendar or business days, as the rule says. */
export interface DueProcessRule {
  days: number;
  dayKind: 'calendar' | 'business';
  citation: string;
}

export interface ArrearsCriteria {
  /** Qualifies at or above this many cents of arrears... */
  minArrearsCents: Cents;
  /** ...or at or above this many months of current support (90 days = 3 months)... */
  monthsOfSupport: number;
  /** ...but never below this floor. */
  floorCents: Cents;
}

export interface RemedyPolicy {
  effectiveFrom: string;
  source: string;
  preOffsetNotice: DueProcessRule;
  license: ArrearsCriteria & { dueProcess: DueProcessRule };
  credit: ArrearsCriteria & { dueProcess: DueProcessRule; furnisherId: string };
  fidm: { levyThresholdCents: Cents; exemptBalanceCents: Cents; dueProcess: DueProcessRule };
  /** Federal Offset: submitting state and local code of the case records. */
  offset: { submittingState: string; localCode: string };
}

/** Policy versions, oldest first; the one in force on a date is the last that started on or before it. */
export const REMEDY_POLICIES: readonly RemedyPolicy[] = Object.freeze([
  {
    effectiveFrom: '2000-01-01',
    source: 'OpenCSE default State policy (illustrative figures; set them from State law)',
    preOffsetNotice: { days: 30, dayKind: 'calendar', citation: '45 CFR 303.72(e) (State sets the period; 30 days)' },
    license: { minArrearsCents: 100_000, monthsOfSupport: 3, floorCents: 50_000, dueProcess: { days: 30, dayKind: 'calendar', citation: '42 USC 666(a)(16); State law' } },
    credit: { minArrearsCents: 100_000, monthsOfSupport: 3, floorCents: 50_000, furnisherId: 'PA-IVD', dueProcess: { days: 30, dayKind: 'calendar', citation: '42 USC 666(a)(7)(B): notice and a reasonable opportunity to contest' } },
    fidm: { levyThresholdCents: 100_000, exemptBalanceCents: 0, dueProcess: { days: 10, dayKind: 'business', citation: '42 USC 666(a)(17), 666(c)(1)(G)(ii); State law' } },
    offset: { submittingState: 'PA', localCode: '001' },
  },
]);

export function remedyPolicyOn(date: string, policies: readonly RemedyPolicy[] = REMEDY_POLICIES): RemedyPolicy {
  let found: RemedyPolicy | undefined;
  for (const p of policies) if (p.effectiveFrom <= date) found = p;
  if (!found) throw new RangeError(`no remedy policy is in force on ${date}`);
  return found;
}

/**
 * The last day of due process: the notice date plus the period. The action may proceed only on a later
 * day (`dueProcessPassed`), so an obligor who contests on the last day is still in time.
 */
export function dueProcessEnds(noticeDate: string, rule: DueProcessRule): string {
  return rule.dayKind === 'business' ? addBusinessDays(noticeDate, rule.days) : addDays(noticeDate, rule.days);
}

export function dueProcessPassed(dueDate: string | null, today: string): boolean {
  return dueDate !== null && today > dueDate;
}

/** Whether arrears meet the criteria: at least the floor, and either the dollar figure or N months of support. */
export function meetsArrearsCriteria(arrearsCents: Cents, monthlySupportCents: Cents, c: ArrearsCriteria): boolean {
  if (arrearsCents < c.floorCents || arrearsCents <= 0) return false;
  if (arrearsCents >= c.minArrearsCents) return true;
  return monthlySupportCents > 0 && arrearsCents >= monthlySupportCents * c.monthsOfSupport;
}

/** What a levy takes: the arrears, at most the balance above the exempt amount. */
export function levyAmountCents(arrearsCents: Cents, balanceCents: Cents, exemptCents: Cents): Cents {
  return Math.max(0, Math.min(arrearsCents, balanceCents - exemptCents));
}

/** Whole dollars for the offset file (cents dropped: never certify more than is owed). */
export function wholeDollars(cents: Cents): number {
  return Math.max(0, Math.floor(cents / 100));
}

export type OffsetCaseType = 'A' | 'N';

/** What the State wants OCSE to hold for one obligor and case type. */
export interface OffsetWanted {
  obligorPersonId: number;
  caseType: OffsetCaseType;
  fopCaseId: string;
  amountDollars: number;
  exclusions: string;
  noticeDate: string;
}

/** What OCSE holds (from earlier files). */
export interface OffsetHeld extends OffsetWanted {
  status: 'certified' | 'deleted';
}

export interface OffsetTransaction {
  type: 'A' | 'M' | 'R' | 'D';
  obligorPersonId: number;
  caseType: OffsetCaseType;
  fopCaseId: string;
  amountDollars: number;
  exclusions: string;
  noticeDate: string;
}

/**
 * The weekly update: add the newly eligible, modify a changed amount, replace changed exclusions,
 * delete those no longer eligible (below threshold, case closed, contested). Ordered by obligor, type.
 */
export function planOffsetUpdates(held: readonly OffsetHeld[], wanted: readonly OffsetWanted[]): OffsetTransaction[] {
  const key = (x: { obligorPersonId: number; caseType: string }) => `${x.obligorPersonId}:${x.caseType}`;
  const heldBy = new Map(held.filter((h) => h.status === 'certified').map((h) => [key(h), h]));
  const out: OffsetTransaction[] = [];
  for (const w of wanted) {
    const h = heldBy.get(key(w));
    if (!h) {
      if (w.amountDollars > 0) out.push({ type: 'A', ...w });
      continue;
    }
    heldBy.delete(key(w));
    if (w.amountDollars <= 0) {
      out.push({ type: 'D', ...h, amountDollars: 0 });
      continue;
    }
    if (w.amountDollars !== h.amountDollars) out.push({ type: 'M', ...w, fopCaseId: h.fopCaseId });
    if (w.exclusions !== h.exclusions) out.push({ type: 'R', ...w, fopCaseId: h.fopCaseId });
  }
  for (const h of heldBy.values()) out.push({ type: 'D', obligorPersonId: h.obligorPersonId, caseType: h.caseType, fopCaseId: h.fopCaseId, amountDollars: 0, exclusions: h.exclusions, noticeDate: h.noticeDate });
  const order = { A: 0, M: 1, R: 2, D: 3 };
  return out.sort((a, b) => a.obligorPersonId - b.obligorPersonId || a.caseType.localeCompare(b.caseType) || order[a.type] - order[b.type]);
}

/** The Monday of the week a date falls in (files are weekly). */
export function weekStart(date: string): string {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((dow + 6) % 7));
}
