/** Every worked scenario in docs/scenarios/ must produce exactly its `expected` block. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compareWithExpected, expectedView, formatScenarioOutput, runScenario, runScenarioText, type ScenarioOutput } from '../../src/financial/scenario.ts';

const dir = fileURLToPath(new URL('../../docs/scenarios/', import.meta.url));
const files = readdirSync(dir).filter((f) => /^\d\d-[a-z0-9-]+\.json$/.test(f)).sort();

function load(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as Record<string, unknown>;
}

function runOk(json: unknown): ScenarioOutput {
  const result = runScenario(json);
  if (!result.ok) throw new Error(`${result.code}: ${result.message}\n${JSON.stringify(result.details, null, 2)}`);
  return result.value;
}

describe('worked scenarios (docs/scenarios)', () => {
  it('has at least ten scenarios, each with an expected block', () => {
    assert.ok(files.length >= 10, `only ${files.length} scenarios`);
    for (const f of files) assert.ok(load(f).expected, `${f} has no expected block`);
  });

  for (const file of files) {
    it(file, () => {
      const json = load(file);
      const output = runOk(json);
      assert.deepStrictEqual(expectedView(output), json.expected);
      assert.deepEqual(compareWithExpected(output, json.expected), []);
      assert.ok(output.totals.conserved, 'received = distributed + held + refunds due');
    });
  }
});

describe('scenario input errors', () => {
  const valid = () => load('01-never-assistance-current-and-arrears.json');

  function problems(json: unknown): Array<{ path?: string; message: string }> {
    const result = runScenario(json);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.code, 'VALIDATION_FAILED');
    return result.ok ? [] : (result.details ?? []);
  }

  it('names the path of a bad amount, an unknown field and a missing field', () => {
    const json = valid() as any;
    json.collections[1].amount = '12.345';
    json.cases[0].color = 'blue';
    delete json.startMonth;
    const found = problems(json).map((p) => p.path);
    assert.ok(found.includes('/collections/1/amount'), JSON.stringify(found));
    assert.ok(found.includes('/cases/0/color'), JSON.stringify(found));
    assert.ok(found.includes('/startMonth'), JSON.stringify(found));
  });

  it('rejects an unknown collection source with the allowed values', () => {
    const json = valid() as any;
    json.collections[0].source = 'lottery';
    const [p] = problems(json);
    assert.equal(p?.path, '/collections/0/source');
    assert.match(p!.message, /must be one of: regular, income_withholding, federal_tax_offset/);
  });

  it('checks the rules the schema cannot', () => {
    const json = valid() as any;
    json.cases[0].arrears.PA = '10.00';
    json.collections[0].date = '2026-09-30';
    json.collections[1].caseId = 'Z';
    json.collections[2].jointReturn = true;
    json.policy = { passThrough: { oneChild: '150.00' } };
    const found = problems(json).map((p) => p.path).sort();
    assert.deepEqual(found, ['/cases/0/arrears/PA', '/collections/0/date', '/collections/1/caseId', '/collections/2/jointReturn', '/policy/passThrough/oneChild']);
  });

  it('requires a IV-E case to give its placement months, and a hold release to name a held offset', () => {
    const json = valid() as any;
    json.cases[0].caseType = 'iv_e_foster_care';
    json.holdReleases = [{ date: '2026-12-01', collectionId: 'nope' }];
    const found = problems(json).map((p) => p.path).sort();
    assert.deepEqual(found, ['/cases/0/assistance', '/holdReleases/0/collectionId']);
  });

  it('rejects a start month before any distribution policy (1997-10-01)', () => {
    const json = valid() as any;
    json.startMonth = '1997-09';
    json.cases[0].orders[0].from = '1997-09';
    json.collections = [];
    assert.deepEqual(problems(json).map((p) => p.path), ['/startMonth']);
  });

  it('rejects a file that is not an object, or not JSON at all', () => {
    assert.equal(runScenario('hello').ok, false);
    assert.equal(runScenario(null).ok, false);
    const broken = runScenarioText('{ "name": ');
    assert.equal(!broken.ok && broken.message, 'The scenario file is not valid JSON.');
    assert.ok(runScenarioText(readFileSync(`${dir}${files[0]}`, 'utf8')).ok);
  });
});

describe('scenario output', () => {
  it('prints allocations with their explanations, balances and the conservation check', () => {
    const text = formatScenarioOutput(runOk(load('09-iv-e-foster-care.json')));
    assert.match(text, /^Scenario: IV-E foster care/);
    assert.match(text, /current_support +federal share +\$150\.00 +IVE_MAINTENANCE_REIMBURSED/);
    assert.match(text, /45 CFR 302\.52\(b\)\(1\)/);
    assert.match(text, /future applied \$200\.00/);
    assert.match(text, /Conservation: received = distributed \+ held \+ refunds due\./);
  });

  it('reports month starts with what changed', () => {
    const output = runOk(load('14-leaving-assistance-2008.json'));
    const notes = output.entries.filter((e) => e.kind === 'month_start').flatMap((e) => e.notes);
    assert.deepEqual(notes, [
      'case A: unpaid current support for 2008-06 ($300.00) became PA arrears',
      'case A: assistance ended: TA arrears ($200.00) became CA',
      'case A: assistance ended: CA arrears above URA ($200.00) became UPA',
      'case A: assistance ended: PA arrears above URA ($400.00) became UDA',
    ]);
  });

  it('compareWithExpected names the first differing path', () => {
    const json = load('04-former-assistance-dra.json') as any;
    const output = runOk(json);
    json.expected.totals.family = '1.00';
    const diffs = compareWithExpected(output, json.expected);
    assert.deepEqual(diffs.map((d) => d.path), ['/expected/totals/family']);
  });

  it('is deterministic: running twice gives the same output', () => {
    const json = load('13-proration-two-cases.json');
    assert.deepStrictEqual(runOk(structuredClone(json)), runOk(structuredClone(json)));
  });
});
