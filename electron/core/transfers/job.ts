/**
 * One transfer job (download or upload): move its files, journaling every fact before it is relied on.
 *
 * The work reads the key file in order and runs up to `fileConcurrency`
 * files at once through `downloadObject` / `uploadFile`. What the journal
 * holds makes a restart cheap: a download's decided local name and every
 * range written to its `.part` (so only missing ranges are fetched again),
 * an upload's open multipart upload (so it continues with ListParts), and
 * each finished file with how it was verified. A file that was active when
 * the process died is simply queued again and continues from those facts.
 *
 * A local problem that stops every file — the disk full or read-only, the
 * folder gone — and a lost sign-in or endpoint pause the job with the
 * reason; resume continues. Any other failure fails that file with its
 * reason and the job goes on. Pause keeps `.part` files and open uploads;
 * cancel removes the parts of unfinished files and aborts their uploads.
 * A `restore-first` download's archived files wait (`waiting-restore`)
 * until a HEAD finds them readable, checked when the linked restore job
 * reports progress.
 */
import { AbortMultipartUploadCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { setMaxListeners } from 'node:events';
import { access, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobItem, JobItemsPage, JobSummary, TransferJobSummary } from '../../../shared/ipc/jobs';
import type { IpcError } from '../../../shared/ipc/result';
import { TRANSFER_FILE_STATES } from '../../../shared/ipc/transfers';
import type { S3Access } from '../connections';
import { ThawError, toIpcError } from '../errors';
import type { JobBoard, JobController } from '../jobs/board';
import { Journal, type JournalOpener } from '../persist/journal';
import { forEachKey, readKeys, type KeyLine } from '../restore/key-file';
import { journalError } from '../restore/job-report';
import { probeLocal, type LocalNames } from './collisions';
import { downloadObject, type DownloadObjectInput } from './download-object';
import { ensureDirInside, resolveRoot, type DownloadRoot } from './local-path';
import { removePart, partPathOf } from './part-file';
import { downloadNames, KEY_FILE } from './plan';
import {
  addRange,
  F_ACTIVE,
  F_DONE,
  F_FAILED,
  F_QUEUED,
  F_SKIPPED,
  F_WAITING,
  filesRecord,
  FileStates,
  FLAG_READABLE,
  TRANSFER_JOURNAL_VERSION,
  VERIFIED_CODES,
  verifiedCode,
  type FileChange,
  type TransferJobSpec,
  type TransferRecord,
  type TransferStatus,
} from './state';
import { uploadFile, type UploadFileInput } from './upload-file';

const FLUSH_MS = 250;
/** Errors that stop every file, not just one: the job pauses until the user resumes. */
const PAUSING = new Set(['DiskFull', 'ReadOnly', 'ExpiredCredentials', 'InvalidCredentials', 'SsoLoginRequired', 'EndpointUnreachable', 'NoSuchBucket']);

export const JOURNAL_FILE = 'journal.jsonl';

export interface TransferJobDeps {
  s3: Pick<S3Access, 'clientFor'>;
  board: JobBoard;
  now: () => number;
  /** Files in flight per job, read as each file starts (a settings change applies to running jobs). */
  fileConcurrency: () => number;
  journalOpener?: JournalOpener;
  /** Knobs passed through to the engines (tests lower sizes and timeouts). */
  downloadOptions?: DownloadObjectInput['options'];
  uploadOptions?: UploadFileInput['options'];
  /** How often a restore-first download looks at its restore job. */
  restoreCheckMs: number;
  onEnded: (job: TransferJob, outcome: 'done' | 'failed' | 'cancelled') => void;
  onRemoved: (jobId: string) => void;
}

/** What a job directory replays to. */
export interface LoadedTransferJob {
  spec: TransferJobSpec;
  files: FileStates;
  status: TransferStatus;
  journal: Journal<TransferRecord>;
  ranges: Map<number, { etag: string; ranges: Array<[number, number]> }>;
  names: Map<number, { relative?: string; replace?: boolean }>;
  uploads: Map<number, string>;
}

/** Reads a job's key file into fresh per-file state. */
export async function loadFileStates(keyFile: string, spec: Pick<TransferJobSpec, 'direction' | 'archived'>): Promise<FileStates> {
  const lines: Array<[number, number]> = [];
  await forEachKey(keyFile, (line) => void lines.push([line.size, line.plan]));
  const files = new FileStates(lines.length);
  lines.forEach(([size, flag], i) => {
    const archived = spec.direction === 'download' && flag !== FLAG_READABLE;
    files.init(i, size, archived ? (spec.archived === 'restore-first' ? F_WAITING : F_SKIPPED) : F_QUEUED);
    if (archived && spec.archived !== 'restore-first') files.reasons.set(i, 'Archived and not restored: skipped, as chosen when the download started.');
  });
  return files;
}

/** Replays a job directory; throws for a damaged or newer journal. */
export async function loadTransferJob(dir: string, opener?: JournalOpener): Promise<LoadedTransferJob> {
  const { journal, records } = await Journal.open<TransferRecord>(join(dir, JOURNAL_FILE), { version: TRANSFER_JOURNAL_VERSION, ...(opener ? { opener } : {}) });
  try {
    const first = records.find((r) => r.op === 'created');
    if (!first || first.op !== 'created') throw new Error(`${join(dir, JOURNAL_FILE)} does not say which job it belongs to.`);
    const spec = first.job;
    const files = await loadFileStates(join(dir, KEY_FILE), spec);
    const loaded: LoadedTransferJob = { spec, files, journal, status: { state: 'running', retries: 0 }, ranges: new Map(), names: new Map(), uploads: new Map() };
    for (const r of records) replay(loaded, r);
    return loaded;
  } catch (err) {
    await journal.close();
    throw err;
  }
}

function replay(job: LoadedTransferJob, r: TransferRecord): void {
  switch (r.op) {
    case 'files':
      job.files.apply(r);
      break;
    case 'range': {
      const known = job.ranges.get(r.i);
      if (!known || known.etag !== r.etag) job.ranges.set(r.i, { etag: r.etag, ranges: [[r.start, r.end]] });
      else addRange(known.ranges, r.start, r.end);
      break;
    }
    case 'name':
      job.names.set(r.i, { ...(r.relative !== undefined ? { relative: r.relative } : {}), ...(r.replace ? { replace: true } : {}) });
      break;
    case 'upload':
      if (r.open) job.uploads.set(r.i, r.uploadId);
      else if (job.uploads.get(r.i) === r.uploadId) job.uploads.delete(r.i);
      break;
    case 'verified':
      if (r.i >= 0 && r.i < job.files.n) job.files.verified[r.i] = r.by;
      break;
    case 'status':
      job.status.state = r.state;
      if (r.state === 'paused' && r.reason) job.status.pausedReason = r.reason;
      else delete job.status.pausedReason;
      break;
    case 'retry':
      job.status.retries = r.count;
      break;
    case 'ended':
      job.status.state = r.outcome;
      job.status.endedAt = r.at;
      if (r.error) job.status.error = r.error;
      break;
    case 'created':
      break;
  }
}

/** A running (or finished) transfer. */
export class TransferJob implements JobController {
  readonly id: string;
  readonly spec: TransferJobSpec;
  private readonly files: FileStates;
  private readonly status: TransferStatus;
  private readonly journal: Journal<TransferRecord>;
  private readonly ranges: LoadedTransferJob['ranges'];
  private readonly names: LoadedTransferJob['names'];
  private readonly uploads: Map<number, string>;
  private unjournaled: FileChange[] = [];
  private controller: AbortController | undefined;
  private working: Promise<void> | undefined;
  private stopped: IpcError | undefined;
  private disposed = false;
  /** Bytes moved at recent instants, for bytes/s. */
  private samples: Array<[number, number]> = [];
  private runStart = { at: 0, bytes: 0 };

  constructor(
    private readonly dir: string,
    loaded: LoadedTransferJob,
    private readonly deps: TransferJobDeps,
  ) {
    this.spec = loaded.spec;
    this.id = loaded.spec.jobId;
    this.files = loaded.files;
    this.status = loaded.status;
    this.journal = loaded.journal;
    this.ranges = loaded.ranges;
    this.names = loaded.names;
    this.uploads = loaded.uploads;
    // A file active when the process stopped continues from its journaled ranges or upload.
    for (let i = 0; i < this.files.n; i++) if (this.files.state[i] === F_ACTIVE) this.files.set(i, F_QUEUED);
    for (const [i, r] of this.ranges) if (this.files.state[i] !== F_DONE) this.files.progress(i, r.ranges.reduce((n, [s, e]) => n + e - s, 0));
  }

  final(): boolean {
    return this.status.state === 'done' || this.status.state === 'failed' || this.status.state === 'cancelled';
  }

  start(): void {
    if (this.final() || this.status.state === 'paused' || this.working || this.disposed) return;
    const controller = new AbortController();
    // Every file and range in flight listens to this one signal: dozens at once are expected, not a leak.
    setMaxListeners(0, controller.signal);
    this.controller = controller;
    this.working = this.work(controller.signal).finally(() => {
      if (this.controller === controller) {
        this.controller = undefined;
        this.working = undefined;
      }
    });
  }

  /** Stops moving bytes; parts and open uploads are kept. */
  async pause(): Promise<boolean> {
    if (this.final() || this.status.state === 'paused') return false;
    await this.stopWork();
    await this.flush();
    // Paused by the user: no reason, so the panel shows no warning.
    await this.setPaused();
    return true;
  }

  async resume(): Promise<boolean> {
    if (this.status.state !== 'paused') return false;
    this.status.state = 'running';
    delete this.status.pausedReason;
    await this.append({ v: TRANSFER_JOURNAL_VERSION, at: this.deps.now(), op: 'status', state: 'running' });
    this.changed();
    this.start();
    return true;
  }

  /** Ends the job: parts of unfinished files removed, their multipart uploads aborted. */
  async cancel(): Promise<boolean> {
    if (this.final()) return false;
    await this.stopWork();
    await this.cleanUnfinished();
    for (let i = 0; i < this.files.n; i++) {
      const s = this.files.state[i]!;
      if (s === F_QUEUED || s === F_ACTIVE || s === F_WAITING) this.change(i, F_SKIPPED, 'Cancelled before it finished.');
    }
    await this.flush();
    await this.end('cancelled');
    return true;
  }

  /** Queues failed files again. */
  async retryFailed(): Promise<number> {
    const failed: number[] = [];
    for (let i = 0; i < this.files.n; i++) if (this.files.state[i] === F_FAILED) failed.push(i);
    if (failed.length === 0) return 0;
    await this.stopWork();
    for (const i of failed) this.change(i, F_QUEUED);
    await this.flush();
    if (this.final()) {
      delete this.status.error;
      delete this.status.endedAt;
    }
    this.status.state = 'running';
    delete this.status.pausedReason;
    await this.append({ v: TRANSFER_JOURNAL_VERSION, at: this.deps.now(), op: 'status', state: 'running' });
    this.changed();
    this.start();
    return failed.length;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.stopWork();
    await this.flush().catch(() => undefined);
    await this.journal.close();
  }

  summary(): JobSummary {
    const f = this.files;
    const states = Object.fromEntries(TRANSFER_FILE_STATES.map((name, s) => [name, f.counts[s]!])) as TransferJobSummary['transfer']['states'];
    let verified = 0;
    for (let i = 0; i < f.n; i++) if (f.state[i] === F_DONE && f.verified[i]! > 0) verified++;
    return {
      jobId: this.id,
      kind: 'transfer',
      state: this.status.state,
      title: this.spec.title,
      connectionId: this.spec.connectionId,
      bucket: this.spec.bucket,
      startedAt: this.spec.startedAt,
      ...(this.status.endedAt !== undefined ? { endedAt: this.status.endedAt } : {}),
      items: { total: f.n, done: f.finished, failed: f.counts[F_FAILED]! },
      bytes: { total: f.bytesTotal, done: f.bytesDone },
      eta: this.eta(),
      ...(this.status.pausedReason ? { pausedReason: this.status.pausedReason } : {}),
      ...(this.status.error ? { error: this.status.error } : {}),
      transfer: {
        direction: this.spec.direction,
        destination: this.spec.direction === 'download' ? this.spec.destination : `s3://${this.spec.bucket}/${this.spec.destination}`,
        source: this.spec.direction === 'download' ? `s3://${this.spec.bucket}/${this.spec.base}` : this.spec.roots.join(', '),
        states,
        verified,
        unverified: f.counts[F_DONE]! - verified,
        bytesPerSecond: this.rate(),
        ...(this.spec.restoreJobId ? { restoreJobId: this.spec.restoreJobId } : {}),
        retries: this.status.retries,
      },
    };
  }

  async items(state: string | undefined, offset: number, limit: number): Promise<JobItemsPage> {
    const code = state === undefined ? -1 : (TRANSFER_FILE_STATES as readonly string[]).indexOf(state);
    if (state !== undefined && code < 0) return { total: 0, offset, items: [] };
    const picked: number[] = [];
    let total = 0;
    for (let i = 0; i < this.files.n; i++) {
      if (code >= 0 && this.files.state[i] !== code) continue;
      if (total >= offset && picked.length < limit) picked.push(i);
      total++;
    }
    const lines = await readKeys(join(this.dir, KEY_FILE), picked);
    const f = this.files;
    const items = picked.map((i): JobItem => {
      const by = VERIFIED_CODES[f.verified[i]!];
      const detail = f.reasons.get(i);
      return { key: lines.get(i)?.key ?? '', state: TRANSFER_FILE_STATES[f.state[i]!]!, size: f.size[i]!, bytesDone: f.done[i]!, ...(by ? { verifiedBy: by } : {}), ...(detail ? { detail } : {}) };
    });
    return { total, offset, items };
  }

  async remove(): Promise<void> {
    await this.dispose();
    await rm(this.dir, { recursive: true, force: true });
    this.deps.onRemoved(this.id);
  }

  /** Multipart uploads the job has open (tests, cancel). */
  openUploads(): number {
    return this.uploads.size;
  }

  private async work(signal: AbortSignal): Promise<void> {
    const flusher = setInterval(() => void this.flush().catch(() => undefined), FLUSH_MS);
    this.stopped = undefined;
    this.runStart = { at: this.deps.now(), bytes: this.files.bytesDone };
    try {
      const client = await this.deps.s3.clientFor(this.spec.connectionId, this.spec.bucket, 'bulk');
      const ctx = this.spec.direction === 'download' ? await this.downloadContext() : undefined;
      const run = (line: KeyLine, i: number) => (ctx ? this.download(client, ctx, line, i, signal) : this.upload(client, line, i, signal));
      await this.pass(run, signal);
      while (!signal.aborted && !this.stopped && this.files.counts[F_WAITING]! > 0) {
        await this.waitForRestores(client, signal);
        await this.pass(run, signal);
      }
      if (!(await this.flush())) return;
      if (this.stopped) return await this.setPaused(this.stopped);
      if (signal.aborted) return;
      const failed = this.files.counts[F_FAILED]!;
      await this.end(failed > 0 ? 'failed' : 'done', failed > 0 ? { code: 'Internal', message: `${failed.toLocaleString('en-US')} file${failed === 1 ? '' : 's'} failed; see each file for the reason.` } : undefined);
    } catch (err) {
      if (signal.aborted && !this.stopped) return;
      await this.flush().catch(() => undefined);
      const error = toIpcError(err);
      if (error.code === 'NoSuchConnection') await this.end('failed', error);
      else await this.setPaused(error);
    } finally {
      clearInterval(flusher);
    }
  }

  /** Runs every queued file once, `fileConcurrency` at a time, in key-file order. */
  private async pass(run: (line: KeyLine, i: number) => Promise<void>, signal: AbortSignal): Promise<void> {
    if (this.files.counts[F_QUEUED] === 0) return;
    const active = new Set<Promise<void>>();
    await forEachKey(
      join(this.dir, KEY_FILE),
      async (line, i) => {
        if (signal.aborted || this.stopped) return false;
        if (this.files.state[i] !== F_QUEUED) return true;
        while (active.size >= this.deps.fileConcurrency()) await Promise.race(active);
        if (signal.aborted || this.stopped) return false;
        const p: Promise<void> = run(line, i).finally(() => active.delete(p));
        active.add(p);
        return true;
      },
      { signal },
    ).catch((err: unknown) => {
      if (!signal.aborted) throw err;
    });
    await Promise.all(active);
  }

  private async downloadContext(): Promise<{ root: DownloadRoot; names: LocalNames }> {
    const root = await resolveRoot(this.spec.destination);
    return { root, names: await downloadNames(join(this.dir, KEY_FILE), root, this.spec.base, this.spec.collision) };
  }

  private async download(client: S3Client, ctx: { root: DownloadRoot; names: LocalNames }, line: KeyLine, i: number, signal: AbortSignal): Promise<void> {
    this.change(i, F_ACTIVE);
    try {
      let decided = this.names.get(i);
      if (!decided) {
        const decision = await ctx.names.atWrite(i, (relative) => probeLocal(join(ctx.root.path, ...relative.split('/'))), line.expiry || undefined);
        decided = decision.action === 'write' ? { relative: decision.relative, ...(decision.replace ? { replace: true } : {}) } : {};
        if (decision.action === 'skip') {
          this.change(i, F_SKIPPED, decision.reason);
          return;
        }
        // The decision is on disk before the part exists, so a restart reopens the same part.
        await this.journal.append({ v: TRANSFER_JOURNAL_VERSION, at: this.deps.now(), op: 'name', i, relative: decided.relative!, ...(decided.replace ? { replace: true } : {}) });
        this.names.set(i, decided);
      }
      if (decided.relative === undefined) return void this.change(i, F_SKIPPED, 'Skipped when it started.');
      const segments = decided.relative.split('/');
      const folder = await ensureDirInside(ctx.root, segments.slice(0, -1));
      const known = this.ranges.get(i);
      const versionId = this.spec.versions?.[line.key];
      const result = await downloadObject({
        client,
        bucket: this.spec.bucket,
        key: line.key,
        ...(versionId ? { versionId } : {}),
        size: line.size,
        target: join(folder, segments[segments.length - 1]!),
        jobId: this.id,
        overwrite: !!decided.replace,
        ...(line.expiry > 0 ? { mtime: new Date(line.expiry) } : {}),
        committed: known?.ranges.map(([s, e]): [number, number] => [s, e]) ?? [],
        ...(known ? { committedEtag: known.etag } : {}),
        signal,
        onBytes: (d) => this.moved(i, d),
        onRange: (start, end, etag) => this.recordRange(i, start, end, etag),
        onRetry: () => this.retried(),
        ...(this.deps.downloadOptions ? { options: this.deps.downloadOptions } : {}),
      });
      await this.finished(i, verifiedCode(result.verifiedBy));
    } catch (err) {
      await this.fileFailed(i, err, signal);
    }
  }

  private async upload(client: S3Client, line: KeyLine, i: number, signal: AbortSignal): Promise<void> {
    this.change(i, F_ACTIVE);
    try {
      const root = this.spec.roots[line.segment];
      if (root === undefined) throw new ThawError('Internal', 'The job does not know which folder this file came from.');
      const relative = line.key.slice(this.spec.destination.length);
      const path = join(root, ...relative.split('/'));
      const uploadId = this.uploads.get(i);
      if (this.spec.collision === 'skip' && !uploadId && (await exists(client, this.spec.bucket, line.key, signal))) {
        this.change(i, F_SKIPPED, `s3://${this.spec.bucket}/${line.key} exists already.`);
        return;
      }
      const result = await uploadFile({
        client,
        bucket: this.spec.bucket,
        key: line.key,
        path,
        size: line.size,
        mtimeMs: line.expiry,
        ...(this.spec.storageClass ? { storageClass: this.spec.storageClass } : {}),
        ...(this.spec.metadata ? { metadata: this.spec.metadata } : {}),
        ...(uploadId ? { resume: { uploadId } } : {}),
        signal,
        onUploadOpened: (id) => this.recordUpload(i, id, true),
        onBytes: (d) => this.moved(i, d),
        ...(this.deps.uploadOptions ? { options: this.deps.uploadOptions } : {}),
      });
      if (this.uploads.has(i)) await this.recordUpload(i, this.uploads.get(i)!, false);
      await this.finished(i, verifiedCode(result.verifiedBy));
    } catch (err) {
      const id = this.uploads.get(i);
      // A file that failed for good (it changed, S3 refused it) leaves no parts behind.
      if (id && !signal.aborted && !PAUSING.has(toIpcError(err).code)) {
        await abortMultipart(client, this.spec.bucket, line.key, id);
        await this.recordUpload(i, id, false).catch(() => undefined);
      }
      await this.fileFailed(i, err, signal);
    }
  }

  private async finished(i: number, by: number): Promise<void> {
    this.files.verified[i] = by;
    if (by > 0) await this.journal.append({ v: TRANSFER_JOURNAL_VERSION, at: this.deps.now(), op: 'verified', i, by });
    this.change(i, F_DONE);
    this.ranges.delete(i);
  }

  private async fileFailed(i: number, err: unknown, signal: AbortSignal): Promise<void> {
    if (signal.aborted && (this.stopped || !(err instanceof ThawError) || err.code === 'Cancelled' || (err as { name?: string }).name === 'AbortError')) {
      this.change(i, F_QUEUED);
      return;
    }
    const error = toIpcError(err);
    if (error.code === 'Cancelled' && signal.aborted) return void this.change(i, F_QUEUED);
    if (PAUSING.has(error.code) || (await this.destinationGone())) {
      this.change(i, F_QUEUED);
      this.stopped ??= error;
      this.controller?.abort();
      return;
    }
    this.change(i, F_FAILED, error.message);
  }

  private async destinationGone(): Promise<boolean> {
    if (this.spec.direction !== 'download') return false;
    try {
      await access(this.spec.destination);
      return false;
    } catch {
      return true;
    }
  }

  /** HEADs waiting files after the restore job moved (or every check interval); readable ones are queued. */
  private async waitForRestores(client: S3Client, signal: AbortSignal): Promise<void> {
    let lastRestored = -1;
    while (!signal.aborted && !this.stopped) {
      const restore = this.spec.restoreJobId ? this.restoreSummary() : undefined;
      const restored = restore?.kind === 'restore' ? restore.restore.states.restored + (restore.state === 'running' ? 0 : 1e12) : 0;
      if (restored !== lastRestored) {
        lastRestored = restored;
        const waiting: number[] = [];
        for (let i = 0; i < this.files.n; i++) if (this.files.state[i] === F_WAITING) waiting.push(i);
        const lines = await readKeys(join(this.dir, KEY_FILE), waiting);
        let queued = 0;
        for (const i of waiting) {
          if (signal.aborted) return;
          const key = lines.get(i)?.key;
          if (key === undefined) continue;
          const versionId = this.spec.versions?.[key];
          const head = await client.send(new HeadObjectCommand({ Bucket: this.spec.bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }), { abortSignal: signal }).catch(() => undefined);
          if (head && (!head.Restore || head.Restore.includes('ongoing-request="false"'))) {
            this.change(i, F_QUEUED);
            queued++;
          }
        }
        if (queued > 0) return;
        if (restore && restore.state !== 'running' && restore.state !== 'paused') {
          for (const i of waiting) if (this.files.state[i] === F_WAITING) this.change(i, F_FAILED, `Its restore job ended (${restore.state}) without making it readable.`);
          return;
        }
        if (!restore) {
          for (const i of waiting) if (this.files.state[i] === F_WAITING) this.change(i, F_FAILED, 'Archived and not restored, and no restore job is running for it.');
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, this.deps.restoreCheckMs));
    }
  }

  private restoreSummary(): JobSummary | undefined {
    try {
      return this.deps.board.get(this.spec.restoreJobId!).summary();
    } catch {
      return undefined;
    }
  }

  private async cleanUnfinished(): Promise<void> {
    const open = [...this.uploads];
    if (open.length) {
      const client = await this.deps.s3.clientFor(this.spec.connectionId, this.spec.bucket, 'bulk').catch(() => undefined);
      const lines = await readKeys(join(this.dir, KEY_FILE), open.map(([i]) => i));
      for (const [i, id] of open) {
        const key = lines.get(i)?.key;
        if (client && key !== undefined) await abortMultipart(client, this.spec.bucket, key, id);
        await this.recordUpload(i, id, false).catch(() => undefined);
      }
    }
    if (this.spec.direction === 'download') {
      const unfinished = [...this.names].filter(([i, n]) => n.relative !== undefined && this.files.state[i] !== F_DONE);
      const lines = await readKeys(join(this.dir, KEY_FILE), unfinished.map(([i]) => i));
      for (const [i, n] of unfinished) {
        const key = lines.get(i)?.key;
        if (key !== undefined) await removePart(partPathOf(join(this.spec.destination, ...n.relative!.split('/')), this.id, key)).catch(() => undefined);
      }
    }
  }

  private moved(i: number, delta: number): void {
    this.files.progress(i, delta);
    this.changed();
  }

  private recordRange(i: number, start: number, end: number, etag: string): void {
    const known = this.ranges.get(i);
    if (!known || known.etag !== etag) this.ranges.set(i, { etag, ranges: [[start, end]] });
    else addRange(known.ranges, start, end);
    void this.append({ v: TRANSFER_JOURNAL_VERSION, at: this.deps.now(), op: 'range', i, start, end, etag });
  }

  private async recordUpload(i: number, uploadId: string, open: boolean): Promise<void> {
    if (open) this.uploads.set(i, uploadId);
    else if (this.uploads.get(i) === uploadId) this.uploads.delete(i);
    await this.journal.append({ v: TRANSFER_JOURNAL_VERSION, at: this.deps.now(), op: 'upload', i, uploadId, open });
  }

  private retried(): void {
    this.status.retries++;
    void this.append({ v: TRANSFER_JOURNAL_VERSION, at: this.deps.now(), op: 'retry', count: this.status.retries });
    this.changed();
  }

  private change(i: number, state: number, reason?: string): void {
    if (!this.files.set(i, state, reason)) return;
    if (state !== F_ACTIVE) this.unjournaled.push({ i, s: state, ...(reason ? { r: reason } : {}) });
    this.changed();
  }

  private async flush(): Promise<boolean> {
    if (this.unjournaled.length === 0) return true;
    const batch = this.unjournaled;
    this.unjournaled = [];
    try {
      await this.journal.append(filesRecord(batch, this.deps.now()));
      return true;
    } catch (err) {
      this.unjournaled = batch.concat(this.unjournaled);
      this.stopped ??= journalError(err);
      this.controller?.abort();
      return false;
    }
  }

  private async setPaused(reason?: IpcError): Promise<void> {
    if (this.final()) return;
    this.status.state = 'paused';
    if (reason) this.status.pausedReason = reason;
    else delete this.status.pausedReason;
    this.changed();
    await this.journal.append({ v: TRANSFER_JOURNAL_VERSION, at: this.deps.now(), op: 'status', state: 'paused', ...(reason ? { reason } : {}) }).catch(() => undefined);
  }

  private async end(outcome: 'done' | 'failed' | 'cancelled', error?: IpcError): Promise<void> {
    this.status.state = outcome;
    this.status.endedAt = this.deps.now();
    delete this.status.pausedReason;
    if (error) this.status.error = error;
    await this.append({ v: TRANSFER_JOURNAL_VERSION, at: this.status.endedAt, op: 'ended', outcome, ...(error ? { error } : {}) });
    this.changed();
    this.deps.onEnded(this, outcome);
  }

  private async append(record: TransferRecord): Promise<void> {
    try {
      await this.journal.append(record);
    } catch (err) {
      this.stopped ??= journalError(err);
      this.controller?.abort();
    }
  }

  private async stopWork(): Promise<void> {
    this.controller?.abort();
    await this.working;
  }

  private rate(): number {
    const now = this.deps.now();
    this.samples.push([now, this.files.bytesDone]);
    while (this.samples.length > 2 && now - this.samples[0]![0] > 5_000) this.samples.shift();
    const [t0, b0] = this.samples[0]!;
    return now > t0 ? Math.max(0, ((this.files.bytesDone - b0) * 1000) / (now - t0)) : 0;
  }

  private eta(): { earliest: number; latest: number } | null {
    if (this.final() || this.status.state === 'paused') return null;
    const now = this.deps.now();
    const moved = this.files.bytesDone - this.runStart.bytes;
    const elapsed = now - this.runStart.at;
    if (moved <= 0 || elapsed < 1_000) return null;
    const at = now + ((this.files.bytesTotal - this.files.bytesDone) / moved) * elapsed;
    return { earliest: at, latest: at };
  }

  private changed(): void {
    this.deps.board.changed(this.id);
  }
}

async function exists(client: S3Client, bucket: string, key: string, signal: AbortSignal): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
    return true;
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) return false;
    throw err;
  }
}

async function abortMultipart(client: S3Client, bucket: string, key: string, uploadId: string): Promise<void> {
  await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
}
