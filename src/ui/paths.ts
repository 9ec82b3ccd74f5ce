/** Where the browser app's sources are and where Vite writes the built files. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/[/\\]$/, '');
export const UI_ROOT = join(REPO_ROOT, 'ui');
export const UI_DIST = join(REPO_ROOT, 'dist', 'ui');
