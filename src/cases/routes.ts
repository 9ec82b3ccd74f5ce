/** Routes for case intake (API and file import) and for reading cases. */
import type { App } from '../http/context.ts';
import { contextOf } from '../http/context.ts';
import { commonErrors, ErrorSchema, send } from '../http/respond.ts';
import type { Deps } from '../deps.ts';
import { Nullable, StringEnum, Type } from '../kernel/schema.ts';
import { MatchCandidateSchema } from '../participants/routes.ts';
import { listPendingIntakes, resolveIntake, submitIntake } from './intake.ts';
import { importIntakeFile } from './import.ts';
import { decideLinkRequest, listLinkRequests } from './person-links.ts';
import { IntakeSchema, MEMBER_ROLES } from './schemas.ts';
import { getCaseSummary, searchCases } from './service.ts';

const ProposalSchema = Type.Object({ memberIndex: Type.Integer(), role: Type.String(), candidates: Type.Array(MatchCandidateSchema) });

const IntakeOutcomeSchema = Type.Object({
  intakeId: Type.Integer(),
  status: StringEnum(['opened', 'pending_review'] as const),
  alreadyReceived: Type.Boolean(),
  receivedDate: Type.String({ format: 'date' }),
  dueDate: Type.String({ format: 'date', description: 'the case must be open by this date (45 CFR 303.2(b), 20 calendar days)' }),
  caseId: Nullable(Type.Integer()),
  caseNumber: Nullable(Type.String()),
  proposals: Type.Array(ProposalSchema),
});

const CaseSummarySchema = Type.Object({
  caseId: Type.Integer(),
  caseNumber: Type.String(),
  caseType: Type.String(),
  interstateRole: Type.String(),
  otherJurisdictionFips: Nullable(Type.String()),
  otherJurisdictionCaseId: Nullable(Type.String()),
  status: Type.String(),
  office: Type.Object({ code: Type.String(), name: Type.String() }),
  assignedWorker: Nullable(Type.Object({ userId: Type.Integer(), displayName: Type.String() })),
  intakeSource: Type.String(),
  receivedDate: Type.String(),
  openDueDate: Type.String(),
  openedDate: Type.String(),
  openedOnTime: Type.Boolean(),
  closedDate: Nullable(Type.String()),
  closureReason: Nullable(Type.String()),
  members: Type.Array(
    Type.Object({
      memberId: Type.Integer(),
      personId: Type.Integer(),
      role: StringEnum(MEMBER_ROLES),
      firstName: Type.String(),
      lastName: Type.String(),
      dateOfBirth: Nullable(Type.String()),
      ssn: Nullable(Type.String({ description: 'masked' })),
      startDate: Type.String(),
      endDate: Nullable(Type.String()),
      bornOutOfWedlock: Nullable(Type.Boolean()),
      paternityEstablished: Nullable(Type.Boolean()),
    }),
  ),
  timeframes: Type.Array(Type.Object({ kind: Type.String(), regulation: Type.String(), startDate: Type.String(), dueDate: Type.String(), metDate: Nullable(Type.String()) })),
});

