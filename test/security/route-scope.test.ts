// Every route in /openapi.json, called by every role of program A (office NORTH for office roles, a
// parent, an employer), with the path and query parameters naming records of another office (SOUTH) and of
// another program (TRIBEB). No response may carry the other scope's canary strings (names, SSNs, address,
// employer, case number), and a route that names another scope's record answers 403 or 404 before it
// reads the request's body. The routes' access declarations are checked at start-up (the app refuses to
// build with an undeclared route); this walks what they declare.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildScopeWorld, STAFF_ROLES, type Family, type ScopeWorld } from './scope-fixture.ts';

let w: ScopeWorld;
let operations: Array<{ method: string; path: string; op: any }> = [];

before(async () => {
  w = await buildScopeWorld();
  const doc = (await w.call(null, 'GET', '/openapi.json')).json();
  for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
    for (const [method, op] of Object.entries(ops)) operations.push({ method: method.toUpperCase(), path, op });
  }
});
after(() => w.sys.close());

/** The path parameters that name a record of some scope, with the record of `other` they should name. */
function scopedValue(name: string, other: Family, w: ScopeWorld): string | null {
  const ids = other.ids;
  const pick: Record<string, number | string | undefined> = {
    caseNumber: other.caseNumber,
    caseId: other.caseId,
    personId: other.ncpPersonId,
    obligorPersonId: other.ncpPersonId,
    intakeId: ids.intake,
    receiptId: ids.receipt,
    allocationId: ids.allocation,
    actionId: ids.action,
    iwoId: ids.iwo,
    noticeId: ids.notice,
    itemId: ids.worklistItem,
    resultId: ids.locateResult,
    userId: other.key === 'tribe' ? w.tribeAdminUserId : undefined,
    id: ids.csenet,
  };
  const v = pick[name];
  return v === undefined ? null : String(v);
}

function fileIdFor(path: string, other: Family): number | undefined {
  if (path.includes('eiwo-files')) return other.ids.eiwoFile;
  if (path.includes('offset-files')) return other.ids.offsetFile;
  if (path.includes('/lists/')) return other.ids.listFile;
  if (path.includes('disbursement-files')) return other.ids.ppdFile;
  return undefined;
}

/** A value for a required query parameter of no scope (dates, names of files, periods). */
function plainQueryValue(name: string, schema: any): string {
  if (schema?.enum) return String(schema.enum[0]);
  if (schema?.format === 'date' || /date|asOf|from|to$/i.test(name)) return name === 'from' ? '2026-10-01' : '2026-11-30';
  if (name === 'fileName') return 'probe.txt';
  if (name === 'fiscalYear' || name === 'year') return '2027';
  if (name === 'quarter') return '1';
  if (schema?.type === 'integer' || schema?.type === 'number') return '1';
  if (schema?.type === 'boolean') return 'true';
  return 'x';
}

interface Probe {
  url: string;
  namesOtherRecord: boolean;
}

function probeFor(o: { method: string; path: string; op: any }, other: Family): Probe | null {
  let namesOtherRecord = false;
  let url = o.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const scoped = name === 'fileId' ? (fileIdFor(o.path, other)?.toString() ?? null) : scopedValue(name, other, w);
    if (scoped !== null) {
      namesOtherRecord = true;
      return encodeURIComponent(scoped);
    }
    if (name === 'line') return '1';
    if (name === 'year') return '2027';
    return '999999';
  });
  const query: string[] = [];
  for (const p of (o.op.parameters ?? []) as Array<{ in: string; name: string; required?: boolean; schema?: any }>) {
    if (p.in !== 'query') continue;
    const scoped = scopedValue(p.name, other, w) ?? (p.name === 'officeCode' ? other.officeCode : null);
    if (scoped !== null) {
      query.push(`${p.name}=${encodeURIComponent(scoped)}`);
      if (p.required && p.name !== 'officeCode') namesOtherRecord = true;
    } else if (p.required) query.push(`${p.name}=${encodeURIComponent(plainQueryValue(p.name, p.schema))}`);
  }
  if (query.length) url += `?${query.join('&')}`;
  return { url, namesOtherRecord };
}

const OFFICE_ROLES = new Set(['caseworker', 'supervisor', 'parent', 'employer']);
const ACTORS = [...STAFF_ROLES, 'parent', 'employer'] as const;

for (const actor of ACTORS) {
  test(`${actor} of program A: no route reveals another ${OFFICE_ROLES.has(actor) ? 'office or program' : 'program'}'s records`, async () => {
    const others: Family[] = OFFICE_ROLES.has(actor) ? [w.south, w.tribe] : [w.tribe];
    const leaks: string[] = [];
    let walked = 0;
    for (const o of operations) {
      if (o.path === '/api/auth/logout') continue;
      for (const other of others) {
        const probe = probeFor(o, other);
        if (!probe) continue;
        const consumes = Object.keys(o.op.requestBody?.content ?? {});
        const textBody = consumes.length > 0 && !consumes.includes('application/json');
        const payload = o.method === 'GET' || o.method === 'HEAD' ? undefined : textBody ? 'probe' : {};
        const headers: Record<string, string> = textBody ? { 'content-type': consumes[0]! } : {};
        const res = await w.call(w.tokens[actor], o.method, probe.url, payload, headers);
        walked++;
        const body = res.body;
        const found = other.markers.filter((m) => body.includes(m));
        if (found.length) leaks.push(`${o.method} ${probe.url} → ${res.statusCode} shows ${other.key}'s ${found.join(', ')}`);
        if (probe.namesOtherRecord && res.statusCode < 400) leaks.push(`${o.method} ${probe.url} → ${res.statusCode} for ${other.key}'s record`);
        if (res.statusCode >= 500) leaks.push(`${o.method} ${probe.url} → ${res.statusCode} ${body.slice(0, 200)}`);
      }
    }
    assert.ok(walked > 100, `walked ${walked} requests`);
    assert.deepEqual(leaks, []);
  });
}

test('every operation of the API is walked (the walk cannot silently skip a new route)', () => {
  assert.ok(operations.length >= 115, `${operations.length} operations`);
  for (const o of operations) assert.ok(probeFor(o, w.tribe), `${o.method} ${o.path}`);
});

test('control: the same routes show each user their own scope (the walk would see a leak)', async () => {
  const mine = await w.call(w.tokens.caseworker, 'GET', `/api/cases/${w.home.caseNumber}`);
  assert.equal(mine.statusCode, 200, mine.body);
  const southForAdmin = await w.call(w.tokens.administrator, 'GET', `/api/persons/${w.south.cpPersonId}`);
  assert.equal(southForAdmin.statusCode, 200);
  assert.ok(w.south.markers.some((m) => southForAdmin.body.includes(m)), 'program-wide roles see the other office');
  const file = await w.call(w.tokens.administrator, 'GET', `/api/enforcement/eiwo-files/${w.south.ids.eiwoFile}`);
  assert.equal(file.statusCode, 200, file.body);
});
