/**
 * FCR response processing: the FCR's case and person acknowledgments (accepted, rejected or pended, with
 * error codes, and the SSA's SSN verification of each person) are recorded on the registrations the export
 * keeps; NDNH proactive matches (new hire W-4, quarterly wage QW, unemployment insurance UI) and FCR
 * locate responses become locate results (results.ts). The file is checked whole first: one bad record
 * rejects it, naming the record number and the field, and nothing is written. The same file imported
 * again is refused (import_batch, SHA-256), and the same match in a later file is taken once (the locate
 * result's dedupe key).
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import type { LocateSource } from '../db/schema.ts';
import { inTransaction } from '../db/tx.ts';
import { fail, FailureError, orAbort, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { blindIndex, normalizeSsn } from '../security/pii.ts';
import { textOf, type FieldValue } from '../formats/fixed-width.ts';
import { LOCATE_NO_INFORMATION_CODES, parseFcrResponseFile, type FcrResponseRecord } from '../formats/fcr/files.ts';
import { emptyTally, recordFinding, type FindingTally } from './results.ts';
import { locateConfidence } from './rules.ts';

/** NDNH response agency (positions 61-63) to the locate source; H01 means no NDNH record for the SSN. */
const AGENCY_SOURCES: Record<string, LocateSource> = { H99: 'ndnh_w4', H98: 'ndnh_qw', H97: 'ndnh_ui' };

export interface FcrImportSummary extends Omit<FindingTally, 'resultIds' | 'personIds' | 'caseIds'> {
  batchId: number;
  records: number;
  caseAcks: number;
  personAcks: number;
  rejectedAcks: number;
  ssnVerified: number;
  ssnCorrected: number;
  ssnNotFound: number;
  acksUnmatched: number;
  matches: number;
  matchesUnmatched: number;
  noInformation: number;
  resultIds: number[];
}

/** Begins an import: refuses a file already taken (by content) and records the batch. */
export async function beginImport(db: Db, ctx: RequestContext, kind: string, fileName: string, text: string, lines: number): Promise<number> {
  const sha256 = createHash('sha256').update(text).digest('hex');
  const earlier = await db.selectFrom('import_batch').select('id').where('kind', '=', kind).where('file_sha256', '=', sha256).executeTakeFirst();
  if (earlier) throw new FailureError(fail('ALREADY_PROCESSED', `this file was already imported as batch ${earlier.id}; nothing was written`, undefined, { batchId: earlier.id }));
  const batch = await db.insertInto('import_batch').values({ kind, file_name: fileName.slice(0, 200), file_sha256: sha256, line_count: lines, status: 'accepted', created_by: ctx.actor.userId }).returning('id').executeTakeFirstOrThrow();
  return batch.id;
}

const digits = (v: FieldValue) => (typeof v === 'string' ? v : '');
const isoFromDigits = (v: FieldValue) => {
  const s = digits(v);
  return /^\d{8}$/.test(s) && s !== '00000000' ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : null;
};

/** The person a response is about: the member ID the state sent (when its SSN agrees), else the SSN. */
async function personOf(deps: Deps, db: Db, values: Record<string, FieldValue>): Promise<number | null> {
  const ssn = digits(values.ssn);
  const index = ssn ? blindIndex(deps.keys, normalizeSsn(ssn)) : null;
  const member = textOf(values, 'member_id').trim();
  if (/^\d{1,10}$/.test(member)) {
    const p = await db.selectFrom('person').select(['id', 'ssn_index']).where('id', '=', Number(member)).executeTakeFirst();
    if (p && (!index || p.ssn_index === null || p.ssn_index === index)) return p.id;
  }
  if (!index) return null;
  const p = await db.selectFrom('person').select('id').where('ssn_index', '=', index).executeTakeFirst();
  return p?.id ?? null;
}

