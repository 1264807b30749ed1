/**
 * The archive state machine as a client sees it over HTTP, on a manual
 * clock: 202 → 409 → (advance) → 200 with HEAD showing
 * ongoing-request="false" and a midnight expiry → GET works → (advance past
 * expiry) → 403 InvalidObjectState. Plus RestoreStatus in listings,
 * Intelligent-Tiering archive tiers through x-sandbox-access-tier, and the
 * Expedited-capacity fault. Reference: s3-archive-semantics.md 1–3, 6.3.
 */
import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  RestoreObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, startSandbox, type ManualClock, type Sandbox } from '../index';
import { clientFor, s3Error } from './test-helpers';

const BUCKET = 'restore-tests';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let sb: Sandbox;
let clock: ManualClock;
let s3: S3Client;

/** A client that sends the sandbox-only access-tier header on every request. */
function withAccessTier(tier: string): S3Client {
  const c = clientFor(sb);
  c.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-sandbox-access-tier'] = tier;
      return next(args);
    },
    { step: 'build', name: 'sandboxAccessTier' },
  );
  return c;
}

beforeAll(async () => {
  // Signatures use the wall clock, so the store's manual clock starts at the real time.
  clock = createManualClock(Date.now());
  sb = await startSandbox({ quiet: true, clock, restoreDelaysMs: { Expedited: 60_000, Standard: HOUR, Bulk: 5 * HOUR } });
  s3 = clientFor(sb);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(async () => {
  await sb?.close();
});

describe('GLACIER restore over HTTP', () => {
  it('runs none → in progress → restored → expired with the codes and headers AWS gives', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cold/data.bin', Body: 'frozen bytes', StorageClass: 'GLACIER' }));

    const head0 = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'cold/data.bin' }));
    expect([head0.$metadata.httpStatusCode, head0.StorageClass, head0.Restore]).toEqual([200, 'GLACIER', undefined]);
    const get0 = await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cold/data.bin' })));
    expect([get0.name, get0.status, get0.raw.StorageClass]).toEqual(['InvalidObjectState', 403, 'GLACIER']);

    const started = await s3.send(new RestoreObjectCommand({ Bucket: BUCKET, Key: 'cold/data.bin', RestoreRequest: { Days: 2, GlacierJobParameters: { Tier: 'Standard' } } }));
    expect(started.$metadata.httpStatusCode).toBe(202);
    const again = await s3Error(s3.send(new RestoreObjectCommand({ Bucket: BUCKET, Key: 'cold/data.bin', RestoreRequest: { Days: 2 } })));
    expect([again.name, again.status]).toEqual(['RestoreAlreadyInProgress', 409]);
    expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'cold/data.bin' }))).Restore).toBe('ongoing-request="true"');
    expect((await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cold/data.bin' })))).name).toBe('InvalidObjectState');
    const listing = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'cold/', OptionalObjectAttributes: ['RestoreStatus'] }));
    expect(listing.Contents?.[0]?.RestoreStatus).toEqual({ IsRestoreInProgress: true });

    clock.advance(HOUR + 1);
    const head1 = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'cold/data.bin' }));
    const m = /^ongoing-request="false", expiry-date="(\w{3}, \d{2} \w{3} \d{4} 00:00:00 GMT)"$/.exec(head1.Restore ?? '');
    expect(m).not.toBeNull();
    const expiry = Date.parse(m?.[1] ?? '');
    expect(expiry % DAY).toBe(0);
    expect(expiry).toBeGreaterThan(clock.now() + 2 * DAY - DAY);
    expect(expiry).toBeLessThanOrEqual(clock.now() + 3 * DAY);
    expect(head1.StorageClass).toBe('GLACIER');

    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cold/data.bin' }));
    expect([await got.Body?.transformToString(), got.Restore]).toEqual(['frozen bytes', head1.Restore]);
    const restoredList = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'cold/', OptionalObjectAttributes: ['RestoreStatus'] }));
    expect(restoredList.Contents?.[0]?.RestoreStatus).toEqual({ IsRestoreInProgress: false, RestoreExpiryDate: new Date(expiry) });
    const plainList = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'cold/' }));
    expect(plainList.Contents?.[0]?.RestoreStatus).toBeUndefined();

    const extended = await s3.send(new RestoreObjectCommand({ Bucket: BUCKET, Key: 'cold/data.bin', RestoreRequest: { Days: 5 } }));
    expect(extended.$metadata.httpStatusCode).toBe(200);
    const head2 = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'cold/data.bin' }));
    const expiry2 = Date.parse(/expiry-date="([^"]+)"/.exec(head2.Restore ?? '')?.[1] ?? '');
    expect(expiry2).toBeGreaterThan(expiry);

    clock.advance(7 * DAY);
    const head3 = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'cold/data.bin' }));
    expect([head3.$metadata.httpStatusCode, head3.Restore]).toEqual([200, undefined]);
    const get3 = await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cold/data.bin' })));
    expect([get3.name, get3.status]).toEqual(['InvalidObjectState', 403]);
  });

  it('refuses restores of readable classes and copies of unrestored archives', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'warm.txt', Body: 'w', StorageClass: 'GLACIER_IR' }));
    const e = await s3Error(s3.send(new RestoreObjectCommand({ Bucket: BUCKET, Key: 'warm.txt', RestoreRequest: { Days: 1 } })));
    expect([e.name, e.status]).toEqual(['InvalidObjectState', 403]);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'deep.bin', Body: 'd', StorageClass: 'DEEP_ARCHIVE' }));
    const copy = await s3Error(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'deep-copy.bin', CopySource: `${BUCKET}/deep.bin` })));
    expect([copy.name, copy.status]).toEqual(['InvalidObjectState', 403]);
    const expedited = await s3Error(s3.send(new RestoreObjectCommand({ Bucket: BUCKET, Key: 'deep.bin', RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: 'Expedited' } } })));
    expect(expedited.status).toBe(400);
    const noDays = await s3Error(s3.send(new RestoreObjectCommand({ Bucket: BUCKET, Key: 'deep.bin', RestoreRequest: {} })));
    expect([noDays.name, noDays.status]).toEqual(['MalformedXML', 400]);
  });

  it('answers GlacierExpeditedRetrievalNotAvailable only for Expedited when the fault fires', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'fast.bin', Body: 'f', StorageClass: 'GLACIER' }));
    const id = sb.faults.add({ kind: 'expedited-unavailable', op: 'RestoreObject', count: 3 });
    try {
      const standard = await s3.send(new RestoreObjectCommand({ Bucket: BUCKET, Key: 'fast.bin', RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: 'Bulk' } } }));
      expect(standard.$metadata.httpStatusCode).toBe(202);
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'fast2.bin', Body: 'f', StorageClass: 'GLACIER' }));
      const e = await s3Error(s3.send(new RestoreObjectCommand({ Bucket: BUCKET, Key: 'fast2.bin', RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: 'Expedited' } } })));
      // The SDK retries 503s (three attempts by default), which consumes the three counted faults.
      expect([e.name, e.status, e.attempts]).toEqual(['GlacierExpeditedRetrievalNotAvailable', 503, 3]);
      expect(sb.store.head(BUCKET, 'fast2.bin').restore).toBeUndefined();
      const ok = await s3.send(new RestoreObjectCommand({ Bucket: BUCKET, Key: 'fast2.bin', RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: 'Expedited' } } }));
      expect(ok.$metadata.httpStatusCode).toBe(202);
    } finally {
      sb.faults.remove(id);
    }
  });
});

