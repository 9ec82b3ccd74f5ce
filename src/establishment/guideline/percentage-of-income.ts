/**
 * The percentage-of-income model as data: the payer owes a percentage of the payer's own income, by
 * number of children (Wisconsin, DCF 150). What the state sets comes from its data: the standard and
 * pro rata percentages, the high-income tiers and the low-income payer table (each applied only on the
 * court's finding, as the rule says "may"), shared placement (each parent's amount x 150% x the other
 * parent's share of time, offset), split placement (pro rata per child, offset), their combination, and
 * the serial-family adjustment of income for earlier obligations. Each parent's amount for a group of
 * children is computed exactly and rounded half-up to the cent once. Pure: no database, no clock.
 */
import { formatCents, formatDollars, parseCents, type Cents } from '../../kernel/money.ts';
import { ok, type ErrorDetail, type Result } from '../../kernel/result.ts';
import { guidelineFailure } from './failures.ts';
import { conversionNote, monthlyIncome, party, type ModelResult } from './income-shares.ts';
import type { GuidelineInput, PlacementInput } from './input.ts';
import { Lines, type LineLabels } from './lines.ts';
import { childIndex, type LowIncomeRow, type PercentageModel } from './percentage-model.ts';
import { ONE, ratio, roundHalfUp, sharesOf, type Ratio } from './rational.ts';
import type { WorksheetCalculation } from './worksheet.ts';

/** Wisconsin's worksheet has no official line numbers: all lines are numbered by OpenCSE. */
const LABELS: LineLabels = {
  labels: {
    '1': 'Income per pay period',
    '2': 'Less adjustments per pay period',
    '3': 'Monthly income available for child support (DCF 150.03(1))',
    '4': 'Less previous child support obligations (serial family, DCF 150.04(1))',
    '5': 'Adjusted monthly income available for child support',
    '10': 'Total each parent owes before the offset',
    '11': 'Offset: the parent who owes more pays the difference',
    '12': "Payer's amount under the percentage standard for all the children (the most a shared-placement payer owes)",
    '13': 'Guideline child support a month',
  },
  referenceLines: new Set(),
};

const Parents = ['obligor', 'obligee'] as const;
type Who = (typeof Parents)[number];

interface Group {
  children: number;
  nights: Record<Who, number>;
  /** Share of time with each parent, as used (rounded to whole percents when the data says so). */
  share: Record<Who, Ratio>;
  shared: boolean;
  /** For a group that is not shared: the parent the children live with. */
  placedWith: Who | null;
}

const cents = (r: Ratio): Cents => Number(roundHalfUp(r.num, r.den));
const mul = (...xs: Ratio[]): Ratio => xs.reduce((a, b) => ratio(a.num * b.num, a.den * b.den), ONE);
const fromCents = (c: Cents): Ratio => ratio(c, 1);
const pctText = (r: Ratio) => {
  const bp = Number(roundHalfUp(r.num * 10000n, r.den));
  return (bp / 100).toFixed(bp % 100 === 0 ? 0 : 2);
};

function consistency(input: GuidelineInput, m: PercentageModel): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const not = (path: string, what: string) => errors.push({ path, message: `${what} is not part of the ${m.id} percentage standard` });
  if ((input.caseType ?? 'parents') !== 'parents') errors.push({ path: '/caseType', message: `the ${m.id} data has no third-party rule loaded; calculate each parent's percentage with the third party as obligee` });
  if (!input.obligor) errors.push({ path: '/obligor', message: 'is required' });
  if (!input.obligee) errors.push({ path: '/obligee', message: 'is required' });
  if (input.obligors) errors.push({ path: '/obligors', message: 'is only for third-party income-shares cases' });
  if (input.expenses?.length) not('/expenses', 'adding child care, premium or medical expenses');
  if (input.childSocialSecurityBenefitMonthly !== undefined) not('/childSocialSecurityBenefitMonthly', "crediting a child's benefit (DCF 150.03 adjustment, not loaded)");
  if (input.furtherAdjustment) not('/furtherAdjustment', 'a line 13e further adjustment');
  for (const who of Parents) if (input[who]?.supportOwedToOtherChildrenMonthly !== undefined) errors.push({ path: `/${who}/supportOwedToOtherChildrenMonthly`, message: 'use priorObligations (serial family) instead' });
  if (input.placements) {
    const total = input.placements.reduce((s, p) => s + p.children, 0);
    if (total !== input.children) errors.push({ path: '/placements', message: `places ${total} children, but the case has ${input.children}` });
    for (const who of Parents) if (input[who]?.overnightsPerYear !== undefined) errors.push({ path: `/${who}/overnightsPerYear`, message: 'give the overnights in placements instead (one entry per group of children)' });
    input.placements.forEach((p, i) => {
      if (p.obligorOvernightsPerYear + p.obligeeOvernightsPerYear === 0) errors.push({ path: `/placements/${i}`, message: 'needs some overnights' });
    });
  } else {
    const a = input.obligor?.overnightsPerYear;
    const b = input.obligee?.overnightsPerYear;
    if (a !== undefined && b === undefined && a > 365) errors.push({ path: '/obligor/overnightsPerYear', message: "is more than a year; give the obligee's overnights too when equivalent care makes the year longer" });
    if (b !== undefined && a === undefined && b > 365) errors.push({ path: '/obligee/overnightsPerYear', message: "is more than a year; give the obligor's overnights too" });
  }
  return errors;
}

