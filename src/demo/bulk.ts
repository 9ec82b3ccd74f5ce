/**
 * A large synthetic state for load tests and benchmarks: `cse demo seed --cases 1000000`.
 *
 * The rows are the ones the real modules write (participants: persons with AES-GCM SSN ciphertext and
 * HMAC blind index, addresses, employers and employment; cases: cases, members, the case-opening clock;
 * financial: orders, obligations, assistance history, case accounts, accruals, receipts, the ledger,
 * allocations and disbursements), generated in memory a batch of cases at a time and loaded with COPY
 * (PostgreSQL: COPY FROM STDIN through the `pg` client's copy protocol; PGlite: COPY FROM '/dev/blob').
 *
 * Money is not made up row by row: each case's last months (the history window, from the month two
 * months back to today) are replayed through the pure rules the daily cycle uses: monthTerms and
 * advanceMonth charge each month, distribute() splits each payment, so the allocations, the ledger
 * journals (collection received, distribution, disbursement) and the case account agree exactly as if
 * the cycles had run. Arrears and URA from before the window are opening balances on the case account
 * (like a conversion from a legacy system). Each payment is distributed and disbursed on the day it was
 * received, and a completed daily cycle is recorded for the last business day before today, so tonight's
 * nightly cycle starts from a clean checkpoint. The ledger is checked for conservation at the end.
 *
 * Deterministic for a seed (same seed, same rows; SSN ciphertexts differ only by their random IVs).
 */
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { CaseType } from '../db/schema.ts';
import { addBusinessDays, addDays, isBusinessDay } from '../kernel/calendar.ts';
import { blindIndex, encryptText, ssnProblem } from '../security/pii.ts';
import { nameKey, soundex } from '../participants/rules.ts';
import { caseOpeningDueDate } from '../cases/rules.ts';
import { monthTerms, openingState, type CaseTerms } from '../financial/accounts.ts';
import { advanceMonth, firstDayOf, monthOf, nextMonth, type CaseState } from '../financial/buckets.ts';
import { distribute } from '../financial/distribution.ts';
import { accountFor, ENGINE_SOURCE, policyOn } from '../financial/distribute.ts';
import { conservationProblems } from '../financial/ledger.ts';
import type { ObligationTerms, AssistanceTerms } from '../financial/obligation-rules.ts';
import { loadCaseFacts } from '../casework/facts.ts';
import { CASEWORK_POLICY, planClocks, timeframeRule } from '../casework/timeframe-rules.ts';
import { DEMO_OFFICES, EMPLOYERS, FEMALE_NAMES, LAST_NAMES, MALE_NAMES, STREETS, rng, seedStaff, type Rng } from './seed.ts';

export interface BulkSeedOptions {
  cases: number;
  seed: number;
  /** Cases generated and loaded per round (memory versus round trips). */
  batchSize?: number;
  log?: (message: string) => void;
}

export interface BulkSeedSummary {
  cases: number;
  persons: number;
  orders: number;
  receipts: number;
  journals: number;
  postings: number;
  disbursements: number;
  clocks: number;
  worklistItems: number;
  method: string;
  seconds: number;
}

// ---------------------------------------------------------------------------------------------------
// COPY text format

function field(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Date) return v.toISOString();
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

/** Rows of one table for one round, as COPY text. */
class TableRows {
  parts: string[] = [];
  count = 0;
  constructor(
    readonly table: string,
    readonly columns: readonly string[],
  ) {}
  add(...values: unknown[]): void {
    this.parts.push(values.map(field).join('\t'));
    this.count++;
  }
  text(): string {
    return this.parts.length ? this.parts.join('\n') + '\n' : '';
  }
}

