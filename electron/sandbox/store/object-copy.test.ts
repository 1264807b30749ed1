/**
 * Copies through the store: CopyObject's directives, in-place rules and 5 GiB
 * limit, synthetic objects of any size, and UploadPartCopy from a synthetic
 * source referencing its ranges (no bytes stored) yet reading back the
 * source's bytes, mixed with ordinary parts.
 */
import { describe, expect, it } from 'vitest';
import type { SandboxStore } from '../store-types';
import { createManualClock, createStore, storeState } from './index';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

async function fresh(): Promise<SandboxStore> {
  const store = await createStore({ clock: createManualClock('2026-11-01T10:00:00Z') });
  store.createBucket('copies', 'us-east-1');
  return store;
}

const r = (start: number, end: number) => ({ start, end });

describe('CopyObject', () => {
  it('copies or replaces tags independently of metadata', async () => {
    const store = await fresh();
    await store.put('copies', 'src', { body: Buffer.from('x'), metadata: { m: '1' }, tags: { t: '1' } });
    await store.copy('copies', 'src', 'copies', 'keep', { metadataDirective: 'REPLACE', replace: { metadata: { m: '2' } } });
    expect([store.head('copies', 'keep').metadata, store.getTags('copies', 'keep')]).toEqual([{ m: '2' }, { t: '1' }]);
    await store.copy('copies', 'src', 'copies', 'retag', { metadataDirective: 'COPY', taggingDirective: 'REPLACE', tags: { t: '2' } });
    expect([store.head('copies', 'retag').metadata, store.getTags('copies', 'retag')]).toEqual([{ m: '1' }, { t: '2' }]);
    await store.copy('copies', 'src', 'copies', 'untag', { metadataDirective: 'COPY', taggingDirective: 'REPLACE' });
    expect(store.getTags('copies', 'untag')).toEqual({});
  });

  it('copies in place only when the storage class, metadata or encryption changes', async () => {
    const store = await fresh();
    await store.put('copies', 'k', { body: Buffer.from('x'), metadata: {}, storageClass: 'STANDARD_IA' });
    const same = { metadataDirective: 'COPY' as const };
    await expect(store.copy('copies', 'k', 'copies', 'k', same)).rejects.toMatchObject({ status: 400, code: 'InvalidRequest' });
    await expect(store.copy('copies', 'k', 'copies', 'k', { ...same, storageClass: 'STANDARD_IA' })).rejects.toMatchObject({ code: 'InvalidRequest' });
    // Without x-amz-storage-class the destination is STANDARD, as S3 does.
    expect((await store.copy('copies', 'k', 'copies', 'k2', same)).storageClass).toBe('STANDARD');
    expect((await store.copy('copies', 'k', 'copies', 'k', { ...same, storageClass: 'GLACIER' })).storageClass).toBe('GLACIER');
    await store.put('copies', 'm', { body: Buffer.from('x'), metadata: {} });
    expect((await store.copy('copies', 'm', 'copies', 'm', { metadataDirective: 'REPLACE', replace: { metadata: { n: '1' } } })).metadata).toEqual({ n: '1' });
    expect((await store.copy('copies', 'm', 'copies', 'm', { ...same, encryptionChanged: true })).key).toBe('m');
  });

  it('refuses sources above 5 GiB and unrestored archives, with S3 words', async () => {
    const store = await fresh();
    store.putSynthetic('copies', 'big', 5 * GiB + 1);
    store.putSynthetic('copies', 'edge', 5 * GiB);
    await expect(store.copy('copies', 'big', 'copies', 'big-copy', { metadataDirective: 'COPY' })).rejects.toMatchObject({
      status: 400,
      code: 'InvalidRequest',
      message: 'The specified copy source is larger than the maximum allowable size for a copy source: 5368709120',
    });
    const edge = await store.copy('copies', 'edge', 'copies', 'edge-copy', { metadataDirective: 'COPY' });
    expect(edge.size).toBe(5 * GiB);
    expect((await store.read('copies', 'edge-copy', r(5 * GiB - 8, 5 * GiB - 1))).equals(await store.read('copies', 'edge', r(5 * GiB - 8, 5 * GiB - 1)))).toBe(true);
    store.putSynthetic('copies', 'cold', 10, { storageClass: 'DEEP_ARCHIVE' });
    await expect(store.copy('copies', 'cold', 'copies', 'thawed', { metadataDirective: 'COPY' })).rejects.toMatchObject({ status: 403, code: 'InvalidObjectState' });
  });
});

