import { describe, expect, it } from 'vitest';
import { ERROR_TEXT } from '../notify/error-text';
import { createFakeThaw, manualScheduler } from '../testing/fake-thaw';
import { createAppStore } from './index';
import { MAX_TOASTS, TOAST_TTL_MS } from './ui-slice';

function setup(prefs?: Map<string, string>) {
  const clock = manualScheduler();
  const fake = createFakeThaw({ app: ['info'], connections: ['list'] });
  const store = createAppStore({
    api: () => fake.api,
    schedule: clock.schedule,
    ...(prefs ? { prefs: { get: (k: string) => prefs.get(k) ?? null, set: (k: string, v: string) => void prefs.set(k, v) } } : {}),
  });
  return { store, clock };
}

describe('toasts', () => {
  it('dismiss themselves after their kind’s TTL', () => {
    const { store, clock } = setup();
    store.getState().notify('success', 'Saved');
    store.getState().notifyError({ code: 'AccessDenied', message: 'Access Denied' });
    expect(store.getState().toasts.map((t) => t.kind)).toEqual(['success', 'error']);

    clock.advance(TOAST_TTL_MS.success - 1);
    expect(store.getState().toasts).toHaveLength(2);
    clock.advance(1);
    expect(store.getState().toasts.map((t) => t.kind)).toEqual(['error']);
    clock.advance(TOAST_TTL_MS.error);
    expect(store.getState().toasts).toEqual([]);
    expect(clock.pending()).toBe(0);
  });

  it('dismiss on demand and cancel their timer', () => {
    const { store, clock } = setup();
    const id = store.getState().notify('info', 'Copied');
    store.getState().dismissToast(id);
    expect(store.getState().toasts).toEqual([]);
    expect(clock.pending()).toBe(0);
  });

  it('stay while held (hover/focus) and restart their timer on release', () => {
    const { store, clock } = setup();
    const id = store.getState().notify('info', 'Copied');
    store.getState().holdToast(id);
    clock.advance(TOAST_TTL_MS.info * 3);
    expect(store.getState().toasts).toHaveLength(1);
    store.getState().releaseToast(id);
    clock.advance(TOAST_TTL_MS.info - 1);
    expect(store.getState().toasts).toHaveLength(1);
    clock.advance(1);
    expect(store.getState().toasts).toEqual([]);
  });

  it('with ttlMs 0 stay until dismissed', () => {
    const { store, clock } = setup();
    store.getState().notify('error', 'Sticky', { ttlMs: 0 });
    clock.advance(10 * 60_000);
    expect(store.getState().toasts).toHaveLength(1);
  });

  it('fold identical repeats into one with a count', () => {
    const { store } = setup();
    const a = store.getState().notifyError({ code: 'Throttled', message: 'SlowDown' });
    const b = store.getState().notifyError({ code: 'Throttled', message: 'SlowDown' });
    expect(b).toBe(a);
    expect(store.getState().toasts).toHaveLength(1);
    expect(store.getState().toasts[0]?.count).toBe(2);
  });

  it(`keep at most ${MAX_TOASTS}, dropping the oldest`, () => {
    const { store, clock } = setup();
    for (let i = 1; i <= MAX_TOASTS + 2; i++) store.getState().notify('info', `Message ${i}`);
    expect(store.getState().toasts.map((t) => t.title)).toEqual(['Message 3', 'Message 4', 'Message 5', 'Message 6']);
    expect(clock.pending()).toBe(MAX_TOASTS);
  });

  it('turn an IPC error into its sentence with the server message as detail', () => {
    const { store } = setup();
    store.getState().notifyError({ code: 'InvalidInput', message: 'Invalid input at bogus: Unrecognized key.' });
    expect(store.getState().toasts[0]).toMatchObject({
      kind: 'error',
      title: ERROR_TEXT.InvalidInput.sentence,
      detail: 'Invalid input at bogus: Unrecognized key.',
      code: 'InvalidInput',
    });
  });

  it('show a cancel as information', () => {
    const { store } = setup();
    store.getState().notifyError({ code: 'Cancelled', message: 'Stopped by you.' });
    expect(store.getState().toasts[0]?.kind).toBe('info');
  });
});

describe('panels and theme', () => {
  it('toggles the inspector and the jobs panel', () => {
    const { store } = setup();
    expect(store.getState().inspectorOpen).toBe(true);
    expect(store.getState().jobsPanelOpen).toBe(false);
    store.getState().toggleInspector();
    store.getState().toggleJobsPanel();
    expect(store.getState().inspectorOpen).toBe(false);
    expect(store.getState().jobsPanelOpen).toBe(true);
  });

  it('follows the system theme until told otherwise, and remembers the choice', () => {
    const prefs = new Map<string, string>();
    const first = setup(prefs).store;
    expect(first.getState().theme).toBe('system');
    first.getState().setTheme('dark');
    expect(prefs.get('thaw.theme')).toBe('dark');
    expect(setup(prefs).store.getState().theme).toBe('dark');
    prefs.set('thaw.theme', 'purple');
    expect(setup(prefs).store.getState().theme).toBe('system');
  });
});
