// Builds (once per set of migrations) a migrated PGlite database dump for the test files to start from;
// prints its path.
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/database.ts';
import { loadMigrations, migrate } from '../../src/db/migrate.ts';

const migrations = loadMigrations();
const digest = createHash('sha256').update(migrations.map((m) => m.name + m.checksum).join('|')).digest('hex').slice(0, 16);
const path = join(tmpdir(), `cse-test-snapshot-${digest}.tar`);
if (!existsSync(path)) {
  const handle = await openDatabase({});
  await migrate(handle, migrations);
  const dump = await handle.pglite!.dumpDataDir('none');
  writeFileSync(`${path}.part`, Buffer.from(await dump.arrayBuffer()));
  renameSync(`${path}.part`, path);
  await handle.close();
}
process.stdout.write(path + '\n');
