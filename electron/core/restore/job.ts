/**
 * One restore job: issue the pending keys, then track them to completion,
 * journaling every fact before acting on it.
 *
 * The work loop: while keys are pending, issue them (issuer.ts); then wait
 * for the next check (sooner for Expedited, later for Bulk, at once on
 * "Check now" or after a restart) and track (tracker.ts); end `done` when no
 * key is pending or being restored. Key changes are gathered and journaled
 * in batches a few times a second; the table is told about them
 * (`objects:restore-changed`) once they are durable. A failed journal write
 * (a full disk) pauses the job with the changes kept for the next try, so
 * nothing is ever marked requested on disk that was not, and a crash only
 * costs re-sending requests S3 answers harmlessly with 409.
 */
import { rm } from 'node:fs/promises';
import type { JobItemsPage, RestoreJobSummary } from '../../../shared/ipc/jobs';
import type { RestoreKeyState } from '../../../shared/ipc/restore';
import { RESTORE_KEY_STATES } from '../../../shared/ipc/restore';
import type { IpcError } from '../../../shared/ipc/result';
import type { JobController } from '../jobs/board';
import type { Journal } from '../persist/journal';
import { describeS3Error } from '../s3/describe-error';
import { toIpcError } from '../errors';
import { issuePending } from './issuer';
import { jobPaths, type LoadedJob } from './job-files';
import { jobItems, journalError, restoreChangedEvents, restoreEta } from './job-report';
import type { RateLimiter } from './rate';
import type { RestoreJobDeps } from './job-deps';
import { checkRestores, type TrackedChange } from './tracker';
import {
  keysRecord,
  RESTORE_JOURNAL_VERSION,
  S_FAILED,
  S_IN_PROGRESS,
  S_PENDING,
  S_REQUESTED,
  S_RESTORED,
  type JobStatus,
  type KeyChange,
  type KeyStates,
  type RestoreJobSpec,
  type RestoreRecord,
} from './state';

/** How often key changes are journaled while a job issues requests. */
const FLUSH_MS = 250;
/** A journal past this many bytes is compacted into one snapshot record. */
const COMPACT_BYTES = 8 * 1024 * 1024;
/** Longest wait between two checks, per tier (AWS: minutes for Expedited, hours for Standard, up to two days for Bulk). */
const MAX_CHECK_MS = { Expedited: 60_000, Standard: 15 * 60_000, Bulk: 30 * 60_000 } as const;

/** A running (or finished) restore job. */
export class RestoreJob implements JobController {
  readonly id: string;
  readonly spec: RestoreJobSpec;
  private readonly keys: KeyStates;
  private readonly status: JobStatus;
  private readonly journal: Journal<RestoreRecord>;
  private readonly paths: { keyFile: string; journal: string };
  private restoreStatusSupported: boolean;
  private unjournaled: Array<KeyChange & { key: string }> = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private controller: AbortController | undefined;
  private working: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private nextCheckAt: number | undefined;
  private phase: RestoreJobSummary['restore']['phase'] = 'issuing';
  private disposed = false;

  constructor(
    private readonly dir: string,
    loaded: LoadedJob,
    private readonly deps: RestoreJobDeps,
    private readonly rate: RateLimiter,
  ) {
    this.spec = loaded.spec;
    this.id = loaded.spec.jobId;
    this.keys = loaded.keys;
    this.status = loaded.status;
    this.journal = loaded.journal;
    this.restoreStatusSupported = loaded.restoreStatusSupported;
    this.paths = jobPaths(dir);
    this.phase = this.final() ? 'finished' : this.keys.counts[S_PENDING]! > 0 ? 'issuing' : 'tracking';
  }

  /** True once the job ended (done, failed or cancelled). */
  final(): boolean {
    return this.status.state === 'done' || this.status.state === 'failed' || this.status.state === 'cancelled';
  }

  /** Starts (or continues after a restart) the work loop, unless the job is paused or over. */
  start(): void {
    if (this.final() || this.status.state === 'paused' || this.working || this.disposed) return;
    const controller = new AbortController();
    this.controller = controller;
    this.working = this.work(controller.signal).finally(() => {
      if (this.controller === controller) {
        this.controller = undefined;
        this.working = undefined;
      }
    });
  }

