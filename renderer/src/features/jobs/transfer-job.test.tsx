import { act } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { button, cleanup, click, render, storeWithFake, tick, type } from '../../testing/app-harness';
import { operationJob, restoreJob, transferJob } from '../../testing/jobs-fixtures';
import { giveSize } from '../../testing/layout';
import { JobsPanel } from './jobs-panel';
import { progressOf } from './jobs-view';
import { fileProgress, formatRate, operationCancelWarning, transferCancelWarning, transferEta, transferFacts, transferLine, verificationText } from './transfer-job-view';

beforeAll(() => giveSize('.key-scroller', { height: 440, width: 900 }));
afterEach(cleanup);

describe('transfer job view', () => {
  it('never calls a file verified without a checksum: size is "length only", nothing is "unverified"', () => {
    expect(verificationText({ state: 'done', verifiedBy: 'CRC64NVME' })?.text).toBe('verified (CRC64NVME)');
    expect(verificationText({ state: 'done', verifiedBy: 'MD5' })).toMatchObject({ text: 'verified (MD5)', tone: 'verified' });
    expect(verificationText({ state: 'done', verifiedBy: 'parts' })?.text).toBe('verified (part checksums)');
    expect(verificationText({ state: 'done', verifiedBy: 'size' })).toMatchObject({ text: 'length only', tone: 'length' });
    expect(verificationText({ state: 'done' })).toMatchObject({ text: 'unverified', tone: 'unverified' });
    for (const state of ['queued', 'active', 'failed', 'skipped']) expect(verificationText({ state, verifiedBy: 'CRC32' })).toBeNull();
  });

  it('counts files and bytes, speed, ETA and what cancel keeps', () => {
    const job = transferJob('a', { startedAt: 0 });
    expect(transferLine(job)).toBe('3 of 10 files downloaded · 40.0 MB of 100 MB · 2 in flight · 1 skipped · 1 failed');
    expect(formatRate(5 * 2 ** 20)).toBe('5.00 MB/s');
    // 60 MB left at 5 MB/s.
    expect(transferEta(job, 0)).toBe('about 12 s left');
    expect(transferEta({ ...job, state: 'paused' }, 0)).toBeNull();
    const facts = Object.fromEntries(transferFacts(job, 60_000).map((f) => [f.label, f.value]));
    expect(facts).toEqual({ Speed: '5.00 MB/s', Finishes: 'about 12 s left', Elapsed: '1 min', Checked: '2 verified · 1 unverified' });
    expect(progressOf(job)).toBeCloseTo(0.4);
    expect(transferCancelWarning(job)).toMatch(/removes its partial files.*3 files already downloaded stay in \/home\/ops\/data/);
    expect(transferCancelWarning(transferJob('u', {}, { direction: 'upload' }))).toMatch(/aborts its multipart uploads/);
    expect(operationCancelWarning(operationJob('o'))).toMatch(/5 objects deleted so far stay deleted/);
    expect(fileProgress({ state: 'active', size: 200, bytesDone: 50 })).toBe(0.25);
    expect(fileProgress({ state: 'queued', size: 200 })).toBeNull();
  });
});

async function panel(items: (input: { offset: number; limit: number; state?: string }) => { total: number; items: unknown[] }) {
  const h = await storeWithFake();
  h.fake.answer('jobs.items', (input) => {
    const i = input as { offset: number; limit: number; state?: string };
    return { ok: true, data: { offset: i.offset, ...items(i) } };
  });
  const el = render(<JobsPanel />, h.store);
  return { ...h, el };
}

