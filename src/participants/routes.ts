/** Routes for persons: reading with masked SSNs, duplicate checks, addresses, employers and aliases. */
import type { App } from '../http/context.ts';
import { contextOf } from '../http/context.ts';
import { commonErrors, send } from '../http/respond.ts';
import type { Deps } from '../deps.ts';
import { IsoDate, Nullable, StringEnum, Type } from '../kernel/schema.ts';
import { AddressSchema, AliasSchema, EmployerSchema, SsnSchema } from '../cases/schemas.ts';
import { checkForMatches, getPerson, recordAddress, recordAlias, recordEmployment } from './service.ts';

const AddressView = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  line1: Type.String(),
  line2: Nullable(Type.String()),
  city: Type.String(),
  stateCode: Type.String(),
  zip: Type.String(),
  source: Type.String(),
  verification: Type.String(),
  effectiveFrom: Type.String(),
  effectiveTo: Nullable(Type.String()),
});

export const PersonViewSchema = Type.Object({
  id: Type.Integer(),
  firstName: Type.String(),
  middleName: Nullable(Type.String()),
  lastName: Type.String(),
  suffix: Nullable(Type.String()),
  dateOfBirth: Nullable(Type.String()),
  dateOfDeath: Nullable(Type.String()),
  sex: Type.String(),
  ssn: Nullable(Type.String({ description: 'masked as ***-**-1234 unless revealed' })),
  ssnRevealed: Type.Boolean(),
  aliases: Type.Array(Type.Object({ kind: Type.String(), firstName: Type.String(), middleName: Nullable(Type.String()), lastName: Type.String() })),
  addresses: Type.Array(AddressView),
  employment: Type.Array(
    Type.Object({
      id: Type.Integer(),
      employerId: Type.Integer(),
      employerName: Type.String(),
      fein: Nullable(Type.String()),
      startDate: Nullable(Type.String()),
      endDate: Nullable(Type.String()),
      source: Type.String(),
      verification: Type.String(),
    }),
  ),
});

export const MatchCandidateSchema = Type.Object({
  personId: Type.Integer(),
  reason: StringEnum(['ssn', 'name_dob', 'alias_dob', 'soundex_dob'] as const),
  firstName: Type.String(),
  lastName: Type.String(),
  dateOfBirth: Nullable(Type.String()),
  ssnMasked: Nullable(Type.String()),
});

const PersonParams = Type.Object({ personId: Type.Integer({ minimum: 1 }) });

export async function participantRoutes(app: App, deps: Deps) {
  app.get(
    '/persons/:personId',
    { config: { access: { data: 'person', permission: 'person.read', resources: [['person', 'params.personId']] } },
      schema: {
        tags: ['participants'],
        summary: 'A person with aliases and address and employment history; SSN masked unless reveal=ssn and the role may see it',
        params: PersonParams,
        querystring: Type.Object({ reveal: Type.Optional(StringEnum(['ssn'] as const)) }, { additionalProperties: false }),
        response: { 200: PersonViewSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await getPerson(deps, contextOf(deps, request), request.params.personId, request.query.reveal === 'ssn')),
  );

  app.post(
    '/persons/matches',
    {
      config: { access: { data: 'person', permission: 'intake.create' }, purpose: 'intake duplicate check' },
      schema: {
        tags: ['participants'],
        summary: 'Who on file may be this person (SSN, then name and date of birth)',
        body: Type.Object(
          { firstName: Type.String({ minLength: 1 }), lastName: Type.String({ minLength: 1 }), dateOfBirth: Type.Optional(Nullable(IsoDate())), ssn: Type.Optional(Nullable(SsnSchema)) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ candidates: Type.Array(MatchCandidateSchema) }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const result = await checkForMatches(deps, contextOf(deps, request), request.body);
      return send(reply, result.ok ? { ok: true, value: { candidates: result.value } } : result);
    },
  );

  app.post(
    '/persons/:personId/addresses',
    { config: { access: { data: 'person', permission: 'person.write', resources: [['person', 'params.personId']] } },
      schema: {
        tags: ['participants'],
        summary: 'Record a new address; the current one of the same kind ends the day before',
        params: PersonParams,
        body: Type.Object(
          {
            ...AddressSchema.properties,
            effectiveDate: Type.Optional(IsoDate()),
            source: Type.Optional(Type.String({ maxLength: 40 })),
            verified: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ addressId: Type.Integer() }), ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await recordAddress(deps, contextOf(deps, request), request.params.personId, request.body), 201),
  );

  app.post(
    '/persons/:personId/employers',
    { config: { access: { data: 'person', permission: 'person.write', resources: [['person', 'params.personId']] } },
      schema: {
        tags: ['participants'],
        summary: 'Record an employer of the person (the employer registry is matched by FEIN and name)',
        params: PersonParams,
        body: EmployerSchema,
        response: { 201: Type.Object({ employmentId: Type.Integer() }), ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await recordEmployment(deps, contextOf(deps, request), request.params.personId, request.body), 201),
  );

  app.post(
    '/persons/:personId/aliases',
    { config: { access: { data: 'person', permission: 'person.write', resources: [['person', 'params.personId']] } },
      schema: {
        tags: ['participants'],
        summary: 'Record another name the person is known by',
        params: PersonParams,
        body: AliasSchema,
        response: { 201: Type.Object({ aliasId: Type.Integer() }), ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await recordAlias(deps, contextOf(deps, request), request.params.personId, request.body), 201),
  );
}
