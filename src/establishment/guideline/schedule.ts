/**
 * Income-shares schedules as effective-dated policy data. Each state version is a JSON file in ./data,
 * checked against a schema and a set of invariants when it is loaded (rows in equal steps, amounts never
 * falling as income rises, a subsistence rule present). A look-up outside the rows the data holds is a
 * SCHEDULE_RANGE failure with a plain sentence: the calculator never invents a figure. Which version is
 * in effect on a date is the registry's business (registry.ts).
 */
import { formatDollars, parseCents, type Cents } from '../../kernel/money.ts';
import { ok, type ErrorDetail, type Result } from '../../kernel/result.ts';
import { IsoDate, StringEnum, Type, validatorFor } from '../../kernel/schema.ts';
import { isIsoDate } from '../../kernel/calendar.ts';
import { guidelineFailure } from './failures.ts';
import { roundHalfUp, type PercentRounding, type ShareRounding } from './rational.ts';

export const BETWEEN_ROWS = ['interpolate', 'lowerRow'] as const;
export type BetweenRows = (typeof BETWEEN_ROWS)[number];
export const PAY_FREQUENCIES = ['weekly', 'biweekly', 'semimonthly', 'monthly', 'annually'] as const;
export type PayFrequency = (typeof PAY_FREQUENCIES)[number];
export const PERCENT_ROUNDINGS = ['wholePercent', 'basisPoints', 'exact'] as const;
export const SHARE_ROUNDINGS = ['cent', 'wholeDollar'] as const;
export const WORKSHEET_LAYOUTS = ['PA-1910.16-4', 'AR-AO10'] as const;
export type WorksheetLayout = (typeof WORKSHEET_LAYOUTS)[number];

const Dollars = Type.String({ pattern: '^\\d{1,9}(\\.\\d{1,2})?$' });
const Factor = Type.Tuple([Type.String({ pattern: '^[1-9]\\d{0,3}$' }), Type.String({ pattern: '^[1-9]\\d{0,3}$' })]);
const Confidence = StringEnum(['verified', 'inference', 'unverified'] as const);
const Source = Type.Object({ citation: Type.String(), url: Type.Optional(Type.String()), copiedFrom: Type.Optional(Type.String()) });

