// Pure timeframe rules: every 45 CFR 303 clock's length and unit, the clocks a case's facts call for,
// and the plans that keep stored clocks in step (started once, met from data, stopped at closure).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addMonths,
  clockStatus,
  clocksForEvent,
  dueDateFor,
  MANUAL_EVENTS,
  planClocks,
  TIMEFRAME_RULES,
  timeframeRule,
  wantedClocks,
  type ClockFacts,
  type ExistingClock,
} from '../../src/casework/timeframe-rules.ts';

// Due dates for a clock started on Monday 2026-11-02, counted by hand on a calendar: Veterans Day
// (Wed 2026-11-11) and Thanksgiving (Thu 2026-11-26) are federal holidays; weekends are not business days.
const FROM = '2026-11-02';
const EXPECTED_DUE: Record<string, string> = {
  case_opening: '2026-11-22', // 20 calendar days
  referral_information: '2026-11-09', // 5 working days: 3, 4, 5, 6, 9
  locate: '2027-01-16', // 75 calendar days
  service_or_order: '2027-01-31', // 90 calendar days
  iwo_employer_notice: '2026-11-04', // 2 business days
  review_adjustment: '2029-11-02', // 36 months
  review_notice: '2029-11-02', // 36 months
  review_completion: '2027-05-01', // 180 calendar days
  incarceration_review_notice: '2026-11-24', // 15 business days: 3-6 (4), 9-10 (6), 12-13 (8), 16-20 (13), 23-24 (15)
  enforcement_action: '2026-12-02', // 30 calendar days
  enforcement_action_service: '2027-01-01', // 60 calendar days
  ic_controlling_order_records: '2026-12-16', // 30 working days (skipping 11-11 and 11-26)
  ic_new_information: '2026-11-17', // 10 working days: 3-6 (4), 9-10 (6), 12-13 (8), 16-17 (10)
  ic_central_registry: '2026-11-17',
  ic_status_inquiry: '2026-11-09',
  ic_initiating_referral: '2026-11-22', // 20 calendar days
  ic_information_reply: '2026-12-02', // 30 calendar days
  ic_review_request: '2026-11-22', // 20 calendar days
  ic_closure_notice: '2026-11-17', // 10 working days
  ic_responding_locate: '2027-01-16', // 75 calendar days
  ic_forward: '2026-11-17',
  ic_controlling_order_request: '2026-12-02',
  ic_stop_and_close: '2026-11-17',
  ic_collection_forward: '2026-11-04', // 2 business days: 3, 4
};

for (const rule of TIMEFRAME_RULES) {
  test(`${rule.kind} (${rule.regulation}): ${rule.length} ${rule.unit.replace('_', ' ')} from ${rule.startsOn}`, () => {
    assert.ok(EXPECTED_DUE[rule.kind], `an expected due date is written down for ${rule.kind}`);
    assert.equal(dueDateFor(rule, FROM), EXPECTED_DUE[rule.kind]);
    assert.match(rule.regulation, /^45 CFR 303\./);
  });
}

test('every timeframe in the table has an expected due date (none forgotten)', () => {
  assert.deepEqual(Object.keys(EXPECTED_DUE).sort(), TIMEFRAME_RULES.map((r) => r.kind).sort());
});

test('business days skip weekends and federal holidays (Christmas on a Friday)', () => {
  assert.equal(dueDateFor({ length: 2, unit: 'business_days' }, '2026-12-24'), '2026-12-29');
  assert.equal(dueDateFor({ length: 5, unit: 'working_days' }, '2026-12-31'), '2027-01-08'); // New Year's Day 2027 is a Friday
});

test('months keep the day of the month or fall back to the last day', () => {
  assert.equal(addMonths('2026-01-31', 1), '2026-02-28');
  assert.equal(addMonths('2024-02-29', 36), '2027-02-28');
  assert.equal(addMonths('2026-11-30', 3), '2027-02-28');
  assert.equal(addMonths('2026-12-15', -12), '2025-12-15');
});

test('clock status: met on time, met late, stopped, overdue, due soon, open', () => {
  const due = '2026-12-01';
  assert.equal(clockStatus({ dueDate: due, metDate: '2026-12-01', cancelledDate: null }, '2027-01-01', 7), 'met_on_time');
  assert.equal(clockStatus({ dueDate: due, metDate: '2026-12-02', cancelledDate: null }, '2027-01-01', 7), 'met_late');
  assert.equal(clockStatus({ dueDate: due, metDate: null, cancelledDate: '2026-11-20' }, '2027-01-01', 7), 'cancelled');
  assert.equal(clockStatus({ dueDate: due, metDate: null, cancelledDate: null }, '2026-12-02', 7), 'overdue');
  assert.equal(clockStatus({ dueDate: due, metDate: null, cancelledDate: null }, '2026-12-01', 7), 'due_soon');
  assert.equal(clockStatus({ dueDate: due, metDate: null, cancelledDate: null }, '2026-11-24', 7), 'due_soon');
  assert.equal(clockStatus({ dueDate: due, metDate: null, cancelledDate: null }, '2026-11-23', 7), 'open');
});

