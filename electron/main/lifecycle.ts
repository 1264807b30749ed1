/**
 * Thaw's app lifecycle: from process start to a shown window, and back to a clean quit.
 *
 * Before `ready`: user-data override (development only), single-instance
 * lock, the privileged app:// scheme, app-wide sandbox and guards. On
 * `ready`: deny permissions, serve the renderer, register the IPC handlers,
 * open the window. The core itself (AWS SDK, sandbox) is loaded on the first
 * call or once the window has painted, so it never delays first paint.
 * On quit: unregister handlers and dispose the core, bounded in time.
 */
import path from 'node:path';
import { app, BrowserWindow, protocol, session } from 'electron';
import { createElectronAdapters } from './adapters/index';
import { registerContractHandlers } from './ipc/handle';
import { createEmitter } from './ipc/push';
import { createSenderTrust } from './ipc/sender-trust';
import { createLazyCore, type LazyCore } from './lazy-core';
import { registerAppScheme, serveAppProtocol } from './protocol';
import { denyAllPermissions, installWebContentsGuards } from './security';
import { createMainWindow } from './window';

/** Longest a quit waits for the core to flush journals and close servers. */
const DISPOSE_TIMEOUT_MS = 5_000;

/** Where the built app lives and which environment to read. */
export interface StartOptions {
  /** The `out/` directory: out/preload/index.cjs and out/renderer/ are found under it. */
  outDir: string;
  env?: NodeJS.ProcessEnv;
}

/** What `startThaw` hands back, for tests and for the E2E launcher. */
export interface ThawApp {
  /** Resolves once handlers are registered and the window is created; false if this instance quit. */
  ready: Promise<boolean>;
  mainWindow(): BrowserWindow | null;
}

/**
 * Points userData at `THAW_USER_DATA_DIR` in unpackaged builds only.
 *
 * Tests give each worker a fresh directory this way; a packaged build ignores
 * the variable so no environment can redirect a user's real data.
 */
export function applyUserDataOverride(env: NodeJS.ProcessEnv): string | undefined {
  const dir = env.THAW_USER_DATA_DIR;
  if (app.isPackaged || !dir) return undefined;
  const resolved = path.resolve(dir);
  app.setPath('userData', resolved);
  return resolved;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (err: unknown) => (clearTimeout(timer), reject(err)),
    );
  });
}

/** Starts Thaw. Call once, synchronously at module load (before `ready`). */
export function startThaw(options: StartOptions): ThawApp {
  const env = options.env ?? process.env;
  // The override must precede the lock: the lock lives in the userData directory.
  applyUserDataOverride(env);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve(false), mainWindow: () => null };
  }

  registerAppScheme(protocol);
  app.enableSandbox();
  installWebContentsGuards(app);

  const trust = createSenderTrust();
  const preloadPath = path.join(options.outDir, 'preload', 'index.cjs');
  const rendererDir = path.join(options.outDir, 'renderer');
  let mainWindow: BrowserWindow | null = null;
  let core: LazyCore | undefined;
  let unregister: (() => void) | undefined;

  const openWindow = () => {
    const win = createMainWindow({ preloadPath, trust: (contents) => trust.trust(contents) });
    mainWindow = win;
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    // Load the core once the window has painted, if no call has loaded it already.
    win.once('ready-to-show', () => {
      setImmediate(() => void core?.load().catch(() => undefined));
    });
  };

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let disposing = false;
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed || !core) return;
    event.preventDefault();
    if (disposing) return;
    disposing = true;
    unregister?.();
    withTimeout(core.dispose(), DISPOSE_TIMEOUT_MS)
      .catch((err: unknown) => console.error('[thaw] shutdown failed:', err instanceof Error ? err.message : err))
      .finally(() => {
        disposed = true;
        app.quit();
      });
  });

  const ready = app.whenReady().then(() => {
    denyAllPermissions(session.defaultSession);
    serveAppProtocol(protocol, rendererDir);
    const emit = createEmitter((id) => trust.isTrustedContents(id));
    // A dynamic import: the bundler keeps the core's module body (and the AWS SDK) unevaluated until here.
    core = createLazyCore(async () => {
      try {
        const { createCore } = await import('../core/index');
        return createCore(createElectronAdapters({ mainWindow: () => mainWindow, emit, env }));
      } catch (err) {
        console.error('[thaw] the core failed to load:', err);
        throw err;
      }
    });
    unregister = registerContractHandlers(core.handlers, (event) => trust.isTrustedSender(event));
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
    return true;
  });
  ready.catch((err: unknown) => {
    console.error('[thaw] start-up failed:', err);
    app.exit(1);
  });
  return { ready, mainWindow: () => mainWindow };
}
