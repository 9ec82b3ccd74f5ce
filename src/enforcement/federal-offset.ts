/**
 * Federal remedies certified from case account balances: tax refund offset (assistance arrears of at
 * least $150, non-assistance arrears of at least $500; 45 CFR 303.72(a)(2)-(3)) and passport denial
 * (arrears exceeding $2,500; 42 USC 652(k)). An obligor's cases of one kind are added together, as
 * 303.72(a)(2) allows for assigned support. Each certified case gets an enforcement_action with the
 * advance notice (303.72(e)) and the date by which the obligor may contest.
 *
 * Which buckets count as "assistance" for the offset is a reading of the bucket table: the assigned
 * buckets (PA, TA, CA) are the IV-A/IV-E arrears; UDA, UPA and NA are owed to the family.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { FailureError, type Result } from '../kernel/result.ts';
import { formatDollars, type Cents } from '../kernel/money.ts';
import { recordAudit } from '../security/audit.ts';
import { requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { ASSIGNED_BUCKETS, ARREARS_BUCKETS, type ArrearsBalances } from '../financial/buckets.ts';
import { buildSubmissionFile, type FopCaseRecord } from '../formats/fop/fop.ts';
import type { FopExclusion } from '../formats/fop/layouts.ts';
import { obligorIdentity, onDate, openActionWithNotice, openCaseArrears } from './remedy-actions.ts';
import { dueProcessPassed, planOffsetUpdates, remedyPolicyOn, weekStart, wholeDollars, type OffsetHeld, type OffsetTransaction, type OffsetWanted } from './remedy-rules.ts';

/** Thresholds in cents (policy data with their sources). */
export const OFFSET_THRESHOLDS = Object.freeze({
  /** 45 CFR 303.72(a)(2): assigned (IV-A/IV-E) past-due support of at least $150. */
  taxOffsetAssistanceCents: 15_000,
  /** 45 CFR 303.72(a)(3); 42 USC 664(b)(2)(A): non-IV-A past-due support of at least $500. */
  taxOffsetNonAssistanceCents: 50_000,
  /** 42 USC 652(k): arrears exceeding $2,500 (strictly more). */
  passportDenialCents: 250_000,
  /** 303.72(e): time the notice gives to contest before the State certifies. */
  contestDays: 30,
});

export function assistanceArrearsCents(a: ArrearsBalances): Cents {
  return ASSIGNED_BUCKETS.reduce((s, b) => s + Math.max(0, a[b]), 0);
}

export function nonAssistanceArrearsCents(a: ArrearsBalances): Cents {
  return ARREARS_BUCKETS.filter((b) => !ASSIGNED_BUCKETS.includes(b)).reduce((s, b) => s + Math.max(0, a[b]), 0);
}

export interface ObligorCertification {
  assistanceCents: Cents;
  nonAssistanceCents: Cents;
  taxOffsetAssistance: boolean;
  taxOffsetNonAssistance: boolean;
  passportDenial: boolean;
}

/** Pure: what an obligor qualifies for, from the arrears of all their cases. */
export function certifyObligor(cases: readonly ArrearsBalances[], t = OFFSET_THRESHOLDS): ObligorCertification {
  const assistanceCents = cases.reduce((s, a) => s + assistanceArrearsCents(a), 0);
  const nonAssistanceCents = cases.reduce((s, a) => s + nonAssistanceArrearsCents(a), 0);
  return {
    assistanceCents,
    nonAssistanceCents,
    taxOffsetAssistance: assistanceCents >= t.taxOffsetAssistanceCents,
    taxOffsetNonAssistance: nonAssistanceCents >= t.taxOffsetNonAssistanceCents,
    passportDenial: assistanceCents + nonAssistanceCents > t.passportDenialCents,
  };
}

export interface CertificationSummary {
  obligors: number;
  taxOffsetCases: number;
  passportDenialCases: number;
  alreadyCertified: number;
  /** Cases whose notice could not be made (e.g. no noncustodial parent on the case). */
  held: number;
}

/**
 * Creates the tax refund offset and passport denial actions for every qualifying case not already
 * certified, each case's actions sharing one pre-offset notice (303.72(e)) with the date by which the
 * obligor may contest. Runs inside the caller's transaction; running it twice certifies nothing new.
 */
