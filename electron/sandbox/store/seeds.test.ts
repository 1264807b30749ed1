import { createHash } from 'node:crypto';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ObjectRecord, SandboxStore } from '../store-types';
import { compareKeys } from './key-order';
import { createManualClock, createStore, DEMO_ARCHIVE_BUCKET, DEMO_TRAINING_BUCKET, SYNTHETIC_BUCKET, SYNTHETIC_FLAT_BUCKET } from './index';
import { syntheticSource } from './seeds/synthetic';

const NOW = Date.parse('2026-11-20T12:00:00Z');

function all(store: SandboxStore, bucket: string, prefix?: string): ObjectRecord[] {
  const out: ObjectRecord[] = [];
  let after: string | undefined;
  for (;;) {
    const page = store.list(bucket, { prefix, after, maxKeys: 1000 });
    for (const e of page.entries) if (e.kind === 'object') out.push(e.object);
    if (!page.isTruncated) return out;
    after = page.lastReturned;
  }
}

function assertSorted(keys: readonly string[]): void {
  for (let i = 1; i < keys.length; i++) if (compareKeys(keys[i - 1], keys[i]) >= 0) throw new Error(`Out of order at ${i}: ${keys[i - 1]} / ${keys[i]}`);
}

/** Parses a PNG fully: signature, chunk CRCs, IHDR, inflated IDAT size. */
function checkPng(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let o = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  let ended = false;
  while (o < buf.length) {
    const len = buf.readUInt32BE(o);
    const type = buf.toString('ascii', o + 4, o + 8);
    const data = buf.subarray(o + 8, o + 8 + len);
    expect(buf.readUInt32BE(o + 8 + len)).toBe(crc32(data, crc32(Buffer.from(type))) >>> 0);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
    }
    if (type === 'IDAT') idat.push(data);
    if (type === 'IEND') ended = true;
    o += 12 + len;
  }
  expect(ended).toBe(true);
  expect(inflateSync(Buffer.concat(idat)).length).toBe((width * 3 + 1) * height);
  return { width, height };
}

describe('synthetic seeds', () => {
  it.each(['synthetic:5000', 'synthetic:1', 'synthetic:0', 'synthetic-flat:1234'])('%s generates exactly N keys, in S3 order, recognised by has()', (spec) => {
    const src = syntheticSource(spec);
    const keys = src.keys();
    expect(keys).toHaveLength(Number(spec.split(':')[1]));
    assertSorted(keys);
    expect(keys.every((k) => src.has(k))).toBe(true);
    expect(src.has('data/clicks/2099/01/01/part-00000.parquet')).toBe(false);
    expect(src.has('flat/obj-9999999.bin')).toBe(false);
  });

  it('spreads keys over shards and days with a realistic size and class mix', async () => {
    const store = await createStore({ seed: 'synthetic:20000', clock: createManualClock(NOW) });
    const roots = store.list(SYNTHETIC_BUCKET, { prefix: 'data/', delimiter: '/', maxKeys: 1000 }).entries;
    expect(roots.map((e) => (e.kind === 'prefix' ? e.prefix : ''))).toEqual([
      'data/clicks/', 'data/embeddings/', 'data/events/', 'data/features/', 'data/images/', 'data/logs/', 'data/sessions/', 'data/transactions/',
    ]);
    const days = store.list(SYNTHETIC_BUCKET, { prefix: 'data/events/2026/10/', delimiter: '/', maxKeys: 1000 }).entries;
    expect(days).toHaveLength(31);
    const recs = all(store, SYNTHETIC_BUCKET);
    expect(recs).toHaveLength(20000);
    const classes = new Set(recs.map((r) => r.storageClass + (r.accessTier ? `/${r.accessTier}` : '')));
    expect([...classes].sort()).toEqual([
      'DEEP_ARCHIVE', 'GLACIER', 'GLACIER_IR', 'INTELLIGENT_TIERING', 'INTELLIGENT_TIERING/ARCHIVE_ACCESS', 'INTELLIGENT_TIERING/DEEP_ARCHIVE_ACCESS', 'ONEZONE_IA', 'STANDARD', 'STANDARD_IA',
    ]);
    const sizes = recs.map((r) => r.size);
    expect(Math.min(...sizes)).toBeLessThan(10_000);
    expect(Math.max(...sizes)).toBeGreaterThan(1024 ** 3);
    for (const r of recs.slice(0, 50)) expect(r.etag).toMatch(/^"[0-9a-f]{32}-\d+"$/);
    expect(recs.every((r) => r.lastModified < Date.UTC(2026, 10, 1) && r.lastModified >= Date.UTC(2025, 10, 1))).toBe(true);
  });

  it('derives the same records and bytes every time, ranges included', async () => {
    const a = await createStore({ seed: 'synthetic-flat:100', clock: createManualClock(NOW) });
    const b = await createStore({ seed: 'synthetic-flat:100', clock: createManualClock(NOW) });
    expect(all(a, SYNTHETIC_FLAT_BUCKET)).toEqual(all(b, SYNTHETIC_FLAT_BUCKET));
    const small = all(a, SYNTHETIC_FLAT_BUCKET).find((r) => r.size > 100 && r.size < 256 * 1024) as ObjectRecord;
    const whole = await a.read(SYNTHETIC_FLAT_BUCKET, small.key);
    expect(whole.length).toBe(small.size);
    // Buffer.equals: vitest's deep equality is far too slow on large buffers.
    expect((await b.read(SYNTHETIC_FLAT_BUCKET, small.key)).equals(whole)).toBe(true);
    expect(new Set(whole).size).toBeGreaterThan(200); // noise, not a constant fill
    for (const [start, end] of [[0, 0], [1, 6], [3, 98], [small.size - 5, small.size - 1]]) {
      expect((await a.read(SYNTHETIC_FLAT_BUCKET, small.key, { start, end })).equals(whole.subarray(start, end + 1))).toBe(true);
    }
    expect(a.head(SYNTHETIC_FLAT_BUCKET, small.key)).toEqual(small);
  });
});

