/**
 * The append-only double-entry ledger of money. Every movement is a journal whose postings sum to zero
 * (debit positive, credit negative); the database refuses an unbalanced journal at commit and refuses
 * any update or delete. A correction is a reversing journal with a reason code pointing at the original.
 *
 * Accounts: sdu_cash (money the SDU holds), undistributed (received, not yet distributed: credit
 * balance), payable_<payee> (distributed, not yet disbursed), refund_payable (to go back to the payer),
 * recoupment_receivable (paid out on a collection that was later reversed, to be recovered).
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Cents } from '../kernel/money.ts';

export const ACCOUNTS = [
  'sdu_cash',
  'undistributed',
  'payable_family',
  'payable_state',
  'payable_federal',
  'payable_iv_e_agency',
  'payable_medicaid_agency',
  // Collected on a responding case, to be forwarded to the initiating State (45 CFR 303.7(d)(6)(v)).
  'payable_other_state',
  'refund_payable',
  'recoupment_receivable',
] as const;
export type Account = (typeof ACCOUNTS)[number];

export const LEDGER_EVENTS = ['collection_received', 'identification', 'distribution', 'disbursement', 'refund', 'nsf_reversal', 'reversal', 'recoupment'] as const;
export type LedgerEvent = (typeof LEDGER_EVENTS)[number];

export interface Posting {
  account: Account;
  caseId: number | null;
  personId: number | null;
  amountCents: Cents;
}

export interface JournalHeader {
  event: LedgerEvent;
  businessDate: string;
  postedAt: Date;
  receiptId?: number | null;
  reversesJournalId?: number | null;
  reasonCode?: string | null;
  memo?: string | null;
  batchRunId?: number | null;
  createdBy?: number | null;
}

/** The ledger_journal row of a journal header. */
function journalRow(header: JournalHeader) {
  return {
    event: header.event,
    business_date: header.businessDate,
    posted_at: header.postedAt,
    receipt_id: header.receiptId ?? null,
    reverses_journal_id: header.reversesJournalId ?? null,
    reason_code: header.reasonCode ?? null,
    memo: header.memo ?? null,
    batch_run_id: header.batchRunId ?? null,
    created_by: header.createdBy ?? null,
  };
}

/** Writes one balanced journal; an unbalanced one is a bug and throws before anything is written. */
export async function postJournal(db: Db, header: JournalHeader, postings: readonly Posting[]): Promise<number> {
  const lines = postings.filter((p) => p.amountCents !== 0);
  const total = lines.reduce((s, p) => s + p.amountCents, 0);
  if (total !== 0 || lines.length === 0) throw new Error(`journal ${header.event} does not balance (${total} cents over ${lines.length} postings)`);
  for (const p of lines) if (!Number.isSafeInteger(p.amountCents)) throw new Error(`posting amount is not whole cents: ${p.amountCents}`);
  const journal = await db
    .insertInto('ledger_journal')
    .values(journalRow(header))
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('ledger_posting')
    .values(lines.map((p) => ({ journal_id: journal.id, account: p.account, case_id: p.caseId, person_id: p.personId, amount_cents: p.amountCents })))
    .execute();
  return journal.id;
}

/** A pair of postings moving money from one account to another (debit `to`, credit `from`). */
export function transfer(amountCents: Cents, from: Omit<Posting, 'amountCents'>, to: Omit<Posting, 'amountCents'>): Posting[] {
  return [
    { ...to, amountCents },
    { ...from, amountCents: -amountCents },
  ];
}

/** Reverses a journal: the same postings with opposite signs, pointing at the original, with a reason. */
export async function reverseJournal(db: Db, journalId: number, header: Omit<JournalHeader, 'reversesJournalId'> & { reasonCode: string }): Promise<number> {
  const postings = await db.selectFrom('ledger_posting').selectAll().where('journal_id', '=', journalId).orderBy('id').execute();
  return postJournal(
    db,
    { ...header, reversesJournalId: journalId },
    postings.map((p) => ({ account: p.account as Account, caseId: p.case_id, personId: p.person_id, amountCents: -p.amount_cents })),
  );
}

/** Balance of an account (debit positive), optionally for one case. */
export async function accountBalance(db: Db, account: Account, caseId?: number): Promise<Cents> {
  let q = db.selectFrom('ledger_posting').select(sql<number>`coalesce(sum(amount_cents), 0)::bigint`.as('b')).where('account', '=', account);
  if (caseId !== undefined) q = q.where('case_id', '=', caseId);
  return (await q.executeTakeFirstOrThrow()).b;
}

