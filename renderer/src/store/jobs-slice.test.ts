import { describe, expect, it } from 'vitest';
import type { ConnectionSummary } from '../../../shared/ipc/connections';
import type { JobSummary } from '../../../shared/ipc/jobs';
import type { Result } from '../../../shared/ipc/result';
import { createFakeThaw, deferred, manualScheduler } from '../testing/fake-thaw';
import { storeWithFake } from '../testing/app-harness';
import { operationJob, restoreJob, restorePlan, transferJob } from '../testing/jobs-fixtures';
import { createAppStore } from './index';
import { ITEMS_PAGE, jobsNewestFirst } from './jobs-slice';

const SANDBOX: ConnectionSummary = { id: 'sandbox', name: 'Local sandbox', kind: 'sandbox', region: 'us-east-1', readOnly: false };
const tick = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const fake = createFakeThaw({
    connections: ['list'],
    jobs: ['list', 'items', 'clear'],
    restore: ['plan', 'cancelPlan', 'start', 'cancel', 'retryFailed', 'resume', 'checkNow'],
    settings: ['get', 'set'],
  });
  fake.answer('connections.list', () => ({ ok: true, data: [SANDBOX] }));
  fake.answer('settings.get', () => ({ ok: false, error: { code: 'Internal', message: 'not in this test' } }));
  const clock = manualScheduler();
  const store = createAppStore({ api: () => fake.api, schedule: clock.schedule });
  return { fake, store, clock };
}

