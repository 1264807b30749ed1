import { describe, expect, it } from 'vitest';
import type { ConnectionSummary } from '../../../shared/ipc/connections';
import { RESTORE_IN_PROGRESS, RESTORE_RESTORED, storageClassIndex, type ListingRows } from '../../../shared/ipc/listing';
import type { Result } from '../../../shared/ipc/result';
import { createFakeThaw, deferred } from '../testing/fake-thaw';
import { restorePlan } from '../testing/jobs-fixtures';
import { createAppStore } from './index';
import { restoreRefusal, selectionRestoreTarget } from './restore-target';

const SANDBOX: ConnectionSummary = { id: 'sandbox', name: 'Local sandbox', kind: 'sandbox', region: 'us-east-1', readOnly: false };
const tick = () => new Promise((r) => setTimeout(r, 0));
const GLACIER = storageClassIndex('GLACIER');

function rows(names: string[], folders = 0): ListingRows {
  return {
    names,
    sizes: names.map(() => 10),
    modified: names.map(() => 1),
    storageClass: names.map((_, i) => (i < folders ? 0 : GLACIER)),
    restore: names.map(() => 0),
    restoreExpiry: names.map(() => 0),
  };
}

async function setup(connections: ConnectionSummary[] = [SANDBOX]) {
  const fake = createFakeThaw({
    connections: ['list'],
    jobs: ['list'],
    settings: ['get'],
    listing: ['start', 'cancel'],
    browse: ['children'],
    objects: ['head', 'preview'],
    restore: ['plan', 'cancelPlan', 'start'],
  });
  fake.answer('connections.list', () => ({ ok: true, data: connections }));
  fake.answer('jobs.list', () => ({ ok: true, data: [] }));
  fake.answer('settings.get', () => ({ ok: false, error: { code: 'Internal', message: 'n/a' } }));
  fake.answer('listing.start', () => ({ ok: true, data: { jobId: 'L1' } }));
  fake.answer('listing.cancel', () => ({ ok: true, data: { cancelled: true } }));
  fake.answer('browse.children', () => ({ ok: true, data: { folders: [], objectCount: 0 } }));
  fake.answer('restore.cancelPlan', () => ({ ok: true, data: { cancelled: true } }));
  fake.answer('objects.head', (input) => ({ ok: true, data: { key: (input as { key: string }).key, size: 1, restore: { state: 'restored', sentence: 'Restored' } } }));
  fake.answer('objects.preview', (input) => ({ ok: true, data: { kind: 'archived', key: (input as { key: string }).key, size: 1, message: 'Restore it first.' } }));
  const store = createAppStore({ api: () => fake.api, schedule: (fn) => (fn(), () => undefined) });
  await store.getState().loadConnections();
  return { fake, store };
}

/** Lists `data/` with a folder and three archived files. */
async function listed(recursive = false) {
  const h = await setup();
  const s = h.store.getState();
  s.navigate({ bucket: 'bucket', prefix: 'data/' });
  if (recursive) h.store.getState().searchBelow('bin');
  await tick();
  const names = recursive ? ['a.bin', 'sub/c.bin', 'sub/d.bin'] : ['sub/', 'a.bin', 'b.bin', 'c.bin'];
  h.store.getState().applyListingEvent({ jobId: 'L1', kind: 'rows', folders: recursive ? 0 : 1, rows: rows(names, recursive ? 0 : 1) });
  h.store.getState().applyListingEvent({ jobId: 'L1', kind: 'done', total: names.length, scanned: names.length, seconds: 0, restoreStatusSupported: true });
  return h;
}

const restoreOf = (store: Awaited<ReturnType<typeof setup>>['store'], name: string) => {
  const r = store.getState().getRows();
  const row = Array.from(r.identity()).find((i) => r.name(i) === name)!;
  return [r.restore(row), r.restoreExpiry(row)];
};

