// The real Fastify app on loopback for the benchmark's HTTP load (a separate process from the load clients).
import { openSystem } from '../src/system.ts';
import { buildApp } from '../src/http/app.ts';

const system = await openSystem();
const app = await buildApp(system.deps, { logger: false });
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
process.once('SIGTERM', async () => {
  await app.close();
  await system.close();
  process.exit(0);
});
