/**
 * Routes of locate: a person's locate results (source, confidence, verification) and recording the
 * outcome of verifying one (a caseworker's confirmation, a postal or an employer verification). Office
 * staff see the persons on their office's cases; every read and change is audited.
 */
import type { App } from '../http/context.ts';
import { contextOf } from '../http/context.ts';
import { commonErrors, send } from '../http/respond.ts';
import type { Deps } from '../deps.ts';
import { Nullable, StringEnum, Type } from '../kernel/schema.ts';
import { listLocateResults, verifyLocateResult } from './results.ts';

const SOURCES = ['ndnh_w4', 'ndnh_qw', 'ndnh_ui', 'fcr', 'state_new_hire', 'state_qw', 'state_ui'] as const;

const LocateResultSchema = Type.Object({
  resultId: Type.Integer(),
  source: StringEnum(SOURCES),
  sourceLabel: Type.String(),
  item: StringEnum(['address', 'employer'] as const),
  confidence: StringEnum(['high', 'medium', 'low'] as const),
  verification: StringEnum(['unverified', 'verified', 'failed'] as const),
  verifiedDate: Nullable(Type.String()),
  verificationMethod: Nullable(Type.String()),
  verificationNote: Nullable(Type.String()),
  reportedDate: Nullable(Type.String()),
  receivedDate: Type.String(),
  address: Nullable(Type.Object({ addressId: Type.Integer(), line1: Type.String(), line2: Nullable(Type.String()), city: Type.String(), stateCode: Type.String(), zip: Type.String() })),
  employer: Nullable(Type.Object({ employmentId: Type.Integer(), employerId: Type.Integer(), name: Type.String(), fein: Nullable(Type.String()) })),
  detail: Type.Record(Type.String(), Type.Unknown()),
  locateTimeframesMet: Type.Array(Type.Integer(), { description: 'the 45 CFR 303.3(b)(3) locate clocks this result met' }),
});

export async function locateRoutes(app: App, deps: Deps) {
  app.get(
    '/persons/:personId/locate-results',
    {
      config: { access: { data: 'person', permission: 'person.read', resources: [['person', 'params.personId']] }, purpose: 'locate' },
      schema: {
        tags: ['locate'],
        summary: "A person's locate results (NDNH, FCR, state new hire / QW / UI) with source, confidence and verification, newest first",
        params: Type.Object({ personId: Type.Integer({ minimum: 1 }) }),
        response: { 200: Type.Object({ personId: Type.Integer(), results: Type.Array(LocateResultSchema) }), ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await listLocateResults(deps, contextOf(deps, request), request.params.personId)),
  );

  app.post(
    '/locate-results/:resultId/verification',
    {
      config: { access: { data: 'person', permission: 'person.write', resources: [['locate_result', 'params.resultId']] }, purpose: 'locate' },
      schema: {
        tags: ['locate'],
        summary: 'Record the outcome of verifying a locate result: verified or failed (the address or employment in the history follows); closes the worklist item',
        params: Type.Object({ resultId: Type.Integer({ minimum: 1 }) }),
        body: Type.Object(
          {
            outcome: StringEnum(['verified', 'failed'] as const),
            method: StringEnum(['caseworker', 'postal', 'employer'] as const, { description: 'caseworker confirmation, postal verification or employer verification' }),
            note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ resultId: Type.Integer(), verification: StringEnum(['unverified', 'verified', 'failed'] as const), verifiedDate: Type.String() }), ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await verifyLocateResult(deps, contextOf(deps, request), request.params.resultId, request.body)),
  );
}
