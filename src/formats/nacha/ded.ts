/**
 * The Child Support Application Banking Convention: the DED segment carried in the 80-character
 * Payment Related Information of a CCD+ (or CTX) addenda record.
 *
 * Source: shared/reference/file-formats.md section 2.3 (NACHA text quoted by WV BCSE; Idaho DHW for the
 * meaning of each element; Kansas SWEXFE97 for the maximum lengths).
 *
 * Syntax: variable length, delimited. Each element is preceded by `*`; the segment ends with `\`.
 * An omitted optional element keeps its `*`; trailing omitted elements may be dropped. So both
 * `...*20000*\` (the reference's sample, an empty termination indicator kept) and `...*20000\` are read
 * the same. The builder writes the X12 form, which drops trailing empty elements.
 *
 * Element numbering: X12 numbers the data elements after the segment identifier, so DED01 is the
 * application identifier and DED09 the termination indicator (as the Treasury FMS and Virginia pages
 * do). The reference's table numbers the segment identifier as DED01, one higher than these; the
 * element list and order are the same.
 *
 * The min/max lengths are data (DED_ELEMENTS) because the reference marks all but a few unverified.
 */
import type { Cents } from '../../kernel/money.ts';
import { fail, ok, type ErrorDetail, type Result } from '../../kernel/result.ts';
import { isPrintableAscii, isoToYymmdd, yymmddToIso } from '../fixed-width.ts';

export const DED_SEGMENT_ID = 'DED';
export const DED_ELEMENT_SEPARATOR = '*';
export const DED_SEGMENT_TERMINATOR = '\\';
/** The room in a CCD+ addenda record. */
export const DED_MAX_LENGTH = 80;

/**
 * DED01, the application identifier: X12 data element 1511 "Type of Deduction" (the code list as
 * published for X12 004060/005040, stedi.com/edi/x12-005040/element/1511). `CS` is what employers send;
 * the `I*` codes are for one State's SDU paying another (interstate), which the forwarding file uses.
 * The reference lists only `CS` and says other codes exist for SDU-originated payments.
 */
export const DED_APPLICATION_ID_MEANINGS: Readonly<Record<string, string>> = Object.freeze({
  CS: 'child support (withheld by an employer)',
  DP: 'noncustodial parent or third-party payor',
  FD: 'financial institution to financial institution funds transfer requested by a child support agency',
  IF: 'interstate financial institution data match collections',
  II: 'interstate income withholding, child support',
  IO: 'interstate, all others, child support',
  IT: 'interstate state tax offset, child support',
  RF: 'interstate cost-recovery financial institution data match',
  RI: 'interstate cost-recovery income withholding, child support',
  RO: 'interstate cost-recovery, all others, child support',
  RT: 'interstate cost-recovery state tax offset, child support',
});
export const DED_APPLICATION_IDS: readonly string[] = Object.keys(DED_APPLICATION_ID_MEANINGS);
/**
 * DED06: `Y` (family medical coverage is available through the employer), `N` (it is not) and `W` (not
 * applicable: the order has no medical support provision, or the employer does not say). The X12 DED
 * segment and state SDU employer guides (e.g. Virginia DCSE's) list all three; the reference listed
 * only Y/N, and refusing `W` made whole employer files fail (issue 16).
 */
export const DED_MEDICAL_SUPPORT_VALUES: readonly string[] = ['Y', 'N', 'W'];
export type DedMedicalSupportIndicator = 'Y' | 'N' | 'W';

export type DedElementName =
  | 'application_identifier'
  | 'case_identifier'
  | 'pay_date'
  | 'payment_amount'
  | 'ncp_ssn'
  | 'medical_support_indicator'
  | 'ncp_name'
  | 'fips_code'
  | 'employment_termination_indicator';

export interface DedElement {
  readonly ref: string;
  readonly name: DedElementName;
  readonly title: string;
  readonly mandatory: boolean;
  /** X12 type: ID (code), AN (string), DT (date YYMMDD), N2 (number, 2 implied decimals). */
  readonly type: 'ID' | 'AN' | 'DT' | 'N2';
  readonly min: number;
  readonly max: number;
  readonly note?: string;
}

