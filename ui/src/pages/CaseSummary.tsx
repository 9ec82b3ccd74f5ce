/**
 * The case summary: members (SSNs masked; a full SSN only on request, which the server audits),
 * timeframes, orders, balances by bucket, monthly charges, payments with how each was distributed and
 * why, disbursements, enforcement actions, the notices sent (each opens its stored PDF), the closure
 * history, and what is not built yet said plainly.
 */
import { Fragment, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, get, post, useGet, type CaseSummary, type ClockView, type ClosureView, type NoticeView, type Statement } from '../api.ts';
import { timeframeLength, timeframeName, ruleOfKind } from '../worklist.ts';
import { Link, useLocation } from '../router.tsx';
import { can, useSession } from '../session.tsx';
import { dollars, formatDate, formatMonth } from '../format.ts';
import { label } from '../labels.ts';
import { Alert, ApiErrorAlert, Facts, Loading, PageHeading, Tag, TextField } from '../components/ui.tsx';

const SECTIONS = [
  ['members', 'Members'],
  ['timeframes', 'Timeframes'],
  ['orders', 'Orders'],
  ['balances', 'Balances'],
  ['charges', 'Monthly charges'],
  ['payments', 'Payments'],
  ['disbursements', 'Disbursements'],
  ['enforcement', 'Enforcement'],
  ['documents', 'Documents'],
  ['closure', 'Closure'],
] as const;

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="section" id={id} tabIndex={-1} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  );
}

function SsnCell({ personId, masked, canReveal, name }: { personId: number; masked: string | null; canReveal: boolean; name: string }) {
  const [full, setFull] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!masked) return <span className="muted">none on file</span>;
  const reveal = async () => {
    setError(null);
    try {
      const person = await get<{ ssn: string | null }>(`/api/persons/${personId}?reveal=ssn`);
      setFull(person.ssn);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'could not be shown');
    }
  };
  return (
    <>
      <span className="ssn">{full ?? masked}</span>
      {canReveal ? (
        <button type="button" className="usa-button usa-button--unstyled inline-button" onClick={full ? () => setFull(null) : reveal} aria-label={`${full ? 'Hide' : 'Show'} full SSN of ${name}`}>
          {full ? 'Hide' : 'Show'}
        </button>
      ) : null}
      {error ? <span className="usa-error-message">{error}</span> : null}
    </>
  );
}

