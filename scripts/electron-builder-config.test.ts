/**
 * electron-builder.yml is checked against electron-builder's own schema and
 * Thaw's packaging requirements, since `npm run dist` cannot run here (no
 * Electron download).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
// Resolve electron-builder's own dependencies from where it lives.
const builderRequire = createRequire(createRequire(path.join(root, 'package.json')).resolve('electron-builder/package.json'));
const yaml = builderRequire('js-yaml') as { load(text: string): unknown };
const appBuilderRequire = createRequire(builderRequire.resolve('app-builder-lib/package.json'));
const { validateConfiguration } = appBuilderRequire('./out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = appBuilderRequire('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

type Targets = { target: string[] };
interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asar: boolean;
  linux: Targets;
  mac: Targets;
  win: Targets;
  electronFuses: Record<string, boolean>;
  [key: string]: unknown;
}

const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('the validation is real: an unknown key is rejected', async () => {
    await expect(validateConfiguration({ ...structuredClone(config), notAnOption: true }, new DebugLogger(false))).rejects.toThrow(/configuration/i);
  });

  it('names the app, packs out/** and package.json into an asar', () => {
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    expect(config.productName).toBe('Thaw');
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(config.asar).toBe(true);
  });

  it('builds AppImage + deb, dmg and nsis', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('turns off the fuses that let anyone run the binary as plain Node', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
  });

  it('matches package.json: the main entry is inside out/', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(pkg.main).toBe('out/main/index.cjs');
    expect(pkg.scripts.dist).toContain('electron-builder.yml');
  });
});
