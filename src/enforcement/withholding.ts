/**
 * Income withholding: a new hire (or other income source) on an obligor with a support order in force
 * starts an income withholding order within two business days (45 CFR 303.100(e)(2)); pending orders go
 * out in an e-IWO file, one batch per employer; the employer's acknowledgments come back and are applied
 * (accepted, rejected with a reason, terminated, lump sum). Each order is an enforcement_action too, with
 * its status, dates and the notice sent.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { addBusinessDays } from '../kernel/calendar.ts';
import { localTimeHhmmss } from '../kernel/clock.ts';
import { fail, FailureError, ok, type ErrorDetail, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { canSeeCase, programScope, requirePermission } from '../security/access.ts';
import { renderIwoPdf } from './iwo-pdf.ts';
import type { RequestContext } from '../security/context.ts';
import { decryptText } from '../security/pii.ts';
import { loadCaseAccount } from '../financial/accounts.ts';
import { totalArrearsCents } from '../financial/buckets.ts';
import { monthlyEquivalentCents } from '../financial/obligation-rules.ts';
import { monthOf } from '../financial/buckets.ts';
import { caseObligeeId } from '../cases/members.ts';
import { addEmployment } from '../participants/store.ts';
import { buildEiwoFile, dtlProblems, parseAckFile, type EiwoDetail, type EiwoAck } from '../formats/eiwo/eiwo.ts';
import { asciiUpper } from '../formats/ascii.ts';
import { closeItemsByKeyPrefix, raiseCaseItem } from '../casework/worklist.ts';
import { DISPOSITION_REASONS } from '../formats/eiwo/layouts.ts';
import { arrearsOver12Weeks, ccpaLimitPercent, perPayPeriodTable } from './ccpa.ts';
import { importNewHires, type NewHireMatch } from '../locate/newhire.ts';

/**
 * State policy for withholding notices (data, not law): the arrears payment added to current support,
 * the sender's identity on the e-IWO, and the form's timing fields.
 */
export interface WithholdingPolicy {
  /** Arrears payment as a percentage of monthly current support (capped at the balance). */
  arrearsPaymentPercent: number;
  /** Monthly arrears payment when no current support is due (arrears-only cases). */
  arrearsOnlyMonthlyCents: number;
  issueWithinBusinessDays: number;
  beginWithinDays: number;
  sendPaymentWithinDays: number;
  stateName: string;
  stateFips: string;
  payee: { name: string; line1: string; city: string; state: string; zip: string; zip4?: string; remittanceFips: string };
  official: { name: string; title: string };
}

export const DEFAULT_WITHHOLDING_POLICY: WithholdingPolicy = {
  arrearsPaymentPercent: 20,
  arrearsOnlyMonthlyCents: 10_000,
  issueWithinBusinessDays: 2,
  beginWithinDays: 14,
  sendPaymentWithinDays: 7,
  stateName: 'PENNSYLVANIA',
  stateFips: '42000',
  payee: { name: 'STATE DISBURSEMENT UNIT', line1: 'PO BOX 69110', city: 'HARRISBURG', state: 'PA', zip: '17106', zip4: '9110', remittanceFips: '4200000' },
  official: { name: 'IV-D DIRECTOR', title: 'DIRECTOR, BUREAU OF CHILD SUPPORT ENFORCEMENT' },
};

export interface WithholdingAmounts {
  currentChildSupportCents: number;
  medicalSupportCents: number;
  spousalSupportCents: number;
  currentMonthlyCents: number;
  arrearsPaymentMonthlyCents: number;
  arrearsOver12Weeks: boolean;
  ccpaPercent: number;
}

/** Pure: the monthly amounts of a withholding notice from the order's current support and the arrears. */
export function withholdingAmounts(current: { child: number; medical: number; spousal: number }, arrearsCents: number, policy: WithholdingPolicy = DEFAULT_WITHHOLDING_POLICY): WithholdingAmounts {
  const monthly = current.child + current.medical + current.spousal;
  const arrearsWanted = monthly > 0 ? Math.floor((monthly * policy.arrearsPaymentPercent + 50) / 100) : policy.arrearsOnlyMonthlyCents;
  const arrearsPayment = arrearsCents > 0 ? Math.min(arrearsCents, arrearsWanted) : 0;
  const over12 = arrearsOver12Weeks(arrearsCents, monthly);
  // The form states the lower CCPA figure (the employer does not know whether the obligor supports
  // another family), raised by 5 points when 12 or more weeks in arrears.
  return { currentChildSupportCents: current.child, medicalSupportCents: current.medical, spousalSupportCents: current.spousal, currentMonthlyCents: monthly, arrearsPaymentMonthlyCents: arrearsPayment, arrearsOver12Weeks: over12, ccpaPercent: ccpaLimitPercent({ supportsOtherFamily: true, arrearsOver12Weeks: over12 }) };
}

