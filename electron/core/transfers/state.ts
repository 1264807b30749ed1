/**
 * A transfer job's per-file state in typed arrays, and the journal records that rebuild it.
 *
 * As with restore and operation jobs, file names stay in the plan's key
 * file (restore/key-file.ts format): a download's line is `[key, class,
 * size, flag, lastModified, segment]`, an upload's `[key, 0, size, flag,
 * mtimeMs, root]` where `root` indexes the spec's local folders. Memory
 * holds per file: size, state, bytes done and how it was verified.
 *
 * Journal records are facts: `created` (the spec), `files` (batches of
 * line number → state, with a reason for failures and skips), `range` (a
 * download's bytes [start, end) are in its `.part`, from the object with
 * that ETag), `name` (the local name a download decided on when it
 * started, so a resumed job does not decide again against its own part),
 * `upload` (a multipart upload opened or closed), `verified`, `status`,
 * `ended`.
 */
import type { IpcError } from '../../../shared/ipc/result';
import type { JobState } from '../../../shared/ipc/jobs';
import { TRANSFER_FILE_STATES, type ArchivedChoice, type CollisionPolicy, type VerifiedBy } from '../../../shared/ipc/transfers';
import type { JournalRecord } from '../persist/journal';

export const F_QUEUED = 0;
export const F_ACTIVE = 1;
export const F_WAITING = 2;
export const F_DONE = 3;
export const F_SKIPPED = 4;
export const F_FAILED = 5;

/** Plan flags (the key file's `plan` field). */
export const FLAG_READABLE = 0;
/** GLACIER / DEEP_ARCHIVE (or an archive tier) without a readable copy. */
export const FLAG_ARCHIVED = 1;
/** Archived, a restore already under way. */
export const FLAG_RESTORING = 2;

/** How a file was checked, by code (0: not checked). */
export const VERIFIED_CODES: ReadonlyArray<VerifiedBy | undefined> = [undefined, 'CRC64NVME', 'CRC32', 'CRC32C', 'SHA1', 'SHA256', 'MD5', 'parts', 'size'];

export function verifiedCode(v: VerifiedBy | 'unverified' | undefined): number {
  const i = v === undefined || v === 'unverified' ? 0 : VERIFIED_CODES.indexOf(v);
  return i < 0 ? 0 : i;
}

export const TRANSFER_JOURNAL_VERSION = 1;

/** What a transfer job was started with; it never changes. */
export interface TransferJobSpec {
  jobId: string;
  direction: 'download' | 'upload';
  connectionId: string;
  bucket: string;
  title: string;
  startedAt: number;
  /** Download: the local folder. Upload: the key prefix. */
  destination: string;
  /** Download: the part of each key removed for its relative path. Upload: the local folders files come from. */
  base: string;
  roots: string[];
  collision: CollisionPolicy;
  archived?: ArchivedChoice;
  restoreJobId?: string;
  /** Keys picked by version (download). */
  versions?: Record<string, string>;
  storageClass?: string;
  metadata?: Record<string, string>;
  activityId?: string;
}

export interface TransferStatus {
  state: JobState;
  pausedReason?: IpcError;
  error?: IpcError;
  endedAt?: number;
  retries: number;
}

export type TransferRecord =
  | (JournalRecord & { op: 'created'; job: TransferJobSpec })
  | (JournalRecord & { op: 'files'; i: number[]; s: number[]; r?: string[] })
  | (JournalRecord & { op: 'range'; i: number; start: number; end: number; etag: string })
  | (JournalRecord & { op: 'name'; i: number; relative?: string; replace?: boolean })
  | (JournalRecord & { op: 'upload'; i: number; uploadId: string; open: boolean })
  | (JournalRecord & { op: 'verified'; i: number; by: number })
  | (JournalRecord & { op: 'status'; state: 'running' | 'paused'; reason?: IpcError })
  | (JournalRecord & { op: 'retry'; count: number })
  | (JournalRecord & { op: 'ended'; outcome: 'done' | 'failed' | 'cancelled'; error?: IpcError });

/** One change of a file, waiting to be journaled. */
export interface FileChange {
  i: number;
  s: number;
  r?: string;
}

/** Per-file state of one job. */
export class FileStates {
  readonly size: Float64Array;
  readonly state: Uint8Array;
  readonly done: Float64Array;
  readonly verified: Uint8Array;
  readonly reasons = new Map<number, string>();
  readonly counts = new Array<number>(TRANSFER_FILE_STATES.length).fill(0);
  bytesTotal = 0;
  bytesDone = 0;

  constructor(readonly n: number) {
    this.size = new Float64Array(n);
    this.state = new Uint8Array(n);
    this.done = new Float64Array(n);
    this.verified = new Uint8Array(n);
  }

  init(i: number, size: number, state: number): void {
    this.size[i] = size;
    this.bytesTotal += size;
    this.state[i] = state;
    this.counts[state]!++;
  }

  /** Moves file `i` to `state`; false when nothing changed. */
  set(i: number, state: number, reason?: string): boolean {
    const before = this.state[i]!;
    if (before === state && this.reasons.get(i) === reason) return false;
    this.counts[before]!--;
    this.state[i] = state;
    this.counts[state]!++;
    if (state === F_DONE) this.progress(i, this.size[i]! - this.done[i]!);
    if (state === F_QUEUED && before !== F_ACTIVE) this.progress(i, -this.done[i]!);
    if (reason) this.reasons.set(i, reason);
    else this.reasons.delete(i);
    return true;
  }

  /** Adds `delta` bytes moved for file `i`. */
  progress(i: number, delta: number): void {
    const next = Math.max(0, Math.min(this.size[i]!, this.done[i]! + delta));
    this.bytesDone += next - this.done[i]!;
    this.done[i] = next;
  }

  apply(record: { i: number[]; s: number[]; r?: string[] }): void {
    for (let k = 0; k < record.i.length; k++) {
      const i = record.i[k]!;
      if (i >= 0 && i < this.n) this.set(i, record.s[k]!, record.r?.[k] || undefined);
    }
  }

  /** Files still to move (queued, active, waiting for a restore). */
  get open(): number {
    return this.counts[F_QUEUED]! + this.counts[F_ACTIVE]! + this.counts[F_WAITING]!;
  }

  get finished(): number {
    return this.counts[F_DONE]! + this.counts[F_SKIPPED]! + this.counts[F_FAILED]!;
  }
}

/** The `files` record of a batch of changes. */
export function filesRecord(changes: readonly FileChange[], at: number): TransferRecord {
  const record: TransferRecord & { op: 'files' } = { v: TRANSFER_JOURNAL_VERSION, at, op: 'files', i: changes.map((c) => c.i), s: changes.map((c) => c.s) };
  if (changes.some((c) => c.r)) record.r = changes.map((c) => c.r ?? '');
  return record;
}

/** Merges a range into a sorted list of disjoint [start, end) ranges. */
export function addRange(ranges: Array<[number, number]>, start: number, end: number): void {
  ranges.push([start, end]);
  ranges.sort((a, b) => a[0] - b[0]);
  let w = 0;
  for (let r = 1; r < ranges.length; r++) {
    const cur = ranges[w]!;
    const next = ranges[r]!;
    if (next[0] <= cur[1]) cur[1] = Math.max(cur[1], next[1]);
    else ranges[++w] = next;
  }
  ranges.length = w + 1;
}
