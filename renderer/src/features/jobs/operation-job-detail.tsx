/**
 * A bulk operation (delete, copy, move, storage-class change) in the jobs
 * panel: what it does and where to, counts per key state, Resume and
 * Cancel (asked first: what is done stays done), and its per-key list with
 * the reason of every failure or skip.
 */
import { useState } from 'react';
import type { OperationJobSummary } from '../../../../shared/ipc/jobs';
import { Button } from '../../kit';
import { isFinalJob, useAppStore } from '../../store';
import { humanSize } from '../browse/format';
import { JobItemsList } from './job-items-list';
import { CancelConfirm, FactsGrid, JobBanners, ProgressBar, StateCounts, useNow } from './job-parts';
import { operationCancelWarning, OPERATION_STATE_LABEL, OPERATION_STATES, operationFacts, operationLine, type OperationItemState } from './transfer-job-view';

/** The detail of one operation job. */
export function OperationJobDetail({ job }: { job: OperationJobSummary }) {
  const cancel = useAppStore((s) => s.cancelJob);
  const resume = useAppStore((s) => s.resumeJob);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const live = !isFinalJob(job);
  const now = useNow(live);
  const o = job.operation;
  return (
    <div className="job-detail" data-testid="job-detail" data-job-state={job.state} data-job-kind="operation">
      <div className="job-head">
        <div className="job-head-text">
          <h3 title={job.title}>{job.title}</h3>
          <p className="job-line" data-testid="job-progress-line">
            {operationLine(job)}
          </p>
        </div>
        <div className="job-actions">
          {job.state === 'paused' && (
            <Button variant="primary" onClick={() => void resume(job.jobId)}>
              Resume
            </Button>
          )}
          {live && !confirmCancel && <Button onClick={() => setConfirmCancel(true)}>Cancel…</Button>}
        </div>
      </div>
      <ProgressBar job={job} />
      {confirmCancel && live && (
        <CancelConfirm
          warning={operationCancelWarning(job)}
          onKeep={() => setConfirmCancel(false)}
          onStop={() => {
            setConfirmCancel(false);
            void cancel(job.jobId);
          }}
        />
      )}
      <JobBanners job={job} />
      <div className="job-columns">
        <StateCounts states={OPERATION_STATES} counts={o.states} labels={OPERATION_STATE_LABEL} />
        <FactsGrid facts={operationFacts(job, now)} />
      </div>
      <JobItemsList
        job={job}
        noun={['key', 'keys']}
        filters={OPERATION_STATES.map((s) => ({ value: s, label: OPERATION_STATE_LABEL[s], count: o.states[s] }))}
        columns="minmax(0, 3fr) 90px 80px minmax(0, 2fr)"
        cells={(item) => (
          <>
            <span className="key-name mono" role="cell" title={item.key}>
              {item.key}
            </span>
            <span className={`key-state os-${item.state}`} role="cell">
              {OPERATION_STATE_LABEL[item.state as OperationItemState] ?? item.state}
            </span>
            <span className="key-size" role="cell">
              {humanSize(item.size)}
            </span>
            <span className="key-detail" role="cell" title={item.detail}>
              {item.detail ?? ''}
            </span>
          </>
        )}
      />
    </div>
  );
}
