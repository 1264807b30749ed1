import { describe, expect, it } from 'vitest';
import type { ListPage } from './list-xml';
import { RowBatcher } from './rows';

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
