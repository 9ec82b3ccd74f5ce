/**
 * Closing and reopening cases under 45 CFR 303.11. A worker proposes a closure under one criterion with
 * the documented finding; the data checks run against what is on file. Where 303.11(d) demands it the
 * 60-day notice goes out and the case may not close before the period ends; a reply within the period
 * keeps it open. Criteria without a notice close at once. A closed case is reopened on a new application
 * (303.11(d)(5)). The case row is changed only through case-status.ts.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import type { CaseState } from '../financial/buckets.ts';
import { inTransaction } from '../db/tx.ts';
import { isIsoDate } from '../kernel/calendar.ts';
import { fail, FailureError, type ErrorDetail, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import type { RequestContext } from '../security/context.ts';
import { markCaseClosed, markCaseReopened } from './case-status.ts';
import { CLOSURE_CRITERIA, closureCriterion, closureProblems, earliestClosureDate, replyWithinPeriod, type ClosureFacts, type ClosureRequest } from './closure-rules.ts';
import { loadCaseFacts, type CaseRow } from './facts.ts';
import { createNotice } from './notices.ts';
import { syncClocks } from './timeframes.ts';
import { closeItemsForCase, closeItemsForClosure } from './worklist.ts';
import { visibleCase } from './visible-case.ts';
import { dueDateFor, timeframeRule } from './timeframe-rules.ts';

/** The facts the closure criteria judge, from the case, participants and financial tables. */
export async function loadClosureFacts(db: Db, c: CaseRow, asOf: string): Promise<ClosureFacts> {
  const order = await sql<{ n: number }>`
    select count(*)::int as n from support_order o
    where o.case_id = ${c.id} and o.status = 'active' and o.effective_date <= ${asOf} and (o.end_date is null or o.end_date >= ${asOf})
      and exists (select 1 from obligation b where b.order_id = o.id and b.kind in ('current_support', 'medical_support') and b.frequency <> 'one_time'
        and b.start_date <= ${asOf} and (b.end_date is null or b.end_date >= ${asOf}))`.execute(db);
  const account = await db.selectFrom('case_account').select('state').where('case_id', '=', c.id).executeTakeFirst();
  const children = await db
    .selectFrom('case_member as m')
    .innerJoin('person as p', 'p.id', 'm.person_id')
    .select(['p.id', 'p.date_of_birth', 'm.paternity_established'])
    .where('m.case_id', '=', c.id)
    .where('m.role', '=', 'child')
    .where('m.end_date', 'is', null)
    .orderBy('m.id')
    .execute();
  const ncp = await sql<{ person_id: number; role: 'noncustodial_parent' | 'alleged_father'; date_of_death: string | null; has_ssn: boolean; located: boolean }>`
    select m.person_id, m.role, p.date_of_death, (p.ssn_ciphertext is not null) as has_ssn,
      (exists (select 1 from person_address a where a.person_id = p.id and a.verification = 'verified' and a.effective_from <= ${asOf}
          and (a.effective_to is null or a.effective_to >= ${asOf}))
       or exists (select 1 from person_employment e where e.person_id = p.id and e.verification = 'verified' and (e.end_date is null or e.end_date >= ${asOf}))) as located
    from case_member m join person p on p.id = m.person_id
    where m.case_id = ${c.id} and m.role in ('noncustodial_parent', 'alleged_father') and m.end_date is null
    order by m.role desc, m.id limit 1`.execute(db);
  const facts = (await loadCaseFacts(db, { caseIds: [c.id] }, asOf)).get(c.id)!;
  const locateClocks = facts.clocks.filter((k) => (k.kind === 'locate' || k.kind === 'ic_responding_locate') && !k.metDate && !k.cancelledDate).map((k) => k.startDate).sort();
  const n = ncp.rows[0];
  return {
    asOf,
    caseType: c.case_type,
    interstateRole: c.interstate_role,
    intakeSource: c.intake_source,
    hasCurrentOrder: order.rows[0]!.n > 0,
    arrears: account ? { ...(account.state as CaseState).arrears } : null,
    children: children.map((ch) => ({ personId: ch.id, dateOfBirth: ch.date_of_birth, paternityEstablished: ch.paternity_established })),
    ncp: n ? { personId: n.person_id, role: n.role, dateOfDeath: n.date_of_death, hasSsn: n.has_ssn, locatedNow: n.located } : null,
    locateSince: locateClocks[0] ?? facts.facts.openedDate,
  };
}

