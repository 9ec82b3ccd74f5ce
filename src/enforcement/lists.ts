/**
 * License suspension (42 USC 666(a)(16)) and credit bureau reporting (666(a)(7)) lists, run for a date
 * (`cse enforcement license-list --date D`, `cse enforcement credit-report --date D`):
 * - a case whose arrears meet the State's criteria (effective-dated policy) gets an action with a notice
 *   and a due-process date;
 * - only after the due-process date has passed without a contest does the obligor go on the list (add);
 * - an obligor on the list who has paid below the criteria, or whose case closed, comes off (remove);
 * - the credit file also refreshes the balance of everyone still reported (update), as bureaus expect.
 * One file per kind and date: a second run for the same date writes nothing new.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { FailureError, type Result } from '../kernel/result.ts';
import type { Cents } from '../kernel/money.ts';
import { recordAudit } from '../security/audit.ts';
import { requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { buildCreditFile, buildLicenseList, type CreditRecord, type LicenseListRecord } from '../formats/remedies/remedies.ts';
import { monthlySupportCents, obligorIdentity, onDate, openActionWithNotice, openCaseArrears } from './remedy-actions.ts';
import { dueProcessPassed, meetsArrearsCriteria, remedyPolicyOn, wholeDollars } from './remedy-rules.ts';

export type ListKind = 'license_suspension' | 'credit_reporting';

export interface ListSummary {
  kind: ListKind;
  listDate: string;
  fileId: number | null;
  alreadyWritten: boolean;
  noticesSent: number;
  added: number;
  updated: number;
  removed: number;
  /** Actions that could not go on the list (no SSN) or whose notice could not be made. */
  held: number;
  content: string | null;
}

const TEMPLATE: Record<ListKind, string> = { license_suspension: 'license_suspension_notice', credit_reporting: 'credit_reporting_notice' };

interface Entry {
  actionId: number;
  caseId: number;
  caseNumber: string;
  obligorPersonId: number;
  entry: 'add' | 'update' | 'remove';
  amountCents: Cents;
  openedDate: string;
}

export async function runRemedyList(deps: Deps, ctx0: RequestContext, kind: ListKind, date: string): Promise<Result<ListSummary>> {
  const allowed = requirePermission(ctx0.actor, 'case.write');
  if (!allowed.ok) return allowed;
  const ctx = onDate(ctx0, date);
  const policy = remedyPolicyOn(date);
  const criteria = kind === 'license_suspension' ? policy.license : policy.credit;
  return inTransaction(deps.db, async (db) => {
    const s: ListSummary = { kind, listDate: date, fileId: null, alreadyWritten: false, noticesSent: 0, added: 0, updated: 0, removed: 0, held: 0, content: null };
    const done = await db.selectFrom('enforcement_list_file').select('id').where('kind', '=', kind).where('list_date', '=', date).executeTakeFirst();
    if (done) return { ...s, fileId: done.id, alreadyWritten: true };
    const open = await openCaseArrears(db);
    const byCase = new Map(open.map((c) => [c.caseId, c]));
    const meets = new Map<number, boolean>();
    for (const c of open) meets.set(c.caseId, meetsArrearsCriteria(c.arrearsCents, await monthlySupportCents(db, c.caseId, date), criteria));
    const actions = await db.selectFrom('enforcement_action as a').innerJoin('iv_d_case as c', 'c.id', 'a.case_id')
      .select(['a.id', 'a.case_id', 'a.obligor_person_id', 'a.status', 'a.due_date', 'a.start_date', 'c.case_number', 'c.opened_date'])
      .where('a.kind', '=', kind).where('a.status', 'in', ['pending', 'active', 'contested']).orderBy('a.id').execute();
    const entries: Entry[] = [];
    const close = (id: number, reason: string) => db.updateTable('enforcement_action').set({ status: 'closed', end_date: date, reason }).where('id', '=', id).execute();
    for (const a of actions) {
      const c = byCase.get(a.case_id);
      const still = c !== undefined && meets.get(a.case_id) === true;
      const base = { actionId: a.id, caseId: a.case_id, caseNumber: a.case_number, obligorPersonId: a.obligor_person_id, amountCents: c?.arrearsCents ?? 0, openedDate: a.opened_date };
      if (a.status === 'active') {
        if (!still) {
          await close(a.id, c ? 'arrears paid below the criteria' : 'case closed');
          entries.push({ ...base, entry: 'remove' });
        } else if (kind === 'credit_reporting') entries.push({ ...base, entry: 'update' });
      } else if (!still) {
        await close(a.id, c ? 'arrears paid below the criteria before submission' : 'case closed');
      } else if (a.status === 'pending' && dueProcessPassed(a.due_date, date)) {
        entries.push({ ...base, entry: 'add' });
      }
    }
    // New notices for cases that meet the criteria and have no open action of this kind.
    const withAction = new Set(actions.map((a) => a.case_id));
    for (const c of open) {
      if (withAction.has(c.caseId) || !meets.get(c.caseId)) continue;
      const opened = await openActionWithNotice(db, ctx, { caseId: c.caseId, obligorPersonId: c.obligorPersonId, kind, template: TEMPLATE[kind], rule: criteria.dueProcess, amountCents: c.arrearsCents, reason: `arrears meet the ${kind === 'license_suspension' ? 'license suspension' : 'credit reporting'} criteria`, source: 'case_account' });
      if ('problem' in opened) s.held++;
      else s.noticesSent++;
    }
    const written = await writeList(deps, db, ctx, kind, date, entries, policy.credit.furnisherId);
    return { ...s, ...written };
  });
}