/** In segment order. */
export const DED_ELEMENTS: readonly DedElement[] = Object.freeze([
  { ref: 'DED01', name: 'application_identifier', title: 'application identifier', mandatory: true, type: 'ID', min: 2, max: 2 },
  { ref: 'DED02', name: 'case_identifier', title: 'case identifier', mandatory: true, type: 'AN', min: 1, max: 20, note: 'max [KS 2000]' },
  { ref: 'DED03', name: 'pay_date', title: 'pay date', mandatory: true, type: 'DT', min: 6, max: 6 },
  { ref: 'DED04', name: 'payment_amount', title: 'payment amount', mandatory: true, type: 'N2', min: 1, max: 10, note: 'max [KS 2000]' },
  { ref: 'DED05', name: 'ncp_ssn', title: 'noncustodial parent SSN', mandatory: true, type: 'AN', min: 9, max: 9 },
  { ref: 'DED06', name: 'medical_support_indicator', title: 'medical support indicator', mandatory: true, type: 'ID', min: 1, max: 1 },
  { ref: 'DED07', name: 'ncp_name', title: 'noncustodial parent name', mandatory: false, type: 'AN', min: 1, max: 10, note: 'min [unverified]' },
  { ref: 'DED08', name: 'fips_code', title: 'FIPS code', mandatory: false, type: 'AN', min: 5, max: 7, note: 'min [unverified]' },
  { ref: 'DED09', name: 'employment_termination_indicator', title: 'employment termination indicator', mandatory: false, type: 'ID', min: 1, max: 1 },
] as const);

/** The remittance an employer sends with one child support payment. */
export interface DedRemittance {
  /** DED01: `CS` from an employer; `II`, `IO`, `IT`, `IF` from another State's SDU (DED_APPLICATION_ID_MEANINGS). */
  application_id: string;
  /** DED02: the IV-D case number or court order number, as the receiving agency asks. */
  case_id: string;
  /** DED03: the employee's pay date (not the settlement date), ISO. */
  pay_date: string;
  /** DED04: cents; equal to the entry amount in a CCD+ file. May be 0 with a termination notice. */
  amount_cents: Cents;
  /** DED05: the noncustodial parent's (obligor's) SSN, 9 digits. Mask it in every view and log. */
  ncp_ssn: string;
  /** DED06: true for `Y`, family medical coverage available through the employer. */
  medical_support: boolean;
  /**
   * DED06 as written when it is `W` (not applicable); absent for `Y` and `N`, which `medical_support`
   * already says. The builder writes it when given, and `medical_support` otherwise.
   */
  medical_support_indicator?: DedMedicalSupportIndicator;
  /** DED07: first 7 letters of the last name + first 3 of the first name (see `dedName`). */
  ncp_name?: string;
  /** DED08: 5 (state + county) or 7 (+ local office) characters. */
  fips_code?: string;
  /** DED09: `Y` when the employee has left; omitted otherwise. */
  employment_terminated: boolean;
}

const ELEMENT = Object.fromEntries(DED_ELEMENTS.map((e) => [e.name, e])) as Record<DedElementName, DedElement>;

function label(e: DedElement): string {
  return `DED segment, ${e.title} (${e.ref})`;
}

/**
 * DED07 from a person's name: the first 7 letters of the last name, then the first 3 of the first name,
 * with a comma after a last name shorter than 7 letters (`SAMPLE,JAN`, `JOHNSONMIC`). Letters only,
 * upper case. Undefined when there is no usable last name.
 */
export function dedName(lastName: string, firstName: string): string | undefined {
  const letters = (s: string) => s.toUpperCase().replace(/[^A-Z]/g, '');
  const last = letters(lastName).slice(0, 7);
  const first = letters(firstName).slice(0, 3);
  if (!last) return undefined;
  if (!first) return last;
  return last.length < 7 ? `${last},${first}` : `${last}${first}`;
}

