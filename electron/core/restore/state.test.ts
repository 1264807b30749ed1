/**
 * Per-key restore state: counts and bytes that always agree with the states,
 * snapshots that give back the same job, and replay of a job directory
 * (key file + journal) with a torn last record, before and after compaction.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal } from '../persist/journal';
import { jobPaths, loadJob } from './job-files';
import { jobItems } from './job-report';
import { KeyFileWriter, PLAN_IT_UNCHECKED, PLAN_NEEDS_RESTORE, PLAN_RESTORED, PLAN_RESTORING, PLAN_UNKNOWN, type KeyLine } from './key-file';
import {
  FAILURES,
  failureCode,
  KeyStates,
  keysRecord,
  RESTORE_JOURNAL_VERSION,
  S_FAILED,
  S_IN_PROGRESS,
  S_OUTSIDE,
  S_PENDING,
  S_REQUESTED,
  S_RESTORED,
  type RestoreJobSpec,
  type RestoreRecord,
} from './state';

const DAY = 86_400_000;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function rng(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
}

/** Counts and bytes recomputed the slow way from the arrays. */
function recount(k: KeyStates) {
  const counts = [0, 0, 0, 0, 0];
  let bytesRestored = 0;
  let bytesTotal = 0;
  for (let i = 0; i < k.n; i++) {
    const s = k.state[i]!;
    if (s === S_OUTSIDE) continue;
    counts[s]!++;
    bytesTotal += k.size[i]!;
    if (s === S_RESTORED) bytesRestored += k.size[i]!;
  }
  return { counts, bytesRestored, bytesTotal };
}

function expectConsistent(k: KeyStates): void {
  const r = recount(k);
  expect(k.counts).toEqual(r.counts);
  expect(k.bytesRestored).toBe(r.bytesRestored);
  expect(k.bytesTotal).toBe(r.bytesTotal);
  expect(k.total).toBe(r.counts.reduce((a, b) => a + b, 0));
}

