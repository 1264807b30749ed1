/**
 * The inspector's "Versions" section: the inspected object's versions and
 * delete markers, newest first, each with its actions. Closed by default;
 * once opened it stays open and follows the selection (one
 * ListObjectVersions request per object inspected).
 */
import { useEffect } from 'react';
import { storageClassIndex } from '../../../../shared/ipc/listing';
import type { ObjectVersion } from '../../../../shared/ipc/objects';
import { Badge, Spinner } from '../../kit';
import { describeError } from '../../notify/error-text';
import { useAppStore } from '../../store';
import { RestoreBadge, StorageClassBadge } from '../browse/badges';
import { formatModified, humanSize } from '../browse/format';
import { VersionActions } from './version-actions';
import { ROLE_LABEL, shortVersionId, unversioned, versionRole } from './versions-view';
import './versions.css';

const ROLE_TONE = { current: 'success', noncurrent: 'neutral', 'delete-marker': 'warning', 'deleting-marker': 'danger' } as const;

/** The section for the inspected object. */
export function VersionsSection({ bucket, objectKey }: { bucket: string; objectKey: string }) {
  const open = useAppStore((s) => s.versionsSectionOpen);
  const setOpen = useAppStore((s) => s.setVersionsSectionOpen);
  const state = useAppStore((s) => s.objectVersions);
  const load = useAppStore((s) => s.loadObjectVersions);

  useEffect(() => {
    if (open) void load({ bucket, key: objectKey });
  }, [open, bucket, objectKey, load]);

  const mine = state && state.bucket === bucket && state.key === objectKey ? state : null;
  const versions = mine?.versions ?? [];

  return (
    <div className="insp-section insp-versions" data-testid="versions-section">
      <button type="button" className="insp-toggle ver-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} Versions{mine?.status === 'loaded' && !unversioned(versions) ? ` (${versions.length.toLocaleString('en-US')})` : ''}
      </button>
      {open && (
        <>
          {mine?.status === 'loading' && versions.length === 0 && (
            <p className="insp-note">
              <Spinner label="Loading versions" /> Listing versions…
            </p>
          )}
          {mine?.status === 'failed' && mine.error && (
            <p className="insp-note insp-error" role="alert">
              {describeError(mine.error).title} {mine.error.message}
            </p>
          )}
          {mine?.status === 'loaded' && unversioned(versions) && <p className="insp-note">Versioning is not on for this bucket: the object has only its current copy.</p>}
          {versions.length > 0 && !unversioned(versions) && (
            <ol className="ver-list" aria-label="Versions of this object">
              {versions.map((v) => (
                <VersionRow key={v.versionId} bucket={bucket} version={v} />
              ))}
            </ol>
          )}
        </>
      )}
    </div>
  );
}

function VersionRow({ bucket, version }: { bucket: string; version: ObjectVersion }) {
  const role = versionRole(version);
  const cls = storageClassIndex(version.storageClass ?? '');
  return (
    <li className={`ver-item role-${role}`} data-version={version.versionId}>
      <div className="ver-head">
        <Badge tone={ROLE_TONE[role]}>{ROLE_LABEL[role]}</Badge>
        <span className="mono ver-id" title={version.versionId}>
          {shortVersionId(version.versionId)}
        </span>
      </div>
      <div className="ver-meta">
        <span className="ver-date">{formatModified(version.lastModified)}</span>
        {!version.deleteMarker && (
          <>
            <span>· {humanSize(version.size)}</span>
            {version.storageClass && <StorageClassBadge classIndex={cls} />}
            <RestoreBadge classIndex={cls} code={version.restore ?? 0} expiry={0} supported />
          </>
        )}
      </div>
      <VersionActions bucket={bucket} version={version} />
    </li>
  );
}
