/**
 * ListObjectVersions paging over the two indexes: order (key, then newest
 * first), IsLatest, markers interleaved, key-marker / version-id-marker
 * resumption at every page size, delimiter roll-ups and prefixes.
 */
import { describe, expect, it } from 'vitest';
import type { SandboxStore, VersionListEntry, VersionListParams } from '../store-types';
import { createManualClock, createStore } from './index';

const id = (e: VersionListEntry) => (e.kind === 'prefix' ? `P:${e.prefix}` : e.kind === 'marker' ? `M:${e.marker.key}@${e.marker.versionId}` : `V:${e.object.key}@${e.object.versionId ?? 'null'}`);

/** A bucket with current keys, noncurrent versions, markers on top and keys that are only history. */
async function seeded(): Promise<SandboxStore> {
  const store = await createStore({ clock: createManualClock() });
  store.createBucket('vlist', 'us-east-1');
  const put = (key: string) => store.put('vlist', key, { body: Buffer.from(key), metadata: {} });
  await put('a/1');
  store.setVersioning('vlist', 'Enabled');
  await put('a/1');
  await put('a/2');
  await store.delete('vlist', 'a/2');
  await put('b');
  await put('b');
  await put('b');
  await store.delete('vlist', 'c');
  await put('d/x/1');
  await put('e');
  return store;
}

function all(store: SandboxStore, params: Omit<VersionListParams, 'maxKeys'> = {}): string[] {
  return store.listVersions('vlist', { ...params, maxKeys: 1000 }).entries.map(id);
}

describe('ListObjectVersions pages', () => {
  it('lists every version and marker by key, newest first, with IsLatest only on the top one', async () => {
    const store = await seeded();
    const page = store.listVersions('vlist', { maxKeys: 1000 });
    const keys = page.entries.map((e) => (e.kind === 'prefix' ? e.prefix : e.kind === 'marker' ? e.marker.key : e.object.key));
    expect(keys).toEqual(['a/1', 'a/1', 'a/2', 'a/2', 'b', 'b', 'b', 'c', 'd/x/1', 'e']);
    expect(page.entries.map((e) => e.kind !== 'prefix' && e.isLatest)).toEqual([true, false, true, false, true, false, false, true, true, true]);
    expect(page.entries.map((e) => e.kind)).toEqual(['version', 'version', 'marker', 'version', 'version', 'version', 'version', 'marker', 'version', 'version']);
    expect(id(page.entries[1])).toBe('V:a/1@null');
    expect(page.isTruncated).toBe(false);
    // ListObjects sees only current, non-deleted keys.
    expect(store.list('vlist', { maxKeys: 1000 }).entries.map((e) => (e.kind === 'object' ? e.object.key : e.prefix))).toEqual(['a/1', 'b', 'd/x/1', 'e']);
  });

  it.each([1, 2, 3, 4, 7])('pages of %i resume exactly where the markers say', async (maxKeys) => {
    const store = await seeded();
    const expected = all(store);
    const seen: string[] = [];
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = store.listVersions('vlist', { keyMarker, versionIdMarker, maxKeys });
      expect(page.entries.length).toBeLessThanOrEqual(maxKeys);
      seen.push(...page.entries.map(id));
      if (!page.isTruncated) break;
      expect(page.nextKeyMarker).toBeDefined();
      keyMarker = page.nextKeyMarker;
      versionIdMarker = page.nextVersionIdMarker;
    }
    expect(seen).toEqual(expected);
  });

  it('a key marker alone skips every version of that key', async () => {
    const store = await seeded();
    expect(all(store, { keyMarker: 'b' })[0]).toMatch(/^M:c@/);
    expect(all(store, { keyMarker: 'a' })[0]).toBe(all(store)[0]);
  });

  it('refuses a version-id marker without a key marker', async () => {
    const store = await seeded();
    expect(() => store.listVersions('vlist', { versionIdMarker: 'x'.repeat(32), maxKeys: 10 })).toThrow(/without a key marker/);
  });

  it('rolls keys up into common prefixes, history-only keys included, and pages through them', async () => {
    const store = await seeded();
    expect(all(store, { delimiter: '/' })).toEqual(['P:a/', ...all(store).filter((e) => /^[VM]:[bc]@/.test(e)), 'P:d/', ...all(store).filter((e) => e.startsWith('V:e@'))]);
    expect(all(store, { prefix: 'a/', delimiter: '/' })).toEqual(all(store).filter((e) => e.includes(':a/')));
    expect(all(store, { prefix: 'd/', delimiter: '/' })).toEqual(['P:d/x/']);
    const first = store.listVersions('vlist', { delimiter: '/', maxKeys: 1 });
    expect([first.entries.map(id), first.isTruncated, first.nextKeyMarker, first.nextVersionIdMarker]).toEqual([['P:a/'], true, 'a/', undefined]);
    const second = store.listVersions('vlist', { delimiter: '/', keyMarker: first.nextKeyMarker, maxKeys: 1 });
    expect(id(second.entries[0])).toMatch(/^V:b@/);
  });

  it('answers an empty page for max-keys 0 and for a prefix nothing has', async () => {
    const store = await seeded();
    expect(store.listVersions('vlist', { maxKeys: 0 })).toEqual({ entries: [], isTruncated: false });
    expect(all(store, { prefix: 'zzz' })).toEqual([]);
  });
});
