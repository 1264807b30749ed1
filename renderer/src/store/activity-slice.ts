/**
 * Activity log: what was restored (and, later, uploaded or deleted), when, by whom, at what cost.
 *
 * The dialog lists `activity:list` with a text filter and exports the same
 * filter through `activity:export`, whose save dialog runs in main.
 */
import type { ActivityEntry } from '../../../shared/ipc/activity';
import type { IpcError } from '../../../shared/ipc/result';
import { asIpcError, callThaw } from '../ipc/api';
import type { SliceCreator } from './types';

/** The list as loaded for one filter text. */
export type ActivityState =
  | { status: 'idle' }
  | { status: 'loading'; text: string }
  | { status: 'loaded'; text: string; entries: ActivityEntry[]; total: number; problem?: string }
  | { status: 'failed'; text: string; error: IpcError };

/** State and actions of the activity slice. */
export interface ActivitySlice {
  activityOpen: boolean;
  activity: ActivityState;
  openActivity(): void;
  closeActivity(): void;
  /** Lists entries whose bucket, prefixes, key or identity contain `text` (newest first). */
  loadActivity(text: string): Promise<void>;
  /** Writes the entries matching `text` to a file the user picks; null when the dialog was cancelled or the export failed. */
  exportActivity(format: 'csv' | 'json', text: string): Promise<{ path: string; count: number } | null>;
}

/** Entries the dialog lists at most (the export has no limit). */
export const ACTIVITY_PAGE = 500;

const filterOf = (text: string) => (text.trim() ? { text: text.trim() } : {});

/** Creates the activity slice. */
export const createActivitySlice: SliceCreator<ActivitySlice> = (set, get, deps) => {
  let seq = 0;
  return {
    activityOpen: false,
    activity: { status: 'idle' },

    openActivity() {
      set({ activityOpen: true });
      void get().loadActivity('');
    },

    closeActivity() {
      seq++;
      set({ activityOpen: false, activity: { status: 'idle' } });
    },

    async loadActivity(text) {
      const mine = ++seq;
      set({ activity: { status: 'loading', text } });
      try {
        const res = await callThaw(deps.api, (a) => a.activity.list({ filter: filterOf(text), offset: 0, limit: ACTIVITY_PAGE }));
        if (mine !== seq) return;
        set({ activity: { status: 'loaded', text, entries: res.entries, total: res.total, ...(res.problem ? { problem: res.problem } : {}) } });
      } catch (err) {
        if (mine === seq) set({ activity: { status: 'failed', text, error: asIpcError(err) } });
      }
    },

    async exportActivity(format, text) {
      try {
        return await callThaw(deps.api, (a) => a.activity.export({ filter: filterOf(text), format }));
      } catch (err) {
        get().notifyError(asIpcError(err));
        return null;
      }
    },
  };
};
