/**
 * Guideline worksheets on a case (table guideline_calculation): the worksheet page's context (the
 * case's parents and children, the guideline the program's policy names for the date, the versions on
 * file, the calculations saved), saving a calculation, turning it into a proposed order with the
 * deviation finding 45 CFR 302.56(g) requires, and its PDF with the case number. The calculation is
 * the pure calculator's (guideline/); when the input names no guideline, the program's policy does.
 */
import type { Deps } from '../deps.ts';
import type { Db } from '../db/database.ts';
import { inTransaction } from '../db/tx.ts';
import { formatCents, formatDollars, parseCents, type Cents } from '../kernel/money.ts';
import { fail, FailureError, orAbort, type Result } from '../kernel/result.ts';
import { isIsoDate } from '../kernel/calendar.ts';
import { recordAudit } from '../security/audit.ts';
import { requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { caseProgramId } from '../tribal/policy.ts';
import { DEFAULT_REGISTRY, calculateGuideline, parseGuidelineInput, renderWorksheetPdf, summarizeVersion, type GuidelineInput, type VersionSummary, type Worksheet } from './guideline/index.ts';
import { guidelineInEffect, type GuidelineInEffect } from './guideline-policy.ts';
import { activeMembers, asResult, caseForRead, caseForWrite, obligorOf, type CaseRow, type MemberRow } from './store.ts';

export interface CaseParent {
  personId: number;
  name: string;
  caseRole: string;
}

export interface SavedCalculation {
  calculationId: number;
  guidelineVersion: string;
  model: string;
  calculationDate: string;
  children: number;
  guidelineMonthly: string;
  payer: 'obligor' | 'obligee' | null;
  proposal: { orderedMonthly: string; effectiveDate: string; deviationReason: string | null; bestInterests: string | null; deviates: boolean; proposedAt: string } | null;
  createdAt: string;
  input: unknown;
  worksheet: unknown;
}

export interface CaseGuidelineView {
  caseNumber: string;
  date: string;
  obligor: CaseParent | null;
  obligee: CaseParent | null;
  children: Array<{ personId: number; name: string; dateOfBirth: string | null }>;
  inEffect: GuidelineInEffect;
  versions: VersionSummary[];
  calculations: SavedCalculation[];
}

const name = (m: MemberRow) => `${m.firstName} ${m.lastName}`;
const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : String(d));
const day = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d));

function parentsOf(members: MemberRow[]) {
  const obligor = obligorOf(members);
  const obligee = members.find((m) => m.role === 'custodial_party') ?? null;
  return {
    obligor: obligor ? { personId: obligor.personId, name: name(obligor), caseRole: obligor.role } : null,
    obligee: obligee ? { personId: obligee.personId, name: name(obligee), caseRole: obligee.role } : null,
    children: members.filter((m) => m.role === 'child').map((m) => ({ personId: m.personId, name: name(m), dateOfBirth: m.dateOfBirth })),
  };
}

function view(r: {
  id: number; guideline_version: string; model: string; calculation_date: unknown; children: number; guideline_monthly_cents: number; payer: 'obligor' | 'obligee' | null;
  proposed_monthly_cents: number | null; proposed_effective_date: unknown; deviation_reason: string | null; deviation_best_interests: string | null; proposed_at: unknown; created_at: unknown; input: unknown; worksheet: unknown;
}): SavedCalculation {
  const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);
  return {
    calculationId: r.id,
    guidelineVersion: r.guideline_version,
    model: r.model,
    calculationDate: day(r.calculation_date),
    children: r.children,
    guidelineMonthly: formatCents(r.guideline_monthly_cents),
    payer: r.payer,
    proposal:
      r.proposed_monthly_cents === null
        ? null
        : {
            orderedMonthly: formatCents(r.proposed_monthly_cents),
            effectiveDate: day(r.proposed_effective_date),
            deviationReason: r.deviation_reason,
            bestInterests: r.deviation_best_interests,
            deviates: r.proposed_monthly_cents !== r.guideline_monthly_cents,
            proposedAt: iso(r.proposed_at),
          },
    createdAt: iso(r.created_at),
    input: json(r.input),
    worksheet: json(r.worksheet),
  };
}

async function savedOn(db: Db, caseId: number): Promise<SavedCalculation[]> {
  const rows = await db.selectFrom('guideline_calculation').selectAll().where('case_id', '=', caseId).orderBy('id', 'desc').execute();
  return rows.map(view);
}

