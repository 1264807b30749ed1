/**
 * The aws CLI (v1) browsing and moving data through the sandbox: `s3 ls`,
 * `s3 cp` both ways, `s3 sync` both ways, `s3 rm --recursive`, and a
 * multipart upload whose composite ETag and bytes are checked.
 *
 * Expectations come from the sandbox's store (what it holds), never from
 * hard-coded seed contents, so the test checks the HTTP layer's answer to a
 * client nobody here wrote against the state behind it.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsEnv } from '../../../bench/lib/peers';
import { startSandbox } from '../index';
import { createAwsCli, sessionUsable, type AwsCli } from './aws-cli';
import { detectClient, expectOk, md5Hex, multipartEtag, pseudoRandomBytes, requireClient, runClient, storeKeys, tempDir } from './harness';

const aws = await detectClient('aws');
const useSession = await sessionUsable(aws);
const BUCKET = 'conformance-cli';
/** A key that needs encoding in the path and in the signature: spaces, unicode, `+`, `%`. */
const ODD_KEY = 'odd dir/naïve ünï ✓ a+b 100%.txt';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

describe('aws CLI: ls, cp, sync, rm, multipart', () => {
  let sb: Sandbox;
  let env: NodeJS.ProcessEnv;
  let tmp: ReturnType<typeof tempDir>;
  let cli: AwsCli;

  beforeAll(async () => {
    if (!aws.available) return;
    sb = await startSandbox({ port: 0, seed: 'demo' });
    sb.store.createBucket(BUCKET, sb.region);
    env = awsEnv(sb);
    cli = createAwsCli(env, useSession);
    tmp = tempDir('aws');
  });
  afterAll(async () => {
    cli?.close();
    await sb?.close();
    tmp?.remove();
  });

  it('the aws CLI is installed', (ctx) => {
    requireClient(aws, ctx);
    expect(aws.detail).toMatch(/^aws-cli\//);
  });

  describe.skipIf(!aws.available)('against a demo-seeded sandbox', { concurrent: true, timeout: 120_000 }, () => {
    it('s3 ls lists every bucket the store holds (through the `aws` command itself)', async () => {
      const run = expectOk(await runClient('aws', ['s3', 'ls'], { env, timeoutMs: 60_000 }), 'aws s3 ls');
      const listed = run.stdout.trim().split('\n').map((l) => l.split(/\s+/).slice(2).join(' '));
      expect(listed.sort()).toEqual(sb.store.listBuckets().map((b) => b.name).sort());
    });

    it('s3 ls of a prefix shows its child prefixes and objects', async () => {
      const bucket = demoBucket(sb);
      const top = sb.store.list(bucket, { delimiter: '/', maxKeys: 1000 });
      const firstPrefix = top.entries.find((e) => e.kind === 'prefix');
      expect(firstPrefix, 'the demo seed has nested prefixes').toBeDefined();
      const prefix = firstPrefix!.kind === 'prefix' ? firstPrefix!.prefix : '';
      const truth = sb.store.list(bucket, { prefix, delimiter: '/', maxKeys: 1000 });
      expect(truth.isTruncated).toBe(false);

      const run = expectOk(await cli(['s3', 'ls', `s3://${bucket}/${prefix}`]), 'aws s3 ls prefix');
      const pre: string[] = [];
      const objs: string[] = [];
      for (const line of run.stdout.split('\n').filter(Boolean)) {
        const m = /^\s+PRE (.*)$/.exec(line);
        if (m) pre.push(prefix + m[1]);
        else objs.push(prefix + line.replace(/^\S+\s+\S+\s+\d+ /, ''));
      }
      expect(pre.sort()).toEqual(truth.entries.flatMap((e) => (e.kind === 'prefix' ? [e.prefix] : [])).sort());
      expect(objs.sort()).toEqual(truth.entries.flatMap((e) => (e.kind === 'object' ? [e.object.key] : [])).sort());
      expect(pre.length + objs.length).toBeGreaterThan(0);
    });

    it('s3 ls --recursive lists every key with its size, odd characters included', async () => {
      const bucket = demoBucket(sb);
      const truth = storeKeys(sb.store, bucket);
      const run = expectOk(await cli(['s3', 'ls', '--recursive', `s3://${bucket}/`]), 'aws s3 ls --recursive');
      const seen = new Map<string, number>();
      for (const line of run.stdout.split('\n').filter(Boolean)) {
        const m = /^\S+\s+\S+\s+(\d+) (.*)$/.exec(line);
        expect(m, `unparsed line: ${line}`).not.toBeNull();
        seen.set(m![2], Number(m![1]));
      }
      expect(seen.size).toBe(truth.size);
      expect(seen).toEqual(truth);
      // The demo seed promises keys with spaces and unicode; the CLI must see them decoded.
      expect([...seen.keys()].some((k) => k.includes(' '))).toBe(true);
      expect([...seen.keys()].some((k) => /[^\x20-\x7e]/.test(k))).toBe(true);
    });

    it('s3 cp uploads and downloads a key with spaces, unicode, + and %', async () => {
      const body = Buffer.from(`odd key payload ✓ ${'x'.repeat(3000)}\n`);
      const up = join(tmp.dir, 'odd-up.txt');
      const down = join(tmp.dir, 'odd-down.txt');
      writeFileSync(up, body);
      expectOk(await cli(['s3', 'cp', up, `s3://${BUCKET}/${ODD_KEY}`]), 'aws s3 cp up');
      const stored = sb.store.head(BUCKET, ODD_KEY);
      expect(stored.size).toBe(body.length);
      expect(stored.etag).toBe(`"${md5Hex(body)}"`);
      expectOk(await cli(['s3', 'cp', `s3://${BUCKET}/${ODD_KEY}`, down]), 'aws s3 cp down');
      expect(md5Hex(readFileSync(down))).toBe(md5Hex(body));
    });

    it('s3 sync a folder up and back down gives the same bytes, then s3 rm --recursive empties it', async () => {
      const src = join(tmp.dir, 'sync-src');
      const back = join(tmp.dir, 'sync-back');
      const files: Record<string, Buffer> = {
        'a.txt': Buffer.from('alpha\n'),
        'nested/b.bin': pseudoRandomBytes(70_000, 7),
        'nested/deeper/c d.json': Buffer.from('{"c":"d"}\n'),
        'empty.txt': Buffer.alloc(0),
        'ünï.txt': Buffer.from('unicode name\n'),
      };
      for (const [rel, b] of Object.entries(files)) {
        mkdirSync(join(src, rel, '..'), { recursive: true });
        writeFileSync(join(src, rel), b);
      }
      expectOk(await cli(['s3', 'sync', src, `s3://${BUCKET}/sync/`]), 'aws s3 sync up');
      expect([...storeKeys(sb.store, BUCKET, 'sync/').keys()].sort()).toEqual(Object.keys(files).map((k) => `sync/${k}`).sort());

      expectOk(await cli(['s3', 'sync', `s3://${BUCKET}/sync/`, back]), 'aws s3 sync down');
      const got = walk(back);
      expect(Object.keys(got).sort()).toEqual(Object.keys(files).sort());
      for (const [rel, b] of Object.entries(files)) expect(md5Hex(got[rel]!), rel).toBe(md5Hex(b));

      // A second sync up has nothing to do: sizes and times match, so no uploads.
      const again = expectOk(await cli(['s3', 'sync', src, `s3://${BUCKET}/sync/`]), 'aws s3 sync again');
      expect(again.stdout).not.toMatch(/upload:/);

      const rm = expectOk(await cli(['s3', 'rm', '--recursive', `s3://${BUCKET}/sync/`]), 'aws s3 rm --recursive');
      expect(rm.stdout.match(/^delete: /gm)?.length).toBe(Object.keys(files).length);
      expect(storeKeys(sb.store, BUCKET, 'sync/').size).toBe(0);
    });

    it('s3 cp of a 20 MiB file goes multipart: composite ETag -4, and the bytes come back intact', async () => {
      const partSize = 5 * 1024 * 1024;
      const body = pseudoRandomBytes(20 * 1024 * 1024, 20);
      const up = join(tmp.dir, 'big.bin');
      const down = join(tmp.dir, 'big-down.bin');
      writeFileSync(up, body);
      // Force multipart with 5 MiB parts: 20 MiB becomes exactly 4 parts.
      const mpEnv = withS3Config(env, ['multipart_threshold = 5MB', 'multipart_chunksize = 5MB']);
      const mp = createAwsCli(mpEnv, useSession, 1);
      try {
        expectOk(await mp(['s3', 'cp', up, `s3://${BUCKET}/big/20mib.bin`]), 'aws s3 cp multipart up');
        const head = JSON.parse(expectOk(await mp(['s3api', 'head-object', '--bucket', BUCKET, '--key', 'big/20mib.bin']), 'head-object').stdout) as {
          ETag: string;
          ContentLength: number;
        };
        expect(head.ContentLength).toBe(body.length);
        expect(head.ETag).toMatch(/^"[0-9a-f]{32}-4"$/);
        expect(head.ETag).toBe(multipartEtag(body, partSize));

        // The download also goes in ranged parts at this threshold.
        expectOk(await mp(['s3', 'cp', `s3://${BUCKET}/big/20mib.bin`, down]), 'aws s3 cp multipart down');
        expect(md5Hex(readFileSync(down))).toBe(md5Hex(body));
      } finally {
        mp.close();
      }
    });
  });
});

/** The demo bucket with the most objects: where the seed's training data lives. */
function demoBucket(sb: Sandbox): string {
  const buckets = sb.store.listBuckets().map((b) => b.name).filter((n) => n !== BUCKET);
  expect(buckets.length, 'the demo seed creates buckets').toBeGreaterThan(0);
  return buckets.sort((a, b) => storeKeys(sb.store, b).size - storeKeys(sb.store, a).size)[0]!;
}

/** A copy of an awsEnv with extra `s3 =` settings in its config file. */
function withS3Config(env: NodeJS.ProcessEnv, lines: string[]): NodeJS.ProcessEnv {
  const file = `${env.AWS_CONFIG_FILE}-mp`;
  const text = readFileSync(env.AWS_CONFIG_FILE!, 'utf8').replace(/^s3 =\n/m, `s3 =\n${lines.map((l) => `  ${l}\n`).join('')}`);
  writeFileSync(file, text);
  return { ...env, AWS_CONFIG_FILE: file };
}

/** Every file under a folder, by path relative to it. */
function walk(root: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const visit = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else out[relative(root, p)] = readFileSync(p);
    }
  };
  visit(root);
  return out;
}
