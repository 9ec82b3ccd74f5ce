/**
 * Guideline schedules as effective-dated policy data. Each state version is a JSON file in ./data,
 * checked against a schema and a set of invariants when it is loaded (rows in $50 steps, amounts never
 * falling as income rises, no two versions of one state in effect on the same day). A look-up outside
 * the rows the data holds is a SCHEDULE_RANGE failure: the calculator never invents a figure.
 */
import { isIsoDate } from '../../kernel/calendar.ts';
import { formatDollars, parseCents, type Cents } from '../../kernel/money.ts';
import { ok, type ErrorDetail, type Result } from '../../kernel/result.ts';
import { IsoDate, StringEnum, Type, validatorFor } from '../../kernel/schema.ts';
import { guidelineFailure } from './failures.ts';
import { roundHalfUp, type PercentRounding, type ShareRounding } from './rational.ts';
import pa2017 from './data/pa-2017.json' with { type: 'json' };

export const BETWEEN_ROWS = ['interpolate', 'lowerRow'] as const;
export type BetweenRows = (typeof BETWEEN_ROWS)[number];
export const PAY_FREQUENCIES = ['weekly', 'biweekly', 'semimonthly', 'monthly', 'annually'] as const;
export type PayFrequency = (typeof PAY_FREQUENCIES)[number];
export const PERCENT_ROUNDINGS = ['wholePercent', 'basisPoints', 'exact'] as const;
export const SHARE_ROUNDINGS = ['cent', 'wholeDollar'] as const;

const Dollars = Type.String({ pattern: '^\\d{1,9}(\\.\\d{1,2})?$' });
const Factor = Type.Tuple([Type.String({ pattern: '^[1-9]\\d{0,3}$' }), Type.String({ pattern: '^[1-9]\\d{0,3}$' })]);

