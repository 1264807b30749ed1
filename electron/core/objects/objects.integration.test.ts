/**
 * Object operations end to end against the sandbox, over real HTTP with the
 * real AWS SDK, through the core's own dispatch: a 2,500-key delete in
 * three DeleteObjects with some keys denied, copies that keep metadata,
 * tags and storage class, a move whose deletes are denied (both copies
 * kept, and said so), a storage-class change with its minimum-duration
 * charge, the single-object edits, the activity log, read-only refusal,
 * and hostile inputs refused with nothing changed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../../shared/ipc/activity';
import { BYTES_PER_GB, HOURS_PER_MONTH } from '../../../shared/pricing';
import { createManualClock, startSandbox, type ManualClock, type Sandbox } from '../../sandbox/index';
import type { TestCore } from '../testing/core-against';
import { coreFactory, keysUnder, opJob, plan, seed, settled } from './test-support';

const BUCKET = 'ops-test';
const TARGET = 'ops-target';
const DAY = 86_400_000;

let sb: Sandbox;
let clock: ManualClock;
const cores = coreFactory(() => sb);
const newCore = (options: Parameters<typeof cores.newCore>[0] = {}) => cores.newCore(options, { now: () => clock.now() });

async function activity(c: TestCore, action: ActivityEntry['action']): Promise<ActivityEntry[]> {
  return (await c.call('activity:list', { filter: { action } })).entries;
}

const requests = (op: string, from = 0) => sb.requestLog.entries().filter((e) => e.op === op && e.seq > from);
const lastSeq = () => sb.requestLog.entries().at(-1)?.seq ?? 0;

beforeAll(async () => {
  clock = createManualClock(Date.UTC(2026, 10, 3, 10, 30));
  sb = await startSandbox({
    clock,
    quiet: true,
    requestLog: true,
    policy: { deny: [{ actions: ['s3:DeleteObject'], prefixes: ['del/denied/', 'mv/src/locked/'] }] },
  });
  sb.store.createBucket(BUCKET, 'us-east-1');
  sb.store.createBucket(TARGET, 'us-east-1');
}, 60_000);

afterEach(async () => {
  await cores.disposeAll();
});

afterAll(async () => {
  await sb?.close();
  cores.removeDirs();
});

describe('delete', () => {
  it('deletes 2,500 keys in three DeleteObjects, fails the denied ones with the reason, and logs it', async () => {
    const ok = await seed(sb, BUCKET, 'del/ok/', 2_450);
    const denied = await seed(sb, BUCKET, 'del/denied/', 50);
    const c = newCore();
    const p = await plan(c, { op: 'delete', bucket: BUCKET, prefixes: ['del/'] });
    expect(p).toMatchObject({ op: 'delete', objects: 2_500, archived: { objects: 0 }, large: 0, byClass: { STANDARD: 2_500 } });
    expect(p.bytes).toBe([...ok, ...denied].reduce((n, k) => n + sb.store.head(BUCKET, k).size, 0));
    expect(p.summary).toMatch(/^Delete 2,500 objects .* from s3:\/\/ops-test\/; this cannot be undone/);

    const from = lastSeq();
    const started = performance.now();
    const { jobId } = await c.call('objects:start-operation', { planId: p.planId, confirmedObjects: 2_500 });
    const j = await settled(c, jobId);
    const seconds = (performance.now() - started) / 1000;
    console.log(`delete of 2,500 keys: ${seconds.toFixed(2)} s`);

    expect(j.state).toBe('done');
    expect(j.operation.states).toEqual({ pending: 0, done: 2_450, failed: 50, skipped: 0 });
    expect(j.items).toEqual({ total: 2_500, done: 2_500, failed: 50 });
    expect(requests('DeleteObjects', from)).toHaveLength(3);
    expect(keysUnder(sb, BUCKET, 'del/')).toEqual(denied);

    const failed = await c.call('jobs:items', { jobId, state: 'failed', offset: 0, limit: 100 });
    expect(failed.total).toBe(50);
    expect(failed.items.map((i) => i.key)).toEqual(denied);
    expect(failed.items[0]!.detail).toMatch(/may not delete this object \(s3:DeleteObject\)/);

    await c.until(async () => (await activity(c, 'delete'))[0]?.outcome !== 'started');
    const [entry] = await activity(c, 'delete');
    expect(entry).toMatchObject({ action: 'delete', bucket: BUCKET, prefixes: ['del/'], objects: 2_500, jobId, outcome: 'partial', result: { done: 2_450, failed: 50, skipped: 0 } });
    expect(c.notifications.at(-1)?.title).toBe('Operation finished with failures');
  });

  it('deletes picked keys only, and says which picked keys are gone', async () => {
    const keys = await seed(sb, BUCKET, 'pick/', 30);
    await sb.store.delete(BUCKET, keys[3]!);
    const c = newCore();
    const p = await plan(c, { op: 'delete', bucket: BUCKET, keys: [keys[2]!, keys[3]!, keys[4]!] });
    expect(p.objects).toBe(2);
    expect(p.summary).toMatch(/1 object selected no longer exists/);
    const { jobId } = await c.call('objects:start-operation', { planId: p.planId, confirmedObjects: 2 });
    expect((await settled(c, jobId)).operation.states.done).toBe(2);
    expect(keysUnder(sb, BUCKET, 'pick/')).toEqual(keys.filter((_, i) => i < 2 || i > 4));
  });
});

describe('copy and move', () => {
  it('copies to another bucket keeping bytes, metadata, content type, tags and storage class', async () => {
    const meta = { 'sample-count': '1200', origin: 'run-7' };
    const tags = { dataset: 'train', team: 'vision' };
    const keys = await seed(sb, BUCKET, 'cp/src/', 40, { storageClass: 'STANDARD_IA', metadata: meta, tags, contentType: 'application/x-ndjson' });
    await seed(sb, BUCKET, 'cp/src/cold/', 4, { storageClass: 'GLACIER' });
    const c = newCore();
    const p = await plan(c, { op: 'copy', bucket: BUCKET, prefixes: ['cp/src/'], base: 'cp/src/', target: { connectionId: 'sandbox', bucket: TARGET, prefix: 'copied/' } });
    expect(p).toMatchObject({ objects: 44, archived: { objects: 4 }, byClass: { STANDARD_IA: 40, GLACIER: 4 }, minimumDuration: { objects: 0, chargeUsd: 0 } });
    expect(p.summary).toMatch(/4 objects archived and not restored cannot be copied and will be skipped/);
    const { jobId } = await c.call('objects:start-operation', { planId: p.planId, confirmedObjects: 44 });
    const j = await settled(c, jobId);
    expect(j.operation).toMatchObject({ op: 'copy', target: `s3://${TARGET}/copied/`, states: { pending: 0, done: 40, failed: 0, skipped: 4 } });
    for (const key of keys) {
      const to = `copied/${key.slice('cp/src/'.length)}`;
      const src = sb.store.head(BUCKET, key);
      const dst = sb.store.head(TARGET, to);
      expect(dst).toMatchObject({ size: src.size, storageClass: 'STANDARD_IA', contentType: 'application/x-ndjson', metadata: meta });
      expect(sb.store.getTags(TARGET, to)).toEqual(tags);
      expect(await sb.store.read(TARGET, to)).toEqual(await sb.store.read(BUCKET, key));
    }
    expect(keysUnder(sb, TARGET, 'copied/cold/')).toEqual([]);
    const skipped = await c.call('jobs:items', { jobId, state: 'skipped', offset: 0, limit: 10 });
    expect(skipped.items.map((i) => i.detail)).toEqual(Array(4).fill(expect.stringMatching(/restored/)));
    await c.until(async () => (await activity(c, 'copy'))[0]?.outcome !== 'started');
    expect((await activity(c, 'copy'))[0]).toMatchObject({ outcome: 'done', objects: 44, result: { done: 40, skipped: 4, copy: 40 } });
  });

  it('moves: deletes each source only after its copy, and keeps both copies where the delete is denied', async () => {
    const free = await seed(sb, BUCKET, 'mv/src/free/', 20, { metadata: { a: '1' } });
    const locked = await seed(sb, BUCKET, 'mv/src/locked/', 5, { metadata: { a: '2' } });
    const c = newCore();
    const p = await plan(c, { op: 'move', bucket: BUCKET, prefixes: ['mv/src/'], base: 'mv/src/', target: { connectionId: 'sandbox', bucket: BUCKET, prefix: 'mv/dst/' } });
    const from = lastSeq();
    const { jobId } = await c.call('objects:start-operation', { planId: p.planId, confirmedObjects: 25 });
    const j = await settled(c, jobId);
    expect(j.state).toBe('done');
    expect(j.operation.states).toEqual({ pending: 0, done: 20, failed: 5, skipped: 0 });
    // Nothing lost: every object is at the target; the five whose delete was refused are at the source too.
    expect(keysUnder(sb, BUCKET, 'mv/dst/')).toEqual([...free, ...locked].map((k) => k.replace('mv/src/', 'mv/dst/')));
    expect(keysUnder(sb, BUCKET, 'mv/src/')).toEqual(locked);
    for (const k of locked) expect(sb.store.head(BUCKET, k.replace('mv/src/', 'mv/dst/')).metadata).toEqual({ a: '2' });
    // Copies first, then one DeleteObjects for the sources.
    const log = sb.requestLog.entries().filter((e) => e.seq > from && (e.op === 'CopyObject' || e.op === 'DeleteObjects'));
    expect(log.filter((e) => e.op === 'CopyObject')).toHaveLength(25);
    expect(log.at(-1)?.op).toBe('DeleteObjects');
    expect(log.findIndex((e) => e.op === 'DeleteObjects')).toBe(25);
    const failed = await c.call('jobs:items', { jobId, state: 'failed', offset: 0, limit: 10 });
    expect(failed.items.map((i) => i.key)).toEqual(locked);
    expect(failed.items[0]!.detail).toMatch(/both copies exist/);
    await c.until(async () => (await activity(c, 'move'))[0]?.outcome !== 'started');
    expect((await activity(c, 'move'))[0]).toMatchObject({ outcome: 'partial', result: { done: 20, failed: 5 } });
  });
});

describe('hostile keys', () => {
  it('copies, moves and deletes keys with spaces, plus signs, percent signs, XML characters, dots and unicode', async () => {
    const names = ['a b.txt', 'c+d.txt', '100%.txt', '%2e%2e/x', 'q?v=1&w=2#frag', '<tag attr="1">&amp;', '../../etc/passwd', 'dots./.hidden', 'über/ñ/日本語.jsonl', 'tab\there', 'new\nline'];
    const keys = names.map((n) => `hostile/${n}`);
    for (const key of keys) await sb.store.put(BUCKET, key, { body: Buffer.from(`body of ${key}`), metadata: { k: 'v' } });
    const c = newCore();
    const copy = await plan(c, { op: 'copy', bucket: BUCKET, prefixes: ['hostile/'], base: 'hostile/', target: { connectionId: 'sandbox', bucket: TARGET, prefix: 'hostile-copy/' } });
    expect(copy.objects).toBe(keys.length);
    const { jobId } = await c.call('objects:start-operation', { planId: copy.planId, confirmedObjects: keys.length });
    expect((await settled(c, jobId)).operation.states.done).toBe(keys.length);
    for (const key of keys) expect((await sb.store.read(TARGET, key.replace('hostile/', 'hostile-copy/'))).toString()).toBe(`body of ${key}`);

    const move = await plan(c, { op: 'move', bucket: TARGET, prefixes: ['hostile-copy/'], base: 'hostile-copy/', target: { connectionId: 'sandbox', bucket: TARGET, prefix: 'hostile-moved/' } });
    const moved = await c.call('objects:start-operation', { planId: move.planId, confirmedObjects: keys.length });
    expect((await settled(c, moved.jobId)).operation.states.done).toBe(keys.length);
    expect(keysUnder(sb, TARGET, 'hostile-copy/')).toEqual([]);
    expect(keysUnder(sb, TARGET, 'hostile-moved/')).toHaveLength(keys.length);

    const del = await plan(c, { op: 'delete', bucket: TARGET, keys: keysUnder(sb, TARGET, 'hostile-moved/') });
    const deleted = await c.call('objects:start-operation', { planId: del.planId, confirmedObjects: keys.length });
    expect((await settled(c, deleted.jobId)).operation.states).toMatchObject({ done: keys.length, failed: 0 });
    expect(keysUnder(sb, TARGET, 'hostile-moved/')).toEqual([]);
    const renamed = await c.call('objects:rename', { connectionId: 'sandbox', bucket: BUCKET, key: keys[5]!, newKey: 'hostile/<renamed> & "quoted"' });
    expect((await sb.store.read(BUCKET, renamed.key)).toString()).toBe(`body of ${keys[5]}`);
  });
});

describe('a job that cannot go on', () => {
  it('pauses with the reason when the endpoint keeps failing, aborts its multipart copy, and resumes to the end', async () => {
    sb.store.putSynthetic(BUCKET, 'pause/big.bin', 5 * 1024 ** 3 + 1024, { metadata: { big: 'yes' } });
    const c = newCore();
    const p = await plan(c, { op: 'copy', bucket: BUCKET, prefixes: ['pause/'], target: { connectionId: 'sandbox', bucket: TARGET, prefix: 'paused/' } });
    const rule = sb.faults.add({ kind: 'internal-error', op: 'UploadPartCopy' });
    let j;
    try {
      const { jobId } = await c.call('objects:start-operation', { planId: p.planId, confirmedObjects: 1 });
      j = await settled(c, jobId, 60_000);
      expect(j.state).toBe('paused');
      expect(j.pausedReason).toMatchObject({ code: 'Internal', message: expect.stringMatching(/paused after several tries; choose Resume/) });
      expect(sb.store.listMultipartUploads(TARGET)).toEqual([]);
    } finally {
      sb.faults.remove(rule);
    }
    expect(await c.call('objects:resume-operation', { jobId: j.jobId })).toEqual({ resumed: true });
    const done = await settled(c, j.jobId, 60_000);
    expect(done.state).toBe('done');
    expect(sb.store.head(TARGET, 'paused/pause/big.bin')).toMatchObject({ size: 5 * 1024 ** 3 + 1024, metadata: { big: 'yes' } });
    expect(await c.call('objects:resume-operation', { jobId: j.jobId })).toEqual({ resumed: false });
    const unknown = await c.raw('objects:cancel-operation', { jobId: 'nope' });
    expect(!unknown.ok && unknown.error.code).toBe('NoSuchJob');
  }, 90_000);
});

describe('storage-class change', () => {
  it('warns about the minimum-duration charge, changes in place keeping metadata and tags, and skips what it cannot change', async () => {
    const MiB = 1024 ** 2;
    const old = await seed(sb, BUCKET, 'sc/old/', 4, { storageClass: 'STANDARD_IA', size: MiB });
    clock.advance(40 * DAY);
    const young = await seed(sb, BUCKET, 'sc/young/', 10, { storageClass: 'STANDARD_IA', size: MiB, metadata: { keep: 'me' }, tags: { t: 'x' } });
    clock.advance(10 * DAY);
    await seed(sb, BUCKET, 'sc/cold/', 5, { storageClass: 'GLACIER' });
    await seed(sb, BUCKET, 'sc/deep/', 3, { storageClass: 'DEEP_ARCHIVE' });
    const c = newCore();
    const p = await plan(c, { op: 'storage-class', bucket: BUCKET, prefixes: ['sc/'], storageClass: 'DEEP_ARCHIVE' });
    expect(p).toMatchObject({ objects: 22, archived: { objects: 8 }, byClass: { STANDARD_IA: 14, GLACIER: 5, DEEP_ARCHIVE: 3 } });
    // Only the ten IA objects written 10 days ago are inside IA's 30 days: 20 days each still billed.
    const expected = 10 * (MiB / BYTES_PER_GB) * 0.0125 * ((20 * 24) / HOURS_PER_MONTH);
    expect(p.minimumDuration.objects).toBe(10);
    expect(p.minimumDuration.chargeUsd).toBeCloseTo(expected, 6);
    expect(p.summary).toMatch(/10 objects are still inside the minimum storage duration of their class: changing their class now bills an early-deletion charge of about \$0\.00/);
    expect(p.summary).toMatch(/3 objects already in DEEP_ARCHIVE will be left as they are/);
    expect(p.summary).toMatch(/5 objects archived and not restored cannot be copied/);

    const { jobId } = await c.call('objects:start-operation', { planId: p.planId, confirmedObjects: 22 });
    const j = await settled(c, jobId);
    expect(j.operation).toMatchObject({ op: 'storage-class', storageClass: 'DEEP_ARCHIVE', states: { done: 14, skipped: 8, failed: 0 } });
    for (const k of [...old, ...young]) expect(sb.store.head(BUCKET, k).storageClass).toBe('DEEP_ARCHIVE');
    for (const k of young) {
      expect(sb.store.head(BUCKET, k).metadata).toEqual({ keep: 'me' });
      expect(sb.store.getTags(BUCKET, k)).toEqual({ t: 'x' });
    }
    expect(keysUnder(sb, BUCKET, 'sc/cold/').map((k) => sb.store.head(BUCKET, k).storageClass)).toEqual(Array(5).fill('GLACIER'));
    const skipped = await c.call('jobs:items', { jobId, state: 'skipped', offset: 0, limit: 10 });
    expect(new Set(skipped.items.map((i) => i.detail))).toEqual(new Set([expect.stringMatching(/restored/), 'Already in that storage class.']));
    await c.until(async () => (await activity(c, 'storage-class'))[0]?.outcome !== 'started');
    expect((await activity(c, 'storage-class'))[0]).toMatchObject({ outcome: 'done', estimatedCostUsd: expect.any(Number) });
  });
});

describe('single objects', () => {
  it('renames keeping metadata and tags, and refuses to rename onto an existing key', async () => {
    const [a, b] = await seed(sb, BUCKET, 'ren/', 2, { metadata: { m: 'v' }, tags: { k: 'v' }, storageClass: 'ONEZONE_IA' });
    const c = newCore();
    const body = await sb.store.read(BUCKET, a!);
    expect(await c.call('objects:rename', { connectionId: 'sandbox', bucket: BUCKET, key: a!, newKey: 'ren/renamed.bin' })).toEqual({ key: 'ren/renamed.bin' });
    expect(keysUnder(sb, BUCKET, 'ren/')).toEqual([b!, 'ren/renamed.bin'].sort());
    expect(sb.store.head(BUCKET, 'ren/renamed.bin')).toMatchObject({ metadata: { m: 'v' }, storageClass: 'ONEZONE_IA' });
    expect(sb.store.getTags(BUCKET, 'ren/renamed.bin')).toEqual({ k: 'v' });
    expect(await sb.store.read(BUCKET, 'ren/renamed.bin')).toEqual(body);

    const from = lastSeq();
    const onto = await c.raw('objects:rename', { connectionId: 'sandbox', bucket: BUCKET, key: b!, newKey: 'ren/renamed.bin' });
    expect(!onto.ok && onto.error).toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(/already exists.*never overwrites/) });
    expect(requests('CopyObject', from)).toEqual([]);
    expect(keysUnder(sb, BUCKET, 'ren/')).toEqual([b!, 'ren/renamed.bin'].sort());
    expect((await activity(c, 'rename')).map((e) => e.outcome)).toEqual(['done']);
  });

  it('refuses to rename an archived object', async () => {
    const [cold] = await seed(sb, BUCKET, 'ren-cold/', 1, { storageClass: 'DEEP_ARCHIVE' });
    const c = newCore();
    const r = await c.raw('objects:rename', { connectionId: 'sandbox', bucket: BUCKET, key: cold!, newKey: 'ren-cold/x' });
    expect(!r.ok && r.error).toMatchObject({ code: 'InvalidObjectState', message: expect.stringMatching(/archived in DEEP_ARCHIVE; restore it first/) });
  });

  it('creates folders and refuses names that are not folders', async () => {
    const c = newCore();
    expect(await c.call('objects:create-folder', { connectionId: 'sandbox', bucket: BUCKET, prefix: 'folders/new' })).toEqual({ key: 'folders/new/' });
    expect(sb.store.head(BUCKET, 'folders/new/').size).toBe(0);
    for (const prefix of ['folders/../x', '/abs', 'a//b', 'bad\u0001name']) {
      const r = await c.raw('objects:create-folder', { connectionId: 'sandbox', bucket: BUCKET, prefix });
      expect(!r.ok && r.error.code).toBe('InvalidInput');
    }
    expect(keysUnder(sb, BUCKET, 'folders/')).toEqual(['folders/new/']);
    expect((await activity(c, 'create-folder'))[0]).toMatchObject({ key: 'folders/new/', outcome: 'done' });
  });

  it('replaces metadata and tags together, keeping content type and storage class', async () => {
    const [k] = await seed(sb, BUCKET, 'meta/', 1, { metadata: { old: '1' }, tags: { a: 'b' }, contentType: 'image/png', storageClass: 'STANDARD_IA' });
    const c = newCore();
    await c.call('objects:update-metadata', { connectionId: 'sandbox', bucket: BUCKET, key: k!, metadata: { 'sample-count': '42' } });
    expect(sb.store.head(BUCKET, k!)).toMatchObject({ metadata: { 'sample-count': '42' }, contentType: 'image/png', storageClass: 'STANDARD_IA' });
    expect(sb.store.getTags(BUCKET, k!)).toEqual({ a: 'b' });
    await c.call('objects:update-metadata', { connectionId: 'sandbox', bucket: BUCKET, key: k!, metadata: {}, contentType: 'text/plain', tags: { split: 'val' } });
    expect(sb.store.head(BUCKET, k!)).toMatchObject({ metadata: {}, contentType: 'text/plain', storageClass: 'STANDARD_IA' });
    expect(sb.store.getTags(BUCKET, k!)).toEqual({ split: 'val' });
    expect((await activity(c, 'metadata')).map((e) => e.outcome)).toEqual(['done', 'done']);
  });
});

describe('refusals', () => {
  it('refuses everything on a read-only connection, before any request changes the bucket', async () => {
    const [k] = await seed(sb, BUCKET, 'ro/', 3);
    const c = newCore();
    const p = await plan(c, { op: 'delete', bucket: BUCKET, prefixes: ['ro/'] });
    await c.call('connections:set-read-only', { connectionId: 'sandbox', readOnly: true });
    const from = lastSeq();
    const attempts = [
      c.raw('objects:start-operation', { planId: p.planId, confirmedObjects: 3 }),
      c.raw('objects:plan-operation', { op: 'delete', connectionId: 'sandbox', bucket: BUCKET, prefixes: ['ro/'] }),
      c.raw('objects:rename', { connectionId: 'sandbox', bucket: BUCKET, key: k, newKey: 'ro/x' }),
      c.raw('objects:create-folder', { connectionId: 'sandbox', bucket: BUCKET, prefix: 'ro/f' }),
      c.raw('objects:update-metadata', { connectionId: 'sandbox', bucket: BUCKET, key: k, metadata: {} }),
      c.raw('objects:undelete', { connectionId: 'sandbox', bucket: BUCKET, key: k }),
      c.raw('objects:delete-version', { connectionId: 'sandbox', bucket: BUCKET, key: k, versionId: 'v', permanent: true }),
      c.raw('objects:promote-version', { connectionId: 'sandbox', bucket: BUCKET, key: k, versionId: 'v' }),
      c.raw('objects:restore-version', { connectionId: 'sandbox', bucket: BUCKET, key: k, versionId: 'v', tier: 'Bulk', days: 1 }),
    ];
    for (const r of await Promise.all(attempts)) {
      expect(!r.ok && r.error).toMatchObject({ code: 'ReadOnly', message: expect.stringMatching(/read-only/) });
    }
    expect(sb.requestLog.entries().filter((e) => e.seq > from)).toEqual([]);
    expect(keysUnder(sb, BUCKET, 'ro/')).toHaveLength(3);
    await c.call('connections:set-read-only', { connectionId: 'sandbox', readOnly: false });
  });

  it('refuses a confirmation that does not match the plan, and starts nothing', async () => {
    await seed(sb, BUCKET, 'confirm/', 7);
    const c = newCore();
    const p = await plan(c, { op: 'delete', bucket: BUCKET, prefixes: ['confirm/'] });
    const r = await c.raw('objects:start-operation', { planId: p.planId, confirmedObjects: 70 });
    expect(!r.ok && r.error).toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(/names 70 objects, but the plan holds 7/) });
    expect((await c.call('jobs:list', {})).filter((j) => j.kind === 'operation')).toEqual([]);
    expect(keysUnder(sb, BUCKET, 'confirm/')).toHaveLength(7);
    const gone = await c.raw('objects:start-operation', { planId: 'no-such-plan', confirmedObjects: 7 });
    expect(!gone.ok && gone.error.code).toBe('InvalidInput');
  });

  it('refuses copies onto themselves, across connections, and outside the base', async () => {
    await seed(sb, BUCKET, 'self/', 2);
    const c = newCore();
    const cases: Array<[Parameters<typeof plan>[1], string, RegExp]> = [
      [{ op: 'copy', bucket: BUCKET, prefixes: ['self/'], base: 'self/', target: { connectionId: 'sandbox', bucket: BUCKET, prefix: 'self/' } }, 'InvalidInput', /already are/],
      [{ op: 'move', bucket: BUCKET, prefixes: ['self/'], base: 'other/', target: { connectionId: 'sandbox', bucket: TARGET, prefix: 'x/' } }, 'InvalidInput', /not below "other\/"/],
      [{ op: 'copy', bucket: BUCKET, prefixes: ['self/'], target: { connectionId: 'custom-elsewhere', bucket: TARGET, prefix: '' } }, 'NotSupported', /different connections/],
    ];
    for (const [input, code, message] of cases) {
      const r = await c.raw('objects:plan-operation', { connectionId: 'sandbox', ...input });
      expect(!r.ok && r.error).toMatchObject({ code, message: expect.stringMatching(message) });
    }
  });

  it('refuses a start with nothing to do', async () => {
    await seed(sb, BUCKET, 'allcold/', 3, { storageClass: 'GLACIER' });
    const c = newCore();
    const p = await plan(c, { op: 'copy', bucket: BUCKET, prefixes: ['allcold/'], target: { connectionId: 'sandbox', bucket: TARGET, prefix: 'x/' } });
    const r = await c.raw('objects:start-operation', { planId: p.planId, confirmedObjects: 3 });
    expect(!r.ok && r.error).toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(/^Nothing to do/) });
  });

  it('cancels a job, keeping what it finished', async () => {
    await seed(sb, BUCKET, 'cancel/', 300);
    const rule = sb.faults.add({ kind: 'latency', op: 'CopyObject', ms: 40 });
    try {
      const c = newCore({ objectCopyConcurrency: 4 });
      const p = await plan(c, { op: 'copy', bucket: BUCKET, prefixes: ['cancel/'], target: { connectionId: 'sandbox', bucket: TARGET, prefix: 'cancelled/' } });
      const { jobId } = await c.call('objects:start-operation', { planId: p.planId, confirmedObjects: 300 });
      await c.until(async () => ((await opJob(c, jobId))?.operation.states.done ?? 0) >= 20);
      expect(await c.call('objects:cancel-operation', { jobId })).toEqual({ cancelled: true });
      const j = (await opJob(c, jobId))!;
      expect(j.state).toBe('cancelled');
      expect(j.operation.states.done).toBeLessThan(300);
      expect(keysUnder(sb, TARGET, 'cancelled/').length).toBeGreaterThanOrEqual(j.operation.states.done);
      expect(await c.call('objects:cancel-operation', { jobId })).toEqual({ cancelled: false });
      await c.until(async () => (await activity(c, 'copy'))[0]?.outcome === 'cancelled');
    } finally {
      sb.faults.remove(rule);
    }
  });
});