describe('Intelligent-Tiering archive tiers', () => {
  it('reports x-amz-archive-status, refuses GET and Days, and restores without Days', async () => {
    const tiered = withAccessTier('ARCHIVE_ACCESS');
    await tiered.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'it/archived.bin', Body: 'tiered', StorageClass: 'INTELLIGENT_TIERING' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'it/archived.bin' }));
    expect([head.StorageClass, head.ArchiveStatus, head.Restore]).toEqual(['INTELLIGENT_TIERING', 'ARCHIVE_ACCESS', undefined]);
    const get = await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'it/archived.bin' })));
    expect([get.name, get.status, get.raw.StorageClass, get.raw.AccessTier]).toEqual(['InvalidObjectState', 403, 'INTELLIGENT_TIERING', 'ARCHIVE_ACCESS']);
    const withDays = await s3Error(s3.send(new RestoreObjectCommand({ Bucket: BUCKET, Key: 'it/archived.bin', RestoreRequest: { Days: 3 } })));
    expect([withDays.name, withDays.status]).toEqual(['InvalidArgument', 400]);
    const started = await s3.send(new RestoreObjectCommand({ Bucket: BUCKET, Key: 'it/archived.bin', RestoreRequest: { GlacierJobParameters: { Tier: 'Standard' } } }));
    expect(started.$metadata.httpStatusCode).toBe(202);
    expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'it/archived.bin' }))).Restore).toBe('ongoing-request="true"');
    clock.advance(HOUR + 1);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'it/archived.bin' }));
    expect(await got.Body?.transformToString()).toBe('tiered');
    expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'it/archived.bin' }))).ArchiveStatus).toBeUndefined();
  });

  it('rejects the access-tier header on other classes and unknown tiers', async () => {
    const e = await s3Error(withAccessTier('ARCHIVE_ACCESS').send(new PutObjectCommand({ Bucket: BUCKET, Key: 'it/bad.bin', Body: 'x', StorageClass: 'STANDARD' })));
    expect([e.name, e.status]).toEqual(['InvalidArgument', 400]);
    const f = await s3Error(withAccessTier('FROZEN').send(new PutObjectCommand({ Bucket: BUCKET, Key: 'it/bad.bin', Body: 'x', StorageClass: 'INTELLIGENT_TIERING' })));
    expect([f.name, f.status]).toEqual(['InvalidArgument', 400]);
  });
});
