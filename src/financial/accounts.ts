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

/** The accrual rows and the state for moving a case account from its month up to `month` (pure). */
export function plannedAccruals(state: CaseState, terms: CaseTerms, month: string): { state: CaseState; steps: AccrualStep[] } {
  const steps: AccrualStep[] = [];
  let current = state;
  while (current.supportMonth < month) {
    const closing = monthTerms(terms, current.supportMonth);
    const opening = monthTerms(terms, nextMonth(current.supportMonth));
    const { state: next, change } = advanceMonth(current, closing, opening);
    next.childCount = terms.childCount;
    current = next;
    steps.push({
      month: change.toMonth,
      currentSupportCents: opening.currentSupportDueCents,
      assistancePaidCents: opening.assistancePaidCents,
      unpaidToArrearsCents: change.unpaidCurrentSupportCents,
      arrearsBucket: change.arrearsBucket,
      notes: change.notes,
    });
  }
  return { state: current, steps };
}

export function accrualRow(caseId: number, step: AccrualStep, batchRunId: number | null) {
  return {
    case_id: caseId,
    support_month: step.month,
    current_support_cents: step.currentSupportCents,
    assistance_paid_cents: step.assistancePaidCents,
    unpaid_to_arrears_cents: step.unpaidToArrearsCents,
    arrears_bucket: step.arrearsBucket,
    notes: JSON.stringify(step.notes),
    batch_run_id: batchRunId,
  };
}

/**
 * Moves a case account forward month by month up to `month`, charging each new month once. Returns
 * the steps taken (empty when already there). The caller saves the account.
 */
export async function accrueTo(db: Db, account: CaseAccount, month: string, batchRunId: number | null): Promise<AccrualStep[]> {
  if (account.state.supportMonth >= month) return [];
  const terms = await loadCaseTerms(db, account.caseId);
  const planned = plannedAccruals(account.state, terms, month);
  for (const step of planned.steps) {
    const inserted = await db
      .insertInto('accrual')
      .values(accrualRow(account.caseId, step, batchRunId))
      .onConflict((oc) => oc.columns(['case_id', 'support_month']).doNothing())
      .returning('id')
      .executeTakeFirst();
    // A month already charged (another worker got there first) is never charged again.
    if (!inserted) throw new Error(`case ${account.caseId} month ${step.month} was accrued concurrently`);
  }
  account.state = planned.state;
  return planned.steps;
}

/** Case accounts of several cases, locked for update, in case order. */
export async function loadCaseAccounts(db: Db, caseIds: readonly number[], forUpdate = false): Promise<CaseAccount[]> {
  if (caseIds.length === 0) return [];
  let q = db.selectFrom('case_account').selectAll().where('case_id', 'in', caseIds).orderBy('case_id');
  if (forUpdate) q = q.forUpdate();
  const rows = await q.execute();
  return rows.map((row) => ({ caseId: row.case_id, obligorPersonId: row.obligor_person_id, state: row.state as CaseState, version: row.version }));
}

/** What the orders and assistance history of several cases say, in four queries. */
export async function loadCaseTermsMany(db: Db, caseIds: readonly number[]): Promise<Map<number, CaseTerms>> {
  const out = new Map<number, CaseTerms>();
  if (caseIds.length === 0) return out;
  const cases = await db.selectFrom('iv_d_case').select(['id', 'case_type']).where('id', 'in', caseIds).execute();
  for (const c of cases) out.set(c.id, { caseType: c.case_type, childCount: 1, obligations: [], assistance: [] });
  const children = await db
    .selectFrom('case_member')
    .select((eb) => ['case_id', eb.fn.countAll<number>().as('n')])
    .where('case_id', 'in', caseIds)
    .where('role', '=', 'child')
    .where('end_date', 'is', null)
    .groupBy('case_id')
    .execute();
  for (const c of children) out.get(c.case_id)!.childCount = Math.max(1, Number(c.n));
  const obligations = await db
    .selectFrom('obligation as o')
    .innerJoin('support_order as s', 's.id', 'o.order_id')
    .select(['o.case_id', 'o.kind', 'o.amount_cents', 'o.frequency', 'o.start_date', 'o.end_date'])
    .where('o.case_id', 'in', caseIds)
    .where('s.status', '<>', 'terminated')
    .orderBy('o.id')
    .execute();
  for (const o of obligations) out.get(o.case_id)!.obligations.push({ kind: o.kind, amountCents: o.amount_cents, frequency: o.frequency, startDate: o.start_date, endDate: o.end_date });
  const assistance = await db.selectFrom('assistance_period').selectAll().where('case_id', 'in', caseIds).orderBy('id').execute();
  for (const a of assistance) out.get(a.case_id)!.assistance.push({ program: a.program, startMonth: a.start_month, endMonth: a.end_month, monthlyAmountCents: a.monthly_amount_cents });
  return out;
}

