/**
 * Multipart uploads: create, upload part, complete, abort, list.
 *
 * Completion follows S3: parts listed in strictly ascending order, each with
 * the ETag it was uploaded with, every part but the last at least 5 MiB, and
 * the object's ETag the MD5 of the concatenated binary part MD5s, then "-N".
 *
 * UploadPartCopy of real bytes stores them as an ordinary part; a range of a
 * synthetic source is kept as a reference to that range (bodies.ts), and an
 * upload with such parts completes into a slice list, so copying a 6 GiB
 * synthetic object stores no bytes and reads back the source's.
 */
import { createHash, randomBytes } from 'node:crypto';
import { S3Error, type ChecksumAlgorithm, type MultipartUpload, type ObjectRecord, type PartCopySource, type PartRecord, type WriteInput } from '../store-types';
import { assertReadable } from './archive';
import { md5Hex } from './blobs';
import { derivedMd5, hasSyntheticBytes, readBody, releaseBody, retainBody, sliceBody } from './bodies';
import { compareKeys } from './key-order';
import { assertCopyableSize, copySource } from './object-copy';
import { recordFromWrite } from './records';
import type { BodyRef, BodySlice, StoredPart, UploadState } from './state';
import type { Store } from './store';
import { assertKey, noSuchUpload, resolveClass } from './validate';

/** S3's minimum size of every part but the last. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

/** S3's highest part number. */
export const MAX_PART_NUMBER = 10_000;

/** CreateMultipartUpload. */
export function create(store: Store, bucket: string, key: string, input: Omit<WriteInput, 'body'> & { checksumAlgorithm?: ChecksumAlgorithm }): MultipartUpload {
  store.bucketState(bucket);
  assertKey(key);
  const { checksumAlgorithm, ...rest } = input;
  const { storageClass, accessTier } = resolveClass(rest.storageClass, rest.accessTier);
  const upload: MultipartUpload = { uploadId: randomBytes(32).toString('base64url'), key, initiated: store.now(), storageClass };
  if (checksumAlgorithm) upload.checksumAlgorithm = checksumAlgorithm;
  store.commit({ op: 'mpu', bucket, upload, input: { ...rest, storageClass, accessTier } });
  return upload;
}

function assertPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw new S3Error(400, 'InvalidArgument', `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`, {
      ArgumentName: 'partNumber',
      ArgumentValue: String(partNumber),
    });
  }
}

/** UploadPart: stores (or replaces) one part, with the checksums the client sent for it. */
export async function uploadPart(
  store: Store,
  bucket: string,
  key: string,
  uploadId: string,
  partNumber: number,
  body: Buffer,
  checksums: Partial<Record<ChecksumAlgorithm, string>> = {},
): Promise<PartRecord> {
  findUpload(store, bucket, key, uploadId);
  assertPartNumber(partNumber);
  const blob = await store.blobs.put(body);
  const md5 = md5Hex(body);
  const record: PartRecord = { partNumber, etag: `"${md5}"`, size: body.length, lastModified: store.now() };
  if (Object.keys(checksums).length > 0) record.checksums = { ...checksums };
  const part: StoredPart = { record, blob, md5 };
  try {
    // The upload may have been completed or aborted while the body was stored.
    findUpload(store, bucket, key, uploadId);
    store.commit({ op: 'part', bucket, uploadId, part });
  } catch (e) {
    store.blobs.release(blob);
    throw e;
  }
  return record;
}

/**
 * UploadPartCopy: a range (or all) of a source object or version as one part.
 *
 * Without a range the source must fit a part (5 GiB), as S3 requires.
 * Archived sources need a live restored copy (403 InvalidObjectState).
 */
export async function uploadPartCopy(store: Store, bucket: string, key: string, uploadId: string, partNumber: number, source: PartCopySource): Promise<PartRecord> {
  findUpload(store, bucket, key, uploadId);
  assertPartNumber(partNumber);
  const src = copySource(store, source.bucket, source.key, source.versionId);
  assertReadable(src.record, store.now(), true);
  const size = src.record.size;
  if (!source.range) assertCopyableSize(size);
  const range = source.range ?? (size > 0 ? { start: 0, end: size - 1 } : undefined);
  if (!hasSyntheticBytes(src.body)) {
    retainBody(store.blobs, src.body);
    let data: Buffer;
    try {
      data = range ? await readBody(store.blobs, src.body, size, range) : Buffer.alloc(0);
    } finally {
      releaseBody(store.blobs, src.body);
    }
    return uploadPart(store, bucket, key, uploadId, partNumber, data);
  }
  // Derived bytes: reference the range; nothing is read or stored.
  const slices = range ? sliceBody(src.body, size, range) : [];
  const md5 = derivedMd5(slices);
  const length = slices.reduce((n, s) => n + s.length, 0);
  const record: PartRecord = { partNumber, etag: `"${md5}"`, size: length, lastModified: store.now() };
  const part: StoredPart = { record, md5, slices };
  retainSlices(store, slices);
  try {
    store.commit({ op: 'part', bucket, uploadId, part });
  } catch (e) {
    releaseBody(store.blobs, { slices });
    throw e;
  }
  return record;
}

