/**
 * Tests of the harness itself, so a broken harness cannot pass specs by accident:
 * the static server's CSP and path handling, the Electron binary finder, and
 * the bridged page's `window.thaw` (contract methods only, read-only, events
 * delivered, every crossing recorded). Chromium project only.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callNames, eventNames, methodPath } from '../shared/ipc/contract';
import { expect, test } from './fixtures';
import { findElectronBinary } from './harness/electron-binary';
import { findSecretLeaks } from './harness/ipc-log';
import { rendererOutDir } from './harness/paths';
import { cspFromHtml, startStaticServer } from './harness/static-server';

test.skip(({ runtime }) => runtime !== 'chromium', 'Harness checks run once, in the chromium project.');

test.describe('static server', () => {
  test('sends the CSP of the built index.html as a header and refuses escapes', async () => {
    const server = await startStaticServer(rendererOutDir);
    try {
      const index = await fetch(server.url);
      expect(index.status).toBe(200);
      const html = await index.text();
      expect(index.headers.get('content-security-policy')).toBe(cspFromHtml(html));
      expect(server.csp).toContain("script-src 'self'");
      expect(server.csp).not.toContain('unsafe-eval');
      // The CSP allows no inline script, so the build must not emit one (Vite's modulepreload polyfill is off).
      expect(html).toMatch(/<script[^>]*\bsrc=/);
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);

      for (const path of ['..%2f..%2fpackage.json', '%2e%2e/%2e%2e/package.json', 'assets/..%5c..%5cpackage.json']) {
        const res = await fetch(server.url + path);
        expect([403, 404], path).toContain(res.status);
      }
      expect((await fetch(server.url + 'nope.js')).status).toBe(404);
      expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
    } finally {
      await server.close();
    }
  });

  test('reads a CSP whose sources are single-quoted', () => {
    const html = `<meta http-equiv="Content-Security-Policy"\n content="default-src 'self'; script-src 'self'">`;
    expect(cspFromHtml(html)).toBe("default-src 'self'; script-src 'self'");
    expect(() => cspFromHtml('<title>x</title>')).toThrow(/no Content-Security-Policy/);
  });
});

test.describe('Electron binary finder', () => {
  test('finds an override or an installed runtime, never guesses, and explains a miss', async () => {
    const root = await mkdtemp(join(tmpdir(), 'thaw-electron-find-'));
    try {
      const missing = findElectronBinary({}, root);
      expect(missing.found).toBe(false);
      expect(!missing.found && missing.reason).toContain('ELECTRON_OVERRIDE_DIST_PATH');
      const ci = findElectronBinary({ CI: 'true' }, root);
      expect(!ci.found && ci.reason).toContain('CI=true');

      const dist = join(root, 'override');
      const badOverride = findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dist }, root);
      expect(!badOverride.found && badOverride.reason).toContain(dist);

      const exe = process.platform === 'win32' ? 'electron.exe' : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron';
      await mkdir(join(dist, exe, '..'), { recursive: true });
      await writeFile(join(dist, exe), '');
      expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dist }, root)).toEqual({ found: true, path: join(dist, exe), source: 'ELECTRON_OVERRIDE_DIST_PATH' });

      const pkg = join(root, 'node_modules', 'electron');
      await mkdir(join(pkg, 'dist'), { recursive: true });
      await writeFile(join(pkg, 'path.txt'), 'electron');
      expect(findElectronBinary({}, root).found).toBe(false);
      await writeFile(join(pkg, 'dist', 'electron'), '');
      expect(findElectronBinary({}, root)).toEqual({ found: true, path: join(pkg, 'dist', 'electron'), source: 'node_modules/electron/dist' });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

test.describe('IPC log', () => {
  test('findSecretLeaks finds a secret in results and events, and in inputs only when asked', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const log = [
      { kind: 'call' as const, channel: 'connections:save', input: { secretAccessKey: secret }, result: { ok: true as const, data: { id: 'c1' } }, ms: 1 },
      { kind: 'event' as const, event: 'jobs:event', payload: { note: 'fine' } },
    ];
    expect(findSecretLeaks(log, [secret])).toEqual([]);
    expect(findSecretLeaks(log, [secret], true)).toEqual(['connections:save input contains a secret (…EKEY)']);
    const leaky = [...log, { kind: 'event' as const, event: 'jobs:event', payload: { debug: `key=${secret}` } }];
    expect(findSecretLeaks(leaky, [secret])).toEqual(['jobs:event event contains a secret (…EKEY)']);
  });
});

test.describe('bridged page', () => {
  test('window.thaw has exactly the contract’s methods and cannot be replaced', async ({ app, page }) => {
    await app.open();
    const shape = await page.evaluate(() => {
      const g = globalThis as unknown as { thaw: Record<string, unknown> };
      const out: Record<string, string[] | string> = {};
      for (const [k, v] of Object.entries(g.thaw)) out[k] = typeof v === 'function' ? 'function' : Object.keys(v as object).sort();
      const original = g.thaw;
      try {
        (g as { thaw: unknown }).thaw = {};
      } catch {
        // Strict-mode assignment to a read-only property throws; either way it must not take.
      }
      return { out, replaced: g.thaw !== original, frozen: Object.isFrozen(g.thaw) };
    });
    const expected: Record<string, string[] | string> = { on: 'function' };
    for (const channel of callNames) {
      const [domain, method] = methodPath(channel);
      expected[domain] = [...((expected[domain] as string[] | undefined) ?? []), method].sort();
    }
    expect(shape.out).toEqual(expected);
    expect(shape.replaced).toBe(false);
    expect(shape.frozen).toBe(true);

    const unknownEvent = await page.evaluate(() => {
      try {
        (globalThis as unknown as { thaw: { on(e: string, cb: () => void): unknown } }).thaw.on('fs:read', () => undefined);
        return 'subscribed';
      } catch (err) {
        return String(err);
      }
    });
    expect(unknownEvent).toContain('Unknown event');
  });

  test('records every call with its input and result', async ({ app, page, ipc }) => {
    await app.open();
    const before = ipc.length;
    await page.evaluate(() => (globalThis as unknown as { thaw: { app: { info(i: unknown): Promise<unknown> } } }).thaw.app.info({ extra: 1 }));
    const last = ipc.slice(before).find((r) => r.kind === 'call' && r.channel === 'app:info');
    expect(last).toMatchObject({ kind: 'call', input: { extra: 1 }, result: { ok: false, error: { code: 'InvalidInput' } } });
  });

  test('delivers core events to window.thaw.on listeners and records them', async ({ app, page, ipc, thaw }) => {
    test.skip(eventNames.length === 0, 'The contract declares no events yet.');
    const event = eventNames[0]!;
    await app.open();
    await page.evaluate((name) => {
      const g = globalThis as unknown as { thaw: { on(e: string, cb: (p: unknown) => void): unknown }; __seen?: unknown[] };
      g.__seen = [];
      g.thaw.on(name, (p) => g.__seen!.push(p));
    }, event);
    const payload = { probe: 'harness', n: 1 };
    await thaw.emit(event, payload as never);
    const seen = await page.evaluate(() => (globalThis as unknown as { __seen: unknown[] }).__seen);
    expect(seen).toEqual([payload]);
    expect(ipc).toContainEqual({ kind: 'event', event, payload });
  });
});
