/**
 * Bucket versioning as the AWS SDK sees it over real HTTP: the versioning
 * configuration, version ids on PUT / copy / multipart, reads by versionId,
 * delete markers (404 with x-amz-delete-marker, 405 for the marker's id,
 * undelete by deleting it), DeleteObjects with VersionId, ListObjectVersions
 * paging, delimiters and URL encoding, the Suspended `null` version,
 * per-version tags and restores, and versions surviving a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  DeleteObjectTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  RestoreObjectCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, startSandbox, type ManualClock, type Sandbox } from '../index';
import { clientFor, rawRequest, s3Error, signedHeaders } from './test-helpers';

const BUCKET = 'versioned';
const PLAIN = 'unversioned';
const VERSION_ID = /^[A-Za-z0-9._]{32}$/;
let sb: Sandbox;
let s3: S3Client;
let clock: ManualClock;

const text = async (key: string, VersionId?: string) => (await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, VersionId }))).Body?.transformToString()) ?? '';
const put = async (key: string, body: string) => (await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }))).VersionId as string;

/** A signed raw request, to see the headers of error answers the SDK hides. */
function signed(method: string, path: string) {
  return rawRequest(sb.endpoint, { method, path, headers: signedHeaders(sb, method, path) });
}

beforeAll(async () => {
  clock = createManualClock(Date.now());
  sb = await startSandbox({ quiet: true, clock, restoreDelaysMs: { Standard: 60_000 } });
  s3 = clientFor(sb);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new CreateBucketCommand({ Bucket: PLAIN }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
});

afterAll(async () => {
  await sb?.close();
});

describe('versioning configuration', () => {
  it('is empty until set, then Enabled or Suspended; bad values are MalformedXML', async () => {
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: PLAIN }))).Status).toBeUndefined();
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: BUCKET }))).Status).toBe('Enabled');
    const bad = await s3Error(s3.send(new PutBucketVersioningCommand({ Bucket: PLAIN, VersioningConfiguration: { Status: 'On' as never } })));
    expect([bad.name, bad.status]).toEqual(['MalformedXML', 400]);
    const missing = await s3Error(s3.send(new GetBucketVersioningCommand({ Bucket: 'no-such-bucket' })));
    expect(missing.name).toBe('NoSuchBucket');
  });

  it('sends no x-amz-version-id for objects of an unversioned bucket', async () => {
    const out = await s3.send(new PutObjectCommand({ Bucket: PLAIN, Key: 'k', Body: 'x' }));
    expect(out.VersionId).toBeUndefined();
    expect((await s3.send(new HeadObjectCommand({ Bucket: PLAIN, Key: 'k' }))).VersionId).toBeUndefined();
    expect((await s3.send(new DeleteObjectCommand({ Bucket: PLAIN, Key: 'k' }))).DeleteMarker).toBeUndefined();
  });
});

