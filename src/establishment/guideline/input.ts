/**
 * The JSON input of a guideline calculation (API body, CLI file). Money is a decimal string, never a
 * float; nothing here has a schema default, so validation never rewrites the caller's document.
 */
import { IsoDate, MoneyString, StringEnum, Type, type Static } from '../../kernel/schema.ts';
import { BETWEEN_ROWS, PAY_FREQUENCIES, PERCENT_ROUNDINGS, SHARE_ROUNDINGS } from './schedule.ts';

/** A non-negative amount in dollars and cents: "1234", "1234.5", "1234.56". */
const Amount = (description: string) => Type.String({ pattern: '^\\d{1,9}(\\.\\d{1,2})?$', description });

export const IncomeSchema = Type.Object(
  {
    grossPerPeriod: Amount('worksheet line 1: total gross income per pay period'),
    deductionsPerPeriod: Type.Optional(Amount('worksheet line 2: deductions per pay period (taxes, FICA, ...); 0 when omitted')),
    payFrequency: StringEnum(PAY_FREQUENCIES, { description: 'pay period of lines 1-3; line 4 converts to a month' }),
  },
  { additionalProperties: false },
);

/** 45 CFR 302.56(c)(1)(iii): the circumstances a decision to impute income must consider (codes). */
export const IMPUTATION_FACTORS = [
  'assets',
  'residence',
  'employmentAndEarningsHistory',
  'jobSkills',
  'educationalAttainment',
  'literacy',
  'age',
  'health',
  'criminalRecordAndOtherBarriers',
  'recordOfSeekingWork',
  'localJobMarket',
  'employersWillingToHire',
  'prevailingLocalEarnings',
  'otherBackgroundFactors',
] as const;
export type ImputationFactor = (typeof IMPUTATION_FACTORS)[number];

export const ImputedIncomeSchema = Type.Object(
  {
    reason: StringEnum(['voluntaryUnemployment', 'voluntaryUnderemployment', 'incomeUnknown'] as const, {
      description: 'why the income entered is imputed rather than actual',
    }),
    factors: Type.Array(StringEnum(IMPUTATION_FACTORS), { minItems: 1, uniqueItems: true, description: 'the specific circumstances considered (45 CFR 302.56(c)(1)(iii))' }),
    finding: Type.String({ minLength: 10, maxLength: 2000, description: 'the written finding: what the circumstances show and how the amount was reached' }),
  },
  { additionalProperties: false },
);

/** A previous legal obligation for child support of a serial-family parent (DCF 150.04(1)). */
export const PriorObligationSchema = Type.Union([
  Type.Object({ kind: Type.Literal('order'), monthlyAmount: Amount('the monthly amount of the existing support order') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('intactFamily'), children: Type.Integer({ minimum: 1, maximum: 20, description: 'children of an intact family the parent supports' }) }, { additionalProperties: false }),
]);

export const ParentSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    income: IncomeSchema,
    overnightsPerYear: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 730, description: 'overnights (or equivalent care) a year the children spend with this parent (PA line 13a: obligor only; WI: either parent)' }),
    ),
    priorObligations: Type.Optional(
      Type.Array(PriorObligationSchema, { maxItems: 10, description: 'percentage models: previous child support obligations in the order they were incurred (serial family)' }),
    ),
    incarcerated: Type.Optional(Type.Boolean({ description: 'the parent is incarcerated: never treated as voluntary unemployment (45 CFR 302.56(c)(3))' })),
    imputedIncome: Type.Optional(ImputedIncomeSchema),
    supportOwedToOtherChildrenMonthly: Type.Optional(
      Amount('third-party cases only: basic support this parent owes to other children not in placement, subtracted from income first'),
    ),
  },
  { additionalProperties: false },
);

export const EXPENSE_KINDS = ['childCare', 'healthInsurancePremium', 'unreimbursedMedical'] as const;
export type ExpenseKind = (typeof EXPENSE_KINDS)[number];
export const PAYERS = ['obligor', 'obligee', 'obligor1', 'obligor2', 'thirdParty'] as const;
export type Payer = (typeof PAYERS)[number];

