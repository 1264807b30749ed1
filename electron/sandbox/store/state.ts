/**
 * The store's state and the operations that change it.
 *
 * Every mutation is an `Op`, applied by `applyOp` both live and when a data
 * directory's journal is replayed, so the two can never drift apart. Ops hold
 * only JSON-safe values (records and blob ids, never bytes).
 */
import type { BucketRecord, MultipartUpload, ObjectRecord, PartRecord, WriteInput } from '../store-types';
import { KeyIndex } from './key-order';

/** Where an object's bytes come from: a stored blob, or derived from a seed string. */
export type BodyRef = { blob: string } | { synthetic: string };

/** An object: its record plus where its bytes are. */
export interface StoredObject {
  record: ObjectRecord;
  body: BodyRef;
}

/** One uploaded part of a multipart upload. */
export interface StoredPart {
  record: PartRecord;
  blob: string;
  /** Hex MD5 of the part (the ETag without quotes). */
  md5: string;
}

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
  index: KeyIndex;
  /** Objects with a stored record (everything not derived from `synthetic`). */
  objects: Map<string, StoredObject>;
  synthetic?: SyntheticSource;
  /** Synthetic keys deleted or overwritten since seeding; persisted so a reload does not revive them. */
  syntheticDeleted: Set<string>;
  uploads: Map<string, UploadState>;
}

/** The whole state. */
export interface StoreState {
  buckets: Map<string, BucketState>;
}

/** A state change. */
export type Op =
  | { op: 'bucket'; record: BucketRecord }
  | { op: 'bucket-delete'; name: string }
  | { op: 'put'; bucket: string; object: StoredObject }
  | { op: 'delete'; bucket: string; key: string }
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
    return b ? [...b.uploads.values()].flatMap(partBlobs) : [];
  }
  const b = state.buckets.get(op.bucket);
  if (!b) return [];
  switch (op.op) {
    case 'put': {
      const key = op.object.record.key;
      const old = b.objects.get(key);
      b.objects.set(key, op.object);
      b.index.insert(key);
      if (b.synthetic?.has(key)) b.syntheticDeleted.add(key);
      return old && 'blob' in old.body ? [old.body.blob] : [];
    }
    case 'delete': {
      const old = b.objects.get(op.key);
      b.objects.delete(op.key);
      b.index.remove(op.key);
      if (b.synthetic?.has(op.key)) b.syntheticDeleted.add(op.key);
      return old && 'blob' in old.body ? [old.body.blob] : [];
    }
    case 'mpu':
      b.uploads.set(op.upload.uploadId, { upload: op.upload, input: op.input, parts: new Map() });
      return [];
    case 'part': {
      const u = b.uploads.get(op.uploadId);
      if (!u) return [];
      const old = u.parts.get(op.part.record.partNumber);
      u.parts.set(op.part.record.partNumber, op.part);
      return old ? [old.blob] : [];
    }
    case 'mpu-end': {
      const u = b.uploads.get(op.uploadId);
      b.uploads.delete(op.uploadId);
      return u ? partBlobs(u) : [];
    }
  }
}

function partBlobs(u: UploadState): string[] {
  return [...u.parts.values()].map((p) => p.blob);
}

/** Counts blob references held by a state (for `BlobStore.reconcile` after a reload). */
export function countBlobRefs(state: StoreState): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (id: string) => counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const b of state.buckets.values()) {
    for (const o of b.objects.values()) if ('blob' in o.body) add(o.body.blob);
    for (const u of b.uploads.values()) for (const p of u.parts.values()) add(p.blob);
  }
  return counts;
}
