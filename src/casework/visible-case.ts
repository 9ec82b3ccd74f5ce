/** Finding a case the actor may see (and, for writes, change), the same way for every casework service. */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { fail, FailureError, orAbort } from '../kernel/result.ts';
import { caseVisibility, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import type { Permission } from '../security/roles.ts';
import type { CaseRow } from './facts.ts';

/** The case row, or a NOT_FOUND failure (thrown) when it does not exist or the actor may not see it. */
export async function visibleCase(db: Db, ctx: RequestContext, caseNumber: string, permission: Permission, forUpdate = false): Promise<CaseRow> {
  orAbort(requirePermission(ctx.actor, permission));
  const visible = caseVisibility(ctx.actor) ?? sql<boolean>`true`;
  const row = await sql<CaseRow>`
    select c.id, c.case_number, c.case_type, c.interstate_role, c.other_jurisdiction_fips, c.intake_source, c.status,
      c.received_date, c.opened_date, c.closed_date, c.closure_reason, c.office_id, c.assigned_worker_id
    from iv_d_case c where c.case_number = ${caseNumber.toUpperCase()} and ${visible}
    ${forUpdate ? sql`for update` : sql``}`.execute(db);
  const c = row.rows[0];
  if (!c) throw new FailureError(fail('NOT_FOUND', `no case ${caseNumber} that you may see`));
  return c;
}
