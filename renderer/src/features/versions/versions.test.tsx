import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { RESTORE_RESTORED } from '../../../../shared/ipc/listing';
import { button, cleanup, click, render, SANDBOX, storeWithFake, tick, type } from '../../testing/app-harness';
import { objectVersion } from '../../testing/jobs-fixtures';
import { VersionsList } from './versions-list';
import { VersionsSection } from './versions-section';
import { deletedKeys, filterVersions, shortVersionId, versionActions, versionRole } from './versions-view';

afterEach(cleanup);

describe('versions view', () => {
  it('tells current, noncurrent and delete markers apart, with the actions each offers', () => {
    const current = objectVersion('a', 'v3', { isLatest: true });
    const old = objectVersion('a', 'v2');
    const archived = objectVersion('a', 'v1', { storageClass: 'DEEP_ARCHIVE' });
    const restored = objectVersion('a', 'v0', { storageClass: 'GLACIER', restore: RESTORE_RESTORED });
    const marker = objectVersion('b', 'm1', { isLatest: true, deleteMarker: true, size: 0 });
    expect([current, old, marker, objectVersion('b', 'm0', { deleteMarker: true })].map(versionRole)).toEqual(['current', 'noncurrent', 'deleting-marker', 'delete-marker']);
    expect(versionActions(current)).toEqual({ download: true, restore: false, promote: false, deleteVersion: true, undelete: false });
    expect(versionActions(old)).toMatchObject({ download: true, promote: true });
    expect(versionActions(archived)).toMatchObject({ download: false, restore: true, promote: false });
    expect(versionActions(restored)).toMatchObject({ download: true, restore: false, promote: true });
    expect(versionActions(marker)).toMatchObject({ download: false, undelete: true, promote: false });
    expect(filterVersions([current, old, marker], 'changed')).toEqual([old, marker]);
    expect(deletedKeys([current, old, marker])).toEqual(['b']);
    expect(shortVersionId('3HL4kqtJlcpXroDTDmjVBH40Nrjfkd')).toBe('3HL4kq…jfkd');
    expect(shortVersionId('null')).toBe('null');
  });
});

describe('inspector versions section', () => {
  it('lists versions and delete markers when opened, and deletes a version only after saying it is permanent', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('objects.versions', () => ({
      ok: true,
      data: [objectVersion('a.bin', 'v3', { isLatest: true }), objectVersion('a.bin', 'm2', { deleteMarker: true, size: 0 }), objectVersion('a.bin', 'v1', { storageClass: 'GLACIER' })],
    }));
    fake.answer('objects.deleteVersion', () => ({ ok: true, data: { deleted: true } }));
    fake.answer('objects.restoreVersion', () => ({ ok: true, data: { status: 'started' } }));
    const el = render(<VersionsSection bucket="bucket" objectKey="a.bin" />, store);
    expect(fake.calls.some((c) => c.path === 'objects.versions')).toBe(false);
    click(button(el, /Versions/));
    await tick();
    const items = [...el.querySelectorAll('.ver-item')];
    expect(items.map((i) => i.querySelector('.badge')?.textContent)).toEqual(['Current', 'Delete marker', 'Noncurrent']);
    expect(button(el, /Versions/)?.textContent).toContain('(3)');
    // The archived noncurrent version: restore with tier and days, no download.
    const oldest = items[2]!;
    expect(button(oldest, 'Download…')).toBeUndefined();
    click(button(oldest, 'Restore…'));
    type(oldest.querySelector<HTMLInputElement>('input[type="number"]'), '2');
    click(button(oldest, 'Restore version'));
    await tick();
    expect(fake.calls.find((c) => c.path === 'objects.restoreVersion')?.input).toMatchObject({ versionId: 'v1', days: 2 });
    click(button(el.querySelectorAll('.ver-item')[0]!, 'Delete…'));
    const confirm = el.querySelector('[role="alertdialog"]')!;
    expect(confirm.textContent).toMatch(/Permanent.*cannot be undone.*bytes are gone for good.*next older version becomes current/);
    expect(fake.calls.some((c) => c.path === 'objects.deleteVersion')).toBe(false);
    click(confirm.querySelector('[data-testid="version-delete-confirm"]'));
    await tick();
    expect(fake.calls.find((c) => c.path === 'objects.deleteVersion')?.input).toEqual({ connectionId: 'sandbox', bucket: 'bucket', key: 'a.bin', versionId: 'v3', permanent: true });
  });

  it('says when the bucket has no versioning, and greys out changes on read-only connections', async () => {
    const { fake, store } = await storeWithFake({ connections: [{ ...SANDBOX, readOnly: true }] });
    fake.answer('objects.versions', (input) =>
      (input as { key: string }).key === 'plain' ? { ok: true, data: [objectVersion('plain', 'null', { isLatest: true })] } : { ok: true, data: [objectVersion('a', 'v1', { isLatest: true }), objectVersion('a', 'v0')] },
    );
    act(() => store.getState().setVersionsSectionOpen(true));
    const el = render(<VersionsSection bucket="bucket" objectKey="a" />, store);
    await tick();
    const promote = button(el, 'Promote')!;
    expect(promote.disabled).toBe(true);
    expect(promote.title).toMatch(/read-only/);
    cleanup();
    const el2 = render(<VersionsSection bucket="bucket" objectKey="plain" />, store);
    await tick();
    expect(el2.textContent).toContain('Versioning is not on for this bucket');
  });
});

