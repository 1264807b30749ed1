/**
 * Limits how often a stream of updates is delivered.
 *
 * Listing pages arrive dozens of times a second; the renderer wants its
 * first rows at once and then a few batches a second (each batch re-counts a
 * million-row virtualizer). The first `notify` flushes immediately; later
 * ones are gathered into one flush per interval.
 */

/** Timer functions, injectable for tests. */
export interface CoalescerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: CoalescerClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Calls `flush` at once for the first notification, then at most once per `intervalMs`. */
export class Coalescer {
  private lastFlush: number | undefined;
  private timer: unknown;
  private closed = false;

  constructor(
    private readonly flush: () => void,
    private readonly intervalMs = 250,
    private readonly clock: CoalescerClock = realClock,
  ) {}

  /** Something changed: flush now if it is the first time or the interval has passed, else soon. */
  notify(): void {
    if (this.closed || this.timer !== undefined) return;
    const now = this.clock.now();
    const wait = this.lastFlush === undefined ? 0 : this.lastFlush + this.intervalMs - now;
    if (wait <= 0) {
      this.run(now);
      return;
    }
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (!this.closed) this.run(this.clock.now());
    }, wait);
  }

  /** Flushes now (a state change that must not wait), keeping the interval for later notifications. */
  flushNow(): void {
    if (this.closed) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.run(this.clock.now());
  }

  /** Flushes anything pending right away and stops; later notifications are ignored. */
  close(finalFlush = true): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (finalFlush) this.flush();
  }

  private run(now: number): void {
    this.lastFlush = now;
    this.flush();
  }
}
