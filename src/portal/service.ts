/**
 * The parent portal's reads and writes. A parent sees only the cases where they are the custodial party
 * or the noncustodial parent, and of the other party only the name: never an address, birth date or
 * SSN (family-violence safety).
 */
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { fail, ok, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { caseVisibility, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { addAddress, type AddressInput } from '../participants/store.ts';
import { sql } from 'kysely';

export interface PortalCase {
  caseNumber: string;
  status: string;
  myRole: string;
  otherParty: string | null;
  children: Array<{ firstName: string; dateOfBirth: string | null }>;
  openedDate: string;
}

export async function myCases(deps: Deps, ctx: RequestContext): Promise<Result<PortalCase[]>> {
  const allowed = requirePermission(ctx.actor, 'portal.parent');
  if (!allowed.ok) return allowed;
  const me = ctx.actor.personId!;
  const cases = await sql<{ id: number; case_number: string; status: string; opened_date: string }>`
    select c.id, c.case_number, c.status, c.opened_date from iv_d_case c where ${caseVisibility(ctx.actor)!} order by c.case_number`.execute(deps.db);
  const ids = cases.rows.map((c) => c.id);
  const members = ids.length
    ? await deps.db
        .selectFrom('case_member as m')
        .innerJoin('person as p', 'p.id', 'm.person_id')
        .select(['m.case_id', 'm.person_id', 'm.role', 'p.first_name', 'p.last_name', 'p.date_of_birth'])
        .where('m.case_id', 'in', ids)
        .where('m.end_date', 'is', null)
        .execute()
    : [];
  const out = cases.rows.map((c) => {
    const own = members.filter((m) => m.case_id === c.id);
    const mine = own.find((m) => m.person_id === me && (m.role === 'custodial_party' || m.role === 'noncustodial_parent'));
    const other = own.find((m) => m.person_id !== me && (m.role === 'custodial_party' || m.role === 'noncustodial_parent'));
    return {
      caseNumber: c.case_number,
      status: c.status,
      myRole: mine?.role ?? 'custodial_party',
      otherParty: other ? `${other.first_name} ${other.last_name}` : null,
      children: own.filter((m) => m.role === 'child').map((m) => ({ firstName: m.first_name, dateOfBirth: m.date_of_birth })),
      openedDate: c.opened_date,
    };
  });
  await recordAudit(deps.db, ctx, { action: 'read', entityType: 'portal_cases', caseIds: ids, personIds: [me, ...members.filter((m) => m.role === 'child').map((m) => m.person_id)] });
  return ok(out);
}

/** A parent reports a new address for themselves; it is recorded as unverified, from the portal. */
export async function updateMyAddress(deps: Deps, ctx: RequestContext, address: AddressInput): Promise<Result<{ addressId: number }>> {
  const allowed = requirePermission(ctx.actor, 'portal.parent');
  if (!allowed.ok) return allowed;
  const me = ctx.actor.personId;
  if (!me) return fail('FORBIDDEN');
  return inTransaction(deps.db, async (db) => {
    const addressId = await addAddress(db, me, address, { source: 'parent_portal', effectiveDate: ctx.clock.today(), userId: ctx.actor.userId, verification: 'unverified' });
    await recordAudit(db, ctx, { action: 'create', entityType: 'person_address', entityId: addressId, personIds: [me] });
    return { addressId };
  });
}
