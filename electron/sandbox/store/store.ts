/**
 * The sandbox store: buckets, objects, listing, copy, tags, restore.
 *
 * State changes go through `commit`, which journals the op (data-dir mode)
 * and then applies it, so the live store and a replayed one are the same.
 * Records handed out are shared, read-only values: every change replaces a
 * record instead of editing it.
 */
import {
  S3Error,
  type ArchiveView,
  type BucketRecord,
  type ByteRange,
  type CopyInput,
  type ListParams,
  type ListResult,
  type MultipartUpload,
  type ObjectRecord,
  type PartRecord,
  type RestoreTier,
  type SandboxStore,
  type WriteInput,
} from '../store-types';
import { archiveView, assertReadable, requestRestore, settle, type RestoreTiming } from './archive';
import { md5Hex, type BlobStore } from './blobs';
import { compareKeys } from './key-order';
import { listPage } from './listing';
import * as multipart from './multipart';
import { headersOf, recordFromWrite } from './records';
import { applyOp, type BucketState, type Op, type StoreState, type StoredObject } from './state';
import { syntheticBytes } from './synthetic-body';
import { assertBucketName, assertKey, noSuchBucket, noSuchKey, resolveClass } from './validate';
import type { SandboxClock } from './clock';

/** Durable log of ops (data-dir mode). */
export interface OpLog {
  /** Records one op durably before it is applied. */
  append(op: Op): void;
  /** Writes a compact snapshot of `state` and releases files. */
  close(state: StoreState): Promise<void>;
}

/** What the store is built from. */
export interface StoreParts {
  state: StoreState;
  blobs: BlobStore;
  clock: SandboxClock;
  timing: RestoreTiming;
  log?: OpLog;
}

/** The SandboxStore implementation shared by the in-memory and data-dir modes. */
export class Store implements SandboxStore {
  readonly state: StoreState;
  readonly blobs: BlobStore;
  private readonly clock: SandboxClock;
  private readonly timing: RestoreTiming;
  private readonly log?: OpLog;
  private closed = false;

  constructor(parts: StoreParts) {
    this.state = parts.state;
    this.blobs = parts.blobs;
    this.clock = parts.clock;
    this.timing = parts.timing;
    this.log = parts.log;
  }

  now(): number {
    return this.clock.now();
  }

  /** Journals and applies one op, then releases the bodies it dropped. */
  commit(op: Op): void {
    if (this.closed) throw new S3Error(503, 'ServiceUnavailable', 'The sandbox store is closed');
    this.log?.append(op);
    for (const id of applyOp(this.state, op)) this.blobs.release(id);
  }

  /** The bucket's state; throws NoSuchBucket. */
  bucketState(name: string): BucketState {
    const b = this.state.buckets.get(name);
    if (!b) throw noSuchBucket(name);
    return b;
  }

  listBuckets(): BucketRecord[] {
    return [...this.state.buckets.values()].map((b) => b.record).sort((a, b) => compareKeys(a.name, b.name));
  }

