import { describe, expect, it } from 'vitest';
import { RowStore, radixSortByValue, type ColumnarBatch } from './row-store';

/** A batch shaped as it arrives over IPC (structured clone yields flat strings, like JSON.parse). */
function batch(names: string[], extra: Partial<Omit<ColumnarBatch, 'names'>> = {}): ColumnarBatch {
  const n = names.length;
  return {
    names,
    sizes: extra.sizes ?? names.map((_, i) => i * 10),
    modified: extra.modified ?? names.map((_, i) => 1_700_000_000_000 + i),
    storageClass: extra.storageClass ?? new Array<number>(n).fill(0),
    restore: extra.restore ?? new Array<number>(n).fill(0),
    restoreExpiry: extra.restoreExpiry ?? new Array<number>(n).fill(0),
  };
}

function names(store: RowStore, view: Uint32Array): string[] {
  return Array.from(view, (i) => store.name(i));
}

describe('RowStore', () => {
  it('appends batches and reads columns back by index', () => {
    const s = new RowStore();
    s.append(batch(['a/', 'b.txt'], { sizes: [0, 42], storageClass: [0, 5], restore: [0, 2], restoreExpiry: [0, 1234] }), 1);
    s.append(batch(['c.bin']));
    expect(s.count).toBe(3);
    expect(s.folderCount).toBe(1);
    expect(s.isFolder(0)).toBe(true);
    expect(s.isFolder(1)).toBe(false);
    expect(s.name(1)).toBe('b.txt');
    expect(s.size(1)).toBe(42);
    expect(s.storageClass(1)).toBe(5);
    expect(s.restore(1)).toBe(2);
    expect(s.restoreExpiry(1)).toBe(1234);
    expect(s.restoreExpiry(0)).toBe(0);
    expect(s.name(2)).toBe('c.bin');
    s.clear();
    expect(s.count).toBe(0);
    expect(s.folderCount).toBe(0);
  });

  it('shows folders before files although batches interleave them; markers are files', () => {
    const s = new RowStore();
    s.append(batch(['a/', 'b/', 'a.txt', 'c.txt']), 2);
    s.append(batch(['c/', 'd.txt', 'e/']), 1); // 'e/' after the folders: a zero-byte "directory marker" object
    s.append(batch(['', 'f.txt'])); // '' is the listed prefix's own marker: not a row
    expect(names(s, s.identity())).toEqual(['a/', 'b/', 'c/', 'a.txt', 'c.txt', 'd.txt', 'e/', 'f.txt']);
    expect(s.folderCount).toBe(3);
    expect(s.isFolder(s.identity()[6] as number)).toBe(false);
    // Indices are arrival order and stable: row 2 stays 'a.txt' after more batches.
    expect(s.name(2)).toBe('a.txt');
    expect(names(s, s.sort({ column: 'name', descending: false }))).toEqual(['a/', 'b/', 'c/', 'a.txt', 'c.txt', 'd.txt', 'e/', 'f.txt']);
  });

  it('grows past its initial capacity without losing values', () => {
    const s = new RowStore();
    const n = 5000;
    for (let b = 0; b < 5; b++) {
      const ns = Array.from({ length: n / 5 }, (_, i) => `k${b * 1000 + i}`);
      s.append(batch(ns, { sizes: ns.map((_, i) => b * 1000 + i) }));
    }
    expect(s.count).toBe(n);
    for (const i of [0, 1023, 1024, 1535, 1536, 4999]) {
      expect(s.size(i)).toBe(i);
      expect(s.name(i)).toBe(`k${i}`);
    }
  });

  it('filters by case-insensitive substring, treating the text literally', () => {
    const s = new RowStore();
    s.append(batch(['Train/', 'a+b.txt', 'readme.md', 'train.jsonl', 'VAL.jsonl']), 1);
    expect(names(s, s.filter('TRAIN'))).toEqual(['Train/', 'train.jsonl']);
    expect(names(s, s.filter('.JSONL'))).toEqual(['train.jsonl', 'VAL.jsonl']);
    expect(names(s, s.filter('RE'))).toEqual(['readme.md']);
    expect(names(s, s.filter('a+b'))).toEqual(['a+b.txt']);
    expect(names(s, s.filter('.*'))).toEqual([]);
    expect(s.filter('').length).toBe(5);
  });

  it('filters within a sorted view and keeps its order', () => {
    const s = new RowStore();
    s.append(batch(['a1', 'b1', 'a2'], { sizes: [3, 2, 1] }));
    const bySize = s.sort({ column: 'size', descending: false });
    expect(names(s, s.filter('a', bySize))).toEqual(['a2', 'a1']);
  });

  it('sorts by each column with folders first and stable ties', () => {
    const s = new RowStore();
    s.append(
      batch(['b/', 'a/', 'x', 'y', 'z', 'w'], {
        sizes: [0, 0, 30, 10, 30, 20],
        modified: [0, 0, 4, 3, 2, 1],
        storageClass: [0, 0, 5, 1, 5, 0],
      }),
      2,
    );
    expect(names(s, s.sort({ column: 'name', descending: false }))).toEqual(['a/', 'b/', 'w', 'x', 'y', 'z']);
    expect(names(s, s.sort({ column: 'name', descending: true }))).toEqual(['b/', 'a/', 'z', 'y', 'x', 'w']);
    // Folders have no size, date or class: they stay in name order under every other column.
    expect(names(s, s.sort({ column: 'size', descending: false }))).toEqual(['a/', 'b/', 'y', 'w', 'x', 'z']);
    // Descending keeps equal sizes in key order (x before z).
    expect(names(s, s.sort({ column: 'size', descending: true }))).toEqual(['a/', 'b/', 'x', 'z', 'w', 'y']);
    expect(names(s, s.sort({ column: 'modified', descending: false }))).toEqual(['a/', 'b/', 'w', 'z', 'y', 'x']);
    expect(names(s, s.sort({ column: 'class', descending: false }))).toEqual(['a/', 'b/', 'w', 'y', 'x', 'z']);
    expect(names(s, s.sort({ column: 'class', descending: true }))).toEqual(['a/', 'b/', 'x', 'z', 'y', 'w']);
  });

  it('sorts by name correctly even when rows did not arrive in key order', () => {
    const s = new RowStore();
    s.append(batch(['c/', 'm', 'a']), 1);
    s.append(batch(['a/', 'z', 'b']), 1);
    expect(names(s, s.sort({ column: 'name', descending: false }))).toEqual(['a/', 'c/', 'a', 'b', 'm', 'z']);
    expect(names(s, s.sort({ column: 'name', descending: true }))).toEqual(['c/', 'a/', 'z', 'm', 'b', 'a']);
  });

  it('radix-sorts by value like a stable comparator sort, both directions', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const m = 5000;
    const values = new Float64Array(m);
    for (let j = 0; j < m; j++) values[j] = j % 5 === 0 ? 0 : j % 3 === 0 ? Math.floor(rand() * 5e12) : 1_700_000_000_000 + Math.floor(rand() * 1e6);
    const view = Uint32Array.from({ length: m }, (_, j) => m - 1 - j); // a non-identity view
    const valueOf = new Map<number, number>();
    view.forEach((row, j) => valueOf.set(row, values[j] as number));
    for (const descending of [false, true]) {
      const got = Array.from(radixSortByValue(view, values, descending));
      const want = Array.from(view)
        .map((row, pos) => ({ row, pos }))
        .sort((a, b) => (descending ? -1 : 1) * ((valueOf.get(a.row) as number) - (valueOf.get(b.row) as number)) || a.pos - b.pos)
        .map((x) => x.row);
      expect(got).toEqual(want);
    }
  });

  it('sorts and filters 1,000,000 rows into index permutations', () => {
    const s = new RowStore();
    const per = 10_000;
    for (let b = 0; b < 100; b++) {
      const ns = Array.from({ length: per }, (_, i) => `f${String(b * per + i).padStart(7, '0')}`);
      s.append(batch(ns, { sizes: ns.map((_, i) => (b * per + i) % 977) }));
    }
    const t0 = performance.now();
    const view = s.sort({ column: 'size', descending: true });
    const t1 = performance.now();
    const hits = s.filter('00042');
    const t2 = performance.now();
    console.info(`1M rows: sort by size ${(t1 - t0).toFixed(0)} ms, filter ${(t2 - t1).toFixed(0)} ms`);
    expect(view).toBeInstanceOf(Uint32Array);
    expect(view.length).toBe(1_000_000);
    for (let j = 1; j < 1000; j++) expect(s.size(view[j - 1] as number)).toBeGreaterThanOrEqual(s.size(view[j] as number));
    let expected = 0;
    for (let i = 0; i < 1_000_000; i++) if (String(i).padStart(7, '0').includes('00042')) expected++;
    expect(hits.length).toBe(expected);
    expect(s.name(hits[0] as number)).toBe('f0000042');
  }, 60_000);

  describe('updateRestore', () => {
    it('finds files by binary search when they arrived in key order, and leaves folders alone', () => {
      const s = new RowStore();
      s.append(batch(['a/', 'a.bin', 'c.bin'], { restore: [0, 0, 1] }), 1);
      s.append(batch(['b/', 'd.bin', 'e.bin']), 1);
      // Folder 'a/' shares no name with a file; a name that is only a folder is not matched.
      expect(s.updateRestore(['c.bin', 'e.bin', 'a/', 'zzz'], [2, 1, 2, 2], [5_000, 0, 0, 0])).toBe(2);
      const byName = (n: string) => Array.from(s.identity()).find((i) => s.name(i) === n) as number;
      expect(s.restore(byName('c.bin'))).toBe(2);
      expect(s.restoreExpiry(byName('c.bin'))).toBe(5_000);
      expect(s.restore(byName('e.bin'))).toBe(1);
      expect(s.restore(byName('a.bin'))).toBe(0);
      expect(s.restore(byName('a/'))).toBe(0);
      // The same state again changes nothing (so no redraw is needed).
      expect(s.updateRestore(['c.bin'], [2], [5_000])).toBe(0);
    });

    it('falls back to one pass when files arrived out of order', () => {
      const s = new RowStore();
      s.append(batch(['m.bin', 'b.bin', 'x.bin', 'a.bin']));
      expect(s.updateRestore(['a.bin', 'x.bin'], [2, 2], [7, 8])).toBe(2);
      expect(s.restore(3)).toBe(2);
      expect(s.restoreExpiry(3)).toBe(7);
      expect(s.restore(2)).toBe(2);
      expect(s.restore(0)).toBe(0);
    });

    it('updates 25,000 names among 1,000,000 rows quickly', () => {
      const s = new RowStore();
      const per = 50_000;
      for (let b = 0; b < 20; b++) s.append(batch(Array.from({ length: per }, (_, i) => `k${String(b * per + i).padStart(7, '0')}`)));
      const names = Array.from({ length: 25_000 }, (_, j) => `k${String(j * 40).padStart(7, '0')}`);
      const t0 = performance.now();
      const changed = s.updateRestore(names, names.map(() => 2), names.map(() => 1));
      const ms = performance.now() - t0;
      expect(changed).toBe(25_000);
      expect(s.restore(40)).toBe(2);
      expect(s.restore(41)).toBe(0);
      // Binary search: ~25,000 × 20 comparisons, far under a frame even on a slow CI host.
      expect(ms).toBeLessThan(250);
    });
  });
});