  /** Stops issuing and ends the job as cancelled. */
  async cancel(): Promise<boolean> {
    if (this.final()) return false;
    await this.stopWork();
    await this.flush();
    await this.end('cancelled');
    return true;
  }

  /** Continues a paused job. */
  async resume(): Promise<boolean> {
    if (this.status.state !== 'paused') return false;
    await this.setStatus('running');
    this.start();
    return true;
  }

  /** Puts failed keys back in the queue; a finished job runs again. */
  async retryFailed(): Promise<number> {
    await this.stopWork();
    const changes: Array<KeyChange & { key: string }> = [];
    for (let i = 0; i < this.keys.n; i++) if (this.keys.state[i] === S_FAILED) changes.push({ i, s: S_PENDING, key: '' });
    if (changes.length === 0) {
      this.start();
      return 0;
    }
    for (const c of changes) this.keys.set(c.i, S_PENDING);
    this.unjournaled.push(...changes);
    await this.flush();
    if (this.final()) {
      delete this.status.endedAt;
      delete this.status.error;
    }
    await this.setStatus('running');
    this.phase = 'issuing';
    this.start();
    return changes.length;
  }

  /** Checks progress now instead of at the next scheduled check. */
  checkNow(): boolean {
    if (!this.wake) return false;
    this.nextCheckAt = this.deps.now();
    this.wake();
    return true;
  }

