/**
 * S3 clients, region discovery and error sentences against the real sandbox
 * over real HTTP with the real AWS SDK.
 */
import { createServer } from 'node:net';
import { GetObjectCommand, HeadBucketCommand, ListBucketsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { credentialProvider } from '../connections/credentials';
import { ThawError } from '../errors';
import { createS3Client, MAX_ATTEMPTS, MAX_SOCKETS, probeBucket, S3Clients, type ClientTarget } from './clients';
import { describeS3Error, type S3Operation } from './describe-error';

const REGION = 'eu-central-1';
const SCOPED = { accessKeyId: 'SCOPEDKEY00000001', secretAccessKey: 'scoped-secret-value-0001' };

let sb: Sandbox;
const targets: ClientTarget[] = [];
const made: S3Client[] = [];

function target(over: Partial<ClientTarget> & { keys?: { accessKeyId: string; secretAccessKey: string } } = {}): ClientTarget {
  const { keys, ...rest } = over;
  const t: ClientTarget = {
    connectionId: `t${targets.length}`,
    endpoint: sb.endpoint,
    region: REGION,
    pathStyle: true,
    checksumMode: 'default',
    credentials: credentialProvider({ kind: 'static', ...(keys ?? sb.credentials) }),
    ...rest,
  };
  targets.push(t);
  return t;
}

function client(t: ClientTarget, region?: string): S3Client {
  const c = createS3Client(t, region);
  made.push(c);
  return c;
}

/** Runs an S3 call and returns the described failure (the test fails if the call succeeds). */
async function failure(run: () => Promise<unknown>, op: S3Operation): Promise<ThawError> {
  try {
    await run();
  } catch (err) {
    return describeS3Error(err, op);
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  sb = await startSandbox({
    region: REGION,
    quiet: true,
    extraCredentials: [{ ...SCOPED, policy: { actions: ['s3:GetObject', 's3:PutObject'], buckets: ['team-data'] } }],
  });
  const c = client(target());
  for (const bucket of ['team-data', 'other-data']) {
    sb.store.createBucket(bucket, REGION);
  }
  await c.send(new PutObjectCommand({ Bucket: 'team-data', Key: 'hello.txt', Body: 'hi' }));
  await c.send(new PutObjectCommand({ Bucket: 'team-data', Key: 'cold/shard-0.tar', Body: 'x'.repeat(100), StorageClass: 'GLACIER' }));
});

afterAll(async () => {
  for (const c of made) c.destroy();
  await sb.close();
});

afterEach(() => {
  sb.faults.clear();
});

describe('createS3Client', () => {
  it("runs more than Node's default 50 requests at once (maxSockets raised), with adaptive retries and path style", async () => {
    const c = client(target());
    expect(await c.config.retryStrategy()).toMatchObject({ mode: 'adaptive' });
    expect(c.config.forcePathStyle).toBe(true);
    await c.send(new HeadBucketCommand({ Bucket: 'team-data' }));
    const agent = (c.config.requestHandler as unknown as { config: { httpAgent: { maxSockets: number; keepAlive: boolean } } }).config.httpAgent;
    expect(agent).toMatchObject({ maxSockets: MAX_SOCKETS, keepAlive: true });
    // Each request waits 1 s in the sandbox: with Node's 50 sockets 150 requests need at least 3 s (three waves).
    sb.faults.add({ kind: 'latency', op: 'HeadBucket', ms: 1_000 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 150 }, () => c.send(new HeadBucketCommand({ Bucket: 'team-data' }))));
    expect(Date.now() - started).toBeLessThan(2_900);
    expect(MAX_SOCKETS).toBeGreaterThanOrEqual(150);
  });

  it('checksum mode when-required stops the SDK sending flexible checksums on PutObject', async () => {
    const seen: Record<string, Record<string, string>> = {};
    for (const mode of ['default', 'when-required'] as const) {
      const c = client(target({ checksumMode: mode }));
      c.middlewareStack.add(
        (next) => async (args) => {
          seen[mode] = { ...(args.request as { headers: Record<string, string> }).headers };
          return next(args);
        },
        { step: 'finalizeRequest', priority: 'low', name: `capture-${mode}` },
      );
      await c.send(new PutObjectCommand({ Bucket: 'team-data', Key: `checksum-${mode}.txt`, Body: 'payload' }));
    }
    expect(Object.keys(seen.default!).some((h) => h.startsWith('x-amz-checksum-') || h === 'x-amz-sdk-checksum-algorithm')).toBe(true);
    expect(Object.keys(seen['when-required']!).some((h) => h.startsWith('x-amz-checksum-'))).toBe(false);
  });
});

