/**
 * "Show versions" in the table: the folder's noncurrent versions and
 * deleted keys (or every version), paged from `objects:list-versions`,
 * each with its actions — Undelete for a deleted key, Promote, Restore,
 * Download and Delete version for the others. Subfolders open as in the table.
 */
import { useEffect, useState } from 'react';
import { storageClassIndex } from '../../../../shared/ipc/listing';
import { Badge, Button, Spinner } from '../../kit';
import { ErrorLine } from '../../notify/error-line';
import { useAppStore } from '../../store';
import { RestoreBadge, StorageClassBadge } from '../browse/badges';
import { FileIcon, FolderIcon } from '../browse/browse-icons';
import { formatModified, humanSize } from '../browse/format';
import { VersionActions } from './version-actions';
import { deletedKeys, filterVersions, ROLE_LABEL, shortVersionId, versionRole, type VersionFilter } from './versions-view';
import './versions.css';

const n = (v: number) => v.toLocaleString('en-US');
const ROLE_TONE = { current: 'success', noncurrent: 'neutral', 'delete-marker': 'warning', 'deleting-marker': 'danger' } as const;

/** The list for the folder on screen. */
export function VersionsList() {
  const location = useAppStore((s) => s.location);
  const list = useAppStore((s) => s.versionList);
  const load = useAppStore((s) => s.loadVersionList);
  const more = useAppStore((s) => s.loadMoreVersions);
  const navigate = useAppStore((s) => s.navigate);
  const toggle = useAppStore((s) => s.toggleShowVersions);
  const [filter, setFilter] = useState<VersionFilter>('changed');

  useEffect(() => {
    void load();
  }, [location?.bucket, location?.prefix, load]);

  if (!location) return null;
  const mine = list && list.bucket === location.bucket && list.prefix === location.prefix ? list : null;
  const shown = mine ? filterVersions(mine.versions, filter) : [];
  const deleted = mine ? deletedKeys(mine.versions).length : 0;

  return (
    <div className="versions-view" data-testid="versions-view">
      <div className="listing-status versions-bar" role="status">
        <span>
          {mine?.status === 'loaded'
            ? `${n(shown.length)} ${shown.length === 1 ? 'version' : 'versions'} shown · ${n(deleted)} deleted ${deleted === 1 ? 'key' : 'keys'}${mine.next ? ' · more to load' : ''}`
            : 'Versions'}
        </span>
        <label className="versions-filter">
          <span>Show</span>
          <select value={filter} onChange={(e) => setFilter(e.target.value as VersionFilter)} data-testid="versions-filter">
            <option value="changed">Noncurrent versions and deleted keys</option>
            <option value="all">Every version</option>
          </select>
        </label>
        <span className="listing-spacer" />
        <Button variant="ghost" onClick={toggle}>
          Back to objects
        </Button>
      </div>
      <div className="versions-scroll">
        {mine?.status === 'loading' && (
          <p className="t-empty">
            <Spinner label="Listing versions" /> Listing versions…
          </p>
        )}
        {mine?.status === 'failed' && mine.error && <ErrorLine error={mine.error} className="t-empty dialog-error" />}
        {mine?.status === 'loaded' && (
          <table className="versions-table" aria-label="Versions in this folder">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Version</th>
                <th scope="col">Modified</th>
                <th scope="col">Size</th>
                <th scope="col">Class</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {mine.prefixes.map((p) => (
                <tr key={`p:${p}`} className="versions-folder" onDoubleClick={() => navigate({ bucket: location.bucket, prefix: p })}>
                  <td colSpan={6}>
                    <button type="button" className="link-button" onClick={() => navigate({ bucket: location.bucket, prefix: p })}>
                      <FolderIcon className="t-icon t-icon-folder" /> {p.slice(location.prefix.length)}
                    </button>
                  </td>
                </tr>
              ))}
              {shown.map((v) => {
                const role = versionRole(v);
                const cls = storageClassIndex(v.storageClass ?? '');
                return (
                  <tr key={`${v.key}\u0000${v.versionId}`} className={`role-${role}`} data-key={v.key}>
                    <td className="versions-name" title={v.key}>
                      <FileIcon className="t-icon" /> {v.key.slice(location.prefix.length)}
                    </td>
                    <td>
                      <Badge tone={ROLE_TONE[role]}>{ROLE_LABEL[role]}</Badge> <span className="mono ver-id" title={v.versionId}>{shortVersionId(v.versionId)}</span>
                    </td>
                    <td className="versions-num">{formatModified(v.lastModified)}</td>
                    <td className="versions-num">{v.deleteMarker ? '' : humanSize(v.size)}</td>
                    <td>
                      {!v.deleteMarker && <StorageClassBadge classIndex={cls} />} <RestoreBadge classIndex={cls} code={v.restore ?? 0} expiry={0} supported />
                    </td>
                    <td>
                      <VersionActions bucket={location.bucket} version={v} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {mine?.status === 'loaded' && shown.length === 0 && mine.prefixes.length === 0 && (
          <p className="t-empty">{filter === 'changed' ? 'No noncurrent versions or deleted keys in this folder.' : 'No versions in this folder.'}</p>
        )}
        {mine?.next && (
          <div className="versions-more">
            <Button onClick={() => void more()} disabled={mine.loadingMore}>
              {mine.loadingMore ? 'Loading…' : 'Load more versions'}
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}
