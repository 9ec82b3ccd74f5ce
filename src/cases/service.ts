/** Reading cases: search and the case summary, filtered by what the actor may see and audited. */
import { sql, type RawBuilder } from 'kysely';
import { PREPARED, type Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { fail, ok, type Result } from '../kernel/result.ts';
import { auditInsertSql, recordAudit } from '../security/audit.ts';
import { caseVisibility, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { maskSsn } from '../security/pii.ts';
import { nameKey } from '../participants/rules.ts';

export interface CaseSearch {
  caseNumber?: string | undefined;
  lastName?: string | undefined;
  firstName?: string | undefined;
  ssnLast4?: string | undefined;
  status?: 'open' | 'closed' | undefined;
  assignedToMe?: boolean | undefined;
  limit: number;
  offset: number;
}

export interface CaseListItem {
  caseId: number;
  caseNumber: string;
  caseType: string;
  status: string;
  officeCode: string;
  openedDate: string;
  custodialParty: string | null;
  noncustodialParent: string | null;
  childCount: number;
}

export async function searchCases(db: Db, ctx: RequestContext, search: CaseSearch): Promise<Result<{ total: number; items: CaseListItem[] }>> {
  const allowed = requirePermission(ctx.actor, 'case.read');
  if (!allowed.ok) return allowed;
  const conditions = [sql<boolean>`true`];
  const visible = caseVisibility(ctx.actor);
  if (visible) conditions.push(visible);
  if (search.caseNumber) conditions.push(sql<boolean>`c.case_number = ${search.caseNumber.toUpperCase()}`);
  if (search.status) conditions.push(sql<boolean>`c.status = ${search.status}`);
  if (search.assignedToMe) conditions.push(sql<boolean>`c.assigned_worker_id = ${ctx.actor.userId ?? -1}`);
  if (search.lastName || search.ssnLast4) {
    const personConditions = [sql<boolean>`true`];
    if (search.lastName) personConditions.push(sql<boolean>`p.last_name_key like ${nameKey(search.lastName) + '%'}`);
    if (search.firstName) personConditions.push(sql<boolean>`p.first_name_key like ${nameKey(search.firstName) + '%'}`);
    if (search.ssnLast4) personConditions.push(sql<boolean>`p.ssn_last4 = ${search.ssnLast4}`);
    conditions.push(sql<boolean>`exists (select 1 from case_member sm join person p on p.id = sm.person_id
      where sm.case_id = c.id and ${sql.join(personConditions, sql` and `)})`);
  }
  const where = sql.join(conditions, sql` and `);
  const total = await sql<{ n: number }>`select count(*)::int as n from iv_d_case c where ${where}`.execute(db);
  const rows = await sql<CaseListItem & { personIds: number[] }>`
    select c.id as "caseId", c.case_number as "caseNumber", c.case_type as "caseType", c.status, o.code as "officeCode",
      c.opened_date as "openedDate",
      (select p.first_name || ' ' || p.last_name from case_member m join person p on p.id = m.person_id
        where m.case_id = c.id and m.role = 'custodial_party' and m.end_date is null order by m.id limit 1) as "custodialParty",
      (select p.first_name || ' ' || p.last_name from case_member m join person p on p.id = m.person_id
        where m.case_id = c.id and m.role in ('noncustodial_parent', 'alleged_father') and m.end_date is null order by m.role desc, m.id limit 1) as "noncustodialParent",
      (select count(*)::int from case_member m where m.case_id = c.id and m.role = 'child' and m.end_date is null) as "childCount",
      (select coalesce(array_agg(m.person_id), '{}') from case_member m where m.case_id = c.id) as "personIds"
    from iv_d_case c join office o on o.id = c.office_id
    where ${where}
    order by c.case_number
    limit ${search.limit} offset ${search.offset}`.execute(db);
  await recordAudit(db, ctx, {
    action: 'search',
    entityType: 'case',
    caseIds: rows.rows.map((r) => r.caseId),
    personIds: rows.rows.flatMap((r) => r.personIds),
    detail: { filters: { ...search, ssnLast4: search.ssnLast4 ? '****' : undefined }, returned: rows.rows.length },
  });
  return ok({ total: total.rows[0]!.n, items: rows.rows.map(({ personIds: _ignored, ...item }) => item) });
}

export interface CaseMemberView {
  memberId: number;
  personId: number;
  role: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  ssn: string | null;
  startDate: string;
  endDate: string | null;
  bornOutOfWedlock: boolean | null;
  paternityEstablished: boolean | null;
}

export interface CaseSummary {
  caseId: number;
  caseNumber: string;
  caseType: string;
  interstateRole: string;
  otherJurisdictionFips: string | null;
  otherJurisdictionCaseId: string | null;
  status: string;
  office: { code: string; name: string };
  assignedWorker: { userId: number; displayName: string } | null;
  intakeSource: string;
  receivedDate: string;
  openDueDate: string;
  openedDate: string;
  openedOnTime: boolean;
  closedDate: string | null;
  closureReason: string | null;
  members: CaseMemberView[];
  timeframes: Array<{ kind: string; regulation: string; startDate: string; dueDate: string; metDate: string | null }>;
}

/** The case summary a worker sees; the read is audited with every person on the case. */
export async function getCaseSummary(deps: Pick<Deps, 'db'>, ctx: RequestContext, caseNumber: string): Promise<Result<CaseSummary>> {
  const allowed = requirePermission(ctx.actor, 'case.read');
  if (!allowed.ok) return allowed;
  const visible = caseVisibility(ctx.actor) ?? sql<boolean>`true`;
  // One statement: find the case the actor may see, build the summary, and write the read's audit row
  // (with every person on the case, or the outcome when there is no such case the actor may see).
  const audit = auditInsertSql(ctx, {
    action: 'read',
    entityType: 'case',
    entityId: sql`coalesce(f.case_number, ${caseNumber}::text)`,
    personIds: sql`coalesce((select array_agg(x.person_id order by x.first) from (select person_id, min(id) as first from case_member where case_id = f.id group by person_id) x), '{}')`,
    caseIds: sql`case when f.id is null then '{}' else array[f.id] end`,
    detail: sql`case when f.id is null then ${JSON.stringify({ outcome: 'not found or not permitted' })}::jsonb end`,
    from: sql`(select 1) one left join found f on true`,
  });
  const rows = await sql<{ summary: SummaryJson }>`${sql.raw(PREPARED)}with found as (select c.id, c.case_number from iv_d_case c where c.case_number = ${caseNumber.toUpperCase()} and ${visible}),
    audit as (${audit})
    select ${summaryJson(sql`f.id`)} as summary from found f`.execute(deps.db);
  const row = rows.rows[0];
  if (!row) return fail('NOT_FOUND', `no case ${caseNumber} that you may see`);
  return ok(fromSummaryJson(row.summary));
}

type SummaryJson = Omit<CaseSummary, 'members'> & { members: Array<Omit<CaseMemberView, 'ssn'> & { ssnLast4: string | null }> };

/** The case summary of the case with the given id, as one JSON value built by the database. */
function summaryJson(caseId: RawBuilder<unknown>): RawBuilder<SummaryJson> {
  return sql<SummaryJson>`(select json_build_object(
      'caseId', c.id, 'caseNumber', c.case_number, 'caseType', c.case_type, 'interstateRole', c.interstate_role,
      'otherJurisdictionFips', c.other_jurisdiction_fips, 'otherJurisdictionCaseId', c.other_jurisdiction_case_id, 'status', c.status,
      'office', json_build_object('code', o.code, 'name', o.name),
      'assignedWorker', case when w.id is null then null else json_build_object('userId', w.id, 'displayName', w.display_name) end,
      'intakeSource', c.intake_source, 'receivedDate', c.received_date, 'openDueDate', c.open_due_date, 'openedDate', c.opened_date,
      'openedOnTime', c.opened_date <= c.open_due_date, 'closedDate', c.closed_date, 'closureReason', c.closure_reason,
      'members', coalesce((select json_agg(json_build_object('memberId', m.id, 'personId', m.person_id, 'role', m.role,
          'firstName', p.first_name, 'lastName', p.last_name, 'dateOfBirth', p.date_of_birth, 'ssnLast4', p.ssn_last4,
          'startDate', m.start_date, 'endDate', m.end_date, 'bornOutOfWedlock', m.born_out_of_wedlock,
          'paternityEstablished', m.paternity_established) order by m.id)
        from case_member m join person p on p.id = m.person_id where m.case_id = c.id), '[]'),
      'timeframes', coalesce((select json_agg(json_build_object('kind', t.kind, 'regulation', t.regulation, 'startDate', t.start_date,
          'dueDate', t.due_date, 'metDate', t.met_date) order by t.start_date, t.id)
        from case_timeframe t where t.case_id = c.id), '[]'))
    from iv_d_case c join office o on o.id = c.office_id left join app_user w on w.id = c.assigned_worker_id
    where c.id = ${caseId})`;
}

function fromSummaryJson(s: SummaryJson): CaseSummary {
  return { ...s, members: s.members.map(({ ssnLast4, ...m }) => ({ ...m, ssn: maskSsn(ssnLast4) })) };
}

/** The summary of a case, without access check or audit (the caller has decided and audits). */
export async function loadCaseSummary(db: Db, caseId: number): Promise<CaseSummary> {
  const row = (await sql<{ summary: SummaryJson | null }>`select ${summaryJson(sql`${caseId}::bigint`)} as summary`.execute(db)).rows[0];
  if (!row?.summary) throw new Error(`no case ${caseId}`);
  return fromSummaryJson(row.summary);
}
