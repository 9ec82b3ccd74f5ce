/**
 * CSENet exchange: transactions built from our case data and queued (csenet_transaction, outbound),
 * sent to the other program as a batch, and batches received from other programs, checked whole and
 * applied one transaction at a time, idempotent on the sender's transaction serial number.
 *
 * The real CSENet is a batch file network; here a batch is a set of transaction lines posted to the other
 * program's endpoint (routes.ts). Answers a transaction calls for (CSI P, ENF A, REJCT) are queued and go
 * with the next send. This module owns csenet_transaction and interstate_collection_received.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { fail, FailureError, ok, orAbort, type ErrorDetail, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { caseVisibility, ONLY_ONE_PROGRAM, requirePermission } from '../security/access.ts';
import { ROLE_POLICIES } from '../security/roles.ts';
import type { RequestContext } from '../security/context.ts';
import { blindIndex, decryptText, encryptText } from '../security/pii.ts';
import { decodeTransaction, encodeTransaction, fipsText, parseFips, type CsenetTransaction, type Fips } from '../formats/csenet/csenet.ts';
import type { ActionCode, FunctionCode } from '../formats/csenet/layouts.ts';
import type { RecordValues } from '../formats/fixed-width.ts';
import { checkIntake, receiveIntake } from '../cases/intake.ts';
import { enterSupportOrder } from '../financial/orders.ts';
import { statementOfCase } from '../financial/statement.ts';
import { meetClock, recordClockEvent, syncClocks } from '../casework/timeframes.ts';
import type { ClockEvent } from '../casework/timeframe-rules.ts';
import { visibleCase } from '../casework/visible-case.ts';
import { recordAdvice } from './advised-collections.ts';
import { ensureInterstateCase, interstateCaseById, interstateCaseByTheirs, linkTheirCaseId, type InterstateCaseRow } from './cases.ts';
import { partnerContext, partnerEndpoint, PARTNER_FIPS_HEADER, PARTNER_KEY_HEADER, requireLocal } from './partners.ts';
import { asciiField, CASE_TYPE_CODE, CASE_TYPE_OF_CODE, FREQUENCY_CODE, receivePlan, RELATIONSHIP_OF_ROLE, ROLE_OF_RELATIONSHIP, transactionProblems, REFERRAL_FUNCTIONS } from './rules.ts';

// ---- building transactions from our data ------------------------------------------------------------

interface MemberData {
  role: string;
  personId: number;
  firstName: string;
  middleName: string | null;
  lastName: string;
  suffix: string | null;
  dateOfBirth: string | null;
  sex: string;
  ssn: string | null;
  address: { line1: string; line2: string | null; city: string; state: string; zip: string } | null;
}

async function caseMembers(deps: Pick<Deps, 'db' | 'keys'>, caseId: number): Promise<MemberData[]> {
  const rows = await sql<{ role: string; person_id: number; first_name: string; middle_name: string | null; last_name: string; suffix: string | null; date_of_birth: string | null; sex: string; ssn_ciphertext: string | null; line1: string | null; line2: string | null; city: string | null; state_code: string | null; zip: string | null }>`
    select m.role, p.id as person_id, p.first_name, p.middle_name, p.last_name, p.suffix, p.date_of_birth::text as date_of_birth, p.sex, p.ssn_ciphertext,
      a.line1, a.line2, a.city, a.state_code, a.zip
    from case_member m join person p on p.id = m.person_id
    left join lateral (select * from person_address x where x.person_id = p.id and x.effective_to is null and x.verification <> 'bad'
      order by x.effective_from desc, x.id desc limit 1) a on true
    where m.case_id = ${caseId} and m.end_date is null order by m.id`.execute(deps.db);
  return rows.rows.map((r) => ({
    role: r.role,
    personId: r.person_id,
    firstName: r.first_name,
    middleName: r.middle_name,
    lastName: r.last_name,
    suffix: r.suffix,
    dateOfBirth: r.date_of_birth,
    sex: r.sex,
    ssn: r.ssn_ciphertext ? decryptText(deps.keys, r.ssn_ciphertext) : null,
    address: r.line1 ? { line1: r.line1, line2: r.line2, city: r.city!, state: r.state_code!, zip: r.zip! } : null,
  }));
}

const nameFields = (prefix: string, m: Pick<MemberData, 'firstName' | 'middleName' | 'lastName' | 'suffix'>): RecordValues => ({
  [`${prefix}last`]: asciiField(m.lastName, 21),
  [`${prefix}first`]: asciiField(m.firstName, 16),
  [`${prefix}middle`]: asciiField(m.middleName, 16),
  [`${prefix}suffix`]: asciiField(m.suffix, 3),
});

const addressFields = (prefix: string, a: { line1: string | null; line2?: string | null; city: string | null; state: string | null; zip: string | null } | null): RecordValues => {
  if (!a) return {};
  const zip = (a.zip ?? '').replace('-', '');
  return {
    [`${prefix}line1`]: asciiField(a.line1, 25),
    [`${prefix}line2`]: asciiField(a.line2 ?? '', 25),
    [`${prefix}city`]: asciiField(a.city, 18),
    [`${prefix}state`]: asciiField(a.state, 2),
    [`${prefix}zip5`]: zip.slice(0, 5) || undefined,
    [`${prefix}zip4`]: zip.slice(5, 9) || undefined,
  };
};

async function caseBlock(db: Db, local: Awaited<ReturnType<typeof requireLocal>>, ic: InterstateCaseRow): Promise<RecordValues> {
  const worker = await sql<{ display_name: string | null; office_name: string }>`
    select u.display_name, o.name as office_name from iv_d_case c join office o on o.id = c.office_id
    left join app_user u on u.id = c.assigned_worker_id where c.id = ${ic.caseId}`.execute(db);
  const w = worker.rows[0];
  const [first, ...rest] = (w?.display_name ?? w?.office_name ?? '').split(/\s+/);
  return {
    case_type: CASE_TYPE_CODE[ic.caseType] ?? 'N',
    case_status: ic.caseStatus === 'open' ? 'O' : 'C',
    ...addressFields('payment_', { line1: local.sduName, line2: local.sduLine1, city: local.sduCity, state: local.sduState, zip: local.sduZip }),
    contact_last: asciiField(rest.join(' ') || first, 21),
    contact_first: asciiField(rest.length ? first : '', 16),
    ...(ic.role === 'initiating' ? { initiating_docket: asciiField(ic.caseNumber, 17) } : { responding_docket: asciiField(ic.caseNumber, 17) }),
    payment_fips_state: local.fipsParts.state,
    payment_fips_county: local.fipsParts.county,
    payment_fips_sub: local.fipsParts.sub,
    nondisclosure_finding: 'N',
  };
}

function participantBlock(m: MemberData): RecordValues {
  return {
    ...nameFields('name_', m),
    date_of_birth: m.dateOfBirth ?? undefined,
    ssn: m.ssn ?? undefined,
    gender: m.sex,
    relationship: RELATIONSHIP_OF_ROLE[m.role] ?? '',
    ...addressFields('address_', m.address),
  };
}

function ncpIdentificationBlock(m: MemberData): RecordValues {
  return { ...nameFields('name_', m), ssn: m.ssn ?? undefined, date_of_birth: m.dateOfBirth ?? undefined, gender: m.sex };
}

async function orderBlocks(db: Db, local: Awaited<ReturnType<typeof requireLocal>>, caseId: number): Promise<RecordValues[]> {
  const statement = await statementOfCase(db, (await db.selectFrom('iv_d_case').select(['id', 'case_number', 'case_type']).where('id', '=', caseId).executeTakeFirstOrThrow()));
  const lastPayment = statement.payments.filter((p) => p.status !== 'reversed').at(-1)?.receivedDate;
  return statement.orders
    .filter((o) => o.status === 'active')
    .slice(0, 9)
    .map((o) => {
      const current = o.obligations.find((x) => x.kind === 'current_support' && x.endDate === null) ?? o.obligations.find((x) => x.kind === 'current_support');
      return {
        order_fips_state: local.fipsParts.state,
        order_fips_county: local.fipsParts.county,
        order_fips_sub: local.fipsParts.sub,
        order_id: asciiField(o.orderNumber, 17),
        filing_date: o.effectiveDate,
        order_type: o.orderKind === 'judicial' ? 'J' : 'A',
        debt_type: 'CS',
        frequency: current ? FREQUENCY_CODE[current.frequency] : '',
        frequency_amount_cents: current?.amountCents,
        effective_date: o.effectiveDate,
        end_date: o.endDate ?? undefined,
        total_arrears_cents: statement.balances?.totalArrearsCents ?? 0,
        medical_ordered: o.obligations.some((x) => x.kind === 'medical_support') ? 'Y' : 'N',
        date_of_last_payment: lastPayment,
        controlling_order: 'Y',
        new_order: 'N',
        docket: asciiField(o.orderNumber, 17),
      };
    });
}

/** A transaction line holds SSNs: it is kept encrypted with the data key, like every SSN at rest. */
export const sealRecord = (deps: Pick<Deps, 'keys'>, line: string): string => encryptText(deps.keys, line);
export const openRecord = (deps: Pick<Deps, 'keys'>, sealed: string): string => decryptText(deps.keys, sealed);