/** The shape of a file in ./data (see data/pa-2017.json for a commented instance). */
export const ScheduleDataSchema = Type.Object(
  {
    $comment: Type.Optional(Type.String()),
    schemaVersion: Type.Literal(1),
    id: Type.String({ minLength: 1 }),
    state: Type.String({ pattern: '^[A-Z]{2}$' }),
    title: Type.String({ minLength: 1 }),
    model: Type.Literal('income-shares-net'),
    worksheet: Type.Literal('PA-1910.16-4'),
    source: Type.Object({ citation: Type.String(), url: Type.Optional(Type.String()), copiedFrom: Type.Optional(Type.String()) }),
    effectiveFrom: IsoDate(),
    effectiveThrough: Type.Union([IsoDate(), Type.Null()]),
    effectiveDatesConfidence: StringEnum(['verified', 'unverified'] as const),
    effectiveDatesNote: Type.Optional(Type.String()),
    coverage: Type.Object({ complete: Type.Boolean(), lowestRow: Dollars, highestRow: Dollars, missing: Type.Optional(Type.String()) }),
    incomeStep: Dollars,
    betweenRows: StringEnum(BETWEEN_ROWS),
    betweenRowsNote: Type.Optional(Type.String()),
    columns: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1 }),
    rows: Type.Array(Type.Array(Dollars, { minItems: 2 }), { minItems: 2 }),
    lowIncome: Type.Union([
      Type.Null(),
      Type.Object({
        method: Type.Literal('obligorOnlyLesserOf'),
        bandTopByChildren: Type.Array(Dollars),
        selfSupportReserveMonthly: Dollars,
        confidence: StringEnum(['verified', 'inference', 'unverified'] as const),
        note: Type.Optional(Type.String()),
      }),
    ]),
    sharedCustody: Type.Object({
      thresholdPercent: Type.String({ pattern: '^\\d{1,2}$' }),
      reductionPercent: Type.String({ pattern: '^\\d{1,2}$' }),
      nightsPerYear: Type.Integer({ minimum: 365, maximum: 366 }),
      note: Type.Optional(Type.String()),
    }),
    highIncome: Type.Optional(
      Type.Object(
        {
          aboveCombinedMonthly: Dollars,
          baseByChildren: Type.Array(Dollars),
          /** Percent of combined monthly net income above `aboveCombinedMonthly`, to one decimal place. */
          percentByChildren: Type.Array(Type.String({ pattern: '^\\d{1,2}(\\.\\d)?$' })),
          source: Type.Object({ citation: Type.String(), url: Type.Optional(Type.String()), copiedFrom: Type.Optional(Type.String()) }),
          confidence: StringEnum(['verified', 'unverified'] as const),
          note: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
    rounding: Type.Object({
      percentRounding: StringEnum(PERCENT_ROUNDINGS),
      shareRounding: StringEnum(SHARE_ROUNDINGS),
      note: Type.Optional(Type.String()),
    }),
    incomeConversion: Type.Object({
      weekly: Factor,
      biweekly: Factor,
      semimonthly: Factor,
      monthly: Factor,
      annually: Factor,
      rounding: Type.Literal('halfUpCent'),
    }),
  },
  { additionalProperties: false },
);

export interface ScheduleRow {
  incomeCents: Cents;
  /** Basic child support per month, by number of children (index 0 = the first column). */
  amountsCents: Cents[];
}

/** A loaded, checked schedule version. Money is in cents from here on. */
export interface GuidelineSchedule {
  id: string;
  state: string;
  title: string;
  source: { citation: string; url?: string; copiedFrom?: string };
  effectiveFrom: string;
  effectiveThrough: string | null;
  effectiveDatesConfidence: 'verified' | 'unverified';
  coverage: { complete: boolean; lowestRowCents: Cents; highestRowCents: Cents; missing: string | null };
  incomeStepCents: Cents;
  betweenRows: BetweenRows;
  columns: number[];
  rows: ScheduleRow[];
  lowIncome: {
    method: 'obligorOnlyLesserOf';
    /** Top of the low-income band, by number of children (same order as `columns`). */
    bandTopCents: Cents[];
    selfSupportReserveCents: Cents;
    confidence: 'verified' | 'inference' | 'unverified';
  } | null;
  sharedCustody: { thresholdPercent: number; reductionPercent: number; nightsPerYear: number };
  /**
   * The high-income formula (Pa.R.C.P. 1910.16-3.1) for combined incomes above the schedule's top:
   * base + a percentage of the income above it, by number of children. Null when the data has none.
   */
  highIncome: {
    aboveCents: Cents;
    baseCents: Cents[];
    /** Tenths of a percent (8.6% = 86). */
    perMille: number[];
    citation: string;
    confidence: 'verified' | 'unverified';
  } | null;
  rounding: { percentRounding: PercentRounding; shareRounding: ShareRounding };
  /** Pay-period-to-month factors as [numerator, denominator]. */
  incomeConversion: Record<PayFrequency, [number, number]>;
}

const validateScheduleData = validatorFor(ScheduleDataSchema);

/** Checks one data file and converts it to cents; every problem is reported with its JSON path. */
export function parseScheduleData(json: unknown): Result<GuidelineSchedule> {
  const checked = validateScheduleData(json);
  if (!checked.ok) return guidelineFailure('INPUT_INVALID', 'The schedule data file is not valid.', checked.errors);
  const d = checked.value;
  const errors: ErrorDetail[] = [];
  const cents = (text: string, path: string): Cents => {
    const c = parseCents(text);
    if (c === null) errors.push({ path, message: 'is not an amount' });
    return c ?? 0;
  };
  if (!isIsoDate(d.effectiveFrom)) errors.push({ path: '/effectiveFrom', message: 'is not a calendar date' });
  if (d.effectiveThrough !== null && (!isIsoDate(d.effectiveThrough) || d.effectiveThrough < d.effectiveFrom)) {
    errors.push({ path: '/effectiveThrough', message: 'must be a calendar date on or after effectiveFrom' });
  }
  d.columns.forEach((c, i) => {
    if (c !== i + 1) errors.push({ path: `/columns/${i}`, message: 'columns must be 1, 2, 3, ... children in order' });
  });
  const step = cents(d.incomeStep, '/incomeStep');
  if (step <= 0) errors.push({ path: '/incomeStep', message: 'must be positive' });
  const rows: ScheduleRow[] = d.rows.map((row, r) => {
    if (row.length !== d.columns.length + 1) errors.push({ path: `/rows/${r}`, message: `must hold the income and ${d.columns.length} amounts` });
    const [income, ...amounts] = row.map((v, i) => cents(v, `/rows/${r}/${i}`));
    return { incomeCents: income ?? 0, amountsCents: amounts };
  });
  rows.forEach((row, r) => {
    const prev = rows[r - 1];
    if (!prev) return;
    if (row.incomeCents - prev.incomeCents !== step) errors.push({ path: `/rows/${r}/0`, message: `rows must rise in steps of ${d.incomeStep}` });
    row.amountsCents.forEach((a, c) => {
      // The "more income never lowers support" guarantee of the calculator rests on this.
      if (a < (prev.amountsCents[c] ?? 0)) errors.push({ path: `/rows/${r}/${c + 1}`, message: 'is lower than the row above' });
    });
  });
  const lowest = cents(d.coverage.lowestRow, '/coverage/lowestRow');
  const highest = cents(d.coverage.highestRow, '/coverage/highestRow');
  if (rows[0]?.incomeCents !== lowest) errors.push({ path: '/coverage/lowestRow', message: 'must equal the first row' });
  if (rows[rows.length - 1]?.incomeCents !== highest) errors.push({ path: '/coverage/highestRow', message: 'must equal the last row' });
  let lowIncome: GuidelineSchedule['lowIncome'] = null;
  if (d.lowIncome) {
    if (d.lowIncome.bandTopByChildren.length !== d.columns.length) {
      errors.push({ path: '/lowIncome/bandTopByChildren', message: 'needs one entry per column' });
    }
    lowIncome = {
      method: d.lowIncome.method,
      bandTopCents: d.lowIncome.bandTopByChildren.map((t, i) => cents(t, `/lowIncome/bandTopByChildren/${i}`)),
      selfSupportReserveCents: cents(d.lowIncome.selfSupportReserveMonthly, '/lowIncome/selfSupportReserveMonthly'),
      confidence: d.lowIncome.confidence,
    };
  }
  let highIncome: GuidelineSchedule['highIncome'] = null;
  if (d.highIncome) {
    const h = d.highIncome;
    if (h.baseByChildren.length !== d.columns.length) errors.push({ path: '/highIncome/baseByChildren', message: 'needs one entry per column' });
    if (h.percentByChildren.length !== d.columns.length) errors.push({ path: '/highIncome/percentByChildren', message: 'needs one entry per column' });
    const above = cents(h.aboveCombinedMonthly, '/highIncome/aboveCombinedMonthly');
    if (above < highest) errors.push({ path: '/highIncome/aboveCombinedMonthly', message: 'must not be below the highest row' });
    highIncome = {
      aboveCents: above,
      baseCents: h.baseByChildren.map((b, i) => cents(b, `/highIncome/baseByChildren/${i}`)),
      perMille: h.percentByChildren.map((p) => Math.round(Number(p) * 10)),
      citation: h.source.citation,
      confidence: h.confidence,
    };
  }
  const threshold = Number(d.sharedCustody.thresholdPercent);
  const reduction = Number(d.sharedCustody.reductionPercent);
  if (reduction > threshold) errors.push({ path: '/sharedCustody/reductionPercent', message: 'must not exceed thresholdPercent' });
  const factor = (f: readonly [string, string]): [number, number] => [Number(f[0]), Number(f[1])];
  if (errors.length > 0) return guidelineFailure('INPUT_INVALID', `The schedule data file ${d.id} is not valid.`, errors);
  return ok({
    id: d.id,
    state: d.state,
    title: d.title,
    source: d.source,
    effectiveFrom: d.effectiveFrom,
    effectiveThrough: d.effectiveThrough,
    effectiveDatesConfidence: d.effectiveDatesConfidence,
    coverage: { complete: d.coverage.complete, lowestRowCents: lowest, highestRowCents: highest, missing: d.coverage.missing ?? null },
    incomeStepCents: step,
    betweenRows: d.betweenRows,
    columns: d.columns,
    rows,
    lowIncome,
    sharedCustody: { thresholdPercent: threshold, reductionPercent: reduction, nightsPerYear: d.sharedCustody.nightsPerYear },
    highIncome,
    rounding: { percentRounding: d.rounding.percentRounding, shareRounding: d.rounding.shareRounding },
    incomeConversion: {
      weekly: factor(d.incomeConversion.weekly),
      biweekly: factor(d.incomeConversion.biweekly),
      semimonthly: factor(d.incomeConversion.semimonthly),
      monthly: factor(d.incomeConversion.monthly),
      annually: factor(d.incomeConversion.annually),
    },
  });
}

export interface ScheduleRegistry {
  readonly schedules: readonly GuidelineSchedule[];
}

const overlaps = (a: GuidelineSchedule, b: GuidelineSchedule): boolean =>
  a.effectiveFrom <= (b.effectiveThrough ?? '9999-12-31') && b.effectiveFrom <= (a.effectiveThrough ?? '9999-12-31');

/** Builds a registry from data files; two versions of one state may not be in effect on the same day. */
export function buildRegistry(files: readonly unknown[]): Result<ScheduleRegistry> {
  const schedules: GuidelineSchedule[] = [];
  for (const [i, file] of files.entries()) {
    const parsed = parseScheduleData(file);
    if (!parsed.ok) return parsed;
    const clash = schedules.find((s) => s.state === parsed.value.state && (s.id === parsed.value.id || overlaps(s, parsed.value)));
    if (clash) {
      return guidelineFailure('INPUT_INVALID', `Schedule ${parsed.value.id} overlaps ${clash.id} (same state, same id or overlapping dates).`, [
        { path: `/${i}`, message: `overlaps ${clash.id}` },
      ]);
    }
    schedules.push(parsed.value);
  }
  return ok({ schedules });
}

/** The data files shipped with the system. A broken file is a bug, so it throws at start-up. */
const SHIPPED = buildRegistry([pa2017]);
if (!SHIPPED.ok) throw new Error(`guideline data is broken: ${SHIPPED.message} ${JSON.stringify(SHIPPED.details ?? [])}`);
export const DEFAULT_REGISTRY: ScheduleRegistry = SHIPPED.value;

/** The version of a state's schedule in effect on `date` (inclusive at both ends). */
export function scheduleInEffect(state: string, date: string, registry: ScheduleRegistry = DEFAULT_REGISTRY): Result<GuidelineSchedule> {
  const versions = registry.schedules.filter((s) => s.state === state);
  if (versions.length === 0) {
    const held = [...new Set(registry.schedules.map((s) => s.state))].join(', ');
    return guidelineFailure('UNSUPPORTED_STATE', `There is no guideline data for ${state} (data is held for: ${held}).`, [{ path: '/state', message: `no guideline data for ${state}` }]);
  }
  const found = versions.find((s) => s.effectiveFrom <= date && (s.effectiveThrough === null || date <= s.effectiveThrough));
  if (!found) {
    const spans = versions.map((s) => `${s.id} ${s.effectiveFrom}..${s.effectiveThrough ?? 'open'}`).join('; ');
    return guidelineFailure('NO_SCHEDULE_IN_EFFECT', `No ${state} schedule was in effect on ${date} (versions held: ${spans}).`, [
      { path: '/calculationDate', message: `no ${state} schedule in effect on ${date}` },
    ]);
  }
  return ok(found);
}

export interface ScheduleLookup {
  amountCents: Cents;
  incomeCents: Cents;
  children: number;
  method: 'row' | 'interpolate' | 'lowerRow' | 'highIncome';
  lower: { incomeCents: Cents; amountCents: Cents };
  upper: { incomeCents: Cents; amountCents: Cents } | null;
}

/**
 * Basic child support for a combined monthly net income and a number of children. Between rows:
 * linear interpolation rounded half-up to the cent, or the row at or below the income, as the data
 * (or the caller) says. Outside the rows held: SCHEDULE_RANGE.
 */
export function lookupBasicObligation(
  schedule: GuidelineSchedule,
  incomeCents: Cents,
  children: number,
  betweenRows: BetweenRows = schedule.betweenRows,
  /** Where the income came from, for the error detail ("/obligor/income"; "/" for a combined income). */
  incomePath = '/',
): Result<ScheduleLookup> {
  const column = schedule.columns.indexOf(children);
  if (column < 0) {
    return guidelineFailure(
      'SCHEDULE_RANGE',
      `Schedule ${schedule.id} has columns for ${schedule.columns[0]}-${schedule.columns[schedule.columns.length - 1]} children, not ${children}.`,
      [{ path: '/children', message: `no schedule column for ${children} children` }],
      { scheduleId: schedule.id, children },
    );
  }
  const { lowestRowCents: lo, highestRowCents: hi } = schedule.coverage;
  const high = schedule.highIncome;
  if (high && incomeCents > high.aboveCents) {
    // 1910.16-3.1: base + percentage of the combined income above the threshold, rounded half-up to the
    // cent. At the threshold the formula gives the base, the presumptive minimum, and it only rises above.
    const base = high.baseCents[column]!;
    const amountCents = base + Number(roundHalfUp(BigInt(incomeCents - high.aboveCents) * BigInt(high.perMille[column]!), 1000n));
    return ok({ amountCents, incomeCents, children, method: 'highIncome', lower: { incomeCents: high.aboveCents, amountCents: base }, upper: null });
  }
  if (incomeCents < lo || incomeCents > hi) {
    return guidelineFailure(
      'SCHEDULE_RANGE',
      `${formatDollars(incomeCents)} is outside the schedule rows held for ${schedule.id} (${formatDollars(lo)}-${formatDollars(hi)} combined monthly net income); ` +
        'the missing rows are not in the data, so no figure is given.',
      [{ path: incomePath, message: `income ${formatDollars(incomeCents)} is outside ${formatDollars(lo)}-${formatDollars(hi)}` }],
      { scheduleId: schedule.id, incomeCents, lowestRowCents: lo, highestRowCents: hi, children },
    );
  }
  const index = Math.floor((incomeCents - lo) / schedule.incomeStepCents);
  const lowerRow = schedule.rows[index]!;
  const lower = { incomeCents: lowerRow.incomeCents, amountCents: lowerRow.amountsCents[column]! };
  if (lowerRow.incomeCents === incomeCents) return ok({ amountCents: lower.amountCents, incomeCents, children, method: 'row', lower, upper: null });
  const upperRow = schedule.rows[index + 1]!;
  const upper = { incomeCents: upperRow.incomeCents, amountCents: upperRow.amountsCents[column]! };
  if (betweenRows === 'lowerRow') return ok({ amountCents: lower.amountCents, incomeCents, children, method: 'lowerRow', lower, upper });
  const rise = BigInt(upper.amountCents - lower.amountCents);
  const into = BigInt(incomeCents - lower.incomeCents);
  const amountCents = lower.amountCents + Number(roundHalfUp(rise * into, BigInt(upper.incomeCents - lower.incomeCents)));
  return ok({ amountCents, incomeCents, children, method: 'interpolate', lower, upper });
}

/** Top of the low-income band for a number of children, or null when the data has none. */
export function lowIncomeBandTop(schedule: GuidelineSchedule, children: number): Cents | null {
  if (!schedule.lowIncome) return null;
  const column = schedule.columns.indexOf(children);
  return column < 0 ? null : (schedule.lowIncome.bandTopCents[column] ?? null);
}