describe('jobs slice', () => {
  it('hydrates from jobs:list once connections are loaded', async () => {
    const { fake, store } = setup();
    fake.answer('jobs.list', () => ({ ok: true, data: [restoreJob('b', { startedAt: 2 }), restoreJob('a', { startedAt: 1, state: 'done' })] }));
    await store.getState().loadConnections();
    await tick();
    expect(fake.calls.filter((c) => c.path === 'jobs.list')).toHaveLength(1);
    expect(store.getState().jobsLoad.status).toBe('loaded');
    expect(jobsNewestFirst(store.getState().jobs).map((j) => j.jobId)).toEqual(['b', 'a']);
    // A later refresh of connections does not hydrate again (events keep the slice current).
    await store.getState().loadConnections();
    expect(fake.calls.filter((c) => c.path === 'jobs.list')).toHaveLength(1);
  });

  it('keeps what events said while jobs:list was out, and adds the rest', async () => {
    const { fake, store } = setup();
    const reply = deferred<Result<JobSummary[]>>();
    fake.answer('jobs.list', () => reply.promise);
    const hydrate = store.getState().hydrateJobs();
    expect(store.getState().jobsLoad.status).toBe('loading');
    store.getState().applyJobsEvent({ type: 'upsert', job: restoreJob('a', { state: 'done', items: { total: 10, done: 10, failed: 0 } }) });
    store.getState().applyJobsEvent({ type: 'removed', jobIds: ['gone'] });
    reply.resolve({ ok: true, data: [restoreJob('a'), restoreJob('gone'), restoreJob('c')] });
    await hydrate;
    const jobs = store.getState().jobs;
    expect(jobs.a?.state).toBe('done');
    expect(jobs.gone).toBeUndefined();
    expect(jobs.c?.state).toBe('running');
  });

  it('shows a failed jobs:list in the slice, not as a toast', async () => {
    const { fake, store } = setup();
    fake.answer('jobs.list', () => ({ ok: false, error: { code: 'Internal', message: 'journal dir unreadable' } }));
    await store.getState().hydrateJobs();
    expect(store.getState().jobsLoad).toMatchObject({ status: 'failed', error: { code: 'Internal' } });
    expect(store.getState().toasts).toHaveLength(0);
  });

  it('upserts a job whose event arrives before restore:start answers, then selects it', async () => {
    const { fake, store } = setup();
    await store.getState().loadConnections();
    fake.answer('jobs.list', () => ({ ok: true, data: [] }));
    fake.answer('restore.plan', () => ({ ok: true, data: { planId: 'p1' } }));
    store.getState().openRestore({ connectionId: 'sandbox', bucket: 'bucket', prefixes: ['data/'], keys: [] });
    const requestId = store.getState().restoreDialog!.requestId;
    store.getState().applyPlanEvent({ requestId, planId: 'p1', kind: 'done', plan: restorePlan() });
    const reply = deferred<Result<{ jobId: string }>>();
    fake.answer('restore.start', () => reply.promise);
    const started = store.getState().startRestore({ tier: 'Standard', days: 7, extendRestored: false });
    // main announces the job before the reply reaches the renderer.
    store.getState().applyJobsEvent({ type: 'upsert', job: restoreJob('j1') });
    expect(store.getState().jobs.j1?.state).toBe('running');
    reply.resolve({ ok: true, data: { jobId: 'j1' } });
    expect(await started).toBe(true);
    expect(store.getState().restoreDialog).toBeNull();
    expect(store.getState().jobsPanelOpen).toBe(true);
    expect(store.getState().selectedJobId).toBe('j1');
    expect(Object.keys(store.getState().jobs)).toEqual(['j1']);
    // Starting consumed the plan: closing the dialog must not cancel it.
    expect(fake.calls.some((c) => c.path === 'restore.cancelPlan')).toBe(false);
    // A later event replaces the whole summary.
    store.getState().applyJobsEvent({ type: 'upsert', job: restoreJob('j1', { state: 'done' }) });
    expect(store.getState().jobs.j1?.state).toBe('done');
  });

  it('drops removed jobs, their items and the selection', () => {
    const { store } = setup();
    store.getState().applyJobsEvent({ type: 'upsert', job: restoreJob('a', { state: 'done' }) });
    store.getState().applyJobsEvent({ type: 'upsert', job: restoreJob('b') });
    store.getState().selectJob('a');
    store.getState().setJobItemsFilter('a', 'failed');
    store.getState().applyJobsEvent({ type: 'removed', jobIds: ['a', 'unknown'] });
    expect(Object.keys(store.getState().jobs)).toEqual(['b']);
    expect(store.getState().jobItems.a).toBeUndefined();
    expect(store.getState().selectedJobId).toBeNull();
  });

  it('clears only finished jobs', async () => {
    const { fake, store } = setup();
    store.getState().applyJobsEvent({ type: 'upsert', job: restoreJob('a', { state: 'done' }) });
    store.getState().applyJobsEvent({ type: 'upsert', job: restoreJob('b') });
    store.getState().applyJobsEvent({ type: 'upsert', job: restoreJob('c', { state: 'cancelled' }) });
    fake.answer('jobs.clear', (input) => ({ ok: true, data: { removed: (input as { jobIds: string[] }).jobIds } }));
    await store.getState().clearFinishedJobs();
    expect(fake.calls.find((c) => c.path === 'jobs.clear')?.input).toEqual({ jobIds: ['a', 'c'] });
    expect(Object.keys(store.getState().jobs)).toEqual(['b']);
  });

  it('runs job actions and turns their errors into sentences', async () => {
    const { fake, store } = setup();
    store.getState().applyJobsEvent({ type: 'upsert', job: restoreJob('a') });
    fake.answer('restore.retryFailed', () => ({ ok: true, data: { retried: 3 } }));
    await store.getState().retryFailedJob('a');
    expect(store.getState().toasts.at(-1)?.title).toBe('Retrying 3 failed keys');
    fake.answer('restore.cancel', () => ({ ok: false, error: { code: 'NoSuchJob', message: 'gone' } }));
    expect(await store.getState().cancelJob('a')).toBe(false);
    expect(store.getState().toasts.at(-1)).toMatchObject({ kind: 'error', code: 'NoSuchJob' });
    fake.answer('restore.checkNow', () => ({ ok: true, data: { checked: true } }));
    await store.getState().checkJobNow('a');
    expect(fake.calls.find((c) => c.path === 'restore.checkNow')?.input).toEqual({ jobId: 'a' });
  });

  it('pages items for the rows on screen, per filter, and refreshes shown pages when the job moves', async () => {
    const { fake, store, clock } = setup();
    store.getState().applyJobsEvent({ type: 'upsert', job: restoreJob('a') });
    fake.answer('jobs.items', (input) => {
      const { offset, limit, state } = input as { offset: number; limit: number; state?: string };
      const total = state ? 5 : 1_000_000;
      const n = Math.max(0, Math.min(limit, total - offset));
      return { ok: true, data: { total, offset, items: Array.from({ length: n }, (_, i) => ({ key: `k${offset + i}`, state: state ?? 'requested', size: 1 })) } };
    });
    const pageCalls = () => fake.calls.filter((c) => c.path === 'jobs.items').map((c) => c.input);
    store.getState().loadJobItems('a', 250, 290);
    await tick();
    // Only the pages covering rows 250–289 of a million: one request of ITEMS_PAGE.
    expect(pageCalls()).toEqual([{ jobId: 'a', offset: 200, limit: ITEMS_PAGE }]);
    expect(store.getState().jobItems.a?.total).toBe(1_000_000);
    expect(store.getState().jobItems.a?.pages[2]?.[50]?.key).toBe('k250');
    store.getState().loadJobItems('a', 250, 290);
    await tick();
    expect(pageCalls()).toHaveLength(1);

    store.getState().setJobItemsFilter('a', 'failed');
    expect(store.getState().jobItems.a?.total).toBeNull();
    store.getState().loadJobItems('a', 0, 30);
    await tick();
    expect(pageCalls().at(-1)).toEqual({ jobId: 'a', offset: 0, limit: ITEMS_PAGE, state: 'failed' });
    expect(store.getState().jobItems.a?.total).toBe(5);

    // The job moved: the shown page is refetched (once per ITEMS_REFRESH_MS, and a held-back refresh still happens).
    store.getState().applyJobsEvent({ type: 'upsert', job: restoreJob('a', { items: { total: 10, done: 9, failed: 5 } }) });
    store.getState().loadJobItems('a', 0, 30);
    await tick();
    expect(pageCalls()).toHaveLength(3);
    store.getState().applyJobsEvent({ type: 'upsert', job: restoreJob('a', { state: 'done' }) });
    store.getState().loadJobItems('a', 0, 30);
    await tick();
    expect(pageCalls()).toHaveLength(3);
    clock.advance(60_000);
    await tick();
    expect(pageCalls()).toHaveLength(4);
  });
  it('asks again when the job changed while its page was out, so the last change always shows', async () => {
    const { fake, store, clock } = setup();
    store.getState().applyJobsEvent({ type: 'upsert', job: restoreJob('a') });
    const replies: Array<ReturnType<typeof deferred<Result<unknown>>>> = [];
    let state = 'requested';
    fake.answer('jobs.items', () => {
      const reply = deferred<Result<unknown>>();
      replies.push(reply);
      const answer = state;
      return reply.promise.then(() => ({ ok: true, data: { total: 1, offset: 0, items: [{ key: 'k0', state: answer, size: 1 }] } }));
    });
    store.getState().loadJobItems('a', 0, 10);
    // The job finishes while the first page is out; the refresh this asks for is a duplicate of the request in flight.
    state = 'restored';
    store.getState().applyJobsEvent({ type: 'upsert', job: restoreJob('a', { state: 'done' }) });
    store.getState().loadJobItems('a', 0, 10);
    expect(replies).toHaveLength(1);
    replies[0]?.resolve({ ok: true, data: null });
    await tick();
    await tick();
    // The answer was older than the job's last change: the page is fetched again, unprompted.
    expect(replies).toHaveLength(2);
    replies[1]?.resolve({ ok: true, data: null });
    await tick();
    await tick();
    expect(store.getState().jobItems.a?.pages[0]?.[0]?.state).toBe('restored');
    clock.advance(60_000);
    await tick();
    expect(replies).toHaveLength(2);
  });
});

