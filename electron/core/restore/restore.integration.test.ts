/**
 * Restore end to end against the sandbox, over real HTTP with the real AWS
 * SDK, through the core's own dispatch: a 5,000-object prefix of every
 * class and state planned (exact counts), restored in Bulk (one 202 per
 * archived key, none for the rest, no Days for Intelligent-Tiering),
 * tracked by listing to all-restored with the sandbox's expiry dates — and
 * the answers and refusals around it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RestoreJobSummary } from '../../../shared/ipc/jobs';
import type { RestorePlan, RestorePlanEvent } from '../../../shared/ipc/restore';
import { countBy, createManualClock, startSandbox, type ManualClock, type Sandbox } from '../../sandbox/index';
import { restoreExpiry } from '../../sandbox/store/archive';
import type { StorageClass } from '../../sandbox/store-types';
import { coreAgainst, type TestCore } from '../testing/core-against';

const BUCKET = 'restore-test';
const HOUR = 3_600_000;

let sb: Sandbox;
let clock: ManualClock;
const dirs: string[] = [];
const cores: TestCore[] = [];

function newCore(options: Parameters<typeof coreAgainst>[3] = {}): TestCore {
  const dir = mkdtempSync(join(tmpdir(), 'thaw-restore-'));
  dirs.push(dir);
  const c = coreAgainst(sb, dir, {}, options);
  cores.push(c);
  return c;
}

/** Puts `n` objects named `<prefix><name>-<i>` of one class (and access tier). */
async function seed(prefix: string, name: string, n: number, storageClass: StorageClass, accessTier?: 'ARCHIVE_ACCESS' | 'DEEP_ARCHIVE_ACCESS'): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = `${prefix}${name}-${String(i).padStart(5, '0')}.jsonl`;
    await sb.store.put(BUCKET, key, { body: Buffer.alloc(100 + (i % 7) * 10, 1), metadata: {}, storageClass, ...(accessTier ? { accessTier } : {}) });
    keys.push(key);
  }
  return keys;
}

/** Plans through the core and waits for the plan. */
async function plan(c: TestCore, selection: { prefixes?: string[]; keys?: string[]; checkTiers?: boolean }): Promise<RestorePlan> {
  const requestId = `req-${Math.random()}`;
  const { planId } = await c.call('restore:plan', { requestId, connectionId: 'sandbox', bucket: BUCKET, ...selection });
  const end = await c.until(() =>
    c.payloads('restore:plan-event').find((e: RestorePlanEvent) => e.requestId === requestId && e.kind !== 'progress'),
  );
  if (end.kind !== 'done') throw new Error(`plan ended ${end.kind}: ${JSON.stringify(end)}`);
  expect(end.planId).toBe(planId);
  return end.plan;
}

async function job(c: TestCore, jobId: string): Promise<RestoreJobSummary> {
  const found = (await c.call('jobs:list', {})).find((j) => j.jobId === jobId);
  if (found?.kind !== 'restore') throw new Error(`no restore job ${jobId}`);
  return found;
}

const restoreRequests = (prefix: string) => sb.requestLog.entries().filter((e) => e.op === 'RestoreObject' && e.key?.startsWith(prefix));

beforeAll(async () => {
  clock = createManualClock(Date.UTC(2026, 10, 3, 10, 30));
  sb = await startSandbox({
    clock,
    quiet: true,
    requestLog: true,
    restoreDelaysMs: { Expedited: 60_000, Standard: 4 * HOUR, Bulk: 10 * HOUR },
    policy: { deny: [{ actions: ['s3:RestoreObject'], prefixes: ['part/denied/', 'nope/'] }] },
  });
  sb.store.createBucket(BUCKET, 'us-east-1');
}, 60_000);

afterEach(async () => {
  for (const c of cores.splice(0)) await c.dispose();
});

