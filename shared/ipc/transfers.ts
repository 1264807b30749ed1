/**
 * Transfers: downloads of objects and prefixes to a local folder, uploads of
 * local files and folders, and presigned upload links.
 *
 * A transfer is planned first and started second, like a restore: the plan
 * asks for the local folder (downloads) or the files (uploads) with the
 * native dialog in the main process — the renderer never names a local path
 * to write to — and enumerates what the transfer covers, so the user sees how
 * many files and bytes, which keys cannot be saved safely, and which objects
 * are archived before anything moves. A started transfer is a job
 * (`jobs:event`, kind `transfer`) that survives restarts and resumes from its
 * journal without fetching finished files or finished ranges again.
 */
import { z } from 'zod';
import { bucketName, keyPrefix, objectKey } from './browse';
import { connectionId } from './connections';
import { call } from './define';
import { jobId } from './jobs';
import { MAX_RESTORE_DAYS } from '../restore-rules';

/** What to do when a local (download) or remote (upload) target already exists. */
export const COLLISION_POLICIES = ['skip', 'rename', 'overwrite', 'newer'] as const;
export type CollisionPolicy = (typeof COLLISION_POLICIES)[number];

/** What a download does with objects that are archived and not restored. */
export const ARCHIVED_CHOICES = ['skip', 'restore-first'] as const;
export type ArchivedChoice = (typeof ARCHIVED_CHOICES)[number];

/** Per-file states of a transfer job (the `state` of its `JobItem`s). */
export const TRANSFER_FILE_STATES = ['queued', 'active', 'waiting-restore', 'done', 'skipped', 'failed'] as const;
export type TransferFileState = (typeof TRANSFER_FILE_STATES)[number];

/** How a finished file was checked: the checksum algorithm, `MD5` for a plain ETag, `size` when only the length could be compared. */
export type VerifiedBy = 'CRC64NVME' | 'CRC32' | 'CRC32C' | 'SHA1' | 'SHA256' | 'MD5' | 'parts' | 'size';

/** A key that cannot become a local file, and why. */
export interface UnsafeKey {
  key: string;
  reason: string;
}

/** What a download plan found. */
export interface DownloadPlan {
  planId: string;
  /** The folder chosen in the dialog. */
  destination: string;
  files: number;
  bytes: number;
  largest: number;
  /** Archived objects that are not readable now (GLACIER/DEEP_ARCHIVE without a restored copy, Intelligent-Tiering archive tiers). */
  archived: { objects: number; bytes: number; restoring: number; byClass: Record<string, number> };
  /** Keys that will be skipped because no safe local name exists (first 20 named). */
  unsafe: { count: number; examples: UnsafeKey[] };
  /** Files whose local target already exists (the collision policy decides). */
  existing: number;
  /** Keys that map to the same local file as another key (case, `a` vs `a/b`). */
  conflicts: number;
}

/** What an upload plan found. */
export interface UploadPlan {
  planId: string;
  /** `s3://bucket/prefix`. */
  destination: string;
  files: number;
  bytes: number;
  largest: number;
  /** Local entries that were left out (symlinks, unreadable files, names that are not valid keys). */
  skipped: { count: number; examples: UnsafeKey[] };
}

/** The transfer-specific part of a job summary. */
export interface TransferJobDetail {
  direction: 'download' | 'upload';
  /** Local folder (download) or `s3://bucket/prefix` (upload). */
  destination: string;
  /** Where from: `s3://…` (download) or the local folder (upload). */
  source: string;
  states: Record<TransferFileState, number>;
  /** Finished files by how they were checked, and how many could not be checked. */
  verified: number;
  unverified: number;
  /** Over the last few seconds. */
  bytesPerSecond: number;
  /** The restore job a `restore-first` download waits for. */
  restoreJobId?: string;
  /** Failed attempts retried so far (resumed ranges, restarted files). */
  retries: number;
}

