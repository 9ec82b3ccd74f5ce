/**
 * The only writes casework makes to iv_d_case, a table the cases module (src/cases) owns: the status,
 * closed_date and closure_reason columns, changed when a closure under 45 CFR 303.11 takes effect or a
 * closed case is reopened. Each write checks the status it expects and bumps the row version, so a
 * concurrent change is noticed instead of overwritten.
 */
import type { Db } from '../db/database.ts';
import { fail, FailureError } from '../kernel/result.ts';

export async function markCaseClosed(db: Db, caseId: number, closedDate: string, reasonCode: string): Promise<void> {
  const updated = await db
    .updateTable('iv_d_case')
    .set((eb) => ({ status: 'closed', closed_date: closedDate, closure_reason: reasonCode, version: eb('version', '+', 1) }))
    .where('id', '=', caseId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new FailureError(fail('CASE_STATE_INVALID', 'the case is not open'));
}

export async function markCaseReopened(db: Db, caseId: number): Promise<void> {
  const updated = await db
    .updateTable('iv_d_case')
    .set((eb) => ({ status: 'open', closed_date: null, closure_reason: null, version: eb('version', '+', 1) }))
    .where('id', '=', caseId)
    .where('status', '=', 'closed')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new FailureError(fail('CASE_STATE_INVALID', 'the case is not closed'));
}
