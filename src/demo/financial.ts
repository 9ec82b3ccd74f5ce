/**
 * Demo money: support orders on about half of the open cases with a noncustodial parent, TANF history on
 * assistance cases, income withholding at the obligors' employers (see withholding.ts), a year or so of
 * payments (employer withholding, checks, money orders, a tax offset now and then) and the daily cycles
 * that distribute and disburse them, all through the ordinary
 * services with the clock set to each business date so the ledger reads as if the months had passed.
 * Deterministic for a given random source.
 */
import type { Deps } from '../deps.ts';
import { addBusinessDays, addDays, isBusinessDay } from '../kernel/calendar.ts';
import { fixedClock } from '../kernel/clock.ts';
import { systemActor, type RequestContext } from '../security/context.ts';
import { enterSupportOrder, recordAssistance, type ObligationInput } from '../financial/orders.ts';
import { receiveReceipt, type ReceiptInput } from '../financial/receipts.ts';
import { runDailyCycle } from '../financial/batch.ts';
import { firstDayOf, monthOf, nextMonth } from '../financial/buckets.ts';
import type { Rng } from './seed.ts';
import { startDemoWithholding, terminateDemoWithholding, type SentOrder } from './withholding.ts';
import { recordBankAccount } from '../financial/bank-accounts.ts';

/** Routing numbers (valid check digits) the demo's payees bank with. */
const DEMO_PAYEE_ROUTING = ['031000040', '101000019', '091000019'];

/**
 * About two custodial parents in five are paid by direct deposit, so the nightly cycle writes a PPD file.
 * Decided from the case number (not the random source, so adding this kept the rest of the demo the same).
 */
async function demoDirectDeposit(deps: Deps, date: string, caseNumber: string): Promise<void> {
  const n = Number(caseNumber.replace(/\D/g, '')) || 0;
  if (n % 5 >= 2) return;
  const cp = await deps.db
    .selectFrom('case_member as m')
    .innerJoin('iv_d_case as c', 'c.id', 'm.case_id')
    .select('m.person_id')
    .where('c.case_number', '=', caseNumber)
    .where('m.role', '=', 'custodial_party')
    .where('m.end_date', 'is', null)
    .executeTakeFirst();
  if (!cp) return;
  const ctx = context(date, 'demo data');
  const r = await recordBankAccount({ ...deps, clock: ctx.clock }, ctx, cp.person_id, { routingNumber: DEMO_PAYEE_ROUTING[n % DEMO_PAYEE_ROUTING.length]!, accountNumber: String(4_000_000_000 + n * 7).slice(0, 12), accountType: n % 2 ? 'savings' : 'checking' });
  if (!r.ok) throw new Error(`demo bank account ${caseNumber}: ${r.message}`);
}

export interface FinancialSeedSummary {
  orders: number;
  receipts: number;
  cycles: number;
  withholdingOrders: number;
}

type Event =
  | { date: string; kind: 'order'; caseNumber: string; caseType: string; order: { orderNumber: string; effectiveDate: string; obligations: ObligationInput[] }; assistance: { startMonth: string; endMonth: string | null; monthlyAmountCents: number } | null }
  | { date: string; kind: 'withholding'; caseNumbers: string[] }
  | { date: string; kind: 'receipt'; receipt: Omit<ReceiptInput, 'receivedDate'> }
  | { date: string; kind: 'termination'; caseNumber: string; lastDay: string };

/** Events of one day happen in this order. */
const KIND_ORDER: Record<Event['kind'], number> = { order: 0, withholding: 1, receipt: 2, termination: 3 };

/** The next business day on or after a date. */
function businessDayFrom(date: string): string {
  let d = date;
  while (!isBusinessDay(d)) d = addDays(d, 1);
  return d;
}

function context(date: string, purpose: string): RequestContext {
  return { actor: systemActor('administrator'), purpose, requestId: null, clientIp: null, clock: fixedClock(date) };
}

