// The real Fastify app on loopback for the benchmark's HTTP load (a separate process from the load clients).
// GET /__bench/stats (this process only, not the app) gives the figures the load does not distort: HTTP
// requests answered, SQL statements sent (every round trip, begin/commit included) and this process's CPU.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import pg from 'pg';
import { openSystem } from '../src/system.ts';
import { buildApp } from '../src/http/app.ts';

let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

const system = await openSystem();
const app = await buildApp(system.deps, { logger: false });
let requests = 0;
app.get('/__bench/stats', { config: { public: true }, schema: { hide: true } }, async () => {
  const cpu = process.cpuUsage();
  return { pid: process.pid, requests, statements, cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000 };
});
app.server.on('request', (req: { url?: string }) => {
  if (req.url?.startsWith('/api/')) requests++;
});
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
// CSE_BENCH_PROFILE=file.cpuprofile: a CPU profile of this process, written when it is stopped.
const profileFile = process.env.CSE_BENCH_PROFILE;
const inspector = profileFile ? new Session() : null;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
}
process.once('SIGTERM', async () => {
  if (inspector) writeFileSync(profileFile!, JSON.stringify((await inspector.post('Profiler.stop')).profile));
  await app.close();
  await system.close();
  process.exit(0);
});