/**
 * Charges several case accounts up to `month` in a few statements (the batch's accrual phase): one
 * multi-row insert of the accrual rows and one update of the accounts, each refused as a whole when a
 * month was already charged or an account changed underneath. For accounts holding no prepaid money
 * this is exactly what accrueTo and saveCaseAccount do one account at a time.
 */
export async function accrueMany(db: Db, accounts: readonly CaseAccount[], month: string, batchRunId: number | null, now: Date): Promise<number> {
  const behind = accounts.filter((a) => a.state.supportMonth < month);
  if (behind.length === 0) return 0;
  const terms = await loadCaseTermsMany(db, behind.map((a) => a.caseId));
  const rows: Array<ReturnType<typeof accrualRow>> = [];
  const next = new Map<number, CaseState>();
  for (const a of behind) {
    const planned = plannedAccruals(a.state, terms.get(a.caseId)!, month);
    for (const step of planned.steps) rows.push(accrualRow(a.caseId, step, batchRunId));
    next.set(a.caseId, planned.state);
  }
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    const inserted = await db.insertInto('accrual').values(part).onConflict((oc) => oc.columns(['case_id', 'support_month']).doNothing()).returning('id').execute();
    if (inserted.length !== part.length) throw new Error(`${part.length - inserted.length} case months were accrued concurrently`);
  }
  const values = sql.join(behind.map((a) => sql`(${a.caseId}::bigint, ${JSON.stringify(next.get(a.caseId))}::jsonb, ${next.get(a.caseId)!.supportMonth}::text, ${a.version}::int)`));
  const updated = await sql`
    update case_account a set state = v.state, support_month = v.support_month, version = a.version + 1, updated_at = ${now}
    from (values ${values}) as v (case_id, state, support_month, version)
    where a.case_id = v.case_id and a.version = v.version`.execute(db);
  if (Number(updated.numAffectedRows ?? 0) !== behind.length) throw new Error(`case accounts changed underneath (${behind.length - Number(updated.numAffectedRows ?? 0)} of ${behind.length})`);
  for (const a of behind) {
    a.state = next.get(a.caseId)!;
    a.version += 1;
  }
  return behind.length;
}

/**
 * Saves several case accounts in one statement, each checked by version as saveCaseAccount checks one;
 * the whole set is refused when any account changed underneath.
 */
export async function saveCaseAccounts(db: Db, accounts: readonly CaseAccount[], now: Date): Promise<void> {
  if (accounts.length === 0) return;
  for (let i = 0; i < accounts.length; i += 2000) {
    const part = accounts.slice(i, i + 2000);
    const values = sql.join(part.map((a) => sql`(${a.caseId}::bigint, ${JSON.stringify(a.state)}::jsonb, ${a.state.supportMonth}::text, ${a.version}::int)`));
    const updated = await sql`
      update case_account a set state = v.state, support_month = v.support_month, version = a.version + 1, updated_at = ${now}
      from (values ${values}) as v (case_id, state, support_month, version)
      where a.case_id = v.case_id and a.version = v.version`.execute(db);
    if (Number(updated.numAffectedRows ?? 0) !== part.length) throw new Error(`case accounts changed underneath (${part.length - Number(updated.numAffectedRows ?? 0)} of ${part.length})`);
  }
  for (const a of accounts) a.version += 1;
}
