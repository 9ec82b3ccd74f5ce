/**
 * Distribution of a chunk of receipts in a few statements, for the daily cycle: the receipts, their case
 * accounts, each case's obligee, interstate role and program policy and (when a month must be charged
 * first) the cases' terms are loaded with one query each; the pure engine (distribution.ts) runs per case
 * in memory; then every journal, posting, allocation and accrual of the chunk is written with multi-row
 * inserts, in the caller's transaction (the batch's chunk, with its checkpoint).
 *
 * It writes exactly what distributeReceipt (distribute.ts) writes receipt by receipt, in the same order:
 * the journals get the same ids. A case holding prepaid support whose month has to be charged first
 * applies the hold through bringAccountTo, after the chunk's pending writes are flushed (rare: only on the
 * first days of a month, before the accrual phase).
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { FailureError } from '../kernel/result.ts';
import { accrualRow, loadCaseAccounts, loadCaseTerms, loadCaseTermsMany, plannedAccruals, saveCaseAccounts, type CaseAccount, type CaseTerms } from './accounts.ts';
import type { Allocation } from './allocation.ts';
import { firstDayOf, monthOf } from './buckets.ts';
import { distribute, type Collection } from './distribution.ts';
import { allocationRows, bringAccountTo, collectionParts, distributionPostings, ENGINE_SOURCE, policyForCase, type DistributionOutcome, type RunMeta } from './distribute.ts';
import { postJournals, slices, type JournalToPost } from './ledger.ts';
import { distributionPoliciesForCases, distributionPolicyFromVersions, type CaseProgramPolicyVersion } from '../tribal/policy.ts';

interface CaseContext {
  responding: boolean;
  obligeePersonId: number | null;
}

/** A distribution_allocation row before its journal id is known. */
type AllocationRow = ReturnType<typeof allocationRows>[number];

/** Each case's interstate role and current obligee (custodial party), in one query. */
async function caseContexts(db: Db, caseIds: readonly number[]): Promise<Map<number, CaseContext>> {
  const out = new Map<number, CaseContext>();
  if (caseIds.length === 0) return out;
  const rows = await sql<{ id: number; interstate_role: string | null; obligee: number | null }>`
    select c.id, c.interstate_role,
      (select m.person_id from case_member m where m.case_id = c.id and m.role = 'custodial_party' and m.end_date is null order by m.id limit 1) as obligee
    from iv_d_case c where c.id = any(${[...caseIds]}::bigint[])`.execute(db);
  for (const r of rows.rows) out.set(Number(r.id), { responding: r.interstate_role === 'responding', obligeePersonId: r.obligee === null ? null : Number(r.obligee) });
  return out;
}

/**
 * Distributes the undistributed receipts among `receiptIds`, in the given order, inside the caller's
 * transaction. Outcomes are as distributeReceipt's, one per receipt id.
 */