function groupsOf(input: GuidelineInput, m: PercentageModel): Group[] {
  const list: PlacementInput[] = input.placements ?? [
    (() => {
      const a = input.obligor!.overnightsPerYear;
      const b = input.obligee!.overnightsPerYear;
      const obligor = a ?? (b !== undefined ? Math.max(0, 365 - b) : 0);
      return { children: input.children, obligorOvernightsPerYear: obligor, obligeeOvernightsPerYear: b ?? 365 - obligor };
    })(),
  ];
  const { thresholdPercent, placementRounding } = m.sharedPlacement;
  return list.map((p) => {
    const a = p.obligorOvernightsPerYear;
    const b = p.obligeeOvernightsPerYear;
    const total = a + b;
    const used = placementRounding === 'wholePercent' ? sharesOf([a, b], 'wholePercent')! : [ratio(a, total), ratio(b, total)];
    // The threshold is tested on the exact share (DCF 150.035(1)(a)1.: at least 25% or 92 days).
    const shared = a * 100 >= thresholdPercent * total && b * 100 >= thresholdPercent * total;
    return { children: p.children, nights: { obligor: a, obligee: b }, share: { obligor: used[0]!, obligee: used[1]! }, shared, placedWith: shared ? null : a > b ? 'obligor' : 'obligee' };
  });
}

interface ParentBasis {
  income: Cents;
  /** How this parent's amounts are reached: the standard, the high-income tiers or the low-income table. */
  method: 'standard' | 'highIncome' | 'lowIncome';
  /** Amount for all the children (exact, in cents), and the percentage shown. */
  full: Ratio;
  fullPercent: Ratio;
  lowRow: LowIncomeRow | null;
  tiers: { from: Cents; to: Cents | null; portion: Cents; percent: Ratio; amount: Ratio }[];
}

function lowIncomeRow(m: PercentageModel, income: Cents, date: string, who: string, path: string): Result<LowIncomeRow | null> {
  const t = m.lowIncome.table;
  const rows = t.rows;
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  const range = `${t.title}, for support from ${t.effectiveFrom} to ${t.effectiveThrough ?? 'open'}`;
  if (income > t.expectedTopCents) return ok(null);
  if (date < t.effectiveFrom || (t.effectiveThrough !== null && date > t.effectiveThrough)) {
    return guidelineFailure('SCHEDULE_RANGE', `The low-income payer table (Appendix C) in effect on ${date} is not in the data: only ${range}, is held. Without the finding the percentage standard applies; with it, no figure can be given.`, [{ path: '/findings/lowIncomePayer', message: `no Appendix C table on file for ${date}` }], { modelId: m.id });
  }
  if (income < first.upToCents) {
    return guidelineFailure('SCHEDULE_RANGE', `The ${who}'s income of ${formatDollars(income)} is below the first row of Appendix C (${formatDollars(first.upToCents)}, 75% of the poverty guideline). Below it the rule leaves the amount to the court, so no figure is computed: record the amount the court sets as a deviation with its finding.`, [{ path, message: `below ${formatDollars(first.upToCents)}` }], { modelId: m.id });
  }
  const row = rows.find((r) => income <= r.upToCents);
  if (!row) {
    return guidelineFailure('SCHEDULE_RANGE', `The ${who}'s income of ${formatDollars(income)} falls in rows of Appendix C that are not in the data (rows above ${formatDollars(last.upToCents)} up to about ${formatDollars(t.expectedTopCents)} are missing), so no low-income figure is given rather than an estimate.`, [{ path, message: `Appendix C rows above ${formatDollars(last.upToCents)} are not held` }], { modelId: m.id });
  }
  return ok(row);
}

