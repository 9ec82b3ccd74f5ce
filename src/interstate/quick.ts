/**
 * QUICK (Query Interstate Cases for Kids): another program's authorised, read-only, one-case-at-a-time
 * query for case status, orders, payments and balances, answered in real time (file-formats.md 5.4). The
 * asking program authenticates with the key registered for its FIPS code and may see only cases that are
 * intergovernmental with it. Every answer is an audited read of person data with the asker's purpose; the
 * asking side audits its own query too. At least a year of financial data is returned.
 */
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { addDays } from '../kernel/calendar.ts';
import { fail, FailureError, ok, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { maskSsn } from '../security/pii.ts';
import { statementOfCase } from '../financial/statement.ts';
import { interstateCaseById, interstateCaseByTheirs, type InterstateCaseRow } from './cases.ts';
import { partnerEndpoint, PARTNER_FIPS_HEADER, PARTNER_KEY_HEADER, requireLocal } from './partners.ts';

export const QUICK_PURPOSE_HEADER = 'x-quick-purpose';

export interface QuickCase {
  respondingFips: string;
  respondingName: string;
  caseId: string;
  /** The asker's own case id, as we have it on file. */
  yourCaseId: string | null;
  role: 'initiating' | 'responding';
  status: 'open' | 'closed';
  openedDate: string;
  closedDate: string | null;
  participants: Array<{ role: string; firstName: string; lastName: string; dateOfBirth: string | null; ssn: string | null }>;
  orders: Array<{ orderNumber: string; orderKind: string; effectiveDate: string; endDate: string | null; status: string; obligations: Array<{ kind: string; amountCents: number; frequency: string; startDate: string; endDate: string | null }> }>;
  finance: {
    supportMonth: string;
    currentSupportDueCents: number;
    currentSupportPaidCents: number;
    arrearsCents: Record<string, number>;
    totalArrearsCents: number;
    /** Current support still due this month plus arrears. */
    totalOwedCents: number;
    lastPaymentDate: string | null;
    lastPaymentCents: number | null;
  } | null;
  payments: Array<{ date: string; amountCents: number; source: string; status: string }>;
  disbursements: Array<{ date: string; amountCents: number; payee: string; method: string }>;
  activities: Array<{ kind: string; regulation: string; startDate: string; dueDate: string; metDate: string | null }>;
  worker: { office: string; name: string | null };
  asOf: string;
  /** The start of the financial data returned (at least one year back). */
  since: string;
}

/** The answer to a QUICK query from program `askerFips` about case `caseId` (ours, or theirs on file). */
export async function answerQuick(deps: Deps, ctx: RequestContext, askerFips: string, caseId: string): Promise<Result<QuickCase>> {
  return inTransaction(deps.db, async (db) => {
    const local = await requireLocal(db);
    let ic: InterstateCaseRow | null = null;
    const ours = await db.selectFrom('iv_d_case').select('id').where('case_number', '=', caseId.toUpperCase()).executeTakeFirst();
    if (ours) ic = await interstateCaseById(db, ours.id);
    if (!ic || ic.otherFips.state !== askerFips) ic = await interstateCaseByTheirs(db, askerFips, caseId);
    // The same answer for "no such case" and "not intergovernmental with you".
    if (!ic || ic.otherFips.state !== askerFips) throw new FailureError(fail('NOT_FOUND', `no case ${caseId} intergovernmental with FIPS ${askerFips}`));
    const c = await db.selectFrom('iv_d_case as c').innerJoin('office as o', 'o.id', 'c.office_id').leftJoin('app_user as u', 'u.id', 'c.assigned_worker_id')
      .select(['c.id', 'c.case_number', 'c.case_type', 'c.status', 'c.opened_date', 'c.closed_date', 'o.name as office_name', 'u.display_name'])
      .where('c.id', '=', ic.caseId).executeTakeFirstOrThrow();
    const today = ctx.clock.today();
    const since = addDays(today, -366);
    const statement = await statementOfCase(db, c);
    const members = await sql<{ person_id: number; role: string; first_name: string; last_name: string; date_of_birth: string | null; ssn_last4: string | null }>`
      select m.person_id, m.role, p.first_name, p.last_name, p.date_of_birth::text as date_of_birth, p.ssn_last4 from case_member m join person p on p.id = m.person_id
      where m.case_id = ${c.id} and m.end_date is null order by m.id`.execute(db);
    const clocks = await db.selectFrom('case_timeframe').select(['kind', 'regulation', 'start_date', 'due_date', 'met_date']).where('case_id', '=', c.id).orderBy('start_date').orderBy('id').execute();
    const payments = statement.payments.filter((p) => p.receivedDate >= since);
    const last = statement.payments.filter((p) => p.status !== 'reversed').at(-1) ?? null;
    const b = statement.balances;
    const answer: QuickCase = {
      respondingFips: local.fips,
      respondingName: local.name,
      caseId: c.case_number,
      yourCaseId: ic.otherCaseId,
      role: ic.role,
      status: c.status,
      openedDate: c.opened_date,
      closedDate: c.closed_date,
      participants: members.rows.map((m) => ({ role: m.role, firstName: m.first_name, lastName: m.last_name, dateOfBirth: m.date_of_birth, ssn: maskSsn(m.ssn_last4) })),
      orders: statement.orders.map((o) => ({ orderNumber: o.orderNumber, orderKind: o.orderKind, effectiveDate: o.effectiveDate, endDate: o.endDate, status: o.status, obligations: o.obligations.map((x) => ({ kind: x.kind, amountCents: x.amountCents, frequency: x.frequency, startDate: x.startDate, endDate: x.endDate })) })),
      finance: b
        ? {
            supportMonth: b.supportMonth,
            currentSupportDueCents: b.currentSupportDueCents,
            currentSupportPaidCents: b.currentSupportPaidCents,
            arrearsCents: { ...b.arrears },
            totalArrearsCents: b.totalArrearsCents,
            totalOwedCents: Math.max(0, b.currentSupportDueCents - b.currentSupportPaidCents) + b.totalArrearsCents,
            lastPaymentDate: last?.receivedDate ?? null,
            lastPaymentCents: last?.amountCents ?? null,
          }
        : null,
      payments: payments.map((p) => ({ date: p.receivedDate, amountCents: p.amountCents, source: p.source, status: p.status })),
      disbursements: statement.disbursements.filter((d) => d.issuedDate >= since).map((d) => ({ date: d.issuedDate, amountCents: d.amountCents, payee: d.payee, method: d.method })),
      activities: clocks.map((t) => ({ kind: t.kind, regulation: t.regulation, startDate: t.start_date, dueDate: t.due_date, metDate: t.met_date })),
      worker: { office: c.office_name, name: c.display_name },
      asOf: today,
      since,
    };
    await recordAudit(db, ctx, { action: 'read', entityType: 'quick_case', entityId: c.case_number, caseIds: [c.id], personIds: members.rows.map((m) => m.person_id), detail: { askerFips, asked: caseId } });
    return answer;
  });
}

/**
 * Asks another program about a case, in real time. `caseId` is the other program's case id or ours (it
 * looks up both). The query is audited here with the worker's purpose; the other program audits its answer.
 */
export async function askQuick(deps: Deps, ctx: RequestContext, input: { fipsState: string; caseId: string }, fetchImpl: typeof fetch = fetch): Promise<Result<QuickCase>> {
  const allowed = requirePermission(ctx.actor, 'case.read');
  if (!allowed.ok) return allowed;
  if (!/^\d{2}$/.test(input.fipsState)) return fail('VALIDATION_FAILED', undefined, [{ path: '/fips', message: 'must be the 2-digit FIPS state code' }]);
  if (!/^[A-Za-z0-9-]{1,15}$/.test(input.caseId)) return fail('VALIDATION_FAILED', undefined, [{ path: '/case', message: 'must be a case id (letters, digits, dashes; at most 15)' }]);
  const prepared = await inTransaction(deps.db, async (db) => {
    const local = await requireLocal(db);
    const endpoint = await partnerEndpoint({ db, keys: deps.keys }, input.fipsState);
    // Our case this is about, when we know it, so the audit trail shows which case was looked into.
    const mine = await sql<{ case_id: number }>`select i.case_id from interstate_case i join iv_d_case c on c.id = i.case_id
      where i.other_fips_state = ${input.fipsState} and (i.other_case_id = ${input.caseId} or c.case_number = ${input.caseId.toUpperCase()}) limit 1`.execute(db);
    await recordAudit(db, ctx, { action: 'read', entityType: 'quick_query', entityId: `${input.fipsState}:${input.caseId}`, caseIds: mine.rows.map((r) => r.case_id), detail: { fipsState: input.fipsState, caseId: input.caseId } });
    return { local, endpoint };
  });
  if (!prepared.ok) return prepared;
  const { local, endpoint } = prepared.value;
  let res: Response;
  try {
    res = await fetchImpl(`${endpoint.baseUrl}/api/interstate/quick/cases/${encodeURIComponent(input.caseId)}`, {
      headers: { [PARTNER_FIPS_HEADER]: local.fips.slice(0, 2), [PARTNER_KEY_HEADER]: endpoint.key, [QUICK_PURPOSE_HEADER]: ctx.purpose.slice(0, 120) },
    });
  } catch (err) {
    return fail('CASE_STATE_INVALID', `${endpoint.name} (FIPS ${input.fipsState}) did not answer: ${(err as Error).message}`);
  }
  const body = (await res.json().catch(() => null)) as (QuickCase & { error?: { code: string; message: string } }) | null;
  if (!res.ok || !body) {
    const code = res.status === 404 ? 'NOT_FOUND' : res.status === 401 || res.status === 403 ? 'FORBIDDEN' : 'CASE_STATE_INVALID';
    return fail(code, `${endpoint.name} (FIPS ${input.fipsState}) answered ${res.status}: ${body?.error?.message ?? 'no answer'}`);
  }
  return ok(body);
}

