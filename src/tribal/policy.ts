/**
 * IV-D programs and the 45 CFR 302 (State) or 309 (Tribal) rules each runs under, as effective-dated
 * policy data (table program_policy). The access layer (src/security/access.ts) confines every user to
 * their program; this module says which program owns an office and what that program's rules are.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { DistributionRule, PolicyVersion } from '../financial/policy.ts';
import type { RequestContext } from '../security/context.ts';

export interface FraudThresholds {
  /** A payee bank account changed this many days or fewer before a disbursement is a signal... */
  bankChangeDays: number;
  /** ...when the disbursement is at least this much. */
  largeDisbursementCents: number;
}

export const DEFAULT_FRAUD_THRESHOLDS: FraudThresholds = { bankChangeDays: 30, largeDisbursementCents: 100_000 };

export interface ProgramPolicy {
  programId: number;
  programCode: string;
  programKind: 'state' | 'tribal';
  effectiveFrom: string;
  cfrPart: '302' | '309';
  servicePopulation: string | null;
  jurisdiction: string | null;
  allowedCaseTypes: readonly string[];
  distributionRule: 'usc_657' | 'cfr_309_115';
  federalAssignment: boolean;
  chargeAnnualFee: boolean;
  guidelineReference: string | null;
  timeframeDays: Readonly<Record<string, number>>;
  fraudThresholds: FraudThresholds;
  source: string;
}

const asObject = (v: unknown): Record<string, unknown> => (typeof v === 'string' ? (JSON.parse(v) as Record<string, unknown>) : ((v ?? {}) as Record<string, unknown>));

/** The policy version of a program in force on a business date, or null when none is. */
export async function programPolicyOn(db: Db, programId: number, date: string): Promise<ProgramPolicy | null> {
  const row = await db
    .selectFrom('program_policy as pp')
    .innerJoin('iv_d_program as p', 'p.id', 'pp.program_id')
    .selectAll('pp')
    .select(['p.code as program_code', 'p.kind as program_kind'])
    .where('pp.program_id', '=', programId)
    .where('pp.effective_from', '<=', date)
    .where((eb) => eb.or([eb('pp.effective_to', 'is', null), eb('pp.effective_to', '>=', date)]))
    .orderBy('pp.effective_from', 'desc')
    .executeTakeFirst();
  if (!row) return null;
  const fraud = asObject(row.fraud_thresholds);
  return {
    programId,
    programCode: row.program_code,
    programKind: row.program_kind,
    effectiveFrom: String(row.effective_from),
    cfrPart: row.cfr_part,
    servicePopulation: row.service_population,
    jurisdiction: row.jurisdiction,
    allowedCaseTypes: row.allowed_case_types,
    distributionRule: row.distribution_rule,
    federalAssignment: row.federal_assignment,
    chargeAnnualFee: row.charge_annual_fee,
    guidelineReference: row.guideline_reference,
    timeframeDays: asObject(row.timeframe_days) as Record<string, number>,
    fraudThresholds: {
      bankChangeDays: typeof fraud.bankChangeDays === 'number' ? fraud.bankChangeDays : DEFAULT_FRAUD_THRESHOLDS.bankChangeDays,
      largeDisbursementCents: typeof fraud.largeDisbursementCents === 'number' ? fraud.largeDisbursementCents : DEFAULT_FRAUD_THRESHOLDS.largeDisbursementCents,
    },
    source: row.source,
  };
}

/** The program that owns an office. */
export async function officeProgramId(db: Db, officeId: number): Promise<number> {
  const row = await db.selectFrom('office').select('program_id').where('id', '=', officeId).executeTakeFirstOrThrow();
  return row.program_id;
}

/** The program that owns a case (through its office). */
export async function caseProgramId(db: Db, caseId: number): Promise<number | null> {
  const row = await db.selectFrom('iv_d_case as c').innerJoin('office as o', 'o.id', 'c.office_id').select('o.program_id').where('c.id', '=', caseId).executeTakeFirst();
  return row?.program_id ?? null;
}

export interface NewProgram {
  code: string;
  name: string;
  kind: 'state' | 'tribal';
}

export interface NewProgramPolicy {
  effectiveFrom: string;
  cfrPart: '302' | '309';
  servicePopulation?: string | null;
  jurisdiction?: string | null;
  allowedCaseTypes: readonly string[];
  distributionRule: 'usc_657' | 'cfr_309_115';
  federalAssignment: boolean;
  chargeAnnualFee: boolean;
  guidelineReference?: string | null;
  timeframeDays?: Record<string, number>;
  fraudThresholds?: Partial<FraudThresholds>;
  source: string;
}

