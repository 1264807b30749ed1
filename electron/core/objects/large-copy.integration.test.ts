/**
 * A 6 GiB object copied with UploadPartCopy: the sandbox synthesises the
 * source's bytes (nothing of it is stored), the copy goes part by part
 * with metadata, content type, storage class and tags carried over by
 * hand, and the target is checked by size, headers and ranged GETs of the
 * first bytes, the part boundaries and the last bytes.
 */
import { GetObjectCommand, ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { sandboxClient } from '../testing/sandbox-client';
import { copyPartSize } from './copier';
import { coreFactory, plan, settled } from './test-support';

const BUCKET = 'large-test';
const GiB = 1024 ** 3;
const SIZE = 6 * GiB;
const KEY = 'checkpoints/model-6g.bin';
let sb: Sandbox;
let s3: S3Client;
const cores = coreFactory(() => sb);

async function range(bucket: string, key: string, first: number, last: number): Promise<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${first}-${last}` }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

beforeAll(async () => {
  sb = await startSandbox({ quiet: true, requestLog: true });
  s3 = sandboxClient(sb);
  sb.store.createBucket(BUCKET, 'us-east-1');
  sb.store.putSynthetic(BUCKET, KEY, SIZE, {
    storageClass: 'STANDARD_IA',
    contentType: 'application/x-pytorch',
    metadata: { 'sample-count': '7', epoch: '12' },
    tags: { kind: 'checkpoint', run: 'r-42' },
  });
}, 60_000);

afterEach(async () => {
  await cores.disposeAll();
});

afterAll(async () => {
  s3?.destroy();
  await sb?.close();
  cores.removeDirs();
});

describe('a 6 GiB copy', () => {
  it('goes part by part and arrives byte-identical with its metadata, class and tags', async () => {
    const c = cores.newCore();
    const p = await plan(c, { op: 'copy', bucket: BUCKET, keys: [KEY], base: 'checkpoints/', target: { connectionId: 'sandbox', bucket: BUCKET, prefix: 'copies/' } });
    expect(p).toMatchObject({ objects: 1, bytes: SIZE, large: 1 });
    expect(p.summary).toMatch(/1 object over 5 GB will be copied part by part/);
    sb.requestLog.clear();
    const started = performance.now();
    const { jobId } = await c.call('objects:start-operation', { planId: p.planId, confirmedObjects: 1 });
    const j = await settled(c, jobId, 300_000);
    const seconds = (performance.now() - started) / 1000;
    console.log(`6 GiB copy via UploadPartCopy: ${seconds.toFixed(2)} s`);
    expect(j.pausedReason).toBeUndefined();
    expect(j.state).toBe('done');
    expect(j.operation.states.done).toBe(1);
    expect(j.bytes).toEqual({ total: SIZE, done: SIZE });

    const parts = Math.ceil(SIZE / copyPartSize(SIZE));
    const ops = sb.requestLog.entries().map((e) => e.op);
    expect(ops.filter((o) => o === 'UploadPartCopy')).toHaveLength(parts);
    expect(ops.filter((o) => o === 'CreateMultipartUpload')).toHaveLength(1);
    expect(ops.filter((o) => o === 'CompleteMultipartUpload')).toHaveLength(1);
    expect(ops.filter((o) => o === 'CopyObject')).toHaveLength(0);

    const target = 'copies/model-6g.bin';
    const head = sb.store.head(BUCKET, target);
    expect(head).toMatchObject({ size: SIZE, storageClass: 'STANDARD_IA', contentType: 'application/x-pytorch', metadata: { 'sample-count': '7', epoch: '12' }, partsCount: parts });
    expect(sb.store.getTags(BUCKET, target)).toEqual({ kind: 'checkpoint', run: 'r-42' });
    const part = copyPartSize(SIZE);
    for (const [first, last] of [
      [0, 4095],
      [part - 17, part + 16],
      [3 * GiB + 12_345, 3 * GiB + 12_345 + 65_535],
      [SIZE - 4096, SIZE - 1],
    ] as const) {
      expect((await range(BUCKET, target, first, last)).equals(await range(BUCKET, KEY, first, last))).toBe(true);
    }
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }))).Uploads ?? []).toEqual([]);
  }, 300_000);

  it('changes the storage class of the 6 GiB object in place, part by part', async () => {
    const c = cores.newCore();
    const p = await plan(c, { op: 'storage-class', bucket: BUCKET, keys: [KEY], storageClass: 'GLACIER_IR' });
    expect(p.large).toBe(1);
    const { jobId } = await c.call('objects:start-operation', { planId: p.planId, confirmedObjects: 1 });
    expect((await settled(c, jobId, 300_000)).state).toBe('done');
    expect(sb.store.head(BUCKET, KEY)).toMatchObject({ size: SIZE, storageClass: 'GLACIER_IR', metadata: { 'sample-count': '7', epoch: '12' } });
    expect(sb.store.getTags(BUCKET, KEY)).toEqual({ kind: 'checkpoint', run: 'r-42' });
    expect((await range(BUCKET, KEY, SIZE - 100, SIZE - 1)).equals(await range(BUCKET, 'copies/model-6g.bin', SIZE - 100, SIZE - 1))).toBe(true);
  }, 300_000);
});
