/**
 * State new-hire import: each reported hire is matched to a person on file by SSN (blind index: SSNs are
 * encrypted at rest), the employer is found or registered by FEIN and name, and a matched person gets an
 * employment with source 'new_hire' (unverified until the employer confirms it, e.g. by accepting an
 * income withholding order). A matched obligor closes any open 75-day locate timeframe on their cases
 * and, when an order is in force, income withholding starts (see enforcement/withholding.ts).
 *
 * The whole file is checked first; a file with any bad line is rejected with line numbers and nothing
 * is written. A file already imported (same content, SHA-256) is refused as already processed.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { addDays } from '../kernel/calendar.ts';
import { fail, FailureError, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { programScope, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { blindIndex, normalizeSsn } from '../security/pii.ts';
import { addEmployment, findOrCreateEmployer } from '../participants/store.ts';
import { parseNewHireCsv, parseNewHireFile, type NewHireReport } from '../formats/newhire/newhire.ts';
import { raiseCaseItem } from '../casework/worklist.ts';
import { LOCATE_POLICY, locateConfidence } from './rules.ts';

/** 45 CFR 303.3(b)(3): within 75 calendar days of determining that location is needed. */
export const LOCATE_TIMEFRAME_DAYS = 75;
export const LOCATE_TIMEFRAME_KIND = 'locate';
export const LOCATE_REGULATION = '45 CFR 303.3(b)(3)';

export type NewHireFormat = 'fixed' | 'csv';

export function detectNewHireFormat(fileName: string, text: string): NewHireFormat {
  if (/\.csv$/i.test(fileName)) return 'csv';
  return text.startsWith('W4') ? 'fixed' : 'csv';
}

export function parseNewHires(format: NewHireFormat, text: string): Result<NewHireReport[]> {
  return format === 'fixed' ? parseNewHireFile(text) : parseNewHireCsv(text);
}

export interface NewHireMatch {
  reportId: number;
  line: number;
  personId: number;
  employerId: number;
  employmentId: number;
  hireDate: string;
  /** Open cases on which the person is the obligor. */
  obligorCaseIds: number[];
  /**
   * Where the income source came from when not the state new-hire file ('ndnh_w4', 'state_qw', ...):
   * `reportId` is then the locate_result id.
   */
  source?: string;
}

export interface NewHireImportSummary {
  batchId: number;
  fileName: string;
  format: NewHireFormat;
  reports: number;
  matched: number;
  unmatched: number;
  /** Tribal mode: hires whose SSN is on file in several IV-D programs, imported with no program: matched to none. */
  ambiguous: number;
  /** The file lines of the ambiguous hires, for the report. */
  ambiguousLines: number[];
  employmentsAdded: number;
  employmentsAlreadyKnown: number;
  locateTimeframesMet: number;
  matches: NewHireMatch[];
}

/** Hook for what follows a match in the same transaction (income withholding); returns how many started. */
export type AfterMatch = (db: Db, ctx: RequestContext, match: NewHireMatch) => Promise<void>;

