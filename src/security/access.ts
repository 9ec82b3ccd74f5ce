/**
 * Row-level access: which cases and persons an actor may see. Office staff see their office's cases;
 * program-wide roles see all offices of their IV-D program; a parent sees only cases where they are the
 * custodial party or the noncustodial parent; an employer sees no case records. Nobody but the system
 * itself sees another program's records (tribal mode: one install serving several IV-D programs).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import { fail, ok, type Result } from '../kernel/result.ts';
import type { Actor } from './context.ts';
import { hasPermission, ROLE_POLICIES, type Permission } from './roles.ts';

export function requirePermission(actor: Actor, permission: Permission): Result<true> {
  return hasPermission(actor.role, permission) ? ok(true) : fail('FORBIDDEN', `the ${actor.role} role may not do this (${permission})`);
}

/** The actor's IV-D program, or null for the system itself (not confined to a program). */
export function actorProgram(actor: Actor): number | null {
  return actor.programId ?? null;
}

/** A SQL condition that an office id column belongs to the actor's program, or null when unconfined. */
export function programOfficeCondition(actor: Actor, officeColumn: RawBuilder<unknown>): RawBuilder<boolean> | null {
  const program = actorProgram(actor);
  return program === null ? null : sql<boolean>`${officeColumn} in (select po.id from office po where po.program_id = ${program})`;
}

/** A SQL condition that a person id column belongs to the actor's program, or null when unconfined. */
export function programPersonCondition(actor: Actor, personColumn: RawBuilder<unknown>): RawBuilder<boolean> | null {
  const program = actorProgram(actor);
  return program === null ? null : sql<boolean>`${personColumn} in (select pp.id from person pp where pp.program_id = ${program})`;
}

/**
 * A SQL condition on an office id column: the actor's office for office staff, the actor's program's
 * offices for program-wide roles, nothing for parents and employers; null when the actor sees every office.
 */
export function officeVisibility(actor: Actor, officeColumn: RawBuilder<unknown>): RawBuilder<boolean> | null {
  switch (ROLE_POLICIES[actor.role].scope) {
    case 'state':
      return programOfficeCondition(actor, officeColumn);
    case 'office':
      return sql<boolean>`${officeColumn} = ${actor.officeId ?? -1}`;
    default:
      return sql<boolean>`false`;
  }
}

/** True when the actor may see the office (its worklist, its reports). */
export async function canSeeOffice(db: Db, actor: Actor, officeId: number): Promise<boolean> {
  const condition = officeVisibility(actor, sql`o.id`) ?? sql<boolean>`true`;
  const row = await sql<{ n: number }>`select count(*)::int as n from office o where o.id = ${officeId} and ${condition}`.execute(db);
  return (row.rows[0]?.n ?? 0) > 0;
}

/** A SQL condition on a case row aliased `c`, or null when the actor sees every case. */
export function caseVisibility(actor: Actor): RawBuilder<boolean> | null {
  const inProgram = programOfficeCondition(actor, sql`c.office_id`);
  let own: RawBuilder<boolean> | null;
  switch (ROLE_POLICIES[actor.role].scope) {
    case 'state':
      own = null;
      break;
    case 'office':
      own = sql<boolean>`c.office_id = ${actor.officeId ?? -1}`;
      break;
    case 'own_cases':
      own = sql<boolean>`exists (select 1 from case_member vm where vm.case_id = c.id and vm.person_id = ${actor.personId ?? -1}
        and vm.end_date is null and vm.role in ('custodial_party', 'noncustodial_parent'))`;
      break;
    case 'own_employer':
      own = sql<boolean>`false`;
      break;
  }
  if (inProgram && own) return sql<boolean>`(${inProgram} and ${own})`;
  return inProgram ?? own;
}

/** True when the actor may see the case. */
export async function canSeeCase(db: Db, actor: Actor, caseId: number): Promise<boolean> {
  const condition = caseVisibility(actor) ?? sql<boolean>`true`;
  const row = await sql<{ n: number }>`select count(*)::int as n from iv_d_case c where c.id = ${caseId} and ${condition}`.execute(db);
  return (row.rows[0]?.n ?? 0) > 0;
}

/** True when the actor may see the person: program-wide roles any person of their program; others through a visible case. */
export async function canSeePerson(db: Db, actor: Actor, personId: number): Promise<boolean> {
  if (!hasPermission(actor.role, 'person.read')) return false;
  if (ROLE_POLICIES[actor.role].scope === 'state') {
    const program = actorProgram(actor);
    if (program === null) return true;
    const row = await sql<{ n: number }>`select count(*)::int as n from person p where p.id = ${personId} and p.program_id = ${program}`.execute(db);
    return (row.rows[0]?.n ?? 0) > 0;
  }
  const condition = caseVisibility(actor) ?? sql<boolean>`true`;
  const row = await sql<{ n: number }>`select count(*)::int as n from case_member m join iv_d_case c on c.id = m.case_id
    where m.person_id = ${personId} and ${condition}`.execute(db);
  return (row.rows[0]?.n ?? 0) > 0;
}

/**
 * A SQL condition that a receipt id column is one of the actor's program's receipts, or null when
 * unconfined. A receipt belongs to the program of its case, else of its obligor, else of the user who
 * posted it; an unidentified receipt from a batch belongs to the install's only program, if it has one.
 */
export function programReceiptCondition(actor: Actor, receiptColumn: RawBuilder<unknown>): RawBuilder<boolean> | null {
  const program = actorProgram(actor);
  if (program === null) return null;
  return sql<boolean>`${receiptColumn} in (select rr.id from receipt rr
    left join iv_d_case rc on rc.id = rr.case_id left join office ro on ro.id = rc.office_id
    left join person rp on rp.id = rr.obligor_person_id left join app_user ru on ru.id = rr.created_by
    where coalesce(ro.program_id, rp.program_id, ru.program_id, (select case when count(*) = 1 then min(ip.id) end from iv_d_program ip)) = ${program})`;
}

/** True when the actor may see the receipt (finance roles): its case, or else its program. */
export async function canSeeReceipt(db: Db, actor: Actor, receiptId: number): Promise<boolean> {
  const r = await db.selectFrom('receipt').select(['case_id']).where('id', '=', receiptId).executeTakeFirst();
  if (!r) return false;
  if (r.case_id !== null) return canSeeCase(db, actor, r.case_id);
  const condition = programReceiptCondition(actor, sql`x.id`) ?? sql<boolean>`true`;
  const row = await sql<{ n: number }>`select count(*)::int as n from receipt x where x.id = ${receiptId} and ${condition}`.execute(db);
  return (row.rows[0]?.n ?? 0) > 0;
}
