/**
 * CopyObject and synthetic objects.
 *
 * CopyObject follows S3: the source may be one version (`?versionId=`), is
 * refused above 5 GiB (multipart copy is the way past that) and when it is an
 * unrestored archive; metadata and tags are copied or replaced by their own
 * directives; the destination's storage class is STANDARD unless given; and
 * copying an object onto itself must change something (metadata, storage
 * class, encryption) unless it names a version, which is how S3 promotes an
 * older version back to current.
 */
import { S3Error, type CopyInput, type ObjectRecord, type SyntheticObjectOptions } from '../store-types';
import { assertReadable, settle } from './archive';
import { md5Hex } from './blobs';
import { releaseBody, retainBody } from './bodies';
import { headersOf, recordFromWrite } from './records';
import type { StoredObject } from './state';
import type { Store } from './store';
import { assertKey, noSuchBucket, resolveClass } from './validate';
import { findVersion } from './versions';

/** The largest source CopyObject accepts: 5 GiB. */
export const MAX_COPY_SOURCE_BYTES = 5 * 1024 ** 3;

/** Largest synthetic object: S3's 5 TiB object limit. */
export const MAX_OBJECT_BYTES = 5 * 1024 ** 4;

/** ETags of synthetic objects use the aws CLI's 8 MiB part size for their `-N`. */
const SYNTHETIC_PART_BYTES = 8 * 1024 * 1024;

/**
 * The object (or version) a copy reads from.
 *
 * A version id naming a delete marker is InvalidRequest for a copy, not the
 * 405 a GET gets; a latest marker without a version id is NoSuchKey.
 */
export function copySource(store: Store, bucket: string, key: string, versionId?: string): StoredObject {
  try {
    return findVersion(store.bucketState(bucket), key, versionId);
  } catch (e) {
    if (e instanceof S3Error && e.code === 'MethodNotAllowed') {
      throw new S3Error(400, 'InvalidRequest', 'The source of a copy request may not specifically refer to a delete marker by version id.');
    }
    throw e;
  }
}

/** Throws InvalidRequest for a CopyObject source above 5 GiB, S3's words. */
export function assertCopyableSize(size: number): void {
  if (size > MAX_COPY_SOURCE_BYTES) {
    throw new S3Error(400, 'InvalidRequest', `The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_COPY_SOURCE_BYTES}`);
  }
}

/** CopyObject. */
export async function copyObject(store: Store, srcBucket: string, srcKey: string, dstBucket: string, dstKey: string, input: CopyInput): Promise<ObjectRecord> {
  const src = copySource(store, srcBucket, srcKey, input.sourceVersionId);
  const now = store.now();
  assertReadable(src.record, now, true);
  assertCopyableSize(src.record.size);
  store.bucketState(dstBucket);
  assertKey(dstKey);
  const srcRecord = settle(src.record, now);
  const cls = resolveClass(input.storageClass, input.accessTier);
  if (srcBucket === dstBucket && srcKey === dstKey && !changesSomething(srcRecord, input, cls)) {
    throw new S3Error(
      400,
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  // Hold the body before any await so a concurrent delete cannot free it.
  retainBody(store.blobs, src.body);
  try {
    // A multipart source's ETag is not an MD5 of its bytes; a single-request copy's is.
    // Derived (synthetic) bytes have no MD5: their copies keep the source's ETag.
    let etag = srcRecord.etag;
    if ('blob' in src.body && etag.includes('-')) etag = `"${md5Hex(await store.blobs.read(src.body.blob))}"`;
    const headers = input.metadataDirective === 'REPLACE' ? { ...input.replace, metadata: input.replace?.metadata ?? {} } : headersOf(srcRecord);
    headers.tags = input.taggingDirective === 'REPLACE' ? (input.tags ?? {}) : { ...srcRecord.tags };
    const record = recordFromWrite(dstKey, headers, { size: srcRecord.size, etag, now: store.now(), ...cls });
    record.checksums = { ...srcRecord.checksums };
    if (srcRecord.checksumType) record.checksumType = srcRecord.checksumType;
    // Checked here so commitObject cannot release the body the catch below releases.
    if (!store.state.buckets.has(dstBucket)) throw noSuchBucket(dstBucket);
    store.commitObject(dstBucket, { record, body: src.body });
    return record;
  } catch (e) {
    releaseBody(store.blobs, src.body);
    throw e;
  }
}

/** Whether an in-place copy changes what S3 requires it to change. */
function changesSomething(src: ObjectRecord, input: CopyInput, cls: ReturnType<typeof resolveClass>): boolean {
  if (input.metadataDirective === 'REPLACE' || input.sourceVersionId !== undefined || input.encryptionChanged) return true;
  // [inferred, as moto] naming the class the object already has changes nothing.
  return input.storageClass !== undefined && (cls.storageClass !== src.storageClass || cls.accessTier !== src.accessTier);
}

/** `Store.putSynthetic`: a record and a seed, no bytes. */
export function putSyntheticObject(store: Store, bucket: string, key: string, size: number, options: SyntheticObjectOptions): ObjectRecord {
  store.bucketState(bucket);
  assertKey(key);
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_OBJECT_BYTES) throw new RangeError(`putSynthetic: size must be 0..${MAX_OBJECT_BYTES}, not ${size}`);
  const cls = resolveClass(options.storageClass, options.accessTier);
  const seed = options.seed ?? `${bucket}/${key}`;
  const parts = Math.max(1, Math.ceil(size / SYNTHETIC_PART_BYTES));
  const etag = `"${md5Hex(Buffer.from(`synthetic:${seed}:${size}`))}-${parts}"`;
  const headers = { contentType: options.contentType, metadata: options.metadata ?? {}, tags: options.tags };
  const record = recordFromWrite(key, headers, { size, etag, now: options.lastModified ?? store.now(), ...cls });
  store.commitObject(bucket, { record, body: { synthetic: seed } });
  return record;
}
