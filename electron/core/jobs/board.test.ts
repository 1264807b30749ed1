/**
 * The job board: a new job and every state change announced at once, count
 * changes a few times a second, the terminal state once, clear of finished
 * jobs only, and silence after clear and dispose.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobItemsPage, JobsEvent, JobState, RestoreJobSummary } from '../../../shared/ipc/jobs';
import { ThawError } from '../errors';
import type { Emit } from '../types';
import { JobBoard, type JobController } from './board';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function summaryOf(jobId: string, startedAt: number): RestoreJobSummary {
  return {
    jobId,
    kind: 'restore',
    state: 'running',
    title: `Restore ${jobId}`,
    connectionId: 'c1',
    bucket: 'b',
    startedAt,
    items: { total: 100, done: 0, failed: 0 },
    bytes: { total: 1000, done: 0 },
    eta: null,
    restore: {
      phase: 'issuing',
      tier: 'Standard',
      states: { pending: 100, requested: 0, 'in-progress': 0, restored: 0, failed: 0 },
      skipped: 0,
      prefixes: [],
      keyCount: 100,
      estimatedCostUsd: 0,
      pricing: { region: 'us-east-1', sourceDate: '2026-01-01' },
      requests: { restore: 0, list: 0, head: 0 },
      ratePerSecond: 0,
    },
  };
}

/** A job whose summary the test moves; remove and items are recorded. */
function fakeJob(jobId: string, startedAt = 0) {
  let summary = summaryOf(jobId, startedAt);
  const removed = vi.fn(async () => undefined);
  const page: JobItemsPage = { total: 1, offset: 0, items: [{ key: `${jobId}/k`, state: 'pending', size: 1 }] };
  const items = vi.fn(async (_state: string | undefined, _offset: number, _limit: number) => page);
  const controller: JobController = { summary: () => summary, items, remove: removed };
  return {
    controller,
    removed,
    items,
    page,
    progress(done: number) {
      summary = { ...summary, items: { ...summary.items, done } };
    },
    state(state: JobState) {
      summary = { ...summary, state };
    },
  };
}

function board() {
  const events: JobsEvent[] = [];
  const emit: Emit = (event, payload) => {
    if (event === 'jobs:event') events.push(payload as JobsEvent);
  };
  const b = new JobBoard(emit, 250);
  const upserts = (jobId: string) =>
    events.flatMap((e) => (e.type === 'upsert' && e.job.jobId === jobId ? [{ state: e.job.state, done: e.job.items.done }] : []));
  return { b, events, upserts };
}

describe('JobBoard events', () => {
  it('announces a new job at once, then count changes at most once per interval with the latest counts', () => {
    const { b, upserts } = board();
    const job = fakeJob('j1');
    b.add('j1', job.controller);
    expect(upserts('j1')).toEqual([{ state: 'running', done: 0 }]);
    for (let n = 1; n <= 50; n++) {
      job.progress(n);
      b.changed('j1');
      vi.advanceTimersByTime(10);
    }
    // 500 ms of changes every 10 ms: two coalesced updates, the last one current when it went out.
    const seen = upserts('j1');
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.length).toBeLessThanOrEqual(3);
    vi.advanceTimersByTime(1000);
    expect(upserts('j1').at(-1)).toEqual({ state: 'running', done: 50 });
    expect(upserts('j1').length).toBeLessThanOrEqual(4);
  });

  it('announces every state change at once, in order, and the terminal state once', () => {
    const { b, upserts } = board();
    const job = fakeJob('j1');
    b.add('j1', job.controller);
    vi.advanceTimersByTime(100);
    job.progress(5);
    b.changed('j1'); // a count change: waits for the interval
    expect(upserts('j1')).toHaveLength(1);
    job.state('paused');
    b.changed('j1'); // a state change: at once, carrying the counts too
    vi.advanceTimersByTime(10);
    job.state('running');
    b.changed('j1');
    vi.advanceTimersByTime(10);
    job.progress(100);
    job.state('done');
    b.changed('j1');
    expect(upserts('j1')).toEqual([
      { state: 'running', done: 0 },
      { state: 'paused', done: 5 },
      { state: 'running', done: 5 },
      { state: 'done', done: 100 },
    ]);
    // The count update that was pending went out with the state change; nothing follows the end.
    vi.advanceTimersByTime(5000);
    expect(upserts('j1').filter((u) => u.state === 'done')).toHaveLength(1);
    expect(upserts('j1')).toHaveLength(4);
  });

  it('coalesces each job on its own', () => {
    const { b, upserts } = board();
    const one = fakeJob('j1');
    const two = fakeJob('j2');
    b.add('j1', one.controller);
    b.add('j2', two.controller);
    one.progress(1);
    b.changed('j1');
    two.state('failed');
    b.changed('j2');
    expect(upserts('j2')).toEqual([
      { state: 'running', done: 0 },
      { state: 'failed', done: 0 },
    ]);
    expect(upserts('j1')).toHaveLength(1);
    vi.advanceTimersByTime(250);
    expect(upserts('j1')).toEqual([
      { state: 'running', done: 0 },
      { state: 'running', done: 1 },
    ]);
  });

  it('ignores changes of unknown jobs', () => {
    const { b, events } = board();
    b.changed('nope');
    vi.advanceTimersByTime(1000);
    expect(events).toEqual([]);
  });
});