/** The shape of an income-shares file in ./data (see data/pa-2017.json and data/ar-2020.json). */
export const ScheduleDataSchema = Type.Object(
  {
    $comment: Type.Optional(Type.String()),
    schemaVersion: Type.Literal(2),
    id: Type.String({ minLength: 1 }),
    state: Type.String({ pattern: '^[A-Z]{2}$' }),
    title: Type.String({ minLength: 1 }),
    model: Type.Literal('income-shares'),
    /** Whether the schedule is read on net income (PA) or gross income (AR). */
    incomeBasis: StringEnum(['net', 'gross'] as const),
    worksheet: StringEnum(WORKSHEET_LAYOUTS),
    source: Source,
    effectiveFrom: IsoDate(),
    effectiveThrough: Type.Union([IsoDate(), Type.Null()]),
    effectiveDatesConfidence: StringEnum(['verified', 'unverified'] as const),
    effectiveDatesNote: Type.Optional(Type.String()),
    coverage: Type.Object({
      complete: Type.Boolean(),
      lowestRow: Dollars,
      highestRow: Dollars,
      missing: Type.Optional(Type.String()),
      /** "refuse": below the first row is SCHEDULE_RANGE; "lowestRow": the first row covers every income up to it (AR's "1-1050"). */
      belowLowestRow: StringEnum(['refuse', 'lowestRow'] as const),
      confidence: Type.Optional(Type.String()),
    }),
    incomeStep: Dollars,
    betweenRows: StringEnum(BETWEEN_ROWS),
    betweenRowsNote: Type.Optional(Type.String()),
    columns: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1 }),
    rows: Type.Array(Type.Array(Dollars, { minItems: 2 }), { minItems: 2 }),
    lowIncome: Type.Object({
      method: Type.Literal('obligorOnlyLesserOf'),
      bandTopByChildren: Type.Array(Dollars),
      selfSupportReserveMonthly: Dollars,
      /** A floor on the obligor's basic support while in the low-income band (AR: $125). */
      minimumOrderMonthly: Type.Optional(Dollars),
      confidence: Confidence,
      note: Type.Optional(Type.String()),
    }),
    sharedCustody: Type.Union([
      Type.Null(),
      Type.Object({
        thresholdPercent: Type.String({ pattern: '^\\d{1,2}$' }),
        reductionPercent: Type.String({ pattern: '^\\d{1,2}$' }),
        nightsPerYear: Type.Integer({ minimum: 365, maximum: 366 }),
        note: Type.Optional(Type.String()),
      }),
    ]),
    sharedCustodyNote: Type.Optional(Type.String()),
    /** Lines 6 and 9: the children's Social Security derivative benefit raises the row and is credited. */
    childBenefitCredit: Type.Boolean(),
    /** Each parent a separate obligor when a third party has the children (Pa.R.C.P. 1910.16-1(a)(2)). */
    thirdPartyCases: Type.Boolean(),
    highIncome: Type.Optional(
      Type.Object(
        {
          /** basePlusPercent: a base by children + percent of the income above (PA); topRowPlusPercent: the top row + percent (AR). */
          method: StringEnum(['basePlusPercent', 'topRowPlusPercent'] as const),
          aboveCombinedMonthly: Dollars,
          baseByChildren: Type.Optional(Type.Array(Dollars)),
          /** Percent of combined monthly income above `aboveCombinedMonthly`, to one decimal place. */
          percentByChildren: Type.Array(Type.String({ pattern: '^\\d{1,2}(\\.\\d)?$' })),
          source: Source,
          confidence: StringEnum(['verified', 'unverified'] as const),
          note: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
    rounding: Type.Object({
      percentRounding: StringEnum(PERCENT_ROUNDINGS),
      shareRounding: StringEnum(SHARE_ROUNDINGS),
      /** How the obligor's total is rounded at the end ("floorDollar": down to a whole dollar, AR). */
      finalRounding: StringEnum(['none', 'floorDollar'] as const),
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
    notLoaded: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);

export interface ScheduleRow {
  incomeCents: Cents;
  /** Basic child support per month, by number of children (index 0 = the first column). */
  amountsCents: Cents[];
}

/** A loaded, checked income-shares schedule version. Money is in cents from here on. */
export interface GuidelineSchedule {
  model: 'income-shares';
  id: string;
  state: string;
  title: string;
  incomeBasis: 'net' | 'gross';
  worksheet: WorksheetLayout;
  source: { citation: string; url?: string; copiedFrom?: string };
  effectiveFrom: string;
  effectiveThrough: string | null;
  effectiveDatesConfidence: 'verified' | 'unverified';
  coverage: { complete: boolean; lowestRowCents: Cents; highestRowCents: Cents; missing: string | null; belowLowestRow: 'refuse' | 'lowestRow' };
  incomeStepCents: Cents;
  betweenRows: BetweenRows;
  columns: number[];
  rows: ScheduleRow[];
  lowIncome: {
    method: 'obligorOnlyLesserOf';
    /** Top of the low-income band, by number of children (same order as `columns`). */
    bandTopCents: Cents[];
    selfSupportReserveCents: Cents;
    minimumOrderCents: Cents | null;
    confidence: 'verified' | 'inference' | 'unverified';
  };
  sharedCustody: { thresholdPercent: number; reductionPercent: number; nightsPerYear: number } | null;
  sharedCustodyNote: string | null;
  childBenefitCredit: boolean;
  thirdPartyCases: boolean;
  /** The formula for combined incomes above the schedule's top. Null when the data has none. */
  highIncome: {
    method: 'basePlusPercent' | 'topRowPlusPercent';
    aboveCents: Cents;
    baseCents: Cents[];
    /** Tenths of a percent (8.6% = 86). */
    perMille: number[];
    citation: string;
    confidence: 'verified' | 'unverified';
  } | null;
  rounding: { percentRounding: PercentRounding; shareRounding: ShareRounding; finalRounding: 'none' | 'floorDollar' };
  /** Pay-period-to-month factors as [numerator, denominator]. */
  incomeConversion: Record<PayFrequency, [number, number]>;
  /** Parts of the state's rule that are documented but not in the data. */
  notLoaded: string[];
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
  const perColumn = (list: readonly unknown[] | undefined, path: string) => {
    if (list && list.length !== d.columns.length) errors.push({ path, message: 'needs one entry per column' });
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
  perColumn(d.lowIncome.bandTopByChildren, '/lowIncome/bandTopByChildren');
  const lowIncome: GuidelineSchedule['lowIncome'] = {
    method: d.lowIncome.method,
    bandTopCents: d.lowIncome.bandTopByChildren.map((t, i) => cents(t, `/lowIncome/bandTopByChildren/${i}`)),
    selfSupportReserveCents: cents(d.lowIncome.selfSupportReserveMonthly, '/lowIncome/selfSupportReserveMonthly'),
    minimumOrderCents: d.lowIncome.minimumOrderMonthly === undefined ? null : cents(d.lowIncome.minimumOrderMonthly, '/lowIncome/minimumOrderMonthly'),
    confidence: d.lowIncome.confidence,
  };
  let highIncome: GuidelineSchedule['highIncome'] = null;
  if (d.highIncome) {
    const h = d.highIncome;
    perColumn(h.percentByChildren, '/highIncome/percentByChildren');
    const above = cents(h.aboveCombinedMonthly, '/highIncome/aboveCombinedMonthly');
    if (above < highest) errors.push({ path: '/highIncome/aboveCombinedMonthly', message: 'must not be below the highest row' });
    let baseCents: Cents[];
    if (h.method === 'basePlusPercent') {
      if (!h.baseByChildren) errors.push({ path: '/highIncome/baseByChildren', message: 'is required for basePlusPercent' });
      perColumn(h.baseByChildren, '/highIncome/baseByChildren');
      baseCents = (h.baseByChildren ?? []).map((b, i) => cents(b, `/highIncome/baseByChildren/${i}`));
    } else {
      if (above !== highest) errors.push({ path: '/highIncome/aboveCombinedMonthly', message: 'topRowPlusPercent starts at the highest row' });
      baseCents = rows[rows.length - 1]?.amountsCents ?? [];
    }
    highIncome = {
      method: h.method,
      aboveCents: above,
      baseCents,
      perMille: h.percentByChildren.map((p) => Math.round(Number(p) * 10)),
      citation: h.source.citation,
      confidence: h.confidence,
    };
  }
  let sharedCustody: GuidelineSchedule['sharedCustody'] = null;
  if (d.sharedCustody) {
    const threshold = Number(d.sharedCustody.thresholdPercent);
    const reduction = Number(d.sharedCustody.reductionPercent);
    if (reduction > threshold) errors.push({ path: '/sharedCustody/reductionPercent', message: 'must not exceed thresholdPercent' });
    sharedCustody = { thresholdPercent: threshold, reductionPercent: reduction, nightsPerYear: d.sharedCustody.nightsPerYear };
  }
  const factor = (f: readonly [string, string]): [number, number] => [Number(f[0]), Number(f[1])];
  if (errors.length > 0) return guidelineFailure('INPUT_INVALID', `The schedule data file ${d.id} is not valid.`, errors);
  return ok({
    model: 'income-shares',
    id: d.id,
    state: d.state,
    title: d.title,
    incomeBasis: d.incomeBasis,
    worksheet: d.worksheet,
    source: d.source,
    effectiveFrom: d.effectiveFrom,
    effectiveThrough: d.effectiveThrough,
    effectiveDatesConfidence: d.effectiveDatesConfidence,
    coverage: { complete: d.coverage.complete, lowestRowCents: lowest, highestRowCents: highest, missing: d.coverage.missing ?? null, belowLowestRow: d.coverage.belowLowestRow },
    incomeStepCents: step,
    betweenRows: d.betweenRows,
    columns: d.columns,
    rows,
    lowIncome,
    sharedCustody,
    sharedCustodyNote: d.sharedCustodyNote ?? null,
    childBenefitCredit: d.childBenefitCredit,
    thirdPartyCases: d.thirdPartyCases,
    highIncome,
    rounding: { percentRounding: d.rounding.percentRounding, shareRounding: d.rounding.shareRounding, finalRounding: d.rounding.finalRounding },
    incomeConversion: {
      weekly: factor(d.incomeConversion.weekly),
      biweekly: factor(d.incomeConversion.biweekly),
      semimonthly: factor(d.incomeConversion.semimonthly),
      monthly: factor(d.incomeConversion.monthly),
      annually: factor(d.incomeConversion.annually),
    },
    notLoaded: d.notLoaded ?? [],
  });
}

/**
 * The incomes a schedule can compute, as a sentence for the page and the CLI ("Rows held: combined
 * monthly net income of $1,000.00 to $3,000.00, and above $30,000.00 by the high-income formula; ...").
 */
export function scheduleCoverageSentence(s: GuidelineSchedule): string {
  const basis = `combined monthly ${s.incomeBasis} income`;
  const lo = formatDollars(s.coverage.lowestRowCents);
  const hi = formatDollars(s.coverage.highestRowCents);
  const kids = `${s.columns[0]} to ${s.columns[s.columns.length - 1]} children`;
  const h = s.highIncome;
  const formula = h ? (h.method === 'topRowPlusPercent' ? 'the above-chart percentages' : 'the high-income formula') : '';
  if (s.coverage.belowLowestRow === 'lowestRow' && h && h.aboveCents === s.coverage.highestRowCents) {
    return `${s.id} can compute support for ${kids} at any ${basis}: its rows run to ${hi} (the first row, ${lo}, covers every lower income) and above ${hi} ${formula} apply.`;
  }
  const can = [`from ${lo} to ${hi}`, ...(h ? [`above ${formatDollars(h.aboveCents)} (by ${formula})`] : [])].join(', or ');
  const cannot: string[] = [];
  if (s.coverage.belowLowestRow === 'refuse') cannot.push(`below ${lo}`);
  if (h && h.aboveCents > s.coverage.highestRowCents) cannot.push(`from ${formatDollars(s.coverage.highestRowCents + 1)} to ${formatDollars(h.aboveCents)}`);
  if (!h) cannot.push(`above ${hi}`);
  return `${s.id} can compute support for ${kids} when the ${basis} is ${can}. It cannot compute ${cannot.join(' or ')}, because those rows of the schedule are not in the data; no figure is estimated.`;
}

export interface ScheduleLookup {
  amountCents: Cents;
  incomeCents: Cents;
  children: number;
  method: 'row' | 'interpolate' | 'lowerRow' | 'highIncome' | 'belowLowestRow';
  lower: { incomeCents: Cents; amountCents: Cents };
  upper: { incomeCents: Cents; amountCents: Cents } | null;
}

/**
 * Basic child support for a combined monthly income and a number of children. Between rows: linear
 * interpolation rounded half-up to the cent, or the row at or below the income, as the data (or the
 * caller) says. Outside the rows held: SCHEDULE_RANGE, said in a sentence that names the incomes held.
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
    const first = schedule.columns[0];
    const last = schedule.columns[schedule.columns.length - 1];
    return guidelineFailure(
      'SCHEDULE_RANGE',
      `The ${schedule.id} schedule has amounts for ${first} to ${last} children, not ${children}; no figure is given for ${children} children.`,
      [{ path: '/children', message: `the schedule has columns for ${first} to ${last} children` }],
      { scheduleId: schedule.id, children },
    );
  }
  const { lowestRowCents: lo, highestRowCents: hi } = schedule.coverage;
  const high = schedule.highIncome;
  if (high && incomeCents > high.aboveCents) {
    // Base + percentage of the income above the threshold, rounded half-up to the cent. At the
    // threshold the formula gives the base, and it only rises above.
    const base = high.baseCents[column]!;
    const amountCents = base + Number(roundHalfUp(BigInt(incomeCents - high.aboveCents) * BigInt(high.perMille[column]!), 1000n));
    return ok({ amountCents, incomeCents, children, method: 'highIncome', lower: { incomeCents: high.aboveCents, amountCents: base }, upper: null });
  }
  const first = schedule.rows[0]!;
  if (incomeCents < lo && schedule.coverage.belowLowestRow === 'lowestRow') {
    const amount = first.amountsCents[column]!;
    return ok({ amountCents: amount, incomeCents, children, method: 'belowLowestRow', lower: { incomeCents: lo, amountCents: amount }, upper: null });
  }
  if (incomeCents < lo || incomeCents > hi) {
    const basis = `combined monthly ${schedule.incomeBasis} income`;
    const above = incomeCents > hi;
    const why = above
      ? high
        ? `The ${schedule.id} data holds rows only up to ${formatDollars(hi)} and its formula starts above ${formatDollars(high.aboveCents)}; the rows in between are not in the data`
        : `The ${schedule.id} data holds rows only up to ${formatDollars(hi)} of ${basis}`
      : `The ${schedule.id} data holds no rows below ${formatDollars(lo)} of ${basis}`;
    return guidelineFailure(
      'SCHEDULE_RANGE',
      `${formatDollars(incomeCents)} is outside the schedule on file. ${why}, so no figure is given rather than an estimate.`,
      [{ path: incomePath, message: `${formatDollars(incomeCents)} is outside the rows held (${formatDollars(lo)} to ${formatDollars(hi)})` }],
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

/** Top of the low-income band for a number of children, or null when there is no column for it. */
export function lowIncomeBandTop(schedule: GuidelineSchedule, children: number): Cents | null {
  const column = schedule.columns.indexOf(children);
  return column < 0 ? null : (schedule.lowIncome.bandTopCents[column] ?? null);
}
