/**
 * Pure timeframe rules (45 CFR Part 303; federal-rules.md section 5): which clock starts on which event,
 * how long it runs (calendar days, business days, working days or months), and the clocks a case's data
 * on file call for. No database, HTTP or clock here: the store applies the plans these functions return.
 *
 * "Business day" is a day State offices are open (42 USC 654b(d)); 45 CFR 303.7 says "working days".
 * Both are counted here as weekdays that are not federal holidays (State holidays are policy data that
 * kernel/calendar.ts can take later); the unit is still kept apart so a State can tell them apart.
 */
import { addBusinessDays, addDays, daysBetween } from '../kernel/calendar.ts';

export type DurationUnit = 'calendar_days' | 'business_days' | 'working_days' | 'months';

/** Events that start clocks. Derived events come from data on file; the others are recorded by a worker. */
export const CLOCK_EVENTS = {
  referral_received: 'an application or referral was received',
  assistance_referral_received: 'a IV-A, IV-E or Medicaid referral was received',
  locate_needed: 'the agency decided that the noncustodial parent must be located',
  ncp_located: 'the noncustodial parent or alleged father was located',
  income_source_found: 'an income source (employer) of an obligor with an order was found',
  order_entered: 'a support order was entered or last reviewed',
  review_requested: 'a parent or the State asked for a review of the order',
  incarceration_learned: 'the agency learned the noncustodial parent is incarcerated for more than 180 days',
  delinquency_found: 'a delinquency was found (unpaid support equals one month of support) or the NCP was located, whichever is later',
  delinquency_found_service_needed: 'a delinquency was found and enforcement needs service of process',
  controlling_order_records_requested: 'another agency asked for order and payment records for a controlling-order determination',
  new_information_received: 'new information on an intergovernmental case arrived',
  intergovernmental_case_received: 'the central registry received an intergovernmental case',
  status_inquiry_received: 'the central registry received a status inquiry',
  initiating_steps_completed: 'the initiating agency finished 303.7(c)(1)-(3) (case reviewed, remedies decided, documents ready)',
  information_request_received: 'the responding agency asked the initiating agency for information',
  review_needed_in_other_state: 'a review of an order in another State is needed',
  initiating_case_closed: 'the initiating agency closed its case',
  ncp_found_elsewhere: 'the responding agency found the NCP in another State or county',
  controlling_order_needed: 'the responding agency must ask for a controlling-order determination',
  close_instruction_received: 'the initiating agency told the responding agency to stop withholding and close',
  responding_collection_received: 'the responding agency\'s SDU received a collection for an intergovernmental case',
} as const;
export type ClockEvent = keyof typeof CLOCK_EVENTS;

export interface TimeframeRule {
  kind: string;
  regulation: string;
  /** What must happen by the due date, for the worklist. */
  title: string;
  startsOn: ClockEvent;
  length: number;
  unit: DurationUnit;
  /** Started by the batch from data on file (otherwise by an event a worker records). */
  derived: boolean;
  /** How the clock is met when data on file can show it; otherwise a worker records it. */
  metBy: string;
}

/**
 * The timeframes, one per clock kind. `case_opening` is started by intake (src/cases/intake.ts writes it)
 * and is listed so the batch and reports know it.
 */