test('workers record only events the data cannot show; each starts its clocks', () => {
  for (const e of ['delinquency_found', 'review_requested', 'incarceration_learned', 'status_inquiry_received', 'close_instruction_received'] as const) assert.ok(MANUAL_EVENTS.includes(e), e);
  for (const e of ['locate_needed', 'ncp_located', 'order_entered', 'referral_received', 'intergovernmental_case_received']) assert.ok(!(MANUAL_EVENTS as string[]).includes(e), e);
  assert.deepEqual(clocksForEvent('delinquency_found', '2026-11-02'), [{ kind: 'enforcement_action', regulation: '45 CFR 303.6(c)(2)', startDate: '2026-11-02', dueDate: '2026-12-02' }]);
  assert.deepEqual(clocksForEvent('review_requested', '2026-11-02').map((c) => c.dueDate), ['2027-05-01']);
});

const base: ClockFacts = {
  caseType: 'never_assistance',
  interstateRole: 'none',
  intakeSource: 'application',
  status: 'open',
  receivedDate: '2026-01-05',
  openedDate: '2026-01-10',
  closedDate: null,
  hasNcp: true,
  ncpLocatedDate: null,
  orders: [],
  incomeSources: [],
  openingLetterDates: [],
  reviewNoticeDates: [],
};
const kinds = (f: ClockFacts, existing: ExistingClock[] = []) => wantedClocks(f, existing).map((w) => `${w.kind}@${w.startDate}${w.metDate ? `:met ${w.metDate}` : ''}`);

test('locate starts at opening when the NCP is not located; locating meets it and starts the 90-day service/order clock', () => {
  assert.deepEqual(kinds(base), ['locate@2026-01-10']);
  const located = { ...base, ncpLocatedDate: '2026-02-20' };
  assert.deepEqual(kinds(located), ['locate@2026-01-10:met 2026-02-20', 'service_or_order@2026-02-20']);
  const ordered = { ...located, orders: [{ enteredDate: '2026-04-01' }] };
  assert.deepEqual(kinds(ordered), ['locate@2026-01-10:met 2026-02-20', 'service_or_order@2026-02-20:met 2026-04-01', 'review_notice@2026-04-01']);
});

test('an NCP located before the case opened needs no locate; the service/order clock runs from opening', () => {
  assert.deepEqual(kinds({ ...base, ncpLocatedDate: '2025-12-01' }), ['service_or_order@2026-01-10']);
  // With an order already on file there is no service/order clock.
  assert.deepEqual(kinds({ ...base, ncpLocatedDate: '2025-12-01', orders: [{ enteredDate: '2025-11-01' }] }), ['review_notice@2025-11-01']);
});

test('a case with no NCP named has no locate clock', () => {
  assert.deepEqual(kinds({ ...base, hasNcp: false }), []);
});

test('IV-A, IV-E and Medicaid referrals start the 5-working-day information clock; the opening letter meets it', () => {
  const f = { ...base, intakeSource: 'iv_a_referral', caseType: 'current_assistance', ncpLocatedDate: '2025-01-01', orders: [{ enteredDate: '2025-06-01' }] };
  assert.deepEqual(kinds(f), ['referral_information@2026-01-05', 'review_adjustment@2025-06-01']);
  assert.deepEqual(kinds({ ...f, openingLetterDates: ['2026-01-09'] })[0], 'referral_information@2026-01-05:met 2026-01-09');
});

test('each employer of an obligor with an order starts a 2-business-day withholding clock', () => {
  const f = { ...base, ncpLocatedDate: '2025-01-01', orders: [{ enteredDate: '2026-03-01' }], incomeSources: [{ employmentId: 1, foundDate: '2026-01-10' }, { employmentId: 2, foundDate: '2026-05-04' }] };
  const w = wantedClocks(f, []).filter((x) => x.kind === 'iwo_employer_notice');
  assert.deepEqual(w.map((x) => x.startDate), ['2026-03-01', '2026-05-04']);
  assert.equal(dueDateFor(timeframeRule('iwo_employer_notice')!, '2026-05-04'), '2026-05-06');
});

