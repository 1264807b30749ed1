/**
 * Thaw's Playwright fixtures: the same specs against Chromium (default) or Electron.
 *
 * `chromium` runtime — per worker: a fresh temp user-data dir, the real core
 * (`createCore`) with test adapters, and the built renderer served over HTTP
 * with its CSP; per test: a page whose `window.thaw` is the real preload
 * bridge over a Playwright binding into that core. Every call and event is
 * recorded in `ipc`.
 *
 * `electron` runtime — launches `electron .` with `THAW_USER_DATA_DIR` set
 * to the worker's temp dir, when an Electron binary exists; otherwise every
 * test is skipped with the reason printed.
 *
 * Specs wait on `data-app-state="ready"` (see `AppShell.open`), never on time.
 *
 * Adapter overrides: `test.use({ coreAdapters: { … } })` at the top of a spec
 * file, and core tuning with `coreOptions` (both worker-scoped: they force a
 * new worker). For overrides that need other fixtures (a sandbox), override
 * the fixture itself:
 *
 *   const t = test.extend<{}, { sandbox: Sandbox }>({
 // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern.
 *     sandbox: [async ({}, use) => { const s = await startSandbox({ port: 0 }); await use(s); await s.close(); }, { scope: 'worker' }],
 *     coreAdapters: [async ({ sandbox }, use) => use({ sandbox: { … } }), { scope: 'worker' }],
 *   });
 */
import { _electron, expect, test as base, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CoreOptions } from '../electron/core/index';
import type { EventName, EventPayload } from '../shared/ipc/contract';
import { createCoreHost, type CoreAdapterOverrides, type CoreHost } from './harness/core-host';
import { findElectronBinary, type ElectronBinary } from './harness/electron-binary';
import { installThawBridge, type IpcRecord, type PageBridge } from './harness/page-bridge';
import { mainBundle, rendererOutDir, repoRoot } from './harness/paths';
import { startStaticServer, type StaticServer } from './harness/static-server';
import { AppShell } from './pages/app-shell';

export { expect };
export type { CoreAdapterOverrides, CoreHost } from './harness/core-host';
export type { IpcRecord } from './harness/page-bridge';
export { findSecretLeaks } from './harness/ipc-log';

/** Which host runs the renderer. */
export type Runtime = 'chromium' | 'electron';

/** Options settable in `playwright.config.ts` projects or `test.use`. */
export interface ThawOptions {
  runtime: Runtime;
  coreAdapters: CoreAdapterOverrides;
  /** Core tuning for the chromium runtime, e.g. `{ restoreMinCheckMs: 300 }` so restores are tracked in seconds. */
  coreOptions: CoreOptions;
}

/** Per-test handle on the harness. */
export interface ThawHarness {
  runtime: Runtime;
  /** The renderer's URL (chromium runtime), undefined under Electron. */
  url: string | undefined;
  /** The core and its fakes (chromium runtime only). */
  host: CoreHost | undefined;
  /** Emits an event through the core's `emit` adapter and waits until the page received it (chromium runtime only). */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): Promise<void>;
}

interface WorkerFixtures extends ThawOptions {
  workerUserDataDir: string;
  electronBinary: ElectronBinary;
  coreHost: CoreHost | undefined;
  rendererServer: StaticServer | undefined;
}

interface TestFixtures {
  /** Every call (input + result) and event that crossed the bridge during this test (chromium runtime). */
  ipc: IpcRecord[];
  thaw: ThawHarness;
  app: AppShell;
  electronApp: ElectronApplication | undefined;
  /** Skips the test, with the reason printed, when the Electron runtime is missing. */
  electronGate: void;
}

/** The fixtures every Thaw spec imports. */
export const test = base.extend<TestFixtures, WorkerFixtures>({
  runtime: ['chromium', { scope: 'worker', option: true }],
  coreAdapters: [{}, { scope: 'worker', option: true }],
  coreOptions: [{}, { scope: 'worker', option: true }],

  workerUserDataDir: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern.
    async ({}, use, workerInfo) => {
      const dir = await mkdtemp(join(tmpdir(), `thaw-e2e-w${workerInfo.workerIndex}-`));
      await use(dir);
      await rm(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],

  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern.
  electronBinary: [async ({}, use) => use(findElectronBinary()), { scope: 'worker' }],

  coreHost: [
    async ({ runtime, workerUserDataDir, coreAdapters, coreOptions }, use) => {
      if (runtime !== 'chromium') return use(undefined);
      const host = await createCoreHost(workerUserDataDir, coreAdapters, coreOptions);
      await use(host);
      await host.dispose();
    },
    { scope: 'worker' },
  ],

  rendererServer: [
    async ({ runtime }, use) => {
      if (runtime !== 'chromium') return use(undefined);
      if (!existsSync(join(rendererOutDir, 'index.html'))) {
        throw new Error('out/renderer is missing: run `npx vite build --config renderer/vite.config.ts` (globalSetup should have).');
      }
      const server = await startStaticServer(rendererOutDir);
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  electronGate: [
    async ({ runtime, electronBinary }, use, testInfo) => {
      if (runtime === 'electron' && !electronBinary.found) {
        const reason = `Electron binary not present: ${electronBinary.reason}`;
        console.log(`[${testInfo.project.name}] skipped "${testInfo.title}": ${reason}`);
        testInfo.skip(true, reason);
      }
      await use();
    },
    { auto: true },
  ],

  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern.
  ipc: async ({}, use) => use([]),

  electronApp: async ({ runtime, electronBinary, workerUserDataDir }, use) => {
    if (runtime !== 'electron' || !electronBinary.found) return use(undefined);
    if (!existsSync(mainBundle)) throw new Error('out/main/index.cjs is missing: run `node scripts/build.mjs` first.');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
    env.THAW_USER_DATA_DIR = workerUserDataDir;
    const app = await _electron.launch({ executablePath: electronBinary.path, args: ['.'], cwd: repoRoot, env, timeout: 30_000 });
    await use(app);
    await closeBounded(app);
  },

  page: async ({ runtime, context, coreHost, electronApp, ipc }, use) => {
    if (runtime === 'electron') {
      if (!electronApp) throw new Error('Electron app did not launch.');
      // firstWindow() can hang (playwright#21117): take an open window or wait with a bound.
      const win = electronApp.windows()[0] ?? (await electronApp.waitForEvent('window', { timeout: 20_000 }));
      await use(win);
      return;
    }
    if (!coreHost) throw new Error('No core host for the chromium runtime.');
    const page = await context.newPage();
    const bridge = await installThawBridge(page, coreHost, ipc);
    bridges.set(page, bridge);
    await use(page);
    bridge.dispose();
    bridges.delete(page);
  },

  thaw: async ({ runtime, rendererServer, coreHost, page }, use) => {
    await use({
      runtime,
      url: rendererServer?.url,
      host: coreHost,
      async emit(event, payload) {
        if (!coreHost) throw new Error('thaw.emit needs the chromium runtime.');
        coreHost.emit(event, payload);
        await bridges.get(page)?.flushEvents();
      },
    });
  },

  app: async ({ page, rendererServer }, use) => {
    await use(new AppShell(page, rendererServer?.url));
  },
});

const bridges = new WeakMap<Page, PageBridge>();

/** Closes Electron gracefully, then kills it if it has not exited within 5 s (Bruno's closeElectronApp). */
async function closeBounded(app: ElectronApplication): Promise<void> {
  const closed = app.close().catch(() => undefined);
  const timedOut = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5_000).unref());
  if ((await Promise.race([closed.then(() => 'closed' as const), timedOut])) === 'timeout') app.process().kill('SIGKILL');
}
