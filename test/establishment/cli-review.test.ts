import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCliEnv, type CliEnv } from '../helpers/cli.ts';

let cli: CliEnv;
before(async () => {
  cli = await createCliEnv();
});
after(() => cli.close());

test('cse review due lists the reviews due as of a date and refuses a bad date', () => {
  const due = cli.run(['review', 'due', '--as-of', '2026-11-02']);
  assert.equal(due.status, 0, due.stderr);
  assert.equal(due.stdout, '0 reviews due\n');
  const bad = cli.run(['review', 'due', '--as-of', '2026-02-30']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /\/asOf: must be a date/);
});
