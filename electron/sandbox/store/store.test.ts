import { describe, expect, it } from 'vitest';
import { S3Error, type SandboxStore } from '../store-types';
import { createManualClock, createStore } from './index';

const MiB = 1024 * 1024;

async function fresh(): Promise<SandboxStore> {
  const store = await createStore({ clock: createManualClock('2026-11-01T10:00:00Z') });
  store.createBucket('bkt', 'us-east-1');
  return store;
}

function s3Code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof S3Error) return `${e.status} ${e.code}`;
    throw e;
  }
  return undefined;
}

async function s3CodeAsync(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    if (e instanceof S3Error) return `${e.status} ${e.code}`;
    throw e;
  }
  return undefined;
}

describe('buckets', () => {
  it('creates, lists, refuses duplicates outside us-east-1, and deletes only when empty', async () => {
    const store = await createStore({ clock: createManualClock() });
    store.createBucket('zeta', 'eu-west-1');
    store.createBucket('alpha', 'us-east-1');
    expect(store.listBuckets().map((b) => b.name)).toEqual(['alpha', 'zeta']);
    expect(store.createBucket('alpha', 'us-east-1').name).toBe('alpha');
    expect(s3Code(() => store.createBucket('zeta', 'eu-west-1'))).toBe('409 BucketAlreadyOwnedByYou');
    expect(s3Code(() => store.createBucket('Bad_Name', 'us-east-1'))).toBe('400 InvalidBucketName');
    await store.put('zeta', 'k', { body: Buffer.from('x'), metadata: {} });
    expect(s3Code(() => store.deleteBucket('zeta'))).toBe('409 BucketNotEmpty');
    await store.delete('zeta', 'k');
    store.deleteBucket('zeta');
    expect(s3Code(() => store.getBucket('zeta'))).toBe('404 NoSuchBucket');
  });
});

describe('objects', () => {
  it('puts, heads, reads ranges and deletes idempotently', async () => {
    const store = await fresh();
    const rec = await store.put('bkt', 'a/b.txt', {
      body: Buffer.from('hello world'),
      contentType: 'text/plain',
      metadata: { 'Sample-Count': '3' },
      tags: { team: 'ml' },
    });
    expect(rec.etag).toBe('"5eb63bbbe01eeed093cb22bb8f5acdc3"');
    expect(rec.metadata).toEqual({ 'sample-count': '3' });
    expect(store.head('bkt', 'a/b.txt')).toMatchObject({ size: 11, storageClass: 'STANDARD', contentType: 'text/plain' });
    expect((await store.read('bkt', 'a/b.txt', { start: 6, end: 10 })).toString()).toBe('world');
    expect(store.getTags('bkt', 'a/b.txt')).toEqual({ team: 'ml' });
    await store.delete('bkt', 'a/b.txt');
    await store.delete('bkt', 'a/b.txt');
    expect(s3Code(() => store.head('bkt', 'a/b.txt'))).toBe('404 NoSuchKey');
    expect(await s3CodeAsync(store.put('nope', 'k', { body: Buffer.alloc(0), metadata: {} }))).toBe('404 NoSuchBucket');
  });

  it('copies with a class change and refuses an unrestored archive source', async () => {
    const store = await fresh();
    await store.put('bkt', 'cold', { body: Buffer.from('ice'), metadata: { a: '1' }, storageClass: 'GLACIER' });
    expect(await s3CodeAsync(store.copy('bkt', 'cold', 'bkt', 'warm', { metadataDirective: 'COPY' }))).toBe('403 InvalidObjectState');
    await store.put('bkt', 'src', { body: Buffer.from('data'), metadata: { a: '1' }, tags: { t: 'v' } });
    const copied = await store.copy('bkt', 'src', 'bkt', 'dst', { metadataDirective: 'COPY', storageClass: 'STANDARD_IA' });
    expect(copied).toMatchObject({ key: 'dst', storageClass: 'STANDARD_IA', metadata: { a: '1' }, tags: { t: 'v' } });
    expect((await store.read('bkt', 'dst')).toString()).toBe('data');
    const replaced = await store.copy('bkt', 'src', 'bkt', 'dst2', { metadataDirective: 'REPLACE', replace: { metadata: { z: '9' }, contentType: 'x/y' } });
    expect(replaced).toMatchObject({ metadata: { z: '9' }, contentType: 'x/y', tags: { t: 'v' } });
    expect(await s3CodeAsync(store.copy('bkt', 'src', 'bkt', 'src', { metadataDirective: 'COPY' }))).toBe('400 InvalidRequest');
    // Deleting the source keeps the copy's body alive (shared blob).
    await store.delete('bkt', 'src');
    expect((await store.read('bkt', 'dst')).toString()).toBe('data');
  });
});

