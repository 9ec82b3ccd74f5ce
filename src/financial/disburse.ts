/**
 * Disbursement: money distributed to a payee and not yet paid out is disbursed, to the family by
 * direct deposit (when a bank account is on file) or check, to the State, the federal share and the
 * IV-E or Medicaid agency as internal transfers, and refunds to the obligor by check. Each disbursement
 * records its due date: two business days after the earliest receipt it pays (42 USC 654b(c)(1)), or,
 * for prepaid support applied when its month came or an offset released from a joint-return hold, two
 * business days after the application or release.
 * This module owns disbursement and payee_bank_account.
 */
import { localTimeHhmmss } from '../kernel/clock.ts';
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import type { DisbursementTable } from '../db/schema.ts';
import { addBusinessDays } from '../kernel/calendar.ts';
import { decryptText } from '../security/pii.ts';
import { buildPpdFile, type PpdCredit } from '../formats/nacha/ppd.ts';
import { postJournal, postJournals, slices, type Account } from './ledger.ts';
import type { RunMeta } from './distribute.ts';
import { sduBanking } from './sdu.ts';

type PayeeKind = DisbursementTable['payee'];

const PAYEE_OF: Record<string, PayeeKind> = {
  payable_family: 'family',
  payable_state: 'state',
  payable_federal: 'federal',
  payable_iv_e_agency: 'iv_e_agency',
  payable_medicaid_agency: 'medicaid_agency',
  payable_other_state: 'other_state',
  refund_payable: 'obligor_refund',
};

export interface DisbursementSummary {
  count: number;
  totalCents: number;
  eftCount: number;
  checkCount: number;
  internalCount: number;
  late: number;
  disbursementIds: number[];
  /** The direct-deposit file written for this run's EFT payments, if any. */
  ppdFileId: number | null;
}

type Page = { afterCaseId: number; caseLimit: number; writeFile: boolean };
const ALL: Page = { afterCaseId: 0, caseLimit: 1_000_000_000, writeFile: true };
type Owed = { case_id: number; account: string; person_id: number | null; owed: number; last_journal: number; earliest: string | null };

/**
 * The payable balances owed now on one page of cases (in case order), each with the journal of its
 * payee's last disbursement and the earliest date its new money counts from (see disbursementDue).
 */
async function owedPage(db: Deps['db'], sinceJournalId: number, page: Page): Promise<{ owed: Owed[]; lastCaseId: number | null }> {
  const touchedCases = sinceJournalId > 0 ? sql`and q.case_id = any(array(select distinct case_id from ledger_posting where journal_id > ${sinceJournalId} and case_id is not null))` : sql``;
  // One page of cases at a time, in case order, so a long run can stop and resume between pages.
  const pageCases = sql`(select distinct q.case_id from ledger_posting q
      where q.case_id > ${page.afterCaseId} and (q.account like 'payable_%' or q.account = 'refund_payable') ${touchedCases}
      order by q.case_id limit ${page.caseLimit})`;
  // The earliest receipt a payable's new money came from: for prepaid support applied when its month came or
  // an offset released from a joint-return hold, the date of the application or release.
  const owed = await sql<Owed>`
    select o.*, (select min(case when exists (select 1 from distribution_allocation h where h.journal_id = j.id and (h.from_hold or h.released_allocation_id is not null))
          then j.business_date else r.received_date end)::text
        from ledger_journal j join receipt r on r.id = j.receipt_id
        join ledger_posting p on p.journal_id = j.id
        where p.case_id = o.case_id and p.account = o.account and p.amount_cents < 0 and j.id > o.last_journal
          and j.event = 'distribution') as earliest
    from (select p.case_id, p.account, p.person_id, (-sum(p.amount_cents))::bigint as owed,
      coalesce((select max(d.journal_id) from disbursement d where d.case_id = p.case_id and d.payee = (case p.account
        when 'payable_family' then 'family' when 'payable_state' then 'state' when 'payable_federal' then 'federal'
        when 'payable_iv_e_agency' then 'iv_e_agency' when 'payable_medicaid_agency' then 'medicaid_agency'
        when 'payable_other_state' then 'other_state' else 'obligor_refund' end)), 0)::bigint as last_journal
    from ledger_posting p
    where p.case_id is not null and (p.account like 'payable_%' or p.account = 'refund_payable') and p.case_id = any(array${pageCases})
    group by p.case_id, p.account, p.person_id
    having sum(p.amount_cents) < 0) o
    order by o.case_id, o.account, o.person_id nulls first`.execute(db);
  const lastCase = await sql<{ id: number | null }>`select max(case_id) as id from ${pageCases} x`.execute(db);
  return { owed: owed.rows, lastCaseId: lastCase.rows[0]?.id ?? null };
}

