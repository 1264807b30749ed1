/**
 * Columnar storage for listing rows in the renderer.
 *
 * A 1,000,000-key prefix must not exhaust the renderer: an object per row
 * costs ~450 bytes, so rows live here as parallel columns instead (held under
 * 300 bytes per row by bench/row-store-memory.test.ts) — names in one string
 * array, numbers in growable typed arrays — and views (filter, sort) are
 * `Uint32Array` permutations of row indices. Nothing here allocates an object
 * per row.
 *
 * Row indices are arrival order and never change, so selections survive a
 * growing listing. Folders (common prefixes) and files each arrive in key
 * order but interleave across batches; the default view puts every folder
 * before every file, as the listing contract asks.
 */
import type { ListingRows } from '../../../shared/ipc/listing';

/** One batch of rows as columns: the shared `ListingRows` shape. */
export type ColumnarBatch = ListingRows;

/** Columns a view can be sorted by. */
export type SortColumn = 'name' | 'size' | 'modified' | 'class';

/** A sort order: column and direction. */
export interface SortSpec {
  column: SortColumn;
  descending: boolean;
}

const INITIAL_CAPACITY = 1024;

function grow<T extends Float64Array | Uint8Array | Uint32Array>(arr: T, capacity: number): T {
  const next = new (arr.constructor as new (n: number) => T)(capacity);
  next.set(arr);
  return next;
}

/** Escapes a user's filter text for a literal, case-insensitive RegExp. */
function literalPattern(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}

/**
 * Append-only columnar rows of one listing.
 *
 * Indices are stable (rows are never removed or reordered), so selections
 * and views can refer to rows by index.
 */
export class RowStore {
  private names: string[] = [];
  private sizes = new Float64Array(INITIAL_CAPACITY);
  private modified = new Float64Array(INITIAL_CAPACITY);
  private expiry = new Float64Array(INITIAL_CAPACITY);
  private classes = new Uint8Array(INITIAL_CAPACITY);
  private restores = new Uint8Array(INITIAL_CAPACITY);
  /** Bit 0: the row is a folder (a common prefix, not a "dir/" marker object). */
  private flags = new Uint8Array(INITIAL_CAPACITY);
  /** Row indices of folders, then of files, each in arrival (key) order: the natural view in two halves. */
  private folderIds = new Uint32Array(INITIAL_CAPACITY);
  private fileIds = new Uint32Array(INITIAL_CAPACITY);
  private n = 0;
  private folders = 0;
  /** Whether folders, and files, each arrived in ascending name order (the listing's promise). */
  private inKeyOrder = true;
  private lastFolder = '';
  private lastFile = '';

  /** Number of rows held. */
  get count(): number {
    return this.n;
  }

  /** Number of rows that are folders (names ending in '/'). */
  get folderCount(): number {
    return this.folders;
  }

  /**
   * Appends a batch in arrival order.
   *
   * The first `folderCount` entries are folders (common prefixes). An entry
   * with an empty name is the listed prefix's own "folder marker" object and
   * is skipped: it is the folder being shown, not a row in it.
   */
  append(batch: ColumnarBatch, folderCount = 0): void {
    const k = batch.names.length;
    if (k === 0) return;
    this.reserve(this.n + k);
    for (let i = 0; i < k; i++) {
      const name = batch.names[i] as string;
      const folder = i < folderCount;
      if (name === '' && !folder) continue;
      const at = this.n++;
      if (folder) {
        if (name < this.lastFolder) this.inKeyOrder = false;
        this.lastFolder = name;
        if (this.folders >= this.folderIds.length) this.folderIds = grow(this.folderIds, Math.ceil(this.folderIds.length * 1.5));
        this.folderIds[this.folders++] = at;
      } else {
        if (name < this.lastFile) this.inKeyOrder = false;
        this.lastFile = name;
        const files = at - this.folders;
        if (files >= this.fileIds.length) this.fileIds = grow(this.fileIds, Math.ceil(this.fileIds.length * 1.5));
        this.fileIds[files] = at;
      }
      this.names.push(name);
      this.flags[at] = folder ? 1 : 0;
      this.sizes[at] = batch.sizes[i] ?? 0;
      this.modified[at] = batch.modified[i] ?? 0;
      this.classes[at] = batch.storageClass[i] ?? 0;
      this.restores[at] = batch.restore[i] ?? 0;
      this.expiry[at] = batch.restoreExpiry[i] ?? 0;
    }
  }

