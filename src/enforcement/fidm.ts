/**
 * Financial institution data match (42 USC 666(a)(17)): a match file names obligors' accounts; an
 * obligor whose arrears reach the State's levy threshold gets a levy action on the case with the most
 * arrears, with a notice naming the institution and the amount and a due-process date. After due
 * process without a contest the levy goes to the institution (`fidm-levies --date D`: status active,
 * submitted); the institution's payment is receipted through the financial receipt path and closes it.
 * The match file is OCSE's FIDM layout (formats/fidm: A institution, B matched accounts, T totals), the
 * one multistate and in-state matches share; the inquiry file (D / I / T) lists the obligors to match.
 * The same match file twice is refused: its key is the SHA-256 of its records, not its bytes, so a file
 * re-sent with other line endings or without its final line break posts nothing twice. A malformed one
 * is rejected whole.
 */
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { fail, FailureError, ok, type Result } from '../kernel/result.ts';
import { formatDollars, type Cents } from '../kernel/money.ts';
import { recordAudit } from '../security/audit.ts';
import { canSeeCase, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { blindIndex } from '../security/pii.ts';
import { receiveReceipt } from '../financial/receipts.ts';
import { distributeReceipt } from '../financial/distribute.ts';
import { FIDM_ACCOUNT_TYPES } from '../formats/fidm/layouts.ts';
import { buildFidmInquiryFile, fidmRecordsKey, parseFidmMatchFile } from '../formats/fidm/fidm.ts';
import { obligorIdentity, onDate, openActionWithNotice, openCaseArrears } from './remedy-actions.ts';
import { dueProcessPassed, levyAmountCents, remedyPolicyOn } from './remedy-rules.ts';

export interface FidmImportSummary {
  batchId: number;
  matches: number;
  levies: number;
  belowThreshold: number;
  noObligor: number;
  levyAlreadyOpen: number;
  levyCents: Cents;
  /** Matches whose notice could not be made. */
  held: number;
}

export async function importFidmMatches(deps: Deps, ctx0: RequestContext, fileName: string, text: string): Promise<Result<FidmImportSummary>> {
  const allowed = requirePermission(ctx0.actor, 'case.write');
  if (!allowed.ok) return allowed;
  const file = parseFidmMatchFile(text);
  if (!file.ok) return file;
  const parsed = { value: file.value.matches };
  const ctx = ctx0;
  const date = ctx.clock.today();
  const policy = remedyPolicyOn(date).fidm;
  const sha256 = fidmRecordsKey(text);
  return inTransaction(deps.db, async (db) => {
    const earlier = await db.selectFrom('import_batch').select('id').where('kind', '=', 'fidm_match').where('file_sha256', '=', sha256).executeTakeFirst();
    if (earlier) throw new FailureError(fail('ALREADY_PROCESSED', `this file was already imported as batch ${earlier.id}; nothing was written`, undefined, { batchId: earlier.id }));
    const batch = await db.insertInto('import_batch').values({ kind: 'fidm_match', file_name: fileName.slice(0, 200), file_sha256: sha256, line_count: parsed.value.length, status: 'accepted', created_by: ctx.actor.userId }).returning('id').executeTakeFirstOrThrow();
    const s: FidmImportSummary = { batchId: batch.id, matches: parsed.value.length, levies: 0, belowThreshold: 0, noObligor: 0, levyAlreadyOpen: 0, levyCents: 0, held: 0 };
    const arrears = await openCaseArrears(db);
    for (const m of parsed.value) {
      const person = await db.selectFrom('person').select('id').where('ssn_index', '=', blindIndex(deps.keys, m.ssn)).executeTakeFirst();
      const last4 = m.account_number.replace(/\s/g, '').slice(-4).padStart(4, '0');
      const cases = person ? arrears.filter((a) => a.obligorPersonId === person.id && a.arrearsCents > 0) : [];
      const total = cases.reduce((t, c) => t + c.arrearsCents, 0);
      let outcome: 'levy' | 'below_threshold' | 'no_obligor' | 'levy_open' = 'levy';
      if (!person) outcome = 'no_obligor';
      else if (total < policy.levyThresholdCents || m.balance_cents <= 0 || levyAmountCents(total, m.balance_cents, policy.exemptBalanceCents) === 0) outcome = 'below_threshold';
      else {
        const open = await db.selectFrom('fidm_match as f').innerJoin('enforcement_action as a', 'a.id', 'f.enforcement_action_id')
          .select('a.id').where('f.obligor_person_id', '=', person.id).where('f.institution_fein', '=', m.institution_fein).where('f.account_last4', '=', last4)
          .where('a.status', 'in', ['pending', 'active', 'contested']).executeTakeFirst();
        if (open) outcome = 'levy_open';
      }
      const row = await db.insertInto('fidm_match').values({ import_batch_id: batch.id, line: m.line, obligor_person_id: person?.id ?? null, institution_fein: m.institution_fein, institution_name: m.institution_name, account_last4: last4, account_type: FIDM_ACCOUNT_TYPES[m.account_type], balance_cents: m.balance_cents, match_date: date, enforcement_action_id: null, outcome }).returning('id').executeTakeFirstOrThrow();
      if (outcome === 'no_obligor') s.noObligor++;
      else if (outcome === 'below_threshold') s.belowThreshold++;
      else if (outcome === 'levy_open') s.levyAlreadyOpen++;
      if (outcome !== 'levy' || !person) continue;
      // The levy is taken on the case owed the most (ties: the oldest case).
      const target = [...cases].sort((a, b) => b.arrearsCents - a.arrearsCents || a.caseId - b.caseId)[0]!;
      const levy = levyAmountCents(total, m.balance_cents, policy.exemptBalanceCents);
      const opened = await openActionWithNotice(db, onDate(ctx, date), {
        caseId: target.caseId, obligorPersonId: person.id, kind: 'fidm_levy', template: 'fidm_levy_notice', rule: policy.dueProcess, amountCents: total,
        reason: `levy ${formatDollars(levy)} on ${m.institution_name} account ending ${last4}`, source: 'fidm_match', sourceId: row.id,
        extraFields: { institutionName: m.institution_name, accountLast4: last4, levyAmount: formatDollars(levy) },
      });
      if ('problem' in opened) {
        s.held++;
        continue;
      }
      await db.updateTable('enforcement_action').set({ amount_cents: levy }).where('id', '=', opened.actionId).execute();
      await db.updateTable('fidm_match').set({ enforcement_action_id: opened.actionId }).where('id', '=', row.id).execute();
      s.levies++;
      s.levyCents += levy;
    }
    await recordAudit(db, ctx, { action: 'import', entityType: 'import_batch', entityId: batch.id, detail: { kind: 'fidm_match', ...s } });
    return s;
  });
}

export interface FidmInquiryExport {
  content: string;
  inquiries: number;
  /** Obligors left out: no SSN on file. */
  noSsn: number;
}

/**
 * The inquiry file for `date`: every obligor whose arrears across open cases reach the levy threshold,
 * with the State's FIPS code to be passed back on a match. The SSN is decrypted only to write the file.
 */
export async function exportFidmInquiry(deps: Deps, ctx: RequestContext, date: string, stateFips: string): Promise<Result<FidmInquiryExport>> {
  const allowed = requirePermission(ctx.actor, 'case.write');
  if (!allowed.ok) return allowed;
  const policy = remedyPolicyOn(date).fidm;
  const byObligor = new Map<number, number>();
  for (const a of await openCaseArrears(deps.db)) byObligor.set(a.obligorPersonId, (byObligor.get(a.obligorPersonId) ?? 0) + a.arrearsCents);
  const inquiries = [];
  let noSsn = 0;
  for (const [personId, arrears] of [...byObligor.entries()].sort((a, b) => a[0] - b[0])) {
    if (arrears < policy.levyThresholdCents) continue;
    const who = await obligorIdentity(deps, deps.db, personId, date);
    if (!who.ssn) {
      noSsn++;
      continue;
    }
    inquiries.push({ ssn: who.ssn, last_name: who.last.slice(0, 20), first_name: who.first.slice(0, 15), fips_pass_back: stateFips.slice(0, 5) });
  }
  const built = buildFidmInquiryFile({ year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), state_fips: stateFips.slice(0, 5), inquiries });
  if (!built.ok) return built;
  await recordAudit(deps.db, ctx, { action: 'export', entityType: 'fidm_inquiry', personIds: [...byObligor.keys()].filter((id) => (byObligor.get(id) ?? 0) >= policy.levyThresholdCents), detail: { date, inquiries: inquiries.length, noSsn } });
  return ok({ content: built.value, inquiries: inquiries.length, noSsn });
}

