/** Routes of the parent portal. */
import type { App } from '../http/context.ts';
import { contextOf } from '../http/context.ts';
import { commonErrors, send } from '../http/respond.ts';
import type { Deps } from '../deps.ts';
import { Nullable, StringEnum, Type } from '../kernel/schema.ts';
import { AddressSchema } from '../cases/schemas.ts';
import { employerPortal, myCasePayments, myCases, updateMyAddress } from './service.ts';

export async function portalRoutes(app: App, deps: Deps) {
  app.get(
    '/portal/cases',
    {
      config: { access: { data: 'own', permission: 'portal.parent' }, purpose: 'parent self-service' },
      schema: {
        tags: ['portal'],
        summary: "A parent's own cases",
        response: {
          200: Type.Array(
            Type.Object({
              caseNumber: Type.String(),
              status: Type.String(),
              myRole: Type.String(),
              otherParty: Nullable(Type.String()),
              children: Type.Array(Type.Object({ firstName: Type.String(), dateOfBirth: Nullable(Type.String()) })),
              openedDate: Type.String(),
            }),
          ),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => send(reply, await myCases(deps, contextOf(deps, request))),
  );

  app.post(
    '/portal/address',
    {
      config: { access: { data: 'own', permission: 'portal.parent' }, purpose: 'parent self-service' },
      schema: { tags: ['portal'], summary: 'Report a new address for yourself', body: AddressSchema, response: { 201: Type.Object({ addressId: Type.Integer() }), ...commonErrors } },
    },
    async (request, reply) => send(reply, await updateMyAddress(deps, contextOf(deps, request), request.body), 201),
  );

  app.get(
    '/portal/cases/:caseNumber/payments',
    {
      config: { access: { data: 'own', permission: 'portal.parent', resources: [['case', 'params.caseNumber']] }, purpose: 'parent self-service' },
      schema: {
        tags: ['portal'],
        summary: "A parent's payment history and what is due on one of their own cases (amounts and dates only)",
        params: Type.Object({ caseNumber: Type.String({ pattern: '^[A-Za-z0-9-]{1,20}$' }) }),
        response: {
          200: Type.Object({
            caseNumber: Type.String(),
            status: Type.String(),
            myRole: StringEnum(['custodial_party', 'noncustodial_parent'] as const),
            supportMonth: Nullable(Type.String({ description: 'YYYY-MM: the month the balances describe' })),
            monthlySupportCents: Nullable(Type.Integer()),
            nextPayment: Nullable(Type.Object({ month: Type.String(), amountDueCents: Type.Integer({ description: 'current support due for the month less what was paid on it' }) })),
            pastDueCents: Nullable(Type.Integer()),
            orders: Type.Array(Type.Object({ orderNumber: Type.String(), effectiveDate: Type.String(), status: Type.String() })),
            payments: Type.Array(
              Type.Object({
                receivedDate: Type.String(),
                amountCents: Type.Integer(),
                source: Type.String(),
                status: Type.String(),
                toCurrentSupportCents: Type.Integer(),
                toPastDueCents: Type.Integer(),
                otherCents: Type.Integer(),
              }),
            ),
            paidToYou: Type.Array(Type.Object({ issuedDate: Type.String(), amountCents: Type.Integer(), method: Type.String() })),
          }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => send(reply, await myCasePayments(deps, contextOf(deps, request), request.params.caseNumber)),
  );

  app.get(
    '/portal/employer',
    {
      config: { access: { data: 'own', permission: 'portal.employer' }, purpose: 'employer self-service' },
      schema: {
        tags: ['portal'],
        summary: "An employer's own registry entry, the income withholding orders sent to it with its acknowledgments, and the payments it sent, newest first",
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            employer: Type.Object({ name: Type.String(), fein: Nullable(Type.String()), city: Nullable(Type.String()), stateCode: Nullable(Type.String()) }),
            withholdingOrders: Type.Array(
              Type.Object({
                documentTrackingNumber: Type.String(),
                orderIdentifier: Type.String(),
                caseNumber: Type.String(),
                employeeName: Type.String(),
                actionCode: Type.String({ description: 'ORG original, AMD amended, TRM termination, LUM lump sum' }),
                status: Type.String({ description: 'sent, accepted, rejected, suspended or terminated' }),
                issuedDate: Nullable(Type.String()),
                currentSupportMonthlyCents: Type.Integer(),
                arrearsPaymentMonthlyCents: Type.Integer(),
                ccpaPercent: Type.Integer(),
                acknowledgment: Nullable(Type.Object({ status: Type.String(), reason: Nullable(Type.String()), date: Nullable(Type.String()) })),
                terminationDate: Nullable(Type.String()),
                lumpSum: Nullable(Type.Object({ amountCents: Type.Integer(), date: Nullable(Type.String()) })),
              }),
            ),
            payments: Type.Array(
              Type.Object({
                receivedDate: Type.String(),
                withholdingDate: Nullable(Type.String()),
                amountCents: Type.Integer(),
                status: Type.String(),
                reference: Nullable(Type.String()),
                caseNumber: Nullable(Type.String()),
                employeeName: Nullable(Type.String()),
              }),
            ),
          }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => send(reply, await employerPortal(deps, contextOf(deps, request), { limit: request.query.limit })),
  );
}