describe('region discovery', () => {
  it('finds the bucket region from HeadBucket on a client in the right region', async () => {
    const t = target();
    await expect(probeBucket(client(t), t, 'team-data')).resolves.toEqual({ region: REGION, exists: true, source: 'head' });
  });

  it('finds it from a client in the wrong region, and the bucket client then works transparently', async () => {
    const clients = new S3Clients();
    const t = target({ region: 'us-east-1' });
    try {
      // ListObjects on the connection's own (wrong) region fails with a wrong-region sentence…
      const wrong = await failure(() => clients.client(t).send(new ListObjectsV2Command({ Bucket: 'team-data' })), { action: 's3:ListBucket', bucket: 'team-data' });
      expect(wrong).toMatchObject({ code: 'WrongRegion', message: `Bucket "team-data" is in region ${REGION}, not the region this request went to.` });
      // …while discovery learns the region and the bucket's client lists fine.
      expect(await clients.bucketRegion(t, 'team-data')).toBe(REGION);
      const bucketClient = await clients.clientForBucket(t, 'team-data');
      expect(await bucketClient.config.region()).toBe(REGION);
      const out = await bucketClient.send(new ListObjectsV2Command({ Bucket: 'team-data' }));
      expect(out.Contents?.map((o) => o.Key)).toContain('hello.txt');
      // Cached: the same client comes back and no second discovery runs.
      const before = sb.stats().requests;
      expect(await clients.clientForBucket(t, 'team-data')).toBe(bucketClient);
      expect(sb.stats().requests).toBe(before);
    } finally {
      clients.destroyAll();
    }
  });

  it('shares one discovery between concurrent callers', async () => {
    const clients = new S3Clients();
    const t = target();
    try {
      const before = sb.stats().requests;
      const regions = await Promise.all(Array.from({ length: 8 }, () => clients.bucketRegion(t, 'other-data')));
      expect(new Set(regions)).toEqual(new Set([REGION]));
      expect(sb.stats().requests - before).toBe(1);
    } finally {
      clients.destroyAll();
    }
  });

  it('a missing bucket is NoSuchBucket and is not cached', async () => {
    const clients = new S3Clients();
    const t = target();
    try {
      await expect(clients.bucketRegion(t, 'no-such-bucket')).rejects.toMatchObject({ code: 'NoSuchBucket', message: 'Bucket "no-such-bucket" does not exist at this endpoint.' });
      sb.store.createBucket('no-such-bucket', REGION);
      await expect(clients.bucketRegion(t, 'no-such-bucket')).resolves.toBe(REGION);
    } finally {
      clients.destroyAll();
    }
  });
});

