/** The browser pages (placeholder until the workstation lands): a plain page that says where the API is. */
import type { App } from '../http/app.ts';
import type { Deps } from '../deps.ts';

export async function uiRoutes(app: App, _deps: Deps) {
  app.get('/', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    reply.type('text/html; charset=utf-8');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>OpenCSE</title></head>
<body><main><h1>OpenCSE</h1><p>The API is at <a href="/openapi.json">/openapi.json</a>.</p></main></body></html>`;
  });
}
