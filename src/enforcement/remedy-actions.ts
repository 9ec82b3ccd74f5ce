/**
 * What every administrative remedy shares: the obligor's arrears across open cases, the obligor's
 * identity for an outgoing file (SSN decrypted only here, to write the file), and opening an
 * enforcement_action together with its notice (casework notices) and due-process date.
 */
import { asciiUpper } from '../formats/ascii.ts';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import type { EnforcementKind } from '../db/schema.ts';
import { FailureError } from '../kernel/result.ts';
import { formatDollars, type Cents } from '../kernel/money.ts';
import { recordAudit } from '../security/audit.ts';
import type { RequestContext } from '../security/context.ts';
import { decryptText } from '../security/pii.ts';
import { createNotice } from '../casework/notices.ts';
import { longDate } from '../casework/notice-templates.ts';
import type { CaseRow } from '../casework/facts.ts';
import { totalArrearsCents, type CaseState } from '../financial/buckets.ts';
import { loadCaseTerms } from '../financial/accounts.ts';
import { currentSupportForMonth } from '../financial/obligation-rules.ts';
import { dueProcessEnds, type DueProcessRule } from './remedy-rules.ts';

/** The same request, on a business date (batch runs for a date D date their notices D). */
export function onDate(ctx: RequestContext, date: string): RequestContext {
  return { ...ctx, clock: { now: () => ctx.clock.now(), today: () => date } };
}

export interface OpenCaseArrears {
  caseId: number;
  caseNumber: string;
  obligorPersonId: number;
  state: CaseState;
  arrearsCents: Cents;
}

/** Every open case with an account, with its arrears, by obligor then case. */
export async function openCaseArrears(db: Db): Promise<OpenCaseArrears[]> {
  const rows = await db
    .selectFrom('case_account as a')
    .innerJoin('iv_d_case as c', 'c.id', 'a.case_id')
    .select(['a.case_id', 'a.obligor_person_id', 'a.state', 'c.case_number'])
    .where('c.status', '=', 'open')
    .orderBy('a.obligor_person_id')
    .orderBy('a.case_id')
    .execute();
  return rows.map((r) => ({ caseId: r.case_id, caseNumber: r.case_number, obligorPersonId: r.obligor_person_id, state: r.state as CaseState, arrearsCents: totalArrearsCents((r.state as CaseState).arrears) }));
}

export async function monthlySupportCents(db: Db, caseId: number, date: string): Promise<Cents> {
  const terms = await loadCaseTerms(db, caseId);
  return currentSupportForMonth(terms.obligations, date.slice(0, 7));
}

export async function caseRow(db: Db, caseId: number): Promise<CaseRow> {
  const r = await sql<CaseRow>`
    select c.id, c.case_number, c.case_type, c.interstate_role, c.other_jurisdiction_fips, c.intake_source, c.status,
      c.received_date, c.opened_date, c.closed_date, c.closure_reason, c.office_id, c.assigned_worker_id
    from iv_d_case c where c.id = ${caseId}`.execute(db);
  return r.rows[0]!;
}

export interface ObligorIdentity {
  personId: number;
  ssn: string | null;
  first: string;
  middle: string;
  last: string;
  birthDate: string | null;
  address: { line1: string; line2: string; city: string; state: string; zip: string } | null;
}

// The federal lists allow printable ASCII only: accents are transliterated (PEÑA -> PENA); a name with no
// Latin form at all keeps '?' for the letters it cannot write (the SSN is the match key on these files).
const up = (s: string | null | undefined, n: number) => asciiUpper(s, n) ?? (s ?? '').toUpperCase().replace(/[^\x20-\x7e]/g, '?').slice(0, n);

/** The obligor as an outgoing file names them (upper case ASCII, cut to the field widths). */
export async function obligorIdentity(deps: Pick<Deps, 'keys'>, db: Db, personId: number, asOf: string): Promise<ObligorIdentity> {
  const p = await db.selectFrom('person').select(['first_name', 'middle_name', 'last_name', 'ssn_ciphertext', 'date_of_birth']).where('id', '=', personId).executeTakeFirstOrThrow();
  const a = await sql<{ line1: string; line2: string | null; city: string; state_code: string; zip: string }>`
    select line1, line2, city, state_code, zip from person_address
    where person_id = ${personId} and effective_from <= ${asOf} and (effective_to is null or effective_to >= ${asOf}) and verification <> 'bad'
    order by (kind = 'mailing') desc, effective_from desc, id desc limit 1`.execute(db);
  const addr = a.rows[0];
  return {
    personId,
    ssn: p.ssn_ciphertext ? decryptText(deps.keys, p.ssn_ciphertext) : null,
    first: up(p.first_name, 20),
    middle: up(p.middle_name, 20),
    last: up(p.last_name, 25),
    birthDate: p.date_of_birth ?? null,
    address: addr ? { line1: up(addr.line1, 32), line2: up(addr.line2, 30), city: up(addr.city, 25), state: up(addr.state_code, 2), zip: addr.zip.replace(/\D/g, '') } : null,
  };
}

export interface OpenAction {
  caseId: number;
  obligorPersonId: number;
  kind: EnforcementKind;
  template: string;
  rule: DueProcessRule;
  amountCents: Cents;
  reason: string;
  source: string;
  sourceId?: number | null;
  extraFields?: Record<string, string>;
}

export interface OpenedAction {
  actionId: number;
  noticeId: number;
  dueDate: string;
}

/**
 * Opens a pending action with its notice to the obligor, dated the business date of `ctx`; due process
 * ends `rule` days later. A case whose notice cannot be made (no noncustodial parent on the case) gives
 * null and nothing is written.
 */
export async function openActionWithNotice(db: Db, ctx: RequestContext, a: OpenAction): Promise<OpenedAction | { problem: string }> {
  const date = ctx.clock.today();
  const dueDate = dueProcessEnds(date, a.rule);
  let notice;
  try {
    notice = await createNotice(db, ctx, await caseRow(db, a.caseId), a.template, { recipientRole: 'noncustodial_parent', extraFields: { amountOwed: formatDollars(a.amountCents), dueProcessDate: longDate(dueDate), ...a.extraFields } });
  } catch (e) {
    if (e instanceof FailureError) return { problem: e.failure.message };
    throw e;
  }
  const row = await db
    .insertInto('enforcement_action')
    .values({ case_id: a.caseId, obligor_person_id: a.obligorPersonId, kind: a.kind, status: 'pending', start_date: date, due_date: dueDate, end_date: null, notice_kind: a.template, notice_sent_date: date, notice_id: notice.noticeId, amount_cents: a.amountCents, source: a.source, source_id: a.sourceId ?? null, reason: a.reason, created_by: ctx.actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(db, ctx, { action: 'create', entityType: 'enforcement_action', entityId: row.id, personIds: [a.obligorPersonId], caseIds: [a.caseId], detail: { kind: a.kind, dueDate, noticeId: notice.noticeId, amountCents: a.amountCents } });
  return { actionId: row.id, noticeId: notice.noticeId, dueDate };
}
