/**
 * Restore jobs under faults and crashes, against the sandbox over real HTTP:
 * SlowDown and dropped connections while issuing; a core SIGKILLed mid-issue
 * and started again from its journal (with a torn last line); damaged and
 * newer journals; a disk that fills up; credentials that expire mid-job.
 * The sandbox's request log is the oracle: every archived key gets exactly
 * one accepted RestoreObject, and nothing but 409s is ever sent twice.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RestoreJobSummary } from '../../../shared/ipc/jobs';
import type { RestorePlanEvent } from '../../../shared/ipc/restore';
import { createManualClock, startSandbox, type RequestLogEntry, type Sandbox } from '../../sandbox/index';
import type { JournalHandle } from '../persist/journal';
import { coreAgainst, type TestCore } from '../testing/core-against';
import { parseJournal } from '../persist/journal';
import { STATE_NAMES, type RestoreRecord } from './state';

const BUCKET = 'faults';
let sb: Sandbox;
const dirs: string[] = [];
const cores: TestCore[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thaw-restore-faults-'));
  dirs.push(dir);
  return dir;
}

function newCore(dir: string, options: Parameters<typeof coreAgainst>[3] = {}): TestCore {
  const c = coreAgainst(sb, dir, {}, options);
  cores.push(c);
  return c;
}

async function seed(prefix: string, n: number): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = `${prefix}part-${String(i).padStart(5, '0')}.bin`;
    await sb.store.put(BUCKET, key, { body: Buffer.alloc(64, 2), metadata: {}, storageClass: i % 3 === 0 ? 'DEEP_ARCHIVE' : 'GLACIER' });
    keys.push(key);
  }
  return keys;
}

async function startRestore(c: TestCore, prefix: string, rate = 1000): Promise<string> {
  await c.call('settings:set', { patch: { restore: { requestsPerSecond: rate } } });
  const requestId = `r-${prefix}`;
  const { planId } = await c.call('restore:plan', { requestId, connectionId: 'sandbox', bucket: BUCKET, prefixes: [prefix] });
  await c.until(() => c.payloads('restore:plan-event').some((e: RestorePlanEvent) => e.requestId === requestId && e.kind === 'done'));
  return (await c.call('restore:start', { planId, tier: 'Bulk', days: 3 })).jobId;
}

async function summary(c: TestCore, jobId: string): Promise<RestoreJobSummary> {
  const j = (await c.call('jobs:list', {})).find((x) => x.jobId === jobId);
  if (j?.kind !== 'restore') throw new Error(`no restore job ${jobId}`);
  return j;
}

const issued = (c: TestCore, jobId: string) =>
  c.until(async () => {
    const j = await summary(c, jobId);
    return j.restore.states.pending === 0 && j.state === 'running' && j;
  }, 60_000);

const restores = (prefix: string): RequestLogEntry[] => sb.requestLog.entries().filter((e) => e.op === 'RestoreObject' && e.key?.startsWith(prefix));

/**
 * Exactly one request per key changed its state: per key, the first request
 * S3 ran answered 202 (or its answer was lost on the wire), and every later
 * one S3 ran met 409 (or its answer was lost too). A second 202 would mean a
 * key was restored twice.
 */
function expectEachRequestedOnce(prefix: string, keys: string[]): void {
  const ran = new Map<string, RequestLogEntry[]>();
  for (const e of restores(prefix)) if (e.ran) ran.set(e.key!, [...(ran.get(e.key!) ?? []), e]);
  for (const key of keys) {
    const [first, ...later] = ran.get(key) ?? [];
    expect(first, key).toBeDefined();
    expect(first!.status === 202 || first!.fault === 'reset-mid-body', key).toBe(true);
    for (const e of later) expect(e.status === 409 || e.fault === 'reset-mid-body', key).toBe(true);
  }
}

