/**
 * Routes of the guideline worksheet: the pure calculator (nothing stored), the versions on file, and
 * the worksheets of a case (context, save, proposed order, PDF). Every route needs case staff
 * (case.read, or case.write to save) and leaves an audit event: the input names the parents and
 * states their incomes.
 */
import type { App } from '../http/context.ts';
import { contextOf } from '../http/context.ts';
import { onCase, type RouteAccess } from '../security/route-access.ts';
import { commonErrors, send, sendFailure } from '../http/respond.ts';
import type { Deps } from '../deps.ts';
import { IsoDate, MoneyString, Nullable, Type } from '../kernel/schema.ts';
import { requirePermission } from '../security/access.ts';
import { recordAudit } from '../security/audit.ts';
import { DEFAULT_REGISTRY, calculateGuideline, renderWorksheetPdf, summarizeVersion, type GuidelineInput } from './guideline/index.ts';
import { calculationPdf, getCaseGuideline, proposeOrder, saveCaseCalculation } from './guideline-cases.ts';
import { guidelineInEffect } from './guideline-policy.ts';

const CaseParams = Type.Object({ caseNumber: Type.String({ pattern: '^[A-Za-z0-9-]{1,20}$' }) });
const CalcParams = Type.Object({ ...CaseParams.properties, calculationId: Type.Integer({ minimum: 1 }) });
const InputDoc = Type.Unknown({ description: 'a guideline input document (docs/guideline.md)' });

const VersionSchema = Type.Object({
  id: Type.String(),
  state: Type.String(),
  model: Type.String(),
  title: Type.String(),
  citation: Type.String(),
  effectiveFrom: Type.String(),
  effectiveThrough: Nullable(Type.String()),
  effectiveDatesConfidence: Type.String(),
  coverage: Type.String({ description: 'which incomes this version can compute, in a sentence' }),
  notLoaded: Type.Array(Type.String()),
  reads: Type.Record(Type.String(), Type.Boolean(), { description: 'which inputs this version reads' }),
});

const SavedSchema = Type.Object({
  calculationId: Type.Integer(),
  guidelineVersion: Type.String(),
  model: Type.String(),
  calculationDate: Type.String(),
  children: Type.Integer(),
  guidelineMonthly: Type.String(),
  payer: Nullable(Type.String()),
  proposal: Nullable(
    Type.Object({ orderedMonthly: Type.String(), effectiveDate: Type.String(), deviationReason: Nullable(Type.String()), bestInterests: Nullable(Type.String()), deviates: Type.Boolean(), proposedAt: Type.String() }),
  ),
  createdAt: Type.String(),
  input: Type.Unknown(),
  worksheet: Type.Unknown(),
});

const InEffectSchema = Type.Object({ date: Type.String(), version: Nullable(VersionSchema), policy: Type.Unknown(), explanation: Type.String() });

const Parent = Nullable(Type.Object({ personId: Type.Integer(), name: Type.String(), caseRole: Type.String() }));

const CaseGuidelineSchema = Type.Object({
  caseNumber: Type.String(),
  date: Type.String(),
  obligor: Parent,
  obligee: Parent,
  children: Type.Array(Type.Object({ personId: Type.Integer(), name: Type.String(), dateOfBirth: Nullable(Type.String()) })),
  inEffect: InEffectSchema,
  versions: Type.Array(VersionSchema),
  calculations: Type.Array(SavedSchema),
});

