import { describe, expect, it, vi } from 'vitest';
import type { ThawApi } from '../../../shared/ipc/contract';
import type { ListingEvent, ListingRows } from '../../../shared/ipc/listing';
import { createAppStore } from './index';
import { parentPrefix } from './browser-slice';
import { prefixChain } from './browser-tree';

function rowsOf(names: string[]): ListingRows {
  return {
    names,
    sizes: names.map((_, i) => i + 1),
    modified: names.map(() => 1_700_000_000_000),
    storageClass: names.map(() => 1),
    restore: names.map(() => 0),
    restoreExpiry: names.map(() => 0),
  };
}

/** A fake window.thaw recording calls; listing:start answers with job ids j1, j2, … */
function harness() {
  const calls: Array<{ method: string; input: unknown }> = [];
  let job = 0;
  const ok = <T,>(data: T) => Promise.resolve({ ok: true as const, data });
  const api = {
    connections: { list: () => ok([{ id: 'sandbox', name: 'Local sandbox', kind: 'sandbox', readOnly: false }]) },
    buckets: {
      list: (input: unknown) => (calls.push({ method: 'buckets.list', input }), ok({ buckets: [{ name: 'demo', addedByHand: false }], listDenied: false })),
    },
    listing: {
      start: (input: unknown) => (calls.push({ method: 'listing.start', input }), ok({ jobId: `j${++job}` })),
      cancel: (input: unknown) => (calls.push({ method: 'listing.cancel', input }), ok({ cancelled: true })),
    },
    browse: {
      children: (input: { prefix: string; cursor?: string }) => {
        calls.push({ method: 'browse.children', input });
        if (input.cursor) return ok({ folders: [`${input.prefix}z/`], objectCount: 0 });
        return ok({ folders: [`${input.prefix}a/`, `${input.prefix}b/`], objectCount: 1, nextCursor: 'c1' });
      },
    },
    objects: {
      head: (input: { key: string }) => (calls.push({ method: 'objects.head', input }), ok({ key: input.key, size: 1 })),
      preview: (input: { key: string }) => (calls.push({ method: 'objects.preview', input }), ok({ kind: 'text', key: input.key, size: 1, text: 'x', truncated: false })),
    },
  } as unknown as ThawApi;
  const timers: Array<{ fn: () => void; cancelled: boolean }> = [];
  const schedule = (fn: () => void) => {
    const t = { fn, cancelled: false };
    timers.push(t);
    return () => {
      t.cancelled = true;
    };
  };
  const flushTimers = () => {
    for (const t of timers.splice(0)) if (!t.cancelled) t.fn();
  };
  const store = createAppStore({ api: () => api, schedule });
  return { store, calls, flushTimers };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('browser slice', () => {
  it('streams rows, publishing counts in batches rather than per event', async () => {
    const { store, calls, flushTimers } = harness();
    await store.getState().loadConnections();
    store.getState().navigate({ bucket: 'demo', prefix: '' });
    // An event that overtakes the listing:start answer is buffered, not lost.
    const early: ListingEvent = { jobId: 'j1', kind: 'rows', folders: 1, rows: rowsOf(['train/', 'a.txt']) };
    store.getState().applyListingEvent(early);
    await tick();
    expect(store.getState().listing.jobId).toBe('j1');
    expect(calls.find((c) => c.method === 'listing.start')?.input).toEqual({ connectionId: 'sandbox', bucket: 'demo', prefix: '', recursive: false });
    const renders = vi.fn();
    const unsub = store.subscribe((s, prev) => s.rowCount !== prev.rowCount && renders());
    for (let b = 0; b < 50; b++) store.getState().applyListingEvent({ jobId: 'j1', kind: 'rows', folders: 0, rows: rowsOf([`f${String(b).padStart(3, '0')}`]) });
    // Rows are held, but nothing is published until the throttle fires.
    expect(store.getState().getRows().count).toBe(52);
    expect(store.getState().rowCount).toBe(0);
    flushTimers();
    expect(store.getState().rowCount).toBe(52);
    expect(renders).toHaveBeenCalledTimes(1);
    // Events of another job are ignored.
    store.getState().applyListingEvent({ jobId: 'j9', kind: 'rows', folders: 0, rows: rowsOf(['zzz']) });
    store.getState().applyListingEvent({ jobId: 'j1', kind: 'done', total: 52, scanned: 52, seconds: 0.1, restoreStatusSupported: true });
    expect(store.getState().listing.status).toBe('done');
    expect(store.getState().rowCount).toBe(52);
    const rows = store.getState().getRows();
    expect(Array.from(store.getState().getView().subarray(0, 3), (i) => rows.name(i))).toEqual(['train/', 'a.txt', 'f000']);
    unsub();
  });

  it('keeps back/forward history and goes up, cancelling the listing it leaves', async () => {
    const { store, calls } = harness();
    await store.getState().loadConnections();
    const s = () => store.getState();
    s().navigate({ bucket: 'demo', prefix: '' });
    await tick();
    s().navigate({ bucket: 'demo', prefix: 'train/' });
    await tick();
    s().navigate({ bucket: 'demo', prefix: 'train/shards/' });
    await tick();
    expect(calls.filter((c) => c.method === 'listing.cancel').map((c) => c.input)).toEqual([{ jobId: 'j1' }, { jobId: 'j2' }]);
    s().goBack();
    expect(s().location?.prefix).toBe('train/');
    s().goBack();
    expect(s().location?.prefix).toBe('');
    expect(s().backStack).toEqual([]);
    s().goForward();
    expect(s().location?.prefix).toBe('train/');
    s().goUp();
    expect(s().location?.prefix).toBe('');
    // Going up is a new step: forward history is dropped.
    expect(s().forwardStack).toEqual([]);
    expect(s().backStack.map((l) => l.prefix)).toEqual(['', 'train/']);
  });

  it('filters and sorts the loaded rows, and selection drives the inspector', async () => {
    const { store, calls, flushTimers } = harness();
    await store.getState().loadConnections();
    const s = () => store.getState();
    s().navigate({ bucket: 'demo', prefix: 'data/' });
    await tick();
    s().applyListingEvent({ jobId: 'j1', kind: 'rows', folders: 1, rows: rowsOf(['sub/', 'a.jsonl', 'b.png', 'c.jsonl']) });
    s().applyListingEvent({ jobId: 'j1', kind: 'done', total: 4, scanned: 4, seconds: 0, restoreStatusSupported: true });
    s().setFilter('JSONL');
    expect(s().viewCount).toBe(2);
    s().setSort({ column: 'size', descending: true });
    const rows = s().getRows();
    expect(Array.from(s().getView(), (i) => rows.name(i))).toEqual(['c.jsonl', 'a.jsonl']);
    s().clickRow(1, { range: false, toggle: false });
    await tick();
    expect(calls.filter((c) => c.method === 'objects.head').map((c) => c.input)).toEqual([{ connectionId: 'sandbox', bucket: 'demo', key: 'data/a.jsonl' }]);
    expect(s().details.status).toBe('loaded');
    // Keyboard moves wait for the inspect delay before asking for HEAD.
    s().moveFocus(0, false);
    expect(calls.filter((c) => c.method === 'objects.head')).toHaveLength(1);
    flushTimers();
    await tick();
    expect(calls.filter((c) => c.method === 'objects.head')).toHaveLength(2);
    s().selectAll();
    expect(s().selectionSize).toBe(2);
    expect(s().inspected).toBeNull();
  });

  it('loads the prefix tree lazily with "load more" paging', async () => {
    const { store, calls } = harness();
    await store.getState().loadConnections();
    const s = () => store.getState();
    s().navigate({ bucket: 'demo', prefix: 'a/b/' });
    await tick();
    // Revealing a/b/ expands the bucket root and a/, not a/b/ itself.
    expect(Object.keys(s().expanded).sort()).toEqual(['demo/', 'demo/a/']);
    expect(s().tree['demo/']?.folders).toEqual(['a/', 'b/']);
    expect(s().tree['demo/']?.nextCursor).toBe('c1');
    await s().loadMoreChildren('demo', '');
    expect(s().tree['demo/']?.folders).toEqual(['a/', 'b/', 'z/']);
    expect(s().tree['demo/']?.nextCursor).toBeUndefined();
    s().toggleNode('demo', '');
    expect(s().expanded['demo/']).toBeUndefined();
    expect(calls.filter((c) => c.method === 'browse.children')).toHaveLength(3);
  });
});

describe('buckets', () => {
  it('keeps hand-added buckets when ListBuckets is denied and opens an added one', async () => {
    const calls: string[] = [];
    const ok = <T,>(data: T) => Promise.resolve({ ok: true as const, data });
    const api = {
      connections: { list: () => ok([{ id: 'c1', name: 'Scoped', kind: 'custom', readOnly: false }]) },
      buckets: {
        list: () => ok({ buckets: [{ name: 'known', addedByHand: true }], listDenied: true }),
        add: (i: { bucket: string }) => (calls.push(`add:${i.bucket}`), ok({ name: i.bucket, addedByHand: true })),
      },
      listing: { start: (i: { bucket: string }) => (calls.push(`list:${i.bucket}`), ok({ jobId: 'j1' })), cancel: () => ok({ cancelled: true }) },
      browse: { children: () => ok({ folders: [], objectCount: 0 }) },
    } as unknown as ThawApi;
    const store = createAppStore({ api: () => api, schedule: () => () => undefined });
    await store.getState().loadConnections();
    await store.getState().loadBuckets('c1');
    expect(store.getState().buckets).toMatchObject({ status: 'loaded', listDenied: true, buckets: [{ name: 'known', addedByHand: true }] });
    expect(await store.getState().addBucket('team-data')).toBe(true);
    await tick();
    const b = store.getState().buckets;
    expect(b.status === 'loaded' && b.buckets.map((x) => x.name)).toEqual(['known', 'team-data']);
    expect(store.getState().location).toEqual({ bucket: 'team-data', prefix: '' });
    expect(calls).toEqual(['add:team-data', 'list:team-data']);
  });
});

describe('prefix helpers', () => {
  it('computes parents and ancestor chains', () => {
    expect(parentPrefix('a/b/')).toBe('a/');
    expect(parentPrefix('a/')).toBe('');
    expect(parentPrefix('')).toBe('');
    expect(prefixChain('a/b/c/')).toEqual(['', 'a/', 'a/b/', 'a/b/c/']);
    expect(prefixChain('')).toEqual(['']);
  });
});
