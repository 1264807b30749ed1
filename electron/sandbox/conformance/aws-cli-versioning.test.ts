/**
 * The aws CLI (v1) against the sandbox's versioning: put-bucket-versioning
 * and get-bucket-versioning, put-object twice (two version ids),
 * delete-object (a delete marker), get-object of an older version,
 * list-object-versions (versions, markers, IsLatest, paging by the CLI's own
 * paginator), delete-object --version-id of the marker (undelete), and the
 * `null` version under Suspended.
 *
 * Every expectation is the store's own view (`listVersions`), so the CLI's
 * parse of the HTTP answers is checked against the state behind them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsEnv } from '../../../bench/lib/peers';
import { startSandbox } from '../index';
import type { SandboxStore } from '../store-types';
import { createAwsCli, sessionUsable, type AwsCli } from './aws-cli';
import { detectClient, expectOk, requireClient, tempDir } from './harness';

const aws = await detectClient('aws');
const useSession = await sessionUsable(aws);
const BUCKET = 'conformance-versions';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
interface CliVersion {
  Key: string;
  VersionId: string;
  IsLatest: boolean;
  Size?: number;
  ETag?: string;
}
interface CliVersions {
  Versions?: CliVersion[];
  DeleteMarkers?: CliVersion[];
}

/** The store's versions and markers of a prefix, as the CLI would print them. */
function storeVersions(store: SandboxStore, prefix: string): { versions: unknown[]; markers: unknown[] } {
  const page = store.listVersions(BUCKET, { prefix, maxKeys: 1000 });
  const versions: unknown[] = [];
  const markers: unknown[] = [];
  for (const e of page.entries) {
    if (e.kind === 'version') versions.push({ Key: e.object.key, VersionId: e.object.versionId ?? 'null', IsLatest: e.isLatest, Size: e.object.size, ETag: e.object.etag });
    if (e.kind === 'marker') markers.push({ Key: e.marker.key, VersionId: e.marker.versionId ?? 'null', IsLatest: e.isLatest });
  }
  return { versions, markers };
}

/** The fields compared, from the CLI's JSON. */
function cliVersions(out: CliVersions): { versions: unknown[]; markers: unknown[] } {
  return {
    versions: (out.Versions ?? []).map(({ Key, VersionId, IsLatest, Size, ETag }) => ({ Key, VersionId, IsLatest, Size, ETag })),
    markers: (out.DeleteMarkers ?? []).map(({ Key, VersionId, IsLatest }) => ({ Key, VersionId, IsLatest })),
  };
}

