import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAppStore, StoreProvider } from '../../store';
import { createFakeThaw, manualScheduler } from '../../testing/fake-thaw';
import { restoreJob } from '../../testing/jobs-fixtures';
import { giveSize } from '../../testing/layout';
import { JobsPanel } from './jobs-panel';
import { cancelWarning, etaText, formatDuration, jobFacts, jobsSummary, progressLine, progressOf } from './jobs-view';

const tick = () => act(() => new Promise((r) => setTimeout(r, 0)));
let root: Root | undefined;
let container: HTMLElement | undefined;
beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  return giveSize('.key-scroller', { height: 440, width: 800 });
});
afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
});

function setup() {
  const fake = createFakeThaw({ jobs: ['list', 'items', 'clear'], restore: ['cancel', 'retryFailed', 'resume', 'checkNow'] });
  fake.answer('jobs.items', (input) => {
    const { offset, limit, state } = input as { offset: number; limit: number; state?: string };
    const total = state === 'failed' ? 1 : 10;
    const items = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => ({
      key: `data/k${offset + i}`,
      state: state ?? (offset + i === 0 ? 'failed' : 'requested'),
      size: 1024,
      ...(state === 'failed' || offset + i === 0 ? { detail: 'Access denied for s3:RestoreObject' } : {}),
    }));
    return { ok: true, data: { total, offset, items } };
  });
  const store = createAppStore({ api: () => fake.api, schedule: manualScheduler().schedule });
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() =>
    root!.render(
      <StoreProvider store={store}>
        <JobsPanel />
      </StoreProvider>,
    ),
  );
  return { fake, store, el: container };
}

const button = (el: HTMLElement, text: string | RegExp) => [...el.querySelectorAll('button')].find((b) => (typeof text === 'string' ? b.textContent === text : text.test(b.textContent ?? '')));

describe('jobs view', () => {
  it('summarises jobs for the bar', () => {
    expect(jobsSummary([])).toBe('None running');
    expect(jobsSummary([{ state: 'done' }, { state: 'cancelled' }])).toBe('None running · 2 finished');
    expect(jobsSummary([{ state: 'running' }, { state: 'running' }, { state: 'paused' }, { state: 'failed' }, { state: 'done' }])).toBe('2 running · 1 paused · 1 failed');
  });

  it('measures progress, durations and the ETA range', () => {
    expect(progressOf(restoreJob('a'))).toBeCloseTo(0.4);
    expect(progressOf(restoreJob('a', { items: { total: 0, done: 0, failed: 0 } }))).toBe(0);
    expect(progressOf(restoreJob('a', { state: 'done', items: { total: 0, done: 0, failed: 0 } }))).toBe(1);
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(12 * 60_000)).toBe('12 min');
    expect(formatDuration(200 * 60_000)).toBe('3 h 20 min');
    expect(formatDuration(52 * 3_600_000)).toBe('2 d 4 h');
    const now = 1_000_000_000;
    expect(etaText(null, now)).toBeNull();
    expect(etaText({ earliest: now + 3 * 3_600_000, latest: now + 5 * 3_600_000 }, now)).toBe('in 3 h – 5 h');
    expect(etaText({ earliest: now - 1, latest: now + 60_000 }, now)).toBe('within 1 min');
    expect(etaText({ earliest: now - 10, latest: now - 1 }, now)).toBe('any moment now');
  });

  it('states what a job did and what cancelling it cannot undo', () => {
    const job = restoreJob('a', { startedAt: 0, eta: { earliest: 7_200_000, latest: 10_800_000 } }, { lastCheckedAt: 1000, nextCheckAt: 120_000 });
    expect(progressLine(job)).toBe('3 of 10 restored · 6 restoring · 1 failed');
    const facts = Object.fromEntries(jobFacts(job, 60_000).map((f) => [f.label, f.value]));
    expect(facts).toMatchObject({ Tier: 'Standard · 7 days', 'Estimated cost': '$1.23', Elapsed: '1 min', Ready: 'in 2 h – 3 h', Requests: '9 restore · 3 list', 'Next check': 'in 1 min', Skipped: '2 readable already' });
    expect(jobFacts(restoreJob('b', {}, { days: undefined, tier: 'Bulk' }), 0)[0]?.value).toBe('Bulk · no expiry (Intelligent-Tiering)');
    expect(cancelWarning(job)).toMatch(/already accepted 9 requests.*cannot be withdrawn.*billed/);
    expect(cancelWarning(restoreJob('c', {}, { states: { pending: 10, requested: 0, 'in-progress': 0, restored: 0, failed: 0 } }))).toMatch(/nothing will be billed/);
  });
});

