/**
 * System time (when something was recorded) and business dates (effective, due, received) are kept
 * apart. The clock is injected so batch runs and tests are deterministic.
 */
export interface Clock {
  /** The current instant, for recorded-at timestamps. */
  now(): Date;
  /** Today's business date (YYYY-MM-DD) in the program's time zone. */
  today(): string;
}

export function systemClock(timeZone = process.env.CSE_TIME_ZONE ?? 'America/New_York'): Clock {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return { now: () => new Date(), today: () => fmt.format(new Date()) };
}

/** A clock that stands still at a business date (and noon UTC of it) until moved. */
export function fixedClock(date: string): Clock & { set(date: string): void } {
  let current = date;
  return {
    now: () => new Date(`${current}T12:00:00Z`),
    today: () => current,
    set(d: string) {
      current = d;
    },
  };
}
