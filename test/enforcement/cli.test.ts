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

const W4 = readFileSync(new URL('../formats/fixtures/newhire-w4.txt', import.meta.url), 'latin1');

test('cse locate import-newhires imports a W4 file once and rejects a bad file with line numbers', () => {
  const file = join(cli.home, 'newhires.txt');
  writeFileSync(file, W4, 'latin1');
  const r = cli.run(['locate', 'import-newhires', file]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /2 new hires \(fixed\); 0 matched, 2 unmatched/);
  const again = cli.run(['locate', 'import-newhires', file]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already imported/);
  const bad = join(cli.home, 'bad.txt');
  const lines = W4.split('\n');
  lines[1] = lines[1]!.slice(0, 279) + '2025XX08' + lines[1]!.slice(287);
  writeFileSync(bad, lines.join('\n'), 'latin1');
  const rejected = cli.run(['locate', 'import-newhires', bad]);
  assert.equal(rejected.status, 1);
  assert.match(rejected.stderr, /line 2: .*hire_date \(positions 280-287\)/);
});

test('cse iwo export with nothing pending, and import-acks refusing an order it does not know', () => {
  const r = cli.run(['iwo', 'export', '--date', '2026-11-02']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /no pending orders/);
  const acks = join(cli.home, 'acks.txt');
  writeFileSync(acks, readFileSync(new URL('../formats/fixtures/eiwo-acks.txt', import.meta.url), 'latin1'), 'latin1');
  const a = cli.run(['iwo', 'import-acks', acks]);
  assert.equal(a.status, 1);
  assert.match(a.stderr, /line 3: .*document_tracking_number \(positions 94-123\): no withholding order/);
});
