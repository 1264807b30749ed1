import { describe, expect, it } from 'vitest';
import { compareKeys, isPast, maxKey } from './key-order';

/** S3's order, computed the slow and obviously right way. */
const utf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

describe('compareKeys', () => {
  it('orders like UTF-8 bytes, including astral characters against U+E000–U+FFFF', () => {
    const samples = ['a', 'b', 'ab', '', 'a/b', 'a-b', 'Z', 'é', '\uffff', '\ue000', '😀', '😀a', '\u{10ffff}', 'a😀', 'a\uffff', '日本', '~'];
    for (const x of samples) for (const y of samples) expect(Math.sign(compareKeys(x, y))).toBe(Math.sign(utf8(x, y)));
  });

  it('agrees with UTF-8 order on random strings', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pool = ['a', 'z', '0', '/', '\u00e9', '\u4e2d', '\ue001', '\uff5e', '\u{1f600}', '\u{20000}'];
    const word = () => Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => pool[Math.floor(rnd() * pool.length)]).join('');
    for (let i = 0; i < 2000; i++) {
      const x = word();
      const y = word();
      expect(Math.sign(compareKeys(x, y))).toBe(Math.sign(utf8(x, y)));
    }
  });

  it('isPast and maxKey use the same order', () => {
    expect(isPast('\u{1f600}', '\uffff')).toBe(true);
    expect(isPast('a', undefined)).toBe(false);
    expect(maxKey('\uffff', '\u{1f600}')).toBe('\u{1f600}');
    expect(maxKey(undefined, 'a')).toBe('a');
  });
});
