/**
 * A restore job in the jobs panel: counts per key state, tier and cost,
 * requests and checks, Check now / Retry / Cancel (which says what S3
 * keeps), and its per-key list.
 */
import type { RestoreJobSummary } from '../../../../shared/ipc/jobs';
import type { RestoreKeyState } from '../../../../shared/ipc/restore';
import { Button } from '../../kit';
import { useAppStore } from '../../store';
import { formatUtcDateTime, humanSize } from '../browse/format';
import { JobDetailFrame } from './job-detail-frame';
import { cancelWarning, jobFacts, KEY_STATE_LABEL, KEY_STATES, progressLine } from './jobs-view';

/** The detail of one restore job. */
export function RestoreJobDetail({ job }: { job: RestoreJobSummary }) {
  const checkNow = useAppStore((s) => s.checkJobNow);
  const r = job.restore;
  return (
    <JobDetailFrame
      job={job}
      lines={
        <p className="job-line" data-testid="job-progress-line">
          {progressLine(job)} · {humanSize(job.bytes.total)}
        </p>
      }
      actions={() => job.state === 'running' && r.phase === 'tracking' && <Button onClick={() => void checkNow(job.jobId)}>Check now</Button>}
      failed={r.states.failed}
      cancelWarning={cancelWarning(job)}
      states={KEY_STATES}
      counts={r.states}
      labels={KEY_STATE_LABEL}
      facts={(now) => jobFacts(job, now)}
      list={{
        noun: ['key', 'keys'],
        columns: 'minmax(0, 3fr) 120px 80px minmax(0, 2fr)',
        cells: (item) => (
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
        ),
      }}
    />
  );
}