export const TIMEFRAME_RULES: readonly TimeframeRule[] = [
  { kind: 'case_opening', regulation: '45 CFR 303.2(b)', title: 'Open the case: case record, ask for missing information, start locate if needed', startsOn: 'referral_received', length: 20, unit: 'calendar_days', derived: true, metBy: 'the case is opened (intake)' },
  { kind: 'referral_information', regulation: '45 CFR 303.2(a)(2)', title: 'Send information on services, rights, fees, cost recovery and distribution to the referred family', startsOn: 'assistance_referral_received', length: 5, unit: 'working_days', derived: true, metBy: 'a case opening letter is generated' },
  { kind: 'locate', regulation: '45 CFR 303.3(b)(3)', title: 'Locate the noncustodial parent (all appropriate sources)', startsOn: 'locate_needed', length: 75, unit: 'calendar_days', derived: true, metBy: 'a verified address or verified employer of the noncustodial parent is on file' },
  { kind: 'service_or_order', regulation: '45 CFR 303.4(d)', title: 'Establish an order or complete service of process (or document diligent attempts)', startsOn: 'ncp_located', length: 90, unit: 'calendar_days', derived: true, metBy: 'a support order is entered, or a worker records service of process' },
  { kind: 'iwo_employer_notice', regulation: '45 CFR 303.100(e)(2)-(3)', title: 'Send the income withholding notice to the employer', startsOn: 'income_source_found', length: 2, unit: 'business_days', derived: true, metBy: 'a worker (or the e-IWO module) records the notice sent' },
  { kind: 'review_adjustment', regulation: '45 CFR 303.8(b)(1)', title: 'Review the order (TANF case) and adjust it if appropriate', startsOn: 'order_entered', length: 36, unit: 'months', derived: true, metBy: 'a new order is entered, or a worker records the review' },
  { kind: 'review_notice', regulation: '45 CFR 303.8(b)(7)(i)', title: 'Notify the parents of their right to request a review of the order', startsOn: 'order_entered', length: 36, unit: 'months', derived: true, metBy: 'a review rights notice is generated, or a new order is entered' },
  { kind: 'review_completion', regulation: '45 CFR 303.8(e)', title: 'Finish the requested review and adjust the order or decide not to', startsOn: 'review_requested', length: 180, unit: 'calendar_days', derived: false, metBy: 'a new order is entered, or a worker records the decision' },
  { kind: 'incarceration_review_notice', regulation: '45 CFR 303.8(b)(2), (b)(7)(ii)', title: 'NCP incarcerated over 180 days: start a review or notify both parents of the right to one', startsOn: 'incarceration_learned', length: 15, unit: 'business_days', derived: false, metBy: 'a worker records the review or the notices' },
  { kind: 'enforcement_action', regulation: '45 CFR 303.6(c)(2)', title: 'Take enforcement action (other than withholding or tax offset)', startsOn: 'delinquency_found', length: 30, unit: 'calendar_days', derived: false, metBy: 'a worker records the action' },
  { kind: 'enforcement_action_service', regulation: '45 CFR 303.6(c)(2)', title: 'Take enforcement action needing service of process', startsOn: 'delinquency_found_service_needed', length: 60, unit: 'calendar_days', derived: false, metBy: 'a worker records the action' },
  { kind: 'ic_controlling_order_records', regulation: '45 CFR 303.7(a)(6)', title: 'Send order and payment records for the controlling-order determination', startsOn: 'controlling_order_records_requested', length: 30, unit: 'working_days', derived: false, metBy: 'a worker records the records sent' },
  { kind: 'ic_new_information', regulation: '45 CFR 303.7(a)(7)', title: 'Tell the other agency of the new information', startsOn: 'new_information_received', length: 10, unit: 'working_days', derived: false, metBy: 'a worker records the message sent' },
  { kind: 'ic_central_registry', regulation: '45 CFR 303.7(b)(2)', title: 'Central registry: review, forward and acknowledge the intergovernmental case', startsOn: 'intergovernmental_case_received', length: 10, unit: 'working_days', derived: true, metBy: 'the responding case is opened (inference: opening is the registry forwarding it)' },
  { kind: 'ic_status_inquiry', regulation: '45 CFR 303.7(b)(4)', title: 'Central registry: answer the status inquiry', startsOn: 'status_inquiry_received', length: 5, unit: 'working_days', derived: false, metBy: 'a worker records the answer' },
  { kind: 'ic_initiating_referral', regulation: '45 CFR 303.7(c)(4)', title: 'Initiating: ask for a controlling-order determination or refer to the responding agency', startsOn: 'initiating_steps_completed', length: 20, unit: 'calendar_days', derived: false, metBy: 'a worker records the referral sent' },
  { kind: 'ic_information_reply', regulation: '45 CFR 303.7(c)(6)', title: "Initiating: answer the responding agency's request for information", startsOn: 'information_request_received', length: 30, unit: 'calendar_days', derived: false, metBy: 'a worker records the answer' },
  { kind: 'ic_review_request', regulation: '45 CFR 303.7(c)(9)', title: 'Initiating: send the review request to the other State', startsOn: 'review_needed_in_other_state', length: 20, unit: 'calendar_days', derived: false, metBy: 'a worker records the request sent' },
  { kind: 'ic_closure_notice', regulation: '45 CFR 303.7(c)(11)', title: 'Initiating: tell the responding State the case was closed', startsOn: 'initiating_case_closed', length: 10, unit: 'working_days', derived: true, metBy: 'a worker records the notice sent' },
  { kind: 'ic_responding_locate', regulation: '45 CFR 303.7(d)(2)', title: 'Responding: locate the NCP or report missing paperwork', startsOn: 'intergovernmental_case_received', length: 75, unit: 'calendar_days', derived: true, metBy: 'a verified address or verified employer of the noncustodial parent is on file' },
  { kind: 'ic_forward', regulation: '45 CFR 303.7(d)(3)-(4)', title: 'Responding: forward the case to where the NCP was found', startsOn: 'ncp_found_elsewhere', length: 10, unit: 'working_days', derived: false, metBy: 'a worker records the case forwarded' },
  { kind: 'ic_controlling_order_request', regulation: '45 CFR 303.7(d)(5)', title: 'Responding: file the controlling-order request (then report the result within 30 days)', startsOn: 'controlling_order_needed', length: 30, unit: 'calendar_days', derived: false, metBy: 'a worker records the request filed' },
  { kind: 'ic_collection_forward', regulation: '45 CFR 303.7(d)(6)(v); 302.32(b)(1)', title: 'Responding: forward the collection to the initiating agency', startsOn: 'responding_collection_received', length: 2, unit: 'business_days', derived: false, metBy: 'the interstate module records the collection forwarded (disbursement to the other State and the CSENet COL advice)' },
  { kind: 'ic_stop_and_close', regulation: '45 CFR 303.7(d)(9)', title: 'Responding: stop withholding and close on the initiating agency’s instruction', startsOn: 'close_instruction_received', length: 10, unit: 'working_days', derived: false, metBy: 'a worker records withholding stopped and the case closed' },
];

