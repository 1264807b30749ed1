/**
 * The store's state and the operations that change it.
 *
 * Every mutation is an `Op`, applied by `applyOp` both live and when a data
 * directory's journal is replayed, so the two can never drift apart. Ops hold
 * only JSON-safe values (records and blob ids, never bytes).
 *
 * Versioned buckets keep each key's current object where an unversioned
 * bucket keeps it (`objects` and the sorted `index`, which ListObjects
 * walks), and everything older (noncurrent versions and delete markers) in
 * `history` with its own sorted key index, so versioning costs the listing
 * hot path nothing. The transitions themselves live in versions.ts.
 */
import type { BucketRecord, DeleteMarkerRecord, MultipartUpload, ObjectRecord, PartRecord, VersioningStatus, WriteInput } from '../store-types';
import { bodyBlobs, partBlobs } from './bodies';
import { KeyIndex } from './key-order';
import { applyDeleteVersion, applyMarker, applyPut, applyUpdate } from './versions';

/** A byte range of a stored blob or of a derived (synthetic) body. */
export type BodySlice = { blob: string; start: number; length: number } | { synthetic: string; start: number; length: number };

/**
 * Where an object's bytes come from: a stored blob, derived from a seed
 * string, or a concatenation of slices (a multipart copy of a synthetic
 * object references its source's ranges instead of copying them).
 */
export type BodyRef = { blob: string } | { synthetic: string } | { slices: BodySlice[] };

/** An object: its record plus where its bytes are. */
export interface StoredObject {
  record: ObjectRecord;
  body: BodyRef;
}

/** A delete marker as the history keeps it. */
export interface StoredMarker {
  marker: DeleteMarkerRecord;
}

/** One entry of a key's history: a noncurrent version or a delete marker. */
export type VersionEntry = StoredObject | StoredMarker;

/** One uploaded part of a multipart upload: its own blob, or slices of a synthetic source (UploadPartCopy). */
export type StoredPart = {
  record: PartRecord;
  /** Hex MD5 of the part (the ETag without quotes). */
  md5: string;
} & ({ blob: string } | { slices: BodySlice[] });

/** An in-progress multipart upload. */
export interface UploadState {
  upload: MultipartUpload;
  input: Omit<WriteInput, 'body'>;
  parts: Map<number, StoredPart>;
}

/**
 * Keys whose records are derived rather than stored (synthetic seeds).
 *
 * Lets a million-key bucket cost one string per key: records are built on
 * demand, bodies are generated on read.
 */
export interface SyntheticSource {
  /** The seed spec that recreates this source (persisted instead of its keys). */
  readonly spec: string;
  /** All keys, in S3 order. */
  keys(): string[];
  /** Whether `key` is one of this source's keys (whether or not since deleted). */
  has(key: string): boolean;
  /** The derived record of one of this source's keys. */
  record(key: string): ObjectRecord;
}

/** One bucket. */
export interface BucketState {
  record: BucketRecord;
  /** Keys whose current version is an object (not a delete marker), in S3 order. */
  index: KeyIndex;
  /** Current objects with a stored record (everything not derived from `synthetic`). */
  objects: Map<string, StoredObject>;
  synthetic?: SyntheticSource;
  /** Synthetic keys deleted or overwritten since seeding; persisted so a reload does not revive them. */
  syntheticDeleted: Set<string>;
  uploads: Map<string, UploadState>;
  /** Undefined until versioning is first configured. */
  versioning?: VersioningStatus;
  /** Per key, newest first: noncurrent versions and delete markers (the current object is in `objects`). */
  history: Map<string, VersionEntry[]>;
  /** Keys of `history`, in S3 order. */
  historyIndex: KeyIndex;
}

/** The whole state. */
export interface StoreState {
  buckets: Map<string, BucketState>;
}

