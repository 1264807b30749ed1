/**
 * Jobs the user sees in the jobs panel: restores, transfers and bulk object operations.
 *
 * Every kind shares one summary base and one event, `jobs:event`, which
 * always carries the whole summary: the renderer upserts by `jobId` and
 * needs no buffer for events that arrive before a call's reply. Summaries
 * are small (counts, not keys); per-key detail is paged with `jobs:items`.
 * Jobs survive restarts: `jobs:list` hydrates the panel at start-up.
 *
 * Listing jobs are not here: `listing:event` stays the view-bound,
 * high-volume row stream.
 */
import { z } from 'zod';
import { call, event } from './define';
import type { IpcError } from './result';
import type { OperationJobDetail } from './objects';
import type { RestoreJobDetail } from './restore';
import type { TransferJobDetail, VerifiedBy } from './transfers';

/** What a job does. */
export type JobKind = 'restore' | 'transfer' | 'operation';

/**
 * Where a job stands.
 *
 * `running`: working (issuing requests or tracking them). `paused`: waiting
 * for the user (expired credentials, a full disk, an endpoint that stays
 * down) — `pausedReason` says why and Resume continues. The last three are final.
 */
export type JobState = 'running' | 'paused' | 'done' | 'failed' | 'cancelled';

/** The fields every job kind has. */
export interface JobBase {
  jobId: string;
  kind: JobKind;
  state: JobState;
  /** One line for the panel, e.g. "Restore s3://bucket/prefix/ (12,400 objects)". */
  title: string;
  connectionId: string;
  bucket: string;
  /** ms since the epoch. */
  startedAt: number;
  endedAt?: number;
  /** Items (keys, files) in the job, how many are finished, and how many of those failed. */
  items: { total: number; done: number; failed: number };
  bytes: { total: number; done: number };
  /** When the job is expected to finish, as a range in ms since the epoch; null when unknown. */
  eta: { earliest: number; latest: number } | null;
  pausedReason?: IpcError;
  /** Why a `failed` job failed. */
  error?: IpcError;
}

/** A restore job. */
export interface RestoreJobSummary extends JobBase {
  kind: 'restore';
  restore: RestoreJobDetail;
}

/** A download or upload job. */
export interface TransferJobSummary extends JobBase {
  kind: 'transfer';
  transfer: TransferJobDetail;
}

/** A bulk operation (delete, copy, move, storage-class change). */
export interface OperationJobSummary extends JobBase {
  kind: 'operation';
  operation: OperationJobDetail;
}

/** Any job, discriminated by `kind`. */
export type JobSummary = RestoreJobSummary | TransferJobSummary | OperationJobSummary;

/** State of one item (key) of a job, for the per-key detail list. */
export interface JobItem {
  key: string;
  state: string;
  /** Bytes of the object. */
  size: number;
  /** A sentence, for failures and skips. */
  detail?: string;
  /** Restored copy's expiry, ms since the epoch. */
  expiry?: number;
  /** Transfers: bytes moved so far, and how a finished file was checked (absent: unverified). */
  bytesDone?: number;
  verifiedBy?: VerifiedBy;
}

/** A page of a job's items. */
export interface JobItemsPage {
  /** Items matching the filter. */
  total: number;
  offset: number;
  items: JobItem[];
}

/** Everything `jobs:event` carries. */
export type JobsEvent = { type: 'upsert'; job: JobSummary } | { type: 'removed'; jobIds: string[] };

export const jobId = z.string().min(1).max(100);

export const jobCalls = {
  /** Every job the core knows, running or finished (after a restart too), newest first. */
  'jobs:list': call<JobSummary[]>()(z.strictObject({})),
  /** A page of a job's items, optionally only those in one state (a job may hold millions). */
  'jobs:items': call<JobItemsPage>()(
    z.strictObject({
      jobId,
      state: z.string().min(1).max(40).optional(),
      offset: z.number().int().nonnegative().max(1e9),
      limit: z.number().int().positive().max(1000),
    }),
  ),
  /** Forgets finished jobs (all of them when `jobIds` is absent) and deletes their journals. */
  'jobs:clear': call<{ removed: string[] }>()(z.strictObject({ jobIds: z.array(jobId).max(10_000).optional() })),
};

export const jobEvents = {
  /** A job appeared or changed (the whole summary), or finished jobs were cleared. */
  'jobs:event': event<JobsEvent>(),
};
