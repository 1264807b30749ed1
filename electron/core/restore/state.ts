/**
 * A restore job's per-key state in typed arrays, and the journal records that rebuild it.
 *
 * A job of a million keys holds 18 bytes a key here (kind, size, state,
 * expiry day, segment) and no key strings: those stay in the key file. The
 * journal records facts as they happen — `created`, batches of `keys` (line
 * number, new state, failure code, expiry day), `status`, `checked`,
 * `ended` — and a `snapshot` that replaces them all when the journal is
 * compacted. Replaying the records over the key file's initial states gives
 * back exactly the job that was running.
 */
import type { JobState } from '../../../shared/ipc/jobs';
import type { RestoreKeyState } from '../../../shared/ipc/restore';
import type { IpcError } from '../../../shared/ipc/result';
import type { RestoreTier } from '../../../shared/restore-rules';
import type { JournalRecord } from '../persist/journal';

/** Key states by code (the order of `RESTORE_KEY_STATES`). */
export const S_PENDING = 0;
export const S_REQUESTED = 1;
export const S_IN_PROGRESS = 2;
export const S_RESTORED = 3;
export const S_FAILED = 4;
/** A key-file line that is not part of the job (already restored and not extended). */
export const S_OUTSIDE = 255;

export const STATE_NAMES: readonly RestoreKeyState[] = ['pending', 'requested', 'in-progress', 'restored', 'failed'];

/** Why a key failed, by code; each has a sentence for the per-key list. */
export const FAILURES = [
  ['', ''],
  ['NoSuchKey', 'The object no longer exists (deleted or renamed since it was selected).'],
  ['AccessDenied', 'This identity may not restore this object (s3:RestoreObject).'],
  ['InvalidObjectState', 'The object is not archived any more (its storage class changed), so there is nothing to restore.'],
  ['InvalidArgument', 'S3 refused the request for this object (its class no longer matches the tier or days chosen).'],
  ['Other', 'S3 refused the request for this object.'],
  ['AlreadyReadable', 'Readable already: this Intelligent-Tiering object was in an access tier, so it needed no restore.'],
] as const;

/** The code of `Other`: not the last entry, since codes are appended after it (they are journaled, so never reordered). */
export const FAILURE_OTHER = FAILURES.findIndex(([n]) => n === 'Other');

/** The code of a failure name (`Other` for unknown ones). */
export function failureCode(name: string): number {
  const i = FAILURES.findIndex(([n]) => n === name);
  return i > 0 ? i : FAILURE_OTHER;
}

const DAY_MS = 86_400_000;

/** What a job was started with; it never changes. */
export interface RestoreJobSpec {
  jobId: string;
  connectionId: string;
  bucket: string;
  region: string;
  title: string;
  prefixes: string[];
  keyCount: number;
  /** The selection's segments, without picked keys (the key file holds them). */
  segments: Array<{ prefix: string; recursive: boolean }>;
  tier: RestoreTier;
  days?: number;
  extendRestored: boolean;
  estimatedCostUsd: number;
  pricing: { region: string; sourceDate: string; estimatedFrom?: string };
  /** Objects of the selection that needed no restore. */
  skipped: number;
  startedAt: number;
  /** The activity-log entry of this job. */
  activityId?: string;
}

/** Request counters of a job. */
export interface RequestCounts {
  restore: number;
  list: number;
  head: number;
}

/** The job-level facts a journal carries besides key states. */
export interface JobStatus {
  state: JobState;
  pausedReason?: IpcError;
  error?: IpcError;
  endedAt?: number;
  lastCheckedAt?: number;
  /** When the last RestoreObject of the issuing phase was answered. */
  issuedAt?: number;
  requests: RequestCounts;
  /** False once the endpoint rejected RestoreStatus in listings (checks then HEAD each key). */
  restoreStatusSupported?: boolean;
}

export type RestoreRecord =
  | (JournalRecord & { op: 'created'; job: RestoreJobSpec })
  | (JournalRecord & { op: 'keys'; i: number[]; s: number[]; c?: number[]; x?: number[] })
  | (JournalRecord & { op: 'status'; state: 'running' | 'paused'; reason?: IpcError; issuedAt?: number })
  | (JournalRecord & { op: 'checked'; lastCheckedAt: number; requests: RequestCounts; restoreStatusSupported?: boolean })
  | (JournalRecord & { op: 'ended'; outcome: 'done' | 'failed' | 'cancelled'; error?: IpcError; requests: RequestCounts })
  | (JournalRecord & { op: 'snapshot'; job: RestoreJobSpec; states: string; expiry: string; fails: Array<[number, number]>; status: JobStatus });

/** The journal format version restore jobs write. */
export const RESTORE_JOURNAL_VERSION = 1;

/** One pending change of a key, waiting to be journaled. */
export interface KeyChange {
  i: number;
  s: number;
  c?: number;
  x?: number;
}

/** Per-key state of one job. */
export class KeyStates {
  readonly kind: Uint8Array;
  readonly size: Float64Array;
  readonly state: Uint8Array;
  /** Expiry of a restored copy as days since the epoch (S3 expiries are midnights UTC); 0 when none. */
  readonly expiryDay: Uint32Array;
  readonly segment: Uint32Array;
  readonly fails = new Map<number, number>();
  /** Keys per state code. */
  readonly counts = [0, 0, 0, 0, 0];
  /** Bytes of restored keys. */
  bytesRestored = 0;
  /** Bytes of every key in the job. */
  bytesTotal = 0;

