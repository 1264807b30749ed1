/**
 * A bulk operation's per-key state in typed arrays, and the journal records that rebuild it.
 *
 * Like a restore job (restore/state.ts), a job of a million keys keeps no
 * key strings in memory: they stay in the plan's key file, read back in
 * order when the job works and by page for the per-key list. What memory
 * holds is 10 bytes a key (size, state) plus a map of the failed ones.
 *
 * The journal records facts: `created` (the spec), batches of `keys` (line
 * number, new state, failure code), `upload` (a multipart copy opened or
 * closed, so a restart aborts what a crash left open), `status`, `ended`,
 * and a `snapshot` that replaces them all when the journal is compacted.
 */
import type { OperationKind } from '../../../shared/ipc/objects';
import type { JobState } from '../../../shared/ipc/jobs';
import type { IpcError } from '../../../shared/ipc/result';
import type { JournalRecord } from '../persist/journal';

/** Key states by code. */
export const S_PENDING = 0;
export const S_DONE = 1;
export const S_FAILED = 2;
export const S_SKIPPED = 3;
/** Move only: copied to the target, the source not deleted yet. */
export const S_COPIED = 4;

/** The names `jobs:items` shows (a copied key is still pending: its source is not gone yet). */
export const STATE_NAMES = ['pending', 'done', 'failed', 'skipped', 'pending'] as const;

/** What the plan found about a key (the key file's `plan` field). */
export const FLAG_OK = 0;
/** GLACIER or DEEP_ARCHIVE without a readable restored copy: it cannot be copied. */
export const FLAG_ARCHIVED = 1;
/** Storage-class change: already in the new class. */
export const FLAG_SAME_CLASS = 2;

/** Why a key failed or was skipped; journaled by index, so only ever appended to. */
export const REASONS = [
  ['', ''],
  ['NoSuchKey', 'The object no longer exists (deleted or renamed since it was selected).'],
  ['DeleteDenied', 'This identity may not delete this object (s3:DeleteObject).'],
  ['CopyDenied', 'This identity may not copy this object (s3:GetObject on the source, s3:PutObject at the target).'],
  ['Archived', 'Archived and not restored: it cannot be copied until it is restored.'],
  ['SameClass', 'Already in that storage class.'],
  ['SourceKept', 'Copied to the target, but this identity may not delete the source (s3:DeleteObject), so both copies exist.'],
  ['SourceKeptOther', 'Copied to the target, but S3 refused to delete the source, so both copies exist.'],
  ['Other', 'S3 refused the request for this object.'],
  ['Changed', 'The object changed while it was being copied part by part; the copy was abandoned.'],
] as const;

export type ReasonName = (typeof REASONS)[number][0];

/** The code of a reason name. */
export function reasonCode(name: ReasonName): number {
  return REASONS.findIndex(([n]) => n === name);
}

/** What a job was started with; it never changes. */
export interface OperationJobSpec {
  jobId: string;
  op: OperationKind;
  connectionId: string;
  bucket: string;
  title: string;
  prefixes: string[];
  keyCount: number;
  /** Copy and move: the part of each key replaced by the target prefix. */
  base: string;
  target?: { connectionId: string; bucket: string; prefix: string };
  storageClass?: string;
  startedAt: number;
  activityId?: string;
}

/** Request counters of a job. */
export interface OpRequests {
  copy: number;
  parts: number;
  delete: number;
}

/** The job-level facts a journal carries besides key states. */
export interface OpStatus {
  state: JobState;
  pausedReason?: IpcError;
  error?: IpcError;
  endedAt?: number;
  requests: OpRequests;
}

