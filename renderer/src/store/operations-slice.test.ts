import { describe, expect, it } from 'vitest';
import type { OperationPlan } from '../../../shared/ipc/objects';
import type { Result } from '../../../shared/ipc/result';
import { SANDBOX, storeWithFake } from '../testing/app-harness';
import { deferred } from '../testing/fake-thaw';
import { operationPlan } from '../testing/jobs-fixtures';
import { nameProblem } from './operations-slice';

const tick = () => new Promise((r) => setTimeout(r, 0));
const selection = { connectionId: 'sandbox', bucket: 'bucket', prefixes: ['runs/old/'], keys: ['runs/a.bin'], base: 'runs/' };

describe('operations slice: bulk operations', () => {
  it('plans a delete at once and starts it with the plan’s count echoed', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('objects.planOperation', () => ({ ok: true, data: operationPlan() }));
    fake.answer('objects.startOperation', () => ({ ok: true, data: { jobId: 'O1' } }));
    store.getState().openOperation('delete', selection, '1 object and 1 folder');
    expect(store.getState().operationDialog?.status).toBe('planning');
    await tick();
    expect(fake.calls.find((c) => c.path === 'objects.planOperation')?.input).toEqual({ op: 'delete', connectionId: 'sandbox', bucket: 'bucket', prefixes: ['runs/old/'], keys: ['runs/a.bin'], base: 'runs/' });
    expect(store.getState().operationDialog?.status).toBe('ready');
    expect(await store.getState().startOperation()).toBe(true);
    expect(fake.calls.find((c) => c.path === 'objects.startOperation')?.input).toEqual({ planId: 'o1', confirmedObjects: 20 });
    expect(store.getState().operationDialog).toBeNull();
    expect(store.getState().selectedJobId).toBe('O1');
  });

  it('asks where a copy goes before planning, and plans with the target on the same connection', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('objects.planOperation', () => ({ ok: true, data: operationPlan({ op: 'copy' }) }));
    store.getState().openOperation('copy', selection, 'x');
    expect(store.getState().operationDialog?.status).toBe('choose');
    expect(fake.calls.some((c) => c.path === 'objects.planOperation')).toBe(false);
    await store.getState().planOperation({ destination: { bucket: 'other', prefix: 'backup/' } });
    expect(fake.calls.find((c) => c.path === 'objects.planOperation')?.input).toMatchObject({ op: 'copy', target: { connectionId: 'sandbox', bucket: 'other', prefix: 'backup/' } });
    // Back keeps the destination for the next plan.
    store.getState().reviseOperation();
    expect(store.getState().operationDialog).toMatchObject({ status: 'choose', destination: { bucket: 'other', prefix: 'backup/' }, plan: null });
  });

  it('sends the new class for a storage-class change, and drops a plan that answers after the dialog closed', async () => {
    const { fake, store } = await storeWithFake();
    const reply = deferred<Result<OperationPlan>>();
    fake.answer('objects.planOperation', () => reply.promise);
    store.getState().openOperation('storage-class', selection, 'x');
    const planning = store.getState().planOperation({ storageClass: 'DEEP_ARCHIVE' });
    expect(fake.calls.find((c) => c.path === 'objects.planOperation')?.input).toMatchObject({ op: 'storage-class', storageClass: 'DEEP_ARCHIVE' });
    store.getState().closeOperation();
    reply.resolve({ ok: true, data: operationPlan({ op: 'storage-class' }) });
    await planning;
    expect(store.getState().operationDialog).toBeNull();
  });

  it('keeps a failed plan in the dialog, and refuses everything on a read-only connection', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('objects.planOperation', () => ({ ok: false, error: { code: 'AccessDenied', message: 'Not allowed: s3:ListBucket' } }));
    store.getState().openOperation('delete', selection, 'x');
    await tick();
    expect(store.getState().operationDialog).toMatchObject({ status: 'failed', error: { code: 'AccessDenied' } });

    const ro = await storeWithFake({ connections: [{ ...SANDBOX, readOnly: true }] });
    ro.store.getState().openOperation('delete', selection, 'x');
    ro.store.getState().openNameDialog({ kind: 'new-folder', bucket: 'bucket', prefix: '' });
    ro.store.getState().editMetadata({ bucket: 'bucket', key: 'k' });
    await tick();
    expect(ro.store.getState().operationDialog).toBeNull();
    expect(ro.store.getState().nameDialog).toBeNull();
    expect(ro.store.getState().metadataEditing).toBeNull();
    expect(ro.fake.calls.some((c) => c.path.startsWith('objects.'))).toBe(false);
  });
});

