/**
 * What the jobs panel says about jobs, computed without React: the bar's
 * summary, progress, durations, the ETA range and the facts of a restore
 * job (transfers and operations: transfer-job-view.ts).
 */
import type { JobState, JobSummary, RestoreJobSummary } from '../../../../shared/ipc/jobs';
import { RESTORE_KEY_STATES, type RestoreKeyState } from '../../../../shared/ipc/restore';
import { formatUtcDateTime } from '../browse/format';
import { formatUsd } from '../restore/restore-view';

const n = (v: number) => v.toLocaleString('en-US');

/** How each job state reads. */
export const STATE_LABEL: Record<JobState, string> = {
  running: 'Running',
  paused: 'Paused',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** How each per-key restore state reads (filter and list). */
export const KEY_STATE_LABEL: Record<RestoreKeyState, string> = {
  pending: 'Not requested yet',
  requested: 'Requested',
  'in-progress': 'In progress',
  restored: 'Restored',
  failed: 'Failed',
};

/** The per-key states in the order the panel shows them. */
export const KEY_STATES: readonly RestoreKeyState[] = RESTORE_KEY_STATES;

/** The collapsed bar's line: what runs, what waits, what ended. */
export function jobsSummary(jobs: readonly Pick<JobSummary, 'state'>[]): string {
  const count = (state: JobState) => jobs.filter((j) => j.state === state).length;
  const running = count('running');
  const paused = count('paused');
  const failed = count('failed');
  const parts: string[] = [];
  if (running > 0) parts.push(`${n(running)} running`);
  if (paused > 0) parts.push(`${n(paused)} paused`);
  if (failed > 0) parts.push(`${n(failed)} failed`);
  if (parts.length > 0) return parts.join(' · ');
  return jobs.length === 0 ? 'None running' : `None running · ${n(jobs.length)} finished`;
}

/**
 * Fraction of the job finished, 0..1: bytes for transfers (one big file moves too), items for the
 * others; an empty job counts as finished once it ended.
 */
export function progressOf(job: Pick<JobSummary, 'items' | 'state'> & Partial<Pick<JobSummary, 'kind' | 'bytes'>>): number {
  if (job.kind === 'transfer' && job.bytes && job.bytes.total > 0) return Math.min(1, job.bytes.done / job.bytes.total);
  if (job.items.total === 0) return job.state === 'running' || job.state === 'paused' ? 0 : 1;
  return Math.min(1, job.items.done / job.items.total);
}

/** `45 s`, `12 min`, `3 h 20 min`, `2 d 4 h`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}

/** An estimate rounded to what it can promise: minutes under an hour, hours under two days, then half days. */
function roughly(ms: number): number {
  const unit = ms < 3_600_000 ? 60_000 : ms < 48 * 3_600_000 ? 3_600_000 : 12 * 3_600_000;
  return Math.max(unit, Math.round(ms / unit) * unit);
}

/** "in 3 h – 5 h" for an ETA range from `now`; "any moment now" once the earliest has passed. */
export function etaText(eta: JobSummary['eta'], now: number): string | null {
  if (!eta) return null;
  const lo = eta.earliest - now;
  const hi = eta.latest - now;
  if (hi <= 0) return 'any moment now';
  if (lo <= 0) return `within ${formatDuration(roughly(hi))}`;
  const a = formatDuration(roughly(lo));
  const b = formatDuration(roughly(hi));
  return a === b ? `in about ${a}` : `in ${a} – ${b}`;
}

/** One line under a job's title: where it stands in numbers. */
export function progressLine(job: RestoreJobSummary): string {
  const { states } = job.restore;
  const parts = [`${n(states.restored)} of ${n(job.items.total)} restored`];
  if (states['in-progress'] + states.requested > 0) parts.push(`${n(states['in-progress'] + states.requested)} restoring`);
  if (states.pending > 0) parts.push(`${n(states.pending)} to request`);
  if (states.failed > 0) parts.push(`${n(states.failed)} failed`);
  return parts.join(' · ');
}

/** A label/value pair of the detail grid. */
export interface JobFact {
  label: string;
  value: string;
  title?: string;
  /** Takes two columns of the grid (a longer value). */
  wide?: boolean;
}

/** The facts the detail shows for a restore job at `now`. */
export function jobFacts(job: RestoreJobSummary, now: number): JobFact[] {
  const r = job.restore;
  const facts: JobFact[] = [];
  facts.push({ label: 'Tier', value: r.days !== undefined ? `${r.tier} · ${r.days} ${r.days === 1 ? 'day' : 'days'}` : `${r.tier} · no expiry (Intelligent-Tiering)` });
  const priced = `${r.pricing.estimatedFrom ? `estimated from ${r.pricing.estimatedFrom} prices` : `${r.pricing.region} prices`} of ${r.pricing.sourceDate}`;
  facts.push({ label: 'Estimated cost', value: formatUsd(r.estimatedCostUsd), title: priced });
  facts.push({ label: 'Elapsed', value: formatDuration((job.endedAt ?? now) - job.startedAt), title: `Started ${formatUtcDateTime(job.startedAt)}` });
  const eta = job.state === 'running' ? etaText(job.eta, now) : null;
  if (eta) facts.push({ label: 'Ready', value: eta, title: job.eta ? `${formatUtcDateTime(job.eta.earliest)} – ${formatUtcDateTime(job.eta.latest)}` : undefined });
  facts.push({ label: 'Requests', value: `${n(r.requests.restore)} restore · ${n(r.requests.list)} list${r.requests.head > 0 ? ` · ${n(r.requests.head)} HEAD` : ''}` });
  if (r.phase === 'issuing' && job.state === 'running') facts.push({ label: 'Rate', value: `${n(r.ratePerSecond)} requests/s` });
  if (r.lastCheckedAt) facts.push({ label: 'Last checked', value: formatUtcDateTime(r.lastCheckedAt) });
  if (r.nextCheckAt && job.state === 'running') facts.push({ label: 'Next check', value: r.nextCheckAt <= now ? 'now' : `in ${formatDuration(r.nextCheckAt - now)}` });
  if (r.earliestExpiry) facts.push({ label: 'Readable until', value: formatUtcDateTime(r.earliestExpiry), title: 'Earliest expiry among the restored copies' });
  if (r.skipped > 0) facts.push({ label: 'Skipped', value: `${n(r.skipped)} readable already` });
  return facts;
}

/** Why Cancel cannot take back what S3 accepted, with the job's own numbers. */
export function cancelWarning(job: RestoreJobSummary): string {
  const accepted = job.restore.states.requested + job.restore.states['in-progress'] + job.restore.states.restored;
  if (accepted === 0) return 'No request has been accepted yet: nothing will be billed.';
  return `S3 already accepted ${n(accepted)} ${accepted === 1 ? 'request' : 'requests'}. Those cannot be withdrawn: the objects will still be restored and billed. Cancelling stops the requests not sent yet and stops tracking.`;
}
