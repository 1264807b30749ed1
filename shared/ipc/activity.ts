/**
 * The activity log: every action that changes a bucket or costs money, kept locally.
 *
 * "Who restored what, when, and what did it cost" is answered from here.
 * Entries are appended by the core (restores now; uploads, deletes, copies
 * and share links as those features land) and are never sent anywhere.
 */
import { z } from 'zod';
import { connectionId } from './connections';
import { call } from './define';

/** Actions the log records. */
export const ACTIVITY_ACTIONS = [
  'restore',
  'share-link',
  'download',
  'upload',
  'upload-link',
  'delete',
  'copy',
  'move',
  'rename',
  'create-folder',
  'storage-class',
  'metadata',
  'promote-version',
  'undelete',
  'delete-version',
  'restore-version',
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

/** How an action ended. */
export type ActivityOutcome = 'started' | 'done' | 'failed' | 'cancelled' | 'partial';

/** One logged action. */
export interface ActivityEntry {
  id: string;
  /** ms since the epoch. */
  at: number;
  action: ActivityAction;
  connectionId: string;
  connectionName: string;
  /** Who the credentials said they were (STS ARN or access-key hint), when known. */
  identity?: string;
  bucket: string;
  /** Prefixes and key count of the selection, or the single key. */
  prefixes?: string[];
  keyCount?: number;
  key?: string;
  /** Objects the action covers. */
  objects?: number;
  bytes?: number;
  tier?: string;
  days?: number;
  estimatedCostUsd?: number;
  /** The job this entry belongs to, if any. */
  jobId?: string;
  outcome: ActivityOutcome;
  /** Counts at the end (e.g. restored / failed). */
  result?: Record<string, number>;
  /** A sentence about the outcome. */
  detail?: string;
  /** When the outcome was recorded, ms since the epoch. */
  endedAt?: number;
}

const filter = z
  .strictObject({
    action: z.enum(ACTIVITY_ACTIONS).optional(),
    connectionId: connectionId.optional(),
    /** Case-insensitive text in the bucket, prefixes, key or identity. */
    text: z.string().max(200).optional(),
    /** Only entries at or after this time (ms since the epoch). */
    since: z.number().nonnegative().optional(),
  })
  .default({});

export const activityCalls = {
  /** Entries matching the filter, newest first. */
  'activity:list': call<{ entries: ActivityEntry[]; total: number; problem?: string }>()(
    z.strictObject({ filter, offset: z.number().int().nonnegative().default(0), limit: z.number().int().positive().max(1000).default(200) }),
  ),
  /** Writes matching entries to a file the user picks; null when the dialog was cancelled. */
  'activity:export': call<{ path: string; count: number } | null>()(z.strictObject({ filter, format: z.enum(['csv', 'json']) })),
};
