import { describe, expect, it } from 'vitest';
import { SANDBOX, storeWithFake } from '../testing/app-harness';
import { objectVersion } from '../testing/jobs-fixtures';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('versions slice', () => {
  it('lists one object’s versions once, again when forced, and keeps them per key', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('objects.versions', (input) => ({ ok: true, data: [objectVersion((input as { key: string }).key, 'v2', { isLatest: true }), objectVersion((input as { key: string }).key, 'v1')] }));
    await store.getState().loadObjectVersions({ bucket: 'bucket', key: 'a.bin' });
    await store.getState().loadObjectVersions({ bucket: 'bucket', key: 'a.bin' });
    expect(fake.calls.filter((c) => c.path === 'objects.versions')).toHaveLength(1);
    expect(store.getState().objectVersions).toMatchObject({ key: 'a.bin', status: 'loaded' });
    expect(store.getState().objectVersions?.versions.map((v) => v.versionId)).toEqual(['v2', 'v1']);
    await store.getState().loadObjectVersions({ bucket: 'bucket', key: 'a.bin' }, true);
    expect(fake.calls.filter((c) => c.path === 'objects.versions')).toHaveLength(2);
  });

  it('pages the folder’s versions with the markers S3 returned', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('objects.listVersions', (input) => {
      const i = input as { keyMarker?: string };
      return i.keyMarker
        ? { ok: true, data: { versions: [objectVersion('d/b', 'v9')], prefixes: ['d/sub/', 'd/two/'] } }
        : { ok: true, data: { versions: [objectVersion('d/a', 'v1')], prefixes: ['d/sub/'], next: { keyMarker: 'd/a', versionIdMarker: 'v1' } } };
    });
    store.getState().navigate({ bucket: 'bucket', prefix: 'd/' });
    store.getState().toggleShowVersions();
    await tick();
    expect(fake.calls.find((c) => c.path === 'objects.listVersions')?.input).toEqual({ connectionId: 'sandbox', bucket: 'bucket', prefix: 'd/', delimiter: '/', maxKeys: 1000 });
    await store.getState().loadMoreVersions();
    expect(fake.calls.filter((c) => c.path === 'objects.listVersions').at(-1)?.input).toMatchObject({ keyMarker: 'd/a', versionIdMarker: 'v1' });
    expect(store.getState().versionList).toMatchObject({ next: null, prefixes: ['d/sub/', 'd/two/'] });
    expect(store.getState().versionList?.versions.map((v) => v.key)).toEqual(['d/a', 'd/b']);
    // Switching the view off lists the folder again: what is current may have changed.
    const listings = fake.calls.filter((c) => c.path === 'listing.start').length;
    store.getState().toggleShowVersions();
    expect(fake.calls.filter((c) => c.path === 'listing.start').length).toBe(listings + 1);
  });

  it('runs version actions with the right calls, refreshes what they touched, and refuses read-only', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('objects.versions', () => ({ ok: true, data: [objectVersion('a.bin', 'v1')] }));
    fake.answer('objects.promoteVersion', () => ({ ok: true, data: {} }));
    fake.answer('objects.undelete', () => ({ ok: true, data: { removedMarker: 'm1' } }));
    fake.answer('objects.deleteVersion', () => ({ ok: true, data: { deleted: true } }));
    fake.answer('objects.restoreVersion', () => ({ ok: true, data: { status: 'started' } }));
    const target = { bucket: 'bucket', key: 'a.bin' };
    await store.getState().loadObjectVersions(target);
    expect(await store.getState().runVersionAction(target, { kind: 'promote', versionId: 'v1' })).toBeNull();
    expect(await store.getState().runVersionAction(target, { kind: 'undelete' })).toBeNull();
    expect(await store.getState().runVersionAction(target, { kind: 'delete-version', versionId: 'v1' })).toBeNull();
    expect(await store.getState().runVersionAction(target, { kind: 'restore', versionId: 'v1', tier: 'Bulk', days: 2 })).toBeNull();
    const ref = { connectionId: 'sandbox', bucket: 'bucket', key: 'a.bin' };
    expect(fake.calls.find((c) => c.path === 'objects.promoteVersion')?.input).toEqual({ ...ref, versionId: 'v1' });
    expect(fake.calls.find((c) => c.path === 'objects.undelete')?.input).toEqual(ref);
    expect(fake.calls.find((c) => c.path === 'objects.deleteVersion')?.input).toEqual({ ...ref, versionId: 'v1', permanent: true });
    expect(fake.calls.find((c) => c.path === 'objects.restoreVersion')?.input).toEqual({ ...ref, versionId: 'v1', tier: 'Bulk', days: 2 });
    await tick();
    expect(fake.calls.filter((c) => c.path === 'objects.versions')).toHaveLength(5);

    const ro = await storeWithFake({ connections: [{ ...SANDBOX, readOnly: true }] });
    expect(await ro.store.getState().runVersionAction(target, { kind: 'undelete' })).toMatchObject({ code: 'ReadOnly' });
    expect(ro.fake.calls.some((c) => c.path === 'objects.undelete')).toBe(false);
  });
});
