/**
 * UI: panels, dialogs, theme and toasts.
 *
 * Toasts live here (not in components) so any action can raise one and tests
 * can drive their lifetime with fake timers. Each toast auto-dismisses after
 * its TTL; hovering or focusing it holds the timer (WCAG 2.2.1: a person must
 * be able to read it).
 */
import type { IpcError } from '../../../shared/ipc/result';
import { describeError } from '../notify/error-text';
import type { SliceCreator } from './types';

/** How a toast looks and is announced: `error` is role=alert, the others role=status. */
export type ToastKind = 'error' | 'success' | 'info';

/** One notification on screen. */
export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  detail?: string;
  /** The stable code, for errors; shown small so support can search for it. */
  code?: string;
  /** How many identical toasts were folded into this one. */
  count: number;
}

/** Theme preference: follow the OS, or force one. */
export type ThemePreference = 'system' | 'light' | 'dark';

/** Options for `notify`. */
export interface NotifyOptions {
  detail?: string;
  code?: string;
  /** Milliseconds on screen; 0 keeps it until dismissed. Defaults by kind. */
  ttlMs?: number;
}

/** State and actions of the ui slice. */
export interface UiSlice {
  toasts: Toast[];
  theme: ThemePreference;
  inspectorOpen: boolean;
  jobsPanelOpen: boolean;
  aboutOpen: boolean;
  /** Shows a toast; returns its id. An identical toast already on screen is bumped instead. */
  notify(kind: ToastKind, title: string, options?: NotifyOptions): number;
  /** Shows an IPC error as a sentence (from its code) with main's message as the detail. */
  notifyError(error: IpcError): number;
  dismissToast(id: number): void;
  /** Stops a toast's timer (hover/focus). */
  holdToast(id: number): void;
  /** Restarts a held toast's timer. */
  releaseToast(id: number): void;
  setTheme(theme: ThemePreference): void;
  toggleInspector(): void;
  toggleJobsPanel(): void;
  openAbout(): void;
  closeAbout(): void;
}

/** Default time on screen per kind: errors stay longer because they need reading. */
export const TOAST_TTL_MS: Record<ToastKind, number> = { error: 10_000, success: 4_000, info: 4_000 };
/** At most this many toasts are shown; the oldest goes first. */
export const MAX_TOASTS = 4;
const THEME_KEY = 'thaw.theme';

/** Creates the ui slice. */
export const createUiSlice: SliceCreator<UiSlice> = (set, get, deps) => {
  let nextId = 1;
  const timers = new Map<number, () => void>();
  const ttls = new Map<number, number>();

  const clearTimer = (id: number) => {
    timers.get(id)?.();
    timers.delete(id);
  };
  const startTimer = (id: number) => {
    clearTimer(id);
    const ttl = ttls.get(id) ?? 0;
    if (ttl > 0) timers.set(id, deps.schedule(() => get().dismissToast(id), ttl));
  };

  const storedTheme = deps.prefs?.get(THEME_KEY);
  const theme: ThemePreference = storedTheme === 'light' || storedTheme === 'dark' ? storedTheme : 'system';

  return {
    toasts: [],
    theme,
    inspectorOpen: true,
    jobsPanelOpen: false,
    aboutOpen: false,

    notify(kind, title, options = {}) {
      const { detail, code } = options;
      const same = get().toasts.find((t) => t.kind === kind && t.title === title && t.detail === detail);
      if (same) {
        set({ toasts: get().toasts.map((t) => (t.id === same.id ? { ...t, count: t.count + 1 } : t)) });
        startTimer(same.id);
        return same.id;
      }
      const id = nextId++;
      const toast: Toast = { id, kind, title, count: 1, ...(detail ? { detail } : {}), ...(code ? { code } : {}) };
      const kept = [...get().toasts, toast];
      for (const dropped of kept.splice(0, Math.max(0, kept.length - MAX_TOASTS))) {
        clearTimer(dropped.id);
        ttls.delete(dropped.id);
      }
      set({ toasts: kept });
      ttls.set(id, options.ttlMs ?? TOAST_TTL_MS[kind]);
      startTimer(id);
      return id;
    },

    notifyError(error) {
      const { title, detail, tone } = describeError(error);
      return get().notify(tone, title, { ...(detail ? { detail } : {}), code: error.code });
    },

    dismissToast(id) {
      clearTimer(id);
      ttls.delete(id);
      if (get().toasts.some((t) => t.id === id)) set({ toasts: get().toasts.filter((t) => t.id !== id) });
    },

    holdToast(id) {
      clearTimer(id);
    },

    releaseToast(id) {
      if (get().toasts.some((t) => t.id === id)) startTimer(id);
    },

    setTheme(next) {
      set({ theme: next });
      deps.prefs?.set(THEME_KEY, next);
    },

    toggleInspector() {
      set({ inspectorOpen: !get().inspectorOpen });
    },

    toggleJobsPanel() {
      set({ jobsPanelOpen: !get().jobsPanelOpen });
    },

    openAbout() {
      set({ aboutOpen: true });
      void get().loadAppInfo();
    },

    closeAbout() {
      set({ aboutOpen: false });
    },
  };
};
