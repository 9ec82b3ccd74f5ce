/**
 * The HTTP server: Fastify with schema-validated routes, OpenAPI at /openapi.json, authentication on
 * every route that is not explicitly public, and one error shape.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../deps.ts';
import { describeAjvErrors } from '../kernel/schema.ts';
import { fail, FailureError } from '../kernel/result.ts';
import type { Actor, RequestContext } from '../security/context.ts';
import { resolveSession } from '../security/users.ts';
import { ErrorSchema, failureBody, sendFailure } from './respond.ts';
import { securityRoutes } from '../security/routes.ts';
import { participantRoutes } from '../participants/routes.ts';
import { caseRoutes } from '../cases/routes.ts';
import { portalRoutes } from '../portal/routes.ts';
import { financialRoutes } from '../financial/routes.ts';
import { establishmentRoutes } from '../establishment/routes.ts';
import { uiRoutes } from '../ui/routes.ts';
import { enforcementRoutes } from '../enforcement/routes.ts';
import { caseManagementRoutes } from '../casework/routes.ts';
import { locateRoutes } from '../locate/routes.ts';
import { interstateRoutes } from '../interstate/routes.ts';
import { fraudRoutes } from '../fraud/routes.ts';
import { tribalRoutes } from '../tribal/routes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: (Actor & { displayName: string }) | null;
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    /** Routes are private unless marked public. */
    public?: boolean;
    /** Why data is used on this route, for the audit log; a client may narrow it with x-cse-purpose. */
    purpose?: string;
    /** The browser app's files: public, and no session lookup for each asset. */
    static?: boolean;
  }
}

export type App = FastifyInstance<any, any, any, any, TypeBoxTypeProvider>;

export const SESSION_COOKIE = 'cse_session';

export interface AppOptions {
  logger?: boolean;
  /** Folder of the built browser app (tests point it elsewhere); dist/ui by default. */
  uiDist?: string;
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** The audited request context of an authenticated request. */
export function contextOf(deps: Deps, request: FastifyRequest): RequestContext {
  if (!request.actor) throw new FailureError(fail('UNAUTHENTICATED'));
  const header = request.headers['x-cse-purpose'];
  const purpose = typeof header === 'string' && header.trim() ? header.trim().slice(0, 120) : (request.routeOptions.config.purpose ?? 'case management');
  return { actor: request.actor, purpose, requestId: String(request.id), clientIp: request.ip, clock: deps.clock };
}

export async function buildApp(deps: Deps, options: AppOptions = {}): Promise<App> {
  const app = Fastify({
    logger: options.logger
      ? {
          level: process.env.CSE_LOG_LEVEL ?? 'info',
          // Never log credentials or identifiers.
          redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        }
      : false,
    genReqId: () => randomUUID(),
    bodyLimit: 20 * 1024 * 1024,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.addSchema(ErrorSchema);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'OpenCSE API', version: '0.1.0', description: 'Child support enforcement (IV-D) system API. Money is in cents or decimal strings; dates are YYYY-MM-DD.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });

  for (const type of ['text/csv', 'text/plain', 'application/x-ndjson']) {
    app.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => done(null, body));
  }

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    if (request.routeOptions.config.static) return;
    const auth = request.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : readCookie(request.headers.cookie, SESSION_COOKIE);
    if (token) {
      request.actor = await resolveSession(deps.db, token, deps.clock.now());
      request.sessionToken = request.actor ? token : null;
    }
    if (!request.routeOptions.config.public && request.routeOptions.url !== undefined && !request.actor) {
      return sendFailure(reply, fail('UNAUTHENTICATED'));
    }
  });

  app.setErrorHandler((error: any, request, reply) => {
    if (error instanceof FailureError) return sendFailure(reply, error.failure);
    if (error.validation) {
      const where = error.validationContext === 'querystring' ? '?' : error.validationContext === 'params' ? ':' : '';
      const details = describeAjvErrors(error.validation).map((d) => ({ ...d, path: where + d.path }));
      return sendFailure(reply, fail('VALIDATION_FAILED', undefined, details));
    }
    if (error.statusCode && error.statusCode < 500) {
      return reply.code(error.statusCode).send(failureBody(fail('VALIDATION_FAILED', error.message)));
    }
    request.log.error({ err: error }, 'unhandled error');
    if (process.env.CSE_DEBUG_ERRORS) console.error(error);
    return sendFailure(reply, fail('INTERNAL'));
  });

  app.setNotFoundHandler((request, reply) => sendFailure(reply, fail('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)));

  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  app.get('/health', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));

  await app.register(async (api) => {
    await securityRoutes(api as App, deps);
    await participantRoutes(api as App, deps);
    await caseRoutes(api as App, deps);
    await portalRoutes(api as App, deps);
    await financialRoutes(api as App, deps);
    await enforcementRoutes(api as App, deps);
    await establishmentRoutes(api as App, deps);
    await caseManagementRoutes(api as App, deps);
    await locateRoutes(api as App, deps);
    await interstateRoutes(api as App, deps);
    await tribalRoutes(api as App, deps);
    await fraudRoutes(api as App, deps);
  }, { prefix: '/api' });
  await uiRoutes(app, deps, options.uiDist ? { dist: options.uiDist } : {});
  return app;
}
