/** The worker's day: items due soonest first, then the open cases assigned to them (server-paged). */
import { useEffect, useState } from 'react';
import { ApiError, query, useGet, type CaseListItem } from '../api.ts';
import { Link, useLocation, useNavigate } from '../router.tsx';
import { can, useSession } from '../session.tsx';
import { daysBetween, dollars, formatDate } from '../format.ts';
import { label } from '../labels.ts';
import { loadWorklist, type LoadedWorklist, type WorklistItem } from '../worklist.ts';
import { Alert, ApiErrorAlert, Loading, PageHeading, Pager, Tag } from '../components/ui.tsx';

const PAGE = 25;

function DueTag({ dueDate, today }: { dueDate: string; today: string }) {
  const days = daysBetween(today, dueDate);
  if (days < 0) return <Tag tone="bad">{`Overdue ${-days} day${days === -1 ? '' : 's'}`}</Tag>;
  if (days === 0) return <Tag tone="warn">Due today</Tag>;
  if (days <= 5) return <Tag tone="warn">{`Due in ${days} day${days === 1 ? '' : 's'}`}</Tag>;
  return <Tag tone="info">{`Due in ${days} days`}</Tag>;
}

const DUE_PAGE = 25;

function ItemTable({ items, caption, today, pageParam, showWorker }: { items: WorklistItem[]; caption: string; today: string; pageParam: string; showWorker: boolean }) {
  const location = useLocation();
  const navigate = useNavigate();
  const offset = Math.max(0, Number(location.search.get(pageParam) ?? 0) || 0);
  const shown = items.slice(offset, offset + DUE_PAGE);
  const setPage = (o: number) => {
    const q = new URLSearchParams(location.search);
    if (o) q.set(pageParam, String(o));
    else q.delete(pageParam);
    const s = q.toString();
    navigate(`/worklist${s ? `?${s}` : ''}`, { replace: true });
  };
  return (
    <>
      <div className="table-wrap">
        <table className="usa-table usa-table--borderless width-full worklist-table">
          <caption>{`${caption}${items.length > DUE_PAGE ? ` (showing ${offset + 1}–${offset + shown.length})` : ''}`}</caption>
          <thead>
            <tr>
              <th scope="col">Due</th>
              <th scope="col">Timeframe</th>
              <th scope="col">Item</th>
              <th scope="col">Case</th>
              <th scope="col">
                <span className="usa-sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((item) => {
              const overdue = item.dueDate !== null && item.dueDate < today;
              return (
                <tr key={item.key} className={overdue ? 'row--overdue' : undefined}>
                  <td className="nowrap">
                    {formatDate(item.dueDate)}
                    <br />
                    {item.dueDate ? <DueTag dueDate={item.dueDate} today={today} /> : <Tag tone="info">No deadline</Tag>}
                  </td>
                  <td>
                    {item.timeframe ? (
                      <>
                        <strong>{item.timeframe.name}</strong>
                        <br />
                        <span className="muted">
                          {item.timeframe.length} · {item.timeframe.regulation}
                        </span>
                      </>
                    ) : item.kind === 'closure_notice_ended' ? (
                      <>
                        <strong>Case closure</strong>
                        <br />
                        <span className="muted">60-day notice · 45 CFR 303.11(d)</span>
                      </>
                    ) : (
                      <span className="muted">{label('worklistKind', item.kind)}</span>
                    )}
                  </td>
                  <th scope="row">
                    {item.title}
                    {item.kind === 'duplicate_review' || item.detail.length > 30 ? <div className="item-detail">{item.detail}</div> : null}
                    {item.status === 'escalated' && item.escalatedTo ? (
                      <div className="item-detail">
                        <Tag tone="bad">Escalated</Tag> to {item.escalatedTo.displayName}
                        {item.escalatedDate ? ` on ${formatDate(item.escalatedDate)}` : ''}
                      </div>
                    ) : null}
                    {showWorker && item.assignedTo ? <div className="item-detail muted">Worker: {item.assignedTo}</div> : null}
                  </th>
                  <td className="nowrap">{item.caseNumber ? <Link to={`/cases/${encodeURIComponent(item.caseNumber)}`}>{item.caseNumber}</Link> : <span className="muted">intake</span>}</td>
                  <td>
                    <Link to={item.href} className="usa-button usa-button--outline nowrap" aria-label={`${item.actionLabel}: ${item.title}${item.caseNumber ? `, case ${item.caseNumber}` : ''}`}>
                      {item.actionLabel}
                    </Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pager offset={offset} limit={DUE_PAGE} total={items.length} label={`Pages of ${caption.toLowerCase()}`} onPage={setPage} />
    </>
  );
}

type Show = 'all' | 'overdue' | 'escalated' | 'timeframes';
const SHOW_OPTIONS: Array<{ value: Show; label: string }> = [
  { value: 'all', label: 'Everything due' },
  { value: 'overdue', label: 'Overdue only' },
  { value: 'escalated', label: 'Escalated only' },
  { value: 'timeframes', label: 'Timeframe alerts only' },
];

function DueItems({ today }: { today: string }) {
  const { user } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const canReview = can(user, 'intake.create');
  const supervisor = user?.role === 'supervisor';
  const scope = user?.role === 'caseworker' ? 'mine' : supervisor ? 'office' : 'all';
  const show = (SHOW_OPTIONS.find((o) => o.value === location.search.get('show'))?.value ?? 'all') as Show;
  const [state, setState] = useState<{ data: LoadedWorklist | null; error: ApiError | null }>({ data: null, error: null });
  useEffect(() => {
    const controller = new AbortController();
    loadWorklist({ scope, canReviewIntakes: canReview, signal: controller.signal }).then(
      (data) => setState({ data, error: null }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ data: null, error: error instanceof ApiError ? error : new ApiError(0, 'NETWORK', 'The server could not be reached.', []) });
      },
    );
    return () => controller.abort();
  }, [canReview, scope]);
  if (state.error) return <ApiErrorAlert error={state.error} heading="The worklist could not be loaded" />;
  if (!state.data) return <Loading label="Loading the worklist…" />;
  const items = state.data.items;
  const overdue = items.filter((i) => i.dueDate !== null && i.dueDate < today);
  const soon = items.filter((i) => i.dueDate !== null && i.dueDate >= today && daysBetween(today, i.dueDate) <= 5);
  const escalated = items.filter((i) => i.status === 'escalated');
  const toMe = supervisor ? escalated.filter((i) => i.escalatedTo?.userId === user?.userId) : [];
  const filtered = items.filter((i) => (show === 'overdue' ? i.dueDate !== null && i.dueDate < today : show === 'escalated' ? i.status === 'escalated' : show === 'timeframes' ? i.timeframe !== null : true));
  const setShow = (value: string) => {
    const q = new URLSearchParams(location.search);
    q.delete('due');
    if (value === 'all') q.delete('show');
    else q.set('show', value);
    const s = q.toString();
    navigate(`/worklist${s ? `?${s}` : ''}`, { replace: true });
  };
  const whose = scope === 'mine' ? 'your' : scope === 'office' ? 'your office’s' : 'the statewide';
  return (
    <>
      <div className="summary-cards" role="group" aria-label="Worklist counts">
        <div className="summary-card">
          <h3>Items due</h3>
          <p className="big">{items.length}</p>
        </div>
        <div className={`summary-card${overdue.length ? ' summary-card--bad' : ''}`}>
          <h3>Overdue</h3>
          <p className="big">{overdue.length}</p>
        </div>
        <div className="summary-card">
          <h3>Due within 5 days</h3>
          <p className="big">{soon.length}</p>
        </div>
        <div className="summary-card">
          <h3>Escalated to a supervisor</h3>
          <p className="big">{escalated.length}</p>
        </div>
      </div>
      {supervisor ? (
        <section className="section" aria-labelledby="escalated-heading">
          <h3 id="escalated-heading">Escalated to you</h3>
          {toMe.length ? (
            <ItemTable items={toMe} caption={`${toMe.length} overdue item${toMe.length === 1 ? '' : 's'} escalated to you, oldest deadline first`} today={today} pageParam="esc" showWorker />
          ) : (
            <p>No overdue item has been escalated to you.</p>
          )}
        </section>
      ) : null}
      {items.length ? (
        <>
          <div className="usa-form-group worklist-filter">
            <label className="usa-label" htmlFor="worklist-show">
              Show
            </label>
            <select className="usa-select" id="worklist-show" value={show} onChange={(e) => setShow(e.target.value)}>
              {SHOW_OPTIONS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          {filtered.length ? (
            <ItemTable items={filtered} caption={`${filtered.length} item${filtered.length === 1 ? '' : 's'} on ${whose} worklist, soonest due first`} today={today} pageParam="due" showWorker={scope !== 'mine'} />
          ) : (
            <p>No item matches this choice.</p>
          )}
        </>
      ) : (
        <p>Nothing is due. Timeframe alerts, closure decisions and duplicate reviews will appear here.</p>
      )}
      {state.data.asOf ? <p className="muted">Alerts as of {formatDate(state.data.asOf)}; the nightly timeframe batch raises new ones and escalates overdue items.</p> : null}
    </>
  );
}

