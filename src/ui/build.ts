/**
 * Building the browser app with Vite's API. `npm start`, `cse serve` and the test runner call
 * ensureUiBuilt(), which builds only when the sources changed since the last build: a hash of the app's
 * sources (and of what they import from the server and the lock file) is kept next to the output.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT, UI_DIST, UI_ROOT } from './paths.ts';

/**
 * Server files the app imports (types are erased; roles.ts is bundled for the permission checks, the
 * timeframe rules for the worklist's clock names and lengths).
 */
const SHARED_INPUTS = ['src/security/roles.ts', 'src/casework/timeframe-rules.ts', 'src/kernel/calendar.ts', 'package-lock.json'];
const BUILD_INFO = join(REPO_ROOT, 'dist', 'ui-build.json');

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}

export function uiSourceHash(): string {
  const hash = createHash('sha256');
  const files = [...listFiles(UI_ROOT), ...SHARED_INPUTS.map((f) => join(REPO_ROOT, f)).filter((f) => existsSync(f))];
  for (const file of files.map((f) => relative(REPO_ROOT, f).split('\\').join('/')).sort()) {
    hash.update(file).update('\0').update(readFileSync(join(REPO_ROOT, file))).update('\0');
  }
  return hash.digest('hex');
}

export type UiBuildState = 'missing' | 'stale' | 'fresh';

export function uiBuildState(): UiBuildState {
  if (!existsSync(join(UI_DIST, 'index.html')) || !existsSync(BUILD_INFO)) return 'missing';
  try {
    const info = JSON.parse(readFileSync(BUILD_INFO, 'utf8')) as { sourceHash?: string };
    return info.sourceHash === uiSourceHash() ? 'fresh' : 'stale';
  } catch {
    return 'stale';
  }
}

export async function buildUi(options: { quiet?: boolean } = {}): Promise<void> {
  const sourceHash = uiSourceHash();
  // Vite is loaded only when a build is needed, so the server itself does not pay for it.
  const { build } = await import('vite');
  await build({ configFile: join(UI_ROOT, 'vite.config.ts'), logLevel: options.quiet ? 'warn' : 'info' });
  writeFileSync(BUILD_INFO, JSON.stringify({ sourceHash, builtAt: new Date().toISOString() }, null, 2) + '\n');
}

/** Builds the app unless the last build is of the current sources. */
export async function ensureUiBuilt(options: { force?: boolean; quiet?: boolean; log?: (m: string) => void } = {}): Promise<'built' | 'fresh'> {
  const state = options.force ? 'stale' : uiBuildState();
  if (state === 'fresh') return 'fresh';
  options.log?.(state === 'missing' ? 'building the browser app (first run)…' : 'the browser app changed: rebuilding…');
  await buildUi({ quiet: options.quiet ?? false });
  return 'built';
}
