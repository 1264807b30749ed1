/**
 * Pieces every job detail shares: a ticking clock, the progress bar, the
 * paused/failed banner, the cancel confirmation, the per-state counts and
 * the facts grid.
 */
import { useEffect, useState } from 'react';
import type { JobSummary } from '../../../../shared/ipc/jobs';
import { AlertIcon, Button } from '../../kit';
import { describeError } from '../../notify/error-text';
import type { JobFact } from './jobs-view';
import { progressOf } from './jobs-view';

const n = (v: number) => v.toLocaleString('en-US');

/** Re-renders every `ms` while `active`, for elapsed times and ETAs. */
export function useNow(active: boolean, ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [active, ms]);
  return active ? now : Date.now();
}

/** The job's progress (bytes for transfers, items otherwise), with its failed share in red. */
export function ProgressBar({ job }: { job: JobSummary }) {
  const pct = Math.round(progressOf(job) * 1000) / 10;
  const failed = job.kind !== 'transfer' && job.items.total > 0 ? (job.items.failed / job.items.total) * 100 : 0;
  return (
    <span className={`job-progress state-${job.state}`} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label="Progress">
      <span className="job-progress-done" style={{ width: `${Math.max(0, pct - failed)}%` }} />
      {failed > 0 && <span className="job-progress-failed" style={{ width: `${failed}%` }} />}
    </span>
  );
}

/** Why a job paused or failed, as a sentence with main's detail. */
export function Banner({ tone, title, error }: { tone: 'warning' | 'danger'; title: string; error: NonNullable<JobSummary['pausedReason']> }) {
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

/** The paused and failed banners of a job. */
export function JobBanners({ job }: { job: JobSummary }) {
  return (
    <>
      {job.state === 'paused' && job.pausedReason && <Banner tone="warning" title="Paused" error={job.pausedReason} />}
      {job.state === 'failed' && job.error && <Banner tone="danger" title="Failed" error={job.error} />}
    </>
  );
}

/** Asks before cancelling: what cancelling keeps and loses, then Keep running / Stop the job. */
export function CancelConfirm({ warning, onKeep, onStop }: { warning: string; onKeep(): void; onStop(): void }) {
  return (
    <div className="job-banner is-warning" role="alertdialog" aria-label="Cancel this job?">
      <AlertIcon size={14} />
      <p>{warning}</p>
      <div className="job-banner-actions">
        <Button onClick={onKeep}>Keep running</Button>
        <Button variant="danger" onClick={onStop}>
          Stop the job
        </Button>
      </div>
    </div>
  );
}

/** Counts per item state, each with a coloured edge (`count-<state>`). */
export function StateCounts<S extends string>({ states, counts, labels }: { states: readonly S[]; counts: Record<S, number>; labels: Record<S, string> }) {
  return (
    <div className="job-counts" data-testid="job-counts">
      {states.map((state) => (
        <div key={state} className={`job-count count-${state}`}>
          <span className="job-count-value">{n(counts[state])}</span>
          <span className="job-count-label">{labels[state]}</span>
        </div>
      ))}
    </div>
  );
}

/** The label/value grid of a job's facts. */
export function FactsGrid({ facts }: { facts: JobFact[] }) {
  return (
    <dl className="job-facts">
      {facts.map((f) => (
        <div key={f.label} className={f.wide ? 'job-fact is-wide' : 'job-fact'} title={f.title}>
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}
