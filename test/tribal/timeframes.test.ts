// A program's own clock lengths (program_policy.timeframe_days: a Tribal IV-D plan's timeframes) replace
// the 45 CFR 303 lengths, kind by kind, in the pure timeframe rules.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clocksForEvent, planClocks, ruleLength, timeframeRule, type ClockFacts } from '../../src/casework/timeframe-rules.ts';

const facts = (over: Partial<ClockFacts> = {}): ClockFacts => ({
  caseType: 'never_assistance', interstateRole: 'none', intakeSource: 'application', status: 'open',
  receivedDate: '2026-10-20', openedDate: '2026-11-02', closedDate: null, hasNcp: true, ncpLocatedDate: null,
  orders: [], incomeSources: [], openingLetterDates: [], reviewNoticeDates: [], ...over,
});

describe('program clock lengths', () => {
  it('a day-measured clock keeps its unit and takes the plan number; a month clock runs the plan number of calendar days', () => {
    assert.deepEqual(ruleLength(timeframeRule('locate')!, { locate: 60 }), { length: 60, unit: 'calendar_days', overridden: true });
    assert.deepEqual(ruleLength(timeframeRule('iwo_employer_notice')!, { iwo_employer_notice: 5 }), { length: 5, unit: 'business_days', overridden: true });
    assert.deepEqual(ruleLength(timeframeRule('review_notice')!, { review_notice: 730 }), { length: 730, unit: 'calendar_days', overridden: true });
  });

  it('kinds the plan does not name, and values that are not whole days of at least 1, keep 45 CFR 303', () => {
    for (const bad of [{}, { locate: 0 }, { locate: 1.5 }, { locate: -3 }, { service_or_order: 30 }] as Array<Record<string, number>>) {
      assert.deepEqual(ruleLength(timeframeRule('locate')!, bad), { length: 75, unit: 'calendar_days', overridden: false });
    }
    assert.deepEqual(ruleLength(timeframeRule('locate')!, null), { length: 75, unit: 'calendar_days', overridden: false });
  });

  it('the planner starts a Tribal case’s clock with the plan length and says so in the regulation', () => {
    const state = planClocks(facts(), []);
    const tribal = planClocks(facts({ timeframeDays: { locate: 60 } }), []);
    const locate = (p: ReturnType<typeof planClocks>) => p.find((x) => x.kind === 'locate') as Extract<(typeof p)[number], { action: 'start' }>;
    assert.equal(locate(state).dueDate, '2027-01-16');
    assert.equal(locate(state).regulation, '45 CFR 303.3(b)(3)');
    assert.equal(locate(tribal).dueDate, '2027-01-01');
    assert.equal(locate(tribal).regulation, '45 CFR 303.3(b)(3); program plan: 60 calendar days');
  });

  it('recorded events start clocks with the plan length too', () => {
    assert.equal(clocksForEvent('delinquency_found', '2026-11-02')[0]!.dueDate, '2026-12-02');
    assert.equal(clocksForEvent('delinquency_found', '2026-11-02', { enforcement_action: 20 })[0]!.dueDate, '2026-11-22');
  });
});
