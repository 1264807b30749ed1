/**
 * Versions and delete markers of versioned buckets: listing them, and
 * promote, undelete, delete-a-version and restore-a-version.
 *
 * ListObjectVersions answers versions and delete markers of a key in one
 * newest-first sequence, but the SDK hands them over as two arrays; the
 * order of `<Version>` and `<DeleteMarker>` elements is read off the raw
 * body (a middleware just inside the SDK's 200-with-error check, as the
 * listing engine does in listing/s3-pages.ts) and the two arrays are
 * zipped back into S3's order. Timestamps cannot do it: S3 lists them to
 * the second, and two writes within a second are common.
 */
import {
  DeleteObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  RestoreObjectCommand,
  type DeleteMarkerEntry,
  type HeadObjectCommandOutput,
  type ListObjectVersionsCommandInput,
  type ListObjectVersionsCommandOutput,
  type ObjectVersion as SdkVersion,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { DeserializeMiddleware } from '@smithy/types';
import { RESTORE_IN_PROGRESS, RESTORE_NONE, RESTORE_RESTORED } from '../../../shared/ipc/listing';
import type { ObjectVersion, VersionsPage } from '../../../shared/ipc/objects';
import { needsDays, validTiers, type ArchiveKind, type RestoreTier } from '../../../shared/restore-rules';
import { parseRestoreHeader } from '../browse/restore-header';
import { ThawError } from '../errors';
import { compareKeys } from '../listing/key-order';
import { describeAction } from './answers';
import { copyOne } from './copier';

/** One ListObjectVersions request. */
export interface VersionsRequest {
  prefix: string;
  delimiter?: string;
  keyMarker?: string;
  versionIdMarker?: string;
  maxKeys: number;
}

interface CollectingConfig {
  streamCollector: (stream: unknown) => Promise<Uint8Array>;
}

/** Statuses with which endpoints refuse an attribute they do not know. */
const REJECT_STATUSES = new Set([400, 403, 501]);

/** One page of versions under a prefix, in S3's order. */
export async function listVersionsPage(client: S3Client, bucket: string, req: VersionsRequest, signal?: AbortSignal): Promise<VersionsPage> {
  try {
    return await pageOnce(client, bucket, req, true, signal);
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === undefined || !REJECT_STATUSES.has(status) || signal?.aborted) throw describeAction(err, 's3:ListBucketVersions', bucket);
    try {
      return await pageOnce(client, bucket, req, false, signal);
    } catch (again) {
      throw describeAction(again, 's3:ListBucketVersions', bucket);
    }
  }
}

async function pageOnce(client: S3Client, bucket: string, req: VersionsRequest, withRestore: boolean, signal?: AbortSignal): Promise<VersionsPage> {
  const cmd = new ListObjectVersionsCommand({
    Bucket: bucket,
    Prefix: req.prefix || undefined,
    Delimiter: req.delimiter,
    KeyMarker: req.keyMarker,
    VersionIdMarker: req.keyMarker !== undefined ? req.versionIdMarker : undefined,
    MaxKeys: req.maxKeys,
    EncodingType: 'url',
    ...(withRestore ? { OptionalObjectAttributes: ['RestoreStatus'] } : {}),
  });
  const order: boolean[] = [];
  const collector = (client.config as unknown as CollectingConfig).streamCollector;
  const capture: DeserializeMiddleware<ListObjectVersionsCommandInput, ListObjectVersionsCommandOutput> = (next) => async (args) => {
    const result = await next(args);
    const res = result.response as { statusCode: number; body: unknown };
    if (res.statusCode >= 200 && res.statusCode < 300) {
      const bytes = res.body instanceof Uint8Array ? res.body : await collector(res.body);
      res.body = bytes;
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
      // true for a delete marker; element text never holds a raw '<', so these are the elements themselves.
      for (const m of text.matchAll(/<(Version|DeleteMarker)>/g)) order.push(m[1] === 'DeleteMarker');
    }
    return result;
  };
  cmd.middlewareStack.addRelativeTo(capture, { relation: 'after', toMiddleware: 'throw200ExceptionsMiddleware', name: 'thawVersionOrder', override: true });
  const out = await client.send(cmd, { abortSignal: signal });
  const url = out.EncodingType === 'url';
  const name = (s: string | undefined) => (s === undefined ? '' : url ? decodeName(s) : s);
  const versions: ObjectVersion[] = [];
  const v = out.Versions ?? [];
  const d = out.DeleteMarkers ?? [];
  let vi = 0;
  let di = 0;
  for (const marker of order.length === v.length + d.length ? order : [...v.map(() => false), ...d.map(() => true)]) {
    versions.push(marker ? fromMarker(d[di++]!, name) : fromVersion(v[vi++]!, name));
  }
  const page: VersionsPage = { versions, prefixes: (out.CommonPrefixes ?? []).map((p) => name(p.Prefix)) };
  if (out.IsTruncated && out.NextKeyMarker !== undefined) {
    page.next = { keyMarker: name(out.NextKeyMarker), ...(out.NextVersionIdMarker ? { versionIdMarker: out.NextVersionIdMarker } : {}) };
  }
  return page;
}