/** A Tribal IV-D program's usual 45 CFR 309 policy (the program's plan says the particulars). */
export function tribalPolicyDefaults(effectiveFrom: string, plan: { servicePopulation: string; jurisdiction: string; guidelineReference: string }): NewProgramPolicy {
  return {
    effectiveFrom,
    cfrPart: '309',
    servicePopulation: plan.servicePopulation,
    jurisdiction: plan.jurisdiction,
    // 309.65(a): a Tribal program serves its service population; foster-care (IV-E) and Medicaid-only
    // referrals are State referrals, so the default plan takes assistance and non-assistance cases only.
    allowedCaseTypes: ['current_assistance', 'former_assistance', 'never_assistance'],
    distributionRule: 'cfr_309_115',
    federalAssignment: false,
    chargeAnnualFee: false,
    guidelineReference: plan.guidelineReference,
    timeframeDays: {},
    fraudThresholds: {},
    source: '45 CFR 309.65, 309.75, 309.105, 309.115',
  };
}

export async function addProgram(db: Db, program: NewProgram, policy: NewProgramPolicy): Promise<number> {
  const row = await db.insertInto('iv_d_program').values({ code: program.code, name: program.name, kind: program.kind }).returning('id').executeTakeFirstOrThrow();
  await addProgramPolicy(db, row.id, policy);
  return row.id;
}

export async function addProgramPolicy(db: Db, programId: number, p: NewProgramPolicy): Promise<void> {
  await db
    .insertInto('program_policy')
    .values({
      program_id: programId,
      effective_from: p.effectiveFrom,
      effective_to: null,
      cfr_part: p.cfrPart,
      service_population: p.servicePopulation ?? null,
      jurisdiction: p.jurisdiction ?? null,
      allowed_case_types: [...p.allowedCaseTypes],
      distribution_rule: p.distributionRule,
      federal_assignment: p.federalAssignment,
      charge_annual_fee: p.chargeAnnualFee,
      guideline_reference: p.guidelineReference ?? null,
      timeframe_days: JSON.stringify(p.timeframeDays ?? {}),
      fraud_thresholds: JSON.stringify({ ...p.fraudThresholds }),
      source: p.source,
    })
    .execute();
}

export async function programIdByCode(db: Db, code: string): Promise<number | null> {
  const row = await db.selectFrom('iv_d_program').select('id').where('code', '=', code.toUpperCase()).executeTakeFirst();
  return row?.id ?? null;
}

/** What a program's policy says about distribution (program_policy columns of the same names). */
export interface ProgramDistributionTerms {
  code: string;
  chargeAnnualFee: boolean;
  distributionRule: DistributionRule;
  federalAssignment: boolean;
}

/**
 * `--program CODE` on the command line: the system actor confined to one IV-D program, so the command
 * sees and writes only that program's records (its files, its reports). Null when there is no such program.
 */
export async function confineToProgram(db: Db, ctx: RequestContext, code: string | undefined): Promise<RequestContext | null> {
  if (!code) return ctx;
  const id = await programIdByCode(db, code);
  return id === null ? null : { ...ctx, actor: { ...ctx.actor, programId: id } };
}

/**
 * The State's distribution policy version adapted to one IV-D program (pure; the batch and the per-case
 * path both call it). A State program (42 USC 657, federal assignment, annual fee) gets the version as it
 * is. Otherwise the version id names the program, so each allocation says which rules ran, and:
 * - `chargeAnnualFee` false: no case type owes the 654(6)(B) fee (it binds States);
 * - `federalAssignment` false: no federal share of what is kept (FMAP 0 for every FFY);
 * - `distributionRule` 'cfr_309_115' with no federal assignment: the Tribal TANF rule of 45 CFR 309.115
 *   (the Tribe keeps assigned support up to the Tribal TANF paid, the rest to the family, family-first in
 *   former assistance) and no 657(a)(6) pass-through. With federal assignment the program's TANF families
 *   are State TANF families, whose collections 309.115 (310.115(a)) sends through 42 USC 657(a)(1): the
 *   State rule, FMAP and pass-through stay.
 */