const BY_KIND = new Map(TIMEFRAME_RULES.map((r) => [r.kind, r]));

export function timeframeRule(kind: string): TimeframeRule | null {
  return BY_KIND.get(kind) ?? null;
}

/** Rules a worker starts by recording an event. */
export function rulesStartedBy(event: ClockEvent): TimeframeRule[] {
  return TIMEFRAME_RULES.filter((r) => r.startsOn === event);
}

/** `months` calendar months after `date`; the 31st becomes the last day of a shorter month. */
export function addMonths(date: string, months: number): string {
  const year = Number(date.slice(0, 4));
  const index = Number(date.slice(5, 7)) - 1 + months;
  const y = year + Math.floor(index / 12);
  const m = ((index % 12) + 12) % 12 + 1;
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const d = Math.min(Number(date.slice(8, 10)), lastDay);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A program's own clock lengths (program_policy.timeframe_days, e.g. a Tribal IV-D plan under 45 CFR 309),
 * by clock kind, in days. A day-measured clock keeps its unit (calendar, business or working days) and
 * takes the plan's number; a month-measured clock (the 36-month reviews) runs the plan's number of
 * calendar days. Kinds the plan does not name, and values that are not whole numbers of 1 or more, keep
 * the 45 CFR 303 length.
 */
export type TimeframeDays = Readonly<Record<string, number>>;

export function ruleLength(rule: Pick<TimeframeRule, 'kind' | 'length' | 'unit'>, overrides?: TimeframeDays | null): { length: number; unit: DurationUnit; overridden: boolean } {
  const days = overrides?.[rule.kind];
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) return { length: rule.length, unit: rule.unit, overridden: false };
  return { length: days, unit: rule.unit === 'months' ? 'calendar_days' : rule.unit, overridden: true };
}

