/**
 * Review and adjustment (45 CFR 303.8). A review starts on the 36-month cycle or on a request; it must
 * end within 180 days of the request (a case_timeframe 'review_completion'). The worker runs the
 * guideline calculator on today's facts, and the guideline amount is compared with the current order
 * against the State's threshold (policy data). The outcome (adjust, no change, withdrawn) is recorded,
 * notices go to both parents as PDFs kept with the review, and a completed review restarts the 36-month
 * cycle. An adjustment is carried out by entering the modified order with the review's id
 * (orders.ts). This module owns order_review and review_notice.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { Deps } from '../deps.ts';
import type { Db } from '../db/database.ts';
import type { OrderReviewTable } from '../db/schema.ts';
import { inTransaction } from '../db/tx.ts';
import { formatCents } from '../kernel/money.ts';
import { daysBetween, isIsoDate } from '../kernel/calendar.ts';
import { fail, FailureError, ok, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { caseVisibility, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { renderReviewNoticePdf, type ReviewNoticeData } from './notices.ts';
import { currentSupportMonthlyCents, guidelineMonthlyCents, runGuideline } from './orders.ts';
import { establishmentPolicyById, establishmentPolicyOn } from './policy.ts';
import { compareWithGuideline, futureDateProblems, reviewCompletionDueDate, reviewCycleDueDate } from './rules.ts';
import { asResult, caseForRead, caseForWrite, meetTimeframes, noticeAddress, restartTimeframe, startTimeframe, type CaseRow } from './store.ts';

type ReviewRow = Selectable<OrderReviewTable>;

export const REVIEW_REASONS = ['cycle', 'request', 'incarceration', 'substantial_change'] as const;
export const REVIEW_REQUESTERS = ['agency', 'custodial_party', 'noncustodial_parent', 'iv_a_agency', 'other_jurisdiction'] as const;
export const REVIEW_OUTCOMES = ['adjust', 'no_change', 'withdrawn'] as const;

export interface StartReviewInput {
  reason: (typeof REVIEW_REASONS)[number];
  requestedBy: (typeof REVIEW_REQUESTERS)[number];
  requestDate: string;
  /** Send the notice that a review has begun to both parents. */
  sendNotices?: boolean | undefined;
}

function policyOf(row: ReviewRow) {
  return establishmentPolicyById(row.policy_id) ?? establishmentPolicyOn(row.request_date);
}

async function reviewForWrite(db: Db, c: CaseRow, reviewId: number): Promise<ReviewRow> {
  const row = await db.selectFrom('order_review').selectAll().where('id', '=', reviewId).where('case_id', '=', c.id).forUpdate().executeTakeFirst();
  if (!row) throw new FailureError(fail('NOT_FOUND', `no review ${reviewId} on case ${c.caseNumber}`));
  if (row.status !== 'open') throw new FailureError(fail('ALREADY_PROCESSED', `review ${reviewId} was completed on ${row.outcome_date} (${row.outcome})`));
  return row;
}

