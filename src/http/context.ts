/**
 * What a module's routes need from the HTTP layer, in a module of its own so that route files do not import
 * the app that imports them: the app's type, the session cookie's name, the route configuration (public,
 * purpose, and the access declaration every route makes) and the audited request context.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../deps.ts';
import { fail, FailureError } from '../kernel/result.ts';
import type { Actor, RequestContext } from '../security/context.ts';
import type { RouteAccess } from '../security/route-access.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: (Actor & { displayName: string }) | null;
    sessionToken: string | null;
    /** How the session came: a bearer header (an API client) or the cookie (a browser). */
    sessionVia: 'bearer' | 'cookie' | null;
  }
  interface FastifyContextConfig {
    /** Routes are private unless marked public. */
    public?: boolean;
    /** Why data is used on this route, for the audit log; a client may narrow it with x-cse-purpose. */
    purpose?: string;
    /** The browser app's files: public, and no session lookup for each asset. */
    static?: boolean;
    /**
     * Whose data the route reads or writes and who may call it; the access layer enforces it before the
     * handler runs. Every /api route declares one (the app refuses to start otherwise).
     */
    access?: RouteAccess;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type App = FastifyInstance<any, any, any, any, TypeBoxTypeProvider>;

export const SESSION_COOKIE = 'cse_session';

/** The audited request context of an authenticated request. */
export function contextOf(deps: Deps, request: FastifyRequest): RequestContext {
  if (!request.actor) throw new FailureError(fail('UNAUTHENTICATED'));
  const header = request.headers['x-cse-purpose'];
  const purpose = typeof header === 'string' && header.trim() ? header.trim().slice(0, 120) : (request.routeOptions.config.purpose ?? 'case management');
  return { actor: request.actor, purpose, requestId: String(request.id), clientIp: request.ip, clock: deps.clock };
}
