import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createTestSystem, type TestSystem } from '../helpers/system.ts';
import { buildApp, type App } from '../../src/http/app.ts';

let sys: TestSystem;
let app: App;
let bare: App;
let dist: string;
const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;

before(async () => {
  sys = await createTestSystem();
  dist = mkdtempSync(join(tmpdir(), 'cse-ui-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><html lang="en"><head><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root"></div></body></html>');
  writeFileSync(join(dist, 'assets', 'app-abc123.js'), script);
  writeFileSync(join(dist, 'assets', 'font-1.woff2'), Buffer.from([1, 2, 3]));
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  app = await buildApp(sys.deps, { uiDist: dist });
  bare = await buildApp(sys.deps, { uiDist: join(dist, 'not-built') });
});
after(async () => {
  await app.close();
  await bare.close();
  await sys.close();
  rmSync(dist, { recursive: true, force: true });
});

test('pages of the app are index.html, never cached, with a Content-Security-Policy of self only', async () => {
  for (const url of ['/', '/worklist', '/cases/CS00000001', '/cases?lastName=smith', '/portal']) {
    const res = await app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 200, url);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'no-cache');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe|data:|https?:/, 'nothing but self');
    assert.match(res.body, /<div id="root">/);
  }
});

test('hashed assets are cached for a year with their content type, and compressed when asked', async () => {
  const js = await app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
  assert.equal(js.statusCode, 200);
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(js.body, script);
  const gz = await app.inject({ method: 'GET', url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'gzip, br' } });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(gz.rawPayload).toString(), script);
  const font = await app.inject({ method: 'GET', url: '/assets/font-1.woff2' });
  assert.equal(font.headers['content-type'], 'font/woff2');
  const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
  assert.equal(icon.headers['content-type'], 'image/svg+xml');
  assert.equal(icon.headers['cache-control'], 'public, max-age=3600');
  const head = await app.inject({ method: 'HEAD', url: '/assets/app-abc123.js' });
  assert.equal(head.statusCode, 200);
});

test('a missing file is a 404, the API keeps its JSON errors, and no path leaves the build folder', async () => {
  for (const url of ['/assets/missing-1.js', '/favicon.ico', '/../package.json', '/%2e%2e/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json']) {
    const res = await app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 404, url);
    assert.equal(res.json().error.code, 'NOT_FOUND', url);
  }
  const api = await app.inject({ method: 'GET', url: '/api/no-such-route' });
  assert.equal(api.statusCode, 404);
  assert.equal(api.headers['cache-control'], 'no-store');
  assert.equal(api.json().error.code, 'NOT_FOUND');
  const post = await app.inject({ method: 'POST', url: '/worklist', payload: {} });
  assert.equal(post.statusCode, 404);
  assert.equal((await app.inject({ method: 'GET', url: '/openapi.json' })).headers['content-type'], 'application/json; charset=utf-8');
  assert.equal((await app.inject({ method: 'GET', url: '/health' })).json().status, 'ok');
});

test('before the app is built the server says how to build it', async () => {
  const res = await bare.inject({ method: 'GET', url: '/worklist' });
  assert.equal(res.statusCode, 503);
  assert.match(res.body, /npm run build:ui/);
});
