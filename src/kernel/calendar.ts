/**
 * Business dates are ISO strings (YYYY-MM-DD) handled as whole UTC days, so no time zone can shift them.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function toDay(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`not an ISO date: ${date}`);
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDay(toDay(date) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toDay(to) - toDay(from);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function nthWeekdayOfMonth(year: number, month: number, dow: number, n: number): string {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const offset = (dow - weekday(first) + 7) % 7;
  return addDays(first, offset + (n - 1) * 7);
}

function lastWeekdayOfMonth(year: number, month: number, dow: number): string {
  const nextFirst = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  const last = addDays(nextFirst, -1);
  return addDays(last, -((weekday(last) - dow + 7) % 7));
}

/** A fixed-date holiday moves to Friday when on Saturday and to Monday when on Sunday (5 USC 6103(b)). */
function observed(date: string): string {
  const dow = weekday(date);
  if (dow === 6) return addDays(date, -1);
  if (dow === 0) return addDays(date, 1);
  return date;
}

/** Federal legal public holidays (5 USC 6103) as observed in `year`. */
export function federalHolidays(year: number): string[] {
  const fixed = (m: number, d: number) => observed(`${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  const days = [
    fixed(1, 1),
    nthWeekdayOfMonth(year, 1, 1, 3), // Birthday of Martin Luther King, Jr.
    nthWeekdayOfMonth(year, 2, 1, 3), // Washington's Birthday
    lastWeekdayOfMonth(year, 5, 1), // Memorial Day
    fixed(7, 4),
    nthWeekdayOfMonth(year, 9, 1, 1), // Labor Day
    nthWeekdayOfMonth(year, 10, 1, 2), // Columbus Day
    fixed(11, 11),
    nthWeekdayOfMonth(year, 11, 4, 4), // Thanksgiving Day
    fixed(12, 25),
  ];
  if (year >= 2021) days.push(fixed(6, 19)); // Juneteenth National Independence Day
  // New Year's Day of the next year observed on Dec 31 of this year.
  if (weekday(`${year + 1}-01-01`) === 6) days.push(`${year}-12-31`);
  return days.filter((d) => d.startsWith(String(year))).sort();
}

const holidayCache = new Map<number, Set<string>>();

export function isFederalHoliday(date: string): boolean {
  const year = Number(date.slice(0, 4));
  let set = holidayCache.get(year);
  if (!set) {
    set = new Set(federalHolidays(year));
    holidayCache.set(year, set);
  }
  return set.has(date);
}

/** A business day is a weekday that is not a federal holiday (state holidays are policy data, added later). */
export function isBusinessDay(date: string, extraHolidays: ReadonlySet<string> = new Set()): boolean {
  const dow = weekday(date);
  return dow !== 0 && dow !== 6 && !isFederalHoliday(date) && !extraHolidays.has(date);
}

/** The date `n` business days after `date` (n >= 0); day 0 is `date` itself only if it is a business day. */
export function addBusinessDays(date: string, n: number, extraHolidays: ReadonlySet<string> = new Set()): string {
  let d = date;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (isBusinessDay(d, extraHolidays)) left -= 1;
  }
  return d;
}

/** Federal fiscal year of a date: FFY 2027 runs 2026-10-01 to 2027-09-30. */
export function federalFiscalYear(date: string): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 10 ? year + 1 : year;
}

/** Age in whole years on `onDate` for someone born on `birthDate`. */
export function ageOn(birthDate: string, onDate: string): number {
  const years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return onDate.slice(5) < birthDate.slice(5) ? years - 1 : years;
}
