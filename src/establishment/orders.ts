/**
 * Entry of a support order, judicial or administrative, with everything it decides: the money terms
 * (current support, cash medical support, arrears judgments) go through the financial module's
 * enterSupportOrder, which writes support_order and obligation and charges the case account; the rest
 * (custody, parenting time, health insurance and the guideline amount behind the order) is kept in
 * support_order_terms under the same order id. One transaction for both. Entering the order meets the
 * 303.4(d) establishment clock and starts the 36-month review cycle (303.8(b)(1)).
 */
import type { Deps } from '../deps.ts';
import type { Db } from '../db/database.ts';
import type { Frequency } from '../db/schema.ts';
import { inTransaction } from '../db/tx.ts';
import { enterSupportOrder, type ObligationInput } from '../financial/orders.ts';
import { monthlyEquivalentCents } from '../financial/obligation-rules.ts';
import type { ArrearsBucket } from '../financial/buckets.ts';
import { formatCents, parseCents, type Cents } from '../kernel/money.ts';
import { fail, FailureError, ok, orAbort, type ErrorDetail, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import type { RequestContext } from '../security/context.ts';
import { calculateGuideline, type Worksheet } from './guideline/index.ts';
import { establishmentPolicyOn } from './policy.ts';
import { healthInsuranceReasonable, reviewCycleDueDate } from './rules.ts';
import { meetEstablishmentClock } from './service-of-process.ts';
import { activeMembers, asResult, caseForRead, caseForWrite, obligorOf, restartTimeframe } from './store.ts';

export type PeriodicFrequency = Exclude<Frequency, 'one_time'>;

export interface PeriodicAmount {
  amountCents: Cents;
  frequency: PeriodicFrequency;
  startDate?: string | null | undefined;
  endDate?: string | null | undefined;
}

export interface EstablishOrderInput {
  orderNumber: string;
  orderKind: 'judicial' | 'administrative';
  tribunal?: string | null | undefined;
  enteredDate: string;
  effectiveDate: string;
  endDate?: string | null | undefined;
  currentSupport?: PeriodicAmount | null | undefined;
  arrears?: Array<{ amountCents: Cents; bucket: ArrearsBucket }> | undefined;
  medical: {
    healthInsuranceBy: 'obligor' | 'obligee' | 'both' | 'neither' | 'not_addressed';
    /** The monthly cost of covering the children. */
    premiumMonthlyCents?: Cents | null | undefined;
    /** The obligor's gross monthly income, to test reasonable cost. */
    obligorGrossMonthlyIncomeCents?: Cents | null | undefined;
    cashMedical?: PeriodicAmount | null | undefined;
    unreimbursedObligorBasisPoints?: number | null | undefined;
  };
  custody: {
    legalCustody: 'custodial_party' | 'noncustodial_parent' | 'joint' | 'third_party' | 'not_addressed';
    physicalCustody: 'custodial_party' | 'noncustodial_parent' | 'shared' | 'third_party' | 'not_addressed';
    obligorOvernightsPerYear?: number | null | undefined;
    parentingSchedule?: string | null | undefined;
  };
  /** The guideline calculation behind the order (docs/guideline.md input) and, for a calculation of a third-party case, which one. */
  guideline?: { input: unknown; calculationId?: string | undefined } | null | undefined;
  /** Required when the current support ordered differs from the guideline amount (45 CFR 302.56(g)). */
  deviationReason?: string | null | undefined;
  /** The review whose outcome this order carries out (a modification). */
  reviewId?: number | null | undefined;
}

/** The guideline amount of a worksheet calculation: what the obligor owes a month (line T1's total). */
export function guidelineMonthlyCents(worksheet: Worksheet, calculationId: string | undefined): Result<{ cents: Cents; calculationId: string }> {
  const calc = calculationId ? worksheet.calculations.find((c) => c.id === calculationId) : worksheet.calculations[0];
  if (!calc) {
    return fail('VALIDATION_FAILED', undefined, [{ path: '/calculationId', message: `the worksheet has no calculation ${calculationId}; it has ${worksheet.calculations.map((c) => c.id).join(', ')}` }]);
  }
  return ok({ cents: parseCents(calc.result.totalMonthly)!, calculationId: calc.id });
}

/** Runs the guideline calculator; its failures come back with paths under `prefix`. */
export function runGuideline(input: unknown, prefix: string): Result<Worksheet> {
  const sheet = calculateGuideline(input);
  if (sheet.ok) return sheet;
  return { ...sheet, details: (sheet.details ?? []).map((d) => ({ ...d, path: `${prefix}${d.path && d.path !== '/' ? d.path : ''}` })) };
}

function inputProblems(input: EstablishOrderInput): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (!input.currentSupport && !input.medical.cashMedical && !(input.arrears ?? []).length) {
    problems.push({ path: '/currentSupport', message: 'an order needs at least one money term: current support, cash medical support or arrears' });
  }
  const premiumGiven = input.medical.premiumMonthlyCents !== null && input.medical.premiumMonthlyCents !== undefined;
  if (premiumGiven && (input.medical.healthInsuranceBy === 'neither' || input.medical.healthInsuranceBy === 'not_addressed')) {
    problems.push({ path: '/medical/premiumMonthly', message: 'applies only when a parent provides health insurance' });
  }
  if (input.custody.physicalCustody === 'shared' && (input.custody.obligorOvernightsPerYear ?? null) === null) {
    problems.push({ path: '/custody/obligorOvernightsPerYear', message: 'is required for shared physical custody' });
  }
  return problems;
}

