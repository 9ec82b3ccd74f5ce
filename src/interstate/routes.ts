/**
 * Routes for intergovernmental cases. Two kinds:
 * - partner routes (other programs): the CSENet batch endpoint and the QUICK case query. They take no
 *   session; the partner presents its FIPS state code and key (x-csenet-fips, x-csenet-key), checked
 *   against the key registered for it. QUICK is read-only and audited with the asker's purpose.
 * - staff routes: the intergovernmental record of a case, requests sent on it, the transactions log,
 *   sending the queue, advising collections forwarded, and asking another program through QUICK.
 */
import type { FastifyRequest } from 'fastify';
import type { App } from '../http/context.ts';
import { contextOf } from '../http/context.ts';
import { commonErrors, ErrorSchema, send, sendFailure } from '../http/respond.ts';
import type { Deps } from '../deps.ts';
import { fail, ok } from '../kernel/result.ts';
import { Nullable, StringEnum, Type } from '../kernel/schema.ts';
import { inTransaction } from '../db/tx.ts';
import { recordAudit } from '../security/audit.ts';
import { requirePermission } from '../security/access.ts';
import { visibleCase } from '../casework/visible-case.ts';
import { ensureInterstateCase } from './cases.ts';
import { listTransactions, receiveBatch, requestOnCase, sendQueued, transactionRecord } from './exchange.ts';
import { forwardCollections } from './forward.ts';
import { writeForwardFile } from './forward-file.ts';
import { answerQuick, askQuick, QUICK_PURPOSE_HEADER } from './quick.ts';
import { authenticatePartner, listPartners, partnerContext, PARTNER_FIPS_HEADER, PARTNER_KEY_HEADER } from './partners.ts';
import { fipsText } from '../formats/csenet/csenet.ts';

const CaseParams = Type.Object({ caseNumber: Type.String({ pattern: '^[A-Za-z0-9-]{1,20}$' }) });
const header = (request: FastifyRequest, name: string): string | undefined => {
  const v = request.headers[name];
  return typeof v === 'string' ? v : undefined;
};

const TransactionSchema = Type.Object({
  id: Type.Integer(),
  direction: Type.String(),
  serial: Type.String(),
  localFips: Type.String(),
  otherFips: Type.String(),
  functionCode: Type.String(),
  action: Type.String(),
  reasonCode: Nullable(Type.String()),
  transactionDate: Type.String(),
  caseNumber: Nullable(Type.String()),
  otherCaseId: Nullable(Type.String()),
  status: Type.String(),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  outcome: Type.Unknown(),
});

