/**
 * boto3 against the sandbox, through boto3-checks.py: a paginated
 * list_objects_v2 over more than 1,000 keys, put/get/head, a multipart
 * upload_fileobj, restore_object (202 then 409), a presigned URL fetched with
 * urllib (and tampered), clients with a wrong secret or an unknown key, and
 * a versioned round trip (versions, a delete marker, the
 * list_object_versions paginator, undelete, copy and bulk delete of versions).
 *
 * The script only reports what boto3 saw; every judgement is made here.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsEnv } from '../../../bench/lib/peers';
import { startSandbox } from '../index';
import { createManualClock } from '../store/clock';
import { detectClient, expectOk, requireClient, runClient, storeKeys } from './harness';

const boto3 = await detectClient('boto3');
const BUCKET = 'conformance-boto3';
const VERSIONED = 'conformance-boto3-versions';
const MANY = 'many/';
const MANY_COUNT = 2_345;

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

interface Boto3Report {
  list: { pages: number; keys: string[] };
  putGetHead: {
    putEtag: string;
    md5: string;
    bodyMatches: boolean;
    getMetadata: Record<string, string>;
    contentType: string;
    headLength: number;
    headEtag: string;
    headStorageClass?: string;
  };
  multipart: { etag: string; expectedEtag: string; length: number; size: number; bytesMatch: boolean };
  restore: {
    firstStatus: number;
    repeat: { code: string; status: number } | null;
    headRestore?: string;
    headStorageClass?: string;
    get: { code: string; status: number } | null;
  };
  presigned: { status: number; bodyMatches: boolean; tamperedStatus: number; tamperedBody?: string };
  auth: { wrongSecret: { code: string; status: number } | null; unknownKey: { code: string; status: number } | null };
  versioned: {
    status: string;
    v1: string;
    v2: string;
    oldBody: string;
    oldVersionId: string;
    deleteMarker: boolean;
    markerVersionId: string;
    afterDelete: VersionListing;
    getDeleted: { code: string; status: number } | null;
    undelete: { DeleteMarker?: boolean; VersionId?: string };
    currentVersionId: string;
    copy: { CopySourceVersionId?: string; VersionId?: string };
    bulk: Array<Record<string, unknown>>;
    final: VersionListing;
  };
}

interface VersionListing {
  versions: Array<{ Key: string; VersionId: string; IsLatest: boolean; Size: number }>;
  markers: Array<{ Key: string; VersionId: string; IsLatest: boolean }>;
}

/** The store's versions of the versioned bucket, shaped as the script reports them. */
function storeListing(sb: Sandbox): VersionListing {
  const out: VersionListing = { versions: [], markers: [] };
  for (const e of sb.store.listVersions(VERSIONED, { maxKeys: 1000 }).entries) {
    if (e.kind === 'version') out.versions.push({ Key: e.object.key, VersionId: e.object.versionId ?? 'null', IsLatest: e.isLatest, Size: e.object.size });
    if (e.kind === 'marker') out.markers.push({ Key: e.marker.key, VersionId: e.marker.versionId ?? 'null', IsLatest: e.isLatest });
  }
  return out;
}

