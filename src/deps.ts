/** What every service needs: the database, the data keys for personal identifiers, and the clock. */
import type { Db } from './db/database.ts';
import type { Clock } from './kernel/clock.ts';
import type { DataKeys } from './security/pii.ts';

export interface Deps {
  db: Db;
  keys: DataKeys;
  clock: Clock;
}
