// Pure closure criteria (45 CFR 303.11): each coded reason passes with the facts it needs and fails, with
// the problem named, when the data on file or the documented findings do not support it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLOSURE_CRITERIA, closureCriterion, closureProblems, earliestClosureDate, replyWithinPeriod, type ClosureFacts, type ClosureRequest } from '../../src/casework/closure-rules.ts';

const noArrears = { PA: 0, TA: 0, CA: 0, UDA: 0, UPA: 0, NA: 0 };

function facts(o: Partial<ClosureFacts> = {}): ClosureFacts {
  return {
    asOf: '2026-11-02',
    caseType: 'never_assistance',
    interstateRole: 'none',
    intakeSource: 'application',
    hasCurrentOrder: false,
    arrears: { ...noArrears },
    children: [{ personId: 1, dateOfBirth: '2015-01-01', paternityEstablished: true }],
    ncp: { personId: 2, role: 'noncustodial_parent', dateOfDeath: null, hasSsn: true, locatedNow: true },
    locateSince: '2026-01-01',
    ...o,
  };
}

function request(code: string, o: Partial<ClosureRequest> = {}): ClosureRequest {
  return { reasonCode: code, finding: 'documented in the case record on this date', attestations: Object.keys(closureCriterion(code)!.attestations), ...o };
}

const paths = (f: ClosureFacts, r: ClosureRequest) => closureProblems(f, r).map((p) => p.path);
const unlocated = (o: Partial<NonNullable<ClosureFacts['ncp']>> = {}) => ({ personId: 2, role: 'noncustodial_parent' as const, dateOfDeath: null, hasSsn: true, locatedNow: false, ...o });
const noPaternity = [{ personId: 1, dateOfBirth: '2015-01-01', paternityEstablished: null }];

interface Case {
  pass: [Partial<ClosureFacts>, Partial<ClosureRequest>?];
  fail: Array<[string, Partial<ClosureFacts>, Partial<ClosureRequest>?, string?]>;
}

