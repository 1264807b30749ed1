/**
 * What every job's detail shares, whatever its kind: the head with its
 * title, lines and actions (Resume, the kind's own, Retry failed, Cancel…
 * asked first), the progress bar, the banners, counts per state beside
 * the facts, and the item list. Each kind passes what differs.
 */
import { useState, type ReactNode } from 'react';
import type { JobSummary } from '../../../../shared/ipc/jobs';
import { Button } from '../../kit';
import { isFinalJob, useAppStore } from '../../store';
import { JobItemsList, type JobItemsListProps } from './job-items-list';
import { CancelConfirm, FactsGrid, JobBanners, ProgressBar, StateCounts, useNow } from './job-parts';
import type { JobFact } from './jobs-view';

export interface JobDetailFrameProps<S extends string> {
  job: JobSummary;
  /** The heading's content (the title by default). */
  heading?: ReactNode;
  /** Lines under the heading. */
  lines: ReactNode;
  /** The kind's own buttons, between Resume and Retry; `confirming` while Cancel asks. */
  actions?: (confirming: boolean) => ReactNode;
  /** Failed items Retry would queue again; no Retry button when undefined. */
  failed?: number;
  cancelWarning: string;
  /** Shown under the banners. */
  notice?: ReactNode;
  states: readonly S[];
  counts: Record<S, number>;
  labels: Record<S, string>;
  facts: (now: number) => JobFact[];
  list: Omit<JobItemsListProps, 'job' | 'filters'>;
}

const n = (v: number) => v.toLocaleString('en-US');

/** One job's detail; see the file comment. */
export function JobDetailFrame<S extends string>(p: JobDetailFrameProps<S>) {
  const { job } = p;
  const cancel = useAppStore((s) => s.cancelJob);
  const retry = useAppStore((s) => s.retryFailedJob);
  const resume = useAppStore((s) => s.resumeJob);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const live = !isFinalJob(job);
  const now = useNow(live);
  return (
    <div className="job-detail" data-testid="job-detail" data-job-state={job.state} data-job-kind={job.kind}>
      <div className="job-head">
        <div className="job-head-text">
          <h3 title={job.title}>{p.heading ?? job.title}</h3>
          {p.lines}
        </div>
        <div className="job-actions">
          {job.state === 'paused' && (
            <Button variant="primary" onClick={() => void resume(job.jobId)}>
              Resume
            </Button>
          )}
          {p.actions?.(confirmCancel)}
          {p.failed !== undefined && p.failed > 0 && !confirmCancel && <Button onClick={() => void retry(job.jobId)}>Retry {n(p.failed)} failed</Button>}
          {live && !confirmCancel && <Button onClick={() => setConfirmCancel(true)}>Cancel…</Button>}
        </div>
      </div>
      <ProgressBar job={job} />
      {confirmCancel && live && (
        <CancelConfirm
          warning={p.cancelWarning}
          onKeep={() => setConfirmCancel(false)}
          onStop={() => {
            setConfirmCancel(false);
            void cancel(job.jobId);
          }}
        />
      )}
      <JobBanners job={job} />
      {p.notice}
      <div className="job-columns">
        <StateCounts states={p.states} counts={p.counts} labels={p.labels} />
        <FactsGrid facts={p.facts(now)} />
      </div>
      <JobItemsList job={job} filters={p.states.map((s) => ({ value: s, label: p.labels[s], count: p.counts[s] }))} {...p.list} />
    </div>
  );
}
