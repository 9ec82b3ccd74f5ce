/**
 * FCR export: the FCR input file for a date with every case and case member added or changed since the
 * last transmission. What was sent is kept per case and per person on a case (fcr_registration: the
 * SHA-256 of the record's values and a version), so a second run sends nothing new:
 *   - an open case (or a current member of one) not registered yet, or deleted before: add (A);
 *   - registered with different values (name, SSN, date of birth, order indicator, ...): change (C), with
 *     the SSN last sent as the Previous SSN when the SSN changed;
 *   - registered but the case closed (or the member left the case): delete (D). Deleting a case deletes its
 *     persons on the FCR, so their registrations are marked deleted with it and no FP deletes are sent.
 * Records go case by case: the case record, then its persons. The file holds full SSNs: it is written for
 * transmission and not kept in the database (its SHA-256 is).
 */
import { createHash } from 'node:crypto';
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { isIsoDate } from '../kernel/calendar.ts';
import { fail, FailureError, orAbort, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { decryptText } from '../security/pii.ts';
import type { RecordValues } from '../formats/fixed-width.ts';
import { buildFcrInputFile, type FcrInputRecord } from '../formats/fcr/files.ts';
import { fcrAction, fcrText, memberId, PARTICIPANT_TYPES, recordHash, type FcrAction } from './rules.ts';

/** State policy (data): the state's FIPS code in the header, and who is sent with a locate request type. */
export const FCR_POLICY = {
  stateFips: '42',
  /** Kansas sends locate request type CS on its person records [file-formats.md 3.1]; sent for NP and PF. */
  locateRequestType: 'CS',
} as const;

export interface FcrExportSummary {
  fileDate: string;
  /** null when there was nothing to send (no file, no transmission). */
  batchNumber: number | null;
  transmissionId: number | null;
  caseRecords: { add: number; change: number; delete: number };
  personRecords: { add: number; change: number; delete: number };
  recordCount: number;
  fileSha256: string | null;
}

export interface FcrExport {
  summary: FcrExportSummary;
  /** The file text (full SSNs), or null when nothing was sent. */
  text: string | null;
}

interface Planned {
  record: FcrInputRecord;
  caseId: number;
  personId: number | null;
  action: FcrAction;
  hash: string;
  ssnCiphertext: string | null;
  regId: number | null;
}

export async function exportFcrFile(deps: Deps, ctx: RequestContext, fileDate: string): Promise<Result<FcrExport>> {
  if (!isIsoDate(fileDate)) return fail('VALIDATION_FAILED', undefined, [{ path: '/date', message: 'must be a date (YYYY-MM-DD)' }]);
  return inTransaction(deps.db, async (db) => {
    orAbort(requirePermission(ctx.actor, 'case.write'));
    if (ctx.actor.role !== 'administrator') throw new FailureError(fail('FORBIDDEN', 'the FCR transmission is a statewide batch: administrators (and the batch) run it'));
    const cases = await db.selectFrom('iv_d_case as c').innerJoin('office as o', 'o.id', 'c.office_id').select(['c.id', 'c.case_number', 'c.status', 'o.county_fips']).orderBy('c.id').execute();
    const members = await db
      .selectFrom('case_member as m')
      .innerJoin('person as p', 'p.id', 'm.person_id')
      .select(['m.case_id', 'm.person_id', 'm.role', 'm.end_date', 'm.id as member_row', 'p.first_name', 'p.middle_name', 'p.last_name', 'p.sex', 'p.date_of_birth', 'p.ssn_ciphertext'])
      .orderBy('m.case_id')
      .orderBy('m.id')
      .execute();
    const ordered = new Set((await db.selectFrom('support_order').select('case_id').where('status', '=', 'active').execute()).map((o) => o.case_id));
    const regs = await db.selectFrom('fcr_registration').selectAll().execute();
    const regOf = new Map(regs.map((r) => [`${r.case_id}|${r.person_id ?? 0}`, r]));
    const membersOf = new Map<number, typeof members>();
    for (const m of members) {
      const list = membersOf.get(m.case_id) ?? [];
      list.push(m);
      membersOf.set(m.case_id, list);
    }

    const planned: Planned[] = [];
    const deletedWithCase: number[] = [];
    for (const c of cases) {
      const caseValues: RecordValues = {
        case_id: c.case_number.slice(0, 15),
        case_type: 'F',
        order_indicator: ordered.has(c.id) ? 'Y' : 'N',
        fips_county_code: c.county_fips ? c.county_fips.slice(-3) : undefined,
        user_field: '',
        previous_case_id: '',
      };
      const caseHash = recordHash(caseValues);
      const caseReg = regOf.get(`${c.id}|0`) ?? null;
      const open = c.status === 'open';
      const caseAction = fcrAction(caseReg ? { status: caseReg.status, sentHash: caseReg.sent_hash } : null, open, caseHash);
      if (caseAction) planned.push({ record: { type: 'case', values: { ...caseValues, action_type_code: caseAction } }, caseId: c.id, personId: null, action: caseAction, hash: caseHash, ssnCiphertext: null, regId: caseReg?.id ?? null });
      if (caseAction === 'D') {
        for (const r of regs) if (r.case_id === c.id && r.person_id !== null && r.status === 'registered') deletedWithCase.push(r.id);
        continue;
      }
      // One person record per person on the case: the current membership wins over an ended one.
      const byPerson = new Map<number, (typeof members)[number]>();
      for (const m of membersOf.get(c.id) ?? []) {
        const have = byPerson.get(m.person_id);
        if (!have || (have.end_date !== null && m.end_date === null)) byPerson.set(m.person_id, m);
      }
      for (const m of byPerson.values()) {
        const type = PARTICIPANT_TYPES[m.role]!;
        const ssn = m.ssn_ciphertext ? decryptText(deps.keys, m.ssn_ciphertext) : undefined;
        const values: RecordValues = {
          case_id: c.case_number.slice(0, 15),
          user_field: '',
          fips_county_code: c.county_fips ? c.county_fips.slice(-3) : undefined,
          locate_request_type: type === 'NP' || type === 'PF' ? FCR_POLICY.locateRequestType : '',
          participant_type: type,
          family_violence: '',
          member_id: memberId(m.person_id),
          sex: m.sex === 'U' ? '' : m.sex,
          birth_date: m.date_of_birth ?? undefined,
          ssn,
          person_first_name: fcrText(m.first_name, 16),
          person_middle_name: fcrText(m.middle_name, 16),
          person_last_name: fcrText(m.last_name, 30),
        };
        const hash = recordHash(values);
        const reg = regOf.get(`${c.id}|${m.person_id}`) ?? null;
        const wanted = open && m.end_date === null;
        const action = fcrAction(reg ? { status: reg.status, sentHash: reg.sent_hash } : null, wanted, hash);
        if (!action) continue;
        let previousSsn: string | undefined;
        if (action === 'C' && reg?.sent_ssn_ciphertext) {
          const before = decryptText(deps.keys, reg.sent_ssn_ciphertext);
          if (before !== ssn) previousSsn = before;
        }
        planned.push({ record: { type: 'person', values: { ...values, action_type_code: action, previous_ssn: previousSsn } }, caseId: c.id, personId: m.person_id, action, hash, ssnCiphertext: m.ssn_ciphertext, regId: reg?.id ?? null });
      }
    }

    const count = (type: 'case' | 'person', a: FcrAction) => planned.filter((p) => p.record.type === type && p.action === a).length;
    const summary: FcrExportSummary = {
      fileDate,
      batchNumber: null,
      transmissionId: null,
      caseRecords: { add: count('case', 'A'), change: count('case', 'C'), delete: count('case', 'D') },
      personRecords: { add: count('person', 'A'), change: count('person', 'C'), delete: count('person', 'D') },
      recordCount: planned.length,
      fileSha256: null,
    };
    if (planned.length === 0) return { summary, text: null };

    const last = await db.selectFrom('fcr_transmission').select((eb) => eb.fn.max('batch_number').as('n')).executeTakeFirst();
    const batchNumber = Number(last?.n ?? 0) + 1;
    const built = buildFcrInputFile({ state_code: FCR_POLICY.stateFips, date_stamp: fileDate, batch_number: batchNumber }, planned.map((p) => p.record));
    if (!built.ok) throw new FailureError(built);
    const sha = createHash('sha256').update(built.value).digest('hex');
    const t = await db
      .insertInto('fcr_transmission')
      .values({ batch_number: batchNumber, file_date: fileDate, case_records: planned.filter((p) => p.record.type === 'case').length, person_records: planned.filter((p) => p.record.type === 'person').length, record_count: planned.length, file_sha256: sha, created_by: ctx.actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const p of planned) {
      const status = p.action === 'D' ? ('deleted' as const) : ('registered' as const);
      if (p.regId) {
        await db
          .updateTable('fcr_registration')
          .set((eb) => ({ status, sent_version: eb('sent_version', '+', 1), sent_hash: p.hash, sent_ssn_ciphertext: p.ssnCiphertext, last_action: p.action, last_transmission_id: t.id, ack_code: null, ack_errors: null, ack_date: null, updated_at: ctx.clock.now() }))
          .where('id', '=', p.regId)
          .execute();
      } else {
        await db
          .insertInto('fcr_registration')
          .values({ record_type: p.personId === null ? 'case' : 'person', case_id: p.caseId, person_id: p.personId, status, sent_version: 1, sent_hash: p.hash, sent_ssn_ciphertext: p.ssnCiphertext, last_action: p.action, last_transmission_id: t.id, ack_code: null, ack_errors: null, ack_date: null, ssn_validity: null, ssn_validity_date: null })
          .execute();
      }
    }
    if (deletedWithCase.length) await db.updateTable('fcr_registration').set({ status: 'deleted', last_action: 'D', last_transmission_id: t.id, updated_at: ctx.clock.now() }).where('id', 'in', deletedWithCase).execute();
    summary.batchNumber = batchNumber;
    summary.transmissionId = t.id;
    summary.fileSha256 = sha;
    await recordAudit(db, ctx, {
      action: 'export',
      entityType: 'fcr_transmission',
      entityId: t.id,
      personIds: planned.flatMap((p) => (p.personId ? [p.personId] : [])),
      caseIds: [...new Set(planned.map((p) => p.caseId))],
      detail: { ...summary },
    });
    return { summary, text: built.value };
  });
}
