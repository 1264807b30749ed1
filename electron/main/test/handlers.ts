/**
 * Spy handlers for every contract call, for IPC tests.
 *
 * Each handler is a `vi.fn` resolving to a marker, so a test can prove both
 * that a refused call never reached its handler and that an accepted one did.
 */
import { vi, type Mock } from 'vitest';
import { callNames } from '../../../shared/ipc/contract';
import type { Handlers } from '../../core/types';

/** What every spy handler resolves to. */
export const SPY_RESULT = Object.freeze({ handledBy: 'spy' });

/** Spy handlers keyed by channel. */
export type SpyHandlers = Record<string, Mock>;

/** A spy for every contract call. */
export function spyHandlers(): SpyHandlers {
  const handlers: SpyHandlers = {};
  for (const channel of callNames) handlers[channel] = vi.fn(async () => SPY_RESULT);
  return handlers;
}

/** The spies seen as the core's Handlers, for `registerHandlers` and `createCore` fakes. */
export const asHandlers = (spies: SpyHandlers): Handlers => spies as unknown as Handlers;

/** An IPC event from Thaw's own top frame in WebContents `id`. */
export function trustedEvent(id: number, url = 'app://thaw/index.html') {
  return { sender: { id }, senderFrame: { url, parent: null } };
}
