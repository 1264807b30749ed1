/**
 * Composes Thaw's core services into handlers for every contract call.
 *
 * Each domain contributes a `create…Handlers(deps)` that returns its slice of
 * `Handlers`; this file is the one place they meet.
 */
import type { Core, CoreAdapters, Handlers } from './types';
import { createAppHandlers } from './app/handlers';
import { createBrowseHandlers } from './browse/handlers';
import { createConnections } from './connections';

export type { Core, CoreAdapters, Handlers } from './types';
export { dispatch } from './ipc/dispatch';

/** Builds the core for one app instance. */
export function createCore(adapters: CoreAdapters): Core {
  const disposers: Array<() => Promise<void> | void> = [];
  const onDispose = (fn: () => Promise<void> | void) => disposers.push(fn);
  // Connections first: other services take `connections.s3` (clients per connection/bucket, assertWritable).
  const connections = createConnections(adapters, onDispose);
  const handlers: Handlers = {
    ...createAppHandlers(adapters),
    ...connections.handlers,
    ...createBrowseHandlers({ s3: connections.s3, emit: adapters.emit, now: adapters.now, onDispose }),
  };
  return {
    handlers,
    async dispose() {
      for (const fn of disposers.reverse()) await fn();
    },
  };
}