describe('jobs panel', () => {
  it('lists jobs, shows the chosen one, pages its keys and filters them by state', async () => {
    const { store, el, fake } = setup();
    act(() => store.getState().applyJobsEvent({ type: 'upsert', job: restoreJob('a') }));
    expect(el.querySelector('[data-testid="jobs-summary"]')?.textContent).toBe('1 running');
    act(() => store.getState().toggleJobsPanel());
    await tick();
    const detail = el.querySelector('[data-testid="job-detail"]')!;
    expect(detail.getAttribute('data-job-state')).toBe('running');
    expect(detail.textContent).toContain('3 of 10 restored');
    expect(fake.calls.find((c) => c.path === 'jobs.items')?.input).toEqual({ jobId: 'a', offset: 0, limit: 100 });
    const keys = el.querySelector('[data-testid="job-items"]')!;
    expect(keys.textContent).toContain('data/k0');
    expect(keys.textContent).toContain('Access denied for s3:RestoreObject');
    const select = el.querySelector<HTMLSelectElement>('[data-testid="job-items-filter"]')!;
    act(() => {
      select.value = 'failed';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await tick();
    expect(fake.calls.filter((c) => c.path === 'jobs.items').at(-1)?.input).toEqual({ jobId: 'a', offset: 0, limit: 100, state: 'failed' });
    expect(el.textContent).toContain('1 key');
  });

  it('asks before cancelling, with what S3 keeps, then cancels', async () => {
    const { store, el, fake } = setup();
    fake.answer('restore.cancel', () => ({ ok: true, data: { cancelled: true } }));
    act(() => {
      store.getState().applyJobsEvent({ type: 'upsert', job: restoreJob('a') });
      store.getState().toggleJobsPanel();
    });
    await tick();
    act(() => button(el, 'Cancel…')!.click());
    expect(el.querySelector('[role="alertdialog"]')?.textContent).toMatch(/cannot be withdrawn/);
    act(() => button(el, 'Keep running')!.click());
    expect(fake.calls.some((c) => c.path === 'restore.cancel')).toBe(false);
    act(() => button(el, 'Cancel…')!.click());
    act(() => button(el, 'Stop the job')!.click());
    await tick();
    expect(fake.calls.find((c) => c.path === 'restore.cancel')?.input).toEqual({ jobId: 'a' });
  });

  it('shows why a job paused and resumes it; retries failed keys; clears finished jobs', async () => {
    const { store, el, fake } = setup();
    fake.answer('restore.resume', () => ({ ok: true, data: { resumed: true } }));
    fake.answer('restore.retryFailed', () => ({ ok: true, data: { retried: 1 } }));
    fake.answer('jobs.clear', () => ({ ok: true, data: { removed: ['old'] } }));
    act(() => {
      store.getState().applyJobsEvent({ type: 'upsert', job: restoreJob('old', { state: 'done', startedAt: 1 }) });
      store.getState().applyJobsEvent({ type: 'upsert', job: restoreJob('a', { state: 'paused', startedAt: 2, pausedReason: { code: 'ExpiredCredentials', message: 'The session expired.' } }) });
      store.getState().toggleJobsPanel();
    });
    await tick();
    expect(el.querySelector('[data-testid="jobs-summary"]')?.textContent).toBe('1 paused');
    expect(el.querySelector('.job-banner')?.textContent).toContain('Paused');
    act(() => button(el, 'Resume')!.click());
    act(() => button(el, 'Retry 1 failed')!.click());
    await tick();
    expect(fake.calls.map((c) => c.path)).toEqual(expect.arrayContaining(['restore.resume', 'restore.retryFailed']));
    act(() => button(el, 'Clear 1 finished')!.click());
    await tick();
    expect(fake.calls.find((c) => c.path === 'jobs.clear')?.input).toEqual({ jobIds: ['old'] });
    expect(Object.keys(store.getState().jobs)).toEqual(['a']);
  });
});
