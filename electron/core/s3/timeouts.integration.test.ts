/**
 * Client timeouts against the sandbox's stall and latency faults, over real
 * HTTP with the real AWS SDK: a stalled endpoint fails as `Network` within the
 * timeouts instead of hanging, a stall that hits only the first attempt is
 * retried away, and a body that stops half way fails instead of waiting forever.
 *
 * The timeouts are injected (about 1 s) so the suite stays quick; the
 * production values are the same code path with larger numbers.
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { credentialProvider } from '../connections/credentials';
import { createS3Client, type ClientTarget, type S3ClientOptions } from './clients';
import { describeS3Error } from './describe-error';

const BUCKET = 'timeouts';
const BODY = Buffer.alloc(512 * 1024, 'x');
const ATTEMPTS = 3;

let sb: Sandbox;
const made: S3Client[] = [];

function client(options: S3ClientOptions): S3Client {
  const target: ClientTarget = {
    connectionId: 'timeouts',
    endpoint: sb.endpoint,
    region: sb.region,
    pathStyle: true,
    checksumMode: 'default',
    credentials: credentialProvider({ kind: 'static', ...sb.credentials }),
  };
  const c = createS3Client(target, undefined, { maxAttempts: ATTEMPTS, ...options });
  made.push(c);
  return c;
}

/** Runs `fn`, expecting it to fail; returns the error and how long it took. */
async function failing(fn: () => Promise<unknown>): Promise<{ err: unknown; ms: number }> {
  const t0 = performance.now();
  try {
    await fn();
  } catch (err) {
    return { err, ms: performance.now() - t0 };
  }
  throw new Error('expected the call to fail');
}

const head = (c: S3Client) => c.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'blob.bin' }));

beforeAll(async () => {
  sb = await startSandbox({ quiet: true });
  sb.store.createBucket(BUCKET, sb.region);
  await client({}).send(new PutObjectCommand({ Bucket: BUCKET, Key: 'blob.bin', Body: BODY }));
});

afterEach(() => {
  sb.faults.clear();
});

afterAll(async () => {
  for (const c of made) c.destroy();
  await sb?.close();
});

describe('S3 client timeouts', () => {
  it('an endpoint that never answers fails as Network after every attempt timed out on the idle socket', async () => {
    sb.faults.add({ kind: 'stall', op: 'HeadObject' });
    const c = client({ timeouts: { socketMs: 1_000 } });
    const { err, ms } = await failing(() => head(c));
    expect(err).toMatchObject({ name: 'TimeoutError', $metadata: { attempts: ATTEMPTS } });
    // Three 1 s timeouts plus backoff; without a timeout this call never returns.
    expect(ms).toBeGreaterThanOrEqual(ATTEMPTS * 1_000 - 50);
    expect(ms).toBeLessThan(ATTEMPTS * 1_000 + 5_000);
    const described = describeS3Error(err, { action: 's3:GetObject', bucket: BUCKET, key: 'blob.bin', endpoint: sb.endpoint });
    expect(described.code).toBe('Network');
    expect(described.message).toContain(new URL(sb.endpoint).host);
    expect(described.message).toMatch(/did not answer in time/);
  }, 20_000);

  it('a stall on the first attempt only is retried and the call succeeds', async () => {
    sb.faults.add({ kind: 'stall', op: 'HeadObject', count: 1 });
    const out = await head(client({ timeouts: { socketMs: 1_000 } }));
    expect(out.ContentLength).toBe(BODY.length);
    expect(out.$metadata.attempts).toBe(2);
  }, 20_000);

  it('the request deadline fails an answer that comes too late even when the idle timer would wait', async () => {
    sb.faults.add({ kind: 'latency', op: 'HeadObject', ms: 3_000, count: ATTEMPTS });
    const c = client({ timeouts: { socketMs: 30_000, requestMs: 1_000 } });
    const { err, ms } = await failing(() => head(c));
    expect(err).toMatchObject({ name: 'TimeoutError', code: 'ETIMEDOUT', $metadata: { attempts: ATTEMPTS } });
    expect(ms).toBeLessThan(ATTEMPTS * 1_000 + 5_000);
    expect(describeS3Error(err, { action: 's3:GetObject', bucket: BUCKET, key: 'blob.bin' }).code).toBe('Network');
  }, 20_000);

  it('a download whose body stops half way fails on the idle socket; one that keeps moving is not limited', async () => {
    const c = client({ timeouts: { socketMs: 1_000, requestMs: 1_000 } });
    sb.faults.add({ kind: 'stall', op: 'GetObject', count: 1 });
    const got = await c.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'blob.bin' }));
    const { err, ms } = await failing(() => got.Body!.transformToByteArray());
    expect(err).toMatchObject({ name: 'TimeoutError' });
    expect(ms).toBeLessThan(4_000);
    expect(describeS3Error(err, { action: 's3:GetObject', bucket: BUCKET, key: 'blob.bin' }).code).toBe('Network');

    // A body paused for less than the idle timeout completes, however long the whole download takes.
    sb.faults.add({ kind: 'stall', op: 'GetObject', ms: 600, count: 1 });
    sb.faults.latencyMs = 600;
    try {
      const t0 = performance.now();
      const again = await c.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'blob.bin' }));
      const bytes = Buffer.from(await again.Body!.transformToByteArray());
      expect(bytes.equals(BODY)).toBe(true);
      expect(performance.now() - t0).toBeGreaterThan(1_000);
    } finally {
      sb.faults.latencyMs = 0;
    }
  }, 20_000);
});
