/**
 * Copies and tags as the AWS SDK sees them: CopyObject's metadata, tagging
 * and storage-class directives, in-place copies, the 5 GiB source limit,
 * archived sources, `x-amz-tagging` on PUT and Put/DeleteObjectTagging, and
 * a 6 GiB synthetic object copied with UploadPartCopy ranges (no bytes
 * stored) that GETs back the source's bytes, by range, by part and whole.
 */
import { createHash } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index';
import { clientFor, s3Error } from './test-helpers';

const BUCKET = 'copy-tests';
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
let sb: Sandbox;
let s3: S3Client;

const bytes = async (Key: string, Range?: string, PartNumber?: number) =>
  Buffer.from((await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key, Range, PartNumber }))).Body?.transformToByteArray()) ?? []);
const tags = async (Key: string) => (await s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key }))).TagSet;

beforeAll(async () => {
  sb = await startSandbox({ quiet: true });
  s3 = clientFor(sb);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'src', Body: 'source body', Metadata: { origin: 'put' }, Tagging: 'team=ml', ContentType: 'text/plain' }));
});

afterAll(async () => {
  await sb?.close();
});

describe('tags', () => {
  it('x-amz-tagging on PUT, PutObjectTagging replacing the set, DeleteObjectTagging emptying it', async () => {
    expect(await tags('src')).toEqual([{ Key: 'team', Value: 'ml' }]);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 't', Body: 'x', Tagging: 'a=1&b=two%20words' }));
    expect(await tags('t')).toEqual([
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: 'two words' },
    ]);
    expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 't' }))).$metadata.httpStatusCode).toBe(200);
    await s3.send(new PutObjectTaggingCommand({ Bucket: BUCKET, Key: 't', Tagging: { TagSet: [{ Key: 'c', Value: '3' }] } }));
    expect(await tags('t')).toEqual([{ Key: 'c', Value: '3' }]);
    expect((await s3.send(new DeleteObjectTaggingCommand({ Bucket: BUCKET, Key: 't' }))).$metadata.httpStatusCode).toBe(204);
    expect(await tags('t')).toEqual([]);
  });

  it('refuses more than 10 tags, duplicate keys and missing objects', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const many = await s3Error(s3.send(new PutObjectTaggingCommand({ Bucket: BUCKET, Key: 't', Tagging: { TagSet: eleven } })));
    expect([many.name, many.status]).toEqual(['BadRequest', 400]);
    const dup = await s3Error(s3.send(new PutObjectTaggingCommand({ Bucket: BUCKET, Key: 't', Tagging: { TagSet: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] } })));
    expect([dup.name, dup.status]).toEqual(['InvalidTag', 400]);
    const missing = await s3Error(s3.send(new PutObjectTaggingCommand({ Bucket: BUCKET, Key: 'nope', Tagging: { TagSet: [] } })));
    expect([missing.name, missing.status]).toEqual(['NoSuchKey', 404]);
  });
});

describe('CopyObject directives', () => {
  it('COPY keeps metadata and tags; REPLACE takes the request’s; each directive on its own', async () => {
    await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'c/copy', CopySource: `${BUCKET}/src` }));
    const kept = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'c/copy' }));
    expect([kept.Metadata, kept.ContentType, await tags('c/copy')]).toEqual([{ origin: 'put' }, 'text/plain', [{ Key: 'team', Value: 'ml' }]]);
    await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'c/meta', CopySource: `${BUCKET}/src`, MetadataDirective: 'REPLACE', Metadata: { origin: 'copy' }, ContentType: 'application/json' }));
    const meta = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'c/meta' }));
    expect([meta.Metadata, meta.ContentType, await tags('c/meta')]).toEqual([{ origin: 'copy' }, 'application/json', [{ Key: 'team', Value: 'ml' }]]);
    await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'c/tags', CopySource: `${BUCKET}/src`, TaggingDirective: 'REPLACE', Tagging: 'stage=gold' }));
    const retagged = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'c/tags' }));
    expect([retagged.Metadata, await tags('c/tags')]).toEqual([{ origin: 'put' }, [{ Key: 'stage', Value: 'gold' }]]);
    await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'c/none', CopySource: `${BUCKET}/src`, TaggingDirective: 'REPLACE' }));
    expect(await tags('c/none')).toEqual([]);
    const bad = await s3Error(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'c/bad', CopySource: `${BUCKET}/src`, TaggingDirective: 'MERGE' as never })));
    expect([bad.name, bad.status]).toEqual(['InvalidArgument', 400]);
  });

  it('copies in place to change the storage class or metadata, and refuses a copy that changes nothing', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'inplace', Body: 'x', StorageClass: 'STANDARD_IA' }));
    const same = await s3Error(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'inplace', CopySource: `${BUCKET}/inplace` })));
    expect([same.name, same.status]).toEqual(['InvalidRequest', 400]);
    const sameClass = await s3Error(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'inplace', CopySource: `${BUCKET}/inplace`, StorageClass: 'STANDARD_IA' })));
    expect(sameClass.name).toBe('InvalidRequest');
    await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'inplace', CopySource: `${BUCKET}/inplace`, StorageClass: 'ONEZONE_IA' }));
    expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'inplace' }))).StorageClass).toBe('ONEZONE_IA');
    await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'inplace', CopySource: `${BUCKET}/inplace`, MetadataDirective: 'REPLACE', Metadata: { touched: '1' } }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'inplace' }));
    // A copy without x-amz-storage-class writes STANDARD, as S3 does.
    expect([head.Metadata, head.StorageClass]).toEqual([{ touched: '1' }, undefined]);
  });

  it('refuses a source above 5 GiB with S3’s message, and an archived unrestored source with 403', async () => {
    sb.store.putSynthetic(BUCKET, 'big/six.bin', 6 * GiB);
    const big = await s3Error(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'big/copy.bin', CopySource: `${BUCKET}/big/six.bin` })));
    expect([big.name, big.status, (big.raw as { message: string }).message]).toEqual([
      'InvalidRequest',
      400,
      'The specified copy source is larger than the maximum allowable size for a copy source: 5368709120',
    ]);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cold', Body: 'ice', StorageClass: 'GLACIER' }));
    const cold = await s3Error(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'thawed', CopySource: `${BUCKET}/cold` })));
    expect([cold.name, cold.status, cold.raw.StorageClass]).toEqual(['InvalidObjectState', 403, 'GLACIER']);
  });
});

