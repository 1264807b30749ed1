import { describe, expect, it } from 'vitest';
import type { ListEntry, ObjectRecord } from '../store-types';
import { compareKeys, KeyIndex } from './key-order';
import { listPage } from './listing';

const rec = (key: string): ObjectRecord => ({
  key,
  size: 0,
  etag: '""',
  lastModified: 0,
  storageClass: 'STANDARD',
  contentType: 'x',
  metadata: {},
  tags: {},
  checksums: {},
});
const names = (entries: ListEntry[]) => entries.map((e) => (e.kind === 'object' ? e.object.key : `P:${e.prefix}`));

/** Reference lister: a plain scan in UTF-8 byte order, used to check the indexed one. */
function naive(keys: string[], prefix: string, delimiter: string | undefined, after: string | undefined, max: number) {
  const sorted = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const out: string[] = [];
  const seen = new Set<string>();
  for (const k of sorted) {
    if (!k.startsWith(prefix)) continue;
    let entry = k;
    if (delimiter) {
      const i = k.indexOf(delimiter, prefix.length);
      if (i >= 0) entry = `P:${k.slice(0, i + delimiter.length)}`;
    }
    const raw = entry.startsWith('P:') ? entry.slice(2) : entry;
    if (after !== undefined && Buffer.compare(Buffer.from(raw), Buffer.from(after)) <= 0) continue;
    if (seen.has(entry)) continue;
    seen.add(entry);
    out.push(entry);
  }
  return { entries: out.slice(0, max), truncated: out.length > max };
}

describe('compareKeys', () => {
  it('orders like UTF-8 bytes, including astral characters vs U+E000..U+FFFF', () => {
    const keys = ['a', 'ab', 'a/', 'b', '\uffff', '\u{1f600}', '\ue000', 'é', 'z', 'Z', '日本', ' ', '%', '+'];
    const bytes = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([...keys].sort(compareKeys)).toEqual(bytes);
  });
});

describe('listPage', () => {
  const keys = [
    'a/1', 'a/2', 'a/b/1', 'a/b/2', 'a/c', 'b', 'b/x', 'c/d/e', 'ünïcode/日本語 file.json', 'x+y%z', '\u{1f600}/a', '\uffff/b', 'a!',
  ];
  const index = KeyIndex.fromUnsorted(keys);

  const cases: Array<[string, string | undefined, string | undefined, number]> = [
    ['', undefined, undefined, 1000],
    ['', '/', undefined, 1000],
    ['a/', '/', undefined, 1000],
    ['a/', '/', 'a/1', 1000],
    ['', '/', 'a/b/1', 1000],
    ['', '/', 'a/', 2],
    ['a', '/', undefined, 1],
    ['', undefined, 'b', 3],
    ['', '/', '\u{1f600}', 1000],
    ['zzz', '/', undefined, 1000],
  ];
  it.each(cases)('prefix=%j delimiter=%j after=%j max=%j matches a full scan', (prefix, delimiter, after, max) => {
    const page = listPage(index, { prefix, delimiter, after, maxKeys: max }, rec);
    const want = naive(keys, prefix, delimiter, after, max);
    expect(names(page.entries)).toEqual(want.entries);
    expect(page.isTruncated).toBe(want.truncated);
  });

  it('pages through everything with lastReturned as the next marker', () => {
    for (const delimiter of [undefined, '/']) {
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = listPage(index, { delimiter, after, maxKeys: 2 }, rec);
        seen.push(...names(page.entries));
        if (!page.isTruncated) break;
        after = page.lastReturned;
      }
      expect(seen).toEqual(naive(keys, '', delimiter, undefined, 1000).entries);
    }
  });

  it('jumps over a large common prefix instead of walking it', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => `big/${String(i).padStart(6, '0')}`);
    const idx = KeyIndex.fromSorted(['a', ...many, 'c']);
    let resolved = 0;
    const page = listPage(idx, { delimiter: '/', maxKeys: 10 }, (k) => (resolved++, rec(k)));
    expect(names(page.entries)).toEqual(['a', 'P:big/', 'c']);
    expect(resolved).toBe(2);
  });
});