/** Starts a review of the case's current order; one open review per case. */
export async function startReview(deps: Deps, ctx: RequestContext, caseNumber: string, input: StartReviewInput): Promise<Result<ReviewView>> {
  const problems = futureDateProblems(ctx.clock.today(), { '/requestDate': input.requestDate });
  if (problems.length) return fail('VALIDATION_FAILED', undefined, problems);
  return inTransaction(deps.db, async (db) => {
    const c = await caseForWrite(db, ctx, caseNumber);
    const order = await db.selectFrom('support_order').select(['id', 'entered_date', 'obligor_person_id', 'obligee_person_id']).where('case_id', '=', c.id).where('status', '=', 'active').executeTakeFirst();
    if (!order) throw new FailureError(fail('CASE_STATE_INVALID', `case ${c.caseNumber} has no support order to review`));
    if (input.requestDate < order.entered_date) throw new FailureError(fail('VALIDATION_FAILED', undefined, [{ path: '/requestDate', message: `cannot be before the order under review was entered (${order.entered_date})` }]));
    const open = await db.selectFrom('order_review').select(['id', 'request_date']).where('case_id', '=', c.id).where('status', '=', 'open').executeTakeFirst();
    if (open) throw new FailureError(fail('CONFLICT', `review ${open.id} (requested ${open.request_date}) is still open on this case`));
    const policy = establishmentPolicyOn(input.requestDate);
    const dueDate = reviewCompletionDueDate(input.requestDate, policy);
    const row = await db
      .insertInto('order_review')
      .values({
        case_id: c.id,
        support_order_id: order.id,
        reason: input.reason,
        requested_by: input.requestedBy,
        request_date: input.requestDate,
        review_due_date: dueDate,
        compared_date: null,
        guideline_monthly_cents: null,
        current_monthly_cents: null,
        difference_cents: null,
        percent_difference_basis_points: null,
        threshold_basis_points: null,
        threshold_cents: null,
        threshold_met: null,
        guideline_worksheet: null,
        outcome: null,
        outcome_date: null,
        outcome_reason: null,
        resulting_order_id: null,
        policy_id: policy.id,
        created_at: ctx.clock.now(),
        created_by: ctx.actor.userId,
        updated_at: ctx.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await startTimeframe(db, c.id, 'reviewCompletion', input.requestDate, dueDate);
    const notices = input.sendNotices ? await sendNotices(db, ctx, c, row, 'review_started') : [];
    await recordAudit(db, ctx, {
      action: 'create',
      entityType: 'order_review',
      entityId: row.id,
      caseIds: [c.id],
      personIds: [order.obligor_person_id, ...(order.obligee_person_id !== null ? [order.obligee_person_id] : [])],
      detail: { reason: input.reason, requestedBy: input.requestedBy, notices: notices.length, policyId: policy.id },
    });
    return loadReviewView(db, row.id);
  });
}

export interface CompareInput {
  guidelineInput: unknown;
  calculationId?: string | undefined;
}

/**
 * Runs the guideline on the facts given and compares its amount with the order's monthly current
 * support in effect today. May be run again while the review is open (new facts); the last run counts.
 */
export async function compareReview(deps: Deps, ctx: RequestContext, caseNumber: string, reviewId: number, input: CompareInput): Promise<Result<ReviewView>> {
  const sheet = runGuideline(input.guidelineInput, '/guidelineInput');
  if (!sheet.ok) return sheet;
  const amount = guidelineMonthlyCents(sheet.value, input.calculationId);
  if (!amount.ok) return amount;
  return inTransaction(deps.db, async (db) => {
    const c = await caseForWrite(db, ctx, caseNumber);
    const row = await reviewForWrite(db, c, reviewId);
    const today = ctx.clock.today();
    const obligations = await db.selectFrom('obligation').select(['kind', 'amount_cents', 'frequency', 'start_date', 'end_date']).where('order_id', '=', row.support_order_id).execute();
    const current = currentSupportMonthlyCents(obligations, today);
    const policy = policyOf(row);
    const comparison = compareWithGuideline(amount.value.cents, current, policy.adjustmentThreshold);
    await db
      .updateTable('order_review')
      .set((eb) => ({
        compared_date: today,
        guideline_monthly_cents: comparison.guidelineMonthlyCents,
        current_monthly_cents: comparison.currentMonthlyCents,
        difference_cents: comparison.differenceCents,
        percent_difference_basis_points: comparison.percentDifferenceBasisPoints,
        threshold_basis_points: comparison.thresholdBasisPoints,
        threshold_cents: comparison.thresholdCents,
        threshold_met: comparison.thresholdMet,
        guideline_worksheet: JSON.stringify(sheet.value),
        updated_at: ctx.clock.now(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', row.id)
      .execute();
    const order = await db.selectFrom('support_order').select(['obligor_person_id', 'obligee_person_id']).where('id', '=', row.support_order_id).executeTakeFirstOrThrow();
    await recordAudit(db, ctx, {
      action: 'update',
      entityType: 'order_review',
      entityId: row.id,
      caseIds: [c.id],
      personIds: [order.obligor_person_id, ...(order.obligee_person_id !== null ? [order.obligee_person_id] : [])],
      detail: { step: 'comparison', guidelineMonthlyCents: comparison.guidelineMonthlyCents, currentMonthlyCents: current, thresholdMet: comparison.thresholdMet, calculationId: amount.value.calculationId },
    });
    return loadReviewView(db, row.id);
  });
}

export interface OutcomeInput {
  outcome: (typeof REVIEW_OUTCOMES)[number];
  outcomeDate: string;
  reason?: string | null | undefined;
}

/**
 * Records the outcome. "adjust" needs a comparison that meets the threshold; "no_change" when the
 * threshold is met needs the reason (a finding that the guideline amount would be unjust); "withdrawn"
 * needs a reason. The 180-day clock is met, the outcome notices go to both parents, and unless the review
 * was withdrawn the 36-month cycle restarts from the outcome date.
 */
export async function recordReviewOutcome(deps: Deps, ctx: RequestContext, caseNumber: string, reviewId: number, input: OutcomeInput): Promise<Result<ReviewView>> {
  const problems = futureDateProblems(ctx.clock.today(), { '/outcomeDate': input.outcomeDate });
  if (problems.length) return fail('VALIDATION_FAILED', undefined, problems);
  const reason = input.reason?.trim() || null;
  return inTransaction(deps.db, async (db) => {
    const c = await caseForWrite(db, ctx, caseNumber);
    const row = await reviewForWrite(db, c, reviewId);
    const detail = (path: string, message: string) => new FailureError(fail('VALIDATION_FAILED', undefined, [{ path, message }]));
    if (input.outcomeDate < row.request_date) throw detail('/outcomeDate', `cannot be before the review was requested (${row.request_date})`);
    if (input.outcome !== 'withdrawn' && row.threshold_met === null) throw new FailureError(fail('CASE_STATE_INVALID', 'run the guideline comparison before deciding the review'));
    if (input.outcome === 'adjust' && !row.threshold_met) throw detail('/outcome', 'the guideline amount does not differ from the order by the adjustment threshold (45 CFR 303.8(c)); the outcome is no_change');
    if (input.outcome === 'no_change' && row.threshold_met && !reason) throw detail('/reason', 'the difference meets the threshold; state why the order is not adjusted');
    if (input.outcome === 'withdrawn' && !reason) throw detail('/reason', 'state why the review is withdrawn');
    await db
      .updateTable('order_review')
      .set((eb) => ({ status: 'completed', outcome: input.outcome, outcome_date: input.outcomeDate, outcome_reason: reason, updated_at: ctx.clock.now(), version: eb('version', '+', 1) }))
      .where('id', '=', row.id)
      .execute();
    await meetTimeframes(db, c.id, 'reviewCompletion', input.outcomeDate);
    if (input.outcome !== 'withdrawn') {
      await restartTimeframe(db, c.id, 'reviewCycle', input.outcomeDate, reviewCycleDueDate(input.outcomeDate, policyOf(row)));
    }
    const completed = await db.selectFrom('order_review').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    const notices = await sendNotices(db, ctx, c, completed, 'review_outcome');
    await recordAudit(db, ctx, {
      action: 'update',
      entityType: 'order_review',
      entityId: row.id,
      caseIds: [c.id],
      personIds: notices.map((n) => n.recipientPersonId),
      detail: { step: 'outcome', outcome: input.outcome, notices: notices.length },
    });
    return loadReviewView(db, row.id);
  });
}

/** Generates and keeps the notice for each parent of the reviewed order (the obligee, when there is one, and the obligor). */
async function sendNotices(db: Db, ctx: RequestContext, c: CaseRow, review: ReviewRow, kind: 'review_started' | 'review_outcome'): Promise<NoticeView[]> {
  const order = await db.selectFrom('support_order').select(['order_number', 'entered_date', 'obligor_person_id', 'obligee_person_id']).where('id', '=', review.support_order_id).executeTakeFirstOrThrow();
  const obligations = await db.selectFrom('obligation').select(['kind', 'amount_cents', 'frequency', 'start_date', 'end_date']).where('order_id', '=', review.support_order_id).execute();
  const office = await db.selectFrom('office').select('name').where('id', '=', c.officeId).executeTakeFirstOrThrow();
  const today = ctx.clock.today();
  const policy = policyOf(review);
  const parties: Array<{ personId: number; role: 'custodial_party' | 'noncustodial_parent' }> = [
    ...(order.obligee_person_id !== null ? [{ personId: order.obligee_person_id, role: 'custodial_party' as const }] : []),
    { personId: order.obligor_person_id, role: 'noncustodial_parent' },
  ];
  const people = await db.selectFrom('person').select(['id', 'first_name', 'middle_name', 'last_name', 'suffix']).where('id', 'in', parties.map((p) => p.personId)).execute();
  const nameOf = (id: number) => {
    const p = people.find((x) => x.id === id)!;
    return [p.first_name, p.middle_name, p.last_name, p.suffix].filter(Boolean).join(' ');
  };
  const out: NoticeView[] = [];
  for (const party of parties) {
    const other = parties.find((p) => p.personId !== party.personId);
    const data: ReviewNoticeData = {
      kind,
      noticeDate: today,
      caseNumber: c.caseNumber,
      officeName: office.name,
      recipient: { name: nameOf(party.personId), role: party.role, address: await noticeAddress(db, party.personId, today) },
      otherParentName: other ? nameOf(other.personId) : null,
      order: { orderNumber: order.order_number, enteredDate: order.entered_date, currentMonthlyCents: review.current_monthly_cents ?? currentSupportMonthlyCents(obligations, today) },
      review: { reviewId: review.id, reason: review.reason, requestedBy: review.requested_by, requestDate: review.request_date, dueDate: review.review_due_date },
      comparison:
        review.threshold_met === null
          ? null
          : {
              guidelineMonthlyCents: review.guideline_monthly_cents!,
              differenceCents: review.difference_cents!,
              percentDifferenceBasisPoints: review.percent_difference_basis_points,
              thresholdBasisPoints: review.threshold_basis_points,
              thresholdCents: review.threshold_cents,
              thresholdMet: review.threshold_met,
            },
      outcome: review.outcome ? { outcome: review.outcome, outcomeDate: review.outcome_date!, reason: review.outcome_reason } : null,
      responseDays: policy.reviewNoticeResponseDays,
      policyId: policy.id,
    };
    const pdf = await renderReviewNoticePdf(data);
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const row = await db
      .insertInto('review_notice')
      .values({
        review_id: review.id,
        case_id: c.id,
        kind,
        recipient_person_id: party.personId,
        recipient_role: party.role,
        notice_date: today,
        content: Buffer.from(pdf),
        sha256,
        created_at: ctx.clock.now(),
        created_by: ctx.actor.userId,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    out.push({ noticeId: row.id, kind, recipientPersonId: party.personId, recipientRole: party.role, noticeDate: today, sha256, bytes: pdf.byteLength });
  }
  return out;
}

export interface NoticeView {
  noticeId: number;
  kind: string;
  recipientPersonId: number;
  recipientRole: string;
  noticeDate: string;
  sha256: string;
  bytes: number;
}

export interface ReviewView {
  reviewId: number;
  caseNumber: string;
  supportOrderId: number;
  reason: string;
  requestedBy: string;
  requestDate: string;
  reviewDueDate: string;
  status: string;
  comparison: {
    comparedDate: string;
    guidelineMonthly: string;
    currentMonthly: string;
    difference: string;
    percentDifferenceBasisPoints: number | null;
    thresholdBasisPoints: number | null;
    threshold: string | null;
    thresholdMet: boolean;
    explanation: string;
  } | null;
  outcome: { outcome: string; outcomeDate: string; reason: string | null; onTime: boolean } | null;
  resultingOrderId: number | null;
  policyId: string;
  notices: NoticeView[];
}

async function loadReviewView(db: Db, reviewId: number): Promise<ReviewView> {
  const r = await db
    .selectFrom('order_review as r')
    .innerJoin('iv_d_case as c', 'c.id', 'r.case_id')
    .selectAll('r')
    .select('c.case_number')
    .where('r.id', '=', reviewId)
    .executeTakeFirstOrThrow();
  const notices = await db
    .selectFrom('review_notice')
    .select(['id', 'kind', 'recipient_person_id', 'recipient_role', 'notice_date', 'sha256', sql<number>`octet_length(content)`.as('bytes')])
    .where('review_id', '=', reviewId)
    .orderBy('id')
    .execute();
  const compared = r.threshold_met !== null;
  const policy = policyOf(r);
  return {
    reviewId: r.id,
    caseNumber: r.case_number,
    supportOrderId: r.support_order_id,
    reason: r.reason,
    requestedBy: r.requested_by,
    requestDate: r.request_date,
    reviewDueDate: r.review_due_date,
    status: r.status,
    comparison: compared
      ? {
          comparedDate: r.compared_date!,
          guidelineMonthly: formatCents(r.guideline_monthly_cents!),
          currentMonthly: formatCents(r.current_monthly_cents!),
          difference: formatCents(r.difference_cents!),
          percentDifferenceBasisPoints: r.percent_difference_basis_points,
          thresholdBasisPoints: r.threshold_basis_points,
          threshold: r.threshold_cents === null ? null : formatCents(r.threshold_cents),
          thresholdMet: r.threshold_met!,
          explanation: compareWithGuideline(r.guideline_monthly_cents!, r.current_monthly_cents!, { percentBasisPoints: r.threshold_basis_points, amountCents: r.threshold_cents }).explanation,
        }
      : null,
    outcome: r.outcome ? { outcome: r.outcome, outcomeDate: r.outcome_date!, reason: r.outcome_reason, onTime: r.outcome_date! <= r.review_due_date } : null,
    resultingOrderId: r.resulting_order_id,
    policyId: policy.id,
    notices: notices.map((n) => ({ noticeId: n.id, kind: n.kind, recipientPersonId: n.recipient_person_id, recipientRole: n.recipient_role, noticeDate: n.notice_date, sha256: n.sha256, bytes: Number(n.bytes) })),
  };
}

/** The case's reviews, newest first. */
export async function getCaseReviews(deps: Deps, ctx: RequestContext, caseNumber: string): Promise<Result<{ caseNumber: string; reviews: ReviewView[] }>> {
  return asResult(async () => {
    const c = await caseForRead(deps.db, ctx, caseNumber, 'order_review');
    const ids = await deps.db.selectFrom('order_review').select('id').where('case_id', '=', c.id).orderBy('request_date', 'desc').orderBy('id', 'desc').execute();
    const reviews: ReviewView[] = [];
    for (const { id } of ids) reviews.push(await loadReviewView(deps.db, id));
    await recordAudit(deps.db, ctx, { action: 'read', entityType: 'order_review', entityId: c.caseNumber, caseIds: [c.id], personIds: [...new Set(reviews.flatMap((r) => r.notices.map((n) => n.recipientPersonId)))] });
    return { caseNumber: c.caseNumber, reviews };
  });
}

export async function getCaseReview(deps: Deps, ctx: RequestContext, caseNumber: string, reviewId: number): Promise<Result<ReviewView>> {
  return asResult(async () => {
    const c = await caseForRead(deps.db, ctx, caseNumber, 'order_review');
    const found = await deps.db.selectFrom('order_review').select('id').where('id', '=', reviewId).where('case_id', '=', c.id).executeTakeFirst();
    if (!found) throw new FailureError(fail('NOT_FOUND', `no review ${reviewId} on case ${c.caseNumber}`));
    const view = await loadReviewView(deps.db, reviewId);
    await recordAudit(deps.db, ctx, { action: 'read', entityType: 'order_review', entityId: reviewId, caseIds: [c.id], personIds: view.notices.map((n) => n.recipientPersonId) });
    return view;
  });
}

/** The PDF of a notice, as it was generated; the read is an audited export of the recipient's data. */
export async function getNoticePdf(deps: Deps, ctx: RequestContext, caseNumber: string, reviewId: number, noticeId: number): Promise<Result<{ fileName: string; content: Buffer }>> {
  return asResult(async () => {
    const c = await caseForRead(deps.db, ctx, caseNumber, 'review_notice');
    const n = await deps.db.selectFrom('review_notice').selectAll().where('id', '=', noticeId).where('review_id', '=', reviewId).where('case_id', '=', c.id).executeTakeFirst();
    if (!n) throw new FailureError(fail('NOT_FOUND', `no notice ${noticeId} of review ${reviewId} on case ${c.caseNumber}`));
    await recordAudit(deps.db, ctx, { action: 'export', entityType: 'review_notice', entityId: n.id, caseIds: [c.id], personIds: [n.recipient_person_id], detail: { kind: n.kind } });
    return { fileName: `${c.caseNumber}-review-${reviewId}-${n.kind}-${n.recipient_role}.pdf`, content: Buffer.from(n.content) };
  });
}

export interface ReviewDue {
  caseNumber: string;
  officeCode: string;
  orderId: number;
  orderNumber: string;
  orderEnteredDate: string;
  lastReviewDate: string | null;
  dueDate: string;
  daysOverdue: number;
}

/**
 * Open cases with an order whose 36-month review is due on or before `asOf` and that have no review
 * open. The due date is the running review_cycle clock; an order entered through the financial route
 * alone (no clock) is due 36 months after the later of its entry and the last completed review.
 */
export async function listReviewsDue(deps: Deps, ctx: RequestContext, asOf: string): Promise<Result<ReviewDue[]>> {
  const allowed = requirePermission(ctx.actor, 'case.read');
  if (!allowed.ok) return allowed;
  if (!isIsoDate(asOf)) return fail('VALIDATION_FAILED', undefined, [{ path: '/asOf', message: 'must be a date (YYYY-MM-DD)' }]);
  const visible = caseVisibility(ctx.actor) ?? sql<boolean>`true`;
  const rows = await sql<{ case_id: number; case_number: string; office_code: string; order_id: number; order_number: string; entered_date: string; clock_due: string | null; last_review: string | null }>`
    select c.id as case_id, c.case_number, o.code as office_code, so.id as order_id, so.order_number, so.entered_date,
      (select min(t.due_date) from case_timeframe t where t.case_id = c.id and t.kind = 'review_cycle' and t.met_date is null)::text as clock_due,
      (select max(r.outcome_date) from order_review r where r.case_id = c.id and r.outcome in ('adjust', 'no_change'))::text as last_review
    from iv_d_case c
    join office o on o.id = c.office_id
    join support_order so on so.case_id = c.id and so.status = 'active'
    where c.status = 'open' and ${visible}
      and not exists (select 1 from order_review r where r.case_id = c.id and r.status = 'open')
    order by c.case_number`.execute(deps.db);
  const policy = establishmentPolicyOn(asOf);
  const due: ReviewDue[] = [];
  for (const r of rows.rows) {
    const from = r.last_review && r.last_review > r.entered_date ? r.last_review : r.entered_date;
    const dueDate = r.clock_due ?? reviewCycleDueDate(from, policy);
    if (dueDate > asOf) continue;
    due.push({ caseNumber: r.case_number, officeCode: r.office_code, orderId: r.order_id, orderNumber: r.order_number, orderEnteredDate: r.entered_date, lastReviewDate: r.last_review, dueDate, daysOverdue: daysBetween(dueDate, asOf) });
  }
  due.sort((a, b) => (a.dueDate === b.dueDate ? (a.caseNumber < b.caseNumber ? -1 : 1) : a.dueDate < b.dueDate ? -1 : 1));
  await recordAudit(deps.db, ctx, { action: 'search', entityType: 'order_review', caseIds: rows.rows.filter((r) => due.some((d) => d.caseNumber === r.case_number)).map((r) => r.case_id), detail: { asOf, due: due.length } });
  return ok(due);
}
