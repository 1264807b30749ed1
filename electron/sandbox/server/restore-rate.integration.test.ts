/**
 * The account-wide restore rate limit over HTTP with the AWS SDK: a burst
 * far over the limit gets some 503 SlowDown, and exactly the refused keys
 * keep no restore; a burst within the limit passes whole; other operations
 * and other keys' restores are not limited. Asserts counts and states, never
 * durations, so a loaded machine cannot make it flake.
 */
import { HeadObjectCommand, RestoreObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index';
import { clientFor } from './test-helpers';

const BUCKET = 'rate-tests';
const HOUR = 3_600_000;
let sb: Sandbox | undefined;

async function start(restoreRatePerSecond: number, keys: string[]): Promise<{ sb: Sandbox; s3: S3Client }> {
  sb = await startSandbox({ quiet: true, requestLog: true, restoreRatePerSecond, restoreDelaysMs: { Expedited: HOUR, Standard: HOUR, Bulk: HOUR } });
  sb.store.createBucket(BUCKET, sb.region);
  for (const k of keys) await sb.store.put(BUCKET, k, { body: Buffer.from('cold'), metadata: {}, storageClass: 'GLACIER' });
  // One attempt per call, so each outcome belongs to one request.
  return { sb, s3: clientFor(sb, { maxAttempts: 1 }) };
}

/** Sends one restore per key at once; the HTTP status each got. */
async function restoreAll(s3: S3Client, keys: string[]): Promise<Map<string, number>> {
  const out = await Promise.all(
    keys.map(async (k) => {
      const cmd = new RestoreObjectCommand({ Bucket: BUCKET, Key: k, RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: 'Bulk' } } });
      try {
        return [k, (await s3.send(cmd)).$metadata.httpStatusCode ?? 0] as const;
      } catch (err) {
        const e = err as { name: string; $metadata?: { httpStatusCode?: number } };
        expect([e.name, e.$metadata?.httpStatusCode]).toEqual(['SlowDown', 503]);
        return [k, 503] as const;
      }
    }),
  );
  return new Map(out);
}

afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

describe('restoreRatePerSecond', () => {
  it('answers a burst over the limit partly with 503 SlowDown, leaving those objects untouched', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `burst/${i}`);
    const { sb, s3 } = await start(2, keys);
    const status = await restoreAll(s3, keys);

    const accepted = keys.filter((k) => status.get(k) === 202);
    const refused = keys.filter((k) => status.get(k) === 503);
    expect(accepted.length + refused.length).toBe(keys.length);
    // The bucket starts full (burst 2); 40 at once cannot all fit however slow the machine.
    expect(accepted.length).toBeGreaterThanOrEqual(2);
    expect(refused.length).toBeGreaterThan(0);
    for (const k of accepted) expect(sb.store.head(BUCKET, k).restore?.tier).toBe('Bulk');
    for (const k of refused) expect(sb.store.head(BUCKET, k).restore).toBeUndefined();

    const limited = sb.requestLog.entries().filter((e) => e.status === 503);
    expect(limited.map((e) => e.key).sort()).toEqual([...refused].sort());
    expect(limited.every((e) => e.ran === false && e.fault === 'restore-rate' && e.errorCode === 'SlowDown')).toBe(true);
  });

  it('does not limit other operations', async () => {
    // Ten HEADs at once against a limit of one a second: a limited HEAD would be refused.
    const { sb, s3 } = await start(1, ['one']);
    const heads = await Promise.all(Array.from({ length: 10 }, () => s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'one' }))));
    expect(heads.map((h) => h.$metadata.httpStatusCode)).toEqual(Array(10).fill(200));
    expect(sb.requestLog.entries().filter((e) => e.op === 'HeadObject' && e.status === 200)).toHaveLength(10);
  });

  it('lets a burst within the limit through whole', async () => {
    const keys = Array.from({ length: 50 }, (_, i) => `calm/${i}`);
    const { sb, s3 } = await start(1000, keys);
    const status = await restoreAll(s3, keys);
    expect([...status.values()]).toEqual(Array(keys.length).fill(202));
    expect(keys.every((k) => sb.store.head(BUCKET, k).restore !== undefined)).toBe(true);
  });

  it('refuses a rate that is not positive before it starts', async () => {
    await expect(startSandbox({ quiet: true, restoreRatePerSecond: 0 })).rejects.toThrow(/positive/);
  });
});
