/**
 * A whole core (`createCore`) pointed at a test sandbox, with typed calls and recorded events.
 *
 * Restore tests tear cores down and build new ones over the same user-data
 * folder, as an app restart does; the sandbox outlives them, so its store
 * and request log see the whole story.
 */
import type { CallInput, CallName, CallOutput, EventName, EventPayload } from '../../../shared/ipc/contract';
import type { Sandbox } from '../../sandbox/index';
import { createCore, dispatch, type Core, type CoreOptions } from '../index';
import type { CoreAdapters } from '../types';
import { testAdapters } from './fixtures';

/** An event as the core emitted it. */
export interface Emitted {
  event: EventName;
  payload: unknown;
}

/** The core and what it sent. */
export interface TestCore {
  core: Core;
  events: Emitted[];
  notifications: Array<{ title: string; body: string }>;
  /** Calls a channel through the real dispatch (schema included); throws the IpcError on failure. */
  call<C extends CallName>(channel: C, input: CallInput<C>): Promise<CallOutput<C>>;
  /** Calls a channel and returns the raw Result. */
  raw<C extends CallName>(channel: C, input: unknown): ReturnType<typeof dispatch>;
  /** Payloads of one event. */
  payloads<E extends EventName>(event: E): Array<EventPayload<E>>;
  /** Polls `check` every 20 ms until it returns a value other than undefined/false, or throws after `ms`. */
  until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, ms?: number): Promise<T>;
  dispose(): Promise<void>;
}

/** Builds a core whose "Local sandbox" connection is `sb`. */
export function coreAgainst(sb: Sandbox, userDataDir: string, over: Partial<CoreAdapters> = {}, options: CoreOptions = {}): TestCore {
  const events: Emitted[] = [];
  const notifications: Array<{ title: string; body: string }> = [];
  const adapters = testAdapters({
    userDataDir,
    emit: (event, payload) => void events.push({ event, payload }),
    notifier: { notify: (title, body) => void notifications.push({ title, body }) },
    ...over,
  });
  const core = createCore(adapters, {
    startSandbox: async () => ({ endpoint: sb.endpoint, region: sb.region, credentials: sb.credentials, close: async () => undefined }),
    restoreMinCheckMs: 50,
    ...options,
  });
  return {
    core,
    events,
    notifications,
    async call(channel, input) {
      const result = await dispatch(core.handlers, channel, [input]);
      if (!result.ok) throw Object.assign(new Error(`${channel}: ${result.error.code}: ${result.error.message}`), { ipc: result.error });
      return result.data as never;
    },
    raw: (channel, input) => dispatch(core.handlers, channel, [input]),
    payloads: (event) => events.filter((e) => e.event === event).map((e) => e.payload as never),
    async until(check, ms = 20_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const value = await check();
        if (value !== undefined && value !== false) return value as never;
        if (Date.now() > deadline) throw new Error('Timed out waiting for a condition.');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    dispose: () => core.dispose(),
  };
}
