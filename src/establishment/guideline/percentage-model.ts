/**
 * Percentage-of-income guidelines as effective-dated policy data (data/wi-dcf150.json): the standard
 * percentage of the payer's income by number of children, the pro rata percentage per child, optional
 * high-income tiers, the low-income payer table with its own effective dates, and the parameters of
 * shared placement. Checked when loaded; money in cents, percentages as exact fractions from here on.
 */
import { isIsoDate } from '../../kernel/calendar.ts';
import { parseCents, type Cents } from '../../kernel/money.ts';
import { ok, type ErrorDetail, type Result } from '../../kernel/result.ts';
import { IsoDate, StringEnum, Type, validatorFor } from '../../kernel/schema.ts';
import { guidelineFailure } from './failures.ts';
import type { IncomeConversion } from './income-shares.ts';
import { ratio, type Ratio } from './rational.ts';

const Dollars = Type.String({ pattern: '^\\d{1,9}(\\.\\d{1,2})?$' });
const Percent = Type.String({ pattern: '^\\d{1,2}(\\.\\d{1,2})?$' });
const Factor = Type.Tuple([Type.String({ pattern: '^[1-9]\\d{0,3}$' }), Type.String({ pattern: '^[1-9]\\d{0,3}$' })]);
const Confidence = StringEnum(['verified', 'inference', 'unverified'] as const);