/** Loads COPY text into a table: one connection, COPY FROM STDIN (PostgreSQL) or '/dev/blob' (PGlite). */
export interface CopySink {
  method: string;
  copy(table: string, columns: readonly string[], text: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * COPY FROM STDIN with the `pg` client's own copy-in messages (what pg-copy-streams does, without the
 * dependency): a submittable query that answers CopyInResponse by sending the data and CopyDone.
 */
class CopyIn {
  private error: Error | null = null;
  private settled = false;
  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    this.done(this.error);
  }
  constructor(
    private readonly text: string,
    private readonly data: Buffer,
    private readonly done: (err: Error | null) => void,
  ) {}
  submit(connection: any): void {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: any): void {
    const step = 1 << 20;
    for (let i = 0; i < this.data.length; i += step) connection.sendCopyFromChunk(this.data.subarray(i, i + step));
    connection.endCopyFrom();
  }
  handleCommandComplete(): void {}
  handleError(err: Error): void {
    // pg forgets the active query when the server reports an error, so ReadyForQuery never reaches it:
    // settle here, or the caller waits forever.
    this.error = err;
    this.settle();
  }
  handleReadyForQuery(): void {
    this.settle();
  }
  handleEmptyQuery(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
}

async function openSink(handle: DatabaseHandle): Promise<CopySink> {
  if (handle.pool) {
    const client = await handle.pool.connect();
    // Triggers (including the deferred per-row balance check and foreign keys) are not fired for the
    // bulk load when the role may do so; the whole ledger is checked for conservation afterwards.
    let triggers = 'fired';
    try {
      await client.query('set session_replication_role = replica');
      triggers = 'not fired (session_replication_role = replica; conservation checked after)';
    } catch {
      /* not a superuser: triggers and foreign keys run as usual */
    }
    return {
      method: `PostgreSQL COPY FROM STDIN (pg client copy protocol, text format); triggers ${triggers}`,
      copy: (table, columns, text) =>
        new Promise<void>((resolve, reject) => {
          if (!text) return resolve();
          client.query(new CopyIn(`copy ${table} (${columns.join(', ')}) from stdin`, Buffer.from(text, 'utf8'), (err) => (err ? reject(err) : resolve())) as never);
        }),
      close: async () => {
        await client.query('set session_replication_role = origin').catch(() => undefined);
        client.release();
      },
    };
  }
  if (handle.pglite) {
    const lite = handle.pglite;
    return {
      method: "PGlite COPY FROM '/dev/blob' (text format)",
      copy: async (table, columns, text) => {
        if (text) await lite.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], { blob: new Blob([text]) });
      },
      close: async () => undefined,
    };
  }
  throw new Error('no bulk loading for this database');
}

// ---------------------------------------------------------------------------------------------------
// Generation

/** Distinct valid SSNs for n = 0, 1, 2, ... (a bijection of the issuable area-group-serial space). */
const SSN_SPACE = 665 * 99 * 9999;
export function bulkSsn(n: number, seed: number): string | null {
  const x = Number((BigInt(n) * 7919n + BigInt(seed) * 104729n) % BigInt(SSN_SPACE));
  const area = 1 + Math.floor(x / (99 * 9999));
  const group = 1 + (Math.floor(x / 9999) % 99);
  const serial = 1 + (x % 9999);
  const ssn = `${String(area).padStart(3, '0')}${String(group).padStart(2, '0')}${String(serial).padStart(4, '0')}`;
  return ssnProblem(ssn) ? null : ssn;
}

/** A nine-digit ABA routing number with a valid check digit. */
function routingNumber(r: Rng): string {
  const d = [r.int(0, 1), r.int(0, 9), r.int(0, 9), r.int(0, 9), r.int(0, 9), r.int(0, 9), r.int(0, 9), r.int(0, 9)];
  const sum = 3 * (d[0]! + d[3]! + d[6]!) + 7 * (d[1]! + d[4]! + d[7]!) + (d[2]! + d[5]!);
  return d.join('') + String((10 - (sum % 10)) % 10);
}

function businessDayOnOrAfter(date: string): string {
  let d = date;
  while (!isBusinessDay(d)) d = addDays(d, 1);
  return d;
}

function lastBusinessDayBefore(date: string): string {
  let d = addDays(date, -1);
  while (!isBusinessDay(d)) d = addDays(d, -1);
  return d;
}

