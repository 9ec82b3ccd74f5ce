/**
 * Row-level access: which cases and persons an actor may see. Office staff see their office's cases;
 * statewide roles see all; a parent sees only cases where they are the custodial party or the
 * noncustodial parent; an employer sees no case records.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import { fail, ok, type Result } from '../kernel/result.ts';
import type { Actor } from './context.ts';
import { hasPermission, ROLE_POLICIES, type Permission } from './roles.ts';

export function requirePermission(actor: Actor, permission: Permission): Result<true> {
  return hasPermission(actor.role, permission) ? ok(true) : fail('FORBIDDEN', `the ${actor.role} role may not do this (${permission})`);
}

/** A SQL condition on a case row aliased `c`, or null when the actor sees every case. */
export function caseVisibility(actor: Actor): RawBuilder<boolean> | null {
  switch (ROLE_POLICIES[actor.role].scope) {
    case 'state':
      return null;
    case 'office':
      return sql<boolean>`c.office_id = ${actor.officeId ?? -1}`;
    case 'own_cases':
      return sql<boolean>`exists (select 1 from case_member vm where vm.case_id = c.id and vm.person_id = ${actor.personId ?? -1}
        and vm.end_date is null and vm.role in ('custodial_party', 'noncustodial_parent'))`;
    case 'own_employer':
      return sql<boolean>`false`;
  }
}

/** True when the actor may see the case. */
export async function canSeeCase(db: Db, actor: Actor, caseId: number): Promise<boolean> {
  const condition = caseVisibility(actor) ?? sql<boolean>`true`;
  const row = await sql<{ n: number }>`select count(*)::int as n from iv_d_case c where c.id = ${caseId} and ${condition}`.execute(db);
  return (row.rows[0]?.n ?? 0) > 0;
}

/** True when the actor may see the person: statewide roles always; others through a visible case. */
export async function canSeePerson(db: Db, actor: Actor, personId: number): Promise<boolean> {
  if (!hasPermission(actor.role, 'person.read')) return false;
  const condition = caseVisibility(actor);
  if (!condition) return true;
  const row = await sql<{ n: number }>`select count(*)::int as n from case_member m join iv_d_case c on c.id = m.case_id
    where m.person_id = ${personId} and ${condition}`.execute(db);
  return (row.rows[0]?.n ?? 0) > 0;
}
