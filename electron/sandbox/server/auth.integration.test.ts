/**
 * SigV4 over real HTTP with the real AWS SDK: good requests, wrong secret,
 * unknown key, wrong region, clock skew, presigned URLs (good, expired,
 * tampered, too long), anonymous requests, payload hash checks, and a
 * per-key policy that denies one action.
 */
import { crc32 } from 'node:zlib';
import {
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  RestoreObjectCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index';
import { chunkStringToSign, sign, signingKey, trailerStringToSign } from './sigv4';
import { clientFor, errorCode, rawRequest, s3Error, signedHeaders } from './test-helpers';

const BUCKET = 'auth-tests';
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({
    quiet: true,
    extraCredentials: [
      { accessKeyId: 'READONLYKEY', secretAccessKey: 'read-only-secret', policy: { actions: ['s3:ListBucket', 's3:GetObject'] } },
      { accessKeyId: 'PREFIXKEY', secretAccessKey: 'prefix-secret', policy: { prefixes: ['team-a/'] } },
    ],
  });
  const s3 = clientFor(sb);
  sb.store.createBucket(BUCKET, sb.region);
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'hello.txt', Body: 'hello world' }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'team-a/data.txt', Body: 'a' }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'archive.bin', Body: 'z', StorageClass: 'GLACIER' }));
});

afterAll(async () => {
  await sb?.close();
});

describe('SigV4 header auth', () => {
  it('accepts a request signed with the right key', async () => {
    const out = await clientFor(sb).send(new ListBucketsCommand({}));
    expect(out.Buckets?.map((b) => b.Name)).toContain(BUCKET);
  });

  it('answers a wrong secret with 403 SignatureDoesNotMatch', async () => {
    const e = await s3Error(clientFor(sb, { credentials: { accessKeyId: sb.credentials.accessKeyId, secretAccessKey: 'wrong' } }).send(new ListBucketsCommand({})));
    expect([e.name, e.status]).toEqual(['SignatureDoesNotMatch', 403]);
    expect(e.raw.StringToSign).toMatch(/^AWS4-HMAC-SHA256\n/);
  });

  it('answers an unknown key with 403 InvalidAccessKeyId', async () => {
    const e = await s3Error(clientFor(sb, { credentials: { accessKeyId: 'NOSUCHKEY', secretAccessKey: 'x' } }).send(new ListBucketsCommand({})));
    expect([e.name, e.status, e.raw.AWSAccessKeyId]).toEqual(['InvalidAccessKeyId', 403, 'NOSUCHKEY']);
  });

  it('answers a wrong region in the scope with 400 AuthorizationHeaderMalformed naming the right one', async () => {
    const e = await s3Error(clientFor(sb, { region: 'eu-west-1' }).send(new ListObjectsV2Command({ Bucket: BUCKET })));
    expect([e.name, e.status, e.raw.Region]).toEqual(['AuthorizationHeaderMalformed', 400, 'us-east-1']);
  });

  it('answers a skewed clock with RequestTimeTooSkewed, from which the SDK corrects its clock', async () => {
    const s3 = clientFor(sb, { systemClockOffset: 60 * 60_000 });
    const e = await s3Error(s3.send(new ListObjectsV2Command({ Bucket: BUCKET })));
    expect([e.name, e.status, e.raw.MaxAllowedSkewMilliseconds]).toEqual(['RequestTimeTooSkewed', 403, '900000']);
    // The SDK took the server time from the error, so the next call is signed with the right time.
    const out = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(out.KeyCount).toBeGreaterThan(0);
  });

  it('refuses anonymous requests with 403 AccessDenied and an error document', async () => {
    const res = await rawRequest(sb.endpoint, { path: `/${BUCKET}/hello.txt` });
    expect(res.status).toBe(403);
    expect(errorCode(res.body)).toBe('AccessDenied');
    expect(res.headers['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/);
    expect(res.body).toContain(`<Resource>/${BUCKET}/hello.txt</Resource>`);
  });

  it('rejects a body changed after signing with XAmzContentSHA256Mismatch', async () => {
    const s3 = clientFor(sb, { requestChecksumCalculation: 'WHEN_REQUIRED' });
    s3.middlewareStack.add(
      (next) => async (args) => {
        const req = args.request as { body: unknown; headers: Record<string, string> };
        if (req.headers['x-amz-content-sha256']?.length === 64) req.body = 'HELLO';
        return next(args);
      },
      { step: 'deserialize', name: 'tamperAfterSigning', priority: 'low' },
    );
    const e = await s3Error(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'tampered.txt', Body: 'hello' })));
    expect([e.name, e.status]).toEqual(['XAmzContentSHA256Mismatch', 400]);
    expect(sb.store.list(BUCKET, { prefix: 'tampered', maxKeys: 10 }).entries).toHaveLength(0);
  });
});

