/**
 * The table's current view of a growing row store: filter and sort as a permutation.
 *
 * In natural order (name ascending) the view grows incrementally: only rows
 * that arrived since the last refresh are filtered, so a streaming
 * million-row listing with a filter typed costs O(new rows) per refresh.
 * Any other sort recomputes the whole permutation; the caller spaces those
 * refreshes out by their measured cost.
 */
import type { RowStore, SortSpec } from './row-store';

/** Name ascending: the listing's own order, which needs no sorting. */
export const NATURAL_SORT: SortSpec = { column: 'name', descending: false };

/** True when `spec` is the natural order. */
export function isNatural(spec: SortSpec): boolean {
  return spec.column === 'name' && !spec.descending;
}

/** Grows a Uint32Array by appending `more`; returns the (possibly new) buffer. */
function appendTo(buf: Uint32Array, len: number, more: Uint32Array): Uint32Array {
  let out = buf;
  if (len + more.length > buf.length) {
    out = new Uint32Array(Math.max(len + more.length, Math.ceil(buf.length * 1.5), 256));
    out.set(buf.subarray(0, len));
  }
  out.set(more, len);
  return out;
}

/** Builds and refreshes the view of one store. */
export class ViewBuilder {
  private filterText = '';
  private sortSpec: SortSpec = NATURAL_SORT;
  private rows: Uint32Array = new Uint32Array(0);
  // Natural order with a filter: matches so far, per block, and how far each block was scanned.
  private folderHits: Uint32Array = new Uint32Array(0);
  private fileHits: Uint32Array = new Uint32Array(0);
  private nFolderHits = 0;
  private nFileHits = 0;
  private seenFolders = 0;
  private seenFiles = 0;
  /** Milliseconds the last full recompute took (0 when incremental). */
  lastCostMs = 0;

  constructor(private readonly store: RowStore) {}

  /** The current permutation of row indices. */
  get view(): Uint32Array {
    return this.rows;
  }

  /** The filter text in force. */
  get filter(): string {
    return this.filterText;
  }

  /** The sort in force. */
  get sort(): SortSpec {
    return this.sortSpec;
  }

  /** Changes filter and/or sort and recomputes from scratch. */
  configure(filter: string, sort: SortSpec): Uint32Array {
    this.filterText = filter;
    this.sortSpec = sort;
    this.resetIncremental();
    return this.refresh();
  }

  /** Forgets everything (the store was cleared). */
  reset(): void {
    this.rows = new Uint32Array(0);
    this.resetIncremental();
  }

  /** Brings the view up to date with the store; returns it. */
  refresh(): Uint32Array {
    const started = performance.now();
    const s = this.store;
    if (isNatural(this.sortSpec)) {
      this.lastCostMs = 0;
      if (this.filterText === '') {
        this.rows = s.identity();
        return this.rows;
      }
      const fresh = s.naturalRange(this.seenFolders, this.seenFiles);
      const newFolders = s.folderCount - this.seenFolders;
      const folderMatches = s.filter(this.filterText, fresh.subarray(0, newFolders));
      const fileMatches = s.filter(this.filterText, fresh.subarray(newFolders));
      this.folderHits = appendTo(this.folderHits, this.nFolderHits, folderMatches);
      this.nFolderHits += folderMatches.length;
      this.fileHits = appendTo(this.fileHits, this.nFileHits, fileMatches);
      this.nFileHits += fileMatches.length;
      this.seenFolders = s.folderCount;
      this.seenFiles = s.count - s.folderCount;
      const out = new Uint32Array(this.nFolderHits + this.nFileHits);
      out.set(this.folderHits.subarray(0, this.nFolderHits), 0);
      out.set(this.fileHits.subarray(0, this.nFileHits), this.nFolderHits);
      this.rows = out;
      return out;
    }
    this.rows = s.sort(this.sortSpec, s.filter(this.filterText));
    this.lastCostMs = performance.now() - started;
    return this.rows;
  }

  private resetIncremental(): void {
    this.folderHits = new Uint32Array(0);
    this.fileHits = new Uint32Array(0);
    this.nFolderHits = 0;
    this.nFileHits = 0;
    this.seenFolders = 0;
    this.seenFiles = 0;
  }
}