/** `months` of history (12 by default; fewer make a quicker demo for tests: a daily cycle per payday). */
export async function seedDemoFinancials(deps: Deps, r: Rng, options: { include?: string[]; months?: number; log?: (m: string) => void } = {}): Promise<FinancialSeedSummary> {
  const today = deps.clock.today();
  const months = options.months ?? 12;
  const earliest = firstDayOf(monthOf(addDays(today, -Math.round(months * 30.4))));
  const candidates = await deps.db
    .selectFrom('iv_d_case as c')
    .innerJoin('case_member as m', (j) => j.onRef('m.case_id', '=', 'c.id').on('m.role', '=', 'noncustodial_parent').on('m.end_date', 'is', null))
    .leftJoin('person_employment as e', (j) => j.onRef('e.person_id', '=', 'm.person_id').on('e.end_date', 'is', null))
    .select(['c.case_number', 'c.case_type', 'c.opened_date', 'm.person_id', 'e.employer_id'])
    .where('c.status', '=', 'open')
    .orderBy('c.id')
    .execute();
  const include = new Set(options.include ?? []);
  const events: Event[] = [];
  const withholdingByDate = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const c of candidates) {
    if (seen.has(c.case_number)) continue;
    seen.add(c.case_number);
    const forced = include.has(c.case_number);
    if (!forced && !r.chance(0.5)) continue;
    let effective = firstDayOf(nextMonth(monthOf(addDays(c.opened_date, r.int(10, 120)))));
    if (effective < earliest) effective = firstDayOf(monthOf(addDays(earliest, r.int(0, Math.min(90, months * 10)))));
    if (effective > addDays(today, -45)) {
      if (!forced) continue;
      effective = firstDayOf(monthOf(addDays(today, -45)));
    }
    const entered = addDays(effective, r.int(0, 20));
    const frequency = r.pick(['monthly', 'monthly', 'monthly', 'biweekly', 'weekly'] as const);
    const perPeriodCents = frequency === 'monthly' ? r.int(15, 90) * 1000 : frequency === 'biweekly' ? r.int(8, 40) * 1000 : r.int(4, 20) * 1000;
    const monthlyCents = frequency === 'monthly' ? perPeriodCents : Math.round((perPeriodCents * (frequency === 'weekly' ? 52 : 26)) / 12);
    const assisted = c.case_type === 'current_assistance' || c.case_type === 'former_assistance';
    const obligations: ObligationInput[] = [{ kind: 'current_support', amountCents: perPeriodCents, frequency, startDate: effective }];
    if (r.chance(0.35)) obligations.push({ kind: 'arrears_judgment', amountCents: r.int(5, 40) * 10000, frequency: 'one_time', startDate: effective, judgmentBucket: assisted ? 'PA' : 'NA' });
    const assistance = !assisted
      ? null
      : c.case_type === 'current_assistance'
        ? { startMonth: monthOf(addDays(effective, -r.int(60, 240))), endMonth: null, monthlyAmountCents: r.int(25, 50) * 1000 }
        : { startMonth: monthOf(addDays(effective, -r.int(400, 700))), endMonth: monthOf(addDays(effective, -r.int(40, 120))), monthlyAmountCents: r.int(25, 50) * 1000 };
    events.push({ date: entered, kind: 'order', caseNumber: c.case_number, caseType: c.case_type, order: { orderNumber: `DR-${entered.slice(0, 4)}-${c.case_number.slice(-5)}`, effectiveDate: effective, obligations }, assistance });

    // How this obligor pays: most through their employer once a withholding order is accepted, some by
    // check, a few hardly at all.
    const reliability = r.pick([0.97, 0.9, 0.75, 0.5, 0.2]);
    // Payments arrive around two paydays a month, so the demo needs few daily cycles.
    const payDay = r.pick([3, 17]);
    const iwoDate = businessDayFrom(firstDayOf(nextMonth(monthOf(entered))));
    const withheld = c.employer_id !== null && r.chance(0.75) && iwoDate < addDays(today, -10);
    const acceptedOn = withheld ? addBusinessDays(iwoDate, 3) : null;
    // Now and then the employee leaves and the employer ends the withholding.
    const leftOn = withheld && r.chance(0.15) ? addDays(today, -r.int(12, 40)) : null;
    if (withheld) {
      const group = withholdingByDate.get(iwoDate) ?? [];
      group.push(c.case_number);
      withholdingByDate.set(iwoDate, group);
      if (leftOn && leftOn > addDays(acceptedOn!, 20)) events.push({ date: businessDayFrom(addDays(leftOn, 3)), kind: 'termination', caseNumber: c.case_number, lastDay: leftOn });
    }
    for (let month = monthOf(entered); firstDayOf(month) <= today; month = nextMonth(month)) {
      if (!r.chance(reliability)) continue;
      const date = businessDayFrom(`${month}-${String(payDay).padStart(2, '0')}`);
      if (date <= entered || date >= today) continue;
      const byEmployer = withheld && date > acceptedOn! && (!leftOn || date <= leftOn);
      if (withheld && leftOn && date > leftOn) continue;
      const partial = r.chance(0.15);
      const amountCents = partial ? Math.round((monthlyCents * r.int(40, 90)) / 100) : monthlyCents;
      const source = byEmployer ? 'ach_employer' : r.pick(['check', 'check', 'money_order', 'cash'] as const);
      events.push({
        date,
        kind: 'receipt',
        receipt: {
          idempotencyKey: `demo:${c.case_number}:${date}`,
          source,
          amountCents,
          caseNumber: c.case_number,
          ...(source === 'ach_employer' ? { employerId: c.employer_id, withholdingDate: addDays(date, -3), reference: `ACH ${date.replaceAll('-', '')}${String(r.int(1000, 9999))}` } : { reference: `${source === 'cash' ? 'receipt' : 'no.'} ${r.int(1000, 99999)}` }),
        },
      });
    }
    // A federal tax refund offset in the spring for an obligor who falls behind.
    if (reliability <= 0.5) {
      const april = businessDayFrom(`${today.slice(0, 4)}-04-1${r.int(0, 9)}`);
      if (april > entered && april < today) events.push({ date: april, kind: 'receipt', receipt: { idempotencyKey: `demo:${c.case_number}:offset:${april}`, source: 'federal_tax_offset', amountCents: r.int(3, 15) * 10000, caseNumber: c.case_number, reference: 'FMS offset' } });
    }
  }

  for (const [date, caseNumbers] of withholdingByDate) events.push({ date, kind: 'withholding', caseNumbers });
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : KIND_ORDER[a.kind] - KIND_ORDER[b.kind]));
  const sentOrders = new Map<string, SentOrder>();
  const summary: FinancialSeedSummary = { orders: 0, receipts: 0, cycles: 0, withholdingOrders: 0 };
  const cycleDates = new Set<string>();
  let lastCycle = '';
  const runCyclesUpTo = async (date: string) => {
    for (const d of [...cycleDates].sort()) {
      if (d >= date) break;
      cycleDates.delete(d);
      const result = await runDailyCycle({ ...deps, clock: fixedClock(d) }, d);
      if (result.status === 'failed') throw new Error(`demo daily cycle ${d}: ${result.problems.map((p) => p.message).join('; ')}`);
      summary.cycles++;
      lastCycle = d;
    }
  };
  for (const e of events) {
    await runCyclesUpTo(e.date);
    if (e.kind === 'order') {
      const ctx = context(e.date, 'demo data');
      if (e.assistance) {
        const a = await recordAssistance({ ...deps, clock: ctx.clock }, ctx, e.caseNumber, { program: 'tanf', ...e.assistance });
        if (!a.ok) throw new Error(`demo assistance ${e.caseNumber}: ${a.message}`);
      }
      const result = await enterSupportOrder({ ...deps, clock: ctx.clock }, ctx, e.caseNumber, { ...e.order, orderKind: r.chance(0.7) ? 'judicial' : 'administrative', enteredDate: e.date });
      if (!result.ok) throw new Error(`demo order ${e.caseNumber}: ${result.message} ${JSON.stringify(result.details ?? [])}`);
      summary.orders++;
      await demoDirectDeposit(deps, e.date, e.caseNumber);
    } else if (e.kind === 'withholding') {
      for (const [caseNumber, order] of await startDemoWithholding(deps, e.date, e.caseNumbers)) {
        sentOrders.set(caseNumber, order);
        summary.withholdingOrders++;
      }
    } else if (e.kind === 'termination') {
      const order = sentOrders.get(e.caseNumber);
      if (order) await terminateDemoWithholding(deps, e.date, order, e.lastDay);
    } else {
      const ctx = context(e.date, 'demo data');
      await deps.db.transaction().execute((trx) => receiveReceipt({ ...deps, db: trx as never, clock: ctx.clock }, ctx, { ...e.receipt, receivedDate: e.date }));
      summary.receipts++;
      cycleDates.add(e.date);
    }
  }
  // The last cycle runs on the business day before today, as the nightly batch would have.
  let yesterday = addDays(today, -1);
  while (!isBusinessDay(yesterday)) yesterday = addDays(yesterday, -1);
  if (yesterday > lastCycle) cycleDates.add(yesterday);
  await runCyclesUpTo(addDays(yesterday, 1));
  options.log?.(`  ${summary.orders} orders, ${summary.withholdingOrders} income withholding orders, ${summary.receipts} payments, ${summary.cycles} daily cycles`);
  return summary;
}
