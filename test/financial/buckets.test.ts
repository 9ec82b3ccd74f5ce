import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { advanceMonth, caseStateProblems, newCaseState, nextMonth, type MonthTerms } from '../../src/financial/buckets.ts';

const terms = (over: Partial<MonthTerms>): MonthTerms => ({ currentSupportDueCents: 30_000, assistanceMonth: false, assistancePaidCents: 0, caseType: 'former_assistance', ...over });

describe('month advance', () => {
  it('rolls months over the year end', () => {
    assert.equal(nextMonth('2026-12'), '2027-01');
    assert.equal(nextMonth('2026-09'), '2026-10');
  });

  it('turns unpaid current support into NA arrears outside assistance', () => {
    const s = newCaseState({ caseType: 'never_assistance', supportMonth: '2026-10', currentSupportDueCents: 30_000, currentSupportPaidCents: 10_000, passedThroughCents: 5 });
    const { state, change } = advanceMonth(s, terms({ caseType: 'never_assistance' }), terms({ caseType: 'never_assistance', currentSupportDueCents: 35_000 }));
    assert.equal(state.arrears.NA, 20_000);
    assert.equal(state.supportMonth, '2026-11');
    assert.deepEqual([state.currentSupportDueCents, state.currentSupportPaidCents, state.passedThroughCents], [35_000, 0, 0]);
    assert.equal(change.arrearsBucket, 'NA');
    assert.deepEqual(change.notes, ['unpaid current support for 2026-10 ($200.00) became NA arrears']);
  });

  it('turns unpaid current support of an assistance month into PA and adds the next grant to URA', () => {
    const s = newCaseState({ caseType: 'current_assistance', supportMonth: '2026-10', currentSupportDueCents: 30_000, uraCents: 1_000 });
    const assisted = terms({ assistanceMonth: true, assistancePaidCents: 40_000, caseType: 'current_assistance' });
    const { state } = advanceMonth(s, assisted, assisted);
    assert.equal(state.arrears.PA, 30_000);
    assert.equal(state.uraCents, 41_000);
    assert.equal(state.caseType, 'current_assistance');
  });

  it('on leaving TANF: TA becomes CA, then arrears above URA are unassigned, CA to UPA before PA to UDA', () => {
    const s = newCaseState({ caseType: 'current_assistance', supportMonth: '2008-06', currentSupportDueCents: 30_000, uraCents: 50_000, arrears: { PA: 60_000, TA: 20_000 } });
    const { state, change } = advanceMonth(s, terms({ assistanceMonth: true, caseType: 'current_assistance' }), terms({}));
    assert.deepEqual(state.arrears, { PA: 50_000, TA: 0, CA: 0, UDA: 40_000, UPA: 20_000, NA: 0 });
    assert.equal(state.caseType, 'former_assistance');
    assert.equal(change.notes.length, 4);
  });

  it('keeps assigned arrears within URA assigned on leaving TANF', () => {
    const s = newCaseState({ caseType: 'current_assistance', supportMonth: '2026-06', uraCents: 100_000, arrears: { PA: 60_000, TA: 20_000 } });
    const { state } = advanceMonth(s, terms({ assistanceMonth: true, caseType: 'current_assistance' }), terms({}));
    assert.deepEqual(state.arrears, { PA: 60_000, TA: 0, CA: 20_000, UDA: 0, UPA: 0, NA: 0 });
  });

  it('sets the month’s IV-E maintenance and clears what was reimbursed', () => {
    const s = newCaseState({ caseType: 'iv_e_foster_care', supportMonth: '2026-10', fosterCareMaintenanceCents: 30_000, fosterCareReimbursedCents: 30_000 });
    const placed = terms({ caseType: 'iv_e_foster_care', assistanceMonth: true, assistancePaidCents: 32_000 });
    const { state } = advanceMonth(s, placed, placed);
    assert.deepEqual([state.fosterCareMaintenanceCents, state.fosterCareReimbursedCents, state.uraCents], [32_000, 0, 32_000]);
  });
});

describe('case state checks', () => {
  it('accepts a fresh state and rejects impossible ones', () => {
    assert.deepEqual(caseStateProblems(newCaseState({ caseType: 'never_assistance', supportMonth: '2026-10' })), []);
    const bad = newCaseState({ caseType: 'never_assistance', supportMonth: '2026-13', currentSupportDueCents: 10, currentSupportPaidCents: 20, childCount: 0, arrears: { CA: 5, NA: -1 } });
    const problems = caseStateProblems(bad);
    assert.equal(problems.length, 5, problems.join('; '));
  });
});
