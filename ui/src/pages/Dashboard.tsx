/**
 * The supervisor's and auditor's dashboard (issue 6): the five federal performance measures against
 * their incentive thresholds, the key OCSE-157 lines (each leads to the cases behind it), the OCSE-34
 * quarter, and worklist and timeframe compliance. Data from /api/reports/* and /api/worklist; a
 * supervisor sees their own office (the server decides).
 */
import { useState, type FormEvent } from 'react';
import { query, useGet, type LineDrillDown, type MeasureResult, type Ocse157Summary, type Ocse34Report, type PerformanceReport, type WorklistItemView } from '../api.ts';
import { Link, useLocation, useNavigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { daysBetween, dollars, formatDate, normalizeAmount } from '../format.ts';
import { label } from '../labels.ts';
import { ApiErrorAlert, Loading, PageHeading, Pager, Tag } from '../components/ui.tsx';
import { BarChart, StackedBarChart, type BarRow } from '../components/charts.tsx';
import { timeframeName } from '../worklist.ts';

/** The federal fiscal year a date falls in (FFY 2026 runs 2025-10-01 to 2026-09-30). */
export function fiscalYearOf(date: string): number {
  const y = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 10 ? y + 1 : y;
}

function pct(v: number | null, digits = 1): string {
  return v === null ? 'no data' : `${v.toFixed(digits)}%`;
}

/** The incentive scale's floor (658a(b)(6)): 50%, or 40% for the two collections measures. */
function floorOf(m: MeasureResult): number {
  return m.measure === 'current_collections' || m.measure === 'arrears_collections' ? 40 : 50;
}

function Measures({ year, officeCode, expenditures }: { year: number; officeCode: string | null; expenditures: string | null }) {
  const { data, error } = useGet<PerformanceReport>(`/api/reports/performance${query({ year, officeCode, expenditures })}`);
  if (error) return <ApiErrorAlert error={error} heading="The performance measures could not be loaded" />;
  if (!data) return <Loading label="Loading the performance measures…" />;
  const percentMeasures = data.measures.filter((m) => m.measure !== 'cost_effectiveness');
  const cost = data.measures.find((m) => m.measure === 'cost_effectiveness');
  const rows: BarRow[] = percentMeasures.map((m) => ({
    key: m.measure,
    label: m.label,
    value: m.value,
    display: pct(m.value),
    markers: [
      { value: 80, label: 'full incentive (80%)' },
      { value: floorOf(m), label: `incentive floor (${floorOf(m)}%)` },
    ],
    tone: m.value === null ? 'info' : m.value >= 80 ? 'ok' : m.value >= floorOf(m) ? 'warn' : 'bad',
  }));
  const description =
    percentMeasures.map((m) => `${m.label}: ${pct(m.value)}, incentive credit ${m.credit} of 100${m.penalty.applies ? `, penalty test ${m.penalty.passed ? 'passed' : 'failed'}` : ''}`).join('; ') +
    '. Dashed lines mark 80% (full incentive) and the floor below which no incentive is earned (50%; 40% for collections).';
  return (
    <>
      <BarChart
        title={`Federal performance measures, FFY ${data.fiscalYear}`}
        description={description}
        rows={rows}
        max={100}
        unitLabel="%"
        caption={
          <>
            Performance measures, FFY {data.fiscalYear}
            {data.scope.officeCode ? ` (office ${data.scope.officeCode})` : ' (statewide)'}
            <div className="chart-legend-note muted">Bars: green at or above 80% (full incentive), gold between the floor and 80%, red below the floor. Dashed lines: 80% and the floor (50%; 40% for collections).</div>
          </>
        }
        table={<MeasureTable measures={data.measures} />}
      />
      <div className="summary-cards">
        <div className="summary-card">
          <h3>Cost-effectiveness</h3>
          <p className="big">{cost?.value === null || cost === undefined ? 'No data' : `$${cost.value.toFixed(2)}`}</p>
          <p className="muted margin-0">{cost?.value === null || cost === undefined ? 'Enter the year’s IV-D expenditures (OCSE-396) above.' : `collected per dollar spent; credit ${cost.credit} (full at $5.00, none below $2.00)`}</p>
        </div>
        <div className="summary-card">
          <h3>Incentive base</h3>
          <p className="big">{dollars(data.incentiveBaseCents)}</p>
          <p className="muted margin-0">sum of the measures’ earned bases</p>
        </div>
      </div>
      {data.notes.length ? (
        <details>
          <summary>Notes on the measures</summary>
          <ul className="usa-list">
            {data.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

function MeasureTable({ measures }: { measures: MeasureResult[] }) {
  return (
    <div className="table-wrap">
      <table className="usa-table usa-table--borderless width-full">
        <caption>Performance measures with their credit and penalty tests</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col">Lines</th>
            <th scope="col" className="num">
              Value
            </th>
            <th scope="col" className="num">
              Prior year
            </th>
            <th scope="col" className="num">
              Credit
            </th>
            <th scope="col">Why</th>
            <th scope="col">Penalty test</th>
          </tr>
        </thead>
        <tbody>
          {measures.map((m) => (
            <tr key={m.measure}>
              <th scope="row">{m.label}</th>
              <td>{m.lines}</td>
              <td className="num">{m.measure === 'cost_effectiveness' ? (m.value === null ? 'no data' : `$${m.value.toFixed(2)}`) : pct(m.value)}</td>
              <td className="num">{m.measure === 'cost_effectiveness' ? '—' : pct(m.priorValue)}</td>
              <td className="num">{m.credit}</td>
              <td>{m.creditBasis}</td>
              <td>
                {!m.penalty.applies ? (
                  <span className="muted">none</span>
                ) : m.penalty.passed ? (
                  <Tag tone="ok">Passed</Tag>
                ) : (
                  <Tag tone="bad">Failed</Tag>
                )}{' '}
                {m.penalty.applies ? `${m.penalty.standard}${m.penaltyRange ? `; ${m.penaltyRange}` : ''}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The OCSE-157 lines drawn as bars (counts of cases and children); money lines are in the table. */
/** Cases first, then children (an array: an object would put integer-like keys in numeric order). */
const KEY_157: ReadonlyArray<readonly [string, string]> = [
  ['1', 'Open cases'],
  ['2', 'Open cases with an order'],
  ['12', 'Open cases needing an order'],
  ['17', 'Orders established in the year'],
  ['18', 'Cases with collections'],
  ['28', 'Cases with arrears due'],
  ['29', 'Cases paying toward arrears'],
  ['4', 'Children in open cases'],
  ['5', 'Children born out of wedlock'],
  ['6', 'Children with paternity established'],
  ['13', 'Children needing paternity'],
];

function lineShown(unit: string, value: number | null): string {
  if (value === null) return 'not computed';
  return unit === 'cents' ? dollars(value) : value.toLocaleString('en-US');
}

function Ocse157({ year, officeCode }: { year: number; officeCode: string | null }) {
  const { data, error } = useGet<Ocse157Summary>(`/api/reports/ocse157${query({ year, officeCode })}`);
  if (error) return <ApiErrorAlert error={error} heading="The OCSE-157 report could not be loaded" />;
  if (!data) return <Loading label="Loading OCSE-157…" />;
  const drillPath = (line: string) => `/reports/ocse157/${line}${query({ year, officeCode })}`;
  const key = KEY_157.flatMap(([code, name]) => data.lines.filter((l) => l.line === code).map((l) => ({ ...l, short: name })));
  const max = Math.max(1, ...key.map((l) => l.value ?? 0));
  const rows: BarRow[] = key.map((l) => ({ key: l.line, label: `${l.line}. ${l.short}`, value: l.value, display: lineShown(l.unit, l.value), href: l.drillDown ? drillPath(l.line) : null }));
  return (
    <BarChart
      title={`OCSE-157 key lines, FFY ${data.fiscalYear}`}
      description={key.map((l) => `Line ${l.line}, ${l.label}: ${lineShown(l.unit, l.value)}`).join('; ')}
      rows={rows}
      max={max}
      unitLabel="count"
      caption={
        <>
          OCSE-157 key lines, FFY {data.fiscalYear} ({formatDate(data.periodStart)} to {formatDate(data.periodEnd)}){data.scope.officeCode ? `, office ${data.scope.officeCode}` : ', statewide'}
          <div className="chart-legend-note muted">Select a bar, or a line’s “cases” link in the table, to see the cases behind it.</div>
        </>
      }
      tableOpen
      table={
        <div className="table-wrap">
          <table className="usa-table usa-table--borderless width-full">
            <caption>{`OCSE-157 lines, FFY ${data.fiscalYear}`}</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">What it counts</th>
                <th scope="col" className="num">
                  Value
                </th>
                <th scope="col">Confidence</th>
                <th scope="col">Cases</th>
              </tr>
            </thead>
            <tbody>
              {data.lines.map((l) => (
                <tr key={l.line}>
                  <th scope="row">{l.line}</th>
                  <td>{l.label}</td>
                  <td className="num">{lineShown(l.unit, l.value)}</td>
                  <td>{l.confidence.replaceAll('_', ' ')}</td>
                  <td>
                    {l.drillDown ? (
                      <Link to={drillPath(l.line)} aria-label={`Cases behind line ${l.line}, ${l.label}`}>
                        {l.drillDown === 'children' ? 'children' : 'cases'}
                      </Link>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      }
    />
  );
}

const SOURCE_LINES = ['2a', '2b', '2c', '2d', '2e', '2f', '2g', '2h'];
const DISTRIBUTION_LINES = ['7a', '7b', '7c', '7d', '9'];
const SHORT_34: Record<string, string> = {
  '2a': 'Federal tax refund offset',
  '2b': 'State tax refund offset',
  '2c': 'Unemployment offset',
  '2d': 'Interstate administrative',
  '2e': 'Income withholding',
  '2f': 'Other States or Tribes',
  '2g': 'Other countries',
  '2h': 'Other sources',
  '7a': 'Assistance reimbursement',
  '7b': 'Medical support',
  '7c': 'Families and foster care',
  '7d': 'Fees withheld',
  '9': 'Undistributed at quarter end',
};

function Ocse34({ year, quarter }: { year: number; quarter: number }) {
  const { data, error } = useGet<Ocse34Report>(`/api/reports/ocse34${query({ year, quarter })}`);
  if (error) return <ApiErrorAlert error={error} heading="The OCSE-34 report could not be loaded" />;
  if (!data) return <Loading label="Loading OCSE-34…" />;
  const pick = (codes: string[]) => data.lines.filter((l) => codes.includes(l.line));
  const bars = [...pick(SOURCE_LINES), ...pick(DISTRIBUTION_LINES)];
  const max = Math.max(1, ...bars.map((l) => l.amountCents));
  const rows: BarRow[] = bars.map((l) => ({ key: l.line, label: `${l.line}. ${SHORT_34[l.line] ?? l.label}`, value: l.amountCents, display: dollars(l.amountCents), tone: l.line.startsWith('2') ? 'info' : l.line === '9' ? 'warn' : 'ok' }));
  const total = data.lines.find((l) => l.line === '2');
  const distributed = data.lines.find((l) => l.line === '8');
  return (
    <>
      <div className="summary-cards">
        <div className="summary-card">
          <h3>Collections received</h3>
          <p className="big">{dollars(total?.amountCents)}</p>
        </div>
        <div className="summary-card">
          <h3>Distributed</h3>
          <p className="big">{dollars(distributed?.amountCents)}</p>
        </div>
        <div className={`summary-card${data.checks.every((c) => c.ok) ? '' : ' summary-card--bad'}`}>
          <h3>Report checks</h3>
          <p className="big">{`${data.checks.filter((c) => c.ok).length} of ${data.checks.length}`}</p>
          <p className="muted margin-0">pass</p>
        </div>
      </div>
      <BarChart
        title={`OCSE-34 quarter ${data.quarter}, FFY ${data.fiscalYear}: collections by source and their distribution`}
        description={bars.map((l) => `Line ${l.line}, ${l.label}: ${dollars(l.amountCents)}`).join('; ')}
        rows={rows}
        max={max}
        unitLabel="$"
        formatTick={(cents) => `$${Math.round(cents / 100).toLocaleString('en-US')}`}
        caption={
          <>
            OCSE-34, quarter {data.quarter} of FFY {data.fiscalYear} ({formatDate(data.periodStart)} to {formatDate(data.periodEnd)})
            <div className="chart-legend-note muted">Blue: collections by source (lines 2a–2h). Green: distributed (7a–7d). Gold: undistributed at the end of the quarter (line 9). Bars are scaled in dollars.</div>
          </>
        }
        table={
          <div className="table-wrap">
            <table className="usa-table usa-table--borderless width-full">
              <caption>{`OCSE-34 Part 1, quarter ${data.quarter} of FFY ${data.fiscalYear}`}</caption>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Label</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.lines.map((l) => (
                  <tr key={l.line}>
                    <th scope="row">{l.line}</th>
                    <td>
                      {l.label}
                      {l.note ? <div className="item-detail muted">{l.note}</div> : null}
                    </td>
                    <td className="num">{dollars(l.amountCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        }
      />
      <ul className="usa-list">
        {data.checks.map((c) => (
          <li key={c.name}>
            {c.ok ? <Tag tone="ok">OK</Tag> : <Tag tone="bad">Fails</Tag>} {c.name}: {c.detail}
          </li>
        ))}
      </ul>
    </>
  );
}

interface TimeframeKinds {
  from: string;
  to: string;
  asOf: string;
  kinds: Array<{ kind: string; regulation: string; title: string; metOnTime: number; metLate: number; overdue: number; open: number; cancelled: number }>;
}

const TF_SERIES = [
  { key: 'metOnTime', label: 'Met on time', color: '#00a91c' },
  { key: 'metLate', label: 'Met late', color: '#936f38', pattern: 'hatch' as const },
  { key: 'overdue', label: 'Overdue', color: '#d54309', pattern: 'dots' as const },
  { key: 'open', label: 'Running', color: '#71767a' },
];

function Compliance({ from, to, officeCode, scope }: { from: string; to: string; officeCode: string | null; scope: 'office' | 'all' }) {
  const { today } = useSession();
  const tf = useGet<TimeframeKinds>(`/api/reports/timeframes${query({ from, to, officeCode })}`);
  const wl = useGet<{ asOf: string; items: WorklistItemView[] }>(`/api/worklist${query({ scope, officeCode, limit: 2000 })}`);
  const items = wl.data?.items ?? [];
  const overdue = items.filter((i) => i.dueDate !== null && i.dueDate < today).length;
  const soon = items.filter((i) => i.dueDate !== null && i.dueDate >= today && daysBetween(today, i.dueDate) <= 5).length;
  const escalated = items.filter((i) => i.status === 'escalated').length;
  return (
    <>
      {wl.error ? (
        <ApiErrorAlert error={wl.error} heading="The worklist could not be loaded" />
      ) : !wl.data ? (
        <Loading label="Loading the worklist…" />
      ) : (
        <div className="summary-cards" role="group" aria-label="Worklist now">
          <div className="summary-card">
            <h3>Open worklist items</h3>
            <p className="big">{`${items.length}${items.length >= 2000 ? '+' : ''}`}</p>
          </div>
          <div className={`summary-card${overdue ? ' summary-card--bad' : ''}`}>
            <h3>Overdue</h3>
            <p className="big">{overdue}</p>
          </div>
          <div className="summary-card">
            <h3>Due within 5 days</h3>
            <p className="big">{soon}</p>
          </div>
          <div className="summary-card">
            <h3>Escalated</h3>
            <p className="big">{escalated}</p>
          </div>
        </div>
      )}
      {tf.error ? (
        <ApiErrorAlert error={tf.error} heading="Timeframe compliance could not be loaded" />
      ) : !tf.data ? (
        <Loading label="Loading timeframe compliance…" />
      ) : !tf.data.kinds.length ? (
        <p>No timeframe clock fell due in this period.</p>
      ) : (
        <StackedBarChart
          title={`Timeframe compliance for clocks due ${tf.data.from} to ${tf.data.to}`}
          description={tf.data.kinds.map((k) => `${timeframeName(k.kind)}: ${k.metOnTime} met on time, ${k.metLate} met late, ${k.overdue} overdue, ${k.open} running`).join('; ')}
          rows={tf.data.kinds.map((k) => ({ key: k.kind, label: timeframeName(k.kind), values: { metOnTime: k.metOnTime, metLate: k.metLate, overdue: k.overdue, open: k.open } }))}
          series={TF_SERIES}
          caption={`Timeframe compliance: clocks due ${formatDate(tf.data.from)} to ${formatDate(tf.data.to)}, as of ${formatDate(tf.data.asOf)}`}
          table={
            <div className="table-wrap">
              <table className="usa-table usa-table--borderless width-full">
                <caption>Timeframe compliance by kind</caption>
                <thead>
                  <tr>
                    <th scope="col">Timeframe</th>
                    <th scope="col">Rule</th>
                    <th scope="col" className="num">
                      Met on time
                    </th>
                    <th scope="col" className="num">
                      Met late
                    </th>
                    <th scope="col" className="num">
                      Overdue
                    </th>
                    <th scope="col" className="num">
                      Running
                    </th>
                    <th scope="col" className="num">
                      Stopped
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {tf.data.kinds.map((k) => (
                    <tr key={k.kind}>
                      <th scope="row">{timeframeName(k.kind)}</th>
                      <td>{k.regulation}</td>
                      <td className="num">{k.metOnTime}</td>
                      <td className="num">{k.metLate}</td>
                      <td className="num">{k.overdue}</td>
                      <td className="num">{k.open}</td>
                      <td className="num">{k.cancelled}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          }
        />
      )}
    </>
  );
}

export function DashboardPage() {
  const { user, today } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const current = fiscalYearOf(today);
  // The last completed fiscal year by default: the year whose reports are due.
  const year = Number(location.search.get('year')) || current - 1;
  const quarter = Math.min(4, Math.max(1, Number(location.search.get('quarter')) || 4));
  const expenditures = location.search.get('expenditures');
  const supervisor = user?.role === 'supervisor';
  // Statewide roles may look at one office; a supervisor always gets their own (the server decides).
  const officeCode = supervisor ? null : location.search.get('officeCode');
  const offices = useGet<Array<{ code: string; name: string }>>(supervisor ? null : '/api/offices');
  const [officeText, setOfficeText] = useState(officeCode ?? '');
  const [yearText, setYearText] = useState(String(year));
  const [quarterText, setQuarterText] = useState(String(quarter));
  const [expText, setExpText] = useState(expenditures ?? '');
  const [expError, setExpError] = useState<string | null>(null);
  const from = `${year - 1}-10-01`;
  const end = `${year}-09-30`;
  const to = end < today ? end : today;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const exp = expText.trim() ? normalizeAmount(expText) : null;
    if (expText.trim() && !exp) {
      setExpError('Enter the expenditures in dollars and cents, e.g. 1250000.00');
      return;
    }
    setExpError(null);
    navigate(`/dashboard${query({ year: yearText, quarter: quarterText, officeCode: officeText || null, expenditures: exp })}`, { replace: true });
  };
  const years = Array.from({ length: 6 }, (_, i) => current - i);
  return (
    <>
      <PageHeading title="Dashboard">Dashboard</PageHeading>
      <p className="muted">
        {supervisor ? 'Your office’s figures.' : officeCode ? `Figures of office ${officeCode} (OCSE-34 is statewide).` : 'Statewide figures.'} Federal fiscal year {year} runs {formatDate(from)} to {formatDate(end)}.
      </p>
      <form className="usa-form dashboard-controls" onSubmit={submit} aria-label="Reporting period">
        <div className="usa-form-group">
          <label className="usa-label" htmlFor="dash-year">
            Fiscal year
          </label>
          <select className="usa-select" id="dash-year" value={yearText} onChange={(e) => setYearText(e.target.value)}>
            {years.map((y) => (
              <option key={y} value={y}>{`FFY ${y}${y === current ? ' (in progress)' : ''}`}</option>
            ))}
          </select>
        </div>
        <div className="usa-form-group">
          <label className="usa-label" htmlFor="dash-quarter">
            OCSE-34 quarter
          </label>
          <select className="usa-select" id="dash-quarter" value={quarterText} onChange={(e) => setQuarterText(e.target.value)}>
            {[1, 2, 3, 4].map((q) => (
              <option key={q} value={q}>{`Quarter ${q}`}</option>
            ))}
          </select>
        </div>
        {!supervisor ? (
          <div className="usa-form-group">
            <label className="usa-label" htmlFor="dash-office">
              Office
            </label>
            <select className="usa-select" id="dash-office" value={officeText} onChange={(e) => setOfficeText(e.target.value)}>
              <option value="">Statewide</option>
              {(offices.data ?? []).map((o) => (
                <option key={o.code} value={o.code}>{`${o.code}: ${o.name}`}</option>
              ))}
            </select>
          </div>
        ) : null}
        <div className={`usa-form-group${expError ? ' usa-form-group--error' : ''}`}>
          <label className="usa-label" htmlFor="dash-expenditures">
            IV-D expenditures for the year (optional)
          </label>
          {expError ? (
            <span className="usa-error-message" id="dash-expenditures-error">
              {expError}
            </span>
          ) : null}
          <input className="usa-input" id="dash-expenditures" inputMode="decimal" value={expText} aria-describedby={expError ? 'dash-expenditures-error' : undefined} onChange={(e) => setExpText(e.target.value)} />
        </div>
        <button type="submit" className="usa-button">
          Show
        </button>
      </form>
      <nav aria-label="Dashboard sections" className="margin-top-2">
        <ul className="usa-list usa-list--unstyled dashboard-toc">
          <li>
            <a href="#measures">Performance measures</a>
          </li>
          <li>
            <a href="#ocse157">OCSE-157</a>
          </li>
          <li>
            <a href="#ocse34">OCSE-34</a>
          </li>
          <li>
            <a href="#compliance">Worklist and timeframes</a>
          </li>
          <li>
            <Link to="/reports/fraud">Fraud signals report</Link>
          </li>
        </ul>
      </nav>
      <section className="section" id="measures" tabIndex={-1} aria-labelledby="measures-heading">
        <h2 id="measures-heading">Federal performance measures</h2>
        <Measures year={year} officeCode={officeCode} expenditures={expenditures} />
      </section>
      <section className="section" id="ocse157" tabIndex={-1} aria-labelledby="ocse157-heading">
        <h2 id="ocse157-heading">OCSE-157 key lines</h2>
        <Ocse157 year={year} officeCode={officeCode} />
      </section>
      <section className="section" id="ocse34" tabIndex={-1} aria-labelledby="ocse34-heading">
        <h2 id="ocse34-heading">OCSE-34 quarter totals</h2>
        <Ocse34 year={year} quarter={quarter} />
      </section>
      <section className="section" id="compliance" tabIndex={-1} aria-labelledby="compliance-heading">
        <h2 id="compliance-heading">Worklist and timeframe compliance</h2>
        <Compliance from={from} to={to} officeCode={officeCode} scope={supervisor ? 'office' : 'all'} />
      </section>
    </>
  );
}

const DRILL_PAGE = 50;

/** The cases (or children) behind one OCSE-157 line. */
export function Ocse157LinePage({ line }: { line: string }) {
  const location = useLocation();
  const navigate = useNavigate();
  const { today } = useSession();
  const year = Number(location.search.get('year')) || fiscalYearOf(today) - 1;
  const officeCode = location.search.get('officeCode');
  const offset = Math.max(0, Number(location.search.get('offset') ?? 0) || 0);
  const { data, error } = useGet<LineDrillDown>(`/api/reports/ocse157/lines/${encodeURIComponent(line)}${query({ year, officeCode })}`);
  const title = `OCSE-157 line ${line}, FFY ${year}`;
  const rows = data?.rows ?? [];
  const shown = rows.slice(offset, offset + DRILL_PAGE);
  const money = data?.line.unit === 'cents';
  const withDetail = rows.some((r) => r.detail && Object.keys(r.detail).length);
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      <p>
        <Link to={`/dashboard${query({ year, officeCode })}#ocse157`}>Back to the dashboard</Link>
      </p>
      {error ? <ApiErrorAlert error={error} heading="The line could not be loaded" /> : null}
      {!data && !error ? <Loading label="Loading the cases…" /> : null}
      {data ? (
        <>
          <p>
            <strong>{data.line.label}</strong>: {lineShown(data.line.unit, data.line.value)}
            <br />
            <span className="muted">{data.line.counts}</span>
          </p>
          {rows.length ? (
            <>
              <div className="table-wrap">
                <table className="usa-table usa-table--borderless usa-table--striped width-full">
                  <caption>{`${rows.length} ${data.line.drillDown === 'children' ? 'children' : 'cases'} behind line ${line}${rows.length > DRILL_PAGE ? ` (showing ${offset + 1}–${offset + shown.length})` : ''}`}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Case</th>
                      {data.line.drillDown === 'children' ? <th scope="col">Child</th> : <th scope="col">Type</th>}
                      <th scope="col">Office</th>
                      {money ? (
                        <th scope="col" className="num">
                          Amount
                        </th>
                      ) : null}
                      {withDetail ? <th scope="col">Why it counts</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((r, i) => {
                      const cases = r.caseNumbers ?? (r.caseNumber ? [r.caseNumber] : []);
                      return (
                        <tr key={`${r.caseId ?? ''}-${r.personId ?? ''}-${i}`}>
                          <th scope="row">
                            {cases.length
                              ? cases.map((cn, j) => (
                                  <span key={cn}>
                                    {j ? ', ' : ''}
                                    <Link to={`/cases/${encodeURIComponent(cn)}`}>{cn}</Link>
                                  </span>
                                ))
                              : '—'}
                          </th>
                          {data.line.drillDown === 'children' ? <td>{r.name ?? '—'}</td> : <td>{label('caseType', r.caseType)}</td>}
                          <td>{r.officeCode ?? '—'}</td>
                          {money ? <td className="num">{dollars(r.amountCents ?? 0)}</td> : null}
                          {withDetail ? (
                            <td>
                              {Object.entries(r.detail ?? {})
                                .map(([k, v]) => `${k.replace(/([A-Z])/g, ' $1').toLowerCase()}: ${v === null ? '—' : String(v)}`)
                                .join('; ')}
                            </td>
                          ) : null}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <Pager offset={offset} limit={DRILL_PAGE} total={rows.length} label={`Pages of line ${line}`} onPage={(o) => navigate(`/reports/ocse157/${line}${query({ year, officeCode, offset: o || null })}`, { replace: true })} />
            </>
          ) : (
            <p>No case is counted on this line.</p>
          )}
        </>
      ) : null}
    </>
  );
}