function basisOf(m: PercentageModel, input: GuidelineInput, who: Who, income: Cents, date: string): Result<ParentBasis> {
  const N = input.children;
  const idx = childIndex(m, N);
  const standard = m.standard[idx]!.percent;
  const base: ParentBasis = { income, method: 'standard', full: mul(fromCents(income), standard), fullPercent: standard, lowRow: null, tiers: [] };
  if (input.findings?.lowIncomePayer) {
    const row = lowIncomeRow(m, income, date, who, `/${who}/income`);
    if (!row.ok) return row;
    if (row.value) {
      const cell = row.value.cells[idx]!;
      return ok({ ...base, method: 'lowIncome', full: fromCents(cell.amountCents), fullPercent: cell.percent, lowRow: row.value });
    }
  }
  const high = m.highIncome;
  if (input.findings?.highIncomePercentages && high && income > (high.tiers[0]!.upToCents ?? Infinity)) {
    let from = 0;
    let full = ratio(0, 1);
    const tiers: ParentBasis['tiers'] = [];
    for (const tier of high.tiers) {
      const to = tier.upToCents;
      const portion = Math.max(0, Math.min(income, to ?? income) - from);
      if (portion > 0) {
        const percent = tier.percents[idx]!.percent;
        const amount = mul(fromCents(portion), percent);
        tiers.push({ from, to, portion, percent, amount });
        full = ratio(full.num * amount.den + amount.num * full.den, full.den * amount.den);
      }
      if (to === null || income <= to) break;
      from = to;
    }
    return ok({ ...base, method: 'highIncome', full, fullPercent: income > 0 ? ratio(full.num, full.den * BigInt(income)) : standard, tiers });
  }
  return ok(base);
}

/** The amount a parent owes for `k` of the N children before placement (exact cents). */
function amountFor(m: PercentageModel, N: number, basis: ParentBasis, k: number): { amount: Ratio; percent: Ratio; how: string } {
  if (k === N) return { amount: basis.full, percent: basis.fullPercent, how: basis.method === 'lowIncome' ? 'Appendix C amount' : basis.method === 'highIncome' ? 'high-income tiers' : 'percentage standard' };
  if (basis.method !== 'standard') {
    // Pro rata by the number of children: the rule prints pro rata percentages only for the standard.
    return { amount: mul(basis.full, ratio(k, N)), percent: mul(basis.fullPercent, ratio(k, N)), how: `${k} of ${N} of the ${basis.method === 'lowIncome' ? 'Appendix C' : 'high-income'} amount (OpenCSE: pro rata by count)` };
  }
  const printed = N <= m.proRata.length ? m.proRata[N - 1]!.percent : ratio(m.standard[m.standard.length - 1]!.percent.num, m.standard[m.standard.length - 1]!.percent.den * BigInt(N));
  const percent = mul(printed, ratio(k, 1));
  return { amount: mul(fromCents(basis.income), percent), percent, how: `pro rata ${pctText(printed)}% per child x ${k}` };
}

