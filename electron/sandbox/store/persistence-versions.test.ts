/**
 * Versions in a data directory: noncurrent versions, delete markers, the
 * versioning status, per-version tags and restores, synthetic objects and
 * multipart copies that reference them all come back the same after a clean
 * close (snapshot) and after a crash (journal replay); version bodies are
 * reference-counted like current ones.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxStore } from '../store-types';
import { createManualClock, createStore } from './index';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'thaw-store-ver-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function blobFiles(dir: string): number {
  return readdirSync(join(dir, 'blobs'), { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, 'blobs', f)).isFile()).length;
}

/** Everything a client could observe about the bucket's versions, bodies included. */
async function observe(store: SandboxStore, bucket: string): Promise<unknown[]> {
  const out: unknown[] = [store.getVersioning(bucket)];
  for (const e of store.listVersions(bucket, { maxKeys: 1000 }).entries) {
    if (e.kind === 'prefix') continue;
    if (e.kind === 'marker') {
      out.push(['marker', e.marker, e.isLatest]);
      continue;
    }
    const o = e.object;
    const bytes = o.size > 16 * MiB ? (await store.read(bucket, o.key, { start: o.size - 64, end: o.size - 1 }, o.versionId ?? 'null')).toString('hex') : (await store.read(bucket, o.key, undefined, o.versionId ?? 'null')).toString();
    out.push(['version', o.key, o.versionId, o.etag, o.size, o.tags, o.restore, e.isLatest, bytes]);
  }
  return out;
}

async function build(dir: string): Promise<SandboxStore> {
  const clock = createManualClock('2026-11-01T10:00:00Z');
  const s = await createStore({ dataDir: dir, clock });
  s.createBucket('vers', 'us-east-1');
  await s.put('vers', 'doc', { body: Buffer.from('before versioning'), metadata: {} });
  s.setVersioning('vers', 'Enabled');
  const v1 = await s.put('vers', 'doc', { body: Buffer.from('one'), metadata: {}, storageClass: 'GLACIER' });
  await s.put('vers', 'doc', { body: Buffer.from('two'), metadata: {} });
  s.putTags('vers', 'doc', { kept: 'yes' }, v1.versionId);
  expect(s.restore('vers', 'doc', { days: 3, tier: 'Bulk' }, v1.versionId)).toBe(202);
  await s.delete('vers', 'doc');
  await s.put('vers', 'gone', { body: Buffer.from('bye'), metadata: {} });
  await s.delete('vers', 'gone');
  s.putSynthetic('vers', 'huge.bin', 6 * GiB);
  const up = s.createMultipart('vers', 'copy.bin', { metadata: {} });
  const p1 = await s.uploadPartCopy('vers', 'copy.bin', up.uploadId, 1, { bucket: 'vers', key: 'huge.bin', range: { start: 0, end: 3 * GiB - 1 } });
  const p2 = await s.uploadPartCopy('vers', 'copy.bin', up.uploadId, 2, { bucket: 'vers', key: 'huge.bin', range: { start: 3 * GiB, end: 6 * GiB - 1 } });
  await s.completeMultipart('vers', 'copy.bin', up.uploadId, [
    { partNumber: 1, etag: p1.etag },
    { partNumber: 2, etag: p2.etag },
  ]);
  s.setVersioning('vers', 'Suspended');
  await s.put('vers', 'doc', { body: Buffer.from('suspended write'), metadata: {} });
  return s;
}

describe('versions in a data directory', () => {
  it('survive a clean close and reopen', async () => {
    const dir = tempDir();
    const a = await build(dir);
    const before = await observe(a, 'vers');
    await a.close();
    const b = await createStore({ dataDir: dir, clock: createManualClock('2026-11-01T10:00:00Z') });
    expect(await observe(b, 'vers')).toEqual(before);
    expect(b.list('vers', { maxKeys: 10 }).entries.map((e) => (e.kind === 'object' ? e.object.key : e.prefix))).toEqual(['copy.bin', 'doc', 'huge.bin']);
    await b.close();
  });

  it('survive a crash: the journal alone rebuilds them', async () => {
    const dir = tempDir();
    const a = await build(dir);
    const before = await observe(a, 'vers');
    // No close(): the next open replays the journal written so far.
    const b = await createStore({ dataDir: dir, clock: createManualClock('2026-11-01T10:00:00Z') });
    expect(await observe(b, 'vers')).toEqual(before);
    await b.close();
  });

  it('keeps a body while any version holds it and removes it with the last one', async () => {
    const dir = tempDir();
    const s = await createStore({ dataDir: dir, clock: createManualClock() });
    s.createBucket('refs', 'us-east-1');
    s.setVersioning('refs', 'Enabled');
    const v1 = await s.put('refs', 'k', { body: Buffer.from('first'), metadata: {} });
    const v2 = await s.put('refs', 'k', { body: Buffer.from('second'), metadata: {} });
    const marker = await s.delete('refs', 'k');
    expect(blobFiles(dir)).toBe(2);
    await s.delete('refs', 'k', v1.versionId);
    expect(blobFiles(dir)).toBe(1);
    await s.close();
    const t = await createStore({ dataDir: dir, clock: createManualClock() });
    expect(blobFiles(dir)).toBe(1);
    expect((await t.read('refs', 'k', undefined, v2.versionId)).toString()).toBe('second');
    await t.delete('refs', 'k', v2.versionId);
    await t.delete('refs', 'k', marker.versionId);
    expect(blobFiles(dir)).toBe(0);
    t.deleteBucket('refs');
    await t.close();
  });
});
