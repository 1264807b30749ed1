/**
 * The browse core against the sandbox, over real HTTP with the real AWS SDK:
 * prefix tree pages, listing jobs (folders first, class and restore columns
 * as the store has them, recursive search), the inspector, previews and
 * share links. The store is the oracle: every listed row is checked against
 * what the sandbox holds.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectDetails, Preview, ShareLink } from '../../../shared/ipc/browse';
import { RESTORE_IN_PROGRESS, RESTORE_NONE, RESTORE_RESTORED, STORAGE_CLASSES, type ListingEvent } from '../../../shared/ipc/listing';
import { createManualClock, startSandbox, type ManualClock, type Sandbox } from '../../sandbox/index';
import type { ObjectRecord } from '../../sandbox/store-types';
import type { Emit } from '../types';
import { createBrowseHandlers } from './handlers';
import { sandboxClient } from '../testing/sandbox-client';

const BUCKET = 'thaw-demo-training';

let sb: Sandbox;
let clock: ManualClock;
let client: S3Client;
const events: ListingEvent[] = [];
let handlers: ReturnType<typeof createBrowseHandlers>;

beforeAll(async () => {
  clock = createManualClock(Date.now());
  sb = await startSandbox({ seed: 'demo', clock, quiet: true });
  client = sandboxClient(sb);
  const emit: Emit = (_name, payload) => events.push(payload as ListingEvent);
  handlers = createBrowseHandlers({ s3: { clientFor: async () => client }, emit, now: () => clock.now() });
}, 60_000);

afterAll(async () => {
  client?.destroy();
  await sb?.close();
});

/** Every object of a bucket below a prefix, from the store itself. */
function storeObjects(bucket: string, prefix = ''): ObjectRecord[] {
  const out: ObjectRecord[] = [];
  let after: string | undefined;
  for (;;) {
    const page = sb.store.list(bucket, { prefix, after, maxKeys: 1000 });
    for (const e of page.entries) if (e.kind === 'object') out.push(e.object);
    if (!page.isTruncated) return out;
    after = page.lastReturned;
  }
}