async function writeList(deps: Deps, db: Db, ctx: RequestContext, kind: ListKind, date: string, entries: Entry[], furnisherId: string): Promise<Pick<ListSummary, 'fileId' | 'content' | 'added' | 'updated' | 'removed' | 'held'> | { held: number }> {
  const rows: Entry[] = [];
  const license: LicenseListRecord[] = [];
  const credit: CreditRecord[] = [];
  let held = 0;
  for (const e of entries) {
    const who = await obligorIdentity(deps, db, e.obligorPersonId, date);
    if (!who.ssn) {
      held++;
      continue;
    }
    rows.push(e);
    if (kind === 'license_suspension') {
      license.push({ action: e.entry === 'remove' ? 'D' : 'A', ssn: who.ssn, last_name: who.last.slice(0, 20), first_name: who.first.slice(0, 15), middle_name: who.middle.slice(0, 15), birth_date: who.birthDate ?? undefined, case_number: e.caseNumber, arrears_cents: e.entry === 'remove' ? 0 : e.amountCents, list_date: date });
    } else {
      const dollars = e.entry === 'remove' ? 0 : wholeDollars(e.amountCents);
      credit.push({ activity_date: date, furnisher_id: furnisherId, account_number: e.caseNumber, date_opened: e.openedDate, current_balance_dollars: dollars, amount_past_due_dollars: dollars, account_status: e.entry === 'remove' ? 'DA' : '93', surname: who.last, first_name: who.first, middle_name: who.middle, ssn: who.ssn, birth_date: who.birthDate ?? undefined, address: who.address?.line1 ?? '', city: (who.address?.city ?? '').slice(0, 20), state: who.address?.state ?? '', zip: who.address?.zip.slice(0, 9) ?? '' });
    }
  }
  const counts = { added: rows.filter((r) => r.entry === 'add').length, updated: rows.filter((r) => r.entry === 'update').length, removed: rows.filter((r) => r.entry === 'remove').length, held };
  if (!rows.length) return { fileId: null, content: null, ...counts };
  const built = kind === 'license_suspension' ? buildLicenseList(license) : buildCreditFile(credit);
  if (!built.ok) throw new FailureError(built);
  const file = await db.insertInto('enforcement_list_file').values({ kind, list_date: date, record_count: rows.length, content: built.value, file_sha256: createHash('sha256').update(built.value).digest('hex'), created_by: ctx.actor.userId }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('enforcement_list_entry').values(rows.map((r) => ({ file_id: file.id, enforcement_action_id: r.actionId, entry: r.entry, amount_cents: r.entry === 'remove' ? 0 : r.amountCents }))).execute();
  const adds = rows.filter((r) => r.entry === 'add').map((r) => r.actionId);
  if (adds.length) await db.updateTable('enforcement_action').set({ status: 'active', submitted_date: date }).where('id', 'in', adds).execute();
  await recordAudit(db, ctx, { action: 'export', entityType: 'enforcement_list_file', entityId: file.id, personIds: [...new Set(rows.map((r) => r.obligorPersonId))], caseIds: [...new Set(rows.map((r) => r.caseId))], detail: { kind, date, ...counts } });
  return { fileId: file.id, content: built.value, ...counts };
}
