/**
 * s3cmd (Debian's) against the sandbox: `ls` (buckets, a prefix, long form
 * with storage classes, recursive), `put`, `get`, `du`, `restore` with
 * `--restore-days` / `--restore-priority`, and `info`.
 *
 * s3cmd lists with ListObjects v1 (marker), signs with SigV4 on a path-style
 * host, and probes sub-resources (`?acl`, `?policy`, `?cors`) during `info`
 * that the sandbox must answer the way S3 answers what it does not support.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3cmdConfig } from '../../../bench/lib/peers';
import { startSandbox } from '../index';
import { createManualClock } from '../store/clock';
import { detectClient, expectOk, md5Hex, pseudoRandomBytes, requireClient, runClient, storeKeys, tempDir } from './harness';

const s3cmd = await detectClient('s3cmd');
const BUCKET = 'conformance-s3cmd';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

describe('s3cmd: ls, put, get, du, restore, info', () => {
  let sb: Sandbox;
  let config: string;
  let tmp: ReturnType<typeof tempDir>;
  const run = (args: string[]) => runClient('s3cmd', ['-c', config, '--no-progress', ...args], { env: { ...process.env, HOME: tmp.dir }, timeoutMs: 60_000 });

  beforeAll(async () => {
    if (!s3cmd.available) return;
    // A clock that stands still keeps the seed's restoring objects restoring while we look.
    sb = await startSandbox({ port: 0, seed: 'demo', clock: createManualClock(Date.now()) });
    sb.store.createBucket(BUCKET, sb.region);
    config = s3cmdConfig(sb);
    tmp = tempDir('s3cmd');
  });
  afterAll(async () => {
    await sb?.close();
    tmp?.remove();
  });

  it('s3cmd is installed', (ctx) => {
    requireClient(s3cmd, ctx);
    expect(s3cmd.detail).toMatch(/s3cmd version/);
  });

  describe.skipIf(!s3cmd.available)('against a demo-seeded sandbox', { concurrent: true, timeout: 120_000 }, () => {
    it('ls lists the buckets, a prefix (DIR and objects), and -l shows storage classes', async () => {
      const buckets = expectOk(await run(['ls']), 's3cmd ls');
      const names = buckets.stdout.split('\n').filter(Boolean).map((l) => l.replace(/^.*s3:\/\//, ''));
      expect(names.sort()).toEqual(sb.store.listBuckets().map((b) => b.name).sort());

      const bucket = biggestBucket(sb);
      const top = sb.store.list(bucket, { delimiter: '/', maxKeys: 1000 });
      const listed = expectOk(await run(['ls', `s3://${bucket}/`]), 's3cmd ls bucket');
      const dirs = listed.stdout.split('\n').filter((l) => /^\s+DIR\s/.test(l)).map((l) => l.replace(/^.*s3:\/\/[^/]+\//, ''));
      expect(dirs.sort()).toEqual(top.entries.flatMap((e) => (e.kind === 'prefix' ? [e.prefix] : [])).sort());

      // Long listing of the whole bucket: every key with its storage class.
      const long = expectOk(await run(['ls', '-l', '--recursive', `s3://${bucket}/`]), 's3cmd ls -l --recursive');
      const seen = new Map<string, string>();
      for (const line of long.stdout.split('\n').filter(Boolean)) {
        const m = /^\S+ \S+\s+(\d+)\s+\S+\s+(\S+)\s+s3:\/\/[^/]+\/(.*)$/.exec(line);
        expect(m, `unparsed line: ${line}`).not.toBeNull();
        seen.set(m![3]!, m![2]!);
      }
      const truth = storeKeys(sb.store, bucket);
      expect(seen.size).toBe(truth.size);
      for (const key of truth.keys()) expect(seen.get(key), key).toBe(sb.store.head(bucket, key).storageClass);
      expect(new Set(seen.values()).size, 'the demo mixes storage classes').toBeGreaterThan(1);
    });

    it('du adds up sizes and counts as the store holds them', async () => {
      const bucket = biggestBucket(sb);
      const truth = storeKeys(sb.store, bucket);
      const total = [...truth.values()].reduce((a, b) => a + b, 0);
      const du = expectOk(await run(['du', `s3://${bucket}/`]), 's3cmd du');
      const m = /^\s*(\d+)\s+(\d+) objects s3:\/\//.exec(du.stdout);
      expect(m, du.stdout).not.toBeNull();
      expect(Number(m![1])).toBe(total);
      expect(Number(m![2])).toBe(truth.size);
    });

    it('put then get round-trips bytes, metadata and storage class; info reports them', async () => {
      const body = pseudoRandomBytes(300_000, 3);
      const up = join(tmp.dir, 'up.bin');
      const down = join(tmp.dir, 'down.bin');
      writeFileSync(up, body);
      const key = 'put/with space ü.bin';
      expectOk(await run(['put', '--storage-class=STANDARD_IA', '--add-header=x-amz-meta-sample-count:42', up, `s3://${BUCKET}/${key}`]), 's3cmd put');
      const stored = sb.store.head(BUCKET, key);
      expect(stored.size).toBe(body.length);
      expect(stored.storageClass).toBe('STANDARD_IA');
      expect(stored.metadata['sample-count']).toBe('42');
      expect(stored.etag).toBe(`"${md5Hex(body)}"`);

      expectOk(await run(['get', `s3://${BUCKET}/${key}`, down]), 's3cmd get');
      expect(md5Hex(readFileSync(down))).toBe(md5Hex(body));

      const info = expectOk(await run(['info', `s3://${BUCKET}/${key}`]), 's3cmd info');
      expect(info.stdout).toMatch(new RegExp(`File size: ${body.length}\\b`));
      expect(info.stdout).toMatch(/Storage:\s+STANDARD_IA/);
      expect(info.stdout).toMatch(new RegExp(`MD5 sum:\\s+${md5Hex(body)}`));
      expect(info.stdout).toMatch(/x-amz-meta-sample-count: 42/);
    });

    it('restore with --restore-days and --restore-priority starts the asked restore; info shows the GLACIER class', async () => {
      const key = 'archive/frozen.bin';
      await sb.store.put(BUCKET, key, { body: Buffer.from('frozen'), metadata: {}, storageClass: 'GLACIER' });
      const get = await run(['get', '--force', `s3://${BUCKET}/${key}`, join(tmp.dir, 'frozen.bin')]);
      expect(get.code).not.toBe(0);
      expect(get.stderr + get.stdout).toMatch(/InvalidObjectState/);

      expectOk(await run(['restore', '--restore-days=2', '--restore-priority=bulk', `s3://${BUCKET}/${key}`]), 's3cmd restore');
      const restore = sb.store.head(BUCKET, key).restore;
      expect(restore?.tier).toBe('Bulk');
      expect(restore?.days).toBe(2);
      expect(sb.store.archiveView(sb.store.head(BUCKET, key)).restoreHeader).toBe('ongoing-request="true"');

      const info = expectOk(await run(['info', `s3://${BUCKET}/${key}`]), 's3cmd info archived');
      expect(info.stdout).toMatch(/Storage:\s+GLACIER/);
      expect(info.stdout).toMatch(/File size: 6\b/);
    });
  });
});

/** The seeded bucket with the most keys. */
function biggestBucket(sb: Sandbox): string {
  const names = sb.store.listBuckets().map((b) => b.name).filter((n) => n !== BUCKET);
  expect(names.length).toBeGreaterThan(0);
  return names.sort((a, b) => storeKeys(sb.store, b).size - storeKeys(sb.store, a).size)[0]!;
}
