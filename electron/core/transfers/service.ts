/**
 * Transfers for one core: plans, persisted download and upload jobs, upload links.
 *
 * Files live under user data: `transfers/plans/<planId>/` from the plan
 * until the job starts (or an hour later, or the next start), then
 * `transfers/jobs/<jobId>/` until the user clears the job. At start the
 * jobs are replayed from their journals and continue by themselves.
 * Uploads are refused on read-only connections; every started job is
 * recorded in the activity log, and updated when it ends.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActivityEntry } from '../../../shared/ipc/activity';
import type { ParsedInput } from '../../../shared/ipc/contract';
import type { DownloadPlan, UploadPlan } from '../../../shared/ipc/transfers';
import type { ActivityLog } from '../activity/log';
import { createShareLink } from '../browse/share-link';
import type { S3Access } from '../connections';
import { ThawError } from '../errors';
import type { JobBoard } from '../jobs/board';
import { BrokenJob } from '../jobs/broken-job';
import { JobDirs, PlanShelf } from '../jobs/job-dirs';
import { Journal, type JournalOpener } from '../persist/journal';
import type { RestoreService } from '../restore/service';
import type { SettingsService } from '../settings/service';
import type { Dialogs, Notifier } from '../types';
import { JOURNAL_FILE, loadFileStates, loadTransferJob, TransferJob, type TransferJobDeps } from './job';
import { resolveRoot } from './local-path';
import { KEY_FILE, planDownload, planUpload, type DownloadPlanOutcome, type UploadPlanOutcome } from './plan';
import { FLAG_ARCHIVED, TRANSFER_JOURNAL_VERSION, type TransferJobSpec, type TransferRecord } from './state';
import { forEachKey } from '../restore/key-file';
import { contentTypeOf } from './upload-file';

export interface TransferServiceDeps {
  userDataDir: string;
  s3: S3Access;
  board: JobBoard;
  activity: ActivityLog;
  settings: SettingsService;
  notifier: Notifier;
  dialogs: Dialogs;
  restore: RestoreService;
  now?: () => number;
  listers?: number;
  journalOpener?: JournalOpener;
  downloadOptions?: TransferJobDeps['downloadOptions'];
  uploadOptions?: TransferJobDeps['uploadOptions'];
  /** How often a restore-first download looks at its restore job (default 30 s). */
  restoreCheckMs?: number;
}

type PlanEntry =
  | { kind: 'download'; dir: string; input: ParsedInput<'transfers:plan-download'>; outcome: DownloadPlanOutcome }
  | { kind: 'upload'; dir: string; input: ParsedInput<'transfers:plan-upload'>; outcome: UploadPlanOutcome };

const PLAN_TTL_MS = 60 * 60_000;

/** The transfer service of one core. */
export class TransferService {
  private readonly plans = new PlanShelf<PlanEntry>(PLAN_TTL_MS);
  private readonly jobs = new Map<string, TransferJob>();
  private readonly dirs: JobDirs;
  private readonly now: () => number;
  private readonly jobDeps: TransferJobDeps;
  private loading?: Promise<void>;
  private disposed = false;

  constructor(private readonly deps: TransferServiceDeps) {
    this.dirs = new JobDirs(join(deps.userDataDir, 'transfers'));
    this.now = deps.now ?? Date.now;
    this.jobDeps = {
      s3: deps.s3,
      board: deps.board,
      now: this.now,
      fileConcurrency: () => deps.settings.current().transfers.filesAtOnce,
      restoreCheckMs: deps.restoreCheckMs ?? 30_000,
      ...(deps.journalOpener ? { journalOpener: deps.journalOpener } : {}),
      ...(deps.downloadOptions ? { downloadOptions: deps.downloadOptions } : {}),
      ...(deps.uploadOptions ? { uploadOptions: deps.uploadOptions } : {}),
      onEnded: (job, outcome) => this.ended(job, outcome),
      onRemoved: (jobId) => void this.jobs.delete(jobId),
    };
  }

  ready(): Promise<void> {
    this.loading ??= this.loadAll();
    return this.loading;
  }