/** The transaction line as sent or received (decrypted), for a worker who may see the case, audited. */
export async function transactionRecord(deps: Pick<Deps, 'db' | 'keys'>, ctx: RequestContext, transactionId: number): Promise<Result<string>> {
  return inTransaction(deps.db, async (db) => {
    orAbort(requirePermission(ctx.actor, 'ssn.reveal'));
    const t = await db.selectFrom('csenet_transaction').select(['record', 'case_id']).where('id', '=', transactionId).executeTakeFirst();
    if (!t) throw new FailureError(fail('NOT_FOUND', `no CSENet transaction ${transactionId}`));
    await recordAudit(db, ctx, { action: 'read', entityType: 'csenet_record', entityId: transactionId, caseIds: t.case_id ? [t.case_id] : [] });
    return openRecord(deps, t.record);
  });
}

async function nextSerial(db: Db): Promise<string> {
  const r = await sql<{ n: string }>`select nextval('csenet_serial_seq')::text as n`.execute(db);
  return r.rows[0]!.n.padStart(12, '0');
}

export interface QueueOptions {
  functionCode: FunctionCode;
  action: ActionCode;
  reasonCode: string;
  otherFips: Fips;
  caseId: number | null;
  localCaseId: string;
  otherCaseId: string;
  respondsToId?: number | null;
  blocks?: Partial<Pick<CsenetTransaction, 'case' | 'ncpIdentification' | 'ncpLocate' | 'participants' | 'orders' | 'collections' | 'information'>>;
  dueDate?: string;
}

