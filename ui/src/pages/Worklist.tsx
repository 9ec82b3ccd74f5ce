/** The worker's day: items due soonest first, then the open cases assigned to them (server-paged). */
import { useEffect, useState } from 'react';
import { ApiError, query, useGet, type CaseListItem } from '../api.ts';
import { Link, useLocation, useNavigate } from '../router.tsx';
import { can, useSession } from '../session.tsx';
import { daysBetween, dollars, formatDate } from '../format.ts';
import { label } from '../labels.ts';
import { loadDueItems, type WorklistItem } from '../worklist.ts';
import { Alert, ApiErrorAlert, Loading, PageHeading, Pager, Tag } from '../components/ui.tsx';

const PAGE = 25;

function DueTag({ dueDate, today }: { dueDate: string; today: string }) {
  const days = daysBetween(today, dueDate);
  if (days < 0) return <Tag tone="bad">{`Overdue ${-days} day${days === -1 ? '' : 's'}`}</Tag>;
  if (days === 0) return <Tag tone="warn">Due today</Tag>;
  if (days <= 5) return <Tag tone="warn">{`Due in ${days} day${days === 1 ? '' : 's'}`}</Tag>;
  return <Tag tone="info">{`Due in ${days} days`}</Tag>;
}

function DueItems({ today }: { today: string }) {
  const { user } = useSession();
  const canReview = can(user, 'intake.create');
  const [state, setState] = useState<{ items: WorklistItem[] | null; error: ApiError | null }>({ items: null, error: null });
  useEffect(() => {
    const controller = new AbortController();
    loadDueItems({ canReviewIntakes: canReview, signal: controller.signal }).then(
      (items) => setState({ items, error: null }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ items: null, error: error instanceof ApiError ? error : new ApiError(0, 'NETWORK', 'The server could not be reached.', []) });
      },
    );
    return () => controller.abort();
  }, [canReview]);
  if (state.error) return <ApiErrorAlert error={state.error} heading="The items due could not be loaded" />;
  if (!state.items) return <Loading label="Loading items due…" />;
  if (!state.items.length) return <p>Nothing is due. New duplicate reviews and deadlines will appear here.</p>;
  return (
    <div className="table-wrap">
      <table className="usa-table usa-table--borderless usa-table--striped width-full">
        <caption>{`${state.items.length} item${state.items.length === 1 ? '' : 's'} due, soonest first`}</caption>
        <thead>
          <tr>
            <th scope="col">Due</th>
            <th scope="col">Item</th>
            <th scope="col">Details</th>
            <th scope="col">
              <span className="usa-sr-only">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {state.items.map((item) => (
            <tr key={item.key}>
              <td className="nowrap">
                {formatDate(item.dueDate)}
                <br />
                <DueTag dueDate={item.dueDate} today={today} />
              </td>
              <th scope="row">{item.title}</th>
              <td>{item.detail}</td>
              <td>
                <Link to={item.href} className="usa-button usa-button--outline" aria-label={`${item.actionLabel}: ${item.title}`}>
                  {item.actionLabel}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
        <p className="muted">Deadline alerts for locate, service, orders and reviews (45 CFR 303) will join this list when the case management module provides them.</p>
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