describe('error sentences over real HTTP', () => {
  it('wrong secret → "The access key or secret is wrong"', async () => {
    const c = client(target({ keys: { accessKeyId: sb.credentials.accessKeyId, secretAccessKey: 'definitely-not-it' } }));
    const e = await failure(() => c.send(new ListBucketsCommand({})), { action: 's3:ListAllMyBuckets' });
    expect(e).toMatchObject({ code: 'InvalidCredentials', message: expect.stringMatching(/^The access key or secret is wrong: the request signature/) });
  });

  it('unknown access key → "The access key or secret is wrong"', async () => {
    const c = client(target({ keys: { accessKeyId: 'AKIAUNKNOWN000000', secretAccessKey: 'whatever' } }));
    const e = await failure(() => c.send(new ListBucketsCommand({})), { action: 's3:ListAllMyBuckets' });
    expect(e).toMatchObject({ code: 'InvalidCredentials', message: expect.stringContaining('does not know this access key id') });
  });

  it('nothing listening → "Cannot reach 127.0.0.1:PORT"', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const endpoint = `http://127.0.0.1:${port}`;
    const c = client(target({ endpoint }));
    const e = await failure(() => c.send(new ListBucketsCommand({})), { action: 's3:ListAllMyBuckets', endpoint });
    expect(e).toMatchObject({ code: 'EndpointUnreachable', message: `Cannot reach 127.0.0.1:${port}; check the endpoint and that it is running.` });
  });

  it('AccessDenied names the permission the policy withholds', async () => {
    const c = client(target({ keys: SCOPED }));
    const list = await failure(() => c.send(new ListObjectsV2Command({ Bucket: 'team-data' })), { action: 's3:ListBucket', bucket: 'team-data' });
    expect(list).toMatchObject({ code: 'AccessDenied', message: 'This identity may not list this bucket (s3:ListBucket).' });
    const read = await failure(() => c.send(new GetObjectCommand({ Bucket: 'other-data', Key: 'x' })), { action: 's3:GetObject', bucket: 'other-data', key: 'x' });
    expect(read).toMatchObject({ code: 'AccessDenied', message: 'This identity may not read this object (s3:GetObject).' });
    // The allowed action still works with the same key.
    const ok = await c.send(new GetObjectCommand({ Bucket: 'team-data', Key: 'hello.txt' }));
    expect(await ok.Body?.transformToString()).toBe('hi');
  });

  it('InvalidObjectState → archived in GLACIER, restore first', async () => {
    const c = client(target());
    const e = await failure(() => c.send(new GetObjectCommand({ Bucket: 'team-data', Key: 'cold/shard-0.tar' })), {
      action: 's3:GetObject',
      bucket: 'team-data',
      key: 'cold/shard-0.tar',
    });
    expect(e).toMatchObject({ code: 'InvalidObjectState', message: 's3://team-data/cold/shard-0.tar is archived in GLACIER; restore it first.' });
  });

  it('NoSuchBucket on a listing', async () => {
    const c = client(target());
    const e = await failure(() => c.send(new ListObjectsV2Command({ Bucket: 'gone-bucket' })), { action: 's3:ListBucket', bucket: 'gone-bucket' });
    expect(e).toMatchObject({ code: 'NoSuchBucket' });
  });

  it('SlowDown is retried with backoff and the call succeeds', async () => {
    const c = client(target());
    sb.faults.add({ kind: 'slowdown', op: 'ListObjectsV2', count: 2 });
    const before = sb.stats().requests;
    const out = await c.send(new ListObjectsV2Command({ Bucket: 'team-data' }));
    expect(out.$metadata.attempts).toBe(3);
    expect(out.Contents?.length).toBeGreaterThan(0);
    expect(sb.stats().requests - before).toBe(3);
  });

  it('SlowDown that never stops is surfaced as Throttled after every attempt', { timeout: 90_000 }, async () => {
    const c = client(target());
    sb.faults.add({ kind: 'slowdown', op: 'ListObjectsV2' });
    const started = Date.now();
    const e = await failure(() => c.send(new ListObjectsV2Command({ Bucket: 'team-data' })), { action: 's3:ListBucket', bucket: 'team-data' });
    expect(e).toMatchObject({ code: 'Throttled', message: `The endpoint is throttling requests (SlowDown) and still refused after ${MAX_ATTEMPTS} attempts; wait a minute and try again.` });
    // Backoff happened between the attempts (throttling backoff starts near 500 ms, with jitter).
    expect(Date.now() - started).toBeGreaterThan(300);
  });

  it('no sentence contains a secret, and nothing reached the console', async () => {
    const logged: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation((...a: unknown[]) => logged.push(a.map(String).join(' '))));
    try {
      const bad = client(target({ keys: { accessKeyId: SCOPED.accessKeyId, secretAccessKey: 'wrong-secret-abc123' } }));
      const errors = [
        await failure(() => bad.send(new ListBucketsCommand({})), { action: 's3:ListAllMyBuckets' }),
        await failure(() => client(target({ keys: SCOPED })).send(new ListBucketsCommand({})), { action: 's3:ListAllMyBuckets' }),
      ];
      const text = JSON.stringify(errors.map((e) => ({ m: e.message, d: e.details }))) + logged.join('\n');
      for (const secret of ['wrong-secret-abc123', SCOPED.secretAccessKey, sb.credentials.secretAccessKey, 'Signature=']) expect(text).not.toContain(secret);
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});
