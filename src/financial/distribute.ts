/**
 * Distribution of receipts through the pure engine (distribution.ts), written to the ledger and to
 * distribution_allocation with each allocation's rule and explanation. One obligor's receipt is prorated
 * across the obligor's cases (proration.ts). Money held for future months is applied, receipt by receipt
 * in the order received, when each new month is charged. This module owns distribution_allocation.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import type { ReceiptSource } from '../db/schema.ts';
import { fail, FailureError } from '../kernel/result.ts';
import { accrueTo, loadCaseAccount, saveCaseAccount, type CaseAccount } from './accounts.ts';
import type { Allocation } from './allocation.ts';
import { firstDayOf, monthOf, nextMonth, type CaseState } from './buckets.ts';
import { distribute, isArrearsOnlySource, releaseJointReturnHold, type Collection, type CollectionSource } from './distribution.ts';
import { postJournal, type Account, type Posting } from './ledger.ts';
import { policyFor, type PolicyVersion } from './policy.ts';
import { distributionPolicyForCase } from '../tribal/policy.ts';
import { caseObligeeId } from '../cases/members.ts';
import { prorateCollection, prorationShareOf } from './proration.ts';

export const ENGINE_SOURCE: Record<ReceiptSource, CollectionSource> = {
  check: 'regular',
  cash: 'regular',
  money_order: 'regular',
  other: 'regular',
  ach_employer: 'income_withholding',
  federal_tax_offset: 'federal_tax_offset',
  state_tax_offset: 'state_tax_offset',
  unemployment_offset: 'unemployment',
  interstate: 'other_state',
};

/** The ledger account an allocation's money goes to; null when it stays undistributed (a hold). */
export function accountFor(a: Allocation): Account | null {
  switch (a.payee) {
    case 'family':
      return 'payable_family';
    case 'state':
      return 'payable_state';
    case 'federal':
      return 'payable_federal';
    case 'iv_e_agency':
      return 'payable_iv_e_agency';
    case 'medicaid_agency':
      return 'payable_medicaid_agency';
    case 'held':
      return a.target === 'refund' ? 'refund_payable' : null;
  }
}

/**
 * A responding State collects and forwards; the initiating State distributes (45 CFR 303.7(d)(6)(v),
 * 302.32(b)(1); federal-rules.md 1.8). On a responding case the engine still applies each collection to
 * the order's current support and arrears (so the case's balance is right), but everything it would pay
 * out goes to the initiating State instead. Holds and refunds stay as the engine decides.
 */
export async function forwardsToOtherState(db: Db, caseId: number): Promise<boolean> {
  const c = await db.selectFrom('iv_d_case').select('interstate_role').where('id', '=', caseId).executeTakeFirst();
  return c?.interstate_role === 'responding';
}

// A case's interstate role is set at intake and never changes: looked up once per loaded account.
const respondingByAccount = new WeakMap<CaseAccount, boolean>();
async function isResponding(db: Db, account: CaseAccount): Promise<boolean> {
  let known = respondingByAccount.get(account);
  if (known === undefined) {
    known = await forwardsToOtherState(db, account.caseId);
    respondingByAccount.set(account, known);
  }
  return known;
}

export const FORWARD_NOTE = 'Responding case: forwarded to the initiating agency, which distributes it (45 CFR 303.7(d)(6)(v); 302.32(b)(1)).';

/** The ledger account of an allocation on a responding case. */
export function forwardedAccount(a: Allocation): Account | null {
  const normal = accountFor(a);
  return normal === null || normal === 'refund_payable' ? normal : 'payable_other_state';
}

/** In an intergovernmental case the initiating State imposes the annual fee (45 CFR 303.7(f)); the responding State does not. */
export function policyForCase(date: string, responding: boolean): PolicyVersion {
  const policy = policyOn(date);
  return responding ? { ...policy, annualFeeCaseTypes: [] } : policy;
}

