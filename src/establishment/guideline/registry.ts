/**
 * The guideline versions on file: every data file in ./data, checked when loaded. A version is one
 * state's model (income shares or percentage of income) for a span of dates; two versions of one state
 * may not be in effect on the same day, and every version must state how it meets the obligor's
 * subsistence needs (45 CFR 302.56(c)(1)(ii)). The program's policy (program_guideline) names the
 * version in effect for a program on a date; an input may also name its state, and the state's version
 * in effect on the calculation date is used.
 */
import { ok, type Result } from '../../kernel/result.ts';
import { guidelineFailure } from './failures.ts';
import { parsePercentageData, percentageCoverageSentence, type PercentageModel } from './percentage-model.ts';
import { parseScheduleData, scheduleCoverageSentence, type GuidelineSchedule } from './schedule.ts';
import pa2017 from './data/pa-2017.json' with { type: 'json' };
import ar2020 from './data/ar-2020.json' with { type: 'json' };
import wiDcf150 from './data/wi-dcf150.json' with { type: 'json' };

export type GuidelineVersion = GuidelineSchedule | PercentageModel;

export interface ScheduleRegistry {
  readonly versions: readonly GuidelineVersion[];
  /** The income-shares versions (kept for the schedule look-ups and their tests). */
  readonly schedules: readonly GuidelineSchedule[];
}

const overlaps = (a: GuidelineVersion, b: GuidelineVersion): boolean =>
  a.effectiveFrom <= (b.effectiveThrough ?? '9999-12-31') && b.effectiveFrom <= (a.effectiveThrough ?? '9999-12-31');

function parseVersion(file: unknown): Result<GuidelineVersion> {
  const model = (file as { model?: unknown } | null)?.model;
  if (model === 'percentage-of-income') return parsePercentageData(file);
  return parseScheduleData(file);
}

/** Builds a registry from data files; two versions of one state may not be in effect on the same day. */
export function buildRegistry(files: readonly unknown[]): Result<ScheduleRegistry> {
  const versions: GuidelineVersion[] = [];
  for (const [i, file] of files.entries()) {
    const parsed = parseVersion(file);
    if (!parsed.ok) return parsed;
    const clash = versions.find((s) => s.id === parsed.value.id || (s.state === parsed.value.state && overlaps(s, parsed.value)));
    if (clash) {
      return guidelineFailure('INPUT_INVALID', `Guideline version ${parsed.value.id} overlaps ${clash.id} (the same id, or the same state on the same dates).`, [{ path: `/${i}`, message: `overlaps ${clash.id}` }]);
    }
    versions.push(parsed.value);
  }
  return ok({ versions, schedules: versions.filter((v): v is GuidelineSchedule => v.model === 'income-shares') });
}

/** The data files shipped with the system. A broken file is a bug, so it throws at start-up. */
const SHIPPED = buildRegistry([pa2017, ar2020, wiDcf150]);
if (!SHIPPED.ok) throw new Error(`guideline data is broken: ${SHIPPED.message} ${JSON.stringify(SHIPPED.details ?? [])}`);
export const DEFAULT_REGISTRY: ScheduleRegistry = SHIPPED.value;

const span = (v: GuidelineVersion) => `${v.id} from ${v.effectiveFrom} to ${v.effectiveThrough ?? 'open'}`;
const inEffect = (v: GuidelineVersion, date: string) => v.effectiveFrom <= date && (v.effectiveThrough === null || date <= v.effectiveThrough);

/** A version by its id, whatever the date. */
export function versionById(id: string, registry: ScheduleRegistry = DEFAULT_REGISTRY): GuidelineVersion | null {
  return registry.versions.find((v) => v.id === id) ?? null;
}

/**
 * The version for a calculation: the one named (which must be in effect on the date), or the state's
 * version in effect on the date. Every refusal is a sentence that says what is on file.
 */
