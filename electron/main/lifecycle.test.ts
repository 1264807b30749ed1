import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { callNames } from '../../shared/ipc/contract';
import type { CoreAdapters } from '../core/types';
import { startThaw } from './lifecycle';
import { secureWebPreferences } from './window';
import { FakeBrowserWindow, fakeElectron, resetFakeElectron } from './test/fake-electron';
import { trustedEvent } from './test/handlers';

vi.mock('electron', async () => (await import('./test/fake-electron')).fakeElectron);

const core = vi.hoisted(() => ({
  created: 0,
  adapters: undefined as CoreAdapters | undefined,
  dispose: undefined as (() => Promise<void>) | undefined,
  handlers: undefined as Record<string, (input: unknown) => Promise<unknown>> | undefined,
}));
vi.mock('../core/index', async () => {
  const { asHandlers, spyHandlers } = await import('./test/handlers');
  return {
    createCore: (adapters: CoreAdapters) => {
      core.adapters = adapters;
      core.created += 1;
      const spies = spyHandlers();
      core.handlers = spies;
      core.dispose = vi.fn(async () => undefined);
      return { handlers: asHandlers(spies), dispose: core.dispose };
    },
  };
});

type Invoke = (event: unknown, ...args: unknown[]) => Promise<unknown>;
const OUT = path.resolve('/opt/thaw/out');

beforeEach(() => {
  resetFakeElectron();
  core.adapters = core.dispose = core.handlers = undefined;
  core.created = 0;
});

async function started(env: NodeJS.ProcessEnv = {}) {
  const app = startThaw({ outDir: OUT, env });
  fakeElectron.app.becomeReady();
  await expect(app.ready).resolves.toBe(true);
  return app;
}

async function loadedCore() {
  await started();
  const win = FakeBrowserWindow.instances[0]!;
  await (fakeElectron.ipcMain.handlers.get(callNames[0]!) as Invoke)(trustedEvent(win.webContents.id), {});
  expect(core.dispose).toBeDefined();
}

describe('before ready', () => {
  it('registers the app scheme, forces the sandbox and guards web contents, but opens nothing yet', () => {
    startThaw({ outDir: OUT, env: {} });
    expect(fakeElectron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1);
    expect(fakeElectron.app.enableSandbox).toHaveBeenCalledTimes(1);
    expect(fakeElectron.app.listenerCount('web-contents-created')).toBe(1);
    expect(fakeElectron.ipcMain.handle).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(core.adapters).toBeUndefined();
  });

  it('honours THAW_USER_DATA_DIR in unpackaged builds, before taking the single-instance lock', () => {
    startThaw({ outDir: OUT, env: { THAW_USER_DATA_DIR: 'tmp/worker-1' } });
    expect(fakeElectron.app.setPath).toHaveBeenCalledWith('userData', path.resolve('tmp/worker-1'));
    expect(fakeElectron.app.setPath.mock.invocationCallOrder[0]!).toBeLessThan(fakeElectron.app.requestSingleInstanceLock.mock.invocationCallOrder[0]!);
  });

  it('ignores THAW_USER_DATA_DIR in packaged builds', () => {
    fakeElectron.app.isPackaged = true;
    startThaw({ outDir: OUT, env: { THAW_USER_DATA_DIR: '/tmp/attacker' } });
    expect(fakeElectron.app.setPath).not.toHaveBeenCalled();
  });

  it('quits when another instance holds the lock', async () => {
    fakeElectron.app.requestSingleInstanceLock.mockReturnValue(false);
    const app = startThaw({ outDir: OUT, env: {} });
    await expect(app.ready).resolves.toBe(false);
    expect(fakeElectron.app.quit).toHaveBeenCalled();
    fakeElectron.app.becomeReady();
    await Promise.resolve();
    expect(fakeElectron.ipcMain.handle).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });
});