// For each criterion: facts that allow closing, and variants that must not (with the path of the problem).
const CASES: Record<string, Case> = {
  b1: {
    pass: [{ arrears: { ...noArrears, NA: 49_999 } }],
    fail: [
      ['a current order', { hasCurrentOrder: true }, {}, '/data/order'],
      ['arrears of exactly $500', { arrears: { ...noArrears, NA: 50_000 } }, {}, '/data/arrears'],
    ],
  },
  b2: {
    pass: [{ caseType: 'former_assistance', arrears: { ...noArrears, PA: 120_000 } }],
    fail: [
      ['arrears owed to the family too', { caseType: 'former_assistance', arrears: { ...noArrears, PA: 120_000, NA: 1 } }, {}, '/data/arrears'],
      ['no arrears at all', { caseType: 'former_assistance' }, {}, '/data/arrears'],
      ['a current order', { caseType: 'former_assistance', arrears: { ...noArrears, PA: 1 }, hasCurrentOrder: true }, {}, '/data/order'],
    ],
  },
  b3: {
    pass: [{ children: [{ personId: 1, dateOfBirth: '2008-11-02', paternityEstablished: true }] }],
    fail: [
      ['a child one day short of 18', { children: [{ personId: 1, dateOfBirth: '2008-11-03', paternityEstablished: true }] }, {}, '/data/children'],
      ['a current order', { hasCurrentOrder: true, children: [{ personId: 1, dateOfBirth: '2000-01-01', paternityEstablished: true }] }, {}, '/data/order'],
      ['no long-term care finding', { children: [{ personId: 1, dateOfBirth: '2000-01-01', paternityEstablished: true }] }, { attestations: ['noIncomeAboveSubsistence'] }, '/attestations'],
    ],
  },
  b4: {
    pass: [{ ncp: { ...unlocated(), dateOfDeath: '2026-06-01' } }],
    fail: [
      ['no date of death on file', {}, {}, '/data/ncp/dateOfDeath'],
      ['no NCP on the case', { ncp: null }, {}, '/data/ncp'],
    ],
  },
  b5: { pass: [{}], fail: [['the services finding is missing', {}, { attestations: ['ncpLivesWithChild'] }, '/attestations']] },
  b6i: {
    pass: [{ children: [{ personId: 1, dateOfBirth: '2007-01-01', paternityEstablished: null }] }],
    fail: [
      ['the child is 17', { children: [{ personId: 1, dateOfBirth: '2009-01-01', paternityEstablished: null }] }, {}, '/data/children'],
      ['paternity already established', { children: [{ personId: 1, dateOfBirth: '2007-01-01', paternityEstablished: true }] }, {}, '/data/children'],
    ],
  },
  b6ii: { pass: [{ children: noPaternity }], fail: [['paternity established', {}, {}, '/data/children']] },
  b6iii: { pass: [{ children: noPaternity }], fail: [['no best-interest finding', { children: noPaternity }, { attestations: [] }, '/attestations']] },
  b6iv: {
    pass: [{ children: noPaternity, ncp: null }, { interviewDate: '2026-10-01' }],
    fail: [
      ['an alleged father is named', { children: noPaternity }, { interviewDate: '2026-10-01' }, '/data/ncp'],
      ['no interview', { children: noPaternity, ncp: null }, {}, '/interviewDate'],
      ['an interview in the future', { children: noPaternity, ncp: null }, { interviewDate: '2026-12-01' }, '/interviewDate'],
    ],
  },
  b7i: {
    pass: [{ ncp: unlocated(), locateSince: '2024-11-02' }],
    fail: [
      ['one day short of two years', { ncp: unlocated(), locateSince: '2024-11-03' }, {}, '/data/locate'],
      ['the NCP is located', { ncp: unlocated({ locatedNow: true }), locateSince: '2020-01-01' }, {}, '/data/ncp'],
      ['no SSN (use (b)(7)(ii))', { ncp: unlocated({ hasSsn: false }), locateSince: '2020-01-01' }, {}, '/data/ncp/ssn'],
    ],
  },
  b7ii: {
    pass: [{ ncp: unlocated({ hasSsn: false }), locateSince: '2026-05-02' }],
    fail: [
      ['under six months', { ncp: unlocated({ hasSsn: false }), locateSince: '2026-05-03' }, {}, '/data/locate'],
      ['an SSN is on file', { ncp: unlocated(), locateSince: '2020-01-01' }, {}, '/data/ncp/ssn'],
    ],
  },
  b7iii: {
    pass: [{ ncp: unlocated(), locateSince: '2025-11-02' }],
    fail: [
      ['under a year', { ncp: unlocated(), locateSince: '2025-11-03' }, {}, '/data/locate'],
      ['SSN not shown unverifiable', { ncp: unlocated(), locateSince: '2020-01-01' }, { attestations: ['diligentMultiSourceLocate'] }, '/attestations'],
    ],
  },
  b8: { pass: [{}, { inabilityBasis: 'incarcerated' }], fail: [['no basis', {}, {}, '/inabilityBasis']] },
  b9i: { pass: [{}], fail: [['no SSI finding', {}, { attestations: [] }, '/attestations']] },
  b9ii: { pass: [{}], fail: [['the (b)(9)(i) finding instead', {}, { attestations: ['ncpOnlyIncomeSsi'] }, '/attestations']] },
  b10: { pass: [{}], fail: [['no treaty finding missing', {}, { attestations: ['ncpForeignCitizenAbroad', 'noFederalOrUsEmployer', 'noReachableIncomeOrAssets'] }, '/attestations']] },
  b11: { pass: [{}], fail: [['no finding', {}, { attestations: [] }, '/attestations']] },
  b12: {
    pass: [{}, { requestDate: '2026-10-15' }],
    fail: [
      ['a IV-A case', { caseType: 'current_assistance' }, { requestDate: '2026-10-15' }, '/data/caseType'],
      ['a Medicaid case (medical support assigned)', { caseType: 'medicaid_only' }, { requestDate: '2026-10-15' }, '/data/caseType'],
      ['assigned arrears', { caseType: 'former_assistance', arrears: { ...noArrears, PA: 100 } }, { requestDate: '2026-10-15' }, '/data/arrears'],
      ['no request date', {}, {}, '/requestDate'],
    ],
  },
  b13: { pass: [{}], fail: [['no finding', {}, { attestations: [] }, '/attestations']] },
  b14: { pass: [{}], fail: [['no risk-of-harm decision', {}, { attestations: ['goodCauseFound'] }, '/attestations']] },
  b15: {
    pass: [{}, { contactAttempts: [{ method: 'mail', date: '2026-09-01' }, { method: 'phone', date: '2026-09-15' }] }],
    fail: [
      ['two attempts by the same method', {}, { contactAttempts: [{ method: 'mail', date: '2026-09-01' }, { method: 'mail', date: '2026-09-15' }] }, '/contactAttempts'],
      ['a IV-A case', { caseType: 'current_assistance' }, { contactAttempts: [{ method: 'mail', date: '2026-09-01' }, { method: 'phone', date: '2026-09-15' }] }, '/data/caseType'],
    ],
  },
  b16: { pass: [{ caseType: 'former_assistance' }], fail: [['a IV-E case', { caseType: 'iv_e_foster_care' }, {}, '/data/caseType']] },
  b17: { pass: [{ interstateRole: 'responding' }], fail: [['not the responding State', { interstateRole: 'initiating' }, {}, '/data/interstateRole']] },
  b18: { pass: [{ interstateRole: 'responding' }], fail: [['no interstate role', {}, {}, '/data/interstateRole']] },
  b19: { pass: [{ interstateRole: 'responding' }], fail: [['no interstate role', {}, {}, '/data/interstateRole']] },
  b20: { pass: [{ intakeSource: 'iv_a_referral' }], fail: [['a parent applied', { intakeSource: 'application' }, {}, '/data/intakeSource']] },
  b21: { pass: [{}, { transferBasis: 'recipient_requested' }], fail: [['no transfer basis', {}, {}, '/transferBasis']] },
  c: { pass: [{ intakeSource: 'medicaid_referral', caseType: 'medicaid_only' }], fail: [['an application', {}, {}, '/data/intakeSource']] },
};

