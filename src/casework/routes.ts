/**
 * Routes for case management: timeframe clocks and the batch, the worklist, case closure and reopening,
 * and notices. `caseManagementRoutes` also registers the federal reports (src/reporting), so the HTTP app
 * adds this functional area with one line.
 */
import type { App } from '../http/context.ts';
import { contextOf } from '../http/context.ts';
import { commonErrors, send } from '../http/respond.ts';
import type { Deps } from '../deps.ts';
import { fail, ok } from '../kernel/result.ts';
import { IsoDate, Nullable, StringEnum, Type } from '../kernel/schema.ts';
import { reportingRoutes } from '../reporting/routes.ts';
import { closureHistory, finalizeClosure, listClosureCriteria, proposeClosure, recordClosureReply, reopenCase, withdrawClosure } from './closure.ts';
import { generateNotice, listCaseNotices, noticePdf } from './notices.ts';
import { NOTICE_TEMPLATES, templateFields } from './notice-templates.ts';
import { CLOCK_EVENTS, MANUAL_EVENTS, TIMEFRAME_RULES } from './timeframe-rules.ts';
import { listCaseClocks, meetClock, recordClockEvent, runTimeframeBatch } from './timeframes.ts';
import { completeWorklistItem, listWorklist, worklistItemHistory } from './worklist.ts';

const CaseParams = Type.Object({ caseNumber: Type.String({ pattern: '^[A-Za-z0-9-]{1,20}$' }) });
const Note = Type.String({ minLength: 1, maxLength: 2000 });
const User = Nullable(Type.Object({ userId: Type.Integer(), displayName: Type.String() }));

const ClockSchema = Type.Object({
  clockId: Type.Integer(),
  kind: Type.String(),
  regulation: Type.String(),
  title: Type.String(),
  event: Nullable(Type.String()),
  startDate: Type.String(),
  dueDate: Type.String(),
  metDate: Nullable(Type.String()),
  metNote: Nullable(Type.String()),
  metBy: Nullable(Type.Integer()),
  cancelledDate: Nullable(Type.String()),
  cancelReason: Nullable(Type.String()),
  status: StringEnum(['met_on_time', 'met_late', 'cancelled', 'open', 'due_soon', 'overdue'] as const),
});

const WorklistItemSchema = Type.Object({
  itemId: Type.Integer(),
  kind: Type.String(),
  caseNumber: Nullable(Type.String()),
  intakeId: Nullable(Type.Integer()),
  clockId: Nullable(Type.Integer()),
  closureId: Nullable(Type.Integer()),
  officeCode: Type.String(),
  title: Type.String(),
  regulation: Nullable(Type.String()),
  dueDate: Nullable(Type.String()),
  daysOverdue: Type.Integer(),
  alertLevel: StringEnum(['info', 'due_soon', 'overdue'] as const),
  status: StringEnum(['open', 'done', 'escalated'] as const),
  assignedTo: User,
  escalatedTo: User,
  escalatedDate: Nullable(Type.String()),
  createdDate: Type.String(),
  doneDate: Nullable(Type.String()),
  doneNote: Nullable(Type.String()),
});

const ClosureSchema = Type.Object({
  closureId: Type.Integer(),
  caseNumber: Type.String(),
  reasonCode: Type.String(),
  regulation: Type.String(),
  title: Type.String(),
  status: StringEnum(['notice_period', 'closed', 'kept_open', 'withdrawn', 'reopened'] as const),
  finding: Type.String(),
  attestations: Type.Array(Type.String()),
  proposedDate: Type.String(),
  noticeRequired: Type.String(),
  noticeId: Nullable(Type.Integer()),
  noticeDate: Nullable(Type.String()),
  earliestClosureDate: Nullable(Type.String({ description: 'notice date + 60 calendar days (45 CFR 303.11(d))' })),
  delivery: Nullable(Type.String()),
  responseDate: Nullable(Type.String()),
  responseNote: Nullable(Type.String()),
  closedDate: Nullable(Type.String()),
  withdrawnDate: Nullable(Type.String()),
  withdrawReason: Nullable(Type.String()),
  reopenedDate: Nullable(Type.String()),
  reopenReason: Nullable(Type.String()),
});

