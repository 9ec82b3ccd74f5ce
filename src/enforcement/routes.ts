/** Routes of locate and enforcement: new-hire import, e-IWO export and acknowledgments, the IWO form. */
import type { App } from '../http/context.ts';
import { contextOf } from '../http/context.ts';
import { sendWrittenFile } from '../http/files.ts';
import { FILE_OWNERS } from '../security/route-access.ts';
import { commonErrors, ErrorSchema, send } from '../http/respond.ts';
import type { Deps } from '../deps.ts';
import { IsoDate, Nullable, Type } from '../kernel/schema.ts';
import { exportEiwoFile, importEiwoAcks, importNewHiresWithWithholding, iwoFormPdf } from './withholding.ts';
import { listCaseActions } from './actions.ts';
import { remedyRoutes } from './remedy-routes.ts';

const FileQuery = Type.Object({ fileName: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export async function enforcementRoutes(app: App, deps: Deps) {
  await remedyRoutes(app, deps);
  app.post(
    '/locate/new-hires',
    {
      config: { access: { data: 'file', permission: 'person.write' }, purpose: 'locate' },
      schema: {
        tags: ['enforcement'],
        summary: 'Import a state new-hire file (W4 fixed-width or CSV); matches start income withholding; the same file twice is refused',
        consumes: ['text/plain', 'text/csv'],
        querystring: FileQuery,
        body: Type.String({ minLength: 1 }),
        response: {
          201: Type.Object({ batchId: Type.Integer(), format: Type.String(), reports: Type.Integer(), matched: Type.Integer(), unmatched: Type.Integer(), ambiguous: Type.Integer(), employmentsAdded: Type.Integer(), employmentsAlreadyKnown: Type.Integer(), locateTimeframesMet: Type.Integer(), withholdingStarted: Type.Integer() }),
          422: ErrorSchema,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => send(reply, await importNewHiresWithWithholding(deps, contextOf(deps, request), request.query.fileName, request.body), 201),
  );

  app.post(
    '/enforcement/eiwo-files',
    {
      config: { access: { data: 'batch', permission: 'case.write' }, purpose: 'income withholding' },
      schema: {
        tags: ['enforcement'],
        summary: "Write every pending income withholding order of the user's IV-D program into one e-IWO file (one batch per employer)",
        body: Type.Object({ date: IsoDate() }, { additionalProperties: false }),
        response: { 201: Type.Object({ fileId: Type.Union([Type.Integer(), Type.Null()]), controlNumber: Type.Union([Type.String(), Type.Null()]), orders: Type.Integer(), held: Type.Array(Type.Object({ iwoId: Type.Integer(), caseId: Type.Integer(), problem: Type.String() })) }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const r = await exportEiwoFile(deps, contextOf(deps, request), request.body.date);
      return send(reply, r.ok ? { ok: true as const, value: { fileId: r.value.fileId, controlNumber: r.value.controlNumber, orders: r.value.orders, held: r.value.held } } : r, 201);
    },
  );

  app.get(
    '/enforcement/eiwo-files/:fileId',
    {
      config: { access: { data: 'file', roles: FILE_OWNERS.eiwo_file, resources: [['eiwo_file', 'params.fileId']] }, purpose: 'income withholding' },
      schema: { tags: ['enforcement'], summary: 'Download an e-IWO file', params: Type.Object({ fileId: Type.Integer({ minimum: 1 }) }), response: { 200: Type.String(), ...commonErrors } },
    },
    async (request, reply) => sendWrittenFile(deps, request, reply, 'eiwo_file', request.params.fileId),
  );

  app.post(
    '/enforcement/eiwo-acks',
    {
      config: { access: { data: 'file', permission: 'case.write' }, purpose: 'income withholding' },
      schema: {
        tags: ['enforcement'],
        summary: 'Apply an employer e-IWO acknowledgment file (accept/reject with reason, termination, lump sum); whole file or nothing',
        consumes: ['text/plain'],
        querystring: FileQuery,
        body: Type.String({ minLength: 1 }),
        response: { 201: Type.Object({ batchId: Type.Integer(), acks: Type.Integer(), accepted: Type.Integer(), rejected: Type.Integer(), terminated: Type.Integer(), suspended: Type.Integer(), lumpSums: Type.Integer() }), 422: ErrorSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await importEiwoAcks(deps, contextOf(deps, request), request.query.fileName, request.body), 201),
  );

  app.get(
    '/enforcement/income-withholding/:iwoId/form.pdf',
    {
      config: { access: { data: 'case', permission: 'case.read', resources: [['income_withholding_order', 'params.iwoId']] }, purpose: 'income withholding' },
      schema: { tags: ['enforcement'], summary: 'The Income Withholding for Support form (OMB 0970-0154) of one order, as a PDF', params: Type.Object({ iwoId: Type.Integer({ minimum: 1 }) }), response: { 200: Type.Unknown({ description: 'application/pdf' }), ...commonErrors } },
    },
    async (request, reply) => {
      const r = await iwoFormPdf(deps, contextOf(deps, request), request.params.iwoId);
      if (!r.ok) return send(reply, r);
      reply.header('content-disposition', `attachment; filename="${r.value.fileName}"`);
      return reply.type('application/pdf').send(Buffer.from(r.value.pdf));
    },
  );

  app.get(
    '/cases/:caseNumber/enforcement-actions',
    {
      config: { access: { data: 'case', permission: 'case.read', resources: [['case', 'params.caseNumber']] }, purpose: 'case management' },
      schema: {
        tags: ['enforcement'],
        summary: 'Enforcement actions on a case: type, status, dates (initiated, notice sent, due process ends, submitted, ended) and the notice sent',
        params: Type.Object({ caseNumber: Type.String({ pattern: '^[A-Za-z0-9-]{1,20}$' }) }),
        response: {
          200: Type.Array(Type.Object({ id: Type.Integer(), kind: Type.String(), status: Type.String(), startDate: Type.String(), noticeSentDate: Nullable(Type.String()), dueDate: Nullable(Type.String()), submittedDate: Nullable(Type.String()), endDate: Nullable(Type.String()), noticeKind: Nullable(Type.String()), noticeId: Nullable(Type.Integer()), amountCents: Nullable(Type.Integer()), source: Type.String(), reason: Nullable(Type.String()) })),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => send(reply, await listCaseActions(deps, contextOf(deps, request), request.params.caseNumber)),
  );
}
