/**
 * Business-rule failures are enumerated result codes. Each code has one HTTP status and one default
 * message; exceptions are kept for bugs and outages.
 */
export const RESULT_CODES = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid.' },
  IMPORT_REJECTED: { status: 422, message: 'The file was rejected; nothing was written.' },
  UNAUTHENTICATED: { status: 401, message: 'Sign in first.' },
  INVALID_CREDENTIALS: { status: 401, message: 'The user name or password is wrong.' },
  FORBIDDEN: { status: 403, message: 'Your role or office may not do this.' },
  NOT_FOUND: { status: 404, message: 'No such record, or not one you may see.' },
  CONFLICT: { status: 409, message: 'The record changed or already exists.' },
  DUPLICATE_PERSON_PROPOSED: {
    status: 409,
    message: 'This person may already be on file; choose the existing person or confirm a new one.',
  },
  SSN_ALREADY_ON_FILE: { status: 409, message: 'A person with this SSN is already on file.' },
  CASE_STATE_INVALID: { status: 409, message: 'The case is not in a state that allows this.' },
  ALREADY_PROCESSED: { status: 409, message: 'This item was already processed.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side; nothing was changed.' },
} as const;

export type ResultCode = keyof typeof RESULT_CODES;

export interface ErrorDetail {
  /** Where the problem is: a field path ("/members/0/ssn") or a file position ("line 7"). */
  path?: string;
  line?: number;
  message: string;
}

export interface Failure {
  ok: false;
  code: ResultCode;
  message: string;
  details?: ErrorDetail[];
  /** Extra structured data for the caller, e.g. the proposed duplicate matches. */
  data?: unknown;
}

export interface Success<T> {
  ok: true;
  value: T;
}

export type Result<T> = Success<T> | Failure;

export const ok = <T>(value: T): Success<T> => ({ ok: true, value });

export function fail(code: ResultCode, message?: string, details?: ErrorDetail[], data?: unknown): Failure {
  const f: Failure = { ok: false, code, message: message ?? RESULT_CODES[code].message };
  if (details && details.length > 0) f.details = details;
  if (data !== undefined) f.data = data;
  return f;
}

/** Thrown inside a unit of work to abort it (and roll back the transaction) with a business failure. */
export class FailureError extends Error {
  constructor(readonly failure: Failure) {
    super(`${failure.code}: ${failure.message}`);
  }
}

/** Unwraps a result inside a transaction: a failure aborts the whole unit of work. */
export function orAbort<T>(result: Result<T>): T {
  if (!result.ok) throw new FailureError(result);
  return result.value;
}
