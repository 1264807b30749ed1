/**
 * Versioned buckets against the sandbox: versions and delete markers
 * listed exactly as the sandbox stores them (order included, also across
 * pages), undelete and promote bringing back the right bytes, a permanent
 * delete of one version, a restore of an archived noncurrent version, and
 * the refusals around them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectVersion } from '../../../shared/ipc/objects';
import { createManualClock, startSandbox, type ManualClock, type Sandbox } from '../../sandbox/index';
import type { TestCore } from '../testing/core-against';
import { coreFactory, plan, settled } from './test-support';

const BUCKET = 'ver-test';
const HOUR = 3_600_000;
let sb: Sandbox;
let clock: ManualClock;
const cores = coreFactory(() => sb);
const ref = (key: string) => ({ connectionId: 'sandbox', bucket: BUCKET, key });

/** The sandbox's own versions under a prefix, in its order, shaped like the contract's. */
function stored(prefix: string): Array<Pick<ObjectVersion, 'key' | 'versionId' | 'isLatest' | 'deleteMarker' | 'size' | 'lastModified'>> {
  const out = [];
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (;;) {
    const page = sb.store.listVersions(BUCKET, { prefix, maxKeys: 1000, ...(keyMarker !== undefined ? { keyMarker, versionIdMarker } : {}) });
    for (const e of page.entries) {
      if (e.kind === 'version') out.push({ key: e.object.key, versionId: e.object.versionId ?? 'null', isLatest: e.isLatest, deleteMarker: false, size: e.object.size, lastModified: e.object.lastModified });
      else if (e.kind === 'marker') out.push({ key: e.marker.key, versionId: e.marker.versionId ?? 'null', isLatest: e.isLatest, deleteMarker: true, size: 0, lastModified: e.marker.lastModified });
    }
    if (!page.isTruncated) return out;
    keyMarker = page.nextKeyMarker;
    versionIdMarker = page.nextVersionIdMarker;
  }
}

const shape = (v: ObjectVersion) => ({ key: v.key, versionId: v.versionId, isLatest: v.isLatest, deleteMarker: v.deleteMarker, size: v.size, lastModified: v.lastModified });
const text = async (key: string) => (await sb.store.read(BUCKET, key)).toString();
const put = async (key: string, body: string, storageClass?: 'GLACIER') => {
  const r = await sb.store.put(BUCKET, key, { body: Buffer.from(body), metadata: {}, ...(storageClass ? { storageClass } : {}) });
  return r.versionId!;
};

let c: TestCore;
const versions: Record<string, string> = {};

beforeAll(async () => {
  clock = createManualClock(Date.UTC(2026, 10, 3, 10, 30));
  sb = await startSandbox({ clock, quiet: true, requestLog: true, restoreDelaysMs: { Expedited: 60_000, Standard: 4 * HOUR, Bulk: 10 * HOUR } });
  sb.store.createBucket(BUCKET, 'us-east-1');
  sb.store.setVersioning(BUCKET, 'Enabled');
  // Two versions and a delete marker written within one second: only S3's order tells them apart.
  versions.a1 = await put('data/a.jsonl', 'alpha one');
  versions.a2 = await put('data/a.jsonl', 'alpha two!');
  versions.aMarker = (await sb.store.delete(BUCKET, 'data/a.jsonl')).versionId!;
  clock.advance(1500);
  versions.bak = await put('data/a.jsonl.bak', 'not the same key');
  versions.b1 = await put('data/b.jsonl', 'beta cold', 'GLACIER');
  clock.advance(HOUR);
  versions.b2 = await put('data/b.jsonl', 'beta warm');
  for (let i = 0; i < 5; i++) await put(`data/many/m-${i}`, `m${i}`);
}, 60_000);

afterEach(async () => {
  await cores.disposeAll();
});

afterAll(async () => {
  await sb?.close();
  cores.removeDirs();
});

describe('listing versions', () => {
  it("lists one key's versions and delete markers exactly as the sandbox stores them, and no other key's", async () => {
    c = cores.newCore({}, { now: () => clock.now() });
    const list = await c.call('objects:versions', ref('data/a.jsonl'));
    expect(list.map(shape)).toEqual(stored('data/a.jsonl').filter((v) => v.key === 'data/a.jsonl'));
    expect(list.map((v) => [v.versionId, v.deleteMarker, v.isLatest])).toEqual([
      [versions.aMarker, true, true],
      [versions.a2, false, false],
      [versions.a1, false, false],
    ]);
    expect(list[1]).toMatchObject({ size: 10, storageClass: 'STANDARD', etag: expect.stringMatching(/^"[0-9a-f]{32}"$/) });
  });

  it('pages through a prefix with the same versions in the same order, and shows folders with a delimiter', async () => {
    c = cores.newCore({}, { now: () => clock.now() });
    const all: ObjectVersion[] = [];
    let marker: { keyMarker: string; versionIdMarker?: string } | undefined;
    let pages = 0;
    do {
      const page = await c.call('objects:list-versions', { connectionId: 'sandbox', bucket: BUCKET, prefix: 'data/', maxKeys: 2, ...(marker ?? {}) });
      all.push(...page.versions);
      marker = page.next;
      pages++;
    } while (marker);
    expect(pages).toBeGreaterThan(3);
    expect(all.map(shape)).toEqual(stored('data/'));
    const archived = all.find((v) => v.versionId === versions.b1);
    expect(archived).toMatchObject({ storageClass: 'GLACIER', isLatest: false });

    const top = await c.call('objects:list-versions', { connectionId: 'sandbox', bucket: BUCKET, prefix: 'data/', delimiter: '/' });
    expect(top.prefixes).toEqual(['data/many/']);
    expect(top.versions.every((v) => !v.key.startsWith('data/many/'))).toBe(true);
  });
});

