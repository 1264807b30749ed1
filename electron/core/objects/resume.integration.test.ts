/**
 * Kill and restart: a core is torn down in the middle of a delete job and
 * of a copy job, a new core is built on the same user-data folder (as the
 * next app start does), and the job finishes from its journal — without
 * sending again the keys it had finished, as the sandbox's request log shows.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countBy, startSandbox, type Sandbox } from '../../sandbox/index';
import { coreFactory, keysUnder, opJob, plan, seed, settled } from './test-support';

const BUCKET = 'resume-test';
let sb: Sandbox;
const cores = coreFactory(() => sb);

beforeAll(async () => {
  sb = await startSandbox({ quiet: true, requestLog: true });
  sb.store.createBucket(BUCKET, 'us-east-1');
  sb.store.createBucket('resume-target', 'us-east-1');
}, 60_000);

afterEach(async () => {
  sb.faults.clear();
  await cores.disposeAll();
});

afterAll(async () => {
  await sb?.close();
  cores.removeDirs();
});

describe('an operation job survives a restart', () => {
  it('delete: 10,000 keys, stopped after 3 batches, finishes with at most the one in-flight batch sent twice', async () => {
    await seed(sb, BUCKET, 'del/', 10_000, { size: 8 });
    sb.faults.add({ kind: 'latency', op: 'DeleteObjects', ms: 300 });
    const first = cores.newCore({ objectDeleteConcurrency: 1 });
    const p = await plan(first, { op: 'delete', bucket: BUCKET, prefixes: ['del/'] });
    sb.requestLog.clear();
    const { jobId } = await first.call('objects:start-operation', { planId: p.planId, confirmedObjects: 10_000 });
    await first.until(async () => ((await opJob(first, jobId))?.operation.states.done ?? 0) >= 3_000);
    await first.dispose();
    const doneBefore = 10_000 - keysUnder(sb, BUCKET, 'del/').length;
    expect(doneBefore).toBeLessThan(10_000);

    const second = cores.newCore({ objectDeleteConcurrency: 1 }, {}, first.dir);
    const j = await settled(second, jobId);
    expect(j.state).toBe('done');
    expect(j.operation.states).toEqual({ pending: 0, done: 10_000, failed: 0, skipped: 0 });
    expect(keysUnder(sb, BUCKET, 'del/')).toEqual([]);
    const sent = sb.requestLog.entries().filter((e) => e.op === 'DeleteObjects');
    // Ten batches of 1,000; only a batch cut off by the restart may go again.
    expect(sent.length).toBeGreaterThanOrEqual(10);
    expect(sent.length).toBeLessThanOrEqual(11);
  }, 60_000);

  it('copy: 400 keys, stopped mid-way, finishes with every finished key copied exactly once', async () => {
    const keys = await seed(sb, BUCKET, 'cp/', 400, { metadata: { n: '1' } });
    sb.faults.add({ kind: 'latency', op: 'CopyObject', ms: 30 });
    const first = cores.newCore({ objectCopyConcurrency: 8 });
    const p = await plan(first, { op: 'copy', bucket: BUCKET, prefixes: ['cp/'], target: { connectionId: 'sandbox', bucket: 'resume-target', prefix: '' } });
    sb.requestLog.clear();
    const { jobId } = await first.call('objects:start-operation', { planId: p.planId, confirmedObjects: 400 });
    await first.until(async () => ((await opJob(first, jobId))?.operation.states.done ?? 0) >= 100);
    const finished = await first.call('jobs:items', { jobId, state: 'done', offset: 0, limit: 1000 });
    await first.dispose();
    expect(finished.total).toBeLessThan(400);

    const second = cores.newCore({ objectCopyConcurrency: 8 }, {}, first.dir);
    const j = await settled(second, jobId);
    expect(j.operation.states).toEqual({ pending: 0, done: 400, failed: 0, skipped: 0 });
    expect(keysUnder(sb, 'resume-target', 'cp/')).toEqual(keys);
    const copies = countBy(
      sb.requestLog.entries().filter((e) => e.op === 'CopyObject' && e.status === 200),
      (e) => e.key,
    );
    for (const item of finished.items) expect(copies.get(item.key)).toBe(1);
    // Only copies in flight at the restart (at most the concurrency) may have been sent twice.
    const twice = [...copies.values()].filter((n) => n > 1).length;
    expect(twice).toBeLessThanOrEqual(8);
    expect(copies.size).toBe(400);
  }, 60_000);

  it('move: a restart between copies and deletes deletes each source once and loses nothing', async () => {
    const keys = await seed(sb, BUCKET, 'mv/', 1_500, { size: 16 });
    sb.faults.add({ kind: 'latency', op: 'DeleteObjects', ms: 400 });
    const first = cores.newCore({ objectDeleteConcurrency: 1 });
    const p = await plan(first, { op: 'move', bucket: BUCKET, prefixes: ['mv/'], base: 'mv/', target: { connectionId: 'sandbox', bucket: 'resume-target', prefix: 'moved/' } });
    const { jobId } = await first.call('objects:start-operation', { planId: p.planId, confirmedObjects: 1_500 });
    // Stop it while the first DeleteObjects is still in flight: every key is copied, no source gone yet.
    sb.requestLog.clear();
    await first.until(() => keysUnder(sb, 'resume-target', 'moved/').length === 1_500);
    await new Promise((r) => setTimeout(r, 150));
    await first.dispose();
    expect(keysUnder(sb, BUCKET, 'mv/').length).toBeGreaterThan(0);
    const second = cores.newCore({ objectDeleteConcurrency: 1 }, {}, first.dir);
    const j = await settled(second, jobId);
    expect(j.operation.states).toEqual({ pending: 0, done: 1_500, failed: 0, skipped: 0 });
    expect(keysUnder(sb, BUCKET, 'mv/')).toEqual([]);
    expect(keysUnder(sb, 'resume-target', 'moved/')).toEqual(keys.map((k) => k.replace('mv/', 'moved/')));
    // Copies whose answer arrived before the restart were journaled as copied and not sent again.
    const copies = sb.requestLog.entries().filter((e) => e.op === 'CopyObject').length;
    expect(copies).toBeGreaterThanOrEqual(1_500);
    expect(copies).toBeLessThanOrEqual(1_500 + 32);
  }, 60_000);

  it('a multipart copy left open by a stop that could not abort it is aborted at the next start, then copied again', async () => {
    const size = 5 * 1024 ** 3 + 4096;
    sb.store.putSynthetic(BUCKET, 'big/left-open.bin', size);
    sb.faults.add({ kind: 'latency', op: 'UploadPartCopy', ms: 500 });
    // The stop's own abort fails (after the SDK's retries): only the journal still knows the upload.
    const failAbort = sb.faults.add({ kind: 'internal-error', op: 'AbortMultipartUpload', count: 50 });
    const first = cores.newCore();
    const p = await plan(first, { op: 'copy', bucket: BUCKET, prefixes: ['big/'], target: { connectionId: 'sandbox', bucket: 'resume-target', prefix: 'big-copy/' } });
    sb.requestLog.clear();
    const { jobId } = await first.call('objects:start-operation', { planId: p.planId, confirmedObjects: 1 });
    await first.until(() => sb.store.listMultipartUploads('resume-target').length === 1);
    const [left] = sb.store.listMultipartUploads('resume-target');
    await first.dispose();
    expect(sb.store.listMultipartUploads('resume-target').map((u) => u.uploadId)).toEqual([left!.uploadId]);
    sb.faults.remove(failAbort);

    const second = cores.newCore({}, {}, first.dir);
    const j = await settled(second, jobId, 60_000);
    expect(j.state).toBe('done');
    expect(sb.store.head('resume-target', 'big-copy/big/left-open.bin').size).toBe(size);
    expect(sb.store.listMultipartUploads('resume-target')).toEqual([]);
    const aborts = sb.requestLog.entries().filter((e) => e.op === 'AbortMultipartUpload' && e.status === 204);
    expect(aborts).toHaveLength(1);
  }, 60_000);
});
