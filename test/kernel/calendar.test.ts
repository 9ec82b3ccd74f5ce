import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addBusinessDays, addDays, ageOn, daysBetween, federalFiscalYear, federalHolidays, isBusinessDay, isIsoDate } from '../../src/kernel/calendar.ts';

test('federal holidays of 2026 as observed (Independence Day falls on a Saturday)', () => {
  assert.deepEqual(federalHolidays(2026), [
    '2026-01-01',
    '2026-01-19',
    '2026-02-16',
    '2026-05-25',
    '2026-06-19',
    '2026-07-03',
    '2026-09-07',
    '2026-10-12',
    '2026-11-11',
    '2026-11-26',
    '2026-12-25',
  ]);
});

test('New Year 2028 falls on a Saturday and is observed on Friday 2027-12-31', () => {
  assert.ok(federalHolidays(2027).includes('2027-12-31'));
  assert.ok(!isBusinessDay('2027-12-31'));
});

test('two business days after a receipt skip weekends and holidays', () => {
  assert.equal(addBusinessDays('2026-11-23', 2), '2026-11-25'); // Monday -> Wednesday
  assert.equal(addBusinessDays('2026-11-25', 2), '2026-11-30'); // Wednesday -> Thanksgiving and weekend skipped
  assert.equal(addBusinessDays('2026-12-24', 2), '2026-12-29');
  assert.equal(addBusinessDays('2026-11-27', 0), '2026-11-27');
});

test('calendar arithmetic across month and leap-year ends', () => {
  assert.equal(addDays('2028-02-28', 1), '2028-02-29');
  assert.equal(addDays('2026-10-20', 20), '2026-11-09');
  assert.equal(daysBetween('2026-01-01', '2026-12-31'), 364);
  assert.ok(isIsoDate('2028-02-29'));
  assert.ok(!isIsoDate('2027-02-29'));
  assert.ok(!isIsoDate('2026-13-01'));
});

test('federal fiscal year starts on October 1', () => {
  assert.equal(federalFiscalYear('2026-09-30'), 2026);
  assert.equal(federalFiscalYear('2026-10-01'), 2027);
});

test('age counts whole years', () => {
  assert.equal(ageOn('2008-11-23', '2026-11-22'), 17);
  assert.equal(ageOn('2008-11-23', '2026-11-23'), 18);
});

test('file creation times are in the program time zone, the zone of the business date', async () => {
  const { localTimeHhmmss } = await import('../../src/kernel/clock.ts');
  // 12:00 UTC on a winter day is 07:00 in New York (EST) and 04:00 in Los Angeles.
  assert.equal(localTimeHhmmss(new Date('2026-11-02T12:00:00Z'), 'America/New_York'), '070000');
  assert.equal(localTimeHhmmss(new Date('2026-07-02T12:00:00Z'), 'America/New_York'), '080000', 'daylight saving time');
  assert.equal(localTimeHhmmss(new Date('2026-11-02T04:30:15Z'), 'America/Los_Angeles'), '203015');
});
