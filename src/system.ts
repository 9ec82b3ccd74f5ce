/**
 * Starting the system: configuration from the environment, the database (PGlite in CSE_HOME or the
 * server at DATABASE_URL), migrations, the data keys and the clock.
 */
import { join, resolve } from 'node:path';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import type { Deps } from './deps.ts';
import { fixedClock, systemClock, type Clock } from './kernel/clock.ts';
import { isIsoDate } from './kernel/calendar.ts';
import { loadDataKeys } from './security/pii.ts';

export interface SystemConfig {
  home: string;
  databaseUrl: string | undefined;
  port: number;
  host: string;
}

export function configFromEnv(env = process.env): SystemConfig {
  return {
    home: resolve(env.CSE_HOME ?? '.cse-data'),
    databaseUrl: env.DATABASE_URL || undefined,
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
  };
}

/** CSE_TODAY=YYYY-MM-DD pins the business date (demos, training); otherwise the real date. */
export function clockFromEnv(env = process.env): Clock {
  const today = env.CSE_TODAY;
  if (today) {
    if (!isIsoDate(today)) throw new Error('CSE_TODAY must be a date (YYYY-MM-DD)');
    return fixedClock(today);
  }
  return systemClock();
}

export interface System {
  deps: Deps;
  handle: DatabaseHandle;
  config: SystemConfig;
  close(): Promise<void>;
}

export async function openSystem(config = configFromEnv(), clock = clockFromEnv()): Promise<System> {
  const handle = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : join(config.home, 'db') });
  await migrate(handle);
  const keys = loadDataKeys(join(config.home, 'data.key'));
  return { deps: { db: handle.db, keys, clock }, handle, config, close: () => handle.close() };
}