interface PlannedDisbursement {
  o: Owed;
  payee: PayeeKind;
  method: 'eft' | 'check' | 'internal';
  bankAccountId: number | null;
  checkNumber: string | null;
  earliestReceipt: string;
  dueDate: string;
}

/**
 * How each payable is paid (pure, given the payees' bank accounts and the check numbers drawn, in order):
 * to the initiating State's SDU by EFT (the interstate module sends the COL advice; not a PPD entry), the
 * family by direct deposit when a bank account is on file or else check, refunds by check, the rest internal.
 */
function planDisbursements(meta: RunMeta, owed: readonly Owed[], bankOf: ReadonlyMap<number, number>, checkNumbers: readonly string[]): PlannedDisbursement[] {
  let nextCheck = 0;
  return owed.map((o) => {
    const payee = PAYEE_OF[o.account]!;
    const earliestReceipt = o.earliest ?? meta.businessDate;
    let method: 'eft' | 'check' | 'internal' = 'internal';
    let bankAccountId: number | null = null;
    let checkNumber: string | null = null;
    if (payee === 'other_state') method = 'eft';
    if (payee === 'family' || payee === 'obligor_refund') {
      const bank = payee === 'family' && o.person_id !== null ? bankOf.get(o.person_id) : undefined;
      if (bank !== undefined) {
        method = 'eft';
        bankAccountId = bank;
      } else {
        method = 'check';
        checkNumber = checkNumbers[nextCheck++]!;
      }
    }
    return { o, payee, method, bankAccountId, checkNumber, earliestReceipt, dueDate: addBusinessDays(earliestReceipt, 2) };
  });
}

function needsCheck(o: Owed, bankOf: ReadonlyMap<number, number>): boolean {
  const payee = PAYEE_OF[o.account]!;
  return payee === 'obligor_refund' || (payee === 'family' && (o.person_id === null || !bankOf.has(o.person_id)));
}

/**
 * Disburses every payable balance owed now; returns what was paid. With `sinceJournalId`, only cases
 * whose payables moved after that journal are looked at (nothing else can owe anything new).
 *
 * A page of cases takes a fixed number of statements whatever its size: the balances with their due
 * dates, the payees' bank accounts, the check numbers, then the journals, postings and disbursements as
 * multi-row inserts. disburseDueOneByOne does the same one payable at a time (the reference the tests
 * compare with).
 */
