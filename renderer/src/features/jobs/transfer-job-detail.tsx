/**
 * A download or upload in the jobs panel: files and bytes, speed and ETA,
 * how finished files were checked, Pause / Resume / Retry failed / Cancel
 * (asked first), the restore job a restore-first download waits for, and
 * the per-file list with each file's state, size, bytes moved and check.
 */
import type { TransferJobSummary } from '../../../../shared/ipc/jobs';
import type { TransferFileState } from '../../../../shared/ipc/transfers';
import { Button } from '../../kit';
import { isFinalJob, useAppStore } from '../../store';
import { humanSize } from '../browse/format';
import { JobDetailFrame } from './job-detail-frame';
import { FILE_STATE_LABEL, FILE_STATES, fileProgress, transferCancelWarning, transferFacts, transferLine, verificationText } from './transfer-job-view';

const n = (v: number) => v.toLocaleString('en-US');

/** The detail of one transfer job. */
export function TransferJobDetail({ job }: { job: TransferJobSummary }) {
  const pause = useAppStore((s) => s.pauseJob);
  const t = job.transfer;
  return (
    <JobDetailFrame
      job={job}
      heading={
        <>
          <span className={`job-direction is-${t.direction}`} aria-hidden="true">
            {t.direction === 'download' ? '↓' : '↑'}
          </span>{' '}
          {job.title}
        </>
      }
      lines={
        <>
          <p className="job-route mono" title={`${t.source} → ${t.destination}`} data-testid="job-route">
            {t.source} → {t.destination}
          </p>
          <p className="job-line" data-testid="job-progress-line">
            {transferLine(job)}
          </p>
        </>
      }
      actions={(confirming) => job.state === 'running' && !confirming && <Button onClick={() => void pause(job.jobId)}>Pause</Button>}
      failed={t.states.failed}
      cancelWarning={transferCancelWarning(job)}
      notice={t.restoreJobId && <RestoreWait job={job} restoreJobId={t.restoreJobId} />}
      states={FILE_STATES}
      counts={t.states}
      labels={FILE_STATE_LABEL}
      facts={(now) => transferFacts(job, now)}
      list={{
        noun: ['file', 'files'],
        columns: 'minmax(0, 3fr) 118px 70px 110px minmax(0, 1.6fr)',
        cells: (item) => {
          const check = verificationText(item);
          const moved = fileProgress(item);
          return (
            <>
              <span className="key-name mono" role="cell" title={item.key}>
                {item.key}
              </span>
              <span className={`key-state fs-${item.state}`} role="cell">
                {FILE_STATE_LABEL[item.state as TransferFileState] ?? item.state}
              </span>
              <span className="key-size" role="cell" title={`${n(item.size)} bytes`}>
                {humanSize(item.size)}
              </span>
              <span className="file-moved" role="cell" title={item.bytesDone !== undefined ? `${n(item.bytesDone)} of ${n(item.size)} bytes` : undefined}>
                {moved !== null && (
                  <>
                    <span className="file-bar" aria-hidden="true">
                      <span style={{ width: `${Math.round(moved * 100)}%` }} />
                    </span>
                    <span className="file-pct">{Math.floor(moved * 100)}%</span>
                  </>
                )}
              </span>
              <span className="key-detail" role="cell" title={item.detail ?? check?.title}>
                {item.detail ? <span className={item.state === 'failed' ? 'file-error' : undefined}>{item.detail}</span> : check ? <span className={`file-check is-${check.tone}`}>{check.text}</span> : ''}
              </span>
            </>
          );
        },
      }}
    />
  );
}

/** A restore-first download: which restore it waits for, with a way to it. */
function RestoreWait({ job, restoreJobId }: { job: TransferJobSummary; restoreJobId: string }) {
  const restore = useAppStore((s) => s.jobs[restoreJobId]);
  const select = useAppStore((s) => s.selectJob);
  const waiting = job.transfer.states['waiting-restore'];
  if (waiting === 0 && isFinalJob(job)) return null;
  return (
    <div className="job-banner is-info" role="status" data-testid="job-restore-wait">
      <p>
        {waiting > 0
          ? `${n(waiting)} ${waiting === 1 ? 'file waits' : 'files wait'} for its restore job; each downloads as soon as its object is restored.`
          : 'The archived objects were restored by its restore job.'}
        {restore && restore.kind === 'restore' && <span className="job-banner-detail"> Restore: {restore.restore.states.restored.toLocaleString('en-US')} of {restore.items.total.toLocaleString('en-US')} restored.</span>}
      </p>
      {restore && (
        <div className="job-banner-actions">
          <Button onClick={() => select(restoreJobId)}>Show restore job</Button>
        </div>
      )}
    </div>
  );
}
