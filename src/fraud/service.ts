/**
 * The fraud signals report for supervisors: risky events found in other modules' tables, read only.
 *
 *  - a payee's bank account changed shortly before a large direct deposit (days and amount are program
 *    policy: program_policy.fraud_thresholds);
 *  - one bank account (routing + account, compared by keyed hash, never printed) receiving direct deposits
 *    for unrelated families (payees who share no case);
 *  - a manual adjustment of a receipt (reversal, NSF reversal, identification) posted by the same worker
 *    who posted the receipt;
 *  - SSNs on file that fail the validity checks (area 000/666/9xx, group 00, serial 0000, known invalid).
 *
 * Scope: the access layer's. A supervisor sees their office; administrators and auditors their IV-D
 * program; nobody another program's records (tribal mode).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Deps } from '../deps.ts';
import { isIsoDate } from '../kernel/calendar.ts';
import { formatDollars } from '../kernel/money.ts';
import { fail, ok, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { caseVisibility, programReceiptCondition, programScope, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { blindIndex, decryptText, maskSsn } from '../security/pii.ts';
import { ROLE_POLICIES } from '../security/roles.ts';
import { DEFAULT_FRAUD_THRESHOLDS, programPolicyOn, type FraudThresholds } from '../tribal/policy.ts';
import { daysBetween, familiesOf, invalidSsnReason, maskRouting, sortSignals, type Signal, type SignalKind } from './rules.ts';

export const FRAUD_REPORT_ROLES = ['supervisor', 'administrator', 'auditor'] as const;

export interface FraudReport {
  from: string;
  to: string;
  scope: { programCode: string | null; officeCode: string | null };
  counts: Record<SignalKind, number>;
  signals: Signal[];
}

export interface FraudQuery {
  from: string;
  to: string;
  officeCode?: string | undefined;
}

export async function fraudReport(deps: Pick<Deps, 'db' | 'keys'>, ctx: RequestContext, q: FraudQuery): Promise<Result<FraudReport>> {
  const { db, keys } = deps;
  const allowed = requirePermission(ctx.actor, 'report.read');
  if (!allowed.ok) return allowed;
  if (!(FRAUD_REPORT_ROLES as readonly string[]).includes(ctx.actor.role)) return fail('FORBIDDEN', `the fraud signals report is for ${FRAUD_REPORT_ROLES.join(', ')}`);
  const programOk = await programScope(db, ctx.actor);
  if (!programOk.ok) return programOk;
  const problems = [];
  if (!isIsoDate(q.from)) problems.push({ path: '?from', message: 'must be a date (YYYY-MM-DD)' });
  if (!isIsoDate(q.to)) problems.push({ path: '?to', message: 'must be a date (YYYY-MM-DD)' });
  if (problems.length === 0 && q.from > q.to) problems.push({ path: '?from', message: 'must not be after to' });
  if (problems.length) return fail('VALIDATION_FAILED', undefined, problems);

  const visible = caseVisibility(ctx.actor) ?? sql<boolean>`true`;
  let officeCode: string | null = null;
  let inOffice: RawBuilder<boolean> = sql<boolean>`true`;
  if (q.officeCode) {
    const office = await sql<{ id: number; code: string }>`select o.id, o.code from office o where o.code = ${q.officeCode.toUpperCase()}
      and ${ctx.actor.programId != null ? sql`o.program_id = ${ctx.actor.programId}` : sql`true`}`.execute(db);
    const o = office.rows[0];
    if (!o) return fail('VALIDATION_FAILED', undefined, [{ path: '?officeCode', message: `no office ${q.officeCode}` }]);
    officeCode = o.code;
    inOffice = sql<boolean>`c.office_id = ${o.id}`;
  }
  const caseScope = sql<boolean>`(${visible} and ${inOffice})`;
  const officeScoped = ROLE_POLICIES[ctx.actor.role].scope === 'office';

  const thresholdCache = new Map<string, FraudThresholds>();
  const thresholds = async (programId: number, date: string) => {
    const key = `${programId}:${date}`;
    if (!thresholdCache.has(key)) thresholdCache.set(key, (await programPolicyOn(db, programId, date))?.fraudThresholds ?? DEFAULT_FRAUD_THRESHOLDS);
    return thresholdCache.get(key)!;
  };

  const signals: Signal[] = [];

  // 1. Bank account set up or changed shortly before a large direct deposit.
  const deposits = await sql<{
    id: number; case_number: string; program_id: number; payee_person_id: number; amount_cents: number; issued_date: string;
    bank_id: number; routing_number: string; account_last4: string; effective_from: string; previous_id: number | null; previous_last4: string | null;
  }>`
    select d.id, c.case_number, o.program_id, d.payee_person_id, d.amount_cents::bigint as amount_cents, d.issued_date::text as issued_date,
      b.id as bank_id, b.routing_number, b.account_last4, b.effective_from::text as effective_from,
      pb.id as previous_id, pb.account_last4 as previous_last4
    from disbursement d join iv_d_case c on c.id = d.case_id join office o on o.id = c.office_id
    join payee_bank_account b on b.id = d.bank_account_id
    left join lateral (select x.id, x.account_last4 from payee_bank_account x where x.person_id = b.person_id and x.id <> b.id and x.effective_from <= b.effective_from
      order by x.effective_from desc, x.id desc limit 1) pb on true
    where d.method = 'eft' and d.issued_date between ${q.from} and ${q.to} and ${caseScope}
    order by d.issued_date, d.id`.execute(db);
  for (const d of deposits.rows) {
    const t = await thresholds(d.program_id, d.issued_date);
    const days = daysBetween(d.effective_from, d.issued_date);
    if (Number(d.amount_cents) < t.largeDisbursementCents || days > t.bankChangeDays || days < 0) continue;
    const changed = d.previous_id !== null;
    signals.push({
      kind: 'bank_account_changed_before_disbursement',
      severity: changed ? 'high' : 'low',
      summary: `${changed ? `bank account changed (from ****${d.previous_last4} to ****${d.account_last4})` : `first bank account ****${d.account_last4} set up`} ${days} days before a direct deposit of ${formatDollars(Number(d.amount_cents))}`,
      date: d.issued_date,
      caseNumbers: [d.case_number],
      personIds: [d.payee_person_id],
      evidence: {
        disbursementId: d.id,
        issuedDate: d.issued_date,
        amountCents: Number(d.amount_cents),
        bankAccountId: d.bank_id,
        routing: maskRouting(d.routing_number),
        accountLast4: d.account_last4,
        accountEffectiveFrom: d.effective_from,
        previousBankAccountId: d.previous_id,
        previousAccountLast4: d.previous_last4,
        daysBeforeDisbursement: days,
        thresholds: t,
      },
    });
  }

  // 2. One account receiving direct deposits for unrelated families.
  const family = await sql<{ id: number; case_id: number; case_number: string; payee_person_id: number; amount_cents: number; issued_date: string; routing_number: string; account_ciphertext: string; account_last4: string }>`
    select d.id, d.case_id, c.case_number, d.payee_person_id, d.amount_cents::bigint as amount_cents, d.issued_date::text as issued_date,
      b.routing_number, b.account_ciphertext, b.account_last4
    from disbursement d join iv_d_case c on c.id = d.case_id join payee_bank_account b on b.id = d.bank_account_id
    where d.method = 'eft' and d.payee = 'family' and d.payee_person_id is not null and d.issued_date between ${q.from} and ${q.to} and ${caseScope}
    order by d.id`.execute(db);
  const byAccount = new Map<string, typeof family.rows>();
  for (const d of family.rows) {
    // Keyed hash of routing + account: equal accounts compare equal without the number leaving this function.
    const key = blindIndex(keys, `${d.routing_number}:${decryptText(keys, d.account_ciphertext)}`);
    byAccount.set(key, [...(byAccount.get(key) ?? []), d]);
  }
  for (const [key, rows] of byAccount) {
    const payees = [...new Set(rows.map((r) => r.payee_person_id))].sort((a, b) => a - b);
    if (payees.length < 2) continue;
    const memberships = await sql<{ person_id: number; case_id: number }>`
      select distinct m.person_id, m.case_id from case_member m where m.person_id in (${sql.join(payees)})`.execute(db);
    const casesOf = new Map<number, number[]>();
    for (const m of memberships.rows) casesOf.set(m.person_id, [...(casesOf.get(m.person_id) ?? []), m.case_id]);
    const families = familiesOf(payees, casesOf);
    if (families.length < 2) continue;
    const first = rows[0]!;
    signals.push({
      kind: 'bank_account_shared_by_unrelated_families',
      severity: 'high',
      summary: `one bank account (routing ${maskRouting(first.routing_number)}, account ****${first.account_last4}) received direct deposits for ${families.length} unrelated families`,
      date: rows.map((r) => r.issued_date).sort()[0]!,
      caseNumbers: [...new Set(rows.map((r) => r.case_number))].sort(),
      personIds: payees,
      evidence: {
        accountKey: key.slice(0, 12),
        routing: maskRouting(first.routing_number),
        accountLast4: first.account_last4,
        families: families.map((f) => ({
          payeePersonIds: f,
          disbursements: rows.filter((r) => f.includes(r.payee_person_id)).map((r) => ({ disbursementId: r.id, caseNumber: r.case_number, issuedDate: r.issued_date, amountCents: Number(r.amount_cents) })),
        })),
        totalCents: rows.reduce((s, r) => s + Number(r.amount_cents), 0),
      },
    });
  }

  // 3. Manual adjustments posted by the worker who posted the receipt.
  const receiptScope = officeScoped
    ? sql<boolean>`(r.case_id is not null and exists (select 1 from iv_d_case c where c.id = r.case_id and ${caseScope}))`
    : q.officeCode
      ? sql<boolean>`exists (select 1 from iv_d_case c where c.id = r.case_id and ${caseScope})`
      : (programReceiptCondition(ctx.actor, sql`r.id`) ?? sql<boolean>`true`);
  const adjustments = await sql<{ journal_id: number; event: string; business_date: string; reason_code: string | null; user_id: number; username: string | null; receipt_id: number; amount_cents: number; received_date: string; case_number: string | null; obligor_person_id: number | null }>`
    select j.id as journal_id, j.event, j.business_date::text as business_date, j.reason_code, j.created_by as user_id, u.username,
      r.id as receipt_id, r.amount_cents::bigint as amount_cents, r.received_date::text as received_date, rc.case_number, r.obligor_person_id
    from ledger_journal j join receipt r on r.id = j.receipt_id
    left join iv_d_case rc on rc.id = r.case_id left join app_user u on u.id = j.created_by
    where j.event in ('reversal', 'nsf_reversal', 'identification') and j.batch_run_id is null and j.created_by is not null
      and j.created_by = r.created_by and j.business_date between ${q.from} and ${q.to} and ${receiptScope}
    order by r.id, j.id`.execute(db);
  const byReceipt = new Map<string, typeof adjustments.rows>();
  for (const a of adjustments.rows) byReceipt.set(`${a.receipt_id}:${a.user_id}`, [...(byReceipt.get(`${a.receipt_id}:${a.user_id}`) ?? []), a]);
  for (const rows of byReceipt.values()) {
    const a = rows[0]!;
    const events = [...new Set(rows.map((r) => r.event))];
    const movedMoney = events.some((e) => e !== 'identification');
    signals.push({
      kind: 'adjustment_by_receipt_poster',
      severity: movedMoney ? 'high' : 'medium',
      summary: `receipt ${a.receipt_id} (${formatDollars(Number(a.amount_cents))}) was posted and then ${events.join(', ')} by the same worker, ${a.username ?? `user ${a.user_id}`}`,
      date: a.business_date,
      caseNumbers: a.case_number ? [a.case_number] : [],
      personIds: a.obligor_person_id ? [a.obligor_person_id] : [],
      evidence: {
        receiptId: a.receipt_id,
        receivedDate: a.received_date,
        amountCents: Number(a.amount_cents),
        workerUserId: a.user_id,
        workerUsername: a.username,
        adjustments: rows.map((r) => ({ journalId: r.journal_id, event: r.event, businessDate: r.business_date, reasonCode: r.reason_code })),
      },
    });
  }

  // 4. SSNs on file failing the validity checks.
  const personScope = officeScoped || q.officeCode
    ? sql<boolean>`exists (select 1 from case_member m join iv_d_case c on c.id = m.case_id where m.person_id = p.id and ${caseScope})`
    : ctx.actor.programId != null ? sql<boolean>`p.program_id = ${ctx.actor.programId}` : sql<boolean>`true`;
  const persons = await sql<{ id: number; ssn_ciphertext: string; ssn_last4: string | null; entered: string; case_numbers: string[] | null }>`
    select p.id, p.ssn_ciphertext, p.ssn_last4, p.entered_date::text as entered,
      (select array_agg(distinct c.case_number order by c.case_number) from case_member m join iv_d_case c on c.id = m.case_id
        where m.person_id = p.id and ${visible}) as case_numbers
    from person p where p.ssn_ciphertext is not null and p.entered_date <= ${q.to} and ${personScope}
    order by p.id`.execute(db);
  for (const p of persons.rows) {
    const reason = invalidSsnReason(decryptText(keys, p.ssn_ciphertext));
    if (!reason) continue;
    signals.push({
      kind: 'invalid_ssn',
      severity: 'medium',
      summary: `person ${p.id} has an SSN that fails the validity checks: ${reason}`,
      date: p.entered,
      caseNumbers: p.case_numbers ?? [],
      personIds: [p.id],
      evidence: { personId: p.id, ssnMasked: maskSsn(p.ssn_last4), reason, enteredDate: p.entered },
    });
  }

  sortSignals(signals);
  const counts: Record<SignalKind, number> = { bank_account_changed_before_disbursement: 0, bank_account_shared_by_unrelated_families: 0, adjustment_by_receipt_poster: 0, invalid_ssn: 0 };
  for (const s of signals) counts[s.kind]++;
  const program = ctx.actor.programId != null ? await db.selectFrom('iv_d_program').select('code').where('id', '=', ctx.actor.programId).executeTakeFirst() : undefined;
  await recordAudit(db, ctx, {
    action: 'read',
    entityType: 'fraud_report',
    entityId: `${q.from}:${q.to}`,
    personIds: [...new Set(signals.flatMap((s) => s.personIds))],
    detail: { officeCode, counts },
  });
  return ok({ from: q.from, to: q.to, scope: { programCode: program?.code ?? null, officeCode }, counts, signals });
}
