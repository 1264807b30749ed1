/**
 * Channels for restoring archived objects: plan, start, and steer restore jobs.
 *
 * A restore is planned first (`restore:plan`, a streaming, cancellable
 * enumeration of the selection that keeps counts, not keys, in memory),
 * priced in the dialog from the plan's groups with `estimateRestore`
 * (shared/restore-rules.ts) for any tier and days without another call, and
 * then started as a persisted job whose progress arrives on `jobs:event`.
 */
import { z } from 'zod';
import type { ArchiveKind, RestoreTier } from '../restore-rules';
import { MAX_RESTORE_DAYS } from '../restore-rules';
import { bucketName, keyPrefix, objectKey } from './browse';
import { connectionId } from './connections';
import { call, event } from './define';
import { jobId } from './jobs';
import type { IpcError } from './result';

/**
 * Where one key of a restore job stands.
 *
 * `pending`: not requested yet. `requested`: Thaw's RestoreObject was
 * accepted (202) and the copy is being made. `in-progress`: a restore was
 * already running (409, or found so by the plan). `restored`: readable now
 * (until `expiry` for GLACIER/DEEP_ARCHIVE). `failed`: S3 refused it for a
 * reason that retrying will not fix (the detail says which).
 */
export const RESTORE_KEY_STATES = ['pending', 'requested', 'in-progress', 'restored', 'failed'] as const;
export type RestoreKeyState = (typeof RESTORE_KEY_STATES)[number];

/** Objects and bytes of one archive kind. */
export interface ArchiveGroup {
  kind: ArchiveKind;
  objects: number;
  bytes: number;
}

/** Objects of the selection that need no restore, by reason. */
export interface SkippedGroup {
  reason: 'readable' | 'gone';
  /** For `readable`: the class (e.g. STANDARD, GLACIER_IR, INTELLIGENT_TIERING in an access tier). */
  storageClass?: string;
  objects: number;
  bytes: number;
}

/** What a plan found: everything the dialog needs to price and explain the restore. */
export interface RestorePlan {
  planId: string;
  connectionId: string;
  bucket: string;
  /** The bucket's region (pricing follows it). */
  region: string;
  prefixes: string[];
  /** Keys selected one by one. */
  keyCount: number;
  /** Objects examined. */
  scanned: number;
  /** Archived, not restored, not restoring: each needs a RestoreObject. */
  toRestore: ArchiveGroup[];
  /** Already being restored (by anyone): tracked, never requested again. */
  restoring: ArchiveGroup[];
  /** GLACIER/DEEP_ARCHIVE objects with a live restored copy; requesting again only moves the expiry. */
  restored: ArchiveGroup[];
  /**
   * Intelligent-Tiering objects whose access tier was not checked (more than
   * the plan HEADs by itself; `checkTiers` re-plans with a HEAD each). Each
   * gets a restore request; those in an access tier are readable already and
   * are counted as restored. Listed under the slowest tier they may be in.
   */
  unchecked: ArchiveGroup[];
  /** Earliest expiry among `restored`, ms since the epoch. */
  restoredEarliestExpiry?: number;
  skipped: SkippedGroup[];
  /** Tiers valid for every kind in `toRestore` (and `restored`, when extending). */
  validTiers: RestoreTier[];
  /** HEAD requests made to find Intelligent-Tiering objects' access tier (listings do not show it). */
  headRequests: number;
  listRequests: number;
  /** False when the endpoint rejected RestoreStatus in listings: restore states come from HEAD. */
  restoreStatusSupported: boolean;
  seconds: number;
}

/** Events of a plan, for the view that asked (`requestId` echoed). */
export type RestorePlanEvent =
  | { requestId: string; planId: string; kind: 'progress'; scanned: number; archived: number; headsDone: number; headsPending: number }
  | { requestId: string; planId: string; kind: 'done'; plan: RestorePlan }
  | { requestId: string; planId: string; kind: 'failed'; error: IpcError }
  | { requestId: string; planId: string; kind: 'cancelled' };

