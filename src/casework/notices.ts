/**
 * Notices and documents from templates: the service fills a template's merge fields from the case on file,
 * renders the PDF, and keeps a re-renderable record (merge data as printed, template version, SHA-256 of
 * the PDF, and the PDF itself). SSNs appear only masked (last four digits); the full number is never read here.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { federalFiscalYear } from '../kernel/calendar.ts';
import { formatDollars } from '../kernel/money.ts';
import { fail, FailureError, ok, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { caseVisibility, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { maskSsn } from '../security/pii.ts';
import { loadCaseTerms } from '../financial/accounts.ts';
import { totalArrearsCents, type CaseState } from '../financial/buckets.ts';
import { currentSupportForMonth } from '../financial/obligation-rules.ts';
import { annualFeeScheduleFor, policyFor } from '../financial/policy.ts';
import type { CaseRow } from './facts.ts';
import { renderNoticePdf, type NoticeLayout } from './notice-pdf.ts';
import { containsFullSsn, longDate, mergeTemplate, noticeTemplate, STATE_FIPS, type NoticeRecipient, type NoticeTemplate } from './notice-templates.ts';
import { syncClocks } from './timeframes.ts';
import { visibleCase } from './visible-case.ts';

/** State policy for the withholding notice (not federal law): contest period and arrears repayment rate. */
export const IWO_NOTICE_POLICY = {
  contestDays: 15,
  /** Toward arrears, a share of current support (many States use 20 to 25 percent). */
  arrearsPercentOfCurrent: 20,
  /** Toward arrears when there is no current support. */
  arrearsOnlyMonthlyCents: 10_000,
} as const;

export function programName(): string {
  return process.env.CSE_PROGRAM_NAME?.trim() || 'State Child Support Program';
}

interface Recipient {
  role: string;
  personId: number | null;
  agency: string | null;
  name: string;
  address: string[];
}

async function personRecipient(db: Db, caseId: number, roles: readonly string[], role: string, asOf: string): Promise<Recipient | null> {
  const m = await db
    .selectFrom('case_member as m')
    .innerJoin('person as p', 'p.id', 'm.person_id')
    .select(['p.id', 'p.first_name', 'p.middle_name', 'p.last_name', 'p.suffix'])
    .where('m.case_id', '=', caseId)
    .where('m.role', 'in', roles as never)
    .where('m.end_date', 'is', null)
    .orderBy('m.role', 'desc')
    .orderBy('m.id')
    .executeTakeFirst();
  if (!m) return null;
  const addr = await sql<{ line1: string; line2: string | null; city: string; state_code: string; zip: string }>`
    select line1, line2, city, state_code, zip from person_address
    where person_id = ${m.id} and effective_from <= ${asOf} and (effective_to is null or effective_to >= ${asOf}) and verification <> 'bad'
    order by (kind = 'mailing') desc, effective_from desc, id desc limit 1`.execute(db);
  const a = addr.rows[0];
  const name = [m.first_name, m.middle_name, m.last_name, m.suffix].filter(Boolean).join(' ');
  return { role, personId: m.id, agency: null, name, address: a ? [a.line1, ...(a.line2 ? [a.line2] : []), `${a.city}, ${a.state_code} ${a.zip}`] : ['(no address on file)'] };
}

async function resolveRecipient(db: Db, c: CaseRow, wanted: NoticeRecipient, asOf: string): Promise<Recipient> {
  if (wanted === 'initiating_agency') {
    if (!c.other_jurisdiction_fips) throw new FailureError(fail('CASE_STATE_INVALID', 'the case names no other jurisdiction'));
    const state = STATE_FIPS[c.other_jurisdiction_fips.slice(0, 2)] ?? `jurisdiction ${c.other_jurisdiction_fips}`;
    return { role: 'initiating_agency', personId: null, agency: state, name: state, address: [`IV-D agency, FIPS ${c.other_jurisdiction_fips}`] };
  }
  if (wanted === 'noncustodial_parent') {
    const r = await personRecipient(db, c.id, ['noncustodial_parent', 'alleged_father'], 'noncustodial_parent', asOf);
    if (!r) throw new FailureError(fail('CASE_STATE_INVALID', 'the case has no noncustodial parent'));
    return r;
  }
  const cp = await personRecipient(db, c.id, ['custodial_party'], 'custodial_party', asOf);
  if (cp) return cp;
  if (c.case_type === 'iv_e_foster_care') {
    // A IV-E case has the foster care agency as custodian (no custodial party on the case).
    return { role: 'iv_e_agency', personId: null, agency: 'IV-E foster care agency', name: 'IV-E Foster Care Agency', address: ['(agency mail)'] };
  }
  throw new FailureError(fail('CASE_STATE_INVALID', 'the case has no custodial party'));
}

