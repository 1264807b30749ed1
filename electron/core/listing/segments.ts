/**
 * What a selection covers, as listable segments, and listing them.
 *
 * A selection (of a restore, a download, a bulk operation) is prefixes (taken recursively) and keys picked one by
 * one. It becomes segments: one per prefix (a recursive listing), and one
 * per folder holding picked keys (a one-level listing of just the span from
 * the first picked key to the last, keeping only the picked ones). Nested
 * prefixes and keys under a selected prefix are folded in, so no key is in
 * two segments. Plans and progress checks both go through `listSegment`, so
 * "what the job covers" is decided in one place; a check lists only the
 * part of a segment that still has keys to watch (`range`).
 */
import type { ListPage } from './list-xml';
import { compareKeys } from './key-order';
import { listRanges, type RangeListResult } from './parallel-list';
import type { PageSource } from './s3-pages';

/** A part of the selection listed in one go. */
export interface Segment {
  prefix: string;
  /** True for a selected prefix; false for a folder's picked keys. */
  recursive: boolean;
  /** For picked keys: their full keys, sorted. */
  keys?: string[];
}

/** Folds prefixes and keys into disjoint segments, in key order of their prefixes. */
export function segmentsOf(prefixes: readonly string[], keys: readonly string[]): Segment[] {
  const sorted = [...new Set(prefixes)].sort(compareKeys);
  const roots: string[] = [];
  for (const p of sorted) if (!roots.some((r) => p.startsWith(r))) roots.push(p);
  const byFolder = new Map<string, string[]>();
  for (const key of new Set(keys)) {
    if (roots.some((r) => key.startsWith(r))) continue;
    const folder = key.slice(0, key.lastIndexOf('/') + 1);
    let list = byFolder.get(folder);
    if (!list) byFolder.set(folder, (list = []));
    list.push(key);
  }
  const segments: Segment[] = roots.map((prefix) => ({ prefix, recursive: true }));
  for (const [prefix, list] of byFolder) segments.push({ prefix, recursive: false, keys: list.sort(compareKeys) });
  return segments.sort((a, b) => compareKeys(a.prefix, b.prefix) || Number(b.recursive) - Number(a.recursive));
}

/** One object of a segment as the listing reports it. */
export interface ListedObject {
  key: string;
  size: number;
  /** `STORAGE_CLASSES` index. */
  storageClass: number;
  /** `RESTORE_*` code. */
  restore: number;
  restoreExpiry: number;
  /** Last modified, ms since the epoch. */
  modified: number;
}

/**
 * A key just before `key` in list order, for an exclusive `StartAfter`:
 * `key` without its last character sorts before it, and only keys that
 * share that stem can fall between the two, so little is listed in vain.
 */
export function justBefore(key: string, floor: string): string | undefined {
  // Never cut a surrogate pair in half: that would not be valid UTF-8 on the wire.
  const cut = /[\udc00-\udfff]$/.test(key) ? -2 : -1;
  const stem = key.slice(0, cut);
  return stem.length > floor.length ? stem : undefined;
}

/** Options of `listSegment`. */
export interface ListSegmentOptions {
  /** List only this span (first and last key inclusive) instead of the whole segment. */
  range?: { first: string; last: string };
  concurrency?: number;
  signal?: AbortSignal;
  /** After every page, with the keys listed so far. */
  onPage?: (scanned: number) => void;
}

/**
 * Lists a segment's objects in key order and hands each to `onObject`:
 * every object under a recursive prefix, or just the picked keys of a folder.
 * The object passed is reused for the next key (a million-key plan makes no
 * garbage per key): copy what you keep.
 */
export async function listSegment(
  source: PageSource,
  segment: Segment,
  onObject: (o: ListedObject) => void,
  options: ListSegmentOptions = {},
): Promise<RangeListResult> {
  const picked = segment.keys;
  const first = options.range?.first ?? picked?.[0];
  const last = options.range?.last ?? picked?.[picked.length - 1];
  let p = 0;
  const o: ListedObject = { key: '', size: 0, storageClass: 0, restore: 0, restoreExpiry: 0, modified: 0 };
  const onPage = (page: ListPage) => {
    for (let i = 0; i < page.keys.length; i++) {
      const key = page.keys[i]!;
      if (picked) {
        while (p < picked.length && compareKeys(picked[p]!, key) < 0) p++;
        if (picked[p] !== key) continue;
      }
      o.key = key;
      o.size = page.sizes[i]!;
      o.storageClass = page.storageClass[i]!;
      o.restore = page.restore[i]!;
      o.restoreExpiry = page.restoreExpiry[i]!;
      o.modified = page.modified[i]!;
      onObject(o);
    }
  };
  return listRanges(
    source,
    {
      prefix: segment.prefix,
      delimiter: segment.recursive ? undefined : '/',
      ...(first !== undefined ? { startAfter: justBefore(first, segment.prefix) } : {}),
      ...(last !== undefined ? { stopAfter: last } : {}),
    },
    onPage,
    { concurrency: options.concurrency, signal: options.signal, onPage: options.onPage ? (s) => options.onPage!(s.scanned) : undefined },
  );
}
