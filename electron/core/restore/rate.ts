/**
 * How fast a restore job may send RestoreObject: a token bucket that backs off when S3 pushes back.
 *
 * S3 accepts about 1,000 restore requests per second per account
 * (reference/performance.md, "Restore") and answers SlowDown beyond that —
 * shared with everyone else using the account. The bucket refills at the
 * configured rate (read on every refill, so a settings change applies at
 * once) with a burst of a tenth of a second's worth. Each throttling answer
 * halves the rate the job allows itself; every second without one wins back
 * a tenth of the gap to the configured rate.
 */

/** Time and waiting, injectable for tests. */
export interface RateClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realRateClock: RateClock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        signal?.removeEventListener('abort', done);
        clearTimeout(timer);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** A token bucket with multiplicative decrease on throttling. */
export class RateLimiter {
  private tokens: number;
  private last: number;
  private current: number;
  private lastThrottle = -Infinity;
  /** The configured rate at the last refill, to tell a settings change from a recovery. */
  private target: number;

  constructor(
    private readonly configured: () => number,
    private readonly clock: RateClock = realRateClock,
  ) {
    this.target = Math.max(1, configured());
    this.current = this.target;
    this.tokens = this.burst();
    this.last = clock.now();
  }

  /** Requests per second allowed right now. */
  get rate(): number {
    this.refill();
    return this.current;
  }

  /** Waits for a token; resolves early (without one) when `signal` aborts. */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) return;
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.max(1, ((1 - this.tokens) / this.current) * 1000), signal);
    }
  }

  /** S3 answered SlowDown / 503 / throttling: halve the rate (at most once per 200 ms, so one burst counts once). */
  throttled(): void {
    const now = this.clock.now();
    if (now - this.lastThrottle < 200) return;
    this.lastThrottle = now;
    this.refill();
    this.current = Math.max(1, this.current / 2);
    this.tokens = Math.min(this.tokens, this.burst());
  }

  private burst(): number {
    return Math.max(1, this.current / 10);
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = (now - this.last) / 1000;
    this.last = now;
    const target = Math.max(1, this.configured());
    // A settings change applies at once, unless the job is backing off (then it recovers towards the new rate).
    if (target !== this.target) {
      if (this.current >= this.target) this.current = target;
      this.target = target;
    }
    // Recover towards the configured rate (or drop to it at once when the user lowered it).
    if (this.current > target) this.current = target;
    else if (this.current < target) this.current = Math.min(target, this.current + (target - this.current) * Math.min(1, elapsed * 0.1) + elapsed);
    this.tokens = Math.min(this.burst(), this.tokens + elapsed * this.current);
  }
}
