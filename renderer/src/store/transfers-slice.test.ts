import { describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../shared/ipc/result';
import type { DownloadPlan } from '../../../shared/ipc/transfers';
import { SANDBOX, storeWithFake } from '../testing/app-harness';
import { deferred } from '../testing/fake-thaw';
import { downloadPlan, uploadPlan } from '../testing/jobs-fixtures';

const tick = () => new Promise((r) => setTimeout(r, 0));
const selection = { connectionId: 'sandbox', bucket: 'bucket', prefixes: ['data/'], keys: [], base: '' };

describe('transfers slice: downloads', () => {
  it('does nothing when the folder dialog was cancelled (null plan)', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('transfers.planDownload', () => ({ ok: true, data: null }));
    expect(await store.getState().planDownload(selection)).toBe(false);
    expect(store.getState().downloadDialog).toBeNull();
    expect(store.getState().transferPlanning).toBeNull();
    expect(store.getState().toasts).toEqual([]);
  });

  it('holds one plan at a time, opens the confirmation with the plan, and starts it with the choices', async () => {
    const { fake, store } = await storeWithFake();
    const reply = deferred<Result<DownloadPlan | null>>();
    fake.answer('transfers.planDownload', () => reply.promise);
    fake.answer('transfers.startDownload', () => ({ ok: true, data: { jobId: 'J1', restoreJobId: 'R1' } }));
    const planning = store.getState().planDownload(selection);
    expect(store.getState().transferPlanning).toBe('download');
    // A second plan while the native dialog is up is refused, not stacked.
    expect(await store.getState().planDownload(selection)).toBe(false);
    expect(fake.calls.filter((c) => c.path === 'transfers.planDownload')).toHaveLength(1);
    reply.resolve({ ok: true, data: downloadPlan() });
    expect(await planning).toBe(true);
    expect(store.getState().downloadDialog?.plan.planId).toBe('d1');

    expect(await store.getState().startDownload({ collision: 'newer', archived: 'restore-first', tier: 'Bulk', days: 3 })).toBe(true);
    expect(fake.calls.find((c) => c.path === 'transfers.startDownload')?.input).toEqual({ planId: 'd1', collision: 'newer', archived: 'restore-first', tier: 'Bulk', days: 3 });
    expect(store.getState().downloadDialog).toBeNull();
    expect(store.getState().jobsPanelOpen).toBe(true);
    expect(store.getState().selectedJobId).toBe('J1');
  });

  it('sends no tier or days when archived objects are skipped, and keeps the dialog with the error when start fails', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('transfers.planDownload', () => ({ ok: true, data: downloadPlan() }));
    fake.answer('transfers.startDownload', () => ({ ok: false, error: { code: 'InvalidInput', message: 'That plan is gone.' } }));
    await store.getState().planDownload(selection);
    expect(await store.getState().startDownload({ collision: 'skip', archived: 'skip', tier: 'Bulk', days: 3 })).toBe(false);
    expect(fake.calls.find((c) => c.path === 'transfers.startDownload')?.input).toEqual({ planId: 'd1', collision: 'skip', archived: 'skip' });
    expect(store.getState().downloadDialog).toMatchObject({ starting: false, startError: { code: 'InvalidInput' } });
  });

  it('turns a failed plan into a toast', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('transfers.planDownload', () => ({ ok: false, error: { code: 'AccessDenied', message: 'Not allowed: s3:ListBucket' } }));
    await store.getState().planDownload(selection);
    expect(store.getState().downloadDialog).toBeNull();
    expect(store.getState().toasts[0]).toMatchObject({ kind: 'error', code: 'AccessDenied' });
  });
});

