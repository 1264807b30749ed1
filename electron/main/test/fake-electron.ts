/**
 * A fake `electron` module for unit tests (Electron cannot run here).
 *
 * Use with `vi.mock('electron', async () => (await import('…/fake-electron')).fakeElectron)`;
 * the test then imports `fakeElectron` from this file to drive and inspect
 * the same instance. `resetFakeElectron()` restores a fresh state between
 * tests. The fakes record what the code under test did (handlers
 * registered, windows opened, listeners attached) and let the test fire the
 * events Electron would fire.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

let nextContentsId = 1;

/** A frame as WebFrameMain exposes it. */
export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

/** A WebContents that records its handlers and sends. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly mainFrame: FakeFrame = { url: 'app://thaw/index.html', parent: null };
  readonly setWindowOpenHandler = vi.fn((handler: (details: { url: string }) => { action: string }) => {
    this.windowOpenHandler = handler;
  });
  readonly send = vi.fn();
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Simulates the WebContents going away. */
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

/** A BrowserWindow that records its options and what was loaded. */
export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  /** When set, `loadURL` rejects with it (a page that fails to load). */
  static loadError: Error | undefined;
  static getAllWindows = vi.fn(() => FakeBrowserWindow.instances.filter((w) => !w.destroyed));
  readonly webContents = new FakeWebContents();
  destroyed = false;
  readonly loadURL = vi.fn(async (_url: string) => {
    if (FakeBrowserWindow.loadError) throw FakeBrowserWindow.loadError;
  });
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly isMinimized = vi.fn(() => false);
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
    fakeElectron.app.emit('web-contents-created', {}, this.webContents);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Simulates the user closing the window. */
  close(): void {
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
  }
}

/** The fake Notification class with a record of shown notifications. */
export class FakeNotification {
  static supported = true;
  static shown: Array<{ title: string; body: string }> = [];
  static isSupported = () => FakeNotification.supported;
  constructor(private readonly options: { title: string; body: string }) {}
  show(): void {
    FakeNotification.shown.push(this.options);
  }
}

type Handler = (event: unknown, ...args: unknown[]) => unknown;

function createState() {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    paths: new Map<string, string>([['userData', '/fake/user-data']]),
    readyResolve: undefined as (() => void) | undefined,
    readyPromise: undefined as Promise<void> | undefined,
    getPath: vi.fn((name: string) => app.paths.get(name) ?? `/fake/${name}`),
    setPath: vi.fn((name: string, value: string) => void app.paths.set(name, value)),
    getVersion: vi.fn(() => '0.1.0-test'),
    requestSingleInstanceLock: vi.fn(() => true),
    enableSandbox: vi.fn(),
    quit: vi.fn(),
    exit: vi.fn(),
    whenReady: vi.fn(() => {
      app.readyPromise ??= new Promise<void>((resolve) => (app.readyResolve = resolve));
      return app.readyPromise;
    }),
    /** Test helper: fire `ready`. */
    becomeReady() {
      app.whenReady();
      app.readyResolve?.();
    },
  });
  app.setMaxListeners(50);

  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handlers,
    handle: vi.fn((channel: string, fn: Handler) => {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, fn);
    }),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
    on: vi.fn(),
  };

  const rendererEmitter = new EventEmitter();
  const ipcRenderer = Object.assign(rendererEmitter, {
    invoke: vi.fn(async (_channel: string, _input: unknown): Promise<unknown> => ({ ok: true, data: null })),
    send: vi.fn(),
    sendSync: vi.fn(),
  });
  vi.spyOn(ipcRenderer, 'on');
  vi.spyOn(ipcRenderer, 'removeListener');

  const exposed = new Map<string, unknown>();
  const contextBridge = {
    exposed,
    exposeInMainWorld: vi.fn((key: string, api: unknown) => void exposed.set(key, api)),
  };

  const defaultSession = {
    permissionRequestHandler: undefined as ((...args: unknown[]) => void) | undefined,
    permissionCheckHandler: undefined as ((...args: unknown[]) => boolean) | undefined,
    devicePermissionHandler: undefined as ((...args: unknown[]) => boolean) | undefined,
    setPermissionRequestHandler: vi.fn((fn: (...args: unknown[]) => void) => void (defaultSession.permissionRequestHandler = fn)),
    setPermissionCheckHandler: vi.fn((fn: (...args: unknown[]) => boolean) => void (defaultSession.permissionCheckHandler = fn)),
    setDevicePermissionHandler: vi.fn((fn: (...args: unknown[]) => boolean) => void (defaultSession.devicePermissionHandler = fn)),
  };

  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const protocol = {
    handlers: protocolHandlers,
    registerSchemesAsPrivileged: vi.fn(),
    handle: vi.fn((scheme: string, fn: (request: Request) => Promise<Response>) => void protocolHandlers.set(scheme, fn)),
  };

  const safeStorage = {
    available: true,
    backend: 'gnome_libsecret' as string,
    isEncryptionAvailable: vi.fn(() => safeStorage.available),
    getSelectedStorageBackend: vi.fn(() => safeStorage.backend),
    encryptString: vi.fn((plain: string) => Buffer.from(`enc:${plain}`)),
    decryptString: vi.fn((cipher: Buffer) => {
      const text = cipher.toString();
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return text.slice(4);
    }),
  };

  const dialog = {
    result: { canceled: false, filePaths: ['/chosen'] } as { canceled: boolean; filePaths: string[] },
    showOpenDialog: vi.fn(async (..._args: unknown[]) => dialog.result),
    saveResult: { canceled: false, filePath: '/saved.csv' } as { canceled: boolean; filePath?: string },
    showSaveDialog: vi.fn(async (..._args: unknown[]) => dialog.saveResult),
  };

  const clipboard = {
    text: '',
    writeText: vi.fn((text: string) => void (clipboard.text = text)),
  };

  FakeBrowserWindow.instances = [];
  FakeBrowserWindow.loadError = undefined;
  FakeBrowserWindow.getAllWindows.mockClear();
  FakeNotification.supported = true;
  FakeNotification.shown = [];

  return {
    app,
    ipcMain,
    ipcRenderer,
    contextBridge,
    session: { defaultSession },
    shell: { openExternal: vi.fn(async (_url: string) => undefined) },
    protocol,
    safeStorage,
    dialog,
    clipboard,
    nativeTheme: { shouldUseDarkColors: false },
    BrowserWindow: FakeBrowserWindow,
    Notification: FakeNotification,
  };
}

/** The fake module's exports; the same object the mocked `electron` import yields. */
export const fakeElectron = createState();

/** Resets every fake to a fresh state (same object identities, so mocked imports stay valid). */
export function resetFakeElectron(): void {
  const fresh = createState();
  for (const key of Object.keys(fresh) as Array<keyof typeof fresh>) {
    (fakeElectron as Record<string, unknown>)[key] = fresh[key];
  }
}