export function versionInEffect(selector: { state?: string | undefined; id?: string | undefined }, date: string, registry: ScheduleRegistry = DEFAULT_REGISTRY): Result<GuidelineVersion> {
  const held = registry.versions.map(span).join('; ');
  if (selector.id) {
    const v = versionById(selector.id, registry);
    if (!v) return guidelineFailure('UNSUPPORTED_STATE', `There is no guideline version ${selector.id} on file (versions on file: ${held}).`, [{ path: '/guideline', message: `no version ${selector.id}` }]);
    if (selector.state && selector.state !== v.state) {
      return guidelineFailure('INPUT_INCONSISTENT', `Guideline version ${v.id} is ${v.state}'s, not ${selector.state}'s.`, [{ path: '/state', message: `${v.id} is a ${v.state} guideline` }]);
    }
    if (!inEffect(v, date)) {
      return guidelineFailure('NO_SCHEDULE_IN_EFFECT', `${v.title} (${v.id}) applies to support from ${v.effectiveFrom} to ${v.effectiveThrough ?? 'no end date'}, not to support taking effect on ${date}.`, [{ path: '/calculationDate', message: `${v.id} is not in effect on ${date}` }]);
    }
    return ok(v);
  }
  const state = selector.state;
  if (!state) return guidelineFailure('INPUT_INVALID', 'Say which guideline applies: give the state or the guideline version.', [{ path: '/state', message: 'give state or guideline' }]);
  const versions = registry.versions.filter((s) => s.state === state);
  if (versions.length === 0) {
    const states = [...new Set(registry.versions.map((s) => s.state))].join(', ');
    return guidelineFailure('UNSUPPORTED_STATE', `There is no guideline data for ${state} on file (data is held for ${states}).`, [{ path: '/state', message: `no guideline data for ${state}` }]);
  }
  const found = versions.find((v) => inEffect(v, date));
  if (!found) {
    return guidelineFailure('NO_SCHEDULE_IN_EFFECT', `No ${state} guideline on file applies to support taking effect on ${date}; on file: ${versions.map(span).join('; ')}.`, [
      { path: '/calculationDate', message: `no ${state} guideline in effect on ${date}` },
    ]);
  }
  return ok(found);
}

/** The income-shares schedule of a state in effect on a date (for the schedule tests and look-ups). */
export function scheduleInEffect(state: string, date: string, registry: ScheduleRegistry = DEFAULT_REGISTRY): Result<GuidelineSchedule> {
  const v = versionInEffect({ state }, date, registry);
  if (!v.ok) return v;
  if (v.value.model !== 'income-shares') return guidelineFailure('UNSUPPORTED_STATE', `${v.value.id} is not an income-shares schedule.`);
  return ok(v.value);
}

/** Which incomes a version can compute, as a sentence for the page and the CLI. */
export function coverageSentence(v: GuidelineVersion): string {
  return v.model === 'income-shares' ? scheduleCoverageSentence(v) : percentageCoverageSentence(v);
}

/** A version as the page and the CLI list it. */
export interface VersionSummary {
  id: string;
  state: string;
  model: GuidelineVersion['model'];
  title: string;
  citation: string;
  effectiveFrom: string;
  effectiveThrough: string | null;
  effectiveDatesConfidence: 'verified' | 'unverified';
  coverage: string;
  notLoaded: string[];
  /** Which inputs this version reads, so a form shows only those. */
  reads: {
    expenses: boolean;
    obligorOvernights: boolean;
    childBenefit: boolean;
    furtherAdjustment: boolean;
    thirdParty: boolean;
    placements: boolean;
    priorObligations: boolean;
    highIncomeFinding: boolean;
    lowIncomeFinding: boolean;
  };
}

export function summarizeVersion(v: GuidelineVersion): VersionSummary {
  return {
    id: v.id,
    state: v.state,
    model: v.model,
    title: v.title,
    citation: v.source.citation,
    effectiveFrom: v.effectiveFrom,
    effectiveThrough: v.effectiveThrough,
    effectiveDatesConfidence: v.effectiveDatesConfidence,
    coverage: coverageSentence(v),
    notLoaded: v.notLoaded,
    reads:
      v.model === 'income-shares'
        ? { expenses: true, obligorOvernights: v.sharedCustody !== null, childBenefit: v.childBenefitCredit, furtherAdjustment: v.sharedCustody !== null, thirdParty: v.thirdPartyCases, placements: false, priorObligations: false, highIncomeFinding: false, lowIncomeFinding: false }
        : { expenses: false, obligorOvernights: true, childBenefit: false, furtherAdjustment: false, thirdParty: false, placements: true, priorObligations: true, highIncomeFinding: v.highIncome !== null, lowIncomeFinding: true },
  };
}
