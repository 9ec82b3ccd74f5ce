/** Routes of financial management: orders, assistance, receipts, statements, the daily cycle. */
import type { App } from '../http/context.ts';
import { contextOf } from '../http/context.ts';
import { sendWrittenFile } from '../http/files.ts';
import { FILE_OWNERS } from '../security/route-access.ts';
import { commonErrors, ErrorSchema, send } from '../http/respond.ts';
import type { Deps } from '../deps.ts';
import { inTransaction } from '../db/tx.ts';
import { fail, FailureError, ok, orAbort } from '../kernel/result.ts';
import { parseCents } from '../kernel/money.ts';
import { IsoDate, MoneyString, Nullable, StringEnum, Type } from '../kernel/schema.ts';
import { recordAudit } from '../security/audit.ts';
import { canSeeCase, canSeePerson, canSeeReceipt, programReceiptCondition, requirePermission } from '../security/access.ts';
import type { RequestContext } from '../security/context.ts';
import { sql } from 'kysely';
import { ARREARS_BUCKETS } from './buckets.ts';
import { distributeReceipt, releaseOffsetHold, reverseReceipt } from './distribute.ts';
import { enterSupportOrder, recordAssistance } from './orders.ts';
import { identifyReceipt, receiveReceipt } from './receipts.ts';
import { getStatement } from './statement.ts';
import { runDailyCycle, undistributedAging } from './batch.ts';
import { importAchPayments } from './ach.ts';
import { recordBankAccount } from './bank-accounts.ts';
import { caseObligorId } from '../cases/members.ts';

const CaseParams = Type.Object({ caseNumber: Type.String({ pattern: '^[A-Za-z0-9-]{1,20}$' }) });
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });
const cents = (text: string) => parseCents(text)!;

const ReceiptSources = ['check', 'cash', 'money_order', 'ach_employer', 'federal_tax_offset', 'state_tax_offset', 'unemployment_offset', 'interstate', 'other'] as const;