export async function disburseDue(deps: Pick<Deps, 'db' | 'keys'>, meta: RunMeta, sinceJournalId = 0, page: Page = ALL): Promise<DisbursementSummary & { lastCaseId: number | null }> {
  const { db } = deps;
  const { owed, lastCaseId } = await owedPage(db, sinceJournalId, page);
  const summary: DisbursementSummary & { lastCaseId: number | null } = { count: 0, totalCents: 0, eftCount: 0, checkCount: 0, internalCount: 0, late: 0, disbursementIds: [], ppdFileId: null, lastCaseId };
  if (owed.length === 0) return summary;
  const familyPersons = [...new Set(owed.filter((o) => PAYEE_OF[o.account] === 'family' && o.person_id !== null).map((o) => o.person_id!))];
  const bankOf = new Map<number, number>();
  if (familyPersons.length) {
    const banks = await db.selectFrom('payee_bank_account').select(['id', 'person_id']).where('person_id', 'in', familyPersons).where('effective_to', 'is', null).orderBy('id').execute();
    for (const b of banks) if (!bankOf.has(b.person_id)) bankOf.set(b.person_id, b.id);
  }
  const checks = owed.filter((o) => needsCheck(o, bankOf)).length;
  const drawn = checks > 0 ? await sql<{ n: number }>`select nextval('check_number_seq')::int as n from generate_series(1, ${checks}::int)`.execute(db) : { rows: [] };
  const checkNumbers = drawn.rows.map((r) => Number(r.n)).sort((a, b) => a - b).map(String);
  const planned = planDisbursements(meta, owed, bankOf, checkNumbers);
  const journalIds = await postJournals(
    db,
    planned.map((d) => ({
      header: { event: d.payee === 'obligor_refund' ? ('refund' as const) : ('disbursement' as const), businessDate: meta.businessDate, postedAt: meta.now, memo: `${d.payee} by ${d.method}`, batchRunId: meta.batchRunId, createdBy: meta.userId },
      postings: [
        { account: d.o.account as Account, caseId: d.o.case_id, personId: d.o.person_id, amountCents: d.o.owed },
        { account: 'sdu_cash' as const, caseId: d.o.case_id, personId: d.o.person_id, amountCents: -d.o.owed },
      ],
    })),
  );
  const rows = planned.map((d, i) => ({
    case_id: d.o.case_id,
    payee: d.payee,
    payee_person_id: d.o.person_id,
    method: d.method,
    amount_cents: d.o.owed,
    earliest_receipt_date: d.earliestReceipt,
    due_date: d.dueDate,
    issued_date: meta.businessDate,
    journal_id: journalIds[i]!,
    disbursement_file_id: null,
    check_number: d.checkNumber,
    bank_account_id: d.bankAccountId,
    batch_run_id: meta.batchRunId,
  }));
  const ids: number[] = [];
  for (const part of slices(rows, 13)) ids.push(...(await db.insertInto('disbursement').values(part).returning('id').execute()).map((r) => r.id));
  for (const [i, d] of planned.entries()) count(summary, meta, d, ids[i]!);
  if (summary.eftCount > 0 && page.writeFile) summary.ppdFileId = await writePpdFile(deps, meta, summary.disbursementIds);
  return summary;
}

function count(summary: DisbursementSummary, meta: RunMeta, d: PlannedDisbursement, id: number): void {
  summary.count++;
  summary.totalCents += d.o.owed;
  summary.disbursementIds.push(id);
  if (d.method === 'eft') summary.eftCount++;
  else if (d.method === 'check') summary.checkCount++;
  else summary.internalCount++;
  if (meta.businessDate > d.dueDate) summary.late++;
}

/** disburseDue one payable at a time (a few round trips each): the reference the batched one is compared with. */
export async function disburseDueOneByOne(deps: Pick<Deps, 'db' | 'keys'>, meta: RunMeta, sinceJournalId = 0, page: Page = ALL): Promise<DisbursementSummary & { lastCaseId: number | null }> {
  const { db } = deps;
  const { owed, lastCaseId } = await owedPage(db, sinceJournalId, page);
  const summary: DisbursementSummary & { lastCaseId: number | null } = { count: 0, totalCents: 0, eftCount: 0, checkCount: 0, internalCount: 0, late: 0, disbursementIds: [], ppdFileId: null, lastCaseId };
  for (const o of owed) {
    const bankOf = new Map<number, number>();
    if (PAYEE_OF[o.account] === 'family' && o.person_id !== null) {
      const bank = await db.selectFrom('payee_bank_account').select('id').where('person_id', '=', o.person_id).where('effective_to', 'is', null).orderBy('id').executeTakeFirst();
      if (bank) bankOf.set(o.person_id, bank.id);
    }
    const checkNumbers = needsCheck(o, bankOf) ? [String((await sql<{ n: number }>`select nextval('check_number_seq')::int as n`.execute(db)).rows[0]!.n)] : [];
    const d = planDisbursements(meta, [o], bankOf, checkNumbers)[0]!;
    const journalId = await postJournal(
      db,
      { event: d.payee === 'obligor_refund' ? 'refund' : 'disbursement', businessDate: meta.businessDate, postedAt: meta.now, memo: `${d.payee} by ${d.method}`, batchRunId: meta.batchRunId, createdBy: meta.userId },
      [
        { account: o.account as Account, caseId: o.case_id, personId: o.person_id, amountCents: o.owed },
        { account: 'sdu_cash', caseId: o.case_id, personId: o.person_id, amountCents: -o.owed },
      ],
    );
    const row = await db
      .insertInto('disbursement')
      .values({ case_id: o.case_id, payee: d.payee, payee_person_id: o.person_id, method: d.method, amount_cents: o.owed, earliest_receipt_date: d.earliestReceipt, due_date: d.dueDate, issued_date: meta.businessDate, journal_id: journalId, disbursement_file_id: null, check_number: d.checkNumber, bank_account_id: d.bankAccountId, batch_run_id: meta.batchRunId })
      .returning('id')
      .executeTakeFirstOrThrow();
    count(summary, meta, d, row.id);
  }
  if (summary.eftCount > 0 && page.writeFile) summary.ppdFileId = await writePpdFile(deps, meta, summary.disbursementIds);
  return summary;
}

