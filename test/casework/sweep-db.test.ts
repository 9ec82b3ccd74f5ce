// The set-based timeframe sweep on a couple of hundred demo cases: the worklist items and events it makes
// are exactly those the one-item-at-a-time rules call for (a reference model computed here from the clocks,
// cases, items and supervisors on file before the run), and running it again for the date adds nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestSystem, type TestSystem } from '../helpers/system.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { addDays } from '../../src/kernel/calendar.ts';
import { inTransaction } from '../../src/db/tx.ts';
import { systemActor, type RequestContext } from '../../src/security/context.ts';
import { CASEWORK_POLICY, planClocks, timeframeRule } from '../../src/casework/timeframe-rules.ts';
import { loadCaseFacts } from '../../src/casework/facts.ts';
import { runTimeframeBatch, syncClocks } from '../../src/casework/timeframes.ts';

let sys: TestSystem;
const SEEDED = '2026-11-02';
const CASES = 200;

function ctxFor(date: string): RequestContext {
  return { actor: systemActor('administrator'), purpose: 'sweep test', requestId: null, clientIp: null, clock: { now: () => new Date(`${date}T22:00:00Z`), today: () => date } };
}

interface Item { id: number; dedupe_key: string; kind: string; case_id: number | null; timeframe_id: number | null; office_id: number; title: string; due_date: string | null; alert_level: string; status: string; assigned_user_id: number | null; escalated_to_user_id: number | null; escalated_date: string | null; created_date: string; done_date: string | null; done_note: string | null }
type Ev = [event: string, businessDate: string, detail: unknown];

const db = () => sys.deps.db;
const items = async () => (await sql<Item>`select id, dedupe_key, kind, case_id, timeframe_id, office_id, title, due_date, alert_level, status, assigned_user_id, escalated_to_user_id, escalated_date, created_date, done_date, done_note from worklist_item order by id`.execute(db())).rows;
const maxEvent = async () => Number((await sql<{ m: number | null }>`select max(id)::int as m from worklist_event`.execute(db())).rows[0]!.m ?? 0);

