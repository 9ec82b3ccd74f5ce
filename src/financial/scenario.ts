/**
 * Scenario runner: a JSON description of one obligor's cases, orders, balances and dated collections,
 * distributed collection by collection with the pure engine. Used by `cse scenario run FILE.json`, by the
 * worked examples in docs/scenarios/ and by their tests. The format is documented in docs/scenarios.md.
 */
import { IsoDate, StringEnum, Type, validatorFor, type Static } from '../kernel/schema.ts';
import { fail, ok, type ErrorDetail, type Failure, type Result } from '../kernel/result.ts';
import { allocateByWeights, formatCents, formatDollars, parseCents, type Cents } from '../kernel/money.ts';
import { federalFiscalYear } from '../kernel/calendar.ts';
import { type Allocation, type PayeeTotals, zeroPayeeTotals } from './allocation.ts';
import {
  ARREARS_BUCKETS,
  CASE_TYPES,
  advanceMonth,
  firstDayOf,
  monthOf,
  newCaseState,
  nextMonth,
  zeroArrears,
  type CaseState,
  type CaseType,
  type MonthTerms,
} from './buckets.ts';
import { COLLECTION_SOURCES, distribute, isArrearsOnlySource, releaseJointReturnHold, type CollectionSource, type Distribution } from './distribution.ts';
import {
  ANNUAL_FEE_METHODS,
  EXCESS_COLLECTION_HANDLING,
  FORMER_ASSISTANCE_DISTRIBUTIONS,
  DISTRIBUTION_RULES,
  policyFor,
  withOverrides,
  type PolicyOverrides,
  type PolicyVersion,
} from './policy.ts';
import { prorateCollection, prorationShareOf } from './proration.ts';
import { adaptPolicyToProgram } from '../tribal/policy.ts';

// ---- input format ----------------------------------------------------------------------------------

const Money = (options: Record<string, unknown> = {}) => Type.String({ pattern: '^\\d{1,11}(\\.\\d{1,2})?$', description: 'dollars as a decimal string, e.g. "123.45"', ...options });
const Month = () => Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'a support month, YYYY-MM' });
const Id = () => Type.String({ pattern: '^[A-Za-z0-9_.-]{1,40}$' });
const SCENARIO_SOURCES = COLLECTION_SOURCES.filter((s) => s !== 'held_future_applied');

