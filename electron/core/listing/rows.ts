/**
 * Turns ordered listing pages into the columnar rows the renderer takes.
 *
 * Folders and files are collected apart so each batch can put its folders
 * first (the table shows every folder before every file, see
 * shared/ipc/listing.ts). Names are made relative to the listed prefix; the
 * prefix's own "directory marker" object is not a row of its own listing.
 */
import type { ListingRows } from '../../../shared/ipc/listing';
import type { ListPage } from './list-xml';

/** An empty set of columns. */
export function emptyRows(): ListingRows {
  return { names: [], sizes: [], modified: [], storageClass: [], restore: [], restoreExpiry: [] };
}

/** A batch ready to send: the first `folders` rows are folders. */
export interface RowBatch {
  folders: number;
  rows: ListingRows;
}

/** Accumulates pages into folder and file columns until taken. */
export class RowBatcher {
  private folders: string[] = [];
  private files = emptyRows();
  private readonly needle: string | undefined;
  /** Rows added so far (after the filter). */
  total = 0;

  /** `filter` keeps only names containing it, case-insensitively. */
  constructor(
    private readonly prefix: string,
    filter?: string,
  ) {
    this.needle = filter ? filter.toLowerCase() : undefined;
  }

  /** Adds a page's folders and files; returns how many rows it added. */
  add(page: ListPage): number {
    const cut = this.prefix.length;
    const needle = this.needle;
    let added = 0;
    for (const p of page.prefixes) {
      const name = p.slice(cut);
      if (needle !== undefined && !name.toLowerCase().includes(needle)) continue;
      this.folders.push(name);
      added++;
    }
    const f = this.files;
    for (let i = 0; i < page.keys.length; i++) {
      const key = page.keys[i]!;
      if (key.length === cut) continue; // the prefix's own marker object
      const name = key.slice(cut);
      if (needle !== undefined && !name.toLowerCase().includes(needle)) continue;
      f.names.push(name);
      f.sizes.push(page.sizes[i]!);
      f.modified.push(page.modified[i]!);
      f.storageClass.push(page.storageClass[i]!);
      f.restore.push(page.restore[i]!);
      f.restoreExpiry.push(page.restoreExpiry[i]!);
      added++;
    }
    this.total += added;
    return added;
  }

  /** Rows waiting to be taken. */
  get pending(): number {
    return this.folders.length + this.files.names.length;
  }

  /** Everything added since the last take, folders first; undefined when nothing is waiting. */
  take(): RowBatch | undefined {
    if (this.pending === 0) return undefined;
    const folders = this.folders;
    const files = this.files;
    this.folders = [];
    this.files = emptyRows();
    if (folders.length === 0) return { folders: 0, rows: files };
    const n = folders.length;
    return {
      folders: n,
      rows: {
        names: folders.concat(files.names),
        sizes: new Array<number>(n).fill(0).concat(files.sizes),
        modified: new Array<number>(n).fill(0).concat(files.modified),
        storageClass: new Array<number>(n).fill(0).concat(files.storageClass),
        restore: new Array<number>(n).fill(0).concat(files.restore),
        restoreExpiry: new Array<number>(n).fill(0).concat(files.restoreExpiry),
      },
    };
  }
}

/**
 * Cuts a batch into events of at most `max` rows, folders still first.
 *
 * Rows held back behind an unfinished earlier key range are released all at
 * once when it completes — up to hundreds of thousands of rows. As one IPC
 * message that froze the renderer for seconds (list-1m measured a 4 s frame);
 * as several, each is its own task and the page paints between them.
 */
export function splitBatch(batch: RowBatch, max: number): RowBatch[] {
  const n = batch.rows.names.length;
  if (n <= max) return [batch];
  const r = batch.rows;
  const parts: RowBatch[] = [];
  for (let start = 0; start < n; start += max) {
    const end = Math.min(n, start + max);
    parts.push({
      folders: Math.max(0, Math.min(batch.folders, end) - start),
      rows: {
        names: r.names.slice(start, end),
        sizes: r.sizes.slice(start, end),
        modified: r.modified.slice(start, end),
        storageClass: r.storageClass.slice(start, end),
        restore: r.restore.slice(start, end),
        restoreExpiry: r.restoreExpiry.slice(start, end),
      },
    });
  }
  return parts;
}
