/**
 * The parent portal's reads and writes. A parent sees only the cases where they are the custodial party
 * or the noncustodial parent, and of the other party only the name: never an address, birth date or
 * SSN (family-violence safety).
 */
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { fail, ok, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { caseVisibility, programOfficeCondition, programReceiptCondition, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { addAddress, type AddressInput } from '../participants/store.ts';
import { sql } from 'kysely';
import { statementOfCase } from '../financial/statement.ts';
import { loadCaseTerms, monthTerms } from '../financial/accounts.ts';
import { monthOf, nextMonth } from '../financial/buckets.ts';

export interface PortalCase {
  caseNumber: string;
  status: string;
  myRole: string;
  otherParty: string | null;
  children: Array<{ firstName: string; dateOfBirth: string | null }>;
  openedDate: string;
}

export async function myCases(deps: Deps, ctx: RequestContext): Promise<Result<PortalCase[]>> {
  const allowed = requirePermission(ctx.actor, 'portal.parent');
  if (!allowed.ok) return allowed;
  const me = ctx.actor.personId!;
  const cases = await sql<{ id: number; case_number: string; status: string; opened_date: string }>`
    select c.id, c.case_number, c.status, c.opened_date from iv_d_case c where ${caseVisibility(ctx.actor)!} order by c.case_number`.execute(deps.db);
  const ids = cases.rows.map((c) => c.id);
  const members = ids.length
    ? await deps.db
        .selectFrom('case_member as m')
        .innerJoin('person as p', 'p.id', 'm.person_id')
        .select(['m.case_id', 'm.person_id', 'm.role', 'p.first_name', 'p.last_name', 'p.date_of_birth'])
        .where('m.case_id', 'in', ids)
        .where('m.end_date', 'is', null)
        .execute()
    : [];
  const out = cases.rows.map((c) => {
    const own = members.filter((m) => m.case_id === c.id);
    const mine = own.find((m) => m.person_id === me && (m.role === 'custodial_party' || m.role === 'noncustodial_parent'));
    const other = own.find((m) => m.person_id !== me && (m.role === 'custodial_party' || m.role === 'noncustodial_parent'));
    return {
      caseNumber: c.case_number,
      status: c.status,
      myRole: mine?.role ?? 'custodial_party',
      otherParty: other ? `${other.first_name} ${other.last_name}` : null,
      children: own.filter((m) => m.role === 'child').map((m) => ({ firstName: m.first_name, dateOfBirth: m.date_of_birth })),
      openedDate: c.opened_date,
    };
  });
  await recordAudit(deps.db, ctx, { action: 'read', entityType: 'portal_cases', caseIds: ids, personIds: [me, ...members.filter((m) => m.role === 'child').map((m) => m.person_id)] });
  return ok(out);
}

/** A parent reports a new address for themselves; it is recorded as unverified, from the portal. */
export async function updateMyAddress(deps: Deps, ctx: RequestContext, address: AddressInput): Promise<Result<{ addressId: number }>> {
  const allowed = requirePermission(ctx.actor, 'portal.parent');
  if (!allowed.ok) return allowed;
  const me = ctx.actor.personId;
  if (!me) return fail('FORBIDDEN');
  return inTransaction(deps.db, async (db) => {
    const addressId = await addAddress(db, me, address, { source: 'parent_portal', effectiveDate: ctx.clock.today(), userId: ctx.actor.userId, verification: 'unverified' });
    await recordAudit(db, ctx, { action: 'create', entityType: 'person_address', entityId: addressId, personIds: [me] });
    return { addressId };
  });
}

export interface PortalPayments {
  caseNumber: string;
  status: string;
  myRole: 'custodial_party' | 'noncustodial_parent';
  /** The month the balances below describe (the case account's open month); null before any order. */
  supportMonth: string | null;
  monthlySupportCents: number | null;
  /**
   * What is still due for the current month: current support due less what has been paid on it (the
   * whole month's support when the account has not been charged for this month yet).
   */
  nextPayment: { month: string; amountDueCents: number } | null;
  pastDueCents: number | null;
  orders: Array<{ orderNumber: string; effectiveDate: string; status: string }>;
  payments: Array<{ receivedDate: string; amountCents: number; source: string; status: string; toCurrentSupportCents: number; toPastDueCents: number; otherCents: number }>;
  /** Money paid out to this parent: support to the custodial party, refunds to the noncustodial parent. */
  paidToYou: Array<{ issuedDate: string; amountCents: number; method: string }>;
}

const PAST_DUE_TARGETS = new Set(['PA', 'TA', 'CA', 'UDA', 'UPA', 'NA']);

/**
 * A parent's own payment history and what is due on one of their cases, built from the case statement
 * but narrowed: amounts and dates only, never the other party's address, SSN or bank details.
 */
export async function myCasePayments(deps: Deps, ctx: RequestContext, caseNumber: string): Promise<Result<PortalPayments>> {
  const allowed = requirePermission(ctx.actor, 'portal.parent');
  if (!allowed.ok) return allowed;
  const me = ctx.actor.personId;
  if (!me) return fail('FORBIDDEN');
  const found = await sql<{ id: number; case_number: string; case_type: string; status: string; my_role: string }>`
    select c.id, c.case_number, c.case_type, c.status,
      (select m.role from case_member m where m.case_id = c.id and m.person_id = ${me} and m.end_date is null
        and m.role in ('custodial_party', 'noncustodial_parent') order by m.id limit 1) as my_role
    from iv_d_case c where c.case_number = ${caseNumber.toUpperCase()} and ${caseVisibility(ctx.actor)!}`.execute(deps.db);
  const c = found.rows[0];
  if (!c) return fail('NOT_FOUND', `no case ${caseNumber} of yours`);
  const statement = await statementOfCase(deps.db, c);
  const paidOut = await deps.db
    .selectFrom('disbursement')
    .select(['issued_date', 'amount_cents', 'method'])
    .where('case_id', '=', c.id)
    .where('payee_person_id', '=', me)
    .orderBy('issued_date', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const b = statement.balances;
  let nextPayment: PortalPayments['nextPayment'] = null;
  let pastDueCents: number | null = b?.totalArrearsCents ?? null;
  let monthlySupportCents: number | null = b?.currentSupportDueCents ?? null;
  if (b) {
    const thisMonth = monthOf(ctx.clock.today());
    if (b.supportMonth >= thisMonth) {
      nextPayment = { month: b.supportMonth, amountDueCents: Math.max(0, b.currentSupportDueCents - b.currentSupportPaidCents) };
    } else {
      // The nightly cycle has not opened this month on the account yet: what this month's terms say is
      // due, and what was left unpaid in the months since is past due (as the month-end close will make it).
      const terms = await loadCaseTerms(deps.db, c.id);
      let unpaid = Math.max(0, b.currentSupportDueCents - b.currentSupportPaidCents);
      for (let m = nextMonth(b.supportMonth); m < thisMonth; m = nextMonth(m)) unpaid += monthTerms(terms, m).currentSupportDueCents;
      monthlySupportCents = monthTerms(terms, thisMonth).currentSupportDueCents;
      nextPayment = { month: thisMonth, amountDueCents: monthlySupportCents };
      pastDueCents = b.totalArrearsCents + unpaid;
    }
  }
  await recordAudit(deps.db, ctx, { action: 'read', entityType: 'portal_payments', entityId: c.case_number, caseIds: [c.id], personIds: [me] });
  return ok({
    caseNumber: c.case_number,
    status: c.status,
    myRole: c.my_role === 'noncustodial_parent' ? 'noncustodial_parent' : 'custodial_party',
    supportMonth: b?.supportMonth ?? null,
    monthlySupportCents,
    nextPayment,
    pastDueCents,
    orders: statement.orders.map((o) => ({ orderNumber: o.orderNumber, effectiveDate: o.effectiveDate, status: o.status })),
    payments: statement.payments
      .map((p) => {
        const live = p.allocations.filter((a) => !a.reversed);
        const sum = (keep: (target: string) => boolean) => live.filter((a) => keep(a.target)).reduce((t, a) => t + a.amountCents, 0);
        const current = sum((t) => t === 'current_support');
        const pastDue = sum((t) => PAST_DUE_TARGETS.has(t));
        return { receivedDate: p.receivedDate, amountCents: p.amountCents, source: p.source, status: p.status, toCurrentSupportCents: current, toPastDueCents: pastDue, otherCents: live.length ? sum(() => true) - current - pastDue : 0 };
      })
      .reverse(),
    paidToYou: paidOut.map((d) => ({ issuedDate: d.issued_date, amountCents: d.amount_cents, method: d.method })),
  });
}

export interface EmployerPortalView {
  employer: { name: string; fein: string | null; city: string | null; stateCode: string | null };
  /**
   * Income withholding orders sent to this employer (newest first) with what the employer acknowledged:
   * accepted, rejected with a reason, suspended, terminated, lump sums.
   */
  withholdingOrders: Array<{
    documentTrackingNumber: string;
    orderIdentifier: string;
    caseNumber: string;
    employeeName: string;
    actionCode: string;
    status: string;
    issuedDate: string | null;
    currentSupportMonthlyCents: number;
    arrearsPaymentMonthlyCents: number;
    ccpaPercent: number;
    acknowledgment: { status: string; reason: string | null; date: string | null } | null;
    terminationDate: string | null;
    lumpSum: { amountCents: number; date: string | null } | null;
  }>;
  /** Payments this employer sent (withholding from employees' pay), newest first. */
  payments: Array<{ receivedDate: string; withholdingDate: string | null; amountCents: number; status: string; reference: string | null; caseNumber: string | null; employeeName: string | null }>;
}

/** What an employer user may see: their registry entry, the withholding orders sent to them and the payments they sent. */
export async function employerPortal(deps: Deps, ctx: RequestContext, options: { limit: number }): Promise<Result<EmployerPortalView>> {
  const allowed = requirePermission(ctx.actor, 'portal.employer');
  if (!allowed.ok) return allowed;
  const employerId = ctx.actor.employerId;
  if (!employerId) return fail('FORBIDDEN');
  const employer = await deps.db.selectFrom('employer').select(['name', 'fein', 'city', 'state_code']).where('id', '=', employerId).executeTakeFirst();
  if (!employer) return fail('NOT_FOUND');
  const rows = await deps.db
    .selectFrom('receipt as r')
    .leftJoin('iv_d_case as c', 'c.id', 'r.case_id')
    .leftJoin('person as p', 'p.id', 'r.obligor_person_id')
    .select(['r.received_date', 'r.withholding_date', 'r.amount_cents', 'r.status', 'r.reference', 'c.id as case_id', 'c.case_number', 'p.id as person_id', 'p.first_name', 'p.last_name'])
    .where('r.employer_id', '=', employerId)
    // Tribal mode: an employer user of one IV-D program sees that program's payments and orders only.
    .where(programReceiptCondition(ctx.actor, sql`r.id`) ?? sql<boolean>`true`)
    .orderBy('r.received_date', 'desc')
    .orderBy('r.id', 'desc')
    .limit(options.limit)
    .execute();
  // Orders still pending were not sent: the employer has not received them.
  const orders = await deps.db
    .selectFrom('income_withholding_order as w')
    .innerJoin('iv_d_case as c', 'c.id', 'w.case_id')
    .innerJoin('person as p', 'p.id', 'w.obligor_person_id')
    .select([
      'w.document_tracking_number', 'w.order_identifier', 'w.action_code', 'w.status', 'w.issued_date', 'w.current_support_monthly_cents', 'w.arrears_payment_monthly_cents',
      'w.ccpa_percent', 'w.ack_status', 'w.ack_reason', 'w.ack_date', 'w.termination_date', 'w.lump_sum_cents', 'w.lump_sum_date', 'c.id as case_id', 'c.case_number', 'p.id as person_id', 'p.first_name', 'p.last_name',
    ])
    .where('w.employer_id', '=', employerId)
    .where(programOfficeCondition(ctx.actor, sql`c.office_id`) ?? sql<boolean>`true`)
    .where('w.status', '<>', 'pending')
    .orderBy('w.issued_date', 'desc')
    .orderBy('w.id', 'desc')
    .limit(options.limit)
    .execute();
  await recordAudit(deps.db, ctx, {
    action: 'read',
    entityType: 'employer_portal',
    entityId: employerId,
    caseIds: [...new Set([...rows.flatMap((r) => (r.case_id === null ? [] : [r.case_id])), ...orders.map((o) => o.case_id)])],
    personIds: [...new Set([...rows.flatMap((r) => (r.person_id === null ? [] : [r.person_id])), ...orders.map((o) => o.person_id)])],
  });
  return ok({
    employer: { name: employer.name, fein: employer.fein, city: employer.city, stateCode: employer.state_code },
    withholdingOrders: orders.map((o) => ({
      documentTrackingNumber: o.document_tracking_number,
      orderIdentifier: o.order_identifier,
      caseNumber: o.case_number,
      employeeName: `${o.first_name} ${o.last_name}`,
      actionCode: o.action_code,
      status: o.status,
      issuedDate: o.issued_date,
      currentSupportMonthlyCents: Number(o.current_support_monthly_cents),
      arrearsPaymentMonthlyCents: Number(o.arrears_payment_monthly_cents),
      ccpaPercent: o.ccpa_percent,
      acknowledgment: o.ack_status ? { status: o.ack_status, reason: o.ack_reason, date: o.ack_date } : null,
      terminationDate: o.termination_date,
      lumpSum: o.lump_sum_cents !== null ? { amountCents: Number(o.lump_sum_cents), date: o.lump_sum_date } : null,
    })),
    payments: rows.map((r) => ({
      receivedDate: r.received_date,
      withholdingDate: r.withholding_date,
      amountCents: r.amount_cents,
      status: r.status,
      reference: r.reference,
      caseNumber: r.case_number,
      employeeName: r.first_name ? `${r.first_name} ${r.last_name}` : null,
    })),
  });
}
