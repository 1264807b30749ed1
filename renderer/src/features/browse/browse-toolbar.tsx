/**
 * The toolbar while browsing: back / forward / up, a breadcrumb whose
 * segments navigate, and the folder's actions — Download, Upload, New
 * folder, Restore, Show versions — beside the inspector toggle. The actions
 * are the same functions the row menu runs (features/actions/object-actions.ts).
 */
import { useEffect } from 'react';
import { Breadcrumb, Button, DatabaseIcon, IconButton, SandboxIcon, SidePanelIcon, SnowflakeIcon, type Crumb } from '../../kit';
import { useAppStore, useAppStoreApi, writeRefusal } from '../../store';
import { downloadSelection, newFolder } from '../actions/object-actions';
import { restoreSelection } from '../restore/restore-actions';
import { UploadButton } from '../transfers/upload-button';
import { BackIcon, BucketIcon, DownloadIcon, ForwardIcon, NewFolderIcon, UpIcon, VersionsIcon } from './browse-icons';

const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);

/** Navigation buttons, the location breadcrumb, Restore… and the inspector toggle. */
export function BrowseToolbar() {
  const active = useAppStore((s) => s.connections.find((c) => c.id === s.activeConnectionId));
  const location = useAppStore((s) => s.location);
  const canBack = useAppStore((s) => s.backStack.length > 0);
  const canForward = useAppStore((s) => s.forwardStack.length > 0);
  const navigate = useAppStore((s) => s.navigate);
  const goBack = useAppStore((s) => s.goBack);
  const goForward = useAppStore((s) => s.goForward);
  const goUp = useAppStore((s) => s.goUp);
  const inspectorOpen = useAppStore((s) => s.inspectorOpen);
  const toggleInspector = useAppStore((s) => s.toggleInspector);
  const store = useAppStoreApi();
  const selected = useAppStore((s) => s.selectionSize);
  const readOnly = active?.readOnly === true;
  const writeOff = useAppStore((s) => writeRefusal(s));
  const planning = useAppStore((s) => s.transferPlanning);
  const showVersions = useAppStore((s) => s.showVersions);
  const toggleVersions = useAppStore((s) => s.toggleShowVersions);

  // Alt+Left / Alt+Right (Cmd+[ / Cmd+] on macOS) walk the history, as in browsers and Finder.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const back = isMac ? e.metaKey && e.key === '[' : e.altKey && e.key === 'ArrowLeft';
      const fwd = isMac ? e.metaKey && e.key === ']' : e.altKey && e.key === 'ArrowRight';
      if (back) goBack();
      else if (fwd) goForward();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [goBack, goForward]);

  const crumbs: Crumb[] = [];
  if (active) {
    crumbs.push({
      key: `connection:${active.id}`,
      label: active.name,
      icon: active.kind === 'sandbox' ? <SandboxIcon className="crumb-icon" /> : <DatabaseIcon className="crumb-icon" />,
    });
  }
  if (location) {
    const bucket = location.bucket;
    crumbs.push({ key: `bucket:${bucket}`, label: bucket, icon: <BucketIcon className="crumb-icon" />, onSelect: () => navigate({ bucket, prefix: '' }) });
    let acc = '';
    for (const part of location.prefix.split('/').filter(Boolean)) {
      acc += `${part}/`;
      const prefix = acc;
      crumbs.push({ key: `prefix:${prefix}`, label: part, onSelect: () => navigate({ bucket, prefix }) });
    }
  }

  return (
    <div className="toolbar">
      <div className="nav-buttons">
        <IconButton label={`Back (${isMac ? '⌘[' : 'Alt+Left'})`} icon={<BackIcon />} disabled={!canBack} onClick={goBack} />
        <IconButton label={`Forward (${isMac ? '⌘]' : 'Alt+Right'})`} icon={<ForwardIcon />} disabled={!canForward} onClick={goForward} />
        <IconButton label="Up one level (Alt+Up)" icon={<UpIcon />} disabled={!location || location.prefix === ''} onClick={goUp} />
      </div>
      <Breadcrumb segments={crumbs} empty="No connection selected" />
      <div className="toolbar-actions">
        {location && (
          <>
            <Button
              icon={<DownloadIcon />}
              disabled={planning !== null || showVersions}
              title={selected > 0 ? 'Download the selected objects and folders' : 'Download everything in this folder'}
              onClick={() => downloadSelection(store.getState())}
              data-testid="toolbar-download"
            >
              {planning === 'download' ? 'Preparing…' : selected > 0 ? 'Download…' : 'Download folder…'}
            </Button>
            <UploadButton disabled={writeOff} busy={planning === 'upload'} />
            <IconButton label={writeOff ?? 'New folder'} icon={<NewFolderIcon />} disabled={writeOff !== null} onClick={() => newFolder(store.getState())} data-testid="toolbar-new-folder" />
            <Button
              icon={<SnowflakeIcon />}
              disabled={readOnly}
              title={readOnly ? 'This connection is read-only' : selected > 0 ? 'Restore the selected objects and folders from archive' : 'Restore everything archived in this folder'}
              onClick={() => restoreSelection(store.getState())}
              data-testid="toolbar-restore"
            >
              {selected > 0 ? 'Restore…' : 'Restore folder…'}
            </Button>
            <IconButton
              label={showVersions ? 'Hide versions' : 'Show versions (noncurrent versions and deleted keys)'}
              pressed={showVersions}
              icon={<VersionsIcon />}
              onClick={toggleVersions}
              data-testid="toolbar-versions"
            />
          </>
        )}
        <IconButton label={inspectorOpen ? 'Hide inspector' : 'Show inspector'} pressed={inspectorOpen} icon={<SidePanelIcon />} onClick={toggleInspector} />
      </div>
    </div>
  );
}
