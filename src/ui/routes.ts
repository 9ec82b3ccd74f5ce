/**
 * The browser app (caseworker workstation and the parent and employer portals), built by Vite into
 * dist/ui and served here: hashed assets cached for a year, index.html never cached, any other path
 * that is not the API answered with index.html so the app's own router can show it, and a
 * Content-Security-Policy that lets the pages load only from this server.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../http/context.ts';
import type { Deps } from '../deps.ts';
import { fail } from '../kernel/result.ts';
import { sendFailure } from '../http/respond.ts';
import { UI_DIST } from './paths.ts';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.map', '.txt']);

interface StaticFile {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
}

/** Paths that belong to the server, never to the app's router. */
function isServerPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/openapi.json' || path === '/health';
}

export async function uiRoutes(app: App, _deps: Deps, options: { dist?: string } = {}) {
  const dist = options.dist ?? UI_DIST;
  // Hashed assets never change under their name, so they are read once; index.html is read each time
  // so that a rebuild is picked up without a restart.
  const cache = new Map<string, StaticFile>();

  const load = (file: string, cacheable: boolean): StaticFile | null => {
    const hit = cache.get(file);
    if (hit) return hit;
    let body: Buffer;
    try {
      if (!statSync(file).isFile()) return null;
      body = readFileSync(file);
    } catch {
      return null;
    }
    const ext = extname(file).toLowerCase();
    const entry: StaticFile = { body, gzip: COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body) : null, type: CONTENT_TYPES[ext] ?? 'application/octet-stream' };
    if (cacheable) cache.set(file, entry);
    return entry;
  };

  const sendFile = (request: FastifyRequest, reply: FastifyReply, file: StaticFile, cacheControl: string) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('cache-control', cacheControl);
    reply.header('vary', 'accept-encoding');
    reply.type(file.type);
    const accepts = String(request.headers['accept-encoding'] ?? '');
    if (file.gzip && /\bgzip\b/.test(accepts)) {
      reply.header('content-encoding', 'gzip');
      return reply.send(file.gzip);
    }
    return reply.send(file.body);
  };

  const notBuilt = (reply: FastifyReply) => {
    reply.code(503).header('content-security-policy', CONTENT_SECURITY_POLICY).header('cache-control', 'no-store').type('text/html; charset=utf-8');
    return reply.send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>OpenCSE</title></head>
<body><main><h1>OpenCSE</h1><p>The browser app is not built yet. Run <code>npm run build:ui</code> (or <code>npm start</code>, which builds it), then reload.</p>
<p>The API is described at <a href="/openapi.json">/openapi.json</a>.</p></main></body></html>`);
  };

  app.get('/*', { config: { public: true, static: true }, schema: { hide: true } }, async (request, reply) => {
    let path: string;
    try {
      path = decodeURIComponent(request.url.split('?')[0]!);
    } catch {
      return sendFailure(reply, fail('NOT_FOUND'));
    }
    if (isServerPath(path)) return sendFailure(reply, fail('NOT_FOUND', `no route GET ${path}`));
    const index = join(dist, 'index.html');
    if (path !== '/' && path !== '/index.html') {
      const relative = normalize(path).replace(/^([/\\])+/, '');
      const file = join(dist, relative);
      if (path.includes('\0') || !file.startsWith(dist + sep)) return sendFailure(reply, fail('NOT_FOUND'));
      const immutable = relative.startsWith(`assets${sep}`);
      const found = load(file, immutable);
      if (found) return sendFile(request, reply, found, immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
      // A missing file (a name with an extension) is a 404; anything else is a page of the app.
      if (extname(path)) return sendFailure(reply, fail('NOT_FOUND', `no file ${path}`));
    }
    if (!existsSync(index)) return notBuilt(reply);
    const page = load(index, false);
    if (!page) return notBuilt(reply);
    return sendFile(request, reply, page, 'no-cache');
  });
}
