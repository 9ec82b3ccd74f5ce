/**
 * Routes of establishment: paternity, service of process and the 90-day clock, orders with their
 * custody and medical terms, review and adjustment with notices. Money travels as decimal strings.
 */
import type { App } from '../http/context.ts';
import { contextOf } from '../http/context.ts';
import { onCase, type RouteAccess } from '../security/route-access.ts';
import { commonErrors, send } from '../http/respond.ts';
import type { Deps } from '../deps.ts';
import { fail, type ErrorDetail } from '../kernel/result.ts';
import { parseCents } from '../kernel/money.ts';
import { IsoDate, MoneyString, Nullable, StringEnum, Type } from '../kernel/schema.ts';
import { sendFailure } from '../http/respond.ts';
import { ARREARS_BUCKETS } from '../financial/buckets.ts';
import {
  closeGeneticTest,
  getCasePaternity,
  recordAcknowledgment,
  recordAdjudication,
  recordGeneticTestResult,
  rescindAcknowledgment,
  scheduleGeneticTest,
} from './paternity.ts';
import { getServiceOfProcess, recordLocated, recordServiceAttempt, SERVICE_DOCUMENTS, SERVICE_METHODS, SERVICE_RESULTS } from './service-of-process.ts';
import { enterEstablishedOrder, getCaseOrder, getCaseOrders, type EstablishOrderInput, type PeriodicAmount } from './orders.ts';
import { guidelineRoutes } from './guideline-routes.ts';
import { calculationForOrder } from './guideline-cases.ts';
import { compareReview, getCaseReview, getCaseReviews, getNoticePdf, listReviewsDue, recordReviewOutcome, REVIEW_OUTCOMES, REVIEW_REASONS, REVIEW_REQUESTERS, startReview } from './review.ts';

const CaseParams = Type.Object({ caseNumber: Type.String({ pattern: '^[A-Za-z0-9-]{1,20}$' }) });
const Id = (options: Record<string, unknown> = {}) => Type.Integer({ minimum: 1, ...options });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Parties = {
  childPersonId: Id(),
  allegedFatherPersonId: Id(),
};
const PERIODIC = ['weekly', 'biweekly', 'semimonthly', 'monthly'] as const;
const BasisPoints = (description: string) => Type.Integer({ minimum: 0, maximum: 10_000, description });

const TimeframeSchema = Type.Object({ kind: Type.String(), regulation: Type.String(), startDate: Type.String(), dueDate: Type.String(), metDate: Nullable(Type.String()) });

const GeneticTestSchema = Type.Object({
  testId: Type.Integer(),
  status: Type.String(),
  orderedDate: Type.String(),
  appointmentDate: Type.String(),
  labName: Type.String(),
  labCaseNumber: Nullable(Type.String()),
  collectionSite: Nullable(Type.String()),
  motherSampleDate: Nullable(Type.String()),
  fatherSampleDate: Nullable(Type.String()),
  childSampleDate: Nullable(Type.String()),
  resultDate: Nullable(Type.String()),
  probabilityReported: Nullable(Type.String()),
  probabilityBasisPoints: Nullable(Type.Integer()),
  labExcluded: Nullable(Type.Boolean()),
  thresholdBasisPoints: Nullable(Type.Integer()),
  outcome: Nullable(Type.String()),
  policyId: Nullable(Type.String()),
  closedDate: Nullable(Type.String()),
  closedReason: Nullable(Type.String()),
});

const AcknowledgmentSchema = Type.Object({
  acknowledgmentId: Type.Integer(),
  motherSignedDate: Type.String(),
  fatherSignedDate: Type.String(),
  signedDate: Type.String(),
  signingSite: Type.String(),
  formNumber: Nullable(Type.String()),
  filedDate: Nullable(Type.String()),
  rescissionDeadline: Type.String(),
  rescindedDate: Nullable(Type.String()),
  rescindedBy: Nullable(Type.String()),
  policyId: Type.String(),
});

