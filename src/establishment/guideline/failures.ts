/**
 * The guideline's own failure reasons. Every failure travels as VALIDATION_FAILED (HTTP 400); the exact
 * reason is in `data.reason` for programs, and the message is a plain sentence for people: it never
 * starts with a code ("The combined monthly net income of $3,500.00 is above the rows held ..."). When the
 * kernel adds guideline codes to RESULT_CODES, only `guidelineFailure` needs to change.
 */
import { fail, type ErrorDetail, type Failure, type Result } from '../../kernel/result.ts';

export const GUIDELINE_REASONS = {
  /** The input is not well-formed JSON or does not match the input schema (details carry the paths). */
  INPUT_INVALID: 'The guideline input is not complete or not in the expected form; the details say which fields.',
  /** Fields that are each valid but do not fit together (e.g. a third-party case with an obligee). */
  INPUT_INCONSISTENT: 'Some of the guideline input does not fit together; the details say which fields.',
  /** No guideline data for that state (or no version with that id). */
  UNSUPPORTED_STATE: 'There is no guideline data for this state.',
  /** Guideline data exists, but no version was in effect on the calculation date. */
  NO_SCHEDULE_IN_EFFECT: 'No guideline version on file was in effect on the date the support takes effect.',
  /** A schedule look-up fell outside the rows (or columns) the data holds; no figure is invented. */
  SCHEDULE_RANGE: 'The income or number of children is outside what the guideline data on file holds, so no figure is given.',
  /** Deductions exceed gross income for a pay period. */
  NEGATIVE_NET_INCOME: 'The deductions are more than the gross income.',
  /** A finding the federal rule requires is missing or not allowed (imputed income, incarceration, deviation). */
  FINDING_REQUIRED: 'A written finding the guideline rule requires is missing or not allowed.',
} as const;

export type GuidelineReason = keyof typeof GUIDELINE_REASONS;

export interface GuidelineFailureData {
  reason: GuidelineReason;
  [key: string]: unknown;
}

/** A guideline failure: a plain sentence for people, the reason for programs in `data.reason`. */
export function guidelineFailure(
  reason: GuidelineReason,
  message?: string,
  details?: ErrorDetail[],
  data: Record<string, unknown> = {},
): Failure {
  return fail('VALIDATION_FAILED', message ?? GUIDELINE_REASONS[reason], details, { ...data, reason });
}

/** The guideline reason of a failed result, if it is one of ours. */
export function guidelineReason(result: Result<unknown>): GuidelineReason | null {
  if (result.ok) return null;
  const reason = (result.data as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' && reason in GUIDELINE_REASONS ? (reason as GuidelineReason) : null;
}

/** The same failure with a lead-in that says where it happened ("Obligor 1: The income ..."). */
export function withLeadIn(leadIn: string, failure: Failure): Failure {
  return { ...failure, message: `${leadIn}${failure.message}` };
}