describe('a 6 GiB synthetic object copied with UploadPartCopy', () => {
  it('copies by x-amz-copy-source-range without storing bytes, and GETs back the source’s bytes', async () => {
    const size = 6 * GiB;
    sb.store.putSynthetic(BUCKET, 'big/src.bin', size);
    expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'big/src.bin' }))).ContentLength).toBe(size);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'big/dst.bin' }));
    const partSize = 2 * GiB;
    const parts = [];
    for (let i = 0; i < 3; i++) {
      const range = `bytes=${i * partSize}-${(i + 1) * partSize - 1}`;
      const out = await s3.send(new UploadPartCopyCommand({ Bucket: BUCKET, Key: 'big/dst.bin', UploadId, PartNumber: i + 1, CopySource: `${BUCKET}/big/src.bin`, CopySourceRange: range }));
      parts.push({ PartNumber: i + 1, ETag: out.CopyPartResult?.ETag });
    }
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'big/dst.bin', UploadId, MultipartUpload: { Parts: parts } }));
    expect(done.ETag).toMatch(/-3"$/);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'big/dst.bin' }));
    expect([head.ContentLength, head.PartsCount]).toEqual([size, 3]);
    for (const at of [0, partSize - 8, 2 * partSize - 8, size - 16]) {
      const range = `bytes=${at}-${at + 15}`;
      expect((await bytes('big/dst.bin', range)).equals(await bytes('big/src.bin', range))).toBe(true);
    }
    // GetObject by part: part 2 is the second 2 GiB; its last bytes match the source there.
    const part2 = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'big/dst.bin', PartNumber: 2 }));
    expect([part2.ContentLength, part2.ContentRange, part2.PartsCount]).toEqual([partSize, `bytes ${partSize}-${2 * partSize - 1}/${size}`, 3]);
  });

  it('a smaller synthetic copy downloads whole (streamed) and hashes like its source', async () => {
    sb.store.putSynthetic(BUCKET, 'mid/src.bin', 24 * MiB + 7);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'mid/dst.bin' }));
    const ranges = ['bytes=0-10485759', 'bytes=10485760-20971519', `bytes=20971520-${24 * MiB + 6}`];
    const parts = [];
    for (const [i, CopySourceRange] of ranges.entries()) {
      const out = await s3.send(new UploadPartCopyCommand({ Bucket: BUCKET, Key: 'mid/dst.bin', UploadId, PartNumber: i + 1, CopySource: `${BUCKET}/mid/src.bin`, CopySourceRange }));
      parts.push({ PartNumber: i + 1, ETag: out.CopyPartResult?.ETag });
    }
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'mid/dst.bin', UploadId, MultipartUpload: { Parts: parts } }));
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const [src, dst] = [await bytes('mid/src.bin'), await bytes('mid/dst.bin')];
    expect(dst.length).toBe(24 * MiB + 7);
    expect(sha(dst)).toBe(sha(src));
    expect(sha(await bytes('mid/dst.bin', undefined, 2))).toBe(sha(src.subarray(10 * MiB, 20 * MiB)));
  });

  it('refuses a range past the source and a part above 5 GiB', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'big/bad.bin' }));
    const past = await s3Error(s3.send(new UploadPartCopyCommand({ Bucket: BUCKET, Key: 'big/bad.bin', UploadId, PartNumber: 1, CopySource: `${BUCKET}/big/src.bin`, CopySourceRange: `bytes=0-${6 * GiB}` })));
    expect([past.name, past.status]).toEqual(['InvalidArgument', 400]);
    const huge = await s3Error(s3.send(new UploadPartCopyCommand({ Bucket: BUCKET, Key: 'big/bad.bin', UploadId, PartNumber: 1, CopySource: `${BUCKET}/big/src.bin`, CopySourceRange: `bytes=0-${5 * GiB}` })));
    expect([huge.name, huge.status]).toEqual(['InvalidArgument', 400]);
    const whole = await s3Error(s3.send(new UploadPartCopyCommand({ Bucket: BUCKET, Key: 'big/bad.bin', UploadId, PartNumber: 1, CopySource: `${BUCKET}/big/src.bin` })));
    expect([whole.name, whole.status]).toEqual(['InvalidRequest', 400]);
  });
});
