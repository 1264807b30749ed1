/**
 * Before any spec: make sure `out/renderer` exists and is newer than its sources.
 *
 * `npm run test:e2e` builds first, so this normally does nothing; it saves a
 * confusing failure when someone runs `npx playwright test` after editing the
 * renderer. It only ever builds with Vite (no browser or Electron download).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { rendererOutDir, repoRoot } from './paths';

const SOURCES = ['renderer', 'shared'];
const SKIP = /(\.test\.tsx?$)|(^|\/)node_modules(\/|$)/;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    if (SKIP.test(full)) continue;
    newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Rebuilds the renderer when it is missing or stale. */
export default async function globalSetup(): Promise<void> {
  const index = join(rendererOutDir, 'index.html');
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sourcesAt = Math.max(...SOURCES.map((d) => newestMtime(join(repoRoot, d))));
  if (builtAt >= sourcesAt) return;
  console.log(builtAt === 0 ? 'e2e: building the renderer (out/renderer is missing)…' : 'e2e: rebuilding the renderer (sources changed)…');
  await build({ configFile: join(repoRoot, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
}