/** Enters the order and its terms in one unit of work. */
export async function enterEstablishedOrder(deps: Deps, ctx: RequestContext, caseNumber: string, input: EstablishOrderInput): Promise<Result<OrderView>> {
  const problems = inputProblems(input);
  let guideline: { worksheet: Worksheet; cents: Cents } | null = null;
  if (input.guideline) {
    const sheet = runGuideline(input.guideline.input, '/guideline/input');
    if (!sheet.ok) return sheet;
    const amount = guidelineMonthlyCents(sheet.value, input.guideline.calculationId);
    if (!amount.ok) return { ...amount, details: amount.details?.map((d) => ({ ...d, path: '/guideline' + d.path })) };
    guideline = { worksheet: sheet.value, cents: amount.value.cents };
    const ordered = input.currentSupport ? monthlyEquivalentCents(input.currentSupport.amountCents, input.currentSupport.frequency) : 0;
    if (ordered !== guideline.cents && !input.deviationReason?.trim()) {
      problems.push({
        path: '/deviationReason',
        message: `current support of $${formatCents(ordered)} a month departs from the guideline amount $${formatCents(guideline.cents)}; state the reason the guideline amount would be unjust or inappropriate (45 CFR 302.56(g))`,
      });
    }
  }
  if (problems.length) return fail('VALIDATION_FAILED', undefined, problems);

  const obligations: ObligationInput[] = [];
  const periodic = (kind: 'current_support' | 'medical_support', p: PeriodicAmount) =>
    obligations.push({ kind, amountCents: p.amountCents, frequency: p.frequency, startDate: p.startDate ?? input.effectiveDate, endDate: p.endDate ?? null });
  if (input.currentSupport) periodic('current_support', input.currentSupport);
  if (input.medical.cashMedical) periodic('medical_support', input.medical.cashMedical);
  for (const a of input.arrears ?? []) obligations.push({ kind: 'arrears_judgment', amountCents: a.amountCents, frequency: 'one_time', startDate: input.effectiveDate, judgmentBucket: a.bucket });

  return inTransaction(deps.db, async (db) => {
    const c = await caseForWrite(db, ctx, caseNumber);
    const members = await activeMembers(db, c.id);
    const obligor = obligorOf(members);
    if (obligor?.role === 'alleged_father') {
      const father = await db.selectFrom('paternity').select('id').where('case_id', '=', c.id).where('alleged_father_person_id', '=', obligor.personId).where('status', '=', 'established').executeTakeFirst();
      if (!father) {
        throw new FailureError(fail('CASE_STATE_INVALID', `paternity is not established for alleged father ${obligor.firstName} ${obligor.lastName} (person ${obligor.personId}); establish paternity before a support order`));
      }
    }
    const review = input.reviewId ? await db.selectFrom('order_review').selectAll().where('id', '=', input.reviewId).where('case_id', '=', c.id).forUpdate().executeTakeFirst() : undefined;
    if (input.reviewId) {
      const why = !review
        ? `no review ${input.reviewId} on this case`
        : review.status !== 'completed' || review.outcome !== 'adjust'
          ? `review ${input.reviewId} has no outcome "adjust" yet`
          : review.resulting_order_id !== null
            ? `review ${input.reviewId} was already carried out by order ${review.resulting_order_id}`
            : null;
      if (why) throw new FailureError(fail('VALIDATION_FAILED', undefined, [{ path: '/reviewId', message: why }]));
    }

    const entered = orAbort(
      await enterSupportOrder({ ...deps, db }, ctx, c.caseNumber, {
        orderNumber: input.orderNumber,
        orderKind: input.orderKind,
        enteredDate: input.enteredDate,
        effectiveDate: input.effectiveDate,
        endDate: input.endDate ?? null,
        obligations,
      }),
    );
    const policy = establishmentPolicyOn(input.effectiveDate);
    const premium = input.medical.premiumMonthlyCents ?? null;
    const income = input.medical.obligorGrossMonthlyIncomeCents ?? null;
    const insurer = input.medical.healthInsuranceBy;
    await db
      .insertInto('support_order_terms')
      .values({
        support_order_id: entered.orderId,
        case_id: c.id,
        tribunal: input.tribunal ?? null,
        legal_custody: input.custody.legalCustody,
        physical_custody: input.custody.physicalCustody,
        obligor_overnights_per_year: input.custody.obligorOvernightsPerYear ?? null,
        parenting_schedule: input.custody.parentingSchedule ?? null,
        health_insurance_by: insurer,
        health_insurance_premium_monthly_cents: premium,
        obligor_gross_monthly_income_cents: income,
        reasonable_cost_basis_points: policy.healthInsuranceReasonableCostBasisPoints,
        // Reasonable cost is judged for the obligor's coverage (45 CFR 303.31(a)(1)).
        health_insurance_reasonable_cost: insurer === 'obligor' || insurer === 'both' ? healthInsuranceReasonable(premium, income, policy.healthInsuranceReasonableCostBasisPoints) : null,
        unreimbursed_medical_obligor_basis_points: input.medical.unreimbursedObligorBasisPoints ?? null,
        guideline_monthly_cents: guideline?.cents ?? null,
        guideline_worksheet: guideline ? JSON.stringify(guideline.worksheet) : null,
        deviation_reason: input.deviationReason?.trim() || null,
        policy_id: policy.id,
        created_at: ctx.clock.now(),
        created_by: ctx.actor.userId,
      })
      .execute();
    const establishmentMet = await meetEstablishmentClock(db, c.id, input.enteredDate);
    await restartTimeframe(db, c.id, 'reviewCycle', input.enteredDate, reviewCycleDueDate(input.enteredDate, policy));
    if (review) await db.updateTable('order_review').set((eb) => ({ resulting_order_id: entered.orderId, updated_at: ctx.clock.now(), version: eb('version', '+', 1) })).where('id', '=', review.id).execute();
    const view = await loadOrderView(db, entered.orderId);
    await recordAudit(db, ctx, {
      action: 'create',
      entityType: 'support_order_terms',
      entityId: entered.orderId,
      caseIds: [c.id],
      personIds: [view.obligorPersonId, ...(view.obligeePersonId !== null ? [view.obligeePersonId] : [])],
      detail: { establishmentTimeframesMet: establishmentMet, reviewId: review?.id ?? null, policyId: policy.id },
    });
    return view;
  });
}

