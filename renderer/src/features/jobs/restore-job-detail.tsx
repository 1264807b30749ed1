/**
 * A restore job in the jobs panel: counts per key state, tier and cost,
 * requests and checks, Check now / Retry / Cancel (which says what S3
 * keeps), and its per-key list.
 */
import { useState } from 'react';
import type { RestoreJobSummary } from '../../../../shared/ipc/jobs';
import type { RestoreKeyState } from '../../../../shared/ipc/restore';
import { Button } from '../../kit';
import { isFinalJob, useAppStore } from '../../store';
import { formatUtcDateTime, humanSize } from '../browse/format';
import { JobItemsList } from './job-items-list';
import { CancelConfirm, FactsGrid, JobBanners, ProgressBar, StateCounts, useNow } from './job-parts';
import { cancelWarning, jobFacts, KEY_STATE_LABEL, KEY_STATES, progressLine } from './jobs-view';

const n = (v: number) => v.toLocaleString('en-US');

/** The detail of one restore job. */
export function RestoreJobDetail({ job }: { job: RestoreJobSummary }) {
  const cancel = useAppStore((s) => s.cancelJob);
  const retry = useAppStore((s) => s.retryFailedJob);
  const resume = useAppStore((s) => s.resumeJob);
  const checkNow = useAppStore((s) => s.checkJobNow);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const live = !isFinalJob(job);
  const now = useNow(live);
  const r = job.restore;

  return (
    <div className="job-detail" data-testid="job-detail" data-job-state={job.state} data-job-kind="restore">
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
        <CancelConfirm
          warning={cancelWarning(job)}
          onKeep={() => setConfirmCancel(false)}
          onStop={() => {
            setConfirmCancel(false);
            void cancel(job.jobId);
          }}
        />
      )}
      <JobBanners job={job} />
      <div className="job-columns">
        <StateCounts states={KEY_STATES} counts={r.states} labels={KEY_STATE_LABEL} />
        <FactsGrid facts={jobFacts(job, now)} />
      </div>
      <JobItemsList
        job={job}
        noun={['key', 'keys']}
        filters={KEY_STATES.map((s) => ({ value: s, label: KEY_STATE_LABEL[s], count: r.states[s] }))}
        columns="minmax(0, 3fr) 120px 80px minmax(0, 2fr)"
        cells={(item) => (
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
        )}
      />
    </div>
  );
}
