/**
 * Counts the listing traffic the E2E bridge forwards to the page, in place
 * of the bridge's IPC log (which would keep every row batch of a
 * million-row listing alive in the bench process).
 */
import type { IpcRecord } from '../../e2e/harness/page-bridge';

/** Rows that make "the first rows" of a listing. */
export const FIRST_ROWS = 1_000;

/** Listing events that crossed the bridge, and the rows they carried. */
export interface IpcStats {
  rowEvents: number;
  rows: number;
  otherEvents: number;
  maxBatch: number;
  meanBatch: number;
}

/**
 * The big listing seen from the core's side of the bridge (Node clock): when
 * the `listing:start` call reached the core after the page's action, how long
 * it took, and when (ms from its start) the first rows and the first 1,000
 * rows were emitted.
 */
export interface CoreTimeline {
  startCallBeganAfterActionMs: number | null;
  startCallMs: number | null;
  firstRowsEmittedMs: number | null;
  rows1000EmittedMs: number | null;
}

/** Counters of the listing traffic over the bridge, from the action on. */
export interface IpcCounter {
  stats: IpcStats;
  /** Node-side timeline of the big listing, ms from the start of its `listing:start` call (and that start, ms after the page's t0). */
  timeline(t0Epoch: number): CoreTimeline;
  /** Forgets everything so far (the bucket root's small listing). */
  reset(): void;
}

/** An IPC log for the bridge that counts listing events instead of keeping a million rows alive in this process. */
export function countingLog(): { log: IpcRecord[]; counter: IpcCounter } {
  const stats: IpcStats = { rowEvents: 0, rows: 0, otherEvents: 0, maxBatch: 0, meanBatch: 0 };
  let callBegin: number | null = null;
  let callMs: number | null = null;
  let firstRowsAt: number | null = null;
  let rows1000At: number | null = null;
  const log: IpcRecord[] = [];
  log.push = (...records: IpcRecord[]) => {
    const now = performance.now();
    for (const r of records) {
      if (r.kind === 'call') {
        if (r.channel === 'listing:start' && callBegin === null) {
          callBegin = now - r.ms;
          callMs = r.ms;
        }
        continue;
      }
      const p = r.payload as { kind?: string; rows?: { names?: unknown[] } };
      if (r.event === 'listing:event' && p.kind === 'rows') {
        const n = p.rows?.names?.length ?? 0;
        stats.rowEvents++;
        stats.rows += n;
        stats.maxBatch = Math.max(stats.maxBatch, n);
        if (n > 0) firstRowsAt ??= now;
        if (stats.rows >= FIRST_ROWS) rows1000At ??= now;
      } else stats.otherEvents++;
    }
    return 0;
  };
  const rel = (t: number | null) => (t === null || callBegin === null ? null : Math.round((t - callBegin) * 10) / 10);
  return {
    log,
    counter: {
      stats,
      timeline: (t0Epoch) => ({
        // Both clocks are epoch-based on one machine, so the page's action and the core's call line up to a millisecond or so.
        startCallBeganAfterActionMs: callBegin === null ? null : Math.round((performance.timeOrigin + callBegin - t0Epoch) * 10) / 10,
        startCallMs: callMs === null ? null : Math.round(callMs * 10) / 10,
        firstRowsEmittedMs: rel(firstRowsAt),
        rows1000EmittedMs: rel(rows1000At),
      }),
      reset() {
        Object.assign(stats, { rowEvents: 0, rows: 0, otherEvents: 0, maxBatch: 0, meanBatch: 0 });
        callBegin = callMs = firstRowsAt = rows1000At = null;
      },
    },
  };
}