describe('restore dialog state', () => {
  it('matches plan events by the request id, also before restore:plan answers', async () => {
    const { fake, store } = await setup();
    const reply = deferred<Result<{ planId: string }>>();
    fake.answer('restore.plan', () => reply.promise);
    store.getState().openRestore({ connectionId: 'sandbox', bucket: 'bucket', prefixes: ['data/'], keys: [] });
    const d = store.getState().restoreDialog!;
    expect(fake.calls.find((c) => c.path === 'restore.plan')?.input).toEqual({ requestId: d.requestId, connectionId: 'sandbox', bucket: 'bucket', prefixes: ['data/'], keys: [] });
    store.getState().applyPlanEvent({ requestId: 'someone-else', planId: 'px', kind: 'progress', scanned: 9, archived: 9, headsDone: 0, headsPending: 0 });
    store.getState().applyPlanEvent({ requestId: d.requestId, planId: 'p1', kind: 'progress', scanned: 1200, archived: 40, headsDone: 2, headsPending: 5 });
    expect(store.getState().restoreDialog).toMatchObject({ planId: 'p1', plan: { status: 'planning', progress: { scanned: 1200, archived: 40, headsDone: 2, headsPending: 5 } } });
    store.getState().applyPlanEvent({ requestId: d.requestId, planId: 'p1', kind: 'done', plan: restorePlan() });
    // A late progress event does not take a finished plan back to "planning".
    store.getState().applyPlanEvent({ requestId: d.requestId, planId: 'p1', kind: 'progress', scanned: 1, archived: 1, headsDone: 0, headsPending: 0 });
    expect(store.getState().restoreDialog?.plan.status).toBe('ready');
    reply.resolve({ ok: true, data: { planId: 'p1' } });
    await tick();
    expect(store.getState().restoreDialog?.planId).toBe('p1');
    store.getState().closeRestore();
    expect(store.getState().restoreDialog).toBeNull();
    expect(fake.calls.filter((c) => c.path === 'restore.cancelPlan').map((c) => c.input)).toEqual([{ planId: 'p1' }]);
  });

  it('cancels a plan whose dialog closed before restore:plan answered', async () => {
    const { fake, store } = await setup();
    const reply = deferred<Result<{ planId: string }>>();
    fake.answer('restore.plan', () => reply.promise);
    store.getState().openRestore({ connectionId: 'sandbox', bucket: 'bucket', prefixes: [], keys: ['k'] });
    store.getState().closeRestore();
    expect(fake.calls.some((c) => c.path === 'restore.cancelPlan')).toBe(false);
    reply.resolve({ ok: true, data: { planId: 'late' } });
    await tick();
    expect(fake.calls.filter((c) => c.path === 'restore.cancelPlan').map((c) => c.input)).toEqual([{ planId: 'late' }]);
  });

  it('shows a refused plan or start as an error in the dialog and keeps it open', async () => {
    const { fake, store } = await setup();
    fake.answer('restore.plan', () => ({ ok: false, error: { code: 'AccessDenied', message: 'no s3:ListBucket' } }));
    store.getState().openRestore({ connectionId: 'sandbox', bucket: 'bucket', prefixes: ['x/'], keys: [] });
    await tick();
    expect(store.getState().restoreDialog?.plan).toMatchObject({ status: 'failed', error: { code: 'AccessDenied' } });
    fake.answer('restore.plan', () => ({ ok: true, data: { planId: 'p2' } }));
    store.getState().replanRestore();
    const { requestId } = store.getState().restoreDialog!;
    store.getState().applyPlanEvent({ requestId, planId: 'p2', kind: 'done', plan: restorePlan({ planId: 'p2' }) });
    fake.answer('restore.start', () => ({ ok: false, error: { code: 'InvalidInput', message: 'confirm the amount' } }));
    expect(await store.getState().startRestore({ tier: 'Bulk', days: 3, extendRestored: true, acknowledgedCostUsd: 12.5 })).toBe(false);
    expect(fake.calls.find((c) => c.path === 'restore.start')?.input).toEqual({ planId: 'p2', tier: 'Bulk', days: 3, extendRestored: true, acknowledgedCostUsd: 12.5 });
    expect(store.getState().restoreDialog).toMatchObject({ starting: false, startError: { code: 'InvalidInput' } });
  });
});

