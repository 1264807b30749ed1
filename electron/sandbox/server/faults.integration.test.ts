/**
 * Injected faults as a real client observes them: SDK retries of 500/503
 * and of connection resets (visible in $metadata.attempts), a GET whose body
 * breaks half way, stalled bodies, and added latency, fixed and random.
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index';
import { clientFor, s3Error } from './test-helpers';

const BUCKET = 'fault-tests';
const BODY = Buffer.alloc(256 * 1024, 'x');
let sb: Sandbox;
let s3: S3Client;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

beforeAll(async () => {
  sb = await startSandbox({ quiet: true });
  sb.store.createBucket(BUCKET, sb.region);
  s3 = clientFor(sb);
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'blob.bin', Body: BODY }));
});

afterEach(() => {
  sb.faults.clear();
  sb.faults.latencyMs = 0;
});

afterAll(async () => {
  await sb?.close();
});

describe('faults seen by the AWS SDK', () => {
  it('503 SlowDown on one operation is retried until the count runs out', async () => {
    sb.faults.addSpec('ListObjectsV2:slowdown:count=2');
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'blob.bin' }));
    expect(head.$metadata.attempts).toBe(1);
    const out = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect([out.KeyCount, out.$metadata.attempts]).toEqual([1, 3]);
  });

  it('500 InternalError surfaces once retries are exhausted', async () => {
    sb.faults.add({ kind: 'internal-error', op: 'HeadObject', count: 5 });
    const e = await s3Error(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'blob.bin' })));
    expect([e.status, e.attempts]).toEqual([500, 3]);
    const body = await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'nope' })));
    expect(body.name).toBe('NoSuchKey');
  });

  it('a reset before the response is retried as a network error', async () => {
    sb.faults.add({ kind: 'reset', op: 'HeadObject', count: 1 });
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'blob.bin' }));
    expect([head.ContentLength, head.$metadata.attempts]).toEqual([BODY.length, 2]);
  });

  it('a reset in the middle of the body makes the GET fail after its headers arrived', async () => {
    sb.faults.addSpec('GetObject:reset-mid-body:count=1');
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'blob.bin' }));
    expect(got.ContentLength).toBe(BODY.length);
    await expect(got.Body?.transformToByteArray()).rejects.toThrow();
    const again = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'blob.bin' }));
    expect(Buffer.from((await again.Body?.transformToByteArray()) ?? []).equals(BODY)).toBe(true);
  });

  it('a stalled body resumes after its pause', async () => {
    sb.faults.add({ kind: 'stall', op: 'GetObject', ms: 400, count: 1 });
    const [bytes, ms] = await timed(async () => {
      const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'blob.bin' }));
      return Buffer.from((await got.Body?.transformToByteArray()) ?? []);
    });
    expect(bytes.equals(BODY)).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(390);
  });

  it('an endless stall delivers half the body and then nothing (the SDK has no body idle timeout)', async () => {
    sb.faults.add({ kind: 'stall', op: 'GetObject', count: 1 });
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'blob.bin' }));
    const body = got.Body as Readable;
    let received = 0;
    let ended = false;
    body.on('data', (b: Buffer) => {
      received += b.length;
    });
    body.on('end', () => {
      ended = true;
    });
    await new Promise((r) => setTimeout(r, 600));
    expect([received, ended]).toEqual([BODY.length / 2, false]);
    body.destroy();
  });

  it('fixed latency delays every request, random latency stays within its range', async () => {
    const [, base] = await timed(() => s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'blob.bin' })));
    sb.faults.latencyMs = 150;
    const [, slow] = await timed(() => s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'blob.bin' })));
    expect(slow).toBeGreaterThanOrEqual(145);
    expect(slow - base).toBeGreaterThanOrEqual(100);
    sb.faults.latencyMs = 0;
    sb.faults.addSpec('HeadObject:latency:ms=60-80');
    const [, random] = await timed(() => s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'blob.bin' })));
    expect(random).toBeGreaterThanOrEqual(55);
  });
});

describe('faults from startSandbox options', () => {
  it('takes a text spec and a fixed latency at start', async () => {
    const other = await startSandbox({ quiet: true, latencyMs: 50, faults: 'ListBuckets:internal-error:count=1' });
    try {
      const c = clientFor(other);
      const [out, ms] = await timed(() => c.send(new ListObjectsV2Command({ Bucket: 'none-such' })).catch((e: unknown) => e));
      expect((out as { name: string }).name).toBe('NoSuchBucket');
      expect(ms).toBeGreaterThanOrEqual(45);
      expect(other.faults.list()).toMatchObject([{ kind: 'internal-error', op: 'ListBuckets', count: 1, fired: 0 }]);
    } finally {
      await other.close();
    }
  });
});
