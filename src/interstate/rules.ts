/**
 * Pure intergovernmental rules: the CSENet transactions OpenCSE sends and understands (function, action,
 * reason), what each needs in it, what receiving one does, and which 45 CFR 303.7 clock it starts.
 * No database, HTTP or clock here.
 *
 * Sources: file-formats.md 5.3 (function codes [OCSE 2004 presentation]; CSI P FUINF and MSC P REJCT
 * [OCSE release specs]; the other reason codes appear in Kansas code with meanings [unverified]; the
 * valid-transaction matrix, IGD Appendix B, is not in the reference). Where a reason code is OpenCSE's own
 * choice the table says so; correct it here when Appendix B is at hand.
 */
import { asciiUpper, toAscii } from '../formats/ascii.ts';
import type { ErrorDetail } from '../kernel/result.ts';
import type { ClockEvent } from '../casework/timeframe-rules.ts';
import type { CsenetTransaction } from '../formats/csenet/csenet.ts';
import { COL_PROVIDE_REASON_CODES, type ActionCode, type FunctionCode } from '../formats/csenet/layouts.ts';

export const FUNCTION_MEANINGS: Record<FunctionCode, string> = {
  LO1: 'Quick Locate',
  LO2: 'Locate (meaning [unverified], seen in Kansas code)',
  CSI: 'Case Status Information',
  ENF: 'Enforcement',
  MSC: 'Managing State Cases',
  PAT: 'Paternity Establishment',
  EST: 'Order Establishment',
  COL: 'Collection',
};

export const ACTION_MEANINGS: Record<ActionCode, string> = {
  R: 'request',
  P: 'provide',
  A: 'acknowledge',
  U: 'update',
  C: 'cancel',
  M: 'reminder ([unverified])',
};

export interface ReasonCode {
  code: string;
  functionCode: FunctionCode;
  action: ActionCode;
  meaning: string;
  /** '[OCSE]' confirmed in an OCSE release spec; '[KS]' seen in Kansas code, meaning inferred; '[OpenCSE]' a local choice; '[unverified]' a placeholder not found in any source. */
  source: '[OCSE]' | '[KS]' | '[OpenCSE]' | '[unverified]';
}

/**
 * The reason codes OpenCSE writes or reads, by function and action. An acknowledgment (A) carries no
 * reason code ([OpenCSE]: the reference has none for acknowledgments).
 */
export const REASON_CODES: readonly ReasonCode[] = [
  { code: 'FRINF', functionCode: 'CSI', action: 'R', meaning: 'request case status information', source: '[KS]' },
  { code: 'FSINF', functionCode: 'CSI', action: 'P', meaning: 'case status information provided', source: '[KS]' },
  { code: 'FUINF', functionCode: 'CSI', action: 'P', meaning: 'no case information is available for the requested case id', source: '[OCSE]' },
  { code: 'LSALL', functionCode: 'LO1', action: 'R', meaning: 'locate the noncustodial parent through all sources', source: '[KS]' },
  { code: 'LSADR', functionCode: 'LO1', action: 'P', meaning: 'address found', source: '[KS]' },
  { code: 'LUALL', functionCode: 'LO1', action: 'P', meaning: 'unable to locate', source: '[KS]' },
  { code: 'ESREG', functionCode: 'ENF', action: 'R', meaning: 'register and enforce the order', source: '[KS]' },
  { code: 'ESWAG', functionCode: 'ENF', action: 'R', meaning: 'enforce by income withholding', source: '[KS]' },
  { code: 'SICHS', functionCode: 'EST', action: 'R', meaning: 'establish a child support order', source: '[KS]' },
  { code: 'SSMOD', functionCode: 'EST', action: 'R', meaning: 'review and modify the order', source: '[KS]' },
  { code: 'PICHS', functionCode: 'PAT', action: 'R', meaning: 'establish paternity and child support', source: '[KS]' },
  { code: 'PSEST', functionCode: 'PAT', action: 'P', meaning: 'paternity established', source: '[KS]' },
  // COL P codes are data in the CSENet layout tables (COL_PROVIDE_REASON_CODES), with their confidence.
  ...COL_PROVIDE_REASON_CODES.map((r): ReasonCode => ({ code: r.code, functionCode: 'COL', action: 'P', meaning: r.meaning, source: r.note.startsWith('[KS]') ? '[KS]' : '[unverified]' })),
  { code: 'GSUPD', functionCode: 'MSC', action: 'U', meaning: 'case information updated', source: '[KS]' },
  { code: 'GSC02', functionCode: 'MSC', action: 'R', meaning: 'stop enforcement and close the case (instruction to the responding agency)', source: '[KS]' },
  { code: 'REJCT', functionCode: 'MSC', action: 'P', meaning: 'the case id sent does not match any case in the receiving State', source: '[OCSE]' },
];

