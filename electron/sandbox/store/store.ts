/**
 * The sandbox store: buckets, versioning, objects, listing, tags, restore.
 *
 * State changes go through `commit`, which journals the op (data-dir mode)
 * and then applies it, so the live store and a replayed one are the same.
 * Records handed out are shared, read-only values: every change replaces a
 * record instead of editing it. Copies live in object-copy.ts, multipart
 * uploads in multipart.ts, version transitions in versions.ts.
 */
import {
  NULL_VERSION,
  S3Error,
  type ArchiveView,
  type BucketRecord,
  type ByteRange,
  type ChecksumAlgorithm,
  type CopyInput,
  type DeleteOutcome,
  type ListParams,
  type ListResult,
  type MultipartUpload,
  type ObjectRecord,
  type PartCopySource,
  type PartRecord,
  type RestoreTier,
  type SandboxStore,
  type SyntheticObjectOptions,
  type VersioningStatus,
  type VersionListParams,
  type VersionListResult,
  type WriteInput,
} from '../store-types';
import { archiveView, requestRestore, settle, type RestoreTiming } from './archive';
import { md5Hex, type BlobStore } from './blobs';
import { readBody, releaseBody, retainBody } from './bodies';
import { compareKeys } from './key-order';
import { listPage } from './listing';
import * as multipart from './multipart';
import { copyObject, putSyntheticObject } from './object-copy';
import { recordFromWrite } from './records';
import { applyOp, type BucketState, type Op, type StoreState, type StoredObject } from './state';
import { streamBody } from './stream-body';
import { assertBucketName, assertKey, noSuchBucket, resolveClass } from './validate';
import { listVersionsPage } from './version-listing';
import { assertVersionId, findVersion, newVersionId, versionIdOf, versionsOf } from './versions';
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
    if (b.index.size > 0 || b.history.size > 0) throw new S3Error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty', { BucketName: name });
    this.commit({ op: 'bucket-delete', name });
  }

  setVersioning(bucket: string, status: VersioningStatus): void {
    const b = this.bucketState(bucket);
    if (status !== 'Enabled' && status !== 'Suspended') {
      throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
    }
    if (b.versioning !== status) this.commit({ op: 'versioning', bucket, status });
  }

  getVersioning(bucket: string): VersioningStatus | undefined {
    return this.bucketState(bucket).versioning;
  }

  list(bucket: string, params: ListParams): ListResult {
    const b = this.bucketState(bucket);
    const now = this.now();
    return listPage(b.index, params, (key) => settle(this.storedRecord(b, key), now));
  }

  listVersions(bucket: string, params: VersionListParams): VersionListResult {
    const b = this.bucketState(bucket);
    const now = this.now();
    return listVersionsPage(b, params, (key) => settle(this.storedRecord(b, key), now), (r) => settle(r, now));
  }

  head(bucket: string, key: string, versionId?: string): ObjectRecord {
    return settle(findVersion(this.bucketState(bucket), key, versionId).record, this.now());
  }

  async read(bucket: string, key: string, range?: ByteRange, versionId?: string): Promise<Buffer> {
    const o = findVersion(this.bucketState(bucket), key, versionId);
    return readBody(this.blobs, o.body, o.record.size, range);
  }

  stream(bucket: string, key: string, range?: ByteRange, versionId?: string, chunkSize?: number): AsyncIterableIterator<Buffer> {
    const o = findVersion(this.bucketState(bucket), key, versionId);
    return streamBody(this.blobs, o, range, chunkSize);
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

  putSynthetic(bucket: string, key: string, size: number, options: SyntheticObjectOptions = {}): ObjectRecord {
    return putSyntheticObject(this, bucket, key, size, options);
  }

  copy(srcBucket: string, srcKey: string, dstBucket: string, dstKey: string, input: CopyInput): Promise<ObjectRecord> {
    return copyObject(this, srcBucket, srcKey, dstBucket, dstKey, input);
  }

  async delete(bucket: string, key: string, versionId?: string): Promise<DeleteOutcome> {
    const b = this.bucketState(bucket);
    if (versionId !== undefined) {
      assertVersionId(versionId);
      const entry = versionsOf(b, key).find((e) => versionIdOf(e) === versionId);
      if (entry) this.commit({ op: 'delete-version', bucket, key, versionId });
      return { versionId, deleteMarker: entry !== undefined && 'marker' in entry };
    }
    if (!b.versioning) {
      if (b.index.has(key)) this.commit({ op: 'delete', bucket, key });
      return { deleteMarker: false };
    }
    // A versioned delete always adds a marker, even for a key that never existed (as S3 does).
    const marker = { key, lastModified: this.now(), ...(b.versioning === 'Enabled' ? { versionId: newVersionId() } : {}) };
    this.commit({ op: 'marker', bucket, marker });
    return { versionId: marker.versionId ?? NULL_VERSION, deleteMarker: true };
  }

  getTags(bucket: string, key: string, versionId?: string): Record<string, string> {
    return { ...findVersion(this.bucketState(bucket), key, versionId).record.tags };
  }

  putTags(bucket: string, key: string, tags: Record<string, string>, versionId?: string): ObjectRecord {
    const o = findVersion(this.bucketState(bucket), key, versionId);
    const record = { ...o.record, tags: { ...tags } };
    this.updateVersion(bucket, { record, body: o.body });
    return record;
  }

  createMultipart(bucket: string, key: string, input: Omit<WriteInput, 'body'> & { checksumAlgorithm?: ChecksumAlgorithm }): MultipartUpload {
    return multipart.create(this, bucket, key, input);
  }

  uploadPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Buffer, checksums?: Partial<Record<ChecksumAlgorithm, string>>): Promise<PartRecord> {
    return multipart.uploadPart(this, bucket, key, uploadId, partNumber, body, checksums);
  }

  uploadPartCopy(bucket: string, key: string, uploadId: string, partNumber: number, source: PartCopySource): Promise<PartRecord> {
    return multipart.uploadPartCopy(this, bucket, key, uploadId, partNumber, source);
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

  restore(bucket: string, key: string, request: { days?: number; tier?: RestoreTier }, versionId?: string): 200 | 202 {
    const o = findVersion(this.bucketState(bucket), key, versionId);
    const { status, record } = requestRestore(o.record, request, this.now(), this.timing);
    this.updateVersion(bucket, { record, body: o.body });
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

  /**
   * Stores a new object (a new version in a versioned bucket) whose body
   * reference the caller already holds; releases it if the bucket vanished
   * meanwhile. Stamps the record's version id from the bucket's state now.
   */
  commitObject(bucket: string, object: StoredObject): void {
    const b = this.state.buckets.get(bucket);
    if (!b) {
      releaseBody(this.blobs, object.body);
      throw noSuchBucket(bucket);
    }
    if (b.versioning === 'Enabled') object.record.versionId = newVersionId();
    else delete object.record.versionId;
    this.commit({ op: 'put', bucket, object });
  }

  /** Replaces one version's record in place, keeping its body (restore, tagging). */
  private updateVersion(bucket: string, object: StoredObject): void {
    retainBody(this.blobs, object.body);
    try {
      this.commit({ op: 'update', bucket, object });
    } catch (e) {
      releaseBody(this.blobs, object.body);
      throw e;
    }
  }

  /** The record of a key in the index: stored, or derived from the synthetic source. */
  storedRecord(b: BucketState, key: string): ObjectRecord {
    // A pure synthetic bucket skips the Map lookup (hashing a million fresh keys shows in a full listing).
    const o = b.objects.size === 0 ? undefined : b.objects.get(key);
    if (o) return o.record;
    // Keys in the index without a stored record come from the synthetic source.
    return (b.synthetic as NonNullable<BucketState['synthetic']>).record(key);
  }
}
