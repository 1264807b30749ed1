/**
 * Object bodies beyond one blob: reading any BodyRef (blob, derived bytes or
 * a slice list), cutting a range of a body into slices, and the blob
 * references a body or part holds.
 *
 * A slice list is how a multipart copy of a synthetic object stays free: each
 * part references the source range it copied, so a 6 GiB copy stores a few
 * numbers and GET still returns the source's bytes.
 */
import { createHash } from 'node:crypto';
import type { ByteRange } from '../store-types';
import type { BlobStore } from './blobs';
import type { BodyRef, BodySlice, StoredPart } from './state';
import { syntheticBytes } from './synthetic-body';

/** Blob ids a body holds, one per reference (a slice list may name a blob twice). */
export function bodyBlobs(body: BodyRef): string[] {
  if ('blob' in body) return [body.blob];
  if ('slices' in body) return slicesBlobs(body.slices);
  return [];
}

/** Blob ids a part holds, one per reference. */
export function partBlobs(p: StoredPart): string[] {
  return 'blob' in p ? [p.blob] : slicesBlobs(p.slices);
}

function slicesBlobs(slices: BodySlice[]): string[] {
  const out: string[] = [];
  for (const s of slices) if ('blob' in s) out.push(s.blob);
  return out;
}

/** Takes one more reference on every blob a body holds. */
export function retainBody(blobs: BlobStore, body: BodyRef): void {
  for (const id of bodyBlobs(body)) blobs.retain(id);
}

/** Drops one reference on every blob a body holds. */
export function releaseBody(blobs: BlobStore, body: BodyRef): void {
  for (const id of bodyBlobs(body)) blobs.release(id);
}

/** True when some bytes of the body are derived (so no real MD5 of them is at hand). */
export function hasSyntheticBytes(body: BodyRef): boolean {
  if ('synthetic' in body) return true;
  return 'slices' in body && body.slices.some((s) => 'synthetic' in s);
}

/** The bytes of a body of `size` bytes, or one inclusive range of them. */
export async function readBody(blobs: BlobStore, body: BodyRef, size: number, range?: ByteRange): Promise<Buffer> {
  if ('blob' in body) return blobs.read(body.blob, range);
  if ('synthetic' in body) return syntheticBytes(body.synthetic, size, range);
  const start = range ? range.start : 0;
  const end = Math.min(range ? range.end : size - 1, size - 1);
  const out: Buffer[] = [];
  let offset = 0;
  for (const s of body.slices) {
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + s.length - 1);
    if (from <= to) out.push(await readSlice(blobs, s, from - offset, to - offset));
    offset += s.length;
    if (offset > end) break;
  }
  return out.length === 1 ? out[0] : Buffer.concat(out);
}

/** Bytes `from..to` (inclusive, relative to the slice) of one slice. */
function readSlice(blobs: BlobStore, s: BodySlice, from: number, to: number): Promise<Buffer> | Buffer {
  const range = { start: s.start + from, end: s.start + to };
  if ('blob' in s) return blobs.read(s.blob, range);
  return syntheticBytes(s.synthetic, s.start + s.length, range);
}

/**
 * The slices that make up `range` of a body (no bytes read).
 *
 * Blob-backed slices reference the blob without taking a reference; the
 * caller retains what it keeps.
 */
export function sliceBody(body: BodyRef, size: number, range: ByteRange): BodySlice[] {
  const length = range.end - range.start + 1;
  if ('blob' in body) return [{ blob: body.blob, start: range.start, length }];
  if ('synthetic' in body) return [{ synthetic: body.synthetic, start: range.start, length }];
  const out: BodySlice[] = [];
  let offset = 0;
  for (const s of body.slices) {
    const from = Math.max(range.start, offset);
    const to = Math.min(range.end, offset + s.length - 1, size - 1);
    if (from <= to) out.push({ ...s, start: s.start + (from - offset), length: to - from + 1 });
    offset += s.length;
    if (offset > range.end) break;
  }
  return out;
}

/**
 * The hex "MD5" of derived bytes: a hash of where they come from.
 *
 * Derived bodies have no stored MD5 and hashing gigabytes of them per copy
 * would be the cost synthetic objects exist to avoid; like the synthetic
 * seeds' ETags, it is stable but not the MD5 of the content.
 */
export function derivedMd5(slices: BodySlice[]): string {
  const h = createHash('md5');
  for (const s of slices) h.update(`${'blob' in s ? `blob:${s.blob}` : `synthetic:${s.synthetic}`}:${s.start}:${s.length};`);
  return h.digest('hex');
}