  /** Waits for in-flight work and closes the journal; the job resumes from disk next time. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.stopWork();
    await this.flush().catch(() => undefined);
    await this.journal.close();
  }

  summary(): RestoreJobSummary {
    const k = this.keys;
    const states = Object.fromEntries(RESTORE_KEY_STATES.map((name, code) => [name, k.counts[code]!])) as Record<RestoreKeyState, number>;
    const earliestExpiry = this.phase === 'issuing' ? undefined : k.earliestExpiry();
    return {
      jobId: this.id,
      kind: 'restore',
      state: this.status.state,
      title: this.spec.title,
      connectionId: this.spec.connectionId,
      bucket: this.spec.bucket,
      startedAt: this.spec.startedAt,
      ...(this.status.endedAt !== undefined ? { endedAt: this.status.endedAt } : {}),
      items: { total: k.total, done: k.counts[S_RESTORED]! + k.counts[S_FAILED]!, failed: k.counts[S_FAILED]! },
      bytes: { total: k.bytesTotal, done: k.bytesRestored },
      eta: this.eta(),
      ...(this.status.pausedReason ? { pausedReason: this.status.pausedReason } : {}),
      ...(this.status.error ? { error: this.status.error } : {}),
      restore: {
        phase: this.phase,
        tier: this.spec.tier,
        ...(this.spec.days !== undefined ? { days: this.spec.days } : {}),
        states,
        skipped: this.spec.skipped,
        prefixes: this.spec.prefixes,
        keyCount: this.spec.keyCount,
        estimatedCostUsd: this.spec.estimatedCostUsd,
        pricing: this.spec.pricing,
        requests: { ...this.status.requests },
        ratePerSecond: Math.round(this.rate.rate),
        ...(this.status.lastCheckedAt !== undefined ? { lastCheckedAt: this.status.lastCheckedAt } : {}),
        ...(this.nextCheckAt !== undefined && this.phase === 'tracking' ? { nextCheckAt: this.nextCheckAt } : {}),
        ...(earliestExpiry !== undefined ? { earliestExpiry } : {}),
      },
    };
  }

  items(state: string | undefined, offset: number, limit: number): Promise<JobItemsPage> {
    return jobItems(this.keys, this.paths.keyFile, state, offset, limit);
  }

  async remove(): Promise<void> {
    await this.dispose();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async work(signal: AbortSignal): Promise<void> {
    try {
      for (;;) {
        if (signal.aborted) return;
        if (this.keys.counts[S_PENDING]! > 0) {
          this.phase = 'issuing';
          this.changed();
          if (!(await this.issue(signal))) return;
          this.status.issuedAt = this.deps.now();
          await this.append({ v: RESTORE_JOURNAL_VERSION, at: this.status.issuedAt, op: 'status', state: 'running', issuedAt: this.status.issuedAt });
          // The first check comes soon after issuing: fast tiers (and the sandbox) finish in seconds.
          this.nextCheckAt = this.deps.now() + this.deps.minCheckMs();
        }
        if (this.watching() === 0 && this.keys.counts[S_PENDING] === 0) {
          await this.end('done');
          return;
        }
        this.phase = 'tracking';
        this.nextCheckAt ??= this.deps.now();
        this.changed();
        await this.sleepUntilCheck(signal);
        if (signal.aborted) return;
        if (!(await this.check(signal))) return;
      }
    } catch (err) {
      if (signal.aborted) return;
      const error = toIpcError(err);
      if (error.code === 'NoSuchConnection' || error.code === 'NoSuchBucket') await this.end('failed', error);
      else await this.pause(error);
    }
  }

  /** Issues every pending key; false when the job paused or stopped. */
  private async issue(signal: AbortSignal): Promise<boolean> {
    const client = await this.deps.s3.clientFor(this.spec.connectionId, this.spec.bucket, 'bulk');
    this.flushTimer = setInterval(() => void this.flush().catch(() => undefined), FLUSH_MS);
    let outcome;
    try {
      outcome = await issuePending({
        client,
        bucket: this.spec.bucket,
        keyFile: this.paths.keyFile,
        keys: this.keys,
        request: { tier: this.spec.tier, ...(this.spec.days !== undefined ? { days: this.spec.days } : {}) },
        rate: this.rate,
        concurrency: () => this.deps.settings().restore.concurrency,
        signal,
        now: this.deps.now,
        clock: this.deps.clock,
        onRequest: () => {
          this.status.requests.restore++;
        },
        onChange: (i, key, answer) => {
          if (this.keys.set(i, answer.state, answer.fail ?? 0, answer.expiryMs ? Math.round(answer.expiryMs / 86_400_000) : 0)) {
            this.unjournaled.push({ i, s: answer.state, key, ...(answer.fail ? { c: answer.fail } : {}), ...(answer.expiryMs ? { x: Math.round(answer.expiryMs / 86_400_000) } : {}) });
            this.changed();
          }
        },
      });
    } finally {
      clearInterval(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (!(await this.flush())) return false;
    if (outcome.kind === 'paused') {
      await this.pause(outcome.error);
      return false;
    }
    return outcome.kind === 'done';
  }

  /** One progress check; false when the job paused or stopped. */
  private async check(signal: AbortSignal): Promise<boolean> {
    const client = await this.deps.s3.clientFor(this.spec.connectionId, this.spec.bucket);
    let result;
    try {
      result = await checkRestores({
        client,
        bucket: this.spec.bucket,
        keyFile: this.paths.keyFile,
        keys: this.keys,
        segments: this.spec.segments,
        restoreStatusSupported: this.restoreStatusSupported,
        signal,
        listers: this.deps.listers,
        onChanges: (changes) => this.applyTracked(changes),
      });
    } catch (err) {
      if (signal.aborted) return false;
      const error = toIpcError(describeS3Error(err, { action: 's3:ListBucket', bucket: this.spec.bucket }));
      if (['ExpiredCredentials', 'InvalidCredentials', 'SsoLoginRequired', 'AccessDenied'].includes(error.code)) {
        await this.pause(error);
        return false;
      }
      // A passing failure (network, throttling): try again at the next check.
      this.nextCheckAt = this.deps.now() + this.checkInterval();
      return true;
    }
    this.status.requests.list += result.listRequests;
    this.status.requests.head += result.headRequests;
    this.restoreStatusSupported = result.restoreStatusSupported;
    this.status.lastCheckedAt = this.deps.now();
    if (!(await this.flush())) return false;
    await this.append({
      v: RESTORE_JOURNAL_VERSION,
      at: this.status.lastCheckedAt,
      op: 'checked',
      lastCheckedAt: this.status.lastCheckedAt,
      requests: { ...this.status.requests },
      ...(this.restoreStatusSupported ? {} : { restoreStatusSupported: false }),
    });
    this.nextCheckAt = this.deps.now() + this.checkInterval();
    this.changed();
    return true;
  }

  private applyTracked(changes: TrackedChange[]): void {
    for (const c of changes) {
      if (this.keys.set(c.i, c.state, c.fail ?? 0, c.expiryDay ?? 0)) {
        this.unjournaled.push({ i: c.i, s: c.state, key: c.key, ...(c.fail ? { c: c.fail } : {}), ...(c.expiryDay ? { x: c.expiryDay } : {}) });
      }
    }
    this.changed();
  }

  /**
   * Journals the gathered key changes; true when they are durable. On a
   * failed write the job pauses (DiskFull for ENOSPC) and the changes are
   * kept for the next flush.
   */
  private async flush(): Promise<boolean> {
    if (this.unjournaled.length === 0) return true;
    const batch = this.unjournaled;
    this.unjournaled = [];
    try {
      await this.journal.append(keysRecord(batch, this.deps.now()));
    } catch (err) {
      this.unjournaled = batch.concat(this.unjournaled);
      await this.pause(journalError(err), false);
      return false;
    }
    this.announce(batch);
    await this.compactIfLarge();
    return true;
  }

  /** Tells listings and the inspector about keys whose restore state changed. */
  private announce(batch: ReadonlyArray<KeyChange & { key: string }>): void {
    for (const event of restoreChangedEvents(this.spec, batch)) this.deps.emit('objects:restore-changed', event);
  }

  private async compactIfLarge(): Promise<void> {
    if (this.journal.size < COMPACT_BYTES) return;
    const snap = this.keys.snapshot();
    await this.journal
      .replace([{ v: RESTORE_JOURNAL_VERSION, at: this.deps.now(), op: 'snapshot', job: this.spec, ...snap, status: { ...this.status, restoreStatusSupported: this.restoreStatusSupported } }])
      .catch(() => undefined);
  }

  private async pause(reason: IpcError, stop = true): Promise<void> {
    if (this.final()) return;
    if (stop && this.controller && !this.controller.signal.aborted) this.controller.abort();
    this.status.state = 'paused';
    this.status.pausedReason = reason;
    this.changed();
    // The reason may be the full disk itself: the record is best effort, the state in memory is what counts now.
    await this.journal.append({ v: RESTORE_JOURNAL_VERSION, at: this.deps.now(), op: 'status', state: 'paused', reason }).catch(() => undefined);
    this.deps.notify('Restore paused', `${this.spec.title}: ${reason.message}`);
  }

  private async setStatus(state: 'running' | 'paused'): Promise<void> {
    this.status.state = state;
    if (state === 'running') delete this.status.pausedReason;
    await this.append({ v: RESTORE_JOURNAL_VERSION, at: this.deps.now(), op: 'status', state });
    this.changed();
  }

  private async end(outcome: 'done' | 'failed' | 'cancelled', error?: IpcError): Promise<void> {
    this.status.state = outcome;
    this.status.endedAt = this.deps.now();
    this.phase = 'finished';
    delete this.status.pausedReason;
    if (error) this.status.error = error;
    await this.append({ v: RESTORE_JOURNAL_VERSION, at: this.status.endedAt, op: 'ended', outcome, requests: { ...this.status.requests }, ...(error ? { error } : {}) });
    this.changed();
    this.deps.onEnded(this, outcome);
  }

  private async append(record: RestoreRecord): Promise<void> {
    try {
      await this.journal.append(record);
    } catch (err) {
      await this.pause(journalError(err), false);
    }
  }

  private async stopWork(): Promise<void> {
    this.controller?.abort();
    this.wake?.();
    await this.working;
  }

  private sleepUntilCheck(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const wait = Math.max(0, (this.nextCheckAt ?? 0) - this.deps.now());
      const timer = setTimeout(done, wait);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
      signal.addEventListener('abort', done, { once: true });
    }).finally(() => {
      this.wake = undefined;
    });
  }

  /** Next check: a quarter of the time since issuing (so checks thin out), between the minimum and the tier's cap. */
  private checkInterval(): number {
    const since = this.deps.now() - (this.status.issuedAt ?? this.spec.startedAt);
    return Math.min(MAX_CHECK_MS[this.spec.tier], Math.max(this.deps.minCheckMs(), since / 4));
  }

  private watching(): number {
    return this.keys.counts[S_REQUESTED]! + this.keys.counts[S_IN_PROGRESS]!;
  }

  private eta(): { earliest: number; latest: number } | null {
    if (this.final()) return null;
    return restoreEta(this.keys, this.spec.tier, this.status.issuedAt ?? this.spec.startedAt, this.rate.rate, this.deps.now());
  }

  private changed(): void {
    this.deps.board.changed(this.id);
  }
}
