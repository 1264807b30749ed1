/**
 * `downloadObject` against the sandbox over real HTTP with the real SDK:
 * every way a body can break (reset, stall, short body, 503), resume from
 * journaled ranges, an object replaced mid-download (412), each kind of
 * verification, a corrupt object failing with its reason, archived and
 * zero-byte objects, and a target that must not be overwritten.
 */
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { ThawError } from '../errors';
import { downloadObject, gaps, type DownloadObjectInput } from './download-object';

const BUCKET = 'download-test';
const MiB = 1024 * 1024;
let sb: Sandbox;
let s3: S3Client;
let dir: string;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Small ranges and short timeouts, so faults show in seconds. */
const FAST = { rangedAbove: 2 * MiB, rangeSize: MiB, rangeConcurrency: 4, stallMs: 400, retryDelayMs: 20 };

interface Run {
  input: DownloadObjectInput;
  bytes: () => number;
  ranges: Array<[number, number, string]>;
  retries: () => number;
}

function run(key: string, extra: Partial<DownloadObjectInput> = {}): Run {
  let bytes = extra.committed?.reduce((n, [s, e]) => n + e - s, 0) ?? 0;
  let retries = 0;
  const ranges: Array<[number, number, string]> = [];
  const input: DownloadObjectInput = {
    client: s3,
    bucket: BUCKET,
    key,
    size: listedSize(key),
    target: join(dir, key.split('/').pop()!),
    jobId: 'job-1',
    overwrite: false,
    committed: [],
    signal: new AbortController().signal,
    onBytes: (d) => (bytes += d),
    onRange: (s, e, etag) => ranges.push([s, e, etag]),
    onRetry: () => retries++,
    options: FAST,
    ...extra,
  };
  return { input, bytes: () => bytes, ranges, retries: () => retries };
}

/** The size a listing would have given the job (0 for a key not there). */
function listedSize(key: string): number {
  try {
    return sb.store.head(BUCKET, key).size;
  } catch {
    return 0;
  }
}

const gets = (key: string) => sb.requestLog.entries().filter((e) => e.op === 'GetObject' && e.key === key);
const leftovers = () => readdirSync(dir).filter((n) => n.endsWith('.part'));

beforeAll(async () => {
  sb = await startSandbox({ quiet: true, requestLog: true, seed: 'none' });
  sb.store.createBucket(BUCKET, 'us-east-1');
  s3 = new S3Client({ endpoint: sb.endpoint, region: sb.region, credentials: sb.credentials, forcePathStyle: true });
}, 60_000);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'thaw-download-'));
  sb.faults.clear();
  sb.requestLog.clear();
});

afterAll(async () => {
  s3?.destroy();
  await sb?.close();
});