describe('objects:restore-changed', () => {
  it('updates the listed rows in place (keys are full keys) and bumps the version', async () => {
    const { store } = await listed();
    const v = store.getState().rowsVersion;
    store.getState().applyRestoreChanged({
      connectionId: 'sandbox',
      bucket: 'bucket',
      keys: ['data/a.bin', 'data/c.bin', 'data/sub/a.bin', 'other/b.bin'],
      restore: [RESTORE_RESTORED, RESTORE_IN_PROGRESS, RESTORE_RESTORED, RESTORE_RESTORED],
      restoreExpiry: [86_400_000, 0, 1, 1],
    });
    expect(restoreOf(store, 'a.bin')).toEqual([RESTORE_RESTORED, 86_400_000]);
    expect(restoreOf(store, 'c.bin')).toEqual([RESTORE_IN_PROGRESS, 0]);
    expect(restoreOf(store, 'b.bin')).toEqual([0, 0]);
    expect(store.getState().rowsVersion).toBe(v + 1);
  });

  it('ignores other connections, other buckets, and changes that change nothing', async () => {
    const { store } = await listed();
    const v = store.getState().rowsVersion;
    const event = { bucket: 'bucket', keys: ['data/a.bin'], restore: [RESTORE_RESTORED], restoreExpiry: [0] };
    store.getState().applyRestoreChanged({ ...event, connectionId: 'other' });
    store.getState().applyRestoreChanged({ ...event, connectionId: 'sandbox', bucket: 'elsewhere' });
    store.getState().applyRestoreChanged({ ...event, connectionId: 'sandbox', restore: [0] });
    expect(store.getState().rowsVersion).toBe(v);
  });

  it('matches nested keys in a recursive search', async () => {
    const { store } = await listed(true);
    store.getState().applyRestoreChanged({ connectionId: 'sandbox', bucket: 'bucket', keys: ['data/sub/d.bin'], restore: [RESTORE_RESTORED], restoreExpiry: [5] });
    expect(restoreOf(store, 'sub/d.bin')).toEqual([RESTORE_RESTORED, 5]);
  });

  it('re-reads the inspected object when it is among the changed keys', async () => {
    const { fake, store } = await listed();
    await store.getState().inspectObject({ bucket: 'bucket', key: 'data/b.bin' });
    const heads = () => fake.calls.filter((c) => c.path === 'objects.head').length;
    const before = heads();
    store.getState().applyRestoreChanged({ connectionId: 'sandbox', bucket: 'bucket', keys: ['data/a.bin'], restore: [RESTORE_RESTORED], restoreExpiry: [0] });
    expect(heads()).toBe(before);
    store.getState().applyRestoreChanged({ connectionId: 'sandbox', bucket: 'bucket', keys: ['data/b.bin'], restore: [RESTORE_RESTORED], restoreExpiry: [0] });
    await tick();
    expect(heads()).toBe(before + 1);
    // The preview said "restore it first", so it is read again too.
    expect(fake.calls.filter((c) => c.path === 'objects.preview')).toHaveLength(2);
    expect(store.getState().details).toMatchObject({ status: 'loaded', data: { restore: { state: 'restored' } } });
  });
});

describe('restore target', () => {
  it('is the folder on screen without a selection, folders and keys with one', async () => {
    const { store } = await listed();
    expect(selectionRestoreTarget(store.getState())).toEqual({ ok: true, target: { connectionId: 'sandbox', bucket: 'bucket', prefixes: ['data/'], keys: [] } });
    store.getState().clickRow(0, { range: false, toggle: false });
    store.getState().clickRow(2, { range: false, toggle: true });
    expect(selectionRestoreTarget(store.getState())).toEqual({ ok: true, target: { connectionId: 'sandbox', bucket: 'bucket', prefixes: ['data/sub/'], keys: ['data/b.bin'] } });
    // Everything selected in a complete listing is the folder itself.
    store.getState().selectAll();
    expect(selectionRestoreTarget(store.getState())).toMatchObject({ ok: true, target: { prefixes: ['data/'], keys: [] } });
  });

  it('refuses read-only connections with a reason', async () => {
    const { store } = await setup([{ ...SANDBOX, readOnly: true }]);
    expect(restoreRefusal(store.getState())).toMatch(/read-only/);
  });
});
