/**
 * Parallel listing of one prefix by key ranges, with output in key order.
 *
 * One ListObjectsV2 lister costs N/1,000 round trips in sequence. Here the
 * first lister starts at the beginning of the prefix (its first page goes out
 * at once); as soon as it shows the prefix has more than a page, its
 * remaining range is cut at guessed split points (range-split.ts) and each
 * part gets its own lister (`StartAfter` = the part's start, stopping at the
 * next part's start). Whenever a lister finishes while others still have a
 * lot left, the range with the most estimated keys left is cut again, so
 * listers stay busy until the end and bad guesses cost a round trip, not a
 * serial tail. With a delimiter the same works over folders and files alike.
 *
 * Output goes through an OrderedEmitter: rows arrive in key order, the first
 * range live, later ranges when everything before them is done.
 */
import { setMaxListeners } from 'node:events';
import { compareKeys } from './key-order';
import type { ListPage } from './list-xml';
import { OrderedEmitter, type Slot } from './ordered-emitter';
import { Alphabet, chooseSplits, estimateRemaining } from './range-split';
import type { PageSource } from './s3-pages';

/** What to list. */
export interface RangeListSpec {
  prefix: string;
  /** '/' for one level; undefined for every key below the prefix. */
  delimiter?: string;
  /** List only entries after this key (exclusive), e.g. to resume or to track part of a prefix. */
  startAfter?: string;
  /** List only entries up to this key (inclusive). */
  stopAfter?: string;
}

/** Tuning; the defaults suit both AWS and the sandbox. */
export interface RangeListOptions {
  /** Listers at once (32–64 is the useful range). */
  concurrency?: number;
  signal?: AbortSignal;
  /** A range estimated to hold fewer keys than this is not split further. */
  minSplitKeys?: number;
  /** At most this many parts per split. */
  maxSplitParts?: number;
  /** Called after every page with the running counters (for progress events). */
  onPage?: (stats: RangeListStats) => void;
}

/** Counters of a range listing. */
export interface RangeListStats {
  /** Keys and folders kept (each exactly once). */
  scanned: number;
  pages: number;
  /** Ranges created, the first included. */
  ranges: number;
  /** Listers running now. */
  listers: number;
  /** Entries the server returned past a range's end (work done twice). */
  overshoot: number;
  /** Rows waiting behind an unfinished earlier range. */
  held: number;
}

/** The outcome of a completed range listing. */
export interface RangeListResult extends RangeListStats {
  restoreStatusSupported: boolean;
  requests: number;
}

interface Range {
  lo?: string;
  hi?: string;
  token?: string;
  cursor?: string;
  slot: Slot<ListPage>;
  pages: number;
  /** First entry this range read, and how many it has read. */
  first?: string;
  read: number;
  /** `read` when this range was last split. */
  readAtSplit: number;
  /** Keys left as the splitter sees it (the model, or the range's own history when that says more); NaN until the first page. */
  remaining: number;
  /** `pages` when this range was last split. */
  splitAtPage: number;
  /** Read to its end (its slot is finished; it must not be split). */
  done?: boolean;
}

const PAGE = 1000;
/** First request of a new sub-range: small, because many guessed ranges turn out empty or short, and the server's keys past the range's end are wasted. */
const PROBE = 100;
/** How much bigger than the estimate a page is sized. */
const PAGE_SLACK = 2;
/** Pages a range reads between two splits of it. */
const RESPLIT_PAGES = 1;

/**
 * Lists `spec.prefix` with parallel ranges; `onChunk` gets pages in key order
 * (folders already de-duplicated across range boundaries).
 */
