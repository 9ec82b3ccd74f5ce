/** Reading cases: search and the case summary, filtered by what the actor may see and audited. */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { fail, ok, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
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
  const { db } = deps;
  const allowed = requirePermission(ctx.actor, 'case.read');
  if (!allowed.ok) return allowed;
  const visible = caseVisibility(ctx.actor) ?? sql<boolean>`true`;
  const found = await sql<{ id: number }>`select c.id from iv_d_case c where c.case_number = ${caseNumber.toUpperCase()} and ${visible}`.execute(db);
  const caseId = found.rows[0]?.id;
  if (caseId === undefined) {
    await recordAudit(db, ctx, { action: 'read', entityType: 'case', entityId: caseNumber, detail: { outcome: 'not found or not permitted' } });
    return fail('NOT_FOUND', `no case ${caseNumber} that you may see`);
  }
  const summary = await loadCaseSummary(db, caseId);
  await recordAudit(db, ctx, { action: 'read', entityType: 'case', entityId: summary.caseNumber, caseIds: [caseId], personIds: summary.members.map((m) => m.personId) });
  return ok(summary);
}

export async function loadCaseSummary(db: Db, caseId: number): Promise<CaseSummary> {
  const c = await db
    .selectFrom('iv_d_case as c')
    .innerJoin('office as o', 'o.id', 'c.office_id')
    .leftJoin('app_user as w', 'w.id', 'c.assigned_worker_id')
    .select(['c.id', 'c.case_number', 'c.case_type', 'c.interstate_role', 'c.other_jurisdiction_fips', 'c.other_jurisdiction_case_id', 'c.status'])
    .select(['c.intake_source', 'c.received_date', 'c.open_due_date', 'c.opened_date', 'c.closed_date', 'c.closure_reason'])
    .select(['o.code as office_code', 'o.name as office_name', 'w.id as worker_id', 'w.display_name as worker_name'])
    .where('c.id', '=', caseId)
    .executeTakeFirstOrThrow();
  const members = await db
    .selectFrom('case_member as m')
    .innerJoin('person as p', 'p.id', 'm.person_id')
    .select(['m.id', 'm.person_id', 'm.role', 'm.start_date', 'm.end_date', 'm.born_out_of_wedlock', 'm.paternity_established'])
    .select(['p.first_name', 'p.last_name', 'p.date_of_birth', 'p.ssn_last4'])
    .where('m.case_id', '=', caseId)
    .orderBy('m.id')
    .execute();
  const timeframes = await db.selectFrom('case_timeframe').selectAll().where('case_id', '=', caseId).orderBy('start_date').orderBy('id').execute();
  return {
    caseId: c.id,
    caseNumber: c.case_number,
    caseType: c.case_type,
    interstateRole: c.interstate_role,
    otherJurisdictionFips: c.other_jurisdiction_fips,
    otherJurisdictionCaseId: c.other_jurisdiction_case_id,
    status: c.status,
    office: { code: c.office_code, name: c.office_name },
    assignedWorker: c.worker_id ? { userId: c.worker_id, displayName: c.worker_name! } : null,
    intakeSource: c.intake_source,
    receivedDate: c.received_date,
    openDueDate: c.open_due_date,
    openedDate: c.opened_date,
    openedOnTime: c.opened_date <= c.open_due_date,
    closedDate: c.closed_date,
    closureReason: c.closure_reason,
    members: members.map((m) => ({
      memberId: m.id,
      personId: m.person_id,
      role: m.role,
      firstName: m.first_name,
      lastName: m.last_name,
      dateOfBirth: m.date_of_birth,
      ssn: maskSsn(m.ssn_last4),
      startDate: m.start_date,
      endDate: m.end_date,
      bornOutOfWedlock: m.born_out_of_wedlock,
      paternityEstablished: m.paternity_established,
    })),
    timeframes: timeframes.map((t) => ({ kind: t.kind, regulation: t.regulation, startDate: t.start_date, dueDate: t.due_date, metDate: t.met_date })),
  };
}
