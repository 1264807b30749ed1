/**
 * A core that loads on first use.
 *
 * The core pulls in the AWS SDK (300–500 ms of module loading here) and,
 * through its services, the sandbox. Loading it before `ready` would hold the
 * window back by that much, so the lifecycle registers these forwarding
 * handlers at once and loads the real core when the first call arrives or
 * the window has painted, whichever comes first. Calls made meanwhile simply
 * wait for it.
 */
import { callNames } from '../../shared/ipc/contract';
import type { Core, Handlers } from '../core/types';

/** A Core whose real implementation is loaded on demand. */
export interface LazyCore extends Core {
  /** Starts loading now (idempotent); resolves with the real core. */
  load(): Promise<Core>;
  /** Whether loading has started. */
  started(): boolean;
}

/** Wraps a loader; nothing is loaded until `load()` or the first handler call. */
export function createLazyCore(loader: () => Promise<Core>): LazyCore {
  let pending: Promise<Core> | undefined;
  const load = () => (pending ??= loader());
  const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const channel of callNames) {
    handlers[channel] = async (input) => {
      const core = await load();
      return (core.handlers[channel] as (input: unknown) => Promise<unknown>)(input);
    };
  }
  return {
    handlers: handlers as Handlers,
    load,
    started: () => pending !== undefined,
    async dispose() {
      // A core that never loaded has nothing to release; one that failed to load neither.
      if (!pending) return;
      const core = await pending.catch(() => undefined);
      await core?.dispose();
    },
  };
}