function fromVersion(v: SdkVersion, name: (s: string | undefined) => string): ObjectVersion {
  const restore = v.RestoreStatus ? (v.RestoreStatus.IsRestoreInProgress ? RESTORE_IN_PROGRESS : RESTORE_RESTORED) : RESTORE_NONE;
  return {
    key: name(v.Key),
    versionId: v.VersionId ?? 'null',
    isLatest: v.IsLatest === true,
    deleteMarker: false,
    size: v.Size ?? 0,
    lastModified: v.LastModified?.getTime() ?? 0,
    ...(v.ETag ? { etag: v.ETag } : {}),
    storageClass: v.StorageClass ?? 'STANDARD',
    ...(restore !== RESTORE_NONE ? { restore } : {}),
  };
}

function fromMarker(m: DeleteMarkerEntry, name: (s: string | undefined) => string): ObjectVersion {
  return { key: name(m.Key), versionId: m.VersionId ?? 'null', isLatest: m.IsLatest === true, deleteMarker: true, size: 0, lastModified: m.LastModified?.getTime() ?? 0 };
}

/** A URL-encoded name from the wire (S3 writes '+' for a space). */
function decodeName(raw: string): string {
  if (!raw.includes('%') && !raw.includes('+')) return raw;
  return decodeURIComponent(raw.replace(/\+/g, ' '));
}

/** Every version and delete marker of exactly `key`, newest first (all pages). */
export async function versionsOf(client: S3Client, bucket: string, key: string): Promise<ObjectVersion[]> {
  const out: ObjectVersion[] = [];
  let next: VersionsPage['next'];
  for (;;) {
    const page = await listVersionsPage(client, bucket, { prefix: key, maxKeys: 1000, ...(next ? { keyMarker: next.keyMarker, versionIdMarker: next.versionIdMarker } : {}) });
    let past = false;
    for (const v of page.versions) {
      if (v.key === key) out.push(v);
      else if (compareKeys(v.key, key) > 0) past = true;
    }
    // Keys after `key` (e.g. `key.bak`) come later in the listing: once one shows, nothing more of `key` can.
    if (past || !page.next) return out;
    next = page.next;
  }
}

