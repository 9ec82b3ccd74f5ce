/**
 * Case accounts: the distribution state of each case with an order, kept in case_account and moved
 * month by month by the accrual. The accrual is idempotent per case and support month (one accrual row
 * each), so running it twice for the same period charges nothing twice. This module owns case_account
 * and accrual; support_order, obligation and assistance_period are read here and written by orders.ts.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { CaseType } from '../db/schema.ts';
import { advanceMonth, newCaseState, nextMonth, type CaseState, type MonthTerms } from './buckets.ts';
import { assistanceInMonth, currentSupportForMonth, type AssistanceTerms, type ObligationTerms } from './obligation-rules.ts';

export interface CaseAccount {
  caseId: number;
  obligorPersonId: number;
  state: CaseState;
  version: number;
}

export async function loadCaseAccount(db: Db, caseId: number, forUpdate = false): Promise<CaseAccount | null> {
  let q = db.selectFrom('case_account').selectAll().where('case_id', '=', caseId);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) return null;
  return { caseId: row.case_id, obligorPersonId: row.obligor_person_id, state: row.state as CaseState, version: row.version };
}

export async function saveCaseAccount(db: Db, account: CaseAccount, now: Date): Promise<void> {
  const updated = await db
    .updateTable('case_account')
    .set({ state: JSON.stringify(account.state), support_month: account.state.supportMonth, version: account.version + 1, updated_at: now })
    .where('case_id', '=', account.caseId)
    .where('version', '=', account.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new Error(`case account ${account.caseId} changed underneath (version ${account.version})`);
  account.version += 1;
}

export async function createCaseAccount(db: Db, caseId: number, obligorPersonId: number, state: CaseState, now: Date): Promise<CaseAccount> {
  await db.insertInto('case_account').values({ case_id: caseId, obligor_person_id: obligorPersonId, support_month: state.supportMonth, state: JSON.stringify(state), updated_at: now }).execute();
  return { caseId, obligorPersonId, state, version: 1 };
}

export interface CaseTerms {
  caseType: CaseType;
  childCount: number;
  obligations: ObligationTerms[];
  assistance: AssistanceTerms[];
}

/** What the case's orders and assistance history say, for the accrual. */
export async function loadCaseTerms(db: Db, caseId: number): Promise<CaseTerms> {
  const c = await db.selectFrom('iv_d_case').select(['case_type']).where('id', '=', caseId).executeTakeFirstOrThrow();
  const children = await sql<{ n: number }>`select count(*)::int as n from case_member where case_id = ${caseId} and role = 'child' and end_date is null`.execute(db);
  const obligations = await db
    .selectFrom('obligation as o')
    .innerJoin('support_order as s', 's.id', 'o.order_id')
    .select(['o.kind', 'o.amount_cents', 'o.frequency', 'o.start_date', 'o.end_date'])
    .where('o.case_id', '=', caseId)
    .where('s.status', '<>', 'terminated')
    .execute();
  const assistance = await db.selectFrom('assistance_period').selectAll().where('case_id', '=', caseId).execute();
  return {
    caseType: c.case_type,
    childCount: Math.max(1, children.rows[0]!.n),
    obligations: obligations.map((o) => ({ kind: o.kind, amountCents: o.amount_cents, frequency: o.frequency, startDate: o.start_date, endDate: o.end_date })),
    assistance: assistance.map((a) => ({ program: a.program, startMonth: a.start_month, endMonth: a.end_month, monthlyAmountCents: a.monthly_amount_cents })),
  };
}

/**
 * The month's terms: current support due, assistance paid, and the case type for the month (a IV-A
 * case is former assistance in a month without TANF).
 */
export function monthTerms(terms: CaseTerms, month: string): MonthTerms {
  const assistance = assistanceInMonth(terms.assistance, month);
  let caseType = terms.caseType;
  if (caseType === 'current_assistance' && !assistance.assistanceMonth) caseType = 'former_assistance';
  if (caseType === 'former_assistance' && assistance.program === 'tanf') caseType = 'current_assistance';
  return { currentSupportDueCents: currentSupportForMonth(terms.obligations, month), assistanceMonth: assistance.assistanceMonth, assistancePaidCents: assistance.paidCents, caseType };
}

/** A new case account opening in `month`, with that month's terms charged. */
export function openingState(terms: CaseTerms, month: string): CaseState {
  const t = monthTerms(terms, month);
  return newCaseState({
    caseType: t.caseType,
    supportMonth: month,
    childCount: terms.childCount,
    currentSupportDueCents: t.currentSupportDueCents,
    uraCents: t.assistancePaidCents,
    fosterCareMaintenanceCents: t.caseType === 'iv_e_foster_care' ? t.assistancePaidCents : 0,
  });
}

export interface AccrualStep {
  month: string;
  currentSupportCents: number;
  assistancePaidCents: number;
  unpaidToArrearsCents: number;
  arrearsBucket: string;
  notes: string[];
}

/**
 * Moves a case account forward month by month up to `month`, charging each new month once. Returns
 * the steps taken (empty when already there). The caller saves the account.
 */
export async function accrueTo(db: Db, account: CaseAccount, month: string, batchRunId: number | null): Promise<AccrualStep[]> {
  const steps: AccrualStep[] = [];
  if (account.state.supportMonth >= month) return steps;
  const terms = await loadCaseTerms(db, account.caseId);
  while (account.state.supportMonth < month) {
    const closing = monthTerms(terms, account.state.supportMonth);
    const opening = monthTerms(terms, nextMonth(account.state.supportMonth));
    const { state, change } = advanceMonth(account.state, closing, opening);
    state.childCount = terms.childCount;
    const inserted = await db
      .insertInto('accrual')
      .values({
        case_id: account.caseId,
        support_month: change.toMonth,
        current_support_cents: opening.currentSupportDueCents,
        assistance_paid_cents: opening.assistancePaidCents,
        unpaid_to_arrears_cents: change.unpaidCurrentSupportCents,
        arrears_bucket: change.arrearsBucket,
        notes: JSON.stringify(change.notes),
        batch_run_id: batchRunId,
      })
      .onConflict((oc) => oc.columns(['case_id', 'support_month']).doNothing())
      .returning('id')
      .executeTakeFirst();
    // A month already charged (another worker got there first) is never charged again.
    if (!inserted) throw new Error(`case ${account.caseId} month ${change.toMonth} was accrued concurrently`);
    account.state = state;
    steps.push({
      month: change.toMonth,
      currentSupportCents: opening.currentSupportDueCents,
      assistancePaidCents: opening.assistancePaidCents,
      unpaidToArrearsCents: change.unpaidCurrentSupportCents,
      arrearsBucket: change.arrearsBucket,
      notes: change.notes,
    });
  }
  return steps;
}
