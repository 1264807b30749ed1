import { describe, expect, it } from 'vitest';
import { createFakePageSource } from './fake-page-source';
import { compareKeys } from './key-order';
import type { ListPage } from './list-xml';
import { listRanges } from './parallel-list';

const flat = (n: number) => Array.from({ length: n }, (_, i) => `flat/obj-${String(i).padStart(7, '0')}.bin`);
const hex = (n: number) => Array.from({ length: n }, (_, i) => `h/${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}-${i}.dat`);
const partitioned = (n: number) => {
  const shards = ['clicks', 'embeddings', 'events', 'features'];
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    const day = new Date(Date.UTC(2025, 0, 1) + (i % 200) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '/');
    out.push(`data/${shards[i % 4]}/${day}/part-${String(Math.floor(i / 800)).padStart(5, '0')}.parquet`);
  }
  return out;
};
const unicode = (n: number) =>
  Array.from({ length: n }, (_, i) => `u/${['a', 'é', '日', '\ue000', '\uffff', '😀', '\u{10fffd}'][i % 7]}${String(i % 997).padStart(3, '0')}${['', '😀', ' x', '+%'][i % 4]}-${i}`);

function collect() {
  const keys: string[] = [];
  const folders: string[] = [];
  const onChunk = (p: ListPage) => {
    keys.push(...p.keys);
    folders.push(...p.prefixes);
  };
  return { keys, folders, onChunk };
}

describe('listRanges', () => {
  it.each([
    ['numbered flat keys', 'flat/', flat(30_000)],
    ['hash-like keys', 'h/', hex(30_000)],
    ['date partitions', 'data/', partitioned(30_000)],
    ['unicode keys (astral and U+E000+)', 'u/', unicode(20_000)],
  ])('lists every key exactly once, in S3 order: %s', async (_name, prefix, keys) => {
    const source = createFakePageSource([...keys, 'outside/key', 'a-before'], { latencyMs: 10, virtualTime: true });
    const out = collect();
    const { value: result } = await source.drive(listRanges(source, { prefix }, out.onChunk, { concurrency: 16 }));
    const expected = [...new Set(keys)].sort(compareKeys);
    expect(out.keys).toEqual(expected);
    expect(result.scanned).toBe(expected.length);
    expect(result.ranges).toBeGreaterThan(1);
    expect(source.maxInFlight).toBeGreaterThan(2);
    expect(source.maxInFlight).toBeLessThanOrEqual(16);
  });

  it('lists one level with a delimiter: folders once each, even when a split point falls inside one', async () => {
    const keys: string[] = [];
    for (let f = 0; f < 400; f++) for (let k = 0; k < 20; k++) keys.push(`p/dir-${String(f).padStart(4, '0')}/k${k}`);
    for (let i = 0; i < 4000; i++) keys.push(`p/dir-${String(i % 400).padStart(4, '0')}-file-${i}`);
    const parallel = collect();
    const sequential = collect();
    await listRanges(createFakePageSource(keys), { prefix: 'p/', delimiter: '/' }, parallel.onChunk, { concurrency: 16, minSplitKeys: 200 });
    await listRanges(createFakePageSource(keys), { prefix: 'p/', delimiter: '/' }, sequential.onChunk, { concurrency: 1 });
    expect(sequential.folders).toHaveLength(400);
    expect(sequential.keys).toHaveLength(4000);
    expect(parallel.folders).toEqual(sequential.folders);
    expect(parallel.keys).toEqual(sequential.keys);
  });

  it('answers a small prefix with a single request and an empty one with nothing', async () => {
    const small = createFakePageSource(flat(700));
    const out = collect();
    const r = await listRanges(small, { prefix: 'flat/' }, out.onChunk);
    expect(out.keys).toHaveLength(700);
    expect(small.requests).toBe(1);
    expect(r.ranges).toBe(1);
    const empty = createFakePageSource(flat(10));
    const none = collect();
    await listRanges(empty, { prefix: 'nothing/' }, none.onChunk);
    expect(none.keys).toEqual([]);
    expect(empty.requests).toBe(1);
  });

  it('streams the first page after one round trip and finishes far sooner than a single lister (simulated 20 ms)', async () => {
    const keys = flat(200_000);
    const source = createFakePageSource(keys, { latencyMs: 20, virtualTime: true });
    let firstAtRound: number | undefined;
    let count = 0;
    const run = listRanges(
      source,
      { prefix: 'flat/' },
      (p) => {
        firstAtRound ??= source.rounds.length;
        count += p.keys.length;
      },
      { concurrency: 48 },
    );
    const { value, elapsedMs } = await source.drive(run);
    expect(count).toBe(200_000);
    expect(firstAtRound).toBe(1);
    // A single lister needs 200 round trips; the parallel one must need under a tenth of that...
    expect(elapsedMs / 20).toBeLessThan(20);
    // ...without multiplying the work: probes and pages cut at range ends stay a fraction of the listing.
    expect(value.pages).toBeLessThan(200 * 2);
    expect(value.overshoot).toBeLessThan(200_000 * 0.2);
  });

  it('stops every request when aborted and rejects with AbortError', async () => {
    const source = createFakePageSource(flat(100_000), { latencyMs: 5 });
    const ac = new AbortController();
    let chunks = 0;
    const run = listRanges(
      source,
      { prefix: 'flat/' },
      () => {
        if (++chunks === 3) ac.abort();
      },
      { concurrency: 16, signal: ac.signal },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(source.inFlight).toBe(0);
    const sent = source.requests;
    await new Promise((r) => setTimeout(r, 50));
    expect(source.requests).toBe(sent);
  });

  it('fails with the first error and leaves nothing running', async () => {
    const boom = Object.assign(new Error('denied'), { name: 'AccessDenied' });
    const source = createFakePageSource(flat(50_000), { latencyMs: 2, failAt: { request: 6, error: boom } });
    await expect(listRanges(source, { prefix: 'flat/' }, () => {}, { concurrency: 16 })).rejects.toBe(boom);
    expect(source.inFlight).toBe(0);
  });

  it('reports whether the endpoint gave RestoreStatus', async () => {
    const r = await listRanges(createFakePageSource(flat(10), { restoreStatusSupported: false }), { prefix: 'flat/' }, () => {});
    expect(r.restoreStatusSupported).toBe(false);
  });
});
