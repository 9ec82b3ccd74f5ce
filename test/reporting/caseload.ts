/**
 * A seeded caseload for report tests, with its own plain model of what the reports must say.
 *
 * The plan (cases, children, orders, payments, closures) is drawn from a seeded generator; `buildCaseload`
 * feeds it through the real services (intake, orders, assistance, receipts, the daily cycle, NSF
 * reversal, closure and reopening); `expected*` functions compute every report figure by plain loops over
 * the plan, applying the federal rules directly (current support first, arrears next, the $35/$550 fee,
 * the $50/$100 pass-through, a 50% federal share), never by reading the report code or its SQL.
 */
import assert from 'node:assert/strict';
import type { TestSystem } from '../helpers/system.ts';
import { uniqueIntake } from '../helpers/casework.ts';
import { submitIntake } from '../../src/cases/intake.ts';
import { recordAssistance } from '../../src/financial/orders.ts';
import { enterEstablishedOrder } from '../../src/establishment/orders.ts';
import { recordAcknowledgment } from '../../src/establishment/paternity.ts';
import { recordCaseFact } from '../../src/reporting/inputs.ts';
import { receiveReceipt } from '../../src/financial/receipts.ts';
import { runDailyCycle } from '../../src/financial/batch.ts';
import { reverseReceipt } from '../../src/financial/distribute.ts';
import { proposeClosure, reopenCase } from '../../src/casework/closure.ts';

type CaseType = 'never_assistance' | 'former_assistance' | 'current_assistance';
type Source = 'check' | 'ach_employer' | 'federal_tax_offset';

export interface PlanPayment {
  key: string;
  date: string;
  cents: number;
  source: Source;
  /** Model: what it pays. */
  current: number;
  arrears: number;
  refund: number;
}

export interface PlanCase {
  n: number;
  caseType: CaseType;
  officeCode: 'NORTH' | 'SOUTH';
  openDate: string;
  interstate?: 'initiating' | 'responding';
  /** paternityDate: when the acknowledgment is signed (a child with paternity has one). */
  children: Array<{ dob: string; bornOutOfWedlock: boolean; paternity: boolean; paternityDate?: string; endDate?: string }>;
  order?: { entered: string; effective: string; monthly: number; judgment?: { bucket: 'NA' | 'PA'; cents: number }; healthInsuranceBy: 'obligor' | 'both' | 'neither' | 'not_addressed' };
  /** Facts entered for the OCSE-157 (report_case_fact). */
  facts: Array<{ fact: 'no_jurisdiction' | 'health_insurance_provided'; from: string; through?: string }>;
  profile: 'full' | 'partial' | 'extra' | 'none';
  payments: PlanPayment[];
  closeDate?: string;
  reopenDate?: string;
  reversal?: { key: string; date: string };
  /** Model: arrears events (+ added, − paid) by date. */
  arrearsEvents: Array<{ date: string; cents: number }>;
  caseNumber?: string;
}

export interface Plan {
  cases: PlanCase[];
  unidentified: { key: string; date: string; cents: number };
}

function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), chance: (p: number) => next() < p, pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

export const monthsFrom = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let m = from; m <= to; ) {
    out.push(m);
    const [y, mm] = m.split('-').map(Number) as [number, number];
    m = mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
  }
  return out;
};
const nextMonthFirst = (m: string) => {
  const [y, mm] = m.split('-').map(Number) as [number, number];
  return mm === 12 ? `${y + 1}-01-01` : `${y}-${String(mm + 1).padStart(2, '0')}-01`;
};

/** The last month every account is charged to (the final daily cycle runs on 2026-09-30). */
export const LAST_CHARGED = '2026-09';