async function certifyInTransaction(db: Db, ctx: RequestContext): Promise<CertificationSummary> {
  const date = ctx.clock.today();
  const rule = remedyPolicyOn(date).preOffsetNotice;
  const byObligor = new Map<number, { caseId: number; arrears: ArrearsBalances }[]>();
  for (const a of await openCaseArrears(db)) {
    const list = byObligor.get(a.obligorPersonId) ?? [];
    list.push({ caseId: a.caseId, arrears: a.state.arrears });
    byObligor.set(a.obligorPersonId, list);
  }
  const summary: CertificationSummary = { obligors: 0, taxOffsetCases: 0, passportDenialCases: 0, alreadyCertified: 0, held: 0 };
  for (const [obligorId, cases] of byObligor) {
    const cert = certifyObligor(cases.map((c) => c.arrears));
    if (!cert.taxOffsetAssistance && !cert.taxOffsetNonAssistance && !cert.passportDenial) continue;
    summary.obligors++;
    for (const c of cases) {
      const kinds: Array<{ kind: 'tax_refund_offset' | 'passport_denial'; reason: string }> = [];
      const a = assistanceArrearsCents(c.arrears);
      const n = nonAssistanceArrearsCents(c.arrears);
      const parts = [cert.taxOffsetAssistance && a > 0 ? `assistance arrears ${formatDollars(a)}` : null, cert.taxOffsetNonAssistance && n > 0 ? `non-assistance arrears ${formatDollars(n)}` : null].filter(Boolean);
      if (parts.length) kinds.push({ kind: 'tax_refund_offset', reason: parts.join('; ') });
      if (cert.passportDenial && a + n > 0) kinds.push({ kind: 'passport_denial', reason: `obligor arrears ${formatDollars(cert.assistanceCents + cert.nonAssistanceCents)} exceed ${formatDollars(OFFSET_THRESHOLDS.passportDenialCents)}` });
      const fresh = [];
      for (const k of kinds) {
        const existing = await db.selectFrom('enforcement_action').select('id').where('case_id', '=', c.caseId).where('kind', '=', k.kind).where('status', 'in', ['pending', 'active', 'contested']).executeTakeFirst();
        if (existing) summary.alreadyCertified++;
        else fresh.push(k);
      }
      if (!fresh.length) continue;
      // One pre-offset notice per case covers both remedies.
      const passport = fresh.some((k) => k.kind === 'passport_denial');
      const first = await openActionWithNotice(db, ctx, {
        caseId: c.caseId, obligorPersonId: obligorId, kind: fresh[0]!.kind, template: 'pre_offset_notice', rule, amountCents: a + n, reason: fresh[0]!.reason, source: 'case_account',
        extraFields: { offsetKinds: parts.join('; ') || 'past-due support', passportText: passport ? `Because you owe more than ${formatDollars(OFFSET_THRESHOLDS.passportDenialCents)}, the Secretary of State will also be told to refuse you a passport (42 USC 652(k)).` : '' },
      });
      if ('problem' in first) {
        summary.held++;
        continue;
      }
      for (const [i, k] of fresh.entries()) {
        if (i > 0) {
          await db.insertInto('enforcement_action').values({ case_id: c.caseId, obligor_person_id: obligorId, kind: k.kind, status: 'pending', start_date: date, due_date: first.dueDate, end_date: null, notice_kind: 'pre_offset_notice', notice_sent_date: date, notice_id: first.noticeId, amount_cents: a + n, source: 'case_account', source_id: null, reason: k.reason, created_by: ctx.actor.userId }).execute();
        }
        if (k.kind === 'tax_refund_offset') summary.taxOffsetCases++;
        else summary.passportDenialCases++;
      }
    }
  }
  return summary;
}

export async function certifyFederalOffset(deps: Deps, ctx: RequestContext, date: string): Promise<Result<CertificationSummary>> {
  const allowed = requirePermission(ctx.actor, 'case.write');
  if (!allowed.ok) return allowed;
  return inTransaction(deps.db, (db) => certifyInTransaction(db, onDate(ctx, date)));
}

export interface OffsetFileSummary {
  fileId: number | null;
  weekStart: string;
  /** A file was already written for this week: nothing new was written. */
  alreadyWritten: boolean;
  certification: CertificationSummary | null;
  adds: number;
  modifies: number;
  replaces: number;
  deletes: number;
  content: string | null;
  /** Obligors who qualify but cannot be submitted (no SSN on file). */
  held: { obligorPersonId: number; problem: string }[];
}

interface OffsetCase {
  caseId: number;
  caseNumber: string;
  arrears: ArrearsBalances;
  taxPassed: boolean;
  passportPassed: boolean;
  noticeDate: string | null;
}

