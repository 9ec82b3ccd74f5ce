/** Fraud signals report route: GET /api/fraud/report (supervisors, administrators, auditors). */
import type { App } from '../http/context.ts';
import { contextOf } from '../http/context.ts';
import { commonErrors, send } from '../http/respond.ts';
import type { Deps } from '../deps.ts';
import { IsoDate, Nullable, Type } from '../kernel/schema.ts';
import { fraudReport } from './service.ts';

const SignalSchema = Type.Object({
  kind: Type.String(),
  severity: Type.String(),
  summary: Type.String(),
  date: Type.String(),
  caseNumbers: Type.Array(Type.String()),
  personIds: Type.Array(Type.Integer()),
  evidence: Type.Record(Type.String(), Type.Unknown()),
});

export async function fraudRoutes(app: App, deps: Deps) {
  app.get(
    '/fraud/report',
    {
      config: { access: { data: 'office', permission: 'report.read', roles: ['supervisor', 'administrator', 'auditor'] }, purpose: 'fraud review' },
      schema: {
        tags: ['fraud'],
        summary: 'Fraud signals: bank account changed before a large deposit, one account for unrelated families, adjustments by the receipt poster, invalid SSNs',
        querystring: Type.Object({ from: IsoDate(), to: IsoDate(), officeCode: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            from: Type.String(),
            to: Type.String(),
            scope: Type.Object({ programCode: Nullable(Type.String()), officeCode: Nullable(Type.String()) }),
            counts: Type.Record(Type.String(), Type.Integer()),
            signals: Type.Array(SignalSchema),
          }),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => send(reply, await fraudReport(deps, contextOf(deps, request), request.query)),
  );
}
