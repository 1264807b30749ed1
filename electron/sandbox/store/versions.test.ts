/**
 * Versioning through the store API: version ids on writes, delete markers,
 * permanent deletes (undelete by removing the marker), the `null` version
 * under Suspended, per-version reads, tags and restores, and the main index
 * (what ListObjects walks) holding only current, non-deleted keys.
 */
import { describe, expect, it } from 'vitest';
import { S3Error, type SandboxStore } from '../store-types';
import { createManualClock, createStore, storeState, type ManualClock } from './index';

async function fresh(): Promise<{ store: SandboxStore; clock: ManualClock }> {
  const clock = createManualClock('2026-11-01T10:00:00Z');
  const store = await createStore({ clock, restoreDelaysMs: { Standard: 60_000 } });
  store.createBucket('ver', 'us-east-1');
  return { store, clock };
}

function err(fn: () => unknown): S3Error {
  try {
    fn();
  } catch (e) {
    if (e instanceof S3Error) return e;
    throw e;
  }
  throw new Error('expected an S3Error');
}

const body = (s: string) => ({ body: Buffer.from(s), metadata: {} });
const text = async (store: SandboxStore, key: string, versionId?: string) => (await store.read('ver', key, undefined, versionId)).toString();
const listed = (store: SandboxStore) => store.list('ver', { maxKeys: 1000 }).entries.map((e) => (e.kind === 'object' ? e.object.key : e.prefix));
const versions = (store: SandboxStore, prefix?: string) =>
  store.listVersions('ver', { prefix, maxKeys: 1000 }).entries.map((e) =>
    e.kind === 'prefix' ? ['prefix', e.prefix] : e.kind === 'marker' ? ['marker', e.marker.key, e.marker.versionId ?? 'null', e.isLatest] : ['version', e.object.key, e.object.versionId ?? 'null', e.isLatest],
  );

describe('versioning state', () => {
  it('starts unversioned, becomes Enabled or Suspended, never unversioned again', async () => {
    const { store } = await fresh();
    expect(store.getVersioning('ver')).toBeUndefined();
    store.setVersioning('ver', 'Enabled');
    expect(store.getVersioning('ver')).toBe('Enabled');
    store.setVersioning('ver', 'Suspended');
    expect(store.getVersioning('ver')).toBe('Suspended');
    expect(err(() => store.setVersioning('ver', 'Off' as never)).code).toBe('MalformedXML');
    expect(err(() => store.setVersioning('nope', 'Enabled')).code).toBe('NoSuchBucket');
  });
});

