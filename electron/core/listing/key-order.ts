/**
 * S3 key order in JavaScript.
 *
 * S3 lists keys in UTF-8 binary order, which is code point order. JavaScript
 * compares strings by UTF-16 code unit, which disagrees for characters above
 * U+FFFF against U+E000–U+FFFF: a surrogate (0xD800–0xDFFF) sorts below 0xE000
 * in UTF-16 but its code point sorts above. Range listers decide "is this key
 * past my end?" with these functions so they agree with S3.
 */

/** Compares two keys in S3's order: negative, zero or positive. */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return fixup(x) - fixup(y);
  }
  return a.length - b.length;
}

/** Moves surrogates above U+E000–U+FFFF so code unit order becomes code point order. */
function fixup(u: number): number {
  if (u >= 0xd800 && u <= 0xdfff) return u + 0x2000;
  if (u >= 0xe000) return u - 0x800;
  return u;
}

/** True when `key` is strictly after the inclusive bound `hi` (undefined = no bound). */
export function isPast(key: string, hi: string | undefined): boolean {
  return hi !== undefined && compareKeys(key, hi) > 0;
}

/** The larger of two keys in S3 order (undefined counts as smallest). */
export function maxKey(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareKeys(a, b) >= 0 ? a : b;
}