  constructor(readonly n: number) {
    this.kind = new Uint8Array(n);
    this.size = new Float64Array(n);
    this.state = new Uint8Array(n).fill(S_OUTSIDE);
    this.expiryDay = new Uint32Array(n);
    this.segment = new Uint32Array(n);
  }

  /** Keys in the job. */
  get total(): number {
    return this.counts.reduce((a, b) => a + b, 0);
  }

  /** Sets a key's initial state (while loading the key file). */
  init(i: number, kind: number, size: number, segment: number, state: number, expiryMs = 0): void {
    this.kind[i] = kind;
    this.size[i] = size;
    this.segment[i] = segment;
    this.place(i, state);
    if (state !== S_OUTSIDE) this.bytesTotal += size;
    if (expiryMs > 0) this.expiryDay[i] = Math.round(expiryMs / DAY_MS);
  }

  /** Moves a key to `state`; returns false when nothing changed. */
  set(i: number, state: number, fail = 0, expiryDay = 0): boolean {
    const before = this.state[i]!;
    if (before === state && (this.fails.get(i) ?? 0) === fail && (expiryDay === 0 || this.expiryDay[i] === expiryDay)) return false;
    if (before !== S_OUTSIDE) this.counts[before]!--;
    if (before === S_RESTORED) this.bytesRestored -= this.size[i]!;
    if (before === S_OUTSIDE && state !== S_OUTSIDE) this.bytesTotal += this.size[i]!;
    this.place(i, state);
    if (fail > 0) this.fails.set(i, fail);
    else this.fails.delete(i);
    if (expiryDay > 0) this.expiryDay[i] = expiryDay;
    return true;
  }

  /** Applies a `keys` record. */
  apply(record: { i: number[]; s: number[]; c?: number[]; x?: number[] }): void {
    for (let k = 0; k < record.i.length; k++) {
      const i = record.i[k]!;
      if (i < 0 || i >= this.n) continue;
      this.set(i, record.s[k]!, record.c?.[k] ?? 0, record.x?.[k] ?? 0);
    }
  }

  /** Expiry of key `i`, ms since the epoch; 0 when none. */
  expiryMs(i: number): number {
    const d = this.expiryDay[i]!;
    return d > 0 ? d * DAY_MS : 0;
  }

  /** The earliest expiry among restored keys, ms since the epoch. */
  earliestExpiry(): number | undefined {
    let best = 0;
    for (let i = 0; i < this.n; i++) {
      const d = this.expiryDay[i]!;
      if (d > 0 && this.state[i] === S_RESTORED && (best === 0 || d < best)) best = d;
    }
    return best > 0 ? best * DAY_MS : undefined;
  }

  /** The arrays a snapshot record carries. */
  snapshot(): { states: string; expiry: string; fails: Array<[number, number]> } {
    return {
      states: Buffer.from(this.state.buffer, this.state.byteOffset, this.state.byteLength).toString('base64'),
      expiry: Buffer.from(this.expiryDay.buffer, this.expiryDay.byteOffset, this.expiryDay.byteLength).toString('base64'),
      fails: [...this.fails.entries()],
    };
  }

  /** Replaces every state with a snapshot's (sizes and kinds come from the key file). */
  restoreSnapshot(snap: { states: string; expiry: string; fails: Array<[number, number]> }): void {
    const states = Buffer.from(snap.states, 'base64');
    const expiry = Buffer.from(snap.expiry, 'base64');
    if (states.length !== this.n || expiry.length !== this.n * 4) throw new Error('The job snapshot does not match its key file.');
    this.counts.fill(0);
    this.bytesRestored = 0;
    this.bytesTotal = 0;
    this.fails.clear();
    for (let i = 0; i < this.n; i++) {
      this.place(i, states[i]!);
      if (states[i] !== S_OUTSIDE) this.bytesTotal += this.size[i]!;
    }
    new Uint8Array(this.expiryDay.buffer, this.expiryDay.byteOffset, this.expiryDay.byteLength).set(expiry);
    for (const [i, c] of snap.fails) if (i >= 0 && i < this.n) this.fails.set(i, c);
  }

  private place(i: number, state: number): void {
    this.state[i] = state;
    if (state === S_OUTSIDE) return;
    this.counts[state]!++;
    if (state === S_RESTORED) this.bytesRestored += this.size[i]!;
  }
}

/** The keys record for a batch of changes (failure codes and expiries only when some are set). */
export function keysRecord(changes: readonly KeyChange[], at: number): RestoreRecord {
  const record: RestoreRecord & { op: 'keys' } = { v: RESTORE_JOURNAL_VERSION, at, op: 'keys', i: changes.map((c) => c.i), s: changes.map((c) => c.s) };
  if (changes.some((c) => c.c)) record.c = changes.map((c) => c.c ?? 0);
  if (changes.some((c) => c.x)) record.x = changes.map((c) => c.x ?? 0);
  return record;
}

/** Days since the epoch of an expiry in ms (0 stays 0). */
export function expiryDayOf(ms: number): number {
  return ms > 0 ? Math.round(ms / DAY_MS) : 0;
}