export const ExpenseSchema = Type.Object(
  {
    kind: StringEnum(EXPENSE_KINDS),
    amount: Amount("the expense for the children (for a premium: the children's part only)"),
    frequency: Type.Optional(StringEnum(PAY_FREQUENCIES, { description: 'monthly when omitted' })),
    paidBy: StringEnum(PAYERS, { description: 'parents cases: obligor | obligee; third-party cases: obligor1 | obligor2 | thirdParty' }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const PlacementSchema = Type.Object(
  {
    children: Type.Integer({ minimum: 1, maximum: 20 }),
    obligorOvernightsPerYear: Type.Integer({ minimum: 0, maximum: 730 }),
    obligeeOvernightsPerYear: Type.Integer({ minimum: 0, maximum: 730 }),
  },
  { additionalProperties: false },
);

export const DeviationSchema = Type.Object(
  {
    orderedMonthly: Amount('the monthly support the order sets instead of the guideline amount'),
    reason: Type.String({ minLength: 10, maxLength: 2000, description: 'why the guideline amount would be unjust or inappropriate (45 CFR 302.56(g))' }),
    bestInterests: Type.Optional(Type.String({ maxLength: 2000, description: "how the ordered amount serves the children's best interests" })),
    calculationId: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);

export const GuidelineInputSchema = Type.Object(
  {
    state: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: "two-letter state code; picks the state's version in effect on the date" })),
    guideline: Type.Optional(Type.String({ pattern: '^[A-Z]{2}-[A-Za-z0-9.-]{1,30}$', description: 'a guideline version id (PA-2017, AR-2020, WI-DCF150); the program policy names it' })),
    calculationDate: IsoDate({ description: 'the date the support would take effect; picks the schedule version in effect' }),
    children: Type.Integer({ minimum: 1, maximum: 20, description: 'number of children of this order (the schedule decides which counts it covers)' }),
    caseType: Type.Optional(StringEnum(['parents', 'thirdParty'] as const, { description: 'parents (default) or thirdParty (agency or caretaker plaintiff)' })),
    obligor: Type.Optional(ParentSchema),
    obligee: Type.Optional(ParentSchema),
    obligors: Type.Optional(Type.Array(ParentSchema, { minItems: 1, maxItems: 2, description: 'third-party cases: each parent is a separate obligor' })),
    thirdParty: Type.Optional(
      Type.Object(
        { name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })), kind: Type.Optional(StringEnum(['agency', 'caretaker'] as const)) },
        { additionalProperties: false },
      ),
    ),
    childSocialSecurityBenefitMonthly: Type.Optional(Amount("line 6/9: the children's monthly Social Security derivative benefit")),
    expenses: Type.Optional(Type.Array(ExpenseSchema, { maxItems: 30 })),
    placements: Type.Optional(
      Type.Array(PlacementSchema, { minItems: 1, maxItems: 20, description: 'percentage models: where each group of children lives (split and shared placement)' }),
    ),
    findings: Type.Optional(
      Type.Object(
        {
          highIncomePercentages: Type.Optional(Type.Boolean({ description: 'WI: the court applies the high-income percentages (DCF 150.04(5))' })),
          lowIncomePayer: Type.Optional(Type.Boolean({ description: "WI: the payer's total economic circumstances limit the ability to pay (DCF 150.04(4), Appendix C)" })),
        },
        { additionalProperties: false },
      ),
    ),
    deviation: Type.Optional(DeviationSchema),
    furtherAdjustment: Type.Optional(
      Type.Object(
        {
          amount: MoneyString({ description: 'line 13e: signed monthly amount added to line 13d (negative lowers it)' }),
          reason: Type.String({ minLength: 3, maxLength: 500 }),
        },
        { additionalProperties: false },
      ),
    ),
    options: Type.Optional(
      Type.Object(
        {
          percentRounding: Type.Optional(StringEnum(PERCENT_ROUNDINGS)),
          shareRounding: Type.Optional(StringEnum(SHARE_ROUNDINGS)),
          betweenRows: Type.Optional(StringEnum(BETWEEN_ROWS)),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type GuidelineInput = Static<typeof GuidelineInputSchema>;
export type ParentInput = Static<typeof ParentSchema>;
export type ExpenseInput = Static<typeof ExpenseSchema>;
export type PlacementInput = Static<typeof PlacementSchema>;
export type PriorObligationInput = Static<typeof PriorObligationSchema>;
