/**
 * Disbursement: money distributed to a payee and not yet paid out is disbursed, to the family by
 * direct deposit (when a bank account is on file) or check, to the State, the federal share and the
 * IV-E or Medicaid agency as internal transfers, and refunds to the obligor by check. Each disbursement
 * records its due date: two business days after the earliest receipt it pays (42 USC 654b(c)(1)).
 * This module owns disbursement and payee_bank_account.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { DisbursementTable } from '../db/schema.ts';
import { addBusinessDays } from '../kernel/calendar.ts';
import { postJournal, type Account } from './ledger.ts';
import type { RunMeta } from './distribute.ts';

type PayeeKind = DisbursementTable['payee'];

const PAYEE_OF: Record<string, PayeeKind> = {
  payable_family: 'family',
  payable_state: 'state',
  payable_federal: 'federal',
  payable_iv_e_agency: 'iv_e_agency',
  payable_medicaid_agency: 'medicaid_agency',
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
}

/** Disburses every payable balance owed now; returns what was paid. */
export async function disburseDue(db: Db, meta: RunMeta): Promise<DisbursementSummary> {
  const owed = await sql<{ case_id: number; account: string; person_id: number | null; owed: number; last_journal: number }>`
    select p.case_id, p.account, p.person_id, (-sum(p.amount_cents))::bigint as owed,
      coalesce((select max(d.journal_id) from disbursement d where d.case_id = p.case_id and d.payee = (case p.account
        when 'payable_family' then 'family' when 'payable_state' then 'state' when 'payable_federal' then 'federal'
        when 'payable_iv_e_agency' then 'iv_e_agency' when 'payable_medicaid_agency' then 'medicaid_agency' else 'obligor_refund' end)), 0)::bigint as last_journal
    from ledger_posting p
    where p.case_id is not null and (p.account like 'payable_%' or p.account = 'refund_payable')
    group by p.case_id, p.account, p.person_id
    having sum(p.amount_cents) < 0
    order by p.case_id, p.account`.execute(db);
  const summary: DisbursementSummary = { count: 0, totalCents: 0, eftCount: 0, checkCount: 0, internalCount: 0, late: 0, disbursementIds: [] };
  for (const o of owed.rows) {
    const payee = PAYEE_OF[o.account]!;
    const earliest = await sql<{ d: string | null }>`
      select min(r.received_date)::text as d from ledger_journal j join receipt r on r.id = j.receipt_id
      join ledger_posting p on p.journal_id = j.id
      where p.case_id = ${o.case_id} and p.account = ${o.account} and p.amount_cents < 0 and j.id > ${o.last_journal}`.execute(db);
    const earliestReceipt = earliest.rows[0]?.d ?? meta.businessDate;
    const dueDate = addBusinessDays(earliestReceipt, 2);
    let method: 'eft' | 'check' | 'internal' = 'internal';
    let bankAccountId: number | null = null;
    let checkNumber: string | null = null;
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
  return summary;
}
