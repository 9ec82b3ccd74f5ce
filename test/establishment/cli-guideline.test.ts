/**
 * `cse guideline calc FILE` for an example of each model, `cse guideline versions`, and a refusal in
 * words: the real command in a child process.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCliEnv, type CliEnv } from '../helpers/cli.ts';

let cli: CliEnv;
before(async () => {
  cli = await createCliEnv();
});
after(() => cli.close());

const example = (name: string) => new URL(`../../docs/guideline-examples/${name}`, import.meta.url).pathname;

test('cse guideline calc prints the worksheet JSON for an example of each model', () => {
  for (const [file, id, total] of [
    ['01-one-child.json', 'PA-2017', '353.40'],
    ['10-wisconsin-shared-placement.json', 'WI-DCF150', '375.00'],
    ['11-arkansas-income-shares.json', 'AR-2020', '582.00'],
  ] as const) {
    const r = cli.run(['guideline', 'calc', example(file)]);
    assert.equal(r.status, 0, r.stderr);
    const w = JSON.parse(r.stdout) as { schedule: { id: string }; calculations: Array<{ result: { totalMonthly: string } }> };
    assert.equal(w.schedule.id, id);
    assert.equal(w.calculations[0]!.result.totalMonthly, total);
  }
});

test('cse guideline calc --text says the model, what the version can compute, the payer and the findings; --pdf writes the case PDF', () => {
  const pdf = join(cli.home, 'ws.pdf');
  const r = cli.run(['guideline', 'calc', '--text', '--pdf', pdf, '--case', 'C-42', example('12-wisconsin-split-and-shared.json')]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /percentage of income model/);
  assert.match(r.stdout, /Can compute: WI-DCF150 computes any monthly gross income/);
  assert.match(r.stdout, /TOTAL MONTHLY OBLIGATION \$507\.68 \(paid by the obligor\)/);
  assert.match(r.stdout, /Findings \(45 CFR 302\.56\):/);
  assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
});

test('cse guideline versions lists each version with the incomes it can compute and what is not loaded', () => {
  const r = cli.run(['guideline', 'versions']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /PA-2017 +PA +income-shares/);
  assert.match(r.stdout.replace(/\s+/g, ' '), /It cannot compute below \$1,000\.00 or from \$3,000\.01 to \$30,000\.00, because those rows of the schedule are not in the data/);
  assert.match(r.stdout.replace(/\s+/g, ' '), /Not loaded: The 2022 amendments \(51 Pa\.B\. 5539/);
  assert.match(r.stdout, /AR-2020 +AR +income-shares/);
  assert.match(r.stdout, /WI-DCF150 +WI +percentage-of-income/);
});

test('an income the Pennsylvania data cannot compute is refused in a sentence, never a code', () => {
  const file = join(cli.home, 'pa-6000.json');
  writeFileSync(file, JSON.stringify({ state: 'PA', calculationDate: '2019-07-01', children: 1, obligor: { income: { grossPerPeriod: '5000', payFrequency: 'monthly' } }, obligee: { income: { grossPerPeriod: '1000', payFrequency: 'monthly' } } }));
  const r = cli.run(['guideline', 'calc', file]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^error: Line 7 \(combined monthly net income\): \$6,000\.00 is outside the schedule on file\. The PA-2017 data holds rows only up to \$3,000\.00/);
  assert.doesNotMatch(r.stderr, /SCHEDULE_RANGE/);
  const today = join(cli.home, 'pa-today.json');
  writeFileSync(today, JSON.stringify({ state: 'PA', calculationDate: '2026-11-02', children: 1, obligor: { income: { grossPerPeriod: '1500', payFrequency: 'monthly' } }, obligee: { income: { grossPerPeriod: '1000', payFrequency: 'monthly' } } }));
  const t = cli.run(['guideline', 'calc', today]);
  assert.equal(t.status, 1);
  assert.match(t.stderr, /^error: No PA guideline on file applies to support taking effect on 2026-11-02; on file: PA-2017 from 2017-02-25 to 2021-12-31\./);
});

test("cse guideline policy add/list names the version a program applies by date, and refuses an overlap in words", () => {
  const add = cli.run(['guideline', 'policy', 'add', '--program', 'STATE', '--version', 'WI-DCF150', '--from', '2024-01-01', '--source', 'Wis. Stat. 49.22(9)']);
  assert.equal(add.status, 0, add.stderr);
  assert.equal(add.stdout, 'STATE applies WI-DCF150 from 2024-01-01\n');
  const clash = cli.run(['guideline', 'policy', 'add', '--program', 'STATE', '--version', 'AR-2020', '--from', '2025-01-01', '--source', 'x']);
  assert.equal(clash.status, 1);
  assert.match(clash.stderr, /^error: The program's policy already names WI-DCF150 from 2024-01-01; end that span first\./);
  const list = cli.run(['guideline', 'policy', 'list', '--program', 'STATE']);
  assert.equal(list.status, 0, list.stderr);
  assert.equal(list.stdout, '2024-01-01\topen\tWI-DCF150\tWis. Stat. 49.22(9)\n1 guideline spans\n');
});