export function makePlan(seed = 157): Plan {
  const r = rng(seed);
  const types: CaseType[] = ['never_assistance', 'former_assistance', 'current_assistance'];
  const cases: PlanCase[] = [];
  for (let n = 0; n < 24; n++) {
    const caseType = types[n % 3]!;
    const openDate = n < 18 ? `2025-07-${String(10 + (n % 10)).padStart(2, '0')}` : n < 22 ? `2026-01-${String(10 + n - 18).padStart(2, '0')}` : `2026-10-0${n - 20}`;
    const children: PlanCase['children'] = Array.from({ length: n % 4 === 0 ? 2 : 1 }, (_, i) => {
      const bornOutOfWedlock = r.chance(0.6);
      return { dob: `2016-0${i + 1}-15`, bornOutOfWedlock, paternity: bornOutOfWedlock && r.chance(0.5) };
    });
    if (n === 0) children[0]!.endDate = '2026-06-30';
    // Paternity acknowledged when the case opened (even cases) or on 1 February 2026 (odd ones, or later
    // if the case opens later): some before the year, some in it, two after it.
    for (const k of children) if (k.paternity) k.paternityDate = n % 2 === 0 || openDate > '2026-02-01' ? openDate : '2026-02-01';
    const c: PlanCase = { n, caseType, officeCode: n % 2 ? 'SOUTH' : 'NORTH', openDate, children, profile: 'none', payments: [], arrearsEvents: [], facts: [] };
    // Case 15 is out of the State's jurisdiction at the end of the year (line 3, on no other line); case 1
    // was, but only until December 2025.
    if (n === 15) c.facts.push({ fact: 'no_jurisdiction', from: '2026-04-01' });
    if (n === 1) c.facts.push({ fact: 'no_jurisdiction', from: '2025-09-01', through: '2025-12-31' });
    if (n === 10) c.interstate = 'initiating';
    if (n === 13) c.interstate = 'responding';
    if (n === 3) c.closeDate = '2026-03-10';
    if (n === 6) {
      c.closeDate = '2025-09-15';
      c.reopenDate = '2026-05-01';
    }
    if (n === 9) c.closeDate = '2026-09-30';
    const withOrder = ![3, 6, 9].includes(n) && n < 22 && n % 7 !== 5;
    if (withOrder) {
      const pre = n < 18;
      const monthly = (caseType === 'current_assistance' ? r.int(150, 300) : r.int(150, 400)) * 100;
      const healthInsuranceBy = (['obligor', 'neither', 'both', 'not_addressed'] as const)[n % 4]!;
      c.order = { entered: pre ? '2025-08-05' : '2026-02-10', effective: pre ? '2025-08-01' : '2026-02-01', monthly, healthInsuranceBy };
      // Coverage provided: open-ended on some insured cases, ended before the year's last day on others.
      if (healthInsuranceBy !== 'neither' && healthInsuranceBy !== 'not_addressed') {
        if (n % 8 === 0 || n % 8 === 6) c.facts.push({ fact: 'health_insurance_provided', from: c.order.entered });
        else c.facts.push({ fact: 'health_insurance_provided', from: c.order.entered, through: '2026-06-30' });
      }
      if (r.chance(0.6)) c.order.judgment = { bucket: caseType === 'current_assistance' ? 'PA' : 'NA', cents: r.int(3, 12) * 10_000 };
      const profile = r.pick(['full', 'full', 'partial', 'extra', 'none'] as const);
      c.profile = caseType === 'current_assistance' && profile === 'extra' ? 'full' : profile;
    }
    cases.push(c);
  }
  // Payments, month by month, with the arrears balance each needs (current support first, 302.51(a)).
  let refundGiven = false;
  let reversalGiven = false;
  for (const c of cases) {
    if (!c.order) continue;
    const o = c.order;
    let arrears = 0;
    if (o.judgment) {
      arrears += o.judgment.cents;
      c.arrearsEvents.push({ date: o.entered, cents: o.judgment.cents });
    }
    for (const [i, m] of monthsFrom(o.effective.slice(0, 7), LAST_CHARGED).entries()) {
      let paidCurrent = 0;
      const pay = (date: string, cents: number, source: Source) => {
        const offset = source === 'federal_tax_offset';
        const current = offset ? 0 : Math.min(cents, o.monthly - paidCurrent);
        const toArrears = Math.min(cents - current, arrears);
        const refund = cents - current - toArrears;
        assert.ok(offset || refund === 0, 'only an offset may exceed what is owed in this plan');
        paidCurrent += current;
        arrears -= toArrears;
        if (toArrears) c.arrearsEvents.push({ date, cents: -toArrears });
        c.payments.push({ key: `plan:${c.n}:${date}:${source}`, date, cents, source, current, arrears: toArrears, refund });
      };
      const amount = c.profile === 'full' ? o.monthly : c.profile === 'partial' ? Math.round(o.monthly * 0.6) : c.profile === 'extra' ? o.monthly + Math.min(5_000, arrears) : 0;
      if (amount > 0) pay(`${m}-15`, amount, i % 2 ? 'ach_employer' : 'check');
      if (m === '2026-02' && c.caseType !== 'current_assistance' && arrears > 0 && (c.profile === 'none' || c.profile === 'partial')) {
        const excess = refundGiven ? 0 : 12_345;
        refundGiven = true;
        pay('2026-02-20', excess ? arrears + excess : Math.min(arrears, 25_000), 'federal_tax_offset');
      }
      if (m === '2026-02' && c.caseType === 'current_assistance' && c.profile === 'full' && !reversalGiven && o.effective < '2025-10-01') {
        reversalGiven = true;
        const p = c.payments.at(-1)!;
        c.reversal = { key: p.key, date: '2026-03-03' };
        // The month closes with the payment counted; the reversal two days later makes it arrears (NSF).
      }
      if (m < LAST_CHARGED) {
        const unpaid = o.monthly - paidCurrent;
        if (unpaid > 0) {
          arrears += unpaid;
          c.arrearsEvents.push({ date: nextMonthFirst(m), cents: unpaid });
        }
      }
      if (c.reversal && m === '2026-03') {
        const p = c.payments.find((x) => x.key === c.reversal!.key)!;
        arrears += p.current;
        c.arrearsEvents.push({ date: c.reversal.date, cents: p.current });
      }
    }
  }
  assert.ok(refundGiven && reversalGiven, 'the plan has an offset refund and an NSF reversal');
  return { cases, unidentified: { key: 'plan:unidentified', date: '2026-02-20', cents: 7_500 } };
}

