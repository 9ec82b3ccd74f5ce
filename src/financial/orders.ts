/**
 * Support orders and their obligations, and the case's assistance history. Entering the first order
 * opens the case account (from the month the order takes effect, charging each month since); an arrears
 * judgment adds to the bucket it names. A modification supersedes the current order from its effective
 * date. This module owns support_order, obligation and assistance_period.
 */
import type { Deps } from '../deps.ts';
import type { Frequency, ObligationKind } from '../db/schema.ts';
import { inTransaction } from '../db/tx.ts';
import { addDays } from '../kernel/calendar.ts';
import { fail, FailureError, orAbort, type ErrorDetail, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { canSeeCase, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { createCaseAccount, loadCaseAccount, loadCaseTerms, openingState, saveCaseAccount } from './accounts.ts';
import { ARREARS_BUCKETS, monthOf, nextMonth, type ArrearsBucket } from './buckets.ts';
import { bringAccountTo } from './distribute.ts';
import { caseObligeeId, caseObligorId } from '../cases/members.ts';

export interface ObligationInput {
  kind: ObligationKind;
  amountCents: number;
  frequency: Frequency;
  startDate: string;
  endDate?: string | null | undefined;
  judgmentBucket?: ArrearsBucket | null | undefined;
}

export interface OrderInput {
  orderNumber: string;
  orderKind: 'judicial' | 'administrative';
  enteredDate: string;
  effectiveDate: string;
  endDate?: string | null | undefined;
  obligations: ObligationInput[];
}

export function orderProblems(input: OrderInput, today: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (input.enteredDate > today) problems.push({ path: '/enteredDate', message: 'cannot be in the future' });
  if (input.endDate && input.endDate < input.effectiveDate) problems.push({ path: '/endDate', message: 'must not be before the effective date' });
  if (input.obligations.length === 0) problems.push({ path: '/obligations', message: 'an order has at least one obligation' });
  input.obligations.forEach((o, i) => {
    const at = `/obligations/${i}`;
    const judgment = o.kind === 'arrears_judgment';
    if (judgment !== (o.frequency === 'one_time')) problems.push({ path: `${at}/frequency`, message: judgment ? 'an arrears judgment is one_time' : 'only an arrears judgment is one_time' });
    if (judgment && !o.judgmentBucket) problems.push({ path: `${at}/judgmentBucket`, message: 'an arrears judgment names the bucket it is owed in (NA for the family, PA for the State)' });
    if (!judgment && o.judgmentBucket) problems.push({ path: `${at}/judgmentBucket`, message: 'applies to arrears judgments only' });
    if (o.startDate < input.effectiveDate) problems.push({ path: `${at}/startDate`, message: 'an obligation cannot start before its order takes effect' });
    if (o.endDate && o.endDate < o.startDate) problems.push({ path: `${at}/endDate`, message: 'must not be before the start date' });
  });
  return problems;
}

async function caseForWrite(deps: Deps, ctx: RequestContext, caseNumber: string) {
  orAbort(requirePermission(ctx.actor, 'case.write'));
  const c = await deps.db.selectFrom('iv_d_case').select(['id', 'status']).where('case_number', '=', caseNumber.toUpperCase()).executeTakeFirst();
  if (!c || !(await canSeeCase(deps.db, ctx.actor, c.id))) throw new FailureError(fail('NOT_FOUND', `no case ${caseNumber} that you may see`));
  if (c.status !== 'open') throw new FailureError(fail('CASE_STATE_INVALID', `case ${caseNumber} is closed`));
  return c;
}

/** Enters a support order (or a modification of the current one) and brings the case account up to date. */
export async function enterSupportOrder(deps: Deps, ctx: RequestContext, caseNumber: string, input: OrderInput): Promise<Result<{ orderId: number; supersededOrderId: number | null }>> {
  const problems = orderProblems(input, ctx.clock.today());
  if (problems.length) return fail('VALIDATION_FAILED', undefined, problems);
  return inTransaction(deps.db, async (db) => {
    const c = await caseForWrite({ ...deps, db }, ctx, caseNumber);
    const obligorId = await caseObligorId(db, c.id);
    if (obligorId === null) throw new FailureError(fail('CASE_STATE_INVALID', 'the case has no noncustodial parent to obligate'));
    const obligeeId = await caseObligeeId(db, c.id);
    const current = await db.selectFrom('support_order').select(['id', 'effective_date']).where('case_id', '=', c.id).where('status', '=', 'active').executeTakeFirst();
    const account = await loadCaseAccount(db, c.id, true);
    if (current) {
      if (input.effectiveDate <= current.effective_date) throw new FailureError(fail('VALIDATION_FAILED', undefined, [{ path: '/effectiveDate', message: `a modification takes effect after the current order (${current.effective_date})` }]));
      if (account && monthOf(input.effectiveDate) < account.state.supportMonth) {
        throw new FailureError(fail('VALIDATION_FAILED', undefined, [{ path: '/effectiveDate', message: `months before ${account.state.supportMonth} are already charged; a retroactive change is an adjustment` }]));
      }
      await db.updateTable('support_order').set({ status: 'superseded', end_date: addDays(input.effectiveDate, -1) }).where('id', '=', current.id).execute();
      await db.updateTable('obligation').set({ end_date: addDays(input.effectiveDate, -1) }).where('order_id', '=', current.id).where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', input.effectiveDate)])).execute();
    }
    const order = await db
      .insertInto('support_order')
      .values({
        case_id: c.id,
        order_number: input.orderNumber,
        order_kind: input.orderKind,
        entered_date: input.enteredDate,
        effective_date: input.effectiveDate,
        end_date: input.endDate ?? null,
        supersedes_order_id: current?.id ?? null,
        obligor_person_id: obligorId,
        obligee_person_id: obligeeId,
        created_by: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const o of input.obligations) {
      await db
        .insertInto('obligation')
        .values({ order_id: order.id, case_id: c.id, kind: o.kind, amount_cents: o.amountCents, frequency: o.frequency, start_date: o.startDate, end_date: o.endDate ?? input.endDate ?? null, judgment_bucket: o.judgmentBucket ?? null })
        .execute();
    }
    const meta = { batchRunId: null, userId: ctx.actor.userId, now: ctx.clock.now(), businessDate: ctx.clock.today() };
    const terms = await loadCaseTerms(db, c.id);
    const opened = account ?? (await createCaseAccount(db, c.id, obligorId, openingState(terms, monthOf(input.effectiveDate)), ctx.clock.now()));
    if (account) {
      // The new terms apply to the open month as well when the change takes effect in it.
      const firstOpenMonth = opened.state.supportMonth;
      if (monthOf(input.effectiveDate) === firstOpenMonth) opened.state.currentSupportDueCents = openingState(terms, firstOpenMonth).currentSupportDueCents;
    }
    for (const o of input.obligations) {
      if (o.kind === 'arrears_judgment') opened.state.arrears[o.judgmentBucket!] += o.amountCents;
    }
    await bringAccountTo(db, meta, opened, monthOf(ctx.clock.today()));
    await saveCaseAccount(db, opened, ctx.clock.now());
    await recordAudit(db, ctx, { action: 'create', entityType: 'support_order', entityId: order.id, caseIds: [c.id], personIds: [obligorId, ...(obligeeId !== null ? [obligeeId] : [])] });
    return { orderId: order.id, supersededOrderId: current?.id ?? null };
  });
}

export interface AssistanceInput {
  program: 'tanf' | 'iv_e';
  startMonth: string;
  endMonth?: string | null | undefined;
  monthlyAmountCents: number;
}

/**
 * Records months of TANF or IV-E assistance. Assistance for months already charged is added to URA at
 * once (URA is the running total of assistance paid less support kept); later months are charged as
 * each month opens.
 */
export async function recordAssistance(deps: Deps, ctx: RequestContext, caseNumber: string, input: AssistanceInput): Promise<Result<{ assistancePeriodId: number; uraAddedCents: number }>> {
  if (input.endMonth && input.endMonth < input.startMonth) return fail('VALIDATION_FAILED', undefined, [{ path: '/endMonth', message: 'must not be before the start month' }]);
  return inTransaction(deps.db, async (db) => {
    const c = await caseForWrite({ ...deps, db }, ctx, caseNumber);
    const row = await db
      .insertInto('assistance_period')
      .values({ case_id: c.id, program: input.program, start_month: input.startMonth, end_month: input.endMonth ?? null, monthly_amount_cents: input.monthlyAmountCents })
      .returning('id')
      .executeTakeFirstOrThrow();
    const account = await loadCaseAccount(db, c.id, true);
    let added = 0;
    if (account) {
      const through = account.state.supportMonth;
      for (let m = input.startMonth; m <= through && (!input.endMonth || m <= input.endMonth); m = nextMonth(m)) added += input.monthlyAmountCents;
      account.state.uraCents += added;
      await saveCaseAccount(db, account, ctx.clock.now());
    }
    await recordAudit(db, ctx, { action: 'create', entityType: 'assistance_period', entityId: row.id, caseIds: [c.id], detail: { uraAddedCents: added } });
    return { assistancePeriodId: row.id, uraAddedCents: added };
  });
}

export { ARREARS_BUCKETS };
