/**
 * Case initiation: applications and IV-A, IV-E, Medicaid and interstate referrals become IV-D cases.
 * An intake is recorded when received (its 20-day opening clock starts then). When a member may
 * already be on file the intake waits for a worker's decision instead of making a second person.
 * This module owns the iv_d_case, case_member and intake tables.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { fail, FailureError, ok, orAbort, type ErrorDetail, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { canSeeOffice, canSeePerson, programScope, requirePermission } from '../security/access.ts';
import { linksAwaitingConsent, type LinkNeeded } from './person-links.ts';
import { officeProgramId, programPolicyOn } from '../tribal/policy.ts';
import type { RequestContext } from '../security/context.ts';
import { decryptText, encryptText } from '../security/pii.ts';
import { ROLE_POLICIES } from '../security/roles.ts';
import { createPerson, findMatches, type MatchCandidate } from '../participants/store.ts';
import { caseOpeningDueDate, intakeRuleProblems } from './rules.ts';
import { IntakeSchema, type IntakeInput } from './schemas.ts';
import { validatorFor } from '../kernel/schema.ts';

export const validateIntakeShape = validatorFor(IntakeSchema);

export interface MemberProposal {
  memberIndex: number;
  role: string;
  candidates: MatchCandidate[];
}

export interface IntakeOutcome {
  intakeId: number;
  status: 'opened' | 'pending_review';
  /** True when this source and external id had been received before; nothing new was written. */
  alreadyReceived: boolean;
  receivedDate: string;
  dueDate: string;
  caseId: number | null;
  caseNumber: string | null;
  proposals: MemberProposal[];
}

export interface IntakeOrigin {
  importBatchId?: number | null;
  importLine?: number | null;
}

/** Validates the shape and the rules of an intake; returns all problems at once. */
export function checkIntake(value: unknown, today: string): Result<IntakeInput> {
  const shape = validateIntakeShape(value);
  if (!shape.ok) return fail('VALIDATION_FAILED', undefined, shape.errors);
  const problems = intakeRuleProblems(shape.value, today);
  return problems.length ? fail('VALIDATION_FAILED', undefined, problems) : ok(shape.value);
}

/** Receives one intake in its own transaction. */
export async function submitIntake(deps: Deps, ctx: RequestContext, value: unknown): Promise<Result<IntakeOutcome>> {
  const checked = checkIntake(value, ctx.clock.today());
  if (!checked.ok) return checked;
  return inTransaction(deps.db, (trx) => receiveIntake({ ...deps, db: trx }, ctx, checked.value, {}));
}

/**
 * Receives a checked intake inside the caller's transaction: records it, then opens the case at once
 * or leaves it for review when a member may already be on file.
 */