export function policyOn(date: string): PolicyVersion {
  const policy = policyFor(date);
  if (!policy) throw new FailureError(fail('CASE_STATE_INVALID', `no distribution policy is in force on ${date}`));
  return policy;
}

export interface RunMeta {
  batchRunId: number | null;
  userId: number | null;
  now: Date;
  businessDate: string;
}

/**
 * The distribution journal's postings for a case's allocations (both distribution paths): each allocation
 * to its payable (the other State's on a responding case), balanced by one debit of the obligor's
 * undistributed money. Empty when nothing moved (everything held).
 */
export function distributionPostings(account: CaseAccount, allocations: readonly Allocation[], forward: boolean, obligeePersonId: number | null): Posting[] {
  const postings: Posting[] = [];
  let moved = 0;
  for (const a of allocations) {
    const target = forward ? forwardedAccount(a) : accountFor(a);
    if (!target || a.amountCents === 0) continue;
    moved += a.amountCents;
    const personId = target === 'payable_other_state' ? null : a.payee === 'family' ? obligeePersonId : target === 'refund_payable' ? account.obligorPersonId : null;
    postings.push({ account: target, caseId: account.caseId, personId, amountCents: -a.amountCents });
  }
  if (moved === 0) return [];
  return [{ account: 'undistributed', caseId: account.caseId, personId: account.obligorPersonId, amountCents: moved }, ...postings];
}

/** The distribution_allocation rows of a case's allocations, without their journal (both paths). */
export function allocationRows(receiptId: number, account: CaseAccount, supportMonth: string, allocations: readonly Allocation[], forward: boolean, policyId: string, fromHold: boolean, releasedAllocationId: number | null) {
  return allocations.map((a) => {
    const forwarded = forward && forwardedAccount(a) === 'payable_other_state';
    return {
      receipt_id: receiptId,
      case_id: account.caseId,
      support_month: supportMonth,
      target: a.target,
      payee: forwarded ? 'other_state' : a.payee,
      amount_cents: a.amountCents,
      rule_code: a.ruleCode,
      explanation: forwarded ? `${a.explanation} ${FORWARD_NOTE}` : a.explanation,
      hold_reason: a.holdReason ?? null,
      hold_until: a.holdUntil ?? null,
      from_hold: fromHold,
      released_allocation_id: releasedAllocationId,
      policy_id: policyId,
    };
  });
}

/** Writes one engine result: the allocation rows and one balanced distribution journal. */
async function writeAllocations(
  db: Db,
  meta: RunMeta,
  receiptId: number,
  account: CaseAccount,
  supportMonth: string,
  allocations: readonly Allocation[],
  policyId: string,
  fromHold: boolean,
  releasedAllocationId: number | null = null,
): Promise<void> {
  const obligee = await caseObligeeId(db, account.caseId);
  const forward = await isResponding(db, account);
  const postings = distributionPostings(account, allocations, forward, obligee);
  let journalId: number;
  if (postings.length > 0) {
    journalId = await postJournal(db, { event: 'distribution', businessDate: meta.businessDate, postedAt: meta.now, receiptId, batchRunId: meta.batchRunId, createdBy: meta.userId }, postings);
  } else {
    // Everything was held: a journal is still needed to anchor the allocation rows, so record the hold as memo only.
    journalId = await anchorJournal(db, meta, receiptId, account);
  }
  await db
    .insertInto('distribution_allocation')
    .values(
      allocationRows(receiptId, account, supportMonth, allocations, forward, policyId, fromHold, releasedAllocationId).map((row) => ({ ...row, journal_id: journalId })),
    )
    .execute();
}

