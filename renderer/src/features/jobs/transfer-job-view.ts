/**
 * What the jobs panel says about transfers and bulk operations, computed
 * without React: progress lines, speed and ETA, the facts grid, per-file
 * states, and how a finished file was checked.
 *
 * A file reads "verified" only when a checksum or an MD5 ETag was compared
 * (`verifiedBy` set and not `size`); `size` means only its length matched,
 * and a file with no `verifiedBy` is "unverified" — never a tick without a check.
 */
import type { JobItem, OperationJobSummary, TransferJobSummary } from '../../../../shared/ipc/jobs';
import type { OperationKind } from '../../../../shared/ipc/objects';
import { TRANSFER_FILE_STATES, type TransferFileState } from '../../../../shared/ipc/transfers';
import { formatUtcDateTime, humanSize } from '../browse/format';
import { etaText, formatDuration, type JobFact } from './jobs-view';

const n = (v: number) => v.toLocaleString('en-US');
const plural = (count: number, one: string, many: string) => `${n(count)} ${count === 1 ? one : many}`;

/** How each per-file state reads (filter and list). */
export const FILE_STATE_LABEL: Record<TransferFileState, string> = {
  queued: 'Queued',
  active: 'Transferring',
  'waiting-restore': 'Waiting for restore',
  done: 'Done',
  skipped: 'Skipped',
  failed: 'Failed',
};

/** The per-file states in the order the panel shows them. */
export const FILE_STATES: readonly TransferFileState[] = TRANSFER_FILE_STATES;

/** Per-key states of a bulk operation, in order. */
export const OPERATION_STATES = ['pending', 'done', 'failed', 'skipped'] as const;
export type OperationItemState = (typeof OPERATION_STATES)[number];

/** How each per-key operation state reads. */
export const OPERATION_STATE_LABEL: Record<OperationItemState, string> = {
  pending: 'Pending',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
};

/** The verb of each bulk operation, for titles and counts. */
export const OPERATION_LABEL: Record<OperationKind, { name: string; done: string }> = {
  delete: { name: 'Delete', done: 'deleted' },
  copy: { name: 'Copy', done: 'copied' },
  move: { name: 'Move', done: 'moved' },
  'storage-class': { name: 'Change storage class', done: 'changed' },
};

/** `12.5 MB/s`. */
export function formatRate(bytesPerSecond: number): string {
  return `${humanSize(Math.max(0, Math.round(bytesPerSecond)))}/s`;
}

/** One line under a transfer's title: files and bytes so far. */
export function transferLine(job: TransferJobSummary): string {
  const t = job.transfer;
  const verb = t.direction === 'download' ? 'downloaded' : 'uploaded';
  const finished = t.states.done;
  const parts = [`${n(finished)} of ${plural(job.items.total, 'file', 'files')} ${verb}`, `${humanSize(job.bytes.done)} of ${humanSize(job.bytes.total)}`];
  if (t.states.active > 0) parts.push(`${n(t.states.active)} in flight`);
  if (t.states['waiting-restore'] > 0) parts.push(`${n(t.states['waiting-restore'])} waiting for restore`);
  if (t.states.skipped > 0) parts.push(`${n(t.states.skipped)} skipped`);
  if (t.states.failed > 0) parts.push(`${n(t.states.failed)} failed`);
  return parts.join(' · ');
}

/**
 * When a running transfer should finish: the core's range when it sent one,
 * else the bytes left at the current speed; null when nothing is moving.
 */
export function transferEta(job: TransferJobSummary, now: number): string | null {
  if (job.state !== 'running') return null;
  if (job.eta) return etaText(job.eta, now);
  const left = job.bytes.total - job.bytes.done;
  const rate = job.transfer.bytesPerSecond;
  if (left <= 0 || rate <= 0) return null;
  return `about ${formatDuration(Math.max(1000, (left / rate) * 1000))} left`;
}

/** The facts the detail shows for a transfer at `now` (where from and to is its route line). */
export function transferFacts(job: TransferJobSummary, now: number): JobFact[] {
  const t = job.transfer;
  const facts: JobFact[] = [];
  if (job.state === 'running') facts.push({ label: 'Speed', value: t.bytesPerSecond > 0 ? formatRate(t.bytesPerSecond) : '—' });
  const eta = transferEta(job, now);
  if (eta) facts.push({ label: 'Finishes', value: eta, title: job.eta ? `${formatUtcDateTime(job.eta.earliest)} – ${formatUtcDateTime(job.eta.latest)}` : undefined });
  facts.push({ label: 'Elapsed', value: formatDuration((job.endedAt ?? now) - job.startedAt), title: `Started ${formatUtcDateTime(job.startedAt)}` });
  facts.push({
    label: 'Checked',
    value: `${n(t.verified)} verified · ${n(t.unverified)} unverified`,
    wide: true,
    title: 'Verified: a checksum (CRC64NVME, CRC32, CRC32C, SHA) or a plain MD5 ETag matched the bytes. Unverified: only the length could be compared.',
  });
  if (t.retries > 0) facts.push({ label: 'Retries', value: n(t.retries), title: 'Resumed ranges and restarted files' });
  return facts;
}

