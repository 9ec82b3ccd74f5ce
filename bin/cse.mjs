#!/usr/bin/env node
// Entry point of the `cse` command: loads TypeScript sources through tsx so no build step is needed.
import { register } from 'tsx/esm/api';
register();
const { describeError, safeError } = await import('../src/kernel/safe-error.ts');
// A crash prints what went wrong, never the SQL parameters or row values a database error carries.
const crash = (err) => {
  process.stderr.write(`cse: ${describeError(err)}\n`);
  if (process.env.CSE_DEBUG_ERRORS) process.stderr.write(`${safeError(err).stack ?? ''}\n`);
  process.exit(1);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
const { main } = await import('../src/cli/main.ts');
await main(process.argv).catch(crash);