export async function receiveIntake(deps: Deps, ctx: RequestContext, input: IntakeInput, origin: IntakeOrigin): Promise<IntakeOutcome> {
  const { db } = deps;
  orAbort(requirePermission(ctx.actor, 'intake.create'));
  const sourceSystem = input.sourceSystem ?? 'worker';
  const externalId = input.externalId ?? randomUUID();
  const previous = await db.selectFrom('intake').selectAll().where('source_system', '=', sourceSystem).where('external_id', '=', externalId).executeTakeFirst();
  if (previous && !(await canSeeOffice(db, ctx.actor, previous.office_id))) throw new FailureError(fail('CONFLICT', `intake ${sourceSystem}/${externalId} was already received by another office`));
  if (previous) return { ...(await outcomeOf(db, previous.id)), alreadyReceived: true };

  const officeId = await resolveOffice(db, ctx, input.officeCode);
  const programId = await officeProgramId(db, officeId);
  // A person on file is named directly only when the worker may see them; anyone else is described, and
  // the duplicate check proposes the match (linking across offices then needs consent: person-links.ts).
  for (const [i, m] of input.members.entries()) {
    if (m.personId !== undefined && !(await canSeePerson(db, ctx.actor, m.personId))) {
      throw new FailureError(fail('VALIDATION_FAILED', undefined, [{ path: `/members/${i}/personId`, message: `no person ${m.personId} on a case you may see; describe the member (name, date of birth, SSN) and the duplicate check will propose the match` }]));
    }
  }
  const policy = await programPolicyOn(db, programId, input.receivedDate);
  if (policy && !policy.allowedCaseTypes.includes(input.caseType)) {
    throw new FailureError(fail('VALIDATION_FAILED', `the ${policy.programCode} IV-D program does not take ${input.caseType} cases`, [{ path: '/caseType', message: `not taken by program ${policy.programCode}` }]));
  }
  const dueDate = caseOpeningDueDate(input.receivedDate);
  const intake = await db
    .insertInto('intake')
    .values({
      kind: input.kind,
      source_system: sourceSystem,
      external_id: externalId,
      received_date: input.receivedDate,
      due_date: dueDate,
      office_id: officeId,
      status: 'pending_review',
      payload_ciphertext: encryptText(deps.keys, JSON.stringify(input)),
      proposals: null,
      case_id: null,
      import_batch_id: origin.importBatchId ?? null,
      import_line: origin.importLine ?? null,
      created_at: ctx.clock.now(),
      created_by: ctx.actor.userId,
      resolved_at: null,
      resolved_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const proposals = await proposeMatches(deps, input, programId);
  if (proposals.length > 0) {
    await db.updateTable('intake').set({ proposals: JSON.stringify(proposals) }).where('id', '=', intake.id).execute();
    await db
      .insertInto('case_timeframe')
      .values({ intake_id: intake.id, case_id: null, kind: 'case_opening', regulation: '45 CFR 303.2(b)', start_date: input.receivedDate, due_date: dueDate, met_date: null })
      .execute();
    await recordAudit(db, ctx, {
      action: 'create',
      entityType: 'intake',
      entityId: intake.id,
      personIds: proposals.flatMap((p) => p.candidates.map((c) => c.personId)),
      detail: { status: 'pending_review', kind: input.kind },
    });
    return { ...(await outcomeOf(db, intake.id)), alreadyReceived: false };
  }
  const chosen = input.members.map((m) => m.personId ?? 'new');
  await openCase(deps, ctx, intake.id, input, officeId, chosen);
  return { ...(await outcomeOf(db, intake.id)), alreadyReceived: false };
}

/**
 * Proposals for every member described anew: an SSN match always (the same SSN is the same person),
 * a name and birth-date match unless the worker confirmed the member as a new person.
 */
async function proposeMatches(deps: Deps, input: IntakeInput, programId: number): Promise<MemberProposal[]> {
  const confirmed = new Set(input.confirmNewPersons ?? []);
  const out: MemberProposal[] = [];
  for (const [i, m] of input.members.entries()) {
    if (!m.person) continue;
    const candidates = await findMatches(deps, {
      firstName: m.person.firstName,
      lastName: m.person.lastName,
      dateOfBirth: m.person.dateOfBirth ?? null,
      ssn: m.person.ssn ?? null,
      programId,
    });
    const binding = candidates.filter((c) => c.reason === 'ssn' || !confirmed.has(i));
    if (binding.length > 0) out.push({ memberIndex: i, role: m.role, candidates: binding });
  }
  return out;
}

async function resolveOffice(db: Db, ctx: RequestContext, officeCode: string | undefined): Promise<number> {
  // Tribal mode fails closed: a user of no program on a consortium install takes no intake.
  const program = await programScope(db, ctx.actor);
  if (!program.ok) throw new FailureError(program);
  const scope = ROLE_POLICIES[ctx.actor.role].scope;
  if (!officeCode) {
    if (ctx.actor.officeId) return ctx.actor.officeId;
    throw new FailureError(fail('VALIDATION_FAILED', undefined, [{ path: '/officeCode', message: 'is required when you have no office of your own' }]));
  }
  let officeQuery = db.selectFrom('office').select('id').where('code', '=', officeCode);
  // Another IV-D program's office does not exist for this user.
  if (ctx.actor.programId != null) officeQuery = officeQuery.where('program_id', '=', ctx.actor.programId);
  const office = await officeQuery.executeTakeFirst();
  if (!office) throw new FailureError(fail('VALIDATION_FAILED', undefined, [{ path: '/officeCode', message: `no office ${officeCode}` }]));
  if (scope === 'office' && office.id !== ctx.actor.officeId) {
    throw new FailureError(fail('FORBIDDEN', `you may take intakes for your own office only, not ${officeCode}`));
  }
  return office.id;
}

/** Opens the case for an intake: persons, case, members, timeframe met, audit; all in the caller's transaction. */
async function openCase(deps: Deps, ctx: RequestContext, intakeId: number, input: IntakeInput, officeId: number, chosen: ReadonlyArray<number | 'new'>): Promise<void> {
  const { db } = deps;
  const today = ctx.clock.today();
  const personIds: number[] = [];
  const programId = await officeProgramId(db, officeId);
  for (const [i, m] of input.members.entries()) {
    const choice = chosen[i]!;
    if (choice !== 'new') {
      const exists = await db.selectFrom('person').select('id').where('id', '=', choice).where('program_id', '=', programId).executeTakeFirst();
      if (!exists) throw new FailureError(fail('VALIDATION_FAILED', undefined, [{ path: `/members/${i}/personId`, message: `no person ${choice}` }]));
      personIds.push(choice);
    } else {
      personIds.push(await createPerson(deps, m.person!, { source: input.kind, effectiveDate: today, userId: ctx.actor.userId, programId }));
    }
  }
  const seq = await sql<{ n: number }>`select nextval('iv_d_case_number_seq')::int as n`.execute(db);
  const caseNumber = `CS${String(seq.rows[0]!.n).padStart(8, '0')}`;
  const created = await db
    .insertInto('iv_d_case')
    .values({
      case_number: caseNumber,
      case_type: input.caseType,
      interstate_role: input.interstate?.role ?? 'none',
      other_jurisdiction_fips: input.interstate?.otherJurisdictionFips ?? null,
      other_jurisdiction_case_id: input.interstate?.otherJurisdictionCaseId ?? null,
      office_id: officeId,
      assigned_worker_id: await nextWorker(db, officeId),
      intake_source: input.kind,
      received_date: input.receivedDate,
      open_due_date: caseOpeningDueDate(input.receivedDate),
      opened_date: today,
      closed_date: null,
      closure_reason: null,
      created_at: ctx.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [i, m] of input.members.entries()) {
    await db
      .insertInto('case_member')
      .values({
        case_id: created.id,
        person_id: personIds[i]!,
        role: m.role,
        start_date: today,
        end_date: null,
        born_out_of_wedlock: m.role === 'child' ? (m.bornOutOfWedlock ?? null) : null,
        paternity_established: null,
      })
      .execute();
  }
  await db
    .updateTable('intake')
    .set({ status: 'opened', case_id: created.id, proposals: null, resolved_at: ctx.clock.now(), resolved_by: ctx.actor.userId })
    .where('id', '=', intakeId)
    .execute();
  const timeframe = await db.selectFrom('case_timeframe').select('id').where('intake_id', '=', intakeId).where('kind', '=', 'case_opening').executeTakeFirst();
  if (timeframe) {
    await db.updateTable('case_timeframe').set({ case_id: created.id, met_date: today }).where('id', '=', timeframe.id).execute();
  } else {
    await db
      .insertInto('case_timeframe')
      .values({ case_id: created.id, intake_id: intakeId, kind: 'case_opening', regulation: '45 CFR 303.2(b)', start_date: input.receivedDate, due_date: caseOpeningDueDate(input.receivedDate), met_date: today })
      .execute();
  }
  await recordAudit(db, ctx, { action: 'create', entityType: 'case', entityId: caseNumber, personIds, caseIds: [created.id], detail: { intakeId, kind: input.kind } });
}

/** The office's active caseworker with the fewest open cases takes the new one. */
async function nextWorker(db: Db, officeId: number): Promise<number | null> {
  const row = await sql<{ id: number }>`
    select u.id from app_user u
    where u.office_id = ${officeId} and u.role = 'caseworker' and u.active
    order by (select count(*) from iv_d_case c where c.assigned_worker_id = u.id and c.status = 'open'), u.id
    limit 1`.execute(db);
  return row.rows[0]?.id ?? null;
}

async function outcomeOf(db: Db, intakeId: number): Promise<Omit<IntakeOutcome, 'alreadyReceived'>> {
  const row = await db
    .selectFrom('intake as i')
    .leftJoin('iv_d_case as c', 'c.id', 'i.case_id')
    .select(['i.id', 'i.status', 'i.received_date', 'i.due_date', 'i.case_id', 'c.case_number', 'i.proposals'])
    .where('i.id', '=', intakeId)
    .executeTakeFirstOrThrow();
  return {
    intakeId: row.id,
    status: row.status,
    receivedDate: row.received_date,
    dueDate: row.due_date,
    caseId: row.case_id,
    caseNumber: row.case_number,
    proposals: (row.proposals as MemberProposal[] | null) ?? [],
  };
}

export interface MemberDecision {
  memberIndex: number;
  /** A person on file, or "new" to create the member as a new person. */
  personId: number | 'new';
}

/**
 * A worker's decision on a pending intake: for each proposed member, the person on file or a new
 * person. A member whose SSN is already on file must be that person.
 */
export async function resolveIntake(deps: Deps, ctx: RequestContext, intakeId: number, decisions: readonly MemberDecision[]): Promise<Result<IntakeOutcome>> {
  const done = await inTransaction(deps.db, async (db): Promise<IntakeOutcome | { awaitingConsent: LinkNeeded[] }> => {
    orAbort(requirePermission(ctx.actor, 'intake.create'));
    const intake = await db.selectFrom('intake').selectAll().where('id', '=', intakeId).forUpdate().executeTakeFirst();
    if (!intake || !(await canSeeOffice(db, ctx.actor, intake.office_id))) throw new FailureError(fail('NOT_FOUND'));
    if (intake.status !== 'pending_review') throw new FailureError(fail('ALREADY_PROCESSED', `intake ${intakeId} is already ${intake.status}`));
    const input = JSON.parse(decryptText(deps.keys, intake.payload_ciphertext)) as IntakeInput;
    const proposals = (intake.proposals as MemberProposal[] | null) ?? [];
    const problems: ErrorDetail[] = [];
    const chosen: Array<number | 'new'> = input.members.map((m) => m.personId ?? 'new');
    for (const proposal of proposals) {
      const decision = decisions.find((d) => d.memberIndex === proposal.memberIndex);
      const at = `/decisions/${proposal.memberIndex}`;
      if (!decision) {
        problems.push({ path: at, message: `decide member ${proposal.memberIndex}: a person on file or "new"` });
        continue;
      }
      const ssnMatch = proposal.candidates.find((c) => c.reason === 'ssn');
      if (ssnMatch && decision.personId !== ssnMatch.personId) {
        problems.push({ path: at, message: `this SSN is on file as person ${ssnMatch.personId}; that person must be used` });
        continue;
      }
      if (decision.personId !== 'new' && !proposal.candidates.some((c) => c.personId === decision.personId)) {
        problems.push({ path: at, message: `person ${decision.personId} was not one of the proposed matches` });
        continue;
      }
      chosen[proposal.memberIndex] = decision.personId;
    }
    for (const d of decisions) {
      if (!proposals.some((p) => p.memberIndex === d.memberIndex)) problems.push({ path: `/decisions/${d.memberIndex}`, message: 'no match was proposed for this member' });
    }
    if (problems.length) throw new FailureError(fail('VALIDATION_FAILED', undefined, problems));
    const ids = chosen.filter((c): c is number => c !== 'new');
    if (new Set(ids).size !== ids.length) throw new FailureError(fail('VALIDATION_FAILED', 'one person cannot be two members of the same case'));
    const links = decisions.flatMap((d) => (d.personId === 'new' ? [] : [{ memberIndex: d.memberIndex, personId: d.personId }]));
    const awaitingConsent = await linksAwaitingConsent(db, ctx, intake, links);
    // The requests are kept (the transaction commits); the case opens once they are granted.
    if (awaitingConsent.length) return { awaitingConsent };
    await openCase({ ...deps, db }, ctx, intakeId, input, intake.office_id, chosen);
    return { ...(await outcomeOf(db, intakeId)), alreadyReceived: false };
  });
  if (!done.ok) return done;
  if ('awaitingConsent' in done.value) {
    const people = done.value.awaitingConsent.map((l) => `person ${l.personId} (member ${l.memberIndex})`).join(', ');
    return fail('CONFLICT', `${people} is on file with another office: that office's consent or a supervisor of your office must decide before the case opens; the request is recorded`, done.value.awaitingConsent.map((l) => ({ path: `/decisions/${l.memberIndex}`, message: 'consent of the office that holds this person, or a supervisor decision, is needed' })), { awaitingConsent: done.value.awaitingConsent });
  }
  return ok(done.value);
}

export interface PendingIntake {
  intakeId: number;
  kind: string;
  sourceSystem: string;
  externalId: string;
  receivedDate: string;
  dueDate: string;
  officeId: number;
  proposals: MemberProposal[];
}

/** Intakes waiting for a worker's decision, soonest due first. */
export async function listPendingIntakes(db: Db, ctx: RequestContext): Promise<Result<PendingIntake[]>> {
  const allowed = requirePermission(ctx.actor, 'intake.create');
  if (!allowed.ok) return allowed;
  const program = await programScope(db, ctx.actor);
  if (!program.ok) return program;
  let q = db.selectFrom('intake').selectAll().where('status', '=', 'pending_review').orderBy('due_date').orderBy('id').limit(500);
  if (ROLE_POLICIES[ctx.actor.role].scope === 'office') q = q.where('office_id', '=', ctx.actor.officeId ?? -1);
  if (ctx.actor.programId != null) q = q.where('office_id', 'in', db.selectFrom('office').select('id').where('program_id', '=', ctx.actor.programId));
  const rows = await q.execute();
  await recordAudit(db, ctx, { action: 'search', entityType: 'intake', personIds: rows.flatMap((r) => ((r.proposals as MemberProposal[]) ?? []).flatMap((p) => p.candidates.map((c) => c.personId))), detail: { status: 'pending_review', count: rows.length } });
  return ok(
    rows.map((r) => ({
      intakeId: r.id,
      kind: r.kind,
      sourceSystem: r.source_system,
      externalId: r.external_id,
      receivedDate: r.received_date,
      dueDate: r.due_date,
      officeId: r.office_id,
      proposals: (r.proposals as MemberProposal[] | null) ?? [],
    })),
  );
}