describe('aws CLI: bucket versioning, versions and delete markers', () => {
  let sb: Sandbox;
  let cli: AwsCli;
  let tmp: ReturnType<typeof tempDir>;
  const json = async <T>(args: string[], what: string): Promise<T> => {
    const out = expectOk(await cli(['s3api', ...args, '--bucket', BUCKET]), what).stdout.trim();
    return (out === '' ? {} : JSON.parse(out)) as T;
  };

  beforeAll(async () => {
    if (!aws.available) return;
    sb = await startSandbox({ port: 0, seed: 'none' });
    sb.store.createBucket(BUCKET, sb.region);
    cli = createAwsCli(awsEnv(sb), useSession, 2);
    tmp = tempDir('aws-versions');
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

  describe.skipIf(!aws.available)('versioned round trip', { timeout: 180_000 }, () => {
    it('put-bucket-versioning Enabled shows in get-bucket-versioning and the store', async () => {
      expect(await json<{ Status?: string }>(['get-bucket-versioning'], 'get-bucket-versioning before')).toEqual({});
      await json(['put-bucket-versioning', '--versioning-configuration', 'Status=Enabled'], 'put-bucket-versioning');
      expect(await json<{ Status?: string }>(['get-bucket-versioning'], 'get-bucket-versioning')).toEqual({ Status: 'Enabled' });
      expect(sb.store.getVersioning(BUCKET)).toBe('Enabled');
    });

    it('put-object twice, delete-object, then list-object-versions agrees with the store: versions, marker, IsLatest', async () => {
      const key = 'runs/model ✓.json';
      const file = join(tmp.dir, 'body.json');
      writeFileSync(file, '{"v":1}');
      const first = await json<{ VersionId: string; ETag: string }>(['put-object', '--key', key, '--body', file], 'put-object 1');
      writeFileSync(file, '{"v":2,"longer":true}');
      const second = await json<{ VersionId: string }>(['put-object', '--key', key, '--body', file], 'put-object 2');
      expect(first.VersionId).toMatch(/^[A-Za-z0-9._]{32}$/);
      expect(second.VersionId).not.toBe(first.VersionId);
      const del = await json<{ DeleteMarker?: boolean; VersionId: string }>(['delete-object', '--key', key], 'delete-object');
      expect(del.DeleteMarker).toBe(true);

      const listed = await json<CliVersions>(['list-object-versions', '--prefix', 'runs/'], 'list-object-versions');
      expect(cliVersions(listed)).toEqual(storeVersions(sb.store, 'runs/'));
      expect(listed.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest])).toEqual([[del.VersionId, true]]);
      expect(listed.Versions?.map((v) => [v.VersionId, v.IsLatest])).toEqual([
        [second.VersionId, false],
        [first.VersionId, false],
      ]);

      const out = join(tmp.dir, 'old.json');
      const old = await json<{ VersionId: string }>(['get-object', '--key', key, '--version-id', first.VersionId, out], 'get-object --version-id');
      expect([old.VersionId, readFileSync(out, 'utf8')]).toEqual([first.VersionId, '{"v":1}']);
      const current = await cli(['s3api', 'head-object', '--bucket', BUCKET, '--key', key]);
      expect(current.code).not.toBe(0);
      expect(current.stderr).toMatch(/404|Not Found/);

      // Deleting the marker by its version id undeletes the key.
      await json(['delete-object', '--key', key, '--version-id', del.VersionId], 'delete-object marker');
      const head = await json<{ VersionId: string; ContentLength: number }>(['head-object', '--key', key], 'head-object after undelete');
      expect([head.VersionId, head.ContentLength]).toEqual([second.VersionId, 21]);
      expect(cliVersions(await json<CliVersions>(['list-object-versions', '--prefix', 'runs/'], 'list after undelete'))).toEqual(storeVersions(sb.store, 'runs/'));
    });

    it('list-object-versions pages through many versions with the CLI paginator', async () => {
      for (let i = 0; i < 7; i++) await sb.store.put(BUCKET, `many/k${i % 3}`, { body: Buffer.from(`body ${i}`), metadata: {} });
      await sb.store.delete(BUCKET, 'many/k1');
      const listed = await json<CliVersions>(['list-object-versions', '--prefix', 'many/', '--page-size', '2'], 'list-object-versions paged');
      // The CLI merges pages into one list per element type, in page order.
      expect(cliVersions(listed)).toEqual(storeVersions(sb.store, 'many/'));
      expect((listed.Versions ?? []).length + (listed.DeleteMarkers ?? []).length).toBe(8);
    });

    it('under Suspended, put-object writes the null version', async () => {
      await json(['put-bucket-versioning', '--versioning-configuration', 'Status=Suspended'], 'put-bucket-versioning Suspended');
      const file = join(tmp.dir, 'null.txt');
      writeFileSync(file, 'null version');
      const put = await json<{ VersionId?: string }>(['put-object', '--key', 'suspended.txt', '--body', file], 'put-object suspended');
      expect(put.VersionId).toBe('null');
      const listed = await json<CliVersions>(['list-object-versions', '--prefix', 'suspended'], 'list suspended');
      expect(cliVersions(listed)).toEqual(storeVersions(sb.store, 'suspended'));
      expect(listed.Versions?.map((v) => v.VersionId)).toEqual(['null']);
    });
  });
});
