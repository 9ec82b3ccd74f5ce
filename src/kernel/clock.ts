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

/** The program's time zone (CSE_TIME_ZONE, default America/New_York): business dates and file times use it. */
export function programTimeZone(): string {
  return process.env.CSE_TIME_ZONE ?? 'America/New_York';
}

/**
 * The wall-clock time of an instant in the program's time zone, "HHMMSS": what a file header's creation
 * time shows beside its creation date (a business date in the same zone), never UTC.
 */
export function localTimeHhmmss(instant: Date, timeZone = programTimeZone()): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const part = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return `${part('hour')}${part('minute')}${part('second')}`;
}

export function systemClock(timeZone = programTimeZone()): Clock {
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