describe('downloadObject', () => {
  it('a 12 MiB object through resets, stalls, short bodies and 503s arrives whole, fetched in If-Match ranges, its CRC32 recomputed', async () => {
    const body = randomBytes(12 * MiB);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'faulty.bin', Body: body, ChecksumAlgorithm: 'CRC32' }));
    for (const kind of ['reset-mid-body', 'truncate', 'stall', 'slowdown'] as const) {
      sb.faults.add({ kind, op: 'GetObject', key: 'faulty.bin', count: 2, ...(kind === 'stall' ? { ms: 5_000 } : {}) });
    }
    const r = run('faulty.bin');
    const result = await downloadObject(r.input);
    expect(result.verifiedBy).toBe('CRC32');
    expect(sha(readFileSync(r.input.target))).toBe(sha(body));
    expect(r.bytes()).toBe(body.length);
    expect(r.retries()).toBeGreaterThanOrEqual(6);
    const log = gets('faulty.bin');
    expect(log.every((e) => e.ifMatch === result.etag && e.range !== undefined)).toBe(true);
    expect(log.filter((e) => e.fault).length).toBeGreaterThanOrEqual(8);
    // Ranges resumed from their last written byte: nothing arrived twice in full.
    expect(log.filter((e) => e.status === 206 && !e.fault).length).toBeLessThan(12 + 8);
    expect(leftovers()).toEqual([]);
  }, 60_000);

  it('resumes from journaled ranges of the same ETag and fetches only what is missing', async () => {
    const body = randomBytes(6 * MiB);
    await sb.store.put(BUCKET, 'resume.bin', { body, metadata: {} });
    const stop = new AbortController();
    let seen = 0;
    const first = run('resume.bin', {
      signal: stop.signal,
      options: { ...FAST, rangeConcurrency: 1 },
      onBytes: (d) => {
        seen += d;
        if (seen >= 3 * MiB) stop.abort();
      },
    });
    const err = await downloadObject(first.input).catch((e: unknown) => e);
    expect(err, String(err)).toBeInstanceOf(ThawError);
    expect((err as ThawError).code).toBe('Cancelled');
    expect(leftovers()).toHaveLength(1);
    const committed = first.ranges.map(([s, e]): [number, number] => [s, e]);
    const have = committed.reduce((n, [s, e]) => n + e - s, 0);
    expect(have).toBeGreaterThanOrEqual(3 * MiB);
    sb.requestLog.clear();
    const second = run('resume.bin', { committed, committedEtag: first.ranges[0]![2] });
    const result = await downloadObject(second.input);
    expect(result.verifiedBy).toBe('MD5');
    expect(sha(readFileSync(second.input.target))).toBe(sha(body));
    expect(second.bytes()).toBe(body.length);
    const fetched = gets('resume.bin').map((e) => e.range);
    expect(fetched.length).toBeGreaterThan(0);
    for (const range of fetched) {
      const [s] = /bytes=(\d+)-/.exec(range ?? '')!.slice(1).map(Number);
      expect(committed.some(([a, b]) => s! >= a && s! < b)).toBe(false);
    }
  }, 30_000);

  it('journaled ranges of another ETag are thrown away; an object replaced mid-download answers 412 and the file starts over', async () => {
    const old = randomBytes(3 * MiB);
    await sb.store.put(BUCKET, 'replaced.bin', { body: old, metadata: {} });
    const fresh = randomBytes(4 * MiB);
    let replaced = false;
    let bytes = MiB;
    const r = run('replaced.bin', {
      committed: [[0, MiB]],
      committedEtag: '"0123456789abcdef0123456789abcdef"',
      options: { ...FAST, rangeConcurrency: 1 },
      onBytes: (d) => {
        bytes += d;
        if (!replaced && bytes > 0 && d > 0) {
          replaced = true;
          void sb.store.put(BUCKET, 'replaced.bin', { body: fresh, metadata: {} });
        }
      },
    });
    const result = await downloadObject(r.input);
    expect(sha(readFileSync(r.input.target))).toBe(sha(fresh));
    expect(bytes).toBe(fresh.length);
    expect(result.size).toBe(fresh.length);
    expect(gets('replaced.bin').some((e) => e.status === 412)).toBe(true);
    expect(leftovers()).toEqual([]);
  }, 30_000);

  it('a multipart object is verified part by part from its ETag', async () => {
    const body = randomBytes(11 * MiB);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'multi.bin' }));
    const parts = [];
    for (let n = 1, at = 0; at < body.length; n++, at += 5 * MiB) {
      const out = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'multi.bin', UploadId, PartNumber: n, Body: body.subarray(at, at + 5 * MiB) }));
      parts.push({ PartNumber: n, ETag: out.ETag });
    }
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'multi.bin', UploadId, MultipartUpload: { Parts: parts } }));
    const r = run('multi.bin');
    const result = await downloadObject(r.input);
    expect(result.etag).toMatch(/-3"$/);
    expect(result.verifiedBy).toBe('parts');
    expect(sha(readFileSync(r.input.target))).toBe(sha(body));
  }, 30_000);

  it('an object whose stored checksum does not match its bytes is fetched twice, then fails with the reason; nothing is kept', async () => {
    // Small: one GET, which the SDK checks in transit. Large: ranges (no checksum on the wire), recomputed over the file.
    await sb.store.put(BUCKET, 'corrupt.bin', { body: randomBytes(100_000), metadata: {}, checksums: { CRC32: 'AAAAAA==' } });
    await sb.store.put(BUCKET, 'corrupt-big.bin', { body: randomBytes(3 * MiB), metadata: {}, checksums: { CRC32: 'AAAAAA==' } });
    for (const [key, reason, requests] of [
      // The first GET, then HEAD and a second GET.
      ['corrupt.bin', /a CRC32 checksum that did not match the one S3 stored twice; nothing was kept/, 2],
      ['corrupt-big.bin', /a CRC32 checksum of \S+ instead of AAAAAA== twice; nothing was kept/, 6],
    ] as const) {
      const r = run(key);
      const err = (await downloadObject(r.input).catch((e: unknown) => e)) as ThawError;
      expect(err).toBeInstanceOf(ThawError);
      expect(err.message).toMatch(reason);
      expect(gets(key).length).toBe(requests);
      expect(readdirSync(dir)).toEqual([]);
      expect(r.bytes()).toBe(0);
    }
  });

  it('a small object is one GET and no HEAD; broken off, it continues from the bytes it has with a ranged If-Match GET', async () => {
    const body = randomBytes(MiB);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'small.bin', Body: body, ChecksumAlgorithm: 'CRC32' }));
    const plain = run('small.bin');
    expect((await downloadObject(plain.input)).verifiedBy).toBe('CRC32');
    const ops = () => sb.requestLog.entries().filter((e) => e.key === 'small.bin').map((e) => e.op);
    expect(ops()).toEqual(['PutObject', 'GetObject']);
    rmSync(plain.input.target);
    sb.requestLog.clear();
    sb.faults.add({ kind: 'reset-mid-body', op: 'GetObject', key: 'small.bin', count: 1 });
    const broken = run('small.bin');
    const result = await downloadObject(broken.input);
    expect(result.verifiedBy).toBe('CRC32');
    expect(sha(readFileSync(broken.input.target))).toBe(sha(body));
    expect(broken.bytes()).toBe(body.length);
    expect(ops()).toEqual(['GetObject', 'HeadObject', 'GetObject']);
    const resumed = gets('small.bin')[1]!;
    expect(resumed.ifMatch).toBe(result.etag);
    expect(Number(/^bytes=(\d+)-/.exec(resumed.range ?? '')?.[1])).toBeGreaterThan(0);
    expect(broken.ranges[0]).toEqual([0, expect.any(Number), result.etag]);
  });

  it('a zero-byte object becomes an empty file from one GET; an SSE-KMS object is marked unverified, not verified', async () => {
    await sb.store.put(BUCKET, 'empty.txt', { body: Buffer.alloc(0), metadata: {} });
    const empty = run('empty.txt');
    expect((await downloadObject(empty.input)).verifiedBy).toBe('MD5');
    expect(readFileSync(empty.input.target).length).toBe(0);
    expect(gets('empty.txt')).toHaveLength(1);
    await sb.store.put(BUCKET, 'kms.bin', { body: randomBytes(1000), metadata: {}, serverSideEncryption: 'aws:kms' });
    const kms = run('kms.bin');
    expect((await downloadObject(kms.input)).verifiedBy).toBe('unverified');
  });

  it('refuses an archived object with InvalidObjectState and an existing target without overwrite, changing nothing', async () => {
    await sb.store.put(BUCKET, 'cold.bin', { body: randomBytes(1000), metadata: {}, storageClass: 'GLACIER' });
    const cold = run('cold.bin');
    await expect(downloadObject(cold.input)).rejects.toMatchObject({ code: 'InvalidObjectState' });
    const body = randomBytes(1000);
    await sb.store.put(BUCKET, 'kept.txt', { body, metadata: {} });
    const kept = run('kept.txt');
    writeFileSync(kept.input.target, 'mine');
    await expect(downloadObject(kept.input)).rejects.toThrow(/exists already and was not replaced/);
    expect(readFileSync(kept.input.target, 'utf8')).toBe('mine');
    const over = run('kept.txt', { overwrite: true });
    await downloadObject(over.input);
    expect(sha(readFileSync(over.input.target))).toBe(sha(body));
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives up on a range after the tries without progress, naming why', async () => {
    await sb.store.put(BUCKET, 'dead.bin', { body: randomBytes(3 * MiB), metadata: {} });
    sb.faults.add({ kind: 'reset', op: 'GetObject', key: 'dead.bin' });
    const r = run('dead.bin', { options: { ...FAST, maxAttemptsWithoutProgress: 3 } });
    await expect(downloadObject(r.input)).rejects.toMatchObject({ code: 'Network', message: expect.stringMatching(/3 tries in a row got no bytes/) });
  }, 30_000);
});

describe('gaps', () => {
  it('is what the ranges leave of [0, size)', () => {
    expect(gaps([], 10)).toEqual([[0, 10]]);
    expect(gaps([[0, 4], [6, 8]], 10)).toEqual([[4, 6], [8, 10]]);
    expect(gaps([[0, 10]], 10)).toEqual([]);
    expect(gaps([], 0)).toEqual([]);
  });
});