beforeAll(async () => {
  sb = await startSandbox({ clock: createManualClock(Date.UTC(2026, 11, 1)), quiet: true, requestLog: true, restoreDelaysMs: { Bulk: 3_600_000 } });
  sb.store.createBucket(BUCKET, 'us-east-1');
}, 60_000);

afterEach(async () => {
  for (const c of cores.splice(0)) await c.dispose();
  sb.faults.clear();
  sb.setCredentialExpired(sb.credentials.accessKeyId, false);
});

afterAll(async () => {
  await sb?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('faults while issuing', () => {
  it('loses and duplicates no key through 5% SlowDown, resets and answers lost mid-flight', async () => {
    const keys = await seed('slow/', 2000);
    sb.faults.add({ kind: 'slowdown', op: 'RestoreObject', p: 0.05 });
    sb.faults.add({ kind: 'reset', op: 'RestoreObject', p: 0.05 });
    sb.faults.add({ kind: 'reset-mid-body', op: 'RestoreObject', p: 0.05 });
    const c = newCore(tempDir());
    const jobId = await startRestore(c, 'slow/');
    const j = await issued(c, jobId);
    expect(j.restore.states.failed).toBe(0);
    expect(j.restore.states.requested + j.restore.states['in-progress']).toBe(2000);
    const log = restores('slow/');
    expect(log.some((e) => e.fault === 'slowdown')).toBe(true);
    expect(log.some((e) => e.fault === 'reset-mid-body')).toBe(true);
    // An answer lost after S3 ran the request shows up as 409 on the retry, and the key as in progress.
    const conflicted = new Set(log.filter((e) => e.status === 409).map((e) => e.key));
    expect(j.restore.states['in-progress']).toBe(conflicted.size);
    expectEachRequestedOnce('slow/', keys);
  }, 120_000);
});

describe('crashes', () => {
  it('resumes a core SIGKILLed mid-issue from its journal, torn last line and all, without requesting a key twice', async () => {
    const keys = await seed('crash/', 1000);
    const dir = tempDir();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, '..', 'testing', 'restore-child.ts'), sb.endpoint, sb.credentials.accessKeyId, sb.credentials.secretAccessKey, dir, BUCKET, 'crash/', '150'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let jobId = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const m = /job (\S+)/.exec(chunk.toString());
      if (m) jobId = m[1]!;
    });
    const deadline = Date.now() + 60_000;
    while (restores('crash/').filter((e) => e.status === 202).length < 450) {
      if (Date.now() > deadline) throw new Error('the child never got half way');
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    await exited;
    expect(jobId).not.toBe('');
    const sentBeforeKill = restores('crash/').filter((e) => e.status === 202).length;
    expect(sentBeforeKill).toBeLessThan(1000);
    // A crash in the middle of a journal write leaves half a line.
    appendFileSync(join(dir, 'restore', 'jobs', jobId, 'journal.jsonl'), '{"v":1,"at":1,"op":"keys","i":[1,2');

    const c = newCore(dir);
    await c.call('settings:set', { patch: { restore: { requestsPerSecond: 1000 } } });
    const j = await issued(c, jobId);
    expect(j.restore.states.failed).toBe(0);
    expect(j.restore.states.requested + j.restore.states['in-progress']).toBe(1000);
    expectEachRequestedOnce('crash/', keys);
    // What the killed core had journaled was not sent again: at most the requests in flight at the kill meet a 409.
    expect(restores('crash/').filter((e) => e.status === 409).length).toBeLessThan(200);
  }, 120_000);

  it('lists a job whose journal is damaged or from a newer Thaw as failed, and leaves its files untouched', async () => {
    await seed('broken/', 30);
    const dir = tempDir();
    const first = newCore(dir);
    const jobId = await startRestore(first, 'broken/');
    await issued(first, jobId);
    await first.dispose();
    cores.splice(cores.indexOf(first), 1);
    const journal = join(dir, 'restore', 'jobs', jobId, 'journal.jsonl');
    const original = readFileSync(journal, 'utf8');
    const lines = original.split('\n');
    writeFileSync(journal, [lines[0], '{"v":1,"op":"keys","i":[0],"s":', ...lines.slice(1)].join('\n'));
    const damaged = readFileSync(journal);

    const c = newCore(dir);
    const j = await summary(c, jobId);
    expect(j.state).toBe('failed');
    expect(j.error?.message).toMatch(/cannot be read.*damaged at line 2/);
    await c.call('jobs:clear', { jobIds: [jobId] });
    expect(readFileSync(journal).equals(damaged)).toBe(true);
    await c.dispose();
    cores.splice(cores.indexOf(c), 1);

    writeFileSync(journal, `${original}${JSON.stringify({ v: 99, at: 1, op: 'future' })}\n`);
    const again = newCore(dir);
    expect((await summary(again, jobId)).error?.message).toMatch(/newer version of Thaw/);
  }, 60_000);
});