/** What the rules make of the state on file for `asOf`, item by item (the clocks are already in step). */
async function expected(asOf: string) {
  const horizon = addDays(asOf, CASEWORK_POLICY.dueSoonDays);
  const clocks = (await sql<{ id: number; case_id: number | null; kind: string; regulation: string; start_date: string; due_date: string; met_date: string | null; cancelled_date: string | null; cancel_reason: string | null; office_id: number; worker: number | null; case_status: string; closed_date: string | null; intake_open: boolean }>`
    select t.id, t.case_id, t.kind, t.regulation, t.start_date, t.due_date, t.met_date, t.cancelled_date, t.cancel_reason,
      coalesce(c.office_id, i.office_id) as office_id, c.assigned_worker_id as worker, c.status as case_status, c.closed_date, coalesce(i.status = 'pending_review', false) as intake_open
    from case_timeframe t left join iv_d_case c on c.id = t.case_id left join intake i on i.id = t.intake_id order by t.due_date, t.id`.execute(db())).rows;
  const supervisors = new Map<number, number>();
  for (const u of (await sql<{ id: number; office_id: number }>`select id, office_id from app_user where role = 'supervisor' and active and office_id is not null order by id`.execute(db())).rows) {
    if (!supervisors.has(u.office_id)) supervisors.set(u.office_id, u.id);
  }
  const said = new Set((await sql<{ item_id: number }>`select item_id from worklist_event where event = 'not_escalated'`.execute(db())).rows.map((e) => Number(e.item_id)));
  const state = new Map((await items()).map((i) => [i.dedupe_key, { ...i }]));
  const events = new Map<string, Ev[]>();
  const counts = { itemsCreated: 0, itemsOverdue: 0, itemsEscalated: 0, itemsNotEscalated: 0, itemsDone: 0, itemsReassigned: 0 };
  const add = (key: string, e: Ev) => events.set(key, [...(events.get(key) ?? []), e]);

  for (const t of clocks) {
    const running = t.met_date === null && t.cancelled_date === null && t.due_date <= horizon;
    const isDue = running && (t.case_id !== null ? t.case_status === 'open' && t.start_date <= asOf : t.intake_open);
    if (!isDue) continue;
    const level = asOf > t.due_date ? 'overdue' : 'due_soon';
    const key = `timeframe:${t.id}`;
    let item = state.get(key);
    if (!item) {
      item = { id: -1, dedupe_key: key, kind: 'timeframe', case_id: t.case_id, timeframe_id: t.id, office_id: t.office_id, title: `${timeframeRule(t.kind)?.title ?? t.kind}${t.case_id ? '' : ' (intake awaiting a duplicate decision)'}`, due_date: t.due_date, alert_level: level, status: 'open', assigned_user_id: t.worker, escalated_to_user_id: null, escalated_date: null, created_date: asOf, done_date: null, done_note: null };
      state.set(key, item);
      add(key, ['created', asOf, { alertLevel: level, dueDate: t.due_date }]);
      counts.itemsCreated++;
    } else if (item.status !== 'done') {
      if (item.alert_level !== level && level === 'overdue') {
        item.alert_level = 'overdue';
        add(key, ['overdue', asOf, { dueDate: t.due_date }]);
        counts.itemsOverdue++;
      }
      if (t.case_id !== null && item.assigned_user_id !== t.worker) {
        add(key, ['reassigned', asOf, { from: item.assigned_user_id, to: t.worker }]);
        item.assigned_user_id = t.worker;
        counts.itemsReassigned++;
      }
    }
    if (item.status === 'open' && level === 'overdue') {
      const sup = supervisors.get(t.office_id);
      if (sup === undefined) {
        if (!said.has(item.id)) {
          add(key, ['not_escalated', asOf, { reason: 'the office has no active supervisor' }]);
          counts.itemsNotEscalated++;
        }
      } else {
        Object.assign(item, { status: 'escalated', escalated_to_user_id: sup, escalated_date: asOf });
        add(key, ['escalated', asOf, { to: sup, dueDate: item.due_date }]);
        counts.itemsEscalated++;
      }
    }
  }
  const byId = new Map(clocks.map((t) => [t.id, t]));
  for (const item of state.values()) {
    const t = item.timeframe_id === null ? undefined : byId.get(item.timeframe_id);
    if (item.status === 'done' || !t || (t.met_date === null && t.cancelled_date === null)) continue;
    const note = t.met_date ? 'clock met' : `clock stopped: ${t.cancel_reason}`;
    Object.assign(item, { status: 'done', done_date: t.met_date ?? t.cancelled_date, done_note: note });
    add(item.dedupe_key, ['done', item.done_date!, { note }]);
    counts.itemsDone++;
  }
  for (const item of state.values()) {
    const t = item.timeframe_id === null ? undefined : byId.get(item.timeframe_id);
    if (item.status === 'done' || item.kind !== 'timeframe' || !t || t.case_status !== 'closed') continue;
    Object.assign(item, { status: 'done', done_date: t.closed_date, done_note: 'case closed' });
    add(item.dedupe_key, ['done', t.closed_date!, { note: 'case closed' }]);
    counts.itemsDone++;
  }
  return { counts, items: [...state.values()], events };
}

/** The items on file and the events added after `since`, by item, in the order they were made. */
async function actual(since: number) {
  const rows = (await sql<{ dedupe_key: string; event: string; business_date: string; detail: unknown; actor_user_id: number | null }>`
    select w.dedupe_key, e.event, e.business_date, e.detail, e.actor_user_id from worklist_event e join worklist_item w on w.id = e.item_id where e.id > ${since} order by e.id`.execute(db())).rows;
  const events = new Map<string, Ev[]>();
  for (const r of rows) {
    assert.equal(r.actor_user_id, null);
    events.set(r.dedupe_key, [...(events.get(r.dedupe_key) ?? []), [r.event, r.business_date, r.detail]]);
  }
  return { items: await items(), events };
}

const shape = (list: Item[]) => list.map(({ id: _id, ...rest }) => rest).sort((a, b) => a.dedupe_key.localeCompare(b.dedupe_key));
const sorted = (m: Map<string, Ev[]>) => [...m.entries()].sort((a, b) => a[0].localeCompare(b[0]));

async function sweepMatchesModel(asOf: string) {
  // Clocks first (the batch syncs them too, and then finds nothing more to do), so the model sees them.
  await inTransaction(db(), (tx) => syncClocks(tx, ctxFor(asOf), { officeId: null }, asOf));
  const want = await expected(asOf);
  const since = await maxEvent();
  const res = await runTimeframeBatch(sys.deps, ctxFor(asOf), asOf);
  assert.ok(res.ok);
  const { started, met, cancelled, asOf: _a, officeId: _o, cases, ...counts } = res.value;
  assert.deepEqual({ started, met, cancelled }, { started: 0, met: 0, cancelled: 0 });
  assert.equal(cases, CASES);
  assert.deepEqual(counts, want.counts);
  const got = await actual(since);
  assert.deepEqual(shape(got.items), shape(want.items));
  assert.deepEqual(sorted(got.events), sorted(want.events));
  return want.counts;
}