  /** Asks for a folder and enumerates the selection; null when the dialog was cancelled. */
  async planDownload(input: ParsedInput<'transfers:plan-download'>): Promise<DownloadPlan | null> {
    const client = await this.deps.s3.clientFor(input.connectionId, input.bucket);
    const outside = [...input.prefixes, ...input.keys.map((k) => k.key)].find((k) => !k.startsWith(input.base));
    if (outside !== undefined) throw new ThawError('InvalidInput', `"${outside}" is not below "${input.base}", the part of each key removed for its local path.`);
    const folder = await this.deps.dialogs.chooseDirectory('Download to folder');
    if (!folder) return null;
    const root = await resolveRoot(folder);
    const { planId, dir } = await this.dirs.newPlan();
    try {
      const outcome = await planDownload({ planId, bucket: input.bucket, prefixes: input.prefixes, keys: input.keys, base: input.base, root }, { client, dir, listers: this.deps.listers });
      this.plans.keep(planId, { kind: 'download', dir, input, outcome });
      return outcome.plan;
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Asks for files or a folder (or takes dropped paths) and enumerates them; null when cancelled. */
  async planUpload(input: ParsedInput<'transfers:plan-upload'>): Promise<UploadPlan | null> {
    await this.deps.s3.clientFor(input.connectionId, input.bucket);
    this.deps.s3.assertWritable(input.connectionId);
    const paths = input.dropped ?? (await this.deps.dialogs.chooseFiles(input.pick === 'folder' ? 'Upload folder' : 'Upload files', { directories: input.pick === 'folder', multiple: true }));
    if (paths.length === 0) return null;
    const { planId, dir } = await this.dirs.newPlan();
    try {
      const outcome = await planUpload({ planId, bucket: input.bucket, prefix: input.prefix, paths }, { dir });
      this.plans.keep(planId, { kind: 'upload', dir, input, outcome });
      return outcome.plan;
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  async startDownload(input: ParsedInput<'transfers:start-download'>): Promise<{ jobId: string; restoreJobId?: string }> {
    const entry = this.peekPlan(input.planId, 'download');
    const { plan } = entry.outcome;
    if (plan.files === 0) throw new ThawError('InvalidInput', 'Nothing to download: the selection holds no files that can be saved.');
    let restoreJobId: string | undefined;
    if (input.archived === 'restore-first' && plan.archived.objects > plan.archived.restoring) {
      restoreJobId = await this.restoreFirst(entry, input);
    }
    this.takePlan(input.planId, 'download');
    const keyCount = entry.input.prefixes.length + entry.input.keys.length;
    const what = keyCount === 1 ? `s3://${entry.input.bucket}/${entry.input.prefixes[0] ?? entry.input.keys[0]!.key}` : `${keyCount} items from s3://${entry.input.bucket}/${entry.input.base}`;
    const jobId = await this.startJob(entry.dir, {
      direction: 'download',
      connectionId: entry.input.connectionId,
      bucket: entry.input.bucket,
      title: `Download ${what} (${plural(plan.files, 'file')})`,
      destination: plan.destination,
      base: entry.input.base,
      roots: [],
      collision: input.collision,
      archived: input.archived,
      ...(restoreJobId ? { restoreJobId } : {}),
      ...(Object.keys(entry.outcome.versions).length ? { versions: entry.outcome.versions } : {}),
    }, { action: 'download', objects: plan.files, bytes: plan.bytes, detail: `To ${plan.destination}.` });
    return { jobId, ...(restoreJobId ? { restoreJobId } : {}) };
  }

  async startUpload(input: ParsedInput<'transfers:start-upload'>): Promise<{ jobId: string }> {
    const entry = this.takePlan(input.planId, 'upload');
    this.deps.s3.assertWritable(entry.input.connectionId);
    const { plan } = entry.outcome;
    if (plan.files === 0) throw new ThawError('InvalidInput', 'Nothing to upload: no readable files were found.');
    const jobId = await this.startJob(entry.dir, {
      direction: 'upload',
      connectionId: entry.input.connectionId,
      bucket: entry.input.bucket,
      title: `Upload ${plural(plan.files, 'file')} to ${plan.destination}`,
      destination: entry.input.prefix,
      base: '',
      roots: entry.outcome.roots,
      collision: input.collision,
      storageClass: input.storageClass,
      ...(Object.keys(input.metadata).length ? { metadata: input.metadata } : {}),
    }, { action: 'upload', objects: plan.files, bytes: plan.bytes, detail: `From ${entry.outcome.roots.join(', ')}${input.storageClass !== 'STANDARD' ? ` as ${input.storageClass}` : ''}.` });
    return { jobId };
  }

  async job(jobId: string): Promise<TransferJob> {
    await this.ready();
    const job = this.jobs.get(jobId);
    if (!job) throw new ThawError('NoSuchJob', 'That transfer is not known (it may have been cleared).', { jobId });
    return job;
  }

  /** A presigned PUT URL for one key. */
  async uploadLink(input: ParsedInput<'transfers:upload-link'>): Promise<{ url: string; expiresAt: number; headers: Record<string, string> }> {
    if (input.key.endsWith('/')) throw new ThawError('InvalidInput', 'An upload link is for one object, not a folder.');
    const client = await this.deps.s3.clientFor(input.connectionId, input.bucket);
    this.deps.s3.assertWritable(input.connectionId);
    const contentType = input.contentType ?? contentTypeOf(input.key);
    const link = await createShareLink(client, input.bucket, input.key, { expiresInSeconds: input.expiresInSeconds ?? 3_600, now: this.now, put: { contentType } });
    await this.log({ at: this.now(), action: 'upload-link', connectionId: input.connectionId, bucket: input.bucket, key: input.key, outcome: 'done', endedAt: this.now(), detail: `Valid until ${new Date(link.expiresAt).toISOString()}.` }).catch(() => undefined);
    return { url: link.url, expiresAt: link.expiresAt, headers: { 'Content-Type': contentType } };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.loading?.catch(() => undefined);
    await this.plans.dropAll();
    await Promise.all([...this.jobs.values()].map((j) => j.dispose()));
  }

  /** Starts a restore of the plan's archived objects; their files wait for it. */
  private async restoreFirst(entry: PlanEntry & { kind: 'download' }, choice: Pick<ParsedInput<'transfers:start-download'>, 'tier' | 'days'>): Promise<string> {
    const archived: string[] = [];
    await forEachKey(join(entry.dir, KEY_FILE), (line) => void (line.plan === FLAG_ARCHIVED && archived.push(line.key)));
    if (archived.length > 100_000) throw new ThawError('InvalidInput', `${archived.length.toLocaleString('en-US')} archived objects are more than one download restores first; restore the folder with Restore, then download it.`);
    const { planId } = await this.deps.restore.plan({ requestId: `download-${randomUUID()}`, connectionId: entry.input.connectionId, bucket: entry.input.bucket, prefixes: [], keys: archived, checkTiers: false });
    for (;;) {
      const state = this.deps.restore.planState(planId);
      if (state === 'ready') break;
      if (state === 'gone') throw new ThawError('Internal', 'Planning the restore of the archived objects failed; nothing was started.');
      await new Promise((r) => setTimeout(r, 50));
    }
    try {
      return (await this.deps.restore.start({ planId, tier: choice.tier ?? 'Standard', days: choice.days ?? 7, extendRestored: false })).jobId;
    } catch (err) {
      await this.deps.restore.cancelPlan(planId).catch(() => false);
      throw err;
    }
  }

  private async startJob(planDir: string, fields: Omit<TransferJobSpec, 'jobId' | 'startedAt' | 'activityId'>, log: Pick<ActivityEntry, 'objects' | 'bytes' | 'detail'> & { action: 'download' | 'upload' }): Promise<string> {
    await this.ready();
    const { jobId, dir } = await this.dirs.adopt(planDir);
    try {
      const startedAt = this.now();
      const activityId = await this.log({ at: startedAt, connectionId: fields.connectionId, bucket: fields.bucket, jobId, outcome: 'started', ...log });
      const spec: TransferJobSpec = { ...fields, jobId, startedAt, activityId };
      const files = await loadFileStates(join(dir, KEY_FILE), spec);
      const { journal } = await Journal.open<TransferRecord>(join(dir, JOURNAL_FILE), { version: TRANSFER_JOURNAL_VERSION, ...(this.deps.journalOpener ? { opener: this.deps.journalOpener } : {}) });
      try {
        await journal.append({ v: TRANSFER_JOURNAL_VERSION, at: startedAt, op: 'created', job: spec });
      } catch (err) {
        await journal.close();
        throw err;
      }
      const job = new TransferJob(dir, { spec, files, journal, status: { state: 'running', retries: 0 }, ranges: new Map(), names: new Map(), uploads: new Map() }, this.jobDeps);
      this.jobs.set(jobId, job);
      this.deps.board.add(jobId, job);
      job.start();
      return jobId;
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  private peekPlan<K extends PlanEntry['kind']>(planId: string, kind: K): PlanEntry & { kind: K } {
    const entry = this.plans.get(planId);
    if (!entry || entry.kind !== kind) throw new ThawError('InvalidInput', `That ${kind} plan is gone (it expired, or its job was started already). Plan the ${kind} again.`);
    return entry as PlanEntry & { kind: K };
  }

  private takePlan<K extends PlanEntry['kind']>(planId: string, kind: K): PlanEntry & { kind: K } {
    const entry = this.peekPlan(planId, kind);
    this.plans.take(planId);
    return entry;
  }

  private async log(entry: Omit<ActivityEntry, 'id' | 'connectionName'>): Promise<string> {
    const who = await this.deps.s3.describe(entry.connectionId).catch(() => ({ name: entry.connectionId, identity: undefined }));
    return this.deps.activity.record({ ...entry, connectionName: who.name, ...(who.identity ? { identity: who.identity } : {}) });
  }

  private ended(job: TransferJob, outcome: 'done' | 'failed' | 'cancelled'): void {
    const s = job.summary();
    if (s.kind !== 'transfer') return;
    const t = s.transfer;
    const detail = `${plural(t.states.done, 'file')} ${job.spec.direction === 'download' ? 'downloaded' : 'uploaded'} (${t.verified.toLocaleString('en-US')} verified), ${t.states.skipped.toLocaleString('en-US')} skipped, ${t.states.failed.toLocaleString('en-US')} failed.`;
    if (this.deps.settings.current().notifications && outcome !== 'cancelled' && this.now() - s.startedAt > 10_000) {
      this.deps.notifier.notify(outcome === 'done' ? `${job.spec.direction === 'download' ? 'Download' : 'Upload'} finished` : `${job.spec.direction === 'download' ? 'Download' : 'Upload'} ended with failures`, `${s.title}: ${detail}`);
    }
    if (!job.spec.activityId) return;
    void this.deps.activity
      .update(job.spec.activityId, { outcome: outcome === 'done' ? 'done' : outcome === 'cancelled' ? 'cancelled' : 'partial', endedAt: this.now(), result: { ...t.states, verified: t.verified, retries: t.retries }, detail })
      .catch(() => undefined);
  }

  private async loadAll(): Promise<void> {
    await this.deps.settings.load();
    await this.dirs.replay({
      journal: (dir) => join(dir, JOURNAL_FILE),
      disposed: () => this.disposed,
      open: async (jobId, dir) => {
        const job = new TransferJob(dir, await loadTransferJob(dir, this.deps.journalOpener), this.jobDeps);
        this.jobs.set(jobId, job);
        this.deps.board.add(jobId, job);
        job.start();
      },
      broken: (jobId, dir, err) =>
        this.deps.board.add(
          jobId,
          new BrokenJob(jobId, dir, err, this.now(), 'Transfer', (base) => ({
            ...base,
            kind: 'transfer',
            transfer: { direction: 'download', destination: '', source: '', states: { queued: 0, active: 0, 'waiting-restore': 0, done: 0, skipped: 0, failed: 0 }, verified: 0, unverified: 0, bytesPerSecond: 0, retries: 0 },
          })),
        ),
    });
  }
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