describe('a full disk', () => {
  it('pauses with DiskFull, never journals a key as requested that was not, and resumes when there is room', async () => {
    const keys = await seed('full/', 400);
    let full = false;
    let appends = 0;
    const opener = async (path: string): Promise<JournalHandle> => {
      const h = await open(path, 'a');
      return {
        appendFile: async (data, o) => {
          if (full) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          if (++appends === 4) full = true;
          return h.appendFile(data, o);
        },
        datasync: () => h.datasync(),
        truncate: (n) => h.truncate(n),
        close: () => h.close(),
      };
    };
    const dir = tempDir();
    const c = newCore(dir, { restoreJournalOpener: opener });
    const jobId = await startRestore(c, 'full/', 200);
    const paused = await c.until(async () => {
      const j = await summary(c, jobId);
      return j.state === 'paused' && j;
    }, 30_000);
    expect(paused.pausedReason?.code).toBe('DiskFull');
    expect(paused.pausedReason?.message).toMatch(/disk .* is full/);

    // Replay what is on disk: every key it says was requested really got a 202.
    const accepted = new Set(restores('full/').filter((e) => e.status === 202).map((e) => e.key));
    const records = parseJournal<RestoreRecord>(readFileSync(join(dir, 'restore', 'jobs', jobId, 'journal.jsonl'), 'utf8'), 1).records;
    const onDisk = records.flatMap((r) => (r.op === 'keys' ? r.i.filter((_, k) => STATE_NAMES[r.s[k]!] === 'requested') : []));
    expect(onDisk.length).toBeGreaterThan(0);
    expect(onDisk.every((i) => accepted.has(keys[i]!))).toBe(true);

    full = false;
    await c.call('restore:resume', { jobId });
    const done = await issued(c, jobId);
    expect(done.restore.states.requested + done.restore.states['in-progress']).toBe(400);
    expectEachRequestedOnce('full/', keys);
  }, 60_000);
});

describe('expired credentials', () => {
  it('pause the job instead of failing keys, and it resumes after signing in again', async () => {
    const keys = await seed('expire/', 400);
    const c = newCore(tempDir());
    const jobId = await startRestore(c, 'expire/', 100);
    await c.until(() => restores('expire/').filter((e) => e.status === 202).length >= 50);
    sb.setCredentialExpired(sb.credentials.accessKeyId, true);
    const paused = await c.until(async () => {
      const j = await summary(c, jobId);
      return j.state === 'paused' && j;
    }, 30_000);
    expect(paused.pausedReason?.code).toBe('ExpiredCredentials');
    expect(paused.pausedReason?.message).toMatch(/sign in again/);
    expect(paused.restore.states.failed).toBe(0);
    expect(c.notifications.some((n) => n.title === 'Restore paused')).toBe(true);
    sb.setCredentialExpired(sb.credentials.accessKeyId, false);
    await c.call('restore:resume', { jobId });
    const done = await issued(c, jobId);
    expect(done.restore.states.failed).toBe(0);
    expectEachRequestedOnce('expire/', keys);
  }, 60_000);
});

