/**
 * The bottom panel for jobs: a bar that summarises them and toggles the
 * panel; open, a list of jobs on the left and the chosen job's detail on the
 * right, by kind — a restore (counts, cost, requests), a transfer (the
 * queue: files, bytes/s, ETA, pause/resume, verification per file) or a
 * bulk operation — each with its per-item list paged from the core (a job
 * may hold a million keys, so only the rows on screen are ever fetched).
 */
import type { JobSummary } from '../../../../shared/ipc/jobs';
import { Badge, Button, ChevronDownIcon, ChevronUpIcon, EmptyState, TransferIcon } from '../../kit';
import { describeError } from '../../notify/error-text';
import { isFinalJob, jobsNewestFirst, useAppStore } from '../../store';
import { ProgressBar } from './job-parts';
import { jobsSummary, progressOf, STATE_LABEL } from './jobs-view';
import { OperationJobDetail } from './operation-job-detail';
import { RestoreJobDetail } from './restore-job-detail';
import { TransferJobDetail } from './transfer-job-detail';
import { formatRate } from './transfer-job-view';
import './jobs.css';

const n = (v: number) => v.toLocaleString('en-US');
const STATE_TONE: Record<JobSummary['state'], 'accent' | 'warning' | 'success' | 'danger' | 'neutral'> = {
  running: 'accent',
  paused: 'warning',
  done: 'success',
  failed: 'danger',
  cancelled: 'neutral',
};

/** Header bar that toggles the panel, and the panel body when open. */
export function JobsPanel() {
  const open = useAppStore((s) => s.jobsPanelOpen);
  const toggle = useAppStore((s) => s.toggleJobsPanel);
  const jobsById = useAppStore((s) => s.jobs);
  const jobs = jobsNewestFirst(jobsById);
  const summary = jobsSummary(jobs);
  const running = jobs.find((j) => j.state === 'running');

  return (
    <div className="jobs">
      <button type="button" className="jobs-bar" aria-expanded={open} aria-controls="jobs-body" onClick={toggle}>
        <TransferIcon />
        <span className="jobs-title">Jobs</span>
        <span className="jobs-summary" data-testid="jobs-summary">
          {summary}
        </span>
        {running && !open && (
          <span className="jobs-bar-progress" aria-hidden="true">
            <span style={{ width: `${Math.round(progressOf(running) * 100)}%` }} />
          </span>
        )}
        {open ? <ChevronDownIcon className="jobs-chevron" /> : <ChevronUpIcon className="jobs-chevron" />}
      </button>
      {open && (
        <div className="jobs-body" id="jobs-body">
          <JobsBody jobs={jobs} />
        </div>
      )}
    </div>
  );
}

function JobsBody({ jobs }: { jobs: JobSummary[] }) {
  const selectedId = useAppStore((s) => s.selectedJobId);
  const select = useAppStore((s) => s.selectJob);
  const clear = useAppStore((s) => s.clearFinishedJobs);
  const load = useAppStore((s) => s.jobsLoad);
  const hydrate = useAppStore((s) => s.hydrateJobs);

  if (jobs.length === 0) {
    if (load.status === 'failed') {
      const { title } = describeError(load.error);
      return (
        <div className="jobs-empty" role="alert">
          <p>Thaw could not list its jobs: {title}</p>
          <Button onClick={() => void hydrate()}>Try again</Button>
        </div>
      );
    }
    return <EmptyState title="No jobs yet" hint="Downloads, uploads, restores and bulk changes appear here with their progress, and survive restarts." />;
  }
  const selected = jobs.find((j) => j.jobId === selectedId) ?? jobs[0];
  const finished = jobs.filter(isFinalJob).length;
  return (
    <>
      <div className="jobs-list">
        <ul aria-label="Jobs" data-testid="jobs-list">
          {jobs.map((job) => (
            <li key={job.jobId}>
              <button type="button" className={`job-row${job === selected ? ' is-selected' : ''}`} aria-current={job === selected} onClick={() => select(job.jobId)}>
                <span className="job-row-top">
                  <span className={`job-kind kind-${kindOf(job)}`} aria-hidden="true">
                    {KIND_GLYPH[kindOf(job)]}
                  </span>
                  <span className="job-row-title" title={job.title}>
                    {job.title}
                  </span>
                  <Badge tone={STATE_TONE[job.state]}>{STATE_LABEL[job.state]}</Badge>
                </span>
                <ProgressBar job={job} />
                {job.kind === 'transfer' && job.state === 'running' && job.transfer.bytesPerSecond > 0 && (
                  <span className="job-row-rate">{formatRate(job.transfer.bytesPerSecond)}</span>
                )}
              </button>
            </li>
          ))}
        </ul>
        {finished > 0 && (
          <button type="button" className="jobs-clear link-button" onClick={() => void clear()}>
            Clear {n(finished)} finished
          </button>
        )}
      </div>
      {selected && <JobDetail job={selected} key={selected.jobId} />}
    </>
  );
}

/** The detail view of the job's kind. */
function JobDetail({ job }: { job: JobSummary }) {
  switch (job.kind) {
    case 'restore':
      return <RestoreJobDetail job={job} />;
    case 'transfer':
      return <TransferJobDetail job={job} />;
    case 'operation':
      return <OperationJobDetail job={job} />;
  }
}

type KindTag = 'restore' | 'download' | 'upload' | 'operation';

function kindOf(job: JobSummary): KindTag {
  return job.kind === 'transfer' ? job.transfer.direction : job.kind;
}

/** A glyph per kind in the list, so a queue of mixed jobs reads at a glance. */
const KIND_GLYPH: Record<KindTag, string> = { restore: '❄', download: '↓', upload: '↑', operation: '⋯' };