/** The regulation a clock row names: the 303 cite, plus the program's plan when it set the length. */
export function ruleRegulation(rule: Pick<TimeframeRule, 'kind' | 'regulation' | 'length' | 'unit'>, overrides?: TimeframeDays | null): string {
  const r = ruleLength(rule, overrides);
  return r.overridden ? `${rule.regulation}; program plan: ${r.length} ${r.unit.replace('_', ' ')}` : rule.regulation;
}

/** The last day to comply: the start date plus the rule's length in its unit. */
export function dueDateFor(rule: Pick<TimeframeRule, 'length' | 'unit'>, startDate: string): string {
  switch (rule.unit) {
    case 'calendar_days':
      return addDays(startDate, rule.length);
    case 'business_days':
    case 'working_days':
      return addBusinessDays(startDate, rule.length);
    case 'months':
      return addMonths(startDate, rule.length);
  }
}

export type ClockStatus = 'met_on_time' | 'met_late' | 'cancelled' | 'open' | 'due_soon' | 'overdue';

/** Where a clock stands on `asOf`. Due soon means within `dueSoonDays` calendar days of the due date. */
export function clockStatus(clock: { dueDate: string; metDate: string | null; cancelledDate: string | null }, asOf: string, dueSoonDays: number): ClockStatus {
  if (clock.metDate) return clock.metDate <= clock.dueDate ? 'met_on_time' : 'met_late';
  if (clock.cancelledDate) return 'cancelled';
  if (asOf > clock.dueDate) return 'overdue';
  if (daysBetween(asOf, clock.dueDate) <= dueSoonDays) return 'due_soon';
  return 'open';
}

/** Local practice, not federal law: how early a clock shows on the worklist. */
export const CASEWORK_POLICY = {
  dueSoonDays: 7,
} as const;

// ---- clocks the data on file call for ---------------------------------------------------------------------

export interface ClockFacts {
  caseType: string;
  interstateRole: 'none' | 'initiating' | 'responding';
  intakeSource: string;
  status: 'open' | 'closed';
  receivedDate: string;
  /** When the case was (last) opened: the original opening or the latest reopening. */
  openedDate: string;
  closedDate: string | null;
  /** A noncustodial parent or alleged father is on the case. */
  hasNcp: boolean;
  /** First date a verified address or verified employer of the NCP is on file; null if never. */
  ncpLocatedDate: string | null;
  /** Support orders, oldest first. */
  orders: ReadonlyArray<{ enteredDate: string }>;
  /** Employers of the NCP on file (not ended), with the date the agency learned of each. */
  incomeSources: ReadonlyArray<{ employmentId: number; foundDate: string; noticeSentDate?: string | null }>;
  /** Case opening letters (303.2(a)(2) information) and review rights notices sent, by date. */
  openingLetterDates: readonly string[];
  reviewNoticeDates: readonly string[];
  /** The case's program's own clock lengths by kind (program_policy.timeframe_days); absent or {}: 45 CFR 303. */
  timeframeDays?: TimeframeDays;
}

export interface ExistingClock {
  id: number;
  kind: string;
  startDate: string;
  metDate: string | null;
  cancelledDate: string | null;
}

export type ClockPlan =
  | { action: 'start'; kind: string; regulation: string; event: ClockEvent; startDate: string; dueDate: string; metDate: string | null; metNote: string | null }
  | { action: 'meet'; clockId: number; kind: string; metDate: string; metNote: string }
  | { action: 'cancel'; clockId: number; kind: string; cancelledDate: string; reason: string };

interface Wanted {
  kind: string;
  startDate: string;
  metDate: string | null;
  metNote: string | null;
}

const maxDate = (a: string, b: string) => (a > b ? a : b);

