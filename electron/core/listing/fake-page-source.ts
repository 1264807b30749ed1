/**
 * An in-memory ListObjectsV2 for unit tests of the listers.
 *
 * Implements the parts of S3's listing rules the listers rely on: UTF-8 key
 * order, Prefix, Delimiter (common prefixes count once against MaxKeys and
 * are dropped when not after StartAfter), StartAfter, opaque continuation
 * tokens that win over StartAfter, MaxKeys ≤ 1,000, and `stopAfter` as the
 * lean parser applies it. Optional latency per request and a request log make
 * round trips and waste measurable without a server.
 */
import { RESTORE_NONE } from '../../../shared/ipc/listing';
import { compareKeys } from './key-order';
import type { ListPage } from './list-xml';
import type { PageRequest, PageSource } from './s3-pages';

/** A fake bucket's options. */
export interface FakeOptions {
  latencyMs?: number;
  /**
   * Simulated time: every request takes exactly `latencyMs` of a virtual
   * clock advanced by `drive()`, so round trips are counted exactly no
   * matter how busy the machine is.
   */
  virtualTime?: boolean;
  /** Fail the n-th request (1-based) with this error. */
  failAt?: { request: number; error: Error };
  restoreStatusSupported?: boolean;
}

/** A PageSource over a fixed set of keys, with counters. */
export interface FakePageSource extends PageSource {
  /** Requests currently waiting on their (simulated) response. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Every request, in order. */
  readonly log: PageRequest[];
  /** With `virtualTime`: requests completed at each step of the virtual clock. */
  readonly rounds: number[];
  /** With `virtualTime`: runs `work` to completion and returns the virtual ms it took. */
  drive<T>(work: Promise<T>): Promise<{ value: T; elapsedMs: number }>;
}

/** Builds a fake over `keys` (any order; sorted here as S3 would). */
export function createFakePageSource(keys: string[], options: FakeOptions = {}): FakePageSource {
  const sorted = [...new Set(keys)].sort(compareKeys);
  const log: PageRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let virtualNow = 0;
  /** Requests completed at each virtual step (for tuning output). */
  const rounds: number[] = [];
  const due: Array<{ at: number; resolve: () => void; reject: (e: Error) => void }> = [];

  const firstAfter = (after: string | undefined): number => {
    if (after === undefined) return 0;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareKeys(sorted[mid]!, after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const list = (req: PageRequest): ListPage => {
    const page: ListPage = {
      keys: [],
      sizes: [],
      modified: [],
      storageClass: [],
      restore: [],
      restoreExpiry: [],
      prefixes: [],
      isTruncated: false,
      pastEnd: false,
      returned: 0,
    };
    const after = req.token !== undefined ? req.token : req.startAfter;
    let i = firstAfter(after);
    const max = Math.min(1000, req.maxKeys);
    let last: string | undefined;
    while (i < sorted.length && page.returned < max) {
      const key = sorted[i]!;
      if (!key.startsWith(req.prefix)) {
        if (compareKeys(key, req.prefix) > 0) break;
        i++;
        continue;
      }
      const cut = req.delimiter ? key.indexOf(req.delimiter, req.prefix.length) : -1;
      if (cut !== -1) {
        const cp = key.slice(0, cut + req.delimiter!.length);
        // Skip every key under this common prefix.
        i = firstAfter(cp + '\u{10FFFF}');
        if (after !== undefined && compareKeys(cp, after) <= 0) continue;
        page.returned++;
        last = cp;
        if (req.stopAfter !== undefined && compareKeys(cp, req.stopAfter) > 0) page.pastEnd = true;
        else if (!page.pastEnd) page.prefixes.push(cp);
        continue;
      }
      i++;
      page.returned++;
      last = key;
      if (req.stopAfter !== undefined && compareKeys(key, req.stopAfter) > 0) {
        page.pastEnd = true;
        continue;
      }
      if (page.pastEnd) continue;
      page.keys.push(key);
      page.sizes.push(key.length);
      page.modified.push(1_700_000_000_000);
      page.storageClass.push(1);
      page.restore.push(RESTORE_NONE);
      page.restoreExpiry.push(0);
    }
    // More entries under the prefix after the last one returned?
    if (last !== undefined && page.returned >= max) {
      const next = sorted[i];
      if (next !== undefined && next.startsWith(req.prefix)) {
        page.isTruncated = true;
        // Resuming after a common prefix skips its keys: they roll up into a prefix that is not after the token.
        page.nextToken = last;
      }
    }
    return page;
  };

  return {
    get restoreStatusSupported() {
      return options.restoreStatusSupported ?? true;
    },
    get requests() {
      return log.length;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    log,
    rounds,
    async drive(work) {
      let settled = false;
      work.then(
        () => (settled = true),
        () => (settled = true),
      );
      for (;;) {
        // setImmediate runs after every pending promise reaction: the listers have issued their next requests.
        await new Promise((r) => setImmediate(r));
        if (settled) break;
        if (due.length === 0) continue;
        const at = Math.min(...due.map((d) => d.at));
        virtualNow = at;
        rounds.push(due.filter((d) => d.at === at).length);
        for (let i = due.length - 1; i >= 0; i--) if (due[i]!.at === at) due.splice(i, 1)[0]!.resolve();
      }
      return { value: await work, elapsedMs: virtualNow };
    },
    async fetch(req, signal) {
      log.push({ ...req });
      const n = log.length;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        if (options.virtualTime) {
          await new Promise<void>((resolve, reject) => {
            due.push({ at: virtualNow + (options.latencyMs ?? 0), resolve, reject });
            signal?.addEventListener('abort', () => reject(abort()), { once: true });
          });
        } else if (options.latencyMs) await sleep(options.latencyMs, signal);
        if (signal?.aborted) throw abort();
        if (options.failAt && options.failAt.request === n) throw options.failAt.error;
        return list(req);
      } finally {
        inFlight--;
      }
    },
  };
}

function abort(): Error {
  const e = new Error('aborted');
  e.name = 'AbortError';
  return e;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abort());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(abort());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