function checkElement(e: DedElement, value: string, problems: ErrorDetail[], path: string): void {
  const problem = (message: string) => problems.push({ path: `${path}/${e.name}`, message: `${label(e)}: ${message}` });
  if (value.length < e.min || value.length > e.max) {
    problem(e.min === e.max ? `must be ${e.min} characters long, found ${value.length}` : `must be ${e.min} to ${e.max} characters long, found ${value.length}`);
    return;
  }
  if (!isPrintableAscii(value)) {
    problem('holds a character outside printable ASCII');
    return;
  }
  if (value.includes(DED_ELEMENT_SEPARATOR) || value.includes(DED_SEGMENT_TERMINATOR)) {
    problem(`may not hold '${DED_ELEMENT_SEPARATOR}' or '${DED_SEGMENT_TERMINATOR}'`);
    return;
  }
  if (value !== value.trim()) problem('may not start or end with a space');
}

/**
 * Reads a DED segment (the 80-character addenda field, trailing spaces allowed). Elements are taken
 * as written, except that spaces around an element are ignored.
 */
export function parseDed(text: string, options: { path?: string } = {}): Result<DedRemittance> {
  const path = options.path ?? 'ded';
  const problems: ErrorDetail[] = [];
  const whole = (message: string): Result<DedRemittance> => fail('IMPORT_REJECTED', `DED segment: ${message}`, [{ path, message: `DED segment: ${message}` }]);
  if (!isPrintableAscii(text)) return whole('holds a character outside printable ASCII');
  const body = text.trimEnd();
  if (!body.startsWith(DED_SEGMENT_ID + DED_ELEMENT_SEPARATOR)) return whole(`must start with '${DED_SEGMENT_ID}${DED_ELEMENT_SEPARATOR}'`);
  const end = body.indexOf(DED_SEGMENT_TERMINATOR);
  if (end < 0) return whole(`must end with the segment terminator '${DED_SEGMENT_TERMINATOR}'`);
  if (end !== body.length - 1) return whole(`only spaces may follow the segment terminator '${DED_SEGMENT_TERMINATOR}'`);
  const raw = body.slice(DED_SEGMENT_ID.length + 1, end).split(DED_ELEMENT_SEPARATOR).map((s) => s.trim());
  // Trailing empty elements are omitted optional elements (an extra trailing `*` is tolerated).
  while (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  if (raw.length > DED_ELEMENTS.length) return whole(`has ${raw.length} elements; at most ${DED_ELEMENTS.length} follow '${DED_SEGMENT_ID}'`);
  const values = new Map<DedElementName, string>();
  DED_ELEMENTS.forEach((e, i) => {
    const value = raw[i] ?? '';
    if (value === '') {
      if (e.mandatory) problems.push({ path: `${path}/${e.name}`, message: `${label(e)}: is mandatory but missing` });
      return;
    }
    const before = problems.length;
    checkElement(e, value, problems, path);
    if (problems.length === before) values.set(e.name, value);
  });
  const problem = (name: DedElementName, message: string) => problems.push({ path: `${path}/${name}`, message: `${label(ELEMENT[name])}: ${message}` });

  const appId = values.get('application_identifier');
  if (appId !== undefined && !DED_APPLICATION_IDS.includes(appId)) problem('application_identifier', `must be one of ${DED_APPLICATION_IDS.join(', ')}, found '${appId}'`);
  const payDateText = values.get('pay_date');
  const payDate = payDateText === undefined ? null : yymmddToIso(payDateText);
  if (payDateText !== undefined && !payDate) problem('pay_date', `must be a real date YYMMDD, found '${payDateText}'`);
  const amountText = values.get('payment_amount');
  if (amountText !== undefined && !/^\d+$/.test(amountText)) problem('payment_amount', `must be digits only (cents, no decimal point or sign), found '${amountText}'`);
  const ssn = values.get('ncp_ssn');
  if (ssn !== undefined && !/^\d{9}$/.test(ssn)) problem('ncp_ssn', 'must be 9 digits');
  const medical = values.get('medical_support_indicator');
  if (medical !== undefined && !DED_MEDICAL_SUPPORT_VALUES.includes(medical)) problem('medical_support_indicator', `must be one of ${DED_MEDICAL_SUPPORT_VALUES.join(', ')}, found '${medical}'`);
  // The convention sends `Y` or omits the element; `N` is read as "not terminated" rather than refused.
  const terminated = values.get('employment_termination_indicator');
  if (terminated !== undefined && terminated !== 'Y' && terminated !== 'N') problem('employment_termination_indicator', `must be 'Y' or omitted, found '${terminated}'`);

  if (problems.length) return fail('IMPORT_REJECTED', `DED segment: ${problems.length} problem${problems.length > 1 ? 's' : ''}`, problems);
  const remittance: DedRemittance = {
    application_id: appId!,
    case_id: values.get('case_identifier')!,
    pay_date: payDate!,
    amount_cents: Number(amountText),
    ncp_ssn: ssn!,
    medical_support: medical === 'Y',
    employment_terminated: terminated === 'Y',
  };
  const name = values.get('ncp_name');
  if (medical === 'W') remittance.medical_support_indicator = 'W';
  if (name !== undefined) remittance.ncp_name = name;
  const fips = values.get('fips_code');
  if (fips !== undefined) remittance.fips_code = fips;
  return ok(remittance);
}

/** Writes a DED segment (without padding; the addenda field pads it to 80). */
export function buildDed(remittance: DedRemittance, options: { path?: string } = {}): Result<string> {
  const path = options.path ?? 'ded';
  const problems: ErrorDetail[] = [];
  const problem = (name: DedElementName, message: string) => problems.push({ path: `${path}/${name}`, message: `${label(ELEMENT[name])}: ${message}` });
  const r = remittance;
  if (!DED_APPLICATION_IDS.includes(r.application_id)) problem('application_identifier', `must be one of ${DED_APPLICATION_IDS.join(', ')}`);
  const payDate = typeof r.pay_date === 'string' ? isoToYymmdd(r.pay_date) : null;
  if (!payDate) problem('pay_date', 'must be an ISO date that fits YYMMDD (1980-2079)');
  if (!Number.isSafeInteger(r.amount_cents) || r.amount_cents < 0) problem('payment_amount', 'must be whole cents, zero or more');
  if (typeof r.ncp_ssn !== 'string' || !/^\d{9}$/.test(r.ncp_ssn)) problem('ncp_ssn', 'must be 9 digits');
  const medical = r.medical_support_indicator ?? (r.medical_support ? 'Y' : 'N');
  if (!DED_MEDICAL_SUPPORT_VALUES.includes(medical)) problem('medical_support_indicator', `must be one of ${DED_MEDICAL_SUPPORT_VALUES.join(', ')}`);
  const elements: string[] = [
    r.application_id,
    r.case_id,
    payDate ?? '',
    Number.isSafeInteger(r.amount_cents) && r.amount_cents >= 0 ? String(r.amount_cents) : '',
    r.ncp_ssn,
    medical,
    r.ncp_name ?? '',
    r.fips_code ?? '',
    r.employment_terminated ? 'Y' : '',
  ];
  DED_ELEMENTS.forEach((e, i) => {
    const value = elements[i]!;
    if (problems.some((p) => p.path === `${path}/${e.name}`)) return;
    if (value === '') {
      if (e.mandatory) problem(e.name, 'is mandatory');
      return;
    }
    checkElement(e, value, problems, path);
  });
  if (problems.length) return fail('VALIDATION_FAILED', `DED segment: ${problems.length} problem${problems.length > 1 ? 's' : ''}`, problems);
  while (elements.length > 0 && elements[elements.length - 1] === '') elements.pop();
  const segment = [DED_SEGMENT_ID, ...elements].join(DED_ELEMENT_SEPARATOR) + DED_SEGMENT_TERMINATOR;
  // Cannot happen with the maxima above (69 characters of data + 10 delimiters), but a table edit could.
  if (segment.length > DED_MAX_LENGTH) return fail('VALIDATION_FAILED', `DED segment: ${segment.length} characters; at most ${DED_MAX_LENGTH} fit`, [{ path, message: `the segment is ${segment.length} characters; at most ${DED_MAX_LENGTH} fit` }]);
  return ok(segment);
}
