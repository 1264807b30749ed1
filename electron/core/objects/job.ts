/**
 * One bulk operation job: work the keys, journaling every fact before it is relied on.
 *
 * The work: abort multipart copies a crash left open, then the copy phase
 * (copy, move, storage-class change) and the delete phase (delete, and a
 * move's sources once their copies are durable), then end `done`. Key
 * changes are gathered and journaled a few times a second; a move deletes
 * a source only after its `copied` state is on disk, so a crash between
 * the two costs at most a repeated copy, never a lost object. A job stopped
 * mid-run (quit, crash) continues from the journal at the next start
 * without repeating keys it had finished.
 */
import { rm } from 'node:fs/promises';
import type { JobItemsPage, OperationJobSummary } from '../../../shared/ipc/jobs';
import type { IpcError } from '../../../shared/ipc/result';
import type { S3Access } from '../connections';
import { toIpcError } from '../errors';
import type { JobBoard, JobController } from '../jobs/board';
import type { Journal, JournalOpener } from '../persist/journal';
import { journalError } from '../restore/job-report';
import { abortUpload } from './copier';
import { jobItems, jobPaths, type LoadedOperationJob, type OpenUpload } from './job-files';
import { copyPhase, deletePhase, type PhaseContext } from './phases';
import {
  keysRecord,
  OPERATION_JOURNAL_VERSION,
  S_COPIED,
  S_DONE,
  S_FAILED,
  S_PENDING,
  S_SKIPPED,
  type KeyChange,
  type OperationJobSpec,
  type OperationRecord,
  type OpKeyStates,
  type OpStatus,
} from './state';

/** How often key changes are journaled while a job works. */
const FLUSH_MS = 250;
/** A journal past this many bytes is compacted into one snapshot record. */
const COMPACT_BYTES = 8 * 1024 * 1024;

/** What every operation job of one core shares. */
export interface OperationJobDeps {
  s3: Pick<S3Access, 'clientFor'>;
  board: JobBoard;
  now: () => number;
  /** Copies in flight per job. */
  copyConcurrency: number;
  /** DeleteObjects requests in flight per job. */
  deleteConcurrency: number;
  journalOpener?: JournalOpener;
  /** Called once when a job ends (activity log, notification). */
  onEnded: (job: OperationJob, outcome: 'done' | 'failed' | 'cancelled') => void;
  /** Called when the job's files were removed (`jobs:clear`). */
  onRemoved: (jobId: string) => void;
}

/** A running (or finished) bulk operation. */
export class OperationJob implements JobController {
  readonly id: string;
  readonly spec: OperationJobSpec;
  private readonly keys: OpKeyStates;
  private readonly status: OpStatus;
  private readonly journal: Journal<OperationRecord>;
  private readonly uploads: Map<number, OpenUpload>;
  private readonly paths: { keyFile: string; journal: string };
  private unjournaled: KeyChange[] = [];
  private controller: AbortController | undefined;
  private working: Promise<void> | undefined;
  private stopped: { kind: 'pause' | 'end'; error: IpcError } | undefined;
  private runStart = { at: 0, finished: 0 };
  private disposed = false;

  constructor(
    private readonly dir: string,
    loaded: LoadedOperationJob,
    private readonly deps: OperationJobDeps,
  ) {
    this.spec = loaded.spec;
    this.id = loaded.spec.jobId;
    this.keys = loaded.keys;
    this.status = loaded.status;
    this.journal = loaded.journal;
    this.uploads = loaded.uploads;
    this.paths = jobPaths(dir);
  }

  /** True once the job ended. */
  final(): boolean {
    return this.status.state === 'done' || this.status.state === 'failed' || this.status.state === 'cancelled';
  }

  /** Starts (or continues after a restart) the work, unless paused or over. */
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

