/** Routes for sign-in, users, offices and the audit log. */
import type { App } from '../http/context.ts';
import { contextOf, SESSION_COOKIE } from '../http/context.ts';
import { commonErrors, send } from '../http/respond.ts';
import type { Deps } from '../deps.ts';
import { ok } from '../kernel/result.ts';
import { Nullable, StringEnum, Type } from '../kernel/schema.ts';
import { systemActor } from './context.ts';
import { programScope, requirePermission } from './access.ts';
import { createUserAsAdmin, listUsers, resetPassword, revokeSessions, setUserActive } from './user-admin.ts';
import { listAudit, recordAudit } from './audit.ts';
import { ROLES } from './roles.ts';
import { login, logout, SESSION_HOURS } from './users.ts';

const ActorSchema = Type.Object({
  userId: Nullable(Type.Integer()),
  username: Type.String(),
  displayName: Type.String(),
  role: StringEnum(ROLES),
  officeId: Nullable(Type.Integer()),
  personId: Nullable(Type.Integer()),
  employerId: Nullable(Type.Integer()),
});

export async function securityRoutes(app: App, deps: Deps) {
  app.post(
    '/auth/login',
    {
      config: { access: { data: 'public' }, public: true, purpose: 'sign in' },
      schema: {
        tags: ['security'],
        summary: 'Sign in with a user name and password; returns a bearer token and sets a session cookie',
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ token: Type.String(), expiresAt: Type.String({ format: 'date-time' }), user: ActorSchema }), 401: commonErrors[401] },
      },
    },
    async (request, reply) => {
      const ctx = { actor: systemActor('administrator'), purpose: 'sign in', requestId: String(request.id), clientIp: request.ip, clock: deps.clock };
      ctx.actor = { ...ctx.actor, username: request.body.username.slice(0, 64) };
      const result = await login(deps.db, ctx, request.body.username, request.body.password);
      if (!result.ok) return send(reply, result);
      const secure = process.env.CSE_SECURE_COOKIES === '1' ? '; Secure' : '';
      reply.header('set-cookie', `${SESSION_COOKIE}=${encodeURIComponent(result.value.token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_HOURS * 3600}${secure}`);
      return send(reply, ok({ token: result.value.token, expiresAt: result.value.expiresAt.toISOString(), user: { ...result.value.actor, displayName: result.value.displayName } }));
    },
  );

  app.post('/auth/logout', { config: { access: { data: 'own' } }, schema: { tags: ['security'], summary: 'End this session', response: { 204: Type.Null() } } }, async (request, reply) => {
    await logout(deps.db, contextOf(deps, request), request.sessionToken!);
    reply.header('set-cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`);
    return reply.code(204).send(null);
  });

  // Public so that a browser can ask whether it is signed in without a failed request (the pages start here).
  app.get(
    '/auth/session',
    {
      config: { access: { data: 'public' }, public: true },
      schema: {
        tags: ['security'],
        summary: 'The signed-in user (null when no valid session came with the request) and the business date',
        response: { 200: Type.Object({ user: Nullable(ActorSchema), today: Type.String({ format: 'date', description: "the program's business date (CSE_TODAY when pinned)" }) }) },
      },
    },
    async (request) => ({ user: request.actor, today: deps.clock.today() }),
  );

  app.get('/auth/me', { config: { access: { data: 'own' } }, schema: { tags: ['security'], summary: 'Who is signed in', response: { 200: ActorSchema, 401: commonErrors[401] } } }, async (request) => request.actor!);

  app.get(
    '/offices',
    {
      config: { access: { data: 'program', permission: 'case.read' } },
      schema: { tags: ['security'], summary: "Offices of the user's IV-D program (every program's for the install's administrator)", response: { 200: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), countyFips: Nullable(Type.String()) })), ...commonErrors } },
    },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      const program = ctx.actor.installAdmin ? ok(null) : await programScope(deps.db, ctx.actor);
      if (!program.ok) return send(reply, program);
      const rows = await deps.db.selectFrom('office').selectAll().$if(program.value !== null, (q) => q.where('program_id', '=', program.value!)).orderBy('code').execute();
      return rows.map((o) => ({ id: o.id, code: o.code, name: o.name, countyFips: o.county_fips }));
    },
  );

  const UserSchema = Type.Object({
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    role: StringEnum(ROLES),
    officeCode: Nullable(Type.String()),
    programCode: Type.String(),
    installAdmin: Type.Boolean(),
    active: Type.Boolean(),
    lastLoginAt: Nullable(Type.String({ format: 'date-time' })),
  });

  const UserParams = Type.Object({ userId: Type.Integer({ minimum: 1 }) });
  const SessionsEnded = Type.Object({ id: Type.Integer(), sessionsEnded: Type.Integer() });

  app.get(
    '/users',
    { config: { purpose: 'user administration', access: { data: 'program', permission: 'user.manage' } }, schema: { tags: ['security'], summary: "List the users of the administrator's program (every program's for the install's administrator)", response: { 200: Type.Array(UserSchema), ...commonErrors } } },
    async (request, reply) => send(reply, await listUsers(deps.db, contextOf(deps, request))),
  );

  app.post(
    '/users',
    {
      config: { purpose: 'user administration', access: { data: 'program', permission: 'user.manage' } },
      schema: {
        tags: ['security'],
        summary: "Create a user of the administrator's program: an office of that program, a parent of one of its cases, an employer",
        body: Type.Object(
          {
            username: Type.String({ pattern: '^[a-z0-9._-]{3,64}$' }),
            displayName: Type.String({ minLength: 1, maxLength: 100 }),
            role: StringEnum(ROLES),
            password: Type.String({ minLength: 12, maxLength: 256 }),
            officeCode: Type.Optional(Type.String({ maxLength: 20 })),
            programCode: Type.Optional(Type.String({ maxLength: 20, description: "install administrators: the new user's program" })),
            personId: Type.Optional(Type.Integer({ minimum: 1 })),
            employerId: Type.Optional(Type.Integer({ minimum: 1 })),
            installAdmin: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.Integer() }), ...commonErrors },
      },
    },
    async (request, reply) => send(reply, await createUserAsAdmin(deps.db, contextOf(deps, request), request.body), 201),
  );

  app.post(
    '/users/:userId/active',
    {
      config: { purpose: 'user administration', access: { data: 'program', permission: 'user.manage' } },
      schema: { tags: ['security'], summary: 'Disable a user (their sessions end at once) or enable them again', params: UserParams, body: Type.Object({ active: Type.Boolean() }, { additionalProperties: false }), response: { 200: Type.Object({ id: Type.Integer(), active: Type.Boolean(), sessionsEnded: Type.Integer() }), ...commonErrors } },
    },
    async (request, reply) => send(reply, await setUserActive(deps.db, contextOf(deps, request), request.params.userId, request.body.active)),
  );

  app.post(
    '/users/:userId/password',
    {
      config: { purpose: 'user administration', access: { data: 'program', permission: 'user.manage' } },
      schema: { tags: ['security'], summary: "Reset a user's password (their sessions end); common, repeated and name-bearing passwords are refused", params: UserParams, body: Type.Object({ password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }), response: { 200: SessionsEnded, ...commonErrors } },
    },
    async (request, reply) => send(reply, await resetPassword(deps.db, contextOf(deps, request), request.params.userId, request.body.password)),
  );

  app.post(
    '/users/:userId/sessions/revoke',
    { config: { purpose: 'user administration', access: { data: 'program', permission: 'user.manage' } }, schema: { tags: ['security'], summary: "End every session of a user (sign them out everywhere)", params: UserParams, response: { 200: SessionsEnded, ...commonErrors } } },
    async (request, reply) => send(reply, await revokeSessions(deps.db, contextOf(deps, request), request.params.userId)),
  );

  app.get(
    '/audit',
    {
      config: { access: { data: 'program', permission: 'audit.read' }, purpose: 'audit review' },
      schema: {
        tags: ['security'],
        summary: 'Read the audit log (auditors and administrators): who saw or changed what, when and why',
        querystring: Type.Object(
          {
            personId: Type.Optional(Type.Integer()),
            caseId: Type.Optional(Type.Integer()),
            actorUserId: Type.Optional(Type.Integer()),
            beforeId: Type.Optional(Type.Integer()),
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.Integer(),
              occurredAt: Type.String({ format: 'date-time' }),
              actorUsername: Type.String(),
              actorRole: Type.String(),
              action: Type.String(),
              entityType: Type.String(),
              entityId: Nullable(Type.String()),
              personIds: Type.Array(Type.Integer()),
              caseIds: Type.Array(Type.Integer()),
              purpose: Type.String(),
              requestId: Nullable(Type.String()),
              clientIp: Nullable(Type.String()),
            }),
          ),
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(deps, request);
      const allowed = requirePermission(ctx.actor, 'audit.read');
      if (!allowed.ok) return send(reply, allowed);
      const program = ctx.actor.installAdmin ? ok(null) : await programScope(deps.db, ctx.actor);
      if (!program.ok) return send(reply, program);
      const rows = await listAudit(deps.db, { ...request.query, programId: program.value });
      // Reading the audit log is itself audited.
      await recordAudit(deps.db, ctx, { action: 'read', entityType: 'audit_event', personIds: request.query.personId ? [request.query.personId] : [], caseIds: request.query.caseId ? [request.query.caseId] : [], detail: { returned: rows.length } });
      return rows.map((r) => ({
        id: r.id,
        occurredAt: r.occurred_at.toISOString(),
        actorUsername: r.actor_username,
        actorRole: r.actor_role,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        personIds: r.person_ids.map(Number),
        caseIds: r.case_ids.map(Number),
        purpose: r.purpose,
        requestId: r.request_id,
        clientIp: r.client_ip,
      }));
    },
  );
}
