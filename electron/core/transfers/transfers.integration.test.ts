/**
 * Transfers through the whole core against the sandbox over real HTTP:
 * plan → start → job on the board, downloads of prefixes and hostile keys,
 * kill-and-restart of a 200 MB object and of 1,000 files (the request log
 * proves finished files and ranges are not fetched again), restore-first,
 * uploads of folders with storage class and metadata, a 100 MB multipart
 * upload cancelled (no parts left) and resumed after a restart, a folder
 * that disappears mid-job, read-only refusal, and upload links.
 */
import { GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TransferJobSummary } from '../../../shared/ipc/jobs';
import { countBy, startSandbox, type Sandbox } from '../../sandbox/index';
import { coreFactory } from '../objects/test-support';
import type { TestCore } from '../testing/core-against';
import { COLLIDING_KEYS, HOSTILE_KEYS } from './hostile-keys';

const BUCKET = 'transfers-test';
let sb: Sandbox;
let s3: S3Client;
const cores = coreFactory(() => sb);
const temp: string[] = [];
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function tempDir(name: string): string {
  const d = mkdtempSync(join(tmpdir(), `thaw-${name}-`));
  temp.push(d);
  return d;
}

/** A core whose folder dialog answers `folder` and whose file dialog answers `files`. */
function coreWith(opts: { folder?: string; files?: string[]; dir?: string; options?: Parameters<typeof cores.newCore>[0] } = {}) {
  return cores.newCore(
    { transferRestoreCheckMs: 50, ...opts.options },
    { dialogs: { chooseDirectory: async () => opts.folder, chooseFiles: async () => opts.files ?? [], chooseSaveFile: async () => undefined } },
    opts.dir,
  );
}

async function transferJob(c: TestCore, jobId: string): Promise<TransferJobSummary | undefined> {
  const found = (await c.call('jobs:list', {})).find((j) => j.jobId === jobId);
  return found?.kind === 'transfer' ? found : undefined;
}

function settled(c: TestCore, jobId: string, ms = 60_000): Promise<TransferJobSummary> {
  return c.until(async () => {
    const j = await transferJob(c, jobId);
    return j && j.state !== 'running' && j;
  }, ms);
}

