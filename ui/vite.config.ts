/**
 * Vite build of the browser app into dist/ui. Every asset (USWDS fonts and icons included) is emitted
 * as a file rather than inlined as a data: URL, so the server's Content-Security-Policy can allow only
 * 'self'. `npx vite --config ui/vite.config.ts` runs a development server that forwards /api to a
 * server started with `npm start`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/ui', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1000,
    reportCompressedSize: false,
    // The USWDS stylesheet is large; how long its transform takes is not news on every build.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': 'http://127.0.0.1:3000', '/openapi.json': 'http://127.0.0.1:3000' },
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
  },
});
