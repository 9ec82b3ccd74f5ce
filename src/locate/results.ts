/**
 * Locate results: an address or employer a locate source reported for a person on file, recorded into the
 * participant's history (participants/store.ts) with its source, confidence and verification; a result
 * for a noncustodial parent meets the case's open 75-day locate clock (casework) and names the source; a
 * new employer of an obligor with an order starts income withholding (enforcement/withholding.ts) as a
 * state new hire does; and the caseworker gets a worklist item to verify what arrived. Verification (by the
 * caseworker, a postal or an employer verification) moves a result from unverified to verified or failed
 * and carries that onto the history row.
 */
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import type { LocateConfidence, LocateSource, LocateVerification } from '../db/schema.ts';
import { inTransaction } from '../db/tx.ts';
import { addDays } from '../kernel/calendar.ts';
import { fail, FailureError, ok, orAbort, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { canSeePerson, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { addAddress, addEmployment, findOrCreateEmployer } from '../participants/store.ts';
import { syncClocks } from '../casework/timeframes.ts';
import { closeItemByKey, closeItemsForClock, raiseCaseItem } from '../casework/worklist.ts';
import { startIncomeWithholding } from '../enforcement/withholding.ts';
import { LOCATE_REGULATION, LOCATE_TIMEFRAME_KIND, obligorCases } from './newhire.ts';
import { addressKey, LOCATE_POLICY, normalizeZip, SOURCE_LABELS } from './rules.ts';

export interface FoundAddress {
  line1: string;
  line2?: string | undefined;
  city: string;
  state: string;
  zip: string;
}

export interface FoundEmployer {
  fein: string | null;
  name: string;
  line1?: string | undefined;
  city?: string | undefined;
  state?: string | undefined;
  zip?: string | undefined;
}

export interface Finding {
  batchId: number;
  recordNumber: number;
  source: LocateSource;
  personId: number;
  reportedDate: string | null;
  confidence: LocateConfidence;
  detail: Record<string, unknown>;
  address?: FoundAddress | null | undefined;
  employer?: FoundEmployer | null | undefined;
  /** A new employer (or UI agency) of an obligor with an order starts income withholding. */
  startsWithholding: boolean;
}

export interface FindingTally {
  addressesRecorded: number;
  employersRecorded: number;
  duplicates: number;
  addressesUnusable: number;
  locateTimeframesMet: number;
  withholdingStarted: number;
  worklistItems: number;
  resultIds: number[];
  personIds: number[];
  caseIds: number[];
}

export const emptyTally = (): FindingTally => ({ addressesRecorded: 0, employersRecorded: 0, duplicates: 0, addressesUnusable: 0, locateTimeframesMet: 0, withholdingStarted: 0, worklistItems: 0, resultIds: [], personIds: [], caseIds: [] });

const LOCATE_CLOCK_KINDS = [LOCATE_TIMEFRAME_KIND, 'ic_responding_locate'];

/** Open cases the person is on (any role), oldest first: where a verification item goes. */
async function personOpenCases(db: Db, personId: number): Promise<number[]> {
  const rows = await db.selectFrom('case_member as m').innerJoin('iv_d_case as c', 'c.id', 'm.case_id').select('m.case_id').where('m.person_id', '=', personId).where('m.end_date', 'is', null).where('c.status', '=', 'open').orderBy('m.case_id').execute();
  return [...new Set(rows.map((r) => r.case_id))];
}

/**
 * Meets the open locate clocks of the obligor's cases (first bringing the cases' clocks in step, so a
 * clock the data call for exists); returns the clock ids met.
 */
async function meetLocateClocks(db: Db, ctx: RequestContext, caseIds: number[], source: LocateSource, resultId: number, today: string): Promise<number[]> {
  if (!caseIds.length) return [];
  await syncClocks(db, ctx, { caseIds }, today);
  const open = await db.selectFrom('case_timeframe').select('id').where('case_id', 'in', caseIds).where('kind', 'in', LOCATE_CLOCK_KINDS).where('met_date', 'is', null).where('cancelled_date', 'is', null).where('start_date', '<=', today).execute();
  const note = `located: ${SOURCE_LABELS[source]} (locate result ${resultId})`;
  for (const t of open) {
    await db.updateTable('case_timeframe').set({ met_date: today, met_note: note, met_by: ctx.actor.userId }).where('id', '=', t.id).execute();
    await closeItemsForClock(db, ctx, t.id, today, note);
  }
  return open.map((t) => t.id);
}

async function afterResult(db: Db, ctx: RequestContext, f: Finding, resultId: number, item: 'address' | 'employer', what: string, tally: FindingTally): Promise<void> {
  const today = ctx.clock.today();
  tally.resultIds.push(resultId);
  tally.personIds.push(f.personId);
  const obligor = await obligorCases(db, f.personId);
  tally.caseIds.push(...obligor);
  const met = await meetLocateClocks(db, ctx, obligor, f.source, resultId, today);
  if (met.length) {
    tally.locateTimeframesMet += met.length;
    await db.updateTable('locate_result').set({ met_timeframe_ids: JSON.stringify(met) }).where('id', '=', resultId).execute();
  }
  const cases = obligor.length ? obligor : await personOpenCases(db, f.personId);
  if (cases.length) {
    const raised = await raiseCaseItem(db, ctx, {
      kind: 'locate_verification',
      caseId: cases[0]!,
      title: `Verify the ${item} ${what} reported by ${SOURCE_LABELS[f.source]} (${f.confidence} confidence; locate result ${resultId})`,
      regulation: LOCATE_REGULATION,
      dueDate: addDays(today, LOCATE_POLICY.verifyWithinDays),
      asOf: today,
      dedupeKey: `locate-verify:${resultId}`,
      detail: { locateResultId: resultId, source: f.source },
    });
    if (raised) tally.worklistItems++;
  }
}

/** Records one finding (an address, an employer or both) inside the caller's transaction. */
export async function recordFinding(db: Db, ctx: RequestContext, f: Finding, tally: FindingTally): Promise<void> {
  const today = ctx.clock.today();
  const base = { import_batch_id: f.batchId, record_number: f.recordNumber, source: f.source, person_id: f.personId, reported_date: f.reportedDate, received_date: today, confidence: f.confidence, verified_date: null, verified_by: null, verification_method: null, verification_note: null, detail: JSON.stringify(f.detail) };

  if (f.employer && f.employer.name.trim()) {
    const zip = f.employer.zip ? normalizeZip(f.employer.zip) : null;
    const employer = { fein: f.employer.fein, name: f.employer.name.trim(), line1: f.employer.line1 || null, city: f.employer.city || null, stateCode: f.employer.state || null, zip, startDate: f.reportedDate };
    const employerId = await findOrCreateEmployer(db, employer);
    const key = `${f.source}|${f.personId}|employer|${employerId}|${f.reportedDate ?? ''}`;
    if (await db.selectFrom('locate_result').select('id').where('dedupe_key', '=', key).executeTakeFirst()) {
      tally.duplicates++;
    } else {
      const current = await db.selectFrom('person_employment').select('id').where('person_id', '=', f.personId).where('employer_id', '=', employerId).where('end_date', 'is', null).executeTakeFirst();
      const employmentId = current?.id ?? (await addEmployment(db, f.personId, employer, { source: f.source, effectiveDate: today, userId: ctx.actor.userId }));
      const row = await db
        .insertInto('locate_result')
        .values({ ...base, item: 'employer', person_address_id: null, person_employment_id: employmentId, employer_id: employerId, dedupe_key: key, detail: JSON.stringify({ ...f.detail, employmentAlreadyKnown: !!current }) })
        .returning('id')
        .executeTakeFirstOrThrow();
      tally.employersRecorded++;
      if (f.startsWithholding) {
        const cases = await obligorCases(db, f.personId);
        if (cases.length) {
          const started = await startIncomeWithholding(db, ctx, { reportId: row.id, line: f.recordNumber, personId: f.personId, employerId, employmentId, hireDate: f.reportedDate ?? today, obligorCaseIds: cases, source: f.source });
          tally.withholdingStarted += started.length;
        }
      }
      await afterResult(db, ctx, f, row.id, 'employer', employer.name.toUpperCase(), tally);
    }
  }

  if (f.address && f.address.line1.trim()) {
    const zip = normalizeZip(f.address.zip);
    if (!zip || !f.address.city.trim() || !/^[A-Z]{2}$/i.test(f.address.state)) {
      tally.addressesUnusable++;
      return;
    }
    const found = { line1: f.address.line1.trim(), city: f.address.city.trim(), state: f.address.state.toUpperCase(), zip };
    const key = `${f.source}|${f.personId}|address|${addressKey(found)}`;
    if (await db.selectFrom('locate_result').select('id').where('dedupe_key', '=', key).executeTakeFirst()) {
      tally.duplicates++;
      return;
    }
    // The same address already current (from any source) is pointed at, not added again.
    const current = await db.selectFrom('person_address').select(['id', 'line1', 'city', 'state_code', 'zip']).where('person_id', '=', f.personId).where('kind', '=', 'residential').where('effective_to', 'is', null).executeTakeFirst();
    const same = current && addressKey({ line1: current.line1, city: current.city, state: current.state_code, zip: current.zip }) === addressKey(found);
    const addressId = same
      ? current.id
      : await addAddress(db, f.personId, { kind: 'residential', line1: found.line1, line2: f.address.line2?.trim() || null, city: found.city, stateCode: found.state, zip }, { source: f.source, effectiveDate: today, userId: ctx.actor.userId });
    const row = await db
      .insertInto('locate_result')
      .values({ ...base, item: 'address', person_address_id: addressId, person_employment_id: null, employer_id: null, dedupe_key: key, detail: JSON.stringify({ ...f.detail, addressAlreadyCurrent: !!same }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    tally.addressesRecorded++;
    await afterResult(db, ctx, f, row.id, 'address', `in ${found.city.toUpperCase()}, ${found.state}`, tally);
  }
}

// ---------------------------------------------------------------------------------------------------
// Reading and verifying

export interface LocateResultView {
  resultId: number;
  source: LocateSource;
  sourceLabel: string;
  item: 'address' | 'employer';
  confidence: LocateConfidence;
  verification: LocateVerification;
  verifiedDate: string | null;
  verificationMethod: string | null;
  verificationNote: string | null;
  reportedDate: string | null;
  receivedDate: string;
  address: { addressId: number; line1: string; line2: string | null; city: string; stateCode: string; zip: string } | null;
  employer: { employmentId: number; employerId: number; name: string; fein: string | null } | null;
  detail: Record<string, unknown>;
  locateTimeframesMet: number[];
}

const parseJson = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

/** A person's locate results, newest first. */
export async function listLocateResults(deps: Pick<Deps, 'db'>, ctx: RequestContext, personId: number): Promise<Result<{ personId: number; results: LocateResultView[] }>> {
  const allowed = requirePermission(ctx.actor, 'person.read');
  if (!allowed.ok) return allowed;
  const { db } = deps;
  if (!(await canSeePerson(db, ctx.actor, personId))) return fail('NOT_FOUND', `no person ${personId} that you may see`);
  const rows = await db
    .selectFrom('locate_result as r')
    .leftJoin('person_address as a', 'a.id', 'r.person_address_id')
    .leftJoin('employer as e', 'e.id', 'r.employer_id')
    .select(['r.id', 'r.source', 'r.item', 'r.confidence', 'r.verification', 'r.verified_date', 'r.verification_method', 'r.verification_note', 'r.reported_date', 'r.received_date', 'r.detail', 'r.met_timeframe_ids', 'r.person_address_id', 'r.person_employment_id', 'r.employer_id', 'a.line1', 'a.line2', 'a.city', 'a.state_code', 'a.zip', 'e.name as employer_name', 'e.fein'])
    .where('r.person_id', '=', personId)
    .orderBy('r.id', 'desc')
    .execute();
  await recordAudit(db, ctx, { action: 'read', entityType: 'locate_result', entityId: personId, personIds: [personId], detail: { returned: rows.length } });
  return ok({
    personId,
    results: rows.map((r) => ({
      resultId: r.id,
      source: r.source,
      sourceLabel: SOURCE_LABELS[r.source],
      item: r.item,
      confidence: r.confidence,
      verification: r.verification,
      verifiedDate: r.verified_date,
      verificationMethod: r.verification_method,
      verificationNote: r.verification_note,
      reportedDate: r.reported_date,
      receivedDate: r.received_date,
      address: r.person_address_id ? { addressId: r.person_address_id, line1: r.line1!, line2: r.line2, city: r.city!, stateCode: r.state_code!, zip: r.zip! } : null,
      employer: r.person_employment_id ? { employmentId: r.person_employment_id, employerId: r.employer_id!, name: r.employer_name!, fein: r.fein } : null,
      detail: parseJson(r.detail) as Record<string, unknown>,
      locateTimeframesMet: (parseJson(r.met_timeframe_ids) as number[]) ?? [],
    })),
  });
}

export interface VerifyInput {
  outcome: 'verified' | 'failed';
  method: 'caseworker' | 'postal' | 'employer';
  note?: string | undefined;
}

/**
 * Records the outcome of verifying a result: the result and its history row become verified (the casework
 * facts then count the person as located) or failed (the history row is marked bad); the worklist item
 * closes. A result is verified once.
 */
export async function verifyLocateResult(deps: Deps, ctx: RequestContext, resultId: number, input: VerifyInput): Promise<Result<{ resultId: number; verification: LocateVerification; verifiedDate: string }>> {
  return inTransaction(deps.db, async (db) => {
    orAbort(requirePermission(ctx.actor, 'person.write'));
    const r = await db.selectFrom('locate_result').selectAll().where('id', '=', resultId).forUpdate().executeTakeFirst();
    if (!r || !(await canSeePerson(db, ctx.actor, r.person_id))) throw new FailureError(fail('NOT_FOUND', `no locate result ${resultId} that you may see`));
    if (r.verification !== 'unverified') throw new FailureError(fail('ALREADY_PROCESSED', `locate result ${resultId} was already ${r.verification} on ${r.verified_date}`));
    const today = ctx.clock.today();
    await db.updateTable('locate_result').set({ verification: input.outcome, verified_date: today, verified_by: ctx.actor.userId, verification_method: input.method, verification_note: input.note ?? null }).where('id', '=', r.id).execute();
    const history = input.outcome === 'verified' ? { verification: 'verified' as const, verified_date: today } : { verification: 'bad' as const, verified_date: today };
    if (r.person_address_id) await db.updateTable('person_address').set(history).where('id', '=', r.person_address_id).execute();
    if (r.person_employment_id) await db.updateTable('person_employment').set(history).where('id', '=', r.person_employment_id).execute();
    await closeItemByKey(db, ctx, `locate-verify:${r.id}`, today, `${r.item} ${input.outcome} (${input.method})${input.note ? `: ${input.note}` : ''}`);
    const cases = await personOpenCases(db, r.person_id);
    await recordAudit(db, ctx, { action: 'update', entityType: 'locate_result', entityId: r.id, personIds: [r.person_id], caseIds: cases, detail: { outcome: input.outcome, method: input.method, item: r.item, source: r.source } });
    return { resultId: r.id, verification: input.outcome, verifiedDate: today };
  });
}
