/**
 * Thaw's main window: isolated, sandboxed, loaded from app://thaw.
 *
 * The window is created hidden and shown on `ready-to-show`, so the user
 * never sees a blank frame; its WebContents is registered as a trusted IPC
 * sender before the page loads.
 */
import { BrowserWindow, nativeTheme, type WebPreferences } from 'electron';
import { APP_ENTRY_URL } from './app-origin';
import type { TrustableContents } from './ipc/sender-trust';

/**
 * The webPreferences of every Thaw window.
 *
 * Spelled out in full even where they equal Electron's defaults, so a
 * changed default can never weaken Thaw and the unit test pins each one.
 */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    preload,
  };
}

/** What the lifecycle passes when it opens a window. */
export interface MainWindowOptions {
  /** Absolute path of the bundled preload (out/preload/index.cjs). */
  preloadPath: string;
  /** Registers the window's WebContents as a trusted IPC sender. */
  trust(contents: TrustableContents): void;
}

/** Opens the main window and starts loading the renderer. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    show: false,
    width: 1280,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'Thaw',
    // Matches the renderer's theme so a resize never flashes the wrong colour.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1b1d21' : '#ffffff',
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  options.trust(win.webContents);
  win.once('ready-to-show', () => win.show());
  win.loadURL(APP_ENTRY_URL).catch((err: unknown) => {
    console.error('[thaw] the renderer failed to load:', err instanceof Error ? err.message : err);
  });
  return win;
}