const PaternityRecordFields = {
  paternityId: Type.Integer(),
  childPersonId: Type.Integer(),
  allegedFatherPersonId: Type.Integer(),
  status: StringEnum(['pending', 'established', 'excluded', 'rescinded'] as const),
  method: Nullable(Type.String()),
  establishedDate: Nullable(Type.String()),
  excludedDate: Nullable(Type.String()),
  adjudicationOrderNumber: Nullable(Type.String()),
  adjudicationTribunal: Nullable(Type.String()),
  policyId: Nullable(Type.String()),
  acknowledgments: Type.Array(AcknowledgmentSchema),
  geneticTests: Type.Array(GeneticTestSchema),
};
const PaternityRecordSchema = Type.Object(PaternityRecordFields);

const CasePaternitySchema = Type.Object({
  caseNumber: Type.String(),
  children: Type.Array(
    Type.Object({
      personId: Type.Integer(),
      firstName: Type.String(),
      lastName: Type.String(),
      dateOfBirth: Nullable(Type.String()),
      bornOutOfWedlock: Nullable(Type.Boolean()),
      paternityEstablished: Nullable(Type.Boolean()),
      records: Type.Array(
        Type.Object({ ...PaternityRecordFields, allegedFather: Nullable(Type.Object({ personId: Type.Integer(), firstName: Type.String(), lastName: Type.String() })) }),
      ),
    }),
  ),
});

const ServiceViewSchema = Type.Object({
  caseNumber: Type.String(),
  establishmentTimeframes: Type.Array(Type.Object({ ...TimeframeSchema.properties, onTime: Nullable(Type.Boolean()) })),
  attempts: Type.Array(
    Type.Object({
      attemptId: Type.Integer(),
      personId: Type.Integer(),
      document: Type.String(),
      method: Type.String(),
      attemptDate: Type.String(),
      result: Type.String(),
      servedDate: Nullable(Type.String()),
      serverName: Nullable(Type.String()),
      notes: Nullable(Type.String()),
    }),
  ),
});

const Periodic = Type.Object(
  {
    amount: MoneyString({ description: 'decimal dollars per period, e.g. "400.00"' }),
    frequency: StringEnum(PERIODIC),
    startDate: Type.Optional(Nullable(IsoDate({ description: 'the order’s effective date when omitted' }))),
    endDate: Type.Optional(Nullable(IsoDate())),
  },
  { additionalProperties: false },
);

const OrderBody = Type.Object(
  {
    orderNumber: Text(40),
    orderKind: StringEnum(['judicial', 'administrative'] as const),
    tribunal: Type.Optional(Nullable(Type.String({ maxLength: 120 }))),
    enteredDate: IsoDate(),
    effectiveDate: IsoDate(),
    endDate: Type.Optional(Nullable(IsoDate())),
    currentSupport: Type.Optional(Nullable(Periodic)),
    arrears: Type.Optional(Type.Array(Type.Object({ amount: MoneyString(), bucket: StringEnum(ARREARS_BUCKETS) }, { additionalProperties: false }), { maxItems: 10 })),
    medical: Type.Object(
      {
        healthInsuranceBy: StringEnum(['obligor', 'obligee', 'both', 'neither', 'not_addressed'] as const),
        premiumMonthly: Type.Optional(Nullable(MoneyString({ description: 'monthly cost of covering the children' }))),
        obligorGrossMonthlyIncome: Type.Optional(Nullable(MoneyString({ description: 'to test reasonable cost (45 CFR 303.31)' }))),
        cashMedical: Type.Optional(Nullable(Periodic)),
        unreimbursedObligorBasisPoints: Type.Optional(Nullable(BasisPoints("obligor's share of unreimbursed medical expenses (6000 = 60%)"))),
      },
      { additionalProperties: false },
    ),
    custody: Type.Object(
      {
        legalCustody: StringEnum(['custodial_party', 'noncustodial_parent', 'joint', 'third_party', 'not_addressed'] as const),
        physicalCustody: StringEnum(['custodial_party', 'noncustodial_parent', 'shared', 'third_party', 'not_addressed'] as const),
        obligorOvernightsPerYear: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 366 }))),
        parentingSchedule: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
      },
      { additionalProperties: false },
    ),
    guideline: Type.Optional(
      Nullable(Type.Object({ input: Type.Unknown({ description: 'a guideline input document (docs/guideline.md)' }), calculationId: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: false })),
    ),
    deviationReason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    guidelineCalculationId: Type.Optional(Nullable(Id({ description: "a guideline calculation saved to the case (its proposed order's deviation finding comes with it)" }))),
    reviewId: Type.Optional(Nullable(Id())),
  },
  { additionalProperties: false },
);