/** A state change. */
export type Op =
  | { op: 'bucket'; record: BucketRecord }
  | { op: 'bucket-delete'; name: string }
  /** A new object (in a versioned bucket, a new version). */
  | { op: 'put'; bucket: string; object: StoredObject }
  /** Unversioned delete of the current object. */
  | { op: 'delete'; bucket: string; key: string }
  | { op: 'versioning'; bucket: string; status: VersioningStatus }
  /** A delete marker becomes the key's latest version. */
  | { op: 'marker'; bucket: string; marker: DeleteMarkerRecord }
  /** One version (or marker) removed for good; `versionId` is 'null' for the null version. */
  | { op: 'delete-version'; bucket: string; key: string; versionId: string }
  /** Replaces one version's record in place (restore, tagging): no new version. */
  | { op: 'update'; bucket: string; object: StoredObject }
  | { op: 'mpu'; bucket: string; upload: MultipartUpload; input: Omit<WriteInput, 'body'> }
  | { op: 'part'; bucket: string; uploadId: string; part: StoredPart }
  | { op: 'mpu-end'; bucket: string; uploadId: string };

/** Creates an empty bucket state. */
export function newBucket(record: BucketRecord, synthetic?: SyntheticSource): BucketState {
  return {
    record,
    // Synthetic sources generate their keys in S3 order by construction (checked by their tests).
    index: new KeyIndex(synthetic ? synthetic.keys() : []),
    objects: new Map(),
    synthetic,
    syntheticDeleted: new Set(),
    uploads: new Map(),
    history: new Map(),
    historyIndex: new KeyIndex(),
  };
}

/**
 * Applies one op and returns the blob ids it dropped (replaced or removed bodies).
 *
 * The live store releases those; a journal replay ignores them because blob
 * reference counts are rebuilt from the final state.
 */
export function applyOp(state: StoreState, op: Op): string[] {
  if (op.op === 'bucket') {
    if (!state.buckets.has(op.record.name)) state.buckets.set(op.record.name, newBucket(op.record));
    return [];
  }
  if (op.op === 'bucket-delete') {
    const b = state.buckets.get(op.name);
    state.buckets.delete(op.name);
    return b ? [...b.uploads.values()].flatMap(uploadBlobs) : [];
  }
  const b = state.buckets.get(op.bucket);
  if (!b) return [];
  switch (op.op) {
    case 'put':
      return applyPut(b, op.object);
    case 'delete': {
      const old = b.objects.get(op.key);
      b.objects.delete(op.key);
      b.index.remove(op.key);
      if (b.synthetic?.has(op.key)) b.syntheticDeleted.add(op.key);
      return old ? bodyBlobs(old.body) : [];
    }
    case 'versioning':
      b.versioning = op.status;
      return [];
    case 'marker':
      return applyMarker(b, op.marker);
    case 'delete-version':
      return applyDeleteVersion(b, op.key, op.versionId);
    case 'update':
      return applyUpdate(b, op.object);
    case 'mpu':
      b.uploads.set(op.upload.uploadId, { upload: op.upload, input: op.input, parts: new Map() });
      return [];
    case 'part': {
      const u = b.uploads.get(op.uploadId);
      if (!u) return [];
      const old = u.parts.get(op.part.record.partNumber);
      u.parts.set(op.part.record.partNumber, op.part);
      return old ? partBlobs(old) : [];
    }
    case 'mpu-end': {
      const u = b.uploads.get(op.uploadId);
      b.uploads.delete(op.uploadId);
      return u ? uploadBlobs(u) : [];
    }
  }
}

function uploadBlobs(u: UploadState): string[] {
  return [...u.parts.values()].flatMap(partBlobs);
}

/** Counts blob references held by a state (for `BlobStore.reconcile` after a reload). */
export function countBlobRefs(state: StoreState): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (id: string) => counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const b of state.buckets.values()) {
    for (const o of b.objects.values()) bodyBlobs(o.body).forEach(add);
    for (const entries of b.history.values()) for (const e of entries) if ('body' in e) bodyBlobs(e.body).forEach(add);
    for (const u of b.uploads.values()) uploadBlobs(u).forEach(add);
  }
  return counts;
}