const COLUMNS = {
  person: ['id', 'ssn_ciphertext', 'ssn_index', 'ssn_last4', 'first_name', 'last_name', 'last_name_key', 'first_name_key', 'last_name_soundex', 'date_of_birth', 'sex', 'entered_date', 'created_at', 'updated_at', 'program_id'],
  person_address: ['id', 'person_id', 'kind', 'line1', 'city', 'state_code', 'zip', 'source', 'effective_from', 'created_at'],
  person_employment: ['id', 'person_id', 'employer_id', 'start_date', 'source', 'entered_date', 'created_at'],
  iv_d_case: ['id', 'case_number', 'case_type', 'interstate_role', 'other_jurisdiction_fips', 'other_jurisdiction_case_id', 'office_id', 'assigned_worker_id', 'status', 'intake_source', 'received_date', 'open_due_date', 'opened_date', 'created_at'],
  case_member: ['id', 'case_id', 'person_id', 'role', 'start_date', 'born_out_of_wedlock', 'paternity_established'],
  case_timeframe: ['id', 'case_id', 'kind', 'regulation', 'start_date', 'due_date', 'met_date'],
  support_order: ['id', 'case_id', 'order_number', 'order_kind', 'entered_date', 'effective_date', 'status', 'obligor_person_id', 'obligee_person_id', 'created_at'],
  obligation: ['id', 'order_id', 'case_id', 'kind', 'amount_cents', 'frequency', 'start_date', 'judgment_bucket'],
  assistance_period: ['id', 'case_id', 'program', 'start_month', 'end_month', 'monthly_amount_cents'],
  case_account: ['case_id', 'obligor_person_id', 'support_month', 'state', 'version', 'updated_at'],
  accrual: ['id', 'case_id', 'support_month', 'current_support_cents', 'assistance_paid_cents', 'unpaid_to_arrears_cents', 'arrears_bucket', 'notes', 'batch_run_id'],
  payee_bank_account: ['id', 'person_id', 'routing_number', 'account_ciphertext', 'account_last4', 'account_type', 'effective_from'],
  receipt: ['id', 'idempotency_key', 'source', 'amount_cents', 'received_date', 'withholding_date', 'case_id', 'obligor_person_id', 'employer_id', 'reference', 'status', 'created_at'],
  ledger_journal: ['id', 'event', 'business_date', 'posted_at', 'receipt_id', 'memo', 'batch_run_id'],
  ledger_posting: ['id', 'journal_id', 'account', 'case_id', 'person_id', 'amount_cents'],
  distribution_allocation: ['id', 'receipt_id', 'case_id', 'journal_id', 'support_month', 'target', 'payee', 'amount_cents', 'rule_code', 'explanation', 'hold_reason', 'hold_until', 'from_hold', 'policy_id'],
  disbursement: ['id', 'case_id', 'payee', 'payee_person_id', 'method', 'amount_cents', 'earliest_receipt_date', 'due_date', 'issued_date', 'journal_id', 'check_number', 'bank_account_id'],
  clock: ['id', 'case_id', 'kind', 'regulation', 'event', 'start_date', 'due_date', 'met_date', 'met_note'],
  worklist_item: ['id', 'kind', 'case_id', 'timeframe_id', 'office_id', 'title', 'regulation', 'due_date', 'alert_level', 'status', 'assigned_user_id', 'escalated_to_user_id', 'escalated_date', 'created_date', 'dedupe_key', 'created_at'],
  worklist_event: ['id', 'item_id', 'event', 'business_date', 'occurred_at', 'detail'],
} as const;
type Table = Exclude<keyof typeof COLUMNS, 'clock' | 'worklist_item' | 'worklist_event'>;
/** Load order (parents before children). */
const TABLES: Table[] = ['person', 'person_address', 'person_employment', 'iv_d_case', 'case_member', 'case_timeframe', 'support_order', 'obligation', 'assistance_period', 'case_account', 'accrual', 'payee_bank_account', 'receipt', 'ledger_journal', 'ledger_posting', 'distribution_allocation', 'disbursement'];
const ID_TABLES: string[] = [...TABLES.filter((t) => t !== 'case_account'), 'worklist_item', 'worklist_event'];

const PAYEE_OF: Record<string, string> = { payable_family: 'family', payable_state: 'state', payable_federal: 'federal', payable_iv_e_agency: 'iv_e_agency', payable_medicaid_agency: 'medicaid_agency', refund_payable: 'obligor_refund' };

