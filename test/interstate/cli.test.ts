/**
 * The `cse interstate` commands in a child process against State A's own database, talking over loopback
 * to State B served in this process: setup, registering the partner, QUICK, and a refused query. (The
 * exchange itself is covered by two-states.test.ts; each command here is a process start.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createCliEnv, type CliEnv } from '../helpers/cli.ts';
import { createTestSystem, type TestSystem } from '../helpers/system.ts';
import { encodeTransaction } from '../../src/formats/csenet/csenet.ts';
import { newPartnerKey, saveLocalSettings, savePartner } from '../../src/interstate/partners.ts';
import { receiveBatch } from '../../src/interstate/exchange.ts';
import { sampleReferral } from './fixtures/referral.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let cli: CliEnv;
let B: TestSystem;
let urlB: string;
let caseB: string;
const keyA = newPartnerKey();

/** The CLI must not block this process: B answers from here. */
function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), CSE_HOME: cli.home, CSE_TODAY: '2026-11-02', CSE_DATA_KEY: 'ab'.repeat(32) };
  if (cli.databaseUrl) env.DATABASE_URL = cli.databaseUrl;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${ROOT}bin/cse.mjs`, ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

before(async () => {
  [cli, B] = await Promise.all([createCliEnv(), createTestSystem({ today: '2026-11-02', offices: ['BALT'] })]);
  await B.app.listen({ port: 0, host: '127.0.0.1' });
  urlB = `http://127.0.0.1:${(B.app.server.address() as AddressInfo).port}`;
  await saveLocalSettings(B.deps, B.ctx(), { fips: '2400000', name: 'Maryland' });
  await savePartner(B.deps, B.ctx(), { fipsState: '42', name: 'Pennsylvania', inboundKey: keyA });
  const line = encodeTransaction(sampleReferral());
  assert.ok(line.ok);
  const received = await receiveBatch(B.deps, '42', [line.value], { requestId: null, clientIp: null });
  assert.ok(received.ok, JSON.stringify(!received.ok && received));
  caseB = received.value.results[0]!.caseNumber!;
});
after(async () => {
  await B?.close();
  await cli?.close();
});

test('cse interstate setup and partner add, then QUICK to the other program by its case id and by ours', async () => {
  const setup = await run(['interstate', 'setup', '--fips', '4200300', '--name', 'Pennsylvania']);
  assert.equal(setup.status, 0, setup.stderr);
  assert.match(setup.stdout, /FIPS 4200300 \(Pennsylvania\)/);
  const partner = await run(['interstate', 'partner', 'add', '--fips', '24', '--name', 'Maryland', '--url', urlB, '--outbound-key', keyA]);
  assert.equal(partner.status, 0, partner.stderr);
  assert.match(partner.stdout, /can send to it/);

  const quick = await run(['interstate', 'quick', '--fips', '24', '--case', caseB, '--purpose', 'hearing preparation']);
  assert.equal(quick.status, 0, quick.stderr);
  assert.match(quick.stdout, new RegExp(`Maryland \\(FIPS 2400000\\) case ${caseB}: open, responding; your case id CS00000012`));
  assert.match(quick.stdout, /order 42-FD-2026-0412 \(judicial, active\) from 2026-11-01: current_support \$400\.00 monthly/);
  assert.match(quick.stdout, /2026-11: current support \$400\.00 due, \$0\.00 paid; arrears \$0\.00; total owed \$400\.00/);
  assert.doesNotMatch(quick.stdout, /318-?22-?4410/, 'no full SSN');
  const audit = await B.deps.db.selectFrom('audit_event').selectAll().where('entity_type', '=', 'quick_case').execute();
  assert.equal(audit.at(-1)!.purpose, 'QUICK from 42: hearing preparation');
});

test('a QUICK query about a case that is not intergovernmental with us is refused', async () => {
  const none = await run(['interstate', 'quick', '--fips', '24', '--case', 'CS00000999', '--json']);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /answered 404/);
});

test('cse interstate partner add takes the SDU bank; cse interstate forward-file with nothing forwarded writes no file', async () => {
  const partner = await run(['interstate', 'partner', 'add', '--fips', '24', '--name', 'Maryland', '--sdu-name', 'MD CSA', '--sdu-routing', '043000096', '--sdu-account', '5550001234']);
  assert.equal(partner.status, 0, partner.stderr);
  const file = await run(['interstate', 'forward-file', '--date', '2026-11-02']);
  assert.equal(file.status, 0, file.stderr);
  assert.match(file.stdout, /no file written for 2026-11-02: nothing new to pay/);
  const bad = await run(['interstate', 'forward-file', '--date', '2026-13-45']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /must be a date/);
});
