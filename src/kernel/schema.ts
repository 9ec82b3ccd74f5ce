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

export const IsoDate = (options: Record<string, unknown> = {}) => Type.String({ format: 'date', ...options });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** Money travels as a decimal string ("123.45"), never a float. */
export const MoneyString = (options: Record<string, unknown> = {}) => Type.String({ pattern: '^-?\\d{1,13}(\\.\\d{1,2})?$', ...options });

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

/** Compiles a schema into a function that returns the problems (empty when valid). */
export function validatorFor<T extends TSchema>(schema: T): (value: unknown) => { ok: true; value: Static<T> } | { ok: false; errors: ErrorDetail[] } {
  const validate = sharedAjv.compile(schema);
  return (value: unknown) => (validate(value) ? { ok: true, value: value as Static<T> } : { ok: false, errors: describeAjvErrors(validate.errors) });
}