/** Runs the plan through the real services, in date order. */
export async function buildCaseload(sys: TestSystem, plan: Plan): Promise<void> {
  const admin = () => sys.ctx('administrator');
  type Step = { date: string; seq: number; run: () => Promise<void> };
  const steps: Step[] = [];
  let seq = 0;
  const at = (date: string, run: () => Promise<void>) => steps.push({ date, seq: seq++, run });
  const receiptIds = new Map<string, number>();
  const cycleDates = new Set<string>(['2025-09-30', '2026-09-30']);

  for (const c of plan.cases) {
    at(c.openDate, async () => {
      const body = uniqueIntake(100 + c.n, {
        receivedDate: c.openDate,
        caseType: c.caseType,
        officeCode: c.officeCode,
        kind: c.caseType === 'current_assistance' ? 'iv_a_referral' : undefined,
        children: c.children.map((k) => ({ dateOfBirth: k.dob, bornOutOfWedlock: k.bornOutOfWedlock })),
        ...(c.interstate ? { interstate: { role: c.interstate, otherJurisdictionFips: '36' } } : {}),
      });
      if (c.interstate === 'responding') body.kind = 'interstate_referral';
      const out = await submitIntake(sys.deps, admin(), body);
      assert.ok(out.ok && out.value.status === 'opened', JSON.stringify(out));
      c.caseNumber = out.value.caseNumber!;
      const kids = await sys.deps.db.selectFrom('case_member').select(['id']).where('case_id', '=', out.value.caseId!).where('role', '=', 'child').orderBy('id').execute();
      for (const [i, k] of c.children.entries()) {
        await sys.deps.db.updateTable('case_member').set({ paternity_established: k.paternity }).where('id', '=', kids[i]!.id).execute();
      }
      if (c.caseType === 'current_assistance') {
        const a = await recordAssistance(sys.deps, admin(), c.caseNumber, { program: 'tanf', startMonth: '2025-06', monthlyAmountCents: 40_000 });
        assert.ok(a.ok, JSON.stringify(a));
      }
    });
    for (const [i, k] of c.children.entries()) {
      if (!k.paternityDate) continue;
      const date = k.paternityDate;
      at(date, async () => {
        const id = await caseId(c);
        const kids = await sys.deps.db.selectFrom('case_member').select('person_id').where('case_id', '=', id).where('role', '=', 'child').orderBy('id').execute();
        const r = await recordAcknowledgment(sys.deps, admin(), c.caseNumber!, { childPersonId: kids[i]!.person_id, allegedFatherPersonId: await obligorOf(c), motherSignedDate: date, fatherSignedDate: date, signingSite: 'iv_d_agency' });
        assert.ok(r.ok, JSON.stringify(r));
      });
    }
    for (const f of c.facts) {
      at(f.from, async () => {
        const r = await recordCaseFact(sys.deps, admin(), { caseNumber: c.caseNumber!, fact: f.fact, fromDate: f.from, throughDate: f.through ?? null, source: 'test plan' });
        assert.ok(r.ok, JSON.stringify(r));
      });
    }
    for (const k of c.children) {
      if (!k.endDate) continue;
      const endDate = k.endDate;
      at(endDate, async () => {
        const kid = await sys.deps.db.selectFrom('case_member').select('id').where('case_id', '=', (await caseId(c))).where('role', '=', 'child').orderBy('id').executeTakeFirstOrThrow();
        await sys.deps.db.updateTable('case_member').set({ end_date: endDate }).where('id', '=', kid.id).execute();
      });
    }
    if (c.order) {
      const o = c.order;
      at(o.entered, async () => {
        // Through the establishment module, so the order's medical terms are kept (lines 21-23).
        const r = await enterEstablishedOrder(sys.deps, admin(), c.caseNumber!, {
          orderNumber: `ORD-${c.n}`,
          orderKind: 'judicial',
          enteredDate: o.entered,
          effectiveDate: o.effective,
          currentSupport: { amountCents: o.monthly, frequency: 'monthly', startDate: o.effective },
          arrears: o.judgment ? [{ amountCents: o.judgment.cents, bucket: o.judgment.bucket }] : [],
          medical: { healthInsuranceBy: o.healthInsuranceBy },
          custody: { legalCustody: 'custodial_party', physicalCustody: 'custodial_party' },
        });
        assert.ok(r.ok, JSON.stringify(r));
      });
    }
    for (const p of c.payments) {
      cycleDates.add(p.date);
      at(p.date, async () => {
        const obligor = p.source === 'federal_tax_offset' ? await obligorOf(c) : null;
        const posted = await sys.deps.db.transaction().execute((trx) =>
          receiveReceipt({ ...sys.deps, db: trx as never }, sys.ctx('financial_worker'), {
            idempotencyKey: p.key,
            source: p.source,
            amountCents: p.cents,
            receivedDate: p.date,
            caseNumber: p.source === 'federal_tax_offset' ? null : c.caseNumber!,
            obligorPersonId: obligor,
          }),
        );
        receiptIds.set(p.key, posted.receiptId);
      });
    }
    if (c.reversal) {
      const rev = c.reversal;
      at(rev.date, async () => {
        await sys.deps.db.transaction().execute((trx) => reverseReceipt({ ...sys.deps, db: trx as never }, { batchRunId: null, userId: null, now: sys.clock.now(), businessDate: rev.date }, receiptIds.get(rev.key)!, 'NSF'));
      });
    }
    if (c.closeDate) {
      const closeDate = c.closeDate;
      at(closeDate, async () => {
        const r = await proposeClosure(sys.deps, admin(), c.caseNumber!, { reasonCode: 'b12', finding: 'the recipient asked in writing to close the case', attestations: [], requestDate: closeDate });
        assert.ok(r.ok && r.value.status === 'closed', JSON.stringify(r));
      });
    }
    if (c.reopenDate) {
      const reopenDate = c.reopenDate;
      at(reopenDate, async () => {
        const r = await reopenCase(sys.deps, admin(), c.caseNumber!, { applicationDate: reopenDate, reason: 'new application' });
        assert.ok(r.ok, JSON.stringify(r));
      });
    }
  }
  cycleDates.add(plan.unidentified.date);
  at(plan.unidentified.date, async () => {
    await receiveReceipt(sys.deps, sys.ctx('financial_worker'), { idempotencyKey: plan.unidentified.key, source: 'money_order', amountCents: plan.unidentified.cents, receivedDate: plan.unidentified.date, remitterName: 'Unknown Payer' });
  });
  // The daily cycle runs after everything else of its day.
  for (const d of cycleDates) {
    steps.push({
      date: d,
      seq: 1_000_000 + seq++,
      run: async () => {
        const s = await runDailyCycle(sys.deps, d);
        assert.equal(s.status, 'completed', `cycle ${d}: ${JSON.stringify(s.problems)}`);
      },
    });
  }
  steps.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq));
  for (const s of steps) {
    sys.clock.set(s.date);
    await s.run();
  }

  async function caseId(c: PlanCase): Promise<number> {
    return (await sys.deps.db.selectFrom('iv_d_case').select('id').where('case_number', '=', c.caseNumber!).executeTakeFirstOrThrow()).id;
  }
  async function obligorOf(c: PlanCase): Promise<number> {
    const row = await sys.deps.db.selectFrom('case_member').select('person_id').where('case_id', '=', await caseId(c)).where('role', '=', 'noncustodial_parent').executeTakeFirstOrThrow();
    return row.person_id;
  }
}