export const PercentageDataSchema = Type.Object(
  {
    $comment: Type.Optional(Type.String()),
    schemaVersion: Type.Literal(2),
    id: Type.String({ minLength: 1 }),
    state: Type.String({ pattern: '^[A-Z]{2}$' }),
    title: Type.String({ minLength: 1 }),
    model: Type.Literal('percentage-of-income'),
    incomeBasis: StringEnum(['gross', 'net'] as const),
    source: Type.Object({ citation: Type.String(), url: Type.Optional(Type.String()), copiedFrom: Type.Optional(Type.String()) }),
    effectiveFrom: IsoDate(),
    effectiveThrough: Type.Union([IsoDate(), Type.Null()]),
    effectiveDatesConfidence: StringEnum(['verified', 'unverified'] as const),
    effectiveDatesNote: Type.Optional(Type.String()),
    /** By number of children; the last entry applies to that many children or more. */
    standardPercentByChildren: Type.Array(Percent, { minItems: 1 }),
    standardCitation: Type.String(),
    /** As printed by the rule, by number of children (same length as standardPercentByChildren). */
    proRataPercentByChildren: Type.Array(Percent, { minItems: 1 }),
    proRataNote: Type.Optional(Type.String()),
    highIncome: Type.Optional(
      Type.Object({
        tiers: Type.Array(Type.Object({ upToMonthly: Type.Union([Dollars, Type.Null()]), percentByChildren: Type.Array(Percent) }), { minItems: 2 }),
        discretionary: Type.Boolean(),
        citation: Type.String(),
        confidence: Confidence,
        note: Type.Optional(Type.String()),
      }),
    ),
    lowIncome: Type.Object({
      method: Type.Literal('payerTable'),
      discretionary: Type.Boolean(),
      citation: Type.String(),
      note: Type.Optional(Type.String()),
      table: Type.Object({
        title: Type.String(),
        fpgYear: Type.Integer(),
        effectiveFrom: IsoDate(),
        effectiveThrough: Type.Union([IsoDate(), Type.Null()]),
        effectiveDatesConfidence: StringEnum(['verified', 'unverified'] as const),
        effectiveDatesNote: Type.Optional(Type.String()),
        source: Type.String(),
        complete: Type.Boolean(),
        expectedTopMonthly: Dollars,
        missing: Type.Optional(Type.String()),
        /** [monthly income up to, [percent, amount] per number of children]. */
        rows: Type.Array(Type.Array(Type.Union([Dollars, Type.Tuple([Percent, Dollars])]), { minItems: 2 }), { minItems: 1 }),
      }),
    }),
    sharedPlacement: Type.Object({
      thresholdPercent: Type.String({ pattern: '^\\d{1,2}$' }),
      thresholdDays: Type.Integer({ minimum: 1, maximum: 365 }),
      multiplierPercent: Type.String({ pattern: '^\\d{1,3}$' }),
      placementRounding: StringEnum(['wholePercent', 'exact'] as const),
      capAtStandard: Type.Boolean(),
      citation: Type.String(),
      note: Type.Optional(Type.String()),
    }),
    splitPlacement: Type.Object({ citation: Type.String() }),
    serialFamily: Type.Object({ citation: Type.String(), note: Type.Optional(Type.String()) }),
    imputation: Type.Object({ citation: Type.String(), incarceration: Type.String() }),
    rounding: Type.Object({ money: Type.Literal('halfUpCent'), note: Type.Optional(Type.String()) }),
    incomeConversion: Type.Object({ weekly: Factor, biweekly: Factor, semimonthly: Factor, monthly: Factor, annually: Factor, rounding: Type.Literal('halfUpCent') }),
    notLoaded: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);

export interface LowIncomeRow {
  upToCents: Cents;
  /** By number of children: the printed percent and the whole-dollar amount. */
  cells: { percent: Ratio; percentText: string; amountCents: Cents }[];
}

/** A loaded, checked percentage-of-income version. */
export interface PercentageModel {
  model: 'percentage-of-income';
  id: string;
  state: string;
  title: string;
  incomeBasis: 'gross' | 'net';
  source: { citation: string; url?: string; copiedFrom?: string };
  effectiveFrom: string;
  effectiveThrough: string | null;
  effectiveDatesConfidence: 'verified' | 'unverified';
  standard: { percent: Ratio; text: string }[];
  standardCitation: string;
  proRata: { percent: Ratio; text: string }[];
  highIncome: { tiers: { upToCents: Cents | null; percents: { percent: Ratio; text: string }[] }[]; discretionary: boolean; citation: string; confidence: string } | null;
  lowIncome: {
    discretionary: boolean;
    citation: string;
    table: { title: string; effectiveFrom: string; effectiveThrough: string | null; confidence: string; complete: boolean; expectedTopCents: Cents; rows: LowIncomeRow[] };
  };
  sharedPlacement: { thresholdPercent: number; thresholdDays: number; multiplier: Ratio; multiplierText: string; placementRounding: 'wholePercent' | 'exact'; capAtStandard: boolean; citation: string };
  splitCitation: string;
  serialCitation: string;
  imputation: { citation: string; incarceration: string };
  incomeConversion: IncomeConversion;
  notLoaded: string[];
}

/** "9.67" -> 967/10000 (a fraction of 1). */
export function percentRatio(text: string): Ratio {
  const [whole, frac = ''] = text.split('.');
  const digits = frac.length;
  return ratio(BigInt(`${whole}${frac}`), 100n * 10n ** BigInt(digits));
}

const validate = validatorFor(PercentageDataSchema);

export function parsePercentageData(json: unknown): Result<PercentageModel> {
  const checked = validate(json);
  if (!checked.ok) return guidelineFailure('INPUT_INVALID', 'The percentage guideline data file is not valid.', checked.errors);
  const d = checked.value;
  const errors: ErrorDetail[] = [];
  const cents = (text: string, path: string): Cents => {
    const c = parseCents(text);
    if (c === null) errors.push({ path, message: 'is not an amount' });
    return c ?? 0;
  };
  const n = d.standardPercentByChildren.length;
  const pct = (list: readonly string[], path: string) => {
    if (list.length !== n) errors.push({ path, message: `needs ${n} entries, one per number of children` });
    return list.map((t) => ({ percent: percentRatio(t), text: t }));
  };
  if (!isIsoDate(d.effectiveFrom)) errors.push({ path: '/effectiveFrom', message: 'is not a calendar date' });
  if (d.effectiveThrough !== null && d.effectiveThrough < d.effectiveFrom) errors.push({ path: '/effectiveThrough', message: 'must be on or after effectiveFrom' });
  const standard = pct(d.standardPercentByChildren, '/standardPercentByChildren');
  const proRata = pct(d.proRataPercentByChildren, '/proRataPercentByChildren');
  let highIncome: PercentageModel['highIncome'] = null;
  if (d.highIncome) {
    const tiers = d.highIncome.tiers.map((t, i) => ({ upToCents: t.upToMonthly === null ? null : cents(t.upToMonthly, `/highIncome/tiers/${i}/upToMonthly`), percents: pct(t.percentByChildren, `/highIncome/tiers/${i}/percentByChildren`) }));
    tiers.forEach((t, i) => {
      const last = i === tiers.length - 1;
      if (last !== (t.upToCents === null)) errors.push({ path: `/highIncome/tiers/${i}/upToMonthly`, message: 'only the last tier is open-ended' });
      const prev = tiers[i - 1];
      if (prev && t.upToCents !== null && prev.upToCents !== null && t.upToCents <= prev.upToCents) errors.push({ path: `/highIncome/tiers/${i}/upToMonthly`, message: 'tiers must rise' });
    });
    highIncome = { tiers, discretionary: d.highIncome.discretionary, citation: d.highIncome.citation, confidence: d.highIncome.confidence };
  }
  const t = d.lowIncome.table;
  const rows: LowIncomeRow[] = t.rows.map((row, r) => {
    const [upTo, ...cells] = row;
    if (typeof upTo !== 'string') errors.push({ path: `/lowIncome/table/rows/${r}/0`, message: 'must be the income the row goes up to' });
    if (cells.length !== n) errors.push({ path: `/lowIncome/table/rows/${r}`, message: `needs ${n} cells` });
    return {
      upToCents: typeof upTo === 'string' ? cents(upTo, `/lowIncome/table/rows/${r}/0`) : 0,
      cells: cells.map((c, i) => (Array.isArray(c) ? { percent: percentRatio(c[0]), percentText: c[0], amountCents: cents(c[1], `/lowIncome/table/rows/${r}/${i + 1}/1`) } : { percent: ratio(0, 1), percentText: '0', amountCents: 0 })),
    };
  });
  rows.forEach((row, r) => {
    const prev = rows[r - 1];
    if (prev && row.upToCents <= prev.upToCents) errors.push({ path: `/lowIncome/table/rows/${r}/0`, message: 'rows must rise' });
    row.cells.forEach((c, i) => {
      if (prev && c.amountCents < prev.cells[i]!.amountCents) errors.push({ path: `/lowIncome/table/rows/${r}/${i + 1}`, message: 'is lower than the row above' });
    });
  });
  const sp = d.sharedPlacement;
  if (errors.length) return guidelineFailure('INPUT_INVALID', `The percentage guideline data file ${d.id} is not valid.`, errors);
  return ok({
    model: 'percentage-of-income',
    id: d.id,
    state: d.state,
    title: d.title,
    incomeBasis: d.incomeBasis,
    source: d.source,
    effectiveFrom: d.effectiveFrom,
    effectiveThrough: d.effectiveThrough,
    effectiveDatesConfidence: d.effectiveDatesConfidence,
    standard,
    standardCitation: d.standardCitation,
    proRata,
    highIncome,
    lowIncome: {
      discretionary: d.lowIncome.discretionary,
      citation: d.lowIncome.citation,
      table: { title: t.title, effectiveFrom: t.effectiveFrom, effectiveThrough: t.effectiveThrough, confidence: t.effectiveDatesConfidence, complete: t.complete, expectedTopCents: cents(t.expectedTopMonthly, '/lowIncome/table/expectedTopMonthly'), rows },
    },
    sharedPlacement: {
      thresholdPercent: Number(sp.thresholdPercent),
      thresholdDays: sp.thresholdDays,
      multiplier: ratio(Number(sp.multiplierPercent), 100),
      multiplierText: sp.multiplierPercent,
      placementRounding: sp.placementRounding,
      capAtStandard: sp.capAtStandard,
      citation: sp.citation,
    },
    splitCitation: d.splitPlacement.citation,
    serialCitation: d.serialFamily.citation,
    imputation: d.imputation,
    incomeConversion: {
      weekly: [Number(d.incomeConversion.weekly[0]), Number(d.incomeConversion.weekly[1])],
      biweekly: [Number(d.incomeConversion.biweekly[0]), Number(d.incomeConversion.biweekly[1])],
      semimonthly: [Number(d.incomeConversion.semimonthly[0]), Number(d.incomeConversion.semimonthly[1])],
      monthly: [Number(d.incomeConversion.monthly[0]), Number(d.incomeConversion.monthly[1])],
      annually: [Number(d.incomeConversion.annually[0]), Number(d.incomeConversion.annually[1])],
    },
    notLoaded: d.notLoaded ?? [],
  });
}

/** Index into the by-children lists: the last entry covers that many children or more. */
export const childIndex = (m: PercentageModel, children: number): number => Math.min(children, m.standard.length) - 1;

export function percentageCoverageSentence(m: PercentageModel): string {
  const t = m.lowIncome.table;
  const top = t.rows[t.rows.length - 1]!.upToCents;
  const lowest = t.rows[0]!.upToCents;
  const dollars = (c: Cents) => `$${(c / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return (
    `${m.id} computes any monthly ${m.incomeBasis} income by the percentage standard${m.highIncome ? ' (and by the high-income percentages when the court applies them)' : ''}. ` +
    `For a low-income payer it holds ${t.title} for support from ${t.effectiveFrom} to ${t.effectiveThrough ?? 'open'}, with rows for incomes up to ${dollars(lowest)} through ${dollars(top)}` +
    `${t.complete ? '' : `; the rows above ${dollars(top)} (up to about ${dollars(t.expectedTopCents)}) are missing, so a low-income payer there cannot be computed`}.`
  );
}
