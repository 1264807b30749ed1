/**
 * Versioning as state transitions: what a write, a delete marker, a
 * permanent version delete and an in-place update do to one key, plus the
 * lookups every versioned read goes through.
 *
 * The rules are S3's: with versioning Enabled every write gets a fresh
 * version id and the previous current version becomes noncurrent; with it
 * Suspended writes and deletes get the `null` id and replace any existing
 * `null` version (current or not); a delete without a version id adds a
 * delete marker; removing the latest version (object or marker) makes the
 * next one latest, so removing a marker "undeletes" the key.
 */
import { randomBytes } from 'node:crypto';
import { NULL_VERSION, S3Error, type DeleteMarkerRecord, type ObjectRecord } from '../store-types';
import { bodyBlobs } from './bodies';
import type { BucketState, StoredObject, VersionEntry } from './state';
import { noSuchKey } from './validate';

/** A fresh version id: 32 characters from S3's alphabet (letters, digits, `.` and `_`). */
export function newVersionId(): string {
  return randomBytes(24).toString('base64url').replaceAll('-', '.');
}

/** The version id of a record, marker or history entry, `null` included. */
export function versionIdOf(e: { record: ObjectRecord } | { marker: DeleteMarkerRecord }): string {
  return ('marker' in e ? e.marker.versionId : e.record.versionId) ?? NULL_VERSION;
}

/** The current object of a key (stored, or derived from a synthetic source); undefined when deleted or never written. */
export function currentOf(b: BucketState, key: string): StoredObject | undefined {
  const o = b.objects.get(key);
  if (o) return o;
  if (b.synthetic && b.index.has(key)) return { record: b.synthetic.record(key), body: { synthetic: `${b.record.name}/${key}` } };
  return undefined;
}

/** Every version of a key, newest first, with the current object (if any) in front. */
export function versionsOf(b: BucketState, key: string): VersionEntry[] {
  const cur = currentOf(b, key);
  const older = b.history.get(key) ?? [];
  return cur ? [cur, ...older] : older;
}

/** Whether S3 would parse `id` as a version id at all (else 400 InvalidArgument). */
export function isWellFormedVersionId(id: string): boolean {
  return id === NULL_VERSION || /^[A-Za-z0-9._+/=-]{32,1024}$/.test(id);
}

/** Throws 400 InvalidArgument for a version id S3 could never have issued. */
export function assertVersionId(id: string): void {
  if (!isWellFormedVersionId(id)) {
    throw new S3Error(400, 'InvalidArgument', 'Invalid version id specified', { ArgumentName: 'versionId', ArgumentValue: id });
  }
}

/**
 * The object a read names: the current one, or the version `versionId`.
 *
 * Throws NoSuchKey (with `x-amz-delete-marker` when the latest version is a
 * marker), NoSuchVersion, or 405 MethodNotAllowed for a delete marker's id.
 */
export function findVersion(b: BucketState, key: string, versionId?: string): StoredObject {
  if (versionId === undefined) {
    const cur = currentOf(b, key);
    if (cur) return cur;
    const latest = b.history.get(key)?.[0];
    if (latest && 'marker' in latest) {
      throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key }, markerHeaders(latest.marker));
    }
    throw noSuchKey(key);
  }
  assertVersionId(versionId);
  const found = versionsOf(b, key).find((e) => versionIdOf(e) === versionId);
  if (!found) throw new S3Error(404, 'NoSuchVersion', 'The specified version does not exist.', { Key: key, VersionId: versionId });
  if ('marker' in found) {
    throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', { ResourceType: 'DeleteMarker' }, {
      ...markerHeaders(found.marker),
      Allow: 'DELETE',
      'Last-Modified': new Date(found.marker.lastModified).toUTCString(),
    });
  }
  return found;
}

function markerHeaders(m: DeleteMarkerRecord): Record<string, string> {
  return { 'x-amz-delete-marker': 'true', 'x-amz-version-id': m.versionId ?? NULL_VERSION };
}

