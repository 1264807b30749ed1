import { beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, isAppUrl } from './app-origin';
import { createMainWindow, secureWebPreferences } from './window';
import { FakeBrowserWindow, resetFakeElectron } from './test/fake-electron';

vi.mock('electron', async () => (await import('./test/fake-electron')).fakeElectron);

beforeEach(() => resetFakeElectron());

describe('secureWebPreferences', () => {
  it('is exactly the hardened set', () => {
    expect(secureWebPreferences('/app/out/preload/index.cjs')).toStrictEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      preload: '/app/out/preload/index.cjs',
    });
  });
});

describe('createMainWindow', () => {
  it('opens hidden with the hardened preferences, trusts its WebContents, loads app://thaw and shows on ready-to-show', () => {
    const trust = vi.fn();
    createMainWindow({ preloadPath: '/p/index.cjs', trust });
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.options.show).toBe(false);
    expect(win.options.webPreferences).toStrictEqual(secureWebPreferences('/p/index.cjs'));
    const prefs = win.options.webPreferences as Record<string, unknown>;
    for (const risky of ['experimentalFeatures', 'enableBlinkFeatures', 'nodeIntegration', 'allowRunningInsecureContent', 'webviewTag']) {
      expect(prefs[risky] ?? false).toBe(false);
    }
    expect(trust).toHaveBeenCalledWith(win.webContents);
    expect(win.loadURL).toHaveBeenCalledWith(APP_ENTRY_URL);
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledTimes(1);
  });

  it('logs instead of throwing when the page fails to load', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    FakeBrowserWindow.loadError = new Error('ERR_FILE_NOT_FOUND');
    expect(() => createMainWindow({ preloadPath: '/p', trust: () => undefined })).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('failed to load'), 'ERR_FILE_NOT_FOUND');
    errors.mockRestore();
  });
});

describe('isAppUrl', () => {
  it.each([
    ['app://thaw/index.html', true],
    ['app://thaw/', true],
    // Chromium lower-cases standard-scheme hosts before Thaw sees them; anything else fails closed.
    ['app://THAW/index.html', false],
    ['app://thaw.evil/index.html', false],
    ['app://evil.thaw/index.html', false],
    ['app://thaw@evil/index.html', false],
    ['app://u:p@thaw/index.html', false],
    ['app://thaw:1/index.html', false],
    ['https://thaw/index.html', false],
    ['file:///thaw/index.html', false],
    ['', false],
    ['app:', false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});
