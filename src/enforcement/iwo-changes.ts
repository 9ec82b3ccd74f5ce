/**
 * Income withholding after the order changes, and several orders at one employer.
 *
 * `reviewWithholding` (`cse iwo review --date D`) looks at every withholding order an employer holds
 * (sent, accepted, suspended) and issues, for the next e-IWO file:
 * - an amended IWO (e-IWO document action AMD) when the support order was modified (superseded) or the
 *   monthly amounts changed (arrears paid off, so the arrears payment stops or falls);
 * - a termination (TRM) when the order ended or the case closed with no order left to enforce.
 * The earlier withholding order is ended (terminated) the same day, its action too; the new one is a
 * pending income_withholding action with its own document tracking number.
 *
 * `employerWithholdingSplit` applies the CCPA limit to everything one obligor's employer holds: current
 * support first across the orders, then arrears, each prorated by the largest remainder (ccpa.ts).
 */
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { addBusinessDays } from '../kernel/calendar.ts';
import type { Result } from '../kernel/result.ts';
import type { Cents } from '../kernel/money.ts';
import { recordAudit } from '../security/audit.ts';
import { requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { loadCaseAccount } from '../financial/accounts.ts';
import { totalArrearsCents } from '../financial/buckets.ts';
import { allocateWithholding, ccpaLimitPercent, perPayPeriodCents, type PayFrequency, type WithholdingAllocation } from './ccpa.ts';
import { DEFAULT_WITHHOLDING_POLICY, orderCurrentSupport, withholdingAmounts, type WithholdingPolicy } from './withholding.ts';
import { onDate } from './remedy-actions.ts';

export interface WithholdingReview {
  amended: number;
  terminated: number;
  unchanged: number;
  iwoIds: number[];
}

/** Pure: what a withholding order needs now. */
export function withholdingChange(
  held: { supportOrderId: number; currentMonthlyCents: Cents; arrearsPaymentMonthlyCents: Cents },
  now: { activeOrderId: number | null; currentMonthlyCents: Cents; arrearsPaymentMonthlyCents: Cents },
): 'none' | 'amend' | 'terminate' {
  if (now.activeOrderId === null || now.currentMonthlyCents + now.arrearsPaymentMonthlyCents === 0) return 'terminate';
  if (now.activeOrderId !== held.supportOrderId || now.currentMonthlyCents !== held.currentMonthlyCents || now.arrearsPaymentMonthlyCents !== held.arrearsPaymentMonthlyCents) return 'amend';
  return 'none';
}

export async function reviewWithholding(deps: Deps, ctx0: RequestContext, date: string, policy: WithholdingPolicy = DEFAULT_WITHHOLDING_POLICY): Promise<Result<WithholdingReview>> {
  const allowed = requirePermission(ctx0.actor, 'case.write');
  if (!allowed.ok) return allowed;
  const ctx = onDate(ctx0, date);
  return inTransaction(deps.db, async (db) => {
    const out: WithholdingReview = { amended: 0, terminated: 0, unchanged: 0, iwoIds: [] };
    const held = await db.selectFrom('income_withholding_order as w').innerJoin('iv_d_case as c', 'c.id', 'w.case_id')
      .selectAll('w').select(['c.status as case_status', 'c.case_number'])
      .where('w.status', 'in', ['sent', 'accepted', 'suspended']).orderBy('w.id').execute();
    for (const w of held) {
      const order = w.case_status === 'open'
        ? await db.selectFrom('support_order').select(['id', 'order_number', 'end_date']).where('case_id', '=', w.case_id).where('obligor_person_id', '=', w.obligor_person_id).where('status', '=', 'active').orderBy('effective_date', 'desc').executeTakeFirst()
        : undefined;
      const activeOrder = order && (order.end_date === null || order.end_date >= date) ? order : undefined;
      let amounts = { currentMonthlyCents: 0, arrearsPaymentMonthlyCents: 0, arrearsOver12Weeks: false, ccpaPercent: w.ccpa_percent };
      if (activeOrder) {
        const account = await loadCaseAccount(db, w.case_id);
        amounts = withholdingAmounts(await orderCurrentSupport(db, activeOrder.id, date), account ? totalArrearsCents(account.state.arrears) : 0, policy);
      }
      const change = withholdingChange(
        { supportOrderId: w.support_order_id, currentMonthlyCents: w.current_support_monthly_cents, arrearsPaymentMonthlyCents: w.arrears_payment_monthly_cents },
        { activeOrderId: activeOrder?.id ?? null, currentMonthlyCents: amounts.currentMonthlyCents, arrearsPaymentMonthlyCents: amounts.arrearsPaymentMonthlyCents },
      );
      if (change === 'none') {
        out.unchanged++;
        continue;
      }
      const code = change === 'amend' ? 'AMD' : 'TRM';
      const reason = change === 'amend' ? (activeOrder!.id !== w.support_order_id ? 'support order modified' : 'withholding amounts changed') : w.case_status !== 'open' ? 'case closed' : 'support order ended';
      const due = addBusinessDays(date, policy.issueWithinBusinessDays);
      const action = await db.insertInto('enforcement_action').values({ case_id: w.case_id, obligor_person_id: w.obligor_person_id, kind: 'income_withholding', status: 'pending', start_date: date, due_date: due, end_date: null, notice_kind: code === 'AMD' ? 'income_withholding_order_amended' : 'income_withholding_order_termination', notice_sent_date: null, source: 'income_withholding_order', source_id: w.id, reason, created_by: ctx.actor.userId }).returning('id').executeTakeFirstOrThrow();
      const iwo = await db.insertInto('income_withholding_order').values({
        enforcement_action_id: action.id, case_id: w.case_id, support_order_id: activeOrder?.id ?? w.support_order_id, obligor_person_id: w.obligor_person_id, employer_id: w.employer_id,
        person_employment_id: w.person_employment_id, new_hire_report_id: w.new_hire_report_id, document_tracking_number: `IWO-${w.case_number}-${action.id}`.slice(0, 30),
        order_identifier: (activeOrder?.order_number ?? w.order_identifier).slice(0, 30), action_code: code, status: 'pending', income_source_date: w.income_source_date, issue_due_date: due, issued_date: null,
        current_support_monthly_cents: amounts.currentMonthlyCents, arrears_payment_monthly_cents: amounts.arrearsPaymentMonthlyCents, arrears_over_12_weeks: amounts.arrearsOver12Weeks, ccpa_percent: amounts.ccpaPercent,
        eiwo_file_id: null, ack_status: null, ack_reason: null, ack_date: null, termination_date: code === 'TRM' ? date : null, final_payment_cents: null, lump_sum_cents: null, lump_sum_date: null,
      }).returning('id').executeTakeFirstOrThrow();
      // The earlier notice is replaced: the employer follows the amended or termination notice.
      await db.updateTable('income_withholding_order').set({ status: 'terminated', termination_date: date }).where('id', '=', w.id).execute();
      await db.updateTable('enforcement_action').set({ status: 'terminated', end_date: date, reason: `${code === 'AMD' ? 'amended' : 'terminated'}: ${reason}` }).where('id', '=', w.enforcement_action_id).execute();
      await recordAudit(db, ctx, { action: 'create', entityType: 'income_withholding_order', entityId: iwo.id, personIds: [w.obligor_person_id], caseIds: [w.case_id], detail: { actionCode: code, replaces: w.id, reason } });
      out.iwoIds.push(iwo.id);
      if (code === 'AMD') out.amended++;
      else out.terminated++;
    }
    return out;
  });
}

export interface EmployerSplit extends WithholdingAllocation<number> {
  percent: number;
  frequency: PayFrequency;
}

/**
 * The most one employer may withhold from one pay of an obligor with several withholding orders, and
 * each order's share: current support first (prorated by current support due), then arrears (prorated
 * by the arrears payments), to the cent, within the CCPA limit.
 */
export async function employerWithholdingSplit(db: Db, employerId: number, obligorPersonId: number, disposableCents: Cents, frequency: PayFrequency, supportsOtherFamily: boolean): Promise<EmployerSplit> {
  const orders = await db.selectFrom('income_withholding_order').select(['id', 'current_support_monthly_cents', 'arrears_payment_monthly_cents', 'arrears_over_12_weeks'])
    .where('employer_id', '=', employerId).where('obligor_person_id', '=', obligorPersonId).where('status', 'in', ['sent', 'accepted']).where('action_code', '<>', 'TRM').orderBy('id').execute();
  const percent = ccpaLimitPercent({ supportsOtherFamily, arrearsOver12Weeks: orders.some((o) => o.arrears_over_12_weeks) });
  const split = allocateWithholding(disposableCents, percent, orders.map((o) => ({ key: o.id, currentCents: perPayPeriodCents(o.current_support_monthly_cents, frequency), arrearsCents: perPayPeriodCents(o.arrears_payment_monthly_cents, frequency) })));
  return { ...split, percent, frequency };
}