/** The first date in `dates` on or after `from`, or null. */
function firstOnOrAfter(dates: readonly string[], from: string): string | null {
  let best: string | null = null;
  for (const d of dates) if (d >= from && (best === null || d < best)) best = d;
  return best;
}

/**
 * The derived clocks a case's facts call for (with the date each was met, when the data show it).
 * Recurring review clocks chain: the next one starts when the previous one is met.
 */
export function wantedClocks(f: ClockFacts, existing: readonly ExistingClock[]): Wanted[] {
  const out: Wanted[] = [];
  const orderDates = f.orders.map((o) => o.enteredDate).sort();

  // 303.2(a)(2): information to families referred by IV-A, IV-E or Medicaid within 5 working days.
  if (f.intakeSource === 'iv_a_referral' || f.intakeSource === 'iv_e_referral' || f.intakeSource === 'medicaid_referral') {
    const met = firstOnOrAfter(f.openingLetterDates, f.receivedDate);
    out.push({ kind: 'referral_information', startDate: f.receivedDate, metDate: met, metNote: met ? 'case opening letter sent' : null });
  }

  if (f.hasNcp) {
    const locatedBeforeOpening = f.ncpLocatedDate !== null && f.ncpLocatedDate <= f.openedDate;
    if (f.interstateRole === 'responding') {
      // 303.7(b)(2) and (d)(2) run from the responding agency's receipt of the case.
      out.push({ kind: 'ic_central_registry', startDate: f.receivedDate, metDate: f.openedDate, metNote: 'responding case opened' });
      if (!(f.ncpLocatedDate !== null && f.ncpLocatedDate <= f.receivedDate)) {
        out.push({ kind: 'ic_responding_locate', startDate: f.receivedDate, metDate: f.ncpLocatedDate, metNote: f.ncpLocatedDate ? 'verified address or employer on file' : null });
      }
    } else if (!locatedBeforeOpening) {
      // 303.3(b)(3): location is needed when the case opens without a verified address or employer.
      out.push({ kind: 'locate', startDate: f.openedDate, metDate: f.ncpLocatedDate, metNote: f.ncpLocatedDate ? 'verified address or employer on file' : null });
    }
    if (f.ncpLocatedDate !== null) {
      // 303.4(d): 90 days from locating the NCP (or from opening when already located) to an order or service.
      const located = maxDate(f.ncpLocatedDate, f.openedDate);
      const orderedBefore = orderDates.some((d) => d <= located);
      if (!orderedBefore) {
        const met = firstOnOrAfter(orderDates, located);
        out.push({ kind: 'service_or_order', startDate: located, metDate: met, metNote: met ? 'support order entered' : null });
      }
    }
  }

  // 303.100(e): withholding notice to each employer within 2 business days once there is an order.
  if (orderDates.length > 0) {
    for (const s of f.incomeSources) {
      const startDate = maxDate(s.foundDate, orderDates[0]!);
      // Met by the withholding order issued to that employer (e-IWO file or paper form) on or after the start.
      const metDate = s.noticeSentDate && s.noticeSentDate >= startDate ? s.noticeSentDate : null;
      out.push({ kind: 'iwo_employer_notice', startDate, metDate, metNote: metDate ? 'income withholding order issued to the employer' : null });
    }
  }

  // 303.8(b)(1) for TANF cases, 303.8(b)(7)(i) for every case with an order: recurring 36-month clocks.
  if (orderDates.length > 0) {
    const tanf = f.caseType === 'current_assistance';
    out.push(...reviewChain(tanf ? 'review_adjustment' : 'review_notice', orderDates, tanf ? [] : f.reviewNoticeDates, existing));
  }

  // 303.7(c)(11): an initiating agency that closes its case tells the responding State.
  if (f.status === 'closed' && f.interstateRole === 'initiating' && f.closedDate) {
    out.push({ kind: 'ic_closure_notice', startDate: f.closedDate, metDate: null, metNote: null });
  }
  return out;
}

/**
 * A chain of 36-month review clocks: the first starts when the first order is entered; each one is met
 * by a later order (a modification is an adjustment), by a qualifying notice, or by a worker's record, and
 * the next one starts on the date the previous one was met.
 */
