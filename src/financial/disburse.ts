/**
 * Disbursement: money distributed to a payee and not yet paid out is disbursed, to the family by
 * direct deposit (when a bank account is on file) or check, to the State, the federal share and the
 * IV-E or Medicaid agency as internal transfers, and refunds to the obligor by check. Each disbursement
 * records its due date: two business days after the earliest receipt it pays (42 USC 654b(c)(1)), or,
 * for prepaid support applied when its month came or an offset released from a joint-return hold, two
 * business days after the application or release.
 * This module owns disbursement and payee_bank_account.
 */
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import type { DisbursementTable } from '../db/schema.ts';
import { addBusinessDays } from '../kernel/calendar.ts';
import { decryptText } from '../security/pii.ts';
import { buildPpdFile, type PpdCredit } from '../formats/nacha/ppd.ts';
import { postJournal, type Account } from './ledger.ts';
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

/**
 * Disburses every payable balance owed now; returns what was paid. With `sinceJournalId`, only cases
 * whose payables moved after that journal are looked at (nothing else can owe anything new).
 */
export async function disburseDue(
  deps: Pick<Deps, 'db' | 'keys'>,
  meta: RunMeta,
  sinceJournalId = 0,
  page: { afterCaseId: number; caseLimit: number; writeFile: boolean } = { afterCaseId: 0, caseLimit: 1_000_000_000, writeFile: true },
): Promise<DisbursementSummary & { lastCaseId: number | null }> {
  const { db } = deps;
  const touched = sinceJournalId > 0 ? sql`and p.case_id = any(array(select distinct case_id from ledger_posting where journal_id > ${sinceJournalId} and case_id is not null))` : sql``;
  // One page of cases at a time, in case order, so a long run can stop and resume between pages.
  const pageCases = sql`and p.case_id in (select distinct q.case_id from ledger_posting q
      where q.case_id > ${page.afterCaseId} and (q.account like 'payable_%' or q.account = 'refund_payable')
      ${sinceJournalId > 0 ? sql`and q.case_id = any(array(select distinct case_id from ledger_posting where journal_id > ${sinceJournalId} and case_id is not null))` : sql``}
      order by q.case_id limit ${page.caseLimit})`;
  const owed = await sql<{ case_id: number; account: string; person_id: number | null; owed: number; last_journal: number }>`
    select p.case_id, p.account, p.person_id, (-sum(p.amount_cents))::bigint as owed,
      coalesce((select max(d.journal_id) from disbursement d where d.case_id = p.case_id and d.payee = (case p.account
        when 'payable_family' then 'family' when 'payable_state' then 'state' when 'payable_federal' then 'federal'
        when 'payable_iv_e_agency' then 'iv_e_agency' when 'payable_medicaid_agency' then 'medicaid_agency'
        when 'payable_other_state' then 'other_state' else 'obligor_refund' end)), 0)::bigint as last_journal
    from ledger_posting p
    where p.case_id is not null and (p.account like 'payable_%' or p.account = 'refund_payable') ${touched} ${pageCases}
    group by p.case_id, p.account, p.person_id
    having sum(p.amount_cents) < 0
    order by p.case_id, p.account`.execute(db);
  const summary: DisbursementSummary & { lastCaseId: number | null } = { count: 0, totalCents: 0, eftCount: 0, checkCount: 0, internalCount: 0, late: 0, disbursementIds: [], ppdFileId: null, lastCaseId: null };
  const lastCase = await sql<{ id: number | null }>`select max(case_id) as id from (select distinct q.case_id from ledger_posting q
      where q.case_id > ${page.afterCaseId} and (q.account like 'payable_%' or q.account = 'refund_payable')
      ${sinceJournalId > 0 ? sql`and q.case_id = any(array(select distinct case_id from ledger_posting where journal_id > ${sinceJournalId} and case_id is not null))` : sql``}
      order by q.case_id limit ${page.caseLimit}) x`.execute(db);
  summary.lastCaseId = lastCase.rows[0]?.id ?? null;
  for (const o of owed.rows) {
    const payee = PAYEE_OF[o.account]!;
    const earliest = await sql<{ d: string | null }>`
      select min(case when exists (select 1 from distribution_allocation h where h.journal_id = j.id and (h.from_hold or h.released_allocation_id is not null))
          then j.business_date else r.received_date end)::text as d
      from ledger_journal j join receipt r on r.id = j.receipt_id
      join ledger_posting p on p.journal_id = j.id
      where p.case_id = ${o.case_id} and p.account = ${o.account} and p.amount_cents < 0 and j.id > ${o.last_journal}
        and j.event = 'distribution'`.execute(db);
    const earliestReceipt = earliest.rows[0]?.d ?? meta.businessDate;
    const dueDate = addBusinessDays(earliestReceipt, 2);
    let method: 'eft' | 'check' | 'internal' = 'internal';
    let bankAccountId: number | null = null;
    let checkNumber: string | null = null;
    // To the initiating State's SDU by EFT (the interstate module sends the COL advice); not a PPD entry.
    if (payee === 'other_state') method = 'eft';
    if (payee === 'family' || payee === 'obligor_refund') {
      const bank = payee === 'family' && o.person_id !== null
        ? await db.selectFrom('payee_bank_account').select('id').where('person_id', '=', o.person_id).where('effective_to', 'is', null).executeTakeFirst()
        : undefined;
      if (bank) {
        method = 'eft';
        bankAccountId = bank.id;
      } else {
        method = 'check';
        checkNumber = String((await sql<{ n: number }>`select nextval('check_number_seq')::int as n`.execute(db)).rows[0]!.n);
      }
    }
    const journalId = await postJournal(
      db,
      { event: payee === 'obligor_refund' ? 'refund' : 'disbursement', businessDate: meta.businessDate, postedAt: meta.now, memo: `${payee} by ${method}`, batchRunId: meta.batchRunId, createdBy: meta.userId },
      [
        { account: o.account as Account, caseId: o.case_id, personId: o.person_id, amountCents: o.owed },
        { account: 'sdu_cash', caseId: o.case_id, personId: o.person_id, amountCents: -o.owed },
      ],
    );
    const row = await db
      .insertInto('disbursement')
      .values({
        case_id: o.case_id,
        payee,
        payee_person_id: o.person_id,
        method,
        amount_cents: o.owed,
        earliest_receipt_date: earliestReceipt,
        due_date: dueDate,
        issued_date: meta.businessDate,
        journal_id: journalId,
        disbursement_file_id: null,
        check_number: checkNumber,
        bank_account_id: bankAccountId,
        batch_run_id: meta.batchRunId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    summary.count++;
    summary.totalCents += o.owed;
    summary.disbursementIds.push(row.id);
    if (method === 'eft') summary.eftCount++;
    else if (method === 'check') summary.checkCount++;
    else summary.internalCount++;
    if (meta.businessDate > dueDate) summary.late++;
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
    file_creation_time: meta.now.toISOString().slice(11, 16).replace(':', ''),
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