export function reasonCode(functionCode: string, action: string, code: string): ReasonCode | null {
  return REASON_CODES.find((r) => r.functionCode === functionCode && r.action === action && r.code === code) ?? null;
}

/** Function codes whose request refers a case for services (the responding State opens a case). */
export const REFERRAL_FUNCTIONS: readonly FunctionCode[] = ['ENF', 'EST', 'PAT'];

/** Which actions each function takes ([OpenCSE] until the Appendix B matrix is checked). */
export const VALID_ACTIONS: Record<FunctionCode, readonly ActionCode[]> = {
  LO1: ['R', 'P', 'A', 'M'],
  LO2: ['R', 'P', 'A', 'M'],
  CSI: ['R', 'P', 'M'],
  ENF: ['R', 'A', 'P', 'U', 'C', 'M'],
  EST: ['R', 'A', 'P', 'U', 'C', 'M'],
  PAT: ['R', 'A', 'P', 'U', 'C', 'M'],
  MSC: ['R', 'P', 'U', 'A'],
  COL: ['P', 'A'],
};

/**
 * Problems that make a well-formed transaction unusable: an action the function does not take, a reason
 * code that is not one of the function's, or a block the transaction needs and lacks. Each names the field.
 */
export function transactionProblems(t: CsenetTransaction): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const h = t.header;
  const add = (path: string, message: string) => problems.push({ path, message });
  if (!VALID_ACTIONS[h.functionCode].includes(h.action)) {
    add('header/action_code', `CSENet header, action_code (position 34): ${h.functionCode} does not take action ${h.action} (takes ${VALID_ACTIONS[h.functionCode].join(', ')})`);
  }
  if (h.action !== 'A' && h.action !== 'M') {
    if (!h.reasonCode) add('header/action_reason_code', `CSENet header, action_reason_code (positions 76-80): is required for ${h.functionCode} ${h.action}`);
    else if (!reasonCode(h.functionCode, h.action, h.reasonCode)) {
      const known = REASON_CODES.filter((r) => r.functionCode === h.functionCode && r.action === h.action).map((r) => r.code);
      add('header/action_reason_code', `CSENet header, action_reason_code (positions 76-80): ${h.reasonCode} is not a reason code for ${h.functionCode} ${h.action}${known.length ? ` (known: ${known.join(', ')})` : ''}`);
    }
  }
  if (!h.caseId) add('header/case_id', "CSENet header, case_id (positions 46-60): the sender's case id is required");
  if (h.action === 'R' && REFERRAL_FUNCTIONS.includes(h.functionCode)) {
    if (!t.case) add('case', `${h.functionCode} R needs the Case block (case type, payment address, contact)`);
    if (!t.ncpIdentification && !t.participants.some((p) => p.relationship === 'N' || p.relationship === 'A')) {
      add('ncp_identification', `${h.functionCode} R needs the NCP Identification block or a noncustodial parent participant`);
    }
    if (!t.participants.some((p) => p.relationship === 'D')) add('participant', `${h.functionCode} R needs at least one dependent child participant (relationship D)`);
    if (h.functionCode === 'ENF' && t.orders.length === 0) add('order', 'ENF R needs the Order block of the order to enforce');
  }
  if (h.functionCode === 'COL' && h.action === 'P' && t.collections.length === 0) add('collection', 'COL P needs at least one Collection block');
  if (h.functionCode === 'COL' && h.action === 'P' && !h.otherCaseId) add('header/other_case_id', "CSENet header, other_case_id (positions 61-75): a collection advice names the initiating State's case id");
  return problems;
}

