/**
 * Settings: the core's settings document, read at start and changed by patch.
 *
 * Until `settings:get` answers (or when it fails) the schema's defaults
 * stand in, so the restore dialog always has a threshold and defaults; the
 * core checks the same threshold again on `restore:start`, so a stale copy
 * here can cost a retry, never an unconfirmed restore.
 */
import { defaultSettings, type Settings } from '../../../shared/ipc/settings';
import type { CallInput } from '../../../shared/ipc/contract';
import type { IpcError } from '../../../shared/ipc/result';
import { asIpcError, callThaw } from '../ipc/api';
import type { SliceCreator } from './types';

/** A change to settings, as `settings:set` takes it. */
export type SettingsPatch = CallInput<'settings:set'>['patch'];

/** State and actions of the settings slice. */
export interface SettingsSlice {
  settings: Settings;
  /** False until `settings:get` answered; `settings` holds the defaults meanwhile. */
  settingsLoaded: boolean;
  /** What went wrong loading settings.json, in words (from the core). */
  settingsProblem: string | null;
  /** Why `settings:get` failed; shown in the settings dialog (the defaults stand in meanwhile). */
  settingsError: IpcError | null;
  settingsOpen: boolean;
  loadSettings(): Promise<void>;
  /** Applies a patch; resolves true when the core accepted it. */
  saveSettings(patch: SettingsPatch): Promise<boolean>;
  openSettings(): void;
  closeSettings(): void;
}

/** Creates the settings slice. */
export const createSettingsSlice: SliceCreator<SettingsSlice> = (set, get, deps) => ({
  settings: defaultSettings(),
  settingsLoaded: false,
  settingsProblem: null,
  settingsError: null,
  settingsOpen: false,

  async loadSettings() {
    try {
      const state = await callThaw(deps.api, (a) => a.settings.get({}));
      set({ settings: state.settings, settingsLoaded: true, settingsProblem: state.problem ?? null, settingsError: null });
    } catch (err) {
      set({ settingsError: asIpcError(err) });
    }
  },

  async saveSettings(patch) {
    try {
      const state = await callThaw(deps.api, (a) => a.settings.set({ patch }));
      set({ settings: state.settings, settingsLoaded: true, settingsProblem: state.problem ?? null });
      return true;
    } catch (err) {
      get().notifyError(asIpcError(err));
      return false;
    }
  },

  openSettings() {
    set({ settingsOpen: true });
    if (!get().settingsLoaded) void get().loadSettings();
  },

  closeSettings() {
    set({ settingsOpen: false });
  },
});