test('every criterion of 303.11(b)(1)-(21) and (c) is coded, and each has test cases', () => {
  const codes = CLOSURE_CRITERIA.map((c) => c.code);
  assert.deepEqual(codes.sort(), Object.keys(CASES).sort());
  for (let n = 1; n <= 21; n++) assert.ok(codes.some((c) => c === `b${n}` || c.startsWith(`b${n}i`) || (n === 6 && c.startsWith('b6')) || (n === 7 && c.startsWith('b7')) || (n === 9 && c.startsWith('b9'))), `(b)(${n})`);
});

for (const [code, c] of Object.entries(CASES)) {
  const criterion = closureCriterion(code)!;
  test(`${criterion.regulation} (${code}): closes when the data and findings support it, not otherwise`, () => {
    assert.deepEqual(closureProblems(facts(c.pass[0]), request(code, c.pass[1] ?? {})), []);
    for (const [why, f, r, path] of c.fail) {
      const problems = paths(facts(f), request(code, r ?? {}));
      assert.ok(problems.length > 0, `${code} must refuse: ${why}`);
      if (path) assert.ok(problems.includes(path), `${code} (${why}): expected a problem at ${path}, got ${problems.join(', ')}`);
    }
  });
}

test('every criterion needs a written finding and refuses findings of another paragraph', () => {
  assert.deepEqual(paths(facts(), request('b5', { finding: 'short' })), ['/finding']);
  assert.ok(paths(facts(), request('b5', { attestations: ['ncpLivesWithChild', 'servicesNotAppropriate', 'ncpOnlyIncomeSsi'] })).includes('/attestations'));
  assert.deepEqual(paths(facts(), { ...request('b5'), reasonCode: 'b99' }), ['/reasonCode']);
});

test('303.11(d): which criteria need the 60-day notice and to whom', () => {
  const recipient = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6i', 'b6ii', 'b6iii', 'b6iv', 'b7i', 'b7ii', 'b7iii', 'b8', 'b9i', 'b9ii', 'b10', 'b15', 'b16'];
  for (const c of CLOSURE_CRITERIA) {
    const expected = recipient.includes(c.code) ? 'recipient' : c.code === 'b13' ? 'recipient_reapply' : c.code === 'b17' ? 'initiating_agency' : 'none';
    assert.equal(c.notice, expected, c.code);
  }
  assert.equal(closureCriterion('c')!.mandatory, true);
  assert.equal(CLOSURE_CRITERIA.filter((c) => c.mandatory).length, 1);
});

test('the notice period: the case may close 60 calendar days after the notice; a reply up to that day keeps it open', () => {
  assert.equal(earliestClosureDate('2026-11-02'), '2027-01-01');
  assert.equal(replyWithinPeriod('2026-11-02', '2027-01-01'), true);
  assert.equal(replyWithinPeriod('2026-11-02', '2027-01-02'), false);
  assert.equal(replyWithinPeriod('2026-11-02', '2026-11-01'), false);
});
