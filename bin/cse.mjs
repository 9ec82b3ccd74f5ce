#!/usr/bin/env node
// Entry point of the `cse` command: loads TypeScript sources through tsx so no build step is needed.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