test('the withholding notice sent to that employer (e-IWO or paper) meets its clock on the day it was issued', () => {
  const f = { ...base, ncpLocatedDate: '2025-01-01', orders: [{ enteredDate: '2026-03-01' }], incomeSources: [{ employmentId: 1, foundDate: '2026-01-10', noticeSentDate: '2026-03-03' }, { employmentId: 2, foundDate: '2026-05-04', noticeSentDate: null }] };
  const w = wantedClocks(f, []).filter((x) => x.kind === 'iwo_employer_notice');
  assert.deepEqual(w.map((x) => [x.startDate, x.metDate]), [['2026-03-01', '2026-03-03'], ['2026-05-04', null]]);
  assert.match(w[0]!.metNote ?? '', /withholding/);
  // A notice sent before the clock started (an earlier order at the same employer) does not meet it.
  const early = { ...f, incomeSources: [{ employmentId: 1, foundDate: '2026-01-10', noticeSentDate: '2026-02-01' }] };
  assert.equal(wantedClocks(early, []).find((x) => x.kind === 'iwo_employer_notice')!.metDate, null);
});

test('the 36-month review clock of a TANF case chains: a modification meets it and starts the next', () => {
  const f = { ...base, caseType: 'current_assistance', ncpLocatedDate: '2020-01-01', orders: [{ enteredDate: '2022-03-15' }, { enteredDate: '2024-07-01' }] };
  assert.deepEqual(kinds(f), ['review_adjustment@2022-03-15:met 2024-07-01', 'review_adjustment@2024-07-01']);
  // A review a worker recorded meets the clock; the next one runs from that date.
  const existing: ExistingClock[] = [
    { id: 1, kind: 'review_adjustment', startDate: '2022-03-15', metDate: '2024-07-01', cancelledDate: null },
    { id: 2, kind: 'review_adjustment', startDate: '2024-07-01', metDate: '2027-06-30', cancelledDate: null },
  ];
  assert.deepEqual(kinds(f, existing), ['review_adjustment@2022-03-15:met 2024-07-01', 'review_adjustment@2024-07-01:met 2027-06-30', 'review_adjustment@2027-06-30']);
  assert.equal(dueDateFor(timeframeRule('review_adjustment')!, '2024-07-01'), '2027-07-01');
});

test('other cases with an order get the review-rights notice clock; the notice meets it', () => {
  const f = { ...base, ncpLocatedDate: '2020-01-01', orders: [{ enteredDate: '2023-02-01' }], reviewNoticeDates: ['2025-12-01'] };
  assert.deepEqual(kinds(f), ['review_notice@2023-02-01:met 2025-12-01', 'review_notice@2025-12-01']);
});

test('a responding interstate case: the central registry clock is met on opening; the 75-day locate runs from receipt', () => {
  const f: ClockFacts = { ...base, interstateRole: 'responding', intakeSource: 'interstate_referral' };
  assert.deepEqual(kinds(f), ['ic_central_registry@2026-01-05:met 2026-01-10', 'ic_responding_locate@2026-01-05']);
});

test('closing a case stops its open clocks; an initiating case that closes must tell the responding State', () => {
  const existing: ExistingClock[] = [
    { id: 7, kind: 'locate', startDate: '2026-01-10', metDate: null, cancelledDate: null },
    { id: 8, kind: 'enforcement_action', startDate: '2026-02-01', metDate: '2026-02-10', cancelledDate: null },
  ];
  const closed: ClockFacts = { ...base, interstateRole: 'initiating', status: 'closed', closedDate: '2026-03-01' };
  const plans = planClocks(closed, existing);
  assert.deepEqual(plans.map((p) => `${p.action}:${p.kind}`).sort(), ['cancel:locate', 'start:ic_closure_notice']);
  const start = plans.find((p) => p.action === 'start')!;
  assert.equal(start.action === 'start' && start.dueDate, '2026-03-13');
});

test('plans are idempotent: once applied, planning again changes nothing', () => {
  const f: ClockFacts = { ...base, ncpLocatedDate: '2026-02-20', orders: [{ enteredDate: '2026-04-01' }] };
  const first = planClocks(f, []);
  assert.ok(first.length >= 3);
  const stored: ExistingClock[] = first.flatMap((p, i): ExistingClock[] => (p.action === 'start' ? [{ id: i + 1, kind: p.kind, startDate: p.startDate, metDate: p.metDate, cancelledDate: null }] : []));
  assert.deepEqual(planClocks(f, stored), []);
  // An open clock the data now show as met is met, once.
  const open = stored.map((c) => (c.kind === 'service_or_order' ? { ...c, metDate: null } : c));
  assert.deepEqual(planClocks(f, open).map((p) => p.action), ['meet']);
});
