/**
 * The app: readiness marker, theme, and the frame once connections are known.
 *
 * `<div id="app" data-app-state>` is `loading` until the first
 * `connections:list` resolves, then `ready`; if that fails it is `error` and
 * shows a sentence with a retry, never a blank page.
 */
import { useEffect } from 'react';
import { AboutDialog } from './features/about/about-dialog';
// Registers the transfer and object row actions (Download, Delete, Copy to, …) in the one menu registry.
import './features/actions/object-actions';
import { ActivityDialog } from './features/activity/activity-dialog';
import { BrowseContent } from './features/browse/browse-content';
import { BrowseSidebar } from './features/browse/bucket-sidebar';
import { BrowseToolbar } from './features/browse/browse-toolbar';
import { InspectorPane } from './features/inspector/inspector-pane';
import { JobsPanel } from './features/jobs/jobs-panel';
import { NameDialog } from './features/operations/name-dialog';
import { OperationDialog } from './features/operations/operation-dialog';
import { RestoreDialog } from './features/restore/restore-dialog';
import { SettingsDialog } from './features/settings/settings-dialog';
import { StatusBar } from './features/status/status-bar';
import { ToastViewport } from './features/toasts/toast-viewport';
import { DownloadDialog } from './features/transfers/download-dialog';
import { UploadDialog } from './features/transfers/upload-dialog';
import { UploadLinkDialog } from './features/transfers/upload-link-dialog';
import { AlertIcon, Button, Spinner } from './kit';
import { AppFrame } from './layout/app-frame';
import { describeError } from './notify/error-text';
import { useAppStore } from './store';

/** The root component; expects a `StoreProvider` above it. */
export function App() {
  const appState = useAppStore((s) => s.appState);
  const theme = useAppStore((s) => s.theme);

  useEffect(() => {
    // `system` removes the attribute so the stylesheet follows prefers-color-scheme.
    const root = document.documentElement;
    if (theme === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', theme);
  }, [theme]);

  return (
    <div id="app" data-app-state={appState}>
      {appState === 'ready' ? <Shell /> : appState === 'error' ? <StartupError /> : <Starting />}
      <ToastViewport />
    </div>
  );
}

function Shell() {
  const inspectorOpen = useAppStore((s) => s.inspectorOpen);
  const jobsOpen = useAppStore((s) => s.jobsPanelOpen);
  return (
    <>
      <AppFrame
        sidebar={<BrowseSidebar />}
        toolbar={<BrowseToolbar />}
        content={<BrowseContent />}
        inspector={<InspectorPane />}
        jobs={<JobsPanel />}
        statusBar={<StatusBar />}
        inspectorOpen={inspectorOpen}
        jobsOpen={jobsOpen}
      />
      <AboutDialog />
      <RestoreDialog />
      <DownloadDialog />
      <UploadDialog />
      <UploadLinkDialog />
      <OperationDialog />
      <NameDialog />
      <ActivityDialog />
      <SettingsDialog />
    </>
  );
}

function Starting() {
  return (
    <div className="splash">
      <Spinner label="Starting Thaw" />
      <p>Starting Thaw…</p>
    </div>
  );
}

function StartupError() {
  const error = useAppStore((s) => s.startupError);
  const retry = useAppStore((s) => s.loadConnections);
  const { title, detail } = describeError(error ?? { code: 'Internal', message: '' });
  return (
    <div className="splash">
      <div className="splash-card" role="alert">
        <AlertIcon size={28} className="splash-icon" />
        <h1>Thaw could not load its connections</h1>
        <p>{title}</p>
        {detail && <p className="detail">{detail}</p>}
        {error && <p className="code">{error.code}</p>}
        <Button variant="primary" onClick={() => void retry()}>
          Try again
        </Button>
      </div>
    </div>
  );
}
