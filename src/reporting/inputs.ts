/**
 * Inputs the OCSE-157 needs that the IV-D system does not otherwise hold (federal-rules.md 6.2):
 * statewide vital-statistics figures by fiscal year (lines 8, 8a, 9) and dated case facts (line 3, no
 * jurisdiction; lines 21a and 23, health insurance provided). Administrators enter statewide figures;
 * administrators and supervisors (for their own office) record case facts. Every write is audited.
 */
import type { Deps } from '../deps.ts';
import { isIsoDate } from '../kernel/calendar.ts';
import { fail, FailureError, type ErrorDetail, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import type { RequestContext } from '../security/context.ts';
import { inTransaction } from '../db/tx.ts';

export interface StatewideInput {
  fiscalYear: number;
  /** Children born out of wedlock in the State during the fiscal year (line 8; the next year's line 8a). */
  birthsOutOfWedlock: number | null;
  /** Children in the State with paternity established or acknowledged during the fiscal year (line 9). */
  paternitiesEstablished: number | null;
  /** Where the figures come from (e.g. "Department of Health, vital statistics extract of 2026-10-15"). */
  source: string;
}

const count = (v: number | null, path: string, problems: ErrorDetail[]) => {
  if (v !== null && (!Number.isInteger(v) || v < 0)) problems.push({ path, message: 'must be a whole number, 0 or more' });
};

/** Records (or replaces) the statewide figures of one fiscal year. */
export async function recordStatewideInput(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: StatewideInput): Promise<Result<StatewideInput>> {
  if (ctx.actor.role !== 'administrator') return fail('FORBIDDEN', 'statewide report inputs are entered by an administrator');
  const problems: ErrorDetail[] = [];
  if (!Number.isInteger(input.fiscalYear) || input.fiscalYear < 1990 || input.fiscalYear > 2100) problems.push({ path: '/fiscalYear', message: 'must be a federal fiscal year, e.g. 2026' });
  count(input.birthsOutOfWedlock, '/birthsOutOfWedlock', problems);
  count(input.paternitiesEstablished, '/paternitiesEstablished', problems);
  if (input.birthsOutOfWedlock === null && input.paternitiesEstablished === null) problems.push({ path: '/birthsOutOfWedlock', message: 'give births out of wedlock, paternities established, or both' });
  if (!input.source.trim()) problems.push({ path: '/source', message: 'say where the figures come from' });
  if (problems.length) return fail('VALIDATION_FAILED', undefined, problems);
  return inTransaction(deps.db, async (db) => {
    const before = await db.selectFrom('report_statewide_input').selectAll().where('fiscal_year', '=', input.fiscalYear).executeTakeFirst();
    const row = {
      births_out_of_wedlock: input.birthsOutOfWedlock ?? before?.births_out_of_wedlock ?? null,
      paternities_established: input.paternitiesEstablished ?? before?.paternities_established ?? null,
      source: input.source.trim(),
      recorded_by: ctx.actor.userId,
      recorded_at: ctx.clock.now(),
    };
    if (before) await db.updateTable('report_statewide_input').set(row).where('fiscal_year', '=', input.fiscalYear).execute();
    else await db.insertInto('report_statewide_input').values({ fiscal_year: input.fiscalYear, ...row }).execute();
    await recordAudit(db, ctx, {
      action: before ? 'update' : 'create',
      entityType: 'report_statewide_input',
      entityId: input.fiscalYear,
      detail: { before: before ? { birthsOutOfWedlock: before.births_out_of_wedlock, paternitiesEstablished: before.paternities_established, source: before.source } : null, after: { birthsOutOfWedlock: row.births_out_of_wedlock, paternitiesEstablished: row.paternities_established, source: row.source } },
    });
    return { fiscalYear: input.fiscalYear, birthsOutOfWedlock: row.births_out_of_wedlock, paternitiesEstablished: row.paternities_established, source: row.source };
  });
}

export const CASE_FACTS = ['no_jurisdiction', 'health_insurance_provided'] as const;
export type CaseFact = (typeof CASE_FACTS)[number];

export interface CaseFactInput {
  caseNumber: string;
  fact: CaseFact;
  fromDate: string;
  throughDate: string | null;
  source: string;
}

/** Records a dated fact about a case for the OCSE-157 (no jurisdiction; health insurance provided). */
export async function recordCaseFact(deps: Pick<Deps, 'db'>, ctx: RequestContext, input: CaseFactInput): Promise<Result<{ id: number; caseNumber: string; fact: CaseFact; fromDate: string; throughDate: string | null }>> {
  if (ctx.actor.role !== 'administrator' && ctx.actor.role !== 'supervisor') return fail('FORBIDDEN', 'report case facts are recorded by an administrator or a supervisor');
  const problems: ErrorDetail[] = [];
  if (!(CASE_FACTS as readonly string[]).includes(input.fact)) problems.push({ path: '/fact', message: `must be one of ${CASE_FACTS.join(', ')}` });
  if (!isIsoDate(input.fromDate)) problems.push({ path: '/fromDate', message: 'must be a date (YYYY-MM-DD)' });
  if (input.throughDate !== null && (!isIsoDate(input.throughDate) || input.throughDate < input.fromDate)) problems.push({ path: '/throughDate', message: 'must be a date on or after fromDate' });
  if (!input.source.trim()) problems.push({ path: '/source', message: 'say where the fact comes from' });
  if (problems.length) return fail('VALIDATION_FAILED', undefined, problems);
  return inTransaction(deps.db, async (db) => {
    const c = await db.selectFrom('iv_d_case').select(['id', 'case_number', 'office_id']).where('case_number', '=', input.caseNumber.toUpperCase()).executeTakeFirst();
    if (!c) throw new FailureError(fail('NOT_FOUND', `no case ${input.caseNumber}`));
    if (ctx.actor.role === 'supervisor' && c.office_id !== ctx.actor.officeId) throw new FailureError(fail('FORBIDDEN', 'a supervisor records facts for cases of their own office only'));
    const row = await db
      .insertInto('report_case_fact')
      .values({ case_id: c.id, fact: input.fact, from_date: input.fromDate, through_date: input.throughDate, source: input.source.trim(), recorded_by: ctx.actor.userId, recorded_at: ctx.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(db, ctx, { action: 'create', entityType: 'report_case_fact', entityId: row.id, caseIds: [c.id], detail: { fact: input.fact, fromDate: input.fromDate, throughDate: input.throughDate } });
    return { id: row.id, caseNumber: c.case_number, fact: input.fact, fromDate: input.fromDate, throughDate: input.throughDate };
  });
}