afterAll(async () => {
  await sb?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a 5,000-object prefix of every class', () => {
  const P = 'mixed/';
  let glacier: string[];
  let deep: string[];
  let itArchive: string[];
  let itDeep: string[];

  beforeAll(async () => {
    glacier = await seed(P, 'g', 2000, 'GLACIER');
    deep = await seed(P, 'd', 1000, 'DEEP_ARCHIVE');
    itArchive = await seed(P, 'ia', 500, 'INTELLIGENT_TIERING', 'ARCHIVE_ACCESS');
    itDeep = await seed(P, 'id', 300, 'INTELLIGENT_TIERING', 'DEEP_ARCHIVE_ACCESS');
    await seed(P, 'ir', 400, 'GLACIER_IR');
    await seed(P, 's', 500, 'STANDARD');
    await seed(`${P}sub/`, 'it', 300, 'INTELLIGENT_TIERING');
    // 100 copies restored an hour ago (Expedited, 30 days), 100 restores still running (Bulk).
    for (const key of glacier.slice(0, 100)) sb.store.restore(BUCKET, key, { days: 30, tier: 'Expedited' });
    clock.advance(HOUR);
    for (const key of glacier.slice(100, 200)) sb.store.restore(BUCKET, key, { days: 3, tier: 'Bulk' });
  }, 120_000);

  it('plans exact counts per class and state, and the tiers the mix allows', async () => {
    const c = newCore();
    const firstSeq = sb.requestLog.entries().at(-1)?.seq ?? 0;
    const p = await plan(c, { prefixes: [P] });
    expect(p.scanned).toBe(5000);
    const objects = (groups: RestorePlan['toRestore']) => Object.fromEntries(groups.map((g) => [g.kind, g.objects]));
    expect(objects(p.toRestore)).toEqual({ GLACIER: 1800, DEEP_ARCHIVE: 1000, IT_ARCHIVE_ACCESS: 500, IT_DEEP_ARCHIVE_ACCESS: 300 });
    expect(objects(p.restoring)).toEqual({ GLACIER: 100 });
    expect(objects(p.restored)).toEqual({ GLACIER: 100 });
    expect(Object.fromEntries(p.skipped.map((g) => [g.storageClass, g.objects]))).toEqual({ GLACIER_IR: 400, STANDARD: 500, INTELLIGENT_TIERING: 300 });
    const bytes = (keys: string[]) => keys.reduce((n, k) => n + sb.store.head(BUCKET, k).size, 0);
    expect(p.toRestore.find((g) => g.kind === 'DEEP_ARCHIVE')?.bytes).toBe(bytes(deep));
    expect(p.toRestore.find((g) => g.kind === 'GLACIER')?.bytes).toBe(bytes(glacier.slice(200)));
    expect(p.validTiers).toEqual(['Standard', 'Bulk']);
    // Listings cannot tell an Intelligent-Tiering object's tier: one HEAD each, and only for those.
    expect(p.headRequests).toBe(1100);
    expect(p.listRequests).toBe(sb.requestLog.entries().filter((e) => e.op === 'ListObjectsV2' && e.seq > firstSeq).length);
    expect(p.restoredEarliestExpiry).toBe(restoreExpiry(Date.UTC(2026, 10, 3, 11, 31), 30));
  });

  it('refuses Expedited for a mix with Deep Archive, and Days outside the range, before anything is sent', async () => {
    const c = newCore();
    const p = await plan(c, { prefixes: [P] });
    const before = sb.requestLog.entries().length;
    await expect(c.call('restore:start', { planId: p.planId, tier: 'Expedited', days: 5 })).rejects.toThrow(/Expedited/);
    const tooLong = await c.raw('restore:start', { planId: p.planId, tier: 'Bulk', days: 400 });
    expect(tooLong.ok).toBe(false);
    expect(!tooLong.ok && tooLong.error.code).toBe('InvalidInput');
    await expect(c.call('restore:start', { planId: p.planId, tier: 'Bulk' })).rejects.toThrow(/how many days/);
    expect(sb.requestLog.entries().length).toBe(before);
  });

  it('requests each archived key exactly once, without Days for Intelligent-Tiering, and tracks to all-restored by listing', async () => {
    // Checks only when asked, so the requests of one check can be counted.
    const c = newCore({ restoreMinCheckMs: 3_600_000 });
    await c.call('settings:set', { patch: { restore: { requestsPerSecond: 1000 } } });
    const p = await plan(c, { prefixes: [P] });
    sb.requestLog.clear();
    const { jobId } = await c.call('restore:start', { planId: p.planId, tier: 'Bulk', days: 5 });
    const issued = await c.until(async () => {
      const j = await job(c, jobId);
      return j.restore.phase === 'tracking' && j.restore.states.pending === 0 && j;
    }, 60_000);
    expect(issued.restore.states).toEqual({ pending: 0, requested: 3600, 'in-progress': 100, restored: 100, failed: 0 });

    const log = restoreRequests(P);
    const accepted = countBy(log.filter((e) => e.status === 202), (e) => e.key);
    const expected = [...glacier.slice(200), ...deep, ...itArchive, ...itDeep];
    expect(accepted.size).toBe(expected.length);
    for (const key of expected) expect(accepted.get(key)).toBe(1);
    // Nothing sent for restored, restoring or readable objects.
    expect(log.filter((e) => !expected.includes(e.key!))).toEqual([]);
    for (const e of log) expect(e.restoreDays).toBe(e.key!.includes('/i') ? undefined : 5);
    expect(log.every((e) => e.restoreTier === 'Bulk')).toBe(true);

    // Deep Archive Bulk takes 2.5 × 10 h in the sandbox: move past it and check.
    clock.advance(26 * HOUR);
    const issuedAt = sb.requestLog.entries().length;
    await c.call('restore:check-now', { jobId });
    const done = await c.until(async () => {
      const j = await job(c, jobId);
      return j.state === 'done' && j;
    }, 30_000);
    expect(done.restore.states).toEqual({ pending: 0, requested: 0, 'in-progress': 0, restored: 3800, failed: 0 });
    expect(done.items).toEqual({ total: 3800, done: 3800, failed: 0 });

    // Tracking listed; it never sent a HEAD.
    const tracking = sb.requestLog.entries().slice(issuedAt);
    expect(tracking.filter((e) => e.op === 'HeadObject')).toEqual([]);
    // One check of 3,700 watched keys: a HEAD each would be 3,700 requests.
    const listed = tracking.filter((e) => e.op === 'ListObjectsV2').length;
    expect(listed).toBeGreaterThan(0);
    expect(listed).toBeLessThanOrEqual(10);
    expect(done.restore.requests.list).toBe(listed);

    // Every restored key carries the expiry the sandbox gives it.
    const page = await c.call('jobs:items', { jobId, state: 'restored', offset: 0, limit: 1000 });
    expect(page.total).toBe(3800);
    for (const item of page.items) {
      const head = sb.store.head(BUCKET, item.key);
      const view = sb.store.archiveView(head);
      if (head.storageClass === 'INTELLIGENT_TIERING') expect(item.expiry).toBeUndefined();
      else expect(item.expiry).toBe(view.listRestoreStatus?.restoreExpiryDate);
    }
    expect(c.notifications.some((n) => n.title === 'Restore finished' && /3,800 objects/.test(n.body))).toBe(true);
    // The table is told about the changes.
    const changed = c.payloads('objects:restore-changed').flatMap((e) => e.keys);
    expect(new Set(changed).size).toBe(3700);
  }, 120_000);
});