function retainSlices(store: Store, slices: BodySlice[]): void {
  retainBody(store.blobs, { slices });
}

/** CompleteMultipartUpload. */
export async function complete(store: Store, bucket: string, key: string, uploadId: string, parts: Array<{ partNumber: number; etag: string }>): Promise<ObjectRecord> {
  const u = findUpload(store, bucket, key, uploadId);
  if (parts.length === 0) {
    throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  }
  for (let i = 1; i < parts.length; i++) {
    if (!(parts[i].partNumber > parts[i - 1].partNumber)) {
      throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', { UploadId: uploadId });
    }
  }
  const chosen: StoredPart[] = parts.map(({ partNumber, etag }) => {
    const p = u.parts.get(partNumber);
    if (!p || unquote(etag) !== p.md5) {
      throw new S3Error(
        400,
        'InvalidPart',
        "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.",
        { UploadId: uploadId, PartNumber: String(partNumber), ETag: etag },
      );
    }
    return p;
  });
  chosen.slice(0, -1).forEach((p) => {
    if (p.record.size < MIN_PART_SIZE) {
      throw new S3Error(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', {
        ProposedSize: String(p.record.size),
        MinSizeAllowed: String(MIN_PART_SIZE),
        PartNumber: String(p.record.partNumber),
        ETag: p.md5,
      });
    }
  });

  const digest = createHash('md5');
  for (const p of chosen) digest.update(Buffer.from(p.md5, 'hex'));
  const etag = `"${digest.digest('hex')}-${chosen.length}"`;
  const body = await assemble(store, chosen);
  const size = chosen.reduce((n, p) => n + p.record.size, 0);

  // Another Complete or an Abort may have finished this upload during the awaits.
  if (!store.state.buckets.get(bucket)?.uploads.has(uploadId)) {
    releaseBody(store.blobs, body);
    throw noSuchUpload(uploadId);
  }
  const { storageClass, accessTier } = resolveClass(u.input.storageClass, u.input.accessTier);
  const record = recordFromWrite(key, u.input, { size, etag, now: store.now(), storageClass, accessTier });
  // Whole-object checksums sent at creation do not describe the assembled bytes.
  record.checksums = {};
  delete record.checksumType;
  record.partsCount = chosen.length;
  record.partSizes = chosen.map((p) => p.record.size);
  store.commitObject(bucket, { record, body });
  store.commit({ op: 'mpu-end', bucket, uploadId });
  return record;
}

/**
 * The completed object's body, holding its own references: one new blob of
 * the concatenated parts, or (when a part references derived bytes) a slice
 * list over the parts' blobs and source ranges.
 */
async function assemble(store: Store, chosen: StoredPart[]): Promise<BodyRef> {
  if (chosen.every((p) => 'blob' in p)) {
    const bodies = await Promise.all(chosen.map((p) => store.blobs.read((p as { blob: string }).blob)));
    return { blob: await store.blobs.put(Buffer.concat(bodies)) };
  }
  const slices: BodySlice[] = chosen.flatMap((p) => ('blob' in p ? [{ blob: p.blob, start: 0, length: p.record.size }] : p.slices)).filter((s) => s.length > 0);
  retainSlices(store, slices);
  return { slices };
}

/** AbortMultipartUpload. */
export function abort(store: Store, bucket: string, key: string, uploadId: string): void {
  findUpload(store, bucket, key, uploadId);
  store.commit({ op: 'mpu-end', bucket, uploadId });
}

/** ListParts, in part-number order. */
export function listParts(store: Store, bucket: string, key: string, uploadId: string): PartRecord[] {
  const u = findUpload(store, bucket, key, uploadId);
  return [...u.parts.values()].map((p) => p.record).sort((a, b) => a.partNumber - b.partNumber);
}

/** ListMultipartUploads, by key then initiation time. */
export function listUploads(store: Store, bucket: string): MultipartUpload[] {
  return [...store.bucketState(bucket).uploads.values()]
    .map((u) => u.upload)
    .sort((a, b) => compareKeys(a.key, b.key) || a.initiated - b.initiated);
}

function findUpload(store: Store, bucket: string, key: string, uploadId: string): UploadState {
  const u = store.bucketState(bucket).uploads.get(uploadId);
  if (!u || u.upload.key !== key) throw noSuchUpload(uploadId);
  return u;
}

function unquote(etag: string): string {
  return etag.trim().replace(/^"|"$/g, '').toLowerCase();
}
