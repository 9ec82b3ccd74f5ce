/**
 * The app's one way to the server: JSON over fetch with the session cookie, and the server's one error
 * shape turned into an ApiError. Types come from the server's own modules (type-only imports, erased
 * from the bundle), so the pages and the API cannot drift apart unnoticed.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export type { Actor } from '../../src/security/context.ts';
export type { CaseListItem, CaseSummary, CaseMemberView } from '../../src/cases/service.ts';
export type { IntakeOutcome, MemberProposal, PendingIntake } from '../../src/cases/intake.ts';
export type { IntakeInput } from '../../src/cases/schemas.ts';
export type { Statement } from '../../src/financial/statement.ts';
export type { PortalCase, PortalPayments, EmployerPortalView } from '../../src/portal/service.ts';
export type { Role } from '../../src/db/schema.ts';
export type { WorklistItemView } from '../../src/casework/worklist.ts';
export type { ClockView } from '../../src/casework/timeframes.ts';
export type { ClosureView } from '../../src/casework/closure.ts';
export type { NoticeView } from '../../src/casework/notices.ts';
export type { Ocse157Summary, LineDrillDown, PerformanceReport, MeasureResult } from '../../src/reporting/service.ts';
export type { Ocse34Report } from '../../src/reporting/ocse34.ts';
export type { Worksheet, WorksheetLine, WorksheetCalculation } from '../../src/establishment/guideline/worksheet.ts';
export type { GuidelineInput } from '../../src/establishment/guideline/input.ts';
export type { VersionSummary } from '../../src/establishment/guideline/registry.ts';
export type { CaseGuidelineView, SavedCalculation } from '../../src/establishment/guideline-cases.ts';
export type { GuidelineInEffect } from '../../src/establishment/guideline-policy.ts';
export type { FraudReport } from '../../src/fraud/service.ts';
export type { Signal as FraudSignal } from '../../src/fraud/rules.ts';

export interface ErrorDetail {
  path?: string;
  line?: number;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[],
  ) {
    super(message);
  }
}

let onUnauthenticated: (() => void) | null = null;

/** What to do when the session has ended (the app sends the user to sign in again). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

export async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) init.body = JSON.stringify(body);
  if (signal) init.signal = signal;
  const res = await fetch(path, init);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | null)?.error;
    if (res.status === 401 && !path.startsWith('/api/auth/')) onUnauthenticated?.();
    throw new ApiError(res.status, error?.code ?? `HTTP_${res.status}`, error?.message ?? (res.statusText || 'the request failed'), error?.details ?? []);
  }
  return data as T;
}

export const get = <T,>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal);
export const post = <T,>(path: string, body: unknown) => request<T>('POST', path, body);

/** A query string from the parameters that have a value. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** GETs a path (null: nothing to load) and follows it when it changes; a stale answer is dropped. */
export function useGet<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean; path: string | null }>({ data: null, error: null, loading: path !== null, path });
  const [generation, setGeneration] = useState(0);
  const current = useRef(0);
  useEffect(() => {
    if (path === null) {
      setState({ data: null, error: null, loading: false, path });
      return;
    }
    const ticket = ++current.current;
    const controller = new AbortController();
    setState((s) => ({ data: s.path === path ? s.data : null, error: null, loading: true, path }));
    get<T>(path, controller.signal).then(
      (data) => ticket === current.current && setState({ data, error: null, loading: false, path }),
      (err: unknown) => {
        if (ticket !== current.current || controller.signal.aborted) return;
        const error = err instanceof ApiError ? err : new ApiError(0, 'NETWORK', 'The server could not be reached. Check your connection and try again.', []);
        setState({ data: null, error, loading: false, path });
      },
    );
    return () => controller.abort();
  }, [path, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.path === path ? state.data : null, error: state.error, loading: state.loading || state.path !== path, reload };
}

/** A random idempotency key for a form (one per form instance, so a double submit posts once). */
export function newIdempotencyKey(prefix: string): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `${prefix}:${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