export async function interstateRoutes(app: App, deps: Deps): Promise<void> {
  // ---- partner routes ------------------------------------------------------------------------------
  app.post(
    '/interstate/csenet/batch',
    {
      config: { access: { data: 'partner' }, public: true, purpose: 'CSENet exchange' },
      schema: {
        tags: ['interstate'],
        summary: 'Another program posts a batch of CSENet transactions (partner key required; idempotent on serial number)',
        security: [],
        body: Type.Object({ transactions: Type.Array(Type.String({ minLength: 1, maxLength: 8482 }), { minItems: 1, maxItems: 5000 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            accepted: Type.Integer(),
            duplicates: Type.Integer(),
            rejected: Type.Integer(),
            results: Type.Array(Type.Object({ line: Type.Integer(), serial: Type.String(), functionCode: Type.String(), action: Type.String(), status: Type.String(), message: Type.Optional(Type.String()), caseNumber: Type.Optional(Nullable(Type.String())) })),
          }),
          422: ErrorSchema,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const partner = await authenticatePartner(deps.db, header(request, PARTNER_FIPS_HEADER), header(request, PARTNER_KEY_HEADER));
      if (!partner.ok) return sendFailure(reply, partner);
      return send(reply, await receiveBatch(deps, partner.value.fipsState, request.body.transactions, { requestId: String(request.id), clientIp: request.ip }));
    },
  );

  app.get(
    '/interstate/quick/cases/:caseId',
    {
      config: { access: { data: 'partner' }, public: true, purpose: 'QUICK query' },
      schema: {
        tags: ['interstate'],
        summary: 'QUICK: another program reads one intergovernmental case (status, orders, payments, balances); partner key required, audited',
        security: [],
        params: Type.Object({ caseId: Type.String({ pattern: '^[A-Za-z0-9-]{1,15}$' }) }),
        response: { 200: Type.Object({}, { additionalProperties: true }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const partner = await authenticatePartner(deps.db, header(request, PARTNER_FIPS_HEADER), header(request, PARTNER_KEY_HEADER));
      if (!partner.ok) return sendFailure(reply, partner);
      const purpose = (header(request, QUICK_PURPOSE_HEADER) ?? 'case management').trim().slice(0, 120) || 'case management';
      const ctx = partnerContext(deps, partner.value.fipsState, 'quick', `QUICK from ${partner.value.fipsState}: ${purpose}`, String(request.id), request.ip);
      return send(reply, await answerQuick(deps, ctx, partner.value.fipsState, request.params.caseId));
    },
  );

  // ---- staff routes --------------------------------------------------------------------------------
  app.get(
    '/interstate/cases/:caseNumber',
    { config: { access: { data: 'case', permission: 'case.read', resources: [['case', 'params.caseNumber']] } }, schema: { tags: ['interstate'], summary: 'The intergovernmental record of a case: other jurisdiction (FIPS), its case id, our role, legal basis', params: CaseParams, response: { 200: Type.Object({}, { additionalProperties: true }), ...commonErrors } } },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      const result = await inTransaction(deps.db, async (db) => {
        const c = await visibleCase(db, ctx, request.params.caseNumber, 'case.read');
        const ic = await ensureInterstateCase(db, ctx, c.id);
        await recordAudit(db, ctx, { action: 'read', entityType: 'interstate_case', entityId: c.case_number, caseIds: [c.id] });
        return { caseNumber: ic.caseNumber, role: ic.role, otherFips: fipsText(ic.otherFips), otherFipsState: ic.otherFips.state, otherFipsCounty: ic.otherFips.county, otherFipsOffice: ic.otherFips.sub, otherCaseId: ic.otherCaseId, legalBasis: ic.legalBasis, origin: ic.origin };
      });
      return send(reply, result);
    },
  );

  app.post(
    '/interstate/cases/:caseNumber/transactions',
    { config: { access: { data: 'case', permission: 'case.write', resources: [['case', 'params.caseNumber']] } },
      schema: {
        tags: ['interstate'],
        summary: 'Send a CSENet request on a case (ENF/EST/PAT referral, CSI status request, LO1 quick locate, MSC update); queued for the next send',
        params: CaseParams,
        body: Type.Object(
          {
            functionCode: StringEnum(['CSI', 'ENF', 'EST', 'PAT', 'LO1', 'MSC'] as const),
            action: Type.Optional(StringEnum(['R', 'U'] as const)),
            reasonCode: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{5}$' })),
            note: Type.Optional(Type.String({ maxLength: 80 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ transactionId: Type.Integer(), serial: Type.String(), functionCode: Type.String(), action: Type.String(), reasonCode: Type.String(), otherFips: Type.String() }), ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await requestOnCase(deps, contextOf(deps, request), request.params.caseNumber, request.body), 201),
  );

  app.get(
    '/interstate/transactions',
    { config: { access: { data: 'program', permission: 'case.read' } },
      schema: {
        tags: ['interstate'],
        summary: 'CSENet transactions sent and received (newest first)',
        querystring: Type.Object({ caseNumber: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]{1,20}$' })), status: Type.Optional(StringEnum(['queued', 'sent', 'failed', 'received', 'processed', 'rejected'] as const)), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }, { additionalProperties: false }),
        response: { 200: Type.Array(TransactionSchema), ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await listTransactions(deps.db, contextOf(deps, request), request.query)),
  );

  app.get(
    '/interstate/transactions/:id/record',
    { config: { access: { data: 'case', permission: 'case.read', resources: [['csenet_transaction', 'params.id']] } }, schema: { tags: ['interstate'], summary: 'A CSENet transaction line as sent or received (it holds SSNs: stored encrypted, shown to roles that may reveal SSNs, audited)', params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: { 200: Type.Object({ id: Type.Integer(), record: Type.String() }), ...commonErrors } } },
    async (request, reply) => {
      const r = await transactionRecord(deps, contextOf(deps, request), request.params.id);
      return send(reply, r.ok ? ok({ id: request.params.id, record: r.value }) : r);
    },
  );

  app.post(
    '/interstate/send',
    { config: { access: { data: 'batch', permission: 'case.write' } }, schema: { tags: ['interstate'], summary: 'Send the queued CSENet transactions, one batch per partner program', response: { 200: Type.Object({}, { additionalProperties: true }), ...commonErrors } } },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      if (ctx.actor.role !== 'administrator') return sendFailure(reply, fail('FORBIDDEN', 'an administrator sends the CSENet queue (statewide)'));
      return send(reply, await sendQueued(deps, ctx));
    },
  );

  app.post(
    '/interstate/forward-collections',
    { config: { access: { data: 'batch', permission: 'finance.write' } }, schema: { tags: ['interstate'], summary: 'Advise initiating States (CSENet COL P) of collections disbursed to them; run after the daily cycle', response: { 200: Type.Object({}, { additionalProperties: true }), ...commonErrors } } },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      if (ctx.actor.role !== 'administrator') return sendFailure(reply, fail('FORBIDDEN', 'an administrator runs collection forwarding'));
      return send(reply, await forwardCollections(deps, ctx));
    },
  );

  app.post(
    '/interstate/forward-file',
    { config: { access: { data: 'batch', permission: 'finance.write' } },
      schema: {
        tags: ['interstate'],
        summary: "Write the NACHA CCD+ file paying the other States' SDUs for forwarded collections (one file per date, a batch per State; idempotent)",
        querystring: Type.Object({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }, { additionalProperties: false }),
        response: { 200: Type.Object({}, { additionalProperties: true }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      if (ctx.actor.role !== 'administrator') return sendFailure(reply, fail('FORBIDDEN', 'an administrator writes the forwarding file (statewide)'));
      return send(reply, await writeForwardFile(deps, ctx, request.query.date));
    },
  );

  app.get(
    '/interstate/quick',
    {
      config: { access: { data: 'case', permission: 'case.read', resources: [['case', 'query.caseNumber']] }, purpose: 'QUICK query to another program' },
      schema: {
        tags: ['interstate'],
        summary: 'Ask another program about a case through QUICK (real time, read-only, audited on both sides)',
        querystring: Type.Object({ fips: Type.String({ pattern: '^\\d{2}$' }), case: Type.String({ pattern: '^[A-Za-z0-9-]{1,15}$' }) }, { additionalProperties: false }),
        response: { 200: Type.Object({}, { additionalProperties: true }), ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await askQuick(deps, contextOf(deps, request), { fipsState: request.query.fips, caseId: request.query.case })),
  );

  app.get(
    '/interstate/partners',
    { config: { access: { data: 'program', permission: 'case.read' } }, schema: { tags: ['interstate'], summary: 'Partner programs (never their keys)', response: { 200: Type.Array(Type.Object({}, { additionalProperties: true })), ...commonErrors } } },
    async (request, reply) => {
      const allowed = requirePermission(contextOf(deps, request).actor, 'case.read');
      return send(reply, allowed.ok ? ok(await listPartners(deps.db)) : allowed);
    },
  );
}