export async function distributeReceipts(deps: Deps, meta: RunMeta, receiptIds: readonly number[]): Promise<DistributionOutcome[]> {
  const { db } = deps;
  if (receiptIds.length === 0) return [];
  const locked = await db.selectFrom('receipt').selectAll().where('id', 'in', [...receiptIds]).orderBy('id').forUpdate().execute();
  const byId = new Map(locked.map((r) => [r.id, r]));
  const receipts = receiptIds.map((id) => byId.get(id)).filter((r): r is NonNullable<typeof r> => r !== undefined && r.status === 'undistributed');

  // The cases of each receipt: its case, or every case account of its obligor (prorated).
  const obligors = [...new Set(receipts.filter((r) => r.case_id === null).map((r) => r.obligor_person_id!))];
  const obligorCases = new Map<number, number[]>();
  if (obligors.length) {
    const rows = await db.selectFrom('case_account').select(['case_id', 'obligor_person_id']).where('obligor_person_id', 'in', obligors).orderBy('case_id').execute();
    for (const r of rows) obligorCases.set(r.obligor_person_id, [...(obligorCases.get(r.obligor_person_id) ?? []), r.case_id]);
  }
  const casesOf = (r: (typeof receipts)[number]): number[] => (r.case_id !== null ? [r.case_id] : (obligorCases.get(r.obligor_person_id!) ?? [])).slice().sort((a, b) => a - b);
  const allCaseIds = [...new Set(receipts.flatMap(casesOf))].sort((a, b) => a - b);
  const accounts = new Map((await loadCaseAccounts(db, allCaseIds, true)).map((a) => [a.caseId, a]));
  const accountIds = [...accounts.keys()];
  const contexts = await caseContexts(db, accountIds);
  const programs = await distributionPoliciesForCases(db, accountIds);

  // Terms of the accounts a receipt's month will have to be charged first.
  const latestMonth = new Map<number, string>();
  for (const r of receipts) for (const id of casesOf(r)) if ((latestMonth.get(id) ?? '') < monthOf(r.received_date)) latestMonth.set(id, monthOf(r.received_date));
  const behind = accountIds.filter((id) => accounts.get(id)!.state.supportMonth < (latestMonth.get(id) ?? ''));
  const terms: Map<number, CaseTerms> = await loadCaseTermsMany(db, behind);

  const pending: Array<{ journal: JournalToPost; allocations: AllocationRow[] | null }> = [];
  let accruals: Array<ReturnType<typeof accrualRow>> = [];
  const flush = async (): Promise<void> => {
    const ids = await postJournals(db, pending.map((p) => p.journal));
    const rows = pending.flatMap((p, i) => (p.allocations ?? []).map((a) => ({ ...a, journal_id: ids[i]! })));
    for (const part of slices(rows, 15)) await db.insertInto('distribution_allocation').values(part as never).execute();
    for (const part of slices(accruals, 8)) {
      const inserted = await db.insertInto('accrual').values(part).onConflict((oc) => oc.columns(['case_id', 'support_month']).doNothing()).returning('id').execute();
      // A month already charged (another worker got there first) is never charged again.
      if (inserted.length !== part.length) throw new Error(`${part.length - inserted.length} case months were accrued concurrently`);
    }
    pending.length = 0;
    accruals = [];
  };

  /** bringAccountTo, in memory for an account holding no prepaid money (charging a month does not change the hold). */
  const bringForward = async (account: CaseAccount, month: string): Promise<void> => {
    if (account.state.supportMonth >= month) return;
    if (account.state.heldFutureCents > 0) {
      await flush();
      await bringAccountTo(db, meta, account, month);
      return;
    }
    const t = terms.get(account.caseId) ?? (await loadCaseTerms(db, account.caseId));
    const planned = plannedAccruals(account.state, t, month);
    for (const step of planned.steps) accruals.push(accrualRow(account.caseId, step, meta.batchRunId));
    account.state = planned.state;
  };

  /** What writeAllocations (distribute.ts) writes, as a pending journal with its allocation rows. */
  const record = (receiptId: number, account: CaseAccount, supportMonth: string, allocations: readonly Allocation[], policyId: string): void => {
    const ctx = contexts.get(account.caseId) ?? { responding: false, obligeePersonId: null };
    const postings = distributionPostings(account, allocations, ctx.responding, ctx.obligeePersonId);
    const header = { event: 'distribution' as const, businessDate: meta.businessDate, postedAt: meta.now, receiptId, batchRunId: meta.batchRunId, createdBy: meta.userId };
    let journal: JournalToPost;
    if (postings.length > 0) {
      journal = { header, postings };
    } else {
      journal = { header: { ...header, memo: 'held: no money moved' }, postings: [], anchor: true };
    }
    pending.push({
      journal,
      allocations: allocationRows(receiptId, account, supportMonth, allocations, ctx.responding, policyId, false, null),
    });
  };

  const outcomes = new Map<number, DistributionOutcome>();
  const touched = new Map<number, CaseAccount>();
  const distributedIds: number[] = [];
  for (const receipt of receipts) {
    const mine = casesOf(receipt).map((id) => accounts.get(id)).filter((a): a is CaseAccount => a !== undefined);
    if (mine.length === 0) {
      outcomes.set(receipt.id, { receiptId: receipt.id, status: 'no_order', caseIds: [] });
      continue;
    }
    // As distributeReceipt: the SDU's receipt date is the date of collection; a closed month is paid in the case's open month.
    const month = monthOf(receipt.received_date);
    for (const account of mine) await bringForward(account, month);
    const parts = collectionParts(receipt, mine);
    for (const part of parts) {
      if (part.amountCents === 0) continue;
      const account = mine.find((a) => String(a.caseId) === part.caseId)!;
      if (receipt.case_id === null) {
        pending.push({
          journal: {
            header: { event: 'identification', businessDate: meta.businessDate, postedAt: meta.now, receiptId: receipt.id, memo: 'prorated to case', batchRunId: meta.batchRunId, createdBy: meta.userId },
            postings: [
              { account: 'undistributed', caseId: null, personId: receipt.obligor_person_id, amountCents: part.amountCents },
              { account: 'undistributed', caseId: account.caseId, personId: receipt.obligor_person_id, amountCents: -part.amountCents },
            ],
          },
          allocations: null,
        });
      }
      const collectionDate = account.state.supportMonth > month ? firstDayOf(account.state.supportMonth) : receipt.received_date;
      const collection: Collection = { amountCents: part.amountCents, collectionDate, source: ENGINE_SOURCE[receipt.source], jointReturn: receipt.joint_return };
      const versions: CaseProgramPolicyVersion[] = programs.get(account.caseId) ?? [];
      const result = distribute(collection, account.state, distributionPolicyFromVersions(versions, policyForCase(collectionDate, contexts.get(account.caseId)?.responding ?? false), collectionDate));
      if (!result.ok) throw new FailureError(result);
      record(receipt.id, account, account.state.supportMonth, result.value.allocations, result.value.policyId);
      account.state = result.value.caseState;
    }
    for (const account of mine) touched.set(account.caseId, account);
    distributedIds.push(receipt.id);
    outcomes.set(receipt.id, { receiptId: receipt.id, status: 'distributed', caseIds: mine.map((a) => a.caseId) });
  }
  await flush();
  if (distributedIds.length) await db.updateTable('receipt').set({ status: 'distributed' }).where('id', 'in', distributedIds).execute();
  await saveCaseAccounts(db, [...touched.values()].sort((a, b) => a.caseId - b.caseId), meta.now);
  return receiptIds.map((id) => outcomes.get(id) ?? { receiptId: id, status: 'not_ready', caseIds: [] });
}
