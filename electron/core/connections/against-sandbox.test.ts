/**
 * Connections end to end: the handlers over the real sandbox, real HTTP and
 * the real AWS SDK, including a bucket-scoped key that may not ListBuckets.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { saveConnectionInput } from '../../../shared/ipc/connections';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { dispatch } from '../ipc/dispatch';
import type { Handlers } from '../types';
import { createConnections } from './index';
import { tempDir, testAdapters } from '../testing/fixtures';

const REGION = 'eu-west-2';
const SCOPED = { accessKeyId: 'SCOPEDKEY0000WXYZ', secretAccessKey: 'scoped-secret-0123456789abcdef' };

let sb: Sandbox;
let dir: string;
let cleanup: () => void;
let disposers: Array<() => Promise<void> | void>;
let logged: string[];
/** Every value a handler returned or threw, to scan for secrets at the end. */
const seen: unknown[] = [];

beforeAll(async () => {
  sb = await startSandbox({
    region: REGION,
    quiet: true,
    extraCredentials: [{ ...SCOPED, policy: { actions: ['s3:ListBucket', 's3:GetObject', 's3:GetBucketLocation'], buckets: ['scoped-data'] } }],
  });
  sb.store.createBucket('scoped-data', REGION);
  sb.store.createBucket('public-data', REGION);
  await sb.store.put('scoped-data', 'train/part-0.jsonl', { body: Buffer.from('{"a":1}\n'), metadata: {} });
});

afterAll(async () => {
  const text = JSON.stringify(seen, (_k, v: unknown) => (v instanceof Error ? { message: v.message, details: (v as { details?: unknown }).details } : v));
  for (const secret of [SCOPED.secretAccessKey, sb.credentials.secretAccessKey, 'wrong-secret-zzz']) expect(text).not.toContain(secret);
  await sb.close();
});

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  disposers = [];
  logged = [];
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void logged.push(a.map(String).join(' ')));
  }
});

afterEach(async () => {
  vi.restoreAllMocks();
  for (const d of disposers) await d();
  cleanup();
  const text = logged.join('\n');
  for (const secret of [SCOPED.secretAccessKey, sb.credentials.secretAccessKey, 'wrong-secret-zzz']) expect(text).not.toContain(secret);
});

function core(userDataDir = join(dir, 'user')) {
  const conns = createConnections(testAdapters({ userDataDir }), (fn) => disposers.push(fn));
  const h = conns.handlers;
  const track = async <T>(p: Promise<T>): Promise<T> => {
    try {
      const v = await p;
      seen.push(v);
      return v;
    } catch (err) {
      seen.push(err);
      throw err;
    }
  };
  const save = (input: Record<string, unknown>) =>
    track(h['connections:save'](saveConnectionInput.parse({ name: 'x', endpoint: sb.endpoint, region: REGION, pathStyle: true, ...input })));
  return { ...conns, h, save, track };
}

