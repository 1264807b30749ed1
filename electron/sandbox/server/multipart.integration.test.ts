/**
 * Multipart bookkeeping as S3 does it, through the AWS SDK: ListParts with
 * each part's ETag, size and checksum, ListMultipartUploads paging by
 * key-marker and upload-id-marker, AbortMultipartUpload removing the parts
 * (and their bodies), and GetObject by partNumber on the completed object.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index';
import { storeState } from '../store/index';
import { clientFor, s3Error } from './test-helpers';

const BUCKET = 'mpu-tests';
const MiB = 1024 ** 2;
let sb: Sandbox;
let s3: S3Client;

const crc32Of = (b: Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(b));
  return out.toString('base64');
};
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

beforeAll(async () => {
  sb = await startSandbox({ quiet: true });
  s3 = clientFor(sb);
  sb.store.createBucket(BUCKET, sb.region);
});

afterAll(async () => {
  await sb?.close();
});

describe('ListParts', () => {
  it('answers each part’s number, ETag, size and CRC32, with the upload’s checksum algorithm', async () => {
    const key = 'lp/data.bin';
    const { UploadId, ChecksumAlgorithm } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ChecksumAlgorithm: 'CRC32' }));
    expect(ChecksumAlgorithm).toBe('CRC32');
    const bodies = [Buffer.alloc(5 * MiB, 1), Buffer.alloc(1234, 2)];
    for (const [i, Body] of bodies.entries()) await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm: 'CRC32' }));
    const listed = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId }));
    expect(listed.ChecksumAlgorithm).toBe('CRC32');
    expect(listed.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size, p.ChecksumCRC32])).toEqual(bodies.map((b, i) => [i + 1, `"${md5(b)}"`, b.length, crc32Of(b)]));
    const page = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId, MaxParts: 1 }));
    expect([page.Parts?.map((p) => p.PartNumber), page.IsTruncated, page.NextPartNumberMarker]).toEqual([[1], true, '1']);
    const rest = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumberMarker: '1' }));
    expect(rest.Parts?.map((p) => p.PartNumber)).toEqual([2]);
    await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId }));
  });
});

describe('AbortMultipartUpload and ListMultipartUploads', () => {
  it('pages uploads by key and upload id; abort removes the parts and the upload', async () => {
    const ids: string[] = [];
    for (const key of ['up/a', 'up/b', 'up/b', 'up/c']) ids.push((await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }))).UploadId as string);
    await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'up/b', UploadId: ids[1], PartNumber: 1, Body: Buffer.alloc(1000, 9) }));
    const all = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'up/' }));
    expect(all.Uploads?.map((u) => [u.Key, u.UploadId])).toEqual([
      ['up/a', ids[0]],
      ['up/b', ids[1]],
      ['up/b', ids[2]],
      ['up/c', ids[3]],
    ]);
    const seen: string[] = [];
    let KeyMarker: string | undefined;
    let UploadIdMarker: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'up/', MaxUploads: 1, KeyMarker, UploadIdMarker }));
      seen.push(...(page.Uploads ?? []).map((u) => u.UploadId as string));
      if (!page.IsTruncated) break;
      KeyMarker = page.NextKeyMarker;
      UploadIdMarker = page.NextUploadIdMarker;
    }
    expect(seen).toEqual(ids);

    await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'up/b', UploadId: ids[1] }));
    const gone = await s3Error(s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: 'up/b', UploadId: ids[1] })));
    expect([gone.name, gone.status]).toEqual(['NoSuchUpload', 404]);
    const again = await s3Error(s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'up/b', UploadId: ids[1] })));
    expect([again.name, again.status]).toEqual(['NoSuchUpload', 404]);
    for (const [i, key] of ['up/a', 'up/b', 'up/c'].entries()) await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: ids[i === 0 ? 0 : i + 1] }));
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'up/' }))).Uploads).toBeUndefined();
    expect(storeState(sb.store).buckets.get(BUCKET)?.uploads.size).toBe(0);
  });
});

describe('GetObject by partNumber', () => {
  it('serves one part of a multipart object with its Content-Range and parts count; past the last is 416', async () => {
    const key = 'pn/obj.bin';
    const parts = [Buffer.alloc(5 * MiB, 'a'), Buffer.alloc(5 * MiB, 'b'), Buffer.from('tail')];
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }));
    const done = [];
    for (const [i, Body] of parts.entries()) done.push({ PartNumber: i + 1, ETag: (await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: i + 1, Body }))).ETag });
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId, MultipartUpload: { Parts: done } }));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, PartNumber: 3 }));
    expect([got.$metadata.httpStatusCode, got.ContentLength, got.ContentRange, got.PartsCount]).toEqual([206, 4, `bytes ${10 * MiB}-${10 * MiB + 3}/${10 * MiB + 4}`, 3]);
    expect(await got.Body?.transformToString()).toBe('tail');
    const second = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, PartNumber: 2 }));
    expect(Buffer.from((await second.Body?.transformToByteArray()) ?? []).equals(parts[1])).toBe(true);
    const past = await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, PartNumber: 4 })));
    expect([past.name, past.status]).toEqual(['InvalidPartNumber', 416]);
    const both = await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, PartNumber: 1, Range: 'bytes=0-1' })));
    expect([both.name, both.status]).toEqual(['InvalidRequest', 400]);
    const single = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key, PartNumber: 1 }));
    expect([single.ContentLength, single.PartsCount]).toEqual([5 * MiB, 3]);
  });
});