describe('KeyStates', () => {
  it('keeps counts and bytes in step with the states through any sequence of changes', () => {
    const rand = rng(42);
    const n = 500;
    const k = new KeyStates(n);
    // The states a job starts in (job-files.ts, initialState).
    const starts = [S_PENDING, S_IN_PROGRESS, S_RESTORED, S_OUTSIDE];
    for (let i = 0; i < n; i++) k.init(i, i % 4, 1 + rand(10_000), i % 3, starts[rand(starts.length)]!);
    expectConsistent(k);
    const lastFail = new Map<number, number>();
    for (let step = 0; step < 5000; step++) {
      const i = rand(n);
      const s = rand(5);
      // Failed keys carry a reason; a restored one may too (AlreadyReadable).
      const fail = s === S_FAILED ? 1 + rand(FAILURES.length - 1) : s === S_RESTORED && rand(4) === 0 ? failureCode('AlreadyReadable') : 0;
      k.set(i, s, fail, s === S_RESTORED ? 20_000 + rand(100) : 0);
      if (fail) lastFail.set(i, fail);
      else lastFail.delete(i);
      if (step % 500 === 0) expectConsistent(k);
    }
    expectConsistent(k);
    expect(new Map(k.fails)).toEqual(lastFail);
  });

  it('set reports whether anything changed', () => {
    const k = new KeyStates(2);
    k.init(0, 0, 10, 0, S_PENDING);
    expect(k.set(0, S_PENDING)).toBe(false);
    expect(k.set(0, S_FAILED, failureCode('AccessDenied'))).toBe(true);
    expect(k.set(0, S_FAILED, failureCode('AccessDenied'))).toBe(false);
    // Same state, another reason: a change.
    expect(k.set(0, S_FAILED, failureCode('NoSuchKey'))).toBe(true);
    expect(k.fails.get(0)).toBe(failureCode('NoSuchKey'));
    expect(k.set(0, S_RESTORED, 0, 20_500)).toBe(true);
    expect(k.fails.has(0)).toBe(false);
    expect(k.set(0, S_RESTORED, 0, 20_500)).toBe(false);
    expect(k.set(0, S_RESTORED, 0, 20_501)).toBe(true);
    expect(k.expiryMs(0)).toBe(20_501 * DAY);
  });

  it('a key outside the job joins it (and its bytes) when a record moves it in', () => {
    const k = new KeyStates(3);
    k.init(0, 0, 100, 0, S_PENDING);
    k.init(1, 0, 200, 0, S_OUTSIDE);
    k.init(2, 0, 400, 0, S_RESTORED, 20_000 * DAY);
    expect(k.total).toBe(2);
    expect(k.bytesTotal).toBe(500);
    expect(k.bytesRestored).toBe(400);
    k.apply({ i: [1, 0, 99, -1], s: [S_REQUESTED, S_RESTORED, S_FAILED, S_FAILED], x: [0, 20_010, 0, 0] });
    expect([...k.state]).toEqual([S_RESTORED, S_REQUESTED, S_RESTORED]);
    expect(k.bytesTotal).toBe(700);
    expect(k.bytesRestored).toBe(500);
    expect(k.earliestExpiry()).toBe(20_000 * DAY);
    expectConsistent(k);
  });

  it('a snapshot restored over the same key file gives back every state, expiry and failure', () => {
    const rand = rng(7);
    const n = 300;
    const build = () => {
      const k = new KeyStates(n);
      for (let i = 0; i < n; i++) k.init(i, i % 4, 1000 + i, i % 2, i % 10 === 0 ? S_OUTSIDE : S_PENDING, i % 7 === 0 ? (19_000 + i) * DAY : 0);
      return k;
    };
    const a = build();
    for (let step = 0; step < 2000; step++) {
      const s = rand(5);
      a.set(rand(n), s, s === S_FAILED ? 1 + rand(6) : 0, s === S_RESTORED ? 20_000 + rand(50) : 0);
    }
    const b = build();
    b.restoreSnapshot(JSON.parse(JSON.stringify(a.snapshot())) as ReturnType<KeyStates['snapshot']>);
    expect([...b.state]).toEqual([...a.state]);
    expect([...b.expiryDay]).toEqual([...a.expiryDay]);
    expect([...b.fails.entries()].sort((x, y) => x[0] - y[0])).toEqual([...a.fails.entries()].sort((x, y) => x[0] - y[0]));
    expect(b.counts).toEqual(a.counts);
    expect(b.bytesRestored).toBe(a.bytesRestored);
    expect(b.bytesTotal).toBe(a.bytesTotal);
    expect(b.earliestExpiry()).toBe(a.earliestExpiry());
    expectConsistent(b);
  });

  it('refuses a snapshot of another key file', () => {
    const small = new KeyStates(3);
    expect(() => new KeyStates(4).restoreSnapshot(small.snapshot())).toThrow(/does not match/);
  });
});

describe('keysRecord and failureCode', () => {
  it('carries failure codes and expiries only when some are set', () => {
    expect(keysRecord([{ i: 3, s: S_REQUESTED }, { i: 5, s: S_REQUESTED }], 9)).toEqual({ v: RESTORE_JOURNAL_VERSION, at: 9, op: 'keys', i: [3, 5], s: [S_REQUESTED, S_REQUESTED] });
    expect(keysRecord([{ i: 3, s: S_FAILED, c: 2 }, { i: 5, s: S_RESTORED, x: 20_001 }], 9)).toMatchObject({ i: [3, 5], c: [2, 0], x: [0, 20_001] });
  });

  it('names every failure and maps unknown ones to Other', () => {
    for (const [name] of FAILURES.slice(1)) expect(FAILURES[failureCode(name)]![0]).toBe(name);
    expect(FAILURES[failureCode('SomethingNew')]![0]).toBe('Other');
    // '' is the "no failure" slot, not a name to look up.
    expect(FAILURES[failureCode('')]![0]).toBe('Other');
  });
});

