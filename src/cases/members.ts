/** Who plays which part on a case, for other modules (the cases module owns case_member). */
import type { Db } from '../db/database.ts';

/** The noncustodial parent on the case (an alleged father when no parent is named yet), or null. */
export async function caseObligorId(db: Db, caseId: number): Promise<number | null> {
  const row = await db
    .selectFrom('case_member')
    .select('person_id')
    .where('case_id', '=', caseId)
    .where('role', 'in', ['noncustodial_parent', 'alleged_father'])
    .where('end_date', 'is', null)
    .orderBy('role', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  return row?.person_id ?? null;
}

/** The custodial party on the case (the obligee), or null (an IV-E foster care case has none). */
export async function caseObligeeId(db: Db, caseId: number): Promise<number | null> {
  const row = await db
    .selectFrom('case_member')
    .select('person_id')
    .where('case_id', '=', caseId)
    .where('role', '=', 'custodial_party')
    .where('end_date', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
  return row?.person_id ?? null;
}