describe('versions, markers and permanent deletes', () => {
  it('PUT twice: two version ids, each readable by id; HEAD and GET name the version', async () => {
    const v1 = await put('doc.txt', 'first');
    const v2 = await put('doc.txt', 'second');
    expect([v1, v2]).toEqual([expect.stringMatching(VERSION_ID), expect.stringMatching(VERSION_ID)]);
    expect(await text('doc.txt')).toBe('second');
    expect(await text('doc.txt', v1)).toBe('first');
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'doc.txt', VersionId: v1 }));
    expect([head.VersionId, head.ContentLength]).toEqual([v1, 5]);
    expect((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'doc.txt' }))).VersionId).toBe(v2);
    const unknown = await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'doc.txt', VersionId: 'A'.repeat(32) })));
    expect([unknown.name, unknown.status]).toEqual(['NoSuchVersion', 404]);
    const malformed = await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'doc.txt', VersionId: 'nope' })));
    expect([malformed.name, malformed.status]).toEqual(['InvalidArgument', 400]);
  });

  it('DELETE adds a marker; GET/HEAD then 404 with x-amz-delete-marker; the marker id answers 405; ListObjectsV2 hides the key', async () => {
    const v1 = await put('gone.txt', 'here');
    const del = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'gone.txt' }));
    expect([del.DeleteMarker, del.VersionId]).toEqual([true, expect.stringMatching(VERSION_ID)]);
    expect((await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'gone.txt' })))).name).toBe('NoSuchKey');
    const get = await signed('GET', `/${BUCKET}/gone.txt`);
    expect([get.status, get.headers['x-amz-delete-marker'], get.headers['x-amz-version-id']]).toEqual([404, 'true', del.VersionId]);
    const head = await signed('HEAD', `/${BUCKET}/gone.txt`);
    expect([head.status, head.headers['x-amz-delete-marker']]).toEqual([404, 'true']);
    const onMarker = await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'gone.txt', VersionId: del.VersionId })));
    expect([onMarker.name, onMarker.status]).toEqual(['MethodNotAllowed', 405]);
    const rawMarker = await signed('HEAD', `/${BUCKET}/gone.txt?versionId=${del.VersionId}`);
    expect([rawMarker.status, rawMarker.headers['x-amz-delete-marker'], rawMarker.headers.allow]).toEqual([405, 'true', 'DELETE']);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'gone' }));
    expect(listed.KeyCount).toBe(0);
    expect(await text('gone.txt', v1)).toBe('here');
  });

  it('deleting the marker by id undeletes; deleting a version by id removes it for good', async () => {
    const v1 = await put('undo.txt', 'one');
    const v2 = await put('undo.txt', 'two');
    const marker = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'undo.txt' }));
    const undone = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'undo.txt', VersionId: marker.VersionId }));
    expect([undone.DeleteMarker, undone.VersionId]).toEqual([true, marker.VersionId]);
    expect(await text('undo.txt')).toBe('two');
    const removed = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'undo.txt', VersionId: v2 }));
    expect([removed.DeleteMarker, removed.VersionId]).toEqual([undefined, v2]);
    expect(await text('undo.txt')).toBe('one');
    expect((await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'undo.txt', VersionId: v2 })))).name).toBe('NoSuchVersion');
    expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'undo.txt' }))).VersionId).toBe(v1);
  });

  it('DeleteObjects takes VersionId entries and reports markers made and removed', async () => {
    const a1 = await put('many/a', 'a1');
    await put('many/a', 'a2');
    await put('many/b', 'b1');
    const out = await s3.send(
      new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'many/a', VersionId: a1 }, { Key: 'many/b' }, { Key: 'many/bad', VersionId: 'bad' }] } }),
    );
    const byKey = new Map(out.Deleted?.map((d) => [d.Key, d]));
    expect(byKey.get('many/a')).toEqual({ Key: 'many/a', VersionId: a1 });
    expect(byKey.get('many/b')).toEqual({ Key: 'many/b', DeleteMarker: true, DeleteMarkerVersionId: expect.stringMatching(VERSION_ID) });
    expect(out.Errors).toEqual([{ Key: 'many/bad', VersionId: 'bad', Code: 'InvalidArgument', Message: 'Invalid version id specified' }]);
    const markerId = byKey.get('many/b')?.DeleteMarkerVersionId;
    const again = await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'many/b', VersionId: markerId }] } }));
    expect(again.Deleted).toEqual([{ Key: 'many/b', VersionId: markerId, DeleteMarker: true, DeleteMarkerVersionId: markerId }]);
    expect(await text('many/b')).toBe('b1');
  });
});

describe('ListObjectVersions', () => {
  it('interleaves versions and markers by key, newest first, and pages by KeyMarker / VersionIdMarker at every size', async () => {
    const ids = [await put('lv/a', '1'), await put('lv/a', '2')];
    const marker = (await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'lv/a' }))).VersionId;
    const b = await put('lv/b', 'b');
    const first = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: 'lv/' }));
    expect(first.Versions?.map((v) => [v.Key, v.VersionId, v.IsLatest, v.Size])).toEqual([
      ['lv/a', ids[1], false, 1],
      ['lv/a', ids[0], false, 1],
      ['lv/b', b, true, 1],
    ]);
    expect(first.DeleteMarkers?.map((m) => [m.Key, m.VersionId, m.IsLatest])).toEqual([['lv/a', marker, true]]);
    expect(first.Versions?.[0].ETag).toBe('"c81e728d9d4c2f636f067f89cc14862c"');
    expect(first.Versions?.[0].StorageClass).toBe('STANDARD');
    for (const pageSize of [1, 2, 3]) {
      const seen: string[] = [];
      let pages = 0;
      let KeyMarker: string | undefined;
      let VersionIdMarker: string | undefined;
      for (;;) {
        const page = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: 'lv/', MaxKeys: pageSize, KeyMarker, VersionIdMarker }));
        pages++;
        // Version and DeleteMarker are separate arrays in the SDK; the store's order interleaves them.
        const rows = [...(page.Versions ?? []).map((v) => v.VersionId), ...(page.DeleteMarkers ?? []).map((m) => m.VersionId)];
        seen.push(...(rows as string[]));
        if (!page.IsTruncated) break;
        KeyMarker = page.NextKeyMarker;
        VersionIdMarker = page.NextVersionIdMarker;
      }
      expect(pages).toBe(Math.ceil(4 / pageSize));
      expect(new Set(seen)).toEqual(new Set([...ids, marker, b]));
      expect(seen).toHaveLength(4);
    }
  });

  it('writes Version and DeleteMarker elements interleaved in key order, with markers when truncated', async () => {
    const page = await signed('GET', `/${BUCKET}?versions&prefix=lv%2F&max-keys=2`);
    const order = [...page.body.matchAll(/<(Version|DeleteMarker)>.*?<VersionId>([^<]+)<\/VersionId>/g)].map((m) => m[1]);
    expect(order).toEqual(['DeleteMarker', 'Version']);
    expect(page.body).toMatch(/<IsTruncated>true<\/IsTruncated>/);
    expect(page.body).toMatch(/<NextKeyMarker>lv\/a<\/NextKeyMarker><NextVersionIdMarker>[A-Za-z0-9._]{32}<\/NextVersionIdMarker>/);
    const bad = await signed('GET', `/${BUCKET}?versions&version-id-marker=${'x'.repeat(32)}`);
    expect([bad.status, /<Code>InvalidArgument<\/Code>/.test(bad.body)]).toEqual([400, true]);
  });

  it('rolls up common prefixes and URL-encodes keys on request', async () => {
    await put('tree/x/1', '1');
    await put('tree/y/2', '2');
    await put('tree/odd key+%.txt', 'odd');
    const out = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: 'tree/', Delimiter: '/' }));
    expect(out.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['tree/x/', 'tree/y/']);
    expect(out.Versions?.map((v) => v.Key)).toEqual(['tree/odd key+%.txt']);
    const raw = await signed('GET', `/${BUCKET}?versions&prefix=tree%2Fodd&encoding-type=url`);
    expect(raw.body).toContain('<Key>tree/odd+key%2B%25.txt</Key>');
    expect(raw.body).toContain('<EncodingType>url</EncodingType>');
  });
});