describe('demo seed', () => {
  it('is deterministic and has every class, archive tier and restore state', async () => {
    const store = await createStore({ seed: 'demo', clock: createManualClock(NOW) });
    const again = await createStore({ seed: 'demo', clock: createManualClock(NOW + 5000) });
    expect(store.listBuckets().map((b) => b.name)).toEqual([DEMO_ARCHIVE_BUCKET, DEMO_TRAINING_BUCKET]);
    const recs = all(store, DEMO_TRAINING_BUCKET);
    expect(recs.map((r) => [r.key, r.etag, r.size])).toEqual(all(again, DEMO_TRAINING_BUCKET).map((r) => [r.key, r.etag, r.size]));
    expect(recs.length).toBeGreaterThan(2800);
    const classes = new Set([...recs, ...all(store, DEMO_ARCHIVE_BUCKET)].map((r) => r.storageClass));
    expect([...classes].sort()).toEqual(['DEEP_ARCHIVE', 'GLACIER', 'GLACIER_IR', 'INTELLIGENT_TIERING', 'ONEZONE_IA', 'STANDARD', 'STANDARD_IA']);
    const views = recs.map((r) => store.archiveView(r));
    expect(views.some((v) => v.archiveStatus === 'ARCHIVE_ACCESS')).toBe(true);
    expect(views.some((v) => v.archiveStatus === 'DEEP_ARCHIVE_ACCESS')).toBe(true);
    expect(views.filter((v) => v.listRestoreStatus?.isRestoreInProgress).length).toBeGreaterThanOrEqual(3);
    const live = views.filter((v) => v.listRestoreStatus?.isRestoreInProgress === false);
    expect(live.length).toBeGreaterThanOrEqual(2);
    expect(live.every((v) => v.readable && (v.listRestoreStatus?.restoreExpiryDate ?? 0) > NOW)).toBe(true);
    expect(views.some((v) => !v.readable && !v.restoreHeader)).toBe(true);
    const keys = recs.map((r) => r.key);
    expect(keys).toContain('ünïcode/日本語 file.json');
    expect(keys).toContain('documents/report.pdf');
    expect(keys.some((k) => k.includes(' ') && k.includes('+'))).toBe(true);
    expect(keys.some((k) => k.includes('%'))).toBe(true);
  });

  it('pages a ~2,500-key prefix and serves valid JSONL, PNG, PDF and JSON', async () => {
    const store = await createStore({ seed: 'demo', clock: createManualClock(NOW) });
    const big = all(store, DEMO_TRAINING_BUCKET, 'mask/ct-organs-v2/scan-0001/');
    expect(big.length).toBeGreaterThanOrEqual(2500);
    for (const r of big.slice(0, 20)) {
      expect(r.key).toMatch(/^mask\/ct-organs-v2\/scan-0001\/\d{4}_[a-z_]+\.png$/);
      expect(checkPng(await store.read(DEMO_TRAINING_BUCKET, r.key))).toEqual({ width: 64, height: 64 });
    }
    const meta = JSON.parse((await store.read(DEMO_TRAINING_BUCKET, 'mask/ct-organs-v2/metadata.json')).toString()) as { classes: unknown[] };
    expect(meta.classes).toHaveLength(8);

    const shards = all(store, DEMO_TRAINING_BUCKET, 'training/');
    expect(new Set(shards.map((r) => r.key.split('/')[1])).size).toBeGreaterThanOrEqual(4);
    for (const r of shards.filter((s) => store.archiveView(s).readable)) {
      const body = await store.read(DEMO_TRAINING_BUCKET, r.key);
      const lines = body.toString().trimEnd().split('\n');
      expect(lines.every((l) => typeof JSON.parse(l) === 'object')).toBe(true);
      expect(r.metadata['sample-count']).toBe(String(lines.length));
      expect(r.key).toMatch(/^training\/[a-z]+\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f]{8}\.jsonl$/);
      expect(r.etag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
    }

    const pdfs = all(store, DEMO_TRAINING_BUCKET).filter((r) => r.key.endsWith('.pdf') && store.archiveView(r).readable);
    expect(pdfs.length).toBeGreaterThanOrEqual(5);
    for (const r of pdfs) {
      const text = (await store.read(DEMO_TRAINING_BUCKET, r.key)).toString('latin1');
      expect(text.startsWith('%PDF-1.4')).toBe(true);
      const xref = Number(/startxref\n(\d+)/.exec(text)?.[1]);
      expect(text.slice(xref, xref + 4)).toBe('xref');
      for (const [i, off] of [...text.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m, j) => [j + 1, Number(m[1])] as const)) {
        expect(text.slice(off, off + `${i} 0 obj`.length)).toBe(`${i} 0 obj`);
      }
    }
  });
});
