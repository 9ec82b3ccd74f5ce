// The command line: `cse casework timeframes --as-of`, `cse report ocse157 --year`, `cse report ocse34`,
// `cse report measures`, on a small demo state.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCliEnv, type CliEnv } from '../helpers/cli.ts';

let cli: CliEnv;
/** A case open at the end of FFY 2026, from the first listing (saves a run of the CLI). */
let openCase = '';
before(async () => {
  cli = await createCliEnv();
  // Without the seed's own sweep, so the first `casework timeframes` below has clocks to start.
  const seeded = cli.run(['demo', 'seed', '--cases', '15', '--no-timeframes']);
  assert.equal(seeded.status, 0, seeded.stderr);
});
after(() => cli.close());

test('cse casework timeframes starts clocks and makes worklist items; running it again adds nothing', () => {
  const first = cli.run(['casework', 'timeframes', '--as-of', '2026-11-02']);
  assert.equal(first.status, 0, first.stderr);
  const m = /2026-11-02: (\d+) cases; clocks (\d+) started.*worklist (\d+) new/.exec(first.stdout);
  assert.ok(m, first.stdout);
  assert.ok(Number(m[2]) > 0, 'demo cases have clocks to start');
  const again = cli.run(['casework', 'timeframes', '--as-of', '2026-11-02']);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /clocks 0 started, 0 met, 0 stopped; worklist 0 new, 0 now overdue, 0 escalated/);
  assert.equal(cli.run(['casework', 'timeframes', '--as-of', '2026-02-30']).status, 1);
});

test('cse report ocse157 --year 2026 prints every line with its confidence, and lists a line on request', () => {
  const r = cli.run(['report', 'ocse157', '--year', '2026', '--line', '1']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^OCSE-157 Child Support Enforcement Annual Data Report - FFY 2026 \(2025-10-01 to 2026-09-30\)/);
  for (const line of ['1 ', '2 ', '5a', '24', '25', '28', '29']) assert.match(r.stdout, new RegExp(`^${line}\\s+\\S`, 'm'), line);
  assert.match(r.stdout, /^3\s+Cases for which the State has no jurisdiction\s+0\s+confirmed$/m);
  assert.match(r.stdout, /^8\s+Children in the State born out of wedlock during the fiscal year\s+n\/a\s+not supported$/m);
  for (const line of ['16', '21', '21a', '22', '23', '26']) assert.match(r.stdout, new RegExp(`^${line}\\s+\\S.*\\s(\\$?[\\d,.]+)\\s+inference$`, 'm'), line);
  const listed = /^Line 1: (\d+) cases$/m.exec(r.stdout);
  assert.ok(listed, r.stdout);
  assert.equal(r.stdout.split('\n').filter((l) => /^ {2}CS\d{8} /.test(l)).length, Number(listed[1]));
  openCase = /^ {2}(CS\d{8}) /m.exec(r.stdout)![1]!;
  assert.equal(cli.run(['report', 'ocse157', '--year', '20x6']).status, 1);
});

test('cse report statewide-input and case-fact feed lines 8, 8a, 9 and 3; measures --pep statewide uses them', () => {
  assert.equal(cli.run(['report', 'statewide-input', '--year', '2025', '--births-out-of-wedlock', '900', '--source', 'vital statistics']).status, 0);
  const entered = cli.run(['report', 'statewide-input', '--year', '2026', '--births-out-of-wedlock', '880', '--paternities', '810', '--source', 'vital statistics 2026-10-15']);
  assert.equal(entered.status, 0, entered.stderr);
  assert.match(entered.stdout, /FFY 2026: births out of wedlock 880, paternities established 810/);
  const first = openCase;
  const fact = cli.run(['report', 'case-fact', '--case', first, '--fact', 'no_jurisdiction', '--from', '2026-01-01', '--source', 'transferred to tribal court']);
  assert.equal(fact.status, 0, fact.stderr);
  const r = cli.run(['report', 'ocse157', '--year', '2026', '--line', '3']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^8\s+.*\s880\s+confirmed \(entered\)$/m);
  assert.match(r.stdout, /^8a\s+.*\s900\s+confirmed \(entered\)$/m);
  assert.match(r.stdout, /^9\s+.*\s810\s+confirmed \(entered\)$/m);
  assert.match(r.stdout, /^3\s+Cases for which the State has no jurisdiction\s+1\s+confirmed$/m);
  assert.match(r.stdout, new RegExp(`^Line 3: 1 cases\\n {2}${first} `, 'm'));
  const m = JSON.parse(cli.run(['report', 'measures', '--year', '2026', '--pep', 'statewide', '--json']).stdout);
  assert.deepEqual([m.measures[0].numerator, m.measures[0].denominator], [810, 900]);
});

test('cse report ocse34 prints the quarter with its checks; a bad quarter is refused', () => {
  const r = cli.run(['report', 'ocse34', '--year', '2026', '--quarter', '1']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /OCSE-34 Quarterly Report of Collections - FFY 2026 quarter 1 \(2025-10-01 to 2025-12-31\)/);
  assert.match(r.stdout, /check: line 9 equals the ledger: ok/);
  const bad = cli.run(['report', 'ocse34', '--year', '2026', '--quarter', '5']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /quarter must be 1, 2, 3 or 4/);
});

test('cse report measures --json gives the five measures', () => {
  const r = cli.run(['report', 'measures', '--year', '2026', '--expenditures', '250000.00', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.measures.map((m: { measure: string }) => m.measure), ['paternity', 'orders', 'current_collections', 'arrears_collections', 'cost_effectiveness']);
  assert.equal(out.measures[4].denominator, 25_000_000);
});
