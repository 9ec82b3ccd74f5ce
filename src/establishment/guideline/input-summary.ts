/**
 * The inputs of a calculation in words, for the worksheet PDF and the saved calculation: what the
 * worker entered, so a reviewer can check the worksheet against it.
 */
import { formatDollars, parseCents } from '../../kernel/money.ts';
import { IMPUTATION_FACTOR_LABELS } from './findings.ts';
import type { GuidelineInput, ParentInput } from './input.ts';

const usd = (s: string) => formatDollars(parseCents(s)!);
const FREQ: Record<string, string> = { weekly: 'a week', biweekly: 'every two weeks', semimonthly: 'twice a month', monthly: 'a month', annually: 'a year' };
const EXPENSE: Record<string, string> = { childCare: 'Child care', healthInsurancePremium: "Health insurance premium (children's part)", unreimbursedMedical: 'Unreimbursed medical expenses' };

function parent(label: string, p: ParentInput): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  const name = p.name ? ` (${p.name})` : '';
  const ded = p.income.deductionsPerPeriod ? `, less ${usd(p.income.deductionsPerPeriod)}` : '';
  rows.push([`${label}${name}: income`, `${usd(p.income.grossPerPeriod)} ${FREQ[p.income.payFrequency]}${ded}`]);
  if (p.overnightsPerYear !== undefined) rows.push([`${label}: overnights a year`, String(p.overnightsPerYear)]);
  if (p.supportOwedToOtherChildrenMonthly) rows.push([`${label}: support owed to other children`, `${usd(p.supportOwedToOtherChildrenMonthly)} a month`]);
  (p.priorObligations ?? []).forEach((o, i) =>
    rows.push([`${label}: previous obligation ${i + 1}`, o.kind === 'order' ? `order of ${usd(o.monthlyAmount)} a month` : `intact family of ${o.children} ${o.children === 1 ? 'child' : 'children'}`]),
  );
  if (p.incarcerated) rows.push([`${label}: incarcerated`, 'yes']);
  if (p.imputedIncome) {
    rows.push([`${label}: income imputed`, `${p.imputedIncome.reason}; considered ${p.imputedIncome.factors.map((f) => IMPUTATION_FACTOR_LABELS[f]).join(', ')}; finding: ${p.imputedIncome.finding}`]);
  }
  return rows;
}

export function inputSummary(input: GuidelineInput): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  rows.push(['Guideline', input.guideline ?? `${input.state}, the version in effect on the date`]);
  rows.push(['Support takes effect on', input.calculationDate]);
  rows.push(['Children', String(input.children)]);
  if (input.caseType === 'thirdParty') rows.push(['Case', `third party has the children${input.thirdParty?.name ? ` (${input.thirdParty.name})` : ''}`]);
  if (input.obligor) rows.push(...parent('Obligor', input.obligor));
  if (input.obligee) rows.push(...parent('Obligee', input.obligee));
  (input.obligors ?? []).forEach((p, i) => rows.push(...parent(`Obligor ${i + 1}`, p)));
  (input.placements ?? []).forEach((p, i) =>
    rows.push([`Placement group ${i + 1}`, `${p.children} ${p.children === 1 ? 'child' : 'children'}: ${p.obligorOvernightsPerYear} overnights with the obligor, ${p.obligeeOvernightsPerYear} with the obligee`]),
  );
  if (input.childSocialSecurityBenefitMonthly) rows.push(["Children's Social Security benefit", `${usd(input.childSocialSecurityBenefitMonthly)} a month`]);
  for (const e of input.expenses ?? []) rows.push([EXPENSE[e.kind] ?? e.kind, `${usd(e.amount)} ${FREQ[e.frequency ?? 'monthly']}, paid by the ${e.paidBy}`]);
  if (input.findings?.highIncomePercentages) rows.push(['Finding', 'the court applies the high-income percentages']);
  if (input.findings?.lowIncomePayer) rows.push(['Finding', "the payer's total economic circumstances limit the ability to pay (low-income payer)"]);
  if (input.furtherAdjustment) rows.push(['Further adjustment', `${usd(input.furtherAdjustment.amount.replace('-', ''))}${input.furtherAdjustment.amount.startsWith('-') ? ' less' : ' more'}: ${input.furtherAdjustment.reason}`]);
  if (input.deviation) rows.push(['Deviation', `order of ${usd(input.deviation.orderedMonthly)} a month: ${input.deviation.reason}`]);
  if (input.options) rows.push(['Rounding options', Object.entries(input.options).map(([k, v]) => `${k} ${v}`).join(', ')]);
  return rows;
}
