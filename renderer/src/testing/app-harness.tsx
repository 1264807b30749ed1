/**
 * A store over a fake `window.thaw` with every contract method, and a
 * React root to render into, for renderer tests of the transfer, operation
 * and version screens.
 *
 * Only used by `*.test.ts(x)`.
 */
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { callNames, methodPath } from '../../../shared/ipc/contract';
import type { ConnectionSummary } from '../../../shared/ipc/connections';
import { createAppStore, StoreProvider, type AppStore, type StoreDeps } from '../store';
import { createFakeThaw, manualScheduler, type FakeThaw } from './fake-thaw';

/** The sandbox connection most tests use. */
export const SANDBOX: ConnectionSummary = { id: 'sandbox', name: 'Local sandbox', kind: 'sandbox', region: 'us-east-1', readOnly: false };

/** Every domain and method of the contract, as `createFakeThaw` takes them. */
export function contractMethods(): Record<string, string[]> {
  const methods: Record<string, string[]> = {};
  for (const channel of callNames) {
    const [domain, method] = methodPath(channel);
    (methods[domain] ??= []).push(method);
  }
  return methods;
}

/** A fake answering start-up calls (connections, jobs, settings, listing) and a store whose connections are loaded. */
export async function storeWithFake(options: { connections?: ConnectionSummary[]; deps?: Partial<StoreDeps> } = {}): Promise<{ fake: FakeThaw; store: AppStore; clock: ReturnType<typeof manualScheduler> }> {
  const fake = createFakeThaw(contractMethods());
  fake.answer('connections.list', () => ({ ok: true, data: options.connections ?? [SANDBOX] }));
  fake.answer('jobs.list', () => ({ ok: true, data: [] }));
  fake.answer('jobs.items', () => ({ ok: true, data: { total: 0, offset: 0, items: [] } }));
  fake.answer('settings.get', () => ({ ok: false, error: { code: 'Internal', message: 'defaults' } }));
  fake.answer('listing.start', () => ({ ok: true, data: { jobId: 'L1' } }));
  fake.answer('listing.cancel', () => ({ ok: true, data: { cancelled: true } }));
  fake.answer('browse.children', () => ({ ok: true, data: { folders: [], objectCount: 0 } }));
  fake.answer('buckets.list', () => ({ ok: true, data: { buckets: [], listDenied: false } }));
  fake.answer('clipboard.writeText', () => ({ ok: true, data: null }));
  const clock = manualScheduler();
  const store = createAppStore({ api: () => fake.api, schedule: clock.schedule, files: () => null, ...options.deps });
  await store.getState().loadConnections();
  return { fake, store, clock };
}

let root: Root | undefined;
let container: HTMLElement | undefined;

/** Renders `node` under a provider for `store`; `cleanup()` unmounts it. */
export function render(node: ReactNode, store: AppStore): HTMLElement {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root!.render(<StoreProvider store={store}>{node}</StoreProvider>));
  return container;
}

/** Unmounts what `render` mounted (call in `afterEach`). */
export function cleanup(): void {
  act(() => root?.unmount());
  container?.remove();
  root = undefined;
  container = undefined;
}

/** Lets pending promises and effects run. */
export const tick = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));

/** Clicks an element inside `act`. */
export const click = (el: Element | null | undefined) => {
  if (!el) throw new Error('nothing to click');
  act(() => (el as HTMLElement).click());
};

/** The button whose text is `text` (or matches it). */
export const button = (el: ParentNode, text: string | RegExp) =>
  [...el.querySelectorAll('button')].find((b) => (typeof text === 'string' ? b.textContent?.trim() === text : text.test(b.textContent ?? '')));

/** Types into an input or select as a person would (React sees the change). */
export function type(el: HTMLInputElement | HTMLSelectElement | null, value: string): void {
  if (!el) throw new Error('nothing to type into');
  const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')!.set!;
  act(() => {
    setter.call(el, value);
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}