function MyCases() {
  const location = useLocation();
  const navigate = useNavigate();
  const offset = Math.max(0, Number(location.search.get('offset') ?? 0) || 0);
  const { data, error, loading } = useGet<{ total: number; items: CaseListItem[] }>(`/api/cases${query({ assignedToMe: true, status: 'open', limit: PAGE, offset })}`);
  if (error) return <ApiErrorAlert error={error} heading="Your cases could not be loaded" />;
  if (!data) return <Loading label="Loading your cases…" />;
  if (!data.total) {
    return (
      <p>
        No open cases are assigned to you. <Link to="/cases">Search all cases you may see</Link>.
      </p>
    );
  }
  return (
    <>
      <div className="table-wrap" aria-busy={loading}>
        <table className="usa-table usa-table--borderless usa-table--striped width-full">
          <caption>{`${data.total} open case${data.total === 1 ? '' : 's'} assigned to you (showing ${offset + 1}–${offset + data.items.length})`}</caption>
          <thead>
            <tr>
              <th scope="col">Case</th>
              <th scope="col">Type</th>
              <th scope="col">Custodial party</th>
              <th scope="col">Noncustodial parent</th>
              <th scope="col" className="num">
                Children
              </th>
              <th scope="col">Opened</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((c) => (
              <tr key={c.caseId}>
                <th scope="row">
                  <Link to={`/cases/${c.caseNumber}`}>{c.caseNumber}</Link>
                </th>
                <td>{label('caseType', c.caseType)}</td>
                <td>{c.custodialParty ?? '—'}</td>
                <td>{c.noncustodialParent ?? '—'}</td>
                <td className="num">{c.childCount}</td>
                <td className="nowrap">{formatDate(c.openedDate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager offset={offset} limit={PAGE} total={data.total} label="Pages of your cases" onPage={(o) => navigate(`/worklist${query({ offset: o || null })}`, { replace: true })} />
    </>
  );
}

/** For financial workers: money received but not distributed, by reason and age (research work). */
function Undistributed() {
  const { data, error } = useGet<Array<{ reason: string; ageBand: string; count: number; totalCents: number }>>('/api/financial/undistributed');
  if (error) return <ApiErrorAlert error={error} heading="Undistributed collections could not be loaded" />;
  if (!data) return <Loading label="Loading undistributed collections…" />;
  if (!data.length) return <p>No money is waiting: every collection is distributed.</p>;
  const total = data.reduce((t, r) => t + r.totalCents, 0);
  return (
    <div className="table-wrap">
      <table className="usa-table usa-table--borderless usa-table--striped">
        <caption>{`Undistributed collections: ${dollars(total)}`}</caption>
        <thead>
          <tr>
            <th scope="col">Reason</th>
            <th scope="col">Age</th>
            <th scope="col" className="num">
              Receipts
            </th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {data.map((r) => (
            <tr key={`${r.reason}-${r.ageBand}`}>
              <th scope="row">{r.reason.replaceAll('_', ' ')}</th>
              <td>{r.ageBand}</td>
              <td className="num">{r.count}</td>
              <td className="num">{dollars(r.totalCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function WorklistPage() {
  const { user, today } = useSession();
  const location = useLocation();
  return (
    <>
      <PageHeading title="Worklist">Worklist</PageHeading>
      <p className="muted">
        {user?.displayName} · business date {formatDate(today)}
      </p>
      {location.flash ? <Alert kind="success" slim>{location.flash}</Alert> : null}
      <section className="section" aria-labelledby="due-heading">
        <h2 id="due-heading">Due soonest</h2>
        <DueItems today={today} />
      </section>
      {can(user, 'finance.write') ? (
        <section className="section" aria-labelledby="undistributed-heading">
          <h2 id="undistributed-heading">Undistributed collections</h2>
          <Undistributed />
        </section>
      ) : null}
      {can(user, 'case.read') ? (
        <section className="section" aria-labelledby="cases-heading">
          <h2 id="cases-heading">My open cases</h2>
          <MyCases />
        </section>
      ) : null}
    </>
  );
}
