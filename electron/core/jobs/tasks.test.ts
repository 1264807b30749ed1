/**
 * The task set: cancel-and-wait (bounded), one terminal report per task,
 * escaped errors swallowed, retention of finished tasks, the maxLive
 * eviction policy, and cancel-everything.
 */
import { describe, expect, it } from 'vitest';
import { TaskSet, type Task } from './tasks';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const aborted = (signal: AbortSignal) => new Promise<void>((r) => (signal.aborted ? r() : signal.addEventListener('abort', () => r(), { once: true })));

/** A body that runs until cancelled, then reports "cancelled" (and tries a late "done"). */
function untilCancelled(reports: string[], cleanupMs = 0) {
  return async (task: Task) => {
    await aborted(task.signal);
    await sleep(cleanupMs);
    task.end(() => reports.push(`${task.id}:cancelled`));
    // A success that arrives after the cancellation must not be reported.
    task.end(() => reports.push(`${task.id}:done`));
  };
}

describe('TaskSet', () => {
  it('starts a body at once under the given id and counts it live until it ends', async () => {
    const set = new TaskSet();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let ran = false;
    const task = set.start(async (t) => {
      ran = true;
      await gate;
      t.end(() => undefined);
    }, 'my-id');
    expect(task.id).toBe('my-id');
    expect(ran).toBe(true);
    expect(task.signal.aborted).toBe(false);
    expect(set.live).toBe(1);
    expect(set.has('my-id')).toBe(true);
    release();
    await set.settled('my-id');
    expect(task.ended).toBe(true);
    expect(set.live).toBe(0);
    expect(set.start(async () => undefined).id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('cancel aborts and resolves only once the body has returned', async () => {
    const set = new TaskSet();
    const reports: string[] = [];
    let cleanedUp = false;
    const task = set.start(async (t) => {
      await untilCancelled(reports, 30)(t);
      cleanedUp = true;
    }, 't1');
    const cancelled = await set.cancel('t1');
    expect(cancelled).toBe(true);
    expect(task.signal.aborted).toBe(true);
    expect(task.cancelRequested).toBe(true);
    expect(cleanedUp).toBe(true);
    expect(reports).toEqual(['t1:cancelled']);
    // Already ended: nothing to cancel.
    expect(await set.cancel('t1')).toBe(false);
  });

  it('cancel gives up waiting after its bound when a body ignores the signal', async () => {
    const set = new TaskSet({ cancelWaitMs: 50 });
    const task = set.start(() => new Promise<void>(() => undefined), 'stuck');
    const t0 = performance.now();
    expect(await set.cancel('stuck')).toBe(true);
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(45);
    expect(waited).toBeLessThan(1000);
    expect(task.signal.aborted).toBe(true);
    expect(task.ended).toBe(false);
  });

  it('a task that finished is not cancelled and keeps its one report', async () => {
    const set = new TaskSet();
    const reports: string[] = [];
    const task = set.start(async (t) => {
      t.end(() => reports.push('done'));
    });
    await set.settled(task.id);
    expect(await set.cancel(task.id)).toBe(false);
    expect(task.signal.aborted).toBe(false);
    expect(task.cancelRequested).toBe(false);
    expect(task.end(() => reports.push('late'))).toBe(false);
    expect(reports).toEqual(['done']);
  });

  it('swallows what a body throws and forgets finished tasks after the retention', async () => {
    const set = new TaskSet({ retainMs: 30 });
    const task = set.start(async () => {
      await sleep(1);
      throw new Error('escaped');
    });
    set.start(() => {
      throw new Error('thrown synchronously');
    }, 'sync');
    await set.settled(task.id);
    await set.settled('sync');
    // Still known for a while, so a late cancel answers "not running" rather than "unknown".
    expect(set.has(task.id)).toBe(true);
    await sleep(80);
    expect(set.has(task.id)).toBe(false);
    expect(set.has('sync')).toBe(false);
  });

  it('keeps a newer task of the same id when the older one is forgotten', async () => {
    const set = new TaskSet({ retainMs: 20 });
    const first = set.start(async (t) => void t.end(() => undefined), 'same');
    await set.settled('same');
    const reports: string[] = [];
    const second = set.start(untilCancelled(reports), 'same');
    await sleep(60);
    expect(set.has('same')).toBe(true);
    expect(await set.cancel('same')).toBe(true);
    expect(second.signal.aborted).toBe(true);
    expect(first.signal.aborted).toBe(false);
    expect(reports).toEqual(['same:cancelled']);
  });

  it('with maxLive, starting one more cancels the oldest unended tasks only', async () => {
    const set = new TaskSet({ maxLive: 2 });
    const reports: string[] = [];
    const finished = set.start(async (t) => void t.end(() => reports.push('finished:done')), 'finished');
    const a = set.start(untilCancelled(reports), 'a');
    const b = set.start(untilCancelled(reports), 'b');
    expect(a.signal.aborted || b.signal.aborted).toBe(false);
    const c = set.start(untilCancelled(reports), 'c');
    expect(a.signal.aborted).toBe(true);
    expect(b.signal.aborted).toBe(false);
    expect(c.signal.aborted).toBe(false);
    expect(finished.signal.aborted).toBe(false);
    await set.settled('a');
    expect(reports).toEqual(['finished:done', 'a:cancelled']);
    expect(set.live).toBe(2);
    await set.cancelAll();
  });

  it('cancelAll cancels every task and waits for all of them', async () => {
    const set = new TaskSet();
    const reports: string[] = [];
    const tasks = ['x', 'y', 'z'].map((id, n) => set.start(untilCancelled(reports, 10 * (n + 1)), id));
    await set.cancelAll();
    expect(tasks.every((t) => t.signal.aborted && t.ended)).toBe(true);
    expect(reports.sort()).toEqual(['x:cancelled', 'y:cancelled', 'z:cancelled']);
    expect(set.live).toBe(0);
  });

  it('answers for unknown ids without waiting', async () => {
    const set = new TaskSet();
    expect(await set.cancel('nope')).toBe(false);
    await set.settled('nope');
    expect(set.has('nope')).toBe(false);
  });
});