describe('table versions view', () => {
  it('shows noncurrent versions and deleted keys under the folder, undeletes, pages and goes back', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('objects.listVersions', (input) =>
      (input as { keyMarker?: string }).keyMarker
        ? { ok: true, data: { versions: [objectVersion('d/z.bin', 'z1')], prefixes: [] } }
        : {
            ok: true,
            data: {
              versions: [
                objectVersion('d/a.bin', 'a2', { isLatest: true }),
                objectVersion('d/a.bin', 'a1'),
                objectVersion('d/gone.bin', 'g2', { isLatest: true, deleteMarker: true, size: 0 }),
                objectVersion('d/gone.bin', 'g1'),
              ],
              prefixes: ['d/sub/'],
              next: { keyMarker: 'd/gone.bin', versionIdMarker: 'g1' },
            },
          },
    );
    fake.answer('objects.undelete', () => ({ ok: true, data: { removedMarker: 'g2' } }));
    store.getState().navigate({ bucket: 'bucket', prefix: 'd/' });
    act(() => store.getState().toggleShowVersions());
    const el = render(<VersionsList />, store);
    await tick();
    const rows = () => [...el.querySelectorAll('tbody tr[data-key]')].map((r) => `${r.getAttribute('data-key')}:${r.querySelector('.badge')?.textContent}`);
    expect(rows()).toEqual(['d/a.bin:Noncurrent', 'd/gone.bin:Deleted', 'd/gone.bin:Noncurrent']);
    expect(el.textContent).toContain('3 versions shown · 1 deleted key · more to load');
    expect(el.textContent).toContain('sub/');
    type(el.querySelector<HTMLSelectElement>('[data-testid="versions-filter"]'), 'all');
    expect(rows()).toHaveLength(4);
    click(el.querySelector('[data-testid="version-undelete"]'));
    await tick();
    expect(fake.calls.find((c) => c.path === 'objects.undelete')?.input).toEqual({ connectionId: 'sandbox', bucket: 'bucket', key: 'd/gone.bin' });
    expect(fake.calls.filter((c) => c.path === 'objects.listVersions').length).toBeGreaterThanOrEqual(2);
    await tick();
    click(button(el, 'Load more versions'));
    await tick();
    expect(rows().map((r) => r.split(':')[0])).toContain('d/z.bin');
    click(button(el, 'Back to objects'));
    expect(store.getState().showVersions).toBe(false);
  });
});
