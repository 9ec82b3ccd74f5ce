/**
 * The guideline's own failure reasons. The kernel's RESULT_CODES has no guideline codes yet (that file
 * belongs to the kernel), so every guideline failure travels as VALIDATION_FAILED (HTTP 400) with the
 * specific reason in `data.reason` and at the start of the message ("SCHEDULE_RANGE: ..."). When the
 * kernel adds SCHEDULE_RANGE etc. to RESULT_CODES, only `guidelineFailure` needs to change.
 */
import { fail, type ErrorDetail, type Failure, type Result } from '../../kernel/result.ts';

export const GUIDELINE_REASONS = {
  /** The input is not well-formed JSON or does not match the input schema (details carry the paths). */
  INPUT_INVALID: 'The guideline input is not valid.',
  /** Fields that are each valid but do not fit together (e.g. a third-party case with an obligee). */
  INPUT_INCONSISTENT: 'The guideline input does not fit together.',
  /** No guideline data for that state at all. */
  UNSUPPORTED_STATE: 'There is no guideline data for this state.',
  /** Guideline data exists for the state, but no version was in effect on the calculation date. */
  NO_SCHEDULE_IN_EFFECT: 'No guideline schedule was in effect on the calculation date.',
  /** A schedule look-up fell outside the rows (or columns) the data holds; no figure is invented. */
  SCHEDULE_RANGE: 'The income or number of children is outside the schedule rows held in the data.',
  /** Deductions exceed gross income for a pay period. */
  NEGATIVE_NET_INCOME: 'Deductions exceed gross income.',
} as const;

export type GuidelineReason = keyof typeof GUIDELINE_REASONS;

export interface GuidelineFailureData {
  reason: GuidelineReason;
  [key: string]: unknown;
}

export function guidelineFailure(
  reason: GuidelineReason,
  message?: string,
  details?: ErrorDetail[],
  data: Record<string, unknown> = {},
): Failure {
  return fail('VALIDATION_FAILED', `${reason}: ${message ?? GUIDELINE_REASONS[reason]}`, details, { ...data, reason });
}

/** The guideline reason of a failed result, if it is one of ours. */
export function guidelineReason(result: Result<unknown>): GuidelineReason | null {
  if (result.ok) return null;
  const reason = (result.data as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' && reason in GUIDELINE_REASONS ? (reason as GuidelineReason) : null;
}
