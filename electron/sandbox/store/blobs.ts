/**
 * Object bodies, content-addressed and reference-counted.
 *
 * A body is named by the SHA-256 of its bytes, never by its object key, so a
 * hostile key cannot become a path and identical bodies (copies, re-uploads)
 * are stored once. The memory store here serves the in-memory mode; the disk
 * store in blobs-disk.ts has the same shape.
 */
import { createHash } from 'node:crypto';
import type { ByteRange } from '../store-types';

/** Where bodies live. Every `put`/`retain` is balanced by one `release`. */
export interface BlobStore {
  /** Stores bytes (or finds them stored) and takes one reference; returns the blob id. */
  put(data: Buffer): Promise<string>;
  /** Takes one more reference on a stored blob. */
  retain(id: string): void;
  /** Drops one reference; the bytes go when none is left. */
  release(id: string): void;
  /** The blob's bytes, or one inclusive range of them. */
  read(id: string, range?: ByteRange): Promise<Buffer>;
  /**
   * Bulk mode (seeding): new files skip their own fsync until `flush`, which
   * syncs them all at once. Off by default.
   */
  deferSync?(on: boolean): void;
  /** Makes every file written in bulk mode durable. */
  flush?(): Promise<void>;
  /** Sets reference counts from a reloaded state and removes unreferenced blobs. */
  reconcile(counts: Map<string, number>): Promise<void>;
  close(): Promise<void>;
}

/** The content id of a body: hex SHA-256. */
export function blobId(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hex MD5 of bytes (S3's ETag for single-part objects and parts). */
export function md5Hex(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/**
 * Creates the in-memory blob store.
 *
 * Ranges are views onto the stored buffer (no copy); callers must not mutate them.
 */
export function createMemoryBlobStore(): BlobStore {
  const blobs = new Map<string, { data: Buffer; refs: number }>();
  const entry = (id: string) => {
    const e = blobs.get(id);
    if (!e) throw new Error(`Blob ${id} is not stored`);
    return e;
  };
  return {
    async put(data) {
      const id = blobId(data);
      const e = blobs.get(id);
      if (e) e.refs++;
      // Own a copy so later changes to the caller's buffer cannot alter the object.
      else blobs.set(id, { data: Buffer.from(data), refs: 1 });
      return id;
    },
    retain(id) {
      entry(id).refs++;
    },
    release(id) {
      const e = entry(id);
      if (--e.refs <= 0) blobs.delete(id);
    },
    async read(id, range) {
      const { data } = entry(id);
      return range ? data.subarray(range.start, range.end + 1) : data;
    },
    async reconcile(counts) {
      for (const [id, e] of blobs) {
        const n = counts.get(id) ?? 0;
        if (n === 0) blobs.delete(id);
        else e.refs = n;
      }
    },
    async close() {},
  };
}