async function memberNames(db: Db, caseId: number, roles: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('case_member as m')
    .innerJoin('person as p', 'p.id', 'm.person_id')
    .select(['p.first_name', 'p.last_name'])
    .where('m.case_id', '=', caseId)
    .where('m.role', 'in', roles as never)
    .where('m.end_date', 'is', null)
    .orderBy('m.id')
    .execute();
  return rows.map((r) => `${r.first_name} ${r.last_name}`);
}

function feeText(date: string): string {
  const policy = policyFor(date);
  const fee = policy ? annualFeeScheduleFor(policy, federalFiscalYear(date)) : null;
  if (!fee || fee.feeCents === 0) return 'There is no annual fee.';
  return `Families who never received TANF pay an annual fee of ${formatDollars(fee.feeCents)} in each federal fiscal year in which at least ${formatDollars(fee.thresholdCents)} of support is collected for them (42 USC 654(6)(B)(ii)); the fee is taken from support collected above that amount.`;
}

async function moneyOnFile(db: Db, caseId: number, asOf: string): Promise<{ currentMonthlyCents: number; arrearsCents: number; hasOrder: boolean }> {
  const terms = await loadCaseTerms(db, caseId);
  const account = await db.selectFrom('case_account').select('state').where('case_id', '=', caseId).executeTakeFirst();
  const order = await db.selectFrom('support_order').select('id').where('case_id', '=', caseId).where('status', '=', 'active').executeTakeFirst();
  return {
    currentMonthlyCents: currentSupportForMonth(terms.obligations, asOf.slice(0, 7)),
    arrearsCents: account ? totalArrearsCents((account.state as CaseState).arrears) : 0,
    hasOrder: order !== undefined,
  };
}

export interface ClosureNoticeFields {
  reasonTitle: string;
  citation: string;
  earliestClosureDate: string;
  finding: string;
  contactReestablishes: boolean;
}

export interface NoticeOptions {
  recipientRole?: NoticeRecipient | undefined;
  year?: number | undefined;
  delivery?: 'mail' | 'electronic' | undefined;
  closure?: ClosureNoticeFields | undefined;
  /** Figures a caller fills in (enforcement notices: amounts, the due-process date, the institution). */
  extraFields?: Readonly<Record<string, string>> | undefined;
}

