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

/** The system itself (batch jobs, the command line): the only actor with no user behind it. */
export function isSystemActor(actor: Actor): boolean {
  return actor.userId === null;
}

/** The actor's IV-D program, or null for the system itself (not confined to a program). */
export function actorProgram(actor: Actor): number | null {
  return actor.programId ?? null;
}

/**
 * A user without a program (an actor built without one) may see program rows only on an install with a
 * single program, where that program is theirs; on a consortium install they see nothing (fail closed),
 * never everything.
 */
export const ONLY_ONE_PROGRAM = sql<boolean>`((select count(*) from iv_d_program) <= 1)`;

/**
 * The program confinement of an actor as a SQL condition: `inProgram(id)` for a program's user (or a
 * system actor confined with --program), null for the unconfined system, and for a user who names no
 * program the fail-closed ONLY_ONE_PROGRAM.
 */
function programCondition(actor: Actor, inProgram: (program: number) => RawBuilder<boolean>): RawBuilder<boolean> | null {
  const program = actorProgram(actor);
  if (program !== null) return inProgram(program);
  return isSystemActor(actor) ? null : ONLY_ONE_PROGRAM;
}

/**
 * The program a service confines an actor to, for code that filters with a program id rather than a SQL
 * condition: the actor's program; null for the system (unconfined) or, on a single-program install, for a
 * user who names none; FORBIDDEN for a user without a program on a consortium install.
 */
export async function programScope(db: Db, actor: Actor): Promise<Result<number | null>> {
  const program = actorProgram(actor);
  if (program !== null || isSystemActor(actor)) return ok(program);
  const n = await db.selectFrom('iv_d_program').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(n.n) <= 1 ? ok(null) : fail('FORBIDDEN', 'this install serves several IV-D programs and your user belongs to none');
}

/** A SQL condition that an office id column belongs to the actor's program, or null when unconfined. */
export function programOfficeCondition(actor: Actor, officeColumn: RawBuilder<unknown>): RawBuilder<boolean> | null {
  return programCondition(actor, (program) => sql<boolean>`${officeColumn} in (select po.id from office po where po.program_id = ${program})`);
}

/** A SQL condition that a person id column belongs to the actor's program, or null when unconfined. */
export function programPersonCondition(actor: Actor, personColumn: RawBuilder<unknown>): RawBuilder<boolean> | null {
  return programCondition(actor, (program) => sql<boolean>`${personColumn} in (select pp.id from person pp where pp.program_id = ${program})`);
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
    const inProgram = programPersonCondition(actor, sql`p.id`) ?? sql<boolean>`true`;
    const row = await sql<{ n: number }>`select count(*)::int as n from person p where p.id = ${personId} and ${inProgram}`.execute(db);
    return (row.rows[0]?.n ?? 0) > 0;
  }
  const condition = caseVisibility(actor) ?? sql<boolean>`true`;
  const row = await sql<{ n: number }>`select count(*)::int as n from case_member m join iv_d_case c on c.id = m.case_id
    where m.person_id = ${personId} and ${condition}`.execute(db);
  return (row.rows[0]?.n ?? 0) > 0;
}

/**
 * A SQL condition that a receipt id column is one of the actor's program's receipts, or null when
 * unconfined. A receipt's program is the view receipt_program (migration 0910): its case's, else its
 * obligor's, else the program it was received for, else its poster's, else the install's only program.
 */
export function programReceiptCondition(actor: Actor, receiptColumn: RawBuilder<unknown>): RawBuilder<boolean> | null {
  return programCondition(actor, (program) => sql<boolean>`${receiptColumn} in (select rpv.receipt_id from receipt_program rpv where rpv.program_id = ${program})`);
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
