#!/usr/bin/env node
// Runs the whole test suite with node's test runner (through tsx for TypeScript).
// On PGlite it first builds one migrated database and saves it, so each test file starts from a copy
// instead of creating and migrating a database of its own. With DATABASE_URL set, each test file makes
// its own database on that server and drops it afterwards.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const selected = args.filter((a) => !a.startsWith('--'));

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

let files = findTests(join(root, 'test')).map((f) => relative(root, f)).sort();
if (selected.length) files = files.filter((f) => selected.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error('no test files match');
  process.exit(1);
}

const env = { ...process.env, CSE_TEST: '1' };
// The browser tests drive the built app: build it first when its sources changed (a no-op otherwise).
if (files.some((f) => f.split(/[\\/]/).includes('browser'))) {
  const built = spawnSync(process.execPath, ['bin/cse.mjs', 'ui', 'build'], { cwd: root, env, stdio: 'inherit' });
  if (built.status !== 0) {
    console.error('building the browser app failed');
    process.exit(built.status ?? 1);
  }
}
if (!env.DATABASE_URL) {
  const snap = spawnSync(process.execPath, ['--import', 'tsx', 'test/helpers/make-snapshot.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  if (snap.status !== 0) process.exit(snap.status ?? 1);
  env.CSE_TEST_SNAPSHOT = snap.stdout.toString().trim();
}
console.log(`# ${files.length} test files on ${env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`);
const concurrency = process.env.CSE_TEST_CONCURRENCY ?? '2';
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, ...files], { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