const OrderViewSchema = Type.Object({
  orderId: Type.Integer(),
  orderNumber: Type.String(),
  orderKind: Type.String(),
  status: Type.String(),
  enteredDate: Type.String(),
  effectiveDate: Type.String(),
  endDate: Nullable(Type.String()),
  supersedesOrderId: Nullable(Type.Integer()),
  obligorPersonId: Type.Integer(),
  obligeePersonId: Nullable(Type.Integer()),
  currentSupportMonthly: Type.String(),
  obligations: Type.Array(
    Type.Object({
      obligationId: Type.Integer(),
      kind: Type.String(),
      amount: Type.String(),
      frequency: Type.String(),
      monthlyAmount: Nullable(Type.String()),
      startDate: Type.String(),
      endDate: Nullable(Type.String()),
      judgmentBucket: Nullable(Type.String()),
    }),
  ),
  terms: Nullable(
    Type.Object({
      tribunal: Nullable(Type.String()),
      custody: Type.Object({ legalCustody: Type.String(), physicalCustody: Type.String(), obligorOvernightsPerYear: Nullable(Type.Integer()), parentingSchedule: Nullable(Type.String()) }),
      medical: Type.Object({
        healthInsuranceBy: Type.String(),
        premiumMonthly: Nullable(Type.String()),
        obligorGrossMonthlyIncome: Nullable(Type.String()),
        reasonableCostBasisPoints: Nullable(Type.Integer()),
        reasonableCost: Nullable(Type.Boolean()),
        cashMedicalMonthly: Nullable(Type.String()),
        unreimbursedObligorBasisPoints: Nullable(Type.Integer()),
      }),
      guideline: Nullable(Type.Object({ monthlyAmount: Type.String(), deviationReason: Nullable(Type.String()), worksheet: Type.Unknown() })),
      policyId: Type.String(),
    }),
  ),
});

const NoticeSchema = Type.Object({ noticeId: Type.Integer(), kind: Type.String(), recipientPersonId: Type.Integer(), recipientRole: Type.String(), noticeDate: Type.String(), sha256: Type.String(), bytes: Type.Integer() });

const ReviewViewSchema = Type.Object({
  reviewId: Type.Integer(),
  caseNumber: Type.String(),
  supportOrderId: Type.Integer(),
  reason: Type.String(),
  requestedBy: Type.String(),
  requestDate: Type.String(),
  reviewDueDate: Type.String(),
  status: Type.String(),
  comparison: Nullable(
    Type.Object({
      comparedDate: Type.String(),
      guidelineMonthly: Type.String(),
      currentMonthly: Type.String(),
      difference: Type.String(),
      percentDifferenceBasisPoints: Nullable(Type.Integer()),
      thresholdBasisPoints: Nullable(Type.Integer()),
      threshold: Nullable(Type.String()),
      thresholdMet: Type.Boolean(),
      explanation: Type.String(),
    }),
  ),
  outcome: Nullable(Type.Object({ outcome: Type.String(), outcomeDate: Type.String(), reason: Nullable(Type.String()), onTime: Type.Boolean() })),
  resultingOrderId: Nullable(Type.Integer()),
  policyId: Type.String(),
  notices: Type.Array(NoticeSchema),
});

/** Decimal strings to cents; every amount that must be positive is checked at once. */
function periodicCents(p: { amount: string; frequency: (typeof PERIODIC)[number]; startDate?: string | null | undefined; endDate?: string | null | undefined } | null | undefined, path: string, problems: ErrorDetail[]): PeriodicAmount | null {
  if (!p) return null;
  const cents = parseCents(p.amount);
  if (cents === null || cents <= 0) problems.push({ path: `${path}/amount`, message: 'must be more than zero' });
  return { amountCents: cents ?? 0, frequency: p.frequency, startDate: p.startDate ?? null, endDate: p.endDate ?? null };
}

