/** Small building blocks on USWDS classes: headings that take focus, alerts, form fields, tables. */
import { useEffect, useRef, type ChangeEvent, type ReactNode } from 'react';
import type { ApiError, ErrorDetail } from '../api.ts';

/** The page's one h1; it sets the window title. The layout moves focus to it after each navigation. */
export function PageHeading({ children, title }: { children: ReactNode; title: string }) {
  useEffect(() => {
    document.title = `${title} · OpenCSE`;
  }, [title]);
  return (
    <h1 className="page-heading" tabIndex={-1}>
      {children}
    </h1>
  );
}

type AlertKind = 'info' | 'success' | 'warning' | 'error';

export function Alert({ kind, heading, children, slim, focus, id }: { kind: AlertKind; heading?: ReactNode; children?: ReactNode; slim?: boolean; focus?: boolean; id?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return (
    <div
      ref={ref}
      id={id}
      tabIndex={focus ? -1 : undefined}
      className={`usa-alert usa-alert--${kind}${slim ? ' usa-alert--slim' : ''}`}
      role={kind === 'error' ? 'alert' : 'status'}
    >
      <div className="usa-alert__body">
        {heading ? <h2 className="usa-alert__heading">{heading}</h2> : null}
        {children ? <div className="usa-alert__text">{children}</div> : null}
      </div>
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

/** An API failure in words; "details" lists what was wrong with which field. */
export function ApiErrorAlert({ error, heading = 'Something went wrong' }: { error: ApiError; heading?: string }) {
  return (
    <Alert kind="error" heading={heading}>
      <p>{error.message}</p>
      {error.details.length ? (
        <ul>
          {error.details.map((d, i) => (
            <li key={i}>{describeDetail(d)}</li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}

export function describeDetail(d: ErrorDetail): string {
  return `${d.line !== undefined ? `line ${d.line}: ` : ''}${d.path ? `${d.path}: ` : ''}${d.message}`;
}

export interface FieldProblem {
  /** The id of the field the problem is about (the summary links to it). */
  fieldId: string;
  message: string;
}

/**
 * The list of problems at the top of a form; it takes focus when it appears so keyboard and screen
 * reader users hear what to fix, and each entry links to its field.
 */
export function ErrorSummary({ problems, heading = 'There is a problem', generation }: { problems: FieldProblem[]; heading?: string; generation: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problems.length) ref.current?.focus();
  }, [generation, problems.length]);
  if (!problems.length) return null;
  return (
    <div ref={ref} tabIndex={-1} className="usa-alert usa-alert--error error-summary" role="alert" aria-labelledby="error-summary-heading">
      <div className="usa-alert__body">
        <h2 className="usa-alert__heading" id="error-summary-heading">
          {heading}
        </h2>
        <ul className="usa-list">
          {problems.map((p, i) => (
            <li key={i}>
              <a
                href={`#${p.fieldId}`}
                onClick={(e) => {
                  const el = document.getElementById(p.fieldId);
                  if (el) {
                    e.preventDefault();
                    el.focus();
                    el.scrollIntoView({ block: 'center' });
                  }
                }}
              >
                {p.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

interface FieldBase {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean;
  className?: string;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldShell({ id, label, error, hint, required, className, children }: FieldBase & { children: ReactNode }) {
  return (
    <div className={`usa-form-group${error ? ' usa-form-group--error' : ''}${className ? ` ${className}` : ''}`}>
      <label className={`usa-label${error ? ' usa-label--error' : ''}`} htmlFor={id}>
        {label}
        {required ? (
          <>
            {' '}
            <abbr title="required" className="usa-hint usa-hint--required">
              *
            </abbr>
          </>
        ) : null}
      </label>
      {hint ? (
        <div className="usa-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span className="usa-error-message" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
      {children}
    </div>
  );
}

export function TextField(
  props: FieldBase & {
    value: string;
    onChange: (value: string) => void;
    type?: 'text' | 'password' | 'date' | 'search' | 'tel';
    inputMode?: 'text' | 'numeric' | 'decimal';
    autoComplete?: string;
    width?: '2xs' | 'xs' | 'sm' | 'small' | 'md' | 'medium' | 'lg' | 'xl' | '2xl';
    maxLength?: number;
    prefix?: string;
    autoFocus?: boolean;
    spellCheck?: boolean;
  },
) {
  const { id, value, onChange, type = 'text', inputMode, autoComplete, width, maxLength, prefix, error, hint, required, autoFocus, spellCheck } = props;
  const input = (
    <input
      className={`usa-input${error ? ' usa-input--error' : ''}${width ? ` usa-input--${width}` : ''}`}
      id={id}
      name={id}
      type={type}
      value={value}
      inputMode={inputMode}
      autoComplete={autoComplete}
      maxLength={maxLength}
      required={required}
      autoFocus={autoFocus}
      spellCheck={spellCheck}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy(id, hint, error)}
      onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
    />
  );
  return (
    <FieldShell {...props}>
      {prefix ? (
        <div className={`usa-input-group${error ? ' usa-input--error' : ''}${width ? ` usa-input--${width}` : ''}`}>
          <div className="usa-input-prefix" aria-hidden="true">
            {prefix}
          </div>
          {input}
        </div>
      ) : (
        input
      )}
    </FieldShell>
  );
}

export function SelectField(
  props: FieldBase & { value: string; onChange: (value: string) => void; options: Array<{ value: string; label: string }>; placeholder?: string; disabled?: boolean },
) {
  const { id, value, onChange, options, placeholder, error, hint, required, disabled } = props;
  return (
    <FieldShell {...props}>
      <select
        className={`usa-select${error ? ' usa-input--error' : ''}`}
        id={id}
        name={id}
        value={value}
        required={required}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onChange(e.target.value)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function RadioGroup({
  name,
  legend,
  value,
  onChange,
  options,
  error,
  hint,
  tile,
}: {
  name: string;
  legend: ReactNode;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ value: string; label: ReactNode; description?: ReactNode; disabled?: boolean }>;
  error?: string | undefined;
  hint?: ReactNode;
  tile?: boolean;
}) {
  return (
    <fieldset className={`usa-fieldset usa-form-group${error ? ' usa-form-group--error' : ''}`} aria-describedby={describedBy(name, hint, error)}>
      <legend className="usa-legend">{legend}</legend>
      {hint ? (
        <div className="usa-hint" id={`${name}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span className="usa-error-message" id={`${name}-error`}>
          {error}
        </span>
      ) : null}
      {options.map((o, i) => {
        const id = i === 0 ? name : `${name}-${i}`;
        return (
          <div className="usa-radio" key={o.value}>
            <input
              className={`usa-radio__input${tile ? ' usa-radio__input--tile' : ''}`}
              id={id}
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              disabled={o.disabled}
              onChange={() => onChange(o.value)}
            />
            <label className="usa-radio__label" htmlFor={id}>
              {o.label}
              {o.description ? <span className="usa-checkbox__label-description">{o.description}</span> : null}
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

export function Tag({ children, tone }: { children: ReactNode; tone?: 'ok' | 'warn' | 'bad' | 'info' }) {
  return <span className={`usa-tag tag--${tone ?? 'info'}`}>{children}</span>;
}

/** A two-column list of facts. */
export function Facts({ items }: { items: Array<[ReactNode, ReactNode]> }) {
  return (
    <dl className="facts">
      {items.map(([k, v], i) => (
        <div className="facts__row" key={i}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Previous and next pages of a server-paged list. */
export function Pager({ offset, limit, total, onPage, label }: { offset: number; limit: number; total: number; onPage: (offset: number) => void; label: string }) {
  if (total <= limit) return null;
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.ceil(total / limit);
  return (
    <nav aria-label={label} className="usa-pagination pager">
      <ul className="usa-pagination__list">
        <li className="usa-pagination__item usa-pagination__arrow">
          <button type="button" className="usa-button usa-button--outline" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - limit))}>
            Previous
          </button>
        </li>
        <li className="usa-pagination__item pager__status" aria-live="polite">
          Page {page} of {pages}
        </li>
        <li className="usa-pagination__item usa-pagination__arrow">
          <button type="button" className="usa-button usa-button--outline" disabled={page >= pages} onClick={() => onPage(offset + limit)}>
            Next
          </button>
        </li>
      </ul>
    </nav>
  );
}

/** Server problems ("/members/0/person/ssn") as field problems, with a field id for each path. */
export function problemsFromApi(error: ApiError, fieldIdOf: (path: string) => string | null, fallbackId: string): FieldProblem[] {
  if (!error.details.length) return [{ fieldId: fallbackId, message: error.message }];
  return error.details.map((d) => {
    const fieldId = d.path ? fieldIdOf(d.path) : null;
    return { fieldId: fieldId ?? fallbackId, message: fieldId ? d.message : describeDetail(d) };
  });
}
