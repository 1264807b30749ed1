/**
 * Operations that change a bucket: delete, copy, move, rename, new folder,
 * change storage class, edit metadata and tags, and the version actions of
 * versioned buckets (list, promote, undelete, delete a version, restore a
 * version).
 *
 * Bulk operations are planned first — the plan enumerates the selection and
 * says what will happen (how many objects and bytes, which are archived,
 * what a storage-class change costs in minimum-duration charges) — and then
 * run as a job (`jobs:event`, kind `operation`). Every operation is refused
 * on read-only connections and recorded in the activity log.
 */
import { z } from 'zod';
import { bucketName, keyPrefix, objectKey } from './browse';
import { connectionId } from './connections';
import { call } from './define';
import { jobId } from './jobs';
import { MAX_RESTORE_DAYS } from '../restore-rules';
import { WRITABLE_STORAGE_CLASSES } from './transfers';

/** Bulk operations. */
export const OPERATION_KINDS = ['delete', 'copy', 'move', 'storage-class'] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** What an operation plan found. */
export interface OperationPlan {
  planId: string;
  op: OperationKind;
  objects: number;
  bytes: number;
  /** Objects by storage class. */
  byClass: Record<string, number>;
  /** Archived, unrestored objects: they cannot be copied (nor moved, nor changed) until restored. */
  archived: { objects: number; bytes: number };
  /** Objects above 5 GB, copied part by part (UploadPartCopy). */
  large: number;
  /**
   * For a storage-class change or a delete: objects still inside the minimum storage duration
   * of their class, and the early-deletion charge S3 bills for them, USD.
   */
  minimumDuration: { objects: number; chargeUsd: number };
  /** A sentence that says what will happen, for the confirmation. */
  summary: string;
}

/** The operation-specific part of a job summary. */
export interface OperationJobDetail {
  op: OperationKind;
  /** `s3://bucket/prefix` of the target for copy and move. */
  target?: string;
  storageClass?: string;
  states: { pending: number; done: number; failed: number; skipped: number };
}

/** One version or delete marker of a key. */
export interface ObjectVersion {
  key: string;
  versionId: string;
  isLatest: boolean;
  deleteMarker: boolean;
  size: number;
  lastModified: number;
  etag?: string;
  storageClass?: string;
  /** `RESTORE_*` code of shared/ipc/listing.ts for archived versions. */
  restore?: number;
}

/** A page of ListObjectVersions. */
export interface VersionsPage {
  versions: ObjectVersion[];
  /** Folders at this level when listed with a delimiter. */
  prefixes: string[];
  next?: { keyMarker: string; versionIdMarker?: string };
}

const versionId = z.string().min(1).max(1024);
const target = z.strictObject({ connectionId, bucket: bucketName, prefix: keyPrefix });
const metadataName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Metadata names are lower-case letters, digits and dashes.');
const tagText = z.string().max(256);
const ref = { connectionId, bucket: bucketName, key: objectKey };

export const objectCalls = {
  /** Enumerates a selection for a bulk operation and says what it will do. */
  'objects:plan-operation': call<OperationPlan>()(
    z
      .strictObject({
        op: z.enum(OPERATION_KINDS),
        connectionId,
        bucket: bucketName,
        prefixes: z.array(keyPrefix).max(1_000).default([]),
        keys: z.array(objectKey).max(100_000).default([]),
        /** Copy and move: the part of each key replaced by the target prefix. */
        base: keyPrefix.default(''),
        /** Copy and move: where to. */
        target: target.optional(),
        /** Storage-class change: the new class. */
        storageClass: z.enum(WRITABLE_STORAGE_CLASSES).optional(),
      })
      .refine((s) => s.prefixes.length + s.keys.length > 0, 'Select at least one object or folder.')
      .refine((s) => (s.op === 'copy' || s.op === 'move' ? s.target !== undefined : true), 'Choose where to copy or move to.')
      .refine((s) => (s.op === 'storage-class' ? s.storageClass !== undefined : true), 'Choose the new storage class.'),
  ),
  /** Runs a planned operation as a job. `confirmed` must echo the plan's object count. */
  'objects:start-operation': call<{ jobId: string }>()(
    z.strictObject({ planId: z.string().min(1).max(100), confirmedObjects: z.number().int().nonnegative() }),
  ),
  /** Stops a running or paused operation job; keys already done stay done. */
  'objects:cancel-operation': call<{ cancelled: boolean }>()(z.strictObject({ jobId })),
  /** Continues an operation job paused by expired credentials, a full disk or an endpoint that stayed down. */
  'objects:resume-operation': call<{ resumed: boolean }>()(z.strictObject({ jobId })),
  /** Renames one object (copy with metadata and tags, then delete). */
  'objects:rename': call<{ key: string }>()(z.strictObject({ ...ref, newKey: objectKey })),
  /** Creates an empty folder marker `prefix/`. */
  'objects:create-folder': call<{ key: string }>()(
    z.strictObject({ connectionId, bucket: bucketName, prefix: z.string().min(1).max(1023) }),
  ),
  /** Replaces an object's user metadata (and content type) by copying it onto itself; tags when given. */
  'objects:update-metadata': call<{ versionId?: string }>()(
    z.strictObject({
      ...ref,
      metadata: z.record(metadataName, z.string().max(1024)).refine((m) => Object.keys(m).length <= 50, 'At most 50 metadata entries.'),
      contentType: z.string().min(1).max(200).optional(),
      tags: z.record(z.string().min(1).max(128), tagText).refine((t) => Object.keys(t).length <= 10, 'S3 allows at most 10 tags.').optional(),
    }),
  ),
  /** Versions and delete markers of one key, newest first. */
  'objects:versions': call<ObjectVersion[]>()(z.strictObject(ref)),
  /** A page of versions and delete markers under a prefix (the table's "show versions"). */
  'objects:list-versions': call<VersionsPage>()(
    z.strictObject({
      connectionId,
      bucket: bucketName,
      prefix: keyPrefix,
      delimiter: z.literal('/').optional(),
      keyMarker: z.string().max(1024).optional(),
      versionIdMarker: versionId.optional(),
      maxKeys: z.number().int().positive().max(1000).default(1000),
    }),
  ),
  /** Copies an old version over the current one (the old version stays too). */
  'objects:promote-version': call<{ versionId?: string }>()(z.strictObject({ ...ref, versionId })),
  /** Removes the delete marker that hides a key, so its newest version is current again. */
  'objects:undelete': call<{ removedMarker: string }>()(z.strictObject(ref)),
  /** Deletes one version for good. `permanent` must be true: this cannot be undone. */
  'objects:delete-version': call<{ deleted: boolean }>()(z.strictObject({ ...ref, versionId, permanent: z.literal(true) })),
  /** Restores an archived (possibly noncurrent) version. */
  'objects:restore-version': call<{ status: 'started' | 'in-progress' | 'extended' }>()(
    z.strictObject({ ...ref, versionId, tier: z.enum(['Expedited', 'Standard', 'Bulk']), days: z.number().int().min(1).max(MAX_RESTORE_DAYS) }),
  ),
};
