/**
 * The employer portal as far as the API goes today: the employer's registry entry and the withholding
 * payments it sent. Income withholding orders, acknowledgments and terminations wait for the locate and
 * enforcement module (issue 5), and the page says so rather than showing empty tables.
 */
import { useGet, type EmployerPortalView } from '../api.ts';
import { dollars, formatDate } from '../format.ts';
import { label } from '../labels.ts';
import { ApiErrorAlert, Facts, Loading, PageHeading, Tag } from '../components/ui.tsx';

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
            <h2 id="iwo-heading">Income withholding orders, acknowledgments and terminations</h2>
            <div className="notice-waiting">
              <p>
                <strong>Not available yet.</strong> OpenCSE does not issue income withholding orders yet, so there are none to list, acknowledge or end here. Orders received
                (e-IWO), your acknowledgments, lump-sum reports and employment terminations will appear on this page when the locate and enforcement module is built (issue 5).
              </p>
              <p>Until then, answer the orders you receive the way you do today, and report a terminated employee to the child support office that sent the order.</p>
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
