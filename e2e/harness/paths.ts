/**
 * Where the harness finds things, independent of the current directory.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** The built renderer (`vite build --config renderer/vite.config.ts`). */
export const rendererOutDir = join(repoRoot, 'out', 'renderer');
/** Screenshots saved by specs; gitignored. */
export const artifactsDir = join(repoRoot, 'e2e', 'artifacts');
/** The Electron main bundle `npm start` runs. */
export const mainBundle = join(repoRoot, 'out', 'main', 'index.cjs');
