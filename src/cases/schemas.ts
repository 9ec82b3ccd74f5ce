/** Request and file schemas for case intake: one shape for the API, the JSON-lines file and the CSV rows. */
import { IsoDate, Nullable, StringEnum, Type, type Static } from '../kernel/schema.ts';

export const CASE_TYPES = ['current_assistance', 'former_assistance', 'never_assistance', 'iv_e_foster_care', 'medicaid_only'] as const;
export const INTAKE_KINDS = ['application', 'iv_a_referral', 'iv_e_referral', 'medicaid_referral', 'interstate_referral'] as const;
export const MEMBER_ROLES = ['custodial_party', 'noncustodial_parent', 'alleged_father', 'child'] as const;
export const INTERSTATE_ROLES = ['none', 'initiating', 'responding'] as const;

const Name = (options: Record<string, unknown> = {}) => Type.String({ minLength: 1, maxLength: 60, pattern: "^[\\p{L}][\\p{L} .'-]*$", ...options });

export const AddressSchema = Type.Object(
  {
    kind: Type.Optional(StringEnum(['residential', 'mailing'] as const)),
    line1: Type.String({ minLength: 1, maxLength: 100 }),
    line2: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    city: Type.String({ minLength: 1, maxLength: 60 }),
    stateCode: Type.String({ pattern: '^[A-Za-z]{2}$' }),
    zip: Type.String({ pattern: '^\\d{5}(-\\d{4})?$' }),
  },
  { additionalProperties: false },
);

export const EmployerSchema = Type.Object(
  {
    fein: Type.Optional(Nullable(Type.String({ pattern: '^\\d{9}$' }))),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    line1: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    city: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
    stateCode: Type.Optional(Nullable(Type.String({ pattern: '^[A-Za-z]{2}$' }))),
    zip: Type.Optional(Nullable(Type.String({ pattern: '^\\d{5}(-\\d{4})?$' }))),
    startDate: Type.Optional(Nullable(IsoDate())),
  },
  { additionalProperties: false },
);

export const SsnSchema = Type.String({ pattern: '^\\d{3}-?\\d{2}-?\\d{4}$', description: 'nine digits, dashes optional' });

export const AliasSchema = Type.Object(
  {
    kind: Type.Optional(StringEnum(['alias', 'maiden', 'former', 'nickname'] as const)),
    firstName: Name(),
    middleName: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
    lastName: Name(),
  },
  { additionalProperties: false },
);

export const PersonSchema = Type.Object(
  {
    firstName: Name(),
    middleName: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
    lastName: Name(),
    suffix: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
    dateOfBirth: Type.Optional(Nullable(IsoDate())),
    sex: Type.Optional(StringEnum(['F', 'M', 'U'] as const)),
    ssn: Type.Optional(Nullable(SsnSchema)),
    aliases: Type.Optional(Type.Array(AliasSchema, { maxItems: 10 })),
    address: Type.Optional(Nullable(AddressSchema)),
    employer: Type.Optional(Nullable(EmployerSchema)),
  },
  { additionalProperties: false },
);

export const IntakeMemberSchema = Type.Object(
  {
    role: StringEnum(MEMBER_ROLES),
    /** Use a person already on file instead of describing one. */
    personId: Type.Optional(Type.Integer({ minimum: 1 })),
    person: Type.Optional(PersonSchema),
    bornOutOfWedlock: Type.Optional(Nullable(Type.Boolean())),
  },
  { additionalProperties: false },
);

export const IntakeSchema = Type.Object(
  {
    kind: StringEnum(INTAKE_KINDS),
    sourceSystem: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,40}$' })),
    /** The sender's id of this referral or application; the same id from the same source is taken once. */
    externalId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' })),
    receivedDate: IsoDate(),
    caseType: StringEnum(CASE_TYPES),
    officeCode: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{2,10}$' })),
    interstate: Type.Optional(
      Type.Object(
        {
          role: StringEnum(['initiating', 'responding'] as const),
          otherJurisdictionFips: Type.String({ pattern: '^\\d{2}(\\d{3}(\\d{2})?)?$' }),
          otherJurisdictionCaseId: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
        },
        { additionalProperties: false },
      ),
    ),
    members: Type.Array(IntakeMemberSchema, { minItems: 1, maxItems: 20 }),
    /** Indexes of members the worker confirms as new persons despite a name and birth-date match. */
    confirmNewPersons: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);

export type IntakeInput = Static<typeof IntakeSchema>;
export type IntakeMemberInput = Static<typeof IntakeMemberSchema>;
