/** Case search by case number, name or SSN last four; the criteria live in the address (bookmarkable). */
import { useEffect, useState, type FormEvent } from 'react';
import { query, useGet, type CaseListItem } from '../api.ts';
import { Link, useLocation, useNavigate } from '../router.tsx';
import { formatDate } from '../format.ts';
import { label } from '../labels.ts';
import { ApiErrorAlert, ErrorSummary, Loading, PageHeading, Pager, SelectField, TextField, Tag, type FieldProblem } from '../components/ui.tsx';

const PAGE = 25;
const FIELDS = ['caseNumber', 'lastName', 'firstName', 'ssnLast4', 'status'] as const;
type Criteria = Record<(typeof FIELDS)[number], string>;

function criteriaFrom(search: URLSearchParams): Criteria {
  return Object.fromEntries(FIELDS.map((f) => [f, search.get(f) ?? ''])) as Criteria;
}

function problemsOf(c: Criteria): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (c.ssnLast4 && !/^\d{4}$/.test(c.ssnLast4)) problems.push({ fieldId: 'ssnLast4', message: 'SSN last four must be four digits' });
  if (c.firstName && !c.lastName && !c.ssnLast4) problems.push({ fieldId: 'lastName', message: 'Enter a last name (or SSN last four) with the first name' });
  if (c.caseNumber && !/^[A-Za-z0-9-]{1,20}$/.test(c.caseNumber)) problems.push({ fieldId: 'caseNumber', message: 'A case number has letters, digits and dashes only' });
  return problems;
}

export function CaseSearchPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const applied = criteriaFrom(location.search);
  const offset = Math.max(0, Number(location.search.get('offset') ?? 0) || 0);
  const [form, setForm] = useState<Criteria>(applied);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => setForm(criteriaFrom(location.search)), [location.key]);

  const searched = FIELDS.some((f) => applied[f]) || location.search.has('all');
  const valid = problemsOf(applied).length === 0;
  const path = searched && valid ? `/api/cases${query({ ...applied, caseNumber: applied.caseNumber.trim().toUpperCase(), limit: PAGE, offset })}` : null;
  const { data, error, loading } = useGet<{ total: number; items: CaseListItem[] }>(path);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = Object.fromEntries(FIELDS.map((f) => [f, form[f].trim()])) as Criteria;
    const found = problemsOf(trimmed);
    setProblems(found);
    setAttempt((a) => a + 1);
    if (found.length) return;
    const any = FIELDS.some((f) => trimmed[f]);
    navigate(`/cases${query({ ...trimmed, all: any ? null : '1' })}`);
  };
  const set = (field: keyof Criteria) => (value: string) => setForm((f) => ({ ...f, [field]: value }));
  const errorOf = (id: string) => problems.find((p) => p.fieldId === id)?.message;

  return (
    <>
      <PageHeading title="Cases">Cases</PageHeading>
      <ErrorSummary problems={problems} generation={attempt} />
      <form className="usa-form usa-form--large wide-form" onSubmit={submit} noValidate aria-label="Search cases">
        <div className="form-row">
          <TextField id="caseNumber" label="Case number" value={form.caseNumber} onChange={set('caseNumber')} width="md" error={errorOf('caseNumber')} spellCheck={false} />
          <TextField id="lastName" label="Last name" value={form.lastName} onChange={set('lastName')} width="md" error={errorOf('lastName')} autoComplete="off" />
          <TextField id="firstName" label="First name" value={form.firstName} onChange={set('firstName')} width="md" autoComplete="off" />
          <TextField id="ssnLast4" label="SSN last four" value={form.ssnLast4} onChange={set('ssnLast4')} width="xs" inputMode="numeric" maxLength={4} error={errorOf('ssnLast4')} autoComplete="off" />
          <SelectField id="status" label="Status" value={form.status} onChange={set('status')} placeholder="Open or closed" options={[{ value: 'open', label: 'Open' }, { value: 'closed', label: 'Closed' }]} />
        </div>
        <div className="actions">
          <button className="usa-button" type="submit">
            Search
          </button>
          <p className="muted margin-0">Leave every field empty to list all the cases you may see.</p>
        </div>
      </form>

      <section className="section" aria-labelledby="results-heading" aria-busy={loading}>
        <h2 id="results-heading">Results</h2>
        {!searched ? <p>Enter a case number, a name or the last four digits of an SSN.</p> : null}
        {error ? <ApiErrorAlert error={error} heading="The search failed" /> : null}
        {searched && valid && !data && !error ? <Loading label="Searching…" /> : null}
        {data ? (
          <>
            <p role="status">{data.total === 0 ? 'No case matches.' : `${data.total} case${data.total === 1 ? '' : 's'} found.`}</p>
            {data.items.length ? (
              <div className="table-wrap">
                <table className="usa-table usa-table--borderless usa-table--striped width-full">
                  <caption className="usa-sr-only">{`Cases ${offset + 1} to ${offset + data.items.length} of ${data.total}`}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Case</th>
                      <th scope="col">Status</th>
                      <th scope="col">Type</th>
                      <th scope="col">Office</th>
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
                        <td>
                          <Tag tone={c.status === 'open' ? 'ok' : 'info'}>{label('status', c.status)}</Tag>
                        </td>
                        <td>{label('caseType', c.caseType)}</td>
                        <td>{c.officeCode}</td>
                        <td>{c.custodialParty ?? '—'}</td>
                        <td>{c.noncustodialParent ?? '—'}</td>
                        <td className="num">{c.childCount}</td>
                        <td className="nowrap">{formatDate(c.openedDate)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            <Pager
              offset={offset}
              limit={PAGE}
              total={data.total}
              label="Pages of search results"
              onPage={(o) => {
                const next = new URLSearchParams(location.search);
                if (o) next.set('offset', String(o));
                else next.delete('offset');
                navigate(`/cases?${next.toString()}`);
              }}
            />
          </>
        ) : null}
      </section>
    </>
  );
}