describe('jobs slice: every kind', () => {
  it('sends job actions to the calls of the job’s kind', async () => {
    const { fake, store } = await storeWithFake();
    for (const path of ['transfers.cancel', 'objects.cancelOperation', 'restore.cancel']) fake.answer(path, () => ({ ok: true, data: { cancelled: true } }));
    for (const path of ['transfers.resume', 'objects.resumeOperation', 'restore.resume']) fake.answer(path, () => ({ ok: true, data: { resumed: true } }));
    fake.answer('transfers.pause', () => ({ ok: true, data: { paused: true } }));
    fake.answer('transfers.retryFailed', () => ({ ok: true, data: { retried: 2 } }));
    const s = store.getState();
    s.applyJobsEvent({ type: 'upsert', job: transferJob('t') });
    s.applyJobsEvent({ type: 'upsert', job: operationJob('o') });
    s.applyJobsEvent({ type: 'upsert', job: restoreJob('r') });
    for (const id of ['t', 'o', 'r']) {
      await store.getState().cancelJob(id);
      await store.getState().resumeJob(id);
      await store.getState().pauseJob(id);
    }
    await store.getState().retryFailedJob('t');
    await store.getState().retryFailedJob('o');
    const paths = fake.calls.map((c) => c.path).filter((p) => /cancel|resume|pause|retry/i.test(p));
    expect(paths).toEqual(['transfers.cancel', 'transfers.resume', 'transfers.pause', 'objects.cancelOperation', 'objects.resumeOperation', 'restore.cancel', 'restore.resume', 'transfers.retryFailed']);
    expect(store.getState().toasts.at(-1)?.title).toBe('Retrying 2 failed files');
  });

  it('lists the folder on screen again when an upload into its bucket or an operation on it ends', async () => {
    const { fake, store } = await storeWithFake();
    store.getState().navigate({ bucket: 'bucket', prefix: 'data/' });
    const listings = () => fake.calls.filter((c) => c.path === 'listing.start').length;
    const before = listings();
    const up = transferJob('u', {}, { direction: 'upload' });
    store.getState().applyJobsEvent({ type: 'upsert', job: up });
    store.getState().applyJobsEvent({ type: 'upsert', job: { ...up, state: 'done' } });
    expect(listings()).toBe(before + 1);
    // A download, or a job in another bucket, changes nothing on screen.
    const down = transferJob('d');
    store.getState().applyJobsEvent({ type: 'upsert', job: down });
    store.getState().applyJobsEvent({ type: 'upsert', job: { ...down, state: 'done' } });
    const elsewhere = operationJob('x', { bucket: 'other' });
    store.getState().applyJobsEvent({ type: 'upsert', job: elsewhere });
    store.getState().applyJobsEvent({ type: 'upsert', job: { ...elsewhere, state: 'done' } });
    expect(listings()).toBe(before + 1);
    const op = operationJob('o');
    store.getState().applyJobsEvent({ type: 'upsert', job: op });
    store.getState().applyJobsEvent({ type: 'upsert', job: { ...op, state: 'cancelled' } });
    expect(listings()).toBe(before + 2);
  });
});
