/**
 * Builds the core's platform adapters from Electron's APIs.
 *
 * This is the only place the core meets Electron: everything the core needs
 * from the desktop (paths, versions, secrets, dialogs, notifications, event
 * delivery) is wrapped here in the plain interfaces of electron/core/types.ts.
 */
import { app, clipboard, dialog, Notification, safeStorage, type BrowserWindow } from 'electron';
import type { CoreAdapters, Emit } from '../../core/types';
import { createClipboard } from './clipboard';
import { createDialogs } from './dialogs';
import { createNotifier } from './notifier';
import { createSecretStore } from './secret-store';

/** Runtime versions worth showing in About and support reports. */
const REPORTED_VERSIONS = ['electron', 'chrome', 'node', 'v8'] as const;

/** What the lifecycle supplies: the window to parent dialogs to, and event delivery. */
export interface ElectronAdapterOptions {
  mainWindow(): BrowserWindow | null | undefined;
  emit: Emit;
  env?: NodeJS.ProcessEnv;
}

/** Creates the real adapters. Call after the app's `ready` event (safeStorage needs it). */
export function createElectronAdapters(options: ElectronAdapterOptions): CoreAdapters {
  const runtimeVersions: Record<string, string> = {};
  for (const name of REPORTED_VERSIONS) {
    const version = process.versions[name as keyof NodeJS.ProcessVersions];
    if (typeof version === 'string') runtimeVersions[name] = version;
  }
  return {
    userDataDir: app.getPath('userData'),
    appVersion: app.getVersion(),
    platform: process.platform,
    arch: process.arch,
    runtimeVersions,
    secrets: createSecretStore(safeStorage),
    dialogs: createDialogs(dialog, options.mainWindow),
    notifier: createNotifier(Notification),
    clipboard: createClipboard(clipboard),
    emit: options.emit,
    env: options.env ?? process.env,
  };
}