// ---- the model: what each report line must say ------------------------------------------------------

export const FY = { year: 2026, start: '2025-10-01', end: '2026-09-30', priorEnd: '2025-09-30' };
const inFy = (d: string) => d >= FY.start && d <= FY.end;

/** Open on a day: opened by then, and not between a closure and its reopening. */
export function openOn(c: PlanCase, d: string): boolean {
  if (c.openDate > d) return false;
  if (c.closeDate && c.closeDate <= d && (!c.reopenDate || c.reopenDate > d)) return false;
  return true;
}
function openDuringFy(c: PlanCase): boolean {
  for (let t = Date.parse(`${FY.start}T00:00:00Z`); t <= Date.parse(`${FY.end}T00:00:00Z`); t += 86_400_000) {
    if (openOn(c, new Date(t).toISOString().slice(0, 10))) return true;
  }
  return false;
}

export interface Expected157 {
  line: Record<string, number>;
  cases: Record<string, string[]>;
  perCase: Record<string, Record<string, number>>;
}

const factOn = (c: PlanCase, fact: string, d: string) => c.facts.some((f) => f.fact === fact && f.from <= d && (!f.through || f.through >= d));

export function expected157(plan: Plan, office?: 'NORTH' | 'SOUTH'): Expected157 {
  const inOffice = plan.cases.filter((c) => !office || c.officeCode === office);
  const line: Record<string, number> = {};
  const list: Record<string, string[]> = {};
  const perCase: Record<string, Record<string, number>> = { '24': {}, '25': {}, '26': {}, '27': {} };
  const set = (l: string, cs: PlanCase[]) => {
    list[l] = cs.map((c) => c.caseNumber!).sort();
    line[l] = cs.length;
  };
  // Line 3: no jurisdiction on the last day; such cases are on no other line.
  const noJurisdiction = inOffice.filter((c) => openOn(c, FY.end) && factOn(c, 'no_jurisdiction', FY.end));
  set('3', noJurisdiction);
  const cases = inOffice.filter((c) => !noJurisdiction.includes(c));
  const openEnd = cases.filter((c) => openOn(c, FY.end));
  const insured = openEnd.filter((c) => c.order && c.order.entered <= FY.end && (c.order.healthInsuranceBy === 'obligor' || c.order.healthInsuranceBy === 'both'));
  set('21', insured);
  set('22', insured);
  set('21a', insured.filter((c) => factOn(c, 'health_insurance_provided', FY.end)));
  set('23', insured.filter((c) => factOn(c, 'health_insurance_provided', FY.end)));
  set('1', openEnd);
  set('2', openEnd.filter((c) => c.order && c.order.entered <= FY.end));
  set('12', openEnd.filter((c) => !c.order));
  set('19', openEnd.filter((c) => c.interstate === 'initiating'));
  set('20', openEnd.filter((c) => c.interstate === 'responding'));
  const during = cases.filter(openDuringFy);
  set('17', during.filter((c) => c.order && inFy(c.order.entered)));

  const kids = (date: string, open: PlanCase[]) => open.flatMap((c) => c.children.filter((k) => !k.endDate || k.endDate >= date));
  const atEnd = kids(FY.end, openEnd);
  line['4'] = atEnd.length;
  line['5'] = atEnd.filter((k) => k.bornOutOfWedlock).length;
  line['6'] = atEnd.filter((k) => k.bornOutOfWedlock && k.paternity).length;
  line['13'] = atEnd.filter((k) => k.bornOutOfWedlock && !k.paternity).length;
  line['5a'] = kids(FY.priorEnd, cases.filter((c) => openOn(c, FY.priorEnd))).filter((k) => k.bornOutOfWedlock).length;
  line['16'] = cases.flatMap((c) => c.children.filter((k) => k.paternityDate && inFy(k.paternityDate) && openOn(c, k.paternityDate))).length;

  let due = 0;
  let current = 0;
  let arrearsPaid = 0;
  let arrearsDue = 0;
  const collected: PlanCase[] = [];
  const owing: PlanCase[] = [];
  const paying: PlanCase[] = [];
  for (const c of during) {
    if (!c.order) continue;
    const k = c.caseNumber!;
    const months = monthsFrom(c.order.effective.slice(0, 7), LAST_CHARGED).filter((m) => inFy(`${m}-01`));
    const d = months.length * c.order.monthly;
    let cur = 0;
    let arr = 0;
    for (const p of c.payments) {
      if (!inFy(p.date)) continue;
      cur += p.current;
      arr += p.arrears;
    }
    if (c.reversal && inFy(c.reversal.date)) cur -= c.payments.find((p) => p.key === c.reversal!.key)!.current;
    due += d;
    current += cur;
    arrearsPaid += arr;
    if (d) perCase['24']![k] = d;
    if (cur) perCase['25']![k] = cur;
    if (arr) perCase['27']![k] = arr;
    if (cur + arr > 0) collected.push(c);
    const atStart = c.arrearsEvents.filter((e) => e.date < FY.start).reduce((s, e) => s + e.cents, 0);
    const addedInFy = c.arrearsEvents.filter((e) => inFy(e.date) && e.cents > 0).reduce((s, e) => s + e.cents, 0);
    if (atStart > 0 || addedInFy > 0) {
      owing.push(c);
      arrearsDue += atStart + addedInFy;
      perCase['26']![k] = atStart + addedInFy;
      if (arr > 0) paying.push(c);
    }
  }
  line['24'] = due;
  line['25'] = current;
  line['27'] = arrearsPaid;
  line['26'] = arrearsDue;
  set('18', collected);
  set('28', owing);
  set('29', paying);
  return { line, cases: list, perCase };
}