export async function caseRoutes(app: App, deps: Deps) {
  app.post(
    '/intakes',
    {
      config: { access: { data: 'case', permission: 'intake.create' }, purpose: 'case intake' },
      schema: {
        tags: ['intake'],
        summary: 'Receive an application or a IV-A/IV-E/Medicaid/interstate referral',
        description:
          'Opens the case at once (201) unless a member may already be on file, in which case the intake waits for review (202) with the proposed matches. The same sourceSystem and externalId are taken once (200 with alreadyReceived).',
        body: IntakeSchema,
        response: { 200: IntakeOutcomeSchema, 201: IntakeOutcomeSchema, 202: IntakeOutcomeSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const result = await submitIntake(deps, contextOf(deps, request), request.body);
      const status = !result.ok ? 400 : result.value.alreadyReceived ? 200 : result.value.status === 'opened' ? 201 : 202;
      return send(reply, result, status);
    },
  );

  app.get(
    '/intakes/pending',
    { config: { access: { data: 'office', permission: 'intake.create' }, purpose: 'case intake' }, schema: { tags: ['intake'], summary: 'Intakes waiting for a duplicate decision, soonest due first', response: { 200: Type.Array(Type.Object({ intakeId: Type.Integer(), kind: Type.String(), sourceSystem: Type.String(), externalId: Type.String(), receivedDate: Type.String(), dueDate: Type.String(), officeId: Type.Integer(), proposals: Type.Array(ProposalSchema) })), ...commonErrors } } },
    async (request, reply) => send(reply, await listPendingIntakes(deps.db, contextOf(deps, request))),
  );

  app.post(
    '/intakes/:intakeId/resolve',
    {
      config: { access: { data: 'case', permission: 'intake.create', resources: [['intake', 'params.intakeId']] }, purpose: 'case intake' },
      schema: {
        tags: ['intake'],
        summary: 'Decide the proposed matches of a pending intake and open the case',
        params: Type.Object({ intakeId: Type.Integer({ minimum: 1 }) }),
        body: Type.Object(
          {
            decisions: Type.Array(
              Type.Object({ memberIndex: Type.Integer({ minimum: 0 }), personId: Type.Union([Type.Integer({ minimum: 1 }), Type.Literal('new')]) }, { additionalProperties: false }),
              { minItems: 1 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: IntakeOutcomeSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await resolveIntake(deps, contextOf(deps, request), request.params.intakeId, request.body.decisions), 201),
  );

  const LinkRequestSchema = Type.Object({
    id: Type.Integer(), intakeId: Type.Integer(), memberIndex: Type.Integer(), personId: Type.Integer(), personName: Type.String(), ssn: Nullable(Type.String({ description: 'masked' })),
    requestingOfficeCode: Type.String(), requestedDate: Type.String({ format: 'date' }), status: StringEnum(['pending', 'granted', 'refused'] as const),
    decidedAs: Nullable(StringEnum(['holding_office', 'supervisor'] as const)), decidedDate: Nullable(Type.String({ format: 'date' })), reason: Nullable(Type.String()),
  });

  app.get(
    '/person-link-requests',
    {
      config: { access: { data: 'person', permission: 'intake.create' }, purpose: 'case intake' },
      schema: {
        tags: ['intake'],
        summary: "Requests to link a person on file to another office's new case: those about persons on your office's cases (to consent or refuse) and those your office made",
        querystring: Type.Object({ status: StringEnum(['pending', 'all'] as const, { default: 'pending' }) }, { additionalProperties: false }),
        response: { 200: Type.Array(LinkRequestSchema), ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await listLinkRequests(deps.db, contextOf(deps, request), request.query.status)),
  );

  app.post(
    '/person-link-requests/:requestId/decision',
    {
      config: { access: { data: 'person', permission: 'case.write', resources: [['person_link_request', 'params.requestId']] }, purpose: 'case intake' },
      schema: {
        tags: ['intake'],
        summary: "Consent to (or refuse) linking a person your office holds to another office's new case; or, as a supervisor of the requesting office, decide",
        params: Type.Object({ requestId: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({ decision: StringEnum(['grant', 'refuse'] as const), reason: Type.String({ minLength: 3, maxLength: 400 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ id: Type.Integer(), status: StringEnum(['granted', 'refused'] as const), decidedAs: StringEnum(['holding_office', 'supervisor'] as const) }), ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await decideLinkRequest(deps.db, contextOf(deps, request), request.params.requestId, request.body.decision, request.body.reason)),
  );

  app.post(
    '/intakes/import',
    {
      config: { access: { data: 'file', permission: 'intake.create' }, purpose: 'case intake' },
      schema: {
        tags: ['intake'],
        summary: 'Import a referral file (CSV or JSON lines); a file with any bad line is rejected whole with line numbers',
        consumes: ['text/csv', 'application/x-ndjson', 'text/plain'],
        querystring: Type.Object({ fileName: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        body: Type.String({ minLength: 1 }),
        response: {
          201: Type.Object({ batchId: Type.Integer(), fileName: Type.String(), format: Type.String(), intakes: Type.Integer(), opened: Type.Integer(), pendingReview: Type.Integer(), alreadyReceived: Type.Integer() }),
          422: ErrorSchema,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => send(reply, await importIntakeFile(deps, contextOf(deps, request), request.query.fileName, request.body), 201),
  );

  app.get(
    '/cases',
    { config: { access: { data: 'case', permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: 'Search cases by case number, participant name or SSN last four (only cases you may see)',
        querystring: Type.Object(
          {
            caseNumber: Type.Optional(Type.String({ maxLength: 20 })),
            lastName: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
            firstName: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
            ssnLast4: Type.Optional(Type.String({ pattern: '^\\d{4}$' })),
            status: Type.Optional(StringEnum(['open', 'closed'] as const)),
            assignedToMe: Type.Optional(Type.Boolean()),
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 25 }),
            offset: Type.Integer({ minimum: 0, default: 0 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            total: Type.Integer(),
            items: Type.Array(
              Type.Object({
                caseId: Type.Integer(),
                caseNumber: Type.String(),
                caseType: Type.String(),
                status: Type.String(),
                officeCode: Type.String(),
                openedDate: Type.String(),
                custodialParty: Nullable(Type.String()),
                noncustodialParent: Nullable(Type.String()),
                childCount: Type.Integer(),
              }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => send(reply, await searchCases(deps.db, contextOf(deps, request), request.query)),
  );

  app.get(
    '/cases/:caseNumber',
    { config: { access: { data: 'case', permission: 'case.read', resources: [['case', 'params.caseNumber']] } },
      schema: {
        tags: ['cases'],
        summary: 'Case summary with members and timeframes',
        params: Type.Object({ caseNumber: Type.String({ pattern: '^[A-Za-z0-9-]{1,20}$' }) }),
        response: { 200: CaseSummarySchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await getCaseSummary(deps, contextOf(deps, request), request.params.caseNumber)),
  );
}