describe('multipart', () => {
  it('assembles parts with the md5-of-md5s ETag', async () => {
    const store = await fresh();
    const up = store.createMultipart('bkt', 'big', { metadata: { m: '1' }, storageClass: 'DEEP_ARCHIVE' });
    const p1 = Buffer.alloc(5 * MiB, 1);
    const p2 = Buffer.from('tail');
    const e2 = await store.uploadPart('bkt', 'big', up.uploadId, 2, p2);
    const e1 = await store.uploadPart('bkt', 'big', up.uploadId, 1, p1);
    expect(store.listParts('bkt', 'big', up.uploadId).map((p) => p.partNumber)).toEqual([1, 2]);
    expect(store.listMultipartUploads('bkt')).toHaveLength(1);
    const { createHash } = await import('node:crypto');
    const md5 = (b: Buffer) => createHash('md5').update(b).digest();
    const expected = createHash('md5').update(Buffer.concat([md5(p1), md5(p2)])).digest('hex');
    const rec = await store.completeMultipart('bkt', 'big', up.uploadId, [
      { partNumber: 1, etag: e1.etag },
      { partNumber: 2, etag: e2.etag },
    ]);
    expect(rec).toMatchObject({ etag: `"${expected}-2"`, size: 5 * MiB + 4, partsCount: 2, storageClass: 'DEEP_ARCHIVE', metadata: { m: '1' } });
    expect((await store.read('bkt', 'big', { start: 5 * MiB, end: 5 * MiB + 3 })).toString()).toBe('tail');
    expect(store.listMultipartUploads('bkt')).toHaveLength(0);
    expect(await s3CodeAsync(store.completeMultipart('bkt', 'big', up.uploadId, [{ partNumber: 1, etag: e1.etag }]))).toBe('404 NoSuchUpload');
  });

  it('rejects small parts, bad order, unknown parts and bad part numbers', async () => {
    const store = await fresh();
    const up = store.createMultipart('bkt', 'k', { metadata: {} });
    const a = await store.uploadPart('bkt', 'k', up.uploadId, 1, Buffer.from('small'));
    const b = await store.uploadPart('bkt', 'k', up.uploadId, 2, Buffer.from('last'));
    expect(await s3CodeAsync(store.uploadPart('bkt', 'k', up.uploadId, 10_001, Buffer.from('x')))).toBe('400 InvalidArgument');
    expect(await s3CodeAsync(store.uploadPart('bkt', 'k', up.uploadId, 0, Buffer.from('x')))).toBe('400 InvalidArgument');
    expect(await s3CodeAsync(store.uploadPart('bkt', 'other', up.uploadId, 1, Buffer.from('x')))).toBe('404 NoSuchUpload');
    const parts = [
      { partNumber: 1, etag: a.etag },
      { partNumber: 2, etag: b.etag },
    ];
    expect(await s3CodeAsync(store.completeMultipart('bkt', 'k', up.uploadId, [parts[1], parts[0]]))).toBe('400 InvalidPartOrder');
    expect(await s3CodeAsync(store.completeMultipart('bkt', 'k', up.uploadId, [{ partNumber: 1, etag: '"00"' }]))).toBe('400 InvalidPart');
    expect(await s3CodeAsync(store.completeMultipart('bkt', 'k', up.uploadId, parts))).toBe('400 EntityTooSmall');
    // A single small part is allowed: it is the last one.
    const one = await store.completeMultipart('bkt', 'k', up.uploadId, [parts[0]]);
    expect(one.size).toBe(5);
    const up2 = store.createMultipart('bkt', 'k', { metadata: {} });
    store.abortMultipart('bkt', 'k', up2.uploadId);
    expect(s3Code(() => store.abortMultipart('bkt', 'k', up2.uploadId))).toBe('404 NoSuchUpload');
  });
});

describe('synthetic buckets through the store', () => {
  it('mixes derived and stored objects: delete, overwrite, restore, copy and chunked reads', async () => {
    const { readChunks } = await import('./index');
    const store = await createStore({ seed: 'synthetic-flat:50', clock: createManualClock('2026-11-01T10:00:00Z') });
    const bucket = 'thaw-synthetic-flat';
    const keys = () => store.list(bucket, { maxKeys: 1000 }).entries.map((e) => (e.kind === 'object' ? e.object.key : e.prefix));
    expect(keys()).toHaveLength(50);
    await store.delete(bucket, 'flat/obj-0000001.bin');
    await store.put(bucket, 'flat/obj-0000002.bin', { body: Buffer.from('over'), metadata: {} });
    expect(keys()).toHaveLength(49);
    expect(keys()[1]).toBe('flat/obj-0000002.bin');
    expect(store.head(bucket, 'flat/obj-0000002.bin').size).toBe(4);
    expect(s3Code(() => store.head(bucket, 'flat/obj-0000001.bin'))).toBe('404 NoSuchKey');

    const archived = store.list(bucket, { maxKeys: 1000 }).entries.find((e) => e.kind === 'object' && e.object.storageClass === 'GLACIER');
    if (archived?.kind !== 'object') throw new Error('seed has no GLACIER object');
    const key = archived.object.key;
    expect(store.restore(bucket, key, { days: 1, tier: 'Expedited' })).toBe(202);
    expect(store.archiveView(store.head(bucket, key)).restoreHeader).toBe('ongoing-request="true"');

    const small = store.list(bucket, { maxKeys: 1000 }).entries.find((e) => e.kind === 'object' && e.object.storageClass === 'STANDARD' && e.object.size < 3_000_000 && e.object.size > 10);
    if (small?.kind !== 'object') throw new Error('seed has no small STANDARD object');
    const whole = await store.read(bucket, small.object.key);
    const chunks: Buffer[] = [];
    for await (const c of readChunks(store, bucket, small.object.key, undefined, 65_536)) chunks.push(c);
    expect(Buffer.concat(chunks).equals(whole)).toBe(true);
    const copy = await store.copy(bucket, small.object.key, bucket, 'copied', { metadataDirective: 'COPY' });
    expect(copy.size).toBe(small.object.size);
    expect((await store.read(bucket, 'copied')).equals(whole)).toBe(true);
  });
});
