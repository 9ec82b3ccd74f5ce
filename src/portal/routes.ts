/** Routes of the parent portal. */
import type { App } from '../http/app.ts';
import { contextOf } from '../http/app.ts';
import { commonErrors, send } from '../http/respond.ts';
import type { Deps } from '../deps.ts';
import { Nullable, Type } from '../kernel/schema.ts';
import { AddressSchema } from '../cases/schemas.ts';
import { myCases, updateMyAddress } from './service.ts';

export async function portalRoutes(app: App, deps: Deps) {
  app.get(
    '/portal/cases',
    {
      config: { purpose: 'parent self-service' },
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
      config: { purpose: 'parent self-service' },
      schema: { tags: ['portal'], summary: 'Report a new address for yourself', body: AddressSchema, response: { 201: Type.Object({ addressId: Type.Integer() }), ...commonErrors } },
    },
    async (request, reply) => send(reply, await updateMyAddress(deps, contextOf(deps, request), request.body), 201),
  );
}
