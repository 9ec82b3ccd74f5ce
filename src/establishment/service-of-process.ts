/**
 * Service of process and the establishment timeframe. 45 CFR 303.4(d): within 90 calendar days of
 * locating the alleged father or noncustodial parent, establish an order or complete service of process
 * (or document unsuccessful attempts). The clock is a case_timeframe row ('establishment'): started when
 * the person is reported located (or, failing that, at the first service attempt), met when service of an
 * establishment document is completed or an order is entered. This module owns service_attempt.
 */
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import type { Db } from '../db/database.ts';
import { fail, FailureError, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import type { RequestContext } from '../security/context.ts';
import { establishmentPolicyOn } from './policy.ts';
import { establishmentDueDate, futureDateProblems } from './rules.ts';
import { activeMembers, asResult, caseForRead, caseForWrite, hasTimeframe, meetTimeframes, startTimeframe, timeframesOf, type TimeframeView } from './store.ts';

export const SERVICE_DOCUMENTS = ['paternity_complaint', 'support_complaint', 'paternity_and_support_complaint', 'modification_petition', 'notice_of_hearing', 'administrative_notice', 'other'] as const;
export const SERVICE_METHODS = ['personal', 'substituted', 'certified_mail', 'first_class_mail', 'sheriff', 'process_server', 'publication', 'acceptance'] as const;
export const SERVICE_RESULTS = ['served', 'not_found', 'refused', 'bad_address', 'returned_unclaimed', 'other'] as const;

/** Serving one of these commences proceedings to establish paternity or an order, which meets 303.4(d). */
const ESTABLISHMENT_DOCUMENTS: ReadonlySet<string> = new Set(['paternity_complaint', 'support_complaint', 'paternity_and_support_complaint', 'administrative_notice']);

/** Starts the 303.4(d) clock for the case unless one is already running; returns whether it started. */
async function startEstablishmentClock(db: Db, caseId: number, locatedDate: string): Promise<boolean> {
  if (await hasTimeframe(db, caseId, 'establishment', true)) return false;
  await startTimeframe(db, caseId, 'establishment', locatedDate, establishmentDueDate(locatedDate, establishmentPolicyOn(locatedDate)));
  return true;
}

/** The 303.4(d) clock is met by completed service or an entered order; used by order entry too. */
export async function meetEstablishmentClock(db: Db, caseId: number, date: string): Promise<number> {
  return meetTimeframes(db, caseId, 'establishment', date);
}

async function respondent(db: Db, caseId: number, personId: number, path: string, anyMember: boolean) {
  const members = await activeMembers(db, caseId);
  const m = members.find((x) => x.personId === personId && (anyMember || x.role === 'alleged_father' || x.role === 'noncustodial_parent'));
  if (!m) {
    throw new FailureError(fail('VALIDATION_FAILED', undefined, [{ path, message: `person ${personId} is not ${anyMember ? 'a member' : 'an alleged father or noncustodial parent'} of this case` }]));
  }
  return m;
}

export interface LocatedInput {
  personId: number;
  locatedDate: string;
}

/** The alleged father or noncustodial parent has been located: the 90-day establishment clock starts. */
export async function recordLocated(deps: Deps, ctx: RequestContext, caseNumber: string, input: LocatedInput): Promise<Result<ServiceView>> {
  const problems = futureDateProblems(ctx.clock.today(), { '/locatedDate': input.locatedDate });
  if (problems.length) return fail('VALIDATION_FAILED', undefined, problems);
  return inTransaction(deps.db, async (db) => {
    const c = await caseForWrite(db, ctx, caseNumber);
    await respondent(db, c.id, input.personId, '/personId', false);
    const started = await startEstablishmentClock(db, c.id, input.locatedDate);
    await recordAudit(db, ctx, { action: 'update', entityType: 'establishment_timeframe', entityId: c.caseNumber, caseIds: [c.id], personIds: [input.personId], detail: { locatedDate: input.locatedDate, started } });
    return loadServiceView(db, c.id, c.caseNumber);
  });
}

export interface ServiceAttemptInput {
  personId: number;
  document: (typeof SERVICE_DOCUMENTS)[number];
  method: (typeof SERVICE_METHODS)[number];
  attemptDate: string;
  result: (typeof SERVICE_RESULTS)[number];
  servedDate?: string | null | undefined;
  serverName?: string | null | undefined;
  notes?: string | null | undefined;
  /** When the person was located, if the clock has not been started yet; the attempt date otherwise. */
  locatedDate?: string | null | undefined;
}

/**
 * Records an attempt to serve process. Serving an establishment document on the alleged father or
 * noncustodial parent meets the 303.4(d) clock; when no clock was ever started for the case, the attempt
 * starts one (at the located date given, else the attempt date: he was located by then at the latest).
 */
export async function recordServiceAttempt(deps: Deps, ctx: RequestContext, caseNumber: string, input: ServiceAttemptInput): Promise<Result<ServiceView>> {
  const problems = futureDateProblems(ctx.clock.today(), { '/attemptDate': input.attemptDate, '/servedDate': input.servedDate, '/locatedDate': input.locatedDate });
  if (input.result === 'served' && !input.servedDate) problems.push({ path: '/servedDate', message: 'is required when the result is served' });
  if (input.result !== 'served' && input.servedDate) problems.push({ path: '/servedDate', message: 'is given only when the result is served' });
  if (input.servedDate && input.servedDate < input.attemptDate) problems.push({ path: '/servedDate', message: 'cannot be before the attempt' });
  if (input.locatedDate && input.locatedDate > input.attemptDate) problems.push({ path: '/locatedDate', message: 'cannot be after the attempt' });
  if (problems.length) return fail('VALIDATION_FAILED', undefined, problems);
  return inTransaction(deps.db, async (db) => {
    const c = await caseForWrite(db, ctx, caseNumber);
    const member = await respondent(db, c.id, input.personId, '/personId', true);
    const party = member.role === 'alleged_father' || member.role === 'noncustodial_parent';
    const establishing = party && ESTABLISHMENT_DOCUMENTS.has(input.document);
    if (establishing && !(await hasTimeframe(db, c.id, 'establishment', false))) await startEstablishmentClock(db, c.id, input.locatedDate ?? input.attemptDate);
    const row = await db
      .insertInto('service_attempt')
      .values({
        case_id: c.id,
        person_id: input.personId,
        document: input.document,
        method: input.method,
        attempt_date: input.attemptDate,
        result: input.result,
        served_date: input.servedDate ?? null,
        server_name: input.serverName ?? null,
        notes: input.notes ?? null,
        created_at: ctx.clock.now(),
        created_by: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const met = establishing && input.servedDate ? await meetEstablishmentClock(db, c.id, input.servedDate) : 0;
    await recordAudit(db, ctx, { action: 'create', entityType: 'service_attempt', entityId: row.id, caseIds: [c.id], personIds: [input.personId], detail: { result: input.result, timeframesMet: met } });
    return loadServiceView(db, c.id, c.caseNumber);
  });
}

export interface ServiceAttemptView {
  attemptId: number;
  personId: number;
  document: string;
  method: string;
  attemptDate: string;
  result: string;
  servedDate: string | null;
  serverName: string | null;
  notes: string | null;
}

export interface ServiceView {
  caseNumber: string;
  /** The 303.4(d) clocks of the case, oldest first. */
  establishmentTimeframes: Array<TimeframeView & { onTime: boolean | null }>;
  attempts: ServiceAttemptView[];
}

async function loadServiceView(db: Db, caseId: number, caseNumber: string): Promise<ServiceView> {
  const attempts = await db.selectFrom('service_attempt').selectAll().where('case_id', '=', caseId).orderBy('attempt_date').orderBy('id').execute();
  const clocks = await timeframesOf(db, caseId, 'establishment');
  return {
    caseNumber,
    establishmentTimeframes: clocks.map((t) => ({ ...t, onTime: t.metDate === null ? null : t.metDate <= t.dueDate })),
    attempts: attempts.map((a) => ({
      attemptId: a.id,
      personId: a.person_id,
      document: a.document,
      method: a.method,
      attemptDate: a.attempt_date,
      result: a.result,
      servedDate: a.served_date,
      serverName: a.server_name,
      notes: a.notes,
    })),
  };
}

/** Service attempts and the establishment clock of a case. */
export async function getServiceOfProcess(deps: Deps, ctx: RequestContext, caseNumber: string): Promise<Result<ServiceView>> {
  return asResult(async () => {
    const c = await caseForRead(deps.db, ctx, caseNumber, 'service_attempt');
    const view = await loadServiceView(deps.db, c.id, c.caseNumber);
    await recordAudit(deps.db, ctx, { action: 'read', entityType: 'service_attempt', entityId: c.caseNumber, caseIds: [c.id], personIds: [...new Set(view.attempts.map((a) => a.personId))] });
    return view;
  });
}