  /** Drops every row (a new listing starts). */
  clear(): void {
    this.names = [];
    this.sizes = new Float64Array(INITIAL_CAPACITY);
    this.modified = new Float64Array(INITIAL_CAPACITY);
    this.expiry = new Float64Array(INITIAL_CAPACITY);
    this.classes = new Uint8Array(INITIAL_CAPACITY);
    this.restores = new Uint8Array(INITIAL_CAPACITY);
    this.flags = new Uint8Array(INITIAL_CAPACITY);
    this.folderIds = new Uint32Array(INITIAL_CAPACITY);
    this.fileIds = new Uint32Array(INITIAL_CAPACITY);
    this.n = 0;
    this.folders = 0;
    this.inKeyOrder = true;
    this.lastFolder = '';
    this.lastFile = '';
  }

  /** Name of row `i`, relative to the listed prefix. */
  name(i: number): string {
    return this.names[i] ?? '';
  }

  /** True when row `i` is a folder (common prefix). */
  isFolder(i: number): boolean {
    return this.flags[i] === 1;
  }

  /** Size of row `i` in bytes. */
  size(i: number): number {
    return this.sizes[i] ?? 0;
  }

  /** Last-modified of row `i`, ms since the epoch (0 when unknown). */
  modifiedAt(i: number): number {
    return this.modified[i] ?? 0;
  }

  /** Storage-class index of row `i`. */
  storageClass(i: number): number {
    return this.classes[i] ?? 0;
  }

  /** Restore code of row `i`. */
  restore(i: number): number {
    return this.restores[i] ?? 0;
  }

  /** Restored-copy expiry of row `i`, ms since the epoch, or 0. */
  restoreExpiry(i: number): number {
    return this.expiry[i] ?? 0;
  }

  /**
   * Sets the restore state and expiry of the files named `names[j]` to
   * `codes[j]` and `expiries[j]`; returns how many rows changed.
   *
   * Restore jobs report keys in batches of up to 25,000 while the table may
   * hold a million rows, so a lookup must not scan per key: while files
   * arrived in name order (the listing's promise) each name is found by
   * binary search over the file ids; otherwise one pass over the files
   * matches the whole batch through a map. Folders have no restore state
   * and are never matched. Names not held are ignored.
   */
  updateRestore(names: readonly string[], codes: readonly number[], expiries: readonly number[]): number {
    const files = this.n - this.folders;
    let changed = 0;
    const apply = (row: number, j: number) => {
      const code = codes[j] ?? 0;
      const expiry = expiries[j] ?? 0;
      if (this.restores[row] === code && this.expiry[row] === expiry) return;
      this.restores[row] = code;
      this.expiry[row] = expiry;
      changed++;
    };
    if (this.inKeyOrder) {
      for (let j = 0; j < names.length; j++) {
        const name = names[j] as string;
        let lo = 0;
        let hi = files;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((this.names[this.fileIds[mid] as number] as string) < name) lo = mid + 1;
          else hi = mid;
        }
        // Equal names can repeat (a listing may hold a key twice across pages); update each.
        for (let at = lo; at < files; at++) {
          const row = this.fileIds[at] as number;
          if (this.names[row] !== name) break;
          apply(row, j);
        }
      }
      return changed;
    }
    const wanted = new Map<string, number>();
    for (let j = 0; j < names.length; j++) wanted.set(names[j] as string, j);
    for (let at = 0; at < files; at++) {
      const row = this.fileIds[at] as number;
      const j = wanted.get(this.names[row] as string);
      if (j !== undefined) apply(row, j);
    }
    return changed;
  }

  /**
   * Rows whose name contains `text` (case-insensitive), in index order.
   *
   * `within` restricts the search to an existing view (e.g. a sorted one) and
   * keeps its order. An empty text returns every row.
   */
  filter(text: string, within?: Uint32Array): Uint32Array {
    const source = within ?? this.identity();
    if (text === '') return source;
    const re = literalPattern(text);
    const out = new Uint32Array(source.length);
    let m = 0;
    for (let j = 0; j < source.length; j++) {
      const i = source[j] as number;
      if (re.test(this.names[i] as string)) out[m++] = i;
    }
    return out.slice(0, m);
  }

  /**
   * A permutation of `view` (default: every row) ordered by `spec`.
   *
   * Folders always come first, as in a file manager; ties keep index (key)
   * order so the sort is stable. Name order is the listing's own key order
   * (S3's UTF-8 binary order) whenever rows arrived in it, which makes it a
   * linear pass; numeric columns sort packed (rank, index) keys with the
   * native typed-array sort, because a comparator sort of a million rows
   * takes seconds.
   */
  sort(spec: SortSpec, view?: Uint32Array): Uint32Array {
    const src = view ?? this.identity();
    const folders: number[] = [];
    const files = new Uint32Array(src.length);
    let nf = 0;
    for (let j = 0; j < src.length; j++) {
      const i = src[j] as number;
      if (this.flags[i] === 1) folders.push(i);
      else files[nf++] = i;
    }
    const fileView = files.subarray(0, nf);
    const folderView = Uint32Array.from(folders);
    const out = new Uint32Array(src.length);
    // Folders have no size, date or class: they are ordered by name under every column.
    const nameSpec = { column: 'name', descending: spec.column === 'name' && spec.descending } as const;
    out.set(this.sortByName(folderView, nameSpec.descending), 0);
    const sortedFiles =
      spec.column === 'name'
        ? this.sortByName(fileView, spec.descending)
        : this.sortByNumber(fileView, spec.column === 'size' ? this.sizes : spec.column === 'modified' ? this.modified : this.classes, spec.descending);
    out.set(sortedFiles, folderView.length);
    return out;
  }

  /** The unsorted, unfiltered view: every folder, then every file, each in key (arrival) order. */
  identity(): Uint32Array {
    return this.naturalRange(0, 0);
  }

  /**
   * The natural view of folders from `fromFolder` and files from `fromFile` on
   * (positions within each block): what a growing listing adds since a mark.
   */
  naturalRange(fromFolder: number, fromFile: number): Uint32Array {
    const f = this.folderIds.subarray(fromFolder, this.folders);
    const g = this.fileIds.subarray(fromFile, this.n - this.folders);
    const out = new Uint32Array(f.length + g.length);
    out.set(f, 0);
    out.set(g, f.length);
    return out;
  }

  /** Bytes held by the typed columns (capacity, not just rows in use). */
  typedBytes(): number {
    return this.sizes.byteLength + this.modified.byteLength + this.expiry.byteLength + this.classes.byteLength + this.restores.byteLength + this.flags.byteLength + this.folderIds.byteLength + this.fileIds.byteLength;
  }

  private sortByName(view: Uint32Array, descending: boolean): Uint32Array {
    const out = view.slice();
    if (this.inKeyOrder) {
      // Index order is key order: sort the indices themselves.
      out.sort();
      if (descending) out.reverse();
      return out;
    }
    const names = this.names;
    const dir = descending ? -1 : 1;
    out.sort((a, b) => {
      const na = names[a] as string;
      const nb = names[b] as string;
      return na < nb ? -dir : na > nb ? dir : a - b;
    });
    return out;
  }

  private sortByNumber(view: Uint32Array, column: Float64Array | Uint8Array, descending: boolean): Uint32Array {
    const values = new Float64Array(view.length);
    for (let j = 0; j < view.length; j++) values[j] = column[view[j] as number] as number;
    return radixSortByValue(view, values, descending);
  }

  private reserve(needed: number): void {
    if (needed <= this.sizes.length) return;
    // Grow by 1.5× (not 2×) so the slack at a million rows stays small.
    let cap = this.sizes.length;
    while (cap < needed) cap = Math.ceil(cap * 1.5);
    this.sizes = grow(this.sizes, cap);
    this.modified = grow(this.modified, cap);
    this.expiry = grow(this.expiry, cap);
    this.classes = grow(this.classes, cap);
    this.restores = grow(this.restores, cap);
    this.flags = grow(this.flags, cap);
  }
}

