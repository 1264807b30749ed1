/**
 * Per-action deny rules over HTTP with the AWS SDK: a key that may list and
 * read everything but may not restore under `denied/` gets 403 AccessDenied
 * for exactly those restores, and the object's state is left alone.
 */
import {
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  RestoreObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index';
import { clientFor, s3Error } from './test-helpers';

const BUCKET = 'deny-tests';
const RESTORE = { Days: 1, GlacierJobParameters: { Tier: 'Bulk' as const } };
let sb: Sandbox;
let limited: S3Client;

beforeAll(async () => {
  sb = await startSandbox({
    quiet: true,
    extraCredentials: [
      {
        accessKeyId: 'NORESTOREKEY',
        secretAccessKey: 'no-restore-secret',
        policy: { deny: [{ actions: ['s3:RestoreObject'], prefixes: ['denied/'] }, { actions: ['s3:DeleteObject'], buckets: [BUCKET] }] },
      },
    ],
  });
  const s3 = clientFor(sb);
  sb.store.createBucket(BUCKET, sb.region);
  for (const k of ['denied/a.bin', 'allowed/a.bin']) {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: k, Body: 'cold', StorageClass: 'GLACIER' }));
  }
  limited = clientFor(sb, { credentials: { accessKeyId: 'NORESTOREKEY', secretAccessKey: 'no-restore-secret' }, maxAttempts: 1 });
});

afterAll(async () => {
  await sb?.close();
});

describe('deny rules', () => {
  it('still allow listing and HEAD everywhere, including under the denied prefix', async () => {
    const list = await limited.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'denied/' }));
    expect(list.Contents?.map((o) => o.Key)).toEqual(['denied/a.bin']);
    const head = await limited.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'denied/a.bin' }));
    expect(head.StorageClass).toBe('GLACIER');
  });

  it('refuse RestoreObject under the prefix with 403 AccessDenied and leave the object as it was', async () => {
    const e = await s3Error(limited.send(new RestoreObjectCommand({ Bucket: BUCKET, Key: 'denied/a.bin', RestoreRequest: RESTORE })));
    expect([e.name, e.status]).toEqual(['AccessDenied', 403]);
    expect(sb.store.head(BUCKET, 'denied/a.bin').restore).toBeUndefined();
  });

  it('allow RestoreObject elsewhere', async () => {
    const out = await limited.send(new RestoreObjectCommand({ Bucket: BUCKET, Key: 'allowed/a.bin', RestoreRequest: RESTORE }));
    expect(out.$metadata.httpStatusCode).toBe(202);
    expect(sb.store.head(BUCKET, 'allowed/a.bin').restore?.tier).toBe('Bulk');
  });

  it('apply per key inside DeleteObjects, which authorizes each key itself', async () => {
    const out = await limited.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'allowed/a.bin' }] } }));
    expect(out.Errors?.map((x) => [x.Key, x.Code])).toEqual([['allowed/a.bin', 'AccessDenied']]);
    expect(sb.store.head(BUCKET, 'allowed/a.bin').key).toBe('allowed/a.bin');
  });
});
