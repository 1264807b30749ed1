/**
 * Finds an Electron runtime to launch, without ever downloading one.
 *
 * Electron 45's npm package fetches its runtime on first launch. Its
 * `require('electron')` even starts that download when `dist/` is missing, so
 * this module never requires it: it reads the package's `path.txt` and checks
 * the file on disk, or honours `ELECTRON_OVERRIDE_DIST_PATH` the same way the
 * package does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths';

/** Either the executable to launch, or why there is none. */
export type ElectronBinary = { found: true; path: string; source: string } | { found: false; reason: string };

const PLATFORM_EXE: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'electron',
  win32: 'electron.exe',
  darwin: 'Electron.app/Contents/MacOS/Electron',
};

/** Looks for the runtime; `env` and `root` are parameters for tests. */
export function findElectronBinary(env: NodeJS.ProcessEnv = process.env, root: string = repoRoot): ElectronBinary {
  const pkgDir = join(root, 'node_modules', 'electron');
  const pathTxt = join(pkgDir, 'path.txt');
  const exe = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : PLATFORM_EXE[process.platform];
  const ci = env.CI === 'true' || env.CI === '1';
  const ciNote = ci
    ? ' Under CI=true this is expected: the runtime cannot exist there, because it is downloaded on first launch from outside the npm registry, which CI cannot reach.'
    : '';

  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = join(override, exe ?? 'electron');
    if (existsSync(candidate)) return { found: true, path: candidate, source: 'ELECTRON_OVERRIDE_DIST_PATH' };
    return { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set but ${candidate} does not exist.${ciNote}` };
  }
  if (exe && existsSync(pathTxt)) {
    const candidate = join(pkgDir, 'dist', exe);
    if (existsSync(candidate)) return { found: true, path: candidate, source: 'node_modules/electron/dist' };
  }
  return {
    found: false,
    reason:
      'no ELECTRON_OVERRIDE_DIST_PATH and no runtime in node_modules/electron/dist (Electron fetches it on first launch, ' +
      `which needs network beyond the npm registry). Set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron to run this project.${ciNote}`,
  };
}
