/**
 * The findings 45 CFR 302.56 requires of every guideline, whatever its model:
 * - (c)(1)(ii) the obligor's subsistence needs: every model's data states its self-support reserve or
 *   low-income rule, and the worksheet says which applied;
 * - (c)(1)(iii) imputed income only after considering the parent's specific circumstances: an imputed
 *   income must name the circumstances considered and carry a written finding;
 * - (c)(3) incarceration may not be treated as voluntary unemployment: an incarcerated parent's income
 *   may not be imputed for voluntary unemployment or underemployment;
 * - (g) a deviation needs a written finding that states the guideline amount, the amount ordered and
 *   why the guideline amount would be unjust or inappropriate.
 */
import { formatCents, formatDollars, parseCents } from '../../kernel/money.ts';
import { ok, type ErrorDetail, type Result } from '../../kernel/result.ts';
import { guidelineFailure } from './failures.ts';
import type { GuidelineInput, ImputationFactor, ParentInput } from './input.ts';
import type { GuidelineVersion } from './registry.ts';
import type { WorksheetCalculation, WorksheetFindings } from './worksheet.ts';

export const IMPUTATION_FACTOR_LABELS: Record<ImputationFactor, string> = {
  assets: 'assets',
  residence: 'residence',
  employmentAndEarningsHistory: 'employment and earnings history',
  jobSkills: 'job skills',
  educationalAttainment: 'educational attainment',
  literacy: 'literacy',
  age: 'age',
  health: 'health',
  criminalRecordAndOtherBarriers: 'criminal record and other employment barriers',
  recordOfSeekingWork: 'record of seeking work',
  localJobMarket: 'the local job market',
  employersWillingToHire: 'the availability of employers willing to hire the parent',
  prevailingLocalEarnings: 'prevailing earnings in the local community',
  otherBackgroundFactors: 'other relevant background factors',
};

const REASON_LABELS = { voluntaryUnemployment: 'voluntary unemployment', voluntaryUnderemployment: 'voluntary underemployment', incomeUnknown: 'income not known' } as const;

function parentsOf(input: GuidelineInput): { who: string; path: string; parent: ParentInput }[] {
  if (input.obligors) return input.obligors.map((p, i) => ({ who: `obligor ${i + 1}`, path: `/obligors/${i}`, parent: p }));
  const out: { who: string; path: string; parent: ParentInput }[] = [];
  if (input.obligor) out.push({ who: 'obligor', path: '/obligor', parent: input.obligor });
  if (input.obligee) out.push({ who: 'obligee', path: '/obligee', parent: input.obligee });
  return out;
}

/** Refuses findings the federal rule does not allow, before any figure is computed. */
export function findingErrors(input: GuidelineInput, version: GuidelineVersion): Result<null> {
  const errors: ErrorDetail[] = [];
  const cite = version.model === 'percentage-of-income' ? `45 CFR 302.56(c)(3); ${version.imputation.citation}` : '45 CFR 302.56(c)(3)';
  for (const { who, path, parent } of parentsOf(input)) {
    const imputed = parent.imputedIncome;
    if (parent.incarcerated && imputed && imputed.reason !== 'incomeUnknown') {
      errors.push({ path: `${path}/imputedIncome/reason`, message: `the ${who} is incarcerated, and incarceration may not be treated as voluntary unemployment or underemployment (${cite}); enter the income actually available` });
    }
  }
  if (errors.length) {
    return guidelineFailure('FINDING_REQUIRED', 'Income may not be imputed to an incarcerated parent as if the parent chose not to work (45 CFR 302.56(c)(3)); enter the income actually available.', errors);
  }
  return ok(null);
}

/** How the version meets 302.56(c)(1)(ii), in a sentence. */
function subsistenceSentence(version: GuidelineVersion, calcs: WorksheetCalculation[]): string {
  const applied = calcs.some((c) => c.applied.lowIncome);
  if (version.model === 'income-shares') {
    const l = version.lowIncome;
    return (
      `Self-support reserve of ${formatDollars(l.selfSupportReserveCents)} built into the low rows of ${version.id}` +
      `${l.minimumOrderCents !== null ? `, minimum order ${formatDollars(l.minimumOrderCents)}` : ''}; ` +
      `the obligor's support is also read on the obligor's income alone and the lesser applies (45 CFR 302.56(c)(1)(ii))` +
      `${applied ? ': applied in this calculation.' : ': not needed in this calculation (the obligor is above the band).'}`
    );
  }
  return (
    `Low-income payer table (${version.lowIncome.citation}, ${version.lowIncome.table.title}) used on the court's finding that the payer's total economic circumstances limit the ability to pay (45 CFR 302.56(c)(1)(ii))` +
    `${applied ? ': applied in this calculation.' : ': not applied in this calculation.'}`
  );
}

/** The findings block of the worksheet; a deviation that names no difference is refused in words. */
export function worksheetFindings(input: GuidelineInput, version: GuidelineVersion, calcs: WorksheetCalculation[]): Result<WorksheetFindings> {
  const parents = parentsOf(input).map(({ who, parent }) => ({
    who,
    incarcerated: parent.incarcerated === true,
    imputedIncome: parent.imputedIncome
      ? { reason: REASON_LABELS[parent.imputedIncome.reason], factors: parent.imputedIncome.factors.map((f) => IMPUTATION_FACTOR_LABELS[f]), finding: parent.imputedIncome.finding }
      : null,
  }));
  let deviation: WorksheetFindings['deviation'] = null;
  if (input.deviation) {
    const d = input.deviation;
    const calc = d.calculationId ? calcs.find((c) => c.id === d.calculationId) : calcs[0];
    if (!calc) {
      return guidelineFailure('INPUT_INCONSISTENT', `The deviation names calculation ${d.calculationId}, but the worksheet has ${calcs.map((c) => c.id).join(' and ')}.`, [{ path: '/deviation/calculationId', message: 'no such calculation' }]);
    }
    const guideline = parseCents(calc.result.totalMonthly)!;
    const ordered = parseCents(d.orderedMonthly)!;
    if (ordered === guideline) {
      return guidelineFailure('INPUT_INCONSISTENT', `The amount ordered (${formatDollars(ordered)}) is the guideline amount, so there is no deviation to record.`, [{ path: '/deviation/orderedMonthly', message: 'equals the guideline amount' }]);
    }
    deviation = { calculationId: calc.id, guidelineMonthly: formatCents(guideline), orderedMonthly: formatCents(ordered), difference: formatCents(ordered - guideline), reason: d.reason, bestInterests: d.bestInterests ?? null };
  }
  return ok({ subsistence: subsistenceSentence(version, calcs), parents, deviation });
}

/** Notes for the imputed incomes and incarceration, in the worksheet's words. */
export function findingNotes(findings: WorksheetFindings): string[] {
  const notes: string[] = [];
  for (const p of findings.parents) {
    if (p.imputedIncome) notes.push(`The ${p.who}'s income is imputed (${p.imputedIncome.reason}) after considering ${p.imputedIncome.factors.join(', ')} (45 CFR 302.56(c)(1)(iii)): ${p.imputedIncome.finding}`);
    if (p.incarcerated) notes.push(`The ${p.who} is incarcerated; incarceration is not treated as voluntary unemployment (45 CFR 302.56(c)(3)), so the income entered is the income actually available.`);
  }
  if (findings.deviation) {
    const d = findings.deviation;
    notes.push(`Deviation (45 CFR 302.56(g)): the guideline amount is $${d.guidelineMonthly} a month; the order sets $${d.orderedMonthly}, because ${d.reason}`);
  }
  return notes;
}