describe('versioned writes and deletes', () => {
  it('gives each PUT a version id and keeps the older ones readable by id', async () => {
    const { store } = await fresh();
    const before = await store.put('ver', 'k', body('v0'));
    expect(before.versionId).toBeUndefined();
    store.setVersioning('ver', 'Enabled');
    const v1 = await store.put('ver', 'k', body('v1'));
    const v2 = await store.put('ver', 'k', body('v2'));
    expect(v1.versionId).toMatch(/^[A-Za-z0-9._]{32}$/);
    expect(v2.versionId).not.toBe(v1.versionId);
    expect(await text(store, 'k')).toBe('v2');
    expect(await text(store, 'k', v1.versionId)).toBe('v1');
    expect(await text(store, 'k', 'null')).toBe('v0');
    expect(store.head('ver', 'k', v1.versionId).etag).toBe(v1.etag);
    expect(versions(store)).toEqual([
      ['version', 'k', v2.versionId, true],
      ['version', 'k', v1.versionId, false],
      ['version', 'k', 'null', false],
    ]);
    expect(listed(store)).toEqual(['k']);
  });

  it('a delete adds a marker: GET 404 with the marker headers, the marker id 405, the key gone from ListObjects', async () => {
    const { store } = await fresh();
    store.setVersioning('ver', 'Enabled');
    const v1 = await store.put('ver', 'k', body('v1'));
    const del = await store.delete('ver', 'k');
    expect(del.deleteMarker).toBe(true);
    expect(del.versionId).toMatch(/^[A-Za-z0-9._]{32}$/);
    const missing = err(() => store.head('ver', 'k'));
    expect([missing.status, missing.code, missing.headers]).toEqual([404, 'NoSuchKey', { 'x-amz-delete-marker': 'true', 'x-amz-version-id': del.versionId }]);
    const onMarker = err(() => store.head('ver', 'k', del.versionId));
    expect([onMarker.status, onMarker.code, onMarker.headers['x-amz-delete-marker']]).toEqual([405, 'MethodNotAllowed', 'true']);
    expect(listed(store)).toEqual([]);
    expect(await text(store, 'k', v1.versionId)).toBe('v1');
    expect(versions(store)).toEqual([
      ['marker', 'k', del.versionId, true],
      ['version', 'k', v1.versionId, false],
    ]);
  });

  it('removing the marker undeletes; removing the current version promotes the previous one', async () => {
    const { store } = await fresh();
    store.setVersioning('ver', 'Enabled');
    const v1 = await store.put('ver', 'k', body('v1'));
    const v2 = await store.put('ver', 'k', body('v2'));
    const marker = await store.delete('ver', 'k');
    expect(await store.delete('ver', 'k', marker.versionId)).toEqual({ versionId: marker.versionId, deleteMarker: true });
    expect(await text(store, 'k')).toBe('v2');
    expect(listed(store)).toEqual(['k']);
    expect(await store.delete('ver', 'k', v2.versionId)).toEqual({ versionId: v2.versionId, deleteMarker: false });
    expect(await text(store, 'k')).toBe('v1');
    expect(store.head('ver', 'k').versionId).toBe(v1.versionId);
    await store.delete('ver', 'k', v1.versionId);
    expect(err(() => store.head('ver', 'k')).headers).toEqual({});
    expect(versions(store)).toEqual([]);
    // Deleting a version that is not there succeeds, as S3; a malformed id does not.
    expect(await store.delete('ver', 'k', v1.versionId)).toEqual({ versionId: v1.versionId, deleteMarker: false });
    await expect(store.delete('ver', 'k', 'nope')).rejects.toMatchObject({ code: 'InvalidArgument' });
    expect(err(() => store.head('ver', 'k', v1.versionId)).code).toBe('NoSuchVersion');
  });

  it('a versioned delete of a key that never existed still adds a marker, and the bucket is then not empty', async () => {
    const { store } = await fresh();
    store.setVersioning('ver', 'Enabled');
    const del = await store.delete('ver', 'ghost');
    expect(versions(store)).toEqual([['marker', 'ghost', del.versionId, true]]);
    expect(err(() => store.deleteBucket('ver')).code).toBe('BucketNotEmpty');
    await store.delete('ver', 'ghost', del.versionId);
    store.deleteBucket('ver');
  });

  it('under Suspended, writes and deletes use the null version and replace it; Enabled versions stay', async () => {
    const { store } = await fresh();
    const v0 = await store.put('ver', 'k', body('v0'));
    store.setVersioning('ver', 'Enabled');
    const v1 = await store.put('ver', 'k', body('v1'));
    store.setVersioning('ver', 'Suspended');
    const s1 = await store.put('ver', 'k', body('s1'));
    expect([v0.versionId, s1.versionId]).toEqual([undefined, undefined]);
    // The pre-versioning null version was replaced by s1; v1 stays noncurrent.
    expect(versions(store)).toEqual([
      ['version', 'k', 'null', true],
      ['version', 'k', v1.versionId, false],
    ]);
    const s2 = await store.put('ver', 'k', body('s2'));
    expect(s2.versionId).toBeUndefined();
    expect(versions(store)).toHaveLength(2);
    expect(await text(store, 'k', 'null')).toBe('s2');
    const del = await store.delete('ver', 'k');
    expect(del).toEqual({ versionId: 'null', deleteMarker: true });
    // The null object is gone for good, replaced by a null marker.
    expect(versions(store)).toEqual([
      ['marker', 'k', 'null', true],
      ['version', 'k', v1.versionId, false],
    ]);
    await store.put('ver', 'k', body('s3'));
    expect(versions(store)).toEqual([
      ['version', 'k', 'null', true],
      ['version', 'k', v1.versionId, false],
    ]);
  });

  it('an unversioned bucket keeps the old behaviour: overwrite, delete removes, versionId=null reads the object', async () => {
    const { store } = await fresh();
    await store.put('ver', 'k', body('a'));
    await store.put('ver', 'k', body('b'));
    expect(await text(store, 'k', 'null')).toBe('b');
    expect(versions(store)).toEqual([['version', 'k', 'null', true]]);
    expect(await store.delete('ver', 'k')).toEqual({ deleteMarker: false });
    expect(versions(store)).toEqual([]);
    expect(storeState(store).buckets.get('ver')?.history.size).toBe(0);
  });
});