/** The restore-specific part of a restore job's summary. */
export interface RestoreJobDetail {
  /** Issuing requests, then tracking completion by listing, then finished. */
  phase: 'issuing' | 'tracking' | 'finished';
  tier: RestoreTier;
  /** Absent when only Intelligent-Tiering objects are restored (no Days there). */
  days?: number;
  /** Keys per state. */
  states: Record<RestoreKeyState, number>;
  /** Objects of the selection that needed no restore. */
  skipped: number;
  prefixes: string[];
  keyCount: number;
  /** Estimated cost when started, USD, and the pricing it used. */
  estimatedCostUsd: number;
  pricing: { region: string; sourceDate: string; estimatedFrom?: string };
  /** Requests Thaw sent for this job so far, by kind. */
  requests: { restore: number; list: number; head: number };
  /** RestoreObject requests per second Thaw allows itself now (lowered while S3 throttles). */
  ratePerSecond: number;
  lastCheckedAt?: number;
  nextCheckAt?: number;
  /** Earliest expiry among restored keys, ms since the epoch. */
  earliestExpiry?: number;
}

const selection = {
  connectionId,
  bucket: bucketName,
  /** Prefixes restored recursively ('' is the whole bucket). */
  prefixes: z.array(keyPrefix).max(1_000).default([]),
  /** Keys restored one by one. */
  keys: z.array(objectKey).max(100_000).default([]),
};

export const restoreCalls = {
  /**
   * Plans a restore of prefixes (recursively) and keys; progress and the plan arrive as
   * `restore:plan-event` with the caller's `requestId`. Returns at once.
   */
  'restore:plan': call<{ planId: string }>()(
    z
      .strictObject({
        requestId: z.string().min(1).max(100),
        ...selection,
        /** HEAD every Intelligent-Tiering object for its tier, however many (exact counts, one request each). */
        checkTiers: z.boolean().default(false),
      })
      .refine((s) => s.prefixes.length + s.keys.length > 0, 'Select at least one object or folder to restore.'),
  ),
  /** Stops a running plan and forgets it; false when there was none. */
  'restore:cancel-plan': call<{ cancelled: boolean }>()(z.strictObject({ planId: z.string().min(1).max(100) })),
  /**
   * Starts a planned restore as a persisted job. `days` is required when the plan holds
   * GLACIER or DEEP_ARCHIVE objects and ignored for Intelligent-Tiering ones.
   * Above the cost confirmation threshold, `acknowledgedCostUsd` must be at least the estimate.
   */
  'restore:start': call<{ jobId: string }>()(
    z.strictObject({
      planId: z.string().min(1).max(100),
      tier: z.enum(['Expedited', 'Standard', 'Bulk']),
      days: z.number().int().min(1).max(MAX_RESTORE_DAYS).optional(),
      /** Also request the already-restored objects again, which moves their expiry to `days` from now. */
      extendRestored: z.boolean().default(false),
      acknowledgedCostUsd: z.number().nonnegative().max(1e12).optional(),
    }),
  ),
  /** Stops issuing requests and ends the job. Requests S3 already accepted cannot be withdrawn. */
  'restore:cancel': call<{ cancelled: boolean }>()(z.strictObject({ jobId })),
  /** Puts the job's failed keys back in the queue and requests them again. */
  'restore:retry-failed': call<{ retried: number }>()(z.strictObject({ jobId })),
  /** Continues a paused job (after signing in again, freeing disk space, or the endpoint coming back). */
  'restore:resume': call<{ resumed: boolean }>()(z.strictObject({ jobId })),
  /** Checks the job's restore progress now instead of at the next scheduled check. */
  'restore:check-now': call<{ checked: boolean }>()(z.strictObject({ jobId })),
};

/** A batch of keys whose restore state changed (the table and inspector update in place). */
export interface RestoreChangedEvent {
  connectionId: string;
  bucket: string;
  keys: string[];
  /** `RESTORE_*` codes of shared/ipc/listing.ts, one per key. */
  restore: number[];
  /** Expiry, ms since the epoch; 0 when none. */
  restoreExpiry: number[];
}

export const restoreEvents = {
  /** Progress and outcome of a plan, for the dialog that asked. */
  'restore:plan-event': event<RestorePlanEvent>(),
  /** Keys whose restore state changed, so listings and the inspector update without a reload. */
  'objects:restore-changed': event<RestoreChangedEvent>(),
};
