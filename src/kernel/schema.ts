/**
 * Shared JSON-schema building blocks (TypeBox) and one validator for routes and file imports alike, so
 * an import line and an API request are judged by the same rules and report errors the same way.
 */
import { Type, type Static, type TSchema } from 'typebox';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ErrorDetail } from './result.ts';

export { Type, type Static, type TSchema };

/** A string enum that validates with a single, readable "must be one of" error. */
export function StringEnum<const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** A date on input: a real calendar date from 1900 to 2199 (no business date is outside; year 0000 is not a date). */
export const DATE_PATTERN = '^(19|20|21)\\d{2}-\\d{2}-\\d{2}$';
export const IsoDate = (options: Record<string, unknown> = {}) => Type.String({ format: 'date', pattern: DATE_PATTERN, ...options });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** Money travels as a decimal string ("123.45"), never a float. */
/** At most $99,999,999.99: no payment, balance or income the program handles comes near it. */
export const MONEY_PATTERN = '^-?\\d{1,8}(\\.\\d{1,2})?$';
export const MoneyString = (options: Record<string, unknown> = {}) => Type.String({ pattern: MONEY_PATTERN, ...options });

const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;

export function createAjv() {
  const ajv = new (Ajv as any)({ allErrors: true, strict: false, coerceTypes: false, useDefaults: true, removeAdditional: false });
  (addFormats as any)(ajv);
  return ajv;
}

const sharedAjv = createAjv();

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Turns ajv's errors into one readable line per field. */
export function describeAjvErrors(errors: readonly AjvError[] | null | undefined): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') continue;
    let path = e.instancePath || '/';
    let message = e.message ?? 'is not valid';
    if (e.keyword === 'additionalProperties') {
      path = `${e.instancePath}/${String(e.params.additionalProperty)}`;
      message = 'is not a known field';
    } else if (e.keyword === 'required') {
      path = `${e.instancePath}/${String(e.params.missingProperty)}`;
      message = 'is required';
    } else if (e.keyword === 'enum') {
      message = `must be one of: ${(e.params.allowedValues as string[]).join(', ')}`;
    } else if (e.keyword === 'format') {
      message = e.params.format === 'date' ? 'must be a date (YYYY-MM-DD)' : `must be a valid ${String(e.params.format)}`;
    } else if (e.keyword === 'pattern' && e.params.pattern === DATE_PATTERN) {
      message = 'must be a date from 1900-01-01 to 2199-12-31 (YYYY-MM-DD)';
    } else if (e.keyword === 'pattern' && e.params.pattern === MONEY_PATTERN) {
      message = 'must be an amount in dollars and cents such as "125.50", at most 99999999.99';
    } else if (e.keyword === 'type' && e.message?.includes('null')) {
      continue;
    }
    const key = `${path} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out;
}

/**
 * Every string of a value in Unicode NFC, in place (objects and arrays) or returned (a string): "José"
 * typed with a combining accent (NFD, as macOS and some scanners send it) is the same name as "José".
 */
export function toNfc<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') (value as Record<string, unknown>)[k] = v.normalize('NFC');
    else if (v !== null && typeof v === 'object') toNfc(v, depth + 1);
  }
  return value;
}

/** Compiles a schema into a function that returns the problems (empty when valid). */
export function validatorFor<T extends TSchema>(schema: T): (value: unknown) => { ok: true; value: Static<T> } | { ok: false; errors: ErrorDetail[] } {
  const validate = sharedAjv.compile(schema);
  return (input: unknown) => {
    const value = toNfc(input);
    return validate(value) ? { ok: true, value: value as Static<T> } : { ok: false, errors: describeAjvErrors(validate.errors) };
  };
}
