/**
 * The contract between the sandbox's HTTP layer (server, routing, SigV4, XML)
 * and its state (buckets, objects, multipart uploads, archive state machine,
 * persistence, seeds).
 *
 * The HTTP layer never touches storage directly and the store never sees a
 * request: the store takes plain arguments, returns plain records, and throws
 * `S3Error` for every failure S3 would answer with an error document.
 */

/** Storage classes S3 reports. */
export type StorageClass =
  | 'STANDARD'
  | 'REDUCED_REDUNDANCY'
  | 'STANDARD_IA'
  | 'ONEZONE_IA'
  | 'INTELLIGENT_TIERING'
  | 'GLACIER'
  | 'DEEP_ARCHIVE'
  | 'GLACIER_IR'
  | 'EXPRESS_ONEZONE';

/** Every storage class the sandbox accepts in `x-amz-storage-class`. */
export const STORAGE_CLASSES: ReadonlySet<string> = new Set<StorageClass>([
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
  'EXPRESS_ONEZONE',
]);

/** Intelligent-Tiering's opt-in archive tiers (x-amz-archive-status values). */
export type ArchiveAccessTier = 'ARCHIVE_ACCESS' | 'DEEP_ARCHIVE_ACCESS';

/** RestoreObject retrieval tiers. */
export type RestoreTier = 'Expedited' | 'Standard' | 'Bulk';

/** Flexible checksum algorithms S3 stores and returns. */
export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';

/** The restore state of one archived object. Times are ms since the epoch. */
export interface RestoreRecord {
  tier: RestoreTier;
  /** Days requested (undefined for Intelligent-Tiering, which takes none). */
  days?: number;
  requestedAt: number;
  /** When the restored copy becomes readable. */
  completesAt: number;
  /** When the restored copy disappears (undefined while in progress / for Intelligent-Tiering). */
  expiresAt?: number;
}

/** A bucket's versioning state; undefined (never configured) means unversioned. */
export type VersioningStatus = 'Enabled' | 'Suspended';

/** The version id S3 gives objects written while a bucket was unversioned or suspended. */
export const NULL_VERSION = 'null';

/** Everything S3 knows about one object except its bytes. */
export interface ObjectRecord {
  key: string;
  /** Version id; undefined is S3's `null` version (unversioned or suspended writes). */
  versionId?: string;
  size: number;
  /** With the quotes, as S3 sends it: `"…"` or `"…-N"` for multipart. */
  etag: string;
  lastModified: number;
  storageClass: StorageClass;
  /** Only for INTELLIGENT_TIERING objects currently in an archive tier. */
  accessTier?: ArchiveAccessTier;
  contentType: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  expires?: string;
  /** User metadata without the `x-amz-meta-` prefix, lower-cased names. */
  metadata: Record<string, string>;
  tags: Record<string, string>;
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
  checksumType?: 'FULL_OBJECT' | 'COMPOSITE';
  serverSideEncryption?: 'AES256' | 'aws:kms';
  kmsKeyId?: string;
  /** Number of parts for multipart objects. */
  partsCount?: number;
  /** Size of each part of a multipart object, in order (for GetObject `partNumber`). */
  partSizes?: number[];
  restore?: RestoreRecord;
}

/** What HEAD/GET/list show about archive state at a given moment (section 2 and 3.3 of the reference). */
export interface ArchiveView {
  /** Value of `x-amz-restore`, when S3 sends one. */
  restoreHeader?: string;
  /** Value of `x-amz-archive-status`, when S3 sends one. */
  archiveStatus?: ArchiveAccessTier;
  /** False when GET must answer 403 InvalidObjectState. */
  readable: boolean;
  /** ListObjectsV2 `RestoreStatus` element, when S3 sends one. */
  listRestoreStatus?: { isRestoreInProgress: boolean; restoreExpiryDate?: number };
}

/** A delete marker in a versioned bucket. */
export interface DeleteMarkerRecord {
  key: string;
  /** Undefined is the `null` version (a delete while versioning is suspended). */
  versionId?: string;
  lastModified: number;
}

export interface BucketRecord {
  name: string;
  region: string;
  createdAt: number;
}

/** One row of a listing page. */
export type ListEntry = { kind: 'object'; object: ObjectRecord } | { kind: 'prefix'; prefix: string };

export interface ListParams {
  prefix?: string;
  delimiter?: string;
  /** Exclusive lower bound (start-after, marker, or decoded continuation token). */
  after?: string;
  /** Already capped at 1,000 by the HTTP layer. */
  maxKeys: number;
}

