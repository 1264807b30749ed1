/**
 * Multipart uploads: create, upload part, complete, abort, list.
 *
 * Completion follows S3: parts listed in strictly ascending order, each with
 * the ETag it was uploaded with, every part but the last at least 5 MiB, and
 * the object's ETag the MD5 of the concatenated binary part MD5s, then "-N".
 */
import { createHash, randomBytes } from 'node:crypto';
import { S3Error, type MultipartUpload, type ObjectRecord, type PartRecord, type WriteInput } from '../store-types';
import { md5Hex } from './blobs';
import { compareKeys } from './key-order';
import { recordFromWrite } from './records';
import type { StoredPart, UploadState } from './state';
import type { Store } from './store';
import { assertKey, noSuchUpload, resolveClass } from './validate';

/** S3's minimum size of every part but the last. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

/** S3's highest part number. */
export const MAX_PART_NUMBER = 10_000;

/** CreateMultipartUpload. */
export function create(store: Store, bucket: string, key: string, input: Omit<WriteInput, 'body'>): MultipartUpload {
  store.bucketState(bucket);
  assertKey(key);
  const { storageClass, accessTier } = resolveClass(input.storageClass, input.accessTier);
  const upload: MultipartUpload = { uploadId: randomBytes(32).toString('base64url'), key, initiated: store.now(), storageClass };
  store.commit({ op: 'mpu', bucket, upload, input: { ...input, storageClass, accessTier } });
  return upload;
}

/** UploadPart: stores (or replaces) one part. */
export async function uploadPart(store: Store, bucket: string, key: string, uploadId: string, partNumber: number, body: Buffer): Promise<PartRecord> {
  findUpload(store, bucket, key, uploadId);
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw new S3Error(400, 'InvalidArgument', `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`, {
      ArgumentName: 'partNumber',
      ArgumentValue: String(partNumber),
    });
  }
  const blob = await store.blobs.put(body);
  const md5 = md5Hex(body);
  const record: PartRecord = { partNumber, etag: `"${md5}"`, size: body.length, lastModified: store.now() };
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
  const bodies = await Promise.all(chosen.map((p) => store.blobs.read(p.blob)));
  const blob = await store.blobs.put(Buffer.concat(bodies));
  const size = chosen.reduce((n, p) => n + p.record.size, 0);

  // Another Complete or an Abort may have finished this upload during the awaits.
  if (!store.state.buckets.get(bucket)?.uploads.has(uploadId)) {
    store.blobs.release(blob);
    throw noSuchUpload(uploadId);
  }
  const { storageClass, accessTier } = resolveClass(u.input.storageClass, u.input.accessTier);
  const record = recordFromWrite(key, u.input, { size, etag, now: store.now(), storageClass, accessTier });
  // Whole-object checksums sent at creation do not describe the assembled bytes.
  record.checksums = {};
  delete record.checksumType;
  record.partsCount = chosen.length;
  store.commitObject(bucket, { record, body: { blob } });
  store.commit({ op: 'mpu-end', bucket, uploadId });
  return record;
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
