/**
 * The employer portal: the employer's registry entry, the income withholding orders sent to it with what
 * it acknowledged (accepted, rejected, employment ended, lump sums), and the payments it sent. Employers
 * acknowledge through e-IWO files; acknowledging on the page is not built, and the page says so.
 */
import { useGet, type EmployerPortalView } from '../api.ts';
import { dollars, formatDate } from '../format.ts';
import { label } from '../labels.ts';
import { ApiErrorAlert, Facts, Loading, PageHeading, Tag } from '../components/ui.tsx';

const ACK_WORDS: Record<string, string> = { A: 'Accepted', R: 'Rejected', T: 'Employment ended', S: 'Suspended', L: 'Lump sum reported' };

function WithholdingOrders({ orders }: { orders: EmployerPortalView['withholdingOrders'] }) {
  if (!orders.length) return <p>No income withholding orders have been sent to you.</p>;
  return (
    <div className="table-wrap">
      <table className="usa-table usa-table--borderless usa-table--striped width-full">
        <caption>{`${orders.length} order${orders.length === 1 ? '' : 's'} sent to you, newest first`}</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Employee</th>
            <th scope="col">Case</th>
            <th scope="col">Sent</th>
            <th scope="col" className="num">
              Withhold a month
            </th>
            <th scope="col">Your acknowledgment</th>
            <th scope="col">Ended</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.documentTrackingNumber}>
              <th scope="row">
                {o.documentTrackingNumber}
                <br />
                <span className="muted">order {o.orderIdentifier}</span>
              </th>
              <td>{o.employeeName}</td>
              <td>{o.caseNumber}</td>
              <td className="nowrap">{formatDate(o.issuedDate)}</td>
              <td className="num">
                {dollars(o.currentSupportMonthlyCents + o.arrearsPaymentMonthlyCents)}
                <br />
                <span className="muted">{`up to ${o.ccpaPercent}% of disposable pay`}</span>
              </td>
              <td>
                {o.acknowledgment ? (
                  <>
                    <Tag tone={o.acknowledgment.status === 'A' ? 'ok' : o.acknowledgment.status === 'R' ? 'bad' : 'warn'}>{ACK_WORDS[o.acknowledgment.status] ?? o.acknowledgment.status}</Tag>{' '}
                    {formatDate(o.acknowledgment.date)}
                    {o.acknowledgment.reason ? <div className="muted">{o.acknowledgment.reason}</div> : null}
                  </>
                ) : (
                  <Tag tone="warn">Waiting for your acknowledgment</Tag>
                )}
                {o.lumpSum ? <div className="muted">{`Lump sum ${dollars(o.lumpSum.amountCents)} ${formatDate(o.lumpSum.date)}`}</div> : null}
              </td>
              <td className="nowrap">{o.terminationDate ? formatDate(o.terminationDate) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EmployerPortalPage() {
  const { data, error } = useGet<EmployerPortalView>('/api/portal/employer?limit=100');
  const total = data?.payments.reduce((sum, p) => sum + p.amountCents, 0) ?? 0;
  return (
    <>
      <PageHeading title="Employer portal">Employer portal</PageHeading>
      {error ? <ApiErrorAlert error={error} heading="Your information could not be loaded" /> : null}
      {!data && !error ? <Loading /> : null}
      {data ? (
        <>
          <Facts
            items={[
              ['Employer', data.employer.name],
              ['FEIN', data.employer.fein ? `${data.employer.fein.slice(0, 2)}-${data.employer.fein.slice(2)}` : 'not on file'],
              ['Location', [data.employer.city, data.employer.stateCode].filter(Boolean).join(', ') || 'not on file'],
            ]}
          />
          <section className="section" aria-labelledby="iwo-heading">
            <h2 id="iwo-heading">Income withholding orders</h2>
            <WithholdingOrders orders={data.withholdingOrders} />
            <div className="notice-waiting">
              <p>
                <strong>Acknowledging here is not built yet.</strong> Send acknowledgments, terminations and lump-sum notices as an e-IWO acknowledgment file, as you do today;
                this page shows what the child support office has received from you.
              </p>
            </div>
          </section>
          <section className="section" aria-labelledby="payments-heading">
            <h2 id="payments-heading">Payments you sent</h2>
            {data.payments.length ? (
              <>
                <p>{`The ${data.payments.length} most recent payments received from you: ${dollars(total)} in all.`}</p>
                <div className="table-wrap">
                  <table className="usa-table usa-table--borderless usa-table--striped width-full">
                    <caption className="usa-sr-only">Withholding payments received from you, newest first</caption>
                    <thead>
                      <tr>
                        <th scope="col">Received</th>
                        <th scope="col">Withheld on</th>
                        <th scope="col">Employee</th>
                        <th scope="col">Case</th>
                        <th scope="col" className="num">
                          Amount
                        </th>
                        <th scope="col">Status</th>
                        <th scope="col">Trace</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.payments.map((p, i) => (
                        <tr key={i}>
                          <th scope="row" className="nowrap">
                            {formatDate(p.receivedDate)}
                          </th>
                          <td className="nowrap">{formatDate(p.withholdingDate)}</td>
                          <td>{p.employeeName ?? 'not identified'}</td>
                          <td>{p.caseNumber ?? '—'}</td>
                          <td className="num">{dollars(p.amountCents)}</td>
                          <td>
                            <Tag tone={p.status === 'distributed' ? 'ok' : p.status === 'reversed' ? 'bad' : 'warn'}>{label('receiptStatus', p.status)}</Tag>
                          </td>
                          <td>{p.reference ?? '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            ) : (
              <p>No payments from you have been received yet.</p>
            )}
          </section>
        </>
      ) : null}
    </>
  );
}
