/**
 * Routes of the administrative remedies (registered by enforcementRoutes): the Federal Offset weekly
 * file and collection import, FIDM matches and levies, license and credit lists, contests.
 */
import type { App } from '../http/context.ts';
import { contextOf } from '../http/context.ts';
import { sendWrittenFile } from '../http/files.ts';
import { commonErrors, ErrorSchema, send } from '../http/respond.ts';
import type { Deps } from '../deps.ts';
import { fail } from '../kernel/result.ts';
import { parseCents } from '../kernel/money.ts';
import { IsoDate, MoneyString, StringEnum, Type } from '../kernel/schema.ts';
import { recordAudit } from '../security/audit.ts';
import { requirePermission } from '../security/access.ts';
import { FILE_OWNERS } from '../security/route-access.ts';
import { contestAction, decideContest } from './actions.ts';
import { writeOffsetFile } from './federal-offset.ts';
import { importOffsetCollections } from './offset-collections.ts';
import { importFidmMatches, receiveLevyPayment, sendFidmLevies } from './fidm.ts';
import { runRemedyList } from './lists.ts';
import { employerWithholdingSplit, reviewWithholding } from './iwo-changes.ts';

const FileQuery = Type.Object({ fileName: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
const DateBody = Type.Object({ date: IsoDate() }, { additionalProperties: false });
const ActionParams = Type.Object({ actionId: Type.Integer({ minimum: 1 }) });
const ActionState = Type.Object({ id: Type.Integer(), status: Type.String() });

export async function remedyRoutes(app: App, deps: Deps) {
  app.post(
    '/enforcement/offset-files',
    {
      config: { purpose: 'federal offset', access: { data: 'batch', permission: 'case.write' } },
      schema: {
        tags: ['enforcement'],
        summary: 'Weekly Federal Offset submission: pre-offset notices, then adds, modifications, exclusion replacements and deletions; one file per week',
        body: DateBody,
        response: { 201: Type.Object({ fileId: Type.Union([Type.Integer(), Type.Null()]), weekStart: Type.String(), alreadyWritten: Type.Boolean(), adds: Type.Integer(), modifies: Type.Integer(), replaces: Type.Integer(), deletes: Type.Integer(), noticesSent: Type.Integer(), held: Type.Integer() }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const r = await writeOffsetFile(deps, contextOf(deps, request), request.body.date);
      return send(reply, r.ok ? { ok: true as const, value: { fileId: r.value.fileId, weekStart: r.value.weekStart, alreadyWritten: r.value.alreadyWritten, adds: r.value.adds, modifies: r.value.modifies, replaces: r.value.replaces, deletes: r.value.deletes, noticesSent: r.value.certification ? r.value.certification.taxOffsetCases + r.value.certification.passportDenialCases : 0, held: r.value.held.length } } : r, 201);
    },
  );

  for (const [path, table, purpose] of [['/enforcement/offset-files/:fileId', 'federal_offset_file', 'federal offset'], ['/enforcement/lists/:fileId', 'enforcement_list_file', 'license and credit reporting']] as const) {
    app.get(
      path,
      { config: { purpose, access: { data: 'file', roles: FILE_OWNERS[table], resources: [[table, 'params.fileId']] } }, schema: { tags: ['enforcement'], summary: `Download a ${table === 'federal_offset_file' ? 'Federal Offset submission' : 'license or credit bureau'} file`, params: Type.Object({ fileId: Type.Integer({ minimum: 1 }) }), response: { 200: Type.String(), ...commonErrors } } },
      async (request, reply) => sendWrittenFile(deps, request, reply, table, request.params.fileId),
    );
  }

  app.post(
    '/enforcement/offset-collections',
    {
      config: { purpose: 'federal offset', access: { data: 'file', permission: 'finance.write' } },
      schema: {
        tags: ['enforcement'],
        summary: 'Apply an OCSE offset collection/adjustment file: receipts (joint returns held), injured-spouse adjustments, reversals; each record once; a bad file is rejected whole',
        consumes: ['text/plain'],
        querystring: FileQuery,
        body: Type.String({ minLength: 1 }),
        response: { 201: Type.Object({ records: Type.Integer(), duplicates: Type.Integer(), collections: Type.Integer(), collectedCents: Type.Integer(), holdsReleased: Type.Integer(), reversals: Type.Integer(), adjustedCents: Type.Integer(), research: Type.Integer() }), 422: ErrorSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await importOffsetCollections(deps, contextOf(deps, request), request.query.fileName, request.body), 201),
  );

  app.post(
    '/enforcement/fidm-matches',
    {
      config: { purpose: 'financial institution data match', access: { data: 'file', permission: 'case.write' } },
      schema: {
        tags: ['enforcement'],
        summary: 'Import FIDM match results: levy actions with notice and due process for obligors over the threshold; the same file twice is refused',
        consumes: ['text/plain'],
        querystring: FileQuery,
        body: Type.String({ minLength: 1 }),
        response: { 201: Type.Object({ batchId: Type.Integer(), matches: Type.Integer(), levies: Type.Integer(), belowThreshold: Type.Integer(), noObligor: Type.Integer(), levyAlreadyOpen: Type.Integer(), levyCents: Type.Integer(), held: Type.Integer() }), 422: ErrorSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await importFidmMatches(deps, contextOf(deps, request), request.query.fileName, request.body), 201),
  );

  app.post(
    '/enforcement/fidm-levies',
    { config: { purpose: 'financial institution data match', access: { data: 'batch', permission: 'case.write' } }, schema: { tags: ['enforcement'], summary: 'Send the levies whose due process ended uncontested', body: DateBody, response: { 200: Type.Object({ sent: Type.Integer(), actionIds: Type.Array(Type.Integer()) }), ...commonErrors } } },
    async (request, reply) => send(reply, await sendFidmLevies(deps, contextOf(deps, request), request.body.date)),
  );

  app.post(
    '/enforcement/actions/:actionId/levy-payment',
    {
      config: { purpose: 'receipting', access: { data: 'case', permission: 'finance.write', resources: [['enforcement_action', 'params.actionId']] } },
      schema: { tags: ['enforcement'], summary: "Receipt the institution's payment of a levy and close the levy", params: ActionParams, body: Type.Object({ amount: MoneyString(), receivedDate: IsoDate() }, { additionalProperties: false }), response: { 201: Type.Object({ receiptId: Type.Integer(), duplicate: Type.Boolean() }), ...commonErrors } },
    },
    async (request, reply) => {
      const cents = parseCents(request.body.amount);
      if (cents === null || cents <= 0) return send(reply, fail('VALIDATION_FAILED', undefined, [{ path: '/amount', message: 'must be more than zero' }]));
      return send(reply, await receiveLevyPayment(deps, contextOf(deps, request), request.params.actionId, cents, request.body.receivedDate), 201);
    },
  );

  app.post(
    '/enforcement/lists',
    {
      config: { purpose: 'license and credit reporting', access: { data: 'batch', permission: 'case.write' } },
      schema: {
        tags: ['enforcement'],
        summary: 'License suspension or credit bureau list for a date: notices for newly qualifying cases, adds after due process, removals when paid or closed',
        body: Type.Object({ kind: StringEnum(['license_suspension', 'credit_reporting'] as const), date: IsoDate() }, { additionalProperties: false }),
        response: { 201: Type.Object({ fileId: Type.Union([Type.Integer(), Type.Null()]), alreadyWritten: Type.Boolean(), noticesSent: Type.Integer(), added: Type.Integer(), updated: Type.Integer(), removed: Type.Integer(), held: Type.Integer() }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const r = await runRemedyList(deps, contextOf(deps, request), request.body.kind, request.body.date);
      return send(reply, r.ok ? { ok: true as const, value: { fileId: r.value.fileId, alreadyWritten: r.value.alreadyWritten, noticesSent: r.value.noticesSent, added: r.value.added, updated: r.value.updated, removed: r.value.removed, held: r.value.held } } : r, 201);
    },
  );

  app.post(
    '/enforcement/actions/:actionId/contest',
    { config: { purpose: 'case management', access: { data: 'case', permission: 'case.write', resources: [['enforcement_action', 'params.actionId']] } }, schema: { tags: ['enforcement'], summary: 'Record that the obligor contests an action during due process (it is held until decided)', params: ActionParams, body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 400 }) }, { additionalProperties: false }), response: { 200: ActionState, ...commonErrors } } },
    async (request, reply) => send(reply, await contestAction(deps, contextOf(deps, request), request.params.actionId, request.body.note)),
  );

  app.post(
    '/enforcement/actions/:actionId/contest-decision',
    { config: { purpose: 'case management', access: { data: 'case', permission: 'case.write', resources: [['enforcement_action', 'params.actionId']] } }, schema: { tags: ['enforcement'], summary: 'Decide a contest: upheld closes the action, denied lets it proceed', params: ActionParams, body: Type.Object({ decision: StringEnum(['upheld', 'denied'] as const) }, { additionalProperties: false }), response: { 200: ActionState, ...commonErrors } } },
    async (request, reply) => send(reply, await decideContest(deps, contextOf(deps, request), request.params.actionId, request.body.decision)),
  );

  app.post(
    '/enforcement/income-withholding/review',
    { config: { purpose: 'income withholding', access: { data: 'batch', permission: 'case.write' } }, schema: { tags: ['enforcement'], summary: 'Issue amended (AMD) and termination (TRM) withholding orders for modified or ended support orders', body: DateBody, response: { 200: Type.Object({ amended: Type.Integer(), terminated: Type.Integer(), unchanged: Type.Integer(), iwoIds: Type.Array(Type.Integer()) }), ...commonErrors } } },
    async (request, reply) => send(reply, await reviewWithholding(deps, contextOf(deps, request), request.body.date)),
  );

  app.get(
    '/enforcement/income-withholding/split',
    {
      config: { purpose: 'income withholding', access: { data: 'person', permission: 'case.read', resources: [['person', 'query.obligorPersonId']] } },
      schema: {
        tags: ['enforcement'],
        summary: "One pay's withholding for an obligor with several orders at one employer: CCPA limit, current support first, then arrears, prorated to the cent",
        querystring: Type.Object({ employerId: Type.Integer({ minimum: 1 }), obligorPersonId: Type.Integer({ minimum: 1 }), disposable: MoneyString(), frequency: StringEnum(['weekly', 'biweekly', 'semimonthly', 'monthly'] as const), supportsOtherFamily: Type.Boolean({ default: true }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ percent: Type.Integer(), limitCents: Type.Integer(), totalCents: Type.Integer(), limited: Type.Boolean(), shares: Type.Array(Type.Object({ iwoId: Type.Integer(), currentCents: Type.Integer(), arrearsCents: Type.Integer() })) }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      const allowed = requirePermission(ctx.actor, 'case.read');
      if (!allowed.ok) return send(reply, allowed);
      const cents = parseCents(request.query.disposable);
      if (cents === null || cents < 0) return send(reply, fail('VALIDATION_FAILED', undefined, [{ path: '/disposable', message: 'must be zero or more' }]));
      const q = request.query;
      const split = await employerWithholdingSplit(deps.db, q.employerId, q.obligorPersonId, cents, q.frequency, q.supportsOtherFamily);
      await recordAudit(deps.db, ctx, { action: 'read', entityType: 'income_withholding_order', personIds: [q.obligorPersonId], detail: { split: true, employerId: q.employerId } });
      return { percent: split.percent, limitCents: split.limitCents, totalCents: split.totalCents, limited: split.limited, shares: split.shares.map((s) => ({ iwoId: s.key, currentCents: s.currentCents, arrearsCents: s.arrearsCents })) };
    },
  );
}
