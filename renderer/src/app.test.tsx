import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionSummary } from '../../shared/ipc/connections';
import type { Result } from '../../shared/ipc/result';
import { App } from './app';
import { ERROR_TEXT } from './notify/error-text';
import { installGlobalErrorToasts } from './notify/global-errors';
import { createAppStore, StoreProvider, type AppStore } from './store';
import { createFakeThaw, deferred, manualScheduler } from './testing/fake-thaw';

const SANDBOX: ConnectionSummary = { id: 'sandbox', name: 'Local sandbox', kind: 'sandbox', region: 'us-east-1', readOnly: false };

let root: Root | undefined;
let container: HTMLElement | undefined;

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});

afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
  root = undefined;
});

function render(store: AppStore) {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root!.render(<StoreProvider store={store}><App /></StoreProvider>));
  return container;
}

function setup() {
  const fake = createFakeThaw({ app: ['info'], connections: ['list'] });
  const clock = manualScheduler();
  const store = createAppStore({ api: () => fake.api, schedule: clock.schedule });
  return { fake, store, clock };
}

const marker = (el: HTMLElement) => el.querySelector('#app')?.getAttribute('data-app-state');

describe('<App>', () => {
  it('shows loading, then the frame with the connection once connections:list resolves', async () => {
    const { fake, store } = setup();
    const pending = deferred<Result<ConnectionSummary[]>>();
    fake.answer('connections.list', () => pending.promise);
    const el = render(store);
    expect(marker(el)).toBe('loading');

    const load = store.getState().loadConnections();
    await act(async () => {
      pending.resolve({ ok: true, data: [SANDBOX] });
      await load;
    });
    expect(marker(el)).toBe('ready');
    const option = el.querySelector('[role="option"][aria-selected="true"]');
    expect(option?.textContent).toContain('Local sandbox');
    for (const region of ['Connections and buckets', 'Location', 'Contents', 'Inspector', 'Jobs', 'Status']) {
      expect(el.querySelector(`[aria-label="${region}"]`), region).not.toBeNull();
    }
  });

  it('shows a sentence and a retry, not a blank page, when startup fails', async () => {
    const { fake, store } = setup();
    fake.answer('connections.list', () => ({ ok: false, error: { code: 'EndpointUnreachable', message: 'connect ECONNREFUSED 127.0.0.1:9' } }));
    const el = render(store);
    await act(() => store.getState().loadConnections());
    expect(marker(el)).toBe('error');
    const alert = el.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain(ERROR_TEXT.EndpointUnreachable.sentence);
    expect(alert?.textContent).toContain('ECONNREFUSED');

    fake.answer('connections.list', () => ({ ok: true, data: [SANDBOX] }));
    const retry = [...el.querySelectorAll('button')].find((b) => b.textContent === 'Try again');
    await act(async () => {
      retry?.click();
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(marker(el)).toBe('ready');
  });

  it('renders an error toast as role=alert and removes it when dismissed', async () => {
    const { fake, store } = setup();
    fake.answer('connections.list', () => ({ ok: true, data: [SANDBOX] }));
    const el = render(store);
    await act(() => store.getState().loadConnections());
    act(() => void store.getState().notifyError({ code: 'AccessDenied', message: 'Access Denied' }));
    act(() => void store.getState().notify('success', 'Link copied'));

    const alert = el.querySelector('.toast[role="alert"]');
    expect(alert?.textContent).toContain(ERROR_TEXT.AccessDenied.sentence);
    expect(el.querySelector('.toast[role="status"]')?.textContent).toContain('Link copied');

    const close = alert?.querySelector('button[aria-label="Dismiss notification"]') as HTMLButtonElement;
    act(() => close.click());
    expect(el.querySelector('.toast[role="alert"]')).toBeNull();
    expect(el.querySelectorAll('.toast')).toHaveLength(1);
  });

  it('turns an unhandled coded rejection into a toast', async () => {
    const { fake, store } = setup();
    fake.answer('connections.list', () => ({ ok: true, data: [SANDBOX] }));
    const el = render(store);
    await act(() => store.getState().loadConnections());
    const dispose = installGlobalErrorToasts(store);
    const event = new Event('unhandledrejection') as PromiseRejectionEvent;
    Object.assign(event, { reason: { code: 'NoSuchKey', message: 'key gone' } });
    act(() => void window.dispatchEvent(event));
    dispose();
    expect(el.querySelector('.toast[data-error-code="NoSuchKey"]')?.textContent).toContain('key gone');
  });

  it('opens About with the version from app:info', async () => {
    const { fake, store } = setup();
    fake.answer('connections.list', () => ({ ok: true, data: [SANDBOX] }));
    fake.answer('app.info', () => ({ ok: true, data: { name: 'Thaw', version: '9.8.7', platform: 'linux', arch: 'x64', versions: { node: '20.19.0' } } }));
    const el = render(store);
    await act(() => store.getState().loadConnections());
    const about = [...el.querySelectorAll('button')].find((b) => b.textContent?.includes('About Thaw'));
    await act(async () => {
      about?.click();
      await new Promise((r) => setTimeout(r, 0));
    });
    const dialog = el.querySelector('dialog');
    expect(dialog?.hasAttribute('open')).toBe(true);
    expect(dialog?.textContent).toContain('9.8.7');
    expect(dialog?.textContent).toContain('20.19.0');
  });
});