export interface ObligationView {
  obligationId: number;
  kind: string;
  amount: string;
  frequency: string;
  monthlyAmount: string | null;
  startDate: string;
  endDate: string | null;
  judgmentBucket: string | null;
}

export interface OrderTermsView {
  tribunal: string | null;
  custody: { legalCustody: string; physicalCustody: string; obligorOvernightsPerYear: number | null; parentingSchedule: string | null };
  medical: {
    healthInsuranceBy: string;
    premiumMonthly: string | null;
    obligorGrossMonthlyIncome: string | null;
    reasonableCostBasisPoints: number | null;
    reasonableCost: boolean | null;
    cashMedicalMonthly: string | null;
    unreimbursedObligorBasisPoints: number | null;
  };
  guideline: { monthlyAmount: string; deviationReason: string | null; worksheet: unknown } | null;
  policyId: string;
}

export interface OrderView {
  orderId: number;
  orderNumber: string;
  orderKind: string;
  status: string;
  enteredDate: string;
  effectiveDate: string;
  endDate: string | null;
  supersedesOrderId: number | null;
  obligorPersonId: number;
  obligeePersonId: number | null;
  currentSupportMonthly: string;
  obligations: ObligationView[];
  /** Null for an order entered through the financial route without establishment terms. */
  terms: OrderTermsView | null;
}

const money = (cents: number | null) => (cents === null ? null : formatCents(cents));

/** Monthly current support of an order's obligations: the periodic current_support amounts in effect on the date. */
export function currentSupportMonthlyCents(obligations: ReadonlyArray<{ kind: string; amount_cents: number; frequency: Frequency; start_date: string; end_date: string | null }>, onDate: string): Cents {
  let total = 0;
  for (const o of obligations) {
    if (o.kind !== 'current_support' || o.frequency === 'one_time') continue;
    if (o.start_date <= onDate && (o.end_date === null || o.end_date >= onDate)) total += monthlyEquivalentCents(o.amount_cents, o.frequency);
  }
  return total;
}