async function sweepAddsNothing(asOf: string) {
  const before = { items: (await items()).length, events: await maxEvent() };
  const res = await runTimeframeBatch(sys.deps, ctxFor(asOf), asOf);
  assert.ok(res.ok);
  const { asOf: _a, officeId: _o, cases: _c, ...counts } = res.value;
  assert.ok(Object.values(counts).every((n) => n === 0), JSON.stringify(counts));
  assert.deepEqual({ items: (await items()).length, events: await maxEvent() }, before);
}

before(async () => {
  sys = await createTestSystem({ today: SEEDED });
  // The ordinary intake path (the bulk loader's COPY is for big states), without the financial history.
  const seeded = await seedDemo(sys.deps, { cases: CASES, seed: 5, financial: false });
  assert.equal(seeded.cases, CASES);
});
after(() => sys.close());

test('syncing clocks a few cases at a time covers every case once and leaves nothing to plan', async () => {
  const asOf = '2026-11-09';
  const r = await inTransaction(db(), (tx) => syncClocks(tx, ctxFor(asOf), { officeId: null }, asOf, 37));
  assert.ok(r.ok);
  assert.equal(r.value.cases, CASES);
  const again = await inTransaction(db(), (tx) => syncClocks(tx, ctxFor(asOf), { officeId: null }, asOf, 1000));
  assert.deepEqual(again, { ok: true, value: { started: 0, met: 0, cancelled: 0, cases: CASES } });
  const loaded = await loadCaseFacts(db(), { officeId: null }, asOf);
  for (const c of loaded.values()) {
    assert.deepEqual(planClocks(c.facts, c.clocks).filter((p) => p.action !== 'start' || (p.startDate <= asOf && (p.metDate === null || p.metDate <= asOf))), []);
  }
});

test('the sweep makes exactly the items and events the rules call for, and a second run adds nothing', async () => {
  const first = await sweepMatchesModel('2026-11-09');
  assert.ok(first.itemsCreated > 0, JSON.stringify(first));
  await sweepAddsNothing('2026-11-09');
});

test('overdue, escalated, reassigned, not escalated and done items match the rules too', async () => {
  // Shake the state up: cases change hands, one office loses its supervisor, clocks are met and cases closed.
  const live = (await sql<{ id: number; case_id: number; timeframe_id: number; office_id: number; worker: number | null }>`
    select w.id, w.case_id, w.timeframe_id, w.office_id, c.assigned_worker_id as worker from worklist_item w join iv_d_case c on c.id = w.case_id
    where w.status <> 'done' and w.kind = 'timeframe' order by w.id`.execute(db())).rows;
  assert.ok(live.length >= 12, `only ${live.length} live items`);
  const workers = (await sql<{ id: number; office_id: number }>`select id, office_id from app_user where role = 'caseworker' and office_id is not null order by id`.execute(db())).rows;
  for (const w of live.filter((_, i) => i % 4 === 0)) {
    const other = workers.find((u) => u.office_id === w.office_id && u.id !== w.worker);
    await sql`update iv_d_case set assigned_worker_id = ${other?.id ?? null} where id = ${w.case_id}`.execute(db());
  }
  for (const w of live.filter((_, i) => i % 4 === 1).slice(0, 5)) await sql`update case_timeframe set met_date = ${'2026-11-20'}, met_note = 'done by hand' where id = ${w.timeframe_id}`.execute(db());
  for (const w of live.filter((_, i) => i % 4 === 2).slice(0, 3)) await sql`update iv_d_case set status = 'closed', closed_date = ${'2026-11-21'}, closure_reason = 'test' where id = ${w.case_id}`.execute(db());
  const lonely = live[3]!.office_id;
  await sql`update app_user set active = false where role = 'supervisor' and office_id = ${lonely}`.execute(db());

  const second = await sweepMatchesModel('2026-12-01');
  assert.ok(second.itemsOverdue > 0 && second.itemsEscalated > 0 && second.itemsNotEscalated > 0 && second.itemsReassigned > 0 && second.itemsDone > 0, JSON.stringify(second));
  await sweepAddsNothing('2026-12-01');
  // Later the office still has no supervisor: the items that said so do not say it again.
  const third = await sweepMatchesModel('2026-12-20');
  assert.ok(third.itemsCreated + third.itemsOverdue > 0, JSON.stringify(third));
  await sweepAddsNothing('2026-12-20');
});
