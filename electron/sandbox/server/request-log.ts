/**
 * The sandbox's request log: one entry per request the server answered,
 * so tests can assert what a client did ("each archived key got exactly one
 * RestoreObject that returned 202", "no HEAD requests were made").
 *
 * Opt-in (`startSandbox({ requestLog: true })`): million-key benchmarks must
 * not pay for it. Bounded: past the cap the oldest entries are dropped and
 * counted, so a long run cannot exhaust memory.
 */
import type { RestoreTier } from '../store-types';

/** Default cap: a million-object restore job with its retries and HEADs; about 300 bytes an entry with its key, so some 600 MB when full. */
export const DEFAULT_REQUEST_LOG_MAX_ENTRIES = 2_000_000;

/** Faults the server applied to a request, as the log names them. */
export type LoggedFault = 'internal-error' | 'slowdown' | 'reset' | 'reset-mid-body' | 'stall' | 'truncate' | 'restore-rate';

/** One answered request. */
export interface RequestLogEntry {
  /** 1, 2, 3, … in the order the answers were sent; never reused, not even after `clear()`. */
  seq: number;
  /** Wall-clock ms when the answer (or the reset) was sent. */
  at: number;
  /** S3 operation name as the router gives it (`RestoreObject`, `HeadObject`); `Unknown` when the URL could not be routed. */
  op: string;
  bucket?: string;
  key?: string;
  /** HTTP status sent, or 0 when the connection was reset (or gone) before a status. */
  status: number;
  /** The S3 error code of an error answer. */
  errorCode?: string;
  /** Whether the operation's handler ran, so it could have changed state (even when the answer then failed). */
  ran: boolean;
  /** The fault the server applied, if any; `restore-rate` is the restore rate limit (`restoreRatePerSecond`). */
  fault?: LoggedFault;
  /** Tier of a RestoreObject body, when it named one. */
  restoreTier?: RestoreTier;
  /** Days of a RestoreObject body, when it named them. */
  restoreDays?: number;
  /** The key that signed the request; absent when authentication failed or never happened. */
  accessKeyId?: string;
  /** The `Range` header as sent (GetObject, HeadObject), so a test can prove no range was fetched twice. */
  range?: string;
  /** The `If-Match` header as sent (GetObject, HeadObject). */
  ifMatch?: string;
  /** The `partNumber` query parameter (GetObject, HeadObject, UploadPart, UploadPartCopy). */
  partNumber?: number;
  /** The `versionId` query parameter. */
  versionId?: string;
  /** `x-amz-copy-source-range` of an UploadPartCopy. */
  copySourceRange?: string;
}

/** An entry before the log numbers and timestamps it. */
export type RequestLogFields = Omit<RequestLogEntry, 'seq' | 'at'>;

/** The log as tests see it on `Sandbox.requestLog`. */
export interface RequestLog {
  /** False unless the sandbox was started with `requestLog`. */
  readonly enabled: boolean;
  /** Most entries kept; older ones are dropped. */
  readonly maxEntries: number;
  /** How many entries were dropped to stay within `maxEntries` (since the start or the last `clear()`). */
  readonly dropped: number;
  /**
   * A snapshot of the kept entries, oldest first.
   *
   * Throws when the log is off, so a test that forgot to enable it cannot
   * pass by seeing no requests.
   */
  entries(): readonly RequestLogEntry[];
  /** Forgets every entry and resets `dropped`; `seq` keeps counting. */
  clear(): void;
}

/** The log plus the server's side of it. */
export interface RequestLogRecorder extends RequestLog {
  record(fields: RequestLogFields): void;
}

/** Options of `createRequestLog`. */
export interface RequestLogOptions {
  /** Default `DEFAULT_REQUEST_LOG_MAX_ENTRIES`. */
  maxEntries?: number;
  /** Wall clock, injectable for tests. */
  now?: () => number;
}

/**
 * Creates an enabled log.
 *
 * Entries live in one array with a moving start, compacted once half of it
 * is dead, so recording stays O(1) amortised at any cap.
 */
export function createRequestLog(options: RequestLogOptions = {}): RequestLogRecorder {
  const maxEntries = options.maxEntries ?? DEFAULT_REQUEST_LOG_MAX_ENTRIES;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error(`requestLog maxEntries must be a positive integer, not ${maxEntries}`);
  const now = options.now ?? Date.now;
  let buf: RequestLogEntry[] = [];
  let start = 0;
  let seq = 0;
  let dropped = 0;

  return {
    enabled: true,
    maxEntries,
    get dropped() {
      return dropped;
    },
    entries() {
      return buf.slice(start);
    },
    clear() {
      buf = [];
      start = 0;
      dropped = 0;
    },
    record(f) {
      seq += 1;
      // Every field is always present (some undefined) so all entries share one V8 shape.
      buf.push({
        seq,
        at: now(),
        op: f.op,
        bucket: f.bucket,
        key: f.key,
        status: f.status,
        errorCode: f.errorCode,
        ran: f.ran,
        fault: f.fault,
        restoreTier: f.restoreTier,
        restoreDays: f.restoreDays,
        accessKeyId: f.accessKeyId,
        range: f.range,
        ifMatch: f.ifMatch,
        partNumber: f.partNumber,
        versionId: f.versionId,
        copySourceRange: f.copySourceRange,
      });
      if (buf.length - start > maxEntries) {
        start += 1;
        dropped += 1;
        if (start >= Math.max(1024, buf.length / 2)) {
          buf = buf.slice(start);
          start = 0;
        }
      }
    },
  };
}

/** The stand-in when the log is off: records nothing, refuses to be read. */
export function disabledRequestLog(): RequestLog {
  return {
    enabled: false,
    maxEntries: 0,
    dropped: 0,
    entries() {
      throw new Error('the request log is off; start the sandbox with { requestLog: true }');
    },
    clear() {},
  };
}

/**
 * Counts entries by a derived key.
 *
 * `countBy(log.entries().filter((e) => e.op === 'RestoreObject'), (e) => e.key)`
 * gives restores per object key; Map order is first appearance.
 */
export function countBy<T, K>(entries: readonly T[], keyOf: (entry: T) => K): Map<K, number> {
  const counts = new Map<K, number>();
  for (const e of entries) {
    const k = keyOf(e);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}
