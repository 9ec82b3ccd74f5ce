/** GET /api/program: the signed-in user's IV-D program and the 45 CFR 302/309 policy in force today. */
import type { App } from '../http/context.ts';
import { contextOf } from '../http/context.ts';
import { commonErrors, send } from '../http/respond.ts';
import type { Deps } from '../deps.ts';
import { Type } from '../kernel/schema.ts';
import { fail, ok } from '../kernel/result.ts';
import { programPolicyOn } from './policy.ts';

export async function tribalRoutes(app: App, deps: Deps) {
  app.get(
    '/program',
    { config: { access: { data: 'own' }, purpose: 'program policy' }, schema: { tags: ['tribal'], summary: "The user's IV-D program (State or Tribal) and its policy in force today", response: { 200: Type.Unknown(), ...commonErrors } } },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      if (ctx.actor.programId == null) return send(reply, fail('NOT_FOUND', 'the system user belongs to no one program'));
      const program = await deps.db.selectFrom('iv_d_program').select(['code', 'name', 'kind']).where('id', '=', ctx.actor.programId).executeTakeFirstOrThrow();
      return send(reply, ok({ ...program, policy: await programPolicyOn(deps.db, ctx.actor.programId, ctx.clock.today()) }));
    },
  );
}