/** What the State wants OCSE to hold: only cases whose pre-offset notice period has passed uncontested. */
export function wantedOffsets(obligorPersonId: number, cases: readonly OffsetCase[], t = OFFSET_THRESHOLDS): OffsetWanted[] {
  const eligible = cases.filter((c) => c.taxPassed);
  const notice = eligible.map((c) => c.noticeDate!).sort()[0];
  if (!eligible.length || !notice) return [];
  const a = eligible.reduce((s, c) => s + assistanceArrearsCents(c.arrears), 0);
  const n = eligible.reduce((s, c) => s + nonAssistanceArrearsCents(c.arrears), 0);
  const passport = cases.some((c) => c.passportPassed) && a + n > t.passportDenialCents;
  const exclusions: FopExclusion[] = passport ? [] : ['PAS'];
  const out: OffsetWanted[] = [];
  const caseFor = (pick: (c: OffsetCase) => number) => eligible.find((c) => pick(c) > 0)?.caseNumber ?? eligible[0]!.caseNumber;
  if (a >= t.taxOffsetAssistanceCents) out.push({ obligorPersonId, caseType: 'A', fopCaseId: caseFor((c) => assistanceArrearsCents(c.arrears)), amountDollars: wholeDollars(a), exclusions: exclusions.join(','), noticeDate: notice });
  if (n >= t.taxOffsetNonAssistanceCents) out.push({ obligorPersonId, caseType: 'N', fopCaseId: caseFor((c) => nonAssistanceArrearsCents(c.arrears)), amountDollars: wholeDollars(n), exclusions: exclusions.join(','), noticeDate: notice });
  return out;
}

/**
 * The weekly Federal Offset submission (`cse enforcement offset-file --date D`): certifies newly
 * qualifying cases (pre-offset notices), then sends OCSE only the differences from what it holds: adds
 * for obligors whose notice period passed, modifications when the amount changed, exclusion
 * replacements (passport denial), deletions when an obligor falls below the threshold, contests or the
 * cases close. One file per week: a second run in the same week writes nothing new.
 */
