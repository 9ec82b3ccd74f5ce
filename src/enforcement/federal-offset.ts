/**
 * Federal remedies certified from case account balances: tax refund offset (assistance arrears of at
 * least $150, non-assistance arrears of at least $500; 45 CFR 303.72(a)(2)-(3)) and passport denial
 * (arrears exceeding $2,500; 42 USC 652(k)). An obligor's cases of one kind are added together, as
 * 303.72(a)(2) allows for assigned support. Each certified case gets an enforcement_action with the
 * advance notice (303.72(e)) and the date by which the obligor may contest.
 *
 * Which buckets count as "assistance" for the offset is a reading of the bucket table: the assigned
 * buckets (PA, TA, CA) are the IV-A/IV-E arrears; UDA, UPA and NA are owed to the family.
 */
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { addDays } from '../kernel/calendar.ts';
import type { Result } from '../kernel/result.ts';
import { formatDollars, type Cents } from '../kernel/money.ts';
import { recordAudit } from '../security/audit.ts';
import { requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { ASSIGNED_BUCKETS, ARREARS_BUCKETS, type ArrearsBalances } from '../financial/buckets.ts';
import type { CaseState } from '../financial/buckets.ts';

/** Thresholds in cents (policy data with their sources). */
export const OFFSET_THRESHOLDS = Object.freeze({
  /** 45 CFR 303.72(a)(2): assigned (IV-A/IV-E) past-due support of at least $150. */
  taxOffsetAssistanceCents: 15_000,
  /** 45 CFR 303.72(a)(3); 42 USC 664(b)(2)(A): non-IV-A past-due support of at least $500. */
  taxOffsetNonAssistanceCents: 50_000,
  /** 42 USC 652(k): arrears exceeding $2,500 (strictly more). */
  passportDenialCents: 250_000,
  /** 303.72(e): time the notice gives to contest before the State certifies. */
  contestDays: 30,
});

export function assistanceArrearsCents(a: ArrearsBalances): Cents {
  return ASSIGNED_BUCKETS.reduce((s, b) => s + Math.max(0, a[b]), 0);
}

export function nonAssistanceArrearsCents(a: ArrearsBalances): Cents {
  return ARREARS_BUCKETS.filter((b) => !ASSIGNED_BUCKETS.includes(b)).reduce((s, b) => s + Math.max(0, a[b]), 0);
}

export interface ObligorCertification {
  assistanceCents: Cents;
  nonAssistanceCents: Cents;
  taxOffsetAssistance: boolean;
  taxOffsetNonAssistance: boolean;
  passportDenial: boolean;
}

/** Pure: what an obligor qualifies for, from the arrears of all their cases. */
export function certifyObligor(cases: readonly ArrearsBalances[], t = OFFSET_THRESHOLDS): ObligorCertification {
  const assistanceCents = cases.reduce((s, a) => s + assistanceArrearsCents(a), 0);
  const nonAssistanceCents = cases.reduce((s, a) => s + nonAssistanceArrearsCents(a), 0);
  return {
    assistanceCents,
    nonAssistanceCents,
    taxOffsetAssistance: assistanceCents >= t.taxOffsetAssistanceCents,
    taxOffsetNonAssistance: nonAssistanceCents >= t.taxOffsetNonAssistanceCents,
    passportDenial: assistanceCents + nonAssistanceCents > t.passportDenialCents,
  };
}

export interface CertificationSummary {
  obligors: number;
  taxOffsetCases: number;
  passportDenialCases: number;
  alreadyCertified: number;
}

/**
 * Creates the tax refund offset and passport denial actions (with their advance notice) for every
 * qualifying case not already certified. Running it twice certifies nothing new.
 */
export async function certifyFederalOffset(deps: Deps, ctx: RequestContext, date: string): Promise<Result<CertificationSummary>> {
  const allowed = requirePermission(ctx.actor, 'case.write');
  if (!allowed.ok) return allowed;
  return inTransaction(deps.db, async (db) => {
    const accounts = await db
      .selectFrom('case_account as a')
      .innerJoin('iv_d_case as c', 'c.id', 'a.case_id')
      .select(['a.case_id', 'a.obligor_person_id', 'a.state'])
      .where('c.status', '=', 'open')
      .orderBy('a.obligor_person_id')
      .orderBy('a.case_id')
      .execute();
    const byObligor = new Map<number, { caseId: number; arrears: ArrearsBalances }[]>();
    for (const a of accounts) {
      const list = byObligor.get(a.obligor_person_id) ?? [];
      list.push({ caseId: a.case_id, arrears: (a.state as CaseState).arrears });
      byObligor.set(a.obligor_person_id, list);
    }
    const summary: CertificationSummary = { obligors: 0, taxOffsetCases: 0, passportDenialCases: 0, alreadyCertified: 0 };
    for (const [obligorId, cases] of byObligor) {
      const cert = certifyObligor(cases.map((c) => c.arrears));
      if (!cert.taxOffsetAssistance && !cert.taxOffsetNonAssistance && !cert.passportDenial) continue;
      summary.obligors++;
      for (const c of cases) {
        const kinds: Array<{ kind: 'tax_refund_offset' | 'passport_denial'; notice: string; reason: string }> = [];
        const a = assistanceArrearsCents(c.arrears);
        const n = nonAssistanceArrearsCents(c.arrears);
        const parts = [cert.taxOffsetAssistance && a > 0 ? `assistance arrears ${formatDollars(a)}` : null, cert.taxOffsetNonAssistance && n > 0 ? `non-assistance arrears ${formatDollars(n)}` : null].filter(Boolean);
        if (parts.length) kinds.push({ kind: 'tax_refund_offset', notice: 'advance_notice_tax_refund_offset', reason: parts.join('; ') });
        if (cert.passportDenial && a + n > 0) kinds.push({ kind: 'passport_denial', notice: 'advance_notice_passport_denial', reason: `obligor arrears ${formatDollars(cert.assistanceCents + cert.nonAssistanceCents)} exceed ${formatDollars(OFFSET_THRESHOLDS.passportDenialCents)}` });
        for (const k of kinds) {
          const existing = await db.selectFrom('enforcement_action').select('id').where('case_id', '=', c.caseId).where('kind', '=', k.kind).where('status', 'in', ['pending', 'active']).executeTakeFirst();
          if (existing) {
            summary.alreadyCertified++;
            continue;
          }
          const row = await db
            .insertInto('enforcement_action')
            .values({ case_id: c.caseId, obligor_person_id: obligorId, kind: k.kind, status: 'pending', start_date: date, due_date: addDays(date, OFFSET_THRESHOLDS.contestDays), end_date: null, notice_kind: k.notice, notice_sent_date: date, source: 'case_account', source_id: null, reason: k.reason, created_by: ctx.actor.userId })
            .returning('id')
            .executeTakeFirstOrThrow();
          if (k.kind === 'tax_refund_offset') summary.taxOffsetCases++;
          else summary.passportDenialCases++;
          await recordAudit(db, ctx, { action: 'create', entityType: 'enforcement_action', entityId: row.id, personIds: [obligorId], caseIds: [c.caseId], detail: { kind: k.kind, reason: k.reason } });
        }
      }
    }
    return summary;
  });
}