export async function listRanges(
  source: PageSource,
  spec: RangeListSpec,
  onChunk: (page: ListPage) => void,
  options: RangeListOptions = {},
): Promise<RangeListResult> {
  const concurrency = Math.max(1, options.concurrency ?? 48);
  const minSplitKeys = options.minSplitKeys ?? 2_000;
  const maxSplitParts = options.maxSplitParts ?? Math.max(2, Math.min(96, concurrency));
  const controller = new AbortController();
  // Every in-flight request listens on this signal.
  setMaxListeners(0, controller.signal);
  const outer = options.signal;
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) onOuterAbort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const signal = controller.signal;

  const alphabet = new Alphabet(spec.prefix);
  let lastFolder: string | undefined;
  const emitter = new OrderedEmitter<ListPage>((page) => {
    // A folder cut by a split point can be reported by both ranges; keep the first.
    if (page.prefixes.length > 0 && page.prefixes[0] === lastFolder) page.prefixes = page.prefixes.slice(1);
    if (page.prefixes.length > 0) lastFolder = page.prefixes[page.prefixes.length - 1];
    if (page.keys.length > 0 || page.prefixes.length > 0) onChunk(page);
  });
  const stats: RangeListStats = { scanned: 0, pages: 0, ranges: 1, listers: 0, overshoot: 0, held: 0 };
  const running = new Set<Range>();
  const pending: Range[] = [];
  let failure: unknown;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));

  const root: Range = {
    lo: spec.startAfter,
    hi: spec.stopAfter,
    slot: emitter.root(),
    pages: 0,
    read: 0,
    readAtSplit: 0,
    remaining: NaN,
    splitAtPage: -RESPLIT_PAGES,
  };

  const start = (r: Range) => {
    running.add(r);
    stats.listers = running.size;
    void run(r).finally(() => {
      running.delete(r);
      stats.listers = running.size;
      if (!signal.aborted) schedule();
      if (running.size === 0 && (pending.length === 0 || signal.aborted)) resolveDone();
    });
  };

  const run = async (r: Range) => {
    try {
      for (;;) {
        const page = await source.fetch(
          { prefix: spec.prefix, delimiter: spec.delimiter, startAfter: r.lo, token: r.token, maxKeys: pageSize(r), stopAfter: r.hi },
          signal,
        );
        if (signal.aborted) return;
        // The range may have been split while the request was in flight.
        const trimmed = trimToEnd(page, r.hi);
        stats.pages++;
        stats.overshoot += page.returned - page.keys.length - page.prefixes.length;
        absorb(r, page);
        emitter.push(r.slot, page);
        stats.held = emitter.heldCount;
        options.onPage?.(stats);
        if (trimmed || page.pastEnd || !page.isTruncated || !page.nextToken) break;
        r.token = page.nextToken;
        if (running.size + pending.length < concurrency) schedule();
      }
      r.done = true;
      emitter.finish(r.slot);
      stats.held = emitter.heldCount;
    } catch (err) {
      if (!signal.aborted) {
        failure = err;
        controller.abort(err);
      }
    }
  };

  /** Updates cursor, alphabet and density from a page. */
  const absorb = (r: Range, page: ListPage) => {
    const n = page.keys.length + page.prefixes.length;
    stats.scanned += n;
    r.pages++;
    if (n === 0) return;
    const first = firstEntry(page);
    const last = lastEntry(page);
    if (r.pages === 1 && r === root) alphabet.observePage(page.keys.length > 0 ? page.keys : page.prefixes);
    else {
      alphabet.observe(first);
      alphabet.observe(last);
    }
    r.cursor = last;
    r.first ??= first;
    r.read += n;
    // Density over everything this range has read: the longer the span, the better the guess.
    const estimate = estimateRemaining({ first: r.first, last, count: r.read }, r.hi, spec.prefix, alphabet);
    // A range still going after reading k keys since its last split likely has about as many left
    // (the guess the model can't beat when key spelling misleads it); this keeps long tails split.
    r.remaining = Math.max(estimate, (r.read - r.readAtSplit) / 2);
  };

  /** Starts pending ranges, then splits the biggest running range while listers would sit idle. */
  const schedule = () => {
    while (running.size < concurrency && pending.length > 0) start(pending.shift()!);
    for (let guard = 0; guard < 4 && running.size + pending.length < concurrency; guard++) {
      const target = biggest();
      if (!target) return;
      // Re-split a range only after it has read more pages: its cursor and density are then fresh.
      target.splitAtPage = target.pages;
      target.readAtSplit = target.read;
      // About a part per page left, at most one per idle lister (plus the range itself).
      const idle = concurrency - running.size - pending.length;
      const parts = Math.min(idle + 1, maxSplitParts, Math.max(2, Math.ceil(target.remaining / PAGE) + 1));
      const cuts = chooseSplits(target.cursor!, target.hi, spec.prefix, alphabet, parts);
      if (cuts.length === 0) continue;
      const slots = emitter.insertAfter(target.slot, cuts.length);
      const share = target.remaining / (cuts.length + 1);
      const oldHi = target.hi;
      target.hi = cuts[0];
      target.remaining = share;
      for (let i = 0; i < cuts.length; i++) {
        pending.push({ lo: cuts[i], hi: cuts[i + 1] ?? oldHi, slot: slots[i]!, pages: 0, read: 0, readAtSplit: 0, remaining: share, splitAtPage: -RESPLIT_PAGES });
      }
      stats.ranges += cuts.length;
      pending.sort((a, b) => compareKeys(a.lo!, b.lo!));
      while (running.size < concurrency && pending.length > 0) start(pending.shift()!);
    }
  };

  const biggest = (): Range | undefined => {
    let best: Range | undefined;
    for (const r of running) {
      if (r.done || !r.cursor || !(r.remaining >= minSplitKeys) || r.pages - r.splitAtPage < RESPLIT_PAGES) continue;
      if (!best || r.remaining > best.remaining) best = r;
    }
    return best;
  };

  start(root);
  await done;
  outer?.removeEventListener('abort', onOuterAbort);
  if (failure !== undefined) throw failure;
  if (signal.aborted) throw abortError(outer?.reason);
  return { ...stats, listers: 0, restoreStatusSupported: source.restoreStatusSupported, requests: source.requests };
}