/** Merge fields of a template for a case, as they will be printed. */
async function mergeFields(db: Db, c: CaseRow, t: NoticeTemplate, recipient: Recipient, date: string, opts: NoticeOptions): Promise<Record<string, string>> {
  const office = await db.selectFrom('office').select('name').where('id', '=', c.office_id).executeTakeFirstOrThrow();
  const worker = c.assigned_worker_id ? await db.selectFrom('app_user').select('display_name').where('id', '=', c.assigned_worker_id).executeTakeFirst() : undefined;
  const children = await memberNames(db, c.id, ['child']);
  const ncp = await memberNames(db, c.id, ['noncustodial_parent', 'alleged_father']);
  const f: Record<string, string> = {
    programName: programName(),
    officeName: office.name,
    noticeDate: longDate(date),
    caseNumber: c.case_number,
    recipientName: recipient.name,
    workerName: worker?.display_name ?? 'the office caseworker on duty',
    childrenNames: children.length ? children.join(', ') : 'the children named in your application',
    ncpName: ncp[0] ?? 'not yet identified',
    openedDate: longDate(c.opened_date),
    receivedDate: longDate(c.received_date),
    intakeKind: c.intake_source === 'application' ? 'application' : 'referral',
    feeText: feeText(date),
    otherJurisdictionCaseId: c.other_jurisdiction_fips ? 'on file' : '',
  };
  if (c.other_jurisdiction_fips) {
    const row = await db.selectFrom('iv_d_case').select('other_jurisdiction_case_id').where('id', '=', c.id).executeTakeFirstOrThrow();
    f.otherJurisdictionCaseId = row.other_jurisdiction_case_id ?? 'not given';
  }
  if (t.code === 'iwo_notice_obligor') {
    const money = await moneyOnFile(db, c.id, date);
    if (!money.hasOrder) throw new FailureError(fail('CASE_STATE_INVALID', 'the case has no support order to withhold for'));
    const employer = await sql<{ name: string }>`
      select r.name from case_member m join person_employment e on e.person_id = m.person_id join employer r on r.id = e.employer_id
      where m.case_id = ${c.id} and m.role in ('noncustodial_parent', 'alleged_father') and m.end_date is null and e.end_date is null
      order by e.id desc limit 1`.execute(db);
    if (!employer.rows[0]) throw new FailureError(fail('CASE_STATE_INVALID', 'no employer of the noncustodial parent is on file'));
    const ssn = await sql<{ ssn_last4: string | null }>`select ssn_last4 from person where id = ${recipient.personId}`.execute(db);
    const arrearsPayment = money.arrearsCents <= 0
      ? 0
      : money.currentMonthlyCents > 0
        ? Math.min(money.arrearsCents, Math.round((money.currentMonthlyCents * IWO_NOTICE_POLICY.arrearsPercentOfCurrent) / 100))
        : Math.min(money.arrearsCents, IWO_NOTICE_POLICY.arrearsOnlyMonthlyCents);
    Object.assign(f, {
      employerName: employer.rows[0].name,
      obligorSsnMasked: maskSsn(ssn.rows[0]?.ssn_last4 ?? null) ?? 'not on file',
      contestDays: String(IWO_NOTICE_POLICY.contestDays),
      currentSupportMonthly: formatDollars(money.currentMonthlyCents),
      arrearsBalance: formatDollars(money.arrearsCents),
      arrearsPaymentMonthly: formatDollars(arrearsPayment),
      withholdingMonthly: formatDollars(money.currentMonthlyCents + arrearsPayment),
    });
  }
  if (t.code === 'annual_statement') {
    const year = opts.year ?? Number(date.slice(0, 4)) - 1;
    const money = await moneyOnFile(db, c.id, date);
    const totals = await sql<{ payments: number; distributed: number; current: number; arrears: number; family: number; retained: number; fees: number }>`
      select count(distinct d.receipt_id)::int as payments,
        coalesce(sum(d.amount_cents), 0)::bigint as distributed,
        coalesce(sum(d.amount_cents) filter (where d.target = 'current_support'), 0)::bigint as current,
        coalesce(sum(d.amount_cents) filter (where d.target in ('PA', 'TA', 'CA', 'UDA', 'UPA', 'NA')), 0)::bigint as arrears,
        coalesce(sum(d.amount_cents) filter (where d.payee = 'family'), 0)::bigint as family,
        coalesce(sum(d.amount_cents) filter (where d.payee in ('state', 'federal') and d.rule_code <> 'ANNUAL_FEE'), 0)::bigint as retained,
        coalesce(sum(d.amount_cents) filter (where d.rule_code = 'ANNUAL_FEE'), 0)::bigint as fees
      from distribution_allocation d join ledger_journal j on j.id = d.journal_id
      where d.case_id = ${c.id} and d.payee <> 'held' and j.business_date between ${`${year}-01-01`} and ${`${year}-12-31`}
        and not exists (select 1 from ledger_journal r where r.reverses_journal_id = d.journal_id)`.execute(db);
    const s = totals.rows[0]!;
    Object.assign(f, {
      year: String(year),
      paymentCount: String(s.payments),
      distributedTotal: formatDollars(s.distributed),
      currentSupportPaid: formatDollars(s.current),
      arrearsPaid: formatDollars(s.arrears),
      toFamily: formatDollars(s.family),
      retained: formatDollars(s.retained),
      fees: formatDollars(s.fees),
      currentSupportMonthly: formatDollars(money.currentMonthlyCents),
      arrearsBalance: formatDollars(money.arrearsCents),
    });
  }
  if (opts.extraFields) Object.assign(f, opts.extraFields);
  if (opts.closure) {
    const k = opts.closure;
    Object.assign(f, {
      closureReason: k.reasonTitle,
      closureCitation: k.citation,
      earliestClosureDate: longDate(k.earliestClosureDate),
      finding: k.finding,
      replyText: k.contactReestablishes
        ? `If you contact us by ${longDate(k.earliestClosureDate)}, the case will stay open (45 CFR 303.11(d)(3)).`
        : `If you reply by ${longDate(k.earliestClosureDate)} with information that could lead to establishing paternity or a support order, or to enforcing an order, the case will stay open (45 CFR 303.11(d)(3)).`,
    });
  }
  return f;
}

export interface NoticeView {
  noticeId: number;
  caseNumber: string;
  template: string;
  templateVersion: number;
  title: string;
  noticeDate: string;
  recipient: { role: string; personId: number | null; agency: string | null; name: string };
  delivery: 'mail' | 'electronic';
  pages: number;
  sha256: string;
}