/** Encodes a transaction and puts it on the outbound queue (inside the caller's transaction). */
export async function queueTransaction(deps: Pick<Deps, 'db' | 'keys'>, ctx: RequestContext, o: QueueOptions): Promise<{ transactionId: number; serial: string }> {
  const { db } = deps;
  const local = await requireLocal(db);
  const serial = await nextSerial(db);
  const today = ctx.clock.today();
  const t: CsenetTransaction = {
    header: {
      localFips: local.fipsParts,
      otherFips: o.otherFips,
      serial,
      action: o.action,
      functionCode: o.functionCode,
      transactionDate: today,
      caseId: asciiField(o.localCaseId, 15),
      otherCaseId: asciiField(o.otherCaseId, 15),
      reasonCode: o.reasonCode,
      dueDate: o.dueDate,
    },
    participants: [],
    orders: [],
    collections: [],
    ...o.blocks,
  };
  const encoded = encodeTransaction(t);
  if (!encoded.ok) throw new FailureError(encoded);
  const problems = transactionProblems(t);
  if (problems.length) throw new FailureError(fail('VALIDATION_FAILED', `the ${o.functionCode} ${o.action} transaction is not complete`, problems));
  const row = await db
    .insertInto('csenet_transaction')
    .values({
      direction: 'outbound',
      serial,
      local_fips: local.fips,
      other_fips: fipsText(o.otherFips),
      function_code: o.functionCode,
      action_code: o.action,
      reason_code: o.reasonCode || null,
      transaction_date: today,
      case_id: o.caseId,
      local_case_id: o.localCaseId || null,
      other_case_id: o.otherCaseId || null,
      record: sealRecord(deps, encoded.value),
      status: 'queued',
      last_error: null,
      responds_to_id: o.respondsToId ?? null,
      outcome: null,
      created_at: ctx.clock.now(),
      sent_at: null,
      processed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { transactionId: row.id, serial };
}

export interface RequestInput {
  functionCode: 'CSI' | 'ENF' | 'EST' | 'PAT' | 'LO1' | 'MSC';
  reasonCode?: string | undefined;
  action?: 'R' | 'U' | undefined;
  note?: string | undefined;
}

const DEFAULT_REASON: Record<string, string> = { CSI: 'FRINF', ENF: 'ESREG', EST: 'SICHS', PAT: 'PICHS', LO1: 'LSALL', MSC: 'GSUPD' };

/**
 * A worker sends a request on an intergovernmental case: a referral for services (ENF, EST, PAT), a
 * status request (CSI), a quick locate (LO1) or an update (MSC U). The transaction carries the case, the
 * NCP, the participants and the orders the request needs; it is queued for the next send.
 */
export async function requestOnCase(deps: Deps, ctx: RequestContext, caseNumber: string, input: RequestInput): Promise<Result<{ transactionId: number; serial: string; functionCode: string; action: string; reasonCode: string; otherFips: string }>> {
  return inTransaction(deps.db, async (db) => {
    const c = await visibleCase(db, ctx, caseNumber, 'case.write');
    if (c.status !== 'open') throw new FailureError(fail('CASE_STATE_INVALID', `case ${c.case_number} is closed`));
    const ic = await ensureInterstateCase(db, ctx, c.id);
    const local = await requireLocal(db);
    const action = input.action ?? (input.functionCode === 'MSC' ? 'U' : 'R');
    const reason = input.reasonCode ?? DEFAULT_REASON[input.functionCode]!;
    const referral = REFERRAL_FUNCTIONS.includes(input.functionCode as FunctionCode) && action === 'R';
    if (referral && ic.role !== 'initiating') throw new FailureError(fail('CASE_STATE_INVALID', `only the initiating agency refers a case (case ${c.case_number} is ${ic.role})`));
    const blocks: QueueOptions['blocks'] = {};
    if (referral || input.functionCode === 'LO1') {
      const members = await caseMembers({ db, keys: deps.keys }, c.id);
      const ncp = members.find((m) => m.role === 'noncustodial_parent') ?? members.find((m) => m.role === 'alleged_father');
      if (ncp) blocks.ncpIdentification = ncpIdentificationBlock(ncp);
      if (referral) {
        blocks.case = await caseBlock(db, local, ic);
        blocks.participants = members.slice(0, 9).map(participantBlock);
        blocks.orders = await orderBlocks(db, local, c.id);
      }
    }
    if (input.note) blocks.information = { text_line1: asciiField(input.note, 80) };
    const queued = await queueTransaction({ db, keys: deps.keys }, ctx, {
      functionCode: input.functionCode,
      action,
      reasonCode: reason,
      otherFips: ic.otherFips,
      caseId: c.id,
      localCaseId: c.case_number,
      otherCaseId: ic.otherCaseId ?? '',
      blocks,
    });
    // 303.7(c)(4): sending the referral is what the initiating-referral clock waits for.
    if (referral) await meetOpenClocks(deps, { ...ctx }, db, c.id, c.case_number, ['ic_initiating_referral'], `${input.functionCode} R sent (serial ${queued.serial})`);
    await recordAudit(db, ctx, { action: 'create', entityType: 'csenet_transaction', entityId: queued.transactionId, caseIds: [c.id], detail: { functionCode: input.functionCode, action, reason, serial: queued.serial } });
    return { ...queued, functionCode: input.functionCode, action, reasonCode: reason, otherFips: fipsText(ic.otherFips) };
  });
}

async function meetOpenClocks(deps: Deps, ctx: RequestContext, db: Db, caseId: number, caseNumber: string, kinds: string[], note: string): Promise<number[]> {
  const open = await db.selectFrom('case_timeframe').select('id').where('case_id', '=', caseId).where('kind', 'in', kinds).where('met_date', 'is', null).where('cancelled_date', 'is', null).execute();
  const met: number[] = [];
  for (const c of open) {
    orAbort(await meetClock({ ...deps, db }, ctx, caseNumber, c.id, { date: ctx.clock.today(), note }));
    met.push(c.id);
  }
  return met;
}

/** Starts the clocks an event calls for (idempotent per case, kind and date); returns the clock ids. */
async function startClocks(deps: Deps, ctx: RequestContext, db: Db, caseNumber: string, event: ClockEvent, date: string, note: string): Promise<string[]> {
  const r = orAbort(await recordClockEvent({ ...deps, db }, ctx, caseNumber, { event, date, note }));
  return [...r.started.map((s) => s.kind), ...r.alreadyStarted];
}

// ---- sending ----------------------------------------------------------------------------------------

export interface SendSummary {
  partners: Array<{ fipsState: string; sent: number; duplicates: number; failed: number; error: string | null }>;
  sent: number;
  failed: number;
}

/**
 * Sends every queued (or earlier failed) outbound transaction, one batch per partner program. The
 * partner takes a batch whole or refuses it whole; serial numbers make a repeated send harmless.
 */
export async function sendQueued(deps: Deps, ctx: RequestContext, fetchImpl: typeof fetch = fetch): Promise<Result<SendSummary>> {
  const allowed = requirePermission(ctx.actor, 'case.write');
  if (!allowed.ok) return allowed;
  const local = await localSettingsOrFail(deps.db);
  if (!local.ok) return local;
  const queued = await deps.db.selectFrom('csenet_transaction').select(['id', 'other_fips', 'record', 'serial']).where('direction', '=', 'outbound').where('status', 'in', ['queued', 'failed']).orderBy('id').execute();
  const byState = new Map<string, typeof queued>();
  for (const q of queued) byState.set(q.other_fips.slice(0, 2), [...(byState.get(q.other_fips.slice(0, 2)) ?? []), q]);
  const summary: SendSummary = { partners: [], sent: 0, failed: 0 };
  for (const [state, list] of byState) {
    const ids = list.map((q) => q.id);
    let error: string | null = null;
    let duplicates = 0;
    try {
      const endpoint = await partnerEndpoint(deps, state);
      const res = await fetchImpl(`${endpoint.baseUrl}/api/interstate/csenet/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [PARTNER_FIPS_HEADER]: local.value.fips.slice(0, 2), [PARTNER_KEY_HEADER]: endpoint.key },
        body: JSON.stringify({ transactions: list.map((q) => openRecord(deps, q.record)) }),
      });
      const body = (await res.json().catch(() => null)) as { duplicates?: number; error?: { message: string; details?: ErrorDetail[] } } | null;
      if (!res.ok) error = `${res.status} ${body?.error?.message ?? ''}${body?.error?.details ? `: ${body.error.details.map((d) => `${d.line ? `line ${d.line} ` : ''}${d.path ?? ''} ${d.message}`).join('; ')}` : ''}`.trim();
      else duplicates = body?.duplicates ?? 0;
    } catch (err) {
      error = err instanceof FailureError ? err.failure.message : (err as Error).message;
    }
    if (error === null) {
      await deps.db.updateTable('csenet_transaction').set({ status: 'sent', sent_at: ctx.clock.now(), last_error: null, attempts: sql`attempts + 1` }).where('id', 'in', ids).execute();
      summary.sent += ids.length;
    } else {
      await deps.db.updateTable('csenet_transaction').set({ status: 'failed', last_error: error.slice(0, 2000), attempts: sql`attempts + 1` }).where('id', 'in', ids).execute();
      summary.failed += ids.length;
    }
    summary.partners.push({ fipsState: state, sent: error === null ? ids.length : 0, duplicates, failed: error === null ? 0 : ids.length, error });
  }
  await recordAudit(deps.db, ctx, { action: 'update', entityType: 'csenet_send', detail: { sent: summary.sent, failed: summary.failed } });
  return ok(summary);
}

async function localSettingsOrFail(db: Db): Promise<Result<Awaited<ReturnType<typeof requireLocal>>>> {
  try {
    return ok(await requireLocal(db));
  } catch (err) {
    if (err instanceof FailureError) return err.failure;
    throw err;
  }
}

// ---- receiving --------------------------------------------------------------------------------------

export interface BatchResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: Array<{ line: number; serial: string; functionCode: string; action: string; status: 'processed' | 'duplicate' | 'rejected'; message?: string; caseNumber?: string | null }>;
}

/**
 * A batch of transactions from a partner program. Every line is decoded and checked first; one malformed
 * transaction refuses the whole batch (line and field named) and nothing is applied. Then each transaction
 * is applied in its own unit of work; a serial already received from that sender is skipped.
 */
export async function receiveBatch(deps: Deps, partnerFipsState: string, lines: readonly string[], request: { requestId: string | null; clientIp: string | null }): Promise<Result<BatchResult>> {
  const local = await localSettingsOrFail(deps.db);
  if (!local.ok) return local;
  const decoded: CsenetTransaction[] = [];
  const problems: ErrorDetail[] = [];
  lines.forEach((text, i) => {
    const line = i + 1;
    const r = decodeTransaction(text, line);
    if (!r.ok) {
      problems.push(...(r.details ?? [{ line, message: r.message }]));
      return;
    }
    const t = r.value;
    if (t.header.localFips.state !== partnerFipsState) problems.push({ line, path: 'header/local_fips_state', message: `CSENet header, local_fips_state (positions 1-2): the sender is ${partnerFipsState}, not ${t.header.localFips.state}` });
    if (t.header.otherFips.state !== local.value.fipsParts.state) problems.push({ line, path: 'header/other_fips_state', message: `CSENet header, other_fips_state (positions 8-9): this program is ${local.value.fipsParts.state}, not ${t.header.otherFips.state}` });
    for (const p of transactionProblems(t)) problems.push({ ...p, line });
    decoded.push(t);
  });
  if (lines.length === 0) problems.push({ message: 'the batch holds no transactions' });
  if (problems.length) return fail('IMPORT_REJECTED', `the CSENet batch was refused: ${problems.length} problem${problems.length > 1 ? 's' : ''}; nothing was applied`, problems);

  const out: BatchResult = { accepted: 0, duplicates: 0, rejected: 0, results: [] };
  for (const [i, t] of decoded.entries()) {
    const ctx = partnerContext(deps, partnerFipsState, 'csenet', `CSENet ${t.header.functionCode} ${t.header.action} from ${partnerFipsState}`, request.requestId, request.clientIp);
    const base = { line: i + 1, serial: t.header.serial, functionCode: t.header.functionCode, action: t.header.action };
    const applied = await inTransaction(deps.db, async (db) => {
      const row = await db
        .insertInto('csenet_transaction')
        .values({
          direction: 'inbound',
          serial: t.header.serial,
          local_fips: fipsText(t.header.otherFips),
          other_fips: fipsText(t.header.localFips),
          function_code: t.header.functionCode,
          action_code: t.header.action,
          reason_code: t.header.reasonCode || null,
          transaction_date: t.header.transactionDate,
          case_id: null,
          local_case_id: t.header.otherCaseId || null,
          other_case_id: t.header.caseId || null,
          record: sealRecord(deps, lines[i]!.replace(/\n$/, '')),
          status: 'received',
          last_error: null,
          responds_to_id: null,
          outcome: null,
          created_at: ctx.clock.now(),
          sent_at: null,
          processed_at: null,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) return { duplicate: true as const };
      const outcome = await applyTransaction({ ...deps, db }, ctx, row.id, t);
      await db.updateTable('csenet_transaction').set({ status: 'processed', processed_at: ctx.clock.now(), case_id: outcome.caseId, outcome: JSON.stringify(outcome) }).where('id', '=', row.id).execute();
      await recordAudit(db, ctx, { action: 'create', entityType: 'csenet_transaction', entityId: row.id, caseIds: outcome.caseId ? [outcome.caseId] : [], detail: { ...base, outcome: outcome.summary } });
      return { duplicate: false as const, outcome };
    });
    if (applied.ok && applied.value.duplicate) {
      out.duplicates++;
      out.results.push({ ...base, status: 'duplicate' });
    } else if (applied.ok && !applied.value.duplicate) {
      out.accepted++;
      out.results.push({ ...base, status: 'processed', message: applied.value.outcome.summary, caseNumber: applied.value.outcome.caseNumber });
    } else if (!applied.ok) {
      // Nothing of the transaction was applied; it is kept as rejected, and a case we do not know is answered.
      out.rejected++;
      out.results.push({ ...base, status: 'rejected', message: applied.message });
      await recordRejected(deps, partnerFipsState, t, lines[i]!, applied.message, applied.code === 'NOT_FOUND');
    }
  }
  return ok(out);
}

async function recordRejected(deps: Deps, partnerFipsState: string, t: CsenetTransaction, record: string, message: string, answerRejct: boolean): Promise<void> {
  const ctx = partnerContext(deps, partnerFipsState, 'csenet', `CSENet ${t.header.functionCode} ${t.header.action} from ${partnerFipsState} (rejected)`, null, null);
  await inTransaction(deps.db, async (db) => {
    const row = await db
      .insertInto('csenet_transaction')
      .values({
        direction: 'inbound', serial: t.header.serial, local_fips: fipsText(t.header.otherFips), other_fips: fipsText(t.header.localFips), function_code: t.header.functionCode, action_code: t.header.action,
        reason_code: t.header.reasonCode || null, transaction_date: t.header.transactionDate, case_id: null, local_case_id: t.header.otherCaseId || null, other_case_id: t.header.caseId || null,
        record: sealRecord(deps, record.replace(/\n$/, '')), status: 'rejected', last_error: message.slice(0, 2000), responds_to_id: null, outcome: null, created_at: ctx.clock.now(), sent_at: null, processed_at: ctx.clock.now(),
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    // MSC P REJCT: the case id sent does not match any case here [OCSE release 04-01].
    if (row && answerRejct && t.header.action !== 'A') {
      await queueTransaction({ db, keys: deps.keys }, ctx, { functionCode: 'MSC', action: 'P', reasonCode: 'REJCT', otherFips: t.header.localFips, caseId: null, localCaseId: t.header.otherCaseId || 'UNKNOWN', otherCaseId: t.header.caseId, respondsToId: row.id, blocks: { information: { text_line1: asciiField(message, 80) } } });
    }
  });
}

export interface ApplyOutcome {
  caseId: number | null;
  caseNumber: string | null;
  summary: string;
  answered: string | null;
  clocks: string[];
  receipts?: number[];
  intakeId?: number;
}

/** Our case a transaction is about: by our case id in its header, or by the sender's case id. */
async function caseOf(db: Db, t: CsenetTransaction): Promise<InterstateCaseRow | null> {
  if (t.header.otherCaseId) {
    const c = await db.selectFrom('iv_d_case').select('id').where('case_number', '=', t.header.otherCaseId.toUpperCase()).executeTakeFirst();
    if (c) {
      const ic = await interstateCaseById(db, c.id);
      if (ic && ic.otherFips.state === t.header.localFips.state) return ic;
      if (!ic) {
        const row = await db.selectFrom('iv_d_case').select(['interstate_role', 'other_jurisdiction_fips']).where('id', '=', c.id).executeTakeFirstOrThrow();
        if (row.interstate_role !== 'none' && row.other_jurisdiction_fips?.startsWith(t.header.localFips.state)) return null;
      }
    }
  }
  return t.header.caseId ? interstateCaseByTheirs(db, t.header.localFips.state, t.header.caseId) : null;
}

async function applyTransaction(deps: Deps, ctx: RequestContext, rowId: number, t: CsenetTransaction): Promise<ApplyOutcome> {
  const { db } = deps;
  const plan = receivePlan(t);
  const h = t.header;
  const today = ctx.clock.today();
  let ic = await caseOf(db, t);
  if (!ic && h.otherCaseId) {
    // The case is ours but has no intergovernmental record yet (made by intake): make it.
    const c = await db.selectFrom('iv_d_case').select(['id', 'interstate_role', 'other_jurisdiction_fips']).where('case_number', '=', h.otherCaseId.toUpperCase()).executeTakeFirst();
    if (c && c.interstate_role !== 'none' && c.other_jurisdiction_fips?.startsWith(h.localFips.state)) ic = await ensureInterstateCase(db, ctx, c.id);
  }
  const link = async (row: InterstateCaseRow) => {
    if (h.caseId && row.otherCaseId !== h.caseId) await linkTheirCaseId(db, ctx, row.caseId, h.caseId, h.localFips);
  };

  switch (plan.kind) {
    case 'answer_status': {
      if (!ic) {
        const answer = await queueTransaction({ db, keys: deps.keys }, ctx, { functionCode: 'CSI', action: 'P', reasonCode: 'FUINF', otherFips: h.localFips, caseId: null, localCaseId: h.otherCaseId || 'UNKNOWN', otherCaseId: h.caseId, respondsToId: rowId });
        return { caseId: null, caseNumber: null, summary: 'no case for the requested case id: CSI P FUINF queued', answered: answer.serial, clocks: [] };
      }
      await link(ic);
      // 303.7(b)(4): answer a status inquiry within 5 working days; answered now, so the clock is met today.
      const clocks = await startClocks(deps, ctx, db, ic.caseNumber, 'status_inquiry_received', today, `CSI R serial ${h.serial}`);
      const local = await requireLocal(db);
      const answer = await queueTransaction({ db, keys: deps.keys }, ctx, {
        functionCode: 'CSI', action: 'P', reasonCode: 'FSINF', otherFips: h.localFips, caseId: ic.caseId, localCaseId: ic.caseNumber, otherCaseId: h.caseId, respondsToId: rowId,
        blocks: { case: await caseBlock(db, local, ic), orders: await orderBlocks(db, local, ic.caseId) },
      });
      await meetOpenClocks(deps, ctx, db, ic.caseId, ic.caseNumber, ['ic_status_inquiry'], `CSI P sent (serial ${answer.serial})`);
      return { caseId: ic.caseId, caseNumber: ic.caseNumber, summary: 'case status answered (CSI P FSINF)', answered: answer.serial, clocks };
    }
    case 'open_responding_case': {
      if (ic) {
        await link(ic);
        const ack = await queueTransaction({ db, keys: deps.keys }, ctx, { functionCode: h.functionCode, action: 'A', reasonCode: '', otherFips: h.localFips, caseId: ic.caseId, localCaseId: ic.caseNumber, otherCaseId: h.caseId, respondsToId: rowId });
        return { caseId: ic.caseId, caseNumber: ic.caseNumber, summary: `already a responding case ${ic.caseNumber}: acknowledged`, answered: ack.serial, clocks: [] };
      }
      return openRespondingCase(deps, ctx, rowId, t);
    }
    case 'new_information':
    case 'close_instruction': {
      if (!ic) throw new FailureError(fail('NOT_FOUND', `no case here matches case id ${h.otherCaseId || h.caseId}`));
      await link(ic);
      const clocks = await startClocks(deps, ctx, db, ic.caseNumber, plan.clockEvent, today, `${h.functionCode} ${h.action} ${h.reasonCode} serial ${h.serial}`);
      return { caseId: ic.caseId, caseNumber: ic.caseNumber, summary: `${h.functionCode} ${h.action} recorded; clocks ${clocks.join(', ')}`, answered: null, clocks };
    }
    case 'receipt_collection': {
      if (!ic || ic.role !== 'initiating') throw new FailureError(fail('NOT_FOUND', `no initiating case here matches case id ${h.otherCaseId}`));
      await link(ic);
      // An advice, not money: it waits for the partner's payment (src/interstate/advised-collections.ts).
      for (const [index, block] of t.collections.entries()) {
        // The date of collection is the responding SDU's receipt date (45 CFR 302.51(a); federal-rules.md 1.8).
        const collectionDate = String(block.collection_date);
        await recordAdvice(db, {
          transactionId: rowId,
          blockIndex: index + 1,
          caseId: ic.caseId,
          amountCents: Number(block.amount_cents),
          collectionDate: collectionDate > today ? today : collectionDate,
          source: h.reasonCode === 'CITAX' ? 'federal_tax_offset' : 'interstate',
          at: ctx.clock.now(),
        });
      }
      const n = t.collections.length;
      return { caseId: ic.caseId, caseNumber: ic.caseNumber, summary: `${n} forwarded collection${n === 1 ? '' : 's'} advised; receipted when the money arrives`, answered: null, clocks: [], receipts: [] };
    }
    case 'answer_locate': {
      // Quick locate: the NCP by SSN; a current address (and employer) on file is provided (LSADR), else LUALL.
      const found = await locateNcp(deps, t);
      const answer = await queueTransaction({ db, keys: deps.keys }, ctx, {
        functionCode: h.functionCode, action: 'P', reasonCode: found ? 'LSADR' : 'LUALL', otherFips: h.localFips, caseId: ic?.caseId ?? null,
        localCaseId: ic?.caseNumber ?? (h.otherCaseId || 'NONE'), otherCaseId: h.caseId, respondsToId: rowId,
        ...(found ? { blocks: { ncpIdentification: t.ncpIdentification, ncpLocate: found.block } } : {}),
      });
      if (found) await recordAudit(db, ctx, { action: 'read', entityType: 'person_locate', entityId: found.personId, personIds: [found.personId], detail: { answeredSerial: answer.serial } });
      return { caseId: ic?.caseId ?? null, caseNumber: ic?.caseNumber ?? null, summary: found ? 'quick locate answered: address provided (LSADR)' : 'quick locate answered: not located here (LUALL)', answered: answer.serial, clocks: [] };
    }
    case 'record_answer': {
      if (!ic) throw new FailureError(fail('NOT_FOUND', `no case here matches case id ${h.otherCaseId || h.caseId}`));
      await link(ic);
      return { caseId: ic.caseId, caseNumber: ic.caseNumber, summary: `${h.functionCode} ${h.action}${h.reasonCode ? ` ${h.reasonCode}` : ''} recorded${h.caseId ? `; their case id ${h.caseId}` : ''}`, answered: null, clocks: [] };
    }
  }
}

/** The NCP of a quick locate request, by SSN, with a current address on file: the NCP Locate block to send. */
async function locateNcp(deps: Deps, t: CsenetTransaction): Promise<{ personId: number; block: RecordValues } | null> {
  const ssn = t.ncpIdentification?.ssn;
  if (typeof ssn !== 'string' || !/^\d{9}$/.test(ssn)) return null;
  const person = await deps.db.selectFrom('person').select('id').where('ssn_index', '=', blindIndex(deps.keys, ssn)).executeTakeFirst();
  if (!person) return null;
  const address = await deps.db.selectFrom('person_address').selectAll().where('person_id', '=', person.id).where('effective_to', 'is', null).where('verification', '<>', 'bad')
    .orderBy('verification', 'desc').orderBy('effective_from', 'desc').orderBy('id', 'desc').executeTakeFirst();
  if (!address) return null;
  const job = await deps.db.selectFrom('person_employment as e').innerJoin('employer as r', 'r.id', 'e.employer_id').select(['r.name', 'r.fein', 'e.start_date'])
    .where('e.person_id', '=', person.id).where('e.end_date', 'is', null).orderBy('e.id', 'desc').executeTakeFirst();
  return {
    personId: person.id,
    block: {
      ...addressFields('residential_', { line1: address.line1, line2: address.line2, city: address.city, state: address.state_code, zip: address.zip }),
      residential_effective_date: address.effective_from,
      residential_confirmed: address.verification === 'verified' ? 'Y' : 'N',
      ...(job ? { employer1_ein: job.fein ?? undefined, employer1_name: asciiField(job.name, 40), employer1_effective_date: job.start_date ?? undefined } : {}),
    },
  };
}

const titleCase = (s: string) => s.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase());
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * An ENF, EST or PAT request from an initiating program: the central registry opens a responding case
 * (an interstate referral through intake), registers the order an ENF request sends, starts the 303.7
 * clocks and acknowledges with our case id.
 */
async function openRespondingCase(deps: Deps, ctx: RequestContext, rowId: number, t: CsenetTransaction): Promise<ApplyOutcome> {
  const { db } = deps;
  const h = t.header;
  const today = ctx.clock.today();
  const local = await requireLocal(db);
  const office = local.registryOfficeId
    ? await db.selectFrom('office').select('code').where('id', '=', local.registryOfficeId).executeTakeFirstOrThrow()
    : await db.selectFrom('office').select('code').orderBy('id').executeTakeFirst();
  if (!office) throw new FailureError(fail('CASE_STATE_INVALID', 'no office to take the responding case'));
  const members = t.participants
    .filter((p) => ROLE_OF_RELATIONSHIP[text(p.relationship)])
    .map((p) => {
      const role = ROLE_OF_RELATIONSHIP[text(p.relationship)]!;
      const zip = [text(p.address_zip5), text(p.address_zip4)].filter(Boolean).join('-');
      const address = text(p.address_line1) && text(p.address_city) && /^[A-Z]{2}$/.test(text(p.address_state)) && /^\d{5}/.test(zip)
        ? { line1: titleCase(text(p.address_line1)), line2: text(p.address_line2) ? titleCase(text(p.address_line2)) : null, city: titleCase(text(p.address_city)), stateCode: text(p.address_state), zip }
        : null;
      return {
        role,
        person: {
          firstName: titleCase(text(p.name_first)),
          lastName: titleCase(text(p.name_last)),
          ...(text(p.name_middle) ? { middleName: titleCase(text(p.name_middle)) } : {}),
          ...(p.date_of_birth ? { dateOfBirth: String(p.date_of_birth) } : {}),
          ...(text(p.gender) ? { sex: text(p.gender) as 'F' | 'M' | 'U' } : {}),
          ...(p.ssn ? { ssn: String(p.ssn) } : {}),
          ...(address ? { address } : {}),
        },
      };
    });
  const intake = checkIntake(
    {
      kind: 'interstate_referral',
      sourceSystem: `csenet-${h.localFips.state}`,
      externalId: `${h.serial}`,
      receivedDate: today,
      caseType: CASE_TYPE_OF_CODE[text(t.case?.case_type)] ?? 'never_assistance',
      officeCode: office.code,
      interstate: { role: 'responding', otherJurisdictionFips: fipsText(h.localFips), otherJurisdictionCaseId: h.caseId },
      members,
    },
    today,
  );
  if (!intake.ok) throw new FailureError(fail('VALIDATION_FAILED', `the ${h.functionCode} R referral cannot open a case: ${intake.details?.map((d) => `${d.path} ${d.message}`).join('; ') ?? intake.message}`, intake.details));
  const opened = await receiveIntake(deps, ctx, intake.value, {});
  if (opened.status !== 'opened' || opened.caseId === null) {
    // A member may already be on file: the registry worker decides; the referral is acknowledged meanwhile.
    const ack = await queueTransaction({ db, keys: deps.keys }, ctx, { functionCode: h.functionCode, action: 'A', reasonCode: '', otherFips: h.localFips, caseId: null, localCaseId: `INTAKE${opened.intakeId}`, otherCaseId: h.caseId, respondsToId: rowId });
    return { caseId: null, caseNumber: null, summary: `referral received; intake ${opened.intakeId} waits for a duplicate decision`, answered: ack.serial, clocks: [], intakeId: opened.intakeId };
  }
  await db
    .insertInto('interstate_case')
    .values({ case_id: opened.caseId, role: 'responding', other_fips_state: h.localFips.state, other_fips_county: h.localFips.county, other_fips_sub: h.localFips.sub, other_case_id: h.caseId, origin: 'csenet', created_at: ctx.clock.now(), updated_at: ctx.clock.now() })
    .execute();
  const caseNumber = opened.caseNumber!;
  // UIFSA registration of the order sent for enforcement: the order as the initiating program describes it.
  const registered: number[] = [];
  if (h.functionCode === 'ENF') {
    for (const o of t.orders) {
      const frequency = ({ W: 'weekly', B: 'biweekly', S: 'semimonthly', M: 'monthly' } as const)[text(o.frequency) as 'W' | 'B' | 'S' | 'M'];
      const amount = Number(o.frequency_amount_cents ?? 0);
      if (!frequency || amount <= 0 || !o.effective_date) continue;
      const effective = String(o.effective_date);
      const r = orAbort(await enterSupportOrder(deps, ctx, caseNumber, {
        orderNumber: `${h.localFips.state}-${text(o.order_id) || h.caseId}`,
        orderKind: text(o.order_type) === 'A' ? 'administrative' : 'judicial',
        enteredDate: o.filing_date && String(o.filing_date) <= today ? String(o.filing_date) : effective <= today ? effective : today,
        effectiveDate: effective,
        obligations: [{ kind: 'current_support', amountCents: amount, frequency, startDate: effective }],
      }));
      registered.push(r.orderId);
      break; // one controlling order
    }
  }
  // 303.7(b)(2) (10 working days) and (d)(2) (75 days) run from receipt (the event
  // intergovernmental_case_received): casework derives them from the responding case, so bring its clocks in step.
  await syncClocks(db, ctx, { caseIds: [opened.caseId] }, today);
  const clocks = (await db.selectFrom('case_timeframe').select('kind').where('case_id', '=', opened.caseId).execute()).map((c) => c.kind);
  const ack = await queueTransaction({ db, keys: deps.keys }, ctx, { functionCode: h.functionCode, action: 'A', reasonCode: '', otherFips: h.localFips, caseId: opened.caseId, localCaseId: caseNumber, otherCaseId: h.caseId, respondsToId: rowId });
  return { caseId: opened.caseId, caseNumber, summary: `responding case ${caseNumber} opened${registered.length ? ', order registered' : ''}; acknowledged (${h.functionCode} A)`, answered: ack.serial, clocks, intakeId: opened.intakeId };
}

// ---- listing ----------------------------------------------------------------------------------------

export interface TransactionView {
  id: number;
  direction: string;
  serial: string;
  localFips: string;
  otherFips: string;
  functionCode: string;
  action: string;
  reasonCode: string | null;
  transactionDate: string;
  caseNumber: string | null;
  otherCaseId: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  outcome: unknown;
}

export async function listTransactions(db: Db, ctx: RequestContext, filter: { caseNumber?: string | undefined; status?: string | undefined; limit?: number | undefined }): Promise<Result<TransactionView[]>> {
  const allowed = requirePermission(ctx.actor, 'case.read');
  if (!allowed.ok) return allowed;
  let q = db
    .selectFrom('csenet_transaction as t')
    .leftJoin('iv_d_case as c', 'c.id', 't.case_id')
    .select(['t.id', 't.direction', 't.serial', 't.local_fips', 't.other_fips', 't.function_code', 't.action_code', 't.reason_code', 't.transaction_date', 'c.case_number', 't.other_case_id', 't.status', 't.attempts', 't.last_error', 't.outcome', 'c.office_id'])
    .orderBy('t.id', 'desc')
    .limit(filter.limit ?? 200);
  if (filter.caseNumber) q = q.where('c.case_number', '=', filter.caseNumber.toUpperCase());
  if (filter.status) q = q.where('t.status', '=', filter.status as never);
  // The caller's cases (the access layer's rule); a transaction about no case of ours only to program-wide
  // roles of a single-program install (it cannot be placed in one program of a consortium).
  const visible = caseVisibility(ctx.actor) ?? sql<boolean>`true`;
  const caseless = ROLE_POLICIES[ctx.actor.role].scope === 'state' ? sql<boolean>`${ONLY_ONE_PROGRAM}` : sql<boolean>`false`;
  q = q.where(sql<boolean>`(case when c.id is null then ${caseless} else ${visible} end)`);
  const rows = await q.execute();
  await recordAudit(db, ctx, { action: 'search', entityType: 'csenet_transaction', detail: { count: rows.length, caseNumber: filter.caseNumber ?? null } });
  return ok(rows.map((r) => ({ id: r.id, direction: r.direction, serial: r.serial, localFips: r.local_fips, otherFips: r.other_fips, functionCode: r.function_code, action: r.action_code, reasonCode: r.reason_code, transactionDate: r.transaction_date, caseNumber: r.case_number, otherCaseId: r.other_case_id, status: r.status, attempts: r.attempts, lastError: r.last_error, outcome: r.outcome })));
}

export { parseFips };