/** Direct deposits of a batch run not yet in a PPD file. */
export async function unfiledDirectDeposits(db: Deps['db'], batchRunId: number): Promise<number[]> {
  const rows = await db.selectFrom('disbursement').select('id').where('batch_run_id', '=', batchRunId).where('method', '=', 'eft').where('bank_account_id', 'is not', null).where('disbursement_file_id', 'is', null).orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Writes the NACHA PPD file for the run's direct deposits and links each disbursement to it. */
export async function writePpdFile(deps: Pick<Deps, 'db' | 'keys'>, meta: RunMeta, disbursementIds: number[]): Promise<number | null> {
  const { db } = deps;
  const rows = await db
    .selectFrom('disbursement as d')
    .innerJoin('payee_bank_account as b', 'b.id', 'd.bank_account_id')
    .innerJoin('person as p', 'p.id', 'd.payee_person_id')
    .innerJoin('iv_d_case as c', 'c.id', 'd.case_id')
    .select(['d.id', 'd.amount_cents', 'b.routing_number', 'b.account_ciphertext', 'b.account_type', 'p.first_name', 'p.last_name', 'c.case_number'])
    .where('d.id', 'in', disbursementIds)
    .where('d.method', '=', 'eft')
    .orderBy('d.id')
    .execute();
  // Other-State EFTs have no payee bank account here and are not PPD entries.
  if (rows.length === 0) return null;
  const sdu = sduBanking();
  const credits: PpdCredit[] = rows.map((r, i) => ({
    name: `${r.first_name} ${r.last_name}`.toUpperCase(),
    routing_number: r.routing_number,
    account_number: decryptText(deps.keys, r.account_ciphertext),
    account_type: r.account_type,
    amount_cents: r.amount_cents,
    individual_id: r.case_number,
    trace_sequence: i + 1,
  }));
  const built = buildPpdFile({
    immediate_destination: sdu.odfiRouting,
    immediate_destination_name: sdu.odfiName,
    immediate_origin: sdu.companyId,
    immediate_origin_name: sdu.companyName,
    file_creation_date: meta.businessDate,
    // The file date is the program's business date; the time is in the same (the program's) time zone.
    file_creation_time: localTimeHhmmss(meta.now).slice(0, 4),
    company_name: sdu.companyName.slice(0, 16),
    company_id: sdu.companyId,
    entry_description: 'CHILD SUPP',
    effective_entry_date: addBusinessDays(meta.businessDate, 1),
    originating_dfi_id: sdu.odfiRouting.slice(0, 8),
    credits,
  });
  if (!built.ok) throw new Error(`PPD file could not be built: ${built.message} ${JSON.stringify(built.details)}`);
  const total = rows.reduce((t, r) => t + r.amount_cents, 0);
  const file = await db
    .insertInto('disbursement_file')
    .values({ kind: 'ppd', file_name: `ppd-${meta.businessDate}-${meta.batchRunId ?? 'manual'}-${disbursementIds[0]}.ach`, effective_date: addBusinessDays(meta.businessDate, 1), entry_count: rows.length, total_cents: total, content: built.value, batch_run_id: meta.batchRunId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('disbursement').set({ disbursement_file_id: file.id }).where('id', 'in', rows.map((r) => r.id)).execute();
  return file.id;
}
