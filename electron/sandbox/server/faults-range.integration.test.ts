/**
 * Mid-body faults on ranged and streamed GETs, the `truncate` fault seen at
 * the socket (a short body and a clean FIN, no reset) and by the SDK, faults
 * filtered to one key, and an object replaced between two ranged GETs
 * (If-Match 412, If-None-Match / If-Modified-Since 304) with the request log
 * recording each GET's Range and If-Match.
 */
import { connect } from 'node:net';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countBy, startSandbox, type Sandbox } from '../index';
import { clientFor, s3Error, signedHeaders } from './test-helpers';

const BUCKET = 'range-faults';
const MiB = 1024 ** 2;
const BODY = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7) & 0xff));
let sb: Sandbox;
let s3: S3Client;

/**
 * A signed GET over a bare TCP socket: what arrived, and how it ended: `end`
 * (the server's FIN), an error code such as ECONNRESET, or `complete` when
 * the whole Content-Length arrived on a connection kept alive.
 */
function rawGet(path: string, extra: Record<string, string> = {}): Promise<{ status: number; contentLength: number; body: number; ending: string }> {
  const url = new URL(sb.endpoint);
  const headers = signedHeaders(sb, 'GET', path, extra);
  const request = `GET ${path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
  return new Promise((resolve) => {
    let head: Buffer = Buffer.alloc(0);
    let parsed: { status: number; contentLength: number } | undefined;
    let body = 0;
    let settled = false;
    const done = (ending: string) => {
      if (settled) return;
      settled = true;
      resolve({ status: parsed?.status ?? 0, contentLength: parsed?.contentLength ?? 0, body, ending });
      sock.destroy();
    };
    const sock = connect(Number(url.port), url.hostname, () => sock.write(request));
    sock.on('data', (d: Buffer) => {
      if (!parsed) {
        head = Buffer.concat([head, d]);
        const split = head.indexOf('\r\n\r\n');
        if (split < 0) return;
        const text = head.subarray(0, split).toString('latin1');
        parsed = { status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1]), contentLength: Number(/\r\ncontent-length: (\d+)/i.exec(text)?.[1]) };
        body = head.length - split - 4;
      } else {
        body += d.length;
      }
      if (body === parsed.contentLength) done('complete');
    });
    sock.on('end', () => done('end'));
    sock.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
}

async function readAll(p: Promise<{ Body?: unknown }>): Promise<Buffer> {
  const out = await p;
  return Buffer.from((await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()) ?? []);
}

beforeAll(async () => {
  sb = await startSandbox({ quiet: true, requestLog: true });
  s3 = clientFor(sb);
  sb.store.createBucket(BUCKET, sb.region);
  await sb.store.put(BUCKET, 'blob.bin', { body: BODY, metadata: {} });
  await sb.store.put(BUCKET, 'other.bin', { body: BODY, metadata: {} });
  sb.store.putSynthetic(BUCKET, 'big.bin', 40 * MiB);
});

afterEach(() => {
  sb.faults.clear();
  sb.requestLog.clear();
});

afterAll(async () => {
  await sb?.close();
});

describe('truncate', () => {
  it('sends the full Content-Length, half the body and a clean FIN (no reset)', async () => {
    sb.faults.add({ kind: 'truncate', op: 'GetObject', count: 1 });
    const got = await rawGet(`/${BUCKET}/blob.bin`);
    expect(got).toEqual({ status: 200, contentLength: BODY.length, body: BODY.length / 2, ending: 'end' });
    const again = await rawGet(`/${BUCKET}/blob.bin`);
    expect(again).toEqual({ status: 200, contentLength: BODY.length, body: BODY.length, ending: 'complete' });
  });

  it('cuts a ranged 206 at half of the range, and a streamed body at half of its length', async () => {
    sb.faults.add({ kind: 'truncate', op: 'GetObject', count: 2 });
    const ranged = await rawGet(`/${BUCKET}/blob.bin`, { range: 'bytes=1000-1999' });
    expect(ranged).toEqual({ status: 206, contentLength: 1000, body: 500, ending: 'end' });
    const streamed = await rawGet(`/${BUCKET}/big.bin`);
    expect(streamed).toEqual({ status: 200, contentLength: 40 * MiB, body: 20 * MiB, ending: 'end' });
    expect(sb.requestLog.entries().map((e) => [e.status, e.fault, e.range])).toEqual([
      [206, 'truncate', 'bytes=1000-1999'],
      [200, 'truncate', undefined],
    ]);
  });

  it('makes the SDK fail reading the body after the headers arrived, and a retry reads it whole', async () => {
    sb.faults.add({ kind: 'truncate', op: 'GetObject', count: 1 });
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'blob.bin', Range: 'bytes=0-99999' }));
    expect([got.ContentLength, got.ContentRange]).toEqual([100_000, `bytes 0-99999/${BODY.length}`]);
    await expect(got.Body?.transformToByteArray()).rejects.toThrow(/aborted/);
    expect((await readAll(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'blob.bin', Range: 'bytes=0-99999' })))).equals(BODY.subarray(0, 100_000))).toBe(true);
  });
});

describe('reset-mid-body and stall on ranged and streamed GETs', () => {
  it('reset-mid-body breaks a 206 after its headers, with a reset', async () => {
    sb.faults.addSpec('GetObject:reset-mid-body:count=2');
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'blob.bin', Range: 'bytes=100-50099' }));
    expect([got.$metadata.httpStatusCode, got.ContentLength]).toEqual([206, 50_000]);
    await expect(got.Body?.transformToByteArray()).rejects.toThrow();
    const raw = await rawGet(`/${BUCKET}/big.bin`, { range: `bytes=0-${16 * MiB - 1}` });
    expect([raw.status, raw.ending]).toEqual([206, 'ECONNRESET']);
    expect(raw.body).toBeLessThanOrEqual(8 * MiB);
  });

  it('stall pauses a 206 half way, then delivers the rest', async () => {
    sb.faults.add({ kind: 'stall', op: 'GetObject', ms: 300, count: 1 });
    const t0 = performance.now();
    const body = await readAll(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'blob.bin', Range: 'bytes=10-20009' })));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    expect(body.equals(BODY.subarray(10, 20010))).toBe(true);
  });

  it('an endless stall on a streamed body stops at half until the client gives up', async () => {
    sb.faults.add({ kind: 'stall', op: 'GetObject', count: 1 });
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'big.bin', Range: `bytes=0-${12 * MiB - 1}` }));
    const stream = got.Body as Readable;
    let received = 0;
    stream.on('data', (b: Buffer) => (received += b.length));
    await new Promise((r) => setTimeout(r, 500));
    expect(received).toBe(6 * MiB);
    stream.destroy();
  });
});

describe('faults filtered by key', () => {
  it('break only one object’s GETs', async () => {
    sb.faults.addSpec(`GetObject:internal-error:key=blob.bin:bucket=${BUCKET}`);
    const broken = await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'blob.bin' })));
    expect([broken.status, broken.attempts]).toEqual([500, 3]);
    expect((await readAll(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'other.bin' })))).length).toBe(BODY.length);
    expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'blob.bin' }))).ContentLength).toBe(BODY.length);
    expect(countBy(sb.requestLog.entries(), (e) => `${e.key} ${e.status}`)).toEqual(new Map([
      ['blob.bin 500', 3],
      ['other.bin 200', 1],
      ['blob.bin 200', 1],
    ]));
  });

  it('by key prefix', async () => {
    sb.faults.add({ kind: 'truncate', op: 'GetObject', keyPrefix: 'big' });
    expect((await rawGet(`/${BUCKET}/big.bin`, { range: 'bytes=0-999' })).body).toBe(500);
    expect((await rawGet(`/${BUCKET}/blob.bin`, { range: 'bytes=0-999' })).body).toBe(1000);
  });
});

describe('an object replaced between two ranged GETs', () => {
  it('If-Match with the first ETag answers 412 after the replace; If-None-Match and If-Modified-Since 304 before it', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'moving.bin', Body: BODY }));
    const first = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'moving.bin', Range: 'bytes=0-9' }));
    const etag = first.ETag as string;
    await first.Body?.transformToByteArray();
    expect((await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'moving.bin', Range: 'bytes=10-19', IfNoneMatch: etag })))).status).toBe(304);
    const later = new Date((first.LastModified?.getTime() ?? 0) + 1000);
    expect((await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'moving.bin', Range: 'bytes=10-19', IfModifiedSince: later })))).status).toBe(304);
    const second = await readAll(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'moving.bin', Range: 'bytes=10-19', IfMatch: etag })));
    expect(second.equals(BODY.subarray(10, 20))).toBe(true);

    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'moving.bin', Body: Buffer.from('replaced') }));
    const stale = await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'moving.bin', Range: 'bytes=20-29', IfMatch: etag })));
    expect([stale.name, stale.status]).toEqual(['PreconditionFailed', 412]);
    const earlier = new Date((first.LastModified?.getTime() ?? 0) - 1000);
    expect((await readAll(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'moving.bin', IfModifiedSince: earlier })))).toString()).toBe('replaced');

    const gets = sb.requestLog.entries().filter((e) => e.op === 'GetObject' && e.key === 'moving.bin');
    expect(gets.map((e) => [e.range, e.ifMatch, e.status])).toEqual([
      ['bytes=0-9', undefined, 206],
      ['bytes=10-19', undefined, 304],
      ['bytes=10-19', undefined, 304],
      ['bytes=10-19', etag, 206],
      ['bytes=20-29', etag, 412],
      [undefined, undefined, 200],
    ]);
    // "No range fetched twice" for the successful reads:
    const ok = gets.filter((e) => e.status === 206);
    expect([...countBy(ok, (e) => e.range).values()].every((n) => n === 1)).toBe(true);
  });
});
