/**
 * The window's fixed frame: named regions laid out by one CSS grid.
 *
 *   ┌─────────┬──────────────────────┬───────────┐
 *   │ sidebar │ toolbar              │ inspector │
 *   │         ├──────────────────────┤           │
 *   │         │ content              │           │
 *   │         ├──────────────────────┴───────────┤
 *   │         │ jobs (collapsible)               │
 *   ├─────────┴──────────────────────────────────┤
 *   │ status bar                                 │
 *   └────────────────────────────────────────────┘
 *
 * Screens fill regions; they never position themselves. Each region is a
 * landmark with a label so keyboard and screen-reader users can jump between them.
 */
import type { ReactNode } from 'react';

/** The content of each region. */
export interface AppFrameProps {
  sidebar: ReactNode;
  toolbar: ReactNode;
  content: ReactNode;
  inspector: ReactNode;
  jobs: ReactNode;
  statusBar: ReactNode;
  inspectorOpen: boolean;
  jobsOpen: boolean;
}

/** Lays out the regions; collapsing the inspector or the jobs panel only changes the grid. */
export function AppFrame({ sidebar, toolbar, content, inspector, jobs, statusBar, inspectorOpen, jobsOpen }: AppFrameProps) {
  return (
    <div className="frame" data-inspector={inspectorOpen ? 'open' : 'closed'} data-jobs={jobsOpen ? 'open' : 'closed'}>
      <nav className="region region-sidebar" aria-label="Connections and buckets">
        {sidebar}
      </nav>
      <header className="region region-toolbar" aria-label="Location">
        {toolbar}
      </header>
      <main className="region region-content" aria-label="Contents">
        {content}
      </main>
      {inspectorOpen && (
        <aside className="region region-inspector" aria-label="Inspector">
          {inspector}
        </aside>
      )}
      <section className="region region-jobs" aria-label="Jobs">
        {jobs}
      </section>
      <footer className="region region-status" aria-label="Status">
        {statusBar}
      </footer>
    </div>
  );
}
