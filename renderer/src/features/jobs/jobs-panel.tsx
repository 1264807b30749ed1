/**
 * The bottom panel for jobs (transfers, restores). Collapsed to its header by default.
 */
import { ChevronDownIcon, ChevronUpIcon, EmptyState, TransferIcon } from '../../kit';
import { useAppStore } from '../../store';

/** Header bar that toggles the panel, and the panel body when open. */
export function JobsPanel() {
  const open = useAppStore((s) => s.jobsPanelOpen);
  const toggle = useAppStore((s) => s.toggleJobsPanel);
  return (
    <div className="jobs">
      <button type="button" className="jobs-bar" aria-expanded={open} aria-controls="jobs-body" onClick={toggle}>
        <TransferIcon />
        <span className="jobs-title">Jobs</span>
        <span className="jobs-summary">None running</span>
        {open ? <ChevronDownIcon className="jobs-chevron" /> : <ChevronUpIcon className="jobs-chevron" />}
      </button>
      {open && (
        <div className="jobs-body" id="jobs-body">
          <EmptyState title="No jobs yet" hint="Downloads, uploads and restores appear here with their progress." />
        </div>
      )}
    </div>
  );
}
