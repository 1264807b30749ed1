/**
 * SigV4 over real HTTP with the real AWS SDK: good requests, wrong secret,
 * unknown key, wrong region, clock skew, presigned URLs (good, expired,
 * tampered, too long), anonymous requests, payload hash checks, and a
 * per-key policy that denies one action.
 */
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
import { clientFor, errorCode, rawRequest, s3Error } from './test-helpers';

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
