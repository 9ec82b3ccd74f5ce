import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCliEnv, type CliEnv } from '../helpers/cli.ts';

let cli: CliEnv;
before(async () => {
  cli = await createCliEnv();
  assert.equal(cli.run(['db', 'migrate']).status, 0);
});
after(() => cli.close());

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'latin1');

// Each run starts the `cse` process: kept to two (idempotency and the export are covered in db-*.test.ts).
test('cse locate swa-import, and fcr-import rejecting a bad record by number and field', () => {
  const swa = join(cli.home, 'swa.txt');
  writeFileSync(swa, fixture('swa-match.txt'), 'latin1');
  const s = cli.run(['locate', 'swa-import', swa]);
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.stdout, /2 records \(1 QW, 1 UI\); 0 matched, 2 unmatched/);

  const lines = fixture('fcr-response.txt').split('\n');
  lines[3] = lines[3]!.slice(0, 60) + 'H42' + lines[3]!.slice(63);
  const bad = join(cli.home, 'fcr-bad.txt');
  writeFileSync(bad, lines.join('\n'), 'latin1');
  const r = cli.run(['locate', 'fcr-import', bad]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /record 4: .*response_agency \(positions 61-63\)/);
});