export type OperationRecord =
  | (JournalRecord & { op: 'created'; job: OperationJobSpec })
  | (JournalRecord & { op: 'keys'; i: number[]; s: number[]; c?: number[] })
  | (JournalRecord & { op: 'upload'; i: number; uploadId: string; key: string; open: boolean })
  | (JournalRecord & { op: 'status'; state: 'running' | 'paused'; reason?: IpcError })
  | (JournalRecord & { op: 'ended'; outcome: 'done' | 'failed' | 'cancelled'; error?: IpcError; requests: OpRequests })
  | (JournalRecord & { op: 'snapshot'; job: OperationJobSpec; states: string; fails: Array<[number, number]>; uploads: Array<[number, string, string]>; status: OpStatus });

/** The journal format version operation jobs write. */
export const OPERATION_JOURNAL_VERSION = 1;

/** One change of a key, waiting to be journaled. */
export interface KeyChange {
  i: number;
  s: number;
  c?: number;
}

/** Per-key state of one job. */
export class OpKeyStates {
  readonly size: Float64Array;
  readonly state: Uint8Array;
  readonly fails = new Map<number, number>();
  /** Keys per state code. */
  readonly counts = [0, 0, 0, 0, 0];
  bytesTotal = 0;
  bytesDone = 0;

  constructor(readonly n: number) {
    this.size = new Float64Array(n);
    this.state = new Uint8Array(n);
  }

  /** Sets a key's initial state (while loading the key file). */
  init(i: number, size: number, state: number, reason = 0): void {
    this.size[i] = size;
    this.bytesTotal += size;
    this.state[i] = state;
    this.counts[state]!++;
    if (state === S_DONE) this.bytesDone += size;
    if (reason > 0) this.fails.set(i, reason);
  }

  /** Moves a key to `state`; false when nothing changed. */
  set(i: number, state: number, reason = 0): boolean {
    const before = this.state[i]!;
    if (before === state && (this.fails.get(i) ?? 0) === reason) return false;
    this.counts[before]!--;
    if (before === S_DONE) this.bytesDone -= this.size[i]!;
    this.state[i] = state;
    this.counts[state]!++;
    if (state === S_DONE) this.bytesDone += this.size[i]!;
    if (reason > 0) this.fails.set(i, reason);
    else this.fails.delete(i);
    return true;
  }

  /** Applies a `keys` record. */
  apply(record: { i: number[]; s: number[]; c?: number[] }): void {
    for (let k = 0; k < record.i.length; k++) {
      const i = record.i[k]!;
      if (i >= 0 && i < this.n) this.set(i, record.s[k]!, record.c?.[k] ?? 0);
    }
  }

  /** Keys still to work on (pending, and copied keys whose source is still there). */
  get open(): number {
    return this.counts[S_PENDING]! + this.counts[S_COPIED]!;
  }

  snapshot(): { states: string; fails: Array<[number, number]> } {
    return { states: Buffer.from(this.state.buffer, this.state.byteOffset, this.state.byteLength).toString('base64'), fails: [...this.fails.entries()] };
  }

  restoreSnapshot(snap: { states: string; fails: Array<[number, number]> }): void {
    const states = Buffer.from(snap.states, 'base64');
    if (states.length !== this.n) throw new Error('The job snapshot does not match its key file.');
    this.counts.fill(0);
    this.bytesDone = 0;
    this.fails.clear();
    for (let i = 0; i < this.n; i++) {
      this.state[i] = states[i]!;
      this.counts[states[i]!]!++;
      if (states[i] === S_DONE) this.bytesDone += this.size[i]!;
    }
    for (const [i, c] of snap.fails) if (i >= 0 && i < this.n) this.fails.set(i, c);
  }
}

/** The keys record for a batch of changes. */
export function keysRecord(changes: readonly KeyChange[], at: number): OperationRecord {
  const record: OperationRecord & { op: 'keys' } = { v: OPERATION_JOURNAL_VERSION, at, op: 'keys', i: changes.map((c) => c.i), s: changes.map((c) => c.s) };
  if (changes.some((c) => c.c)) record.c = changes.map((c) => c.c ?? 0);
  return record;
}
