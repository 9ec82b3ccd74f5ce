/**
 * The parent portal, in English or Spanish: the parent's own cases, what is due next, payments received
 * and paid out to them, and reporting a new address. Only the parent's own information and the other
 * parent's name are shown (never an address, SSN or bank account of anyone else).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, post, useGet, type PortalCase, type PortalPayments } from '../api.ts';
import { useDocumentLang, useI18n } from '../i18n.tsx';
import { dollars, formatDate, formatMonth } from '../format.ts';
import { US_STATES } from '../labels.ts';
import { Alert, ErrorSummary, Facts, Loading, PageHeading, RadioGroup, SelectField, TextField, Tag, type FieldProblem } from '../components/ui.tsx';

function CaseCard({ c }: { c: PortalCase }) {
  const { t, tc, locale } = useI18n();
  return (
    <div className="case-box">
      <h2>{t('portal.case', { caseNumber: c.caseNumber })}</h2>
      <Facts
        items={[
          [t('portal.status'), <Tag tone={c.status === 'open' ? 'ok' : 'info'}>{tc('portal.status', c.status)}</Tag>],
          [t('portal.myRole'), tc('portal.role', c.myRole)],
          [t('portal.otherParent'), c.otherParty ?? '—'],
          [t('portal.children'), c.children.map((ch) => ch.firstName).join(', ') || '—'],
          [t('portal.opened'), formatDate(c.openedDate, locale)],
        ]}
      />
    </div>
  );
}

function CasePayments({ caseNumber }: { caseNumber: string }) {
  const { t, tc, locale } = useI18n();
  const { data, error } = useGet<PortalPayments>(`/api/portal/cases/${encodeURIComponent(caseNumber)}/payments`);
  if (error) return <Alert kind="error">{t('portal.loadFailed')}</Alert>;
  if (!data) return <Loading label={t('portal.loading')} />;
  const due = data.nextPayment;
  return (
    <>
      <div className="summary-cards">
        <div className="summary-card">
          <h2 id="due-heading">{t('portal.due.title')}</h2>
          {due ? (
            due.amountDueCents > 0 ? (
              <p className="big-text">{t('portal.due.amount', { amount: dollars(due.amountDueCents, locale), month: formatMonth(due.month, locale) })}</p>
            ) : (
              <p className="big-text">{t('portal.due.paid', { month: formatMonth(due.month, locale) })}</p>
            )
          ) : (
            <p>{t('portal.due.noOrder')}</p>
          )}
        </div>
        {data.monthlySupportCents !== null ? (
          <div className="summary-card">
            <h2>{t('portal.monthly')}</h2>
            <p className="big">{dollars(data.monthlySupportCents, locale)}</p>
          </div>
        ) : null}
        {data.pastDueCents !== null ? (
          <div className="summary-card">
            <h2>{t('portal.pastDue')}</h2>
            <p className="big">{dollars(data.pastDueCents, locale)}</p>
          </div>
        ) : null}
      </div>

      <section className="section" aria-labelledby="payments-heading">
        <h2 id="payments-heading">{t('portal.payments.title')}</h2>
        {data.payments.length ? (
          <div className="table-wrap">
            <table className="usa-table usa-table--borderless usa-table--striped width-full">
              <caption className="usa-sr-only">{t('portal.payments.caption', { caseNumber })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('portal.payments.date')}</th>
                  <th scope="col" className="num">
                    {t('portal.payments.amount')}
                  </th>
                  <th scope="col">{t('portal.payments.method')}</th>
                  <th scope="col" className="num">
                    {t('portal.payments.current')}
                  </th>
                  <th scope="col" className="num">
                    {t('portal.payments.pastDue')}
                  </th>
                  <th scope="col">{t('portal.payments.status')}</th>
                </tr>
              </thead>
              <tbody>
                {data.payments.map((p, i) => (
                  <tr key={i}>
                    <th scope="row" className="nowrap">
                      {formatDate(p.receivedDate, locale)}
                    </th>
                    <td className="num">{dollars(p.amountCents, locale)}</td>
                    <td>{tc('source', p.source)}</td>
                    <td className="num">{dollars(p.toCurrentSupportCents, locale)}</td>
                    <td className="num">{dollars(p.toPastDueCents, locale)}</td>
                    <td>{tc('receipt', p.status)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('portal.payments.none')}</p>
        )}
      </section>

      {data.myRole === 'custodial_party' || data.paidToYou.length ? (
        <section className="section" aria-labelledby="paid-heading">
          <h2 id="paid-heading">{t('portal.paidToYou.title')}</h2>
          {data.paidToYou.length ? (
            <div className="table-wrap">
              <table className="usa-table usa-table--borderless usa-table--striped">
                <caption className="usa-sr-only">{t('portal.paidToYou.caption', { caseNumber })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('portal.paidToYou.date')}</th>
                    <th scope="col" className="num">
                      {t('portal.payments.amount')}
                    </th>
                    <th scope="col">{t('portal.paidToYou.method')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.paidToYou.map((d, i) => (
                    <tr key={i}>
                      <th scope="row" className="nowrap">
                        {formatDate(d.issuedDate, locale)}
                      </th>
                      <td className="num">{dollars(d.amountCents, locale)}</td>
                      <td>{tc('method', d.method)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>{t('portal.paidToYou.none')}</p>
          )}
        </section>
      ) : null}
    </>
  );
}

function AddressForm() {
  const { t } = useI18n();
  const blank = { kind: 'residential', line1: '', line2: '', city: '', stateCode: '', zip: '' };
  const [form, setForm] = useState(blank);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState(0);
  const [busy, setBusy] = useState(false);
  const set = (f: keyof typeof blank) => (v: string) => setForm((s) => ({ ...s, [f]: v }));
  const errorOf = (id: string) => problems.find((p) => p.fieldId === id)?.message;
  // Messages are kept as keys so they follow a change of language.
  useEffect(() => setProblems([]), [t]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldProblem[] = [];
    if (!form.line1.trim()) found.push({ fieldId: 'address-line1', message: `${t('portal.address.line1')}: ${t('portal.required')}` });
    if (!form.city.trim()) found.push({ fieldId: 'address-city', message: `${t('portal.address.city')}: ${t('portal.required')}` });
    if (!form.stateCode) found.push({ fieldId: 'address-stateCode', message: `${t('portal.address.state')}: ${t('portal.stateInvalid')}` });
    if (!/^\d{5}(-\d{4})?$/.test(form.zip.trim())) found.push({ fieldId: 'address-zip', message: `${t('portal.address.zip')}: ${t('portal.zipInvalid')}` });
    setAttempt((a) => a + 1);
    setProblems(found);
    setSaved(0);
    if (found.length) return;
    setBusy(true);
    try {
      await post('/api/portal/address', { kind: form.kind, line1: form.line1.trim(), ...(form.line2.trim() ? { line2: form.line2.trim() } : {}), city: form.city.trim(), stateCode: form.stateCode, zip: form.zip.trim() });
      setForm(blank);
      setSaved((n) => n + 1);
    } catch (err) {
      const message = err instanceof ApiError && err.details.length ? err.details.map((d) => d.message).join('; ') : t('portal.address.error');
      setProblems([{ fieldId: 'address-line1', message }]);
      setAttempt((a) => a + 1);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section" aria-labelledby="address-heading">
      <h2 id="address-heading">{t('portal.address.title')}</h2>
      <p className="maxw-tablet">{t('portal.address.intro')}</p>
      {saved ? (
        <Alert kind="success" slim focus key={saved}>
          {t('portal.address.saved')}
        </Alert>
      ) : null}
      <ErrorSummary problems={problems} heading={t('portal.errorTitle')} generation={attempt} />
      <form className="usa-form usa-form--large" onSubmit={submit} noValidate aria-labelledby="address-heading">
        <RadioGroup
          name="address-kind"
          legend={t('portal.address.kind')}
          value={form.kind}
          onChange={set('kind')}
          options={[
            { value: 'residential', label: t('portal.address.residential') },
            { value: 'mailing', label: t('portal.address.mailing') },
          ]}
        />
        <TextField id="address-line1" label={t('portal.address.line1')} value={form.line1} onChange={set('line1')} required autoComplete="address-line1" error={errorOf('address-line1')} />
        <TextField id="address-line2" label={t('portal.address.line2')} value={form.line2} onChange={set('line2')} autoComplete="address-line2" />
        <TextField id="address-city" label={t('portal.address.city')} value={form.city} onChange={set('city')} required autoComplete="address-level2" error={errorOf('address-city')} />
        <SelectField id="address-stateCode" label={t('portal.address.state')} value={form.stateCode} onChange={set('stateCode')} placeholder="–" options={US_STATES.map((s) => ({ value: s, label: s }))} required error={errorOf('address-stateCode')} />
        <TextField id="address-zip" label={t('portal.address.zip')} value={form.zip} onChange={set('zip')} required inputMode="numeric" width="medium" maxLength={10} autoComplete="postal-code" error={errorOf('address-zip')} />
        <button type="submit" className="usa-button" disabled={busy}>
          {t('portal.address.submit')}
        </button>
      </form>
    </section>
  );
}

export function ParentPortalPage() {
  const { t, lang } = useI18n();
  useDocumentLang(lang);
  const cases = useGet<PortalCase[]>('/api/portal/cases');
  const [selected, setSelected] = useState<string | null>(null);
  const list = cases.data ?? [];
  const current = list.find((c) => c.caseNumber === selected) ?? list[0] ?? null;
  return (
    <>
      <PageHeading title={t('portal.title')}>{t('portal.title')}</PageHeading>
      {cases.error ? <Alert kind="error">{t('portal.loadFailed')}</Alert> : null}
      {!cases.data && !cases.error ? <Loading label={t('portal.loading')} /> : null}
      {cases.data && !list.length ? <p>{t('portal.none')}</p> : null}
      {list.length > 1 ? (
        <SelectField id="portal-case" label={t('portal.chooseCase')} value={current?.caseNumber ?? ''} onChange={setSelected} options={list.map((c) => ({ value: c.caseNumber, label: t('portal.case', { caseNumber: c.caseNumber }) }))} />
      ) : null}
      {current ? (
        <>
          <CaseCard c={current} />
          <CasePayments caseNumber={current.caseNumber} key={current.caseNumber} />
        </>
      ) : null}
      {cases.data ? <AddressForm /> : null}
    </>
  );
}
