/**
 * One ListObjects page over a bucket's sorted key index.
 *
 * Cost is O(log n) to find the start plus O(page) to fill it: a delimiter
 * roll-up jumps over the whole run of keys under a common prefix with one
 * binary search instead of walking them.
 */
import type { ListEntry, ListParams, ListResult, ObjectRecord } from '../store-types';
import { compareKeys, type KeyIndex } from './key-order';

/**
 * Lists one page.
 *
 * `resolve` turns a key into its record (materialising synthetic ones lazily),
 * so only keys that land on the page cost anything.
 */
export function listPage(index: KeyIndex, params: ListParams, resolve: (key: string) => ObjectRecord): ListResult {
  const prefix = params.prefix ?? '';
  const delimiter = params.delimiter || undefined;
  const after = params.after || undefined;
  const entries: ListEntry[] = [];
  if (params.maxKeys <= 0) return { entries, isTruncated: false };

  let i = prefix ? index.lowerBound(prefix) : 0;
  if (after !== undefined) i = Math.max(i, index.upperBound(after));
  const n = index.size;
  let lastReturned: string | undefined;

  while (i < n) {
    const key = index.at(i);
    // Keys under the prefix are contiguous: the first one outside ends the listing.
    if (!key.startsWith(prefix)) break;
    if (entries.length === params.maxKeys) return { entries, isTruncated: true, lastReturned };

    if (delimiter !== undefined) {
      const cut = key.indexOf(delimiter, prefix.length);
      if (cut >= 0) {
        const common = key.slice(0, cut + delimiter.length);
        // S3 drops a common prefix that does not sort after start-after / the
        // token; that happens when the marker itself lies inside the run.
        if (after === undefined || compareKeys(common, after) > 0) {
          entries.push({ kind: 'prefix', prefix: common });
          lastReturned = common;
        }
        i = index.skipPrefix(common, i + 1);
        continue;
      }
    }
    entries.push({ kind: 'object', object: resolve(key) });
    lastReturned = key;
    i++;
  }
  return { entries, isTruncated: false, lastReturned };
}