function where(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** The version `versionId` of `key`, or a clear refusal. */
async function findVersion(client: S3Client, bucket: string, key: string, versionId: string): Promise<{ version: ObjectVersion; all: ObjectVersion[] }> {
  const all = await versionsOf(client, bucket, key);
  const version = all.find((v) => v.versionId === versionId);
  if (!version) throw new ThawError('NoSuchKey', `${where(bucket, key)} has no version "${versionId}" (it may have been deleted for good).`, { bucket, key, versionId });
  return { version, all };
}

/** Copies an old version over the current one; resolves to the new current version's id. */
export async function promoteVersion(client: S3Client, bucket: string, key: string, versionId: string): Promise<{ versionId?: string; size: number }> {
  const { version } = await findVersion(client, bucket, key, versionId);
  if (version.deleteMarker) throw new ThawError('InvalidInput', `That version of ${where(bucket, key)} is a delete marker; to bring the object back, choose Undelete.`);
  if (version.isLatest) throw new ThawError('InvalidInput', `That version is already the current version of ${where(bucket, key)}.`);
  const head = await headVersion(client, bucket, key, versionId);
  assertReadable(head, bucket, key);
  try {
    const out = await copyOne({
      client,
      source: { bucket, key, versionId, size: head.ContentLength ?? version.size },
      target: { bucket, key },
      storageClass: head.StorageClass ?? 'STANDARD',
      signal: new AbortController().signal,
    });
    return { ...out, size: head.ContentLength ?? version.size };
  } catch (err) {
    throw describeAction(err, 's3:PutObject', bucket, key);
  }
}

/** Removes the delete marker(s) on top of `key`, so its newest version is current again. */
export async function undelete(client: S3Client, bucket: string, key: string): Promise<{ removedMarker: string; removed: string[] }> {
  const all = await versionsOf(client, bucket, key);
  if (all.length === 0) throw new ThawError('NoSuchKey', `${where(bucket, key)} has no versions at all, so there is nothing to undelete.`, { bucket, key });
  const current = all[0]!;
  if (!current.deleteMarker) throw new ThawError('InvalidInput', `${where(bucket, key)} is not deleted: its current version is an object, not a delete marker.`, { bucket, key });
  const markers: string[] = [];
  for (const v of all) {
    if (!v.deleteMarker) break;
    markers.push(v.versionId);
  }
  if (markers.length === all.length) throw new ThawError('InvalidInput', `${where(bucket, key)} has only delete markers and no version beneath them, so there is nothing to bring back.`, { bucket, key });
  for (const marker of markers) await deleteVersionId(client, bucket, key, marker);
  return { removedMarker: markers[0]!, removed: markers };
}

/** Deletes one version (or delete marker) for good. */
export async function deleteVersion(client: S3Client, bucket: string, key: string, versionId: string): Promise<ObjectVersion> {
  const { version } = await findVersion(client, bucket, key, versionId);
  await deleteVersionId(client, bucket, key, versionId);
  return version;
}

async function deleteVersionId(client: S3Client, bucket: string, key: string, versionId: string): Promise<void> {
  try {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
  } catch (err) {
    throw describeAction(err, 's3:DeleteObjectVersion', bucket, key);
  }
}

/** Restores an archived version: started (202), extended (200) or already in progress (409). */
export async function restoreVersion(
  client: S3Client,
  bucket: string,
  key: string,
  versionId: string,
  request: { tier: RestoreTier; days: number },
): Promise<{ status: 'started' | 'in-progress' | 'extended'; kind: ArchiveKind; size: number }> {
  const head = await headVersion(client, bucket, key, versionId);
  const kind = archiveKindOf(head);
  if (!kind) throw new ThawError('InvalidObjectState', `That version of ${where(bucket, key)} is in ${head.StorageClass ?? 'STANDARD'}, not an archive tier, so there is nothing to restore.`, { bucket, key, versionId });
  if (!validTiers([kind]).includes(request.tier)) throw new ThawError('InvalidInput', `${kind.replace(/_/g, ' ')} cannot be restored with the ${request.tier} tier; choose ${validTiers([kind]).join(' or ')}.`);
  const size = head.ContentLength ?? 0;
  try {
    const out = await client.send(
      new RestoreObjectCommand({
        Bucket: bucket,
        Key: key,
        VersionId: versionId,
        RestoreRequest: { ...(needsDays(kind) ? { Days: request.days } : {}), GlacierJobParameters: { Tier: request.tier } },
      }),
    );
    return { status: out.$metadata.httpStatusCode === 200 ? 'extended' : 'started', kind, size };
  } catch (err) {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.name === 'RestoreAlreadyInProgress' || e.$metadata?.httpStatusCode === 409) return { status: 'in-progress', kind, size };
    throw describeAction(err, 's3:RestoreObject', bucket, key);
  }
}

/** HEAD of one version; a delete marker (405) is refused in words. */
async function headVersion(client: S3Client, bucket: string, key: string, versionId: string): Promise<HeadObjectCommandOutput> {
  try {
    return await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
  } catch (err) {
    const e = err as { $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string> } };
    if (e.$metadata?.httpStatusCode === 405 || e.$response?.headers?.['x-amz-delete-marker'] === 'true') {
      throw new ThawError('InvalidInput', `That version of ${where(bucket, key)} is a delete marker: it has no content.`, { bucket, key, versionId });
    }
    throw describeAction(err, 's3:GetObjectVersion', bucket, key);
  }
}

/** The archive kind of a HEAD, or undefined when the object is readable without a restore. */
export function archiveKindOf(head: Pick<HeadObjectCommandOutput, 'StorageClass' | 'ArchiveStatus'>): ArchiveKind | undefined {
  if (head.StorageClass === 'GLACIER' || head.StorageClass === 'DEEP_ARCHIVE') return head.StorageClass;
  if (head.StorageClass === 'INTELLIGENT_TIERING') {
    if (head.ArchiveStatus === 'ARCHIVE_ACCESS') return 'IT_ARCHIVE_ACCESS';
    if (head.ArchiveStatus === 'DEEP_ARCHIVE_ACCESS') return 'IT_DEEP_ARCHIVE_ACCESS';
  }
  return undefined;
}

/** Refuses to copy an archived object that has no readable restored copy. */
export function assertReadable(head: HeadObjectCommandOutput, bucket: string, key: string): void {
  const kind = archiveKindOf(head);
  if (!kind) return;
  const restore = parseRestoreHeader(head.Restore);
  if (restore && !restore.ongoing) return;
  const state = restore?.ongoing ? 'its restore is still running' : 'restore it first';
  throw new ThawError('InvalidObjectState', `${where(bucket, key)} is archived in ${head.StorageClass}${head.ArchiveStatus ? ` (${head.ArchiveStatus})` : ''}; ${state}.`, {
    bucket,
    key,
    storageClass: head.StorageClass ?? '',
  });
}
