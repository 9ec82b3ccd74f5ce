/**
 * Pure rules of locate: how much a locate result is trusted (confidence), the labels of the sources, and
 * what an FCR export must send for a case or person given what was sent before (add, change, delete or
 * nothing). No database, clock or HTTP here.
 */
import { createHash } from 'node:crypto';
import type { LocateConfidence, LocateSource } from '../db/schema.ts';
import type { RecordValues } from '../formats/fixed-width.ts';

export const SOURCE_LABELS: Record<LocateSource, string> = {
  ndnh_w4: 'NDNH-W4',
  ndnh_qw: 'NDNH-QW',
  ndnh_ui: 'NDNH-UI',
  fcr: 'FCR',
  state_new_hire: 'state new hire',
  state_qw: 'state QW',
  state_ui: 'state UI',
};

/**
 * State policy (data): the confidence each source starts at, and how old a report may be before it is
 * trusted one level less. A new hire is a current job; a wage quarter may be months old; a UI claim is
 * current income but its address may be a mailing address; FCR addresses come from other agencies' files.
 */
export const LOCATE_POLICY = {
  baseConfidence: { ndnh_w4: 'high', ndnh_qw: 'medium', ndnh_ui: 'medium', fcr: 'medium', state_new_hire: 'high', state_qw: 'medium', state_ui: 'high' } as Record<LocateSource, LocateConfidence>,
  staleAfterDays: 180,
  /** The caseworker's worklist item to verify a new address or employer is due this many calendar days after it arrives. */
  verifyWithinDays: 10,
} as const;

const LEVELS: LocateConfidence[] = ['high', 'medium', 'low'];
const lower = (c: LocateConfidence): LocateConfidence => LEVELS[Math.min(LEVELS.indexOf(c) + 1, 2)]!;

export interface ConfidenceFacts {
  source: LocateSource;
  /** NDNH SSN match indicator: V verified; C corrected, M multiple, X multiple corrected; blank unknown. */
  ssnMatchIndicator?: string | undefined;
  /** The source's name differs from the name on file (FCR locate response code 46, or a name check). */
  nameDiffers?: boolean | undefined;
  reportedDate?: string | null | undefined;
  receivedDate: string;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Confidence: the source's base level, one lower for each doubt (SSN not verified, name differs, stale). */
export function locateConfidence(f: ConfidenceFacts): LocateConfidence {
  let c = LOCATE_POLICY.baseConfidence[f.source];
  if (f.ssnMatchIndicator && f.ssnMatchIndicator !== 'V') c = lower(c);
  if (f.nameDiffers) c = lower(c);
  if (f.reportedDate && daysBetween(f.reportedDate, f.receivedDate) > LOCATE_POLICY.staleAfterDays) c = lower(c);
  return c;
}

/** A comparable key of an address (upper case, single spaces, ZIP5). */
export function addressKey(a: { line1: string; city: string; state: string; zip: string }): string {
  const norm = (s: string) => s.toUpperCase().replace(/[^A-Z0-9 ]/g, '').replace(/\s+/g, ' ').trim();
  return `${norm(a.line1)}|${norm(a.city)}|${a.state.toUpperCase()}|${a.zip.slice(0, 5)}`;
}

/** A ZIP acceptable to the participants table (5 digits or ZIP+4 with a hyphen), or null. */
export function normalizeZip(zip: string): string | null {
  const d = zip.replace(/\D/g, '');
  if (d.length === 5) return d;
  if (d.length === 9) return `${d.slice(0, 5)}-${d.slice(5)}`;
  return null;
}

// ---------------------------------------------------------------------------------------------------
// FCR registration

export type FcrAction = 'A' | 'C' | 'D';

export const PARTICIPANT_TYPES: Record<string, 'CP' | 'NP' | 'PF' | 'CH'> = {
  custodial_party: 'CP',
  noncustodial_parent: 'NP',
  alleged_father: 'PF',
  child: 'CH',
};

/** SHA-256 of a record's field values without the action code (what "changed" means). */
export function recordHash(values: RecordValues): string {
  const { action_type_code: _a, previous_ssn: _p, ...rest } = values as Record<string, unknown>;
  const keys = Object.keys(rest).sort();
  return createHash('sha256').update(JSON.stringify(keys.map((k) => [k, rest[k] ?? '']))).digest('hex');
}

export interface Registration {
  status: 'registered' | 'deleted';
  sentHash: string;
}

/**
 * What to send: a case or person not registered (or deleted before) and still wanted is added; one
 * registered whose values changed is changed; one registered but no longer wanted (closed case, member
 * removed) is deleted; otherwise nothing.
 */
export function fcrAction(reg: Registration | null, wanted: boolean, hash: string): FcrAction | null {
  if (wanted) {
    if (!reg || reg.status === 'deleted') return 'A';
    return reg.sentHash === hash ? null : 'C';
  }
  return reg && reg.status === 'registered' ? 'D' : null;
}

/** FCR text: upper case printable ASCII, cut to the field width. */
export function fcrText(s: string | null | undefined, width: number): string {
  return (s ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9 -]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, width);
}

/** The member ID the state sends for a person (and the FCR echoes back): the person id, 10 digits. */
export function memberId(personId: number): string {
  return String(personId).padStart(10, '0');
}
