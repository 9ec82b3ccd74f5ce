/** fast-check arbitraries that fill any fixed-width layout with values its codec must round-trip. */
import fc from 'fast-check';
import type { FieldSpec, FieldValue, RecordLayout } from '../../src/formats/fixed-width.ts';

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));

function textArb(length: number, required: boolean): fc.Arbitrary<string> {
  return fc
    .array(printable, { minLength: required ? 1 : 0, maxLength: length })
    .map((cs) => cs.join('').trimEnd())
    .filter((s) => (required ? s.trim() !== '' : true));
}

const isoDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

function fieldArb(f: FieldSpec): fc.Arbitrary<FieldValue> | null {
  if (f.kind === 'constant' || f.kind === 'blank') return null;
  const required = f.required ?? f.kind !== 'alpha';
  let arb: fc.Arbitrary<FieldValue>;
  if (f.allowed) arb = fc.constantFrom(...f.allowed.filter((v) => (required ? v.trim() !== '' : true)));
  else if (f.kind === 'alpha') arb = textArb(f.length, !!f.required);
  else if (f.kind === 'numeric') arb = fc.integer({ min: 0, max: Math.min(Number.MAX_SAFE_INTEGER, 10 ** f.length - 1) });
  else if (f.kind === 'digits') arb = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: f.length, maxLength: f.length }).map((d) => d.join(''));
  else if (f.kind === 'date_ccyymmdd') arb = isoDate;
  else return null;
  if (f.kind === 'alpha' || required) return arb;
  return fc.option(arb, { nil: undefined });
}

/** Values for every non-constant field of the layout, decoded-form (what `decode` gives back). */
export function recordArb(layout: RecordLayout): fc.Arbitrary<Record<string, FieldValue>> {
  const entries: Record<string, fc.Arbitrary<FieldValue>> = {};
  for (const f of layout.fields) {
    const a = fieldArb(f);
    if (a) entries[f.name] = a;
  }
  return fc.record(entries);
}

export const withoutUndefined = (v: Record<string, FieldValue>) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
