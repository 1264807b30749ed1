/** The token bucket on a fake clock: burst, refill, cap, and bad rates. */
import { describe, expect, it } from 'vitest';
import { createTokenBucket } from './rate-limit';

function takes(bucket: { tryTake(): boolean }, n: number): number {
  let ok = 0;
  for (let i = 0; i < n; i++) if (bucket.tryTake()) ok += 1;
  return ok;
}

describe('createTokenBucket', () => {
  it('lets a full burst through, then refills at the rate', () => {
    let t = 0;
    const bucket = createTokenBucket(10, undefined, () => t);
    expect(takes(bucket, 15)).toBe(10);
    t += 250; // 2.5 tokens
    expect(takes(bucket, 5)).toBe(2);
    t += 50; // 0.5 left + 0.5
    expect(takes(bucket, 5)).toBe(1);
  });

  it('never holds more than the burst however long it idles', () => {
    let t = 0;
    const bucket = createTokenBucket(1000, undefined, () => t);
    takes(bucket, 1000);
    t += 60_000;
    expect(takes(bucket, 2000)).toBe(1000);
  });

  it('holds at least one token for rates under one a second', () => {
    let t = 0;
    const bucket = createTokenBucket(0.5, undefined, () => t);
    expect([bucket.burst, takes(bucket, 3)]).toEqual([1, 1]);
    t += 2000;
    expect(takes(bucket, 3)).toBe(1);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects the rate %s', (rate) => {
    expect(() => createTokenBucket(rate)).toThrow(/positive/);
  });
});