describe('operations slice: single objects', () => {
  it('renames within the folder and lists it again; creates folders as prefix markers', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('objects.rename', () => ({ ok: true, data: { key: 'runs/b.bin' } }));
    fake.answer('objects.createFolder', () => ({ ok: true, data: { key: 'runs/new/' } }));
    store.getState().navigate({ bucket: 'bucket', prefix: 'runs/' });
    const listings = () => fake.calls.filter((c) => c.path === 'listing.start').length;
    const before = listings();
    store.getState().openNameDialog({ kind: 'rename', bucket: 'bucket', key: 'runs/a.bin' });
    expect(await store.getState().renameObject('b.bin')).toBeNull();
    expect(fake.calls.find((c) => c.path === 'objects.rename')?.input).toEqual({ connectionId: 'sandbox', bucket: 'bucket', key: 'runs/a.bin', newKey: 'runs/b.bin' });
    expect(store.getState().nameDialog).toBeNull();
    expect(listings()).toBe(before + 1);
    store.getState().openNameDialog({ kind: 'new-folder', bucket: 'bucket', prefix: 'runs/' });
    expect(await store.getState().createFolder('new')).toBeNull();
    expect(fake.calls.find((c) => c.path === 'objects.createFolder')?.input).toEqual({ connectionId: 'sandbox', bucket: 'bucket', prefix: 'runs/new/' });
  });

  it('returns a failed rename to the dialog, which stays open', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('objects.rename', () => ({ ok: false, error: { code: 'AccessDenied', message: 'Not allowed: s3:PutObject' } }));
    store.getState().openNameDialog({ kind: 'rename', bucket: 'bucket', key: 'a.bin' });
    expect(await store.getState().renameObject('b.bin')).toMatchObject({ code: 'AccessDenied' });
    expect(store.getState().nameDialog).not.toBeNull();
  });

  it('saves metadata and tags and re-reads the inspected object', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('objects.updateMetadata', () => ({ ok: true, data: {} }));
    fake.answer('objects.head', () => ({ ok: true, data: { key: 'a.bin', metadata: {}, tags: {} } }));
    fake.answer('objects.preview', () => ({ ok: true, data: { kind: 'unsupported', key: 'a.bin', size: 1, reason: 'binary' } }));
    await store.getState().inspectObject({ bucket: 'bucket', key: 'a.bin' });
    store.getState().editMetadata({ bucket: 'bucket', key: 'a.bin' });
    const heads = fake.calls.filter((c) => c.path === 'objects.head').length;
    expect(await store.getState().saveMetadata({ bucket: 'bucket', key: 'a.bin' }, { metadata: { 'sample-count': '5' }, contentType: 'text/csv', tags: { team: 'ml' } })).toBeNull();
    expect(fake.calls.find((c) => c.path === 'objects.updateMetadata')?.input).toEqual({
      connectionId: 'sandbox',
      bucket: 'bucket',
      key: 'a.bin',
      metadata: { 'sample-count': '5' },
      contentType: 'text/csv',
      tags: { team: 'ml' },
    });
    expect(store.getState().metadataEditing).toBeNull();
    await tick();
    expect(fake.calls.filter((c) => c.path === 'objects.head').length).toBe(heads + 1);
  });

  it('checks names before anything is sent', () => {
    expect(nameProblem('')).toMatch(/Type a name/);
    expect(nameProblem('a/b')).toMatch(/cannot contain/);
    expect(nameProblem('..')).toMatch(/not names/);
    expect(nameProblem('x'.repeat(1001))).toMatch(/too long/);
    expect(nameProblem('train-2026.jsonl')).toBeNull();
  });
});