/** What receiving a valid transaction does. */
export type ReceivePlan =
  | { kind: 'answer_status' }
  | { kind: 'open_responding_case'; clockEvent: ClockEvent }
  | { kind: 'new_information'; clockEvent: ClockEvent }
  | { kind: 'close_instruction'; clockEvent: ClockEvent }
  | { kind: 'receipt_collection' }
  | { kind: 'record_answer' }
  | { kind: 'answer_locate' };

export function receivePlan(t: CsenetTransaction): ReceivePlan {
  const h = t.header;
  if (h.functionCode === 'CSI' && h.action === 'R') return { kind: 'answer_status' };
  if ((h.functionCode === 'LO1' || h.functionCode === 'LO2') && h.action === 'R') return { kind: 'answer_locate' };
  // 303.7(b)(2) and (d)(2): the central registry has 10 working days, locate 75 days, from receipt.
  if (REFERRAL_FUNCTIONS.includes(h.functionCode) && h.action === 'R') return { kind: 'open_responding_case', clockEvent: 'intergovernmental_case_received' };
  if (h.functionCode === 'MSC' && h.action === 'R' && h.reasonCode === 'GSC02') return { kind: 'close_instruction', clockEvent: 'close_instruction_received' };
  // 303.7(a)(7): new information on an intergovernmental case, 10 working days to pass it on.
  if (h.action === 'U') return { kind: 'new_information', clockEvent: 'new_information_received' };
  if (h.functionCode === 'COL' && h.action === 'P') return { kind: 'receipt_collection' };
  return { kind: 'record_answer' };
}

// ---- mapping our data to blocks ------------------------------------------------------------------------

/** Participant relationship codes OpenCSE writes ([unverified] code table). */
export const RELATIONSHIP_OF_ROLE: Record<string, string> = { custodial_party: 'C', noncustodial_parent: 'N', alleged_father: 'A', child: 'D' };
export const ROLE_OF_RELATIONSHIP: Record<string, 'custodial_party' | 'noncustodial_parent' | 'alleged_father' | 'child'> = { C: 'custodial_party', N: 'noncustodial_parent', A: 'alleged_father', D: 'child' };

/** Case type codes in the Case block ([unverified] code table; OpenCSE's choice). */
export const CASE_TYPE_CODE: Record<string, string> = { current_assistance: 'A', former_assistance: 'F', never_assistance: 'N', iv_e_foster_care: 'E', medicaid_only: 'M' };
export const CASE_TYPE_OF_CODE: Record<string, string> = Object.fromEntries(Object.entries(CASE_TYPE_CODE).map(([k, v]) => [v, k]));

export const FREQUENCY_CODE: Record<string, string> = { weekly: 'W', biweekly: 'B', semimonthly: 'S', monthly: 'M', one_time: 'O' };

/** Payment source codes in the Collection block ([unverified] code table; OpenCSE's choice). */
export const PAYMENT_SOURCE_CODE: Record<string, string> = { ach_employer: 'W', federal_tax_offset: 'F', state_tax_offset: 'S', unemployment_offset: 'U' };

/**
 * Up to `length` characters of printable ASCII, upper case (CSENet fields are ASCII): letters are
 * transliterated (formats/ascii.ts: PEÑA -> PENA, STRAßE -> STRASSE); a character with no Latin form is
 * left out rather than refusing the transaction.
 */
export function asciiField(text: string | null | undefined, length: number): string {
  const upper = (text ?? '').toUpperCase();
  return (asciiUpper(upper, length) ?? [...upper].map((ch) => toAscii(ch) ?? '').join('').slice(0, length));
}