export interface ListResult {
  entries: ListEntry[];
  isTruncated: boolean;
  /** The last key or common prefix returned; the next page starts after it. */
  lastReturned?: string;
}

/** ListObjectVersions parameters (markers as the client sent them). */
export interface VersionListParams {
  prefix?: string;
  delimiter?: string;
  keyMarker?: string;
  versionIdMarker?: string;
  /** Already capped at 1,000 by the HTTP layer. */
  maxKeys: number;
}

/** One row of a ListObjectVersions page: a version, a delete marker or a common prefix. */
export type VersionListEntry =
  | { kind: 'version'; object: ObjectRecord; isLatest: boolean }
  | { kind: 'marker'; marker: DeleteMarkerRecord; isLatest: boolean }
  | { kind: 'prefix'; prefix: string };

export interface VersionListResult {
  entries: VersionListEntry[];
  isTruncated: boolean;
  /** Set when truncated: where the next page starts. */
  nextKeyMarker?: string;
  nextVersionIdMarker?: string;
}

/** What a DeleteObject did (the headers S3 answers with). */
export interface DeleteOutcome {
  /** The version removed, or the delete marker created; undefined in an unversioned bucket. */
  versionId?: string;
  /** True when a delete marker was created, or the version removed was one. */
  deleteMarker: boolean;
}

/** Headers and body a PUT, copy or part brings in. */
export interface WriteInput {
  body: Buffer;
  contentType?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  expires?: string;
  metadata: Record<string, string>;
  tags?: Record<string, string>;
  storageClass?: StorageClass;
  /** Sandbox-only `x-sandbox-access-tier` for Intelligent-Tiering. */
  accessTier?: ArchiveAccessTier;
  /** Checksums the client sent (already verified by the HTTP layer). */
  checksums?: Partial<Record<ChecksumAlgorithm, string>>;
  serverSideEncryption?: 'AES256' | 'aws:kms';
  kmsKeyId?: string;
}

export interface CopyInput {
  metadataDirective: 'COPY' | 'REPLACE';
  /** Used when metadataDirective is REPLACE. */
  replace?: Omit<WriteInput, 'body'>;
  /** COPY (default) keeps the source's tags; REPLACE takes `tags`. */
  taggingDirective?: 'COPY' | 'REPLACE';
  /** The destination's tags under taggingDirective REPLACE (none when absent). */
  tags?: Record<string, string>;
  storageClass?: StorageClass;
  accessTier?: ArchiveAccessTier;
  /** Copy this version of the source instead of its current one. */
  sourceVersionId?: string;
  /** `x-amz-server-side-encryption` was sent (counts as a change for an in-place copy). */
  encryptionChanged?: boolean;
}

/** The source of an UploadPartCopy. */
export interface PartCopySource {
  bucket: string;
  key: string;
  versionId?: string;
  /** Inclusive byte range of the source; the whole source when absent. */
  range?: ByteRange;
}

/** Options of `putSynthetic`: a large object whose bytes are derived, never stored. */
export interface SyntheticObjectOptions {
  /** Seed of the derived bytes (default `bucket/key`); two objects with one seed have the same bytes. */
  seed?: string;
  storageClass?: StorageClass;
  accessTier?: ArchiveAccessTier;
  contentType?: string;
  metadata?: Record<string, string>;
  tags?: Record<string, string>;
  /** Modification time (default now). */
  lastModified?: number;
}

export interface MultipartUpload {
  uploadId: string;
  key: string;
  initiated: number;
  storageClass: StorageClass;
  /** `x-amz-checksum-algorithm` given at creation. */
  checksumAlgorithm?: ChecksumAlgorithm;
}

export interface PartRecord {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: number;
  /** Checksums the client sent with the part (verified by the HTTP layer). */
  checksums?: Partial<Record<ChecksumAlgorithm, string>>;
}

/** A byte range already resolved against the object size (inclusive end). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The sandbox's state. Every method is synchronous except where bodies or
 * disk are involved. `now` is the store's clock (controllable in tests).
 */
export interface SandboxStore {
  now(): number;

  listBuckets(): BucketRecord[];
  createBucket(name: string, region: string): BucketRecord;
  /** Throws NoSuchBucket. */
  getBucket(name: string): BucketRecord;
  /** Throws NoSuchBucket or BucketNotEmpty (versions and delete markers count). */
  deleteBucket(name: string): void;
  /** PutBucketVersioning: Enabled or Suspended (a bucket never returns to unversioned). */
  setVersioning(bucket: string, status: VersioningStatus): void;
  /** GetBucketVersioning: undefined while the bucket has never been versioned. */
  getVersioning(bucket: string): VersioningStatus | undefined;