describe('signed streaming uploads (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)', () => {
  /** Frames `data` as signed aws-chunked chunks of `size` bytes, optionally with a signed CRC32 trailer. */
  function signedChunkedPut(key: string, data: Buffer, size: number, trailer: boolean, corruptChunk = -1) {
    const path = `/${BUCKET}/${key}`;
    const mode = trailer ? 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER' : 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
    const extra: Record<string, string> = { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(data.length) };
    if (trailer) extra['x-amz-trailer'] = 'x-amz-checksum-crc32';
    const headers = signedHeaders(sb, 'PUT', path, extra, mode);
    const amzDate = headers['x-amz-date'];
    const scope = `${amzDate.slice(0, 8)}/${sb.region}/s3/aws4_request`;
    const key4 = signingKey(sb.credentials.secretAccessKey, amzDate.slice(0, 8), sb.region, 's3');
    let previous = /Signature=([0-9a-f]{64})/.exec(headers.authorization)?.[1] ?? '';
    const frames: Buffer[] = [];
    const chunks: Buffer[] = [];
    for (let off = 0; off < data.length; off += size) chunks.push(data.subarray(off, off + size));
    chunks.push(Buffer.alloc(0));
    chunks.forEach((chunk, i) => {
      let sig = sign(key4, chunkStringToSign(amzDate, scope, previous, chunk));
      if (i === corruptChunk) sig = sig.replace(/^./, (c) => (c === '0' ? '1' : '0'));
      frames.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${sig}\r\n`), chunk);
      if (chunk.length > 0) frames.push(Buffer.from('\r\n'));
      previous = sig;
    });
    if (trailer) {
      const sum = Buffer.alloc(4);
      sum.writeUInt32BE(crc32(data));
      const line = `x-amz-checksum-crc32:${sum.toString('base64')}`;
      const trailerSig = sign(key4, trailerStringToSign(amzDate, scope, previous, `${line}\n`));
      frames.push(Buffer.from(`${line}\r\nx-amz-trailer-signature:${trailerSig}\r\n`));
    }
    frames.push(Buffer.from('\r\n'));
    return rawRequest(sb.endpoint, { method: 'PUT', path, headers, body: Buffer.concat(frames) });
  }

  it('verifies every chunk signature and stores the decoded body', async () => {
    const data = Buffer.alloc(150_000, 'q');
    const res = await signedChunkedPut('streamed/plain.bin', data, 65_536, false);
    expect(res.status).toBe(200);
    expect((await sb.store.read(BUCKET, 'streamed/plain.bin')).equals(data)).toBe(true);
  });

  it('verifies the trailer signature and the CRC32 it carries', async () => {
    const data = Buffer.from('trailing checksum body');
    const res = await signedChunkedPut('streamed/trailer.bin', data, 8, true);
    expect(res.status).toBe(200);
    expect(sb.store.head(BUCKET, 'streamed/trailer.bin').checksums.CRC32).toBeDefined();
  });

  it('rejects a chunk whose signature does not chain', async () => {
    const res = await signedChunkedPut('streamed/bad.bin', Buffer.alloc(100_000, 'z'), 65_536, false, 1);
    expect([res.status, errorCode(res.body)]).toEqual([403, 'SignatureDoesNotMatch']);
    expect(() => sb.store.head(BUCKET, 'streamed/bad.bin')).toThrow();
  });
});

describe('presigned URLs', () => {
  it('serve a GET through plain fetch', async () => {
    const url = await getSignedUrl(clientFor(sb), new GetObjectCommand({ Bucket: BUCKET, Key: 'hello.txt' }), { expiresIn: 60 });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hello world');
  });

  it('serve a PUT through plain fetch', async () => {
    const url = await getSignedUrl(clientFor(sb), new PutObjectCommand({ Bucket: BUCKET, Key: 'uploaded via url.txt' }), { expiresIn: 60 });
    const res = await fetch(url, { method: 'PUT', body: 'from a link' });
    expect(res.status).toBe(200);
    expect((await sb.store.read(BUCKET, 'uploaded via url.txt')).toString()).toBe('from a link');
  });

  it('answer an expired URL with 403 AccessDenied "Request has expired"', async () => {
    const url = await getSignedUrl(clientFor(sb), new GetObjectCommand({ Bucket: BUCKET, Key: 'hello.txt' }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 2 * 60 * 60_000),
    });
    const res = await fetch(url);
    const body = await res.text();
    expect(res.status).toBe(403);
    expect(errorCode(body)).toBe('AccessDenied');
    expect(body).toContain('<Message>Request has expired</Message>');
    expect(body).toContain('<X-Amz-Expires>60</X-Amz-Expires>');
  });

  it('answer a tampered signature or query with SignatureDoesNotMatch', async () => {
    const url = new URL(await getSignedUrl(clientFor(sb), new GetObjectCommand({ Bucket: BUCKET, Key: 'hello.txt' }), { expiresIn: 60 }));
    const badSig = new URL(url);
    const sig = badSig.searchParams.get('X-Amz-Signature') ?? '';
    badSig.searchParams.set('X-Amz-Signature', (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1));
    const longer = new URL(url);
    longer.searchParams.set('X-Amz-Expires', '3600');
    const otherKey = new URL(url);
    otherKey.pathname = `/${BUCKET}/team-a/data.txt`;
    for (const u of [badSig, longer, otherKey]) {
      const res = await fetch(u);
      expect(res.status).toBe(403);
      expect(errorCode(await res.text())).toBe('SignatureDoesNotMatch');
    }
  });

  it('refuse a lifetime over seven days', async () => {
    const url = new URL(await getSignedUrl(clientFor(sb), new GetObjectCommand({ Bucket: BUCKET, Key: 'hello.txt' }), { expiresIn: 60 }));
    url.searchParams.set('X-Amz-Expires', '604801');
    const res = await fetch(url);
    expect(res.status).toBe(400);
    expect(errorCode(await res.text())).toBe('AuthorizationQueryParametersError');
  });
});

describe('per-key policy', () => {
  it('denies actions outside the allowed list and allows the rest', async () => {
    const ro = clientFor(sb, { credentials: { accessKeyId: 'READONLYKEY', secretAccessKey: 'read-only-secret' } });
    const listed = await ro.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(listed.KeyCount).toBeGreaterThan(0);
    const restore = await s3Error(ro.send(new RestoreObjectCommand({ Bucket: BUCKET, Key: 'archive.bin', RestoreRequest: { Days: 1 } })));
    expect([restore.name, restore.status]).toEqual(['AccessDenied', 403]);
    const buckets = await s3Error(ro.send(new ListBucketsCommand({})));
    expect([buckets.name, buckets.status]).toEqual(['AccessDenied', 403]);
    expect(sb.store.head(BUCKET, 'archive.bin').restore).toBeUndefined();
  });

  it('limits keys and listings to the allowed prefixes', async () => {
    const pk = clientFor(sb, { credentials: { accessKeyId: 'PREFIXKEY', secretAccessKey: 'prefix-secret' } });
    const ok = await pk.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'team-a/data.txt' }));
    expect(await ok.Body?.transformToString()).toBe('a');
    expect((await s3Error(pk.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'hello.txt' })))).name).toBe('AccessDenied');
    expect((await pk.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'team-a/' }))).KeyCount).toBe(1);
    expect((await s3Error(pk.send(new ListObjectsV2Command({ Bucket: BUCKET })))).name).toBe('AccessDenied');
  });
});