describe('synthetic objects', () => {
  it('cost a record, read any range deterministically and carry a multipart-form ETag', async () => {
    const store = await fresh();
    const o = store.putSynthetic('copies', 'six.bin', 6 * GiB, { storageClass: 'STANDARD_IA', contentType: 'application/x-test', metadata: { a: 'b' }, tags: { t: '1' } });
    expect([o.size, o.storageClass, o.contentType, o.metadata, o.tags]).toEqual([6 * GiB, 'STANDARD_IA', 'application/x-test', { a: 'b' }, { t: '1' }]);
    expect(o.etag).toMatch(/^"[0-9a-f]{32}-768"$/);
    const tail = await store.read('copies', 'six.bin', r(6 * GiB - 10, 6 * GiB - 1));
    expect(tail).toHaveLength(10);
    expect((await store.read('copies', 'six.bin', r(6 * GiB - 10, 6 * GiB - 1))).equals(tail)).toBe(true);
    store.putSynthetic('copies', 'twin.bin', 100, { seed: 'copies/six.bin' });
    expect((await store.read('copies', 'twin.bin')).equals(await store.read('copies', 'six.bin', r(0, 99)))).toBe(true);
    expect(() => store.putSynthetic('copies', 'neg', -1)).toThrow(RangeError);
  });

  it('stream in chunks that add up to the ranged read', async () => {
    const store = await fresh();
    store.putSynthetic('copies', 's', 3 * MiB + 5);
    const chunks: Buffer[] = [];
    for await (const c of store.stream('copies', 's', r(MiB - 3, 3 * MiB + 4), undefined, 256 * 1024)) chunks.push(c);
    expect(chunks.length).toBe(9);
    expect(Buffer.concat(chunks).equals(await store.read('copies', 's', r(MiB - 3, 3 * MiB + 4)))).toBe(true);
  });
});

