/**
 * The intergovernmental side of a case (interstate_case): the other jurisdiction's FIPS state, county and
 * office, its case id, our role and the legal basis (UIFSA). Intake records the role and the other FIPS on
 * iv_d_case; this module keeps its own row, made from those on first use or when a CSENet referral opens a
 * responding case. This module owns interstate_case.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { fail, FailureError } from '../kernel/result.ts';
import type { RequestContext } from '../security/context.ts';
import { parseFips, type Fips } from '../formats/csenet/csenet.ts';

export interface InterstateCaseRow {
  id: number;
  caseId: number;
  caseNumber: string;
  caseType: string;
  caseStatus: 'open' | 'closed';
  officeId: number;
  role: 'initiating' | 'responding';
  otherFips: Fips;
  otherCaseId: string | null;
  legalBasis: string;
  origin: 'worker' | 'csenet';
}

interface Joined {
  id: number;
  case_id: number;
  case_number: string;
  case_type: string;
  case_status: 'open' | 'closed';
  office_id: number;
  role: 'initiating' | 'responding';
  other_fips_state: string;
  other_fips_county: string;
  other_fips_sub: string;
  other_case_id: string | null;
  legal_basis: string;
  origin: 'worker' | 'csenet';
}

const view = (r: Joined): InterstateCaseRow => ({
  id: r.id,
  caseId: r.case_id,
  caseNumber: r.case_number,
  caseType: r.case_type,
  caseStatus: r.case_status,
  officeId: r.office_id,
  role: r.role,
  otherFips: { state: r.other_fips_state, county: r.other_fips_county, sub: r.other_fips_sub },
  otherCaseId: r.other_case_id,
  legalBasis: r.legal_basis,
  origin: r.origin,
});

const SELECT = sql`select i.id, i.case_id, c.case_number, c.case_type, c.status as case_status, c.office_id, i.role,
  i.other_fips_state, i.other_fips_county, i.other_fips_sub, i.other_case_id, i.legal_basis, i.origin
  from interstate_case i join iv_d_case c on c.id = i.case_id`;

export async function interstateCaseById(db: Db, caseId: number): Promise<InterstateCaseRow | null> {
  const r = await sql<Joined>`${SELECT} where i.case_id = ${caseId}`.execute(db);
  return r.rows[0] ? view(r.rows[0]) : null;
}

/** Our case that the other program knows by `theirCaseId`. */
export async function interstateCaseByTheirs(db: Db, otherFipsState: string, theirCaseId: string): Promise<InterstateCaseRow | null> {
  const r = await sql<Joined>`${SELECT} where i.other_fips_state = ${otherFipsState} and i.other_case_id = ${theirCaseId} order by i.id desc limit 1`.execute(db);
  return r.rows[0] ? view(r.rows[0]) : null;
}

/**
 * The intergovernmental record of a case, made from what intake recorded on the case when there is none
 * yet. A case that intake did not mark initiating or responding is not intergovernmental.
 */
export async function ensureInterstateCase(db: Db, ctx: RequestContext, caseId: number): Promise<InterstateCaseRow> {
  const existing = await interstateCaseById(db, caseId);
  if (existing) return existing;
  const c = await db.selectFrom('iv_d_case').select(['id', 'case_number', 'interstate_role', 'other_jurisdiction_fips', 'other_jurisdiction_case_id']).where('id', '=', caseId).executeTakeFirst();
  if (!c) throw new FailureError(fail('NOT_FOUND', `no case ${caseId}`));
  if (c.interstate_role === 'none' || !c.other_jurisdiction_fips) {
    throw new FailureError(fail('CASE_STATE_INVALID', `case ${c.case_number} is not an intergovernmental case (intake records the role and the other jurisdiction's FIPS code)`));
  }
  const fips = parseFips(c.other_jurisdiction_fips)!;
  await db
    .insertInto('interstate_case')
    .values({
      case_id: c.id,
      role: c.interstate_role,
      other_fips_state: fips.state,
      other_fips_county: fips.county,
      other_fips_sub: fips.sub,
      other_case_id: c.other_jurisdiction_case_id,
      origin: 'worker',
      created_at: ctx.clock.now(),
      updated_at: ctx.clock.now(),
    })
    .execute();
  return (await interstateCaseById(db, caseId))!;
}

/** Records the other program's case id when its answer tells us (first answer wins; a change is kept). */
export async function linkTheirCaseId(db: Db, ctx: RequestContext, caseId: number, theirCaseId: string, theirFips: Fips): Promise<void> {
  await db
    .updateTable('interstate_case')
    .set({ other_case_id: theirCaseId, other_fips_county: theirFips.county, other_fips_sub: theirFips.sub, updated_at: ctx.clock.now() })
    .where('case_id', '=', caseId)
    .execute();
}
