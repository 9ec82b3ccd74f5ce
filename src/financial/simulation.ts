/**
 * A seeded simulation of a caseload's money over many days, for tests and benchmarks: cases with
 * orders (some with TANF history and arrears) are created in bulk, then every day payments arrive in
 * believable patterns (monthly payers, biweekly income withholding, sporadic payers, tax offsets in
 * the spring, the odd bounced check and unidentified payment) and the daily cycle runs with its
 * conservation check.
 */
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import { addDays } from '../kernel/calendar.ts';
import { fixedClock } from '../kernel/clock.ts';
import { systemActor, type RequestContext } from '../security/context.ts';
import { blindIndex, encryptText } from '../security/pii.ts';
import { rng, FEMALE_NAMES, MALE_NAMES, LAST_NAMES, ssnFor, type Rng } from '../demo/seed.ts';
import { nameKey, soundex } from '../participants/rules.ts';
import { createCaseAccount, loadCaseTerms, openingState } from './accounts.ts';
import { runDailyCycle, type CycleOptions, type DailyCycleSummary } from './batch.ts';
import { receiveReceipt } from './receipts.ts';
import { reverseReceipt } from './distribute.ts';
import type { CaseType, ReceiptSource } from '../db/schema.ts';

type Profile = 'monthly' | 'biweekly' | 'sporadic' | 'none';

export interface SimCase {
  caseId: number;
  caseNumber: string;
  obligorPersonId: number;
  monthlyCents: number;
  profile: Profile;
  payDay: number;
  hasArrears: boolean;
}

export interface SimOptions {
  cases: number;
  seed: number;
  /** First support month of every order (YYYY-MM). */
  startMonth: string;
}

function personRow(deps: Deps, r: Rng, sex: 'F' | 'M', n: number, seed: number, dob: string, enteredDate: string) {
  const ssn = ssnFor(n, seed);
  const first = r.pick(sex === 'F' ? FEMALE_NAMES : MALE_NAMES);
  const last = r.pick(LAST_NAMES);
  return {
    ssn_ciphertext: encryptText(deps.keys, ssn),
    ssn_index: blindIndex(deps.keys, ssn),
    ssn_last4: ssn.slice(5),
    first_name: first,
    middle_name: null,
    last_name: last,
    suffix: null,
    first_name_key: nameKey(first),
    last_name_key: nameKey(last),
    last_name_soundex: soundex(last),
    date_of_birth: dob,
    sex,
    date_of_death: null,
    entered_date: enteredDate,
  };
}