/**
 * MaxKeys for a range's next request: a probe for a new sub-range; then
 * pages sized to what seems left (twice the estimate, so an underestimate
 * costs one more round trip, not a wasted page of keys past the end).
 */
function pageSize(r: Range): number {
  if (r.pages === 0 && r.lo !== undefined) return PROBE;
  // Sized by what the splitter believes (history included): a request costs as much as ~100 keys past the end.
  if (!Number.isFinite(r.remaining)) return PAGE;
  return Math.max(2 * PROBE, Math.min(PAGE, Math.ceil(r.remaining * PAGE_SLACK) + PROBE));
}

/** Drops entries past `hi` (the range shrank while the page was in flight); true when any was dropped. */
function trimToEnd(page: ListPage, hi: string | undefined): boolean {
  if (hi === undefined) return false;
  const keep = countUpTo(page.keys, hi);
  const keepPrefixes = countUpTo(page.prefixes, hi);
  const dropped = keep < page.keys.length || keepPrefixes < page.prefixes.length;
  if (keep < page.keys.length) {
    page.keys.length = keep;
    page.sizes.length = keep;
    page.modified.length = keep;
    page.storageClass.length = keep;
    page.restore.length = keep;
    page.restoreExpiry.length = keep;
  }
  if (keepPrefixes < page.prefixes.length) page.prefixes.length = keepPrefixes;
  return dropped;
}

/** How many of the sorted `items` are ≤ `hi`. */
function countUpTo(items: string[], hi: string): number {
  let lo = 0;
  let top = items.length;
  while (lo < top) {
    const mid = (lo + top) >> 1;
    if (compareKeys(items[mid]!, hi) <= 0) lo = mid + 1;
    else top = mid;
  }
  return lo;
}

function firstEntry(page: ListPage): string {
  const k = page.keys[0];
  const p = page.prefixes[0];
  if (k === undefined) return p!;
  if (p === undefined) return k;
  return compareKeys(k, p) <= 0 ? k : p;
}

function lastEntry(page: ListPage): string {
  const k = page.keys[page.keys.length - 1];
  const p = page.prefixes[page.prefixes.length - 1];
  if (k === undefined) return p!;
  if (p === undefined) return k;
  return compareKeys(k, p) >= 0 ? k : p;
}

function abortError(reason: unknown): Error {
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const err = new Error('The listing was cancelled.');
  err.name = 'AbortError';
  return err;
}