/**
 * Stable LSD radix sort of `view` by non-negative `values` (same length).
 *
 * Non-negative IEEE doubles order like their bit patterns, so the 64 bits are
 * sorted in four 16-bit passes, skipping passes where every value shares the
 * digit. About ten times faster than a comparator sort at a million rows;
 * ties keep their order in `view` in both directions.
 */
export function radixSortByValue(view: Uint32Array, values: Float64Array, descending: boolean): Uint32Array {
  const m = view.length;
  const words = new Uint32Array(values.buffer, values.byteOffset, m * 2);
  // Little-endian on every platform Thaw runs on: word 2j is the low half, 2j+1 the high half.
  let lo = new Uint32Array(m);
  let hi = new Uint32Array(m);
  let idx = view.slice();
  for (let j = 0; j < m; j++) {
    const l = words[2 * j] as number;
    const h = words[2 * j + 1] as number;
    lo[j] = descending ? ~l >>> 0 : l;
    hi[j] = descending ? ~h >>> 0 : h;
  }
  let lo2 = new Uint32Array(m);
  let hi2 = new Uint32Array(m);
  let idx2 = new Uint32Array(m);
  const counts = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const src = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let j = 0; j < m; j++) counts[((src[j] as number) >>> shift) & 0xffff]++;
    if (m === 0 || counts[((src[0] as number) >>> shift) & 0xffff] === m) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let j = 0; j < m; j++) {
      const digit = ((src[j] as number) >>> shift) & 0xffff;
      const at = counts[digit] as number;
      counts[digit] = at + 1;
      lo2[at] = lo[j] as number;
      hi2[at] = hi[j] as number;
      idx2[at] = idx[j] as number;
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
    [idx, idx2] = [idx2, idx];
  }
  return idx;
}
