/**
 * The bottom panel for jobs: a bar that summarises them and toggles the
 * panel; open, a list of jobs on the left and the chosen job's detail on the
 * right — counts, progress, ETA, cost, requests, actions — with its per-key
 * list paged from the core (a job may hold a million keys, so only the rows
 * on screen are ever fetched).
 */
import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { JobSummary, RestoreJobSummary } from '../../../../shared/ipc/jobs';
import type { RestoreKeyState } from '../../../../shared/ipc/restore';
import { AlertIcon, Badge, Button, ChevronDownIcon, ChevronUpIcon, EmptyState, TransferIcon } from '../../kit';
import { describeError } from '../../notify/error-text';
import { ITEMS_PAGE, isFinalJob, jobsNewestFirst, useAppStore } from '../../store';
import { formatUtcDateTime, humanSize } from '../browse/format';
import { cancelWarning, jobFacts, jobsSummary, KEY_STATE_LABEL, KEY_STATES, progressLine, progressOf, STATE_LABEL } from './jobs-view';
import './jobs.css';

const n = (v: number) => v.toLocaleString('en-US');
const STATE_TONE: Record<JobSummary['state'], 'accent' | 'warning' | 'success' | 'danger' | 'neutral'> = {
  running: 'accent',
  paused: 'warning',
  done: 'success',
  failed: 'danger',
  cancelled: 'neutral',
};

/** Re-renders every `ms` while `active`, for elapsed times and ETAs. */
function useNow(active: boolean, ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [active, ms]);
  return active ? now : Date.now();
}

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
    return <EmptyState title="No jobs yet" hint="Restores (and, soon, downloads and uploads) appear here with their progress, and survive restarts." />;
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
                  <span className="job-row-title" title={job.title}>
                    {job.title}
                  </span>
                  <Badge tone={STATE_TONE[job.state]}>{STATE_LABEL[job.state]}</Badge>
                </span>
                <ProgressBar job={job} />
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
      {selected?.kind === 'restore' && <JobDetail job={selected} key={selected.jobId} />}
    </>
  );
}

function ProgressBar({ job }: { job: JobSummary }) {
  const pct = Math.round(progressOf(job) * 1000) / 10;
  const failed = job.items.total > 0 ? (job.items.failed / job.items.total) * 100 : 0;
  return (
    <span className={`job-progress state-${job.state}`} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label="Progress">
      <span className="job-progress-done" style={{ width: `${Math.max(0, pct - failed)}%` }} />
      {failed > 0 && <span className="job-progress-failed" style={{ width: `${failed}%` }} />}
    </span>
  );
}

