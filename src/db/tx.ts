/** One transaction per unit of work: a business failure thrown inside rolls everything back. */
import { FailureError, type Result, ok } from '../kernel/result.ts';
import type { Db } from './database.ts';

export async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await db.transaction().execute((trx) => work(trx as unknown as Db)));
  } catch (err) {
    if (err instanceof FailureError) return err.failure;
    throw err;
  }
}