/** Creates `cases` cases with orders starting in `startMonth`, in bulk; returns what the payments need. */
export async function seedFinancialCases(deps: Deps, options: SimOptions): Promise<SimCase[]> {
  const r = rng(options.seed);
  const { db } = deps;
  let office = await db.selectFrom('office').select('id').orderBy('id').executeTakeFirst();
  if (!office) office = await db.insertInto('office').values({ code: 'SIM', name: 'Simulation Office', county_fips: null }).returning('id').executeTakeFirstOrThrow();
  const start = `${options.startMonth}-01`;
  const out: SimCase[] = [];
  const chunk = 200;
  for (let base = 0; base < options.cases; base += chunk) {
    const n = Math.min(chunk, options.cases - base);
    await db.transaction().execute(async (trxRaw) => {
      const trx = trxRaw as unknown as typeof db;
      const rows = [];
      for (let i = 0; i < n; i++) {
        const k = (base + i) * 3;
        const entered = addDays(start, -60);
        rows.push(personRow(deps, r, 'F', k + 1, options.seed, '1990-05-05', entered), personRow(deps, r, 'M', k + 2, options.seed, '1988-08-08', entered), personRow(deps, r, r.chance(0.5) ? 'F' : 'M', k + 3, options.seed, '2018-03-03', entered));
      }
      const persons = await trx.insertInto('person').values(rows).returning('id').execute();
      for (let i = 0; i < n; i++) {
        const [cp, ncp, child] = [persons[i * 3]!.id, persons[i * 3 + 1]!.id, persons[i * 3 + 2]!.id];
        const roll = r.next();
        const caseType: CaseType = roll < 0.2 ? 'current_assistance' : roll < 0.5 ? 'former_assistance' : 'never_assistance';
        const seq = (await sql<{ n: number }>`select nextval('iv_d_case_number_seq')::int as n`.execute(trx)).rows[0]!.n;
        const caseNumber = `CS${String(seq).padStart(8, '0')}`;
        const c = await trx
          .insertInto('iv_d_case')
          .values({ case_number: caseNumber, case_type: caseType, office_id: office!.id, assigned_worker_id: null, intake_source: caseType === 'current_assistance' ? 'iv_a_referral' : 'application', received_date: addDays(start, -60), open_due_date: addDays(start, -40), opened_date: addDays(start, -50), other_jurisdiction_fips: null, other_jurisdiction_case_id: null, closed_date: null, closure_reason: null })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('case_member')
          .values([
            { case_id: c.id, person_id: cp, role: 'custodial_party', start_date: addDays(start, -50), end_date: null, born_out_of_wedlock: null, paternity_established: null },
            { case_id: c.id, person_id: ncp, role: 'noncustodial_parent', start_date: addDays(start, -50), end_date: null, born_out_of_wedlock: null, paternity_established: null },
            { case_id: c.id, person_id: child, role: 'child', start_date: addDays(start, -50), end_date: null, born_out_of_wedlock: false, paternity_established: true },
          ])
          .execute();
        const monthlyCents = r.int(150, 900) * 100;
        const order = await trx
          .insertInto('support_order')
          .values({ case_id: c.id, order_number: `SIM-${seq}`, order_kind: 'judicial', entered_date: start, effective_date: start, end_date: null, supersedes_order_id: null, obligor_person_id: ncp, obligee_person_id: cp, created_by: null })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.insertInto('obligation').values({ order_id: order.id, case_id: c.id, kind: 'current_support', amount_cents: monthlyCents, frequency: 'monthly', start_date: start, end_date: null, judgment_bucket: null }).execute();
        if (caseType === 'current_assistance') {
          await trx.insertInto('assistance_period').values({ case_id: c.id, program: 'tanf', start_month: options.startMonth, end_month: r.chance(0.4) ? null : addDays(start, r.int(60, 300)).slice(0, 7), monthly_amount_cents: r.int(250, 450) * 100 }).execute();
        }
        const hasArrears = r.chance(0.5);
        const state = openingState(await loadCaseTerms(trx, c.id), options.startMonth);
        if (hasArrears) {
          const amount = r.int(5, 80) * 10000;
          if (caseType === 'never_assistance') state.arrears.NA = amount;
          else {
            state.arrears.PA = Math.round(amount / 2);
            state.arrears.NA = amount - Math.round(amount / 2);
            state.uraCents += r.int(10, 90) * 10000;
          }
        }
        await createCaseAccount(trx, c.id, ncp, state, deps.clock.now());
        const p = r.next();
        out.push({ caseId: c.id, caseNumber, obligorPersonId: ncp, monthlyCents, profile: p < 0.35 ? 'monthly' : p < 0.65 ? 'biweekly' : p < 0.85 ? 'sporadic' : 'none', payDay: r.int(1, 28), hasArrears });
      }
    });
  }
  return out;
}

export interface DayPayment {
  caseNumber: string | null;
  obligorPersonId: number | null;
  source: ReceiptSource;
  amountCents: number;
  key: string;
  jointReturn: boolean;
}