export async function seedBulk(deps: Deps, handle: DatabaseHandle, options: BulkSeedOptions): Promise<BulkSeedSummary> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const { db, keys } = deps;
  const today = deps.clock.today();
  const now = deps.clock.now();
  const r = rng(options.seed);
  const batchSize = options.batchSize ?? 10_000;
  const existing = await db.selectFrom('iv_d_case').select('id').limit(1).execute();
  if (existing.length) throw new Error('the bulk demo seed fills an empty database; this one already has cases');

  const { offices, addUser } = await seedStaff(deps);
  // Each person belongs to the IV-D program of the office that took the case (tribal mode); written here
  // because the trigger that would fill it in does not fire during the bulk load.
  const programOf = new Map((await db.selectFrom('office').select(['id', 'program_id']).execute()).map((o) => [o.id, o.program_id]));
  const workers = new Map<number, number[]>();
  for (const u of await db.selectFrom('app_user').select(['id', 'office_id']).where('role', '=', 'caseworker').orderBy('id').execute()) {
    if (u.office_id === null) continue;
    workers.set(u.office_id, [...(workers.get(u.office_id) ?? []), u.id]);
  }

  // Employers: the demo ten and synthetic ones, about one per 150 cases.
  const employerCount = Math.max(EMPLOYERS.length, Math.ceil(options.cases / 150));
  const employerIds: number[] = [];
  {
    const rows = [];
    for (let e = 0; e < employerCount; e++) {
      const known = EMPLOYERS[e];
      const office = DEMO_OFFICES[e % DEMO_OFFICES.length]!;
      const fein = known?.fein ?? String(100_000_000 + ((e * 7_654_321 + options.seed) % 899_999_999)).padStart(9, '0');
      rows.push({ fein, name: known?.name ?? `${r.pick(LAST_NAMES)} ${r.pick(['Services', 'Industries', 'Holdings', 'Foods', 'Logistics', 'Health', 'Builders', 'Retail'])} ${r.pick(['LLC', 'Inc', 'Co', 'Corp'])}`, line1: `${r.int(10, 9999)} ${r.pick(STREETS)}`, city: office.city, state_code: 'PA', zip: office.zips[0]!, ...(known ? { line1: known.line1, city: known.city, zip: known.zip } : {}) });
    }
    for (let i = 0; i < rows.length; i += 1000) {
      const ids = await db.insertInto('employer').values(rows.slice(i, i + 1000)).returning('id').execute();
      employerIds.push(...ids.map((x) => x.id));
    }
  }

  const nextId: Record<string, number> = {};
  for (const t of ID_TABLES) {
    const row = await sql<{ m: number | null }>`select max(id)::bigint as m from ${sql.table(t)}`.execute(db);
    nextId[t] = Number(row.rows[0]?.m ?? 0) + 1;
  }
  const caseSeq = await sql<{ n: number }>`select nextval('iv_d_case_number_seq')::bigint as n`.execute(db);
  let caseNumberNext = Number(caseSeq.rows[0]!.n);
  const checkSeq = await sql<{ n: number }>`select nextval('check_number_seq')::bigint as n`.execute(db);
  let checkNext = Number(checkSeq.rows[0]!.n);
  const id = (t: Table | 'worklist_item' | 'worklist_event') => nextId[t]!++;

  const windowStart = monthOf(addDays(today, -62));
  const currentMonth = monthOf(today);
  const lastCycle = lastBusinessDayBefore(today);

  const sink = await openSink(handle);
  const summary: BulkSeedSummary = { cases: 0, persons: 0, orders: 0, receipts: 0, journals: 0, postings: 0, disbursements: 0, clocks: 0, worklistItems: 0, method: sink.method, seconds: 0 };
  let personCounter = 0;
  let firstCp: number | null = null;

  /**
   * Last night's timeframe sweep: the clocks the data on file calls for (the casework planner, on the
   * facts as the casework module loads them) and a worklist item for each clock due within the alert
   * horizon (escalated to the office's supervisor when overdue), as refreshWorklist makes them.
   */
  const seedClocksAndWorklist = async () => {
    const supervisors = new Map<number, number>();
    for (const u of await db.selectFrom('app_user').select(['id', 'office_id']).where('role', '=', 'supervisor').orderBy('id').execute()) if (u.office_id !== null && !supervisors.has(u.office_id)) supervisors.set(u.office_id, u.id);
    const horizon = addDays(lastCycle, CASEWORK_POLICY.dueSoonDays);
    const firstCase = nextId.iv_d_case! - summary.cases;
    let clockId = (Number((await sql<{ m: number | null }>`select max(id)::bigint as m from case_timeframe`.execute(db)).rows[0]?.m ?? 0)) + 1;
    for (let from = firstCase; from < nextId.iv_d_case!; from += batchSize) {
      const ids = Array.from({ length: Math.min(batchSize, nextId.iv_d_case! - from) }, (_, k) => from + k);
      const clocks = new TableRows('case_timeframe', COLUMNS.clock);
      const items = new TableRows('worklist_item', COLUMNS.worklist_item);
      const events = new TableRows('worklist_event', COLUMNS.worklist_event);
      for (const [caseId, c] of await loadCaseFacts(db, { caseIds: ids }, lastCycle)) {
        for (const p of planClocks(c.facts, c.clocks)) {
          if (p.action !== 'start' || p.startDate > lastCycle || (p.metDate !== null && p.metDate > lastCycle)) continue;
          const cid = clockId++;
          clocks.add(cid, caseId, p.kind, p.regulation, p.event, p.startDate, p.dueDate, p.metDate, p.metNote);
          if (p.metDate !== null || p.dueDate > horizon) continue;
          const overdue = lastCycle > p.dueDate;
          const supervisor = supervisors.get(c.row.office_id) ?? null;
          const escalated = overdue && supervisor !== null;
          const itemId = id('worklist_item');
          items.add(itemId, 'timeframe', caseId, cid, c.row.office_id, timeframeRule(p.kind)?.title ?? p.kind, p.regulation, p.dueDate, overdue ? 'overdue' : 'due_soon', escalated ? 'escalated' : 'open', c.row.assigned_worker_id, escalated ? supervisor : null, escalated ? lastCycle : null, lastCycle, `timeframe:${cid}`, now);
          events.add(id('worklist_event'), itemId, 'created', lastCycle, now, { alertLevel: overdue ? 'overdue' : 'due_soon', dueDate: p.dueDate });
          if (escalated) events.add(id('worklist_event'), itemId, 'escalated', lastCycle, now, { to: supervisor, dueDate: p.dueDate });
        }
      }
      await sink.copy('case_timeframe', clocks.columns, clocks.text());
      await sink.copy('worklist_item', items.columns, items.text());
      await sink.copy('worklist_event', events.columns, events.text());
      summary.clocks += clocks.count;
      summary.worklistItems += items.count;
    }
    nextId.case_timeframe = clockId;
  };

  try {
    for (let start = 0; start < options.cases; start += batchSize) {
      const rows = Object.fromEntries(TABLES.map((t) => [t, new TableRows(t, COLUMNS[t])])) as Record<Table, TableRows>;
      const end = Math.min(options.cases, start + batchSize);
      for (let i = start; i < end; i++) {
        const office = offices[i % offices.length]!;
        const roll = r.next();
        const caseType: CaseType = roll < 0.22 ? 'current_assistance' : roll < 0.52 ? 'former_assistance' : roll < 0.92 ? 'never_assistance' : roll < 0.97 ? 'iv_e_foster_care' : 'medicaid_only';
        const iroll = r.next();
        const interstate = iroll < 0.05 ? 'initiating' : iroll < 0.09 ? 'responding' : 'none';
        const kind = interstate === 'responding' ? 'interstate_referral' : caseType === 'current_assistance' ? 'iv_a_referral' : caseType === 'iv_e_foster_care' ? 'iv_e_referral' : caseType === 'medicaid_only' ? 'medicaid_referral' : 'application';
        const received = addDays(today, -r.int(20, 6 * 365));
        const openedRaw = addDays(received, r.int(0, 24));
        const opened = openedRaw > today ? today : openedRaw;
        // Rows are stamped when they were made: the day the case opened (the casework planner reads that).
        const openedAt = new Date(`${opened}T12:00:00Z`);
        const caseId = id('iv_d_case');
        const caseNumber = `CS${String(caseNumberNext++).padStart(8, '0')}`;
        const officeWorkers = workers.get(office.id) ?? [];
        rows.iv_d_case.add(caseId, caseNumber, caseType, interstate, interstate === 'none' ? null : r.pick(['34', '36', '39', '10', '24', '54']), interstate === 'none' ? null : `OS${r.int(100000, 999999)}`, office.id, officeWorkers.length ? officeWorkers[i % officeWorkers.length]! : null, 'open', kind, received, caseOpeningDueDate(received), opened, openedAt);
        rows.case_timeframe.add(id('case_timeframe'), caseId, 'case_opening', '45 CFR 303.2(b)', received, caseOpeningDueDate(received), opened);
        summary.cases++;

        const addPerson = (sex: 'F' | 'M', minAge: number, maxAge: number, lastName: string, withSsn: boolean): number => {
          const pid = id('person');
          const first = r.pick(sex === 'F' ? FEMALE_NAMES : MALE_NAMES);
          const ssn = withSsn ? bulkSsn(personCounter, options.seed) : null;
          personCounter++;
          rows.person.add(pid, ssn ? encryptText(keys, ssn) : null, ssn ? blindIndex(keys, ssn) : null, ssn ? ssn.slice(5) : null, first, lastName, nameKey(lastName), nameKey(first), soundex(lastName), addDays(today, -r.int(Math.round(minAge * 365), Math.round(maxAge * 365))), sex, opened, openedAt, openedAt, programOf.get(office.id)!);
          rows.person_address.add(id('person_address'), pid, 'residential', `${r.int(10, 9999)} ${r.pick(STREETS)}`, office.city, 'PA', r.pick(office.zips), kind, opened, openedAt);
          summary.persons++;
          return pid;
        };
        const cpLast = r.pick(LAST_NAMES);
        const ncpLast = r.chance(0.4) ? cpLast : r.pick(LAST_NAMES);
        const cp = caseType === 'iv_e_foster_care' ? null : addPerson('F', 20, 45, cpLast, true);
        if (cp !== null) rows.case_member.add(id('case_member'), caseId, cp, 'custodial_party', opened, null, null);
        if (cp !== null && firstCp === null) firstCp = cp;
        const paternity = r.chance(0.15);
        const ncp = addPerson('M', 20, 50, ncpLast, !r.chance(0.1));
        rows.case_member.add(id('case_member'), caseId, ncp, paternity ? 'alleged_father' : 'noncustodial_parent', opened, null, null);
        let employerIndex: number | null = null;
        if (r.chance(0.6)) {
          employerIndex = r.int(0, employerIds.length - 1);
          rows.person_employment.add(id('person_employment'), ncp, employerIds[employerIndex]!, addDays(today, -r.int(60, 6 * 365)), kind, opened, openedAt);
        }
        const childCount = r.chance(0.55) ? 1 : r.chance(0.7) ? 2 : 3;
        for (let c = 0; c < childCount; c++) {
          const child = addPerson(r.chance(0.5) ? 'F' : 'M', 0.3, 17, ncpLast, r.chance(0.9));
          // A child born out of wedlock has paternity established (acknowledged or adjudicated) unless the case
          // is still about paternity (an alleged father); no draw, so the rest of the state stays as it was.
          const outOfWedlock = paternity || r.chance(0.4);
          rows.case_member.add(id('case_member'), caseId, child, 'child', opened, outOfWedlock, outOfWedlock ? !paternity : null);
        }
        let bankAccountId: number | null = null;
        if (cp !== null && r.chance(0.4)) {
          bankAccountId = id('payee_bank_account');
          const account = String(r.int(10_000_000, 999_999_999));
          rows.payee_bank_account.add(bankAccountId, cp, routingNumber(r), encryptText(keys, account), account.slice(-4), r.chance(0.85) ? 'checking' : 'savings', opened);
        }

        // Orders: most cases with a legal father and a noncustodial parent, once the case has been open a while.
        if (paternity || !r.chance(0.72)) continue;
        const earliestEffective = firstDayOf(nextMonth(monthOf(addDays(opened, r.int(10, 120)))));
        if (earliestEffective > addDays(today, -45)) continue;
        const effective = earliestEffective;
        const entered = addDays(effective, r.int(0, 20));
        const frequency = r.pick(['monthly', 'monthly', 'monthly', 'biweekly', 'weekly'] as const);
        const perPeriod = frequency === 'monthly' ? r.int(15, 90) * 1000 : frequency === 'biweekly' ? r.int(8, 40) * 1000 : r.int(4, 20) * 1000;
        const assisted = caseType === 'current_assistance' || caseType === 'former_assistance';
        const orderId = id('support_order');
        rows.support_order.add(orderId, caseId, `DR-${entered.slice(0, 4)}-${caseNumber.slice(-6)}`, r.chance(0.7) ? 'judicial' : 'administrative', entered, effective, 'active', ncp, cp, new Date(`${entered}T12:00:00Z`));
        summary.orders++;
        const obligations: ObligationTerms[] = [{ kind: 'current_support', amountCents: perPeriod, frequency, startDate: effective, endDate: null }];
        rows.obligation.add(id('obligation'), orderId, caseId, 'current_support', perPeriod, frequency, effective, null);
        let judgment = 0;
        if (r.chance(0.3)) {
          judgment = r.int(5, 40) * 10000;
          rows.obligation.add(id('obligation'), orderId, caseId, 'arrears_judgment', judgment, 'one_time', effective, assisted ? 'PA' : 'NA');
        }
        const assistance: AssistanceTerms[] = [];
        if (assisted || caseType === 'iv_e_foster_care') {
          const program = caseType === 'iv_e_foster_care' ? 'iv_e' : 'tanf';
          const startMonth = monthOf(addDays(effective, -r.int(60, 700)));
          const endMonth = caseType === 'former_assistance' ? monthOf(addDays(effective, -r.int(1, 50))) : null;
          const a = { program, startMonth: endMonth && endMonth < startMonth ? endMonth : startMonth, endMonth, monthlyAmountCents: r.int(25, 50) * 1000 } as const;
          assistance.push(a);
          rows.assistance_period.add(id('assistance_period'), caseId, a.program, a.startMonth, a.endMonth, a.monthlyAmountCents);
        }
        const terms: CaseTerms = { caseType, childCount, obligations, assistance };
        const reliability = r.pick([0.97, 0.9, 0.75, 0.5, 0.2]);

        // Opening balances at the start of the window: arrears from the months before it (a share
        // unpaid, by how reliably this obligor pays) and URA from assistance paid less support kept.
        const startMonth = effective > firstDayOf(windowStart) ? monthOf(effective) : windowStart;
        let state: CaseState = openingState(terms, startMonth);
        const monthsBefore = Math.max(0, (Number(startMonth.slice(0, 4)) - Number(effective.slice(0, 4))) * 12 + Number(startMonth.slice(5)) - Number(effective.slice(5, 7)));
        const monthly = monthTerms(terms, startMonth).currentSupportDueCents;
        const unpaidBefore = Math.round((monthsBefore * monthly * (1 - reliability) * r.int(50, 100)) / 100);
        const assigned = assisted || caseType === 'iv_e_foster_care';
        state.arrears[assigned ? (caseType === 'former_assistance' ? 'UDA' : 'PA') : 'NA'] += unpaidBefore;
        state.arrears[assisted ? 'PA' : 'NA'] += judgment;
        if (assigned) state.uraCents += Math.round(unpaidBefore * 0.8) + judgment;
        if (caseType === 'former_assistance' && state.arrears.UDA > 0) {
          const toPa = Math.min(state.arrears.UDA, state.uraCents);
          state.arrears.UDA -= toPa;
          state.arrears.PA += toPa;
        }
        const accrualRow = (month: string, current: number, assistancePaid: number, unpaid: number, bucket: string | null, notes: string[]) => rows.accrual.add(id('accrual'), caseId, month, current, assistancePaid, unpaid, bucket, notes, null);
        {
          const t = monthTerms(terms, startMonth);
          accrualRow(startMonth, t.currentSupportDueCents, t.assistancePaidCents, 0, null, ['opening balance (conversion)']);
        }
        const payDay = r.pick([3, 17]);
        const withheld = employerIndex !== null && r.chance(0.75);
        const obligee = cp;

        for (let month = startMonth; ; ) {
          // This month's payment, if any, distributed and disbursed on the day it arrived.
          const date = businessDayOnOrAfter(`${month}-${String(payDay).padStart(2, '0')}`);
          if (date < today && date >= entered && r.chance(reliability)) {
            const owed = state.currentSupportDueCents - state.currentSupportPaidCents + Object.values(state.arrears).reduce((a, b) => a + b, 0);
            const due = state.currentSupportDueCents || monthly;
            // Most orders with arrears add an arrears payment of a fifth of the current support (no draw: by case id).
            const arrearsOwed = Object.values(state.arrears).reduce((a, b) => a + b, 0);
            const arrearsPayment = arrearsOwed > 0 && caseId % 10 < 6 ? Math.round(due / 5) : 0;
            const amount = Math.min(owed, r.chance(0.15) ? Math.round((due * r.int(40, 90)) / 100) : due + arrearsPayment);
            if (amount > 0) {
              const source = withheld ? 'ach_employer' : r.pick(['check', 'check', 'money_order', 'cash'] as const);
              const receiptId = id('receipt');
              rows.receipt.add(receiptId, `seed:${options.seed}:${caseNumber}:${date}`, source, amount, date, source === 'ach_employer' ? addDays(date, -3) : null, caseId, ncp, source === 'ach_employer' ? employerIds[employerIndex!]! : null, source === 'ach_employer' ? `ACH ${date.replaceAll('-', '')}${String(r.int(1000, 9999))}` : `no. ${r.int(1000, 99999)}`, 'distributed', new Date(`${date}T12:00:00Z`));
              summary.receipts++;
              const received = id('ledger_journal');
              rows.ledger_journal.add(received, 'collection_received', date, now, receiptId, `${source} receipt`, null);
              rows.ledger_posting.add(id('ledger_posting'), received, 'sdu_cash', caseId, ncp, amount);
              rows.ledger_posting.add(id('ledger_posting'), received, 'undistributed', caseId, ncp, -amount);
              summary.journals++;
              summary.postings += 2;
              const result = distribute({ amountCents: amount, collectionDate: date, source: ENGINE_SOURCE[source] }, state, policyOn(date));
              if (!result.ok) throw new Error(`bulk seed: distribution of case ${caseNumber}: ${result.message}`);
              const journal = id('ledger_journal');
              rows.ledger_journal.add(journal, 'distribution', date, now, receiptId, null, null);
              summary.journals++;
              const payables = new Map<string, { account: string; personId: number | null; cents: number }>();
              let moved = 0;
              for (const a of result.value.allocations) {
                rows.distribution_allocation.add(id('distribution_allocation'), receiptId, caseId, journal, state.supportMonth, a.target, a.payee, a.amountCents, a.ruleCode, a.explanation, a.holdReason ?? null, a.holdUntil ?? null, false, result.value.policyId);
                const account = accountFor(a);
                if (!account || a.amountCents === 0) continue;
                const personId = a.payee === 'family' ? obligee : account === 'refund_payable' ? ncp : null;
                rows.ledger_posting.add(id('ledger_posting'), journal, account, caseId, personId, -a.amountCents);
                summary.postings++;
                moved += a.amountCents;
                const key = `${account}:${personId}`;
                const p = payables.get(key) ?? { account, personId, cents: 0 };
                p.cents += a.amountCents;
                payables.set(key, p);
              }
              if (moved > 0) {
                rows.ledger_posting.add(id('ledger_posting'), journal, 'undistributed', caseId, ncp, moved);
                summary.postings++;
              }
              state = result.value.caseState;
              for (const p of payables.values()) {
                const payee = PAYEE_OF[p.account]!;
                const eft = payee === 'family' && bankAccountId !== null;
                const method = payee === 'family' || payee === 'obligor_refund' ? (eft ? 'eft' : 'check') : 'internal';
                const dj = id('ledger_journal');
                rows.ledger_journal.add(dj, payee === 'obligor_refund' ? 'refund' : 'disbursement', date, now, null, `${payee} by ${method}`, null);
                rows.ledger_posting.add(id('ledger_posting'), dj, p.account, caseId, p.personId, p.cents);
                rows.ledger_posting.add(id('ledger_posting'), dj, 'sdu_cash', caseId, p.personId, -p.cents);
                summary.journals++;
                summary.postings += 2;
                rows.disbursement.add(id('disbursement'), caseId, payee, p.personId, method, p.cents, date, addBusinessDays(date, 2), date, dj, method === 'check' ? String(checkNext++) : null, eft ? bankAccountId : null);
                summary.disbursements++;
              }
            }
          }
          if (month >= currentMonth) break;
          const closing = monthTerms(terms, month);
          const opening = monthTerms(terms, nextMonth(month));
          const advanced = advanceMonth(state, closing, opening);
          state = advanced.state;
          state.childCount = childCount;
          month = nextMonth(month);
          accrualRow(month, opening.currentSupportDueCents, opening.assistancePaidCents, advanced.change.unpaidCurrentSupportCents, advanced.change.arrearsBucket, advanced.change.notes);
        }
        rows.case_account.add(caseId, ncp, state.supportMonth, state, 1, now);
      }
      for (const t of TABLES) await sink.copy(t, rows[t].columns, rows[t].text());
      log(`  ${end} cases`);
    }
    await seedClocksAndWorklist();
  } finally {
    await sink.close();
  }

  // Sequences continue after the rows loaded with explicit ids.
  for (const t of ID_TABLES) {
    if (nextId[t]! > 1) await sql`select setval(pg_get_serial_sequence(${t}, 'id'), ${nextId[t]! - 1})`.execute(db);
  }
  await sql`select setval('iv_d_case_number_seq', ${caseNumberNext - 1})`.execute(db);
  await sql`select setval('check_number_seq', ${checkNext - 1})`.execute(db);
  // Last night's daily cycle: completed, its checkpoint naming the last journal it checked.
  const lastJournalId = nextId.ledger_journal! - 1;
  await db
    .insertInto('batch_run')
    .values({ kind: 'daily_financial', business_date: lastCycle, status: 'completed', checkpoint: JSON.stringify({ phase: 'done', lastJournalId, seeded: true }), finished_at: now, summary: JSON.stringify({ businessDate: lastCycle, status: 'completed', seeded: true }) })
    .execute();
  await sql`analyze`.execute(db);

  log('  checking conservation of the whole ledger');
  const problems = await conservationProblems(db, 0);
  if (problems.length) throw new Error(`bulk seed: the ledger does not conserve: ${problems.slice(0, 5).map((p) => `${p.scope}: ${p.message}`).join('; ')}`);
  const unbalanced = await sql<{ n: number }>`select count(*)::int as n from (select journal_id from ledger_posting group by journal_id having sum(amount_cents) <> 0) x`.execute(db);
  if (unbalanced.rows[0]!.n > 0) throw new Error(`bulk seed: ${unbalanced.rows[0]!.n} journals do not balance`);

  if (firstCp !== null) await addUser('parent', 'Demo Parent', 'parent', { personId: firstCp });
  await addUser('employer', 'Demo Employer Payroll', 'employer', { employerId: employerIds[0]! });
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}
