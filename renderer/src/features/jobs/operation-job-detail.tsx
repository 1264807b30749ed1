/**
 * A bulk operation (delete, copy, move, storage-class change) in the jobs
 * panel: what it does and where to, counts per key state, Resume and
 * Cancel (asked first: what is done stays done), and its per-key list with
 * the reason of every failure or skip.
 */
import type { OperationJobSummary } from '../../../../shared/ipc/jobs';
import { humanSize } from '../browse/format';
import { JobDetailFrame } from './job-detail-frame';
import { operationCancelWarning, OPERATION_STATE_LABEL, OPERATION_STATES, operationFacts, operationLine, type OperationItemState } from './transfer-job-view';

/** The detail of one operation job. */
export function OperationJobDetail({ job }: { job: OperationJobSummary }) {
  return (
    <JobDetailFrame
      job={job}
      lines={
        <p className="job-line" data-testid="job-progress-line">
          {operationLine(job)}
        </p>
      }
      cancelWarning={operationCancelWarning(job)}
      states={OPERATION_STATES}
      counts={job.operation.states}
      labels={OPERATION_STATE_LABEL}
      facts={(now) => operationFacts(job, now)}
      list={{
        noun: ['key', 'keys'],
        columns: 'minmax(0, 3fr) 90px 80px minmax(0, 2fr)',
        cells: (item) => (
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
        ),
      }}
    />
  );
}
