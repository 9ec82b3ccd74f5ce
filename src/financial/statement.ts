/**
 * The account statement of a case for a caseworker or financial worker: orders and obligations,
 * balances by bucket, each month charged, and every payment with how it was distributed and why.
 */
import { sql, type RawBuilder } from 'kysely';
import { PREPARED, type Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { fail, ok, type Result } from '../kernel/result.ts';
import { auditInsertSql } from '../security/audit.ts';
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
  // One statement: find the case the actor may see, build the statement, and write the read's audit row.
  const audit = auditInsertSql(ctx, {
    action: 'read',
    entityType: 'account_statement',
    entityId: sql`f.case_number`,
    personIds: sql`'{}'`,
    caseIds: sql`array[f.id]`,
    detail: sql`null`,
    from: sql`found f`,
  });
  const rows = await sql<{ statement: StatementJson }>`${sql.raw(PREPARED)}with found as (select c.id, c.case_number, c.case_type from iv_d_case c where c.case_number = ${caseNumber.toUpperCase()} and ${visible}),
    audit as (${audit})
    select ${statementJson(sql`f.id`)} as statement from found f`.execute(db);
  const row = rows.rows[0];
  if (!row) return fail('NOT_FOUND', `no case ${caseNumber} that you may see`);
  return ok(fromStatementJson(row.statement));
}

/**
 * The statement of one case, without permission checks or audit: the caller has already decided that
 * its actor may see the case (the parent portal builds a narrower view from it).
 */
export async function statementOfCase(db: Db, c: { id: number; case_number: string; case_type: string }): Promise<Statement> {
  const row = (await sql<{ statement: StatementJson | null }>`${sql.raw(PREPARED)}select ${statementJson(sql`${c.id}::bigint`)} as statement`.execute(db)).rows[0];
  if (!row?.statement) throw new Error(`no case ${c.id}`);
  return fromStatementJson(row.statement);
}

type StatementJson = Omit<Statement, 'balances'> & { accountState: CaseState | null };

/** The statement of the case with the given id as one JSON value built by the database (balances from the account state). */
function statementJson(caseId: RawBuilder<unknown>): RawBuilder<StatementJson> {
  return sql<StatementJson>`(select json_build_object(
      'caseNumber', c.case_number, 'caseType', c.case_type,
      'orders', coalesce((select json_agg(json_build_object('orderId', o.id, 'orderNumber', o.order_number, 'orderKind', o.order_kind,
          'effectiveDate', o.effective_date, 'endDate', o.end_date, 'status', o.status,
          'obligations', coalesce((select json_agg(json_build_object('kind', x.kind, 'amountCents', x.amount_cents, 'frequency', x.frequency,
              'startDate', x.start_date, 'endDate', x.end_date, 'judgmentBucket', x.judgment_bucket) order by x.id)
            from obligation x where x.case_id = c.id and x.order_id = o.id), '[]')) order by o.effective_date, o.id)
        from support_order o where o.case_id = c.id), '[]'),
      'accountState', (select a.state from case_account a where a.case_id = c.id),
      'accruals', coalesce((select json_agg(json_build_object('supportMonth', a.support_month, 'currentSupportCents', a.current_support_cents,
          'assistancePaidCents', a.assistance_paid_cents, 'unpaidToArrearsCents', a.unpaid_to_arrears_cents, 'arrearsBucket', a.arrears_bucket,
          'notes', a.notes) order by a.support_month)
        from accrual a where a.case_id = c.id), '[]'),
      'payments', coalesce((select json_agg(json_build_object('receiptId', r.id, 'source', r.source, 'receivedDate', r.received_date,
          'amountCents', r.amount_cents, 'status', r.status, 'reference', r.reference,
          'allocations', coalesce((select json_agg(json_build_object('supportMonth', d.support_month, 'target', d.target, 'payee', d.payee,
              'amountCents', d.amount_cents, 'ruleCode', d.rule_code, 'explanation', d.explanation, 'holdReason', d.hold_reason,
              'reversed', exists (select 1 from ledger_journal j where j.reverses_journal_id = d.journal_id)) order by d.id)
            from distribution_allocation d where d.case_id = c.id and d.receipt_id = r.id), '[]')) order by r.received_date, r.id)
        from receipt r where r.id in (select x.id from receipt x where x.case_id = c.id
          union select d.receipt_id from distribution_allocation d where d.case_id = c.id)), '[]'),
      'disbursements', coalesce((select json_agg(json_build_object('disbursementId', b.id, 'payee', b.payee, 'method', b.method,
          'amountCents', b.amount_cents, 'issuedDate', b.issued_date, 'dueDate', b.due_date, 'onTime', b.issued_date <= b.due_date,
          'checkNumber', b.check_number) order by b.id)
        from disbursement b where b.case_id = c.id), '[]'))
    from iv_d_case c where c.id = ${caseId})`;
}

function fromStatementJson({ accountState: state, ...s }: StatementJson): Statement {
  return {
    caseNumber: s.caseNumber,
    caseType: s.caseType,
    orders: s.orders,
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
    accruals: s.accruals,
    payments: s.payments,
    disbursements: s.disbursements,
  };
}
