// Tribal mode and the fraud report from the command line: programs add/list, an office and a user in a
// program, an office naming no program refused once there are several, and `cse fraud report`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCliEnv, type CliEnv } from '../helpers/cli.ts';

let cli: CliEnv;
before(async () => {
  cli = await createCliEnv();
});
after(() => cli.close());

test('cse programs add | list, offices and users in a program, cse fraud report', () => {
  assert.equal(cli.run(['db', 'migrate']).status, 0);
  const add = cli.run(['programs', 'add', '--code', 'TRIBEA', '--name', 'Tribe A Child Support', '--kind', 'tribal', '--service-population', 'enrolled members', '--jurisdiction', 'reservation']);
  assert.equal(add.status, 0, add.stderr);
  assert.match(add.stdout, /program TRIBEA added .*45 CFR 309/);
  const office = cli.run(['offices', 'add', '--code', 'TA01', '--name', 'Tribe A office', '--program', 'TRIBEA']);
  assert.equal(office.status, 0, office.stderr);
  const noProgram = cli.run(['offices', 'add', '--code', 'XX01', '--name', 'Nobody']);
  assert.notEqual(noProgram.status, 0, 'with two programs an office must name one');
  const user = cli.run(['users', 'add', '--username', 'ta.admin', '--role', 'administrator', '--program', 'TRIBEA'], { CSE_PASSWORD: 'a-long-password-9' });
  assert.equal(user.status, 0, user.stderr);
  const list = cli.run(['programs', 'list']);
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /STATE\tstate/);
  assert.match(list.stdout, /TRIBEA\ttribal\tTribe A Child Support\t1 offices\t1 users/);
  const report = cli.run(['fraud', 'report', '--from', '2026-10-01', '--to', '2026-10-31', '--program', 'TRIBEA']);
  assert.equal(report.status, 0, report.stderr);
  assert.match(report.stdout, /Fraud signals 2026-10-01 to 2026-10-31 - program TRIBEA/);
  assert.match(report.stdout, /invalid_ssn: 0/);
  const json = cli.run(['fraud', 'report', '--from', '2026-10-01', '--to', '2026-10-31', '--json']);
  assert.equal(json.status, 0, json.stderr);
  assert.deepEqual(JSON.parse(json.stdout).signals, []);
  const bad = cli.run(['fraud', 'report', '--from', '2026-10-31', '--to', '2026-10-01']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /must not be after/);
});
