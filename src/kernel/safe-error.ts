/**
 * An error as it may be logged or printed: its kind, message, code and stack, never the SQL parameters,
 * row values or query text that database drivers attach (they can hold SSNs, search terms and password
 * hashes). Database "detail" lines quote row values, so they are left out too.
 */
export interface SafeError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
}

export function safeError(err: unknown): SafeError {
  if (!(err instanceof Error)) return { type: typeof err, message: 'a non-Error value was thrown' };
  const out: SafeError = { type: err.name, message: err.message.slice(0, 500) };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') out.code = code;
  if (err.stack) out.stack = err.stack.split('\n').slice(0, 12).join('\n');
  return out;
}

/** The one-line form for a terminal. */
export function describeError(err: unknown): string {
  const e = safeError(err);
  return `${e.type}${e.code ? ` ${e.code}` : ''}: ${e.message}`;
}
