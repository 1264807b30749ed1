/**
 * The renderer's one zustand store, composed from per-domain slices.
 *
 * `createAppStore(deps)` builds a fresh store (tests make one each);
 * `main.tsx` makes the app's store and hands it to `StoreProvider`.
 * To add a domain: write `x-slice.ts` exporting `XSlice` and `createXSlice`,
 * add `XSlice` to `AppState` in `types.ts`, and spread it below.
 */
import { createStore } from 'zustand/vanilla';
import { getThaw } from '../ipc/api';
import { createActivitySlice } from './activity-slice';
import { createBrowserSlice } from './browser-slice';
import { createInspectorSlice } from './inspector-slice';
import { createJobsSlice } from './jobs-slice';
import { createOperationsSlice } from './operations-slice';
import { createRestoreSlice } from './restore-slice';
import { createSessionSlice } from './session-slice';
import { createSettingsSlice } from './settings-slice';
import { createTransfersSlice } from './transfers-slice';
import type { AppState, AppStore, StoreDeps } from './types';
import { createUiSlice } from './ui-slice';
import { createVersionsSlice } from './versions-slice';

export type { AppState, AppStore, StoreDeps, SliceCreator } from './types';
export type { SessionSlice, AppReadiness, AppInfoState } from './session-slice';
export type { UiSlice, Toast, ToastKind, ThemePreference, NotifyOptions } from './ui-slice';
export type { JobsSlice, JobItemsView } from './jobs-slice';
export { ITEMS_PAGE, isFinalJob, jobsNewestFirst } from './jobs-slice';
export type { RestoreSlice, RestoreDialogState, PlanState, PlanProgress, RestoreStartChoice } from './restore-slice';
export type { RestoreTarget, RestoreTargetResult } from './restore-target';
export { restoreRefusal, selectionRestoreTarget } from './restore-target';
export type { SelectionTarget, SelectionTargetResult } from './selection-target';
export { keyFolder, selectionTarget, writeRefusal } from './selection-target';
export type { TransfersSlice, TransferDialog, DownloadSelection, DownloadChoice, UploadChoice, UploadSource, UploadLink, WritableStorageClass } from './transfers-slice';
export type { OperationsSlice, OperationDialogState, OperationDestination, NameDialogState, MetadataEdit, PickerFolders } from './operations-slice';
export { nameProblem } from './operations-slice';
export type { VersionsSlice, ObjectVersionsState, VersionListState, VersionAction } from './versions-slice';
export type { SettingsSlice, SettingsPatch } from './settings-slice';
export type { ActivitySlice, ActivityState } from './activity-slice';
export { parentPrefix } from './browser-slice';
export { StoreProvider, useAppStore, useAppStoreApi } from './store-context';

/** Builds a store; every dependency has a browser default so the app passes nothing. */
export function createAppStore(deps: Partial<StoreDeps> = {}): AppStore {
  const full: StoreDeps = {
    api: deps.api ?? getThaw,
    schedule:
      deps.schedule ??
      ((fn, ms) => {
        const handle = setTimeout(fn, ms);
        return () => clearTimeout(handle);
      }),
    files: deps.files ?? (() => (typeof window !== 'undefined' ? (window.thawFiles ?? null) : null)),
    ...(deps.prefs ? { prefs: deps.prefs } : {}),
  };
  return createStore<AppState>()((set, get) => ({
    ...createSessionSlice(set, get, full),
    ...createUiSlice(set, get, full),
    ...createBrowserSlice(set, get, full),
    ...createInspectorSlice(set, get, full),
    ...createJobsSlice(set, get, full),
    ...createRestoreSlice(set, get, full),
    ...createTransfersSlice(set, get, full),
    ...createOperationsSlice(set, get, full),
    ...createVersionsSlice(set, get, full),
    ...createSettingsSlice(set, get, full),
    ...createActivitySlice(set, get, full),
  }));
}

/** `localStorage` as a prefs store, or nothing where it is unavailable (private modes, tests). */
export function browserPrefs(): StoreDeps['prefs'] {
  try {
    const storage = window.localStorage;
    return {
      get: (key) => storage.getItem(key),
      set: (key, value) => {
        try {
          storage.setItem(key, value);
        } catch {
          // A full or disabled storage only loses the preference, never the action.
        }
      },
    };
  } catch {
    return undefined;
  }
}