const selection = {
  connectionId,
  bucket: bucketName,
  /** Prefixes downloaded recursively ('' is the whole bucket). */
  prefixes: z.array(keyPrefix).max(1_000).default([]),
  /** Keys downloaded one by one; `versionId` picks a noncurrent version. */
  keys: z.array(z.strictObject({ key: objectKey, versionId: z.string().min(1).max(1024).optional() })).max(100_000).default([]),
  /** The part of each key removed to make its local relative path (the folder being viewed). */
  base: keyPrefix.default(''),
};

const userMetadata = z
  .record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Metadata names are lower-case letters, digits and dashes.'), z.string().max(1024))
  .refine((m) => Object.keys(m).length <= 50, 'At most 50 metadata entries.')
  .default({});

/** Storage classes an upload or a storage-class change may ask for. */
export const WRITABLE_STORAGE_CLASSES = ['STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'] as const;

export const transferCalls = {
  /** Asks for a folder (native dialog) and enumerates the selection; null when the dialog was cancelled. */
  'transfers:plan-download': call<DownloadPlan | null>()(
    z.strictObject(selection).refine((s) => s.prefixes.length + s.keys.length > 0, 'Select at least one object or folder to download.'),
  ),
  /** Starts a planned download. `archived` says what to do with archived objects the plan found. */
  'transfers:start-download': call<{ jobId: string; restoreJobId?: string }>()(
    z.strictObject({
      planId: z.string().min(1).max(100),
      collision: z.enum(COLLISION_POLICIES).default('skip'),
      archived: z.enum(ARCHIVED_CHOICES).default('skip'),
      /** For `restore-first`: the retrieval tier and days of the restore. */
      tier: z.enum(['Expedited', 'Standard', 'Bulk']).optional(),
      days: z.number().int().min(1).max(MAX_RESTORE_DAYS).optional(),
    }),
  ),
  /**
   * Asks for files or a folder (native dialog) — or takes the paths of files dropped on the
   * table — and enumerates them for an upload below `prefix`; null when the dialog was cancelled.
   */
  'transfers:plan-upload': call<UploadPlan | null>()(
    z.strictObject({
      connectionId,
      bucket: bucketName,
      prefix: keyPrefix,
      pick: z.enum(['files', 'folder']).default('files'),
      dropped: z.array(z.string().min(1).max(4096)).max(10_000).optional(),
    }),
  ),
  /** Starts a planned upload. */
  'transfers:start-upload': call<{ jobId: string }>()(
    z.strictObject({
      planId: z.string().min(1).max(100),
      storageClass: z.enum(WRITABLE_STORAGE_CLASSES).default('STANDARD'),
      metadata: userMetadata,
      collision: z.enum(['skip', 'overwrite']).default('overwrite'),
    }),
  ),
  /** Stops moving bytes; finished files and committed ranges are kept. */
  'transfers:pause': call<{ paused: boolean }>()(z.strictObject({ jobId })),
  /** Continues a paused job (also one paused by a full disk or a dropped link). */
  'transfers:resume': call<{ resumed: boolean }>()(z.strictObject({ jobId })),
  /** Ends the job: partial files are removed, multipart uploads aborted; finished files stay. */
  'transfers:cancel': call<{ cancelled: boolean }>()(z.strictObject({ jobId })),
  /** Queues the job's failed files again. */
  'transfers:retry-failed': call<{ retried: number }>()(z.strictObject({ jobId })),
  /**
   * A presigned PUT URL for one key, for a collaborator without credentials. TTL defaults to
   * 3,600 s, clamped like share links. Refused on read-only connections.
   */
  'transfers:upload-link': call<{ url: string; expiresAt: number; headers: Record<string, string> }>()(
    z.strictObject({
      connectionId,
      bucket: bucketName,
      key: objectKey,
      expiresInSeconds: z.number().int().positive().max(10 * 365 * 86_400).optional(),
      contentType: z.string().min(1).max(200).optional(),
    }),
  ),
};