async function applyAck(db: Db, rec: FcrResponseRecord, today: string, s: FcrImportSummary): Promise<void> {
  const v = rec.values;
  const c = await db.selectFrom('iv_d_case').select('id').where('case_number', '=', textOf(v, 'case_id').trim()).executeTakeFirst();
  const errors = [1, 2, 3, 4, 5].map((i) => textOf(v, `error_code_${i}`).trim()).filter(Boolean).join(' ') || null;
  const ack = textOf(v, 'acknowledgment_code');
  if (ack === 'REJCT') s.rejectedAcks++;
  if (!c) {
    s.acksUnmatched++;
    return;
  }
  if (rec.kind === 'case_ack') {
    s.caseAcks++;
    const u = await db.updateTable('fcr_registration').set({ ack_code: ack, ack_errors: errors, ack_date: today }).where('case_id', '=', c.id).where('person_id', 'is', null).executeTakeFirst();
    if (Number(u.numUpdatedRows) === 0) s.acksUnmatched++;
    return;
  }
  s.personAcks++;
  const member = textOf(v, 'member_id').trim();
  const validity = textOf(v, 'ssn_validity_code');
  const ssnValidity = validity === 'V' ? ('V' as const) : validity === 'C' ? ('C' as const) : ('N' as const);
  if (ssnValidity === 'V') s.ssnVerified++;
  else if (ssnValidity === 'C') s.ssnCorrected++;
  else s.ssnNotFound++;
  const u = /^\d{1,10}$/.test(member)
    ? await db.updateTable('fcr_registration').set({ ack_code: ack, ack_errors: errors, ack_date: today, ssn_validity: ssnValidity, ssn_validity_date: today }).where('case_id', '=', c.id).where('person_id', '=', Number(member)).executeTakeFirst()
    : { numUpdatedRows: 0n };
  if (Number(u.numUpdatedRows) === 0) s.acksUnmatched++;
}

export async function importFcrResponses(deps: Deps, ctx: RequestContext, fileName: string, text: string): Promise<Result<FcrImportSummary>> {
  const allowed = requirePermission(ctx.actor, 'person.write');
  if (!allowed.ok) return allowed;
  const parsed = parseFcrResponseFile(text);
  if (!parsed.ok) return parsed;
  const today = ctx.clock.today();
  return inTransaction(deps.db, async (db) => {
    orAbort(allowed);
    const batchId = await beginImport(db, ctx, 'fcr_response', fileName, text, parsed.value.length);
    const tally: FindingTally = emptyTally();
    const s: FcrImportSummary & FindingTally = { batchId, records: parsed.value.length, caseAcks: 0, personAcks: 0, rejectedAcks: 0, ssnVerified: 0, ssnCorrected: 0, ssnNotFound: 0, acksUnmatched: 0, matches: 0, matchesUnmatched: 0, noInformation: 0, ...tally };
    for (const rec of parsed.value) {
      if (rec.kind === 'case_ack' || rec.kind === 'person_ack') {
        await applyAck(db, rec, today, s);
        continue;
      }
      const v = rec.values;
      const agency = textOf(v, 'response_agency');
      const code = textOf(v, 'locate_response_code');
      const source: LocateSource | null = rec.kind === 'ndnh_match' ? (AGENCY_SOURCES[agency] ?? null) : 'fcr';
      if (!source || LOCATE_NO_INFORMATION_CODES.includes(code)) {
        s.noInformation++;
        continue;
      }
      const personId = await personOf(deps, db, v);
      if (!personId) {
        s.matchesUnmatched++;
        continue;
      }
      s.matches++;
      const address = {
        line1: textOf(v, 'address_line_1'),
        line2: [textOf(v, 'address_line_2'), textOf(v, 'address_line_3'), textOf(v, 'address_line_4')].filter(Boolean).join(' '),
        city: textOf(v, 'city'),
        state: textOf(v, 'state'),
        zip: textOf(v, 'zip5') + textOf(v, 'zip4'),
      };
      const employerName = textOf(v, 'employer_name').trim();
      // Address type (703): 1 employer, 2 employee, 3 employer's optional address.
      const employerAddress = employerName && ['1', '3'].includes(textOf(v, 'address_type'));
      const hireDate = isoFromDigits(v.hire_date);
      const ssnMatch = textOf(v, 'ssn_match_indicator');
      await recordFinding(
        db,
        ctx,
        {
          batchId,
          recordNumber: rec.record_number,
          source,
          personId,
          reportedDate: hireDate && hireDate <= today ? hireDate : null,
          confidence: locateConfidence({ source, ssnMatchIndicator: ssnMatch || undefined, nameDiffers: code === '46', reportedDate: hireDate, receivedDate: today }),
          detail: { responseAgency: agency, locateResponseCode: code || null, ssnMatchIndicator: ssnMatch || null, stateOfHire: textOf(v, 'state_of_hire') || null, reportingState: textOf(v, 'reporting_state') || null },
          employer: employerName ? { fein: /^\d{9}$/.test(digits(v.fein)) ? digits(v.fein) : null, name: employerName, ...(employerAddress ? { line1: address.line1, city: address.city, state: address.state, zip: address.zip } : {}) } : null,
          address: employerAddress ? null : address,
          startsWithholding: source !== 'fcr',
        },
        s,
      );
    }
    const { resultIds: _r, personIds, caseIds, ...rest } = s;
    await recordAudit(db, ctx, { action: 'import', entityType: 'import_batch', entityId: batchId, personIds, caseIds, detail: { kind: 'fcr_response', ...rest } });
    const { personIds: _p, caseIds: _c, ...summary } = s;
    return summary;
  });
}
