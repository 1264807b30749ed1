/**
 * The actions of one version, shared by the inspector's versions section
 * and the table's versions view: Download, Restore… (archived versions),
 * Promote, Undelete (a key hidden by a delete marker) and Delete version…,
 * which asks first and says the deletion is permanent.
 */
import { useState } from 'react';
import type { ObjectVersion } from '../../../../shared/ipc/objects';
import type { IpcError } from '../../../../shared/ipc/result';
import { MAX_RESTORE_DAYS, validTiers, type ArchiveKind, type RestoreTier } from '../../../../shared/restore-rules';
import { Button } from '../../kit';
import { ErrorLine } from '../../notify/error-line';
import { keyFolder, useAppStore, writeRefusal, type VersionAction } from '../../store';
import { versionActions } from './versions-view';

/** The buttons (and, when asked, the confirmation or restore form) of one version. */
export function VersionActions({ bucket, version }: { bucket: string; version: ObjectVersion }) {
  const run = useAppStore((s) => s.runVersionAction);
  const planDownload = useAppStore((s) => s.planDownload);
  const connectionId = useAppStore((s) => s.activeConnectionId);
  const readOnly = useAppStore((s) => writeRefusal(s));
  const settings = useAppStore((s) => s.settings);
  const [ask, setAsk] = useState<'delete' | 'restore' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const kind: ArchiveKind = version.storageClass === 'DEEP_ARCHIVE' ? 'DEEP_ARCHIVE' : 'GLACIER';
  const tiers = validTiers([kind]);
  const [tier, setTier] = useState<RestoreTier>(tiers.includes(settings.restore.defaultTier) ? settings.restore.defaultTier : 'Standard');
  const [daysText, setDaysText] = useState(String(settings.restore.defaultDays));
  const days = Number(daysText);
  const daysValid = Number.isInteger(days) && days >= 1 && days <= MAX_RESTORE_DAYS;
  const can = versionActions(version);
  const target = { bucket, key: version.key };
  const off = readOnly ?? undefined;

  const act = async (action: VersionAction) => {
    setBusy(true);
    setError(null);
    const failed = await run(target, action);
    setBusy(false);
    if (failed) setError(failed);
    else setAsk(null);
  };

  return (
    <div className="ver-actions">
      <div className="ver-buttons">
        {can.download && connectionId && (
          <Button
            variant="ghost"
            onClick={() =>
              void planDownload({ connectionId, bucket, prefixes: [], keys: [{ key: version.key, ...(version.isLatest ? {} : { versionId: version.versionId }) }], base: keyFolder(version.key) })
            }
          >
            Download…
          </Button>
        )}
        {can.restore && (
          <Button variant="ghost" disabled={Boolean(off)} title={off} onClick={() => setAsk(ask === 'restore' ? null : 'restore')}>
            Restore…
          </Button>
        )}
        {can.promote && (
          <Button variant="ghost" disabled={Boolean(off) || busy} title={off ?? 'Copy this version over the current one (the current one stays as a version too)'} onClick={() => void act({ kind: 'promote', versionId: version.versionId })}>
            Promote
          </Button>
        )}
        {can.undelete && (
          <Button variant="ghost" disabled={Boolean(off) || busy} title={off ?? 'Remove the delete marker, so the newest version is current again'} onClick={() => void act({ kind: 'undelete' })} data-testid="version-undelete">
            Undelete
          </Button>
        )}
        {can.deleteVersion && (
          <Button variant="ghost" className="ver-danger" disabled={Boolean(off)} title={off} onClick={() => setAsk(ask === 'delete' ? null : 'delete')}>
            Delete…
          </Button>
        )}
      </div>
      {ask === 'delete' && (
        <div className="ver-confirm" role="alertdialog" aria-label="Delete this version?">
          <p>
            <strong>Permanent:</strong> deleting a specific {version.deleteMarker ? 'delete marker' : 'version'} cannot be undone{version.deleteMarker ? '' : ' — its bytes are gone for good'}.
            {version.isLatest && !version.deleteMarker ? ' The next older version becomes current.' : ''}
            {version.isLatest && version.deleteMarker ? ' The key reappears with its newest version.' : ''}
          </p>
          <div className="ver-buttons">
            <Button onClick={() => setAsk(null)}>Keep it</Button>
            <Button variant="danger" disabled={busy} onClick={() => void act({ kind: 'delete-version', versionId: version.versionId })} data-testid="version-delete-confirm">
              Delete permanently
            </Button>
          </div>
        </div>
      )}
      {ask === 'restore' && (
        <div className="ver-confirm" aria-label="Restore this version">
          <div className="ver-restore">
            <label>
              <span>Tier</span>
              <select value={tier} onChange={(e) => setTier(e.target.value as RestoreTier)}>
                {tiers.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            </label>
            <label>
              <span>Days</span>
              <input className="text-input" type="number" min={1} max={MAX_RESTORE_DAYS} value={daysText} aria-invalid={!daysValid} onChange={(e) => setDaysText(e.target.value)} />
            </label>
          </div>
          <div className="ver-buttons">
            <Button onClick={() => setAsk(null)}>Cancel</Button>
            <Button variant="primary" disabled={!daysValid || busy} onClick={() => void act({ kind: 'restore', versionId: version.versionId, tier, days })}>
              Restore version
            </Button>
          </div>
        </div>
      )}
      {error && <ErrorLine error={error} />}
    </div>
  );
}
