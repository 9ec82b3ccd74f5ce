/**
 * Federal reports for people: who may read them (auditors, administrators and supervisors; a supervisor
 * sees the OCSE-157 and the measures for their own office), the drill-down from a line to its cases, and
 * the audit of every read. Money is integer cents.
 */
import type { Deps } from '../deps.ts';
import type { Db } from '../db/database.ts';
import { fail, ok, type Result } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { programScope, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { timeframeCompliance, type TimeframeCompliance } from '../casework/timeframes.ts';
import { allocationsTouching, loadReceipts, receiptReversals, undistributedOn, type ReceiptScope } from './data.ts';
import { earliestOpenedDate, ocse157ByChunks, ocse157For } from './ocse157-chunked.ts';
import { fiscalYearBounds, type DrillRow, type Ocse157Line, type Ocse157Report } from './ocse157.ts';
import { computeOcse34, quarterBounds, type Ocse34Report } from './ocse34.ts';
import {
  applicablePercentage,
  collectionsBase,
  costEffectivenessCredit,
  maximumBaseCents,
  penaltyRange,
  penaltyTest,
  percent,
  type MeasureCode,
  type PenaltyTest,
  type Ratio,
} from './measures.ts';

export const REPORT_ROLES = ['auditor', 'administrator', 'supervisor'] as const;

interface Scope {
  officeId: number | null;
  officeCode: string | null;
  /** The reader's IV-D program (null for the system); every report is confined to it. */
  programId: number | null;
  /** True when the install serves several programs. */
  multiProgram: boolean;
}

/** Who may read federal reports, and for which office. */
async function reportScope(db: Db, ctx: RequestContext, officeCode?: string): Promise<Result<Scope>> {
  const allowed = requirePermission(ctx.actor, 'report.read');
  if (!allowed.ok) return allowed;
  if (!(REPORT_ROLES as readonly string[]).includes(ctx.actor.role)) return fail('FORBIDDEN', `federal reports are for ${REPORT_ROLES.join(', ')}`);
  // Tribal mode: a user who names no program on a consortium install is refused (fail closed).
  const program = await programScope(db, ctx.actor);
  if (!program.ok) return program;
  const programId = program.value;
  const multiProgram = (await db.selectFrom('iv_d_program').select('id').execute()).length > 1;
  if (ctx.actor.role === 'supervisor') {
    const office = await db.selectFrom('office').select(['id', 'code']).where('id', '=', ctx.actor.officeId ?? -1).executeTakeFirst();
    if (!office) return fail('FORBIDDEN', 'a supervisor needs an office');
    if (officeCode && officeCode.toUpperCase() !== office.code) return fail('FORBIDDEN', 'a supervisor reads reports for their own office only');
    return ok({ officeId: office.id, officeCode: office.code, programId, multiProgram });
  }
  if (!officeCode) return ok({ officeId: null, officeCode: null, programId, multiProgram });
  let officeQuery = db.selectFrom('office').select(['id', 'code']).where('code', '=', officeCode.toUpperCase());
  if (programId !== null) officeQuery = officeQuery.where('program_id', '=', programId);
  const office = await officeQuery.executeTakeFirst();
  if (!office) return fail('VALIDATION_FAILED', undefined, [{ path: '/officeCode', message: `no office ${officeCode}` }]);
  return ok({ officeId: office.id, officeCode: office.code, programId, multiProgram });
}

export interface Ocse157Summary {
  form: 'OCSE-157';
  fiscalYear: number;
  periodStart: string;
  periodEnd: string;
  scope: { officeCode: string | null };
  lines: Array<Ocse157Line & { drillDownUrl: string | null }>;
}

function summaryOf(r: Ocse157Report, scope: Scope): Ocse157Summary {
  const office = scope.officeCode ? `&officeCode=${scope.officeCode}` : '';
  return {
    form: r.form,
    fiscalYear: r.fiscalYear,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    scope: { officeCode: scope.officeCode },
    lines: r.lines.map((l) => ({ ...l, drillDownUrl: l.drillDown ? `/api/reports/ocse157/lines/${l.line}?year=${r.fiscalYear}${office}` : null })),
  };
}

export async function ocse157Report(deps: Pick<Deps, 'db'>, ctx: RequestContext, year: number, officeCode?: string): Promise<Result<Ocse157Summary>> {
  const scope = await reportScope(deps.db, ctx, officeCode);
  if (!scope.ok) return scope;
  const report = await ocse157For(deps.db, scope.value.officeId, scope.value.programId, year, []);
  await recordAudit(deps.db, ctx, { action: 'read', entityType: 'report_ocse157', entityId: String(year), detail: { officeCode: scope.value.officeCode } });
  return ok(summaryOf(report, scope.value));
}

/** The report with the lists of the lines asked for (every line's by default), for the command line and exports. */
export async function ocse157WithLists(deps: Pick<Deps, 'db'>, ctx: RequestContext, year: number, officeCode?: string, lists: 'all' | readonly string[] = 'all'): Promise<Result<Ocse157Report>> {
  const scope = await reportScope(deps.db, ctx, officeCode);
  if (!scope.ok) return scope;
  const report = await ocse157For(deps.db, scope.value.officeId, scope.value.programId, year, lists);
  const rows = Object.values(report.drill).flat();
  await recordAudit(deps.db, ctx, {
    action: 'export',
    entityType: 'report_ocse157',
    entityId: String(year),
    caseIds: rows.flatMap((r) => (r.caseId ? [r.caseId] : [])),
    personIds: rows.flatMap((r) => (r.personId ? [r.personId] : [])),
    detail: { officeCode: scope.value.officeCode, withLists: true },
  });
  return ok(report);
}

export interface LineDrillDown {
  fiscalYear: number;
  line: Ocse157Line;
  scope: { officeCode: string | null };
  rows: DrillRow[];
}

/** From a number to the cases (or children) behind it. */
export async function ocse157Line(deps: Pick<Deps, 'db'>, ctx: RequestContext, year: number, line: string, officeCode?: string): Promise<Result<LineDrillDown>> {
  const scope = await reportScope(deps.db, ctx, officeCode);
  if (!scope.ok) return scope;
  const report = await ocse157For(deps.db, scope.value.officeId, scope.value.programId, year, [line]);
  const l = report.lines.find((x) => x.line === line);
  if (!l) return fail('NOT_FOUND', `no OCSE-157 line ${line}; lines: ${report.lines.map((x) => x.line).join(', ')}`);
  if (!l.drillDown) return fail('NOT_FOUND', `line ${line} is not computed (${l.counts})`);
  const rows = report.drill[line] ?? [];
  await recordAudit(deps.db, ctx, {
    action: 'read',
    entityType: 'report_ocse157_line',
    entityId: `${year}:${line}`,
    caseIds: rows.flatMap((r) => (r.caseId ? [r.caseId] : [])),
    personIds: rows.flatMap((r) => (r.personId ? [r.personId] : [])),
    detail: { officeCode: scope.value.officeCode, rows: rows.length },
  });
  return ok({ fiscalYear: year, line: l, scope: { officeCode: scope.value.officeCode }, rows });
}

/**
 * OCSE-34 Part 1 for a quarter of a federal fiscal year: the install's (scope null; the SDU's money has
 * no office), one IV-D program's, or the money of no program yet (see ReceiptScope in data.ts).
 */
export async function computeOcse34For(db: Db, year: number, quarter: 1 | 2 | 3 | 4, scope: ReceiptScope = null): Promise<Ocse34Report> {
  const { start, end } = quarterBounds(year, quarter);
  const dayBefore = new Date(Date.parse(`${start}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return computeOcse34({
    year,
    quarter,
    undistributedStartCents: (await undistributedOn(db, dayBefore, scope)).totalCents,
    undistributedEnd: await undistributedOn(db, end, scope),
    receipts: await loadReceipts(db, start, end, scope),
    receiptReversals: await receiptReversals(db, start, end, scope),
    allocations: await allocationsTouching(db, start, end, scope),
  });
}

/** The note a program's OCSE-34 (or the install's, on a consortium install) carries about attribution. */
const PROGRAM_RULE =
  'Tribal mode: a collection belongs to the program of its case\'s office, else of its obligor, else the program it was received for (the file imported for that program, or the program of the user who posted it); a collection of none of these is counted only in the install-wide report.';

/**
 * The OCSE-34 for the reader: a program's user gets their program's collections; the system (command
 * line without --program) gets the whole install, with what no program has yet named in a note.
 */
export async function ocse34Report(deps: Pick<Deps, 'db'>, ctx: RequestContext, year: number, quarter: 1 | 2 | 3 | 4): Promise<Result<Ocse34Report & { scope: { programCode: string | null } }>> {
  const scope = await reportScope(deps.db, ctx);
  if (!scope.ok) return scope;
  const programId = scope.value.programId;
  const report = await computeOcse34For(deps.db, year, quarter, programId === null ? null : { programId });
  let programCode: string | null = null;
  if (programId !== null) programCode = (await deps.db.selectFrom('iv_d_program').select('code').where('id', '=', programId).executeTakeFirstOrThrow()).code;
  if (scope.value.multiProgram) {
    report.notes.push(PROGRAM_RULE);
    if (programId === null) {
      const rest = await computeOcse34For(deps.db, year, quarter, 'unattributed');
      const amount = (code: string) => rest.lines.find((l) => l.line === code)!.amountCents;
      report.notes.push(`Not attributed to any program: line 1 ${amount('1')}, line 2 ${amount('2')}, line 8 ${amount('8')}, line 9 ${amount('9')} (cents); every other cent is in exactly one program's report.`);
    }
  }
  await recordAudit(deps.db, ctx, { action: 'read', entityType: 'report_ocse34', entityId: `${year}Q${quarter}`, detail: { programCode } });
  return ok({ ...report, scope: { programCode } });
}

export interface MeasureResult {
  measure: MeasureCode;
  label: string;
  lines: string;
  numerator: number | null;
  denominator: number | null;
  /** Percent, or dollars collected per dollar spent for cost-effectiveness. */
  value: number | null;
  priorValue: number | null;
  credit: number;
  creditBasis: string;
  maximumBaseCents: number;
  earnedBaseCents: number;
  penalty: PenaltyTest;
  consecutiveFailures: number;
  penaltyRange: string | null;
}

export interface PerformanceReport {
  fiscalYear: number;
  scope: { officeCode: string | null };
  collectionsBase: { assistanceCents: number; otherCents: number; baseCents: number } | null;
  measures: MeasureResult[];
  incentiveBaseCents: number | null;
  notes: string[];
}

const line = (r: Ocse157Report, code: string) => r.lines.find((l) => l.line === code)!.value ?? 0;

/** Which paternity measure the State reports (42 USC 658a(b)(4)(A)): IV-D PEP or statewide PEP. */
export type PepBasis = 'iv_d' | 'statewide';

function ratios(byYear: (y: number) => Ocse157Report, y: number, pep: PepBasis = 'iv_d'): Record<Exclude<MeasureCode, 'cost_effectiveness'>, Ratio> {
  const r = byYear(y);
  const p = byYear(y - 1);
  return {
    // IV-D PEP: line 6 over the prior year's line 5 (= this year's line 5a, recomputed from the prior
    // year's data). Statewide PEP: line 9 over line 8a, both entered from vital statistics.
    paternity: pep === 'statewide' ? { numerator: line(r, '9'), denominator: line(r, '8a') } : { numerator: line(r, '6'), denominator: line(p, '5') },
    orders: { numerator: line(r, '2'), denominator: line(r, '1') },
    current_collections: { numerator: line(r, '25'), denominator: line(r, '24') },
    arrears_collections: { numerator: line(r, '29'), denominator: line(r, '28') },
  };
}

/**
 * The five measures for a federal fiscal year with their credit (applicable percentage), incentive base
 * and penalty tests. Cost-effectiveness needs the year's IV-D expenditures (OCSE-396, not kept here).
 */
export async function performanceMeasures(deps: Pick<Deps, 'db'>, ctx: RequestContext, year: number, options: { expendituresCents?: number | undefined; officeCode?: string | undefined; pep?: PepBasis | undefined } = {}): Promise<Result<PerformanceReport>> {
  const scope = await reportScope(deps.db, ctx, options.officeCode);
  if (!scope.ok) return scope;
  const pep: PepBasis = options.pep ?? 'iv_d';
  if (pep === 'statewide' && scope.value.officeId !== null) return fail('VALIDATION_FAILED', undefined, [{ path: '?pep', message: 'statewide PEP is a State figure; it has no office view' }]);
  // The years the measures and their penalty history read, counted in one pass over the State.
  const opened = await earliestOpenedDate(deps.db, scope.value.officeId, scope.value.programId);
  const start = fiscalYearBounds(year).start;
  const earliest = opened !== null && opened < start ? opened : start;
  const firstYear = Math.max(Number(earliest.slice(0, 4)), year - 5);
  // ratios(y) reads y and y − 1, and the history reads ratios(firstYear − 1): years firstYear − 2 to year.
  const years = Array.from({ length: year - firstYear + 3 }, (_, i) => firstYear - 2 + i);
  const { reports } = await ocse157ByChunks(deps.db, scope.value.officeId, scope.value.programId, years, { lists: [] });
  const byYear = (y: number) => reports.get(y)!;

  let base: PerformanceReport['collectionsBase'] = null;
  let distributedCents: number | null = null;
  // The collections base is the reader's program's (the install's for the system); an office has none.
  if (scope.value.officeId === null) {
    const receiptScope: ReceiptScope = scope.value.programId === null ? null : { programId: scope.value.programId };
    let assistance = 0;
    let other = 0;
    let total = 0;
    for (const q of [1, 2, 3, 4] as const) {
      const eight = (await computeOcse34For(deps.db, year, q, receiptScope)).lines.find((l) => l.line === '8')!;
      const c = eight.columns!;
      assistance += c.A + c.B + c.C + c.D;
      other += c.E + c.F;
      total += c.G;
    }
    base = collectionsBase(assistance, other);
    distributedCents = total;
  }

  const labels: Record<MeasureCode, [string, string]> = {
    paternity: pep === 'statewide' ? ['Paternity establishment (statewide PEP)', 'line 9 / line 8a'] : ['Paternity establishment (IV-D PEP)', 'line 6 / prior year line 5'],
    orders: ['Support orders established', 'line 2 / line 1'],
    current_collections: ['Current collections', 'line 25 / line 24'],
    arrears_collections: ['Arrears collections', 'line 29 / line 28'],
    cost_effectiveness: ['Cost-effectiveness', 'OCSE-34 total distributed / OCSE-396 expenditures'],
  };
  const measures: MeasureResult[] = [];
  for (const m of ['paternity', 'orders', 'current_collections', 'arrears_collections'] as const) {
    const value = percent(ratios(byYear, year, pep)[m]);
    const prior = percent(ratios(byYear, year - 1, pep)[m]);
    const credit = applicablePercentage(m, value, prior);
    const penalty = penaltyTest(m, year, value, prior);
    let consecutive = 0;
    for (let y = year; y >= firstYear; y--) {
      const t = penaltyTest(m, y, percent(ratios(byYear, y, pep)[m]), percent(ratios(byYear, y - 1, pep)[m]));
      if (t.passed === false) consecutive++;
      else break;
    }
    const maxBase = base ? maximumBaseCents(m, base.baseCents) : 0;
    const r = ratios(byYear, year, pep)[m];
    measures.push({
      measure: m,
      label: labels[m][0],
      lines: labels[m][1],
      numerator: r.numerator,
      denominator: r.denominator,
      value,
      priorValue: prior,
      credit: credit.credit,
      creditBasis: credit.basis,
      maximumBaseCents: maxBase,
      earnedBaseCents: Math.round((maxBase * credit.credit) / 100),
      penalty,
      consecutiveFailures: consecutive,
      penaltyRange: penaltyRange(consecutive),
    });
  }
  const ce = distributedCents !== null && options.expendituresCents ? distributedCents / options.expendituresCents : null;
  const ceCredit = costEffectivenessCredit(ce);
  const ceMax = base ? maximumBaseCents('cost_effectiveness', base.baseCents) : 0;
  measures.push({
    measure: 'cost_effectiveness',
    label: labels.cost_effectiveness[0],
    lines: labels.cost_effectiveness[1],
    numerator: distributedCents,
    denominator: options.expendituresCents ?? null,
    value: ce,
    priorValue: null,
    credit: ceCredit.credit,
    creditBasis: ceCredit.basis,
    maximumBaseCents: ceMax,
    earnedBaseCents: Math.round((ceMax * ceCredit.credit) / 100),
    penalty: penaltyTest('cost_effectiveness', year, ce, null),
    consecutiveFailures: 0,
    penaltyRange: null,
  });
  await recordAudit(deps.db, ctx, { action: 'read', entityType: 'report_performance', entityId: String(year), detail: { officeCode: scope.value.officeCode } });
  return ok({
    fiscalYear: year,
    scope: { officeCode: scope.value.officeCode },
    collectionsBase: base,
    measures,
    incentiveBaseCents: base ? measures.reduce((s, m) => s + m.earnedBaseCents, 0) : null,
    notes: [
      'The incentive payment is the national pool times this base over the sum of all States\' bases; neither is known here.',
      'The collections base counts distributed collections by the case type on file: current and former IV-A and IV-E cases twice (IV-E with IV-A is an inference), all others once.',
      pep === 'statewide'
        ? 'Statewide PEP uses the entered vital-statistics figures (lines 9 and 8a); a year without them has no value.'
        : 'Prior-year values are recomputed from today\'s data; paternity flags are not dated, so prior-year PEP uses today\'s flags.',
      scope.value.officeId !== null ? 'Office view: the collections base and cost-effectiveness are statewide and not shown.' : 'Cost-effectiveness needs the year\'s IV-D expenditures from the OCSE-396 (pass expenditures).',
    ],
  });
}

/** Timeframe compliance by kind for charts (clocks due in the period). */
export async function timeframeReport(deps: Pick<Deps, 'db'>, ctx: RequestContext, from: string, to: string, officeCode?: string): Promise<Result<{ from: string; to: string; asOf: string; scope: { officeCode: string | null }; kinds: TimeframeCompliance[] }>> {
  const scope = await reportScope(deps.db, ctx, officeCode);
  if (!scope.ok) return scope;
  if (from > to) return fail('VALIDATION_FAILED', undefined, [{ path: '?from', message: 'must not be after to' }]);
  const asOf = ctx.clock.today();
  const kinds = await timeframeCompliance(deps.db, from, to, asOf, scope.value.officeId, scope.value.programId);
  await recordAudit(deps.db, ctx, { action: 'read', entityType: 'report_timeframes', entityId: `${from}:${to}`, detail: { officeCode: scope.value.officeCode } });
  return ok({ from, to, asOf, scope: { officeCode: scope.value.officeCode }, kinds });
}
