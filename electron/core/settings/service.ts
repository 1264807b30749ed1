/**
 * Settings: `settings.json` under user data, and `settings:*`.
 *
 * Services never cache a setting: they read it through `current()` when
 * they use it, so a change applies at once, without a restart. A damaged or
 * newer file is set aside by `JsonFile` and reported through `settings:get`,
 * and Thaw runs on the defaults.
 */
import { join } from 'node:path';
import { defaultSettings, settingsSchema, type Settings, type SettingsState } from '../../../shared/ipc/settings';
import { JsonFile } from '../persist/json-file';
import type { ParsedInput } from '../../../shared/ipc/contract';
import type { Handlers } from '../types';

/** The settings of one core. */
export class SettingsService {
  private readonly file: JsonFile<Settings>;
  private latest: Settings = defaultSettings();

  constructor(userDataDir: string) {
    this.file = new JsonFile(join(userDataDir, 'settings.json'), { schema: settingsSchema, version: 1, defaults: defaultSettings });
  }

  /** Loads the file (once); later calls answer from memory. */
  async load(): Promise<Settings> {
    this.latest = await this.file.read();
    return this.latest;
  }

  /** The settings as last loaded or saved; defaults before the first load. */
  current(): Settings {
    return this.latest;
  }

  /** The settings and any problem loading them. */
  async state(): Promise<SettingsState> {
    const settings = await this.load();
    return this.file.problem ? { settings, problem: this.file.problem.message } : { settings };
  }

  /** Applies a patch (validated by the contract) and saves it atomically. */
  async apply(patch: ParsedInput<'settings:set'>['patch']): Promise<SettingsState> {
    await this.load();
    await this.file.update((draft) => {
      if (patch.restore) Object.assign(draft.restore, patch.restore);
      if (patch.transfers) Object.assign(draft.transfers, patch.transfers);
      if (patch.notifications !== undefined) draft.notifications = patch.notifications;
      if (patch.activityRetentionDays !== undefined) draft.activityRetentionDays = patch.activityRetentionDays;
      if (patch.pricingOverrides === null) delete draft.pricingOverrides;
      else if (patch.pricingOverrides !== undefined) draft.pricingOverrides = patch.pricingOverrides;
    });
    return this.state();
  }
}

/** `settings:get` and `settings:set`. */
export function createSettingsHandlers(settings: SettingsService): Pick<Handlers, 'settings:get' | 'settings:set'> {
  return {
    'settings:get': () => settings.state(),
    'settings:set': ({ patch }) => settings.apply(patch),
  };
}