  /** Current, non-deleted objects sorted by key (UTF-8 binary order, as S3). Throws NoSuchBucket. */
  list(bucket: string, params: ListParams): ListResult;
  /** ListObjectVersions: every version and delete marker, by key then newest first. */
  listVersions(bucket: string, params: VersionListParams): VersionListResult;
  /**
   * The current object, or one version of it. Throws NoSuchBucket, NoSuchKey
   * (with `x-amz-delete-marker` when the latest version is a marker),
   * NoSuchVersion, or 405 MethodNotAllowed when `versionId` names a delete marker.
   */
  head(bucket: string, key: string, versionId?: string): ObjectRecord;
  /** Bytes of the object (or a range of it); the caller checks readability first. */
  read(bucket: string, key: string, range?: ByteRange, versionId?: string): Promise<Buffer>;
  /**
   * The same bytes in chunks, holding the body until the iteration ends so a
   * concurrent overwrite cannot free it mid-stream (for multi-GiB objects).
   */
  stream(bucket: string, key: string, range?: ByteRange, versionId?: string, chunkSize?: number): AsyncIterableIterator<Buffer>;
  put(bucket: string, key: string, input: WriteInput): Promise<ObjectRecord>;
  /**
   * Stores an object of `size` bytes whose body is derived, not stored: a
   * 6 GiB object costs a record. Its ETag has the multipart form (not an MD5).
   */
  putSynthetic(bucket: string, key: string, size: number, options?: SyntheticObjectOptions): ObjectRecord;
  /** Throws InvalidObjectState when the source is an unrestored archive, InvalidRequest above 5 GiB. */
  copy(srcBucket: string, srcKey: string, dstBucket: string, dstKey: string, input: CopyInput): Promise<ObjectRecord>;
  /**
   * DeleteObject. Without `versionId`: removes the key (unversioned) or adds a
   * delete marker (versioned). With it: removes that version for good.
   * Deleting a missing key or version succeeds, as in S3.
   */
  delete(bucket: string, key: string, versionId?: string): Promise<DeleteOutcome>;
  getTags(bucket: string, key: string, versionId?: string): Record<string, string>;
  /** PutObjectTagging (DeleteObjectTagging is `{}`); changes the version in place. Returns the updated record. */
  putTags(bucket: string, key: string, tags: Record<string, string>, versionId?: string): ObjectRecord;

  createMultipart(bucket: string, key: string, input: Omit<WriteInput, 'body'> & { checksumAlgorithm?: ChecksumAlgorithm }): MultipartUpload;
  uploadPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Buffer, checksums?: Partial<Record<ChecksumAlgorithm, string>>): Promise<PartRecord>;
  /**
   * UploadPartCopy. A range of a synthetic source is referenced, not copied,
   * so parts of a multi-GiB synthetic object cost nothing to copy.
   */
  uploadPartCopy(bucket: string, key: string, uploadId: string, partNumber: number, source: PartCopySource): Promise<PartRecord>;
  /** Checks order, ETags and EntityTooSmall; ETag is the md5 of md5s with `-N`. */
  completeMultipart(bucket: string, key: string, uploadId: string, parts: Array<{ partNumber: number; etag: string }>): Promise<ObjectRecord>;
  abortMultipart(bucket: string, key: string, uploadId: string): void;
  listParts(bucket: string, key: string, uploadId: string): PartRecord[];
  listMultipartUploads(bucket: string): MultipartUpload[];

  /**
   * RestoreObject (of the current object or one version). Returns 202
   * (started), 200 (already restored: expiry extended) or throws S3Error (409
   * RestoreAlreadyInProgress, 403 InvalidObjectState, 400 MalformedXML /
   * InvalidArgument, 503 GlacierExpeditedRetrievalNotAvailable …).
   */
  restore(bucket: string, key: string, request: { days?: number; tier?: RestoreTier }, versionId?: string): 200 | 202;
  /** Archive state as seen now. */
  archiveView(object: ObjectRecord): ArchiveView;

  /** Flushes and releases files (data-dir mode). */
  close(): Promise<void>;
}

/** An S3 error document: `<Error><Code/><Message/>…</Error>` with its HTTP status. */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra elements for the error document (e.g. Key, BucketName, StorageClass). */
    readonly extra: Record<string, string> = {},
    /** Response headers S3 sends with this error (e.g. `x-amz-delete-marker`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'S3Error';
  }
}
