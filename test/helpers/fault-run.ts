// Shared by the fault tests: the child-process fault tool (seed, check) and a CLI run that can be killed.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs test/helpers/fault-tool.ts with `args`; returns the JSON of its last output line. */
export function faultTool(env: NodeJS.ProcessEnv, args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/helpers/fault-tool.ts'), ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`fault-tool ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** Runs `cse <args>`; kills it with SIGKILL after `killAfterMs` (if given). Resolves with the exit. */
export function killableCli(env: NodeJS.ProcessEnv, args: string[], killAfterMs?: number): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/cse.mjs'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}
