import { describe, expect, it } from 'vitest';
import type { ListPage } from './list-xml';
import { RowBatcher, splitBatch } from './rows';

function page(keys: string[], prefixes: string[] = []): ListPage {
  return {
    keys,
    sizes: keys.map((k) => k.length),
    modified: keys.map(() => 5),
    storageClass: keys.map(() => 6),
    restore: keys.map(() => 2),
    restoreExpiry: keys.map(() => 9),
    prefixes,
    isTruncated: false,
    pastEnd: false,
    returned: keys.length + prefixes.length,
  };
}

describe('RowBatcher', () => {
  it('puts the folders of a batch first, names relative to the prefix, and skips the prefix marker', () => {
    const b = new RowBatcher('data/');
    b.add(page(['data/', 'data/a.txt', 'data/z.txt'], ['data/b/', 'data/c/']));
    b.add(page(['data/zz.txt'], ['data/zzz/']));
    const batch = b.take()!;
    expect(batch.folders).toBe(3);
    expect(batch.rows.names).toEqual(['b/', 'c/', 'zzz/', 'a.txt', 'z.txt', 'zz.txt']);
    expect(batch.rows.sizes).toEqual([0, 0, 0, 10, 10, 11]);
    expect(batch.rows.storageClass).toEqual([0, 0, 0, 6, 6, 6]);
    expect(batch.rows.restoreExpiry).toEqual([0, 0, 0, 9, 9, 9]);
    expect(b.total).toBe(6);
    expect(b.take()).toBeUndefined();
  });

  it('filters by a case-insensitive substring of the name', () => {
    const b = new RowBatcher('p/', 'MASK');
    expect(b.add(page(['p/a/mask_1.png', 'p/a/image.png', 'p/Masks/x', 'p/unmasked'], ['p/masked/']))).toBe(4);
    expect(b.take()!.rows.names).toEqual(['masked/', 'a/mask_1.png', 'Masks/x', 'unmasked']);
  });
});

describe('splitBatch', () => {
  const batchOf = (folders: number, files: number) => {
    const rows = { names: [] as string[], sizes: [] as number[], modified: [] as number[], storageClass: [] as number[], restore: [] as number[], restoreExpiry: [] as number[] };
    for (let i = 0; i < folders + files; i++) {
      rows.names.push(i < folders ? `d${i}/` : `f${i}`);
      rows.sizes.push(i < folders ? 0 : i);
      rows.modified.push(i);
      rows.storageClass.push(i < folders ? 0 : 1);
      rows.restore.push(0);
      rows.restoreExpiry.push(0);
    }
    return { folders, rows };
  };

  it('leaves a batch within the limit whole', () => {
    const b = batchOf(2, 10);
    expect(splitBatch(b, 12)).toEqual([b]);
  });

  it('cuts a large batch into events of at most max rows, in order, with each part counting its own folders', () => {
    const b = batchOf(3, 59_997);
    const parts = splitBatch(b, 25_000);
    expect(parts.map((p) => p.rows.names.length)).toEqual([25_000, 25_000, 10_000]);
    expect(parts.map((p) => p.folders)).toEqual([3, 0, 0]);
    for (const col of ['names', 'sizes', 'modified', 'storageClass', 'restore', 'restoreExpiry'] as const) {
      expect(parts.flatMap((p) => p.rows[col] as unknown[])).toEqual(b.rows[col]);
    }
  });

  it('spreads folders over parts when there are more folders than one part holds', () => {
    const parts = splitBatch(batchOf(7, 3), 4);
    expect(parts.map((p) => p.folders)).toEqual([4, 3, 0]);
    expect(parts.map((p) => p.rows.names.length)).toEqual([4, 4, 2]);
    expect(parts[1]!.rows.names.slice(0, 3)).toEqual(['d4/', 'd5/', 'd6/']);
  });
});