export interface ConservationProblem {
  scope: string;
  message: string;
}

/**
 * The conservation checks run after every batch: the ledger balances in total; for every case,
 * money received into the case = distributed + held (undistributed) + refunded; receipts on file equal
 * the money the ledger says was received; and each receipt's allocations equal what the ledger moved.
 * With `sinceJournalId`, the per-case and per-receipt checks cover only the cases and receipts touched
 * by journals after it (the totals are always checked in full).
 */
export async function conservationProblems(db: Db, sinceJournalId = 0, options: { totals: boolean } = { totals: true }): Promise<ConservationProblem[]> {
  // The touched cases, obligors and receipts are taken as arrays first (`= any(array(...))`), so the checks
  // read only their postings through the indexes instead of scanning the whole ledger for every chunk.
  const since = sinceJournalId > 0;
  const touchedReceipts = since ? sql`and da.receipt_id = any(array(select distinct receipt_id from ledger_journal where id > ${sinceJournalId} and receipt_id is not null))` : sql``;
  const touchedJournals = since ? sql`and j.receipt_id = any(array(select distinct receipt_id from ledger_journal where id > ${sinceJournalId} and receipt_id is not null))` : sql``;
  const problems: ConservationProblem[] = [];
  if (options.totals) {
    const trial = await sql<{ total: number }>`select coalesce(sum(amount_cents), 0)::bigint as total from ledger_posting`.execute(db);
    if (trial.rows[0]!.total !== 0) problems.push({ scope: 'ledger', message: `postings do not sum to zero (${trial.rows[0]!.total})` });
  }

  const postings = since
    ? sql`(select p.* from ledger_posting p
          where p.case_id = any(array(select distinct case_id from ledger_posting where journal_id > ${sinceJournalId} and case_id is not null))
        union all
        select p.* from ledger_posting p
          where p.case_id is null and p.person_id = any(array(select distinct person_id from ledger_posting where journal_id > ${sinceJournalId} and case_id is null and person_id is not null)))`
    : sql`ledger_posting`;
  const perCase = await sql<{ case_id: number | null; person_id: number | null; received: number; distributed: number; refunded: number; held: number }>`
    select p.case_id, case when p.case_id is null then p.person_id end as person_id,
      coalesce(-sum(p.amount_cents) filter (where p.account = 'undistributed' and j.event in ('collection_received', 'identification', 'nsf_reversal')), 0)::bigint as received,
      coalesce(-sum(p.amount_cents) filter (where p.account like 'payable_%' and j.event in ('distribution', 'reversal')), 0)::bigint as distributed,
      coalesce(-sum(p.amount_cents) filter (where p.account = 'refund_payable' and j.event in ('distribution', 'reversal')), 0)::bigint as refunded,
      coalesce(-sum(p.amount_cents) filter (where p.account = 'undistributed'), 0)::bigint as held
    from ${postings} p join ledger_journal j on j.id = p.journal_id
    group by p.case_id, case when p.case_id is null then p.person_id end`.execute(db);
  for (const r of perCase.rows) {
    if (r.received !== r.distributed + r.refunded + r.held) {
      const scope = r.case_id !== null ? `case ${r.case_id}` : r.person_id !== null ? `obligor ${r.person_id}` : 'unidentified';
      problems.push({ scope, message: `received ${r.received} ≠ distributed ${r.distributed} + refunded ${r.refunded} + held ${r.held}` });
    }
    if (r.held < 0) problems.push({ scope: `case ${r.case_id}`, message: `more was distributed than received (held ${r.held})` });
  }

  if (options.totals) problems.push(...(await receiptTotalsProblems(db)));
  problems.push(...(await allocationProblems(db, touchedReceipts, touchedJournals)));
  if (options.totals) problems.push(...(await overpaidPayables(db)));
  return problems;
}

async function receiptTotalsProblems(db: Db): Promise<ConservationProblem[]> {
  const problems: ConservationProblem[] = [];
  const receipts = await sql<{ on_file: number; in_ledger: number }>`
    select (select coalesce(sum(amount_cents), 0) from receipt where status <> 'reversed')::bigint as on_file,
      (select coalesce(-sum(p.amount_cents), 0) from ledger_posting p join ledger_journal j on j.id = p.journal_id
        where p.account = 'undistributed' and j.event in ('collection_received', 'nsf_reversal'))::bigint as in_ledger`.execute(db);
  const r = receipts.rows[0]!;
  if (r.on_file !== r.in_ledger) problems.push({ scope: 'receipts', message: `receipts on file ${r.on_file} ≠ received in the ledger ${r.in_ledger}` });
  return problems;
}