/** The worksheet page's context for a case on a date (today when none is given). */
export async function getCaseGuideline(deps: Deps, ctx: RequestContext, caseNumber: string, date?: string): Promise<Result<CaseGuidelineView>> {
  const on = date ?? ctx.clock.today();
  if (!isIsoDate(on)) return fail('VALIDATION_FAILED', 'The date is not a calendar date.', [{ path: '/date', message: 'must be YYYY-MM-DD' }]);
  return asResult(async () => {
    const c = await caseForRead(deps.db, ctx, caseNumber, 'guideline_calculation');
    const members = await activeMembers(deps.db, c.id);
    const programId = await caseProgramId(deps.db, c.id);
    const inEffect = programId === null ? { date: on, version: null, policy: null, explanation: 'The case belongs to no IV-D program.' } : await guidelineInEffect(deps.db, programId, on);
    const calculations = await savedOn(deps.db, c.id);
    await recordAudit(deps.db, ctx, { action: 'read', entityType: 'guideline_calculation', entityId: c.caseNumber, caseIds: [c.id], personIds: members.map((m) => m.personId) });
    return { caseNumber: c.caseNumber, date: on, ...parentsOf(members), inEffect, versions: DEFAULT_REGISTRY.versions.map(summarizeVersion), calculations };
  });
}

/** The input with the guideline the program's policy names, when the input names none. */
async function withPolicyGuideline(db: Db, c: CaseRow, input: GuidelineInput): Promise<GuidelineInput> {
  if (input.guideline || input.state) return input;
  const programId = await caseProgramId(db, c.id);
  const inEffect = programId === null ? null : await guidelineInEffect(db, programId, input.calculationDate);
  if (!inEffect?.version) {
    throw new FailureError(fail('VALIDATION_FAILED', inEffect?.explanation ?? 'The case belongs to no IV-D program, so no guideline applies.', [{ path: '/input/guideline', message: 'choose the guideline' }], { reason: 'NO_SCHEDULE_IN_EFFECT' }));
  }
  return { ...input, guideline: inEffect.version.id };
}

const pathed = (r: Result<unknown> & { ok: false }) => ({ ...r, details: (r.details ?? []).map((d) => ({ ...d, path: `/input${d.path && d.path !== '/' ? d.path : ''}` })) });

