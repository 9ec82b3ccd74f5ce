/**
 * The guideline worksheet routes the workstation uses: the numbered worksheet as JSON and the same
 * calculation as a PDF, for case staff only, audited, with the calculator's refusals as 400s.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createTestSystem, type TestSystem } from '../helpers/system.ts';

let sys: TestSystem;
let worker: string;
let employer: string;
const example = JSON.parse(readFileSync(new URL('../../docs/guideline-examples/04-child-care-health-insurance.json', import.meta.url), 'utf8')) as {
  input: Record<string, unknown> & { obligor: { income: { grossPerPeriod: string } } };
  expected: { calculations: Array<{ result: { totalMonthly: string } }> };
};

before(async () => {
  sys = await createTestSystem();
  await sys.addUser('worker', 'caseworker', { office: 'NORTH' });
  const firm = await sys.deps.db.insertInto('employer').values({ fein: '231234567', name: 'Keystone Logistics LLC', line1: null, line2: null, city: null, state_code: null, zip: null, phone: null, created_at: new Date() }).returning('id').executeTakeFirstOrThrow();
  await sys.addUser('employer', 'employer', { employerId: firm.id });
  worker = await sys.login('worker');
  employer = await sys.login('employer');
});
after(() => sys.close());

const post = (token: string | null, url: string, payload: unknown) =>
  sys.app.inject({ method: 'POST', url, payload: payload as Record<string, unknown>, headers: token ? { authorization: `Bearer ${token}` } : {} });

test('a caseworker gets the worksheet of a published example, and the calculation is audited', async () => {
  const res = await post(worker, '/api/guideline/worksheet', { input: example.input });
  assert.equal(res.statusCode, 200, res.body);
  const sheet = res.json();
  assert.equal(sheet.format, 'opencse-guideline-worksheet');
  assert.equal(sheet.calculations[0].result.totalMonthly, example.expected.calculations[0]!.result.totalMonthly);
  assert.ok(sheet.calculations[0].lines.some((l: { line: string }) => l.line === '13e'));
  const audit = await sys.deps.db.selectFrom('audit_event').select(['action', 'entity_type']).where('entity_type', '=', 'guideline_worksheet').execute();
  assert.deepEqual(audit, [{ action: 'read', entity_type: 'guideline_worksheet' }]);
});

test('the PDF answers application/pdf and is audited as an export', async () => {
  const res = await post(worker, '/api/guideline/worksheet.pdf', { input: example.input });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^application\/pdf/);
  assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
  const exports = await sys.deps.db.selectFrom('audit_event').select('id').where('entity_type', '=', 'guideline_worksheet').where('action', '=', 'export').execute();
  assert.equal(exports.length, 1);
});

test('an income outside the schedule rows is refused with the reason; bad input names the field', async () => {
  const big = { ...example.input, obligor: { ...example.input.obligor, income: { ...example.input.obligor.income, grossPerPeriod: '9000' } } };
  const range = await post(worker, '/api/guideline/worksheet', { input: big });
  assert.equal(range.statusCode, 400);
  // A sentence for the worker, never a code; the reason stays in data for programs.
  assert.match(range.json().error.message, /^Line 7 \(combined monthly net income\): \$\d[\d,]*\.\d\d is outside the schedule on file\./);
  assert.equal(range.json().error.data.reason, 'SCHEDULE_RANGE');
  const bad = await post(worker, '/api/guideline/worksheet.pdf', { input: { ...example.input, children: 0 } });
  assert.equal(bad.statusCode, 400);
  assert.ok(bad.json().error.details.some((d: { path?: string }) => d.path === '/children'));
  assert.equal((await post(worker, '/api/guideline/worksheet', { input: example.input, extra: 1 })).statusCode, 400, 'unknown fields are refused');
});

test('only case staff may calculate', async () => {
  assert.equal((await post(null, '/api/guideline/worksheet', { input: example.input })).statusCode, 401);
  assert.equal((await post(employer, '/api/guideline/worksheet', { input: example.input })).statusCode, 403);
  assert.equal((await post(employer, '/api/guideline/worksheet.pdf', { input: example.input })).statusCode, 403);
});
