/**
 * Shapes shared by every store slice.
 *
 * The store is one zustand store made of slices, one per domain: `session`
 * (connections, the active one, readiness, app info), `ui` (panels, toasts,
 * theme, dialogs), `browser` and `inspector` (the listing and the selected
 * object), `jobs` (every job the panel shows), `restore` (the restore
 * dialog), `transfers` (download and upload dialogs), `operations` (delete,
 * copy, move, rename, storage class, metadata), `versions`, `settings` and
 * `activity`. A new domain joins the same way: add
 * `XSlice` to `AppState` and its creator to `createAppStore`.
 */
import type { StoreApi } from 'zustand';
import type { ThawApi } from '../../../shared/ipc/contract';
import type { ThawFiles } from '../ipc/api';
import type { ActivitySlice } from './activity-slice';
import type { BrowserSlice } from './browser-slice';
import type { InspectorSlice } from './inspector-slice';
import type { JobsSlice } from './jobs-slice';
import type { OperationsSlice } from './operations-slice';
import type { RestoreSlice } from './restore-slice';
import type { SessionSlice } from './session-slice';
import type { SettingsSlice } from './settings-slice';
import type { TransfersSlice } from './transfers-slice';
import type { UiSlice } from './ui-slice';
import type { VersionsSlice } from './versions-slice';

/** The whole renderer state: the intersection of every slice. */
export type AppState = SessionSlice &
  UiSlice &
  BrowserSlice &
  InspectorSlice &
  JobsSlice &
  RestoreSlice &
  TransfersSlice &
  OperationsSlice &
  VersionsSlice &
  SettingsSlice &
  ActivitySlice;

/** The store itself (vanilla zustand), as handed to `bindIpcEvents` and the React provider. */
export type AppStore = StoreApi<AppState>;

/** What slices need from outside; tests pass fakes. */
export interface StoreDeps {
  /** Returns `window.thaw`; throws a coded error when it is missing. */
  api: () => ThawApi;
  /** Schedules a callback; returns its cancel function. Defaults to `setTimeout`. */
  schedule: (fn: () => void, ms: number) => () => void;
  /** The preload's dropped-files helper (`window.thawFiles`), or null where there is none (a browser, the test harness). */
  files: () => ThawFiles | null;
  /** Reads and writes small UI preferences (theme); defaults to `localStorage`, absent in tests. */
  prefs?: { get(key: string): string | null; set(key: string, value: string): void };
}

/** A slice creator: gets the store's `set`/`get` and the shared deps, returns its state and actions. */
export type SliceCreator<S> = (set: AppStore['setState'], get: AppStore['getState'], deps: StoreDeps) => S;