/** Opens the 75-day locate clock on a case (idempotent while one is open). */
export async function openLocateTimeframe(db: Db, caseId: number, startDate: string): Promise<number> {
  const open = await db.selectFrom('case_timeframe').select('id').where('case_id', '=', caseId).where('kind', '=', LOCATE_TIMEFRAME_KIND).where('met_date', 'is', null).executeTakeFirst();
  if (open) return open.id;
  const row = await db
    .insertInto('case_timeframe')
    .values({ case_id: caseId, intake_id: null, kind: LOCATE_TIMEFRAME_KIND, regulation: LOCATE_REGULATION, start_date: startDate, due_date: addDays(startDate, LOCATE_TIMEFRAME_DAYS), met_date: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function obligorCases(db: Db, personId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('case_member as m')
    .innerJoin('iv_d_case as c', 'c.id', 'm.case_id')
    .select('m.case_id')
    .where('m.person_id', '=', personId)
    .where('m.role', 'in', ['noncustodial_parent', 'alleged_father'])
    .where('m.end_date', 'is', null)
    .where('c.status', '=', 'open')
    .orderBy('m.case_id')
    .execute();
  return [...new Set(rows.map((r) => r.case_id))];
}

/**
 * The hire as a locate result (source state_new_hire) beside the other locate sources, with a worklist
 * item for the caseworker to verify the employer; the same hire reported again is one result.
 */
async function recordStateNewHireResult(db: Db, ctx: RequestContext, h: { batchId: number; line: number; personId: number; employerId: number; employmentId: number; hireDate: string; reportId: number; alreadyKnown: boolean; today: string; cases: number[] }): Promise<void> {
  const key = `state_new_hire|${h.personId}|employer|${h.employerId}|${h.hireDate}`;
  const row = await db
    .insertInto('locate_result')
    .values({
      import_batch_id: h.batchId,
      record_number: h.line,
      source: 'state_new_hire',
      item: 'employer',
      person_id: h.personId,
      person_address_id: null,
      person_employment_id: h.employmentId,
      employer_id: h.employerId,
      reported_date: h.hireDate <= h.today ? h.hireDate : null,
      received_date: h.today,
      confidence: locateConfidence({ source: 'state_new_hire', reportedDate: h.hireDate, receivedDate: h.today }),
      verified_date: null,
      verified_by: null,
      verification_method: null,
      verification_note: null,
      detail: JSON.stringify({ newHireReportId: h.reportId, employmentAlreadyKnown: h.alreadyKnown }),
      dedupe_key: key,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return;
  const onCase = h.cases[0] ?? (await db.selectFrom('case_member as m').innerJoin('iv_d_case as c', 'c.id', 'm.case_id').select('m.case_id').where('m.person_id', '=', h.personId).where('m.end_date', 'is', null).where('c.status', '=', 'open').orderBy('m.case_id').executeTakeFirst())?.case_id;
  if (onCase === undefined) return;
  const employer = await db.selectFrom('employer').select('name').where('id', '=', h.employerId).executeTakeFirstOrThrow();
  await raiseCaseItem(db, ctx, {
    kind: 'locate_verification',
    caseId: onCase,
    title: `Verify the employer ${employer.name.toUpperCase()} reported by state new hire (locate result ${row.id})`,
    regulation: LOCATE_REGULATION,
    dueDate: addDays(h.today, LOCATE_POLICY.verifyWithinDays),
    asOf: h.today,
    dedupeKey: `locate-verify:${row.id}`,
    detail: { locateResultId: row.id, source: 'state_new_hire' },
  });
}

export async function importNewHires(deps: Deps, ctx: RequestContext, fileName: string, text: string, afterMatch?: AfterMatch): Promise<Result<NewHireImportSummary>> {
  const allowed = requirePermission(ctx.actor, 'person.write');
  if (!allowed.ok) return allowed;
  // Tribal mode: the file is the importing user's program's (or the command line's --program).
  const scope = await programScope(deps.db, ctx.actor);
  if (!scope.ok) return scope;
  const programId = scope.value;
  const format = detectNewHireFormat(fileName, text);
  const parsed = parseNewHires(format, text);
  if (!parsed.ok) return parsed;
  const sha256 = createHash('sha256').update(text).digest('hex');
  const today = ctx.clock.today();
  return inTransaction(deps.db, async (db) => {
    const earlier = await db.selectFrom('import_batch').select('id').where('kind', '=', 'new_hire').where('file_sha256', '=', sha256).executeTakeFirst();
    if (earlier) throw new FailureError(fail('ALREADY_PROCESSED', `this file was already imported as batch ${earlier.id}; nothing was written`, undefined, { batchId: earlier.id }));
    const batch = await db
      .insertInto('import_batch')
      .values({ kind: 'new_hire', file_name: fileName.slice(0, 200), file_sha256: sha256, line_count: parsed.value.length, status: 'accepted', created_by: ctx.actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const summary: NewHireImportSummary = { batchId: batch.id, fileName, format, reports: parsed.value.length, matched: 0, unmatched: 0, ambiguous: 0, ambiguousLines: [], employmentsAdded: 0, employmentsAlreadyKnown: 0, locateTimeframesMet: 0, matches: [] };
    const personIds: number[] = [];
    const caseIds: number[] = [];
    for (const r of parsed.value) {
      const employer = {
        fein: r.employer_fein,
        name: r.employer_name,
        line1: r.employer_address.line1 || null,
        line2: r.employer_address.line2 || null,
        city: r.employer_address.city || null,
        stateCode: r.employer_address.state || null,
        zip: r.employer_address.zip || null,
        startDate: r.hire_date,
      };
      const employerId = await findOrCreateEmployer(db, employer);
      const ssnIndex = blindIndex(deps.keys, normalizeSsn(r.employee_ssn));
      // Tribal mode: a file for a program matches that program's persons only; a file for the whole install
      // matches a person only when the SSN is on file in one program (else the hire is ambiguous).
      const found = await db.selectFrom('person').select(['id', 'program_id']).where('ssn_index', '=', ssnIndex).$if(programId !== null, (q) => q.where('program_id', '=', programId!)).orderBy('id').execute();
      if (new Set(found.map((p) => p.program_id)).size > 1) {
        summary.ambiguous++;
        summary.ambiguousLines.push(r.line);
        await db.insertInto('new_hire_report').values({ import_batch_id: batch.id, import_line: r.line, ssn_index: ssnIndex, employer_id: employerId, hire_date: r.hire_date, state_of_hire: r.state_of_hire || null, match_status: 'ambiguous', person_id: null, person_employment_id: null }).execute();
        continue;
      }
      const person = found[0];
      if (!person) {
        summary.unmatched++;
        await db.insertInto('new_hire_report').values({ import_batch_id: batch.id, import_line: r.line, ssn_index: ssnIndex, employer_id: employerId, hire_date: r.hire_date, state_of_hire: r.state_of_hire || null, match_status: 'unmatched', person_id: null, person_employment_id: null }).execute();
        continue;
      }
      summary.matched++;
      personIds.push(person.id);
      const current = await db.selectFrom('person_employment').select('id').where('person_id', '=', person.id).where('employer_id', '=', employerId).where('end_date', 'is', null).executeTakeFirst();
      let employmentId: number;
      if (current) {
        employmentId = current.id;
        summary.employmentsAlreadyKnown++;
      } else {
        employmentId = await addEmployment(db, person.id, employer, { source: 'new_hire', effectiveDate: r.hire_date, enteredDate: today, userId: ctx.actor.userId });
        summary.employmentsAdded++;
      }
      const report = await db
        .insertInto('new_hire_report')
        .values({ import_batch_id: batch.id, import_line: r.line, ssn_index: ssnIndex, employer_id: employerId, hire_date: r.hire_date, state_of_hire: r.state_of_hire || null, match_status: 'matched', person_id: person.id, person_employment_id: employmentId, employment_already_known: !!current })
        .returning('id')
        .executeTakeFirstOrThrow();
      const cases = await obligorCases(db, person.id);
      caseIds.push(...cases);
      if (cases.length) {
        const met = await db.updateTable('case_timeframe').set({ met_date: today, met_note: `located: state new hire (file line ${r.line})` }).where('case_id', 'in', cases).where('kind', '=', LOCATE_TIMEFRAME_KIND).where('met_date', 'is', null).executeTakeFirst();
        summary.locateTimeframesMet += Number(met.numUpdatedRows);
      }
      await recordStateNewHireResult(db, ctx, { batchId: batch.id, line: r.line, personId: person.id, employerId, employmentId, hireDate: r.hire_date, reportId: report.id, alreadyKnown: !!current, today, cases });
      const match: NewHireMatch = { reportId: report.id, line: r.line, personId: person.id, employerId, employmentId, hireDate: r.hire_date, obligorCaseIds: cases };
      summary.matches.push(match);
      if (afterMatch && cases.length) await afterMatch(db, ctx, match);
    }
    const { matches: _m, ...auditSummary } = summary;
    await recordAudit(db, ctx, { action: 'import', entityType: 'import_batch', entityId: batch.id, personIds, caseIds, detail: { ...auditSummary, kind: 'new_hire' } });
    return summary;
  });
}
