/**
 * A token bucket for the sandbox's account-wide restore rate limit.
 *
 * S3 accepts about 1,000 RestoreObject requests per second per account
 * (reference 1.4) and throttles the rest; `startSandbox({
 * restoreRatePerSecond })` reproduces that so restore jobs can be tested
 * against it. It runs on real time, not the store's clock: a manual store
 * clock that stands still must not stop the bucket refilling.
 */

/** A token bucket: `ratePerSecond` tokens a second, holding at most `burst`. */
export interface TokenBucket {
  readonly ratePerSecond: number;
  readonly burst: number;
  /** Takes one token if one is there; false means "over the limit". */
  tryTake(): boolean;
}

/**
 * Creates a full bucket.
 *
 * The burst defaults to the rate (at least one token, so a rate under 1/s
 * still lets a request through now and then). `now` is a monotonic ms clock (default `performance.now`), injectable so
 * unit tests need no timing.
 */
export function createTokenBucket(ratePerSecond: number, burst = Math.max(1, ratePerSecond), now: () => number = () => performance.now()): TokenBucket {
  if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) throw new Error(`restore rate must be a positive number, not ${ratePerSecond}`);
  // A burst under one token would refuse everything.
  if (!(burst >= 1) || !Number.isFinite(burst)) throw new Error(`burst must be at least 1, not ${burst}`);
  let tokens = burst;
  let last = now();
  return {
    ratePerSecond,
    burst,
    tryTake() {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) * ratePerSecond) / 1000);
      last = t;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