/** A journal with a zero-sum pair on the case's undistributed account, for allocations that only hold money. */
async function anchorJournal(db: Db, meta: RunMeta, receiptId: number, account: CaseAccount): Promise<number> {
  const journal = await db
    .insertInto('ledger_journal')
    .values({ event: 'distribution', business_date: meta.businessDate, posted_at: meta.now, receipt_id: receiptId, memo: 'held: no money moved', batch_run_id: meta.batchRunId, created_by: meta.userId, reverses_journal_id: null, reason_code: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return journal.id;
}

/**
 * Brings a case account to `month`, charging each month once, and after each new month applies money
 * the case holds for future months (oldest receipt first).
 */
export async function bringAccountTo(db: Db, meta: RunMeta, account: CaseAccount, month: string): Promise<void> {
  while (account.state.supportMonth < month) {
    await accrueTo(db, account, nextMonth(account.state.supportMonth), meta.batchRunId);
    if (account.state.heldFutureCents > 0) await applyHeldFuture(db, meta, account);
  }
}

async function applyHeldFuture(db: Db, meta: RunMeta, account: CaseAccount): Promise<void> {
  // Per receipt: what it put on hold for future months, less what has been applied from the hold.
  const held = await sql<{ receipt_id: number; remaining: number }>`
    select receipt_id,
      (coalesce(sum(amount_cents) filter (where target = 'future_support'), 0)
        - coalesce(sum(amount_cents) filter (where from_hold), 0))::bigint as remaining
    from distribution_allocation
    where case_id = ${account.caseId} and (target = 'future_support' or from_hold)
      and not exists (select 1 from ledger_journal r where r.reverses_journal_id = distribution_allocation.journal_id)
    group by receipt_id order by receipt_id`.execute(db);
  const date = firstDayOf(account.state.supportMonth);
  const policy = policyForCase(date, await isResponding(db, account));
  for (const h of held.rows) {
    const remaining = Math.min(Number(h.remaining), account.state.heldFutureCents);
    if (remaining <= 0) continue;
    const result = distribute({ amountCents: remaining, collectionDate: date, source: 'held_future_applied' }, account.state, await distributionPolicyForCase(db, account.caseId, policy, date));
    if (!result.ok) throw new FailureError(result);
    await writeAllocations(db, meta, h.receipt_id, account, account.state.supportMonth, result.value.allocations, result.value.policyId, true);
    account.state = result.value.caseState;
  }
}

/**
 * A receipt's share of each of the obligor's case accounts (both distribution paths): all of it to a single
 * case; otherwise prorated by the policy's method (largest remainder), arrears only for arrears-only sources.
 */
export function collectionParts(receipt: { amount_cents: number; received_date: string; source: ReceiptSource }, accounts: readonly CaseAccount[]): Array<{ caseId: string; amountCents: number }> {
  if (accounts.length === 1) return [{ caseId: String(accounts[0]!.caseId), amountCents: receipt.amount_cents }];
  const policy = policyOn(receipt.received_date);
  const source = ENGINE_SOURCE[receipt.source];
  return prorateCollection(receipt.amount_cents, accounts.map((a) => prorationShareOf(String(a.caseId), a.state)), { method: policy.multiCaseProration, arrearsOnly: isArrearsOnlySource(source, policy) });
}

export interface DistributionOutcome {
  receiptId: number;
  status: 'distributed' | 'no_order' | 'not_ready';
  caseIds: number[];
}

/**
 * Distributes one undistributed receipt inside the caller's transaction. A receipt of an obligor with
 * no case account (no order yet) stays undistributed with the reason "no order".
 */
export async function distributeReceipt(deps: Deps, meta: RunMeta, receiptId: number): Promise<DistributionOutcome> {
  const { db } = deps;
  const receipt = await db.selectFrom('receipt').selectAll().where('id', '=', receiptId).forUpdate().executeTakeFirst();
  if (!receipt) throw new FailureError(fail('NOT_FOUND', `no receipt ${receiptId}`));
  if (receipt.status !== 'undistributed') return { receiptId, status: 'not_ready', caseIds: [] };
  const caseIds = receipt.case_id !== null
    ? [receipt.case_id]
    : (await db.selectFrom('case_account').select('case_id').where('obligor_person_id', '=', receipt.obligor_person_id!).orderBy('case_id').execute()).map((r) => r.case_id);
  const accounts: CaseAccount[] = [];
  for (const id of [...caseIds].sort((a, b) => a - b)) {
    const account = await loadCaseAccount(db, id, true);
    if (account) accounts.push(account);
  }
  if (accounts.length === 0) return { receiptId, status: 'no_order', caseIds: [] };

  // The date of collection is the SDU's receipt date (302.51(a)(4)); a month already closed is paid in the case's open month.
  const month = monthOf(receipt.received_date);
  for (const account of accounts) await bringAccountTo(db, meta, account, month);
  const parts = collectionParts(receipt, accounts);

  for (const part of parts) {
    if (part.amountCents === 0) continue;
    const account = accounts.find((a) => String(a.caseId) === part.caseId)!;
    if (receipt.case_id === null) {
      // The obligor's money becomes this case's money.
      await postJournal(db, { event: 'identification', businessDate: meta.businessDate, postedAt: meta.now, receiptId, memo: 'prorated to case', batchRunId: meta.batchRunId, createdBy: meta.userId }, [
        { account: 'undistributed', caseId: null, personId: receipt.obligor_person_id, amountCents: part.amountCents },
        { account: 'undistributed', caseId: account.caseId, personId: receipt.obligor_person_id, amountCents: -part.amountCents },
      ]);
    }
    const collectionDate = account.state.supportMonth > month ? firstDayOf(account.state.supportMonth) : receipt.received_date;
    const collection: Collection = { amountCents: part.amountCents, collectionDate, source: ENGINE_SOURCE[receipt.source], jointReturn: receipt.joint_return };
    const result = distribute(collection, account.state, await distributionPolicyForCase(db, account.caseId, policyForCase(collectionDate, await isResponding(db, account)), collectionDate));
    if (!result.ok) throw new FailureError(result);
    await writeAllocations(db, meta, receiptId, account, account.state.supportMonth, result.value.allocations, result.value.policyId, false);
    account.state = result.value.caseState;
  }
  for (const account of accounts) await saveCaseAccount(db, account, meta.now);
  await db.updateTable('receipt').set({ status: 'distributed' }).where('id', '=', receiptId).execute();
  return { receiptId, status: 'distributed', caseIds: accounts.map((a) => a.caseId) };
}

/**
 * Undoes what a set of allocations did to a case state, for a reversal (NSF): paid current support or
 * arrears become owed again, URA is restored by what the State kept, and holds are released.
 */
export function stateBeforeAllocations(state: CaseState, allocations: ReadonlyArray<Allocation & { supportMonth: string; fromHold: boolean }>): CaseState {
  const s: CaseState = { ...state, arrears: { ...state.arrears }, feeYear: { ...state.feeYear } };
  for (const a of allocations) {
    const amt = a.amountCents;
    if (a.target === 'current_support') {
      if (a.supportMonth === s.supportMonth) s.currentSupportPaidCents -= amt;
      else s.arrears[s.caseType === 'current_assistance' ? 'PA' : 'NA'] += amt;
    } else if (a.target in s.arrears) {
      s.arrears[a.target as keyof CaseState['arrears']] += amt;
    } else if (a.target === 'future_support') {
      s.heldFutureCents -= amt;
    }
    if ((a.payee === 'state' || a.payee === 'federal') && a.ruleCode !== 'ANNUAL_FEE') s.uraCents += amt;
    if (a.ruleCode === 'ANNUAL_FEE') s.feeYear.feeCents -= amt;
    if (a.payee === 'family') s.feeYear.familyReceivedCents = Math.max(0, s.feeYear.familyReceivedCents - amt);
    if (a.ruleCode === 'PASS_THROUGH' && a.supportMonth === s.supportMonth) s.passedThroughCents = Math.max(0, s.passedThroughCents - amt);
    if (a.fromHold) s.heldFutureCents += amt;
  }
  s.currentSupportPaidCents = Math.max(0, s.currentSupportPaidCents);
  return s;
}

/**
 * Reverses a receipt whose payment was returned (NSF, stop payment): every distribution journal of the
 * receipt and its receipt journal are reversed with the reason code, the case accounts get back what the
 * receipt had paid, and money already paid out to the family becomes a recoupment receivable.
 */
export async function reverseReceipt(deps: Deps, meta: RunMeta, receiptId: number, reasonCode: string): Promise<{ caseIds: number[]; recoupedCents: number }> {
  const { db } = deps;
  const receipt = await db.selectFrom('receipt').selectAll().where('id', '=', receiptId).forUpdate().executeTakeFirst();
  if (!receipt) throw new FailureError(fail('NOT_FOUND', `no receipt ${receiptId}`));
  if (receipt.status === 'reversed') throw new FailureError(fail('ALREADY_PROCESSED', `receipt ${receiptId} is already reversed`));
  const spentHold = await db.selectFrom('distribution_allocation').select('id').where('receipt_id', '=', receiptId).where('from_hold', '=', true).executeTakeFirst();
  if (spentHold) throw new FailureError(fail('CASE_STATE_INVALID', `receipt ${receiptId} paid later months from its prepaid hold; reverse by adjustment instead`));
  const journals = await db
    .selectFrom('ledger_journal')
    .select(['id', 'event'])
    .where('receipt_id', '=', receiptId)
    .where('reverses_journal_id', 'is', null)
    .orderBy('id', 'desc')
    .execute();
  const allocations = await db.selectFrom('distribution_allocation').selectAll().where('receipt_id', '=', receiptId).execute();
  const caseIds = [...new Set(allocations.map((a) => a.case_id))].sort((a, b) => a - b);
  for (const caseId of caseIds) {
    const account = await loadCaseAccount(db, caseId, true);
    if (!account) continue;
    const mine = allocations
      .filter((a) => a.case_id === caseId)
      .map((a) => ({ target: a.target, payee: a.payee, amountCents: a.amount_cents, ruleCode: a.rule_code, explanation: a.explanation, supportMonth: a.support_month, fromHold: a.from_hold }) as Allocation & { supportMonth: string; fromHold: boolean });
    account.state = stateBeforeAllocations(account.state, mine);
    await saveCaseAccount(db, account, meta.now);
  }
  for (const j of journals) {
    const postings = await db.selectFrom('ledger_posting').select('id').where('journal_id', '=', j.id).limit(1).execute();
    if (postings.length === 0) continue;
    await reverseJournalFor(db, meta, j.id, j.event === 'distribution' ? 'reversal' : 'nsf_reversal', receiptId, reasonCode);
  }
  await db.updateTable('receipt').set({ status: 'reversed' }).where('id', '=', receiptId).execute();
  let recouped = 0;
  for (const caseId of caseIds) recouped += await recoupOverpaid(db, meta, caseId, receiptId);
  return { caseIds, recoupedCents: recouped };
}

async function reverseJournalFor(db: Db, meta: RunMeta, journalId: number, event: 'reversal' | 'nsf_reversal', receiptId: number, reasonCode: string): Promise<void> {
  const postings = await db.selectFrom('ledger_posting').selectAll().where('journal_id', '=', journalId).orderBy('id').execute();
  await postJournal(
    db,
    { event, businessDate: meta.businessDate, postedAt: meta.now, receiptId, reversesJournalId: journalId, reasonCode, batchRunId: meta.batchRunId, createdBy: meta.userId },
    postings.map((p) => ({ account: p.account as Account, caseId: p.case_id, personId: p.person_id, amountCents: -p.amount_cents })),
  );
}

/** A payable pushed into debit by a reversal was already paid out: move it to recoupment. */
async function recoupOverpaid(db: Db, meta: RunMeta, caseId: number, receiptId: number): Promise<number> {
  const balances = await sql<{ account: string; person_id: number | null; balance: number }>`
    select account, person_id, sum(amount_cents)::bigint as balance from ledger_posting
    where case_id = ${caseId} and account like 'payable_%' group by account, person_id having sum(amount_cents) > 0`.execute(db);
  let total = 0;
  for (const b of balances.rows) {
    await postJournal(db, { event: 'recoupment', businessDate: meta.businessDate, postedAt: meta.now, receiptId, memo: 'paid out on a reversed collection; to be recovered', batchRunId: meta.batchRunId, createdBy: meta.userId }, [
      { account: 'recoupment_receivable', caseId, personId: b.person_id, amountCents: b.balance },
      { account: b.account as Account, caseId, personId: b.person_id, amountCents: -b.balance },
    ]);
    total += b.balance;
  }
  return total;
}



/**
 * Ends a joint-return offset hold (45 CFR 303.72(h)(5)): the non-obligated spouse's share is refunded
 * to the joint filer and the rest is distributed as a federal offset on the release date. At the end of
 * the hold period the daily cycle releases what is still held with no spouse's share.
 */
export async function releaseOffsetHold(deps: Deps, meta: RunMeta, holdAllocationId: number, spouseShareCents: number): Promise<{ caseId: number; receiptId: number }> {
  const { db } = deps;
  const hold = await db.selectFrom('distribution_allocation').selectAll().where('id', '=', holdAllocationId).forUpdate().executeTakeFirst();
  if (!hold || hold.hold_reason !== 'joint_return_offset') throw new FailureError(fail('NOT_FOUND', `no joint-return hold ${holdAllocationId}`));
  const released = await db.selectFrom('distribution_allocation').select('id').where('released_allocation_id', '=', hold.id).executeTakeFirst();
  const receipt = await db.selectFrom('receipt').select(['status']).where('id', '=', hold.receipt_id).executeTakeFirstOrThrow();
  if (released || receipt.status === 'reversed') throw new FailureError(fail('ALREADY_PROCESSED', `hold ${holdAllocationId} was already released or reversed`));
  if (spouseShareCents > hold.amount_cents) {
    throw new FailureError(fail('VALIDATION_FAILED', undefined, [{ path: '/spouseShare', message: "the spouse's share cannot exceed the amount held" }]));
  }
  const account = await loadCaseAccount(db, hold.case_id, true);
  if (!account) throw new FailureError(fail('CASE_STATE_INVALID', `case ${hold.case_id} has no account`));
  await bringAccountTo(db, meta, account, monthOf(meta.businessDate));
  const date = account.state.supportMonth > monthOf(meta.businessDate) ? firstDayOf(account.state.supportMonth) : meta.businessDate;
  const result = releaseJointReturnHold(hold.amount_cents, spouseShareCents, date, account.state, await distributionPolicyForCase(db, account.caseId, policyForCase(date, await isResponding(db, account)), date));
  if (!result.ok) throw new FailureError(result);
  await writeAllocations(db, meta, hold.receipt_id, account, account.state.supportMonth, result.value.allocations, result.value.policyId, false, hold.id);
  account.state = result.value.caseState;
  await saveCaseAccount(db, account, meta.now);
  return { caseId: hold.case_id, receiptId: hold.receipt_id };
}

/** Joint-return holds whose period has ended by `date` and are still held. */
export async function expiredOffsetHolds(db: Db, date: string): Promise<number[]> {
  const rows = await sql<{ id: number }>`
    select d.id from distribution_allocation d join receipt r on r.id = d.receipt_id
    where d.hold_reason = 'joint_return_offset' and d.hold_until <= ${date} and r.status <> 'reversed'
      and not exists (select 1 from distribution_allocation x where x.released_allocation_id = d.id)
    order by d.id`.execute(db);
  return rows.rows.map((r) => r.id);
}
