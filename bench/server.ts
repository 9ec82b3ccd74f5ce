// The real Fastify app on loopback for the benchmark's HTTP load (a separate process from the load clients).
// GET /__bench/stats (bench server only, not the app) gives the figures the load does not distort: HTTP
// requests answered, SQL statements sent (every round trip, begin/commit included) and the server's CPU.
// CSE_BENCH_WORKERS=N runs N server processes (node:cluster) sharing the port; the stats are their sums
// plus the primary process that hands out the connections.
import cluster from 'node:cluster';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import pg from 'pg';

interface Stats {
  requests: number;
  statements: number;
  cpuUserMs: number;
  cpuSystemMs: number;
}

const workers = Number(process.env.CSE_BENCH_WORKERS ?? 1);

if (workers > 1 && cluster.isPrimary) {
  const ports: number[] = [];
  const pending = new Map<number, { from: number; left: number; sum: Stats }>();
  let nextAsk = 1;
  for (let i = 0; i < workers; i++) cluster.fork();
  for (const worker of Object.values(cluster.workers!)) {
    worker!.on('message', (m: { type: string; port?: number; ask?: number; stats?: Stats }) => {
      if (m.type === 'listening') {
        ports.push(m.port!);
        if (ports.length === workers) process.stdout.write(`listening ${ports[0]}\n`);
      } else if (m.type === 'stats?') {
        const ask = nextAsk++;
        const cpu = process.cpuUsage();
        pending.set(ask, { from: worker!.id, left: workers, sum: { requests: 0, statements: 0, cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000 } });
        for (const w of Object.values(cluster.workers!)) w!.send({ type: 'stats-req', ask, reply: m.ask });
      } else if (m.type === 'stats-part') {
        const p = pending.get(m.ask!)!;
        for (const k of ['requests', 'statements', 'cpuUserMs', 'cpuSystemMs'] as const) p.sum[k] += m.stats![k];
        if (--p.left === 0) {
          pending.delete(m.ask!);
          cluster.workers![p.from]!.send({ type: 'stats', stats: p.sum, reply: (m as { reply?: number }).reply });
        }
      }
    });
  }
  process.once('SIGTERM', () => {
    for (const w of Object.values(cluster.workers!)) w!.process.kill('SIGTERM');
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers!).length === 0) process.exit(0);
    });
  });
} else {
  await serve();
}

async function serve(): Promise<void> {
  const { openSystem } = await import('../src/system.ts');
  const { buildApp } = await import('../src/http/app.ts');
  let statements = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;

  const system = await openSystem();
  const app = await buildApp(system.deps, { logger: false });
  let requests = 0;
  const own = (): Stats => {
    const cpu = process.cpuUsage();
    return { requests, statements, cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000 };
  };
  const waiting = new Map<number, (s: Stats) => void>();
  let nextAsk = 1;
  if (cluster.isWorker) {
    process.on('message', (m: { type: string; ask?: number; reply?: number; stats?: Stats }) => {
      if (m.type === 'stats-req') process.send!({ type: 'stats-part', ask: m.ask, reply: m.reply, stats: own() });
      else if (m.type === 'stats') {
        waiting.get(m.reply!)?.(m.stats!);
        waiting.delete(m.reply!);
      }
    });
  }
  app.get('/__bench/stats', { config: { public: true }, schema: { hide: true } }, async () => {
    if (!cluster.isWorker) return { pid: process.pid, ...own() };
    const ask = nextAsk++;
    return new Promise<Stats>((resolve) => {
      waiting.set(ask, resolve);
      process.send!({ type: 'stats?', ask });
    });
  });
  app.server.on('request', (req: { url?: string }) => {
    if (req.url?.startsWith('/api/')) requests++;
  });
  await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  if (cluster.isWorker) process.send!({ type: 'listening', port });
  else process.stdout.write(`listening ${port}\n`);
  // CSE_BENCH_PROFILE=file.cpuprofile: a CPU profile of this process, written when it is stopped.
  const profileFile = cluster.isWorker ? undefined : process.env.CSE_BENCH_PROFILE;
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
}