/** Runs a listing job to its end and returns its rows and last event. */
async function runListing(input: { prefix: string; recursive: boolean; filter?: string; bucket?: string }) {
  const { jobId } = await handlers['listing:start']({ connectionId: 'sandbox', bucket: input.bucket ?? BUCKET, ...input });
  for (;;) {
    const end = events.find((e) => e.jobId === jobId && (e.kind === 'done' || e.kind === 'failed' || e.kind === 'cancelled'));
    if (end) {
      const batches = events.filter((e): e is Extract<ListingEvent, { kind: 'rows' }> => e.jobId === jobId && e.kind === 'rows');
      return { jobId, end, batches };
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** What the RestoreStatus column should say for a record, from the store's archive view. */
function expectedRestore(o: ObjectRecord): number {
  const v = sb.store.archiveView(o).listRestoreStatus;
  if (!v) return RESTORE_NONE;
  return v.isRestoreInProgress ? RESTORE_IN_PROGRESS : RESTORE_RESTORED;
}

describe('browse:children', () => {
  it('pages through thousands of child folders and counts the files beside them', async () => {
    sb.store.createBucket('tree', sb.region);
    for (let i = 0; i < 2500; i++) await sb.store.put('tree', `root/f${String(i).padStart(4, '0')}/x`, { body: Buffer.from('x'), metadata: {} });
    for (let i = 0; i < 30; i++) await sb.store.put('tree', `root/file-${i}.txt`, { body: Buffer.from('x'), metadata: {} });
    const folders: string[] = [];
    let objects = 0;
    let cursor: string | undefined;
    let calls = 0;
    do {
      const page = await handlers['browse:children']({ connectionId: 'sandbox', bucket: 'tree', prefix: 'root/', cursor });
      expect(page.folders.length).toBeLessThanOrEqual(2000);
      folders.push(...page.folders);
      objects += page.objectCount;
      cursor = page.nextCursor;
      calls++;
    } while (cursor);
    expect(calls).toBeGreaterThan(1);
    expect(folders).toEqual(Array.from({ length: 2500 }, (_, i) => `root/f${String(i).padStart(4, '0')}/`));
    expect(objects).toBe(30);
  }, 60_000);
});

describe('listing jobs on the demo seed', () => {
  it('lists one level: folders first, then files, with the store\'s class and restore status', async () => {
    const records = storeObjects(BUCKET);
    // A prefix holding archived objects in several states.
    const archived = records.find((o) => o.storageClass === 'GLACIER' || o.storageClass === 'DEEP_ARCHIVE')!;
    const prefix = archived.key.slice(0, archived.key.lastIndexOf('/') + 1);
    const { end, batches } = await runListing({ prefix, recursive: false });
    expect(end).toMatchObject({ kind: 'done', restoreStatusSupported: true });
    const direct = records.filter((o) => o.key.startsWith(prefix) && !o.key.slice(prefix.length).includes('/'));
    const names = batches.flatMap((b) => b.rows.names.slice(b.folders));
    expect(names).toEqual(direct.map((o) => o.key.slice(prefix.length)));
    let i = 0;
    for (const b of batches) {
      for (let r = b.folders; r < b.rows.names.length; r++, i++) {
        const o = direct[i]!;
        expect(STORAGE_CLASSES[b.rows.storageClass[r]!]).toBe(o.storageClass);
        expect(b.rows.restore[r]).toBe(expectedRestore(o));
        expect(b.rows.sizes[r]).toBe(o.size);
        expect(b.rows.modified[r]).toBe(o.lastModified);
      }
    }

    // The bucket root: folders only, first.
    const root = await runListing({ prefix: '', recursive: false });
    const first = root.batches[0]!;
    expect(first.folders).toBeGreaterThan(0);
    expect(first.rows.names.slice(0, first.folders).every((n) => n.endsWith('/'))).toBe(true);
    expect(first.rows.storageClass.slice(0, first.folders).every((c) => c === 0)).toBe(true);
  });

  it('shows restores finished and under way in the restore column', async () => {
    const records = storeObjects(BUCKET);
    const { batches } = await runListing({ prefix: '', recursive: true });
    const byName = new Map<string, number>();
    for (const b of batches) b.rows.names.forEach((n, k) => byName.set(n, b.rows.restore[k]!));
    expect(byName.size).toBe(records.length);
    const states = new Set<number>();
    for (const o of records) {
      expect(byName.get(o.key)).toBe(expectedRestore(o));
      states.add(expectedRestore(o));
    }
    expect(states).toEqual(new Set([RESTORE_NONE, RESTORE_IN_PROGRESS, RESTORE_RESTORED]));
  });

  it('searches recursively with a case-insensitive filter', async () => {
    const records = storeObjects(BUCKET, 'mask/');
    const { end, batches } = await runListing({ prefix: 'mask/', recursive: true, filter: 'LIVER' });
    const names = batches.flatMap((b) => b.rows.names);
    const expected = records.map((o) => o.key.slice('mask/'.length)).filter((n) => n.toLowerCase().includes('liver'));
    expect(expected.length).toBeGreaterThan(10);
    expect(names).toEqual(expected);
    expect(end).toMatchObject({ kind: 'done', total: expected.length, scanned: records.length });
  });
});

describe('objects:head', () => {
  const pick = (test: (o: ObjectRecord) => boolean) => storeObjects(BUCKET).find(test)!;
  const head = (key: string): Promise<ObjectDetails> => handlers['objects:head']({ connectionId: 'sandbox', bucket: BUCKET, key });

  it('describes archived, restoring and restored objects', async () => {
    const archived = pick((o) => (o.storageClass === 'GLACIER' || o.storageClass === 'DEEP_ARCHIVE') && !o.restore);
    const restoring = pick((o) => !!o.restore && o.restore.completesAt > clock.now());
    const restored = pick((o) => !!o.restore?.expiresAt && o.restore.completesAt <= clock.now() && o.storageClass !== 'INTELLIGENT_TIERING');

    const a = await head(archived.key);
    expect(a.restore).toEqual({ state: 'archived', sentence: 'Archived — restore needed to download' });
    expect(a.storageClass).toBe(archived.storageClass);
    expect(a.rawHeaders['x-amz-storage-class']).toBe(archived.storageClass);

    expect((await head(restoring.key)).restore).toEqual({ state: 'in-progress', sentence: 'Restore in progress' });

    const r = await head(restored.key);
    expect(r.restore.state).toBe('restored');
    expect(r.restore.expiry).toBe(restored.restore!.expiresAt);
    expect(r.restore.sentence).toMatch(/^Restored until \d{1,2} [A-Z][a-z]{2} \d{4} 00:00 UTC$/);
    expect(r.rawHeaders['x-amz-restore']).toContain('ongoing-request="false"');
  });

  it('returns system and user metadata, tags and the raw headers', async () => {
    const o = pick((x) => x.key.endsWith('.jsonl') && Object.keys(x.tags).length > 0 && Object.keys(x.metadata).length > 0);
    const d = await head(o.key);
    // HTTP dates carry whole seconds.
    expect(d).toMatchObject({ size: o.size, etag: o.etag, lastModified: Math.floor(o.lastModified / 1000) * 1000, contentType: o.contentType, metadata: o.metadata, tags: o.tags });
    expect(d.rawHeaders['content-length']).toBe(String(o.size));
    expect(d.storageClass).toBe(o.storageClass);
    await expect(head('no/such/key')).rejects.toMatchObject({ code: 'NoSuchKey' });
  });
});

describe('objects:preview', () => {
  const preview = (key: string): Promise<Preview> => handlers['objects:preview']({ connectionId: 'sandbox', bucket: BUCKET, key });

  it('shows JSONL line by line and PNG as checked base64', async () => {
    const records = storeObjects(BUCKET);
    const jsonl = records.find((o) => o.key.endsWith('.jsonl') && sb.store.archiveView(o).readable)!;
    const p = await preview(jsonl.key);
    expect(p.kind).toBe('jsonl');
    if (p.kind !== 'jsonl') return;
    const raw = (await sb.store.read(BUCKET, jsonl.key)).toString('utf8').split('\n').filter((l) => l.trim());
    expect(p.lines.length).toBeGreaterThan(0);
    expect(p.lines.every((l) => l.valid)).toBe(true);
    expect(JSON.parse(p.lines[0]!.text)).toEqual(JSON.parse(raw[0]!));

    const png = records.find((o) => o.key.endsWith('.png') && sb.store.archiveView(o).readable)!;
    const img = await preview(png.key);
    expect(img).toMatchObject({ kind: 'image', mime: 'image/png', size: png.size });
    if (img.kind === 'image') expect(Buffer.from(img.base64, 'base64').equals(await sb.store.read(BUCKET, png.key))).toBe(true);
  });

  it('explains archived objects without reading them', async () => {
    const archived = storeObjects(BUCKET).find((o) => o.storageClass === 'DEEP_ARCHIVE' && !o.restore)!;
    const before = sb.stats().requests;
    const p = await preview(archived.key);
    expect(p.kind).toBe('archived');
    if (p.kind === 'archived') expect(p.message).toContain('DEEP_ARCHIVE');
    // The HEAD only.
    expect(sb.stats().requests - before).toBe(1);
  });
});

describe('objects:share-link', () => {
  it('gives a URL that works over plain HTTP until its TTL has passed', async () => {
    // The sandbox checks presigned URLs against the wall clock: sign "now" and "61 s ago".
    let offset = 0;
    const signing = createBrowseHandlers({ s3: { clientFor: async () => client }, emit: () => {}, now: () => Date.now() + offset });
    const o = storeObjects(BUCKET).find((x) => x.key.endsWith('.jsonl') && sb.store.archiveView(x).readable)!;
    const input = { connectionId: 'sandbox', bucket: BUCKET, key: o.key, expiresInSeconds: 60 };
    const before = Date.now();
    const link: ShareLink = await signing['objects:share-link'](input);
    expect(link.expiresInSeconds).toBe(60);
    expect(link.expiresAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(link.expiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(link.url).toContain('X-Amz-Expires=60');
    const ok = await fetch(link.url);
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer()).equals(await sb.store.read(BUCKET, o.key))).toBe(true);

    offset = -61_000;
    const old: ShareLink = await signing['objects:share-link'](input);
    expect(old.expiresAt).toBeLessThan(Date.now());
    const expired = await fetch(old.url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
  });

  it('clamps the TTL to the settings cap', async () => {
    const capped = createBrowseHandlers({ s3: { clientFor: async () => client }, emit: () => {}, maxShareSeconds: () => 3600, now: () => clock.now() });
    const link = await capped['objects:share-link']({ connectionId: 'sandbox', bucket: BUCKET, key: 'x', expiresInSeconds: 86_400 });
    expect(link.expiresInSeconds).toBe(3600);
    expect(link.clampedReason).toContain('Settings');
  });
});