export async function financialRoutes(app: App, deps: Deps) {
  app.post(
    '/cases/:caseNumber/orders',
    { config: { access: { data: 'case', permission: 'case.write', resources: [['case', 'params.caseNumber']] } },
      schema: {
        tags: ['financial'],
        summary: 'Enter a support order (or modify the current one); the case account is charged from its effective month',
        params: CaseParams,
        body: Type.Object(
          {
            orderNumber: Type.String({ minLength: 1, maxLength: 40 }),
            orderKind: StringEnum(['judicial', 'administrative'] as const),
            enteredDate: IsoDate(),
            effectiveDate: IsoDate(),
            endDate: Type.Optional(Nullable(IsoDate())),
            obligations: Type.Array(
              Type.Object(
                {
                  kind: StringEnum(['current_support', 'medical_support', 'spousal_support', 'arrears_judgment'] as const),
                  amount: MoneyString({ description: 'decimal dollars, e.g. "250.00"' }),
                  frequency: StringEnum(['weekly', 'biweekly', 'semimonthly', 'monthly', 'one_time'] as const),
                  startDate: IsoDate(),
                  endDate: Type.Optional(Nullable(IsoDate())),
                  judgmentBucket: Type.Optional(Nullable(StringEnum(ARREARS_BUCKETS))),
                },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: 20 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ orderId: Type.Integer(), supersededOrderId: Nullable(Type.Integer()) }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const problems = b.obligations.flatMap((o, i) => ((parseCents(o.amount) ?? 0) > 0 ? [] : [{ path: `/obligations/${i}/amount`, message: 'must be more than zero' }]));
      if (problems.length) return send(reply, fail('VALIDATION_FAILED', undefined, problems));
      const input = { ...b, obligations: b.obligations.map(({ amount, ...o }) => ({ ...o, amountCents: cents(amount) })) };
      return send(reply, await enterSupportOrder(deps, contextOf(deps, request), request.params.caseNumber, input), 201);
    },
  );

  app.post(
    '/cases/:caseNumber/assistance',
    { config: { access: { data: 'case', permission: 'case.write', resources: [['case', 'params.caseNumber']] } },
      schema: {
        tags: ['financial'],
        summary: 'Record months of TANF or IV-E assistance (for URA and assignment)',
        params: CaseParams,
        body: Type.Object({ program: StringEnum(['tanf', 'iv_e'] as const), startMonth: Month, endMonth: Type.Optional(Nullable(Month)), monthlyAmount: MoneyString() }, { additionalProperties: false }),
        response: { 201: Type.Object({ assistancePeriodId: Type.Integer(), uraAddedCents: Type.Integer() }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const { monthlyAmount, ...rest } = request.body;
      return send(reply, await recordAssistance(deps, contextOf(deps, request), request.params.caseNumber, { ...rest, monthlyAmountCents: cents(monthlyAmount) }), 201);
    },
  );

  app.post(
    '/receipts',
    {
      config: { access: { data: 'case', permission: 'finance.write' }, purpose: 'receipting' },
      schema: {
        tags: ['financial'],
        summary: 'Post a receipt at the SDU (check, cash, money order, offset…) and distribute it',
        description: 'The same idempotencyKey posts once (200 with duplicate=true). A receipt that names no case or obligor on file is held as unidentified.',
        body: Type.Object(
          {
            idempotencyKey: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            source: StringEnum(ReceiptSources),
            amount: MoneyString(),
            receivedDate: IsoDate(),
            withholdingDate: Type.Optional(Nullable(IsoDate())),
            caseNumber: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
            obligorPersonId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
            jointReturn: Type.Optional(Type.Boolean()),
            reference: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
            remitterName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
            distributeNow: Type.Boolean({ default: true }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ receiptId: Type.Integer(), status: Type.String(), duplicate: Type.Boolean(), caseIds: Type.Array(Type.Integer()) }),
          201: Type.Object({ receiptId: Type.Integer(), status: Type.String(), duplicate: Type.Boolean(), caseIds: Type.Array(Type.Integer()) }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      const allowed = requirePermission(ctx.actor, 'finance.write');
      if (!allowed.ok) return send(reply, allowed);
      const { amount, distributeNow, ...rest } = request.body;
      const amountCents = parseCents(amount);
      if (!amountCents || amountCents <= 0) return send(reply, fail('VALIDATION_FAILED', undefined, [{ path: '/amount', message: 'must be more than zero' }]));
      const result = await inTransaction(deps.db, async (db) => {
        await guardReceiptTarget(db, ctx, rest.caseNumber ?? null, rest.obligorPersonId ?? null);
        const posted = await receiveReceipt({ ...deps, db }, ctx, { ...rest, amountCents });
        if (posted.duplicate && !(await canSeeReceipt(db, ctx.actor, posted.receiptId))) throw new FailureError(fail('CONFLICT', 'this idempotency key is already used'));
        let status: string = posted.status;
        let caseIds: number[] = posted.caseId ? [posted.caseId] : [];
        if (!posted.duplicate && distributeNow && posted.status === 'undistributed') {
          const outcome = await distributeReceipt({ ...deps, db }, { batchRunId: null, userId: ctx.actor.userId, now: ctx.clock.now(), businessDate: ctx.clock.today() }, posted.receiptId);
          if (outcome.status === 'distributed') status = 'distributed';
          caseIds = outcome.caseIds.length ? outcome.caseIds : caseIds;
        }
        await recordAudit(db, ctx, { action: 'create', entityType: 'receipt', entityId: posted.receiptId, caseIds, personIds: posted.obligorPersonId ? [posted.obligorPersonId] : [], detail: { duplicate: posted.duplicate } });
        return { receiptId: posted.receiptId, status, duplicate: posted.duplicate, caseIds };
      });
      return send(reply, result, result.ok && result.value.duplicate ? 200 : 201);
    },
  );

  app.post(
    '/receipts/:receiptId/reverse',
    {
      config: { access: { data: 'case', permission: 'finance.write', resources: [['receipt', 'params.receiptId']] }, purpose: 'receipting' },
      schema: {
        tags: ['financial'],
        summary: 'Reverse a receipt (NSF, stop payment, posting error) with reversing ledger entries',
        params: Type.Object({ receiptId: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({ reasonCode: StringEnum(['NSF', 'STOP_PAYMENT', 'POSTING_ERROR'] as const) }, { additionalProperties: false }),
        response: { 200: Type.Object({ caseIds: Type.Array(Type.Integer()), recoupedCents: Type.Integer() }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      const result = await inTransaction(deps.db, async (db) => {
        orAbort(requirePermission(ctx.actor, 'finance.write'));
        if (!(await canSeeReceipt(db, ctx.actor, request.params.receiptId))) throw new FailureError(fail('NOT_FOUND', `no receipt ${request.params.receiptId} that you may see`));
        const out = await reverseReceipt({ ...deps, db }, { batchRunId: null, userId: ctx.actor.userId, now: ctx.clock.now(), businessDate: ctx.clock.today() }, request.params.receiptId, request.body.reasonCode);
        await recordAudit(db, ctx, { action: 'update', entityType: 'receipt', entityId: request.params.receiptId, caseIds: out.caseIds, detail: { reversed: request.body.reasonCode } });
        return out;
      });
      return send(reply, result);
    },
  );

  app.post(
    '/receipts/:receiptId/identify',
    {
      config: { access: { data: 'case', permission: 'finance.write', resources: [['receipt', 'params.receiptId']] }, purpose: 'receipting research' },
      schema: {
        tags: ['financial'],
        summary: 'Attach an unidentified receipt to the case research found',
        params: Type.Object({ receiptId: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({ caseNumber: Type.String({ maxLength: 20 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ receiptId: Type.Integer(), status: Type.String() }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      const result = await inTransaction(deps.db, async (db) => {
        orAbort(requirePermission(ctx.actor, 'finance.write'));
        const c = await db.selectFrom('iv_d_case').select('id').where('case_number', '=', request.body.caseNumber.toUpperCase()).executeTakeFirst();
        if (!c || !(await canSeeCase(db, ctx.actor, c.id))) throw new FailureError(fail('VALIDATION_FAILED', undefined, [{ path: '/caseNumber', message: 'no such case' }]));
        if (!(await canSeeReceipt(db, ctx.actor, request.params.receiptId))) throw new FailureError(fail('NOT_FOUND', `no receipt ${request.params.receiptId} that you may see`));
        const obligorId = await caseObligorId(db, c.id);
        if (obligorId === null) throw new FailureError(fail('CASE_STATE_INVALID', 'the case has no noncustodial parent'));
        await identifyReceipt(db, ctx, request.params.receiptId, c.id, obligorId);
        return { receiptId: request.params.receiptId, status: 'undistributed' };
      });
      return send(reply, result);
    },
  );

  app.get(
    '/cases/:caseNumber/statement',
    { config: { access: { data: 'case', permission: 'finance.read', resources: [['case', 'params.caseNumber']] } },
      schema: {
        tags: ['financial'],
        summary: 'Account statement: orders, balances by bucket, accruals, payments with their distribution and explanation, disbursements',
        params: CaseParams,
        response: { 200: Type.Unknown(), ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await getStatement(deps, contextOf(deps, request), request.params.caseNumber)),
  );

  app.get(
    '/financial/undistributed',
    { config: { access: { data: 'program', permission: 'finance.read' } }, schema: { tags: ['financial'], summary: 'Undistributed collections by reason and age', querystring: Type.Object({ asOf: Type.Optional(IsoDate()) }), response: { 200: Type.Array(Type.Object({ reason: Type.String(), ageBand: Type.String(), count: Type.Integer(), totalCents: Type.Integer() })), ...commonErrors } } },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      const allowed = requirePermission(ctx.actor, 'finance.read');
      if (!allowed.ok) return send(reply, allowed);
      const rows = await undistributedAging(deps, request.query.asOf ?? ctx.clock.today(), programReceiptCondition(ctx.actor, sql`id`));
      return send(reply, ok(rows.map((r) => ({ reason: r.reason, ageBand: r.age_band, count: r.count, totalCents: r.total_cents }))));
    },
  );

  app.post(
    '/financial/daily-cycle',
    {
      config: { access: { data: 'batch', permission: 'finance.write' }, purpose: 'financial batch' },
      schema: {
        tags: ['financial'],
        summary: 'Run the daily financial cycle for a business date (distribute, charge, disburse, check conservation)',
        body: Type.Object({ businessDate: IsoDate() }, { additionalProperties: false }),
        response: { 200: Type.Unknown(), ...commonErrors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      const allowed = requirePermission(ctx.actor, 'finance.write');
      if (!allowed.ok) return send(reply, allowed);
      if (request.body.businessDate > ctx.clock.today()) return send(reply, fail('VALIDATION_FAILED', undefined, [{ path: '/businessDate', message: 'cannot be in the future' }]));
      const summary = await runDailyCycle(deps, request.body.businessDate, ctx.actor.userId);
      await recordAudit(deps.db, ctx, { action: 'create', entityType: 'batch_run', entityId: request.body.businessDate, detail: { status: summary.status } });
      return send(reply, summary.status === 'failed' ? fail('CONFLICT', 'the daily cycle failed its conservation check; nothing was kept', summary.problems.map((p) => ({ path: p.scope, message: p.message }))) : ok(summary));
    },
  );

  app.post(
    '/persons/:personId/bank-account',
    {
      config: { access: { data: 'person', permission: 'finance.write', resources: [['person', 'params.personId']] }, purpose: 'disbursement set-up' },
      schema: {
        tags: ['financial'],
        summary: "Record a payee's bank account for direct deposit (the account number is stored encrypted)",
        params: Type.Object({ personId: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({ routingNumber: Type.String({ pattern: '^\\d{9}$' }), accountNumber: Type.String({ minLength: 4, maxLength: 17 }), accountType: StringEnum(['checking', 'savings'] as const) }, { additionalProperties: false }),
        response: { 201: Type.Object({ bankAccountId: Type.Integer(), accountLast4: Type.String() }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      const allowed = requirePermission(ctx.actor, 'finance.write');
      if (!allowed.ok) return send(reply, allowed);
      if (!(await canSeePerson(deps.db, ctx.actor, request.params.personId))) return send(reply, fail('NOT_FOUND', `no person ${request.params.personId} that you may see`));
      return send(reply, await recordBankAccount(deps, ctx, request.params.personId, request.body), 201);
    },
  );

  app.post(
    '/payments/ach',
    {
      config: { access: { data: 'file', permission: 'finance.write' }, purpose: 'receipting' },
      schema: {
        tags: ['financial'],
        summary: "Import an employer CCD+ payment file (NACHA, 94-character records, DED addenda) for the user's IV-D program; the same file twice posts nothing new",
        consumes: ['text/plain'],
        querystring: Type.Object({ fileName: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        body: Type.String({ minLength: 1 }),
        response: {
          201: Type.Object({ fileName: Type.String(), payments: Type.Integer(), posted: Type.Integer(), duplicates: Type.Integer(), unidentified: Type.Integer(), ambiguous: Type.Integer(), totalCents: Type.Integer(), employmentEnded: Type.Integer(), employmentEndAmbiguous: Type.Integer(), prenotes: Type.Integer(), programCode: Type.Union([Type.String(), Type.Null()]), heldCount: Type.Integer(), heldCents: Type.Integer(), held: Type.Array(Type.Object({ line: Type.Integer(), traceNumber: Type.String(), amountCents: Type.Integer(), receiptId: Type.Union([Type.Integer(), Type.Null()]), duplicate: Type.Boolean(), reason: Type.String() })) }),
          422: ErrorSchema,
          ...commonErrors,
        },
      },
    },
    async (request, reply) => send(reply, await importAchPayments(deps, contextOf(deps, request), request.query.fileName, request.body), 201),
  );

  app.get(
    '/financial/disbursement-files/:fileId',
    {
      config: { access: { data: 'file', roles: FILE_OWNERS.disbursement_file, resources: [['disbursement_file', 'params.fileId']] }, purpose: 'disbursement' },
      schema: { tags: ['financial'], summary: 'Download a PPD direct-deposit file', params: Type.Object({ fileId: Type.Integer({ minimum: 1 }) }), response: { 200: Type.String(), ...commonErrors } },
    },
    async (request, reply) => sendWrittenFile(deps, request, reply, 'disbursement_file', request.params.fileId),
  );

  app.post(
    '/holds/:allocationId/release',
    {
      config: { access: { data: 'case', permission: 'finance.write', resources: [['allocation', 'params.allocationId']] }, purpose: 'receipting' },
      schema: {
        tags: ['financial'],
        summary: "Release a joint-return federal offset hold: refund the non-obligated spouse's share, distribute the rest",
        params: Type.Object({ allocationId: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({ spouseShare: MoneyString({ description: "the non-obligated spouse's share, e.g. \"120.00\" (\"0\" when none)" }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ caseId: Type.Integer(), receiptId: Type.Integer() }), ...commonErrors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      const spouse = parseCents(request.body.spouseShare);
      if (spouse === null || spouse < 0) return send(reply, fail('VALIDATION_FAILED', undefined, [{ path: '/spouseShare', message: 'must be zero or more' }]));
      const result = await inTransaction(deps.db, async (db) => {
        orAbort(requirePermission(ctx.actor, 'finance.write'));
        const hold = await db.selectFrom('distribution_allocation').select('case_id').where('id', '=', request.params.allocationId).executeTakeFirst();
        if (hold && !(await canSeeCase(db, ctx.actor, hold.case_id))) throw new FailureError(fail('NOT_FOUND', `no hold ${request.params.allocationId} that you may see`));
        const out = await releaseOffsetHold({ ...deps, db }, { batchRunId: null, userId: ctx.actor.userId, now: ctx.clock.now(), businessDate: ctx.clock.today() }, request.params.allocationId, spouse);
        await recordAudit(db, ctx, { action: 'update', entityType: 'offset_hold', entityId: request.params.allocationId, caseIds: [out.caseId], detail: { spouseShareCents: spouse } });
        return out;
      });
      return send(reply, result);
    },
  );
}

/** A receipt posted by hand names a case or obligor the worker may see (tribal mode: of their own program). */
async function guardReceiptTarget(db: Deps['db'], ctx: RequestContext, caseNumber: string | null, obligorPersonId: number | null): Promise<void> {
  if (caseNumber) {
    const c = await db.selectFrom('iv_d_case').select('id').where('case_number', '=', caseNumber.toUpperCase()).executeTakeFirst();
    if (c && !(await canSeeCase(db, ctx.actor, c.id))) throw new FailureError(fail('NOT_FOUND', `no case ${caseNumber} that you may see`));
  }
  if (obligorPersonId && !(await canSeePerson(db, ctx.actor, obligorPersonId))) throw new FailureError(fail('NOT_FOUND', `no person ${obligorPersonId} that you may see`));
}