describe('connections over the sandbox', () => {
  it('test-connection falls back to the access key when the endpoint has no STS, and counts buckets', async () => {
    const { save, h, track } = core();
    const main = await save({ name: 'main', ...sb.credentials });
    const result = await track(h['connections:test']({ connectionId: main.id }));
    expect(result).toEqual({ identity: `Access key …${sb.credentials.accessKeyId.slice(-4)}`, region: REGION, bucketsVisible: 2 });
  });

  it('lists buckets with their region and creation time', async () => {
    const { save, h, track } = core();
    const main = await save({ name: 'main', ...sb.credentials });
    const list = await track(h['buckets:list']({ connectionId: main.id }));
    expect(list.listDenied).toBe(false);
    expect(list.buckets.map((b) => b.name)).toEqual(['public-data', 'scoped-data']);
    for (const b of list.buckets) {
      expect(b).toMatchObject({ region: REGION, addedByHand: false });
      expect(b.createdAt).toBeGreaterThan(0);
    }
  });

  it('bucket-scoped key: ListBuckets denied → hand-added buckets with listDenied, kept with the connection', async () => {
    const { save, h, track } = core();
    const scoped = await save({ name: 'scoped', ...SCOPED });
    const tested = await track(h['connections:test']({ connectionId: scoped.id }));
    expect(tested).toEqual({ identity: 'Access key …WXYZ', region: REGION });
    expect(await track(h['buckets:list']({ connectionId: scoped.id }))).toEqual({ buckets: [], listDenied: true });
    const added = await track(h['buckets:add']({ connectionId: scoped.id, bucket: 'scoped-data' }));
    expect(added).toEqual({ name: 'scoped-data', region: REGION, addedByHand: true });
    expect(await track(h['buckets:list']({ connectionId: scoped.id }))).toEqual({
      buckets: [{ name: 'scoped-data', region: REGION, addedByHand: true }],
      listDenied: true,
    });
    // A fresh core (app restart) still has it.
    const again = core();
    expect((await again.track(again.h['buckets:list']({ connectionId: scoped.id }))).buckets.map((b) => b.name)).toEqual(['scoped-data']);
    // And the hand-added bucket is usable with the scoped key.
    const client = await again.s3.clientFor(scoped.id, 'scoped-data');
    const out = await client.send(new ListObjectsV2Command({ Bucket: 'scoped-data' }));
    expect(out.Contents?.map((o) => o.Key)).toEqual(['train/part-0.jsonl']);
    expect(await again.track(again.h['buckets:remove']({ connectionId: scoped.id, bucket: 'scoped-data' }))).toEqual({ removed: true });
    expect(await again.track(again.h['buckets:list']({ connectionId: scoped.id }))).toEqual({ buckets: [], listDenied: true });
  });

  it('adding a bucket verifies it: a missing one is NoSuchBucket and is not kept; a bad name never reaches S3', async () => {
    const { save, h, track } = core();
    const main = await save({ name: 'main', ...sb.credentials });
    await expect(track(h['buckets:add']({ connectionId: main.id, bucket: 'does-not-exist' }))).rejects.toMatchObject({ code: 'NoSuchBucket' });
    expect((await h['buckets:list']({ connectionId: main.id })).buckets.some((b) => b.addedByHand)).toBe(false);
    const before = sb.stats().requests;
    const bad = await dispatch(h as unknown as Handlers, 'buckets:add', [{ connectionId: main.id, bucket: 'Bad_Name..' }]);
    expect(bad).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    expect(sb.stats().requests).toBe(before);
  });

  it('discovers a bucket region different from the connection region and uses it transparently', async () => {
    const { save, h, s3, track } = core();
    const wrongRegion = await save({ name: 'us default', ...sb.credentials, region: 'us-east-1' });
    expect(await track(h['buckets:region']({ connectionId: wrongRegion.id, bucket: 'scoped-data' }))).toEqual({ region: REGION });
    const client = await s3.clientFor(wrongRegion.id, 'scoped-data');
    expect(await client.config.region()).toBe(REGION);
    const out = await client.send(new ListObjectsV2Command({ Bucket: 'scoped-data' }));
    expect(out.KeyCount).toBe(1);
  });

  it('maps wrong secret, unknown key and an unreachable port to sentences, through connections:test', async () => {
    const { save, h, track } = core();
    const wrong = await save({ name: 'wrong secret', accessKeyId: sb.credentials.accessKeyId, secretAccessKey: 'wrong-secret-zzz' });
    await expect(track(h['connections:test']({ connectionId: wrong.id }))).rejects.toMatchObject({
      code: 'InvalidCredentials',
      message: expect.stringMatching(/^The access key or secret is wrong/),
    });
    const unknown = await save({ name: 'unknown key', accessKeyId: 'NOSUCHKEY00000001', secretAccessKey: 'wrong-secret-zzz' });
    await expect(track(h['connections:test']({ connectionId: unknown.id }))).rejects.toMatchObject({ code: 'InvalidCredentials' });
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const down = await save({ name: 'down', endpoint: `http://127.0.0.1:${port}`, ...sb.credentials });
    await expect(track(h['connections:test']({ connectionId: down.id }))).rejects.toMatchObject({
      code: 'EndpointUnreachable',
      message: `Cannot reach 127.0.0.1:${port}; check the endpoint and that it is running.`,
    });
  });

  it('a read-only connection still browses but assertWritable refuses', async () => {
    const { save, s3 } = core();
    const ro = await save({ name: 'ro', ...sb.credentials, readOnly: true });
    const client = await s3.clientFor(ro.id, 'scoped-data');
    expect((await client.send(new ListObjectsV2Command({ Bucket: 'scoped-data' }))).KeyCount).toBe(1);
    expect(() => s3.assertWritable(ro.id)).toThrowError(expect.objectContaining({ code: 'ReadOnly' }));
  });
});

describe('the built-in sandbox connection', () => {
  it('starts on first use with the demo seed, answers test and bucket list, and stops on dispose', { timeout: 120_000 }, async () => {
    const { h, s3, track } = core();
    const [listed] = await track(h['connections:list']({}));
    expect(listed).toMatchObject({ id: 'sandbox', kind: 'sandbox' });
    expect(listed!.endpoint).toBeUndefined();
    const started = Date.now();
    const buckets = await track(h['buckets:list']({ connectionId: 'sandbox' }));
    const startMs = Date.now() - started;
    expect(buckets.buckets.map((b) => b.name)).toEqual(expect.arrayContaining(['thaw-demo-training', 'thaw-demo-archive']));
    const tested = await track(h['connections:test']({ connectionId: 'sandbox' }));
    expect(tested.identity).toMatch(/^Access key …/);
    expect(tested.bucketsVisible).toBe(buckets.buckets.length);
    const endpoint = (await h['connections:list']({}))[0]!.endpoint!;
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = await s3.clientFor('sandbox', 'thaw-demo-training');
    expect((await client.send(new ListObjectsV2Command({ Bucket: 'thaw-demo-training', MaxKeys: 5 }))).Contents?.length).toBeGreaterThan(0);
    for (const d of disposers.splice(0)) await d();
    await expect(fetch(endpoint)).rejects.toThrow();
    // First use seeds the demo data into userDataDir/sandbox; later starts only load it.
    expect(startMs).toBeLessThan(100_000);
  });
});
