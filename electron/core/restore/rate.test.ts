/**
 * The restore rate limiter on a fake clock: never above the configured rate
 * (plus its tenth-of-a-second burst) in any one-second window, settings
 * changes at once, backing off on throttling and winning the rate back, and
 * aborted waiters that leave their token to others.
 */
import { describe, expect, it } from 'vitest';
import { RateLimiter, type RateClock } from './rate';

function fakeClock() {
  let now = 0;
  let ids = 0;
  const timers: Array<{ at: number; id: number; wake: () => void }> = [];
  const clock: RateClock = {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        // Like the real clock, a sleeper that wakes normally stops listening for the abort.
        const onAbort = () => {
          const i = timers.indexOf(t);
          if (i >= 0) timers.splice(i, 1);
          resolve();
        };
        const t = {
          at: now + ms,
          id: ++ids,
          wake: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        timers.push(t);
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
  const settle = () => new Promise<void>((r) => setImmediate(r));
  /** Moves time to `to`, waking sleepers in time order and letting each run before the next. */
  async function advanceTo(to: number): Promise<void> {
    await settle();
    for (;;) {
      timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const first = timers[0];
      if (!first || first.at > to) break;
      // Sleepers due at the same instant wake together, in the order they went to sleep.
      const due = timers.filter((t) => t.at === first.at);
      timers.splice(0, due.length);
      now = first.at;
      for (const t of due) t.wake();
      await settle();
    }
    now = to;
    await settle();
  }
  return { clock, advanceTo, settle, now: () => now };
}

/** `workers` callers taking tokens in a loop; returns the times of every token handed out. */
function hammer(rate: RateLimiter, clock: RateClock, workers: number): { times: number[]; stop: () => void } {
  const times: number[] = [];
  let stopped = false;
  const controller = new AbortController();
  for (let w = 0; w < workers; w++) {
    void (async () => {
      while (!stopped) {
        await rate.take(controller.signal);
        if (stopped) return;
        times.push(clock.now());
      }
    })();
  }
  return {
    times,
    stop: () => {
      stopped = true;
      controller.abort();
    },
  };
}

/** The most tokens handed out in any window of `ms` starting at a token. */
function busiestWindow(times: number[], from: number, to: number, ms = 1000): number {
  const inRange = times.filter((t) => t >= from && t < to);
  let best = 0;
  for (let i = 0, j = 0; i < inRange.length; i++) {
    while (j < inRange.length && inRange[j]! < inRange[i]! + ms) j++;
    best = Math.max(best, j - i);
  }
  return best;
}

const count = (times: number[], from: number, to: number) => times.filter((t) => t > from && t <= to).length;

describe('RateLimiter', () => {
  it('never hands out more than the rate plus its burst in any second, and keeps up the rate', async () => {
    const { clock, advanceTo } = fakeClock();
    const rate = new RateLimiter(() => 100, clock);
    const run = hammer(rate, clock, 50);
    await advanceTo(5000);
    run.stop();
    // Burst is a tenth of a second's worth: 10 tokens on top of 100 a second.
    expect(busiestWindow(run.times, 0, 5000)).toBeLessThanOrEqual(110);
    // 50 eager callers get the full rate: 10 up front plus 100 a second, no more, hardly less.
    expect(run.times.length).toBeLessThanOrEqual(510);
    expect(run.times.length).toBeGreaterThanOrEqual(495);
  });

  it('applies a lowered rate at once, spending no leftover burst of the old rate', async () => {
    const { clock, advanceTo } = fakeClock();
    let configured = 100;
    const rate = new RateLimiter(() => configured, clock);
    const run = hammer(rate, clock, 20);
    await advanceTo(2000);
    configured = 10;
    expect(rate.rate).toBe(10);
    await advanceTo(5000);
    run.stop();
    // New burst max(1, 10/10) = 1, then 10 a second.
    expect(count(run.times, 2000, 3000)).toBeLessThanOrEqual(11);
    expect(count(run.times, 2000, 3000)).toBeGreaterThanOrEqual(9);
    expect(busiestWindow(run.times, 2000, 5000)).toBeLessThanOrEqual(11);
  });

  it('applies a raised rate at once when S3 was not pushing back', async () => {
    const { clock, advanceTo } = fakeClock();
    let configured = 10;
    const rate = new RateLimiter(() => configured, clock);
    const run = hammer(rate, clock, 200);
    await advanceTo(2000);
    expect(count(run.times, 1000, 2000)).toBeLessThanOrEqual(11);
    configured = 1000;
    expect(rate.rate).toBe(1000);
    await advanceTo(3000);
    run.stop();
    expect(count(run.times, 2000, 3000)).toBeGreaterThanOrEqual(950);
    expect(busiestWindow(run.times, 2000, 3000)).toBeLessThanOrEqual(1100);
  });

  it('halves on throttling at most once per 200 ms, never below 1, and wins the rate back', async () => {
    const { clock, advanceTo } = fakeClock();
    const rate = new RateLimiter(() => 100, clock);
    rate.throttled();
    expect(rate.rate).toBe(50);
    // The rest of one burst of SlowDowns counts once.
    rate.throttled();
    rate.throttled();
    expect(rate.rate).toBe(50);
    // A second without throttling wins back about a tenth of the gap (and a little more).
    for (let t = 10; t <= 1000; t += 10) {
      await advanceTo(t);
      void rate.rate;
    }
    expect(rate.rate).toBeGreaterThanOrEqual(55);
    expect(rate.rate).toBeLessThan(58);
    await advanceTo(61_000);
    expect(rate.rate).toBe(100);

    const low = new RateLimiter(() => 3, clock);
    for (let i = 0; i < 10; i++) {
      low.throttled();
      await advanceTo(clock.now() + 200);
    }
    expect(low.rate).toBeGreaterThanOrEqual(1);
    expect(low.rate).toBeLessThan(1.5);
  });

  it('keeps backing off when the user raises the rate while S3 is pushing back', () => {
    const { clock } = fakeClock();
    let configured = 100;
    const rate = new RateLimiter(() => configured, clock);
    rate.throttled();
    configured = 200;
    expect(rate.rate).toBe(50);
  });

  it('an aborted waiter returns at once and leaves the token to the next caller', async () => {
    const { clock, advanceTo, settle } = fakeClock();
    const rate = new RateLimiter(() => 1, clock);
    await rate.take(); // the one token of the burst
    const controller = new AbortController();
    let aborted = false;
    const a = rate.take(controller.signal).then(() => (aborted = true));
    await settle();
    expect(aborted).toBe(false);
    controller.abort();
    await a;
    expect(clock.now()).toBe(0);
    // Already aborted: returns without waiting and without a token.
    await rate.take(controller.signal);
    let servedAt = -1;
    const b = rate.take().then(() => (servedAt = clock.now()));
    await advanceTo(999);
    expect(servedAt).toBe(-1);
    await advanceTo(3000);
    await b;
    // Had either aborted call used a token, B would have waited until 2 s or 3 s.
    expect(servedAt).toBe(1000);
  });
});
