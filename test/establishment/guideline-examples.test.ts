/**
 * The worked examples in docs/guideline-examples: each `expected` block was computed by hand from the
 * schedule rows (arithmetic in docs/guideline.md) and must match the calculator to the cent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { calculateGuideline } from '../../src/establishment/guideline/calculate.ts';
import { guidelineCalcCommand } from '../../src/establishment/guideline/command.ts';
import { guidelineReason } from '../../src/establishment/guideline/failures.ts';
import { formatWorksheetText } from '../../src/establishment/guideline/format-text.ts';
import type { Worksheet } from '../../src/establishment/guideline/worksheet.ts';

const DIR = new URL('../../docs/guideline-examples/', import.meta.url);

interface Example {
  title: string;
  description: string;
  input: Record<string, unknown>;
  expected: {
    calculations: {
      id: string;
      lines: Record<string, { obligor?: string | null; obligee?: string | null; combined?: string | null }>;
      result: Record<string, string>;
    }[];
  };
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const load = (f: string): Example => JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as Example;

test('there are at least 6 worked examples covering the required situations', () => {
  assert.ok(files.length >= 6, `${files.length} examples`);
  const all = files.map(load);
  const has = (pred: (e: Example) => boolean, what: string) => assert.ok(all.some(pred), what);
  has((e) => e.input.children === 1 && !e.input.expenses && !e.input.childSocialSecurityBenefitMonthly, 'one child');
  has((e) => e.input.children === 2, 'two children');
  has((e) => JSON.stringify(e.input).includes('overnightsPerYear'), 'shared custody');
  has((e) => JSON.stringify(e.input).includes('childCare') && JSON.stringify(e.input).includes('healthInsurancePremium'), 'child care + health insurance');
  has((e) => e.input.childSocialSecurityBenefitMonthly !== undefined, 'Social Security derivative benefit');
  has((e) => e.input.caseType === 'thirdParty', 'third-party payer');
  has((e) => e.expected.calculations.some((c) => c.lines['LI-1']?.obligor === 'yes'), 'low income near the reserve');
});

for (const file of files) {
  test(`example ${file}: every expected line and result matches to the cent`, () => {
    const example = load(file);
    const r = calculateGuideline(example.input);
    assert.ok(r.ok, `${file}: ${JSON.stringify(r)}`);
    const w: Worksheet = r.value;
    assert.equal(w.calculations.length, example.expected.calculations.length);
    example.expected.calculations.forEach((want, i) => {
      const got = w.calculations[i]!;
      assert.equal(got.id, want.id);
      for (const [line, cols] of Object.entries(want.lines)) {
        const actual = got.lines.find((l) => l.line === line);
        assert.ok(actual, `${file} ${want.id}: line ${line} exists`);
        for (const [col, value] of Object.entries(cols)) {
          assert.equal(actual[col as 'obligor' | 'obligee' | 'combined'], value, `${file} ${want.id}: line ${line} ${col}`);
        }
      }
      assert.deepEqual(got.result, want.result, `${file} ${want.id}: result`);
    });
  });
}

test('guidelineCalcCommand returns the worksheet JSON for an input file and for an example file', () => {
  const example = load('02-two-children-pay-periods.json');
  const fromInput = guidelineCalcCommand(JSON.stringify(example.input));
  const fromExample = guidelineCalcCommand(JSON.stringify(example));
  assert.ok(fromInput.ok && fromExample.ok);
  assert.equal(fromInput.value, fromExample.value);
  assert.ok(fromInput.value.endsWith('\n'));
  const parsed = JSON.parse(fromInput.value) as Worksheet;
  assert.equal(parsed.calculations[0]!.result.totalMonthly, '658.49');
  const text = guidelineCalcCommand(JSON.stringify(example.input), 'text');
  assert.ok(text.ok && text.value.includes('TOTAL MONTHLY OBLIGATION $658.49'));
});

test('guidelineCalcCommand reports JSON syntax errors with a line number, and calculation failures as results', () => {
  const broken = guidelineCalcCommand('{\n  "state": "PA",\n  "children": 1,,\n}');
  assert.equal(guidelineReason(broken), 'INPUT_INVALID');
  assert.ok(!broken.ok && broken.details?.[0]?.line === 3, JSON.stringify(broken));
  const outOfRange = guidelineCalcCommand(
    JSON.stringify({
      state: 'PA',
      calculationDate: '2019-07-01',
      children: 2,
      obligor: { income: { grossPerPeriod: '5000', payFrequency: 'monthly' } },
      obligee: { income: { grossPerPeriod: '1500', payFrequency: 'monthly' } },
    }),
  );
  assert.equal(guidelineReason(outOfRange), 'SCHEDULE_RANGE');
});

test('formatWorksheetText shows every line number, the dollar figures and the notes', () => {
  const r = calculateGuideline(load('04-child-care-health-insurance.json').input);
  assert.ok(r.ok);
  const text = formatWorksheetText(r.value);
  for (const line of ['1', '4', '10', '11', '12', '13a', '13e', 'LI-3', 'E1', 'E5', 'T1']) {
    assert.match(text, new RegExp(`^${line.replace('-', '\\-')}\\s`, 'm'), `line ${line}`);
  }
  assert.match(text, /\$1,015\.00/);
  assert.match(text, /67%/);
  assert.match(text, /TOTAL MONTHLY OBLIGATION \$938\.75/);
  assert.match(text, /Notes:/);
  assert.ok(text.split('\n').every((l) => l.length <= 110 && /^[\x20-\x7e]*$/.test(l)), 'ASCII, fits a terminal');
});
