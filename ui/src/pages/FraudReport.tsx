/**
 * The fraud signals report (issue 9) for supervisors, administrators and auditors: a date range (and,
 * for statewide roles, an office), the number of signals of each kind, and the signals themselves with
 * their severity, date, the cases they concern (each opens the case summary), the evidence and a
 * summary. Data from GET /api/fraud/report; the server decides the scope (a supervisor sees their
 * office) and masks the evidence (routing and account numbers, SSNs); this page shows it as it comes.
 * The criteria live in the query string, so a report can be bookmarked and the Back button works.
 */
import { useState, type FormEvent } from 'react';
import { query, useGet, type FraudReport, type FraudSignal } from '../api.ts';
import { Link, useLocation, useNavigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { dollars, formatDate } from '../format.ts';
import { ApiErrorAlert, ErrorSummary, Loading, PageHeading, Tag, TextField, SelectField, type FieldProblem } from '../components/ui.tsx';

export const SIGNAL_KIND_NAMES: Record<string, string> = {
  bank_account_changed_before_disbursement: 'Bank account changed before a large deposit',
  bank_account_shared_by_unrelated_families: 'One bank account for unrelated families',
  adjustment_by_receipt_poster: 'Receipt adjusted by the worker who posted it',
  invalid_ssn: 'SSN fails the validity checks',
};

const SEVERITY_TONE: Record<string, 'bad' | 'warn' | 'info'> = { high: 'bad', medium: 'warn', low: 'info' };

const kindName = (kind: string) => SIGNAL_KIND_NAMES[kind] ?? kind.replace(/_/g, ' ');

/** "accountLast4" -> "account last 4". */
function words(key: string): string {
  return key
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .replace(/([0-9])([A-Za-z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\bssn\b/g, 'SSN')
    .replace(/\bid\b/g, 'ID');
}

/** One evidence value in words: amounts in dollars, dates as dates, lists and records compact. */
export function evidenceText(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'number' && /Cents$/.test(key)) return dollars(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  if (Array.isArray(value)) return value.map((v) => evidenceText(key, v)).join('; ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${words(k)} ${evidenceText(k, v)}`)
      .join(', ');
  }
  return String(value);
}

function Evidence({ evidence }: { evidence: Record<string, unknown> }) {
  const entries = Object.entries(evidence);
  if (!entries.length) return <span className="muted">none</span>;
  return (
    <dl className="evidence">
      {entries.map(([k, v]) => (
        <div key={k} className="evidence__row">
          <dt>{words(k)}</dt>
          <dd>{evidenceText(k, v)}</dd>
        </div>
      ))}
    </dl>
  );
}

function CaseLinks({ caseNumbers }: { caseNumbers: string[] }) {
  if (!caseNumbers.length) return <span className="muted">none</span>;
  return (
    <ul className="usa-list usa-list--unstyled">
      {caseNumbers.map((cn) => (
        <li key={cn}>
          <Link to={`/cases/${encodeURIComponent(cn)}`}>{cn}</Link>
        </li>
      ))}
    </ul>
  );
}

function Counts({ report }: { report: FraudReport }) {
  const total = Object.values(report.counts).reduce((n, c) => n + c, 0);
  return (
    <div className="table-wrap">
      <table className="usa-table usa-table--borderless width-full" id="fraud-counts">
        <caption>{`Signals by kind, ${formatDate(report.from)} to ${formatDate(report.to)}`}</caption>
        <thead>
          <tr>
            <th scope="col">Kind of signal</th>
            <th scope="col" className="num">
              Signals
            </th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(report.counts).map(([kind, n]) => (
            <tr key={kind}>
              <th scope="row">{kindName(kind)}</th>
              <td className="num">{n}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">All kinds</th>
            <td className="num">{total}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function Signals({ signals, kind }: { signals: FraudSignal[]; kind: string }) {
  const shown = kind ? signals.filter((s) => s.kind === kind) : signals;
  if (!shown.length) return <p>{kind ? `No signal of this kind in the period.` : 'No signal in the period.'}</p>;
  return (
    <div className="table-wrap">
      <table className="usa-table usa-table--borderless usa-table--striped width-full fraud-signals" id="fraud-signals">
        <caption>{`${shown.length} signal${shown.length === 1 ? '' : 's'}${kind ? ` of kind “${kindName(kind)}”` : ''}, most severe first`}</caption>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Date</th>
            <th scope="col">Kind</th>
            <th scope="col">Cases</th>
            <th scope="col">Evidence</th>
            <th scope="col">Summary</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((s, i) => (
            <tr key={`${s.kind}-${s.date}-${i}`}>
              <td>
                <Tag tone={SEVERITY_TONE[s.severity] ?? 'info'}>{s.severity}</Tag>
              </td>
              <td className="nowrap">{formatDate(s.date)}</td>
              <th scope="row">{kindName(s.kind)}</th>
              <td>
                <CaseLinks caseNumbers={s.caseNumbers} />
              </td>
              <td>
                <Evidence evidence={s.evidence} />
              </td>
              <td>{s.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const isDate = (t: string) => /^\d{4}-\d{2}-\d{2}$/.test(t);

export function FraudReportPage() {
  const { user, today } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const supervisor = user?.role === 'supervisor';
  // The last 90 days by default.
  const defaultFrom = new Date(Date.parse(`${today}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10);
  const from = location.search.get('from') ?? defaultFrom;
  const to = location.search.get('to') ?? today;
  const officeCode = supervisor ? null : location.search.get('officeCode');
  const kind = location.search.get('kind') ?? '';
  const offices = useGet<Array<{ code: string; name: string }>>(supervisor ? null : '/api/offices');
  const [fromText, setFromText] = useState(from);
  const [toText, setToText] = useState(to);
  const [officeText, setOfficeText] = useState(officeCode ?? '');
  const [kindText, setKindText] = useState(kind);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [generation, setGeneration] = useState(0);
  const valid = isDate(from) && isDate(to) && from <= to;
  const report = useGet<FraudReport>(valid ? `/api/fraud/report${query({ from, to, officeCode })}` : null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldProblem[] = [];
    if (!isDate(fromText)) found.push({ fieldId: 'fraud-from', message: 'Enter the first day of the period as a date' });
    if (!isDate(toText)) found.push({ fieldId: 'fraud-to', message: 'Enter the last day of the period as a date' });
    if (!found.length && fromText > toText) found.push({ fieldId: 'fraud-from', message: 'The first day must not be after the last day' });
    setProblems(found);
    setGeneration((g) => g + 1);
    if (found.length) return;
    navigate(`/reports/fraud${query({ from: fromText, to: toText, officeCode: officeText || null, kind: kindText || null })}`, { replace: true });
  };
  const errorOf = (id: string) => problems.find((p) => p.fieldId === id)?.message;

  return (
    <>
      <PageHeading title="Fraud signals">Fraud signals</PageHeading>
      <p>
        <Link to="/dashboard">Back to the dashboard</Link>
      </p>
      <p className="muted">
        {supervisor ? 'Signals on your office’s cases.' : officeCode ? `Signals on office ${officeCode}’s cases.` : 'Signals across the program.'} Account numbers and SSNs are masked; open a case to look into a signal.
      </p>
      {problems.length ? <ErrorSummary problems={problems} generation={generation} /> : null}
      <form className="usa-form dashboard-controls" onSubmit={submit} aria-label="Report criteria" noValidate>
        <TextField id="fraud-from" label="From" type="date" value={fromText} onChange={setFromText} error={errorOf('fraud-from')} required />
        <TextField id="fraud-to" label="To" type="date" value={toText} onChange={setToText} error={errorOf('fraud-to')} required />
        {!supervisor ? (
          <SelectField id="fraud-office" label="Office" value={officeText} onChange={setOfficeText} placeholder="All offices" options={(offices.data ?? []).map((o) => ({ value: o.code, label: `${o.code}: ${o.name}` }))} />
        ) : null}
        <SelectField id="fraud-kind" label="Kind of signal" value={kindText} onChange={setKindText} placeholder="All kinds" options={Object.entries(SIGNAL_KIND_NAMES).map(([value, label]) => ({ value, label }))} />
        <button type="submit" className="usa-button">
          Show
        </button>
      </form>
      {!valid ? <p>Choose a period: the first day on or before the last.</p> : null}
      {report.error ? <ApiErrorAlert error={report.error} heading="The fraud signals report could not be loaded" /> : null}
      {valid && !report.data && !report.error ? <Loading label="Looking for signals…" /> : null}
      {report.data ? (
        <>
          <section className="section" aria-labelledby="fraud-counts-heading">
            <h2 id="fraud-counts-heading">Signals by kind</h2>
            <Counts report={report.data} />
          </section>
          <section className="section" aria-labelledby="fraud-signals-heading">
            <h2 id="fraud-signals-heading">Signals</h2>
            <Signals signals={report.data.signals} kind={kind} />
          </section>
        </>
      ) : null}
    </>
  );
}