/** What Cancel does to a transfer, with the job's own numbers. */
export function transferCancelWarning(job: TransferJobSummary): string {
  const done = job.transfer.states.done;
  if (job.transfer.direction === 'download') {
    return `Cancelling stops the download and removes its partial files. ${done > 0 ? `The ${plural(done, 'file', 'files')} already downloaded stay in ${job.transfer.destination}.` : 'No file has finished yet.'}`;
  }
  return `Cancelling stops the upload and aborts its multipart uploads, so no parts are left behind in the bucket. ${done > 0 ? `The ${plural(done, 'file', 'files')} already uploaded stay.` : 'No file has finished yet.'}`;
}

/** How a file's check reads in the per-file list: null for files not finished. */
export function verificationText(item: Pick<JobItem, 'state' | 'verifiedBy'>): { text: string; tone: 'verified' | 'length' | 'unverified'; title: string } | null {
  if (item.state !== 'done') return null;
  const by = item.verifiedBy;
  if (!by) return { text: 'unverified', tone: 'unverified', title: 'No checksum could be compared for this file.' };
  if (by === 'size') return { text: 'length only', tone: 'length', title: 'Only the length matched: S3 sent no checksum or plain MD5 ETag to compare.' };
  if (by === 'parts') return { text: 'verified (part checksums)', tone: 'verified', title: 'Each part’s checksum matched.' };
  return { text: `verified (${by})`, tone: 'verified', title: by === 'MD5' ? 'The MD5 ETag matched the bytes.' : `The full-object ${by} checksum matched the bytes.` };
}

/** The fraction of a file moved, 0..1, or null when nothing is known. */
export function fileProgress(item: Pick<JobItem, 'size' | 'bytesDone' | 'state'>): number | null {
  if (item.state === 'done') return 1;
  if (item.bytesDone === undefined) return null;
  if (item.size <= 0) return item.state === 'active' ? 0 : null;
  return Math.min(1, item.bytesDone / item.size);
}

/** One line under an operation's title. */
export function operationLine(job: OperationJobSummary): string {
  const o = job.operation;
  const parts = [`${n(o.states.done)} of ${plural(job.items.total, 'object', 'objects')} ${OPERATION_LABEL[o.op].done}`];
  if (job.bytes.total > 0) parts.push(humanSize(job.bytes.total));
  if (o.states.skipped > 0) parts.push(`${n(o.states.skipped)} skipped`);
  if (o.states.failed > 0) parts.push(`${n(o.states.failed)} failed`);
  return parts.join(' · ');
}

/** The facts the detail shows for a bulk operation at `now`. */
export function operationFacts(job: OperationJobSummary, now: number): JobFact[] {
  const o = job.operation;
  const facts: JobFact[] = [{ label: 'Operation', value: OPERATION_LABEL[o.op].name }];
  facts.push({ label: 'Bucket', value: `s3://${job.bucket}` });
  if (o.target) facts.push({ label: 'To', value: o.target, title: o.target });
  if (o.storageClass) facts.push({ label: 'New class', value: o.storageClass });
  facts.push({ label: 'Elapsed', value: formatDuration((job.endedAt ?? now) - job.startedAt), title: `Started ${formatUtcDateTime(job.startedAt)}` });
  const eta = job.state === 'running' ? etaText(job.eta, now) : null;
  if (eta) facts.push({ label: 'Finishes', value: eta });
  return facts;
}

/** What Cancel does to a bulk operation: it stops; what is done stays done. */
export function operationCancelWarning(job: OperationJobSummary): string {
  const done = job.operation.states.done;
  const verb = OPERATION_LABEL[job.operation.op].done;
  const kept = done > 0 ? `The ${plural(done, 'object', 'objects')} ${verb} so far stay ${verb}.` : 'Nothing has changed yet.';
  const move = job.operation.op === 'move' ? ' A move never deletes an object whose copy is not finished.' : '';
  return `Cancelling stops the job. ${kept}${move}`;
}