/** Runs the percentage-of-income worksheet on validated input with the model in effect. */
export function calculatePercentageOfIncome(input: GuidelineInput, m: PercentageModel, date: string): Result<ModelResult> {
  const errors = consistency(input, m);
  if (errors.length) return guidelineFailure('INPUT_INCONSISTENT', `Some of the input does not fit the ${m.id} guideline; the details say which fields.`, errors);
  const notes: string[] = [];
  const N = input.children;
  const book = new Lines(LABELS, 'basisPoints');
  const inc = { obligor: monthlyIncome(m, input.obligor!, '/obligor', 'obligor'), obligee: monthlyIncome(m, input.obligee!, '/obligee', 'obligee') };
  if (!inc.obligor.ok) return inc.obligor;
  if (!inc.obligee.ok) return inc.obligee;
  const I = { obligor: inc.obligor.value, obligee: inc.obligee.value };
  book.usd('1', { obligor: I.obligor.grossPerPeriodCents, obligee: I.obligee.grossPerPeriodCents }, `pay period: obligor ${I.obligor.frequency}, obligee ${I.obligee.frequency}`);
  book.usd('2', { obligor: I.obligor.deductionsPerPeriodCents, obligee: I.obligee.deductionsPerPeriodCents });
  book.usd('3', { obligor: I.obligor.monthlyCents, obligee: I.obligee.monthlyCents }, conversionNote(m, [{ who: 'obligor', income: I.obligor }, { who: 'obligee', income: I.obligee }]));

  // Serial family (DCF 150.04(1)): each earlier obligation, in the order incurred, lowers the income.
  const adjusted = { obligor: I.obligor.monthlyCents, obligee: I.obligee.monthlyCents };
  const serial = Parents.some((w) => input[w]!.priorObligations?.length);
  if (serial) {
    for (const who of Parents) {
      for (const [i, ob] of (input[who]!.priorObligations ?? []).entries()) {
        const before = adjusted[who];
        const less = ob.kind === 'order' ? parseCents(ob.monthlyAmount)! : cents(mul(fromCents(before), m.standard[childIndex(m, ob.children)]!.percent));
        adjusted[who] = Math.max(0, before - less);
        const what = ob.kind === 'order' ? `existing order of ${formatDollars(less)} a month` : `intact family of ${ob.children} ${ob.children === 1 ? 'child' : 'children'}: ${formatDollars(before)} x ${m.standard[childIndex(m, ob.children)]!.text}%`;
        book.usd(`4${String.fromCharCode(97 + i)}`, { [who]: less }, `${who}, obligation ${i + 1}: ${what}; income left ${formatDollars(adjusted[who])}`, `Less previous obligation ${i + 1} (${m.serialCitation})`);
      }
    }
    book.usd('5', { obligor: adjusted.obligor, obligee: adjusted.obligee });
  } else {
    book.usd('4', { obligor: 0, obligee: 0 }, 'no previous obligations entered');
    book.usd('5', { obligor: adjusted.obligor, obligee: adjusted.obligee });
  }

  const bases = {} as Record<Who, ParentBasis>;
  for (const who of Parents) {
    const b = basisOf(m, input, who, adjusted[who], date);
    if (!b.ok) return b;
    bases[who] = b.value;
  }
  for (const who of Parents) {
    const b = bases[who];
    if (b.method === 'highIncome') {
      b.tiers.forEach((t, i) =>
        book.usd(`HI-${i + 1}`, { [who]: cents(t.amount) }, `${who}: ${formatDollars(t.portion)} x ${pctText(t.percent)}%`, `High-income tier ${i + 1}: income ${t.to === null ? `above ${formatDollars(t.from)}` : `from ${formatDollars(t.from)} to ${formatDollars(t.to)}`} (${m.highIncome!.citation})`),
      );
    }
    if (b.method === 'lowIncome') {
      const cell = b.lowRow!.cells[childIndex(m, N)]!;
      book.usd('LI-1', { [who]: cell.amountCents }, `${who}: the row for incomes up to ${formatDollars(b.lowRow!.upToCents)}: ${cell.percentText}%, ${formatDollars(cell.amountCents)} for ${N} ${N === 1 ? 'child' : 'children'}`, `Low-income payer amount (${m.lowIncome.citation}, ${m.lowIncome.table.title})`);
    }
  }

  const groups = groupsOf(input, m);
  const owed: Record<Who, Cents> = { obligor: 0, obligee: 0 };
  let anyShared = false;
  groups.forEach((g, gi) => {
    const n = gi + 1;
    const suffix = groups.length > 1 ? `.${n}` : '';
    const kids = `${g.children} ${g.children === 1 ? 'child' : 'children'}`;
    const kind = g.shared ? 'shared placement' : `placed with the ${g.placedWith}`;
    book.pct(`6${suffix}`, { obligor: g.share.obligor, obligee: g.share.obligee, combined: ONE }, `${g.nights.obligor} and ${g.nights.obligee} overnights (or equivalent care) of ${g.nights.obligor + g.nights.obligee}; ${kind}`, `Period of placement${groups.length > 1 ? `, group ${n} (${kids})` : ` (${kids})`}`, m.sharedPlacement.placementRounding === 'wholePercent' ? 'wholePercent' : 'basisPoints');
    const a = { obligor: amountFor(m, N, bases.obligor, g.children), obligee: amountFor(m, N, bases.obligee, g.children) };
    book.pct(`7${suffix}`, { obligor: a.obligor.percent, obligee: a.obligee.percent }, `obligor: ${a.obligor.how}; obligee: ${a.obligee.how}`, `Percentage for ${kids} of ${N}`);
    book.usd(`8${suffix}`, { obligor: cents(a.obligor.amount), obligee: cents(a.obligee.amount) }, undefined, `Amount for ${kids} (income x percentage)`);
    const due = {} as Record<Who, Cents>;
    if (g.shared) {
      anyShared = true;
      for (const who of Parents) {
        const other: Who = who === 'obligor' ? 'obligee' : 'obligor';
        due[who] = cents(mul(a[who].amount, m.sharedPlacement.multiplier, g.share[other]));
      }
      book.usd(`9${suffix}`, due, `x ${m.sharedPlacement.multiplierText}% x the share of time with the other parent (${m.sharedPlacement.citation})`, `Owed for ${kids} in shared placement`);
    } else {
      for (const who of Parents) due[who] = who === g.placedWith ? 0 : cents(a[who].amount);
      book.usd(`9${suffix}`, due, `the children live with the ${g.placedWith}; the ${g.placedWith === 'obligor' ? 'obligee' : 'obligor'} owes${groups.length > 1 ? ` (${m.splitCitation})` : ''}`, `Owed for ${kids} placed with one parent`);
    }
    owed.obligor += due.obligor;
    owed.obligee += due.obligee;
  });
  const split = groups.length > 1 && groups.some((g) => !g.shared);
  book.usd('10', { obligor: owed.obligor, obligee: owed.obligee });
  const payer: Who | null = owed.obligor === owed.obligee ? null : owed.obligor > owed.obligee ? 'obligor' : 'obligee';
  const offset = Math.abs(owed.obligor - owed.obligee);
  book.usd('11', { combined: offset }, payer ? `the ${payer} pays` : 'neither parent owes the other');
  let support = offset;
  if (payer && anyShared && m.sharedPlacement.capAtStandard) {
    const standard = cents(bases[payer].full);
    book.usd('12', { [payer]: standard }, offset > standard ? 'lower than the offset, so it applies' : 'not lower than the offset');
    support = Math.min(offset, standard);
  }
  book.usd('13', { [payer ?? 'obligor']: support }, payer === 'obligee' ? 'the parent entered as obligee pays: check the case roles before an order' : undefined);
  if (payer === 'obligee') notes.push('Under the offset the parent entered as obligee pays support; the order should name that parent as the obligor.');
  if (groups.every((g) => !g.shared) && groups.length === 1 && groups[0]!.placedWith === 'obligor') notes.push('The children live with the parent entered as obligor; the obligee pays.');

  const calc: WorksheetCalculation = {
    id: 'main',
    obligor: party('obligor', input.obligor!.name),
    obligee: party('obligee', input.obligee!.name),
    lines: book.lines,
    applied: {
      socialSecurityBenefit: false,
      sharedCustody: anyShared,
      furtherAdjustment: false,
      lowIncome: Parents.some((w) => bases[w].method === 'lowIncome'),
      additionalExpenses: false,
      splitPlacement: split,
      serialFamily: serial,
      highIncome: Parents.some((w) => bases[w].method === 'highIncome'),
    },
    result: { basicSupportMonthly: formatCents(support), additionalExpensesMonthly: formatCents(0), totalMonthly: formatCents(support), payer: support > 0 ? payer : null },
  };
  if (m.highIncome && !input.findings?.highIncomePercentages && Parents.some((w) => adjusted[w] > (m.highIncome!.tiers[0]!.upToCents ?? Infinity))) {
    notes.push(`An income is above ${formatDollars(m.highIncome.tiers[0]!.upToCents!)} a month: the court may apply the high-income percentages (${m.highIncome.citation}); they are applied only when that finding is entered.`);
  }
  const top = m.lowIncome.table.expectedTopCents;
  if (!input.findings?.lowIncomePayer && Parents.some((w) => adjusted[w] > 0 && adjusted[w] <= top)) {
    notes.push(`An income is within the low-income payer table's range (up to about ${formatDollars(top)}): the court may use Appendix C if the payer's total economic circumstances limit the ability to pay (${m.lowIncome.citation}); it is used only when that finding is entered.`);
  }
  return ok({ calculations: [calc], notes });
}
