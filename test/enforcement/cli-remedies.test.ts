import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createCliEnv, type CliEnv } from '../helpers/cli.ts';

let cli: CliEnv;
before(async () => {
  cli = await createCliEnv();
  assert.equal(cli.run(['db', 'migrate']).status, 0);
});
after(() => cli.close());

const fixture = (name: string) => readFileSync(new URL(`../formats/fixtures/${name}`, import.meta.url), 'latin1');

test('cse enforcement offset-file, license-list, credit-report, fidm-levies and iwo-review on an empty system', () => {
  const r = cli.run(['enforcement', 'offset-file', '--date', '2026-12-03']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /week of 2026-11-30: no changes to send/);
  assert.equal(existsSync(join(cli.home, 'FOP-2026-11-30.txt')), false);
  for (const cmd of ['license-list', 'credit-report']) {
    const l = cli.run(['enforcement', cmd, '--date', '2026-12-01']);
    assert.equal(l.status, 0, l.stderr);
    assert.match(l.stdout, /0 notices sent; 0 added, 0 updated, 0 removed/);
  }
  assert.match(cli.run(['enforcement', 'fidm-levies', '--date', '2026-12-01']).stdout, /0 levies sent/);
  assert.match(cli.run(['enforcement', 'iwo-review', '--date', '2026-12-01']).stdout, /0 amended, 0 terminated, 0 unchanged/);
  const bad = cli.run(['enforcement', 'offset-file', '--date', '2026-13-01']);
  assert.equal(bad.status, 1);
});

test('cse enforcement offset-collections: each record once; a malformed file is rejected with the line and field', () => {
  const file = join(cli.home, 'coll.txt');
  writeFileSync(file, fixture('fop-collections.txt'), 'latin1');
  const r = cli.run(['enforcement', 'offset-collections', file]);
  assert.equal(r.status, 0, r.stderr);
  // Nobody on file: the two collections are receipted as unidentified; the adjustment goes to research.
  assert.match(r.stdout, /3 records \(0 seen before\): 2 collections \$1,700\.00; adjustments \$0\.00: 0 from joint-return holds, 0 reversals, 1 to research/);
  const again = cli.run(['enforcement', 'offset-collections', file]);
  assert.match(again.stdout, /3 records \(3 seen before\): 0 collections/);
  const lines = fixture('fop-collections.txt').split('\n');
  lines[0] = lines[0]!.slice(0, 101) + '20X5' + lines[0]!.slice(105);
  const badFile = join(cli.home, 'bad.txt');
  writeFileSync(badFile, lines.join('\n'), 'latin1');
  const bad = cli.run(['enforcement', 'offset-collections', badFile]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /line 1: FOP collection\/adjustment record, offset_tax_year \(positions 102-105\)/);
});

test('cse enforcement fidm-import: no obligor matched; the same file twice is refused', () => {
  const file = join(cli.home, 'fidm.txt');
  writeFileSync(file, fixture('fidm-matches.txt'), 'latin1');
  const r = cli.run(['enforcement', 'fidm-import', file]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /1 matches; 0 levies \(\$0\.00\), 0 below threshold, 1 not an obligor/);
  const again = cli.run(['enforcement', 'fidm-import', file]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already imported/);
});