describe('jobs panel: transfers and operations', () => {
  it('shows a transfer’s queue: line, facts, per-file state, bytes and check, and pages a 100,000-file job', async () => {
    const { store, el, fake } = await panel(({ offset, limit }) => ({
      total: 100_000,
      items: Array.from({ length: limit }, (_, i) => {
        const n = offset + i;
        const verifiedBy = n % 3 === 0 ? 'CRC64NVME' : n % 3 === 1 ? 'size' : undefined;
        return { key: `data/f${n}.bin`, state: 'done', size: 1000, bytesDone: 1000, ...(verifiedBy ? { verifiedBy } : {}) };
      }),
    }));
    act(() => {
      store.getState().applyJobsEvent({ type: 'upsert', job: transferJob('t', { items: { total: 100_000, done: 4, failed: 1 } }) });
      store.getState().toggleJobsPanel();
    });
    await tick();
    const detail = el.querySelector('[data-testid="job-detail"]')!;
    expect(detail.getAttribute('data-job-kind')).toBe('transfer');
    expect(el.querySelector('[data-testid="job-route"]')?.textContent).toBe('s3://bucket/t/ → /home/ops/data');
    expect(el.querySelector('[data-testid="job-progress-line"]')?.textContent).toContain('of 100,000 files downloaded');
    const list = el.querySelector<HTMLElement>('[data-testid="job-items"]')!;
    expect(list.textContent).toContain('data/f0.bin');
    expect(list.textContent).toContain('verified (CRC64NVME)');
    expect(list.textContent).toContain('length only');
    expect(list.textContent).toContain('unverified');
    // Virtualized: a screenful of rows (plus overscan) is in the DOM, not 100,000.
    const rows = list.querySelectorAll('[role="row"]');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    expect(el.textContent).toContain('100,000 files');
    // Scrolling far fetches the page there, and only it.
    act(() => {
      list.scrollTop = 50_000 * 22;
      list.dispatchEvent(new Event('scroll'));
    });
    await tick();
    expect(fake.calls.filter((c) => c.path === 'jobs.items').map((c) => (c.input as { offset: number }).offset)).toContain(50_000);
    expect(fake.calls.filter((c) => c.path === 'jobs.items').length).toBeLessThan(6);
  });

  it('pauses, resumes, retries and cancels a transfer (asking first)', async () => {
    const { store, el, fake } = await panel(() => ({ total: 0, items: [] }));
    fake.answer('transfers.pause', () => ({ ok: true, data: { paused: true } }));
    fake.answer('transfers.resume', () => ({ ok: true, data: { resumed: true } }));
    fake.answer('transfers.retryFailed', () => ({ ok: true, data: { retried: 1 } }));
    fake.answer('transfers.cancel', () => ({ ok: true, data: { cancelled: true } }));
    act(() => {
      store.getState().applyJobsEvent({ type: 'upsert', job: transferJob('t') });
      store.getState().toggleJobsPanel();
    });
    click(button(el, 'Pause'));
    act(() => store.getState().applyJobsEvent({ type: 'upsert', job: transferJob('t', { state: 'paused', pausedReason: { code: 'DiskFull', message: 'No space left on /home' } }) }));
    expect(el.querySelector('.job-banner')?.textContent).toMatch(/Paused.*disk/i);
    click(button(el, 'Resume'));
    click(button(el, 'Retry 1 failed'));
    click(button(el, 'Cancel…'));
    expect(el.querySelector('[role="alertdialog"]')?.textContent).toMatch(/removes its partial files/);
    click(button(el, 'Stop the job'));
    await tick();
    expect(fake.calls.map((c) => c.path).filter((p) => p.startsWith('transfers.'))).toEqual(['transfers.pause', 'transfers.resume', 'transfers.retryFailed', 'transfers.cancel']);
  });

  it('shows that a restore-first download waits for its restore job, and goes to it', async () => {
    const { store, el } = await panel(() => ({ total: 0, items: [] }));
    act(() => {
      store.getState().applyJobsEvent({ type: 'upsert', job: restoreJob('r', { startedAt: 1 }) });
      store.getState().applyJobsEvent({ type: 'upsert', job: transferJob('t', { startedAt: 2 }, { restoreJobId: 'r', states: { queued: 0, active: 0, 'waiting-restore': 3, done: 7, skipped: 0, failed: 0 } }) });
      store.getState().toggleJobsPanel();
      store.getState().selectJob('t');
    });
    const wait = el.querySelector('[data-testid="job-restore-wait"]')!;
    expect(wait.textContent).toMatch(/3 files wait for its restore job.*3 of 10 restored/);
    click(button(wait, 'Show restore job'));
    expect(store.getState().selectedJobId).toBe('r');
    expect(el.querySelector('[data-testid="job-detail"]')?.getAttribute('data-job-kind')).toBe('restore');
  });

  it('shows an operation’s op, target and counts, filters its keys, and cancels it', async () => {
    const { store, el, fake } = await panel(({ state }) => ({ total: state === 'failed' ? 1 : 2, items: [{ key: 'runs/a', state: state ?? 'failed', size: 5, detail: 'Access denied for s3:DeleteObject' }] }));
    fake.answer('objects.cancelOperation', () => ({ ok: true, data: { cancelled: true } }));
    act(() => {
      store.getState().applyJobsEvent({ type: 'upsert', job: operationJob('o', {}, { op: 'copy', target: 's3://backup/runs/' }) });
      store.getState().toggleJobsPanel();
    });
    await tick();
    const detail = el.querySelector('[data-testid="job-detail"]')!;
    expect(detail.getAttribute('data-job-kind')).toBe('operation');
    expect(detail.textContent).toContain('5 of 10 objects copied');
    expect(detail.textContent).toContain('s3://backup/runs/');
    expect(el.querySelector('[data-testid="job-counts"]')?.textContent).toMatch(/3Pending.*5Done.*1Failed.*1Skipped/);
    type(el.querySelector<HTMLSelectElement>('[data-testid="job-items-filter"]'), 'failed');
    await tick();
    expect(fake.calls.filter((c) => c.path === 'jobs.items').at(-1)?.input).toMatchObject({ state: 'failed' });
    expect(el.querySelector('[data-testid="job-items"]')?.textContent).toContain('Access denied for s3:DeleteObject');
    click(button(el, 'Cancel…'));
    click(button(el, 'Stop the job'));
    await tick();
    expect(fake.calls.find((c) => c.path === 'objects.cancelOperation')?.input).toEqual({ jobId: 'o' });
  });

  it('clears finished jobs of every kind with jobs:clear', async () => {
    const { store, el, fake } = await panel(() => ({ total: 0, items: [] }));
    fake.answer('jobs.clear', () => ({ ok: true, data: { removed: ['t', 'o'] } }));
    act(() => {
      store.getState().applyJobsEvent({ type: 'upsert', job: transferJob('t', { state: 'done', startedAt: 1 }) });
      store.getState().applyJobsEvent({ type: 'upsert', job: operationJob('o', { state: 'failed', startedAt: 2 }) });
      store.getState().applyJobsEvent({ type: 'upsert', job: transferJob('live', { startedAt: 3 }) });
      store.getState().toggleJobsPanel();
    });
    click(button(el, 'Clear 2 finished'));
    await tick();
    expect((fake.calls.find((c) => c.path === 'jobs.clear')?.input as { jobIds: string[] }).jobIds.sort()).toEqual(['o', 't']);
    expect(Object.keys(store.getState().jobs)).toEqual(['live']);
  });
});