  createBucket(name: string, region: string): BucketRecord {
    assertBucketName(name);
    const existing = this.state.buckets.get(name);
    if (existing) {
      // us-east-1 answers 200 to re-creating a bucket you own; every other region 409.
      if (region === 'us-east-1' && existing.record.region === 'us-east-1') return existing.record;
      throw new S3Error(409, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', { BucketName: name });
    }
    const record: BucketRecord = { name, region, createdAt: this.now() };
    this.commit({ op: 'bucket', record });
    return record;
  }

  getBucket(name: string): BucketRecord {
    return this.bucketState(name).record;
  }

  deleteBucket(name: string): void {
    const b = this.bucketState(name);
    if (b.index.size > 0) throw new S3Error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty', { BucketName: name });
    this.commit({ op: 'bucket-delete', name });
  }

  list(bucket: string, params: ListParams): ListResult {
    const b = this.bucketState(bucket);
    const now = this.now();
    return listPage(b.index, params, (key) => settle(this.storedRecord(b, key), now));
  }

  head(bucket: string, key: string): ObjectRecord {
    return settle(this.stored(this.bucketState(bucket), key).record, this.now());
  }

  async read(bucket: string, key: string, range?: ByteRange): Promise<Buffer> {
    const o = this.stored(this.bucketState(bucket), key);
    if ('blob' in o.body) return this.blobs.read(o.body.blob, range);
    return syntheticBytes(o.body.synthetic, o.record.size, range);
  }

  async put(bucket: string, key: string, input: WriteInput): Promise<ObjectRecord> {
    this.bucketState(bucket);
    assertKey(key);
    const cls = resolveClass(input.storageClass, input.accessTier);
    const blob = await this.blobs.put(input.body);
    const record = recordFromWrite(key, input, { size: input.body.length, etag: `"${md5Hex(input.body)}"`, now: this.now(), ...cls });
    this.commitObject(bucket, { record, body: { blob } });
    return record;
  }

  async copy(srcBucket: string, srcKey: string, dstBucket: string, dstKey: string, input: CopyInput): Promise<ObjectRecord> {
    const src = this.stored(this.bucketState(srcBucket), srcKey);
    const now = this.now();
    assertReadable(src.record, now, true);
    this.bucketState(dstBucket);
    assertKey(dstKey);
    const srcRecord = settle(src.record, now);
    const cls = resolveClass(input.storageClass, input.accessTier);
    const sameObject = srcBucket === dstBucket && srcKey === dstKey;
    if (sameObject && input.metadataDirective === 'COPY' && input.storageClass === undefined && input.accessTier === undefined) {
      throw new S3Error(
        400,
        'InvalidRequest',
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
      );
    }
    // Hold the body before any await so a concurrent delete cannot free it.
    if ('blob' in src.body) this.blobs.retain(src.body.blob);
    try {
      // A multipart source's ETag is not an MD5 of its bytes; a single-request copy's is.
      let etag = srcRecord.etag;
      if ('blob' in src.body && etag.includes('-')) etag = `"${md5Hex(await this.blobs.read(src.body.blob))}"`;
      const headers =
        input.metadataDirective === 'REPLACE'
          ? { ...input.replace, metadata: input.replace?.metadata ?? {}, tags: input.replace?.tags ?? srcRecord.tags }
          : headersOf(srcRecord);
      const record = recordFromWrite(dstKey, headers, { size: srcRecord.size, etag, now: this.now(), ...cls });
      record.checksums = { ...srcRecord.checksums };
      if (srcRecord.checksumType) record.checksumType = srcRecord.checksumType;
      if (!this.state.buckets.has(dstBucket)) throw noSuchBucket(dstBucket);
      this.commit({ op: 'put', bucket: dstBucket, object: { record, body: src.body } });
      return record;
    } catch (e) {
      if ('blob' in src.body) this.blobs.release(src.body.blob);
      throw e;
    }
  }

  async delete(bucket: string, key: string): Promise<void> {
    const b = this.bucketState(bucket);
    if (b.index.has(key)) this.commit({ op: 'delete', bucket, key });
  }

  getTags(bucket: string, key: string): Record<string, string> {
    return { ...this.stored(this.bucketState(bucket), key).record.tags };
  }

  createMultipart(bucket: string, key: string, input: Omit<WriteInput, 'body'>): MultipartUpload {
    return multipart.create(this, bucket, key, input);
  }

  uploadPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Buffer): Promise<PartRecord> {
    return multipart.uploadPart(this, bucket, key, uploadId, partNumber, body);
  }

  completeMultipart(bucket: string, key: string, uploadId: string, parts: Array<{ partNumber: number; etag: string }>): Promise<ObjectRecord> {
    return multipart.complete(this, bucket, key, uploadId, parts);
  }

  abortMultipart(bucket: string, key: string, uploadId: string): void {
    multipart.abort(this, bucket, key, uploadId);
  }

  listParts(bucket: string, key: string, uploadId: string): PartRecord[] {
    return multipart.listParts(this, bucket, key, uploadId);
  }

  listMultipartUploads(bucket: string): MultipartUpload[] {
    return multipart.listUploads(this, bucket);
  }

  restore(bucket: string, key: string, request: { days?: number; tier?: RestoreTier }): 200 | 202 {
    const b = this.bucketState(bucket);
    const o = this.stored(b, key);
    const { status, record } = requestRestore(o.record, request, this.now(), this.timing);
    if ('blob' in o.body) this.blobs.retain(o.body.blob);
    this.commitObject(bucket, { record, body: o.body });
    return status;
  }

  archiveView(object: ObjectRecord): ArchiveView {
    return archiveView(object, this.now());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.log?.close(this.state);
    await this.blobs.close();
  }

  /** Stores an object whose body reference the caller already holds; releases it if the bucket vanished meanwhile. */
  commitObject(bucket: string, object: StoredObject): void {
    if (!this.state.buckets.has(bucket)) {
      if ('blob' in object.body) this.blobs.release(object.body.blob);
      throw noSuchBucket(bucket);
    }
    this.commit({ op: 'put', bucket, object });
  }

  /** The stored (or derived) object for a key; throws NoSuchKey. */
  private stored(b: BucketState, key: string): StoredObject {
    const o = b.objects.get(key);
    if (o) return o;
    if (b.synthetic && b.index.has(key)) return { record: b.synthetic.record(key), body: { synthetic: `${b.record.name}/${key}` } };
    throw noSuchKey(key);
  }

  private storedRecord(b: BucketState, key: string): ObjectRecord {
    // A pure synthetic bucket skips the Map lookup (hashing a million fresh keys shows in a full listing).
    const o = b.objects.size === 0 ? undefined : b.objects.get(key);
    if (o) return o.record;
    // Keys in the index without a stored record come from the synthetic source.
    return (b.synthetic as NonNullable<BucketState['synthetic']>).record(key);
  }
}