  /** Stops the work and ends the job cancelled; finished keys stay finished. */
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
    this.status.state = 'running';
    delete this.status.pausedReason;
    await this.append({ v: OPERATION_JOURNAL_VERSION, at: this.deps.now(), op: 'status', state: 'running' });
    this.changed();
    this.start();
    return true;
  }

  /** Waits for in-flight work and closes the journal; the job continues from disk next time. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.stopWork();
    await this.flush().catch(() => undefined);
    await this.journal.close();
  }

  summary(): OperationJobSummary {
    const k = this.keys;
    const finished = k.counts[S_DONE]! + k.counts[S_FAILED]! + k.counts[S_SKIPPED]!;
    const { target } = this.spec;
    return {
      jobId: this.id,
      kind: 'operation',
      state: this.status.state,
      title: this.spec.title,
      connectionId: this.spec.connectionId,
      bucket: this.spec.bucket,
      startedAt: this.spec.startedAt,
      ...(this.status.endedAt !== undefined ? { endedAt: this.status.endedAt } : {}),
      items: { total: k.n, done: finished, failed: k.counts[S_FAILED]! },
      bytes: { total: k.bytesTotal, done: k.bytesDone },
      eta: this.eta(finished),
      ...(this.status.pausedReason ? { pausedReason: this.status.pausedReason } : {}),
      ...(this.status.error ? { error: this.status.error } : {}),
      operation: {
        op: this.spec.op,
        ...(target ? { target: `s3://${target.bucket}/${target.prefix}` } : {}),
        ...(this.spec.storageClass ? { storageClass: this.spec.storageClass } : {}),
        states: { pending: k.open, done: k.counts[S_DONE]!, failed: k.counts[S_FAILED]!, skipped: k.counts[S_SKIPPED]! },
      },
    };
  }

  /** Request counters (tests and the activity log). */
  requests(): OpStatus['requests'] {
    return { ...this.status.requests };
  }

  items(state: string | undefined, offset: number, limit: number): Promise<JobItemsPage> {
    return jobItems(this.keys, this.paths.keyFile, state, offset, limit);
  }

  async remove(): Promise<void> {
    await this.dispose();
    await rm(this.dir, { recursive: true, force: true });
    this.deps.onRemoved(this.id);
  }

  private async work(signal: AbortSignal): Promise<void> {
    const flusher = setInterval(() => void this.flush().catch(() => undefined), FLUSH_MS);
    this.stopped = undefined;
    this.runStart = { at: this.deps.now(), finished: this.keys.n - this.keys.open };
    try {
      const { spec } = this;
      const sourceClient = await this.deps.s3.clientFor(spec.connectionId, spec.bucket, 'bulk');
      const targetClient = spec.target && spec.op !== 'storage-class' ? await this.deps.s3.clientFor(spec.target.connectionId, spec.target.bucket, 'bulk') : sourceClient;
      await this.abortLeftUploads(targetClient);
      const ctx: PhaseContext = {
        spec,
        keys: this.keys,
        keyFile: this.paths.keyFile,
        signal,
        sourceClient,
        targetClient,
        concurrency: spec.op === 'delete' ? this.deps.deleteConcurrency : this.deps.copyConcurrency,
        requests: this.status.requests,
        change: (i, state, reason = 0) => {
          if (this.keys.set(i, state, reason)) {
            this.unjournaled.push({ i, s: state, ...(reason ? { c: reason } : {}) });
            this.changed();
          }
        },
        stop: (kind, error) => {
          this.stopped ??= { kind, error };
          this.controller?.abort();
        },
        onUpload: (i, key, uploadId, open) => this.recordUpload(i, key, uploadId, open),
      };
      if (spec.op === 'delete') await deletePhase(ctx, S_PENDING);
      else {
        await copyPhase(ctx);
        if (spec.op === 'move' && !signal.aborted) {
          // Sources go only once their copies are on disk as copied.
          if (!(await this.flush())) return;
          ctx.concurrency = this.deps.deleteConcurrency;
          await deletePhase(ctx, S_COPIED);
        }
      }
      if (!(await this.flush())) return;
      const stopped = this.stopped as { kind: 'pause' | 'end'; error: IpcError } | undefined;
      if (stopped) {
        if (stopped.kind === 'end') await this.end('failed', stopped.error);
        else await this.pause(stopped.error);
        return;
      }
      if (signal.aborted) return;
      await this.end('done');
    } catch (err) {
      if (signal.aborted && !this.stopped) return;
      const error = toIpcError(err);
      await this.flush().catch(() => undefined);
      if (error.code === 'NoSuchConnection' || error.code === 'NoSuchBucket') await this.end('failed', error);
      else await this.pause(error);
    } finally {
      clearInterval(flusher);
    }
  }

  /** Aborts the multipart copies a crash (or a stop) left open; their keys are copied again. */
  private async abortLeftUploads(client: Awaited<ReturnType<S3Access['clientFor']>>): Promise<void> {
    const bucket = this.spec.target && this.spec.op !== 'storage-class' ? this.spec.target.bucket : this.spec.bucket;
    for (const [i, u] of [...this.uploads]) {
      if (await abortUpload(client, bucket, u.key, u.uploadId)) await this.recordUpload(i, u.key, u.uploadId, false);
    }
  }

  private async recordUpload(i: number, key: string, uploadId: string, open: boolean): Promise<void> {
    if (open) this.uploads.set(i, { uploadId, key });
    else if (this.uploads.get(i)?.uploadId === uploadId) this.uploads.delete(i);
    await this.journal.append({ v: OPERATION_JOURNAL_VERSION, at: this.deps.now(), op: 'upload', i, uploadId, key, open });
  }

  /** Journals the gathered key changes; true when they are durable (a failed write pauses the job, changes kept). */
  private async flush(): Promise<boolean> {
    if (this.unjournaled.length === 0) return true;
    const batch = this.unjournaled;
    this.unjournaled = [];
    try {
      await this.journal.append(keysRecord(batch, this.deps.now()));
    } catch (err) {
      this.unjournaled = batch.concat(this.unjournaled);
      this.controller?.abort();
      await this.pause(journalError(err));
      return false;
    }
    await this.compactIfLarge();
    return true;
  }

  private async compactIfLarge(): Promise<void> {
    if (this.journal.size < COMPACT_BYTES) return;
    const uploads: Array<[number, string, string]> = [...this.uploads].map(([i, u]) => [i, u.uploadId, u.key]);
    await this.journal
      .replace([{ v: OPERATION_JOURNAL_VERSION, at: this.deps.now(), op: 'snapshot', job: this.spec, ...this.keys.snapshot(), uploads, status: { ...this.status } }])
      .catch(() => undefined);
  }

  private async pause(reason: IpcError): Promise<void> {
    if (this.final()) return;
    this.status.state = 'paused';
    this.status.pausedReason = reason;
    this.changed();
    await this.journal.append({ v: OPERATION_JOURNAL_VERSION, at: this.deps.now(), op: 'status', state: 'paused', reason }).catch(() => undefined);
  }

  private async end(outcome: 'done' | 'failed' | 'cancelled', error?: IpcError): Promise<void> {
    this.status.state = outcome;
    this.status.endedAt = this.deps.now();
    delete this.status.pausedReason;
    if (error) this.status.error = error;
    await this.append({ v: OPERATION_JOURNAL_VERSION, at: this.status.endedAt, op: 'ended', outcome, requests: { ...this.status.requests }, ...(error ? { error } : {}) });
    this.changed();
    this.deps.onEnded(this, outcome);
  }

  private async append(record: OperationRecord): Promise<void> {
    try {
      await this.journal.append(record);
    } catch (err) {
      await this.pause(journalError(err));
    }
  }

  private async stopWork(): Promise<void> {
    this.controller?.abort();
    await this.working;
  }

  /** The rate of this run so far applied to what is left; null until it has a rate. */
  private eta(finished: number): { earliest: number; latest: number } | null {
    if (this.final() || this.status.state === 'paused') return null;
    const now = this.deps.now();
    const done = finished - this.runStart.finished;
    const elapsed = now - this.runStart.at;
    if (done <= 0 || elapsed <= 0) return null;
    const at = now + (this.keys.open / done) * elapsed;
    return { earliest: at, latest: at };
  }

  private changed(): void {
    this.deps.board.changed(this.id);
  }
}
