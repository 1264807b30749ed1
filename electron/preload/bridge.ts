/**
 * Builds `window.thaw` from the contract over any transport.
 *
 * The Electron preload passes a transport over ipcRenderer; the E2E harness
 * passes one over Playwright bindings. Either way the page gets exactly one
 * method per contract call plus `on(event, cb)`, and nothing else: no generic
 * invoke/send, no channel names from the page, no `process.env`.
 */
import { callNames, eventNames, methodPath, type ThawApi } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';

/** How calls and events travel; supplied by the host. */
export interface Transport {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

/** The API object to expose as `window.thaw`; frozen, one method per call. */
export function createThawApi(transport: Transport): ThawApi {
  const api: Record<string, Record<string, (input?: unknown) => Promise<Result<unknown>>>> = {};
  for (const channel of callNames) {
    const [domain, method] = methodPath(channel);
    api[domain] ??= {};
    // Default to {} so argument-less calls can be written `thaw.app.info()`.
    api[domain][method] = (input: unknown = {}) => transport.invoke(channel, input);
  }
  const allowedEvents = new Set<string>(eventNames);
  const on = (event: string, listener: (payload: unknown) => void): (() => void) => {
    if (!allowedEvents.has(event)) throw new Error(`Unknown event "${String(event).slice(0, 80)}".`);
    if (typeof listener !== 'function') throw new Error('Listener must be a function.');
    return transport.subscribe(event, (payload) => listener(payload));
  };
  for (const domain of Object.values(api)) Object.freeze(domain);
  return Object.freeze({ ...api, on }) as unknown as ThawApi;
}