export async function orderCurrentSupport(db: Db, orderId: number, today: string): Promise<{ child: number; medical: number; spousal: number }> {
  const rows = await db.selectFrom('obligation').select(['kind', 'amount_cents', 'frequency', 'start_date', 'end_date']).where('order_id', '=', orderId).execute();
  const out = { child: 0, medical: 0, spousal: 0 };
  const month = monthOf(today);
  for (const o of rows) {
    if (o.frequency === 'one_time' || o.kind === 'arrears_judgment') continue;
    if (o.start_date > `${month}-31` || (o.end_date !== null && o.end_date < `${month}-01`)) continue;
    const m = monthlyEquivalentCents(o.amount_cents, o.frequency);
    if (o.kind === 'current_support') out.child += m;
    else if (o.kind === 'medical_support') out.medical += m;
    else out.spousal += m;
  }
  return out;
}

export interface StartedWithholding {
  iwoId: number;
  enforcementActionId: number;
  caseId: number;
  issueDueDate: string;
}

/**
 * Starts income withholding on every case of a new-hire match whose obligor has an active order, unless
 * one is already pending, sent or accepted for that case and employer. Runs inside the import's
 * transaction (as its afterMatch hook).
 */
export async function startIncomeWithholding(db: Db, ctx: RequestContext, match: NewHireMatch, policy: WithholdingPolicy = DEFAULT_WITHHOLDING_POLICY): Promise<StartedWithholding[]> {
  const today = ctx.clock.today();
  const started: StartedWithholding[] = [];
  for (const caseId of match.obligorCaseIds) {
    const order = await db.selectFrom('support_order').select(['id', 'order_number']).where('case_id', '=', caseId).where('obligor_person_id', '=', match.personId).where('status', '=', 'active').orderBy('effective_date', 'desc').executeTakeFirst();
    if (!order) continue;
    const existing = await db.selectFrom('income_withholding_order').select('id').where('case_id', '=', caseId).where('employer_id', '=', match.employerId).where('status', 'in', ['pending', 'sent', 'accepted', 'suspended']).executeTakeFirst();
    if (existing) continue;
    const current = await orderCurrentSupport(db, order.id, today);
    const account = await loadCaseAccount(db, caseId);
    const arrears = account ? totalArrearsCents(account.state.arrears) : 0;
    const amounts = withholdingAmounts(current, arrears, policy);
    if (amounts.currentMonthlyCents + amounts.arrearsPaymentMonthlyCents === 0) continue;
    const due = addBusinessDays(today, policy.issueWithinBusinessDays);
    const action = await db
      .insertInto('enforcement_action')
      .values({ case_id: caseId, obligor_person_id: match.personId, kind: 'income_withholding', status: 'pending', start_date: today, due_date: due, end_date: null, notice_kind: 'income_withholding_order', notice_sent_date: null, source: match.source ?? 'new_hire', source_id: match.reportId, reason: null, created_by: ctx.actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const c = await db.selectFrom('iv_d_case').select('case_number').where('id', '=', caseId).executeTakeFirstOrThrow();
    const iwo = await db
      .insertInto('income_withholding_order')
      .values({
        enforcement_action_id: action.id,
        case_id: caseId,
        support_order_id: order.id,
        obligor_person_id: match.personId,
        employer_id: match.employerId,
        person_employment_id: match.employmentId,
        // Other income sources (NDNH, quarterly wages, UI claims) point at their locate result instead.
        new_hire_report_id: (match.source ?? 'new_hire') === 'new_hire' ? match.reportId : null,
        document_tracking_number: `IWO-${c.case_number}-${action.id}`.slice(0, 30),
        order_identifier: order.order_number.slice(0, 30),
        action_code: 'ORG',
        status: 'pending',
        income_source_date: today,
        issue_due_date: due,
        issued_date: null,
        current_support_monthly_cents: amounts.currentMonthlyCents,
        arrears_payment_monthly_cents: amounts.arrearsPaymentMonthlyCents,
        arrears_over_12_weeks: amounts.arrearsOver12Weeks,
        ccpa_percent: amounts.ccpaPercent,
        eiwo_file_id: null,
        ack_status: null,
        ack_reason: null,
        ack_date: null,
        termination_date: null,
        final_payment_cents: null,
        lump_sum_cents: null,
        lump_sum_date: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(db, ctx, { action: 'create', entityType: 'income_withholding_order', entityId: iwo.id, personIds: [match.personId], caseIds: [caseId], detail: { source: match.source ?? 'new_hire', issueDueDate: due, ...amounts } });
    started.push({ iwoId: iwo.id, enforcementActionId: action.id, caseId, issueDueDate: due });
  }
  return started;
}

/** The DTL content of one order, read from the database (SSN decrypted only to write the file). */
async function detailFor(deps: Deps, db: Db, iwoId: number, fileDate: string, policy: WithholdingPolicy): Promise<{ detail: EiwoDetail; ein: string } | { problem: string }> {
  const w = await db
    .selectFrom('income_withholding_order as w')
    .innerJoin('iv_d_case as c', 'c.id', 'w.case_id')
    .innerJoin('employer as e', 'e.id', 'w.employer_id')
    .innerJoin('person as p', 'p.id', 'w.obligor_person_id')
    .select(['w.id', 'w.case_id', 'w.document_tracking_number', 'w.order_identifier', 'w.action_code', 'w.current_support_monthly_cents', 'w.arrears_payment_monthly_cents', 'w.arrears_over_12_weeks', 'w.ccpa_percent', 'c.case_number', 'e.fein', 'e.name as employer_name', 'e.line1', 'e.line2', 'e.city', 'e.state_code', 'e.zip', 'p.first_name', 'p.middle_name', 'p.last_name', 'p.suffix', 'p.ssn_ciphertext', 'p.date_of_birth', 'w.support_order_id'])
    .where('w.id', '=', iwoId)
    .executeTakeFirstOrThrow();
  if (!w.fein) return { problem: 'the employer has no FEIN; send a paper IWO' };
  if (!w.ssn_ciphertext) return { problem: "the obligor's SSN is not on file" };
  const current = await orderCurrentSupport(db, w.support_order_id, fileDate);
  const obligeeId = await caseObligeeId(db, w.case_id);
  const obligee = obligeeId ? await db.selectFrom('person').select(['first_name', 'last_name', 'middle_name', 'suffix']).where('id', '=', obligeeId).executeTakeFirst() : undefined;
  const children = await db.selectFrom('case_member as m').innerJoin('person as p', 'p.id', 'm.person_id').select(['p.first_name', 'p.middle_name', 'p.last_name', 'p.suffix', 'p.date_of_birth']).where('m.case_id', '=', w.case_id).where('m.role', '=', 'child').where('m.end_date', 'is', null).orderBy('p.date_of_birth').orderBy('p.id').limit(6).execute();
  // The layout allows printable ASCII only: names and addresses are transliterated (MÜLLER -> MULLER);
  // a field with no ASCII form holds this order (never the whole file).
  const noAscii = new Set<string>();
  const up = (s: string | null | undefined, n: number, what = 'a name') => {
    const a = asciiUpper(s, n);
    if (a === null) noAscii.add(what);
    return a ?? '';
  };
  const total = w.current_support_monthly_cents + w.arrears_payment_monthly_cents;
  const per = perPayPeriodTable(total);
  const zip = (w.zip ?? '').replace(/\D/g, '');
  const detail: EiwoDetail = {
    action: w.action_code,
    document_date: fileDate,
    issuing_state_name: policy.stateName,
    case_id: w.case_number.slice(0, 15),
    employer: { name: up(w.employer_name, 57, "the employer's name"), address: { line1: up(w.line1, 25, "the employer's address"), ...(w.line2 ? { line2: up(w.line2, 25, "the employer's address") } : {}), city: up(w.city, 22, "the employer's city"), state: up(w.state_code, 2, "the employer's state"), ...(zip.length >= 5 ? { zip: zip.slice(0, 5) } : {}), ...(zip.length === 9 ? { zip4: zip.slice(5) } : {}) }, ein: w.fein },
    employee: { last: up(w.last_name, 20, "the obligor's name"), first: up(w.first_name, 15, "the obligor's name"), middle: up(w.middle_name, 15, "the obligor's name"), suffix: up(w.suffix, 4, "the obligor's name"), ssn: decryptText(deps.keys, w.ssn_ciphertext), ...(w.date_of_birth ? { birth_date: w.date_of_birth } : {}) },
    ...(obligee ? { obligee: { last: up(obligee.last_name, 57), first: up(obligee.first_name, 15), middle: up(obligee.middle_name, 15), suffix: up(obligee.suffix, 4) } } : {}),
    ...(current.child ? { current_child_support: { amount_cents: current.child, frequency: 'M' as const } } : {}),
    ...(current.medical ? { current_medical_support: { amount_cents: current.medical, frequency: 'M' as const } } : {}),
    ...(current.spousal ? { current_spousal_support: { amount_cents: current.spousal, frequency: 'M' as const } } : {}),
    ...(w.arrears_payment_monthly_cents ? { past_due_child_support: { amount_cents: w.arrears_payment_monthly_cents, frequency: 'M' as const } } : {}),
    total_withhold: { amount_cents: total, frequency: 'M' },
    arrears_over_12_weeks: w.arrears_over_12_weeks,
    withhold_per: per,
    employment_state_name: policy.stateName,
    begin_within_days: policy.beginWithinDays,
    send_payment_within_days: policy.sendPaymentWithinDays,
    ccpa_percent: w.ccpa_percent,
    payee: { name: policy.payee.name, address: { line1: policy.payee.line1, city: policy.payee.city, state: policy.payee.state, zip: policy.payee.zip, ...(policy.payee.zip4 ? { zip4: policy.payee.zip4 } : {}) }, remittance_fips: policy.payee.remittanceFips },
    official: policy.official,
    send_employee_copy: true,
    document_tracking_number: w.document_tracking_number,
    order_identifier: w.order_identifier,
    children: children.map((k) => ({ last: up(k.last_name, 20), first: up(k.first_name, 15), middle: up(k.middle_name, 15), suffix: up(k.suffix, 4), ...(k.date_of_birth ? { birth_date: k.date_of_birth } : {}) })),
    remittance_identifier: w.case_number.slice(0, 20),
  };
  if (noAscii.size) return { problem: `${[...noAscii].join(', ')} holds a character with no ASCII form (the e-IWO allows printable ASCII only): correct it on file` };
  const problems = dtlProblems(detail);
  if (problems.length) return { problem: `the order cannot make a valid e-IWO record: ${problems.map((p) => p.message).join('; ')}` };
  return { detail, ein: w.fein };
}

export interface EiwoExport {
  fileId: number | null;
  controlNumber: string | null;
  content: string | null;
  orders: number;
  /**
   * Orders left pending, with why (no FEIN, no SSN, a required field of the chart missing, a name with no
   * ASCII form); each is held on the case's worklist until corrected, and goes out with the next file.
   */
  held: { iwoId: number; caseId: number; problem: string }[];
}

/**
 * Holds an order that cannot go out: the reason on the order, and an item on the case's worklist (one per
 * order and reason, so the nightly run does not raise it again).
 */
async function holdOrder(db: Db, ctx: RequestContext, iwoId: number, caseId: number, reason: string, date: string): Promise<void> {
  await db.updateTable('income_withholding_order').set({ hold_reason: reason.slice(0, 2000), held_date: date }).where('id', '=', iwoId).execute();
  const reasonKey = createHash('sha256').update(reason).digest('hex').slice(0, 16);
  await raiseCaseItem(db, ctx, {
    kind: 'eiwo_held',
    caseId,
    title: `Income withholding order ${iwoId} was not sent: ${reason}`.slice(0, 500),
    regulation: '45 CFR 303.100(e)',
    dueDate: addBusinessDays(date, 2),
    asOf: date,
    dedupeKey: `eiwo-held:${iwoId}:${reasonKey}`,
    detail: { iwoId, reason },
  });
}

/** Sends every pending withholding order in one e-IWO file dated `fileDate` and marks them sent. */
export async function exportEiwoFile(deps: Deps, ctx: RequestContext, fileDate: string, policy: WithholdingPolicy = DEFAULT_WITHHOLDING_POLICY): Promise<Result<EiwoExport>> {
  const allowed = requirePermission(ctx.actor, 'case.write');
  if (!allowed.ok) return allowed;
  // Tribal mode: a program's user (or the command line's --program) sends that program's orders only.
  const scope = await programScope(deps.db, ctx.actor);
  if (!scope.ok) return scope;
  const programId = scope.value;
  return inTransaction(deps.db, async (db) => {
    const pending = await db
      .selectFrom('income_withholding_order as w')
      .select(['w.id', 'w.employer_id', 'w.case_id', 'w.obligor_person_id', 'w.enforcement_action_id'])
      .where('w.status', '=', 'pending')
      .$if(programId !== null, (q) => q.where('w.case_id', 'in', (eb) => eb.selectFrom('iv_d_case as c').innerJoin('office as o', 'o.id', 'c.office_id').select('c.id').where('o.program_id', '=', programId!)))
      .orderBy('w.employer_id')
      .orderBy('w.id')
      .execute();
    const held: EiwoExport['held'] = [];
    const byEin = new Map<string, { ids: typeof pending; details: EiwoDetail[] }>();
    for (const p of pending) {
      const d = await detailFor(deps, db, p.id, fileDate, policy);
      if ('problem' in d) {
        held.push({ iwoId: p.id, caseId: p.case_id, problem: d.problem });
        await holdOrder(db, ctx, p.id, p.case_id, d.problem, fileDate);
        continue;
      }
      const group = byEin.get(d.ein) ?? { ids: [], details: [] };
      group.ids.push(p);
      group.details.push(d.detail);
      byEin.set(d.ein, group);
    }
    if (byEin.size === 0) return { fileId: null, controlNumber: null, content: null, orders: 0, held };
    const now = ctx.clock.now();
    // In the program's time zone, as the file date (a business date) is.
    const time = localTimeHhmmss(now);
    const seq = Number((await db.selectFrom('eiwo_file').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n) + 1;
    const stamp = fileDate.slice(2).replaceAll('-', '');
    // Never reuse a control number: the file sequence is part of it.
    const control = (n: number) => `${policy.stateFips}${stamp}${String(seq % 10_000).padStart(4, '0')}${String(n).padStart(7, '0')}`.slice(0, 22);
    const groups = [...byEin.entries()];
    const built = buildEiwoFile({ state_fips: policy.stateFips, creation_date: fileDate, creation_time: time, batches: groups.map(([ein, g]) => ({ employer_ein: ein, details: g.details })), control_numbers: { file: control(0), batches: groups.map((_, i) => control(i + 1)) } });
    if (!built.ok) throw new FailureError(built);
    const orders = groups.reduce((n, [, g]) => n + g.ids.length, 0);
    const file = await db
      .insertInto('eiwo_file')
      .values({ control_number: control(0), file_date: fileDate, batch_count: groups.length, record_count: orders, file_sha256: createHash('sha256').update(built.value).digest('hex'), content: built.value, created_by: ctx.actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ids = groups.flatMap(([, g]) => g.ids);
    await db.updateTable('income_withholding_order').set({ status: 'sent', issued_date: fileDate, eiwo_file_id: file.id, hold_reason: null, held_date: null }).where('id', 'in', ids.map((x) => x.id)).execute();
    for (const x of ids) await closeItemsByKeyPrefix(db, ctx, `eiwo-held:${x.id}:`, fileDate, `sent in e-IWO file ${control(0)}`);
    await db.updateTable('enforcement_action').set({ status: 'active', notice_sent_date: fileDate }).where('id', 'in', ids.map((x) => x.enforcement_action_id)).execute();
    await recordAudit(db, ctx, { action: 'create', entityType: 'eiwo_file', entityId: file.id, personIds: ids.map((x) => x.obligor_person_id), caseIds: ids.map((x) => x.case_id), detail: { controlNumber: control(0), orders, batches: groups.length, held: held.length } });
    return { fileId: file.id, controlNumber: control(0), content: built.value, orders, held };
  });
}

export interface AckImportSummary {
  batchId: number;
  acks: number;
  accepted: number;
  rejected: number;
  terminated: number;
  suspended: number;
  lumpSums: number;
}

function reasonText(ack: EiwoAck): string | null {
  if (!ack.reason) return null;
  return `${ack.reason}: ${DISPOSITION_REASONS[ack.reason].meaning}`;
}

/** Applies an employer acknowledgment file to the withholding orders; the whole file or nothing. */
export async function importEiwoAcks(deps: Deps, ctx: RequestContext, fileName: string, text: string): Promise<Result<AckImportSummary>> {
  const allowed = requirePermission(ctx.actor, 'case.write');
  if (!allowed.ok) return allowed;
  const parsed = parseAckFile(text);
  if (!parsed.ok) return parsed;
  const sha256 = createHash('sha256').update(text).digest('hex');
  const today = ctx.clock.today();
  return inTransaction(deps.db, async (db) => {
    const earlier = await db.selectFrom('import_batch').select('id').where('kind', '=', 'eiwo_ack').where('file_sha256', '=', sha256).executeTakeFirst();
    if (earlier) throw new FailureError(fail('ALREADY_PROCESSED', `this file was already imported as batch ${earlier.id}; nothing was written`, undefined, { batchId: earlier.id }));
    const acks = parsed.value.batches.flatMap((b) => b.acks);
    // Every acknowledgment must name an order this State sent to that employer.
    const problems: ErrorDetail[] = [];
    const targets = [];
    for (const a of acks) {
      const w = await db
        .selectFrom('income_withholding_order as w')
        .innerJoin('employer as e', 'e.id', 'w.employer_id')
        .select(['w.id', 'w.status', 'w.enforcement_action_id', 'w.person_employment_id', 'w.obligor_person_id', 'w.case_id', 'e.fein'])
        .where('w.document_tracking_number', '=', a.document_tracking_number)
        .executeTakeFirst();
      if (!w) problems.push({ line: a.line, path: `line ${a.line}/ack/document_tracking_number`, message: `line ${a.line}: e-IWO acknowledgment (ACK), document_tracking_number (positions 94-123): no withholding order '${a.document_tracking_number}'` });
      else if (w.fein !== a.employer_ein && a.reason !== 'W') problems.push({ line: a.line, path: `line ${a.line}/ack/employer_ein`, message: `line ${a.line}: e-IWO acknowledgment (ACK), employer_ein (positions 22-30): the order was sent to another employer` });
      else if (w.status === 'pending') problems.push({ line: a.line, path: `line ${a.line}/ack`, message: `line ${a.line}: the withholding order has not been sent yet` });
      else targets.push({ ack: a, iwo: w });
    }
    if (problems.length) throw new FailureError(fail('IMPORT_REJECTED', `The acknowledgment file was rejected: ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was applied.`, problems));
    const batch = await db.insertInto('import_batch').values({ kind: 'eiwo_ack', file_name: fileName.slice(0, 200), file_sha256: sha256, line_count: acks.length, status: 'accepted', created_by: ctx.actor.userId }).returning('id').executeTakeFirstOrThrow();
    const summary: AckImportSummary = { batchId: batch.id, acks: acks.length, accepted: 0, rejected: 0, terminated: 0, suspended: 0, lumpSums: 0 };
    for (const { ack, iwo } of targets) {
      const common = { ack_status: ack.status, ack_reason: reasonText(ack), ack_date: today };
      const endEmployment = async (date: string) => {
        if (iwo.person_employment_id) await db.updateTable('person_employment').set({ end_date: date, verification: 'verified', verified_date: today }).where('id', '=', iwo.person_employment_id).where('end_date', 'is', null).where((eb) => eb.or([eb('start_date', 'is', null), eb('start_date', '<=', date)])).execute();
      };
      if (ack.status === 'A') {
        summary.accepted++;
        await db.updateTable('income_withholding_order').set({ ...common, status: 'accepted' }).where('id', '=', iwo.id).execute();
        if (iwo.person_employment_id) await db.updateTable('person_employment').set({ verification: 'verified', verified_date: today }).where('id', '=', iwo.person_employment_id).execute();
      } else if (ack.status === 'R') {
        summary.rejected++;
        await db.updateTable('income_withholding_order').set({ ...common, status: 'rejected', termination_date: ack.termination_date ?? null, final_payment_cents: ack.final_payment?.amount_cents ?? null }).where('id', '=', iwo.id).execute();
        await db.updateTable('enforcement_action').set({ status: 'rejected', end_date: today, reason: reasonText(ack) }).where('id', '=', iwo.enforcement_action_id).execute();
        if (ack.reason === 'N') await endEmployment(ack.termination_date ?? today);
        if ((ack.reason === 'U') && iwo.person_employment_id) await db.updateTable('person_employment').set({ verification: 'bad', verified_date: today }).where('id', '=', iwo.person_employment_id).execute();
      } else if (ack.status === 'T') {
        summary.terminated++;
        await db.updateTable('income_withholding_order').set({ ...common, status: 'terminated', termination_date: ack.termination_date ?? today, final_payment_cents: ack.final_payment?.amount_cents ?? null }).where('id', '=', iwo.id).execute();
        await db.updateTable('enforcement_action').set({ status: 'terminated', end_date: ack.termination_date ?? today, reason: 'employment terminated (employer notice)' }).where('id', '=', iwo.enforcement_action_id).execute();
        await endEmployment(ack.termination_date ?? today);
      } else if (ack.status === 'S') {
        summary.suspended++;
        await db.updateTable('income_withholding_order').set({ ...common, status: 'suspended' }).where('id', '=', iwo.id).execute();
      } else if (ack.status === 'L') {
        summary.lumpSums++;
        await db.updateTable('income_withholding_order').set({ ...common, lump_sum_cents: ack.lump_sum?.amount_cents ?? null, lump_sum_date: ack.lump_sum?.date ?? null }).where('id', '=', iwo.id).execute();
      }
      // A new employer named on the notice is a new income source for the obligor.
      if (ack.new_employer?.name) {
        const a = ack.new_employer.address;
        await addEmployment(db, iwo.obligor_person_id, { name: ack.new_employer.name, line1: a.line1 || null, city: a.city || null, stateCode: a.state || null, zip: a.zip ?? null }, { source: 'iwo_ack', effectiveDate: today, userId: ctx.actor.userId });
      }
      await recordAudit(db, ctx, { action: 'update', entityType: 'income_withholding_order', entityId: iwo.id, personIds: [iwo.obligor_person_id], caseIds: [iwo.case_id], detail: { ackStatus: ack.status, reason: ack.reason ?? null, action: ack.action } });
    }
    await recordAudit(db, ctx, { action: 'import', entityType: 'import_batch', entityId: batch.id, detail: { kind: 'eiwo_ack', ...summary } });
    return summary;
  });
}



/** The new-hire import as the CLI and API run it: every match on an obligor with an order starts withholding. */
export async function importNewHiresWithWithholding(deps: Deps, ctx: RequestContext, fileName: string, text: string, policy: WithholdingPolicy = DEFAULT_WITHHOLDING_POLICY) {
  let started = 0;
  const r = await importNewHires(deps, ctx, fileName, text, async (db, c, match) => {
    started += (await startIncomeWithholding(db, c, match, policy)).length;
  });
  return r.ok ? { ...r, value: { ...r.value, withholdingStarted: started } } : r;
}

/** The Income Withholding for Support form of one order as a PDF (the employer copy shows the full SSN). */
export async function iwoFormPdf(deps: Deps, ctx: RequestContext, iwoId: number, policy: WithholdingPolicy = DEFAULT_WITHHOLDING_POLICY): Promise<Result<{ pdf: Uint8Array; fileName: string }>> {
  const allowed = requirePermission(ctx.actor, 'case.write');
  if (!allowed.ok) return allowed;
  const w = await deps.db.selectFrom('income_withholding_order').select(['id', 'case_id', 'obligor_person_id', 'issued_date', 'income_source_date', 'document_tracking_number']).where('id', '=', iwoId).executeTakeFirst();
  if (!w || !(await canSeeCase(deps.db, ctx.actor, w.case_id))) return fail('NOT_FOUND');
  const d = await detailFor(deps, deps.db, w.id, w.issued_date ?? w.income_source_date, policy);
  if ('problem' in d) return fail('CASE_STATE_INVALID', d.problem);
  const fullSsn = requirePermission(ctx.actor, 'ssn.reveal').ok;
  const pdf = await renderIwoPdf(d.detail, { fullSsn });
  await recordAudit(deps.db, ctx, { action: 'export', entityType: 'income_withholding_order', entityId: w.id, personIds: [w.obligor_person_id], caseIds: [w.case_id], detail: { form: 'IWO PDF', fullSsn } });
  return ok({ pdf, fileName: `${w.document_tracking_number}.pdf` });
}
