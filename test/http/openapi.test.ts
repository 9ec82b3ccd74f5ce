import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestSystem, type TestSystem } from '../helpers/system.ts';

let sys: TestSystem;
before(async () => {
  sys = await createTestSystem();
});
after(() => sys.close());

test('the OpenAPI document lists the routes with their schemas', async () => {
  const res = await sys.app.inject({ method: 'GET', url: '/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json();
  assert.equal(doc.openapi, '3.0.3');
  for (const path of ['/api/auth/login', '/api/intakes', '/api/intakes/import', '/api/intakes/{intakeId}/resolve', '/api/cases', '/api/cases/{caseNumber}', '/api/persons/{personId}', '/api/audit', '/api/portal/cases']) {
    assert.ok(doc.paths[path], `${path} documented`);
  }
  assert.ok(doc.paths['/api/intakes'].post.requestBody);
  assert.ok(doc.paths['/api/cases/{caseNumber}'].get.responses['200']);
});

test('unknown routes answer the one error shape', async () => {
  const res = await sys.app.inject({ method: 'GET', url: '/api/nope' });
  assert.equal(res.statusCode, 404);
  assert.deepEqual(Object.keys(res.json().error).sort(), ['code', 'message']);
});

test('malformed JSON is a validation error, not a crash', async () => {
  await sys.addUser('w.one', 'caseworker', { office: 'NORTH' });
  const token = await sys.login('w.one');
  const res = await sys.app.inject({ method: 'POST', url: '/api/intakes', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: '{"kind":' });
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().error.code, 'VALIDATION_FAILED');
});

test('API responses are not cached and carry safe headers', async () => {
  const res = await sys.app.inject({ method: 'GET', url: '/api/cases' });
  assert.equal(res.headers['cache-control'], 'no-store');
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
});