interface StoredMerge {
  layout: Omit<NoticeLayout, 'body' | 'templateCode' | 'templateVersion'>;
  fields: Record<string, string>;
}

/** Creates a notice for a case inside the caller's transaction; returns it with the PDF. */
export async function createNotice(db: Db, ctx: RequestContext, c: CaseRow, code: string, opts: NoticeOptions = {}): Promise<NoticeView & { bytes: Uint8Array }> {
  const t = noticeTemplate(code);
  if (!t) throw new FailureError(fail('VALIDATION_FAILED', undefined, [{ path: '/template', message: `no template ${code}` }]));
  const date = ctx.clock.today();
  const wanted = opts.recipientRole ?? t.recipient;
  if (wanted !== t.recipient && !(t.otherRecipients ?? []).includes(wanted)) {
    throw new FailureError(fail('VALIDATION_FAILED', undefined, [{ path: '/recipientRole', message: `${code} goes to ${[t.recipient, ...(t.otherRecipients ?? [])].join(' or ')}` }]));
  }
  const recipient = await resolveRecipient(db, c, wanted, date);
  const fields = await mergeFields(db, c, t, recipient, date, opts);
  const layout: StoredMerge['layout'] = {
    programName: fields.programName!,
    officeName: fields.officeName!,
    noticeDate: date,
    caseNumber: c.case_number,
    recipientName: recipient.name,
    recipientAddress: recipient.address,
    delivery: opts.delivery ?? 'mail',
  };
  const body = mergeTemplate(t, fields);
  const printed = [layout.recipientName, ...layout.recipientAddress, body.title, ...body.paragraphs, ...body.table.flat()].join('\n');
  // A bug guard: nothing printed on a notice may look like a full SSN.
  if (containsFullSsn(printed)) throw new Error(`notice ${code} for case ${c.case_number} would print a full SSN`);
  const pdf = await renderNoticePdf({ ...layout, templateCode: t.code, templateVersion: t.version, body });
  const stored: StoredMerge = { layout, fields };
  const row = await db
    .insertInto('case_notice')
    .values({
      case_id: c.id,
      template_code: t.code,
      template_version: t.version,
      notice_date: date,
      recipient_person_id: recipient.personId,
      recipient_role: recipient.role,
      recipient_agency: recipient.agency,
      delivery: layout.delivery,
      merge_data: JSON.stringify(stored),
      pdf: Buffer.from(pdf.bytes),
      pdf_sha256: pdf.sha256,
      page_count: pdf.pages,
      generated_at: ctx.clock.now(),
      generated_by: ctx.actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(db, ctx, { action: 'create', entityType: 'case_notice', entityId: row.id, caseIds: [c.id], personIds: recipient.personId ? [recipient.personId] : [], detail: { template: t.code, version: t.version } });
  return {
    noticeId: row.id,
    caseNumber: c.case_number,
    template: t.code,
    templateVersion: t.version,
    title: body.title,
    noticeDate: date,
    recipient: { role: recipient.role, personId: recipient.personId, agency: recipient.agency, name: recipient.name },
    delivery: layout.delivery,
    pages: pdf.pages,
    sha256: pdf.sha256,
    bytes: pdf.bytes,
  };
}

/** A worker asks for a notice from a template (closure notices come only from the closure process). */
export async function generateNotice(deps: Deps, ctx: RequestContext, caseNumber: string, input: { template: string; recipientRole?: NoticeRecipient | undefined; year?: number | undefined }): Promise<Result<NoticeView>> {
  const t = noticeTemplate(input.template);
  if (!t) return fail('VALIDATION_FAILED', undefined, [{ path: '/template', message: `no template ${input.template}` }]);
  if (t.sentBy) return fail('VALIDATION_FAILED', undefined, [{ path: '/template', message: `${t.code} is sent by the enforcement process (${t.sentBy})` }]);
  if (t.closureOnly) return fail('VALIDATION_FAILED', undefined, [{ path: '/template', message: `${t.code} is sent by the closure process (POST /api/cases/{caseNumber}/closure)` }]);
  return inTransaction(deps.db, async (db) => {
    const c = await visibleCase(db, ctx, caseNumber, 'case.write');
    const { bytes: _bytes, ...view } = await createNotice(db, ctx, c, t.code, { recipientRole: input.recipientRole, year: input.year });
    // A notice can meet a clock (303.2(a)(2) information, 303.8(b)(7)(i) review rights).
    await syncClocks(db, ctx, { caseIds: [c.id] }, ctx.clock.today());
    return view;
  });
}

async function noticeRows(db: Db, ctx: RequestContext, where: ReturnType<typeof sql<boolean>>) {
  const visible = caseVisibility(ctx.actor) ?? sql<boolean>`true`;
  return sql<{ id: number; case_id: number; case_number: string; template_code: string; template_version: number; notice_date: string; recipient_person_id: number | null; recipient_role: string; recipient_agency: string | null; delivery: 'mail' | 'electronic'; merge_data: StoredMerge; pdf_sha256: string; page_count: number }>`
    select n.id, n.case_id, c.case_number, n.template_code, n.template_version, n.notice_date, n.recipient_person_id, n.recipient_role, n.recipient_agency,
      n.delivery, n.merge_data, n.pdf_sha256, n.page_count
    from case_notice n join iv_d_case c on c.id = n.case_id where ${where} and ${visible} order by n.notice_date, n.id`.execute(db);
}

function viewOf(r: Awaited<ReturnType<typeof noticeRows>>['rows'][number]): NoticeView {
  const t = noticeTemplate(r.template_code, r.template_version);
  return {
    noticeId: r.id,
    caseNumber: r.case_number,
    template: r.template_code,
    templateVersion: r.template_version,
    title: t ? mergeTemplate(t, r.merge_data.fields).title : r.template_code,
    noticeDate: r.notice_date,
    recipient: { role: r.recipient_role, personId: r.recipient_person_id, agency: r.recipient_agency, name: r.merge_data.layout.recipientName },
    delivery: r.delivery,
    pages: r.page_count,
    sha256: r.pdf_sha256,
  };
}

export async function listCaseNotices(deps: Pick<Deps, 'db'>, ctx: RequestContext, caseNumber: string): Promise<Result<NoticeView[]>> {
  return inTransaction(deps.db, async (db) => {
    const c = await visibleCase(db, ctx, caseNumber, 'case.read');
    const rows = await noticeRows(db, ctx, sql<boolean>`n.case_id = ${c.id}`);
    await recordAudit(db, ctx, { action: 'read', entityType: 'case_notice', entityId: c.case_number, caseIds: [c.id], detail: { count: rows.rows.length } });
    return rows.rows.map(viewOf);
  });
}

/** The PDF of a notice exactly as it was sent, checked against the SHA-256 recorded when it was made. */
export async function noticePdf(deps: Pick<Deps, 'db'>, ctx: RequestContext, noticeId: number): Promise<Result<{ fileName: string; bytes: Uint8Array }>> {
  const { db } = deps;
  const allowed = requirePermission(ctx.actor, 'case.read');
  if (!allowed.ok) return allowed;
  const rows = await noticeRows(db, ctx, sql<boolean>`n.id = ${noticeId}`);
  const r = rows.rows[0];
  if (!r) return fail('NOT_FOUND', `no notice ${noticeId} that you may see`);
  const stored = await db.selectFrom('case_notice').select('pdf').where('id', '=', noticeId).executeTakeFirstOrThrow();
  const bytes = new Uint8Array(stored.pdf);
  if (createHash('sha256').update(bytes).digest('hex') !== r.pdf_sha256) throw new Error(`notice ${noticeId} does not match the SHA-256 recorded when it was sent`);
  await recordAudit(db, ctx, { action: 'export', entityType: 'case_notice', entityId: noticeId, caseIds: [r.case_id], personIds: r.recipient_person_id ? [r.recipient_person_id] : [] });
  return ok({ fileName: `${r.case_number}-${r.template_code}-${r.notice_date}.pdf`, bytes });
}

/** Renders a stored notice again from its record (template version and merge data) for comparison. */
export async function rerenderNotice(db: Db, noticeId: number): Promise<{ bytes: Uint8Array; sha256: string; matches: boolean }> {
  const r = await db.selectFrom('case_notice').select(['template_code', 'template_version', 'merge_data', 'pdf_sha256']).where('id', '=', noticeId).executeTakeFirstOrThrow();
  const t = noticeTemplate(r.template_code, r.template_version);
  if (!t) throw new Error(`template ${r.template_code} v${r.template_version} is no longer in the code`);
  const m = r.merge_data as StoredMerge;
  const pdf = await renderNoticePdf({ ...m.layout, templateCode: t.code, templateVersion: t.version, body: mergeTemplate(t, m.fields) });
  return { bytes: pdf.bytes, sha256: pdf.sha256, matches: pdf.sha256 === r.pdf_sha256 };
}
