/**
 * The guideline calculator's entry point: validates JSON input, picks the schedule version in effect
 * on the calculation date, runs the state's worksheet and returns it as JSON. Pure: no database, no
 * clock (the date comes from the input), no I/O.
 */
import { formatCents, formatDollars } from '../../kernel/money.ts';
import { ok, type Result } from '../../kernel/result.ts';
import { validatorFor } from '../../kernel/schema.ts';
import { isIsoDate } from '../../kernel/calendar.ts';
import { guidelineFailure } from './failures.ts';
import { GuidelineInputSchema, type GuidelineInput } from './input.ts';
import { calculatePennsylvania, type CalculationOptions } from './pennsylvania.ts';
import { DEFAULT_REGISTRY, scheduleInEffect, type GuidelineSchedule, type ScheduleRegistry } from './schedule.ts';
import type { Worksheet } from './worksheet.ts';

const validateInput = validatorFor(GuidelineInputSchema);

/** Validates the shape of an input document; errors carry JSON paths ("/obligor/income/payFrequency"). */
export function parseGuidelineInput(input: unknown): Result<GuidelineInput> {
  const checked = validateInput(input);
  if (!checked.ok) return guidelineFailure('INPUT_INVALID', undefined, checked.errors);
  if (!isIsoDate(checked.value.calculationDate)) {
    return guidelineFailure('INPUT_INVALID', undefined, [{ path: '/calculationDate', message: 'is not a calendar date' }]);
  }
  return ok(checked.value);
}

/** Options of a calculation: the input's, else the schedule data's defaults. */
export function resolveOptions(input: GuidelineInput, schedule: GuidelineSchedule): CalculationOptions {
  return {
    percentRounding: input.options?.percentRounding ?? schedule.rounding.percentRounding,
    shareRounding: input.options?.shareRounding ?? schedule.rounding.shareRounding,
    betweenRows: input.options?.betweenRows ?? schedule.betweenRows,
  };
}

/**
 * Calculates guideline child support from a JSON input document (see docs/guideline.md for the
 * format). Failures are VALIDATION_FAILED with `data.reason` one of GUIDELINE_REASONS, e.g.
 * SCHEDULE_RANGE when an income falls outside the schedule rows the data holds.
 */
export function calculateGuideline(input: unknown, registry: ScheduleRegistry = DEFAULT_REGISTRY): Result<Worksheet> {
  const parsed = parseGuidelineInput(input);
  if (!parsed.ok) return parsed;
  const doc = parsed.value;
  const found = scheduleInEffect(doc.state, doc.calculationDate, registry);
  if (!found.ok) return found;
  const schedule = found.value;
  const options = resolveOptions(doc, schedule);
  const computed = calculatePennsylvania(doc, schedule, options);
  if (!computed.ok) return computed;

  const notes: string[] = [];
  if (!schedule.coverage.complete) {
    notes.push(
      `Schedule ${schedule.id} holds only the rows ${formatDollars(schedule.coverage.lowestRowCents)}-${formatDollars(schedule.coverage.highestRowCents)} ` +
        `combined monthly net income${schedule.highIncome ? ` and the high-income formula above ${formatDollars(schedule.highIncome.aboveCents)}` : ''}; other incomes are refused (SCHEDULE_RANGE), never estimated.`,
    );
  }
  if (schedule.highIncome && schedule.highIncome.confidence !== 'verified') {
    notes.push(`Which version of the high-income formula (${schedule.highIncome.citation}) goes with ${schedule.id} is unverified.`);
  }
  if (schedule.effectiveDatesConfidence !== 'verified') {
    notes.push(`The effective dates of ${schedule.id} (${schedule.effectiveFrom} to ${schedule.effectiveThrough ?? 'open'}) are unverified.`);
  }
  notes.push(...computed.value.notes);
  notes.push('Guideline amount only: a rebuttable presumption (45 CFR 302.56); a deviation needs a written finding that states this amount.');

  return ok({
    format: 'opencse-guideline-worksheet',
    formatVersion: 1,
    state: doc.state,
    calculationDate: doc.calculationDate,
    children: doc.children,
    caseType: doc.caseType ?? 'parents',
    schedule: {
      id: schedule.id,
      title: schedule.title,
      citation: schedule.source.citation,
      effectiveFrom: schedule.effectiveFrom,
      effectiveThrough: schedule.effectiveThrough,
      effectiveDatesConfidence: schedule.effectiveDatesConfidence,
      rowsHeld: {
        lowest: formatCents(schedule.coverage.lowestRowCents),
        highest: formatCents(schedule.coverage.highestRowCents),
        complete: schedule.coverage.complete,
      },
    },
    options,
    calculations: computed.value.calculations,
    notes,
  });
}
