#!/usr/bin/env node
// Benchmark entry point: loads the TypeScript benchmark through tsx (see bench/README.md).
import { register } from 'tsx/esm/api';
register();
const { main } = await import('./bench.ts');
await main(process.argv.slice(2));
