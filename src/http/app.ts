/**
 * The HTTP server: Fastify with schema-validated routes, OpenAPI at /openapi.json, authentication on
 * every route that is not explicitly public, and one error shape.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../deps.ts';
import { describeAjvErrors, toNfc } from '../kernel/schema.ts';
import { fail, FailureError } from '../kernel/result.ts';
import { safeError } from '../kernel/safe-error.ts';
import { declarationProblem, refuseByAccess } from '../security/route-access.ts';
import { resolveSession } from '../security/users.ts';
import { contextOf, SESSION_COOKIE, type App } from './context.ts';
import { recordAudit } from '../security/audit.ts';
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

export type { App } from './context.ts';
export { contextOf, SESSION_COOKIE } from './context.ts';

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

/** Where the first NUL character is in a request part: a field path, or a line of a file. */
function findNul(value: unknown, path: string, depth = 0): { path: string; line?: number } | null {
  if (typeof value === 'string') {
    const at = value.indexOf('\u0000');
    if (at < 0) return null;
    return path ? { path } : { path: 'file', line: value.slice(0, at).split('\n').length };
  }
  if (value === null || typeof value !== 'object' || depth > 8) return null;
  for (const [k, v] of Object.entries(value)) {
    const found = findNul(v, `${path}/${k}`.replace(/^:\//, ':').replace(/^\?\//, '?'), depth + 1) ?? (k.includes('\u0000') ? { path: `${path}/…` } : null);
    if (found) return found;
  }
  return null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Origins the server answers as, besides its own Host (CSE_PUBLIC_ORIGINS: a comma-separated list, for a proxy). */
const publicOrigins = (process.env.CSE_PUBLIC_ORIGINS ?? '').split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean);

/** True when a browser request says it comes from this site (Origin, else Sec-Fetch-Site). */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (typeof origin === 'string') {
    if (publicOrigins.includes(origin.replace(/\/$/, ''))) return true;
    try {
      return new URL(origin).host === request.headers.host;
    } catch {
      return false;
    }
  }
  return request.headers['sec-fetch-site'] === 'same-origin';
}

export async function buildApp(deps: Deps, options: AppOptions = {}): Promise<App> {
  const app = Fastify({
    logger: options.logger
      ? {
          level: process.env.CSE_LOG_LEVEL ?? 'info',
          // Never log credentials or identifiers: no headers with secrets, no query strings (search terms),
          // no SQL parameters, row values or password hashes from database errors.
          redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
          serializers: {
            req: (req: FastifyRequest) => ({ method: req.method, url: req.url.split('?')[0] ?? '', id: String(req.id) }),
            err: (err: Error) => {
              const e = safeError(err);
              return { type: e.type, message: e.message, stack: e.stack ?? '', ...(e.code ? { code: e.code } : {}) };
            },
          },
        }
      : false,
    genReqId: () => randomUUID(),
    bodyLimit: 20 * 1024 * 1024,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('sessionVia', null);
  app.addSchema(ErrorSchema);

  // Every route declares whose data it touches and who may call it; a route that does not is a bug
  // found at start-up, not in production.
  const undeclared: string[] = [];
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { public?: boolean; static?: boolean; access?: Parameters<typeof declarationProblem>[1] };
    if (config.static) return;
    const problem = declarationProblem(route.url, config.access, config.public === true);
    if (problem) undeclared.push(`${route.method} ${problem}`);
  });

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
      request.actor = await resolveSession(deps.db, token);
      request.sessionToken = request.actor ? token : null;
      request.sessionVia = request.actor ? (auth?.startsWith('Bearer ') ? 'bearer' : 'cookie') : null;
    }
    if (!request.routeOptions.config.public && request.routeOptions.url !== undefined && !request.actor) {
      return sendFailure(reply, fail('UNAUTHENTICATED'));
    }
    // A change carried by the session cookie must come from this site's own pages (a forged cross-site
    // form or fetch carries the cookie too); so must a sign-in from a browser. Bearer clients are exempt.
    const unsafe = !SAFE_METHODS.has(request.method);
    if (unsafe && (request.sessionVia === 'cookie' || typeof request.headers.origin === 'string') && !sameOrigin(request)) {
      return sendFailure(reply, fail('FORBIDDEN', 'a change must come from this site: the request has no Origin of this server'));
    }
  });

  // The access layer decides before the body is read (route-access.ts).
  app.addHook('preValidation', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (!access || request.routeOptions.config.static) return;
    const refused = await refuseByAccess(deps.db, request.actor, access, request);
    if (refused) {
      // A refusal is audited like a read: who tried which record on which route, and why it was refused.
      if (request.actor) {
        await recordAudit(deps.db, contextOf(deps, request), {
          action: 'access_denied',
          entityType: refused.resource?.kind ?? 'route',
          entityId: refused.resource?.key ?? null,
          detail: { outcome: refused.resource ? 'not found or not permitted' : 'role not permitted', route: `${request.method} ${request.routeOptions.url}` },
        });
      }
      return sendFailure(reply, refused.failure);
    }
    // No field, search term or file may carry a NUL character (the database refuses it in text).
    const nul = findNul(request.params, ':') ?? findNul(request.query, '?') ?? findNul(request.body, '');
    if (nul) return sendFailure(reply, fail('VALIDATION_FAILED', undefined, [{ ...nul, message: 'contains a NUL character (\\u0000), which no field or file may hold' }]));
    // Names typed in NFD (a letter and a combining accent) are the same names as in NFC. Files keep their
    // bytes (their readers validate with validatorFor, which does the same).
    if (request.body !== null && typeof request.body === 'object') toNfc(request.body);
    toNfc(request.query);
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
    request.log.error({ err: safeError(error) }, 'unhandled error');
    if (process.env.CSE_DEBUG_ERRORS) console.error(safeError(error));
    return sendFailure(reply, fail('INTERNAL'));
  });

  app.setNotFoundHandler((request, reply) => sendFailure(reply, fail('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)));

  app.get('/openapi.json', { config: { public: true, access: { data: 'public' } }, schema: { hide: true } }, async () => app.swagger());
  app.get('/health', { config: { public: true, access: { data: 'public' } }, schema: { hide: true } }, async () => ({ status: 'ok' }));

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
  if (undeclared.length) throw new Error(`routes without a sound access declaration:\n${undeclared.join('\n')}`);
  return app;
}