/** Calculates and saves a worksheet to the case. */
export async function saveCaseCalculation(deps: Deps, ctx: RequestContext, caseNumber: string, body: { input: unknown; calculationId?: string | undefined }): Promise<Result<SavedCalculation>> {
  const allowed = requirePermission(ctx.actor, 'case.write');
  if (!allowed.ok) return allowed;
  // The program's policy supplies the guideline when the input names none.
  const parsed = parseGuidelineInput(body.input, { requireGuideline: false });
  if (!parsed.ok) return pathed(parsed);
  return inTransaction(deps.db, async (db) => {
    const c = await caseForWrite(db, ctx, caseNumber);
    const input = await withPolicyGuideline(db, c, parsed.value);
    const sheet = calculateGuideline(input);
    if (!sheet.ok) throw new FailureError(pathed(sheet));
    const w = sheet.value;
    const calc = body.calculationId ? w.calculations.find((x) => x.id === body.calculationId) : w.calculations[0];
    if (!calc) throw new FailureError(fail('VALIDATION_FAILED', `The worksheet has no calculation ${body.calculationId}; it has ${w.calculations.map((x) => x.id).join(' and ')}.`, [{ path: '/calculationId', message: 'no such calculation' }]));
    const members = await activeMembers(db, c.id);
    const parents = parentsOf(members);
    const row = await db
      .insertInto('guideline_calculation')
      .values({
        case_id: c.id,
        guideline_version: w.schedule.id,
        model: w.schedule.model,
        calculation_date: w.calculationDate,
        children: w.children,
        calculation_id: calc.id,
        input: JSON.stringify(input),
        worksheet: JSON.stringify(w),
        guideline_monthly_cents: parseCents(calc.result.totalMonthly)!,
        payer: calc.result.payer,
        obligor_person_id: parents.obligor?.personId ?? null,
        obligee_person_id: parents.obligee?.personId ?? null,
        proposed_monthly_cents: null,
        proposed_effective_date: null,
        deviation_reason: null,
        deviation_best_interests: null,
        proposed_at: null,
        proposed_by: null,
        created_at: ctx.clock.now(),
        created_by: ctx.actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(db, ctx, {
      action: 'create',
      entityType: 'guideline_calculation',
      entityId: row.id,
      caseIds: [c.id],
      personIds: [parents.obligor?.personId, parents.obligee?.personId].filter((x): x is number => typeof x === 'number'),
      detail: { guidelineVersion: w.schedule.id, calculationDate: w.calculationDate, guidelineMonthlyCents: row.guideline_monthly_cents },
    });
    return view(row);
  });
}

async function calculationOf(db: Db, c: CaseRow, id: number, forUpdate: boolean) {
  let q = db.selectFrom('guideline_calculation').selectAll().where('id', '=', id).where('case_id', '=', c.id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new FailureError(fail('NOT_FOUND', `There is no guideline calculation ${id} on case ${c.caseNumber}.`));
  return row;
}

export interface ProposalInput {
  orderedMonthly: string;
  effectiveDate: string;
  deviationReason?: string | null | undefined;
  bestInterests?: string | null | undefined;
}

/**
 * Turns a saved calculation into a proposed order. An amount that differs from the guideline amount
 * needs the written finding: the reason the guideline amount would be unjust or inappropriate; the
 * worksheet is recalculated with the deviation so it carries the finding with both amounts.
 */
export async function proposeOrder(deps: Deps, ctx: RequestContext, caseNumber: string, id: number, p: ProposalInput): Promise<Result<SavedCalculation>> {
  const ordered = parseCents(p.orderedMonthly);
  if (ordered === null || ordered < 0) return fail('VALIDATION_FAILED', 'Enter the monthly amount of the proposed order in dollars and cents.', [{ path: '/orderedMonthly', message: 'must be an amount' }]);
  if (!isIsoDate(p.effectiveDate)) return fail('VALIDATION_FAILED', 'Enter the date the proposed order takes effect.', [{ path: '/effectiveDate', message: 'must be a date' }]);
  return inTransaction(deps.db, async (db) => {
    const c = await caseForWrite(db, ctx, caseNumber);
    const row = await calculationOf(db, c, id, true);
    if (row.proposed_at !== null) throw new FailureError(fail('CONFLICT', `Calculation ${id} was already proposed as an order of ${formatDollars(row.proposed_monthly_cents!)}; save a new calculation for a different proposal.`));
    const guideline: Cents = row.guideline_monthly_cents;
    const reason = p.deviationReason?.trim() || null;
    let input = (typeof row.input === 'string' ? JSON.parse(row.input) : row.input) as GuidelineInput;
    let worksheet = (typeof row.worksheet === 'string' ? JSON.parse(row.worksheet) : row.worksheet) as Worksheet;
    if (ordered !== guideline) {
      if (!reason || reason.length < 10) {
        throw new FailureError(
          fail('VALIDATION_FAILED', `The proposed order of ${formatDollars(ordered)} a month differs from the guideline amount of ${formatDollars(guideline)}: state why the guideline amount would be unjust or inappropriate (45 CFR 302.56(g)).`, [
            { path: '/deviationReason', message: 'the written finding is required when the amount differs from the guideline' },
          ]),
        );
      }
      input = { ...input, deviation: { orderedMonthly: formatCents(ordered), reason, ...(p.bestInterests?.trim() ? { bestInterests: p.bestInterests.trim() } : {}), calculationId: row.calculation_id } };
      worksheet = orAbort(calculateGuideline(input));
    }
    const updated = await db
      .updateTable('guideline_calculation')
      .set({
        proposed_monthly_cents: ordered,
        proposed_effective_date: p.effectiveDate,
        deviation_reason: ordered !== guideline ? reason : null,
        deviation_best_interests: ordered !== guideline ? (p.bestInterests?.trim() || null) : null,
        proposed_at: ctx.clock.now(),
        proposed_by: ctx.actor.userId,
        input: JSON.stringify(input),
        worksheet: JSON.stringify(worksheet),
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(db, ctx, {
      action: 'update',
      entityType: 'guideline_calculation',
      entityId: row.id,
      caseIds: [c.id],
      personIds: [row.obligor_person_id, row.obligee_person_id].filter((x): x is number => x !== null),
      detail: { step: 'proposed_order', guidelineMonthlyCents: guideline, proposedMonthlyCents: ordered, deviates: ordered !== guideline },
    });
    return view(updated);
  });
}

/** The saved worksheet as a PDF with the case number, the model and version and the inputs. */
export async function calculationPdf(deps: Deps, ctx: RequestContext, caseNumber: string, id: number): Promise<Result<{ bytes: Uint8Array; fileName: string }>> {
  return asResult(async () => {
    const c = await caseForRead(deps.db, ctx, caseNumber, 'guideline_calculation');
    const row = await calculationOf(deps.db, c, id, false);
    const v = view(row);
    const bytes = await renderWorksheetPdf(v.worksheet as Worksheet, { caseNumber: c.caseNumber, input: v.input as GuidelineInput });
    await recordAudit(deps.db, ctx, { action: 'export', entityType: 'guideline_calculation', entityId: row.id, caseIds: [c.id], personIds: [row.obligor_person_id, row.obligee_person_id].filter((x): x is number => x !== null) });
    return { bytes, fileName: `guideline-${c.caseNumber}-${v.guidelineVersion}-${v.calculationDate}-${row.id}.pdf` };
  });
}

/** A saved calculation for the order entry: its input, which calculation and the deviation finding. */
export async function calculationForOrder(db: Db, ctx: RequestContext, caseNumber: string, id: number): Promise<Result<{ input: unknown; calculationId: string; deviationReason: string | null }>> {
  return asResult(async () => {
    const c = await caseForRead(db, ctx, caseNumber, 'guideline_calculation');
    const row = await calculationOf(db, c, id, false);
    return { input: typeof row.input === 'string' ? JSON.parse(row.input) : row.input, calculationId: row.calculation_id, deviationReason: row.deviation_reason };
  });
}