describe('replaying a job directory', () => {
  const N = 2 * 1024 + 40;
  /** Plans cycle through every finding; sizes differ so byte sums catch a wrong key. */
  const keyLine = (i: number): KeyLine => ({
    key: `data/${i % 3 === 0 ? 'é\n' : ''}${i}`,
    kind: i % 2,
    size: 1000 + i,
    plan: [PLAN_NEEDS_RESTORE, PLAN_RESTORING, PLAN_RESTORED, PLAN_UNKNOWN, PLAN_IT_UNCHECKED][i % 5]!,
    expiry: i % 5 === 2 ? Date.UTC(2026, 7, 1) : 0,
    segment: 0,
  });
  /** What the plan's findings mean when the job starts (extendRestored false). */
  const initial = (plan: number) =>
    plan === PLAN_NEEDS_RESTORE || plan === PLAN_IT_UNCHECKED ? S_PENDING : plan === PLAN_RESTORING ? S_IN_PROGRESS : plan === PLAN_RESTORED ? S_RESTORED : S_OUTSIDE;

  const spec: RestoreJobSpec = {
    jobId: 'job-1',
    connectionId: 'c1',
    bucket: 'b',
    region: 'eu-west-1',
    title: 'Restore s3://b/data/',
    prefixes: ['data/'],
    keyCount: N,
    segments: [{ prefix: 'data/', recursive: true }],
    tier: 'Standard',
    days: 7,
    extendRestored: false,
    estimatedCostUsd: 1.5,
    pricing: { region: 'eu-west-1', sourceDate: '2026-01-01' },
    skipped: 0,
    startedAt: 1_000,
  };

  async function jobDir(): Promise<{ dir: string; expected: number[]; fails: Map<number, number>; expiry: Map<number, number> }> {
    const dir = mkdtempSync(join(tmpdir(), 'thaw-job-'));
    dirs.push(dir);
    const w = new KeyFileWriter(jobPaths(dir).keyFile);
    for (let i = 0; i < N; i++) w.add(keyLine(i));
    await w.finish();
    return { dir, expected: Array.from({ length: N }, (_, i) => initial(keyLine(i).plan)), fails: new Map(), expiry: new Map() };
  }

  it('gives back the states, counts and status the journal recorded, dropping a torn last record', async () => {
    const { dir, expected, fails } = await jobDir();
    const { journal } = await Journal.open<RestoreRecord>(jobPaths(dir).journal, { version: RESTORE_JOURNAL_VERSION });
    await journal.append({ v: 1, at: 1_000, op: 'created', job: spec });
    // Every pending key is requested, then a spread of answers comes back.
    const pending = expected.flatMap((s, i) => (s === S_PENDING ? [i] : []));
    await journal.append(keysRecord(pending.map((i) => ({ i, s: S_REQUESTED })), 2_000));
    for (const i of pending) expected[i] = S_REQUESTED;
    const answers = pending.filter((_, n) => n % 4 !== 3).map((i, n) => (n % 3 === 0 ? { i, s: S_FAILED, c: failureCode('AccessDenied') } : { i, s: S_IN_PROGRESS }));
    await journal.append(keysRecord(answers, 3_000));
    for (const a of answers) {
      expected[a.i] = a.s;
      if (a.c) fails.set(a.i, a.c);
    }
    await journal.append({ v: 1, at: 4_000, op: 'status', state: 'paused', reason: { code: 'ExpiredCredentials', message: 'Sign in again.' } });
    await journal.append({ v: 1, at: 5_000, op: 'checked', lastCheckedAt: 5_000, requests: { restore: pending.length, list: 3, head: 0 } });
    await journal.close();
    // A kill while the next batch was being written.
    appendFileSync(jobPaths(dir).journal, JSON.stringify(keysRecord(pending.map((i) => ({ i, s: S_RESTORED })), 6_000)).slice(0, 200));

    const job = await loadJob(dir);
    try {
      expect(job.spec).toEqual(spec);
      expect([...job.keys.state]).toEqual(expected);
      expect(new Map(job.keys.fails)).toEqual(fails);
      expectConsistent(job.keys);
      // Keys the plan found needing no restore (PLAN_UNKNOWN here) are not part of the job.
      expect(job.keys.total).toBe(expected.filter((s) => s !== S_OUTSIDE).length);
      expect(job.keys.counts[S_RESTORED]).toBe(expected.filter((s) => s === S_RESTORED).length);
      expect(job.status).toMatchObject({ state: 'paused', pausedReason: { code: 'ExpiredCredentials' }, lastCheckedAt: 5_000, requests: { restore: pending.length, list: 3, head: 0 } });
    } finally {
      await job.journal.close();
    }
  });

  it('after compaction to a snapshot, replay gives back the same job, and later records apply on top', async () => {
    const { dir } = await jobDir();
    const first = await Journal.open<RestoreRecord>(jobPaths(dir).journal, { version: RESTORE_JOURNAL_VERSION });
    await first.journal.append({ v: 1, at: 1_000, op: 'created', job: spec });
    const changes = Array.from({ length: N }, (_, i) => i)
      .filter((i) => keyLine(i).plan === PLAN_NEEDS_RESTORE)
      .map((i, n) => (n % 2 ? { i, s: S_RESTORED, x: 20_600 + (n % 9) } : { i, s: S_FAILED, c: failureCode('NoSuchKey') }));
    await first.journal.append(keysRecord(changes, 2_000));
    await first.journal.append({ v: 1, at: 3_000, op: 'checked', lastCheckedAt: 3_000, requests: { restore: changes.length, list: 1, head: 2 }, restoreStatusSupported: false });
    await first.journal.close();

    const before = await loadJob(dir);
    const states = [...before.keys.state];
    const counts = [...before.keys.counts];
    const expiry = [...before.keys.expiryDay];
    const fails = new Map(before.keys.fails);
    // What a running job does when its journal grows large (job.ts, compactIfLarge).
    await before.journal.replace([
      { v: 1, at: 4_000, op: 'snapshot', job: before.spec, ...before.keys.snapshot(), status: { ...before.status, restoreStatusSupported: before.restoreStatusSupported } },
    ]);
    const moved = changes.find((c) => c.s === S_FAILED)!.i;
    await before.journal.append(keysRecord([{ i: moved, s: S_PENDING }], 5_000));
    await before.journal.close();

    const after = await loadJob(dir);
    try {
      states[moved] = S_PENDING;
      fails.delete(moved);
      counts[S_FAILED]!--;
      counts[S_PENDING]!++;
      expect([...after.keys.state]).toEqual(states);
      expect([...after.keys.expiryDay]).toEqual(expiry);
      expect(new Map(after.keys.fails)).toEqual(fails);
      expect(after.keys.counts).toEqual(counts);
      expect(after.keys.bytesRestored).toBe(before.keys.bytesRestored);
      expectConsistent(after.keys);
      expect(after.spec).toEqual(spec);
      expect(after.status).toMatchObject({ state: 'running', lastCheckedAt: 3_000, requests: { restore: changes.length, list: 1, head: 2 } });
      expect(after.restoreStatusSupported).toBe(false);
    } finally {
      await after.journal.close();
    }
  });

  it('the per-key list gives each failure its own sentence, and an unknown code the generic one', async () => {
    const { dir } = await jobDir();
    const keys = new KeyStates(3);
    for (let i = 0; i < 3; i++) keys.init(i, 0, 1000 + i, 0, S_PENDING);
    keys.set(0, S_FAILED, failureCode('AccessDenied'));
    // A code this build does not know (a journal from a newer Thaw of the same format).
    keys.set(1, S_FAILED, FAILURES.length + 3);
    keys.set(2, S_RESTORED, failureCode('AlreadyReadable'));
    const page = await jobItems(keys, jobPaths(dir).keyFile, undefined, 0, 10);
    expect(page.items.map((it) => [it.key, it.state, it.detail])).toEqual([
      [keyLine(0).key, 'failed', FAILURES[failureCode('AccessDenied')]![1]],
      [keyLine(1).key, 'failed', FAILURES[failureCode('Other')]![1]],
      [keyLine(2).key, 'restored', FAILURES[failureCode('AlreadyReadable')]![1]],
    ]);
  });

  it('a journal that names no job is refused, and its file is closed', async () => {
    const { dir } = await jobDir();
    const { journal } = await Journal.open<RestoreRecord>(jobPaths(dir).journal, { version: RESTORE_JOURNAL_VERSION });
    await journal.append(keysRecord([{ i: 0, s: S_REQUESTED }], 1));
    await journal.close();
    await expect(loadJob(dir)).rejects.toThrow(/does not say which job/);
  });
});