describe('JobBoard reads', () => {
  it('lists every job newest first and pages items through the controller', async () => {
    const { b } = board();
    const old = fakeJob('old', 1_000);
    const mid = fakeJob('mid', 2_000);
    const recent = fakeJob('new', 3_000);
    b.add('mid', mid.controller);
    b.add('new', recent.controller);
    b.add('old', old.controller);
    expect(b.list().map((j) => j.jobId)).toEqual(['new', 'mid', 'old']);
    expect(await b.items('mid', 'failed', 20, 10)).toBe(mid.page);
    expect(mid.items).toHaveBeenCalledWith('failed', 20, 10);
    expect(b.get('old')).toBe(old.controller);
  });

  it('answers NoSuchJob for a job it does not know', () => {
    const { b } = board();
    const err = (() => {
      try {
        b.get('gone');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ThawError);
    expect((err as ThawError).code).toBe('NoSuchJob');
    expect(() => b.items('gone', undefined, 0, 10)).toThrow(ThawError);
  });
});

describe('JobBoard clear', () => {
  it('removes finished jobs only, deletes their files, announces them once, and falls silent for them', async () => {
    const { b, events, upserts } = board();
    const jobs = Object.fromEntries((['running', 'paused', 'done', 'failed', 'cancelled'] as const).map((s) => [s, fakeJob(s)]));
    for (const [s, j] of Object.entries(jobs)) {
      b.add(s, j.controller);
      if (s !== 'running') j.state(s as JobState);
    }
    // A count update is pending for a finished job when it is cleared.
    jobs.done!.progress(7);
    b.changed('done');
    events.length = 0;

    expect(await b.clear()).toEqual(['done', 'failed', 'cancelled']);
    expect(events).toEqual([{ type: 'removed', jobIds: ['done', 'failed', 'cancelled'] }]);
    for (const s of ['done', 'failed', 'cancelled']) expect(jobs[s]!.removed).toHaveBeenCalledTimes(1);
    for (const s of ['running', 'paused']) expect(jobs[s]!.removed).not.toHaveBeenCalled();
    expect(b.list().map((j) => j.jobId).sort()).toEqual(['paused', 'running']);
    expect(() => b.get('done')).toThrow(ThawError);
    vi.advanceTimersByTime(1000);
    b.changed('done');
    expect(upserts('done')).toEqual([]);
    // Running jobs keep reporting.
    jobs.running!.state('done');
    b.changed('running');
    expect(upserts('running')).toEqual([{ state: 'done', done: 0 }]);
  });

  it('clears only the named jobs, skipping unknown and unfinished ones, and stays quiet when nothing went', async () => {
    const { b, events } = board();
    const a = fakeJob('a');
    const c = fakeJob('c');
    const r = fakeJob('r');
    a.state('done');
    c.state('done');
    for (const [id, j] of [['a', a], ['c', c], ['r', r]] as const) b.add(id, j.controller);
    events.length = 0;
    expect(await b.clear(['a', 'r', 'unknown'])).toEqual(['a']);
    expect(c.removed).not.toHaveBeenCalled();
    expect(events).toEqual([{ type: 'removed', jobIds: ['a'] }]);
    events.length = 0;
    expect(await b.clear(['r', 'a'])).toEqual([]);
    expect(events).toEqual([]);
  });

  it('still announces the jobs it removed when deleting a later one fails', async () => {
    const { b, events } = board();
    const ok = fakeJob('ok');
    const stuck = fakeJob('stuck');
    ok.state('done');
    stuck.state('failed');
    stuck.removed.mockRejectedValueOnce(Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' }));
    b.add('ok', ok.controller);
    b.add('stuck', stuck.controller);
    events.length = 0;
    await expect(b.clear()).rejects.toThrow(/EBUSY/);
    // "ok" is gone from the board, so the panel must hear so; "stuck" stays, to be cleared again.
    expect(events).toEqual([{ type: 'removed', jobIds: ['ok'] }]);
    expect(b.list().map((j) => j.jobId)).toEqual(['stuck']);
    expect(await b.clear()).toEqual(['stuck']);
  });
});

describe('JobBoard dispose', () => {
  it('sends nothing more, pending updates included', () => {
    const { b, events } = board();
    const job = fakeJob('j1');
    b.add('j1', job.controller);
    job.progress(3);
    b.changed('j1');
    const before = events.length;
    b.dispose();
    vi.advanceTimersByTime(1000);
    job.state('done');
    b.changed('j1');
    expect(events).toHaveLength(before);
  });
});