export function adaptPolicyToProgram(policy: PolicyVersion, program: ProgramDistributionTerms): PolicyVersion {
  if (program.chargeAnnualFee && program.federalAssignment && program.distributionRule === 'usc_657') return policy;
  const adapted: PolicyVersion = { ...policy, id: `${policy.id}+${program.code}` };
  if (!program.chargeAnnualFee) adapted.annualFeeCaseTypes = [];
  if (!program.federalAssignment) adapted.fmap = [{ fromFfy: 0, federalShareBasisPoints: 0 }];
  if (program.distributionRule === 'cfr_309_115' && !program.federalAssignment) {
    adapted.distributionRule = 'cfr_309_115';
    adapted.passThrough = { oneChildCents: 0, twoOrMoreChildrenCents: 0, disregarded: false };
  }
  return adapted;
}

/** The program's distribution terms in force on `date` for a case (through its office); null when none. */
export async function caseDistributionTerms(db: Db, caseId: number, date: string): Promise<ProgramDistributionTerms | null> {
  // One query: this runs for every collection distributed.
  const row = await db
    .selectFrom('iv_d_case as c')
    .innerJoin('office as o', 'o.id', 'c.office_id')
    .innerJoin('iv_d_program as p', 'p.id', 'o.program_id')
    .innerJoin('program_policy as pp', 'pp.program_id', 'p.id')
    .select(['p.code', 'pp.charge_annual_fee', 'pp.distribution_rule', 'pp.federal_assignment'])
    .where('c.id', '=', caseId)
    .where('pp.effective_from', '<=', date)
    .where((eb) => eb.or([eb('pp.effective_to', 'is', null), eb('pp.effective_to', '>=', date)]))
    .orderBy('pp.effective_from', 'desc')
    .executeTakeFirst();
  if (!row) return null;
  return { code: row.code, chargeAnnualFee: row.charge_annual_fee, distributionRule: row.distribution_rule, federalAssignment: row.federal_assignment };
}

/**
 * The distribution policy for one case: the State's version adapted to the case's IV-D program on `date`
 * (adaptPolicyToProgram). A case whose program has no policy in force gets the State's version.
 */
export async function distributionPolicyForCase(db: Db, caseId: number, policy: PolicyVersion, date: string): Promise<PolicyVersion> {
  const terms = await caseDistributionTerms(db, caseId, date);
  return terms ? adaptPolicyToProgram(policy, terms) : policy;
}

/** One program policy version of a case's program, as distributionPoliciesForCases loads it. */
export interface CaseProgramPolicyVersion extends ProgramDistributionTerms {
  effectiveFrom: string;
  effectiveTo: string | null;
}

/**
 * The program policy versions of several cases' programs in one query (the batch's distribution), to
 * be applied per collection date with distributionPolicyFromVersions. A case with no program policy gets
 * an empty list (the State's policy applies unchanged), as in distributionPolicyForCase.
 */
export async function distributionPoliciesForCases(db: Db, caseIds: readonly number[]): Promise<Map<number, CaseProgramPolicyVersion[]>> {
  const out = new Map<number, CaseProgramPolicyVersion[]>();
  for (const id of caseIds) out.set(id, []);
  if (caseIds.length === 0) return out;
  const rows = await db
    .selectFrom('iv_d_case as c')
    .innerJoin('office as o', 'o.id', 'c.office_id')
    .innerJoin('iv_d_program as p', 'p.id', 'o.program_id')
    .innerJoin('program_policy as pp', 'pp.program_id', 'p.id')
    .select(['c.id as case_id', 'p.code', 'pp.charge_annual_fee', 'pp.distribution_rule', 'pp.federal_assignment'])
    .select(sql<string>`pp.effective_from::text`.as('effective_from'))
    .select(sql<string | null>`pp.effective_to::text`.as('effective_to'))
    .where('c.id', 'in', [...new Set(caseIds)])
    .orderBy('c.id')
    .orderBy('pp.effective_from', 'desc')
    .execute();
  for (const r of rows) out.get(r.case_id)!.push({ code: r.code, chargeAnnualFee: r.charge_annual_fee, distributionRule: r.distribution_rule, federalAssignment: r.federal_assignment, effectiveFrom: r.effective_from, effectiveTo: r.effective_to });
  return out;
}

/** The case's distribution policy on `date` from its loaded versions (pure; same choice as distributionPolicyForCase). */
export function distributionPolicyFromVersions(versions: readonly CaseProgramPolicyVersion[], policy: PolicyVersion, date: string): PolicyVersion {
  // Versions are newest first: the latest one in force on the date, as `order by effective_from desc limit 1`.
  const v = versions.find((x) => x.effectiveFrom <= date && (x.effectiveTo === null || x.effectiveTo >= date));
  return v ? adaptPolicyToProgram(policy, v) : policy;
}