export async function guidelineRoutes(app: App, deps: Deps) {
  const tags = ['establishment'];
  const purpose = (access: RouteAccess) => ({ config: { purpose: 'support order establishment', access } });

  // The pure calculator: nothing is stored, but the input may name the parents, so it is audited.
  const GuidelineBody = Type.Object({ input: InputDoc }, { additionalProperties: false });
  const guideline = async (request: { body: { input: unknown } }, ctx: ReturnType<typeof contextOf>, format: 'json' | 'pdf') => {
    const allowed = requirePermission(ctx.actor, 'case.read');
    if (!allowed.ok) return allowed;
    const result = calculateGuideline(request.body.input);
    if (result.ok) {
      await recordAudit(deps.db, ctx, { action: format === 'pdf' ? 'export' : 'read', entityType: 'guideline_worksheet', entityId: null, detail: { state: result.value.state, guideline: result.value.schedule.id, calculationDate: result.value.calculationDate, children: result.value.children } });
    }
    return result;
  };
  app.post(
    '/guideline/worksheet',
    {
      ...purpose({ data: 'reference', permission: 'case.read' }),
      schema: {
        tags,
        summary: 'Calculate guideline support from an input document and return the numbered worksheet (JSON, docs/guideline.md); nothing is stored',
        body: GuidelineBody,
        response: { 200: Type.Unknown({ description: 'the worksheet (format opencse-guideline-worksheet)' }), ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await guideline(request, contextOf(deps, request), 'json')),
  );
  app.post(
    '/guideline/worksheet.pdf',
    {
      ...purpose({ data: 'reference', permission: 'case.read' }),
      schema: {
        tags,
        summary: 'The same calculation as a printable, tagged PDF worksheet with its inputs',
        body: GuidelineBody,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'application/pdf' }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const result = await guideline(request, contextOf(deps, request), 'pdf');
      if (!result.ok) return sendFailure(reply, result);
      const pdf = await renderWorksheetPdf(result.value, { input: request.body.input as GuidelineInput });
      const name = `guideline-worksheet-${result.value.schedule.id}-${result.value.calculationDate}.pdf`;
      return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${name}"`).send(Buffer.from(pdf));
    },
  );

  // The versions on file and the one the actor's program applies on a date (today by default).
  app.get(
    '/guideline/versions',
    {
      ...purpose({ data: 'reference', permission: 'case.read' }),
      schema: {
        tags,
        summary: "Guideline versions on file (model, dates, which incomes each can compute, what is not loaded) and the one your program's policy names for the date",
        querystring: Type.Object({ date: Type.Optional(IsoDate({ description: 'the date support takes effect; today when omitted' })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ date: Type.String(), inEffect: Nullable(InEffectSchema), versions: Type.Array(VersionSchema) }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      const allowed = requirePermission(ctx.actor, 'case.read');
      if (!allowed.ok) return sendFailure(reply, allowed);
      const date = request.query.date ?? ctx.clock.today();
      const programId = ctx.actor.programId ?? null;
      const inEffect = programId === null ? null : await guidelineInEffect(deps.db, programId, date);
      return { date, inEffect, versions: DEFAULT_REGISTRY.versions.map(summarizeVersion) };
    },
  );

  app.get(
    '/cases/:caseNumber/guideline',
    {
      ...purpose(onCase('case.read')),
      schema: {
        tags,
        summary: "The worksheet page's context: the case's parents and children, the guideline the program's policy names for the date, the versions on file and the calculations saved",
        params: CaseParams,
        querystring: Type.Object({ date: Type.Optional(IsoDate({ description: 'the date support takes effect; today when omitted' })) }, { additionalProperties: false }),
        response: { 200: CaseGuidelineSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await getCaseGuideline(deps, contextOf(deps, request), request.params.caseNumber, request.query.date)),
  );

  app.post(
    '/cases/:caseNumber/guideline/calculations',
    {
      ...purpose(onCase('case.write')),
      schema: {
        tags,
        summary: "Calculate and save a worksheet to the case; an input that names no guideline gets the one the program's policy names for its date",
        params: CaseParams,
        body: Type.Object({ input: InputDoc, calculationId: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: false }),
        response: { 201: SavedSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await saveCaseCalculation(deps, contextOf(deps, request), request.params.caseNumber, request.body), 201),
  );

  app.post(
    '/cases/:caseNumber/guideline/calculations/:calculationId/proposed-order',
    {
      ...purpose(onCase('case.write')),
      schema: {
        tags,
        summary: 'Turn a saved calculation into a proposed order; an amount that differs from the guideline needs the deviation finding (45 CFR 302.56(g))',
        params: CalcParams,
        body: Type.Object(
          {
            orderedMonthly: MoneyString({ description: 'the monthly support the proposed order sets' }),
            effectiveDate: IsoDate(),
            deviationReason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
            bestInterests: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
          },
          { additionalProperties: false },
        ),
        response: { 200: SavedSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await proposeOrder(deps, contextOf(deps, request), request.params.caseNumber, request.params.calculationId, request.body)),
  );

  app.get(
    '/cases/:caseNumber/guideline/calculations/:calculationId/worksheet.pdf',
    {
      ...purpose(onCase('case.read')),
      schema: { tags, summary: 'A saved worksheet as a tagged PDF with the case number, the model and version and the inputs', params: CalcParams, response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'application/pdf' }), ...commonErrors } },
    },
    async (request, reply) => {
      const result = await calculationPdf(deps, contextOf(deps, request), request.params.caseNumber, request.params.calculationId);
      if (!result.ok) return sendFailure(reply, result);
      return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${result.value.fileName}"`).send(Buffer.from(result.value.bytes));
    },
  );
}
