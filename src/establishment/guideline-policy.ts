/**
 * The guideline a IV-D program applies, as effective-dated program policy (table program_guideline):
 * for support taking effect on a date, the program's policy names one guideline version (a model and
 * its data, e.g. WI-DCF150 or AR-2020). Two spans of one program may not overlap, and a span may not
 * run outside the dates of the version it names. Read by the worksheet page and the case calculations.
 */
import type { Db } from '../db/database.ts';
import { longDate as formatDate } from '../casework/notice-templates.ts';
import { fail, ok, type Result } from '../kernel/result.ts';
import { isIsoDate } from '../kernel/calendar.ts';
import { summarizeVersion, versionById, type VersionSummary } from './guideline/index.ts';

export interface ProgramGuideline {
  programId: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  versionId: string;
  source: string;
}

export interface GuidelineInEffect {
  date: string;
  /** The version the program's policy names for the date, or null with the reason in `explanation`. */
  version: VersionSummary | null;
  policy: ProgramGuideline | null;
  /** A sentence for the worker: which guideline applies and why, or why none does. */
  explanation: string;
}

const str = (d: unknown): string => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d));

export async function programGuidelines(db: Db, programId: number): Promise<ProgramGuideline[]> {
  const rows = await db.selectFrom('program_guideline').selectAll().where('program_id', '=', programId).orderBy('effective_from').execute();
  return rows.map((r) => ({ programId, effectiveFrom: str(r.effective_from), effectiveTo: r.effective_to === null ? null : str(r.effective_to), versionId: r.guideline_version, source: r.source }));
}

/** The guideline the program's policy names for support taking effect on `date`, with a sentence. */
export async function guidelineInEffect(db: Db, programId: number, date: string): Promise<GuidelineInEffect> {
  const spans = await programGuidelines(db, programId);
  const span = spans.find((s) => s.effectiveFrom <= date && (s.effectiveTo === null || date <= s.effectiveTo));
  if (!span) {
    const on = spans.length ? ` The policy names ${spans.map((s) => `${s.versionId} from ${formatDate(s.effectiveFrom)}${s.effectiveTo ? ` to ${formatDate(s.effectiveTo)}` : ''}`).join('; ')}.` : '';
    return { date, version: null, policy: null, explanation: `Your program's policy names no guideline for support taking effect on ${formatDate(date)}.${on} Choose the guideline that applies (for example the issuing state's, in an interstate case).` };
  }
  const v = versionById(span.versionId);
  if (!v) return { date, version: null, policy: span, explanation: `Your program's policy names ${span.versionId}, which is not a guideline version on file; ask the administrator to correct the policy.` };
  return { date, version: summarizeVersion(v), policy: span, explanation: `Your program's policy applies ${v.title} (${v.id}) to support taking effect on ${formatDate(date)} (policy from ${formatDate(span.effectiveFrom)}; ${span.source}).` };
}

/** Adds a span to a program's guideline policy; refused in words when it overlaps or names no version. */
export async function addProgramGuideline(db: Db, span: ProgramGuideline, createdBy: number | null = null): Promise<Result<ProgramGuideline>> {
  const v = versionById(span.versionId);
  if (!v) return fail('VALIDATION_FAILED', `There is no guideline version ${span.versionId} on file.`, [{ path: '/versionId', message: 'no such version' }]);
  if (!isIsoDate(span.effectiveFrom) || (span.effectiveTo !== null && (!isIsoDate(span.effectiveTo) || span.effectiveTo < span.effectiveFrom))) {
    return fail('VALIDATION_FAILED', 'The policy dates are not a valid span.', [{ path: '/effectiveFrom', message: 'from must be a date on or before to' }]);
  }
  if (span.effectiveFrom < v.effectiveFrom || (v.effectiveThrough !== null && (span.effectiveTo === null || span.effectiveTo > v.effectiveThrough))) {
    return fail('VALIDATION_FAILED', `${v.id} applies from ${v.effectiveFrom} to ${v.effectiveThrough ?? 'no end date'}; a policy span must lie within those dates.`, [{ path: '/effectiveFrom', message: `outside the dates of ${v.id}` }]);
  }
  const existing = await programGuidelines(db, span.programId);
  const clash = existing.find((s) => s.effectiveFrom <= (span.effectiveTo ?? '9999-12-31') && span.effectiveFrom <= (s.effectiveTo ?? '9999-12-31'));
  if (clash) return fail('CONFLICT', `The program's policy already names ${clash.versionId} from ${clash.effectiveFrom}${clash.effectiveTo ? ` to ${clash.effectiveTo}` : ''}; end that span first.`);
  await db
    .insertInto('program_guideline')
    .values({ program_id: span.programId, effective_from: span.effectiveFrom, effective_to: span.effectiveTo, guideline_version: span.versionId, source: span.source, created_by: createdBy })
    .execute();
  return ok(span);
}