describe('per-version tags and restores', () => {
  it('tags change one version in place without a new version', async () => {
    const { store } = await fresh();
    store.setVersioning('ver', 'Enabled');
    const v1 = await store.put('ver', 'k', { ...body('v1'), tags: { a: '1' } });
    const v2 = await store.put('ver', 'k', body('v2'));
    const tagged = store.putTags('ver', 'k', { b: '2' }, v1.versionId);
    expect(tagged.versionId).toBe(v1.versionId);
    expect(store.getTags('ver', 'k', v1.versionId)).toEqual({ b: '2' });
    expect(store.getTags('ver', 'k')).toEqual({});
    store.putTags('ver', 'k', { c: '3' });
    expect(store.getTags('ver', 'k', v2.versionId)).toEqual({ c: '3' });
    expect(versions(store)).toHaveLength(2);
    expect(await text(store, 'k', v1.versionId)).toBe('v1');
  });

  it('an archived noncurrent version restores on its own, and only it becomes readable', async () => {
    const { store, clock } = await fresh();
    store.setVersioning('ver', 'Enabled');
    const cold = await store.put('ver', 'k', { ...body('cold'), storageClass: 'GLACIER' });
    const warm = await store.put('ver', 'k', { ...body('warm'), storageClass: 'GLACIER' });
    expect(store.restore('ver', 'k', { days: 1, tier: 'Standard' }, cold.versionId)).toBe(202);
    expect(store.archiveView(store.head('ver', 'k', cold.versionId)).restoreHeader).toBe('ongoing-request="true"');
    expect(store.head('ver', 'k').restore).toBeUndefined();
    expect(store.head('ver', 'k').versionId).toBe(warm.versionId);
    clock.advance(61_000);
    expect(store.archiveView(store.head('ver', 'k', cold.versionId)).readable).toBe(true);
    expect(store.archiveView(store.head('ver', 'k')).readable).toBe(false);
    const row = store.listVersions('ver', { maxKeys: 10 }).entries[1];
    expect(row.kind === 'version' && store.archiveView(row.object).restoreHeader).toMatch(/^ongoing-request="false", expiry-date=/);
    expect(() => store.restore('ver', 'k', { days: 1 }, 'null')).toThrow(/does not exist/);
  });
});

describe('copies and synthetic objects in versioned buckets', () => {
  it('copies an older version, also onto its own key to promote it', async () => {
    const { store } = await fresh();
    store.setVersioning('ver', 'Enabled');
    const v1 = await store.put('ver', 'k', body('one'));
    await store.put('ver', 'k', body('two'));
    const copied = await store.copy('ver', 'k', 'ver', 'other', { metadataDirective: 'COPY', sourceVersionId: v1.versionId });
    expect(await text(store, 'other')).toBe('one');
    expect(copied.versionId).toMatch(/^[A-Za-z0-9._]{32}$/);
    await store.copy('ver', 'k', 'ver', 'k', { metadataDirective: 'COPY', sourceVersionId: v1.versionId });
    expect(await text(store, 'k')).toBe('one');
    expect(versions(store, 'k')).toHaveLength(3);
    const marker = await store.delete('ver', 'k');
    await expect(store.copy('ver', 'k', 'ver', 'x', { metadataDirective: 'COPY', sourceVersionId: marker.versionId })).rejects.toMatchObject({ status: 400, code: 'InvalidRequest' });
    await expect(store.copy('ver', 'k', 'ver', 'x', { metadataDirective: 'COPY' })).rejects.toMatchObject({ status: 404, code: 'NoSuchKey' });
  });

  it('versions synthetic-seed keys like stored ones', async () => {
    const store = await createStore({ seed: 'synthetic-flat:5', clock: createManualClock() });
    const bucket = 'thaw-synthetic-flat';
    store.setVersioning(bucket, 'Enabled');
    const key = 'flat/obj-0000002.bin';
    const original = await store.read(bucket, key);
    const marker = await store.delete(bucket, key);
    expect(store.list(bucket, { maxKeys: 10 }).entries).toHaveLength(4);
    expect((await store.read(bucket, key, undefined, 'null')).equals(original)).toBe(true);
    await store.delete(bucket, key, marker.versionId);
    expect((await store.read(bucket, key)).equals(original)).toBe(true);
    expect(store.list(bucket, { maxKeys: 10 }).entries).toHaveLength(5);
  });
});