describe('answers and refusals', () => {
  it('counts a 409 as in progress and a 200 as restored with its expiry moved', async () => {
    const P = 'answers/';
    const keys = await seed(P, 'g', 20, 'GLACIER');
    for (const key of keys.slice(0, 5)) sb.store.restore(BUCKET, key, { days: 1, tier: 'Expedited' });
    clock.advance(2 * 60_000);
    const c = newCore();
    const p = await plan(c, { prefixes: [P] });
    // Someone else starts restores after the plan: those get 409.
    for (const key of keys.slice(5, 10)) sb.store.restore(BUCKET, key, { days: 1, tier: 'Bulk' });
    sb.requestLog.clear();
    const { jobId } = await c.call('restore:start', { planId: p.planId, tier: 'Standard', days: 10, extendRestored: true });
    const j = await c.until(async () => {
      const s = await job(c, jobId);
      return s.restore.states.pending === 0 && s;
    });
    expect(j.restore.states).toMatchObject({ requested: 10, 'in-progress': 5, restored: 5 });
    const log = restoreRequests(P);
    expect(log.filter((e) => e.status === 200).map((e) => e.key).sort()).toEqual(keys.slice(0, 5));
    expect(log.filter((e) => e.status === 409).map((e) => e.key).sort()).toEqual(keys.slice(5, 10));
    expect(log.filter((e) => e.status === 202).map((e) => e.key).sort()).toEqual(keys.slice(10));
    for (const key of keys.slice(0, 5)) {
      expect(sb.store.archiveView(sb.store.head(BUCKET, key)).listRestoreStatus?.restoreExpiryDate).toBe(restoreExpiry(clock.now(), 10));
    }
  });

  it('fails the denied keys with the permission named and restores the rest', async () => {
    const okKeys = await seed('part/ok/', 'g', 30, 'GLACIER');
    const denied = await seed('part/denied/', 'g', 10, 'GLACIER');
    const c = newCore();
    const p = await plan(c, { prefixes: ['part/'] });
    const { jobId } = await c.call('restore:start', { planId: p.planId, tier: 'Bulk', days: 2 });
    const j = await c.until(async () => {
      const s = await job(c, jobId);
      return s.restore.states.pending === 0 && s;
    });
    expect(j.restore.states).toMatchObject({ requested: okKeys.length, failed: denied.length });
    const failed = await c.call('jobs:items', { jobId, state: 'failed', offset: 0, limit: 100 });
    expect(failed.items.map((i) => i.key).sort()).toEqual(denied);
    expect(failed.items[0]?.detail).toMatch(/s3:RestoreObject/);
  });

  it('refuses the whole start when the identity may not restore at all, and leaves no job behind', async () => {
    await seed('nope/', 'g', 12, 'GLACIER');
    const c = newCore();
    const p = await plan(c, { prefixes: ['nope/'] });
    const before = (await c.call('jobs:list', {})).length;
    const result = await c.raw('restore:start', { planId: p.planId, tier: 'Bulk', days: 2 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatchObject({ code: 'AccessDenied', message: expect.stringMatching(/s3:RestoreObject/) });
    expect((await c.call('jobs:list', {})).length).toBe(before);
    // Three probes, no more.
    expect(restoreRequests('nope/').length).toBe(3);
  });

  it('says there is nothing to restore when everything is readable', async () => {
    await seed('readable/', 's', 5, 'STANDARD');
    const c = newCore();
    const p = await plan(c, { prefixes: ['readable/'] });
    await expect(c.call('restore:start', { planId: p.planId, tier: 'Bulk', days: 1 })).rejects.toThrow(/Nothing to restore: all 5/);
  });

  it('refuses on a read-only connection', async () => {
    await seed('ro/', 'g', 3, 'GLACIER');
    const c = newCore();
    const p = await plan(c, { prefixes: ['ro/'] });
    await c.call('connections:set-read-only', { connectionId: 'sandbox', readOnly: true });
    const result = await c.raw('restore:start', { planId: p.planId, tier: 'Bulk', days: 1 });
    expect(!result.ok && result.error.code).toBe('ReadOnly');
    expect(restoreRequests('ro/')).toEqual([]);
  });

  it('plans picked keys (one deleted since it was picked) without listing their whole folder', async () => {
    const keys = await seed('picked/', 'g', 50, 'GLACIER');
    await sb.store.delete(BUCKET, keys[10]!);
    const c = newCore();
    const p = await plan(c, { keys: [keys[5]!, keys[10]!, keys[20]!] });
    expect(p.toRestore).toEqual([{ kind: 'GLACIER', objects: 2, bytes: sb.store.head(BUCKET, keys[5]!).size + sb.store.head(BUCKET, keys[20]!).size }]);
    expect(p.skipped).toEqual([{ reason: 'gone', objects: 1, bytes: 0 }]);
  });

  it('leaves many Intelligent-Tiering tiers unchecked, requests them all, and counts the ones in an access tier as readable', async () => {
    const aa = await seed('it-many/', 'aa', 10, 'INTELLIGENT_TIERING', 'ARCHIVE_ACCESS');
    const daa = await seed('it-many/', 'da', 10, 'INTELLIGENT_TIERING', 'DEEP_ARCHIVE_ACCESS');
    const fa = await seed('it-many/', 'fa', 10, 'INTELLIGENT_TIERING');
    const c = newCore({ restoreTierCheckLimit: 10 });
    const quick = await plan(c, { prefixes: ['it-many/'] });
    expect(quick.headRequests).toBe(0);
    expect(quick.unchecked).toEqual([{ kind: 'IT_DEEP_ARCHIVE_ACCESS', objects: 30, bytes: expect.any(Number) }]);
    expect(quick.validTiers).toEqual(['Standard', 'Bulk']);
    const exact = await plan(c, { prefixes: ['it-many/'], checkTiers: true });
    expect(exact.headRequests).toBe(30);
    expect(exact.unchecked).toEqual([]);
    expect(Object.fromEntries(exact.toRestore.map((g) => [g.kind, g.objects]))).toEqual({ IT_ARCHIVE_ACCESS: 10, IT_DEEP_ARCHIVE_ACCESS: 10 });

    const { jobId } = await c.call('restore:start', { planId: quick.planId, tier: 'Bulk' });
    const j = await c.until(async () => {
      const s = await job(c, jobId);
      return s.restore.states.pending === 0 && s;
    });
    expect(j.restore.states).toMatchObject({ requested: 20, restored: 10, failed: 0 });
    const log = restoreRequests('it-many/');
    expect(log.filter((e) => e.status === 202).map((e) => e.key).sort()).toEqual([...aa, ...daa].sort());
    expect(log.filter((e) => e.status === 403).map((e) => e.key).sort()).toEqual(fa);
    const readable = await c.call('jobs:items', { jobId, state: 'restored', offset: 0, limit: 50 });
    expect(readable.items.map((i) => i.detail)).toEqual(Array(10).fill(expect.stringMatching(/Readable already/)));
  });

  it('asks for the cost to be confirmed above the threshold', async () => {
    await seed('costly/', 'g', 4, 'GLACIER');
    const c = newCore();
    await c.call('settings:set', { patch: { restore: { confirmAboveUsd: 0 } } });
    const p = await plan(c, { prefixes: ['costly/'] });
    await expect(c.call('restore:start', { planId: p.planId, tier: 'Expedited', days: 1 })).rejects.toThrow(/confirm the amount/);
    const { jobId } = await c.call('restore:start', { planId: p.planId, tier: 'Expedited', days: 1, acknowledgedCostUsd: 1 });
    expect(jobId).toBeTruthy();
  });
});
