/**
 * Quarterly wage (QW) and unemployment insurance (UI) matches from the state workforce agency
 * (formats/swa/swa.ts). Each record is matched to a person on file by SSN (blind index). A QW record
 * records the employer and the wages of the quarter; a UI record records the claim with the agency that
 * pays the benefit as the income source, and the claimant's address. An obligor with an order and no
 * income withholding at that employer (or UI agency) gets one started, as a state new hire does. Whole
 * file checked first and refused when already imported; the same fact in a later file is taken once.
 */
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import type { Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { blindIndex, normalizeSsn } from '../security/pii.ts';
import { parseSwaFile, quarterEnd } from '../formats/swa/swa.ts';
import { beginImport } from './fcr-import.ts';
import { emptyTally, recordFinding, type FindingTally } from './results.ts';
import { locateConfidence } from './rules.ts';

export interface SwaImportSummary extends Omit<FindingTally, 'personIds' | 'caseIds'> {
  batchId: number;
  records: number;
  wageRecords: number;
  claimRecords: number;
  matched: number;
  unmatched: number;
}

export async function importSwaMatches(deps: Deps, ctx: RequestContext, fileName: string, text: string): Promise<Result<SwaImportSummary>> {
  const allowed = requirePermission(ctx.actor, 'person.write');
  if (!allowed.ok) return allowed;
  const parsed = parseSwaFile(text);
  if (!parsed.ok) return parsed;
  const today = ctx.clock.today();
  return inTransaction(deps.db, async (db) => {
    const batchId = await beginImport(db, ctx, 'swa_match', fileName, text, parsed.value.length);
    const s: SwaImportSummary & FindingTally = { batchId, records: parsed.value.length, wageRecords: 0, claimRecords: 0, matched: 0, unmatched: 0, ...emptyTally() };
    for (const r of parsed.value) {
      if (r.type === 'QW') s.wageRecords++;
      else s.claimRecords++;
      const person = await db.selectFrom('person').select('id').where('ssn_index', '=', blindIndex(deps.keys, normalizeSsn(r.ssn))).executeTakeFirst();
      if (!person) {
        s.unmatched++;
        continue;
      }
      s.matched++;
      const source = r.type === 'QW' ? ('state_qw' as const) : ('state_ui' as const);
      const reportedDate = r.type === 'QW' ? quarterEnd(r.quarter) : r.claim_date;
      const employer = { fein: r.employer.fein, name: r.employer.name, line1: r.employer.line1, city: r.employer.city, state: r.employer.state, zip: r.employer.zip };
      await recordFinding(
        db,
        ctx,
        {
          batchId,
          recordNumber: r.line,
          source,
          personId: person.id,
          reportedDate: reportedDate && reportedDate <= today ? reportedDate : null,
          confidence: locateConfidence({ source, reportedDate, receivedDate: today }),
          detail: r.type === 'QW' ? { quarter: r.quarter, wagesCents: r.wages_cents } : { claimDate: r.claim_date, weeklyBenefitCents: r.weekly_benefit_cents, payingAgency: r.employer.name },
          employer,
          address: r.type === 'UI' ? r.claimant_address : null,
          startsWithholding: true,
        },
        s,
      );
    }
    const { resultIds: _r, personIds, caseIds, ...rest } = s;
    await recordAudit(db, ctx, { action: 'import', entityType: 'import_batch', entityId: batchId, personIds, caseIds, detail: { kind: 'swa_match', ...rest } });
    const { personIds: _p, caseIds: _c, ...summary } = s;
    return summary;
  });
}