function optionalCents(text: string | null | undefined, path: string, problems: ErrorDetail[]): number | null {
  if (text === null || text === undefined) return null;
  const cents = parseCents(text);
  if (cents === null || cents < 0) problems.push({ path, message: 'must not be negative' });
  return cents;
}

export async function establishmentRoutes(app: App, deps: Deps) {
  const paternity = (access: RouteAccess) => ({ config: { purpose: 'paternity establishment', access } });
  const tags = ['establishment'];

  await guidelineRoutes(app, deps);

  app.get(
    '/cases/:caseNumber/paternity',
    { ...paternity(onCase('case.read')), schema: { tags, summary: 'Children of the case with their paternity records, acknowledgments and genetic tests', params: CaseParams, response: { 200: CasePaternitySchema, ...commonErrors } } },
    async (request, reply) => send(reply, await getCasePaternity(deps, contextOf(deps, request), request.params.caseNumber)),
  );

  app.post(
    '/cases/:caseNumber/paternity/acknowledgments',
    {
      ...paternity(onCase('case.write')),
      schema: {
        tags,
        summary: 'Record a voluntary acknowledgment of paternity: paternity is established on the later signature, rescindable within the policy period',
        params: CaseParams,
        body: Type.Object(
          {
            ...Parties,
            motherSignedDate: IsoDate(),
            fatherSignedDate: IsoDate(),
            signingSite: StringEnum(['hospital', 'vital_records', 'iv_d_agency', 'other'] as const),
            formNumber: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
            filedDate: Type.Optional(Nullable(IsoDate())),
          },
          { additionalProperties: false },
        ),
        response: { 201: PaternityRecordSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await recordAcknowledgment(deps, contextOf(deps, request), request.params.caseNumber, request.body), 201),
  );

  app.post(
    '/cases/:caseNumber/paternity/acknowledgments/:acknowledgmentId/rescind',
    {
      ...paternity(onCase('case.write')),
      schema: {
        tags,
        summary: 'A signatory rescinds an acknowledgment within the rescission period (42 USC 666(a)(5)(D)(ii))',
        params: Type.Object({ ...CaseParams.properties, acknowledgmentId: Id() }),
        body: Type.Object({ rescindedDate: IsoDate(), rescindedBy: StringEnum(['mother', 'father'] as const) }, { additionalProperties: false }),
        response: { 200: PaternityRecordSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await rescindAcknowledgment(deps, contextOf(deps, request), request.params.caseNumber, request.params.acknowledgmentId, request.body)),
  );

  app.post(
    '/cases/:caseNumber/paternity/genetic-tests',
    {
      ...paternity(onCase('case.write')),
      schema: {
        tags,
        summary: 'Schedule genetic testing of a child and an alleged father',
        params: CaseParams,
        body: Type.Object(
          { ...Parties, appointmentDate: IsoDate(), labName: Text(100), labCaseNumber: Type.Optional(Nullable(Type.String({ maxLength: 40 }))), collectionSite: Type.Optional(Nullable(Type.String({ maxLength: 120 }))) },
          { additionalProperties: false },
        ),
        response: { 201: PaternityRecordSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await scheduleGeneticTest(deps, contextOf(deps, request), request.params.caseNumber, request.body), 201),
  );

  app.post(
    '/cases/:caseNumber/paternity/genetic-tests/:testId/result',
    {
      ...paternity(onCase('case.write')),
      schema: {
        tags,
        summary: 'Record a genetic test result: included (paternity established) at or above the policy threshold, excluded below it',
        params: Type.Object({ ...CaseParams.properties, testId: Id() }),
        body: Type.Object(
          {
            resultDate: IsoDate(),
            probability: Type.String({ description: 'probability of paternity in percent as reported, e.g. "99.9998"', maxLength: 12 }),
            labExcluded: Type.Optional(Type.Boolean({ description: 'the lab reports an exclusion' })),
            motherSampleDate: Type.Optional(Nullable(IsoDate())),
            fatherSampleDate: IsoDate(),
            childSampleDate: IsoDate(),
          },
          { additionalProperties: false },
        ),
        response: { 200: PaternityRecordSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await recordGeneticTestResult(deps, contextOf(deps, request), request.params.caseNumber, request.params.testId, request.body)),
  );

  app.post(
    '/cases/:caseNumber/paternity/genetic-tests/:testId/close',
    {
      ...paternity(onCase('case.write')),
      schema: {
        tags,
        summary: 'A scheduled genetic test that did not happen: no-show or cancelled',
        params: Type.Object({ ...CaseParams.properties, testId: Id() }),
        body: Type.Object({ status: StringEnum(['no_show', 'cancelled'] as const), date: IsoDate(), reason: Type.Optional(Nullable(Type.String({ maxLength: 200 }))) }, { additionalProperties: false }),
        response: { 200: PaternityRecordSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await closeGeneticTest(deps, contextOf(deps, request), request.params.caseNumber, request.params.testId, request.body)),
  );

  app.post(
    '/cases/:caseNumber/paternity/adjudications',
    {
      ...paternity(onCase('case.write')),
      schema: {
        tags,
        summary: 'Record paternity established by a court or administrative order, or a default order',
        params: CaseParams,
        body: Type.Object(
          { ...Parties, kind: StringEnum(['court_order', 'default_order'] as const), orderDate: IsoDate(), orderNumber: Text(40), tribunal: Type.Optional(Nullable(Type.String({ maxLength: 120 }))) },
          { additionalProperties: false },
        ),
        response: { 200: PaternityRecordSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await recordAdjudication(deps, contextOf(deps, request), request.params.caseNumber, request.body)),
  );

  const orders = (access: RouteAccess) => ({ config: { purpose: 'order establishment', access } });

  app.post(
    '/cases/:caseNumber/establishment/located',
    {
      ...orders(onCase('case.write')),
      schema: {
        tags,
        summary: 'The alleged father or noncustodial parent is located: starts the 90-day establishment timeframe (45 CFR 303.4(d))',
        params: CaseParams,
        body: Type.Object({ personId: Id(), locatedDate: IsoDate() }, { additionalProperties: false }),
        response: { 200: ServiceViewSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await recordLocated(deps, contextOf(deps, request), request.params.caseNumber, request.body)),
  );

  app.get(
    '/cases/:caseNumber/service-attempts',
    { ...orders(onCase('case.read')), schema: { tags, summary: 'Service of process attempts and the 90-day establishment timeframe', params: CaseParams, response: { 200: ServiceViewSchema, ...commonErrors } } },
    async (request, reply) => send(reply, await getServiceOfProcess(deps, contextOf(deps, request), request.params.caseNumber)),
  );

  app.post(
    '/cases/:caseNumber/service-attempts',
    {
      ...orders(onCase('case.write')),
      schema: {
        tags,
        summary: 'Record an attempt to serve process; serving an establishment document meets the 90-day timeframe',
        params: CaseParams,
        body: Type.Object(
          {
            personId: Id(),
            document: StringEnum(SERVICE_DOCUMENTS),
            method: StringEnum(SERVICE_METHODS),
            attemptDate: IsoDate(),
            result: StringEnum(SERVICE_RESULTS),
            servedDate: Type.Optional(Nullable(IsoDate())),
            serverName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
            notes: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
            locatedDate: Type.Optional(Nullable(IsoDate({ description: 'when the person was located, if the timeframe has not been started' }))),
          },
          { additionalProperties: false },
        ),
        response: { 201: ServiceViewSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await recordServiceAttempt(deps, contextOf(deps, request), request.params.caseNumber, request.body), 201),
  );

  app.post(
    '/cases/:caseNumber/establishment/orders',
    {
      ...orders(onCase('case.write')),
      schema: {
        tags,
        summary: 'Enter a support order with its money terms (obligated by the financial module) and its custody, parenting time and medical support terms',
        description:
          'Current support, cash medical support and arrears become obligations through the financial order entry (the case account is charged from the effective month). A guideline input may be attached; an order that departs from the guideline amount needs deviationReason. Meets the 90-day establishment timeframe and starts the 36-month review cycle.',
        params: CaseParams,
        body: OrderBody,
        response: { 201: OrderViewSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const problems: ErrorDetail[] = [];
      const input: EstablishOrderInput = {
        orderNumber: b.orderNumber,
        orderKind: b.orderKind,
        tribunal: b.tribunal ?? null,
        enteredDate: b.enteredDate,
        effectiveDate: b.effectiveDate,
        endDate: b.endDate ?? null,
        currentSupport: periodicCents(b.currentSupport, '/currentSupport', problems),
        arrears: (b.arrears ?? []).map((a, i) => {
          const cents = parseCents(a.amount);
          if (cents === null || cents <= 0) problems.push({ path: `/arrears/${i}/amount`, message: 'must be more than zero' });
          return { amountCents: cents ?? 0, bucket: a.bucket };
        }),
        medical: {
          healthInsuranceBy: b.medical.healthInsuranceBy,
          premiumMonthlyCents: optionalCents(b.medical.premiumMonthly, '/medical/premiumMonthly', problems),
          obligorGrossMonthlyIncomeCents: optionalCents(b.medical.obligorGrossMonthlyIncome, '/medical/obligorGrossMonthlyIncome', problems),
          cashMedical: periodicCents(b.medical.cashMedical, '/medical/cashMedical', problems),
          unreimbursedObligorBasisPoints: b.medical.unreimbursedObligorBasisPoints ?? null,
        },
        custody: b.custody,
        guideline: b.guideline ?? null,
        deviationReason: b.deviationReason ?? null,
        reviewId: b.reviewId ?? null,
      };
      if (b.guidelineCalculationId) {
        // A worksheet saved to the case stands for the guideline input, with its proposal's finding.
        if (b.guideline) problems.push({ path: '/guidelineCalculationId', message: 'give either guideline or guidelineCalculationId' });
        const saved = await calculationForOrder(deps.db, contextOf(deps, request), request.params.caseNumber, b.guidelineCalculationId);
        if (!saved.ok) return send(reply, saved);
        input.guideline = { input: saved.value.input, calculationId: saved.value.calculationId };
        input.deviationReason = b.deviationReason ?? saved.value.deviationReason;
      }
      if (problems.length) return send(reply, fail('VALIDATION_FAILED', undefined, problems));
      return send(reply, await enterEstablishedOrder(deps, contextOf(deps, request), request.params.caseNumber, input), 201);
    },
  );

  app.get(
    '/cases/:caseNumber/establishment/orders',
    { ...orders(onCase('case.read')), schema: { tags, summary: 'Orders of the case with their obligations and custody and medical terms, newest first', params: CaseParams, response: { 200: Type.Object({ caseNumber: Type.String(), orders: Type.Array(OrderViewSchema) }), ...commonErrors } } },
    async (request, reply) => send(reply, await getCaseOrders(deps, contextOf(deps, request), request.params.caseNumber)),
  );

  app.get(
    '/cases/:caseNumber/establishment/orders/:orderId',
    { ...orders(onCase('case.read')), schema: { tags, summary: 'One order with its obligations and custody and medical terms', params: Type.Object({ ...CaseParams.properties, orderId: Id() }), response: { 200: OrderViewSchema, ...commonErrors } } },
    async (request, reply) => send(reply, await getCaseOrder(deps, contextOf(deps, request), request.params.caseNumber, request.params.orderId)),
  );

  const reviews = (access: RouteAccess) => ({ config: { purpose: 'review and adjustment', access } });
  const ReviewParams = Type.Object({ ...CaseParams.properties, reviewId: Id() });

  app.get(
    '/reviews/due',
    {
      ...reviews({ data: 'case', permission: 'case.read' }),
      schema: {
        tags,
        summary: 'Cases (that you may see) whose 36-month review is due on or before a date and that have no review open',
        querystring: Type.Object({ asOf: Type.Optional(IsoDate()) }, { additionalProperties: false }),
        response: {
          200: Type.Array(
            Type.Object({
              caseNumber: Type.String(),
              officeCode: Type.String(),
              orderId: Type.Integer(),
              orderNumber: Type.String(),
              orderEnteredDate: Type.String(),
              lastReviewDate: Nullable(Type.String()),
              dueDate: Type.String(),
              daysOverdue: Type.Integer(),
            }),
          ),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => send(reply, await listReviewsDue(deps, contextOf(deps, request), request.query.asOf ?? deps.clock.today())),
  );

  app.get(
    '/cases/:caseNumber/reviews',
    { ...reviews(onCase('case.read')), schema: { tags, summary: 'Reviews of the case, newest first', params: CaseParams, response: { 200: Type.Object({ caseNumber: Type.String(), reviews: Type.Array(ReviewViewSchema) }), ...commonErrors } } },
    async (request, reply) => send(reply, await getCaseReviews(deps, contextOf(deps, request), request.params.caseNumber)),
  );

  app.post(
    '/cases/:caseNumber/reviews',
    {
      ...reviews(onCase('case.write')),
      schema: {
        tags,
        summary: 'Start a review of the current order (36-month cycle or on request); it must end within 180 days (45 CFR 303.8(e))',
        params: CaseParams,
        body: Type.Object(
          { reason: StringEnum(REVIEW_REASONS), requestedBy: StringEnum(REVIEW_REQUESTERS), requestDate: IsoDate(), sendNotices: Type.Optional(Type.Boolean({ description: 'send both parents the notice that a review has begun' })) },
          { additionalProperties: false },
        ),
        response: { 201: ReviewViewSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await startReview(deps, contextOf(deps, request), request.params.caseNumber, request.body), 201),
  );

  app.get(
    '/cases/:caseNumber/reviews/:reviewId',
    { ...reviews(onCase('case.read')), schema: { tags, summary: 'One review with its comparison, outcome and notices', params: ReviewParams, response: { 200: ReviewViewSchema, ...commonErrors } } },
    async (request, reply) => send(reply, await getCaseReview(deps, contextOf(deps, request), request.params.caseNumber, request.params.reviewId)),
  );

  app.post(
    '/cases/:caseNumber/reviews/:reviewId/comparison',
    {
      ...reviews(onCase('case.write')),
      schema: {
        tags,
        summary: 'Run the guideline on current facts and compare its amount with the current order against the adjustment threshold',
        params: ReviewParams,
        body: Type.Object({ guidelineInput: Type.Unknown({ description: 'a guideline input document (docs/guideline.md)' }), calculationId: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: false }),
        response: { 200: ReviewViewSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await compareReview(deps, contextOf(deps, request), request.params.caseNumber, request.params.reviewId, request.body)),
  );

  app.post(
    '/cases/:caseNumber/reviews/:reviewId/outcome',
    {
      ...reviews(onCase('case.write')),
      schema: {
        tags,
        summary: 'Record the outcome of the review (adjust, no_change, withdrawn) and send the outcome notice to both parents',
        params: ReviewParams,
        body: Type.Object({ outcome: StringEnum(REVIEW_OUTCOMES), outcomeDate: IsoDate(), reason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) }, { additionalProperties: false }),
        response: { 200: ReviewViewSchema, ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await recordReviewOutcome(deps, contextOf(deps, request), request.params.caseNumber, request.params.reviewId, request.body)),
  );

  app.get(
    '/cases/:caseNumber/reviews/:reviewId/notices/:noticeId/pdf',
    {
      ...reviews(onCase('case.read')),
      schema: { tags, summary: 'A review notice as the PDF that was generated', params: Type.Object({ ...ReviewParams.properties, noticeId: Id() }), response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'application/pdf' }), ...commonErrors } },
    },
    async (request, reply) => {
      const result = await getNoticePdf(deps, contextOf(deps, request), request.params.caseNumber, request.params.reviewId, request.params.noticeId);
      if (!result.ok) return sendFailure(reply, result);
      return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${result.value.fileName}"`).send(result.value.content);
    },
  );
}