/** Every file below `dir`, as '/'-separated relative paths. */
function filesBelow(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

async function put(key: string, body: Buffer, opts: { storageClass?: 'GLACIER' | 'DEEP_ARCHIVE' } = {}) {
  await sb.store.put(BUCKET, key, { body, metadata: {}, ...(opts.storageClass ? { storageClass: opts.storageClass } : {}) });
}

beforeAll(async () => {
  sb = await startSandbox({ quiet: true, requestLog: true, seed: 'none', restoreDelaysMs: { Expedited: 200, Standard: 300, Bulk: 400 } });
  sb.store.createBucket(BUCKET, 'us-east-1');
  s3 = new S3Client({ endpoint: sb.endpoint, region: sb.region, credentials: sb.credentials, forcePathStyle: true });
}, 60_000);

afterEach(async () => {
  sb.faults.clear();
  await cores.disposeAll();
});

afterAll(async () => {
  s3?.destroy();
  await sb?.close();
  cores.removeDirs();
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

describe('downloads', () => {
  it('a prefix lands byte for byte below the chosen folder, each file verified, with the key below the viewed folder as its path', async () => {
    const bodies = new Map<string, Buffer>();
    for (let i = 0; i < 40; i++) {
      const key = `dl/run-1/${i % 4}/sample-${i}.bin`;
      const body = randomBytes(1000 + i * 37);
      bodies.set(key, body);
      await put(key, body);
    }
    await put('dl/run-1/empty.bin', Buffer.alloc(0));
    bodies.set('dl/run-1/empty.bin', Buffer.alloc(0));
    const folder = tempDir('dl');
    const c = coreWith({ folder });
    const plan = await c.call('transfers:plan-download', { connectionId: 'sandbox', bucket: BUCKET, prefixes: ['dl/run-1/'], keys: [], base: 'dl/' });
    expect(plan).toMatchObject({ files: 41, existing: 0, conflicts: 0, unsafe: { count: 0 }, archived: { objects: 0 } });
    const { jobId } = await c.call('transfers:start-download', { planId: plan!.planId, collision: 'skip', archived: 'skip' });
    const done = await settled(c, jobId);
    expect(done.state).toBe('done');
    expect(done.transfer.states.done).toBe(41);
    expect(done.transfer.verified).toBe(41);
    expect(filesBelow(folder)).toEqual([...bodies.keys()].map((k) => k.slice('dl/'.length)).sort());
    for (const [key, body] of bodies) expect(sha(readFileSync(join(folder, key.slice(3))))).toBe(sha(body));
    const items = await c.call('jobs:items', { jobId, offset: 0, limit: 100 });
    expect(items.items.every((i) => i.state === 'done' && i.verifiedBy !== undefined)).toBe(true);
    // The log entry is updated as the job ends, a moment after its last file.
    const entry = await c.until(async () => (await c.call('activity:list', {})).entries.find((e) => e.jobId === jobId && e.outcome !== 'started'));
    expect(entry).toMatchObject({ action: 'download', outcome: 'done', objects: 41 });
  });

  it('hostile keys: nothing is written outside the folder, unsafe keys are named, colliding keys are renamed, never overwritten', async () => {
    const keys = [
      ...HOSTILE_KEYS.filter((h) => h.seedable !== false).map((h) => `hostile/${h.key}`),
      ...COLLIDING_KEYS.flatMap((c, i) => c.keys.map((k) => `hostile/c${i}/${k}`)),
    ].filter((k) => Buffer.byteLength(k) <= 1024);
    for (const [i, key] of keys.entries()) await put(key, Buffer.from(`body ${i}`));
    const parent = tempDir('hostile');
    const folder = join(parent, 'target');
    mkdirSync(folder);
    const c = coreWith({ folder });
    const plan = (await c.call('transfers:plan-download', { connectionId: 'sandbox', bucket: BUCKET, prefixes: ['hostile/'], keys: [], base: 'hostile/' }))!;
    expect(plan.unsafe.count).toBeGreaterThan(0);
    const { jobId } = await c.call('transfers:start-download', { planId: plan.planId, collision: 'rename', archived: 'skip' });
    const done = await settled(c, jobId);
    expect(done.state).toBe('done');
    // Only the target folder was written to.
    expect(readdirSync(parent)).toEqual(['target']);
    const written = filesBelow(folder);
    expect(written.length).toBe(done.transfer.states.done);
    // Every downloaded file holds one distinct object's bytes: no two keys shared a file.
    const contents = new Set(written.map((f) => readFileSync(join(folder, f), 'utf8')));
    expect(contents.size).toBe(written.length);
    const skipped = await c.call('jobs:items', { jobId, state: 'skipped', offset: 0, limit: 100 });
    expect(skipped.items.every((i) => (i.detail ?? '').length > 0)).toBe(true);
  });

  it('an existing file is kept under "skip" and replaced under "overwrite"', async () => {
    await put('exist/a.txt', Buffer.from('from s3'));
    const folder = tempDir('exist');
    writeFileSync(join(folder, 'a.txt'), 'local');
    const c = coreWith({ folder });
    const input = { connectionId: 'sandbox', bucket: BUCKET, prefixes: ['exist/'], keys: [], base: 'exist/' };
    const p1 = (await c.call('transfers:plan-download', input))!;
    expect(p1.existing).toBe(1);
    const j1 = await c.call('transfers:start-download', { planId: p1.planId, collision: 'skip', archived: 'skip' });
    expect((await settled(c, j1.jobId)).transfer.states.skipped).toBe(1);
    expect(readFileSync(join(folder, 'a.txt'), 'utf8')).toBe('local');
    const p2 = (await c.call('transfers:plan-download', input))!;
    const j2 = await c.call('transfers:start-download', { planId: p2.planId, collision: 'overwrite', archived: 'skip' });
    expect((await settled(c, j2.jobId)).transfer.states.done).toBe(1);
    expect(readFileSync(join(folder, 'a.txt'), 'utf8')).toBe('from s3');
  });

  it('kill and restart mid-way through 1,000 files: finished files are not fetched again', async () => {
    for (let i = 0; i < 1000; i++) await put(`many/f-${String(i).padStart(4, '0')}.bin`, Buffer.alloc(256, i % 251));
    sb.faults.add({ kind: 'latency', op: 'GetObject', ms: 40 });
    const folder = tempDir('many');
    const first = coreWith({ folder });
    // Settings are on disk in the core's folder: the restarted core runs 8 at once too.
    await first.call('settings:set', { patch: { transfers: { filesAtOnce: 8 } } });
    const plan = (await first.call('transfers:plan-download', { connectionId: 'sandbox', bucket: BUCKET, prefixes: ['many/'], keys: [], base: 'many/' }))!;
    sb.requestLog.clear();
    const { jobId } = await first.call('transfers:start-download', { planId: plan.planId, collision: 'skip', archived: 'skip' });
    await first.until(async () => ((await transferJob(first, jobId))?.transfer.states.done ?? 0) >= 300, 30_000);
    await first.dispose();
    sb.faults.clear();
    const second = coreWith({ folder, dir: first.dir });
    const done = await settled(second, jobId);
    expect(done.state).toBe('done');
    expect(done.transfer.states.done).toBe(1000);
    expect(filesBelow(folder).length).toBe(1000);
    const gets = countBy(sb.requestLog.entries().filter((e) => e.op === 'GetObject' && e.status < 300), (e) => e.key);
    const twice = [...gets.values()].filter((n) => n > 1).length;
    // Only files in flight at the kill (at most the concurrency) may be fetched again.
    expect(twice).toBeLessThanOrEqual(8);
    expect(gets.size).toBe(1000);
  }, 90_000);

  it('kill and restart mid-way through a 200 MB object: the restart fetches only ranges it did not have', async () => {
    const body = randomBytes(200 * 1024 * 1024);
    await put('big/model.bin', body);
    sb.faults.add({ kind: 'latency', op: 'GetObject', ms: 60 });
    const folder = tempDir('big');
    const options = { transferDownloadOptions: { rangeSize: 8 * 1024 * 1024, rangeConcurrency: 4 } };
    const first = coreWith({ folder, options });
    const plan = (await first.call('transfers:plan-download', { connectionId: 'sandbox', bucket: BUCKET, prefixes: [], keys: [{ key: 'big/model.bin' }], base: 'big/' }))!;
    sb.requestLog.clear();
    const { jobId } = await first.call('transfers:start-download', { planId: plan.planId, collision: 'skip', archived: 'skip' });
    await first.until(async () => ((await transferJob(first, jobId))?.bytes.done ?? 0) >= 80 * 1024 * 1024, 30_000);
    await first.dispose();
    expect(readdirSync(folder).some((n) => n === 'model.bin')).toBe(false);
    sb.faults.clear();
    const second = coreWith({ folder, dir: first.dir, options });
    const done = await settled(second, jobId);
    expect(done.state).toBe('done');
    expect(done.transfer.verified).toBe(1);
    expect(sha(readFileSync(join(folder, 'model.bin')))).toBe(sha(body));
    const ranges = countBy(sb.requestLog.entries().filter((e) => e.op === 'GetObject' && e.range), (e) => e.range);
    const repeated = [...ranges.values()].filter((n) => n > 1).length;
    // At most the ranges in flight at the kill are asked for again.
    expect(repeated).toBeLessThanOrEqual(4);
    const asked = [...ranges.keys()].map((r) => r!.match(/bytes=(\d+)-(\d+)/)!).reduce((n, m) => n + Number(m[2]) - Number(m[1]) + 1, 0);
    expect(asked).toBeLessThan(body.length + 4 * 8 * 1024 * 1024 + 1);
  }, 120_000);

  it('archived objects are announced before the start; "restore first" restores them and downloads each once it is readable', async () => {
    await put('arch/ready.txt', Buffer.from('readable now'));
    await put('arch/cold-1.txt', Buffer.from('cold one'), { storageClass: 'GLACIER' });
    await put('arch/cold-2.txt', Buffer.from('cold two'), { storageClass: 'DEEP_ARCHIVE' });
    const folder = tempDir('arch');
    const c = coreWith({ folder });
    const plan = (await c.call('transfers:plan-download', { connectionId: 'sandbox', bucket: BUCKET, prefixes: ['arch/'], keys: [], base: 'arch/' }))!;
    expect(plan.archived).toMatchObject({ objects: 2, restoring: 0, byClass: { GLACIER: 1, DEEP_ARCHIVE: 1 } });
    const started = await c.call('transfers:start-download', { planId: plan.planId, collision: 'skip', archived: 'restore-first', tier: 'Standard', days: 1 });
    expect(started.restoreJobId).toBeDefined();
    const done = await settled(c, started.jobId, 60_000);
    expect(done.state).toBe('done');
    expect(done.transfer.states.done).toBe(3);
    expect(readFileSync(join(folder, 'cold-2.txt'), 'utf8')).toBe('cold two');
    // No GET was sent for an object before it was readable.
    const refused = sb.requestLog.entries().filter((e) => e.op === 'GetObject' && e.key?.startsWith('arch/') && e.status === 403);
    expect(refused).toEqual([]);
  }, 90_000);

  it('archived objects are skipped with a reason when the user says skip', async () => {
    await put('skip/ready.txt', Buffer.from('readable now'));
    await put('skip/cold.txt', Buffer.from('cold'), { storageClass: 'GLACIER' });
    const folder = tempDir('arch-skip');
    const c = coreWith({ folder });
    const plan = (await c.call('transfers:plan-download', { connectionId: 'sandbox', bucket: BUCKET, prefixes: [], keys: [{ key: 'skip/cold.txt' }, { key: 'skip/ready.txt' }], base: 'skip/' }))!;
    expect(plan.archived.objects).toBe(1);
    const { jobId } = await c.call('transfers:start-download', { planId: plan.planId, collision: 'skip', archived: 'skip' });
    const done = await settled(c, jobId);
    expect(done.transfer.states).toMatchObject({ done: 1, skipped: 1 });
    const skipped = await c.call('jobs:items', { jobId, state: 'skipped', offset: 0, limit: 10 });
    expect(skipped.items[0]).toMatchObject({ key: 'skip/cold.txt', detail: expect.stringMatching(/Archived/) });
  });

  it('the folder disappearing mid-job pauses the job with a clear reason; no file is left half-written', async () => {
    for (let i = 0; i < 60; i++) await put(`gone/f-${i}.bin`, Buffer.alloc(4096, i));
    sb.faults.add({ kind: 'latency', op: 'GetObject', ms: 50 });
    const parent = tempDir('gone');
    const folder = join(parent, 'dest');
    mkdirSync(folder);
    const c = coreWith({ folder });
    await c.call('settings:set', { patch: { transfers: { filesAtOnce: 2 } } });
    const plan = (await c.call('transfers:plan-download', { connectionId: 'sandbox', bucket: BUCKET, prefixes: ['gone/'], keys: [], base: 'gone/' }))!;
    const { jobId } = await c.call('transfers:start-download', { planId: plan.planId, collision: 'skip', archived: 'skip' });
    let most = 0;
    await c.until(async () => {
      const states = (await transferJob(c, jobId))?.transfer.states;
      most = Math.max(most, states?.active ?? 0);
      return (states?.done ?? 0) >= 5;
    });
    // The setting bounds the files in flight.
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(2);
    rmSync(folder, { recursive: true, force: true });
    const paused = await settled(c, jobId);
    expect(paused.state).toBe('paused');
    expect(paused.pausedReason?.message).toMatch(/no longer exists|folder/i);
    expect(paused.transfer.states.failed).toBe(0);
    // Recreate the folder and resume: the job finishes.
    mkdirSync(folder);
    sb.faults.clear();
    await c.call('transfers:resume', { jobId });
    const done = await settled(c, jobId);
    expect(done.state).toBe('done');
    for (const f of filesBelow(folder)) expect(statSync(join(folder, f)).size).toBe(4096);
  }, 60_000);

  it('pause keeps the job and its parts; cancel ends it and removes partial files', async () => {
    await put('pause/big.bin', randomBytes(48 * 1024 * 1024));
    sb.faults.add({ kind: 'latency', op: 'GetObject', ms: 150 });
    const folder = tempDir('pause');
    const c = coreWith({ folder, options: { transferDownloadOptions: { rangeSize: 8 * 1024 * 1024, rangeConcurrency: 1, rangedAbove: 8 * 1024 * 1024 } } });
    const plan = (await c.call('transfers:plan-download', { connectionId: 'sandbox', bucket: BUCKET, prefixes: ['pause/'], keys: [], base: 'pause/' }))!;
    const { jobId } = await c.call('transfers:start-download', { planId: plan.planId, collision: 'skip', archived: 'skip' });
    await c.until(async () => ((await transferJob(c, jobId))?.bytes.done ?? 0) > 0);
    expect(await c.call('transfers:pause', { jobId })).toEqual({ paused: true });
    expect((await transferJob(c, jobId))?.state).toBe('paused');
    expect(readdirSync(folder).filter((n) => n.endsWith('.part')).length).toBe(1);
    expect(await c.call('transfers:cancel', { jobId })).toEqual({ cancelled: true });
    expect((await transferJob(c, jobId))?.state).toBe('cancelled');
    expect(readdirSync(folder)).toEqual([]);
  }, 60_000);
});

describe('uploads', () => {
  it('a folder of 2,000 small files lands below the prefix with storage class, metadata and content type', async () => {
    const parent = tempDir('up');
    const folder = join(parent, 'batch-7');
    for (let d = 0; d < 10; d++) mkdirSync(join(folder, `shard-${d}`), { recursive: true });
    for (let i = 0; i < 2000; i++) writeFileSync(join(folder, `shard-${i % 10}`, `s-${i}.json`), JSON.stringify({ i }));
    const c = coreWith({ files: [folder] });
    const plan = (await c.call('transfers:plan-upload', { connectionId: 'sandbox', bucket: BUCKET, prefix: 'uploads/', pick: 'folder' }))!;
    expect(plan).toMatchObject({ files: 2000, destination: `s3://${BUCKET}/uploads/`, skipped: { count: 0 } });
    const { jobId } = await c.call('transfers:start-upload', { planId: plan.planId, storageClass: 'STANDARD_IA', metadata: { 'sample-count': '2000' }, collision: 'overwrite' });
    const done = await settled(c, jobId, 60_000);
    expect(done.state).toBe('done');
    expect(done.transfer.states.done).toBe(2000);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'uploads/batch-7/shard-3/s-13.json' }));
    expect(head).toMatchObject({ StorageClass: 'STANDARD_IA', ContentType: 'application/json', Metadata: { 'sample-count': '2000' }, ContentLength: JSON.stringify({ i: 13 }).length });
  }, 90_000);

  it('a 100 MB upload cancelled half-way leaves no multipart upload; the same file resumed after a restart sends no part twice', async () => {
    const folder = tempDir('up-big');
    const file = join(folder, 'weights.bin');
    const body = randomBytes(100 * 1024 * 1024);
    writeFileSync(file, body);
    sb.faults.add({ kind: 'latency', op: 'UploadPart', ms: 200 });
    const options = { transferUploadOptions: { multipartAbove: 16 * 1024 * 1024, partConcurrency: 2 } };
    const c = coreWith({ files: [file], options });
    const p1 = (await c.call('transfers:plan-upload', { connectionId: 'sandbox', bucket: BUCKET, prefix: 'cancel/', pick: 'files' }))!;
    const j1 = await c.call('transfers:start-upload', { planId: p1.planId, storageClass: 'STANDARD', metadata: {}, collision: 'overwrite' });
    await c.until(async () => ((await transferJob(c, j1.jobId))?.bytes.done ?? 0) >= 30 * 1024 * 1024, 30_000);
    await c.call('transfers:cancel', { jobId: j1.jobId });
    const open = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'cancel/' }));
    expect(open.Uploads ?? []).toEqual([]);
    await expect(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'cancel/weights.bin' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });

    const p2 = (await c.call('transfers:plan-upload', { connectionId: 'sandbox', bucket: BUCKET, prefix: 'resume/', pick: 'files' }))!;
    sb.requestLog.clear();
    const j2 = await c.call('transfers:start-upload', { planId: p2.planId, storageClass: 'STANDARD', metadata: {}, collision: 'overwrite' });
    await c.until(async () => ((await transferJob(c, j2.jobId))?.bytes.done ?? 0) >= 40 * 1024 * 1024, 30_000);
    await c.dispose();
    sb.faults.clear();
    const second = coreWith({ files: [file], dir: c.dir, options });
    const done = await settled(second, j2.jobId, 60_000);
    expect(done.state).toBe('done');
    const parts = countBy(sb.requestLog.entries().filter((e) => e.op === 'UploadPart' && e.status === 200), (e) => e.partNumber);
    // Only parts in flight at the kill (at most the part concurrency) go again.
    expect([...parts.values()].filter((n) => n > 1).length).toBeLessThanOrEqual(2);
    expect(sb.requestLog.entries().filter((e) => e.op === 'CreateMultipartUpload').length).toBe(1);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'resume/weights.bin' }));
    expect(sha(Buffer.from(await got.Body!.transformToByteArray()))).toBe(sha(body));
  }, 120_000);

  it('read-only connections refuse uploads and upload links; an upload link accepts a PUT without credentials', async () => {
    const c = coreWith({ files: [] });
    await c.call('connections:set-read-only', { connectionId: 'sandbox', readOnly: true });
    const r = await c.raw('transfers:plan-upload', { connectionId: 'sandbox', bucket: BUCKET, prefix: 'x/', pick: 'files', dropped: ['/tmp'] });
    expect(!r.ok && r.error.code).toBe('ReadOnly');
    const l = await c.raw('transfers:upload-link', { connectionId: 'sandbox', bucket: BUCKET, key: 'shared/in.csv' });
    expect(!l.ok && l.error.code).toBe('ReadOnly');
    await c.call('connections:set-read-only', { connectionId: 'sandbox', readOnly: false });
    const link = await c.call('transfers:upload-link', { connectionId: 'sandbox', bucket: BUCKET, key: 'shared/in.csv', expiresInSeconds: 600 });
    expect(link.headers['Content-Type']).toBe('text/csv; charset=utf-8');
    const res = await fetch(link.url, { method: 'PUT', body: 'a,b\n1,2\n', headers: link.headers });
    expect(res.status).toBe(200);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'shared/in.csv' }));
    expect(head.ContentLength).toBe(8);
  });

  it('bad input changes nothing: unknown plans and jobs get clear errors', async () => {
    const c = coreWith({});
    const r1 = await c.raw('transfers:start-download', { planId: 'nope', collision: 'skip', archived: 'skip' });
    expect(!r1.ok && r1.error).toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(/plan is gone/) });
    const r2 = await c.raw('transfers:pause', { jobId: '00000000-0000-4000-8000-000000000000' });
    expect(!r2.ok && r2.error.code).toBe('NoSuchJob');
    const r3 = await c.raw('transfers:plan-download', { connectionId: 'sandbox', bucket: BUCKET, prefixes: ['a/'], keys: [], base: 'b/' });
    expect(!r3.ok && r3.error.code).toBe('InvalidInput');
    expect(await c.call('transfers:plan-download', { connectionId: 'sandbox', bucket: BUCKET, prefixes: ['a/'], keys: [], base: '' })).toBeNull();
  });
});