describe('transfers slice: uploads', () => {
  it('plans into the folder on screen with the native dialog, then starts with class and metadata', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('transfers.planUpload', () => ({ ok: true, data: uploadPlan() }));
    fake.answer('transfers.startUpload', () => ({ ok: true, data: { jobId: 'U1' } }));
    store.getState().navigate({ bucket: 'bucket', prefix: 'data/' });
    expect(await store.getState().planUpload({ pick: 'folder' })).toBe(true);
    expect(fake.calls.find((c) => c.path === 'transfers.planUpload')?.input).toEqual({ connectionId: 'sandbox', bucket: 'bucket', prefix: 'data/', pick: 'folder' });
    await store.getState().startUpload({ storageClass: 'GLACIER_IR', metadata: { 'sample-count': '12000' }, collision: 'skip' });
    expect(fake.calls.find((c) => c.path === 'transfers.startUpload')?.input).toEqual({ planId: 'u1', storageClass: 'GLACIER_IR', metadata: { 'sample-count': '12000' }, collision: 'skip' });
    expect(store.getState().selectedJobId).toBe('U1');
  });

  it('refuses on a read-only connection without asking main', async () => {
    const { fake, store } = await storeWithFake({ connections: [{ ...SANDBOX, readOnly: true }] });
    store.getState().navigate({ bucket: 'bucket', prefix: '' });
    expect(await store.getState().planUpload({ pick: 'files' })).toBe(false);
    expect(await store.getState().uploadDropped([new File(['x'], 'a.bin')])).toBe(false);
    expect(fake.calls.some((c) => c.path.startsWith('transfers.'))).toBe(false);
    expect(store.getState().toasts[0]?.title).toMatch(/read-only/);
  });

  it('plans dropped files through the preload helper, which alone sees their paths', async () => {
    const planDroppedUpload = vi.fn(async () => ({ ok: true as const, data: uploadPlan({ planId: 'drop' }) }));
    const { fake, store } = await storeWithFake({ deps: { files: () => ({ planDroppedUpload }) } });
    store.getState().navigate({ bucket: 'bucket', prefix: 'runs/' });
    const dropped = [new File(['x'], 'a.bin')];
    expect(await store.getState().uploadDropped(dropped)).toBe(true);
    expect(planDroppedUpload).toHaveBeenCalledWith(dropped, { connectionId: 'sandbox', bucket: 'bucket', prefix: 'runs/' });
    expect(store.getState().uploadDialog?.plan.planId).toBe('drop');
    expect(fake.calls.some((c) => c.path === 'transfers.planUpload')).toBe(false);
  });

  it('falls back to the file dialog where no preload can read dropped paths', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('transfers.planUpload', () => ({ ok: true, data: null }));
    store.getState().navigate({ bucket: 'bucket', prefix: '' });
    await store.getState().uploadDropped([new File(['x'], 'a.bin')]);
    await tick();
    expect(fake.calls.find((c) => c.path === 'transfers.planUpload')?.input).toMatchObject({ pick: 'files' });
    expect(store.getState().toasts[0]?.title).toBe('Choose the dropped files again');
    expect(store.getState().uploadDialog).toBeNull();
  });
});

describe('transfers slice: upload links', () => {
  it('creates the link, copies it, and refuses on read-only connections', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('transfers.uploadLink', () => ({ ok: true, data: { url: 'http://x/?X-Amz-Signature=s', expiresAt: 1, headers: {} } }));
    store.getState().openUploadLink({ bucket: 'bucket', key: 'in/a.bin' });
    expect(store.getState().uploadLinkTarget).toEqual({ bucket: 'bucket', key: 'in/a.bin' });
    const link = await store.getState().createUploadLink({ bucket: 'bucket', key: 'in/a.bin' }, 3600, 'text/csv');
    expect(link?.url).toContain('X-Amz-Signature');
    expect(fake.calls.find((c) => c.path === 'transfers.uploadLink')?.input).toEqual({ connectionId: 'sandbox', bucket: 'bucket', key: 'in/a.bin', expiresInSeconds: 3600, contentType: 'text/csv' });
    expect(fake.calls.find((c) => c.path === 'clipboard.writeText')?.input).toEqual({ text: 'http://x/?X-Amz-Signature=s' });

    const ro = await storeWithFake({ connections: [{ ...SANDBOX, readOnly: true }] });
    ro.store.getState().openUploadLink({ bucket: 'bucket', key: 'k' });
    expect(ro.store.getState().uploadLinkTarget).toBeNull();
  });
});
