/** Person reads and changes with access checks and audit. */
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { fail, FailureError, ok, orAbort, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { canSeePerson, programScope, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { hasPermission } from '../security/roles.ts';
import { addAddress, addAlias, addEmployment, findMatches, loadPerson, type AddressInput, type EmployerInput, type MatchCandidate, type PersonView } from './store.ts';

/**
 * A person as the actor may see them. The SSN stays masked unless `revealSsn` is asked for by a role
 * that may see it; the reveal is audited as its own event.
 */
export async function getPerson(deps: Deps, ctx: RequestContext, personId: number, revealSsn: boolean): Promise<Result<PersonView>> {
  const allowed = requirePermission(ctx.actor, 'person.read');
  if (!allowed.ok) return allowed;
  if (revealSsn && !hasPermission(ctx.actor.role, 'ssn.reveal')) return fail('FORBIDDEN', `the ${ctx.actor.role} role may not see full SSNs`);
  if (!(await canSeePerson(deps.db, ctx.actor, personId))) {
    await recordAudit(deps.db, ctx, { action: 'read', entityType: 'person', entityId: personId, detail: { outcome: 'not found or not permitted' } });
    return fail('NOT_FOUND', `no person ${personId} that you may see`);
  }
  const person = await loadPerson(deps, personId, revealSsn);
  if (!person) return fail('NOT_FOUND');
  await recordAudit(deps.db, ctx, { action: revealSsn ? 'reveal_ssn' : 'read', entityType: 'person', entityId: personId, personIds: [personId] });
  return ok(person);
}

export interface MatchProbe {
  firstName: string;
  lastName: string;
  dateOfBirth?: string | null | undefined;
  ssn?: string | null | undefined;
}

/** Duplicate check before intake: who on file may be this person. */
export async function checkForMatches(deps: Deps, ctx: RequestContext, probe: MatchProbe): Promise<Result<MatchCandidate[]>> {
  const allowed = requirePermission(ctx.actor, 'intake.create');
  if (!allowed.ok) return allowed;
  const program = await programScope(deps.db, ctx.actor);
  if (!program.ok) return program;
  const candidates = await findMatches(deps, { firstName: probe.firstName, lastName: probe.lastName, dateOfBirth: probe.dateOfBirth ?? null, ssn: probe.ssn ?? null, programId: program.value });
  await recordAudit(deps.db, ctx, { action: 'search', entityType: 'person', personIds: candidates.map((c) => c.personId), detail: { kind: 'duplicate check', returned: candidates.length } });
  return ok(candidates);
}

async function guardPersonWrite(deps: Deps, ctx: RequestContext, personId: number): Promise<void> {
  orAbort(requirePermission(ctx.actor, 'person.write'));
  if (!(await canSeePerson(deps.db, ctx.actor, personId))) throw new FailureError(fail('NOT_FOUND', `no person ${personId} that you may see`));
}

export async function recordAddress(
  deps: Deps,
  ctx: RequestContext,
  personId: number,
  address: AddressInput & { effectiveDate?: string | undefined; source?: string | undefined; verified?: boolean | undefined },
): Promise<Result<{ addressId: number }>> {
  return inTransaction(deps.db, async (db) => {
    await guardPersonWrite({ ...deps, db }, ctx, personId);
    const effectiveDate = address.effectiveDate ?? ctx.clock.today();
    if (effectiveDate > ctx.clock.today()) throw new FailureError(fail('VALIDATION_FAILED', undefined, [{ path: '/effectiveDate', message: 'cannot be in the future' }]));
    const addressId = await addAddress(db, personId, address, {
      source: address.source ?? 'worker',
      effectiveDate,
      userId: ctx.actor.userId,
      verification: address.verified ? 'verified' : 'unverified',
    });
    await recordAudit(db, ctx, { action: 'create', entityType: 'person_address', entityId: addressId, personIds: [personId] });
    return { addressId };
  });
}

export async function recordEmployment(deps: Deps, ctx: RequestContext, personId: number, employer: EmployerInput & { source?: string | undefined }): Promise<Result<{ employmentId: number }>> {
  return inTransaction(deps.db, async (db) => {
    await guardPersonWrite({ ...deps, db }, ctx, personId);
    const employmentId = await addEmployment(db, personId, employer, { source: employer.source ?? 'worker', effectiveDate: ctx.clock.today(), userId: ctx.actor.userId });
    await recordAudit(db, ctx, { action: 'create', entityType: 'person_employment', entityId: employmentId, personIds: [personId] });
    return { employmentId };
  });
}

export async function recordAlias(
  deps: Deps,
  ctx: RequestContext,
  personId: number,
  alias: { firstName: string; middleName?: string | null | undefined; lastName: string; kind?: 'alias' | 'maiden' | 'former' | 'nickname' | undefined },
): Promise<Result<{ aliasId: number }>> {
  return inTransaction(deps.db, async (db) => {
    await guardPersonWrite({ ...deps, db }, ctx, personId);
    const aliasId = await addAlias(db, personId, alias);
    await recordAudit(db, ctx, { action: 'create', entityType: 'person_alias', entityId: aliasId, personIds: [personId] });
    return { aliasId };
  });
}
