import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxStore } from '../store-types';
import { createManualClock, createStore } from './index';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'thaw-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const HOSTILE_KEYS = ['../escape.txt', 'a/../../b/../../etc/passwd', 'sp ace/file name.txt', '100%25 done%2F.txt', 'a+b=c', 'ünïcode/日本語 file.json', '\u{1f600}/emoji', 'x'.repeat(1000)];

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
}

async function keysOf(store: SandboxStore, bucket: string): Promise<string[]> {
  return store.list(bucket, { maxKeys: 1000 }).entries.map((e) => (e.kind === 'object' ? e.object.key : e.prefix));
}

describe('data directory', () => {
  it('round-trips objects, hostile keys, restores and multipart uploads across close and reopen', async () => {
    const dir = tempDir();
    const clock = createManualClock('2026-11-01T10:00:00Z');
    const a = await createStore({ dataDir: dir, clock });
    a.createBucket('keep', 'eu-west-1');
    for (const key of HOSTILE_KEYS) await a.put('keep', key, { body: Buffer.from(`content of ${key}`), metadata: { origin: key.slice(0, 20) }, contentType: 'text/plain' });
    await a.put('keep', 'cold', { body: Buffer.from('ice'), metadata: {}, storageClass: 'GLACIER' });
    expect(a.restore('keep', 'cold', { days: 2, tier: 'Bulk' })).toBe(202);
    await a.put('keep', 'gone', { body: Buffer.from('bye'), metadata: {} });
    await a.delete('keep', 'gone');
    const up = a.createMultipart('keep', 'mp', { metadata: {} });
    const part = await a.uploadPart('keep', 'mp', up.uploadId, 1, Buffer.from('part one'));
    await a.close();

    // No file under the data directory is named after (or placed by) a key.
    for (const f of allFiles(dir)) {
      expect(f).not.toMatch(/escape|passwd|sp ace|done|日本語|emoji|\.\./);
      expect(relative(dir, join(dir, f)).startsWith('..')).toBe(false);
    }

    const b = await createStore({ dataDir: dir, clock });
    expect(b.getBucket('keep').region).toBe('eu-west-1');
    expect(await keysOf(b, 'keep')).toEqual([...HOSTILE_KEYS, 'cold', 'mp'].filter((k) => k !== 'mp').sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
    for (const key of HOSTILE_KEYS) {
      expect((await b.read('keep', key)).toString()).toBe(`content of ${key}`);
      expect(b.head('keep', key).metadata.origin).toBe(key.slice(0, 20));
    }
    expect(b.archiveView(b.head('keep', 'cold')).restoreHeader).toBe('ongoing-request="true"');
    clock.advance(20_000);
    expect(b.archiveView(b.head('keep', 'cold')).readable).toBe(true);
    expect(b.listParts('keep', 'mp', up.uploadId)).toEqual([part]);
    const done = await b.completeMultipart('keep', 'mp', up.uploadId, [{ partNumber: 1, etag: part.etag }]);
    expect(done.etag).toMatch(/-1"$/);
    expect((await b.read('keep', 'mp')).toString()).toBe('part one');
    await b.close();
  });

  it('replays the journal after a crash, ignoring a torn last line and partial temp files', async () => {
    const dir = tempDir();
    const a = await createStore({ dataDir: dir, clock: createManualClock() });
    a.createBucket('crash', 'us-east-1');
    await a.put('crash', 'one', { body: Buffer.from('1'), metadata: {} });
    await a.put('crash', 'two', { body: Buffer.from('2'), metadata: {} });
    // No close(): the process "dies" here. Simulate a torn append and half-written temp files.
    const journal = readdirSync(dir).find((f) => f.startsWith('journal-')) as string;
    appendFileSync(join(dir, journal), '{"op":"put","bucket":"crash","object":{"rec');
    writeFileSync(join(dir, 'state.json.tmp-deadbeef'), '{"version":1,"generation":99,"buck');
    writeFileSync(join(dir, 'tmp', 'abc.123'), 'partial body');

    const b = await createStore({ dataDir: dir, clock: createManualClock() });
    expect(await keysOf(b, 'crash')).toEqual(['one', 'two']);
    expect((await b.read('crash', 'two')).toString()).toBe('2');
    expect(readdirSync(dir)).not.toContain('state.json.tmp-deadbeef');
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
    await b.close();
  });

  it('stores identical bodies once and deletes a body with its last reference', async () => {
    const dir = tempDir();
    const s = await createStore({ dataDir: dir, clock: createManualClock() });
    s.createBucket('dedup', 'us-east-1');
    const blobCount = () => allFiles(join(dir, 'blobs')).length;
    await s.put('dedup', 'a', { body: Buffer.from('same'), metadata: {} });
    await s.put('dedup', 'b', { body: Buffer.from('same'), metadata: {} });
    await s.copy('dedup', 'a', 'dedup', 'c', { metadataDirective: 'COPY' });
    expect(blobCount()).toBe(1);
    await s.delete('dedup', 'a');
    await s.delete('dedup', 'b');
    expect(blobCount()).toBe(1);
    await s.delete('dedup', 'c');
    expect(blobCount()).toBe(0);
    await s.close();
  });

  it('keeps synthetic seeds as a spec: deletions and overwrites survive, no reseeding', async () => {
    const dir = tempDir();
    const a = await createStore({ dataDir: dir, seed: 'synthetic-flat:1000', clock: createManualClock() });
    await a.delete('thaw-synthetic-flat', 'flat/obj-0000003.bin');
    await a.put('thaw-synthetic-flat', 'flat/obj-0000004.bin', { body: Buffer.from('mine'), metadata: {} });
    await a.put('thaw-synthetic-flat', 'flat/zz-extra', { body: Buffer.from('extra'), metadata: {} });
    await a.close();
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { buckets: Array<{ objects: unknown[] }> };
    expect(state.buckets[0].objects).toHaveLength(2);

    const b = await createStore({ dataDir: dir, seed: 'synthetic-flat:1000', clock: createManualClock() });
    const page = await keysOf(b, 'thaw-synthetic-flat');
    expect(page).toHaveLength(1000);
    expect(page.slice(0, 4)).toEqual(['flat/obj-0000000.bin', 'flat/obj-0000001.bin', 'flat/obj-0000002.bin', 'flat/obj-0000004.bin']);
    expect(page[999]).toBe('flat/zz-extra');
    expect((await b.read('thaw-synthetic-flat', 'flat/obj-0000004.bin')).toString()).toBe('mine');
    await b.close();
  });
});
