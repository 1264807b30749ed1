/**
 * The one place that subscribes to main→renderer events, so no component holds a subscription of its own.
 *
 * `eventRoutes` maps every event in the contract to a store action. It is
 * typed over `EventName`, so a new event in `shared/ipc` does not compile until
 * it has its one line here, e.g.
 * `'jobs:progress': (state, p) => state.applyJobProgress(p),`.
 * High-frequency events should be coalesced by the action they route to.
 */
import { eventNames, type EventName, type EventPayload, type ThawApi } from '../../../shared/ipc/contract';
import type { AppState, AppStore } from '../store/types';
import { getThaw } from './api';

/** One route per contract event: what the store does with its payload. */
export type EventRoutes = { [E in EventName]: (state: AppState, payload: EventPayload<E>) => void };

/** The routing table. Adding an event to the contract means adding one line here. */
export const eventRoutes: EventRoutes = {
  'listing:event': (state, event) => state.applyListingEvent(event),
  'jobs:event': (state, event) => state.applyJobsEvent(event),
  'restore:plan-event': (state, event) => state.applyPlanEvent(event),
  'objects:restore-changed': (state, event) => state.applyRestoreChanged(event),
};

/** The part of `window.thaw` this module needs. */
type Subscriber = Pick<ThawApi, 'on'>;

/**
 * Subscribes `routes` for `names` and returns one disposer.
 *
 * Exported for tests, which pass a table of their own; the app uses
 * `bindIpcEvents`. A route that throws is reported as a toast instead of
 * breaking the subscription for later events.
 */
export function bindEventTable<N extends string>(
  store: AppStore,
  names: readonly N[],
  routes: Record<N, (state: AppState, payload: never) => void>,
  on: (event: N, listener: (payload: unknown) => void) => () => void,
): () => void {
  const unsubscribers = names.map((name) =>
    on(name, (payload) => {
      try {
        routes[name](store.getState(), payload as never);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        store.getState().notifyError({ code: 'Internal', message: `Could not apply the "${name}" update: ${message}` });
      }
    }),
  );
  let disposed = false;
  return () => {
    if (disposed) return;
    disposed = true;
    for (const off of unsubscribers) off();
  };
}

/** Subscribes every contract event to its route; returns the disposer (call it on unmount or teardown). */
export function bindIpcEvents(store: AppStore, api: Subscriber = getThaw()): () => void {
  return bindEventTable<EventName>(store, eventNames, eventRoutes as Record<EventName, (s: AppState, p: never) => void>, (event, listener) =>
    api.on(event, listener as (payload: EventPayload<typeof event>) => void),
  );
}
