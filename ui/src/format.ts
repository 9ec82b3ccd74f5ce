/**
 * Display formatting. Money arrives in integer cents; it is turned into a decimal string by integer
 * arithmetic and only then given to Intl.NumberFormat (which formats decimal strings exactly), so no
 * amount ever passes through a floating-point number.
 */
const moneyFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function dollars(cents: number | null | undefined, locale = 'en-US'): string {
  if (cents === null || cents === undefined) return '—';
  let format = moneyFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD' });
    moneyFormats.set(locale, format);
  }
  // Intl.NumberFormat.format takes a decimal string as an exact value (ECMA-402, NumberFormat v3).
  return format.format(centsToDecimal(cents) as unknown as number);
}

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    dateFormats.set(key, format);
  }
  return format;
}

/** A business date (YYYY-MM-DD) for reading: "Nov 2, 2026". */
export function formatDate(iso: string | null | undefined, locale = 'en-US'): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return dateFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** A support month (YYYY-MM): "November 2026". */
export function formatMonth(month: string | null | undefined, locale = 'en-US'): string {
  if (!month) return '—';
  const m = /^(\d{4})-(\d{2})/.exec(month);
  if (!m) return month;
  return dateFormat(locale, { year: 'numeric', month: 'long' }).format(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
}

/** Whole days from one business date to another. */
export function daysBetween(from: string, to: string): number {
  const parse = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((parse(to) - parse(from)) / 86_400_000);
}

export function firstOfMonth(iso: string): string {
  return `${iso.slice(0, 7)}-01`;
}

/** A decimal amount a person typed ("1,250.5", "$40") as the API's decimal string, or null. */
export function normalizeAmount(text: string): string | null {
  const t = text.trim().replace(/^\$/, '').replaceAll(',', '');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ''] = t.split('.');
  return `${Number(whole)}.${frac.padEnd(2, '0')}`;
}
