/**
 * One day of synthetic employer collections as a NACHA CCD+ file (one DED addenda per payment), for the
 * nightly cycle's inbox in load tests and benchmarks: about `share` of all cases pay (cases with an order:
 * the ones with an obligor SSN on file, spread evenly) their
 * monthly amount (sometimes part of it), each payment naming the case number and the obligor's SSN.
 * Deterministic for a seed.
 */
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import { addDays } from '../kernel/calendar.ts';
import { buildCcdFile } from '../formats/nacha/ccd.ts';
import { decryptText } from '../security/pii.ts';
import { rng } from './seed.ts';

export interface CollectionsFile {
  content: string;
  payments: number;
  totalCents: number;
}

export async function collectionsAchFile(deps: Pick<Deps, 'db' | 'keys'>, date: string, options: { share: number; seed: number; modifier?: string }): Promise<CollectionsFile | null> {
  const r = rng(options.seed);
  // `share` of all cases pay: every n-th case with an order and an obligor with an SSN, spread over the case range.
  const sizes = (await sql<{ cases: number; accounts: number }>`select (select count(*)::int from iv_d_case) as cases, (select count(*)::int from case_account) as accounts`.execute(deps.db)).rows[0]!;
  const step = Math.max(1, Math.round(sizes.accounts / Math.max(1, options.share * sizes.cases)));
  const rows = await sql<{ case_number: string; ssn_ciphertext: string; due: number }>`
    select c.case_number, p.ssn_ciphertext, (a.state->>'currentSupportDueCents')::bigint as due
    from case_account a join iv_d_case c on c.id = a.case_id join person p on p.id = a.obligor_person_id
    where p.ssn_ciphertext is not null and c.status = 'open' and a.case_id % ${step} = ${options.seed % step}
    order by a.case_id`.execute(deps.db);
  const payments = rows.rows
    .filter((x) => x.due > 0)
    .map((x, i) => {
      const amount = r.chance(0.2) ? Math.max(100, Math.round((x.due * r.int(40, 90)) / 100)) : x.due;
      return {
        receiving_dfi_routing: '031000040',
        dfi_account_number: '5550001234',
        receiving_company_name: 'STATE SDU',
        trace_sequence: i + 1,
        ded: { application_id: 'CS', case_id: x.case_number, pay_date: addDays(date, -3), amount_cents: amount, ncp_ssn: decryptText(deps.keys, x.ssn_ciphertext), medical_support: false, employment_terminated: false },
      };
    });
  if (payments.length === 0) return null;
  const built = buildCcdFile({
    immediate_destination: '031000040',
    immediate_destination_name: 'COMMONWEALTH BANK',
    immediate_origin: '1231234567',
    immediate_origin_name: 'PAYROLL CLEARINGHOUSE',
    file_creation_date: date,
    file_creation_time: '0600',
    file_id_modifier: options.modifier ?? 'A',
    batches: [{ company_name: 'PAYROLL CLEAR', company_id: '1231234567', entry_description: 'CHILD SUPP', effective_entry_date: date, originating_dfi_id: '03100004', payments }],
  });
  if (!built.ok) throw new Error(`collections file: ${built.message} ${JSON.stringify(built.details?.slice(0, 3))}`);
  return { content: built.value, payments: payments.length, totalCents: payments.reduce((s, p) => s + p.ded.amount_cents, 0) };
}