export interface ClosureInput extends ClosureRequest {
  delivery?: 'mail' | 'electronic' | undefined;
  /** 303.11(d)(6): the recipient's documented consent to electronic notices. */
  electronicConsentDate?: string | undefined;
}

export interface ClosureView {
  closureId: number;
  caseNumber: string;
  reasonCode: string;
  regulation: string;
  title: string;
  status: string;
  finding: string;
  attestations: string[];
  proposedDate: string;
  noticeRequired: string;
  noticeId: number | null;
  noticeDate: string | null;
  earliestClosureDate: string | null;
  delivery: string | null;
  responseDate: string | null;
  responseNote: string | null;
  closedDate: string | null;
  withdrawnDate: string | null;
  withdrawReason: string | null;
  reopenedDate: string | null;
  reopenReason: string | null;
}

type ClosureRow = Awaited<ReturnType<typeof closureRows>>[number];

async function closureRows(db: Db, caseId: number) {
  return db.selectFrom('case_closure').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

function viewOf(caseNumber: string, k: ClosureRow): ClosureView {
  const facts = k.facts as { request?: { attestations?: string[] } };
  return {
    closureId: k.id,
    caseNumber,
    reasonCode: k.reason_code,
    regulation: k.regulation,
    title: closureCriterion(k.reason_code)?.title ?? k.reason_code,
    status: k.status,
    finding: k.finding,
    attestations: facts.request?.attestations ?? [],
    proposedDate: k.proposed_date,
    noticeRequired: k.notice_required,
    noticeId: k.notice_id,
    noticeDate: k.notice_date,
    earliestClosureDate: k.earliest_closure_date,
    delivery: k.delivery,
    responseDate: k.response_date,
    responseNote: k.response_note,
    closedDate: k.closed_date,
    withdrawnDate: k.withdrawn_date,
    withdrawReason: k.withdraw_reason,
    reopenedDate: k.reopened_date,
    reopenReason: k.reopen_reason,
  };
}

async function liveClosure(db: Db, caseId: number) {
  return db.selectFrom('case_closure').selectAll().where('case_id', '=', caseId).where('status', 'in', ['notice_period', 'closed']).forUpdate().executeTakeFirst();
}

/** Closes the case row and everything that hangs off an open case (clocks, worklist items). */
async function closeCaseNow(db: Db, ctx: RequestContext, c: CaseRow, closureId: number, reasonCode: string, date: string): Promise<void> {
  await markCaseClosed(db, c.id, date, reasonCode);
  await syncClocks(db, ctx, { caseIds: [c.id] }, date);
  await closeItemsForCase(db, ctx, c.id, date, `case closed (${reasonCode})`);
  await closeItemsForClosure(db, ctx, closureId, date, 'case closed');
}

const requestRecord = (r: ClosureInput) => ({
  reasonCode: r.reasonCode,
  attestations: [...r.attestations],
  ...(r.interviewDate ? { interviewDate: r.interviewDate } : {}),
  ...(r.requestDate ? { requestDate: r.requestDate } : {}),
  ...(r.contactAttempts ? { contactAttempts: r.contactAttempts } : {}),
  ...(r.inabilityBasis ? { inabilityBasis: r.inabilityBasis } : {}),
  ...(r.transferBasis ? { transferBasis: r.transferBasis } : {}),
  ...(r.arrearsUnenforceable !== undefined ? { arrearsUnenforceable: r.arrearsUnenforceable } : {}),
});

/**
 * Proposes closing a case under one criterion. When 303.11(d) demands a notice it is sent today and the
 * case waits 60 days; otherwise the case closes today.
 */
export async function proposeClosure(deps: Deps, ctx: RequestContext, caseNumber: string, input: ClosureInput): Promise<Result<ClosureView>> {
  const criterion = closureCriterion(input.reasonCode);
  if (!criterion) return fail('VALIDATION_FAILED', undefined, [{ path: '/reasonCode', message: `must be one of: ${CLOSURE_CRITERIA.map((x) => x.code).join(', ')}` }]);
  const today = ctx.clock.today();
  const delivery = input.delivery ?? 'mail';
  const shape: ErrorDetail[] = [];
  if (delivery === 'electronic') {
    if (criterion.notice !== 'recipient' && criterion.notice !== 'recipient_reapply') shape.push({ path: '/delivery', message: '303.11(d)(6) allows electronic notice only for notices to the recipient' });
    else if (!input.electronicConsentDate || !isIsoDate(input.electronicConsentDate) || input.electronicConsentDate > today) {
      shape.push({ path: '/electronicConsentDate', message: "an electronic notice needs the date of the recipient's documented consent (303.11(d)(6))" });
    }
  }
  if (shape.length) return fail('VALIDATION_FAILED', undefined, shape);
  return inTransaction(deps.db, async (db) => {
    const c = await visibleCase(db, ctx, caseNumber, 'case.write', true);
    if (c.status !== 'open') throw new FailureError(fail('CASE_STATE_INVALID', `case ${c.case_number} is already closed`));
    const live = await liveClosure(db, c.id);
    if (live) throw new FailureError(fail('CONFLICT', `a closure under ${live.regulation} is already in its notice period (until ${live.earliest_closure_date})`));
    const facts = await loadClosureFacts(db, c, today);
    const problems = closureProblems(facts, input);
    if (problems.length) throw new FailureError(fail('CASE_STATE_INVALID', `case ${c.case_number} does not meet ${criterion.regulation}`, problems));
    const record = { request: requestRecord(input), checkedOn: today, dataChecks: criterion.dataChecks, facts };
    const needsNotice = criterion.notice !== 'none';
    const earliest = needsNotice ? earliestClosureDate(today) : null;
    let noticeId: number | null = null;
    if (needsNotice) {
      const template = criterion.notice === 'initiating_agency' ? 'closure_notice_agency' : criterion.notice === 'recipient_reapply' ? 'closure_notice_reapply' : 'closure_notice';
      const notice = await createNotice(db, ctx, c, template, {
        delivery,
        closure: { reasonTitle: criterion.title, citation: criterion.regulation, earliestClosureDate: earliest!, finding: input.finding, contactReestablishes: criterion.contactReestablishes ?? false },
      });
      noticeId = notice.noticeId;
    }
    const row = await db
      .insertInto('case_closure')
      .values({
        case_id: c.id,
        reason_code: criterion.code,
        regulation: criterion.regulation,
        status: needsNotice ? 'notice_period' : 'closed',
        finding: input.finding,
        facts: JSON.stringify(record),
        proposed_date: today,
        proposed_by: ctx.actor.userId,
        notice_required: criterion.notice,
        notice_id: noticeId,
        notice_date: needsNotice ? today : null,
        delivery: needsNotice ? delivery : null,
        electronic_consent_date: delivery === 'electronic' ? input.electronicConsentDate! : null,
        earliest_closure_date: earliest,
        closed_date: needsNotice ? null : today,
        closed_by: needsNotice ? null : ctx.actor.userId,
        created_at: ctx.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (!needsNotice) await closeCaseNow(db, ctx, c, row.id, criterion.code, today);
    await recordAudit(db, ctx, { action: 'create', entityType: 'case_closure', entityId: row.id, caseIds: [c.id], detail: { reasonCode: criterion.code, status: row.status, earliestClosureDate: earliest } });
    return viewOf(c.case_number, row);
  });
}

/** 303.11(d)(3): a reply within the notice period with information that could lead to action keeps the case open. */
export async function recordClosureReply(deps: Deps, ctx: RequestContext, caseNumber: string, input: { date: string; note: string }): Promise<Result<ClosureView>> {
  if (input.date > ctx.clock.today()) return fail('VALIDATION_FAILED', undefined, [{ path: '/date', message: 'cannot be in the future' }]);
  return inTransaction(deps.db, async (db) => {
    const c = await visibleCase(db, ctx, caseNumber, 'case.write', true);
    const live = await liveClosure(db, c.id);
    if (!live || live.status !== 'notice_period') throw new FailureError(fail('CASE_STATE_INVALID', `case ${c.case_number} has no closure in its notice period`));
    if (!replyWithinPeriod(live.notice_date!, input.date)) {
      throw new FailureError(fail('CASE_STATE_INVALID', `a reply on ${input.date} is outside the notice period (${live.notice_date} to ${live.earliest_closure_date}); withdraw the closure if the case should stay open`));
    }
    const row = await db
      .updateTable('case_closure')
      .set((eb) => ({ status: 'kept_open', response_date: input.date, response_note: input.note, version: eb('version', '+', 1) }))
      .where('id', '=', live.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await closeItemsForClosure(db, ctx, live.id, ctx.clock.today(), 'the recipient replied within the notice period; the case stays open');
    await recordAudit(db, ctx, { action: 'update', entityType: 'case_closure', entityId: live.id, caseIds: [c.id], detail: { status: 'kept_open', responseDate: input.date } });
    return viewOf(c.case_number, row);
  });
}

/** Closes a case whose notice period has ended with no reply, after checking the criterion again. */
export async function finalizeClosure(deps: Deps, ctx: RequestContext, caseNumber: string): Promise<Result<ClosureView>> {
  return inTransaction(deps.db, async (db) => {
    const c = await visibleCase(db, ctx, caseNumber, 'case.write', true);
    const live = await liveClosure(db, c.id);
    if (!live || live.status !== 'notice_period') throw new FailureError(fail('CASE_STATE_INVALID', `case ${c.case_number} has no closure in its notice period`));
    const today = ctx.clock.today();
    if (today < live.earliest_closure_date!) {
      throw new FailureError(fail('CASE_STATE_INVALID', `the notice period runs until ${live.earliest_closure_date}; the case cannot close before then (45 CFR 303.11(d))`));
    }
    const criterion = closureCriterion(live.reason_code)!;
    const stored = live.facts as { request: ClosureRequest };
    const facts = await loadClosureFacts(db, c, today);
    const problems = closureProblems(facts, { ...stored.request, finding: live.finding });
    if (problems.length) throw new FailureError(fail('CASE_STATE_INVALID', `case ${c.case_number} no longer meets ${criterion.regulation}; withdraw the closure`, problems));
    const row = await db
      .updateTable('case_closure')
      .set((eb) => ({ status: 'closed', closed_date: today, closed_by: ctx.actor.userId, facts: JSON.stringify({ ...(live.facts as object), closedOn: today, factsAtClosing: facts }), version: eb('version', '+', 1) }))
      .where('id', '=', live.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await closeCaseNow(db, ctx, c, live.id, live.reason_code, today);
    await recordAudit(db, ctx, { action: 'update', entityType: 'case_closure', entityId: live.id, caseIds: [c.id], detail: { status: 'closed' } });
    return viewOf(c.case_number, row);
  });
}

/** The worker decides not to close (for example, new information arrived after the period). */
export async function withdrawClosure(deps: Deps, ctx: RequestContext, caseNumber: string, input: { reason: string }): Promise<Result<ClosureView>> {
  return inTransaction(deps.db, async (db) => {
    const c = await visibleCase(db, ctx, caseNumber, 'case.write', true);
    const live = await liveClosure(db, c.id);
    if (!live || live.status !== 'notice_period') throw new FailureError(fail('CASE_STATE_INVALID', `case ${c.case_number} has no closure in its notice period`));
    const today = ctx.clock.today();
    const row = await db
      .updateTable('case_closure')
      .set((eb) => ({ status: 'withdrawn', withdrawn_date: today, withdrawn_by: ctx.actor.userId, withdraw_reason: input.reason, version: eb('version', '+', 1) }))
      .where('id', '=', live.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await closeItemsForClosure(db, ctx, live.id, today, `closure withdrawn: ${input.reason}`);
    await recordAudit(db, ctx, { action: 'update', entityType: 'case_closure', entityId: live.id, caseIds: [c.id], detail: { status: 'withdrawn' } });
    return viewOf(c.case_number, row);
  });
}

/**
 * Reopens a closed case on a new application (303.11(d)(5)). The closure stays in the history as reopened,
 * and the reopening is recorded as a case opening (303.2(b)) met the day it happens.
 */
export async function reopenCase(deps: Deps, ctx: RequestContext, caseNumber: string, input: { applicationDate: string; reason: string }): Promise<Result<ClosureView>> {
  const today = ctx.clock.today();
  if (input.applicationDate > today) return fail('VALIDATION_FAILED', undefined, [{ path: '/applicationDate', message: 'cannot be in the future' }]);
  return inTransaction(deps.db, async (db) => {
    const c = await visibleCase(db, ctx, caseNumber, 'case.write', true);
    if (c.status !== 'closed') throw new FailureError(fail('CASE_STATE_INVALID', `case ${c.case_number} is open`));
    if (input.applicationDate < c.closed_date!) throw new FailureError(fail('VALIDATION_FAILED', undefined, [{ path: '/applicationDate', message: `the new application must come after the closure (${c.closed_date})` }]));
    let live = await liveClosure(db, c.id);
    if (!live) {
      // Closed outside this module (imported or converted data): keep that closure in the history too.
      live = await db
        .insertInto('case_closure')
        .values({ case_id: c.id, reason_code: c.closure_reason ?? 'unknown', regulation: '45 CFR 303.11', status: 'closed', finding: 'closed before case management recorded closures', facts: JSON.stringify({}), proposed_date: c.closed_date!, notice_required: 'none', closed_date: c.closed_date!, created_at: ctx.clock.now() })
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    const row = await db
      .updateTable('case_closure')
      .set((eb) => ({ status: 'reopened', reopened_date: today, reopened_by: ctx.actor.userId, reopen_reason: input.reason, reopen_application_date: input.applicationDate, version: eb('version', '+', 1) }))
      .where('id', '=', live.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await markCaseReopened(db, c.id);
    const rule = timeframeRule('case_opening')!;
    await db
      .insertInto('case_timeframe')
      .values({ case_id: c.id, intake_id: null, kind: 'case_opening', regulation: rule.regulation, event: 'referral_received', start_date: input.applicationDate, due_date: dueDateFor(rule, input.applicationDate), met_date: today, met_by: ctx.actor.userId, met_note: 'case reopened on a new application', created_by: ctx.actor.userId })
      .onConflict((oc) => oc.columns(['case_id', 'kind', 'start_date']).where('case_id', 'is not', null).doNothing())
      .execute();
    await syncClocks(db, ctx, { caseIds: [c.id] }, today);
    await recordAudit(db, ctx, { action: 'update', entityType: 'case_closure', entityId: live.id, caseIds: [c.id], detail: { status: 'reopened', applicationDate: input.applicationDate } });
    return viewOf(c.case_number, row);
  });
}

export async function closureHistory(deps: Pick<Deps, 'db'>, ctx: RequestContext, caseNumber: string): Promise<Result<{ caseNumber: string; status: string; closures: ClosureView[] }>> {
  return inTransaction(deps.db, async (db) => {
    const c = await visibleCase(db, ctx, caseNumber, 'case.read');
    const rows = await closureRows(db, c.id);
    await recordAudit(db, ctx, { action: 'read', entityType: 'case_closure', entityId: c.case_number, caseIds: [c.id] });
    return { caseNumber: c.case_number, status: c.status, closures: rows.map((r) => viewOf(c.case_number, r)) };
  });
}

/** The criteria for a picker: code, citation, notice, findings to attest and data checks. */
export function listClosureCriteria() {
  return CLOSURE_CRITERIA.map((c) => ({
    code: c.code,
    regulation: c.regulation,
    title: c.title,
    notice: c.notice,
    noticeDays: c.notice === 'none' ? 0 : 60,
    mandatory: c.mandatory,
    attestations: Object.entries(c.attestations).map(([name, meaning]) => ({ name, meaning })),
    dataChecks: [...c.dataChecks],
  }));
}