const NoticeSchema = Type.Object({
  noticeId: Type.Integer(),
  caseNumber: Type.String(),
  template: Type.String(),
  templateVersion: Type.Integer(),
  title: Type.String(),
  noticeDate: Type.String(),
  recipient: Type.Object({ role: Type.String(), personId: Nullable(Type.Integer()), agency: Nullable(Type.String()), name: Type.String() }),
  delivery: Type.String(),
  pages: Type.Integer(),
  sha256: Type.String(),
});

const RECIPIENTS = ['custodial_party', 'noncustodial_parent', 'initiating_agency', 'custodial_party_or_agency'] as const;

export async function caseManagementRoutes(app: App, deps: Deps) {
  await caseworkRoutes(app, deps);
  await reportingRoutes(app, deps);
}

export async function caseworkRoutes(app: App, deps: Deps) {
  // ---- timeframes ----------------------------------------------------------------------------------
  app.get(
    '/casework/timeframe-rules',
    { config: { access: { data: 'reference', permission: 'case.read' } }, schema: { tags: ['casework'], summary: 'The 45 CFR 303 timeframes: which event starts each clock, how long it runs, how it is met', response: { 200: Type.Object({ rules: Type.Array(Type.Object({ kind: Type.String(), regulation: Type.String(), title: Type.String(), startsOn: Type.String(), startsOnMeaning: Type.String(), length: Type.Integer(), unit: Type.String(), derived: Type.Boolean(), metBy: Type.String() })), manualEvents: Type.Array(Type.String()) }), ...commonErrors } } },
    async (_request, reply) => send(reply, ok({ rules: TIMEFRAME_RULES.map((r) => ({ ...r, startsOnMeaning: CLOCK_EVENTS[r.startsOn] })), manualEvents: [...MANUAL_EVENTS] })),
  );

  app.post(
    '/casework/timeframes/run',
    {
      config: { access: { data: 'batch', permission: 'case.write' }, purpose: 'timeframe batch' },
      schema: {
        tags: ['casework'],
        summary: 'Run the timeframe batch for a business date: clocks from the data on file, worklist items, escalations (idempotent)',
        body: Type.Object({ asOf: IsoDate(), officeCode: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            asOf: Type.String(), officeId: Nullable(Type.Integer()), cases: Type.Integer(), started: Type.Integer(), met: Type.Integer(), cancelled: Type.Integer(),
            itemsCreated: Type.Integer(), itemsOverdue: Type.Integer(), itemsEscalated: Type.Integer(), itemsNotEscalated: Type.Integer(), itemsDone: Type.Integer(), itemsReassigned: Type.Integer(),
          }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      let officeId: number | null = null;
      if (request.body.officeCode) {
        const office = await deps.db.selectFrom('office').select('id').where('code', '=', request.body.officeCode.toUpperCase()).executeTakeFirst();
        if (!office) return send(reply, fail('VALIDATION_FAILED', undefined, [{ path: '/officeCode', message: `no office ${request.body.officeCode}` }]));
        officeId = office.id;
      }
      return send(reply, await runTimeframeBatch(deps, contextOf(deps, request), request.body.asOf, officeId));
    },
  );

  app.get(
    '/cases/:caseNumber/timeframes',
    { config: { access: { data: 'case', permission: 'case.read', resources: [['case', 'params.caseNumber']] } }, schema: { tags: ['casework'], summary: 'The clocks of a case and where each stands', params: CaseParams, querystring: Type.Object({ asOf: Type.Optional(IsoDate()) }, { additionalProperties: false }), response: { 200: Type.Object({ caseNumber: Type.String(), asOf: Type.String(), clocks: Type.Array(ClockSchema) }), ...commonErrors } } },
    async (request, reply) => send(reply, await listCaseClocks(deps, contextOf(deps, request), request.params.caseNumber, request.query.asOf)),
  );

  app.post(
    '/cases/:caseNumber/timeframes/events',
    { config: { access: { data: 'case', permission: 'case.write', resources: [['case', 'params.caseNumber']] } },
      schema: {
        tags: ['casework'],
        summary: 'Record an event that starts clocks (delinquency found, review requested, interstate events, ...)',
        params: CaseParams,
        body: Type.Object({ event: StringEnum(MANUAL_EVENTS), date: IsoDate(), note: Type.Optional(Note) }, { additionalProperties: false }),
        response: { 201: Type.Object({ started: Type.Array(Type.Object({ clockId: Type.Integer(), kind: Type.String(), regulation: Type.String(), startDate: Type.String(), dueDate: Type.String() })), alreadyStarted: Type.Array(Type.String()) }), ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await recordClockEvent(deps, contextOf(deps, request), request.params.caseNumber, request.body), 201),
  );

  app.post(
    '/cases/:caseNumber/timeframes/:clockId/met',
    { config: { access: { data: 'case', permission: 'case.write', resources: [['case', 'params.caseNumber']] } },
      schema: {
        tags: ['casework'],
        summary: 'Record that a clock was met (the action was taken), with the date and a note',
        params: Type.Object({ ...CaseParams.properties, clockId: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({ date: IsoDate(), note: Note }, { additionalProperties: false }),
        response: { 200: ClockSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await meetClock(deps, contextOf(deps, request), request.params.caseNumber, request.params.clockId, request.body)),
  );

  // ---- worklist ------------------------------------------------------------------------------------
  app.get(
    '/worklist',
    { config: { access: { data: 'office', permission: 'case.read' } },
      schema: {
        tags: ['casework'],
        summary: "Worklist items and alerts: a caseworker's own, a supervisor's office (and escalations), or statewide",
        querystring: Type.Object(
          {
            scope: Type.Optional(StringEnum(['mine', 'office', 'all'] as const)),
            status: Type.Optional(StringEnum(['active', 'open', 'escalated', 'done'] as const)),
            officeCode: Type.Optional(Type.String({ maxLength: 20 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ asOf: Type.String(), items: Type.Array(WorklistItemSchema) }), ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await listWorklist(deps, contextOf(deps, request), request.query)),
  );

  app.get(
    '/worklist/:itemId/history',
    { config: { access: { data: 'case', permission: 'case.read', resources: [['worklist_item', 'params.itemId']] } }, schema: { tags: ['casework'], summary: 'When a worklist item was raised, became overdue, was escalated and was done', params: Type.Object({ itemId: Type.Integer({ minimum: 1 }) }), response: { 200: Type.Object({ itemId: Type.Integer(), events: Type.Array(Type.Object({ event: Type.String(), businessDate: Type.String(), actorUserId: Nullable(Type.Integer()), detail: Type.Unknown() })) }), ...commonErrors } } },
    async (request, reply) => send(reply, await worklistItemHistory(deps, contextOf(deps, request), request.params.itemId)),
  );

  app.post(
    '/worklist/:itemId/done',
    { config: { access: { data: 'case', permission: 'case.write', resources: [['worklist_item', 'params.itemId']] } }, schema: { tags: ['casework'], summary: 'Mark an alert done (a timeframe item is done when its clock is met)', params: Type.Object({ itemId: Type.Integer({ minimum: 1 }) }), body: Type.Object({ note: Note }, { additionalProperties: false }), response: { 200: Type.Object({ itemId: Type.Integer(), status: Type.String() }), ...commonErrors } } },
    async (request, reply) => send(reply, await completeWorklistItem(deps, contextOf(deps, request), request.params.itemId, request.body.note)),
  );

  // ---- closure -------------------------------------------------------------------------------------
  app.get(
    '/casework/closure-criteria',
    { config: { access: { data: 'reference', permission: 'case.read' } },
      schema: {
        tags: ['casework'],
        summary: 'The 45 CFR 303.11 closure criteria: code, notice, findings to attest, data checks',
        response: { 200: Type.Array(Type.Object({ code: Type.String(), regulation: Type.String(), title: Type.String(), notice: Type.String(), noticeDays: Type.Integer(), mandatory: Type.Boolean(), attestations: Type.Array(Type.Object({ name: Type.String(), meaning: Type.String() })), dataChecks: Type.Array(Type.String()) })), ...commonErrors },
      },
    },
    async (_request, reply) => send(reply, ok(listClosureCriteria())),
  );

  app.get(
    '/cases/:caseNumber/closure',
    { config: { access: { data: 'case', permission: 'case.read', resources: [['case', 'params.caseNumber']] } }, schema: { tags: ['casework'], summary: 'The closure history of a case (closures, notices, replies, reopenings)', params: CaseParams, response: { 200: Type.Object({ caseNumber: Type.String(), status: Type.String(), closures: Type.Array(ClosureSchema) }), ...commonErrors } } },
    async (request, reply) => send(reply, await closureHistory(deps, contextOf(deps, request), request.params.caseNumber)),
  );

  app.post(
    '/cases/:caseNumber/closure',
    { config: { access: { data: 'case', permission: 'case.write', resources: [['case', 'params.caseNumber']] } },
      schema: {
        tags: ['casework'],
        summary: 'Propose closing the case under a 303.11 criterion: sends the 60-day notice where required, or closes at once',
        params: CaseParams,
        body: Type.Object(
          {
            reasonCode: Type.String({ maxLength: 10 }),
            finding: Type.String({ minLength: 1, maxLength: 4000 }),
            attestations: Type.Array(Type.String({ maxLength: 60 }), { maxItems: 10 }),
            interviewDate: Type.Optional(IsoDate()),
            requestDate: Type.Optional(IsoDate()),
            contactAttempts: Type.Optional(Type.Array(Type.Object({ method: StringEnum(['mail', 'phone', 'email', 'text', 'in_person', 'other'] as const), date: IsoDate() }, { additionalProperties: false }), { maxItems: 20 })),
            inabilityBasis: Type.Optional(StringEnum(['institutionalized', 'incarcerated', 'disabled'] as const)),
            transferBasis: Type.Optional(StringEnum(['recipient_requested', 'no_response_60_days', 'state_tribal_agreement'] as const)),
            arrearsUnenforceable: Type.Optional(Type.Boolean()),
            delivery: Type.Optional(StringEnum(['mail', 'electronic'] as const)),
            electronicConsentDate: Type.Optional(IsoDate()),
          },
          { additionalProperties: false },
        ),
        response: { 201: ClosureSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await proposeClosure(deps, contextOf(deps, request), request.params.caseNumber, request.body), 201),
  );

  app.post(
    '/cases/:caseNumber/closure/reply',
    { config: { access: { data: 'case', permission: 'case.write', resources: [['case', 'params.caseNumber']] } }, schema: { tags: ['casework'], summary: 'Record a reply within the notice period that keeps the case open (303.11(d)(3))', params: CaseParams, body: Type.Object({ date: IsoDate(), note: Note }, { additionalProperties: false }), response: { 200: ClosureSchema, ...commonErrors } } },
    async (request, reply) => send(reply, await recordClosureReply(deps, contextOf(deps, request), request.params.caseNumber, request.body)),
  );

  app.post(
    '/cases/:caseNumber/closure/finalize',
    { config: { access: { data: 'case', permission: 'case.write', resources: [['case', 'params.caseNumber']] } }, schema: { tags: ['casework'], summary: 'Close the case once the notice period has ended (the criterion is checked again)', params: CaseParams, response: { 200: ClosureSchema, ...commonErrors } } },
    async (request, reply) => send(reply, await finalizeClosure(deps, contextOf(deps, request), request.params.caseNumber)),
  );

  app.post(
    '/cases/:caseNumber/closure/withdraw',
    { config: { access: { data: 'case', permission: 'case.write', resources: [['case', 'params.caseNumber']] } }, schema: { tags: ['casework'], summary: 'Withdraw a closure in its notice period', params: CaseParams, body: Type.Object({ reason: Note }, { additionalProperties: false }), response: { 200: ClosureSchema, ...commonErrors } } },
    async (request, reply) => send(reply, await withdrawClosure(deps, contextOf(deps, request), request.params.caseNumber, request.body)),
  );

  app.post(
    '/cases/:caseNumber/reopen',
    { config: { access: { data: 'case', permission: 'case.write', resources: [['case', 'params.caseNumber']] } }, schema: { tags: ['casework'], summary: 'Reopen a closed case on a new application (303.11(d)(5))', params: CaseParams, body: Type.Object({ applicationDate: IsoDate(), reason: Note }, { additionalProperties: false }), response: { 200: ClosureSchema, ...commonErrors } } },
    async (request, reply) => send(reply, await reopenCase(deps, contextOf(deps, request), request.params.caseNumber, request.body)),
  );

  // ---- notices -------------------------------------------------------------------------------------
  app.get(
    '/casework/notice-templates',
    { config: { access: { data: 'reference', permission: 'case.read' } }, schema: { tags: ['casework'], summary: 'Notice templates with their merge fields', response: { 200: Type.Array(Type.Object({ code: Type.String(), version: Type.Integer(), title: Type.String(), citation: Type.String(), recipient: Type.String(), otherRecipients: Type.Array(Type.String()), closureOnly: Type.Boolean(), fields: Type.Array(Type.String()) })), ...commonErrors } } },
    async (_request, reply) =>
      send(reply, ok(NOTICE_TEMPLATES.map((t) => ({ code: t.code, version: t.version, title: t.title, citation: t.citation, recipient: t.recipient, otherRecipients: [...(t.otherRecipients ?? [])], closureOnly: t.closureOnly ?? false, fields: templateFields(t) })))),
  );

  app.get(
    '/cases/:caseNumber/notices',
    { config: { access: { data: 'case', permission: 'case.read', resources: [['case', 'params.caseNumber']] } }, schema: { tags: ['casework'], summary: 'Notices sent on a case', params: CaseParams, response: { 200: Type.Array(NoticeSchema), ...commonErrors } } },
    async (request, reply) => send(reply, await listCaseNotices(deps, contextOf(deps, request), request.params.caseNumber)),
  );

  app.post(
    '/cases/:caseNumber/notices',
    { config: { access: { data: 'case', permission: 'case.write', resources: [['case', 'params.caseNumber']] } },
      schema: {
        tags: ['casework'],
        summary: 'Generate a notice from a template (case opening letter, withholding notice to the obligor, annual statement, review rights)',
        params: CaseParams,
        body: Type.Object({ template: Type.String({ maxLength: 40 }), recipientRole: Type.Optional(StringEnum(RECIPIENTS)), year: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2100 })) }, { additionalProperties: false }),
        response: { 201: NoticeSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await generateNotice(deps, contextOf(deps, request), request.params.caseNumber, request.body), 201),
  );

  app.get(
    '/notices/:noticeId/pdf',
    { config: { access: { data: 'case', permission: 'case.read', resources: [['notice', 'params.noticeId']] } }, schema: { tags: ['casework'], summary: 'The PDF of a notice exactly as it was sent (checked against its SHA-256)', params: Type.Object({ noticeId: Type.Integer({ minimum: 1 }) }), response: { 200: Type.String({ format: 'binary' }), ...commonErrors } } },
    async (request, reply) => {
      const result = await noticePdf(deps, contextOf(deps, request), request.params.noticeId);
      if (!result.ok) return send(reply, result);
      return reply.code(200).header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${result.value.fileName}"`).send(Buffer.from(result.value.bytes) as never);
    },
  );
}
