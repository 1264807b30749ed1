import { describe, expect, it } from 'vitest';
import { compareKeys } from './key-order';
import { Alphabet, chooseSplits, estimateRemaining, splitCandidates } from './range-split';

const flat = (i: number) => `flat/obj-${String(i).padStart(7, '0')}.bin`;

function trained(prefix: string, keys: string[]): Alphabet {
  const a = new Alphabet(prefix);
  a.observePage(keys);
  return a;
}

describe('splitCandidates', () => {
  it('lists points strictly between cursor and end, in key order, inside the prefix', () => {
    const page = Array.from({ length: 1000 }, (_, i) => flat(i));
    const a = trained('flat/', page);
    for (const hi of [undefined, 'flat/obj-05', 'flat/obj-0001', 'flat/p']) {
      const { keys } = splitCandidates(page[999]!, hi, 'flat/', a);
      expect(keys.length).toBeGreaterThan(0);
      for (let i = 0; i < keys.length; i++) {
        expect(compareKeys(keys[i]!, page[999]!)).toBeGreaterThan(0);
        if (hi) expect(compareKeys(keys[i]!, hi)).toBeLessThan(0);
        expect(keys[i]!.startsWith('flat/')).toBe(true);
        if (i > 0) expect(compareKeys(keys[i - 1]!, keys[i]!)).toBeLessThan(0);
      }
    }
  });

  it('offers the digit blocks a numbered key space really has', () => {
    const page = Array.from({ length: 1000 }, (_, i) => flat(i));
    const { keys } = splitCandidates(page[999]!, undefined, 'flat/', trained('flat/', page));
    for (const block of ['flat/obj-01', 'flat/obj-001', 'flat/obj-0001', 'flat/obj-1']) expect(keys).toContain(block);
  });

  it('never splits a surrogate pair', () => {
    const keys = ['e/😀a', 'e/😀b', 'e/😁'];
    const a = trained('e/', keys);
    for (const k of splitCandidates('e/😀a', undefined, 'e/', a).keys) expect(() => encodeURIComponent(k)).not.toThrow();
  });
});

describe('chooseSplits', () => {
  it('returns at most parts-1 sorted cuts between cursor and end', () => {
    const page = Array.from({ length: 1000 }, (_, i) => flat(i));
    const a = trained('flat/', page);
    for (const parts of [2, 5, 16, 48]) {
      const cuts = chooseSplits(page[999]!, undefined, 'flat/', a, parts);
      expect(cuts.length).toBeGreaterThan(0);
      expect(cuts.length).toBeLessThanOrEqual(parts - 1);
      for (let i = 1; i < cuts.length; i++) expect(compareKeys(cuts[i - 1]!, cuts[i]!)).toBeLessThan(0);
      expect(compareKeys(cuts[0]!, page[999]!)).toBeGreaterThan(0);
    }
    expect(chooseSplits(page[999]!, undefined, 'flat/', a, 1)).toEqual([]);
  });
});

describe('estimateRemaining', () => {
  it('is in the right order of magnitude for numbered keys once positions are known', () => {
    // A lister inside obj-0100000…0199999 that has read 5,000 keys: 95,000 are left before obj-02.
    const a = new Alphabet('flat/');
    a.observePage(Array.from({ length: 1000 }, (_, i) => flat(i)));
    // First and last keys of other listers' pages: spread over the whole key space.
    let x = 12345;
    for (let i = 0; i < 100; i++) a.observe(flat((x = (x * 1103515245 + 12345) % 2147483648) % 1_000_000));
    const est = estimateRemaining({ first: flat(100_000), last: flat(104_999), count: 5000 }, 'flat/obj-02', 'flat/', a);
    expect(est).toBeGreaterThan(95_000 / 4);
    expect(est).toBeLessThan(95_000 * 4);
  });

  it('is zero past the end and infinite when the page is too narrow to measure', () => {
    const a = trained('x/', ['x/a', 'x/b']);
    expect(estimateRemaining({ first: 'x/a', last: 'x/b', count: 2 }, 'x/b', 'x/', a)).toBe(0);
    expect(estimateRemaining({ first: 'x/a', last: 'x/a', count: 2 }, undefined, 'x/', a)).toBe(Infinity);
  });
});