/** The payments that arrive on `date` (deterministic for the seed and date). */
export function paymentsOn(cases: readonly SimCase[], date: string, dayIndex: number, seed: number): DayPayment[] {
  const r = rng(seed * 100_003 + dayIndex);
  const day = Number(date.slice(8, 10));
  const month = Number(date.slice(5, 7));
  const out: DayPayment[] = [];
  for (const c of cases) {
    let amount = 0;
    let source: ReceiptSource = 'check';
    if (c.profile === 'monthly' && day === c.payDay) {
      amount = r.chance(0.85) ? c.monthlyCents : Math.round(c.monthlyCents * (0.3 + r.next()));
      source = r.pick(['check', 'money_order', 'cash'] as const);
    } else if (c.profile === 'biweekly' && (dayIndex + c.payDay) % 14 === 0) {
      amount = Math.round((c.monthlyCents * 12) / 26);
      source = 'ach_employer';
    } else if (c.profile === 'sporadic' && r.chance(0.02)) {
      amount = r.int(20, 400) * 100;
    }
    if (amount > 0) out.push({ caseNumber: c.caseNumber, obligorPersonId: null, source, amountCents: amount, key: `sim:${date}:${c.caseId}:${source}`, jointReturn: false });
    // Federal tax refund offsets arrive in the spring for cases with arrears.
    if (c.hasArrears && (month === 2 || month === 3) && r.chance(0.004)) {
      out.push({ caseNumber: null, obligorPersonId: c.obligorPersonId, source: 'federal_tax_offset', amountCents: r.int(100, 3000) * 100, key: `sim:${date}:${c.caseId}:offset`, jointReturn: r.chance(0.2) });
    }
  }
  if (r.chance(0.1)) out.push({ caseNumber: null, obligorPersonId: null, source: 'money_order', amountCents: r.int(20, 200) * 100, key: `sim:${date}:unidentified`, jointReturn: false });
  return out;
}

export interface SimulationResult {
  days: number;
  receipts: number;
  reversals: number;
  failedDays: DailyCycleSummary[];
}

/**
 * Runs `days` daily cycles from `startDate`: each day's payments are received, a bounced check is
 * sometimes reversed, and the cycle (with its conservation check) runs. Stops at the first failed day.
 */
export async function simulateDays(deps: Deps, cases: readonly SimCase[], startDate: string, days: number, seed: number, onDay?: (date: string, summary: DailyCycleSummary) => void, cycle: CycleOptions = {}): Promise<SimulationResult> {
  const result: SimulationResult = { days: 0, receipts: 0, reversals: 0, failedDays: [] };
  const r = rng(seed + 7);
  for (let i = 0; i < days; i++) {
    const date = addDays(startDate, i);
    const clock = fixedClock(date);
    const ctx: RequestContext = { actor: systemActor('financial_worker'), purpose: 'simulation', requestId: null, clientIp: null, clock };
    const dayDeps = { ...deps, clock };
    await deps.db.transaction().execute(async (trx) => {
      for (const p of paymentsOn(cases, date, i, seed)) {
        await receiveReceipt({ ...dayDeps, db: trx as never }, ctx, { idempotencyKey: p.key, source: p.source, amountCents: p.amountCents, receivedDate: date, caseNumber: p.caseNumber, obligorPersonId: p.obligorPersonId, jointReturn: p.jointReturn });
        result.receipts++;
      }
    });
    if (r.chance(0.05)) {
      const bounced = await deps.db
        .selectFrom('receipt')
        .select('id')
        .where('source', '=', 'check')
        .where('status', '=', 'distributed')
        .where('received_date', '>=', addDays(date, -10))
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (bounced) {
        const spent = await deps.db.selectFrom('distribution_allocation').select('id').where('receipt_id', '=', bounced.id).where('from_hold', '=', true).executeTakeFirst();
        if (!spent) {
          await deps.db.transaction().execute((trx) => reverseReceipt({ ...dayDeps, db: trx as never }, { batchRunId: null, userId: null, now: clock.now(), businessDate: date }, bounced.id, 'NSF'));
          result.reversals++;
        }
      }
    }
    const summary = await runDailyCycle(dayDeps, date, cycle);
    result.days++;
    onDay?.(date, summary);
    if (summary.status === 'failed') {
      result.failedDays.push(summary);
      break;
    }
  }
  return result;
}


