/**
 * The aws CLI (v1) against the sandbox's archive semantics: head-object on
 * archived, restoring and restored objects, the RestoreObject state machine
 * (202, 409 on repeat, completion on a manual clock, 200 on re-request),
 * RestoreStatus in list-objects-v2, and InvalidObjectState on GET.
 *
 * The restore flow runs on an object this test writes and checks absolute
 * semantics (reference s3-archive-semantics.md sections 1.3, 1.6, 2.1, 2.4);
 * the demo seed's objects are checked against the store's own view of them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsEnv } from '../../../bench/lib/peers';
import { startSandbox } from '../index';
import { createManualClock, type ManualClock } from '../store/clock';
import type { ObjectRecord } from '../store-types';
import { createAwsCli, sessionUsable, type AwsCli } from './aws-cli';
import { DAY_MS, detectClient, expectOk, md5Hex, requireClient, storeKeys, tempDir, type ClientRun } from './harness';

const aws = await detectClient('aws');
const useSession = await sessionUsable(aws);
const BUCKET = 'conformance-restore';
const STANDARD_DELAY_MS = 60_000;
const IMF_MIDNIGHT = /^ongoing-request="false", expiry-date="(\w{3}, \d{2} \w{3} \d{4} 00:00:00 GMT)"$/;

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
interface Head {
  StorageClass?: string;
  Restore?: string;
  ArchiveStatus?: string;
  ContentLength: number;
}

describe('aws CLI: head-object, restore-object, RestoreStatus listings, InvalidObjectState', () => {
  // Two sandboxes so the restore flow can move its clock while the demo
  // checks run concurrently against a clock that stands still. Both start at
  // the real time, because clients sign requests with the wall clock.
  let sb: Sandbox;
  let demo: Sandbox;
  let clock: ManualClock;
  let tmp: ReturnType<typeof tempDir>;
  let cli: AwsCli;
  let demoCli: AwsCli;
  const headWith = async (run: AwsCli, bucket: string, key: string): Promise<Head> =>
    JSON.parse(expectOk(await run(['s3api', 'head-object', '--bucket', bucket, '--key', key]), `head-object ${key}`).stdout) as Head;
  const head = (bucket: string, key: string) => headWith(cli, bucket, key);

  beforeAll(async () => {
    if (!aws.available) return;
    clock = createManualClock(Date.now());
    [sb, demo] = await Promise.all([
      startSandbox({ port: 0, seed: 'none', clock, restoreDelaysMs: { Expedited: 1_000, Standard: STANDARD_DELAY_MS, Bulk: 120_000 } }),
      startSandbox({ port: 0, seed: 'demo', clock: createManualClock(Date.now()) }),
    ]);
    sb.store.createBucket(BUCKET, sb.region);
    cli = createAwsCli(awsEnv(sb), useSession, 2);
    demoCli = createAwsCli(awsEnv(demo), useSession, 2);
    tmp = tempDir('aws-restore');
  });
  afterAll(async () => {
    cli?.close();
    demoCli?.close();
    await Promise.all([sb?.close(), demo?.close()]);
    tmp?.remove();
  });

  it('the aws CLI is installed', (ctx) => {
    requireClient(aws, ctx);
    expect(aws.detail).toMatch(/^aws-cli\//);
  });

  describe.skipIf(!aws.available)('archive behaviour', { concurrent: true, timeout: 120_000 }, () => {
    it('restore-object: 202, then 409 RestoreAlreadyInProgress; completes on the clock with a 00:00 GMT expiry; get-object then works; re-request 200', async () => {
      const key = 'frozen/sample ✓.jsonl';
      const body = Buffer.from('{"id":1}\n{"id":2}\n');
      await sb.store.put(BUCKET, key, { body, metadata: {}, storageClass: 'GLACIER' });
      const request = (days: number) => [
        's3api', 'restore-object', '--debug', '--bucket', BUCKET, '--key', key,
        '--restore-request', JSON.stringify({ Days: days, GlacierJobParameters: { Tier: 'Standard' } }),
      ];

      const requestedAt = clock.now();
      const first = expectOk(await cli(request(1)), 'restore-object');
      expect(restoreStatuses(first)).toEqual([202]);

      const repeat = await cli(request(1));
      expect(repeat.code).not.toBe(0);
      expect(repeat.stderr).toMatch(/RestoreAlreadyInProgress/);
      expect(restoreStatuses(repeat)).toEqual([409]);

      const out = join(tmp.dir, 'restored.jsonl');
      const [during, getDuring] = await Promise.all([head(BUCKET, key), cli(['s3api', 'get-object', '--bucket', BUCKET, '--key', key, out])]);
      expect(during.StorageClass).toBe('GLACIER');
      expect(during.Restore).toBe('ongoing-request="true"');
      // A running restore does not make the object readable (reference 2.4).
      expect(getDuring.code).not.toBe(0);
      expect(getDuring.stderr).toMatch(/InvalidObjectState/);

      clock.advance(STANDARD_DELAY_MS + 1_000);
      const completedAt = clock.now();
      const after = await head(BUCKET, key);
      expect(after.StorageClass).toBe('GLACIER');
      const m = IMF_MIDNIGHT.exec(after.Restore ?? '');
      expect(m, `x-amz-restore was ${after.Restore}`).not.toBeNull();
      const expiry = Date.parse(m![1]!);
      expect(expiry % DAY_MS).toBe(0);
      // Days=1 rounded up to the next midnight, counted from the request or the completion (reference 1.6).
      expect(expiry).toBeGreaterThan(requestedAt + DAY_MS);
      expect(expiry).toBeLessThanOrEqual(completedAt + 2 * DAY_MS);

      const get = expectOk(await cli(['s3api', 'get-object', '--bucket', BUCKET, '--key', key, out]), 'get-object restored');
      expect(JSON.parse(get.stdout).Restore).toBe(after.Restore);
      expect(md5Hex(readFileSync(out))).toBe(md5Hex(body));

      // Re-requesting a finished restore only moves the expiry: 200.
      const extend = expectOk(await cli(request(3)), 'restore-object extend');
      expect(restoreStatuses(extend)).toEqual([200]);
      const extended = IMF_MIDNIGHT.exec((await head(BUCKET, key)).Restore ?? '');
      expect(extended).not.toBeNull();
      expect(Date.parse(extended![1]!)).toBeGreaterThan(expiry);
    });

    it('head-object on the demo seed: archived, restoring, restored and Intelligent-Tiering archive objects', async () => {
      const picks = pickDemoObjects(demo);
      const heads = await Promise.all(picks.map((p) => headWith(demoCli, p.bucket, p.object.key)));
      picks.forEach((p, i) => {
        const h = heads[i]!;
        const view = demo.store.archiveView(p.object);
        expect(h.StorageClass, p.state).toBe(p.object.storageClass === 'STANDARD' ? undefined : p.object.storageClass);
        expect(h.Restore, p.state).toBe(view.restoreHeader);
        expect(h.ArchiveStatus, p.state).toBe(view.archiveStatus);
        expect(h.ContentLength).toBe(p.object.size);
        if (p.state === 'archived') expect(h.Restore).toBeUndefined();
        if (p.state === 'restoring') expect(h.Restore).toBe('ongoing-request="true"');
        if (p.state === 'restored') expect(h.Restore).toMatch(IMF_MIDNIGHT);
        if (p.state === 'it-archive') expect(h.ArchiveStatus).toMatch(/^(ARCHIVE_ACCESS|DEEP_ARCHIVE_ACCESS)$/);
      });
      expect(picks.map((p) => p.state).sort()).toEqual(['archived', 'it-archive', 'restored', 'restoring']);
    });

    it('list-objects-v2 --optional-object-attributes RestoreStatus carries RestoreStatus exactly where a restore exists', async () => {
      const bucket = pickDemoObjects(demo).find((p) => p.state === 'restored')!.bucket;
      const run = expectOk(
        await demoCli(['s3api', 'list-objects-v2', '--bucket', bucket, '--optional-object-attributes', 'RestoreStatus', '--output', 'json']),
        'list-objects-v2',
      );
      const contents = (JSON.parse(run.stdout) as { Contents: Array<{ Key: string; StorageClass: string; RestoreStatus?: { IsRestoreInProgress: boolean; RestoreExpiryDate?: string } }> }).Contents;
      expect(contents.length).toBe(storeKeys(demo.store, bucket).size);
      let withStatus = 0;
      for (const c of contents) {
        const record = demo.store.head(bucket, c.Key);
        expect(c.StorageClass, c.Key).toBe(record.storageClass);
        const want = demo.store.archiveView(record).listRestoreStatus;
        if (!want) {
          expect(c.RestoreStatus, c.Key).toBeUndefined();
          continue;
        }
        withStatus++;
        expect(c.RestoreStatus?.IsRestoreInProgress, c.Key).toBe(want.isRestoreInProgress);
        if (want.restoreExpiryDate === undefined) expect(c.RestoreStatus?.RestoreExpiryDate).toBeUndefined();
        else expect(Date.parse(c.RestoreStatus!.RestoreExpiryDate!), c.Key).toBe(want.restoreExpiryDate);
      }
      expect(withStatus, 'some listed objects are restored or restoring').toBeGreaterThan(0);
      expect(withStatus, 'most listed objects carry no RestoreStatus').toBeLessThan(contents.length);
      // Without the header, no RestoreStatus at all.
      const plain = expectOk(await demoCli(['s3api', 'list-objects-v2', '--bucket', bucket, '--max-items', '1000']), 'list-objects-v2 plain');
      expect(plain.stdout).not.toMatch(/RestoreStatus/);
    });

    it('get-object of an unrestored GLACIER object answers InvalidObjectState', async () => {
      const archived = pickDemoObjects(demo).find((p) => p.state === 'archived')!;
      const run = await demoCli(['s3api', 'get-object', '--bucket', archived.bucket, '--key', archived.object.key, join(tmp.dir, 'never.bin')]);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/An error occurred \(InvalidObjectState\) when calling the GetObject operation/);
    });
  });
});

/** Status codes of every RestoreObject response, read from urllib3's debug log line. */
function restoreStatuses(run: ClientRun): number[] {
  return [...run.stderr.matchAll(/"POST [^"]*\?restore[^"]* HTTP\/1\.1" (\d{3})/g)].map((m) => Number(m[1]));
}

interface Pick {
  state: 'archived' | 'restoring' | 'restored' | 'it-archive';
  bucket: string;
  object: ObjectRecord;
}

/** One demo object in each archive state, found through the store's own view. */
function pickDemoObjects(sb: Sandbox): Pick[] {
  const found = new Map<Pick['state'], Pick>();
  for (const { name } of sb.store.listBuckets()) {
    for (const key of storeKeys(sb.store, name).keys()) {
      const object = sb.store.head(name, key);
      const view = sb.store.archiveView(object);
      let state: Pick['state'] | undefined;
      if (object.storageClass === 'INTELLIGENT_TIERING' && view.archiveStatus) state = 'it-archive';
      else if (object.storageClass === 'GLACIER' || object.storageClass === 'DEEP_ARCHIVE') {
        if (!view.restoreHeader) state = 'archived';
        else state = view.restoreHeader.includes('"true"') ? 'restoring' : 'restored';
      }
      if (state && !found.has(state)) found.set(state, { state, bucket: name, object });
    }
  }
  return [...found.values()];
}
