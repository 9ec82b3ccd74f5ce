/**
 * The guideline calculator's entry point: validates JSON input, picks the guideline version (the one
 * the input names, which the program's policy chose, or the state's version in effect on the date),
 * runs that version's model, adds the federal findings and returns the worksheet. Pure: no database,
 * no clock (the date comes from the input), no I/O.
 */
import { formatCents, formatDollars } from '../../kernel/money.ts';
import { ok, type Result } from '../../kernel/result.ts';
import { validatorFor } from '../../kernel/schema.ts';
import { isIsoDate } from '../../kernel/calendar.ts';
import { guidelineFailure } from './failures.ts';
import { findingErrors, findingNotes, worksheetFindings } from './findings.ts';
import { calculateIncomeShares, layoutTitle, type CalculationOptions, type ModelResult } from './income-shares.ts';
import { GuidelineInputSchema, type GuidelineInput } from './input.ts';
import { calculatePercentageOfIncome } from './percentage-of-income.ts';
import { coverageSentence, DEFAULT_REGISTRY, versionInEffect, type GuidelineVersion, type ScheduleRegistry } from './registry.ts';
import type { GuidelineSchedule } from './schedule.ts';
import type { Worksheet } from './worksheet.ts';

const validateInput = validatorFor(GuidelineInputSchema);

/** Validates the shape of an input document; errors carry JSON paths ("/obligor/income/payFrequency"). */
export function parseGuidelineInput(input: unknown, options: { requireGuideline?: boolean } = {}): Result<GuidelineInput> {
  const checked = validateInput(input);
  if (!checked.ok) return guidelineFailure('INPUT_INVALID', undefined, checked.errors);
  if (!isIsoDate(checked.value.calculationDate)) {
    return guidelineFailure('INPUT_INVALID', 'The date the support takes effect is not a calendar date.', [{ path: '/calculationDate', message: 'is not a calendar date' }]);
  }
  if (options.requireGuideline !== false && !checked.value.state && !checked.value.guideline) {
    return guidelineFailure('INPUT_INVALID', 'Say which guideline applies: give the state or the guideline version.', [{ path: '/state', message: 'give state or guideline' }]);
  }
  return ok(checked.value);
}

/** Options of an income-shares calculation: the input's, else the schedule data's defaults. */
export function resolveOptions(input: GuidelineInput, schedule: GuidelineSchedule): CalculationOptions {
  return {
    percentRounding: input.options?.percentRounding ?? schedule.rounding.percentRounding,
    shareRounding: input.options?.shareRounding ?? schedule.rounding.shareRounding,
    betweenRows: input.options?.betweenRows ?? schedule.betweenRows,
  };
}

function versionNotes(v: GuidelineVersion): string[] {
  const notes: string[] = [];
  if (v.model === 'income-shares') {
    if (!v.coverage.complete) notes.push(`${coverageSentence(v)} Other incomes are refused, never estimated.`);
    if (v.highIncome && v.highIncome.confidence !== 'verified') {
      const what = v.highIncome.method === 'topRowPlusPercent' ? 'above-chart percentages' : 'high-income formula';
      notes.push(`The ${what} (${v.highIncome.citation}) above ${formatDollars(v.highIncome.aboveCents)} ${v.highIncome.method === 'topRowPlusPercent' ? 'are' : 'is'} unverified for ${v.id}.`);
    }
    if (v.lowIncome.confidence !== 'verified') notes.push(`The low-income band of ${v.id} is inferred from its rows; the method is an inference (docs/guideline.md).`);
  }
  if (v.effectiveDatesConfidence !== 'verified') notes.push(`The effective dates of ${v.id} (${v.effectiveFrom} to ${v.effectiveThrough ?? 'open'}) are unverified.`);
  return notes;
}

/**
 * Calculates guideline child support from a JSON input document (see docs/guideline.md for the
 * format). Failures are VALIDATION_FAILED with a plain-sentence message and `data.reason` one of
 * GUIDELINE_REASONS, e.g. SCHEDULE_RANGE when an income falls outside the rows the data holds.
 */
export function calculateGuideline(input: unknown, registry: ScheduleRegistry = DEFAULT_REGISTRY): Result<Worksheet> {
  const parsed = parseGuidelineInput(input);
  if (!parsed.ok) return parsed;
  const doc = parsed.value;
  const found = versionInEffect({ state: doc.state, id: doc.guideline }, doc.calculationDate, registry);
  if (!found.ok) return found;
  const v = found.value;
  const refused = findingErrors(doc, v);
  if (!refused.ok) return refused;
  let computed: Result<ModelResult>;
  let options: Worksheet['options'];
  if (v.model === 'income-shares') {
    const o = resolveOptions(doc, v);
    options = o;
    computed = calculateIncomeShares(doc, v, o);
  } else {
    if (doc.options) {
      return guidelineFailure('INPUT_INCONSISTENT', `Rounding options are for income-shares schedules; ${v.id} rounds each amount half-up to the cent.`, [{ path: '/options', message: `not used by ${v.id}` }]);
    }
    options = { percentRounding: 'basisPoints', shareRounding: 'cent', betweenRows: null };
    computed = calculatePercentageOfIncome(doc, v, doc.calculationDate);
  }
  if (!computed.ok) return computed;
  const findings = worksheetFindings(doc, v, computed.value.calculations);
  if (!findings.ok) return findings;

  const notes = [...versionNotes(v), ...computed.value.notes, ...findingNotes(findings.value)];
  notes.push('Guideline amount only: a rebuttable presumption (45 CFR 302.56(f)); an order that differs needs a written finding that states this amount and why it would be unjust or inappropriate (45 CFR 302.56(g)).');
  return ok({
    format: 'opencse-guideline-worksheet',
    formatVersion: 2,
    state: v.state,
    calculationDate: doc.calculationDate,
    children: doc.children,
    caseType: doc.caseType ?? 'parents',
    schedule: {
      id: v.id,
      model: v.model,
      title: v.title,
      citation: v.source.citation,
      effectiveFrom: v.effectiveFrom,
      effectiveThrough: v.effectiveThrough,
      effectiveDatesConfidence: v.effectiveDatesConfidence,
      rowsHeld: v.model === 'income-shares' ? { lowest: formatCents(v.coverage.lowestRowCents), highest: formatCents(v.coverage.highestRowCents), complete: v.coverage.complete } : null,
      coverage: coverageSentence(v),
      notLoaded: v.notLoaded,
      layout: v.model === 'income-shares' ? layoutTitle(v) : `Percentage of income under ${v.source.citation} (lines numbered by OpenCSE)`,
    },
    options,
    calculations: computed.value.calculations,
    findings: findings.value,
    notes,
  });
}
