/**
 * The request log as restore tests will use it, over real HTTP with the AWS
 * SDK: one entry per answer (successes, S3 errors, refused anonymous
 * requests, injected faults and the SDK's retries of them), `ran` telling a
 * reset before the operation from a reset after it, the cap, and the log
 * being off unless asked for.
 */
import {
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
  RestoreObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { countBy, startSandbox, type RequestLogEntry, type Sandbox } from '../index';
import { clientFor, rawRequest, s3Error } from './test-helpers';

const BUCKET = 'log-tests';
const HOUR = 3_600_000;
let sb: Sandbox;
let s3: S3Client;

async function putCold(key: string): Promise<void> {
  await sb.store.put(BUCKET, key, { body: Buffer.from('cold'), metadata: {}, storageClass: 'GLACIER' });
}

function restore(key: string, days = 1, tier: 'Bulk' | 'Standard' = 'Bulk') {
  return new RestoreObjectCommand({ Bucket: BUCKET, Key: key, RestoreRequest: { Days: days, GlacierJobParameters: { Tier: tier } } });
}

/** The fields a test compares; seq and at are checked separately. */
function shape(e: RequestLogEntry) {
  const { seq: _seq, at: _at, ...rest } = e;
  return rest;
}

beforeAll(async () => {
  sb = await startSandbox({ quiet: true, requestLog: true, restoreDelaysMs: { Expedited: HOUR, Standard: HOUR, Bulk: HOUR } });
  s3 = clientFor(sb);
  sb.store.createBucket(BUCKET, sb.region);
  await sb.store.put(BUCKET, 'warm.txt', { body: Buffer.from('warm'), metadata: {} });
  for (const k of ['cold/a', 'cold/b', 'cold/c']) await putCold(k);
});

beforeEach(() => {
  sb.faults.clear();
  sb.requestLog.clear();
});

afterAll(async () => {
  await sb?.close();
});

describe('request log entries', () => {
  it('record successes, S3 errors, refused requests and a retried 503, in answer order', async () => {
    const t0 = Date.now();
    await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'warm.txt' }));
    expect((await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cold/a' })))).name).toBe('InvalidObjectState');
    expect((await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'missing' })))).name).toBe('NoSuchKey');
    expect((await s3.send(restore('cold/a', 2))).$metadata.httpStatusCode).toBe(202);
    expect((await rawRequest(sb.endpoint, { path: `/${BUCKET}/warm.txt` })).status).toBe(403);
    sb.faults.addSpec('ListObjectsV2:slowdown:count=1');
    expect((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).$metadata.attempts).toBe(2);
    const t1 = Date.now();

    const entries = sb.requestLog.entries();
    const ak = sb.credentials.accessKeyId;
    expect(entries.map(shape)).toEqual([
      { op: 'HeadObject', bucket: BUCKET, key: 'warm.txt', status: 200, ran: true, accessKeyId: ak },
      { op: 'GetObject', bucket: BUCKET, key: 'cold/a', status: 403, errorCode: 'InvalidObjectState', ran: true, accessKeyId: ak },
      { op: 'GetObject', bucket: BUCKET, key: 'missing', status: 404, errorCode: 'NoSuchKey', ran: true, accessKeyId: ak },
      { op: 'RestoreObject', bucket: BUCKET, key: 'cold/a', status: 202, ran: true, restoreTier: 'Bulk', restoreDays: 2, accessKeyId: ak },
      { op: 'GetObject', bucket: BUCKET, key: 'warm.txt', status: 403, errorCode: 'AccessDenied', ran: false },
      { op: 'ListObjectsV2', bucket: BUCKET, status: 503, errorCode: 'SlowDown', ran: false, fault: 'slowdown', accessKeyId: ak },
      { op: 'ListObjectsV2', bucket: BUCKET, status: 200, ran: true, accessKeyId: ak },
    ]);
    const seqs = entries.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(entries.every((e) => e.at >= t0 && e.at <= t1)).toBe(true);
  });

  it('tell a reset before RestoreObject ran from a reset after it ran (the dropped-connection case)', async () => {
    // Reset before: nothing happened, so the SDK's retry starts the restore.
    sb.faults.add({ kind: 'reset', op: 'RestoreObject', count: 1 });
    const before = await s3.send(restore('cold/b'));
    expect([before.$metadata.httpStatusCode, before.$metadata.attempts]).toEqual([202, 2]);

    // Reset mid-body on a bodyless 202: the restore started, the client never heard; its retry hits 409.
    sb.faults.add({ kind: 'reset-mid-body', op: 'RestoreObject', count: 1 });
    const after = await s3Error(s3.send(restore('cold/c')));
    expect([after.name, after.status, after.attempts]).toEqual(['RestoreAlreadyInProgress', 409, 2]);
    expect(sb.store.head(BUCKET, 'cold/c').restore?.tier).toBe('Bulk');

    const rows = sb.requestLog.entries().map((e) => [e.key, e.status, e.ran, e.fault ?? null, e.errorCode ?? null]);
    expect(rows).toEqual([
      ['cold/b', 0, false, 'reset', null],
      ['cold/b', 202, true, null, null],
      ['cold/c', 0, true, 'reset-mid-body', null],
      ['cold/c', 409, true, null, 'RestoreAlreadyInProgress'],
    ]);
  });

  it("answer a restore job's questions: one 202 RestoreObject per archived key, no HEAD at all", async () => {
    const keys = ['job/0', 'job/1', 'job/2', 'job/3'];
    for (const k of keys) await putCold(k);
    sb.faults.add({ kind: 'slowdown', op: 'RestoreObject', count: 1 });
    await Promise.all(keys.map((k) => s3.send(restore(k, 3, 'Standard'))));

    const entries = sb.requestLog.entries();
    const accepted = countBy(entries.filter((e) => e.op === 'RestoreObject' && e.status === 202), (e) => e.key);
    expect(new Map([...accepted].sort())).toEqual(new Map(keys.map((k) => [k, 1])));
    expect(countBy(entries, (e) => e.op)).toEqual(new Map([['RestoreObject', 5]]));
    expect(entries.filter((e) => e.status === 503).map((e) => e.ran)).toEqual([false]);
    expect(entries.every((e) => e.restoreTier === 'Standard' && e.restoreDays === 3)).toBe(true);
  });

  it("record each read's Range, If-Match, partNumber and versionId, and each part copy's source range", async () => {
    await s3.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
    const v = (await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'ranged.bin', Body: Buffer.alloc(6 * 1024 * 1024, 3) }))).VersionId;
    sb.requestLog.clear();
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'ranged.bin' }));
    for (const Range of ['bytes=0-1023', 'bytes=1024-2047', 'bytes=0-1023']) {
      await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'ranged.bin', Range, IfMatch: head.ETag }))).Body?.transformToByteArray();
    }
    await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'ranged.bin', PartNumber: 1, VersionId: v }))).Body?.transformToByteArray();
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'parts.bin' }));
    await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'parts.bin', UploadId, PartNumber: 1, Body: 'p1' }));
    await s3.send(new UploadPartCopyCommand({ Bucket: BUCKET, Key: 'parts.bin', UploadId, PartNumber: 2, CopySource: `${BUCKET}/ranged.bin`, CopySourceRange: 'bytes=0-9' }));

    const rows = sb.requestLog.entries().map((e) => [e.op, e.range, e.ifMatch, e.partNumber, e.versionId, e.copySourceRange, e.status]);
    expect(rows).toEqual([
      ['HeadObject', undefined, undefined, undefined, undefined, undefined, 200],
      ['GetObject', 'bytes=0-1023', head.ETag, undefined, undefined, undefined, 206],
      ['GetObject', 'bytes=1024-2047', head.ETag, undefined, undefined, undefined, 206],
      ['GetObject', 'bytes=0-1023', head.ETag, undefined, undefined, undefined, 206],
      ['GetObject', undefined, undefined, 1, v, undefined, 206],
      ['CreateMultipartUpload', undefined, undefined, undefined, undefined, undefined, 200],
      ['UploadPart', undefined, undefined, 1, undefined, undefined, 200],
      ['UploadPartCopy', undefined, undefined, 2, undefined, 'bytes=0-9', 200],
    ]);
    // The question a download test asks: was any range fetched twice?
    const twice = [...countBy(sb.requestLog.entries().filter((e) => e.op === 'GetObject' && e.range), (e) => e.range)].filter(([, n]) => n > 1);
    expect(twice).toEqual([['bytes=0-1023', 2]]);
  });

  it('log an unroutable URL as Unknown with its 400', async () => {
    expect((await rawRequest(sb.endpoint, { path: '/%E0%A4%A/x' })).status).toBe(400);
    expect(sb.requestLog.entries().map(shape)).toEqual([{ op: 'Unknown', status: 400, errorCode: 'InvalidURI', ran: false }]);
  });
});

describe('request log options', () => {
  it('drops the oldest entries past maxEntries and counts them', async () => {
    const small = await startSandbox({ quiet: true, requestLog: { maxEntries: 3 } });
    try {
      const c = clientFor(small);
      for (let i = 0; i < 5; i++) await c.send(new ListBucketsCommand({}));
      expect([small.requestLog.entries().map((e) => e.seq), small.requestLog.dropped, small.requestLog.maxEntries]).toEqual([[3, 4, 5], 2, 3]);
      small.requestLog.clear();
      await c.send(new ListBucketsCommand({}));
      expect([small.requestLog.entries().map((e) => e.seq), small.requestLog.dropped]).toEqual([[6], 0]);
    } finally {
      await small.close();
    }
  });

  it('is off by default, and reading it then throws instead of showing no requests', async () => {
    const plain = await startSandbox({ quiet: true });
    try {
      await clientFor(plain).send(new ListBucketsCommand({}));
      expect(plain.requestLog.enabled).toBe(false);
      expect(() => plain.requestLog.entries()).toThrow(/requestLog: true/);
    } finally {
      await plain.close();
    }
  });
});
