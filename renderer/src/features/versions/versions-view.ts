/**
 * What the versions views say, computed without React: what a version is
 * (current, noncurrent, delete marker), which actions it offers, and the
 * table view's filter of noncurrent versions and deleted keys.
 */
import type { ObjectVersion } from '../../../../shared/ipc/objects';
import { RESTORE_IN_PROGRESS, RESTORE_RESTORED } from '../../../../shared/ipc/listing';
import { isArchiveClass } from '../browse/format';

/** How a version reads. */
export type VersionRole = 'current' | 'noncurrent' | 'delete-marker' | 'deleting-marker';

/** What one version is: the current object, an older one, or a delete marker (the current one hides its key). */
export function versionRole(v: Pick<ObjectVersion, 'isLatest' | 'deleteMarker'>): VersionRole {
  if (v.deleteMarker) return v.isLatest ? 'deleting-marker' : 'delete-marker';
  return v.isLatest ? 'current' : 'noncurrent';
}

/** The badge text of each role. */
export const ROLE_LABEL: Record<VersionRole, string> = {
  current: 'Current',
  noncurrent: 'Noncurrent',
  'delete-marker': 'Delete marker',
  'deleting-marker': 'Deleted',
};

/** True when the version is archived and cannot be read until restored. */
export function versionArchived(v: Pick<ObjectVersion, 'storageClass' | 'restore' | 'deleteMarker'>): boolean {
  return !v.deleteMarker && isArchiveClass(v.storageClass ?? '') && v.restore !== RESTORE_RESTORED;
}

/** True while a restore of the version runs. */
export function versionRestoring(v: Pick<ObjectVersion, 'restore'>): boolean {
  return v.restore === RESTORE_IN_PROGRESS;
}

/** The actions one version offers. */
export function versionActions(v: ObjectVersion): { download: boolean; restore: boolean; promote: boolean; deleteVersion: boolean; undelete: boolean } {
  const archived = versionArchived(v);
  return {
    download: !v.deleteMarker && !archived,
    restore: archived && !versionRestoring(v),
    promote: !v.deleteMarker && !v.isLatest && !archived,
    deleteVersion: true,
    undelete: v.deleteMarker && v.isLatest,
  };
}

/** `3f9a…c2` for a long version id; `null` (versioning off) as it is. */
export function shortVersionId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 6)}…${id.slice(-4)}` : id;
}

/** True when the list holds only the one version S3 gives objects in an unversioned bucket. */
export function unversioned(versions: readonly ObjectVersion[]): boolean {
  return versions.length === 1 && versions[0]?.versionId === 'null';
}

/** What the table view shows: every version, or only noncurrent versions and deleted keys. */
export type VersionFilter = 'changed' | 'all';

/**
 * The versions the table view shows with `filter`.
 *
 * `changed` keeps noncurrent versions and delete markers — what a plain
 * listing hides — and drops current versions of keys that have no older one.
 */
export function filterVersions(versions: readonly ObjectVersion[], filter: VersionFilter): ObjectVersion[] {
  if (filter === 'all') return [...versions];
  return versions.filter((v) => !v.isLatest || v.deleteMarker);
}

/** Keys whose current version is a delete marker: deleted keys that can be undeleted. */
export function deletedKeys(versions: readonly ObjectVersion[]): string[] {
  return versions.filter((v) => v.isLatest && v.deleteMarker).map((v) => v.key);
}
