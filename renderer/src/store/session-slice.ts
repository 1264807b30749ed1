/**
 * Session: which connections exist, which one is active, and whether the app is ready.
 *
 * Readiness is the first `connections:list`: `loading` until it resolves,
 * `ready` after, `error` (with a sentence) if it fails. The E2E harness waits
 * on `data-app-state="ready"`, never on a timer.
 */
import type { AppInfo } from '../../../shared/ipc/app';
import type { ConnectionSummary } from '../../../shared/ipc/connections';
import type { IpcError } from '../../../shared/ipc/result';
import { asIpcError, callThaw } from '../ipc/api';
import type { SliceCreator } from './types';

/** The readiness marker's values. */
export type AppReadiness = 'loading' | 'ready' | 'error';

/** `app:info` as the About box needs it. */
export type AppInfoState = { status: 'idle' | 'loading' } | { status: 'loaded'; info: AppInfo } | { status: 'failed'; error: IpcError };

/** State and actions of the session slice. */
export interface SessionSlice {
  appState: AppReadiness;
  /** Why startup failed; set only while `appState` is `error`. */
  startupError: IpcError | null;
  connections: ConnectionSummary[];
  activeConnectionId: string | null;
  appInfo: AppInfoState;
  /** Fetches `connections:list`. The first success makes the app ready; later failures only toast. */
  loadConnections(): Promise<void>;
  /** Makes a connection active; ignores ids that are not listed. */
  selectConnection(id: string): void;
  /** Fetches `app:info` (once; later calls reuse it unless it failed). */
  loadAppInfo(): Promise<void>;
}

/** Creates the session slice. */
export const createSessionSlice: SliceCreator<SessionSlice> = (set, get, deps) => ({
  appState: 'loading',
  startupError: null,
  connections: [],
  activeConnectionId: null,
  appInfo: { status: 'idle' },

  async loadConnections() {
    const wasReady = get().appState === 'ready';
    if (!wasReady) set({ appState: 'loading', startupError: null });
    try {
      const connections = await callThaw(deps.api, (api) => api.connections.list({}));
      const active = get().activeConnectionId;
      // Keep the user's choice if it still exists; otherwise open the first connection,
      // so a fresh start lands somewhere useful instead of an empty pane.
      const stillThere = connections.some((c) => c.id === active);
      set({
        connections,
        activeConnectionId: stillThere ? active : (connections[0]?.id ?? null),
        appState: 'ready',
        startupError: null,
      });
      // Jobs outlive the renderer (and the app): the panel shows them from the first screen on.
      // Settings give the restore dialog its defaults and cost threshold.
      if (!wasReady) {
        void get().hydrateJobs();
        void get().loadSettings();
      }
    } catch (err) {
      const error = asIpcError(err);
      if (wasReady) get().notifyError(error);
      else set({ appState: 'error', startupError: error });
    }
  },

  selectConnection(id) {
    if (get().connections.some((c) => c.id === id)) set({ activeConnectionId: id });
  },

  async loadAppInfo() {
    const current = get().appInfo;
    if (current.status === 'loaded' || current.status === 'loading') return;
    set({ appInfo: { status: 'loading' } });
    try {
      const info = await callThaw(deps.api, (api) => api.app.info({}));
      set({ appInfo: { status: 'loaded', info } });
    } catch (err) {
      set({ appInfo: { status: 'failed', error: asIpcError(err) } });
    }
  },
});
