/**
 * S3 key order and the sorted key index a bucket lists from.
 *
 * S3 lists keys in UTF-8 byte order, which is Unicode code point order. JS
 * compares strings by UTF-16 code units, which agrees except when a surrogate
 * pair (a code point above U+FFFF) meets a BMP character from U+E000 up: UTF-16
 * puts the pair first, UTF-8 puts it last. `compareKeys` corrects that case.
 */

/** Compares two keys in S3 (UTF-8 byte) order: negative, zero or positive. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Only when both units are at or above the surrogate range can UTF-16 and
    // code point order disagree; lift surrogates above U+FFFF to fix it.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x < 0xe000 ? x + 0x2000 : x - 0x800;
      y = y < 0xe000 ? y + 0x2000 : y - 0x800;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** Length of a key in UTF-8 bytes (S3's 1,024-byte key limit counts bytes). */
export function utf8Length(key: string): number {
  return Buffer.byteLength(key, 'utf8');
}

/**
 * A bucket's keys, kept sorted in S3 order.
 *
 * A plain array plus binary search: listing walks it without allocation, and
 * a single insert or delete is one memmove (about a millisecond at 1,000,000
 * keys). Seeds hand over a whole sorted array at once via `fromSorted`.
 */
export class KeyIndex {
  private keys: string[];

  constructor(sortedKeys: string[] = []) {
    this.keys = sortedKeys;
  }

  /** Builds an index from keys in any order (sorted here once). */
  static fromUnsorted(keys: string[]): KeyIndex {
    return new KeyIndex(keys.slice().sort(compareKeys));
  }

  /** Builds an index from keys already in S3 order; verified in one pass, sorted if not. */
  static fromSorted(keys: string[]): KeyIndex {
    for (let i = 1; i < keys.length; i++) {
      if (compareKeys(keys[i - 1], keys[i]) >= 0) return KeyIndex.fromUnsorted(keys);
    }
    return new KeyIndex(keys);
  }

  get size(): number {
    return this.keys.length;
  }

  at(i: number): string {
    return this.keys[i];
  }

  /** All keys in order (the live array: do not mutate). */
  all(): readonly string[] {
    return this.keys;
  }

  /** First index whose key is >= `key`. */
  lowerBound(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.keys[mid], key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose key is > `key`. */
  upperBound(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.keys[mid], key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * First index at or after `from` whose key does not start with `prefix`
   * and sorts after it.
   *
   * Keys sharing a prefix are contiguous in code point order, and every key
   * after that run differs from the prefix at some position inside it, so
   * "past the run" is monotone and binary-searchable: no upper-bound string
   * has to be invented, which is where UTF-16 vs UTF-8 order would bite.
   */
  skipPrefix(prefix: string, from = 0): number {
    let lo = from;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.keys[mid];
      if (k.startsWith(prefix) || compareKeys(k, prefix) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  has(key: string): boolean {
    const i = this.lowerBound(key);
    return i < this.keys.length && this.keys[i] === key;
  }

  /** Adds a key; returns false when it was already present. */
  insert(key: string): boolean {
    const i = this.lowerBound(key);
    if (i < this.keys.length && this.keys[i] === key) return false;
    // Appending in order (the common case for seeds and sync) skips the splice.
    if (i === this.keys.length) this.keys.push(key);
    else this.keys.splice(i, 0, key);
    return true;
  }

  /** Removes a key; returns false when it was absent. */
  remove(key: string): boolean {
    const i = this.lowerBound(key);
    if (i >= this.keys.length || this.keys[i] !== key) return false;
    this.keys.splice(i, 1);
    return true;
  }
}

/** Merges two key arrays already in S3 order into one, without duplicates. */
export function mergeSortedKeys(a: string[], b: string[]): string[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: string[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const c = compareKeys(a[i], b[j]);
    if (c < 0) out[n++] = a[i++];
    else if (c > 0) out[n++] = b[j++];
    else {
      out[n++] = a[i++];
      j++;
    }
  }
  while (i < a.length) out[n++] = a[i++];
  while (j < b.length) out[n++] = b[j++];
  out.length = n;
  return out;
}