export async function writeOffsetFile(deps: Deps, ctx0: RequestContext, date: string): Promise<Result<OffsetFileSummary>> {
  const allowed = requirePermission(ctx0.actor, 'case.write');
  if (!allowed.ok) return allowed;
  const ctx = onDate(ctx0, date);
  const week = weekStart(date);
  const policy = remedyPolicyOn(date).offset;
  return inTransaction(deps.db, async (db) => {
    const empty = { adds: 0, modifies: 0, replaces: 0, deletes: 0, held: [] };
    const done = await db.selectFrom('federal_offset_file').select('id').where('week_start', '=', week).executeTakeFirst();
    if (done) return { fileId: done.id, weekStart: week, alreadyWritten: true, certification: null, content: null, ...empty };
    const certification = await certifyInTransaction(db, ctx);

    // Close the offset actions of cases that closed: their arrears leave the submission.
    await db.updateTable('enforcement_action').set({ status: 'closed', end_date: date, reason: 'case closed' })
      .where('kind', 'in', ['tax_refund_offset', 'passport_denial']).where('status', 'in', ['pending', 'active'])
      .where('case_id', 'in', (eb) => eb.selectFrom('iv_d_case').select('id').where('status', '=', 'closed')).execute();

    const actions = await db.selectFrom('enforcement_action').select(['case_id', 'kind', 'status', 'due_date', 'notice_sent_date'])
      .where('kind', 'in', ['tax_refund_offset', 'passport_denial']).where('status', 'in', ['pending', 'active']).execute();
    const passed = (caseId: number, kind: string) => actions.find((x) => x.case_id === caseId && x.kind === kind && dueProcessPassed(x.due_date, date));
    const byObligor = new Map<number, OffsetCase[]>();
    for (const c of await openCaseArrears(db)) {
      const tax = passed(c.caseId, 'tax_refund_offset');
      const list = byObligor.get(c.obligorPersonId) ?? [];
      list.push({ caseId: c.caseId, caseNumber: c.caseNumber, arrears: c.state.arrears, taxPassed: !!tax, passportPassed: !!passed(c.caseId, 'passport_denial'), noticeDate: tax?.notice_sent_date ?? null });
      byObligor.set(c.obligorPersonId, list);
    }
    const held: OffsetFileSummary['held'] = [];
    const identities = new Map<number, Awaited<ReturnType<typeof obligorIdentity>>>();
    const wanted: OffsetWanted[] = [];
    for (const [obligorId, cases] of byObligor) {
      const w = wantedOffsets(obligorId, cases);
      if (!w.length) continue;
      const who = await obligorIdentity(deps, db, obligorId, date);
      if (!who.ssn) {
        held.push({ obligorPersonId: obligorId, problem: "the obligor's SSN is not on file" });
        continue;
      }
      identities.set(obligorId, who);
      wanted.push(...w);
    }
    const heldRows = await db.selectFrom('federal_offset_certification').selectAll().execute();
    const heldNow: OffsetHeld[] = heldRows.map((h) => ({ obligorPersonId: h.obligor_person_id, caseType: h.case_type, fopCaseId: h.fop_case_id, amountDollars: h.amount_dollars, exclusions: h.exclusions, noticeDate: h.notice_date, status: h.status }));
    // An obligor held back this week (no SSN) keeps what OCSE has.
    const plan = planOffsetUpdates(heldNow, wanted).filter((t) => !(t.type === 'D' && held.some((h) => h.obligorPersonId === t.obligorPersonId)));
    const counts = { adds: plan.filter((t) => t.type === 'A').length, modifies: plan.filter((t) => t.type === 'M').length, replaces: plan.filter((t) => t.type === 'R').length, deletes: plan.filter((t) => t.type === 'D').length };
    if (!plan.length) return { fileId: null, weekStart: week, alreadyWritten: false, certification, content: null, ...counts, held };

    const records: FopCaseRecord[] = [];
    for (const t of plan) {
      const who = identities.get(t.obligorPersonId) ?? (await obligorIdentity(deps, db, t.obligorPersonId, date));
      records.push({
        submitting_state: policy.submittingState, local_code: policy.localCode, ssn: who.ssn ?? '000000000', case_id: t.fopCaseId.slice(0, 15),
        last_name: who.last.slice(0, 20), first_name: who.first.slice(0, 15), amount_owed_dollars: t.amountDollars, transaction_type: t.type, case_type: t.caseType, process_year: Number(date.slice(0, 4)),
        address_line_1: who.address?.line1.slice(0, 30) ?? '', address_line_2: who.address?.line2.slice(0, 30) ?? '', city: who.address?.city ?? '', state: who.address?.state ?? '', zip: who.address?.zip.slice(0, 9) ?? '',
        notice_date: t.noticeDate, exclusions: t.exclusions ? (t.exclusions.split(',') as FopExclusion[]) : [],
      });
    }
    const built = buildSubmissionFile(policy.submittingState, records);
    if (!built.ok) throw new FailureError(built);
    const file = await db.insertInto('federal_offset_file').values({ week_start: week, file_date: date, record_count: records.length, content: built.value, file_sha256: createHash('sha256').update(built.value).digest('hex'), created_by: ctx.actor.userId }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('federal_offset_record').values(plan.map((t, i) => ({ file_id: file.id, line: i + 1, obligor_person_id: t.obligorPersonId, case_type: t.caseType, transaction_type: t.type, amount_dollars: t.amountDollars, exclusions: t.exclusions }))).execute();
    await applyPlan(db, plan, date);
    await recordAudit(db, ctx, { action: 'export', entityType: 'federal_offset_file', entityId: file.id, personIds: [...new Set(plan.map((t) => t.obligorPersonId))], detail: { weekStart: week, ...counts } });
    return { fileId: file.id, weekStart: week, alreadyWritten: false, certification, content: built.value, ...counts, held };
  });
}

/** Records what OCSE now holds and moves the actions: submitted when added, closed when deleted. */
async function applyPlan(db: Db, plan: readonly OffsetTransaction[], date: string): Promise<void> {
  for (const t of plan) {
    const values = { fop_case_id: t.fopCaseId, amount_dollars: t.amountDollars, exclusions: t.exclusions, notice_date: t.noticeDate, changed_date: date };
    if (t.type === 'A') {
      await db.insertInto('federal_offset_certification').values({ obligor_person_id: t.obligorPersonId, case_type: t.caseType, ...values, status: 'certified', certified_date: date })
        .onConflict((oc) => oc.columns(['obligor_person_id', 'case_type']).doUpdateSet({ ...values, status: 'certified', certified_date: date })).execute();
    } else if (t.type === 'D') {
      await db.updateTable('federal_offset_certification').set({ status: 'deleted', amount_dollars: 0, changed_date: date }).where('obligor_person_id', '=', t.obligorPersonId).where('case_type', '=', t.caseType).execute();
    } else {
      await db.updateTable('federal_offset_certification').set(values).where('obligor_person_id', '=', t.obligorPersonId).where('case_type', '=', t.caseType).execute();
    }
  }
  for (const obligorId of new Set(plan.map((t) => t.obligorPersonId))) {
    const still = await db.selectFrom('federal_offset_certification').select(['exclusions']).where('obligor_person_id', '=', obligorId).where('status', '=', 'certified').execute();
    const open = db.updateTable('enforcement_action').where('obligor_person_id', '=', obligorId);
    if (still.length === 0) {
      await open.set({ status: 'closed', end_date: date, reason: 'deleted from the Federal Offset Program (below threshold, contested or closed)' }).where('kind', 'in', ['tax_refund_offset', 'passport_denial']).where('status', 'in', ['pending', 'active']).where('due_date', '<', date).execute();
      continue;
    }
    await open.set({ status: 'active', submitted_date: date }).where('kind', '=', 'tax_refund_offset').where('status', '=', 'pending').where('due_date', '<', date).execute();
    if (still.some((s) => !s.exclusions.split(',').includes('PAS'))) {
      await db.updateTable('enforcement_action').set({ status: 'active', submitted_date: date }).where('obligor_person_id', '=', obligorId).where('kind', '=', 'passport_denial').where('status', '=', 'pending').where('due_date', '<', date).execute();
    }
  }
}
