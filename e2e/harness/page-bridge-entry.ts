/**
 * Runs in the page (bundled to an IIFE init script): `window.thaw` from the real preload bridge.
 *
 * The transport is the harness's stand-in for ipcRenderer: calls go through
 * the `__thawInvoke` Playwright binding into the real core's `dispatch`, and
 * events arrive when the harness calls `__thawDispatch` with `page.evaluate`.
 * `thaw` is defined read-only and non-configurable, as contextBridge does.
 */
import { createThawApi } from '../../electron/preload/bridge';
import type { Result } from '../../shared/ipc/result';

type Listener = (payload: unknown) => void;

interface HarnessGlobals {
  __thawInvoke(channel: string, input: unknown): Promise<Result<unknown>>;
}

const page = globalThis as unknown as HarnessGlobals;
const listeners = new Map<string, Set<Listener>>();

const api = createThawApi({
  invoke: (channel, input) => page.__thawInvoke(channel, input),
  subscribe(event, listener) {
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener);
    listeners.set(event, set);
    return () => {
      set.delete(listener);
    };
  },
});

Object.defineProperty(globalThis, 'thaw', { value: api, enumerable: true, writable: false, configurable: false });

Object.defineProperty(globalThis, '__thawDispatch', {
  value(event: string, payload: unknown): number {
    const set = listeners.get(event);
    if (!set) return 0;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (err) {
        // Mirror ipcRenderer: one listener's failure never stops the others.
        console.error(`thaw event listener for "${event}" threw`, err);
      }
    }
    return set.size;
  },
  enumerable: false,
  writable: false,
  configurable: false,
});