function reviewChain(kind: 'review_adjustment' | 'review_notice', orderDates: readonly string[], noticeDates: readonly string[], existing: readonly ExistingClock[]): Wanted[] {
  const out: Wanted[] = [];
  const recorded = new Map(existing.filter((c) => c.kind === kind).map((c) => [c.startDate, c]));
  let start: string | null = orderDates[0]!;
  for (let guard = 0; start !== null && guard < 100; guard++) {
    const from: string = start;
    const candidates: Array<{ date: string; note: string }> = [];
    const later = firstOnOrAfter(orderDates.filter((d) => d > from), from);
    if (later) candidates.push({ date: later, note: 'new order entered' });
    const notice = firstOnOrAfter(noticeDates.filter((d) => d > from), from);
    if (notice) candidates.push({ date: notice, note: 'review rights notice sent' });
    const byWorker: string | null = recorded.get(from)?.metDate ?? null;
    if (byWorker) candidates.push({ date: byWorker, note: 'recorded by a worker' });
    candidates.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const met = candidates[0] ?? null;
    out.push({ kind, startDate: from, metDate: met?.date ?? null, metNote: met?.note ?? null });
    start = met && met.date > from ? met.date : null;
  }
  return out;
}

/**
 * What to change so the stored clocks match the facts: start the clocks not yet on file, meet open ones
 * the data show as met, and stop every open clock of a closed case (except the ones closing starts).
 */
export function planClocks(f: ClockFacts, existing: readonly ExistingClock[]): ClockPlan[] {
  const plans: ClockPlan[] = [];
  const find = (kind: string, start: string) => existing.find((c) => c.kind === kind && c.startDate === start);
  const seen = new Set<string>();
  for (const w of wantedClocks(f, existing)) {
    // One clock of a kind per start date (two employers found the same day share one withholding clock).
    if (seen.has(`${w.kind}|${w.startDate}`)) continue;
    seen.add(`${w.kind}|${w.startDate}`);
    const rule = timeframeRule(w.kind)!;
    const have = find(w.kind, w.startDate);
    if (!have) {
      if (f.status === 'closed' && !w.metDate && w.kind !== 'ic_closure_notice') continue;
      plans.push({ action: 'start', kind: w.kind, regulation: ruleRegulation(rule, f.timeframeDays), event: rule.startsOn, startDate: w.startDate, dueDate: dueDateFor(ruleLength(rule, f.timeframeDays), w.startDate), metDate: w.metDate, metNote: w.metNote });
    } else if (!have.metDate && !have.cancelledDate && w.metDate) {
      plans.push({ action: 'meet', clockId: have.id, kind: w.kind, metDate: w.metDate, metNote: w.metNote ?? 'from data on file' });
    }
  }
  if (f.status === 'closed' && f.closedDate) {
    for (const c of existing) {
      if (c.metDate || c.cancelledDate || c.kind === 'ic_closure_notice') continue;
      if (plans.some((p) => p.action === 'meet' && p.clockId === c.id)) continue;
      plans.push({ action: 'cancel', clockId: c.id, kind: c.kind, cancelledDate: f.closedDate, reason: 'case closed' });
    }
  }
  return plans;
}

/** The clocks a recorded event starts, with their due dates. */
export function clocksForEvent(event: ClockEvent, date: string, overrides?: TimeframeDays | null): Array<{ kind: string; regulation: string; startDate: string; dueDate: string }> {
  return rulesStartedBy(event).map((r) => ({ kind: r.kind, regulation: ruleRegulation(r, overrides), startDate: date, dueDate: dueDateFor(ruleLength(r, overrides), date) }));
}

/** Events a worker records; the others are seen in the data on file by the batch. */
export const MANUAL_EVENTS = (Object.keys(CLOCK_EVENTS) as ClockEvent[]).filter((e) => {
  const rules = rulesStartedBy(e);
  return rules.length > 0 && rules.every((r) => !r.derived);
});
