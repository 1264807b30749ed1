/**
 * The built bundles, not the sources: the preload must run in a sandbox that
 * can require only 'electron', and every module the main bundle leaves
 * external must resolve from node_modules (what `npm start` relies on).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { META_CONTENT_SECURITY_POLICY } from '../electron/main/csp';
import { callNames, methodPath } from '../shared/ipc/contract';
import { ensureCspMeta, requiredModules } from './build.mjs';

const root = path.resolve(import.meta.dirname, '..');
let out: string;

beforeAll(() => {
  out = mkdtempSync(path.join(tmpdir(), 'thaw-build-'));
  execFileSync(process.execPath, ['scripts/build.mjs', '--out', out, 'main', 'preload'], { cwd: root, stdio: 'pipe' });
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

const requires = requiredModules;

describe('out/preload/index.cjs', () => {
  it('requires nothing but electron, and carries no schema library', () => {
    const code = readFileSync(path.join(out, 'preload', 'index.cjs'), 'utf8');
    expect(requires(code)).toEqual(['electron']);
    expect(code).not.toMatch(/ZodObject|safeParse/);
    expect(code.length).toBeLessThan(64 * 1024);
  });

  it('runs in a sandbox-like context (require limited to electron, no Node globals) and exposes window.thaw and window.thawFiles', () => {
    const code = readFileSync(path.join(out, 'preload', 'index.cjs'), 'utf8');
    const exposed = new Map<string, unknown>();
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, data: null }),
        on: () => undefined,
        removeListener: () => undefined,
      },
      webUtils: { getPathForFile: () => '' },
    };
    const sandboxRequire = (name: string) => {
      if (name === 'electron') return electron;
      throw new Error(`module not found: ${name}`);
    };
    const module = { exports: {} };
    const context = vm.createContext({ require: sandboxRequire, module, exports: module.exports, console });
    const started = performance.now();
    vm.runInContext(code, context, { filename: 'preload/index.cjs' });
    const elapsed = performance.now() - started;
    // The contract, and the one helper for dropped files (electron/preload/files.ts).
    expect([...exposed.keys()]).toEqual(['thaw', 'thawFiles']);
    expect(Object.keys(exposed.get('thawFiles') as object)).toEqual(['planDroppedUpload']);
    const api = exposed.get('thaw') as Record<string, Record<string, (input?: unknown) => unknown>>;
    const expected: Record<string, string[]> = {};
    for (const channel of callNames) {
      const [domain, method] = methodPath(channel);
      (expected[domain] ??= []).push(method);
    }
    expect(Object.keys(api).sort()).toEqual([...Object.keys(expected), 'on'].sort());
    for (const [domain, methods] of Object.entries(expected)) expect(Object.keys(api[domain]!).sort()).toEqual(methods.sort());
    const [domain, method] = methodPath(callNames[0]!);
    void api[domain]![method]!();
    expect(invoked).toEqual([[callNames[0], {}]]);
    // The preload carries channel names, not zod schemas; evaluating it must not delay first paint.
    expect(elapsed).toBeLessThan(50);
    console.log(`preload bundle evaluated in ${elapsed.toFixed(1)} ms`);
  });
});

describe('out/main/index.cjs', () => {
  it('leaves only electron, Node built-ins and installed production dependencies external', () => {
    const code = readFileSync(path.join(out, 'main', 'index.cjs'), 'utf8');
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const requireFromRoot = createRequire(path.join(root, 'package.json'));
    for (const name of requires(code)) {
      if (name === 'electron' || name.startsWith('node:')) continue;
      const pkgName = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]!;
      // Production dependencies are what electron-builder ships; @smithy/* come with the AWS SDK.
      expect(Object.hasOwn(pkg.dependencies, pkgName) || pkgName.startsWith('@smithy/'), name).toBe(true);
      expect(() => requireFromRoot.resolve(name), name).not.toThrow();
    }
  });

  it('loads with a fake electron, starts Thaw, and leaves the AWS SDK unloaded until the core is needed', () => {
    // Runs the bundle in a child Node with 'electron' faked; records every module it requires at load.
    const harness = `
      const Module = require('node:module');
      const load = Module._load;
      const seen = [];
      const calls = [];
      const rec = (name) => () => { calls.push(name); };
      const app = { isPackaged: false, on: rec('app.on'), setPath: rec('setPath'), getPath: () => '/tmp', getVersion: () => '0',
        requestSingleInstanceLock: () => (calls.push('lock'), true), enableSandbox: rec('enableSandbox'), quit: rec('quit'), exit: rec('exit'),
        whenReady: () => new Promise(() => {}) };
      const electron = { app, protocol: { registerSchemesAsPrivileged: rec('registerSchemesAsPrivileged') } };
      Module._load = function (request, ...rest) {
        seen.push(request);
        return request === 'electron' ? electron : load.call(this, request, ...rest);
      };
      require(process.argv[1]);
      process.stdout.write(JSON.stringify({ seen, calls }));
    `;
    const output = execFileSync(process.execPath, ['-e', harness, path.join(out, 'main', 'index.cjs')], { cwd: root, encoding: 'utf8' });
    const { seen, calls } = JSON.parse(output) as { seen: string[]; calls: string[] };
    expect(calls).toEqual(expect.arrayContaining(['lock', 'registerSchemesAsPrivileged', 'enableSandbox']));
    expect(seen.filter((m) => m.startsWith('@aws-sdk/') || m.startsWith('@smithy/'))).toEqual([]);
  });

  it('keeps electron external and bundles the app code', () => {
    const code = readFileSync(path.join(out, 'main', 'index.cjs'), 'utf8');
    expect(requires(code)).toContain('electron');
    expect(code).toContain('registerSchemesAsPrivileged');
    expect(code).toContain('ForbiddenSender');
  });
});

describe('ensureCspMeta', () => {
  const csp = META_CONTENT_SECURITY_POLICY;

  it('inserts the meta tag right after <head> when the page has none', () => {
    const html = ensureCspMeta('<!doctype html><html><head><title>T</title></head></html>', csp);
    expect(html).toContain(`<head>\n    <meta http-equiv="Content-Security-Policy" content="${csp}" />`);
  });

  it('accepts an identical policy even when wrapped over several lines', () => {
    const html = `<head><meta\n  http-equiv="Content-Security-Policy"\n  content="${csp.replaceAll('; ', ';\n   ')}"\n/></head>`;
    expect(ensureCspMeta(html, csp)).toBe(html);
  });

  it('refuses a weaker policy and a second policy', () => {
    const weak = `<head><meta http-equiv="Content-Security-Policy" content="${csp.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'")}"></head>`;
    expect(() => ensureCspMeta(weak, csp)).toThrow(/differs/);
    const twice = `<head><meta http-equiv="Content-Security-Policy" content="${csp}"><meta http-equiv="content-security-policy" content="${csp}"></head>`;
    expect(() => ensureCspMeta(twice, csp)).toThrow(/more than one/);
  });

  it('the committed renderer/index.html carries exactly this policy', () => {
    const html = readFileSync(path.join(root, 'renderer', 'index.html'), 'utf8');
    expect(ensureCspMeta(html, csp)).toBe(html);
  });
});
