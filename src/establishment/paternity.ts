/**
 * Paternity: for each child and alleged father on a case, a record that ends established (by a
 * voluntary acknowledgment, a genetic test at or above the policy threshold, or a court or default
 * order), excluded (by a genetic test), or rescinded (an acknowledgment withdrawn in time). When
 * paternity is established the child's case_member.paternity_established is set, which with
 * born_out_of_wedlock and paternity.established_date is what the paternity establishment percentage
 * (PEP, OCSE-157 lines 5-10) counts. This module owns paternity, paternity_acknowledgment and genetic_test.
 */
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import type { PaternityTable } from '../db/schema.ts';
import { inTransaction } from '../db/tx.ts';
import { fail, FailureError, type ErrorDetail, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import type { RequestContext } from '../security/context.ts';
import type { Selectable } from 'kysely';
import { establishmentPolicyOn, type EstablishmentPolicyVersion } from './policy.ts';
import { acknowledgmentDates, futureDateProblems, geneticTestOutcome, parseProbabilityBasisPoints, rescissionProblem } from './rules.ts';
import { activeMembers, asResult, caseForRead, caseForWrite, type CaseRow, type MemberRow } from './store.ts';

type PaternityRow = Selectable<PaternityTable>;

export interface PaternityParties {
  childPersonId: number;
  allegedFatherPersonId: number;
}

const invalid = (details: ErrorDetail[]) => new FailureError(fail('VALIDATION_FAILED', undefined, details));

/** Checks that the child and the alleged father are current members of the case in those parts. */
function checkParties(members: readonly MemberRow[], parties: PaternityParties): { child: MemberRow; father: MemberRow } {
  const problems: ErrorDetail[] = [];
  const child = members.find((m) => m.personId === parties.childPersonId && m.role === 'child');
  const father = members.find((m) => m.personId === parties.allegedFatherPersonId && (m.role === 'alleged_father' || m.role === 'noncustodial_parent'));
  if (!child) problems.push({ path: '/childPersonId', message: `person ${parties.childPersonId} is not a child on this case` });
  if (!father) problems.push({ path: '/allegedFatherPersonId', message: `person ${parties.allegedFatherPersonId} is not an alleged father or noncustodial parent on this case` });
  if (problems.length) throw invalid(problems);
  return { child: child!, father: father! };
}

/** The paternity record of this child and man on the case, made (pending) when there is none yet. */
async function paternityFor(db: Db, ctx: RequestContext, c: CaseRow, parties: PaternityParties): Promise<{ row: PaternityRow; members: MemberRow[] }> {
  const members = await activeMembers(db, c.id);
  checkParties(members, parties);
  const existing = await db
    .selectFrom('paternity')
    .selectAll()
    .where('case_id', '=', c.id)
    .where('child_person_id', '=', parties.childPersonId)
    .where('alleged_father_person_id', '=', parties.allegedFatherPersonId)
    .forUpdate()
    .executeTakeFirst();
  if (existing) return { row: existing, members };
  const row = await db
    .insertInto('paternity')
    .values({
      case_id: c.id,
      child_person_id: parties.childPersonId,
      alleged_father_person_id: parties.allegedFatherPersonId,
      method: null,
      established_date: null,
      excluded_date: null,
      adjudication_order_number: null,
      adjudication_tribunal: null,
      policy_id: null,
      created_at: ctx.clock.now(),
      created_by: ctx.actor.userId,
      updated_at: ctx.clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { row, members };
}

/** Refuses an action on a record whose paternity is already decided. */
function requireUndecided(row: PaternityRow, action: string): void {
  if (row.status === 'established') throw new FailureError(fail('CASE_STATE_INVALID', `paternity is already established for this child and man (${row.method}, ${row.established_date}); cannot ${action}`));
  if (row.status === 'excluded') throw new FailureError(fail('CASE_STATE_INVALID', `this man was excluded as the father on ${row.excluded_date}; cannot ${action}`));
}

async function otherEstablishedFather(db: Db, row: PaternityRow): Promise<PaternityRow | undefined> {
  return db
    .selectFrom('paternity')
    .selectAll()
    .where('case_id', '=', row.case_id)
    .where('child_person_id', '=', row.child_person_id)
    .where('status', '=', 'established')
    .where('id', '<>', row.id)
    .executeTakeFirst();
}

/**
 * Establishes paternity on the record: its status, the child's paternity_established flag for PEP, and
 * any genetic test still scheduled for it is cancelled (no longer needed).
 */
async function establish(
  db: Db,
  ctx: RequestContext,
  row: PaternityRow,
  how: { method: NonNullable<PaternityRow['method']>; date: string; policy: EstablishmentPolicyVersion; orderNumber?: string | null; tribunal?: string | null },
): Promise<void> {
  const other = await otherEstablishedFather(db, row);
  if (other) throw new FailureError(fail('CONFLICT', `paternity of this child is already established for person ${other.alleged_father_person_id} (${other.method}, ${other.established_date})`));
  await db
    .updateTable('paternity')
    .set((eb) => ({
      status: 'established',
      method: how.method,
      established_date: how.date,
      excluded_date: null,
      adjudication_order_number: how.orderNumber ?? row.adjudication_order_number,
      adjudication_tribunal: how.tribunal ?? row.adjudication_tribunal,
      policy_id: how.policy.id,
      updated_at: ctx.clock.now(),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', row.id)
    .execute();
  await setChildFlag(db, row.case_id, row.child_person_id, true);
  await db
    .updateTable('genetic_test')
    .set({ status: 'cancelled', closed_date: ctx.clock.today(), closed_reason: `paternity established by ${how.method.replace('_', ' ')}`, updated_at: ctx.clock.now() })
    .where('paternity_id', '=', row.id)
    .where('status', '=', 'scheduled')
    .execute();
}

async function setChildFlag(db: Db, caseId: number, childPersonId: number, established: boolean): Promise<void> {
  await db.updateTable('case_member').set({ paternity_established: established }).where('case_id', '=', caseId).where('person_id', '=', childPersonId).where('role', '=', 'child').where('end_date', 'is', null).execute();
}

function audit(db: Db, ctx: RequestContext, row: PaternityRow, action: 'create' | 'update', entityType: string, entityId: number, detail: Record<string, unknown>) {
  return recordAudit(db, ctx, { action, entityType, entityId, caseIds: [row.case_id], personIds: [row.child_person_id, row.alleged_father_person_id], detail });
}

export interface AcknowledgmentInput extends PaternityParties {
  motherSignedDate: string;
  fatherSignedDate: string;
  signingSite: 'hospital' | 'vital_records' | 'iv_d_agency' | 'other';
  formNumber?: string | null | undefined;
  filedDate?: string | null | undefined;
}

/**
 * Records a voluntary acknowledgment of paternity. Signed by both parents it is a legal finding of
 * paternity (42 USC 666(a)(5)(D)(ii)), so paternity is established on the later signature's date; the
 * rescission deadline comes from the policy in force then.
 */
export async function recordAcknowledgment(deps: Deps, ctx: RequestContext, caseNumber: string, input: AcknowledgmentInput): Promise<Result<PaternityRecordView>> {
  const today = ctx.clock.today();
  const problems = futureDateProblems(today, { '/motherSignedDate': input.motherSignedDate, '/fatherSignedDate': input.fatherSignedDate, '/filedDate': input.filedDate });
  const signedDate = input.motherSignedDate > input.fatherSignedDate ? input.motherSignedDate : input.fatherSignedDate;
  if (input.filedDate && input.filedDate < signedDate) problems.push({ path: '/filedDate', message: 'cannot be before both parents signed' });
  if (problems.length) return fail('VALIDATION_FAILED', undefined, problems);
  return inTransaction(deps.db, async (db) => {
    const c = await caseForWrite(db, ctx, caseNumber);
    const { row } = await paternityFor(db, ctx, c, input);
    requireUndecided(row, 'record an acknowledgment');
    const policy = establishmentPolicyOn(signedDate);
    const dates = acknowledgmentDates(input.motherSignedDate, input.fatherSignedDate, policy);
    const ack = await db
      .insertInto('paternity_acknowledgment')
      .values({
        paternity_id: row.id,
        mother_signed_date: input.motherSignedDate,
        father_signed_date: input.fatherSignedDate,
        signed_date: dates.signedDate,
        signing_site: input.signingSite,
        form_number: input.formNumber ?? null,
        filed_date: input.filedDate ?? null,
        rescission_deadline: dates.rescissionDeadline,
        rescinded_date: null,
        rescinded_by: null,
        policy_id: policy.id,
        created_at: ctx.clock.now(),
        created_by: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await establish(db, ctx, row, { method: 'acknowledgment', date: dates.signedDate, policy });
    await audit(db, ctx, row, 'create', 'paternity_acknowledgment', ack.id, { signedDate: dates.signedDate, rescissionDeadline: dates.rescissionDeadline, policyId: policy.id });
    return loadRecord(db, row.id);
  });
}

export interface RescissionInput {
  rescindedDate: string;
  rescindedBy: 'mother' | 'father';
}

/** A signatory rescinds an acknowledgment within the rescission period: paternity is no longer established. */
export async function rescindAcknowledgment(deps: Deps, ctx: RequestContext, caseNumber: string, acknowledgmentId: number, input: RescissionInput): Promise<Result<PaternityRecordView>> {
  const problems = futureDateProblems(ctx.clock.today(), { '/rescindedDate': input.rescindedDate });
  if (problems.length) return fail('VALIDATION_FAILED', undefined, problems);
  return inTransaction(deps.db, async (db) => {
    const c = await caseForWrite(db, ctx, caseNumber);
    const ack = await db
      .selectFrom('paternity_acknowledgment as a')
      .innerJoin('paternity as p', 'p.id', 'a.paternity_id')
      .select(['a.id', 'a.signed_date', 'a.rescission_deadline', 'a.rescinded_date', 'a.paternity_id'])
      .where('a.id', '=', acknowledgmentId)
      .where('p.case_id', '=', c.id)
      .forUpdate()
      .executeTakeFirst();
    if (!ack) throw new FailureError(fail('NOT_FOUND', `no acknowledgment ${acknowledgmentId} on case ${c.caseNumber}`));
    if (ack.rescinded_date) throw new FailureError(fail('ALREADY_PROCESSED', `acknowledgment ${acknowledgmentId} was rescinded on ${ack.rescinded_date}`));
    const row = await db.selectFrom('paternity').selectAll().where('id', '=', ack.paternity_id).forUpdate().executeTakeFirstOrThrow();
    if (row.status !== 'established' || row.method !== 'acknowledgment') {
      throw new FailureError(fail('CASE_STATE_INVALID', `paternity now rests on ${row.method ?? 'nothing'} (${row.status}), not on this acknowledgment`));
    }
    const proceeding = await db
      .selectFrom('support_order')
      .select('entered_date')
      .where('case_id', '=', c.id)
      .where('entered_date', '>=', ack.signed_date)
      .orderBy('entered_date')
      .executeTakeFirst();
    const problem = rescissionProblem({ signedDate: ack.signed_date, rescissionDeadline: ack.rescission_deadline }, input.rescindedDate, proceeding?.entered_date ?? null);
    if (problem) throw new FailureError(fail('CASE_STATE_INVALID', problem));
    await db.updateTable('paternity_acknowledgment').set({ rescinded_date: input.rescindedDate, rescinded_by: input.rescindedBy }).where('id', '=', ack.id).execute();
    await db
      .updateTable('paternity')
      .set((eb) => ({ status: 'rescinded', established_date: null, updated_at: ctx.clock.now(), version: eb('version', '+', 1) }))
      .where('id', '=', row.id)
      .execute();
    await setChildFlag(db, row.case_id, row.child_person_id, false);
    await audit(db, ctx, row, 'update', 'paternity_acknowledgment', ack.id, { rescindedDate: input.rescindedDate, rescindedBy: input.rescindedBy });
    return loadRecord(db, row.id);
  });
}

export interface ScheduleTestInput extends PaternityParties {
  appointmentDate: string;
  labName: string;
  labCaseNumber?: string | null | undefined;
  collectionSite?: string | null | undefined;
}

/** Orders genetic testing (45 CFR 303.5(d)): one scheduled test at a time per child and man. */
export async function scheduleGeneticTest(deps: Deps, ctx: RequestContext, caseNumber: string, input: ScheduleTestInput): Promise<Result<PaternityRecordView>> {
  const today = ctx.clock.today();
  if (input.appointmentDate < today) return fail('VALIDATION_FAILED', undefined, [{ path: '/appointmentDate', message: 'cannot be before today, the day the test is ordered' }]);
  return inTransaction(deps.db, async (db) => {
    const c = await caseForWrite(db, ctx, caseNumber);
    const { row } = await paternityFor(db, ctx, c, input);
    requireUndecided(row, 'schedule a genetic test');
    const open = await db.selectFrom('genetic_test').select(['id', 'appointment_date']).where('paternity_id', '=', row.id).where('status', '=', 'scheduled').executeTakeFirst();
    if (open) throw new FailureError(fail('CONFLICT', `genetic test ${open.id} is already scheduled for ${open.appointment_date}; record its result, a no-show or a cancellation first`));
    const test = await db
      .insertInto('genetic_test')
      .values({
        paternity_id: row.id,
        ordered_date: today,
        appointment_date: input.appointmentDate,
        lab_name: input.labName,
        lab_case_number: input.labCaseNumber ?? null,
        collection_site: input.collectionSite ?? null,
        mother_sample_date: null,
        father_sample_date: null,
        child_sample_date: null,
        result_date: null,
        probability_reported: null,
        probability_basis_points: null,
        lab_excluded: null,
        threshold_basis_points: null,
        outcome: null,
        policy_id: null,
        closed_reason: null,
        closed_date: null,
        created_at: ctx.clock.now(),
        created_by: ctx.actor.userId,
        updated_at: ctx.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(db, ctx, row, 'create', 'genetic_test', test.id, { appointmentDate: input.appointmentDate, labName: input.labName });
    return loadRecord(db, row.id);
  });
}

export interface TestResultInput {
  resultDate: string;
  /** Probability of paternity as a percentage, e.g. "99.9998". */
  probability: string;
  labExcluded?: boolean | undefined;
  motherSampleDate?: string | null | undefined;
  fatherSampleDate: string;
  childSampleDate: string;
}

/**
 * Records a genetic test result and decides it under the policy in force on the result date: at or
 * above the threshold paternity is established by the test; below it (or on a lab exclusion) the man
 * is excluded, and when he is named for no other child still open on the case he leaves the case as an
 * alleged father, so no order can be entered against him.
 */
export async function recordGeneticTestResult(deps: Deps, ctx: RequestContext, caseNumber: string, testId: number, input: TestResultInput): Promise<Result<PaternityRecordView>> {
  const problems = futureDateProblems(ctx.clock.today(), { '/resultDate': input.resultDate });
  const probability = parseProbabilityBasisPoints(input.probability);
  if (probability === null) problems.push({ path: '/probability', message: 'must be a percentage from 0 to 100 with at most 6 decimals, e.g. "99.9998"' });
  const samples = { '/motherSampleDate': input.motherSampleDate, '/fatherSampleDate': input.fatherSampleDate, '/childSampleDate': input.childSampleDate };
  for (const [path, date] of Object.entries(samples)) if (date && date > input.resultDate) problems.push({ path, message: 'a sample cannot be taken after the result date' });
  if (problems.length) return fail('VALIDATION_FAILED', undefined, problems);
  return inTransaction(deps.db, async (db) => {
    const c = await caseForWrite(db, ctx, caseNumber);
    const test = await db
      .selectFrom('genetic_test as t')
      .innerJoin('paternity as p', 'p.id', 't.paternity_id')
      .select(['t.id', 't.status', 't.ordered_date', 't.paternity_id'])
      .where('t.id', '=', testId)
      .where('p.case_id', '=', c.id)
      .forUpdate()
      .executeTakeFirst();
    if (!test) throw new FailureError(fail('NOT_FOUND', `no genetic test ${testId} on case ${c.caseNumber}`));
    if (test.status !== 'scheduled') throw new FailureError(fail('ALREADY_PROCESSED', `genetic test ${testId} is ${test.status}`));
    const early = Object.entries(samples).filter(([, d]) => d && d < test.ordered_date);
    if (early.length) throw invalid(early.map(([path]) => ({ path, message: `cannot be before the test was ordered (${test.ordered_date})` })));
    const row = await db.selectFrom('paternity').selectAll().where('id', '=', test.paternity_id).forUpdate().executeTakeFirstOrThrow();
    requireUndecided(row, 'record a genetic test result');
    const policy = establishmentPolicyOn(input.resultDate);
    const outcome = geneticTestOutcome(probability!, input.labExcluded ?? false, policy.geneticTestInclusionBasisPoints);
    await db
      .updateTable('genetic_test')
      .set({
        status: 'resulted',
        result_date: input.resultDate,
        mother_sample_date: input.motherSampleDate ?? null,
        father_sample_date: input.fatherSampleDate,
        child_sample_date: input.childSampleDate,
        probability_reported: input.probability,
        probability_basis_points: probability!,
        lab_excluded: input.labExcluded ?? false,
        threshold_basis_points: policy.geneticTestInclusionBasisPoints,
        outcome,
        policy_id: policy.id,
        updated_at: ctx.clock.now(),
      })
      .where('id', '=', test.id)
      .execute();
    if (outcome === 'included') {
      await establish(db, ctx, row, { method: 'genetic_test', date: input.resultDate, policy });
    } else {
      await db
        .updateTable('paternity')
        .set((eb) => ({ status: 'excluded', excluded_date: input.resultDate, method: 'genetic_test', policy_id: policy.id, updated_at: ctx.clock.now(), version: eb('version', '+', 1) }))
        .where('id', '=', row.id)
        .execute();
      await releaseExcludedFather(db, ctx, row);
    }
    await audit(db, ctx, row, 'update', 'genetic_test', test.id, { outcome, probabilityBasisPoints: probability, thresholdBasisPoints: policy.geneticTestInclusionBasisPoints, policyId: policy.id });
    return loadRecord(db, row.id);
  });
}

/** An alleged father excluded for every child he is named for on the case is no longer a member of it. */
async function releaseExcludedFather(db: Db, ctx: RequestContext, row: PaternityRow): Promise<void> {
  const open = await db
    .selectFrom('paternity')
    .select('id')
    .where('case_id', '=', row.case_id)
    .where('alleged_father_person_id', '=', row.alleged_father_person_id)
    .where('status', 'in', ['pending', 'established', 'rescinded'])
    .executeTakeFirst();
  if (open) return;
  await db
    .updateTable('case_member')
    .set({ end_date: ctx.clock.today() })
    .where('case_id', '=', row.case_id)
    .where('person_id', '=', row.alleged_father_person_id)
    .where('role', '=', 'alleged_father')
    .where('end_date', 'is', null)
    .execute();
}

export interface CloseTestInput {
  status: 'no_show' | 'cancelled';
  date: string;
  reason?: string | null | undefined;
}

/** A scheduled test that did not happen: the man did not appear, or it was called off. */
export async function closeGeneticTest(deps: Deps, ctx: RequestContext, caseNumber: string, testId: number, input: CloseTestInput): Promise<Result<PaternityRecordView>> {
  const problems = futureDateProblems(ctx.clock.today(), { '/date': input.date });
  if (problems.length) return fail('VALIDATION_FAILED', undefined, problems);
  return inTransaction(deps.db, async (db) => {
    const c = await caseForWrite(db, ctx, caseNumber);
    const test = await db
      .selectFrom('genetic_test as t')
      .innerJoin('paternity as p', 'p.id', 't.paternity_id')
      .select(['t.id', 't.status', 't.ordered_date', 't.paternity_id'])
      .where('t.id', '=', testId)
      .where('p.case_id', '=', c.id)
      .forUpdate()
      .executeTakeFirst();
    if (!test) throw new FailureError(fail('NOT_FOUND', `no genetic test ${testId} on case ${c.caseNumber}`));
    if (test.status !== 'scheduled') throw new FailureError(fail('ALREADY_PROCESSED', `genetic test ${testId} is ${test.status}`));
    if (input.date < test.ordered_date) throw invalid([{ path: '/date', message: `cannot be before the test was ordered (${test.ordered_date})` }]);
    await db
      .updateTable('genetic_test')
      .set({ status: input.status, closed_date: input.date, closed_reason: input.reason ?? (input.status === 'no_show' ? 'did not appear' : 'cancelled'), updated_at: ctx.clock.now() })
      .where('id', '=', test.id)
      .execute();
    const row = await db.selectFrom('paternity').selectAll().where('id', '=', test.paternity_id).executeTakeFirstOrThrow();
    await audit(db, ctx, row, 'update', 'genetic_test', test.id, { status: input.status });
    return loadRecord(db, row.id);
  });
}

export interface AdjudicationInput extends PaternityParties {
  kind: 'court_order' | 'default_order';
  orderDate: string;
  orderNumber: string;
  tribunal?: string | null | undefined;
}

/** Paternity established by a court or administrative order, including a default order (45 CFR 303.5(f)). */
export async function recordAdjudication(deps: Deps, ctx: RequestContext, caseNumber: string, input: AdjudicationInput): Promise<Result<PaternityRecordView>> {
  const problems = futureDateProblems(ctx.clock.today(), { '/orderDate': input.orderDate });
  if (problems.length) return fail('VALIDATION_FAILED', undefined, problems);
  return inTransaction(deps.db, async (db) => {
    const c = await caseForWrite(db, ctx, caseNumber);
    const { row } = await paternityFor(db, ctx, c, input);
    requireUndecided(row, 'record an order of paternity');
    const policy = establishmentPolicyOn(input.orderDate);
    await establish(db, ctx, row, { method: input.kind, date: input.orderDate, policy, orderNumber: input.orderNumber, tribunal: input.tribunal ?? null });
    await audit(db, ctx, row, 'update', 'paternity', row.id, { method: input.kind, orderDate: input.orderDate, orderNumber: input.orderNumber });
    return loadRecord(db, row.id);
  });
}

export interface AcknowledgmentView {
  acknowledgmentId: number;
  motherSignedDate: string;
  fatherSignedDate: string;
  signedDate: string;
  signingSite: string;
  formNumber: string | null;
  filedDate: string | null;
  rescissionDeadline: string;
  rescindedDate: string | null;
  rescindedBy: string | null;
  policyId: string;
}

export interface GeneticTestView {
  testId: number;
  status: string;
  orderedDate: string;
  appointmentDate: string;
  labName: string;
  labCaseNumber: string | null;
  collectionSite: string | null;
  motherSampleDate: string | null;
  fatherSampleDate: string | null;
  childSampleDate: string | null;
  resultDate: string | null;
  probabilityReported: string | null;
  probabilityBasisPoints: number | null;
  labExcluded: boolean | null;
  thresholdBasisPoints: number | null;
  outcome: string | null;
  policyId: string | null;
  closedDate: string | null;
  closedReason: string | null;
}

export interface PaternityRecordView {
  paternityId: number;
  childPersonId: number;
  allegedFatherPersonId: number;
  status: string;
  method: string | null;
  establishedDate: string | null;
  excludedDate: string | null;
  adjudicationOrderNumber: string | null;
  adjudicationTribunal: string | null;
  policyId: string | null;
  acknowledgments: AcknowledgmentView[];
  geneticTests: GeneticTestView[];
}

async function loadRecords(db: Db, where: { id?: number; caseId?: number }): Promise<PaternityRecordView[]> {
  let q = db.selectFrom('paternity').selectAll().orderBy('id');
  if (where.id !== undefined) q = q.where('id', '=', where.id);
  if (where.caseId !== undefined) q = q.where('case_id', '=', where.caseId);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const acks = await db.selectFrom('paternity_acknowledgment').selectAll().where('paternity_id', 'in', ids).orderBy('id').execute();
  const tests = await db.selectFrom('genetic_test').selectAll().where('paternity_id', 'in', ids).orderBy('id').execute();
  return rows.map((r) => ({
    paternityId: r.id,
    childPersonId: r.child_person_id,
    allegedFatherPersonId: r.alleged_father_person_id,
    status: r.status,
    method: r.method,
    establishedDate: r.established_date,
    excludedDate: r.excluded_date,
    adjudicationOrderNumber: r.adjudication_order_number,
    adjudicationTribunal: r.adjudication_tribunal,
    policyId: r.policy_id,
    acknowledgments: acks
      .filter((a) => a.paternity_id === r.id)
      .map((a) => ({
        acknowledgmentId: a.id,
        motherSignedDate: a.mother_signed_date,
        fatherSignedDate: a.father_signed_date,
        signedDate: a.signed_date,
        signingSite: a.signing_site,
        formNumber: a.form_number,
        filedDate: a.filed_date,
        rescissionDeadline: a.rescission_deadline,
        rescindedDate: a.rescinded_date,
        rescindedBy: a.rescinded_by,
        policyId: a.policy_id,
      })),
    geneticTests: tests
      .filter((t) => t.paternity_id === r.id)
      .map((t) => ({
        testId: t.id,
        status: t.status,
        orderedDate: t.ordered_date,
        appointmentDate: t.appointment_date,
        labName: t.lab_name,
        labCaseNumber: t.lab_case_number,
        collectionSite: t.collection_site,
        motherSampleDate: t.mother_sample_date,
        fatherSampleDate: t.father_sample_date,
        childSampleDate: t.child_sample_date,
        resultDate: t.result_date,
        probabilityReported: t.probability_reported,
        probabilityBasisPoints: t.probability_basis_points,
        labExcluded: t.lab_excluded,
        thresholdBasisPoints: t.threshold_basis_points,
        outcome: t.outcome,
        policyId: t.policy_id,
        closedDate: t.closed_date,
        closedReason: t.closed_reason,
      })),
  }));
}

async function loadRecord(db: Db, id: number): Promise<PaternityRecordView> {
  return (await loadRecords(db, { id }))[0]!;
}

export interface ChildPaternityView {
  personId: number;
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  bornOutOfWedlock: boolean | null;
  paternityEstablished: boolean | null;
  records: Array<PaternityRecordView & { allegedFather: { personId: number; firstName: string; lastName: string } | null }>;
}

/** Every child on the case with the paternity records about them; audited with every person shown. */
export async function getCasePaternity(deps: Deps, ctx: RequestContext, caseNumber: string): Promise<Result<{ caseNumber: string; children: ChildPaternityView[] }>> {
  return asResult(async () => {
    const { db } = deps;
    const c = await caseForRead(db, ctx, caseNumber, 'paternity');
    const members = await activeMembers(db, c.id);
    const records = await loadRecords(db, { caseId: c.id });
    const personIds = [...new Set([...records.flatMap((r) => [r.childPersonId, r.allegedFatherPersonId]), ...members.filter((m) => m.role === 'child').map((m) => m.personId)])];
    const people = personIds.length ? await db.selectFrom('person').select(['id', 'first_name', 'last_name']).where('id', 'in', personIds).execute() : [];
    const name = (id: number) => {
      const p = people.find((x) => x.id === id);
      return p ? { personId: id, firstName: p.first_name, lastName: p.last_name } : null;
    };
    const children = members
      .filter((m) => m.role === 'child')
      .map((m) => ({
        personId: m.personId,
        firstName: m.firstName,
        lastName: m.lastName,
        dateOfBirth: m.dateOfBirth,
        bornOutOfWedlock: m.bornOutOfWedlock,
        paternityEstablished: m.paternityEstablished,
        records: records.filter((r) => r.childPersonId === m.personId).map((r) => ({ ...r, allegedFather: name(r.allegedFatherPersonId) })),
      }));
    await recordAudit(db, ctx, { action: 'read', entityType: 'paternity', entityId: c.caseNumber, caseIds: [c.id], personIds });
    return { caseNumber: c.caseNumber, children };
  });
}
