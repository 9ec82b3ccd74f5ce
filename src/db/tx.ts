/** One transaction per unit of work: a business failure thrown inside rolls everything back. */
import { FailureError, type Result, ok } from '../kernel/result.ts';
import type { Db } from './database.ts';

/**
 * Runs `work` in a transaction. Called with a transaction already open, the work joins it, and a
 * business failure is rethrown rather than returned, so the enclosing unit of work rolls back whole.
 */
export async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<Result<T>> {
  if (db.isTransaction) return ok(await work(db));
  try {
    return ok(await db.transaction().execute((trx) => work(trx as unknown as Db)));
  } catch (err) {
    if (err instanceof FailureError) return err.failure;
    throw err;
  }
}