function Members({ summary }: { summary: CaseSummary }) {
  const { user } = useSession();
  const canReveal = can(user, 'ssn.reveal');
  return (
    <div className="table-wrap">
      <table className="usa-table usa-table--borderless width-full">
        <caption className="usa-sr-only">Members of the case</caption>
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Name</th>
            <th scope="col">Date of birth</th>
            <th scope="col">SSN</th>
            <th scope="col">Member since</th>
            <th scope="col">Paternity</th>
          </tr>
        </thead>
        <tbody>
          {summary.members.map((m) => (
            <tr key={m.memberId}>
              <td>{label('role', m.role)}</td>
              <th scope="row">
                {m.firstName} {m.lastName}
                {m.endDate ? <span className="muted"> (left {formatDate(m.endDate)})</span> : null}
              </th>
              <td className="nowrap">{formatDate(m.dateOfBirth)}</td>
              <td>
                <SsnCell personId={m.personId} masked={m.ssn} canReveal={canReveal} name={`${m.firstName} ${m.lastName}`} />
              </td>
              <td className="nowrap">{formatDate(m.startDate)}</td>
              <td>{m.role !== 'child' ? '' : m.paternityEstablished ? 'Established' : m.bornOutOfWedlock ? 'To be established' : 'Presumed (born in marriage)'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const CLOCK_TONE: Record<ClockView['status'], 'ok' | 'warn' | 'bad' | 'info'> = { met_on_time: 'ok', met_late: 'bad', cancelled: 'info', open: 'info', due_soon: 'warn', overdue: 'bad' };

/** Every clock of the case, running ones first, then the history of clocks met, late or stopped. */
function Timeframes({ caseNumber, summary, today }: { caseNumber: string; summary: CaseSummary; today: string }) {
  const { user } = useSession();
  const { data, error, reload } = useGet<{ caseNumber: string; asOf: string; clocks: ClockView[] }>(`/api/cases/${encodeURIComponent(caseNumber)}/timeframes`);
  const [done, setDone] = useState<string | null>(null);
  if (error) {
    // The case management module could not answer: show what the case record holds.
    return (
      <>
        <ApiErrorAlert error={error} heading="The timeframe clocks could not be loaded" />
        <CaseRecordTimeframes summary={summary} today={today} />
      </>
    );
  }
  if (!data) return <Loading label="Loading timeframes…" />;
  if (!data.clocks.length) return <p>No timeframe clock has started on this case.</p>;
  const running = data.clocks.filter((c) => c.status === 'open' || c.status === 'due_soon' || c.status === 'overdue').sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1));
  const history = data.clocks.filter((c) => !running.includes(c)).sort((a, b) => ((a.metDate ?? a.cancelledDate ?? a.dueDate) < (b.metDate ?? b.cancelledDate ?? b.dueDate) ? 1 : -1));
  const met = history.filter((c) => c.status === 'met_on_time').length;
  const late = history.filter((c) => c.status === 'met_late').length;
  const overdue = running.filter((c) => c.status === 'overdue').length;
  return (
    <>
      <p>
        {`${running.length} running (${overdue} overdue); ${met} met on time, ${late} met late, ${history.length - met - late} stopped. As of ${formatDate(data.asOf)}.`}
      </p>
      {done ? (
        <Alert kind="success" slim>
          {done}
        </Alert>
      ) : null}
      <ClockTable
        clocks={running}
        caption="Timeframes running on this case, soonest due first"
        running
        onMet={
          can(user, 'case.write')
            ? (message) => {
                setDone(message);
                reload();
              }
            : null
        }
        caseNumber={caseNumber}
      />
      {history.length ? <ClockTable clocks={history} caption="Timeframe history: clocks met or stopped, newest first" running={false} onMet={null} caseNumber={caseNumber} /> : null}
    </>
  );
}

/** A worker records that the action a clock waits for was taken (the worklist item closes with it). */
function MeetClockForm({ caseNumber, clock, onMet, onCancel }: { caseNumber: string; clock: ClockView; onMet: (message: string) => void; onCancel: () => void }) {
  const { today } = useSession();
  const [date, setDate] = useState(today);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `meet-${clock.clockId}`;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) {
      setError('Say what was done (for the case record)');
      return;
    }
    setBusy(true);
    try {
      const met = await post<ClockView>(`/api/cases/${encodeURIComponent(caseNumber)}/timeframes/${clock.clockId}/met`, { date, note: note.trim() });
      onMet(`${timeframeName(met.kind)} recorded as met on ${formatDate(met.metDate)} (${label('clockStatus', met.status).toLowerCase()}).`);
    } catch (err) {
      setError(err instanceof ApiError ? [err.message, ...err.details.map((d) => d.message)].join(': ') : 'The server could not be reached.');
      setBusy(false);
    }
  };
  return (
    <form className="meet-form" onSubmit={submit} aria-label={`Record ${timeframeName(clock.kind)} as met`}>
      {error ? (
        <span className="usa-error-message" id={`${id}-error`} role="alert">
          {error}
        </span>
      ) : null}
      <div className="form-row">
        <TextField id={`${id}-date`} type="date" label="Done on" value={date} onChange={setDate} />
        <TextField id={`${id}-note`} label="What was done" value={note} onChange={setNote} autoFocus />
      </div>
      <div className="actions">
        <button type="submit" className="usa-button" disabled={busy}>
          Record met
        </button>
        <button type="button" className="usa-button usa-button--unstyled" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ClockTable({ clocks, caption, running, onMet, caseNumber }: { clocks: ClockView[]; caption: string; running: boolean; onMet: ((message: string) => void) | null; caseNumber: string }) {
  const [meeting, setMeeting] = useState<number | null>(null);
  if (!clocks.length) return running ? <p>No timeframe is running.</p> : null;
  return (
    <div className="table-wrap">
      <table className="usa-table usa-table--borderless width-full">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Timeframe</th>
            <th scope="col">Rule</th>
            <th scope="col">Started</th>
            <th scope="col">Due</th>
            <th scope="col">{running ? 'Status' : 'Outcome'}</th>
          </tr>
        </thead>
        <tbody>
          {clocks.map((c) => {
            const rule = ruleOfKind(c.kind);
            return (
              <tr key={c.clockId} className={c.status === 'overdue' ? 'row--overdue' : undefined}>
                <th scope="row">
                  {timeframeName(c.kind)}
                  {rule ? <span className="muted"> ({timeframeLength(rule)})</span> : null}
                  <div className="item-detail muted">{c.title}</div>
                </th>
                <td>{c.regulation}</td>
                <td className="nowrap">{formatDate(c.startDate)}</td>
                <td className="nowrap">{formatDate(c.dueDate)}</td>
                <td>
                  <Tag tone={CLOCK_TONE[c.status]}>{label('clockStatus', c.status)}</Tag>
                  {onMet && meeting !== c.clockId ? (
                    <div>
                      <button type="button" className="usa-button usa-button--unstyled" onClick={() => setMeeting(c.clockId)} aria-label={`Record ${timeframeName(c.kind)} as met`}>
                        Record met
                      </button>
                    </div>
                  ) : null}
                  {onMet && meeting === c.clockId ? (
                    <MeetClockForm
                      caseNumber={caseNumber}
                      clock={c}
                      onMet={(m) => {
                        setMeeting(null);
                        onMet(m);
                      }}
                      onCancel={() => setMeeting(null)}
                    />
                  ) : null}
                  {c.metDate ? <div className="item-detail">{`Met ${formatDate(c.metDate)}${c.metNote ? `: ${c.metNote}` : ''}`}</div> : null}
                  {c.cancelledDate ? <div className="item-detail">{`Stopped ${formatDate(c.cancelledDate)}${c.cancelReason ? `: ${c.cancelReason}` : ''}`}</div> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CaseRecordTimeframes({ summary, today }: { summary: CaseSummary; today: string }) {
  if (!summary.timeframes.length) return null;
  return (
    <div className="table-wrap">
      <table className="usa-table usa-table--borderless width-full">
        <caption>Timeframes on the case record</caption>
        <thead>
          <tr>
            <th scope="col">Timeframe</th>
            <th scope="col">Rule</th>
            <th scope="col">Started</th>
            <th scope="col">Due</th>
            <th scope="col">Met</th>
          </tr>
        </thead>
        <tbody>
          {summary.timeframes.map((t, i) => (
            <tr key={i}>
              <th scope="row">{timeframeName(t.kind)}</th>
              <td>{t.regulation}</td>
              <td className="nowrap">{formatDate(t.startDate)}</td>
              <td className="nowrap">{formatDate(t.dueDate)}</td>
              <td className="nowrap">
                {t.metDate ? (
                  <>
                    {formatDate(t.metDate)} {t.metDate <= t.dueDate ? <Tag tone="ok">On time</Tag> : <Tag tone="bad">Late</Tag>}
                  </>
                ) : t.dueDate < today ? (
                  <Tag tone="bad">Overdue</Tag>
                ) : (
                  <Tag tone="warn">Open</Tag>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Orders({ statement }: { statement: Statement }) {
  if (!statement.orders.length) return <p>No support order has been entered on this case.</p>;
  return (
    <>
      {[...statement.orders].reverse().map((o) => (
        <div key={o.orderId} className="margin-bottom-3">
          <h3 className="margin-bottom-1">
            Order {o.orderNumber} <Tag tone={o.status === 'active' ? 'ok' : 'info'}>{label('status', o.status)}</Tag>
          </h3>
          <p className="margin-top-0 muted">
            {label('orderKind', o.orderKind)} order, effective {formatDate(o.effectiveDate)}
            {o.endDate ? ` to ${formatDate(o.endDate)}` : ''}
          </p>
          <div className="table-wrap">
            <table className="usa-table usa-table--borderless width-full">
              <caption className="usa-sr-only">{`Obligations of order ${o.orderNumber}`}</caption>
              <thead>
                <tr>
                  <th scope="col">Obligation</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col">Frequency</th>
                  <th scope="col">Starts</th>
                  <th scope="col">Ends</th>
                  <th scope="col">Owed in</th>
                </tr>
              </thead>
              <tbody>
                {o.obligations.map((ob, i) => (
                  <tr key={i}>
                    <th scope="row">{label('obligation', ob.kind)}</th>
                    <td className="num">{dollars(ob.amountCents)}</td>
                    <td>{label('frequency', ob.frequency)}</td>
                    <td className="nowrap">{formatDate(ob.startDate)}</td>
                    <td className="nowrap">{ob.endDate ? formatDate(ob.endDate) : '—'}</td>
                    <td>{ob.judgmentBucket ? label('bucket', ob.judgmentBucket) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </>
  );
}

/** Assigned buckets first, as in the distribution order of 42 USC 657. */
const BUCKET_ORDER = ['PA', 'TA', 'CA', 'UDA', 'UPA', 'NA'] as const;

function Balances({ statement }: { statement: Statement }) {
  const b = statement.balances;
  if (!b) return <p>No case account yet: it opens when the first support order is entered.</p>;
  const buckets = BUCKET_ORDER.map((bucket) => [bucket, b.arrears[bucket] ?? 0] as const);
  return (
    <>
      <div className="summary-cards">
        <div className="summary-card">
          <h3>Current support for {formatMonth(b.supportMonth)}</h3>
          <p className="big">{dollars(b.currentSupportDueCents)}</p>
          <p className="margin-0">
            paid {dollars(b.currentSupportPaidCents)}; still due {dollars(Math.max(0, b.currentSupportDueCents - b.currentSupportPaidCents))}
          </p>
        </div>
        <div className="summary-card">
          <h3>Arrears</h3>
          <p className="big">{dollars(b.totalArrearsCents)}</p>
          <p className="margin-0">all buckets</p>
        </div>
        <div className="summary-card">
          <h3>Unreimbursed assistance (URA)</h3>
          <p className="big">{dollars(b.uraCents)}</p>
        </div>
        <div className="summary-card">
          <h3>Held for future months</h3>
          <p className="big">{dollars(b.heldFutureCents)}</p>
        </div>
      </div>
      <div className="table-wrap">
        <table className="usa-table usa-table--borderless">
          <caption>Arrears by bucket</caption>
          <thead>
            <tr>
              <th scope="col">Bucket</th>
              <th scope="col" className="num">
                Balance
              </th>
            </tr>
          </thead>
          <tbody>
            {buckets.map(([bucket, cents]) => (
              <tr key={bucket}>
                <th scope="row">{label('bucket', bucket)}</th>
                <td className="num">{dollars(cents)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Total arrears</th>
              <td className="num">
                <strong>{dollars(b.totalArrearsCents)}</strong>
              </td>
            </tr>
          </tbody>
        </table>
      </div>
    </>
  );
}

function Charges({ statement }: { statement: Statement }) {
  if (!statement.accruals.length) return <p>No month has been charged yet.</p>;
  return (
    <details>
      <summary>{`Show the ${statement.accruals.length} month${statement.accruals.length === 1 ? '' : 's'} charged`}</summary>
      <div className="table-wrap">
        <table className="usa-table usa-table--borderless usa-table--compact">
          <caption className="usa-sr-only">Months charged</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col" className="num">
                Current support
              </th>
              <th scope="col" className="num">
                Assistance paid
              </th>
              <th scope="col" className="num">
                Unpaid, moved to arrears
              </th>
              <th scope="col">Into</th>
            </tr>
          </thead>
          <tbody>
            {[...statement.accruals].reverse().map((a) => (
              <tr key={a.supportMonth}>
                <th scope="row">{formatMonth(a.supportMonth)}</th>
                <td className="num">{dollars(a.currentSupportCents)}</td>
                <td className="num">{dollars(a.assistancePaidCents)}</td>
                <td className="num">{dollars(a.unpaidToArrearsCents)}</td>
                <td>{a.arrearsBucket ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

const PAYMENTS_SHOWN = 24;


function Payments({ statement }: { statement: Statement }) {
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [all, setAll] = useState(false);
  if (!statement.payments.length) return <p>No payments have been received on this case.</p>;
  const newestFirst = [...statement.payments].reverse();
  const shown = all ? newestFirst : newestFirst.slice(0, PAYMENTS_SHOWN);
  const toggle = (id: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <>
      <div className="table-wrap">
        <table className="usa-table usa-table--borderless width-full payments-table">
          <caption>{`${statement.payments.length} payment${statement.payments.length === 1 ? '' : 's'}, newest first${shown.length < newestFirst.length ? ` (showing ${shown.length})` : ''}`}</caption>
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">Source</th>
              <th scope="col">Reference</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Status</th>
              <th scope="col">Distribution</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => {
              const expanded = open.has(p.receiptId);
              return (
                <Fragment key={p.receiptId}>
                  <tr>
                    <th scope="row" className="nowrap">
                      {formatDate(p.receivedDate)}
                    </th>
                    <td>{label('source', p.source)}</td>
                    <td>{p.reference ?? '—'}</td>
                    <td className="num">{dollars(p.amountCents)}</td>
                    <td>
                      <Tag tone={p.status === 'distributed' ? 'ok' : p.status === 'reversed' ? 'bad' : 'warn'}>{label('receiptStatus', p.status)}</Tag>
                    </td>
                    <td>
                      {p.allocations.length ? (
                        <button type="button" className="usa-button usa-button--unstyled" aria-expanded={expanded} aria-controls={`alloc-${p.receiptId}`} onClick={() => toggle(p.receiptId)}>
                          {expanded ? 'Hide' : 'Explain'} {p.allocations.length} allocation{p.allocations.length === 1 ? '' : 's'}
                          <span className="usa-sr-only">{` of the ${dollars(p.amountCents)} payment received ${formatDate(p.receivedDate)}`}</span>
                        </button>
                      ) : (
                        <span className="muted">not distributed yet</span>
                      )}
                    </td>
                  </tr>
                  {expanded ? (
                    <tr className="explain-row" id={`alloc-${p.receiptId}`}>
                      <td colSpan={6}>
                        <table className="usa-table usa-table--borderless usa-table--compact width-full">
                          <caption className="usa-sr-only">{`How the ${dollars(p.amountCents)} payment was distributed`}</caption>
                          <thead>
                            <tr>
                              <th scope="col">Month</th>
                              <th scope="col">Applied to</th>
                              <th scope="col">Paid to</th>
                              <th scope="col" className="num">
                                Amount
                              </th>
                              <th scope="col">Why</th>
                            </tr>
                          </thead>
                          <tbody>
                            {p.allocations.map((a, i) => (
                              <tr key={i}>
                                <td className="nowrap">{formatMonth(a.supportMonth)}</td>
                                <td>
                                  {label('target', a.target)}
                                  {a.reversed ? (
                                    <>
                                      {' '}
                                      <Tag tone="bad">Reversed</Tag>
                                    </>
                                  ) : null}
                                </td>
                                <td>
                                  {label('payee', a.payee)}
                                  {a.holdReason ? <span className="muted"> ({a.holdReason.replaceAll('_', ' ')})</span> : null}
                                </td>
                                <td className="num">{dollars(a.amountCents)}</td>
                                <td className="explanation">
                                  {a.explanation} <span className="muted">[{a.ruleCode}]</span>
                                </td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      {newestFirst.length > PAYMENTS_SHOWN ? (
        <button type="button" className="usa-button usa-button--outline" onClick={() => setAll((a) => !a)}>
          {all ? `Show the newest ${PAYMENTS_SHOWN} only` : `Show all ${newestFirst.length} payments`}
        </button>
      ) : null}
    </>
  );
}

function Disbursements({ statement }: { statement: Statement }) {
  if (!statement.disbursements.length) return <p>Nothing has been paid out on this case.</p>;
  const rows = [...statement.disbursements].reverse();
  return (
    <div className="table-wrap">
      <table className="usa-table usa-table--borderless width-full">
        <caption>{`${rows.length} disbursement${rows.length === 1 ? '' : 's'}, newest first`}</caption>
        <thead>
          <tr>
            <th scope="col">Issued</th>
            <th scope="col">Paid to</th>
            <th scope="col">Method</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">Due</th>
            <th scope="col">Timeliness</th>
            <th scope="col">Check</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.disbursementId}>
              <th scope="row" className="nowrap">
                {formatDate(d.issuedDate)}
              </th>
              <td>{label('payee', d.payee)}</td>
              <td>{label('method', d.method)}</td>
              <td className="num">{dollars(d.amountCents)}</td>
              <td className="nowrap">{formatDate(d.dueDate)}</td>
              <td>{d.onTime ? <Tag tone="ok">On time</Tag> : <Tag tone="bad">Late</Tag>}</td>
              <td>{d.checkNumber ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface EnforcementAction {
  id: number;
  kind: string;
  status: string;
  startDate: string;
  dueDate: string | null;
  endDate: string | null;
  noticeKind: string | null;
  noticeSentDate: string | null;
  source: string;
  reason: string | null;
}

function EnforcementActions({ caseNumber }: { caseNumber: string }) {
  const { data, error } = useGet<EnforcementAction[]>(`/api/cases/${encodeURIComponent(caseNumber)}/enforcement-actions`);
  if (error) return <ApiErrorAlert error={error} heading="Enforcement actions could not be loaded" />;
  if (!data) return <Loading label="Loading enforcement actions…" />;
  return (
    <>
      {data.length ? (
        <div className="table-wrap">
          <table className="usa-table usa-table--borderless width-full">
            <caption>{`${data.length} enforcement action${data.length === 1 ? '' : 's'}, newest first`}</caption>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Due</th>
                <th scope="col">Notice</th>
                <th scope="col">Ended</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {[...data].reverse().map((a) => (
                <tr key={a.id}>
                  <th scope="row">{label('enforcement', a.kind)}</th>
                  <td>
                    <Tag tone={a.status === 'active' ? 'ok' : a.status === 'pending' ? 'warn' : a.status === 'rejected' ? 'bad' : 'info'}>{a.status}</Tag>
                  </td>
                  <td className="nowrap">{formatDate(a.startDate)}</td>
                  <td className="nowrap">{formatDate(a.dueDate)}</td>
                  <td>{a.noticeKind ? `${label('notice', a.noticeKind)}${a.noticeSentDate ? `, sent ${formatDate(a.noticeSentDate)}` : ', not sent yet'}` : '—'}</td>
                  <td className="nowrap">{formatDate(a.endDate)}</td>
                  <td>{a.reason ?? `from ${a.source.replaceAll('_', ' ')}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No enforcement action has been taken on this case.</p>
      )}
      <p className="muted">
        Income withholding starts from new-hire matches; tax refund offset and passport denial are certified from the account balances. License suspension, credit reporting and
        financial institution levies are not built yet.
      </p>
    </>
  );
}

/** Notices sent on the case; each opens the stored PDF exactly as it was sent. */
function Documents({ caseNumber }: { caseNumber: string }) {
  const { data, error } = useGet<NoticeView[]>(`/api/cases/${encodeURIComponent(caseNumber)}/notices`);
  if (error) return <ApiErrorAlert error={error} heading="The documents could not be loaded" />;
  if (!data) return <Loading label="Loading documents…" />;
  if (!data.length) return <p>No notice has been sent on this case.</p>;
  const rows = [...data].sort((a, b) => (a.noticeDate < b.noticeDate ? 1 : a.noticeDate > b.noticeDate ? -1 : b.noticeId - a.noticeId));
  return (
    <div className="table-wrap">
      <table className="usa-table usa-table--borderless width-full">
        <caption>{`${rows.length} notice${rows.length === 1 ? '' : 's'} sent, newest first`}</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Notice</th>
            <th scope="col">To</th>
            <th scope="col">Delivery</th>
            <th scope="col" className="num">
              Pages
            </th>
            <th scope="col">Document</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((n) => (
            <tr key={n.noticeId}>
              <td className="nowrap">{formatDate(n.noticeDate)}</td>
              <th scope="row">{n.title}</th>
              <td>
                {n.recipient.name} <span className="muted">({label('noticeRecipient', n.recipient.role)})</span>
              </td>
              <td>{label('delivery', n.delivery)}</td>
              <td className="num">{n.pages}</td>
              <td>
                <a href={`/api/notices/${n.noticeId}/pdf`} target="_blank" rel="noopener" aria-label={`Open the PDF of ${n.title} sent ${formatDate(n.noticeDate)} (opens in a new tab)`}>
                  Open PDF
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Whether the case is closing, closed or was reopened, and the history of closures (45 CFR 303.11). */
function Closure({ caseNumber }: { caseNumber: string }) {
  const { data, error } = useGet<{ caseNumber: string; status: string; closures: ClosureView[] }>(`/api/cases/${encodeURIComponent(caseNumber)}/closure`);
  if (error) return <ApiErrorAlert error={error} heading="The closure history could not be loaded" />;
  if (!data) return <Loading label="Loading the closure history…" />;
  const pending = data.closures.find((c) => c.status === 'notice_period');
  return (
    <>
      <p>
        {pending ? (
          <>
            <Tag tone="warn">Closing</Tag> {`Closure proposed ${formatDate(pending.proposedDate)} under ${pending.regulation}; the notice period ends ${formatDate(pending.earliestClosureDate)}.`}
          </>
        ) : data.status === 'closed' ? (
          <>
            <Tag tone="info">Closed</Tag> The case is closed.
          </>
        ) : (
          <>
            <Tag tone="ok">Open</Tag> No closure is in progress.
          </>
        )}
      </p>
      {data.closures.length ? (
        <div className="table-wrap">
          <table className="usa-table usa-table--borderless width-full">
            <caption>{`Closure history: ${data.closures.length} closure${data.closures.length === 1 ? '' : 's'} proposed`}</caption>
            <thead>
              <tr>
                <th scope="col">Proposed</th>
                <th scope="col">Criterion</th>
                <th scope="col">Status</th>
                <th scope="col">Notice</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {[...data.closures].reverse().map((c) => (
                <tr key={c.closureId}>
                  <td className="nowrap">{formatDate(c.proposedDate)}</td>
                  <th scope="row">
                    {c.title} <span className="muted">({c.regulation})</span>
                    <div className="item-detail muted">{c.finding}</div>
                  </th>
                  <td>{label('closureStatus', c.status)}</td>
                  <td>
                    {c.noticeId ? (
                      <a href={`/api/notices/${c.noticeId}/pdf`} target="_blank" rel="noopener">
                        {`Notice of ${formatDate(c.noticeDate)}`}
                      </a>
                    ) : (
                      c.noticeRequired.replaceAll('_', ' ')
                    )}
                  </td>
                  <td>
                    {c.closedDate
                      ? `Closed ${formatDate(c.closedDate)}`
                      : c.responseDate
                        ? `Reply ${formatDate(c.responseDate)}${c.responseNote ? `: ${c.responseNote}` : ''}`
                        : c.withdrawnDate
                          ? `Withdrawn ${formatDate(c.withdrawnDate)}${c.withdrawReason ? `: ${c.withdrawReason}` : ''}`
                          : c.earliestClosureDate
                            ? `May close on ${formatDate(c.earliestClosureDate)}`
                            : '—'}
                    {c.reopenedDate ? <div className="item-detail">{`Reopened ${formatDate(c.reopenedDate)}${c.reopenReason ? `: ${c.reopenReason}` : ''}`}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">This case has never been proposed for closure.</p>
      )}
    </>
  );
}

export function CaseSummaryPage({ caseNumber }: { caseNumber: string }) {
  const { user, today } = useSession();
  const location = useLocation();
  const cn = caseNumber.toUpperCase();
  const summary = useGet<CaseSummary>(`/api/cases/${encodeURIComponent(cn)}`);
  const canFinance = can(user, 'finance.read');
  const statement = useGet<Statement>(canFinance ? `/api/cases/${encodeURIComponent(cn)}/statement` : null);
  const s = summary.data;
  const open = s?.status === 'open';

  return (
    <>
      <PageHeading title={`Case ${cn}`}>
        Case {cn} {s ? <Tag tone={open ? 'ok' : 'info'}>{label('status', s.status)}</Tag> : null}
      </PageHeading>
      {location.flash ? (
        <Alert kind="success" slim>
          {location.flash}
        </Alert>
      ) : null}
      {summary.error ? <ApiErrorAlert error={summary.error} heading={summary.error.status === 404 ? 'No such case that you may see' : 'The case could not be loaded'} /> : null}
      {!s && !summary.error ? <Loading label="Loading the case…" /> : null}
      {s ? (
        <>
          <Facts
            items={[
              ['Type', label('caseType', s.caseType)],
              ['Office', `${s.office.name} (${s.office.code})`],
              ['Worker', s.assignedWorker?.displayName ?? 'Unassigned'],
              ['Interstate', `${label('interstate', s.interstateRole)}${s.otherJurisdictionFips ? ` with FIPS ${s.otherJurisdictionFips}` : ''}${s.otherJurisdictionCaseId ? `, their case ${s.otherJurisdictionCaseId}` : ''}`],
              ['Source', label('intakeKind', s.intakeSource)],
              ['Received', formatDate(s.receivedDate)],
              [
                'Opened',
                <>
                  {formatDate(s.openedDate)} {s.openedOnTime ? <Tag tone="ok">within 20 days</Tag> : <Tag tone="bad">late</Tag>}
                </>,
              ],
              ...(s.closedDate ? ([['Closed', `${formatDate(s.closedDate)} (${s.closureReason ?? 'no reason recorded'})`]] as Array<[string, string]>) : []),
            ]}
          />
          <div className="actions">
            {open && can(user, 'case.write') ? (
              <Link to={`/cases/${cn}/orders/new`} className="usa-button">
                Enter an order
              </Link>
            ) : null}
            {open && can(user, 'case.write') ? (
              <Link to={`/cases/${cn}/guideline`} className="usa-button usa-button--outline">
                Guideline worksheet
              </Link>
            ) : null}
            {can(user, 'finance.write') ? (
              <Link to={`/receipts/new?caseNumber=${cn}`} className="usa-button usa-button--outline">
                Post a receipt
              </Link>
            ) : null}
          </div>
          <div className="case-layout">
            <nav className="case-layout__nav" aria-label="Sections of this case">
              <ul className="usa-sidenav">
                {SECTIONS.map(([id, title]) => (
                  <li className="usa-sidenav__item" key={id}>
                    <a href={`#${id}`}>{title}</a>
                  </li>
                ))}
              </ul>
            </nav>
            <div className="case-layout__content">
              <Section id="members" title="Members">
                <Members summary={s} />
              </Section>
              <Section id="timeframes" title="Timeframes">
                <Timeframes caseNumber={cn} summary={s} today={today} />
              </Section>
              {!canFinance ? (
                <Section id="orders" title="Orders and money">
                  <p>Your role does not include the financial records of cases.</p>
                </Section>
              ) : statement.error ? (
                <Section id="orders" title="Orders and money">
                  <ApiErrorAlert error={statement.error} heading="The account statement could not be loaded" />
                </Section>
              ) : !statement.data ? (
                <Section id="orders" title="Orders and money">
                  <Loading label="Loading the account statement…" />
                </Section>
              ) : (
                <>
                  <Section id="orders" title="Orders">
                    <Orders statement={statement.data} />
                  </Section>
                  <Section id="balances" title="Balances">
                    <Balances statement={statement.data} />
                  </Section>
                  <Section id="charges" title="Monthly charges">
                    <Charges statement={statement.data} />
                  </Section>
                  <Section id="payments" title="Payments">
                    <Payments statement={statement.data} />
                  </Section>
                  <Section id="disbursements" title="Disbursements">
                    <Disbursements statement={statement.data} />
                  </Section>
                </>
              )}
              <Section id="enforcement" title="Enforcement actions">
                <EnforcementActions caseNumber={cn} />
              </Section>
              <Section id="documents" title="Documents">
                <Documents caseNumber={cn} />
              </Section>
              <Section id="closure" title="Closure">
                <Closure caseNumber={cn} />
              </Section>
            </div>
          </div>
        </>
      ) : null}
    </>
  );
}
