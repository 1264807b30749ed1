import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ListingRows } from '../../../../shared/ipc/listing';
import { storageClassIndex } from '../../../../shared/ipc/listing';
import { button, cleanup, click, render, SANDBOX, storeWithFake, tick, type } from '../../testing/app-harness';
import { uploadPlan } from '../../testing/jobs-fixtures';
import { BrowseToolbar } from '../browse/browse-toolbar';
import { RowContextMenu, rowActionContext } from '../browse/context-menu';
import { actionsFor, disabledReason } from '../browse/row-actions';
import { MetadataEditor } from '../inspector/metadata-editor';
import { DropTarget } from '../transfers/drop-target';
import { selectionLabel } from './object-actions';
import './object-actions';
import '../restore/restore-actions';

afterEach(cleanup);

function rows(names: string[], folders: number): ListingRows {
  return {
    names,
    sizes: names.map(() => 10),
    modified: names.map(() => 1),
    storageClass: names.map((_, i) => (i < folders ? 0 : storageClassIndex('STANDARD'))),
    restore: names.map(() => 0),
    restoreExpiry: names.map(() => 0),
  };
}

/** A store showing `runs/` with one folder and two objects, the first `select` rows selected. */
async function listed(readOnly = false, select = 1) {
  const h = await storeWithFake({ connections: [{ ...SANDBOX, readOnly }] });
  h.store.getState().navigate({ bucket: 'bucket', prefix: 'runs/' });
  await tick();
  h.store.getState().applyListingEvent({ jobId: 'L1', kind: 'rows', folders: 1, rows: rows(['old/', 'a.bin', 'b.bin'], 1) });
  h.store.getState().applyListingEvent({ jobId: 'L1', kind: 'done', total: 3, scanned: 3, seconds: 0, restoreStatusSupported: true });
  for (let pos = 0; pos < select; pos++) h.store.getState().clickRow(pos, { range: false, toggle: pos > 0 });
  return h;
}

describe('object actions', () => {
  it('says what a selection is', () => {
    expect(selectionLabel({ connectionId: 'c', bucket: 'b', prefixes: ['runs/'], keys: [], base: 'runs/' })).toBe('everything in runs/');
    expect(selectionLabel({ connectionId: 'c', bucket: 'b', prefixes: [''], keys: [], base: '' })).toBe('everything in the bucket');
    expect(selectionLabel({ connectionId: 'c', bucket: 'b', prefixes: ['runs/x/'], keys: ['runs/a', 'runs/b'], base: 'runs/' })).toBe('2 objects and 1 folder with everything in it');
  });

  it('registers Download, Rename, Copy, Move, Storage class, Metadata, Upload link and Delete in the one menu, in order', async () => {
    const { store } = await listed(false, 2);
    const ctx = rowActionContext(store.getState())!;
    expect(actionsFor(ctx).map((a) => a.id)).toEqual(['copy-uri', 'download', 'restore', 'copy-to', 'move-to', 'storage-class', 'delete']);
    store.getState().clickRow(1, { range: false, toggle: false });
    const one = rowActionContext(store.getState())!;
    expect(actionsFor(one).map((a) => a.id)).toEqual(['inspect', 'copy-uri', 'share-link', 'upload-link', 'download', 'rename', 'copy-to', 'move-to', 'storage-class', 'edit-metadata', 'delete']);
    expect(actionsFor(one).every((a) => disabledReason(a, one) === null)).toBe(true);
  });

  it('greys out every change on a read-only connection, with the reason once at the bottom of the menu; Download stays', async () => {
    const { store, fake } = await listed(true, 2);
    render(<RowContextMenu anchor={{ x: 10, y: 10 }} onClose={() => undefined} />, store);
    const menu = document.querySelector('[role="menu"]')!;
    const item = (label: string) => [...menu.querySelectorAll('[role="menuitem"]')].find((m) => m.textContent === label)!;
    for (const label of ['Copy to…', 'Move to…', 'Change storage class…', 'Delete…', 'Restore from archive…']) {
      expect(item(label).getAttribute('aria-disabled'), label).toBe('true');
      expect(item(label).getAttribute('title')).toMatch(/read-only/);
    }
    expect(item('Download…').getAttribute('aria-disabled')).toBeNull();
    expect([...menu.querySelectorAll('.ctx-why')].map((p) => p.textContent)).toEqual(['This connection is read-only, so Thaw changes nothing with it.']);
    click(item('Delete…'));
    expect(store.getState().operationDialog).toBeNull();
    expect(fake.calls.some((c) => c.path.startsWith('objects.'))).toBe(false);
  });

  it('runs Delete from the menu over the selection, resolved to prefixes and keys', async () => {
    const { store, fake } = await listed(false, 2);
    fake.answer('objects.planOperation', () => ({ ok: false, error: { code: 'Internal', message: 'not here' } }));
    const ctx = rowActionContext(store.getState())!;
    actionsFor(ctx).find((a) => a.id === 'delete')!.run(ctx);
    expect(store.getState().operationDialog).toMatchObject({ op: 'delete', label: '1 object and 1 folder with everything in it' });
    await tick();
    expect(fake.calls.find((c) => c.path === 'objects.planOperation')?.input).toMatchObject({ prefixes: ['runs/old/'], keys: ['runs/a.bin'], base: 'runs/' });
  });
});