function JobDetail({ job }: { job: RestoreJobSummary }) {
  const cancel = useAppStore((s) => s.cancelJob);
  const retry = useAppStore((s) => s.retryFailedJob);
  const resume = useAppStore((s) => s.resumeJob);
  const checkNow = useAppStore((s) => s.checkJobNow);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const live = !isFinalJob(job);
  const now = useNow(live);
  const r = job.restore;

  return (
    <div className="job-detail" data-testid="job-detail" data-job-state={job.state}>
      <div className="job-head">
        <div className="job-head-text">
          <h3 title={job.title}>{job.title}</h3>
          <p className="job-line" data-testid="job-progress-line">
            {progressLine(job)} · {humanSize(job.bytes.total)}
          </p>
        </div>
        <div className="job-actions">
          {job.state === 'paused' && (
            <Button variant="primary" onClick={() => void resume(job.jobId)}>
              Resume
            </Button>
          )}
          {job.state === 'running' && r.phase === 'tracking' && <Button onClick={() => void checkNow(job.jobId)}>Check now</Button>}
          {r.states.failed > 0 && !confirmCancel && <Button onClick={() => void retry(job.jobId)}>Retry {n(r.states.failed)} failed</Button>}
          {live && !confirmCancel && <Button onClick={() => setConfirmCancel(true)}>Cancel…</Button>}
        </div>
      </div>
      <ProgressBar job={job} />
      {confirmCancel && live && (
        <div className="job-banner is-warning" role="alertdialog" aria-label="Cancel this job?">
          <p>{cancelWarning(job)}</p>
          <div className="job-banner-actions">
            <Button onClick={() => setConfirmCancel(false)}>Keep running</Button>
            <Button
              variant="danger"
              onClick={() => {
                setConfirmCancel(false);
                void cancel(job.jobId);
              }}
            >
              Stop the job
            </Button>
          </div>
        </div>
      )}
      {job.state === 'paused' && job.pausedReason && <Banner tone="warning" title="Paused" error={job.pausedReason} />}
      {job.state === 'failed' && job.error && <Banner tone="danger" title="Failed" error={job.error} />}
      <div className="job-columns">
        <div className="job-counts" data-testid="job-counts">
          {KEY_STATES.map((state) => (
            <div key={state} className={`job-count count-${state}`}>
              <span className="job-count-value">{n(r.states[state])}</span>
              <span className="job-count-label">{KEY_STATE_LABEL[state]}</span>
            </div>
          ))}
        </div>
        <dl className="job-facts">
          {jobFacts(job, now).map((f) => (
            <div key={f.label} className="job-fact" title={f.title}>
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
      </div>
      <KeyList job={job} />
    </div>
  );
}

function Banner({ tone, title, error }: { tone: 'warning' | 'danger'; title: string; error: NonNullable<JobSummary['pausedReason']> }) {
  const { title: text, detail } = describeError(error);
  return (
    <div className={`job-banner is-${tone}`} role="status">
      <AlertIcon size={14} />
      <p>
        <strong>{title}:</strong> {text}
        {detail && <span className="job-banner-detail"> {detail}</span>}
      </p>
    </div>
  );
}

const ROW_H = 22;

/** The job's keys, filtered by state, fetched a page at a time for the rows on screen. */
function KeyList({ job }: { job: RestoreJobSummary }) {
  const view = useAppStore((s) => s.jobItems[job.jobId]);
  const stamp = useAppStore((s) => s.jobStamps[job.jobId] ?? 0);
  const setFilter = useAppStore((s) => s.setJobItemsFilter);
  const loadItems = useAppStore((s) => s.loadJobItems);
  const scroller = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState<[number, number]>([0, ITEMS_PAGE]);
  const filter = view?.state;

  useEffect(() => {
    loadItems(job.jobId, range[0], range[1]);
  }, [job.jobId, range, filter, stamp, loadItems]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const first = Math.floor(el.scrollTop / ROW_H);
    const count = Math.ceil(el.clientHeight / ROW_H) + 1;
    setRange((prev) => (prev[0] === first && prev[1] === first + count ? prev : [first, first + count]));
  };

  const total = view?.total ?? null;
  const rows: ReactElement[] = [];
  if (total !== null) {
    const end = Math.min(total, range[1] + 10);
    for (let i = Math.max(0, range[0] - 5); i < end; i++) {
      const item = view?.pages[Math.floor(i / ITEMS_PAGE)]?.[i % ITEMS_PAGE];
      rows.push(
        <div key={i} className="key-row" style={{ top: i * ROW_H }} role="row">
          {item ? (
            <>
              <span className="key-name mono" role="cell" title={item.key}>
                {item.key}
              </span>
              <span className={`key-state ks-${item.state}`} role="cell">
                {KEY_STATE_LABEL[item.state as RestoreKeyState] ?? item.state}
              </span>
              <span className="key-size" role="cell">
                {humanSize(item.size)}
              </span>
              <span className="key-detail" role="cell" title={item.detail}>
                {item.detail ?? (item.expiry ? `until ${formatUtcDateTime(item.expiry)}` : '')}
              </span>
            </>
          ) : (
            <span className="key-loading">…</span>
          )}
        </div>,
      );
    }
  }

  return (
    <div className="key-list">
      <div className="key-list-head">
        <label>
          <span>Show</span>
          <select
            value={filter ?? ''}
            onChange={(e) => {
              setFilter(job.jobId, e.target.value || undefined);
              if (scroller.current) scroller.current.scrollTop = 0;
              setRange([0, ITEMS_PAGE]);
            }}
            data-testid="job-items-filter"
          >
            <option value="">Every key</option>
            {KEY_STATES.map((s) => (
              <option key={s} value={s}>
                {KEY_STATE_LABEL[s]} ({n(job.restore.states[s])})
              </option>
            ))}
          </select>
        </label>
        <span className="restore-muted">{total === null ? 'Loading…' : `${n(total)} ${total === 1 ? 'key' : 'keys'}`}</span>
        {view?.error && <span className="key-error">{describeError(view.error).title}</span>}
      </div>
      <div className="key-scroller" ref={scroller} onScroll={onScroll} role="table" aria-label="Keys of this job" data-testid="job-items">
        <div className="key-spacer" style={{ height: (total ?? 0) * ROW_H }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