describe('boto3: pagination, put/get/head, multipart, restore, presigned URL, auth errors', () => {
  let sb: Sandbox;
  let report: Boto3Report;

  beforeAll(async () => {
    if (!boto3.available) return;
    sb = await startSandbox({ port: 0, seed: 'none', clock: createManualClock(Date.now()) });
    sb.store.createBucket(BUCKET, sb.region);
    sb.store.createBucket(VERSIONED, sb.region);
    // Keys that need URL-encoding in listings sit among plain ones, across both page boundaries.
    const keys = Array.from({ length: MANY_COUNT }, (_, i) => `${MANY}${String(i).padStart(5, '0')}${i % 97 === 0 ? ' spaced ü+%.txt' : '.txt'}`);
    for (const key of keys) await sb.store.put(BUCKET, key, { body: Buffer.from(key), metadata: {} });
    const run = expectOk(
      await runClient('python3', [join(import.meta.dirname, 'boto3-checks.py'), BUCKET, MANY, VERSIONED], { env: awsEnv(sb), timeoutMs: 90_000 }),
      'boto3-checks.py',
    );
    report = JSON.parse(run.stdout.trim().split('\n').pop()!) as Boto3Report;
  }, 120_000);
  afterAll(async () => {
    await sb?.close();
  });

  it('boto3 is installed', (ctx) => {
    requireClient(boto3, ctx);
    expect(boto3.detail).toMatch(/^boto3 \d/);
  });

  describe.skipIf(!boto3.available)('script results', { timeout: 120_000 }, () => {
    it('the list_objects_v2 paginator returns every key once, in order, decoded, in 1,000-key pages', () => {
      const truth = [...storeKeys(sb.store, BUCKET, MANY).keys()];
      expect(truth.length).toBe(MANY_COUNT);
      expect(report.list.pages).toBe(Math.ceil(MANY_COUNT / 1000));
      expect(report.list.keys).toEqual(truth);
      expect(report.list.keys.filter((k) => k.includes(' spaced ü+%')).length).toBe(Math.ceil(MANY_COUNT / 97));
    });

    it('put_object / get_object / head_object agree on bytes, ETag, metadata and storage class', () => {
      const r = report.putGetHead;
      expect(r.putEtag).toBe(`"${r.md5}"`);
      expect(r.headEtag).toBe(r.putEtag);
      expect(r.bodyMatches).toBe(true);
      expect(r.getMetadata).toEqual({ 'sample-count': '100' });
      expect(r.contentType).toBe('application/json');
      expect(r.headLength).toBe(1900);
      expect(r.headStorageClass).toBe('STANDARD_IA');
      expect(sb.store.head(BUCKET, 'boto/plain ✓.json').storageClass).toBe('STANDARD_IA');
    });

    it('upload_fileobj goes multipart: composite ETag -3 and intact bytes', () => {
      const r = report.multipart;
      expect(r.etag).toMatch(/^"[0-9a-f]{32}-3"$/);
      expect(r.etag).toBe(r.expectedEtag);
      expect(r.length).toBe(r.size);
      expect(r.bytesMatch).toBe(true);
      expect(sb.store.head(BUCKET, 'boto/big.bin').partsCount).toBe(3);
    });

    it('restore_object answers 202, then 409 RestoreAlreadyInProgress; the object stays unreadable while restoring', () => {
      const r = report.restore;
      expect(r.firstStatus).toBe(202);
      expect(r.repeat).toEqual({ code: 'RestoreAlreadyInProgress', status: 409 });
      expect(r.headRestore).toBe('ongoing-request="true"');
      expect(r.headStorageClass).toBe('GLACIER');
      expect(r.get).toEqual({ code: 'InvalidObjectState', status: 403 });
      expect(sb.store.head(BUCKET, 'boto/frozen.bin').restore).toMatchObject({ tier: 'Standard', days: 2 });
    });

    it('a presigned URL works from urllib; a tampered one gets SignatureDoesNotMatch', () => {
      const r = report.presigned;
      expect(r.status).toBe(200);
      expect(r.bodyMatches).toBe(true);
      expect(r.tamperedStatus).toBe(403);
      expect(r.tamperedBody).toMatch(/<Code>SignatureDoesNotMatch<\/Code>/);
    });

    it('a wrong secret gets SignatureDoesNotMatch and an unknown key InvalidAccessKeyId, both 403', () => {
      expect(report.auth.wrongSecret).toEqual({ code: 'SignatureDoesNotMatch', status: 403 });
      expect(report.auth.unknownKey).toEqual({ code: 'InvalidAccessKeyId', status: 403 });
    });

    it('versioned round trip: two versions, the old one readable, a delete marker, paginated versions, undelete', () => {
      const r = report.versioned;
      expect(r.status).toBe('Enabled');
      expect([r.v1, r.v2]).toEqual([expect.stringMatching(/^[A-Za-z0-9._]{32}$/), expect.stringMatching(/^[A-Za-z0-9._]{32}$/)]);
      expect([r.oldBody, r.oldVersionId]).toEqual(['weights v1', r.v1]);
      expect(r.deleteMarker).toBe(true);
      expect(r.afterDelete).toEqual({
        versions: [
          { Key: 'model.bin', VersionId: r.v2, IsLatest: false, Size: 18 },
          { Key: 'model.bin', VersionId: r.v1, IsLatest: false, Size: 10 },
        ],
        markers: [{ Key: 'model.bin', VersionId: r.markerVersionId, IsLatest: true }],
      });
      expect(r.getDeleted).toEqual({ code: 'NoSuchKey', status: 404 });
      expect(r.undelete).toEqual({ DeleteMarker: true, VersionId: r.markerVersionId });
      expect(r.currentVersionId).toBe(r.v2);
      expect(r.copy.CopySourceVersionId).toBe(r.v1);
    });

    it('versioned round trip: bulk delete of a version and a key, and the final listing matches the store', () => {
      const r = report.versioned;
      expect(r.bulk).toEqual([
        { Key: 'model-v1.bin', DeleteMarker: true, DeleteMarkerVersionId: expect.stringMatching(/^[A-Za-z0-9._]{32}$/) },
        { Key: 'model.bin', VersionId: r.v1 },
      ]);
      expect(r.final).toEqual(storeListing(sb));
      expect(r.final.versions.map((v) => [v.Key, v.VersionId, v.IsLatest])).toEqual([
        ['model-v1.bin', r.copy.VersionId, false],
        ['model.bin', r.v2, true],
      ]);
    });
  });
});