describe('toolbar and drop target', () => {
  it('downloads the folder on screen when nothing is selected, and the selection when something is', async () => {
    const { store, fake } = await listed(false, 0);
    fake.answer('transfers.planDownload', () => ({ ok: true, data: null }));
    const el = render(<BrowseToolbar />, store);
    const download = el.querySelector<HTMLButtonElement>('[data-testid="toolbar-download"]')!;
    expect(download.textContent).toBe('Download folder…');
    click(download);
    await tick();
    expect(fake.calls.find((c) => c.path === 'transfers.planDownload')?.input).toEqual({ connectionId: 'sandbox', bucket: 'bucket', prefixes: ['runs/'], keys: [], base: 'runs/' });
    act(() => store.getState().clickRow(1, { range: false, toggle: false }));
    click(el.querySelector('[data-testid="toolbar-download"]'));
    await tick();
    expect(fake.calls.filter((c) => c.path === 'transfers.planDownload').at(-1)?.input).toEqual({ connectionId: 'sandbox', bucket: 'bucket', prefixes: [], keys: [{ key: 'runs/a.bin' }], base: 'runs/' });
  });

  it('offers Upload files / folder, New folder and Show versions; greys out changes read-only', async () => {
    const { store, fake } = await listed(false, 0);
    fake.answer('transfers.planUpload', () => ({ ok: true, data: null }));
    const el = render(<BrowseToolbar />, store);
    click(el.querySelector('[data-testid="toolbar-upload"]'));
    click(button(el, 'Folder…'));
    await tick();
    expect(fake.calls.find((c) => c.path === 'transfers.planUpload')?.input).toMatchObject({ prefix: 'runs/', pick: 'folder' });
    click(el.querySelector('[data-testid="toolbar-new-folder"]'));
    expect(store.getState().nameDialog).toEqual({ kind: 'new-folder', bucket: 'bucket', prefix: 'runs/' });
    cleanup();
    const ro = await listed(true, 0);
    const el2 = render(<BrowseToolbar />, ro.store);
    expect(el2.querySelector<HTMLButtonElement>('[data-testid="toolbar-upload"]')!.disabled).toBe(true);
    expect(el2.querySelector<HTMLButtonElement>('[data-testid="toolbar-upload"]')!.title).toMatch(/read-only/);
    expect(el2.querySelector<HTMLButtonElement>('[data-testid="toolbar-new-folder"]')!.disabled).toBe(true);
    expect(el2.querySelector<HTMLButtonElement>('[data-testid="toolbar-download"]')!.disabled).toBe(false);
  });

  it('uploads files dropped on the table; ignores drags without files', async () => {
    const planDroppedUpload = vi.fn(async () => ({ ok: true as const, data: uploadPlan() }));
    const h = await storeWithFake({ deps: { files: () => ({ planDroppedUpload }) } });
    h.store.getState().navigate({ bucket: 'bucket', prefix: 'runs/' });
    const el = render(
      <DropTarget>
        <div className="table" />
      </DropTarget>,
      h.store,
    );
    const target = el.querySelector('[data-testid="drop-target"]')!;
    const file = new File(['x'], 'a.bin');
    const drag = (type: string, types: string[], files: File[] = []) => {
      const e = new Event(type, { bubbles: true, cancelable: true });
      Object.defineProperty(e, 'dataTransfer', { value: { types, files, dropEffect: 'none' } });
      act(() => void target.dispatchEvent(e));
      return e;
    };
    drag('dragenter', ['text/plain']);
    expect(el.querySelector('.drop-hint')).toBeNull();
    drag('dragenter', ['Files'], [file]);
    expect(el.querySelector('.drop-hint')?.textContent).toBe('Drop to upload into s3://bucket/runs/');
    const drop = drag('drop', ['Files'], [file]);
    expect(drop.defaultPrevented).toBe(true);
    await tick();
    expect(el.querySelector('.drop-hint')).toBeNull();
    expect(planDroppedUpload).toHaveBeenCalledWith([file], { connectionId: 'sandbox', bucket: 'bucket', prefix: 'runs/' });
    expect(h.store.getState().uploadDialog?.plan.planId).toBe('u1');
  });
});

describe('metadata editor', () => {
  const details = {
    bucket: 'bucket',
    key: 'a.bin',
    size: 1,
    storageClass: 'STANDARD',
    restore: { state: 'none' as const, sentence: '' },
    checksums: {},
    metadata: { 'sample-count': '10' },
    tags: { team: 'ml' },
    contentType: 'application/octet-stream',
    rawHeaders: {},
  };

  it('saves changed metadata, and tags only when they changed', async () => {
    const { store, fake } = await storeWithFake();
    fake.answer('objects.updateMetadata', () => ({ ok: true, data: {} }));
    const el = render(<MetadataEditor details={details} />, store);
    const inputs = () => [...el.querySelectorAll<HTMLInputElement>('.pairs-row input')];
    type(inputs()[1]!, '12000');
    click(el.querySelector('[data-testid="metadata-save"]'));
    await tick();
    expect(fake.calls.find((c) => c.path === 'objects.updateMetadata')?.input).toEqual({
      connectionId: 'sandbox',
      bucket: 'bucket',
      key: 'a.bin',
      metadata: { 'sample-count': '12000' },
      contentType: 'application/octet-stream',
    });
    type(inputs()[3]!, 'vision');
    click(el.querySelector('[data-testid="metadata-save"]'));
    await tick();
    expect(fake.calls.filter((c) => c.path === 'objects.updateMetadata').at(-1)?.input).toMatchObject({ tags: { team: 'vision' } });
  });

  it('leaves unreadable tags alone', async () => {
    const { store } = await storeWithFake();
    const el = render(<MetadataEditor details={{ ...details, tags: null, tagsReason: 'no s3:GetObjectTagging' }} />, store);
    expect(el.textContent).toContain('Tags could not be read (no s3:GetObjectTagging), so they are left as they are.');
  });
});