/** Levies whose due process ended without a contest go to the institution on `date`. */
export async function sendFidmLevies(deps: Deps, ctx: RequestContext, date: string): Promise<Result<{ sent: number; actionIds: number[] }>> {
  const allowed = requirePermission(ctx.actor, 'case.write');
  if (!allowed.ok) return allowed;
  return inTransaction(deps.db, async (db) => {
    const due = await db.selectFrom('enforcement_action').select(['id', 'case_id', 'obligor_person_id', 'due_date']).where('kind', '=', 'fidm_levy').where('status', '=', 'pending').orderBy('id').execute();
    const ready = due.filter((a) => dueProcessPassed(a.due_date, date));
    if (ready.length) await db.updateTable('enforcement_action').set({ status: 'active', submitted_date: date }).where('id', 'in', ready.map((a) => a.id)).execute();
    for (const a of ready) await recordAudit(db, ctx, { action: 'update', entityType: 'enforcement_action', entityId: a.id, caseIds: [a.case_id], personIds: [a.obligor_person_id], detail: { levySent: date } });
    return { sent: ready.length, actionIds: ready.map((a) => a.id) };
  });
}

/**
 * The institution paid a levy: one receipt (keyed by the action, so twice is once) through the
 * financial receipt path, distributed at once; the levy action closes.
 */