describe('UploadPartCopy', () => {
  it('copies a 6 GiB synthetic object in ranged parts without storing bytes; the result reads as the source', async () => {
    const store = await fresh();
    store.putSynthetic('copies', 'src.bin', 6 * GiB);
    const up = store.createMultipart('copies', 'dst.bin', { metadata: {} });
    const bounds = [0, 2 * GiB, 4 * GiB, 6 * GiB];
    const parts = [];
    for (let i = 0; i < 3; i++) {
      const p = await store.uploadPartCopy('copies', 'dst.bin', up.uploadId, i + 1, { bucket: 'copies', key: 'src.bin', range: r(bounds[i], bounds[i + 1] - 1) });
      expect(p.size).toBe(2 * GiB);
      parts.push({ partNumber: i + 1, etag: p.etag });
    }
    expect(store.listParts('copies', 'dst.bin', up.uploadId).map((p) => p.size)).toEqual([2 * GiB, 2 * GiB, 2 * GiB]);
    const done = await store.completeMultipart('copies', 'dst.bin', up.uploadId, parts);
    expect([done.size, done.partsCount]).toEqual([6 * GiB, 3]);
    const body = storeState(store).buckets.get('copies')?.objects.get('dst.bin')?.body;
    expect(body && 'slices' in body && body.slices.length).toBe(3);
    for (const at of [0, 2 * GiB - 5, 4 * GiB - 5, 6 * GiB - 10]) {
      const range = r(at, at + 9);
      expect((await store.read('copies', 'dst.bin', range)).equals(await store.read('copies', 'src.bin', range))).toBe(true);
    }
    // A copy of a 6 GiB object needs UploadPartCopy: a part without a range is refused.
    const up2 = store.createMultipart('copies', 'again.bin', { metadata: {} });
    await expect(store.uploadPartCopy('copies', 'again.bin', up2.uploadId, 1, { bucket: 'copies', key: 'src.bin' })).rejects.toMatchObject({ code: 'InvalidRequest' });
  });

  it('mixes uploaded parts with parts copied from synthetic and stored sources, shifted ranges included', async () => {
    const store = await fresh();
    store.putSynthetic('copies', 'syn', 20 * MiB);
    const stored = Buffer.alloc(6 * MiB, 7);
    await store.put('copies', 'real', { body: stored, metadata: {} });
    const up = store.createMultipart('copies', 'mix', { metadata: {} });
    const own = Buffer.alloc(5 * MiB, 1);
    const p1 = await store.uploadPart('copies', 'mix', up.uploadId, 1, own);
    const p2 = await store.uploadPartCopy('copies', 'mix', up.uploadId, 2, { bucket: 'copies', key: 'syn', range: r(3, 5 * MiB + 2) });
    const p3 = await store.uploadPartCopy('copies', 'mix', up.uploadId, 3, { bucket: 'copies', key: 'real', range: r(MiB, 6 * MiB - 1) });
    const p4 = await store.uploadPartCopy('copies', 'mix', up.uploadId, 4, { bucket: 'copies', key: 'syn', range: r(19 * MiB, 20 * MiB - 1) });
    // A part copied from stored bytes has a real MD5 ETag; a derived one is stable across identical copies.
    expect(p3.etag).toBe(`"${(await import('node:crypto')).createHash('md5').update(stored.subarray(MiB)).digest('hex')}"`);
    const again = await store.uploadPartCopy('copies', 'mix', up.uploadId, 2, { bucket: 'copies', key: 'syn', range: r(3, 5 * MiB + 2) });
    expect(again.etag).toBe(p2.etag);
    const parts = [p1, p2, p3, p4].map((p) => ({ partNumber: p.partNumber, etag: p.etag }));
    const done = await store.completeMultipart('copies', 'mix', up.uploadId, parts);
    const expected = Buffer.concat([own, await store.read('copies', 'syn', r(3, 5 * MiB + 2)), stored.subarray(MiB), await store.read('copies', 'syn', r(19 * MiB, 20 * MiB - 1))]);
    expect(done.size).toBe(expected.length);
    expect((await store.read('copies', 'mix')).equals(expected)).toBe(true);
    const crossing = r(5 * MiB - 2, 10 * MiB + 1);
    expect((await store.read('copies', 'mix', crossing)).equals(expected.subarray(crossing.start, crossing.end + 1))).toBe(true);
    // Copying the copy (a slice body) again keeps the bytes.
    const copy = store.createMultipart('copies', 'mix2', { metadata: {} });
    const q = await store.uploadPartCopy('copies', 'mix2', copy.uploadId, 1, { bucket: 'copies', key: 'mix', range: r(4 * MiB, 11 * MiB) });
    await store.completeMultipart('copies', 'mix2', copy.uploadId, [{ partNumber: 1, etag: q.etag }]);
    expect((await store.read('copies', 'mix2')).equals(expected.subarray(4 * MiB, 11 * MiB + 1))).toBe(true);
  });

  it('copies one version of a versioned source and refuses archived ones', async () => {
    const store = await fresh();
    store.setVersioning('copies', 'Enabled');
    const v1 = await store.put('copies', 'v', { body: Buffer.from('first'), metadata: {} });
    await store.put('copies', 'v', { body: Buffer.from('second'), metadata: {} });
    const up = store.createMultipart('copies', 'out', { metadata: {} });
    const p = await store.uploadPartCopy('copies', 'out', up.uploadId, 1, { bucket: 'copies', key: 'v', versionId: v1.versionId });
    await store.completeMultipart('copies', 'out', up.uploadId, [{ partNumber: 1, etag: p.etag }]);
    expect((await store.read('copies', 'out')).toString()).toBe('first');
    await store.put('copies', 'ice', { body: Buffer.from('ice'), metadata: {}, storageClass: 'GLACIER' });
    const up2 = store.createMultipart('copies', 'out2', { metadata: {} });
    await expect(store.uploadPartCopy('copies', 'out2', up2.uploadId, 1, { bucket: 'copies', key: 'ice' })).rejects.toMatchObject({ status: 403, code: 'InvalidObjectState' });
  });
});
