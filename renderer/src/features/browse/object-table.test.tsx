import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ThawApi } from '../../../../shared/ipc/contract';
import { storageClassIndex, RESTORE_IN_PROGRESS } from '../../../../shared/ipc/listing';
import { createAppStore, StoreProvider, type AppStore } from '../../store';
import { ObjectTable } from './object-table';

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

const ok = <T,>(data: T) => Promise.resolve({ ok: true as const, data });

async function setup() {
  const starts: Array<{ prefix: string }> = [];
  const copied: string[] = [];
  const api = {
    clipboard: { writeText: (input: { text: string }) => (copied.push(input.text), ok(null)) },
    connections: { list: () => ok([{ id: 'sandbox', name: 'Local sandbox', kind: 'sandbox', readOnly: false }]) },
    listing: {
      start: (input: { prefix: string }) => (starts.push(input), ok({ jobId: `j${starts.length}` })),
      cancel: () => ok({ cancelled: true }),
    },
    browse: { children: () => ok({ folders: [], objectCount: 0 }) },
    objects: {
      head: (i: { key: string }) => ok({ key: i.key, size: 1 }),
      preview: (i: { key: string }) => ok({ kind: 'unsupported', key: i.key, size: 1, reason: 'x' }),
    },
  } as unknown as ThawApi;
  const store = createAppStore({ api: () => api, schedule: (fn) => (fn(), () => undefined) });
  await store.getState().loadConnections();
  store.getState().navigate({ bucket: 'demo', prefix: 'data/' });
  await act(async () => undefined);
  const glacier = storageClassIndex('GLACIER');
  store.getState().applyListingEvent({
    jobId: 'j1',
    kind: 'rows',
    folders: 1,
    rows: {
      names: ['sub/', 'a.jsonl', 'b.png', 'c.bin'],
      sizes: [0, 2048, 10, 5],
      modified: [0, 1, 2, 3],
      storageClass: [0, 1, glacier, glacier],
      restore: [0, 0, 0, RESTORE_IN_PROGRESS],
      restoreExpiry: [0, 0, 0, 0],
    },
  });
  store.getState().applyListingEvent({ jobId: 'j1', kind: 'done', total: 4, scanned: 4, seconds: 0, restoreStatusSupported: true });
  return { store, starts, copied };
}

function render(store: AppStore, onFocusFilter = () => undefined) {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() =>
    root!.render(
      <StoreProvider store={store}>
        <ObjectTable onFocusFilter={onFocusFilter} />
      </StoreProvider>,
    ),
  );
  const grid = container.querySelector<HTMLElement>('[role="grid"]')!;
  const rows = () => [...container!.querySelectorAll<HTMLElement>('.t-row')];
  const names = () => rows().map((r) => r.querySelector('.t-name')?.textContent);
  const selected = () => rows().filter((r) => r.getAttribute('aria-selected') === 'true').map((r) => r.querySelector('.t-name')?.textContent);
  const key = (k: string, mods: KeyboardEventInit = {}) => act(() => void grid.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, ...mods })));
  const mouse = (i: number, mods: MouseEventInit = {}) => act(() => void rows()[i]!.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, button: 0, ...mods })));
  return { grid, rows, names, selected, key, mouse };
}

describe('<ObjectTable>', () => {
  it('renders folders first, sizes in units, and class and restore badges', async () => {
    const { store } = await setup();
    const t = render(store);
    expect(t.names()).toEqual(['sub/', 'a.jsonl', 'b.png', 'c.bin']);
    const cells = t.rows()[1]!.querySelectorAll('[role="gridcell"]');
    expect(cells[1]?.textContent).toBe('2.00 KB');
    expect(t.rows()[0]!.querySelector('.sc-badge')).toBeNull();
    expect(t.rows()[2]!.querySelector('.sc-badge')?.textContent).toBe('Glacier FR');
    expect(t.rows()[2]!.querySelector('.rs-badge')?.textContent).toBe('Archived');
    expect(t.rows()[3]!.querySelector('.rs-badge')?.textContent).toBe('Restoring');
    expect(t.rows()[1]!.querySelector('.rs-badge')).toBeNull();
    expect(t.grid.getAttribute('aria-rowcount')).toBe('5');
  });

  it('selects with click, shift+click and ctrl+click', async () => {
    const { store } = await setup();
    const t = render(store);
    t.mouse(1);
    expect(t.selected()).toEqual(['a.jsonl']);
    t.mouse(3, { shiftKey: true });
    expect(t.selected()).toEqual(['a.jsonl', 'b.png', 'c.bin']);
    t.mouse(2, { ctrlKey: true });
    expect(t.selected()).toEqual(['a.jsonl', 'c.bin']);
    expect(store.getState().selectionSize).toBe(2);
  });

  it('drives selection, opening, going up, select-all, copy and filter focus from the keyboard', async () => {
    const { store, starts, copied } = await setup();
    const focusFilter = vi.fn();
    const t = render(store, focusFilter);
    t.key('ArrowDown');
    expect(t.selected()).toEqual(['sub/']);
    t.key('ArrowDown');
    t.key('End', { shiftKey: true });
    expect(t.selected()).toEqual(['a.jsonl', 'b.png', 'c.bin']);
    t.key('c', { ctrlKey: true });
    await act(async () => undefined);
    expect(copied).toEqual(['s3://demo/data/a.jsonl\ns3://demo/data/b.png\ns3://demo/data/c.bin']);
    t.key('a', { ctrlKey: true });
    expect(store.getState().selectionSize).toBe(4);
    t.key('f', { ctrlKey: true });
    expect(focusFilter).toHaveBeenCalledTimes(1);
    t.key('Home');
    t.key('Enter');
    expect(store.getState().location).toEqual({ bucket: 'demo', prefix: 'data/sub/' });
    await act(async () => undefined);
    expect(starts.map((s) => s.prefix)).toEqual(['data/', 'data/sub/']);
    t.key('Backspace');
    expect(store.getState().location?.prefix).toBe('data/');
  });

  it('sorts by a column when its header is clicked, toggling direction', async () => {
    const { store } = await setup();
    const t = render(store);
    const header = [...container!.querySelectorAll<HTMLElement>('[role="columnheader"]')].find((h) => h.textContent?.startsWith('Size'))!;
    act(() => header.click());
    expect(header.getAttribute('aria-sort')).toBe('ascending');
    expect(t.names()).toEqual(['sub/', 'c.bin', 'b.png', 'a.jsonl']);
    act(() => header.click());
    expect(header.getAttribute('aria-sort')).toBe('descending');
    expect(t.names()).toEqual(['sub/', 'a.jsonl', 'b.png', 'c.bin']);
  });
});
