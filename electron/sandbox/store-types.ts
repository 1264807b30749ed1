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

/** Everything S3 knows about one object except its bytes. */
export interface ObjectRecord {
  key: string;
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
  storageClass?: StorageClass;
  accessTier?: ArchiveAccessTier;
}

export interface MultipartUpload {
  uploadId: string;
  key: string;
  initiated: number;
  storageClass: StorageClass;
}

export interface PartRecord {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: number;
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
  /** Throws NoSuchBucket or BucketNotEmpty. */
  deleteBucket(name: string): void;

  /** Sorted by key (UTF-8 binary order, as S3). Throws NoSuchBucket. */
  list(bucket: string, params: ListParams): ListResult;
  /** Throws NoSuchBucket / NoSuchKey. */
  head(bucket: string, key: string): ObjectRecord;
  /** Bytes of the object (or a range of it); the caller checks readability first. */
  read(bucket: string, key: string, range?: ByteRange): Promise<Buffer>;
  put(bucket: string, key: string, input: WriteInput): Promise<ObjectRecord>;
  /** Throws InvalidObjectState when the source is an unrestored archive. */
  copy(srcBucket: string, srcKey: string, dstBucket: string, dstKey: string, input: CopyInput): Promise<ObjectRecord>;
  /** Idempotent: deleting a missing key succeeds, as in S3. */
  delete(bucket: string, key: string): Promise<void>;
  getTags(bucket: string, key: string): Record<string, string>;

  createMultipart(bucket: string, key: string, input: Omit<WriteInput, 'body'>): MultipartUpload;
  uploadPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Buffer): Promise<PartRecord>;
  /** Checks order, ETags and EntityTooSmall; ETag is the md5 of md5s with `-N`. */
  completeMultipart(bucket: string, key: string, uploadId: string, parts: Array<{ partNumber: number; etag: string }>): Promise<ObjectRecord>;
  abortMultipart(bucket: string, key: string, uploadId: string): void;
  listParts(bucket: string, key: string, uploadId: string): PartRecord[];
  listMultipartUploads(bucket: string): MultipartUpload[];

  /**
   * RestoreObject. Returns 202 (started), 200 (already restored: expiry
   * extended) or throws S3Error (409 RestoreAlreadyInProgress,
   * 403 InvalidObjectState, 400 MalformedXML / InvalidArgument,
   * 503 GlacierExpeditedRetrievalNotAvailable …).
   */
  restore(bucket: string, key: string, request: { days?: number; tier?: RestoreTier }): 200 | 202;
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
  ) {
    super(message);
    this.name = 'S3Error';
  }
}
