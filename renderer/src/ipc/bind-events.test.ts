import { describe, expect, it } from 'vitest';
import { eventNames } from '../../../shared/ipc/contract';
import { createAppStore } from '../store';
import type { AppState } from '../store/types';
import { createFakeThaw, manualScheduler } from '../testing/fake-thaw';
import { bindEventTable, bindIpcEvents, eventRoutes } from './bind-events';

function setup() {
  const fake = createFakeThaw({ connections: ['list'] });
  const store = createAppStore({ api: () => fake.api, schedule: manualScheduler().schedule });
  return { fake, store };
}

describe('event routing table', () => {
  it('routes exactly the contract’s events', () => {
    expect(Object.keys(eventRoutes).sort()).toEqual([...eventNames].sort());
  });

  it('bindIpcEvents subscribes one listener per contract event and the disposer removes them all', () => {
    const { fake, store } = setup();
    const dispose = bindIpcEvents(store, fake.api);
    for (const name of eventNames) expect(fake.listenerCount(name)).toBe(1);
    dispose();
    for (const name of eventNames) expect(fake.listenerCount(name)).toBe(0);
  });
});

describe('bindEventTable', () => {
  const on = (fake: ReturnType<typeof createFakeThaw>) => (event: string, listener: (p: unknown) => void) =>
    (fake.api.on as unknown as (e: string, l: (p: unknown) => void) => () => void)(event, listener);

  it('delivers each payload to its route with the current state, until disposed', () => {
    const { fake, store } = setup();
    const seen: Array<[string, unknown, boolean]> = [];
    const routes = {
      'test:one': (s: AppState, p: never) => seen.push(['one', p, typeof s.notify === 'function']),
      'test:two': (_s: AppState, p: never) => seen.push(['two', p, true]),
    };
    const dispose = bindEventTable(store, ['test:one', 'test:two'], routes, on(fake));
    fake.emit('test:two', { n: 2 });
    fake.emit('test:one', { n: 1 });
    fake.emit('test:other', { n: 3 });
    expect(seen).toEqual([
      ['two', { n: 2 }, true],
      ['one', { n: 1 }, true],
    ]);

    dispose();
    dispose();
    fake.emit('test:one', { n: 4 });
    expect(seen).toHaveLength(2);
    expect(fake.listenerCount('test:one')).toBe(0);
  });

  it('turns a throwing route into a toast and keeps listening', () => {
    const { fake, store } = setup();
    let calls = 0;
    const routes = {
      'test:bad': () => {
        calls++;
        throw new Error('payload had no jobId');
      },
    };
    bindEventTable(store, ['test:bad'], routes, on(fake));
    fake.emit('test:bad', {});
    fake.emit('test:bad', {});
    expect(calls).toBe(2);
    const toasts = store.getState().toasts;
    expect(toasts).toHaveLength(1);
    expect(toasts[0]).toMatchObject({ kind: 'error', code: 'Internal', count: 2 });
    expect(toasts[0]?.detail).toContain('payload had no jobId');
  });
});
