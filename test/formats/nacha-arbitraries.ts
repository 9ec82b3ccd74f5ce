/**
 * fast-check generators of valid NACHA inputs, shared by the CCD+, DED and PPD tests.
 */
import fc from 'fast-check';
import { addDays } from '../../src/kernel/calendar.ts';
import { abaCheckDigit } from '../../src/formats/nacha/ach.ts';
import type { DedRemittance } from '../../src/formats/nacha/ded.ts';
import type { CcdBatchInput, CcdFileInput, CcdPaymentInput } from '../../src/formats/nacha/ccd.ts';
import type { PpdCredit, PpdFileInput } from '../../src/formats/nacha/ppd.ts';

const DIGITS = [...'0123456789'];
const UPPER_ALNUM = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];
/** Printable ASCII. */
const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
const DED_SAFE = PRINTABLE.filter((c) => c !== '*' && c !== '\\');

export const digits = (n: number) => fc.array(fc.constantFrom(...DIGITS), { minLength: n, maxLength: n }).map((a) => a.join(''));

/** A routing number with a correct ABA check digit (never all zeros). */
export const routing = digits(8)
  .filter((p) => p !== '00000000')
  .map((p) => p + String(abaCheckDigit(p)));

export const odfi = digits(8);

/** Text from `chars`, 1..max long, not blank, with no trailing space (alpha fields drop trailing spaces). */
export function text(chars: readonly string[], max: number, min = 1) {
  return fc
    .array(fc.constantFrom(...chars), { minLength: min, maxLength: max })
    .map((a) => a.join('').trimEnd())
    .filter((s) => s.trim().length >= min);
}

export const printable = (max: number) => text(PRINTABLE, max);
/** DED elements: printable, no separator or terminator, no space at either end. */
export const dedText = (min: number, max: number) =>
  fc
    .array(fc.constantFrom(...DED_SAFE), { minLength: min, maxLength: max })
    .map((a) => a.join(''))
    .filter((s) => s === s.trim() && s.length >= min);

/** ISO dates 1980-01-01 .. 2079-12-31 (the YYMMDD window). */
export const isoDate = fc.integer({ min: 0, max: 36524 }).map((n) => addDays('1980-01-01', n));

export const dedRemittance: fc.Arbitrary<DedRemittance> = fc
  .record({
    case_id: dedText(1, 20),
    pay_date: isoDate,
    amount_cents: fc.integer({ min: 1, max: 9_999_999_999 }),
    ncp_ssn: digits(9),
    medical_support: fc.boolean(),
    ncp_name: fc.option(dedText(1, 10), { nil: undefined }),
    fips_code: fc.option(
      fc.integer({ min: 5, max: 7 }).chain((n) => fc.array(fc.constantFrom(...UPPER_ALNUM), { minLength: n, maxLength: n }).map((a) => a.join(''))),
      { nil: undefined },
    ),
    employment_terminated: fc.boolean(),
  })
  .map((r) => {
    const d: DedRemittance = {
      application_id: 'CS',
      case_id: r.case_id,
      pay_date: r.pay_date,
      amount_cents: r.amount_cents,
      ncp_ssn: r.ncp_ssn,
      medical_support: r.medical_support,
      employment_terminated: r.employment_terminated,
    };
    if (r.ncp_name !== undefined) d.ncp_name = r.ncp_name;
    if (r.fips_code !== undefined) d.fips_code = r.fips_code;
    return d;
  });

const accountNumber = text([...'0123456789ABCDEFGHJK-'], 17);

function ccdPayment(sdu: { routing: string; account: string; name: string }, seq: number): fc.Arbitrary<CcdPaymentInput> {
  return fc.record({ ded: dedRemittance, savings: fc.boolean(), id: fc.option(printable(15), { nil: undefined }) }).map(({ ded, savings, id }) => {
    const p: CcdPaymentInput = {
      receiving_dfi_routing: sdu.routing,
      dfi_account_number: sdu.account,
      receiving_company_name: sdu.name,
      account_type: savings ? 'savings' : 'checking',
      trace_sequence: seq,
      ded,
    };
    if (id !== undefined) p.identification_number = id;
    return p;
  });
}

const traceSequences = (max: number) => fc.uniqueArray(fc.integer({ min: 1, max: 9_999_999 }), { minLength: 1, maxLength: max });

export const ccdBatch = (sdu: { routing: string; account: string; name: string }): fc.Arbitrary<Omit<CcdBatchInput, 'batch_number'>> =>
  fc
    .record({
      company_name: printable(16),
      company_id: text(UPPER_ALNUM, 10, 10),
      company_discretionary_data: fc.option(printable(20), { nil: undefined }),
      entry_description: printable(10),
      effective_entry_date: isoDate,
      originating_dfi_id: odfi,
      seqs: traceSequences(5),
    })
    .chain(({ seqs, company_discretionary_data, ...rest }) =>
      fc.tuple(...seqs.map((s) => ccdPayment(sdu, s))).map((payments) => {
        const b: Omit<CcdBatchInput, 'batch_number'> = { ...rest, payments };
        if (company_discretionary_data !== undefined) b.company_discretionary_data = company_discretionary_data;
        return b;
      }),
    );

const fileHeader = fc.record({
  immediate_destination: routing,
  immediate_destination_name: printable(23),
  immediate_origin: fc.oneof(routing, text(UPPER_ALNUM, 10, 10)),
  immediate_origin_name: printable(23),
  file_creation_date: isoDate,
  file_creation_time: fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}${String(m).padStart(2, '0')}`),
  file_id_modifier: fc.constantFrom(...UPPER_ALNUM),
});

export const ccdFile: fc.Arbitrary<CcdFileInput> = fc
  .record({
    header: fileHeader,
    sdu: fc.record({ routing, account: accountNumber, name: printable(22) }),
  })
  .chain(({ header, sdu }) =>
    fc.array(ccdBatch(sdu), { minLength: 1, maxLength: 3 }).map((batches) => ({
      ...header,
      batches: batches.map((b, i) => ({ ...b, batch_number: i + 1 })),
    })),
  );

export const ppdFile: fc.Arbitrary<PpdFileInput> = fc
  .record({
    header: fileHeader,
    company_name: printable(16),
    company_id: text(UPPER_ALNUM, 10, 10),
    entry_description: printable(10),
    effective_entry_date: isoDate,
    originating_dfi_id: odfi,
    seqs: traceSequences(12),
  })
  .chain(({ header, seqs, ...batch }) =>
    fc
      .tuple(
        ...seqs.map((seq) =>
          fc
            .record({
              name: printable(30),
              routing_number: routing,
              account_number: accountNumber,
              account_type: fc.constantFrom('checking' as const, 'savings' as const),
              amount_cents: fc.integer({ min: 1, max: 9_999_999_999 }),
              individual_id: printable(15),
              prenote: fc.boolean(),
            })
            .map((c): PpdCredit => (c.prenote ? { ...c, amount_cents: 0, trace_sequence: seq } : { ...c, trace_sequence: seq })),
        ),
      )
      .map((credits) => ({ ...header, ...batch, credits })),
  );