describe('Suspended versioning', () => {
  it('writes the null version, replacing it on every write, keeping the Enabled-era versions', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'suspended' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'suspended', VersioningConfiguration: { Status: 'Enabled' } }));
    const kept = (await s3.send(new PutObjectCommand({ Bucket: 'suspended', Key: 'k', Body: 'enabled' }))).VersionId;
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'suspended', VersioningConfiguration: { Status: 'Suspended' } }));
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: 'suspended' }))).Status).toBe('Suspended');
    const n1 = await s3.send(new PutObjectCommand({ Bucket: 'suspended', Key: 'k', Body: 'null one' }));
    const n2 = await s3.send(new PutObjectCommand({ Bucket: 'suspended', Key: 'k', Body: 'null two' }));
    expect([n1.VersionId, n2.VersionId]).toEqual(['null', 'null']);
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: 'suspended' }));
    expect(listed.Versions?.map((v) => [v.VersionId, v.IsLatest])).toEqual([
      ['null', true],
      [kept, false],
    ]);
    const del = await s3.send(new DeleteObjectCommand({ Bucket: 'suspended', Key: 'k' }));
    expect([del.DeleteMarker, del.VersionId]).toEqual([true, 'null']);
    const after = await s3.send(new ListObjectVersionsCommand({ Bucket: 'suspended' }));
    expect(after.DeleteMarkers?.map((m) => m.VersionId)).toEqual(['null']);
    expect(after.Versions?.map((v) => v.VersionId)).toEqual([kept]);
  });
});