describe('version actions', () => {
  it('undeletes: removes the delete marker, and the newest version is current again', async () => {
    c = cores.newCore({}, { now: () => clock.now() });
    expect(await c.call('objects:undelete', ref('data/a.jsonl'))).toEqual({ removedMarker: versions.aMarker });
    expect(await text('data/a.jsonl')).toBe('alpha two!');
    const again = await c.raw('objects:undelete', ref('data/a.jsonl'));
    expect(!again.ok && again.error).toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(/is not deleted/) });
    const entries = (await c.call('activity:list', { filter: { action: 'undelete' } })).entries;
    expect(entries[0]).toMatchObject({ key: 'data/a.jsonl', outcome: 'done', detail: expect.stringContaining(versions.aMarker!) });
  });

  it('promotes an old version: its bytes become current, and every old version stays', async () => {
    c = cores.newCore({}, { now: () => clock.now() });
    clock.advance(2000);
    const out = await c.call('objects:promote-version', { ...ref('data/a.jsonl'), versionId: versions.a1! });
    expect(await text('data/a.jsonl')).toBe('alpha one');
    const list = await c.call('objects:versions', ref('data/a.jsonl'));
    expect(list.map((v) => v.versionId)).toEqual([out.versionId, versions.a2, versions.a1]);
    const current = await c.raw('objects:promote-version', { ...ref('data/a.jsonl'), versionId: out.versionId! });
    expect(!current.ok && current.error).toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(/already the current version/) });
  });

  it('deletes one version for good, only when told it is permanent', async () => {
    c = cores.newCore({}, { now: () => clock.now() });
    const notPermanent = await c.raw('objects:delete-version', { ...ref('data/a.jsonl'), versionId: versions.a2, permanent: false });
    expect(!notPermanent.ok && notPermanent.error.code).toBe('InvalidInput');
    expect(await c.call('objects:delete-version', { ...ref('data/a.jsonl'), versionId: versions.a2!, permanent: true })).toEqual({ deleted: true });
    expect(stored('data/a.jsonl').map((v) => v.versionId)).not.toContain(versions.a2);
    const missing = await c.raw('objects:delete-version', { ...ref('data/a.jsonl'), versionId: versions.a2, permanent: true });
    expect(!missing.ok && missing.error).toMatchObject({ code: 'NoSuchKey', message: expect.stringMatching(/has no version/) });
  });

  it('restores an archived noncurrent version: started, then in progress, then extended once it is done', async () => {
    c = cores.newCore({}, { now: () => clock.now() });
    const input = { ...ref('data/b.jsonl'), versionId: versions.b1!, tier: 'Standard' as const, days: 3 };
    expect(await c.call('objects:restore-version', input)).toEqual({ status: 'started' });
    expect(sb.store.head(BUCKET, 'data/b.jsonl', versions.b1).restore).toBeDefined();
    // The current version is untouched.
    expect(sb.store.head(BUCKET, 'data/b.jsonl').storageClass).toBe('STANDARD');
    expect(await c.call('objects:restore-version', input)).toEqual({ status: 'in-progress' });
    clock.advance(5 * HOUR);
    expect(await c.call('objects:restore-version', input)).toEqual({ status: 'extended' });
    const warm = await c.raw('objects:restore-version', { ...input, versionId: versions.b2 });
    expect(!warm.ok && warm.error).toMatchObject({ code: 'InvalidObjectState', message: expect.stringMatching(/not an archive tier/) });
    const listed = (await c.call('objects:versions', ref('data/b.jsonl'))).find((v) => v.versionId === versions.b1);
    expect(listed).toMatchObject({ storageClass: 'GLACIER', restore: 2 });
    const entries = (await c.call('activity:list', { filter: { action: 'restore-version' } })).entries;
    expect(entries.map((e) => e.outcome).sort()).toEqual(['done', 'done', 'done', 'failed']);
  });

  it('bulk-deletes in a versioned bucket (delete markers), and each key can be undeleted', async () => {
    c = cores.newCore({}, { now: () => clock.now() });
    const p = await plan(c, { op: 'delete', bucket: BUCKET, prefixes: ['data/many/'] });
    const { jobId } = await c.call('objects:start-operation', { planId: p.planId, confirmedObjects: 5 });
    expect((await settled(c, jobId)).operation.states.done).toBe(5);
    const list = await c.call('objects:versions', ref('data/many/m-3'));
    expect(list.map((v) => v.deleteMarker)).toEqual([true, false]);
    await c.call('objects:undelete', ref('data/many/m-3'));
    expect(await text('data/many/m-3')).toBe('m3');
    const marker = await c.raw('objects:promote-version', { ...ref('data/many/m-2'), versionId: (await c.call('objects:versions', ref('data/many/m-2')))[0]!.versionId });
    expect(!marker.ok && marker.error).toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(/delete marker/) });
  });
});
