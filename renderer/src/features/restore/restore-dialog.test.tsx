import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionSummary } from '../../../../shared/ipc/connections';
import { createAppStore, StoreProvider } from '../../store';
import { createFakeThaw, manualScheduler } from '../../testing/fake-thaw';
import { restorePlan } from '../../testing/jobs-fixtures';
import { RestoreDialog } from './restore-dialog';

const SANDBOX: ConnectionSummary = { id: 'sandbox', name: 'Local sandbox', kind: 'sandbox', region: 'us-east-1', readOnly: false };
const GiB = 2 ** 30;
const tick = () => act(() => new Promise((r) => setTimeout(r, 0)));

let root: Root | undefined;
let container: HTMLElement | undefined;
beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});
afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
});

function render(node: ReactNode): HTMLElement {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root!.render(node));
  return container;
}

async function setup(conn: ConnectionSummary = SANDBOX) {
  const fake = createFakeThaw({ connections: ['list'], jobs: ['list', 'items'], restore: ['plan', 'cancelPlan', 'start'], settings: ['get', 'set'] });
  fake.answer('connections.list', () => ({ ok: true, data: [conn] }));
  fake.answer('jobs.list', () => ({ ok: true, data: [] }));
  fake.answer('jobs.items', () => ({ ok: true, data: { total: 0, offset: 0, items: [] } }));
  fake.answer('settings.get', () => ({ ok: false, error: { code: 'Internal', message: 'defaults' } }));
  fake.answer('restore.plan', () => ({ ok: true, data: { planId: 'p1' } }));
  fake.answer('restore.cancelPlan', () => ({ ok: true, data: { cancelled: true } }));
  const store = createAppStore({ api: () => fake.api, schedule: manualScheduler().schedule });
  await store.getState().loadConnections();
  const el = render(
    <StoreProvider store={store}>
      <RestoreDialog />
    </StoreProvider>,
  );
  return { fake, store, el };
}

const target = { connectionId: 'sandbox', bucket: 'bucket', prefixes: ['data/'], keys: [] };
const input = (el: HTMLElement, sel: string) => el.querySelector<HTMLInputElement>(sel)!;
function type(el: HTMLInputElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  act(() => {
    setter.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
const click = (el: Element | null) => act(() => (el as HTMLElement).click());
const startButton = (el: HTMLElement) => el.querySelector<HTMLButtonElement>('[data-testid="restore-start"]')!;

describe('restore dialog', () => {
  it('shows live counts while planning, and closing cancels the plan', async () => {
    const { store, el, fake } = await setup();
    act(() => store.getState().openRestore(target));
    await tick();
    expect(el.querySelector('[data-testid="restore-planning"]')?.textContent).toContain('Starting');
    const requestId = store.getState().restoreDialog!.requestId;
    act(() => store.getState().applyPlanEvent({ kind: 'progress', requestId, planId: 'p1', scanned: 12_000, archived: 900, headsDone: 0, headsPending: 0 }));
    expect(el.textContent).toContain('12,000 examined · 900 archived');
    click([...el.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')!);
    await tick();
    expect(fake.calls.some((c) => c.path === 'restore.cancelPlan')).toBe(true);
    expect(store.getState().restoreDialog).toBeNull();
  });

  it('prices the chosen tier, refuses bad days, and asks for the amount above the threshold', async () => {
    const { store, el, fake } = await setup();
    fake.answer('restore.start', () => ({ ok: true, data: { jobId: 'j1' } }));
    act(() => store.getState().openRestore(target));
    await tick();
    const requestId = store.getState().restoreDialog!.requestId;
    const plan = restorePlan({ toRestore: [{ kind: 'GLACIER', objects: 100_000, bytes: 50_000 * GiB }] });
    act(() => store.getState().applyPlanEvent({ kind: 'done', requestId, planId: 'p1', plan }));
    const total = () => el.querySelector('[data-testid="restore-total"]')?.textContent;
    // Standard (the default): 50 TB of GLACIER is well above the $25 threshold.
    const standard = total();
    expect(standard).toMatch(/^\$[\d,]+\.\d\d$/);
    expect(el.querySelector('[data-testid="restore-confirm"]')).not.toBeNull();
    expect(startButton(el).disabled).toBe(true);
    click(input(el, '[data-testid="tier-Bulk"] input'));
    expect(total()).not.toBe(standard);
    // Days outside 1..365 disable the start and say the range.
    type(input(el, '#restore-days'), '0');
    expect(el.textContent).toContain('a whole number from 1 to 365');
    expect(startButton(el).disabled).toBe(true);
    type(input(el, '#restore-days'), '10');
    const amount = el.querySelector('[data-testid="restore-confirm"] strong')!.textContent!;
    type(input(el, '#restore-confirm'), '1.00');
    expect(startButton(el).disabled).toBe(true);
    type(input(el, '#restore-confirm'), amount);
    expect(startButton(el).disabled).toBe(false);
    click(startButton(el));
    await tick();
    expect(fake.calls.find((c) => c.path === 'restore.start')?.input).toEqual({ planId: 'p1', tier: 'Bulk', days: 10, extendRestored: false, acknowledgedCostUsd: Number(amount) });
    expect(store.getState().restoreDialog).toBeNull();
    expect(store.getState().jobsPanelOpen).toBe(true);
  });

  it('says when there is nothing to restore, offers exact tiers for unchecked objects', async () => {
    const { store, el, fake } = await setup();
    act(() => store.getState().openRestore(target));
    await tick();
    const requestId = store.getState().restoreDialog!.requestId;
    act(() =>
      store.getState().applyPlanEvent({ kind: 'done', requestId, planId: 'p1', plan: restorePlan({ toRestore: [], skipped: [{ reason: 'readable', storageClass: 'STANDARD', objects: 5, bytes: 5 }] }) }),
    );
    expect(el.querySelector('[data-testid="restore-nothing"]')).not.toBeNull();
    expect(el.querySelector('[data-testid="restore-start"]')).toBeNull();

    act(() => store.getState().openRestore(target));
    await tick();
    const second = store.getState().restoreDialog!.requestId;
    act(() => store.getState().applyPlanEvent({ kind: 'done', requestId: second, planId: 'p1', plan: restorePlan({ toRestore: [], unchecked: [{ kind: 'IT_ARCHIVE_ACCESS', objects: 20_000, bytes: GiB }] }) }));
    expect(el.querySelector('[data-testid="restore-unchecked"]')?.textContent).toContain('20,000');
    click([...el.querySelectorAll('button')].find((b) => b.textContent === 'Check tiers exactly')!);
    await tick();
    expect(fake.calls.filter((c) => c.path === 'restore.plan').at(-1)?.input).toMatchObject({ checkTiers: true, prefixes: ['data/'] });
  });

  it('refuses a read-only connection in words, without planning', async () => {
    const { store, el, fake } = await setup({ ...SANDBOX, readOnly: true });
    act(() => store.getState().openRestore(target));
    await tick();
    expect(el.querySelector('.restore-refusal')?.textContent).toMatch(/read-only/);
    // The dialog refuses; the entry points never open it on a read-only connection (see restore-actions).
    expect(el.querySelector('[data-testid="restore-start"]')).toBeNull();
    expect(fake.calls.some((c) => c.path === 'restore.start')).toBe(false);
  });
});