describe('on ready', () => {
  it('denies permissions, serves out/renderer, registers every call and opens one secure window', async () => {
    await started();
    const session = fakeElectron.session.defaultSession;
    expect(session.setPermissionRequestHandler).toHaveBeenCalled();
    expect(session.setPermissionCheckHandler).toHaveBeenCalled();
    expect(fakeElectron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect([...fakeElectron.ipcMain.handlers.keys()].sort()).toEqual([...callNames].sort());
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.options.webPreferences).toStrictEqual(secureWebPreferences(path.join(OUT, 'preload', 'index.cjs')));
    expect(win.loadURL).toHaveBeenCalledWith('app://thaw/index.html');
    // The global guard reached the window's WebContents.
    expect(win.webContents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
  });

  it('loads the core only after first paint, not before the window exists', async () => {
    await started();
    expect(core.adapters).toBeUndefined();
    FakeBrowserWindow.instances[0]!.emit('ready-to-show');
    await vi.waitFor(() => expect(core.adapters).toBeDefined());
  });

  it('loads the core on the first call if that comes before first paint, and answers it', async () => {
    await started();
    const win = FakeBrowserWindow.instances[0]!;
    const channel = callNames[0]!;
    const handler = fakeElectron.ipcMain.handlers.get(channel) as Invoke;
    const [a, b] = await Promise.all([handler(trustedEvent(win.webContents.id), {}), handler(trustedEvent(win.webContents.id), {})]);
    expect(a).toMatchObject({ ok: true });
    expect(b).toMatchObject({ ok: true });
    expect(core.created).toBe(1);
    expect(core.handlers![channel]).toHaveBeenCalledTimes(2);
  });

  it('gives the core real adapters (userData, version, emit)', async () => {
    fakeElectron.app.paths.set('userData', '/home/u/.config/Thaw');
    await started();
    FakeBrowserWindow.instances[0]!.emit('ready-to-show');
    await vi.waitFor(() => expect(core.adapters).toBeDefined());
    expect(core.adapters?.userDataDir).toBe('/home/u/.config/Thaw');
    expect(core.adapters?.appVersion).toBe('0.1.0-test');
    expect(typeof core.adapters?.emit).toBe('function');
    await core.adapters?.clipboard.writeText('s3://bucket/key');
    expect(fakeElectron.clipboard.text).toBe('s3://bucket/key');
  });

  it('trusts calls from its own window and refuses calls from any other WebContents', async () => {
    await started();
    const win = FakeBrowserWindow.instances[0]!;
    const channel = callNames[0]!;
    const handler = fakeElectron.ipcMain.handlers.get(channel) as Invoke;
    await expect(handler(trustedEvent(win.webContents.id), {})).resolves.toMatchObject({ ok: true });
    await expect(handler(trustedEvent(win.webContents.id + 1000), {})).resolves.toMatchObject({ ok: false, error: { code: 'ForbiddenSender' } });
    win.close();
    await expect(handler(trustedEvent(win.webContents.id), {})).resolves.toMatchObject({ ok: false, error: { code: 'ForbiddenSender' } });
  });

  it('focuses the existing window when a second instance starts', async () => {
    await started();
    const win = FakeBrowserWindow.instances[0]!;
    win.isMinimized.mockReturnValue(true);
    fakeElectron.app.emit('second-instance');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });

  it('reopens a window on activate when none is left (macOS)', async () => {
    await started();
    FakeBrowserWindow.instances[0]!.close();
    fakeElectron.app.emit('activate');
    expect(FakeBrowserWindow.instances.filter((w) => !w.destroyed)).toHaveLength(1);
  });
});

describe('quitting', () => {
  it('quits when all windows close (except on macOS)', async () => {
    await started();
    fakeElectron.app.emit('window-all-closed');
    if (process.platform === 'darwin') expect(fakeElectron.app.quit).not.toHaveBeenCalled();
    else expect(fakeElectron.app.quit).toHaveBeenCalledTimes(1);
  });

  it('quits at once when the core never loaded', async () => {
    await started();
    const event = { preventDefault: vi.fn() };
    fakeElectron.app.emit('will-quit', event);
    await vi.waitFor(() => expect(fakeElectron.app.quit).toHaveBeenCalledTimes(1));
    expect(core.created).toBe(0);
    expect(fakeElectron.ipcMain.handlers.size).toBe(0);
  });

  it('holds the quit until the core is disposed and the handlers are gone, then quits once', async () => {
    await loadedCore();
    let finishDispose!: () => void;
    (core.dispose as ReturnType<typeof vi.fn>).mockImplementation(() => new Promise<void>((resolve) => (finishDispose = resolve)));
    const first = { preventDefault: vi.fn() };
    fakeElectron.app.emit('will-quit', first);
    expect(first.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(core.dispose).toHaveBeenCalledTimes(1));
    expect(fakeElectron.ipcMain.handlers.size).toBe(0);
    const again = { preventDefault: vi.fn() };
    fakeElectron.app.emit('will-quit', again);
    expect(core.dispose).toHaveBeenCalledTimes(1);
    expect(fakeElectron.app.quit).not.toHaveBeenCalled();
    finishDispose();
    await vi.waitFor(() => expect(fakeElectron.app.quit).toHaveBeenCalledTimes(1));
    const last = { preventDefault: vi.fn() };
    fakeElectron.app.emit('will-quit', last);
    expect(last.preventDefault).not.toHaveBeenCalled();
  });

  it('does not hang forever on a dispose that never settles', async () => {
    vi.useFakeTimers();
    try {
      await loadedCore();
      (core.dispose as ReturnType<typeof vi.fn>).mockImplementation(() => new Promise<void>(() => undefined));
      fakeElectron.app.emit('will-quit', { preventDefault: vi.fn() });
      expect(fakeElectron.app.quit).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(5_000);
      expect(fakeElectron.app.quit).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
