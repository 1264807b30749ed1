/**
 * One ListObjectVersions page: every version and delete marker, by key in S3
 * order and newest first within a key, with common prefixes rolled up.
 *
 * A bucket keeps current objects and older entries in two sorted indexes
 * (state.ts), so the page walks both at once: O(log n) to find the start,
 * O(page) to fill it, and a common prefix skips its whole run in each index
 * with one binary search.
 */
import { S3Error, type ObjectRecord, type VersionListEntry, type VersionListParams, type VersionListResult } from '../store-types';
import { compareKeys, type KeyIndex } from './key-order';
import type { BucketState } from './state';
import { versionIdOf } from './versions';

/** Resolves a current key to its record (stored or derived), as the listing sees it now. */
export type ResolveCurrent = (key: string) => ObjectRecord;

/**
 * Lists one page.
 *
 * A key marker alone resumes after every version of that key; with a
 * version-id marker, after that version of it. A version-id marker without a
 * key marker is InvalidArgument, as S3 answers.
 */
export function listVersionsPage(b: BucketState, params: VersionListParams, resolve: ResolveCurrent, settle: (o: ObjectRecord) => ObjectRecord): VersionListResult {
  const prefix = params.prefix ?? '';
  const delimiter = params.delimiter || undefined;
  const keyMarker = params.keyMarker || undefined;
  const versionIdMarker = params.versionIdMarker || undefined;
  if (versionIdMarker !== undefined && keyMarker === undefined) {
    throw new S3Error(400, 'InvalidArgument', 'A version-id marker cannot be specified without a key marker.', { ArgumentName: 'version-id-marker', ArgumentValue: versionIdMarker });
  }
  const entries: VersionListEntry[] = [];
  if (params.maxKeys <= 0) return { entries, isTruncated: false };

  const main = cursor(b.index, prefix, keyMarker, versionIdMarker !== undefined);
  const hist = cursor(b.historyIndex, prefix, keyMarker, versionIdMarker !== undefined);
  let last: { key: string; versionId?: string } | undefined;
  const truncated = (): VersionListResult => ({ entries, isTruncated: true, nextKeyMarker: last?.key, nextVersionIdMarker: last?.versionId });

  for (;;) {
    const key = nextKey(main, hist, prefix);
    if (key === undefined) return { entries, isTruncated: false };
    if (delimiter !== undefined) {
      const cut = key.indexOf(delimiter, prefix.length);
      if (cut >= 0) {
        const common = key.slice(0, cut + delimiter.length);
        // As in ListObjects: a common prefix at or before the marker was already returned.
        if (keyMarker === undefined || compareKeys(common, keyMarker) > 0) {
          if (entries.length === params.maxKeys) return truncated();
          entries.push({ kind: 'prefix', prefix: common });
          last = { key: common };
        }
        main.i = main.index.skipPrefix(common, main.i);
        hist.i = hist.index.skipPrefix(common, hist.i);
        continue;
      }
    }
    const inMain = main.i < main.index.size && main.index.at(main.i) === key;
    const older = b.history.get(key) ?? [];
    let skip = 0;
    if (key === keyMarker && versionIdMarker !== undefined) {
      // Resume inside the key, after the marker's version (the whole key when that version is gone).
      const ids = [...(inMain ? [versionIdOf({ record: resolve(key) })] : []), ...older.map(versionIdOf)];
      const at = ids.indexOf(versionIdMarker);
      skip = at < 0 ? ids.length : at + 1;
    }
    let n = 0;
    if (inMain) {
      if (n++ >= skip) {
        if (entries.length === params.maxKeys) return truncated();
        const object = resolve(key);
        entries.push({ kind: 'version', object, isLatest: true });
        last = { key, versionId: versionIdOf({ record: object }) };
      }
      main.i++;
    }
    for (let k = 0; k < older.length; k++) {
      if (n++ < skip) continue;
      if (entries.length === params.maxKeys) return truncated();
      const e = older[k];
      const isLatest = !inMain && k === 0;
      entries.push('marker' in e ? { kind: 'marker', marker: e.marker, isLatest } : { kind: 'version', object: settle(e.record), isLatest });
      last = { key, versionId: versionIdOf(e) };
    }
    if (hist.i < hist.index.size && hist.index.at(hist.i) === key) hist.i++;
  }
}

interface Cursor {
  index: KeyIndex;
  i: number;
}

/** A cursor at the first key of `index` under `prefix` and past the key marker. */
function cursor(index: KeyIndex, prefix: string, keyMarker: string | undefined, inclusive: boolean): Cursor {
  let i = prefix ? index.lowerBound(prefix) : 0;
  if (keyMarker !== undefined) i = Math.max(i, inclusive ? index.lowerBound(keyMarker) : index.upperBound(keyMarker));
  return { index, i };
}

/** The smaller of the two cursors' keys under the prefix; undefined when both are past it. */
function nextKey(a: Cursor, b: Cursor, prefix: string): string | undefined {
  const ka = a.i < a.index.size ? a.index.at(a.i) : undefined;
  const kb = b.i < b.index.size ? b.index.at(b.i) : undefined;
  const x = ka !== undefined && ka.startsWith(prefix) ? ka : undefined;
  const y = kb !== undefined && kb.startsWith(prefix) ? kb : undefined;
  if (x === undefined) return y;
  if (y === undefined) return x;
  return compareKeys(x, y) <= 0 ? x : y;
}