const PolicyOverridesSchema = Type.Object(
  {
    formerAssistanceDistribution: Type.Optional(StringEnum(FORMER_ASSISTANCE_DISTRIBUTIONS)),
    federalOffsetFamilyFirst: Type.Optional(Type.Boolean()),
    passThrough: Type.Optional(
      Type.Object(
        { oneChild: Type.Optional(Money()), twoOrMoreChildren: Type.Optional(Money()), disregarded: Type.Optional(Type.Boolean()) },
        { additionalProperties: false },
      ),
    ),
    fmapBasisPoints: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    annualFeeMethod: Type.Optional(StringEnum(ANNUAL_FEE_METHODS)),
    arrearsOnlySources: Type.Optional(Type.Array(StringEnum(SCENARIO_SOURCES), { maxItems: 10 })),
    holdJointReturnOffsets: Type.Optional(Type.Boolean()),
    excessCollection: Type.Optional(StringEnum(EXCESS_COLLECTION_HANDLING)),
    /** The IV-D program's policy (program_policy), applied after the overrides as the system does. */
    program: Type.Optional(
      Type.Object(
        { code: Type.String({ pattern: '^[A-Z0-9_-]{1,20}$' }), distributionRule: StringEnum(DISTRIBUTION_RULES), federalAssignment: Type.Boolean(), chargeAnnualFee: Type.Boolean() },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const ArrearsSchema = Type.Object(Object.fromEntries(ARREARS_BUCKETS.map((b) => [b, Type.Optional(Money())])), { additionalProperties: false });

const CaseSchema = Type.Object(
  {
    id: Id(),
    caseType: StringEnum(CASE_TYPES),
    children: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
    orders: Type.Array(Type.Object({ from: Month(), monthlyCurrentSupport: Money() }, { additionalProperties: false }), { minItems: 1, maxItems: 50 }),
    assistance: Type.Optional(
      Type.Object({ months: Type.Array(Month(), { maxItems: 600 }), monthlyAmount: Money() }, { additionalProperties: false }),
    ),
    arrears: Type.Optional(ArrearsSchema),
    ura: Type.Optional(Money()),
    feeYear: Type.Optional(Type.Object({ familyReceived: Money(), feeCollected: Money() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

const CollectionSchema = Type.Object(
  {
    id: Type.Optional(Id()),
    date: IsoDate(),
    amount: Money(),
    source: StringEnum(SCENARIO_SOURCES),
    caseId: Type.Optional(Id()),
    jointReturn: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const HoldReleaseSchema = Type.Object(
  { date: IsoDate(), collectionId: Id(), nonObligatedSpouseShare: Type.Optional(Money()) },
  { additionalProperties: false },
);

export const ScenarioSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    policy: Type.Optional(PolicyOverridesSchema),
    startMonth: Month(),
    throughMonth: Type.Optional(Month()),
    cases: Type.Array(CaseSchema, { minItems: 1, maxItems: 10 }),
    collections: Type.Array(CollectionSchema, { maxItems: 1000 }),
    holdReleases: Type.Optional(Type.Array(HoldReleaseSchema, { maxItems: 100 })),
    /** The worked result, checked by the tests (see expectedView); ignored by the runner. */
    expected: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);

export type ScenarioInput = Static<typeof ScenarioSchema>;
type CaseInput = Static<typeof CaseSchema>;
type CollectionInput = Static<typeof CollectionSchema>;
type HoldReleaseInput = Static<typeof HoldReleaseSchema>;

const validateScenarioShape = validatorFor(ScenarioSchema);

/** Longest span a scenario may cover, so a typo in a year cannot run for ever. */
const MAX_SCENARIO_MONTHS = 600;

// ---- output ----------------------------------------------------------------------------------------

export interface CaseBalances {
  caseType: CaseType;
  supportMonth: string;
  currentSupportDueCents: Cents;
  currentSupportPaidCents: Cents;
  arrears: Record<(typeof ARREARS_BUCKETS)[number], Cents>;
  uraCents: Cents;
  heldFutureCents: Cents;
  ffy: number;
  ffyFamilyReceivedCents: Cents;
  ffyFeeCents: Cents;
}

export interface ScenarioCaseResult {
  caseId: string;
  amountCents: Cents;
  caseType: CaseType;
  policyId: string;
  allocations: Allocation[];
  balancesAfter: CaseBalances;
}

export type ScenarioEntryKind = 'month_start' | 'future_applied' | 'collection' | 'hold_released';

export interface ScenarioEntry {
  kind: ScenarioEntryKind;
  date: string;
  collectionId?: string;
  source?: CollectionSource;
  amountCents: Cents;
  notes: string[];
  cases: ScenarioCaseResult[];
}

export interface ScenarioTotals extends PayeeTotals {
  receivedCents: Cents;
  /** Prepaid support still held for future months. */
  heldFutureCents: Cents;
  /** Joint-return offsets still on hold. */
  heldJointReturnCents: Cents;
  /** Refunds due (offset excess, overpayments, non-obligated spouse's share). */
  refundDueCents: Cents;
  /** received = family + state + federal + IV-E agency + Medicaid agency + held future + held joint + refunds. */
  conserved: boolean;
}

export interface ScenarioOutput {
  name: string;
  description?: string;
  entries: ScenarioEntry[];
  finalBalances: Record<string, CaseBalances>;
  totals: ScenarioTotals;
}

// ---- validation beyond the schema ------------------------------------------------------------------

function cents(text: string): Cents {
  const value = parseCents(text);
  if (value === null) throw new RangeError(`schema let through a bad amount: ${text}`);
  return value;
}

function monthsBetween(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
}

function scenarioProblems(input: ScenarioInput): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const pass = input.policy?.passThrough;
  if (pass?.oneChild && cents(pass.oneChild) > 10_000) add('/policy/passThrough/oneChild', 'cannot exceed 100.00 a month (42 USC 657(a)(6)(B))');
  if (pass?.twoOrMoreChildren && cents(pass.twoOrMoreChildren) > 20_000) add('/policy/passThrough/twoOrMoreChildren', 'cannot exceed 200.00 a month (42 USC 657(a)(6)(B))');
  if (input.throughMonth && input.throughMonth < input.startMonth) add('/throughMonth', 'cannot be before startMonth');
  if (!policyFor(firstDayOf(input.startMonth))) add('/startMonth', `no distribution policy is in force in ${input.startMonth}`);
  const ids = new Set<string>();
  input.cases.forEach((c, i) => {
    if (ids.has(c.id)) add(`/cases/${i}/id`, `the case id ${c.id} is used twice`);
    ids.add(c.id);
    problems.push(...caseProblems(c, `/cases/${i}`, input.startMonth));
  });
  problems.push(...collectionProblems(input, ids));
  return problems;
}

function caseProblems(c: CaseInput, at: string, startMonth: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const add = (path: string, message: string) => problems.push({ path: `${at}${path}`, message });
  const froms = c.orders.map((o) => o.from);
  if (new Set(froms).size !== froms.length) add('/orders', 'two orders start in the same month');
  const neverAssisted = c.caseType === 'never_assistance' || c.caseType === 'medicaid_only';
  if (neverAssisted && c.assistance) add('/assistance', `a ${c.caseType} case has no assistance months`);
  if (neverAssisted && cents(c.ura ?? '0') > 0) add('/ura', `a ${c.caseType} case has no URA`);
  for (const b of ['PA', 'TA', 'CA'] as const) {
    if (neverAssisted && c.arrears?.[b] && cents(c.arrears[b]) > 0) add(`/arrears/${b}`, `a ${c.caseType} case cannot hold assigned arrears`);
  }
  if (c.caseType === 'iv_e_foster_care' && !c.assistance) add('/assistance', 'a IV-E case needs its placement months and monthly maintenance');
  const months = new Set(c.assistance?.months ?? []);
  if (c.caseType === 'current_assistance' && c.assistance && !months.has(startMonth)) add('/assistance/months', 'a current_assistance case must receive assistance in startMonth');
  if (c.caseType === 'former_assistance' && months.has(startMonth)) add('/assistance/months', 'a former_assistance case cannot receive assistance in startMonth; use current_assistance');
  return problems;
}

function collectionProblems(input: ScenarioInput, caseIds: ReadonlySet<string>): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const start = firstDayOf(input.startMonth);
  const collectionIds = new Map<string, CollectionInput>();
  input.collections.forEach((c, i) => {
    const at = `/collections/${i}`;
    if (c.date < start) add(`${at}/date`, 'is before startMonth');
    if (monthsBetween(input.startMonth, monthOf(c.date)) > MAX_SCENARIO_MONTHS) add(`${at}/date`, `is more than ${MAX_SCENARIO_MONTHS} months after startMonth`);
    if (cents(c.amount) <= 0) add(`${at}/amount`, 'must be more than zero');
    if (c.caseId !== undefined && !caseIds.has(c.caseId)) add(`${at}/caseId`, `there is no case ${c.caseId}`);
    if (c.jointReturn && c.source !== 'federal_tax_offset') add(`${at}/jointReturn`, 'applies to federal_tax_offset collections only');
    if (c.id !== undefined && collectionIds.has(c.id)) add(`${at}/id`, `the collection id ${c.id} is used twice`);
    if (c.id !== undefined) collectionIds.set(c.id, c);
  });
  (input.holdReleases ?? []).forEach((r, i) => {
    const at = `/holdReleases/${i}`;
    const held = collectionIds.get(r.collectionId);
    if (!held || !held.jointReturn) return add(`${at}/collectionId`, 'must name a joint-return federal_tax_offset collection');
    if (r.date < held.date) add(`${at}/date`, 'cannot be before the held collection');
    if (r.nonObligatedSpouseShare && cents(r.nonObligatedSpouseShare) > cents(held.amount)) add(`${at}/nonObligatedSpouseShare`, 'cannot exceed the amount held');
  });
  if (input.throughMonth && monthsBetween(input.startMonth, input.throughMonth) > MAX_SCENARIO_MONTHS) add('/throughMonth', `is more than ${MAX_SCENARIO_MONTHS} months after startMonth`);
  return problems;
}

// ---- running ---------------------------------------------------------------------------------------

interface PendingHold {
  collectionId: string;
  parts: Array<{ caseId: string; amountCents: Cents }>;
}

interface Run {
  input: ScenarioInput;
  overrides: PolicyOverrides;
  cases: Map<string, { input: CaseInput; state: CaseState }>;
  holds: Map<string, PendingHold>;
  entries: ScenarioEntry[];
  receivedCents: Cents;
}

/** Validates and runs a scenario. Input errors come back as VALIDATION_FAILED with one detail per path. */
export function runScenario(json: unknown): Result<ScenarioOutput> {
  const shape = validateScenarioShape(json);
  if (!shape.ok) return fail('VALIDATION_FAILED', 'The scenario file is not valid.', shape.errors);
  const input = shape.value;
  const problems = scenarioProblems(input);
  if (problems.length > 0) return fail('VALIDATION_FAILED', 'The scenario file is not valid.', problems);
  const run: Run = { input, overrides: policyOverrides(input), cases: new Map(), holds: new Map(), entries: [], receivedCents: 0 };
  for (const c of input.cases) run.cases.set(c.id, { input: c, state: openingState(c, input.startMonth) });
  for (const event of orderedEvents(input)) {
    const advanced = advanceAll(run, monthOf(event.date));
    if (!advanced.ok) return advanced;
    const done = 'amount' in event ? applyCollection(run, event) : applyRelease(run, event);
    if (!done.ok) return done;
  }
  if (input.throughMonth) {
    const advanced = advanceAll(run, input.throughMonth);
    if (!advanced.ok) return advanced;
  }
  return ok(buildOutput(run));
}

/** For the CLI (`cse scenario run FILE.json`): parses the file's text, then runs it. */
export function runScenarioText(text: string): Result<ScenarioOutput> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail('VALIDATION_FAILED', 'The scenario file is not valid JSON.', [{ path: '/', message: (e as Error).message }]);
  }
  return runScenario(json);
}

function policyOverrides(input: ScenarioInput): PolicyOverrides {
  const p = input.policy ?? {};
  const overrides: PolicyOverrides = {};
  if (p.formerAssistanceDistribution) overrides.formerAssistanceDistribution = p.formerAssistanceDistribution;
  if (p.federalOffsetFamilyFirst !== undefined) overrides.federalOffsetFamilyFirst = p.federalOffsetFamilyFirst;
  if (p.fmapBasisPoints !== undefined) overrides.federalShareBasisPoints = p.fmapBasisPoints;
  if (p.annualFeeMethod) overrides.annualFeeMethod = p.annualFeeMethod;
  if (p.arrearsOnlySources) overrides.arrearsOnlySources = p.arrearsOnlySources;
  if (p.holdJointReturnOffsets !== undefined) overrides.holdJointReturnOffsets = p.holdJointReturnOffsets;
  if (p.excessCollection) overrides.excessCollection = p.excessCollection;
  if (p.passThrough) {
    overrides.passThrough = {};
    if (p.passThrough.oneChild) overrides.passThrough.oneChildCents = cents(p.passThrough.oneChild);
    if (p.passThrough.twoOrMoreChildren) overrides.passThrough.twoOrMoreChildrenCents = cents(p.passThrough.twoOrMoreChildren);
    if (p.passThrough.disregarded !== undefined) overrides.passThrough.disregarded = p.passThrough.disregarded;
  }
  return overrides;
}

function policyOn(run: Run, date: string): PolicyVersion {
  const version = policyFor(date);
  if (!version) throw new RangeError(`no policy on ${date}`);
  const program = run.input.policy?.program;
  return program ? adaptPolicyToProgram(withOverrides(version, run.overrides), program) : withOverrides(version, run.overrides);
}

/** What the case's order and assistance history say about `month`. */
function monthTerms(c: CaseInput, month: string): MonthTerms {
  const order = [...c.orders].sort((a, b) => a.from.localeCompare(b.from)).filter((o) => o.from <= month).pop();
  const months = c.assistance ? new Set(c.assistance.months) : null;
  const assistanceMonth = c.caseType === 'current_assistance' && !months ? true : (months?.has(month) ?? false);
  const ivA = c.caseType === 'current_assistance' || c.caseType === 'former_assistance';
  const caseType: CaseType = ivA && months ? (assistanceMonth ? 'current_assistance' : 'former_assistance') : c.caseType;
  return {
    currentSupportDueCents: order ? cents(order.monthlyCurrentSupport) : 0,
    assistanceMonth,
    assistancePaidCents: assistanceMonth && c.assistance ? cents(c.assistance.monthlyAmount) : 0,
    caseType,
  };
}

function openingState(c: CaseInput, startMonth: string): CaseState {
  const terms = monthTerms(c, startMonth);
  const arrears = zeroArrears();
  for (const b of ARREARS_BUCKETS) arrears[b] = cents(c.arrears?.[b] ?? '0');
  return newCaseState({
    caseType: terms.caseType,
    supportMonth: startMonth,
    childCount: c.children ?? 1,
    currentSupportDueCents: terms.currentSupportDueCents,
    arrears,
    uraCents: cents(c.ura ?? '0') + terms.assistancePaidCents,
    fosterCareMaintenanceCents: terms.caseType === 'iv_e_foster_care' ? terms.assistancePaidCents : 0,
    feeYear: {
      ffy: federalFiscalYear(firstDayOf(startMonth)),
      familyReceivedCents: cents(c.feeYear?.familyReceived ?? '0'),
      feeCents: cents(c.feeYear?.feeCollected ?? '0'),
    },
  });
}

type ScenarioEvent = CollectionInput | HoldReleaseInput;

/** Date order; on one date, collections (in file order) before hold releases (in file order). */
function orderedEvents(input: ScenarioInput): ScenarioEvent[] {
  const events: Array<{ e: ScenarioEvent; rank: number; i: number }> = [
    ...input.collections.map((e, i) => ({ e, rank: 0, i })),
    ...(input.holdReleases ?? []).map((e, i) => ({ e, rank: 1, i })),
  ];
  events.sort((a, b) => a.e.date.localeCompare(b.e.date) || a.rank - b.rank || a.i - b.i);
  return events.map((x) => x.e);
}

/** Opens every month up to `month` for every case, then applies prepaid support held for it. */
function advanceAll(run: Run, month: string): Result<void> {
  for (const [caseId, c] of run.cases) {
    while (c.state.supportMonth < month) {
      const closing = monthTerms(c.input, c.state.supportMonth);
      const opening = monthTerms(c.input, nextMonth(c.state.supportMonth));
      const { state, change } = advanceMonth(c.state, closing, opening);
      c.state = state;
      if (change.notes.length > 0) {
        run.entries.push({ kind: 'month_start', date: firstDayOf(change.toMonth), amountCents: 0, notes: change.notes.map((n) => `case ${caseId}: ${n}`), cases: [] });
      }
      const applied = applyHeldFuture(run, caseId);
      if (!applied.ok) return applied;
    }
  }
  return ok(undefined);
}

function applyHeldFuture(run: Run, caseId: string): Result<void> {
  const c = run.cases.get(caseId)!;
  const amountCents = c.state.heldFutureCents;
  if (amountCents === 0) return ok(undefined);
  const date = firstDayOf(c.state.supportMonth);
  const policy = policyOn(run, date);
  const result = distribute({ amountCents, collectionDate: date, source: 'held_future_applied' }, c.state, policy);
  if (!result.ok) return result;
  c.state = result.value.caseState;
  const note = `case ${caseId}: ${formatDollars(amountCents)} of prepaid support applied to ${c.state.supportMonth} (45 CFR 302.51(b))`;
  run.entries.push({ kind: 'future_applied', date, source: 'held_future_applied', amountCents, notes: [note], cases: [caseResult(caseId, amountCents, result.value)] });
  return ok(undefined);
}

function caseResult(caseId: string, amountCents: Cents, d: Distribution): ScenarioCaseResult {
  return { caseId, amountCents, caseType: d.caseState.caseType, policyId: d.policyId, allocations: d.allocations, balancesAfter: balancesOf(d.caseState) };
}

function balancesOf(s: CaseState): CaseBalances {
  return {
    caseType: s.caseType,
    supportMonth: s.supportMonth,
    currentSupportDueCents: s.currentSupportDueCents,
    currentSupportPaidCents: s.currentSupportPaidCents,
    arrears: { ...s.arrears },
    uraCents: s.uraCents,
    heldFutureCents: s.heldFutureCents,
    ffy: s.feeYear.ffy,
    ffyFamilyReceivedCents: s.feeYear.familyReceivedCents,
    ffyFeeCents: s.feeYear.feeCents,
  };
}

/** Splits a collection across cases: the named case, the only case, or proration by policy. */
function splitAcrossCases(run: Run, c: CollectionInput, amountCents: Cents, policy: PolicyVersion): Array<{ caseId: string; amountCents: Cents }> {
  if (c.caseId !== undefined) return [{ caseId: c.caseId, amountCents }];
  const shares = [...run.cases].map(([id, x]) => prorationShareOf(id, x.state));
  const parts = prorateCollection(amountCents, shares, { method: policy.multiCaseProration, arrearsOnly: isArrearsOnlySource(c.source, policy) });
  return parts.filter((p) => p.amountCents > 0).map((p) => ({ caseId: p.caseId, amountCents: p.amountCents }));
}

function applyCollection(run: Run, c: CollectionInput): Result<void> {
  const amountCents = cents(c.amount);
  const policy = policyOn(run, c.date);
  const parts = splitAcrossCases(run, c, amountCents, policy);
  const results: ScenarioCaseResult[] = [];
  for (const part of parts) {
    const x = run.cases.get(part.caseId)!;
    const collection = { amountCents: part.amountCents, collectionDate: c.date, source: c.source, jointReturn: c.jointReturn ?? false };
    const result = distribute(collection, x.state, policy);
    if (!result.ok) return withPath(result, `/collections (${c.date})`);
    x.state = result.value.caseState;
    results.push(caseResult(part.caseId, part.amountCents, result.value));
  }
  run.receivedCents += amountCents;
  const held = results.some((r) => r.allocations.some((a) => a.holdReason === 'joint_return_offset'));
  // A hold without an id cannot be released by the file, but it still counts as held money.
  const holdKey = c.id ?? `unnamed collection of ${c.date} (entry ${run.entries.length})`;
  if (held) run.holds.set(holdKey, { collectionId: holdKey, parts });
  const notes = parts.length > 1 ? [`prorated across ${parts.length} cases: current support first, then arrears balances (${policy.multiCaseProration})`] : [];
  const entry: ScenarioEntry = { kind: 'collection', date: c.date, source: c.source, amountCents, notes, cases: results };
  if (c.id !== undefined) entry.collectionId = c.id;
  run.entries.push(entry);
  return ok(undefined);
}

function applyRelease(run: Run, r: HoldReleaseInput): Result<void> {
  const hold = run.holds.get(r.collectionId);
  if (!hold) return fail('VALIDATION_FAILED', 'The scenario file is not valid.', [{ path: '/holdReleases', message: `collection ${r.collectionId} is not on hold (or was already released)` }]);
  run.holds.delete(r.collectionId);
  const spouseCents = cents(r.nonObligatedSpouseShare ?? '0');
  const spouseParts = allocateByWeights(spouseCents, hold.parts.map((p) => p.amountCents));
  const policy = policyOn(run, r.date);
  const results: ScenarioCaseResult[] = [];
  for (const [i, part] of hold.parts.entries()) {
    const x = run.cases.get(part.caseId)!;
    const result = releaseJointReturnHold(part.amountCents, spouseParts[i]!, r.date, x.state, policy);
    if (!result.ok) return result;
    x.state = result.value.caseState;
    results.push(caseResult(part.caseId, part.amountCents, result.value));
  }
  const amountCents = hold.parts.reduce((sum, p) => sum + p.amountCents, 0);
  const notes = [`joint-return hold on ${r.collectionId} released; non-obligated spouse's share ${formatDollars(spouseCents)}`];
  run.entries.push({ kind: 'hold_released', date: r.date, collectionId: r.collectionId, source: 'federal_tax_offset', amountCents, notes, cases: results });
  return ok(undefined);
}

function withPath(failure: Failure, path: string): Failure {
  return fail(failure.code, failure.message, [{ path, message: failure.message }, ...(failure.details ?? [])]);
}

function buildOutput(run: Run): ScenarioOutput {
  const totals: ScenarioTotals = { ...zeroPayeeTotals(), receivedCents: run.receivedCents, heldFutureCents: 0, heldJointReturnCents: 0, refundDueCents: 0, conserved: false };
  for (const entry of run.entries) {
    for (const a of entry.cases.flatMap((c) => c.allocations)) {
      if (a.payee !== 'held') totals[a.payee] += a.amountCents;
      else if (a.holdReason === 'refund_due_obligor' || a.holdReason === 'refund_due_joint_filer') totals.refundDueCents += a.amountCents;
    }
  }
  const finalBalances: Record<string, CaseBalances> = {};
  for (const [id, c] of run.cases) {
    finalBalances[id] = balancesOf(c.state);
    totals.heldFutureCents += c.state.heldFutureCents;
  }
  for (const hold of run.holds.values()) totals.heldJointReturnCents += hold.parts.reduce((sum, p) => sum + p.amountCents, 0);
  const accounted = totals.family + totals.state + totals.federal + totals.iv_e_agency + totals.medicaid_agency + totals.heldFutureCents + totals.heldJointReturnCents + totals.refundDueCents;
  totals.conserved = accounted === totals.receivedCents;
  const output: ScenarioOutput = { name: run.input.name, entries: run.entries, finalBalances, totals };
  if (run.input.description) output.description = run.input.description;
  return output;
}

// ---- the `expected` block and printing ----------------------------------------------------------------

type ExpectedBalances = Record<string, unknown>;

function balancesView(b: CaseBalances): ExpectedBalances {
  const arrears: Record<string, string> = {};
  for (const bucket of ARREARS_BUCKETS) if (b.arrears[bucket] !== 0) arrears[bucket] = formatCents(b.arrears[bucket]);
  const view: ExpectedBalances = {
    currentSupportDue: formatCents(b.currentSupportDueCents),
    currentSupportPaid: formatCents(b.currentSupportPaidCents),
    arrears,
    ura: formatCents(b.uraCents),
    heldFuture: formatCents(b.heldFutureCents),
  };
  if (b.caseType === 'never_assistance' || b.caseType === 'medicaid_only') {
    view.ffyFamilyReceived = formatCents(b.ffyFamilyReceivedCents);
    view.ffyFee = formatCents(b.ffyFeeCents);
  }
  return view;
}

/**
 * The part of the output that a scenario's `expected` block states: every entry that moves money (not
 * month starts), its allocations as [target, payee, amount, ruleCode], the balances after it, and the totals.
 */
export function expectedView(output: ScenarioOutput): unknown {
  const entries = output.entries
    .filter((e) => e.kind !== 'month_start')
    .map((e) => ({
      date: e.date,
      kind: e.kind,
      cases: Object.fromEntries(
        e.cases.map((c) => [c.caseId, { allocations: c.allocations.map((a) => [a.target, a.payee, formatCents(a.amountCents), a.ruleCode]), balances: balancesView(c.balancesAfter) }]),
      ),
    }));
  const t = output.totals;
  const totals = {
    received: formatCents(t.receivedCents),
    family: formatCents(t.family),
    state: formatCents(t.state),
    federal: formatCents(t.federal),
    ivEAgency: formatCents(t.iv_e_agency),
    heldFuture: formatCents(t.heldFutureCents),
    heldJointReturn: formatCents(t.heldJointReturnCents),
    refundDue: formatCents(t.refundDueCents),
  };
  const finalBalances = Object.fromEntries(Object.entries(output.finalBalances).map(([id, b]) => [id, balancesView(b)]));
  return { entries, finalBalances, totals };
}

/** Differences between a scenario's `expected` block and what the engine produced (empty when equal). */
export function compareWithExpected(output: ScenarioOutput, expected: unknown): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  diff(expected, expectedView(output), '/expected', problems);
  return problems;
}

function diff(expected: unknown, actual: unknown, path: string, out: ErrorDetail[]): void {
  if (out.length >= 50) return;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (isObject(expected) && isObject(actual) && Array.isArray(expected) === Array.isArray(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const k of keys) diff(expected[k], actual[k], `${path}/${k}`, out);
    return;
  }
  if (JSON.stringify(expected) !== JSON.stringify(actual)) {
    out.push({ path, message: `expected ${JSON.stringify(expected) ?? 'nothing'}, got ${JSON.stringify(actual) ?? 'nothing'}` });
  }
}

const PAYEE_LABEL: Record<string, string> = { family: 'family', state: 'State share', federal: 'federal share', iv_e_agency: 'IV-E agency', held: 'held', medicaid_agency: 'Medicaid agency' };

function formatBalances(b: CaseBalances): string {
  const arrears = ARREARS_BUCKETS.filter((k) => b.arrears[k] !== 0).map((k) => `${k} ${formatDollars(b.arrears[k])}`);
  const parts = [
    `current ${b.supportMonth}: due ${formatDollars(b.currentSupportDueCents)}, paid ${formatDollars(b.currentSupportPaidCents)}`,
    `arrears: ${arrears.length > 0 ? arrears.join(', ') : 'none'}`,
    `URA ${formatDollars(b.uraCents)}`,
  ];
  if (b.heldFutureCents > 0) parts.push(`held for future ${formatDollars(b.heldFutureCents)}`);
  if (b.ffyFeeCents > 0) parts.push(`FFY ${b.ffy} fee ${formatDollars(b.ffyFeeCents)}`);
  return parts.join(' | ');
}

function formatEntry(e: ScenarioEntry): string[] {
  const what = e.kind === 'collection' ? `collection ${formatDollars(e.amountCents)} (${e.source}${e.collectionId ? `, ${e.collectionId}` : ''})` : e.kind.replace('_', ' ');
  const lines = [`${e.date}  ${what}${e.kind === 'hold_released' || e.kind === 'future_applied' ? ` ${formatDollars(e.amountCents)}` : ''}`];
  for (const n of e.notes) lines.push(`    ${n}`);
  for (const c of e.cases) {
    lines.push(`  case ${c.caseId} (${c.caseType}, policy ${c.policyId}): ${formatDollars(c.amountCents)}`);
    for (const a of c.allocations) {
      const hold = a.holdReason ? ` [${a.holdReason}${a.holdUntil ? ` until ${a.holdUntil}` : ''}]` : '';
      lines.push(`    ${a.target.padEnd(16)} ${PAYEE_LABEL[a.payee]!.padEnd(15)} ${formatDollars(a.amountCents).padStart(12)}  ${a.ruleCode}${hold}`);
      lines.push(`        ${a.explanation}`);
    }
    lines.push(`    balances: ${formatBalances(c.balancesAfter)}`);
  }
  return lines;
}

/** A plain-text report of a scenario run, for the CLI. */
export function formatScenarioOutput(output: ScenarioOutput): string {
  const t = output.totals;
  const lines = [`Scenario: ${output.name}`];
  if (output.description) lines.push(output.description);
  lines.push('');
  for (const e of output.entries) lines.push(...formatEntry(e));
  lines.push('', 'Final balances:');
  for (const [id, b] of Object.entries(output.finalBalances)) lines.push(`  case ${id} (${b.caseType}): ${formatBalances(b)}`);
  lines.push(
    '',
    `Totals: received ${formatDollars(t.receivedCents)}; family ${formatDollars(t.family)}; federal share ${formatDollars(t.federal)}; State share ${formatDollars(t.state)}; IV-E agency ${formatDollars(t.iv_e_agency)}; ` +
      `held for future ${formatDollars(t.heldFutureCents)}; joint-return holds ${formatDollars(t.heldJointReturnCents)}; refunds due ${formatDollars(t.refundDueCents)}`,
    t.conserved ? 'Conservation: received = distributed + held + refunds due.' : 'CONSERVATION FAILED: received does not equal distributed + held + refunds due.',
  );
  return lines.join('\n');
}
