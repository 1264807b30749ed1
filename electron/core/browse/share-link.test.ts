import { describe, expect, it } from 'vitest';
import { clampTtl, DEFAULT_SHARE_SECONDS, describeSeconds, MAX_SHARE_SECONDS, MIN_SHARE_SECONDS } from './share-link';

describe('clampTtl', () => {
  it('defaults to 10 minutes and keeps values inside the bounds', () => {
    expect(clampTtl(undefined)).toEqual({ seconds: DEFAULT_SHARE_SECONDS });
    expect(clampTtl(3600)).toEqual({ seconds: 3600 });
    expect(clampTtl(MAX_SHARE_SECONDS)).toEqual({ seconds: MAX_SHARE_SECONDS });
  });

  it('raises short TTLs to a minute and lowers long ones to 7 days, saying why', () => {
    expect(clampTtl(5)).toEqual({ seconds: MIN_SHARE_SECONDS, reason: 'Links last at least 1 minute.' });
    expect(clampTtl(30 * 86_400)).toEqual({ seconds: MAX_SHARE_SECONDS, reason: 'Shortened to 7 days: the 7-day limit of S3 presigned URLs.' });
  });

  it('applies the settings cap, which itself stays within [1 minute, 7 days]', () => {
    expect(clampTtl(7200, 3600)).toEqual({ seconds: 3600, reason: 'Shortened to 1 hour: the limit set in Settings.' });
    expect(clampTtl(600, 10)).toEqual({ seconds: MIN_SHARE_SECONDS, reason: 'Shortened to 1 minute: the limit set in Settings.' });
    expect(clampTtl(MAX_SHARE_SECONDS, 10 * MAX_SHARE_SECONDS)).toEqual({ seconds: MAX_SHARE_SECONDS });
  });

  it('describes durations in words', () => {
    expect(describeSeconds(600)).toBe('10 minutes');
    expect(describeSeconds(5400)).toBe('1 hour 30 minutes');
    expect(describeSeconds(90061)).toBe('1 day 1 hour');
  });
});