export interface Expected34 {
  collections: Record<string, number>;
  adjustments: number;
  reimbursement: number;
  family: number;
  passedThrough: number;
  fees: number;
  federal: number;
  distributed: number;
  /** Distributed in current/former assistance cases and in the others (for the collections base). */
  byAssistance: { assistance: number; other: number };
}

/**
 * OCSE-34 figures for a period by plain loops over the plan's payments, applying distribution directly:
 * never-assistance money to the family less the $35 fee once $550 has reached the family in the FFY;
 * former-assistance money to the family (DRA family-first; NA arrears only); TANF current support kept
 * for the State except a $50 (one child) or $100 (two or more) monthly pass-through, the rest split
 * half federal (rounded up) and half State.
 */
export function expected34(plan: Plan, from: string, to: string): Expected34 {
  const e: Expected34 = { collections: {}, adjustments: 0, reimbursement: 0, family: 0, passedThrough: 0, fees: 0, federal: 0, distributed: 0, byAssistance: { assistance: 0, other: 0 } };
  const inPeriod = (d: string) => d >= from && d <= to;
  const line = (source: string) => (source === 'federal_tax_offset' ? '2a' : source === 'ach_employer' ? '2e' : '2h');
  const add = (l: string, n: number) => (e.collections[l] = (e.collections[l] ?? 0) + n);
  if (inPeriod(plan.unidentified.date)) add('2h', plan.unidentified.cents);
  for (const c of plan.cases) {
    const feeYear = new Map<number, { family: number; fee: number }>();
    const passed = new Map<string, number>();
    for (const p of c.payments) {
      const ffy = Number(p.date.slice(0, 4)) + (p.date.slice(5, 7) >= '10' ? 1 : 0);
      let family = 0;
      let reimbursement = 0;
      let passThrough = 0;
      let fee = 0;
      let federal = 0;
      const paid = p.current + p.arrears;
      if (c.caseType === 'current_assistance') {
        const cap = c.children.length >= 2 ? 10_000 : 5_000;
        const month = p.date.slice(0, 7);
        passThrough = Math.min(cap - (passed.get(month) ?? 0), p.current);
        passed.set(month, (passed.get(month) ?? 0) + passThrough);
        reimbursement = paid - passThrough;
        federal = Math.ceil(reimbursement / 2);
        family = passThrough;
      } else {
        family = paid;
        if (c.caseType === 'never_assistance') {
          const y = feeYear.get(ffy) ?? { family: 0, fee: 0 };
          const after = y.family + family;
          if (y.fee < 3_500 && after >= 55_000) fee = Math.min(3_500 - y.fee, after - Math.max(55_000, y.family));
          y.family += family - fee;
          y.fee += fee;
          feeYear.set(ffy, y);
          family -= fee;
        }
      }
      const sign = (inPeriod(p.date) ? 1 : 0) - (c.reversal?.key === p.key && inPeriod(c.reversal.date) ? 1 : 0);
      if (inPeriod(p.date)) add(line(p.source), p.cents);
      if (inPeriod(p.date)) e.adjustments -= p.refund;
      if (c.reversal?.key === p.key && inPeriod(c.reversal.date)) e.adjustments -= p.cents;
      e.family += sign * family;
      e.reimbursement += sign * reimbursement;
      e.passedThrough += sign * passThrough;
      e.fees += sign * fee;
      e.federal += sign * federal;
      e.distributed += sign * paid;
      if (c.caseType === 'never_assistance') e.byAssistance.other += sign * paid;
      else e.byAssistance.assistance += sign * paid;
    }
  }
  return e;
}