export async function loadOrderView(db: Db, orderId: number): Promise<OrderView> {
  const o = await db.selectFrom('support_order').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
  const obligations = await db.selectFrom('obligation').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
  const t = await db.selectFrom('support_order_terms').selectAll().where('support_order_id', '=', orderId).executeTakeFirst();
  const monthly = (kind: string) => {
    const list = obligations.filter((x) => x.kind === kind && x.frequency !== 'one_time');
    return list.length ? list.reduce((sum, x) => sum + monthlyEquivalentCents(x.amount_cents, x.frequency as PeriodicFrequency), 0) : null;
  };
  const current = obligations.filter((x) => x.kind === 'current_support' && x.frequency !== 'one_time').reduce((sum, x) => sum + monthlyEquivalentCents(x.amount_cents, x.frequency as PeriodicFrequency), 0);
  return {
    orderId: o.id,
    orderNumber: o.order_number,
    orderKind: o.order_kind,
    status: o.status,
    enteredDate: o.entered_date,
    effectiveDate: o.effective_date,
    endDate: o.end_date,
    supersedesOrderId: o.supersedes_order_id,
    obligorPersonId: o.obligor_person_id,
    obligeePersonId: o.obligee_person_id,
    currentSupportMonthly: formatCents(current),
    obligations: obligations.map((x) => ({
      obligationId: x.id,
      kind: x.kind,
      amount: formatCents(x.amount_cents),
      frequency: x.frequency,
      monthlyAmount: x.frequency === 'one_time' ? null : formatCents(monthlyEquivalentCents(x.amount_cents, x.frequency)),
      startDate: x.start_date,
      endDate: x.end_date,
      judgmentBucket: x.judgment_bucket,
    })),
    terms: t
      ? {
          tribunal: t.tribunal,
          custody: { legalCustody: t.legal_custody, physicalCustody: t.physical_custody, obligorOvernightsPerYear: t.obligor_overnights_per_year, parentingSchedule: t.parenting_schedule },
          medical: {
            healthInsuranceBy: t.health_insurance_by,
            premiumMonthly: money(t.health_insurance_premium_monthly_cents),
            obligorGrossMonthlyIncome: money(t.obligor_gross_monthly_income_cents),
            reasonableCostBasisPoints: t.reasonable_cost_basis_points,
            reasonableCost: t.health_insurance_reasonable_cost,
            cashMedicalMonthly: money(monthly('medical_support')),
            unreimbursedObligorBasisPoints: t.unreimbursed_medical_obligor_basis_points,
          },
          guideline: t.guideline_monthly_cents === null ? null : { monthlyAmount: formatCents(t.guideline_monthly_cents), deviationReason: t.deviation_reason, worksheet: t.guideline_worksheet },
          policyId: t.policy_id,
        }
      : null,
  };
}

/** The case's orders, newest first, with their obligations and terms. */
export async function getCaseOrders(deps: Deps, ctx: RequestContext, caseNumber: string): Promise<Result<{ caseNumber: string; orders: OrderView[] }>> {
  return asResult(async () => {
    const c = await caseForRead(deps.db, ctx, caseNumber, 'support_order');
    const ids = await deps.db.selectFrom('support_order').select('id').where('case_id', '=', c.id).orderBy('effective_date', 'desc').orderBy('id', 'desc').execute();
    const orders: OrderView[] = [];
    for (const { id } of ids) orders.push(await loadOrderView(deps.db, id));
    await recordAudit(deps.db, ctx, { action: 'read', entityType: 'support_order', entityId: c.caseNumber, caseIds: [c.id], personIds: [...new Set(orders.flatMap((o) => [o.obligorPersonId, ...(o.obligeePersonId !== null ? [o.obligeePersonId] : [])]))] });
    return { caseNumber: c.caseNumber, orders };
  });
}

/** One order of the case. */
export async function getCaseOrder(deps: Deps, ctx: RequestContext, caseNumber: string, orderId: number): Promise<Result<OrderView>> {
  return asResult(async () => {
    const c = await caseForRead(deps.db, ctx, caseNumber, 'support_order');
    const found = await deps.db.selectFrom('support_order').select('id').where('id', '=', orderId).where('case_id', '=', c.id).executeTakeFirst();
    if (!found) throw new FailureError(fail('NOT_FOUND', `no order ${orderId} on case ${c.caseNumber}`));
    const view = await loadOrderView(deps.db, orderId);
    await recordAudit(deps.db, ctx, { action: 'read', entityType: 'support_order', entityId: orderId, caseIds: [c.id], personIds: [view.obligorPersonId, ...(view.obligeePersonId !== null ? [view.obligeePersonId] : [])] });
    return view;
  });
}
