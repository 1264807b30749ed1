import { describe, expect, it } from 'vitest';
import type { ConnectionSummary } from '../../../shared/ipc/connections';
import type { Result } from '../../../shared/ipc/result';
import { createFakeThaw, deferred, manualScheduler } from '../testing/fake-thaw';
import { createAppStore } from './index';

const SANDBOX: ConnectionSummary = { id: 'sandbox', name: 'Local sandbox', kind: 'sandbox', region: 'us-east-1', readOnly: false };
const PROFILE: ConnectionSummary = { id: 'profile:ml', name: 'ml', kind: 'profile', region: 'eu-west-1', readOnly: true };

function setup() {
  const fake = createFakeThaw({ app: ['info'], connections: ['list'] });
  const clock = manualScheduler();
  const store = createAppStore({ api: () => fake.api, schedule: clock.schedule });
  return { fake, store, clock };
}

describe('session readiness', () => {
  it('starts loading and becomes ready when connections:list resolves', async () => {
    const { fake, store } = setup();
    const pending = deferred<Result<ConnectionSummary[]>>();
    fake.answer('connections.list', () => pending.promise);
    expect(store.getState().appState).toBe('loading');

    const load = store.getState().loadConnections();
    expect(store.getState().appState).toBe('loading');
    pending.resolve({ ok: true, data: [SANDBOX, PROFILE] });
    await load;

    const s = store.getState();
    expect(s.appState).toBe('ready');
    expect(s.connections.map((c) => c.name)).toEqual(['Local sandbox', 'ml']);
    expect(s.activeConnectionId).toBe('sandbox');
    expect(fake.calls).toEqual([{ path: 'connections.list', input: {} }]);
  });

  it('goes to error with the coded reason when the first list fails, and recovers on retry', async () => {
    const { fake, store } = setup();
    fake.answer('connections.list', () => ({ ok: false, error: { code: 'SecretStoreUnavailable', message: 'no keyring' } }));
    await store.getState().loadConnections();
    expect(store.getState().appState).toBe('error');
    expect(store.getState().startupError).toEqual({ code: 'SecretStoreUnavailable', message: 'no keyring' });
    expect(store.getState().toasts).toEqual([]);

    fake.answer('connections.list', () => ({ ok: true, data: [SANDBOX] }));
    const retry = store.getState().loadConnections();
    expect(store.getState().appState).toBe('loading');
    await retry;
    expect(store.getState().appState).toBe('ready');
    expect(store.getState().startupError).toBeNull();
  });

  it('treats a rejected transport like a failed call', async () => {
    const { fake, store } = setup();
    fake.answer('connections.list', () => Promise.reject(new Error('channel closed')));
    await store.getState().loadConnections();
    expect(store.getState().appState).toBe('error');
    expect(store.getState().startupError).toEqual({ code: 'Internal', message: 'channel closed' });
  });

  it('explains a missing window.thaw instead of crashing', async () => {
    const store = createAppStore({ schedule: manualScheduler().schedule });
    await store.getState().loadConnections();
    expect(store.getState().appState).toBe('error');
    expect(store.getState().startupError?.message).toMatch(/window\.thaw/);
  });

  it('stays ready when a later refresh fails, and says so in a toast', async () => {
    const { fake, store } = setup();
    fake.answer('connections.list', () => ({ ok: true, data: [SANDBOX, PROFILE] }));
    await store.getState().loadConnections();
    store.getState().selectConnection('profile:ml');

    fake.answer('connections.list', () => ({ ok: false, error: { code: 'Network', message: 'ECONNRESET' } }));
    await store.getState().loadConnections();
    const s = store.getState();
    expect(s.appState).toBe('ready');
    expect(s.connections).toHaveLength(2);
    expect(s.activeConnectionId).toBe('profile:ml');
    expect(s.toasts).toHaveLength(1);
    expect(s.toasts[0]).toMatchObject({ kind: 'error', code: 'Network', detail: 'ECONNRESET' });
  });

  it('keeps the chosen connection across refreshes and falls back when it disappears', async () => {
    const { fake, store } = setup();
    fake.answer('connections.list', () => ({ ok: true, data: [SANDBOX, PROFILE] }));
    await store.getState().loadConnections();
    store.getState().selectConnection('profile:ml');
    await store.getState().loadConnections();
    expect(store.getState().activeConnectionId).toBe('profile:ml');

    store.getState().selectConnection('no-such-id');
    expect(store.getState().activeConnectionId).toBe('profile:ml');

    fake.answer('connections.list', () => ({ ok: true, data: [SANDBOX] }));
    await store.getState().loadConnections();
    expect(store.getState().activeConnectionId).toBe('sandbox');
  });
});

describe('app info', () => {
  it('loads app:info once when About opens', async () => {
    const { fake, store } = setup();
    const info = { name: 'Thaw', version: '1.2.3', platform: 'linux', arch: 'x64', versions: { node: '20' } };
    fake.answer('app.info', () => ({ ok: true, data: info }));
    store.getState().openAbout();
    expect(store.getState().aboutOpen).toBe(true);
    expect(store.getState().appInfo.status).toBe('loading');
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().appInfo).toEqual({ status: 'loaded', info });
    store.getState().openAbout();
    expect(fake.calls.filter((c) => c.path === 'app.info')).toHaveLength(1);
  });

  it('keeps the failure so About can show it, and retries next time', async () => {
    const { fake, store } = setup();
    fake.answer('app.info', () => ({ ok: false, error: { code: 'Internal', message: 'boom' } }));
    await store.getState().loadAppInfo();
    expect(store.getState().appInfo).toEqual({ status: 'failed', error: { code: 'Internal', message: 'boom' } });
    fake.answer('app.info', () => ({ ok: true, data: { name: 'Thaw', version: '1', platform: 'p', arch: 'a', versions: {} } }));
    await store.getState().loadAppInfo();
    expect(store.getState().appInfo.status).toBe('loaded');
  });
});