describe('versions through copy, multipart, tags and restore', () => {
  it('CopyObject and UploadPartCopy read ?versionId= and name both versions; CompleteMultipartUpload answers a version id', async () => {
    const v1 = await put('src.txt', 'old bytes');
    await put('src.txt', 'new bytes');
    const copy = await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copied.txt', CopySource: `${BUCKET}/src.txt?versionId=${v1}` }));
    expect([copy.CopySourceVersionId, copy.VersionId]).toEqual([v1, expect.stringMatching(VERSION_ID)]);
    expect(await text('copied.txt')).toBe('old bytes');
    // Copying an older version onto its own key promotes it (no other change needed).
    const promoted = await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'src.txt', CopySource: `${BUCKET}/src.txt?versionId=${v1}` }));
    expect(await text('src.txt')).toBe('old bytes');
    expect(promoted.VersionId).not.toBe(v1);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'mp.txt' }));
    const part = await s3.send(new UploadPartCopyCommand({ Bucket: BUCKET, Key: 'mp.txt', UploadId, PartNumber: 1, CopySource: `${BUCKET}/src.txt?versionId=${v1}`, CopySourceRange: 'bytes=0-2' }));
    expect(part.CopySourceVersionId).toBe(v1);
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'mp.txt', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.CopyPartResult?.ETag }] } }));
    expect(done.VersionId).toMatch(VERSION_ID);
    expect(await text('mp.txt', done.VersionId)).toBe('old');
    const marker = (await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'copied.txt' }))).VersionId;
    const fromMarker = await s3Error(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'x', CopySource: `${BUCKET}/copied.txt?versionId=${marker}` })));
    expect([fromMarker.name, fromMarker.status]).toEqual(['InvalidRequest', 400]);
  });

  it('tags one version in place: Put/Get/DeleteObjectTagging with VersionId', async () => {
    const v1 = (await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'tagged', Body: 'x', Tagging: 'team=ml&stage=raw' }))).VersionId;
    const v2 = await put('tagged', 'y');
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'tagged', VersionId: v1 }))).TagSet).toEqual([
      { Key: 'team', Value: 'ml' },
      { Key: 'stage', Value: 'raw' },
    ]);
    const putTags = await s3.send(new PutObjectTaggingCommand({ Bucket: BUCKET, Key: 'tagged', VersionId: v1, Tagging: { TagSet: [{ Key: 'stage', Value: 'clean' }] } }));
    expect(putTags.VersionId).toBe(v1);
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'tagged', VersionId: v1 }))).TagSet).toEqual([{ Key: 'stage', Value: 'clean' }]);
    const current = await s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'tagged' }));
    expect([current.TagSet, current.VersionId]).toEqual([[], v2]);
    const cleared = await s3.send(new DeleteObjectTaggingCommand({ Bucket: BUCKET, Key: 'tagged', VersionId: v1 }));
    expect(cleared.VersionId).toBe(v1);
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'tagged', VersionId: v1 }))).TagSet).toEqual([]);
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: 'tagged' }));
    expect(versions.Versions).toHaveLength(2);
  });

  it('restores an archived noncurrent version by VersionId; only that version becomes readable', async () => {
    const cold = (await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'archive.bin', Body: 'cold', StorageClass: 'GLACIER' }))).VersionId;
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'archive.bin', Body: 'colder', StorageClass: 'DEEP_ARCHIVE' }));
    const restore = await s3.send(new RestoreObjectCommand({ Bucket: BUCKET, Key: 'archive.bin', VersionId: cold, RestoreRequest: { Days: 1, GlacierJobParameters: { Tier: 'Standard' } } }));
    expect(restore.$metadata.httpStatusCode).toBe(202);
    expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'archive.bin', VersionId: cold }))).Restore).toBe('ongoing-request="true"');
    expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'archive.bin' }))).Restore).toBeUndefined();
    expect((await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'archive.bin', VersionId: cold })))).name).toBe('InvalidObjectState');
    clock.advance(61_000);
    expect(await text('archive.bin', cold)).toBe('cold');
    expect((await s3Error(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'archive.bin' })))).name).toBe('InvalidObjectState');
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: 'archive.bin', OptionalObjectAttributes: ['RestoreStatus'] }));
    expect(listed.Versions?.map((v) => [v.StorageClass, v.RestoreStatus?.IsRestoreInProgress])).toEqual([
      ['DEEP_ARCHIVE', undefined],
      ['GLACIER', false],
    ]);
  });
});

describe('versions across a restart', () => {
  it('come back from the data directory with their ids, markers and bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thaw-sb-versions-'));
    try {
      const first = await startSandbox({ quiet: true, dataDir: dir });
      const c1 = clientFor(first);
      await c1.send(new CreateBucketCommand({ Bucket: 'durable' }));
      await c1.send(new PutBucketVersioningCommand({ Bucket: 'durable', VersioningConfiguration: { Status: 'Enabled' } }));
      const v1 = (await c1.send(new PutObjectCommand({ Bucket: 'durable', Key: 'k', Body: 'v1' }))).VersionId;
      const v2 = (await c1.send(new PutObjectCommand({ Bucket: 'durable', Key: 'k', Body: 'v2' }))).VersionId;
      const marker = (await c1.send(new DeleteObjectCommand({ Bucket: 'durable', Key: 'k' }))).VersionId;
      const before = await c1.send(new ListObjectVersionsCommand({ Bucket: 'durable' }));
      await first.close();

      const second = await startSandbox({ quiet: true, dataDir: dir });
      try {
        const c2 = clientFor(second);
        expect((await c2.send(new GetBucketVersioningCommand({ Bucket: 'durable' }))).Status).toBe('Enabled');
        const after = await c2.send(new ListObjectVersionsCommand({ Bucket: 'durable' }));
        expect([after.Versions, after.DeleteMarkers]).toEqual([before.Versions, before.DeleteMarkers]);
        expect(after.Versions?.map((v) => v.VersionId)).toEqual([v2, v1]);
        await c2.send(new DeleteObjectCommand({ Bucket: 'durable', Key: 'k', VersionId: marker }));
        expect(await (await c2.send(new GetObjectCommand({ Bucket: 'durable', Key: 'k' }))).Body?.transformToString()).toBe('v2');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