async function allocationProblems(db: Db, touchedReceipts: ReturnType<typeof sql>, touchedJournals: ReturnType<typeof sql>): Promise<ConservationProblem[]> {
  const problems: ConservationProblem[] = [];
  const allocations = await sql<{ receipt_id: number; allocated: number; moved: number }>`
    with a as (
      select da.receipt_id, sum(da.amount_cents) as allocated from distribution_allocation da
      where (da.payee <> 'held' or da.target = 'refund') and not exists (select 1 from ledger_journal r where r.reverses_journal_id = da.journal_id)
        ${touchedReceipts}
      group by da.receipt_id),
    m as (
      select j.receipt_id, -sum(p.amount_cents) as moved from ledger_posting p join ledger_journal j on j.id = p.journal_id
      where j.event = 'distribution' and (p.account like 'payable_%' or p.account = 'refund_payable')
        and not exists (select 1 from ledger_journal r where r.reverses_journal_id = j.id) ${touchedJournals}
      group by j.receipt_id)
    select coalesce(a.receipt_id, m.receipt_id) as receipt_id, coalesce(a.allocated, 0)::bigint as allocated, coalesce(m.moved, 0)::bigint as moved
    from a full join m on m.receipt_id = a.receipt_id
    where coalesce(a.allocated, 0) <> coalesce(m.moved, 0)`.execute(db);
  for (const a of allocations.rows) problems.push({ scope: `receipt ${a.receipt_id}`, message: `allocations ${a.allocated} ≠ ledger ${a.moved}` });
  return problems;
}

async function overpaidPayables(db: Db): Promise<ConservationProblem[]> {
  const problems: ConservationProblem[] = [];
  const disbursed = await sql<{ over: number }>`
    select count(*)::int as over from (
      select p.case_id, p.account, sum(p.amount_cents) as bal from ledger_posting p
      where p.account like 'payable_%' group by p.case_id, p.account having sum(p.amount_cents) > 0) x`.execute(db);
  if (disbursed.rows[0]!.over > 0) problems.push({ scope: 'disbursements', message: `${disbursed.rows[0]!.over} payables were disbursed beyond what was distributed` });
  return problems;
}

/** One journal for postJournals; `anchor` journals hold no postings (allocations that only hold money). */
export interface JournalToPost {
  header: JournalHeader;
  postings: readonly Posting[];
  anchor?: boolean;
}

/** Rows per multi-row statement, kept well under PostgreSQL's 65,535 bind parameters. */
export function slices<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(30_000 / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Writes many balanced journals with multi-row inserts (the batch's way; postJournal writes one): the
 * journals in the given order, returning their ids in that order, then all their postings. Each journal
 * is checked as postJournal checks it before anything is written, and the database checks it at commit.
 */
export async function postJournals(db: Db, journals: readonly JournalToPost[]): Promise<number[]> {
  const lines = journals.map((j) => {
    const ls = j.postings.filter((p) => p.amountCents !== 0);
    const total = ls.reduce((s, p) => s + p.amountCents, 0);
    if (j.anchor ? ls.length !== 0 : total !== 0 || ls.length === 0) throw new Error(`journal ${j.header.event} does not balance (${total} cents over ${ls.length} postings)`);
    for (const p of ls) if (!Number.isSafeInteger(p.amountCents)) throw new Error(`posting amount is not whole cents: ${p.amountCents}`);
    return ls;
  });
  const ids: number[] = [];
  for (const part of slices(journals, 9)) {
    const rows = await db
      .insertInto('ledger_journal')
      .values(part.map(({ header }) => journalRow(header)))
      .returning('id')
      .execute();
    if (rows.length !== part.length) throw new Error(`${part.length} journals inserted, ${rows.length} returned`);
    ids.push(...rows.map((r) => r.id));
  }
  // A multi-row insert assigns the serial ids in the order of its rows; checked, since the postings rely on it.
  for (let i = 1; i < ids.length; i++) if (ids[i]! <= ids[i - 1]!) throw new Error('journal ids were not returned in insertion order');
  const postingRows = lines.flatMap((ls, i) => ls.map((p) => ({ journal_id: ids[i]!, account: p.account, case_id: p.caseId, person_id: p.personId, amount_cents: p.amountCents })));
  for (const part of slices(postingRows, 5)) await db.insertInto('ledger_posting').values(part).execute();
  return ids;
}