export async function receiveLevyPayment(deps: Deps, ctx: RequestContext, actionId: number, amountCents: Cents, receivedDate: string): Promise<Result<{ receiptId: number; duplicate: boolean }>> {
  const allowed = requirePermission(ctx.actor, 'finance.write');
  if (!allowed.ok) return allowed;
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) return fail('VALIDATION_FAILED', undefined, [{ path: '/amount', message: 'must be more than zero' }]);
  return inTransaction(deps.db, async (db) => {
    const a = await db.selectFrom('enforcement_action as a').innerJoin('iv_d_case as c', 'c.id', 'a.case_id').select(['a.id', 'a.kind', 'a.status', 'a.case_id', 'a.obligor_person_id', 'a.amount_cents', 'c.case_number']).where('a.id', '=', actionId).executeTakeFirst();
    if (!a || a.kind !== 'fidm_levy' || !(await canSeeCase(db, ctx.actor, a.case_id))) throw new FailureError(fail('NOT_FOUND', `no levy ${actionId}`));
    const key = `fidm-levy:${actionId}`;
    const seen = await db.selectFrom('receipt').select('id').where('idempotency_key', '=', key).executeTakeFirst();
    if (seen) return { receiptId: seen.id, duplicate: true };
    if (a.status !== 'active') throw new FailureError(fail('CASE_STATE_INVALID', `the levy is ${a.status}; only a levy sent to the institution can be paid`));
    if (a.amount_cents !== null && amountCents > a.amount_cents) throw new FailureError(fail('VALIDATION_FAILED', undefined, [{ path: '/amount', message: `more than the levy of ${formatDollars(a.amount_cents)}` }]));
    const posted = await receiveReceipt({ ...deps, db }, ctx, { idempotencyKey: key, source: 'other', amountCents, receivedDate, caseNumber: a.case_number, reference: `FIDM levy ${actionId}`, remitterName: 'FINANCIAL INSTITUTION LEVY' });
    if (posted.status === 'undistributed') await distributeReceipt({ ...deps, db }, { batchRunId: null, userId: ctx.actor.userId, now: ctx.clock.now(), businessDate: ctx.clock.today() }, posted.receiptId);
    await db.updateTable('enforcement_action').set({ status: 'closed', end_date: receivedDate, reason: `levy paid ${formatDollars(amountCents)} (receipt ${posted.receiptId})` }).where('id', '=', actionId).execute();
    await recordAudit(db, ctx, { action: 'update', entityType: 'enforcement_action', entityId: actionId, caseIds: [a.case_id], personIds: [a.obligor_person_id], detail: { levyReceipt: posted.receiptId, amountCents } });
    return ok({ receiptId: posted.receiptId, duplicate: false }).value;
  });
}