/** A new object becomes current; returns the blob ids no longer referenced. */
export function applyPut(b: BucketState, object: StoredObject): string[] {
  const key = object.record.key;
  const dropped: string[] = [];
  const old = currentOf(b, key);
  if (old) {
    const replaces = !b.versioning || (old.record.versionId === undefined && object.record.versionId === undefined);
    if (replaces) dropped.push(...bodyBlobs(old.body));
    else pushHistory(b, key, old);
  }
  if (b.versioning && object.record.versionId === undefined) dropped.push(...dropNullHistory(b, key));
  b.objects.set(key, object);
  b.index.insert(key);
  if (b.synthetic?.has(key)) b.syntheticDeleted.add(key);
  return dropped;
}

/** A delete marker becomes the latest version; the current object (if any) becomes noncurrent. */
export function applyMarker(b: BucketState, marker: DeleteMarkerRecord): string[] {
  const key = marker.key;
  const dropped: string[] = [];
  const old = currentOf(b, key);
  if (old) {
    if (old.record.versionId === undefined && marker.versionId === undefined) dropped.push(...bodyBlobs(old.body));
    else pushHistory(b, key, old);
    b.objects.delete(key);
    b.index.remove(key);
    if (b.synthetic?.has(key)) b.syntheticDeleted.add(key);
  }
  if (marker.versionId === undefined) dropped.push(...dropNullHistory(b, key));
  pushHistory(b, key, { marker });
  return dropped;
}

/** Removes one version or marker for good; the next one down becomes latest. */
export function applyDeleteVersion(b: BucketState, key: string, versionId: string): string[] {
  const cur = currentOf(b, key);
  if (cur && versionIdOf(cur) === versionId) {
    b.objects.delete(key);
    b.index.remove(key);
    if (b.synthetic?.has(key)) b.syntheticDeleted.add(key);
    promote(b, key);
    return bodyBlobs(cur.body);
  }
  const list = b.history.get(key);
  const i = list ? list.findIndex((e) => versionIdOf(e) === versionId) : -1;
  if (!list || i < 0) return [];
  const [removed] = list.splice(i, 1);
  if (list.length === 0) {
    b.history.delete(key);
    b.historyIndex.remove(key);
  } else if (i === 0 && !cur) {
    promote(b, key);
  }
  return 'body' in removed ? bodyBlobs(removed.body) : [];
}

/**
 * Replaces the record (and body reference) of the version `object` names, in
 * place. Returns the old body's blobs, or the new one's if that version is
 * gone, so the caller's reference is always balanced.
 */
export function applyUpdate(b: BucketState, object: StoredObject): string[] {
  const key = object.record.key;
  const id = versionIdOf(object);
  const cur = currentOf(b, key);
  if (cur && versionIdOf(cur) === id) {
    b.objects.set(key, object);
    if (b.synthetic?.has(key)) b.syntheticDeleted.add(key);
    return bodyBlobs(cur.body);
  }
  const list = b.history.get(key);
  const i = list ? list.findIndex((e) => 'record' in e && versionIdOf(e) === id) : -1;
  if (!list || i < 0) return bodyBlobs(object.body);
  const old = list[i] as StoredObject;
  list[i] = object;
  return bodyBlobs(old.body);
}

/** Puts an entry in front of a key's history. */
function pushHistory(b: BucketState, key: string, entry: VersionEntry): void {
  const list = b.history.get(key);
  if (list) {
    list.unshift(entry);
    return;
  }
  b.history.set(key, [entry]);
  b.historyIndex.insert(key);
}

/** Removes the key's noncurrent `null` version or marker (there is at most one); returns its blobs. */
function dropNullHistory(b: BucketState, key: string): string[] {
  const list = b.history.get(key);
  if (!list) return [];
  const dropped: string[] = [];
  const kept = list.filter((e) => {
    if (versionIdOf(e) !== NULL_VERSION) return true;
    if ('body' in e) dropped.push(...bodyBlobs(e.body));
    return false;
  });
  if (kept.length === 0) {
    b.history.delete(key);
    b.historyIndex.remove(key);
  } else if (kept.length !== list.length) {
    b.history.set(key, kept);
  }
  return dropped;
}

/** After the latest version went away: a noncurrent object on top becomes current again. */
function promote(b: BucketState, key: string): void {
  const list = b.history.get(key);
  const head = list?.[0];
  if (!list || !head || 'marker' in head) return;
  list.shift();
  if (list.length === 0) {
    b.history.delete(key);
    b.historyIndex.remove(key);
  }
  b.objects.set(key, head);
  b.index.insert(key);
}
