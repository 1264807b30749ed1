/**
 * Listing data as it crosses IPC: columnar row batches and the listing job's events.
 *
 * A listing can hold millions of rows, so rows never travel as one object per
 * key. Each batch is a set of parallel plain arrays (they survive Electron's
 * structured clone and Playwright's JSON bridge alike); the renderer appends
 * them to its own typed-array columns.
 */
import type { IpcError } from './result';

/**
 * Storage classes by index, as used in `ListingRows.storageClass`.
 *
 * Index 0 is "none" (folders, which have no class). `UNKNOWN` stands for a
 * value this table does not know (S3-compatible endpoints invent their own).
 * Append only: the indices are part of the contract.
 */
export const STORAGE_CLASSES = [
  '',
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
  'OUTPOSTS',
  'SNOW',
  'EXPRESS_ONEZONE',
  'FSX_OPENZFS',
  'FSX_ONTAP',
  'AWS_BACKUP_WARM',
  'AWS_BACKUP_LOW_COST_WARM',
  'UNKNOWN',
] as const;

/** A storage class name from `STORAGE_CLASSES`. */
export type StorageClassName = (typeof STORAGE_CLASSES)[number];

const CLASS_INDEX = new Map<string, number>(STORAGE_CLASSES.map((name, i) => [name, i]));

/**
 * The `STORAGE_CLASSES` index of a class name.
 *
 * An absent class means STANDARD (S3 omits it for STANDARD on HEAD/GET);
 * an unrecognised one maps to `UNKNOWN`.
 */
export function storageClassIndex(name: string | undefined): number {
  if (name === undefined || name === '') return 1;
  return CLASS_INDEX.get(name) ?? STORAGE_CLASSES.length - 1;
}

/** Index of GLACIER and DEEP_ARCHIVE: the classes whose objects need a restore before GET. */
export const ARCHIVE_CLASS_INDICES: readonly number[] = [storageClassIndex('GLACIER'), storageClassIndex('DEEP_ARCHIVE')];

/** Restore state codes of `ListingRows.restore` (from ListObjectsV2 `RestoreStatus`). */
export const RESTORE_NONE = 0;
/** A restore was requested and is still running. */
export const RESTORE_IN_PROGRESS = 1;
/** A restored copy is readable (until `restoreExpiry`, when S3 gives one). */
export const RESTORE_RESTORED = 2;

/**
 * One batch of rows, column by column; every array has the same length.
 *
 * `names` are relative to the listed prefix. In a delimiter listing the
 * first `ListingRowsEvent.folders` entries are folders (common prefixes, ending
 * in '/', size 0, modified 0, class 0); a name ending in '/' after those is a
 * zero-byte "directory marker" object.
 */
export interface ListingRows {
  names: string[];
  /** Bytes. */
  sizes: number[];
  /** Last modified, ms since the epoch (0 for folders). */
  modified: number[];
  /** Index into `STORAGE_CLASSES`. */
  storageClass: number[];
  /** `RESTORE_NONE` | `RESTORE_IN_PROGRESS` | `RESTORE_RESTORED`. */
  restore: number[];
  /** Expiry of a restored copy, ms since the epoch; 0 when none. */
  restoreExpiry: number[];
}

/**
 * A batch of rows for a listing job.
 *
 * Rows arrive in key order: within the folders of all batches, and within the
 * files of all batches. A table shows every folder before every file, so the
 * renderer appends `rows[0, folders)` to its folder block and the rest to its
 * file block, and never needs to sort.
 */
export interface ListingRowsEvent {
  jobId: string;
  kind: 'rows';
  /** How many leading entries of `rows` are folders. */
  folders: number;
  rows: ListingRows;
}

/** Live counters of a listing job, a few times a second. */
export interface ListingProgressEvent {
  jobId: string;
  kind: 'progress';
  /** Keys and folders read from S3 so far (before the filter). */
  keysSeen: number;
  /** Rows sent to the renderer so far. */
  rowsSent: number;
  /** ListObjectsV2 pages received. */
  pages: number;
  /** Listers running right now (parallel key ranges). */
  listers: number;
  seconds: number;
}

/** The listing finished; every row has been sent. */
export interface ListingDoneEvent {
  jobId: string;
  kind: 'done';
  /** Rows sent (after the filter). */
  total: number;
  /** Keys and folders read from S3 (before the filter). */
  scanned: number;
  seconds: number;
  /** False when the endpoint rejected `OptionalObjectAttributes: RestoreStatus`: the restore column is then unknown, not "none". */
  restoreStatusSupported: boolean;
}

/** The listing stopped on an error; rows already sent stay valid. */
export interface ListingFailedEvent {
  jobId: string;
  kind: 'failed';
  error: IpcError;
}

/** The listing was cancelled (by `listing:cancel` or by a newer job); no more events follow. */
export interface ListingCancelledEvent {
  jobId: string;
  kind: 'cancelled';
}

/** Everything `listing:event` carries, discriminated by `kind`. */
export type ListingEvent = ListingRowsEvent | ListingProgressEvent | ListingDoneEvent | ListingFailedEvent | ListingCancelledEvent;
