/**
 * The account statement of a case for a caseworker or financial worker: orders and obligations,
 * balances by bucket, each month charged, and every payment with how it was distributed and why.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { fail, ok, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { caseVisibility, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { totalArrearsCents, type CaseState } from './buckets.ts';

export interface Statement {
  caseNumber: string;
  caseType: string;
  orders: Array<{ orderId: number; orderNumber: string; orderKind: string; effectiveDate: string; endDate: string | null; status: string; obligations: Array<{ kind: string; amountCents: number; frequency: string; startDate: string; endDate: string | null; judgmentBucket: string | null }> }>;
  balances: {
    supportMonth: string;
    currentSupportDueCents: number;
    currentSupportPaidCents: number;
    arrears: CaseState['arrears'];
    totalArrearsCents: number;
    uraCents: number;
    heldFutureCents: number;
  } | null;
  accruals: Array<{ supportMonth: string; currentSupportCents: number; assistancePaidCents: number; unpaidToArrearsCents: number; arrearsBucket: string | null; notes: string[] }>;
  payments: Array<{
    receiptId: number;
    source: string;
    receivedDate: string;
    amountCents: number;
    status: string;
    reference: string | null;
    allocations: Array<{ supportMonth: string; target: string; payee: string; amountCents: number; ruleCode: string; explanation: string; holdReason: string | null; reversed: boolean }>;
  }>;
  disbursements: Array<{ disbursementId: number; payee: string; method: string; amountCents: number; issuedDate: string; dueDate: string; onTime: boolean; checkNumber: string | null }>;
}

export async function getStatement(deps: Pick<Deps, 'db'>, ctx: RequestContext, caseNumber: string): Promise<Result<Statement>> {
  const { db } = deps;
  const allowed = requirePermission(ctx.actor, 'finance.read');
  if (!allowed.ok) return allowed;
  const visible = caseVisibility(ctx.actor) ?? sql<boolean>`true`;
  const found = await sql<{ id: number; case_number: string; case_type: string }>`select c.id, c.case_number, c.case_type from iv_d_case c where c.case_number = ${caseNumber.toUpperCase()} and ${visible}`.execute(db);
  const c = found.rows[0];
  if (!c) return fail('NOT_FOUND', `no case ${caseNumber} that you may see`);
  const statement = await statementOfCase(db, c);
  await recordAudit(db, ctx, { action: 'read', entityType: 'account_statement', entityId: c.case_number, caseIds: [c.id] });
  return ok(statement);
}

/**
 * The statement of one case, without permission checks or audit: the caller has already decided that
 * its actor may see the case (the parent portal builds a narrower view from it).
 */
export async function statementOfCase(db: Db, c: { id: number; case_number: string; case_type: string }): Promise<Statement> {
  const orders = await db.selectFrom('support_order').selectAll().where('case_id', '=', c.id).orderBy('effective_date').execute();
  const obligations = await db.selectFrom('obligation').selectAll().where('case_id', '=', c.id).orderBy('id').execute();
  const account = await db.selectFrom('case_account').selectAll().where('case_id', '=', c.id).executeTakeFirst();
  const accruals = await db.selectFrom('accrual').selectAll().where('case_id', '=', c.id).orderBy('support_month').execute();
  const receipts = await sql<{ id: number; source: string; received_date: string; amount_cents: number; status: string; reference: string | null }>`
    select r.id, r.source, r.received_date, r.amount_cents, r.status, r.reference from receipt r
    where r.id in (select x.id from receipt x where x.case_id = ${c.id} union select d.receipt_id from distribution_allocation d where d.case_id = ${c.id})
    order by r.received_date, r.id`.execute(db);
  const allocations = await sql<{ receipt_id: number; support_month: string; target: string; payee: string; amount_cents: number; rule_code: string; explanation: string; hold_reason: string | null; reversed: boolean }>`
    select d.receipt_id, d.support_month, d.target, d.payee, d.amount_cents, d.rule_code, d.explanation, d.hold_reason,
      exists (select 1 from ledger_journal r where r.reverses_journal_id = d.journal_id) as reversed
    from distribution_allocation d where d.case_id = ${c.id} order by d.id`.execute(db);
  const disbursements = await db.selectFrom('disbursement').selectAll().where('case_id', '=', c.id).orderBy('id').execute();
  const state = account?.state as CaseState | undefined;
  return {
    caseNumber: c.case_number,
    caseType: c.case_type,
    orders: orders.map((o) => ({
      orderId: o.id,
      orderNumber: o.order_number,
      orderKind: o.order_kind,
      effectiveDate: o.effective_date,
      endDate: o.end_date,
      status: o.status,
      obligations: obligations.filter((x) => x.order_id === o.id).map((x) => ({ kind: x.kind, amountCents: x.amount_cents, frequency: x.frequency, startDate: x.start_date, endDate: x.end_date, judgmentBucket: x.judgment_bucket })),
    })),
    balances: state
      ? {
          supportMonth: state.supportMonth,
          currentSupportDueCents: state.currentSupportDueCents,
          currentSupportPaidCents: state.currentSupportPaidCents,
          arrears: state.arrears,
          totalArrearsCents: totalArrearsCents(state.arrears),
          uraCents: state.uraCents,
          heldFutureCents: state.heldFutureCents,
        }
      : null,
    accruals: accruals.map((a) => ({ supportMonth: a.support_month, currentSupportCents: a.current_support_cents, assistancePaidCents: a.assistance_paid_cents, unpaidToArrearsCents: a.unpaid_to_arrears_cents, arrearsBucket: a.arrears_bucket, notes: a.notes as string[] })),
    payments: receipts.rows.map((r) => ({
      receiptId: r.id,
      source: r.source,
      receivedDate: r.received_date,
      amountCents: r.amount_cents,
      status: r.status,
      reference: r.reference,
      allocations: allocations.rows
        .filter((a) => a.receipt_id === r.id)
        .map((a) => ({ supportMonth: a.support_month, target: a.target, payee: a.payee, amountCents: a.amount_cents, ruleCode: a.rule_code, explanation: a.explanation, holdReason: a.hold_reason, reversed: a.reversed })),
    })),
    disbursements: disbursements.map((d) => ({ disbursementId: d.id, payee: d.payee, method: d.method, amountCents: d.amount_cents, issuedDate: d.issued_date, dueDate: d.due_date, onTime: d.issued_date <= d.due_date, checkNumber: d.check_number })),
  };
}
