/**
 * Object operations for one core: plans, persisted bulk jobs, and the `objects:*` calls.
 *
 * Files live under user data: `objects/plans/<planId>/` from the plan
 * until the job starts (or an hour later, or the next start), then
 * `objects/jobs/<jobId>/` until the user clears the job. At start the jobs
 * are replayed from their journals and continue by themselves. Every
 * operation is refused on read-only connections and recorded in the
 * activity log — bulk jobs when they start (and again when they end),
 * single-object operations once they are over.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActivityAction, ActivityEntry } from '../../../shared/ipc/activity';
import type { ParsedInput } from '../../../shared/ipc/contract';
import type { ObjectVersion, VersionsPage } from '../../../shared/ipc/objects';
import { priceTable } from '../../../shared/pricing';
import type { ActivityLog } from '../activity/log';
import type { S3Access } from '../connections';
import { ThawError, toIpcError } from '../errors';
import type { JobBoard } from '../jobs/board';
import { BrokenJob } from '../jobs/broken-job';
import { JobDirs, PlanShelf } from '../jobs/job-dirs';
import { Journal, type JournalOpener } from '../persist/journal';
import type { SettingsService } from '../settings/service';
import type { Notifier } from '../types';
import { OperationJob, type OperationJobDeps } from './job';
import { jobPaths, loadJob, loadKeyStates } from './job-files';
import { endReport, titleOf } from './job-report';
import { planOperation, type OperationPlanOutcome } from './plan';
import { createFolder, folderKey, renameObject, updateMetadata } from './single';
import { OPERATION_JOURNAL_VERSION, type OperationJobSpec, type OperationRecord } from './state';
import { deleteVersion, listVersionsPage, promoteVersion, restoreVersion, undelete, versionsOf } from './versions';

/** What the object service needs. */
export interface ObjectServiceDeps {
  userDataDir: string;
  s3: S3Access;
  board: JobBoard;
  activity: ActivityLog;
  settings: SettingsService;
  notifier: Notifier;
  now?: () => number;
  listers?: number;
  /** Copies in flight per job (default 32). */
  copyConcurrency?: number;
  /** DeleteObjects requests in flight per job (default 4). */
  deleteConcurrency?: number;
  journalOpener?: JournalOpener;
}

type PlanInput = ParsedInput<'objects:plan-operation'>;

interface PlanEntry {
  dir: string;
  input: PlanInput;
  outcome: OperationPlanOutcome;
}

/** How long a plan waits for "Start" before its files are removed. */
const PLAN_TTL_MS = 60 * 60_000;

/** The object-operations service of one core. */
export class ObjectService {
  private readonly plans = new PlanShelf<PlanEntry>(PLAN_TTL_MS);
  private readonly jobs = new Map<string, OperationJob>();
  private readonly dirs: JobDirs;
  private readonly now: () => number;
  private readonly jobDeps: OperationJobDeps;
  private loading?: Promise<void>;
  private disposed = false;

  constructor(private readonly deps: ObjectServiceDeps) {
    this.dirs = new JobDirs(join(deps.userDataDir, 'objects'));
    this.now = deps.now ?? Date.now;
    this.jobDeps = {
      s3: deps.s3,
      board: deps.board,
      now: this.now,
      copyConcurrency: deps.copyConcurrency ?? 32,
      deleteConcurrency: deps.deleteConcurrency ?? 4,
      ...(deps.journalOpener ? { journalOpener: deps.journalOpener } : {}),
      onEnded: (job, outcome) => this.ended(job, outcome),
      onRemoved: (jobId) => void this.jobs.delete(jobId),
    };
  }

  /** Replays every job from disk (once) and lets unfinished ones continue. */
  ready(): Promise<void> {
    this.loading ??= this.loadAll();
    return this.loading;
  }

  /** Enumerates a selection and says what the operation will do. */
  async plan(input: PlanInput) {
    const { connectionId, bucket, op, target } = input;
    const client = await this.deps.s3.clientFor(connectionId, bucket);
    this.deps.s3.assertWritable(connectionId);
    if (op === 'copy' || op === 'move') {
      if (!target) throw new ThawError('InvalidInput', 'Choose where to copy or move to.');
      if (target.connectionId !== connectionId) {
        throw new ThawError('NotSupported', 'Copying between two different connections is not supported: S3 copies server-side, so source and target must be reachable with the same credentials. Download and upload instead.');
      }
      await this.deps.s3.clientFor(target.connectionId, target.bucket);
      this.deps.s3.assertWritable(target.connectionId);
      const outside = [...input.prefixes, ...input.keys].find((k) => !k.startsWith(input.base));
      if (outside !== undefined) throw new ThawError('InvalidInput', `"${outside}" is not below "${input.base}", the part of each key the target prefix replaces.`);
      if (target.bucket === bucket && target.prefix === input.base) throw new ThawError('InvalidInput', 'The target is where the objects already are; choose another bucket or folder.');
    }
    const region = await this.deps.s3.bucketRegion(connectionId, bucket).catch(() => 'us-east-1');
    const { planId, dir } = await this.dirs.newPlan();
    try {
      const outcome = await planOperation(
        {
          planId,
          op,
          bucket,
          prefixes: input.prefixes,
          keys: input.keys,
          ...(input.storageClass ? { storageClass: input.storageClass } : {}),
          ...(target ? { targetText: `s3://${target.bucket}/${target.prefix}` } : {}),
        },
        { client, dir, prices: priceTable(region, this.deps.settings.current().pricingOverrides), now: this.now, listers: this.deps.listers },
      );
      this.plans.keep(planId, { dir, input, outcome });
      return outcome.plan;
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Starts a planned operation as a job; `confirmedObjects` must be the plan's count. */
  async start({ planId, confirmedObjects }: ParsedInput<'objects:start-operation'>): Promise<{ jobId: string }> {
    const entry = this.plans.get(planId);
    if (!entry) throw new ThawError('InvalidInput', 'That plan is gone (it expired, or its job was started already). Plan the operation again.');
    const { input, outcome } = entry;
    const { plan } = outcome;
    this.deps.s3.assertWritable(input.connectionId);
    if (input.target) this.deps.s3.assertWritable(input.target.connectionId);
    if (confirmedObjects !== plan.objects) {
      throw new ThawError(
        'InvalidInput',
        `The confirmation names ${confirmedObjects.toLocaleString('en-US')} objects, but the plan holds ${plan.objects.toLocaleString('en-US')}; nothing was started. Confirm the count the plan shows.`,
      );
    }
    if (outcome.actionable === 0) throw new ThawError('InvalidInput', `Nothing to do: ${plan.summary}`);
    await this.ready();
    this.plans.take(planId);
    const { jobId, dir } = await this.dirs.adopt(entry.dir);
    try {
      const job = await this.createJob(dir, jobId, input, outcome);
      this.jobs.set(jobId, job);
      this.deps.board.add(jobId, job);
      job.start();
      return { jobId };
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  private async createJob(dir: string, jobId: string, input: PlanInput, outcome: OperationPlanOutcome): Promise<OperationJob> {
    const { plan } = outcome;
    const startedAt = this.now();
    const activityId = await this.log({
      at: startedAt,
      action: input.op,
      connectionId: input.connectionId,
      bucket: input.bucket,
      ...(input.prefixes.length ? { prefixes: input.prefixes } : {}),
      ...(input.keys.length ? { keyCount: input.keys.length } : {}),
      objects: plan.objects,
      bytes: plan.bytes,
      ...(plan.minimumDuration.chargeUsd > 0 ? { estimatedCostUsd: plan.minimumDuration.chargeUsd } : {}),
      jobId,
      outcome: 'started',
      detail: plan.summary,
    });
    const spec: OperationJobSpec = {
      jobId,
      op: input.op,
      connectionId: input.connectionId,
      bucket: input.bucket,
      title: titleOf(input, plan.objects),
      prefixes: input.prefixes,
      keyCount: input.keys.length,
      base: input.base,
      ...(input.target && input.op !== 'delete' && input.op !== 'storage-class' ? { target: input.target } : {}),
      ...(input.op === 'storage-class' && input.storageClass ? { storageClass: input.storageClass } : {}),
      startedAt,
      activityId,
    };
    const paths = jobPaths(dir);
    const keys = await loadKeyStates(paths.keyFile, spec.op);
    const { journal } = await Journal.open<OperationRecord>(paths.journal, { version: OPERATION_JOURNAL_VERSION, ...(this.deps.journalOpener ? { opener: this.deps.journalOpener } : {}) });
    try {
      await journal.append({ v: OPERATION_JOURNAL_VERSION, at: startedAt, op: 'created', job: spec });
    } catch (err) {
      await journal.close();
      await this.deps.activity.update(activityId, { outcome: 'failed', detail: 'The job could not be saved to disk.', endedAt: this.now() }).catch(() => undefined);
      throw err;
    }
    return new OperationJob(dir, { spec, keys, journal, status: { state: 'running', requests: { copy: 0, parts: 0, delete: 0 } }, uploads: new Map() }, this.jobDeps);
  }

  /** The job with this id, or NoSuchJob. */
  async job(jobId: string): Promise<OperationJob> {
    await this.ready();
    const job = this.jobs.get(jobId);
    if (!job) throw new ThawError('NoSuchJob', 'That operation job is not known (it may have been cleared).', { jobId });
    return job;
  }

  /** Renames one object. */
  async rename(input: ParsedInput<'objects:rename'>): Promise<{ key: string }> {
    const client = await this.writable(input.connectionId, input.bucket);
    const started = this.now();
    const base = { action: 'rename' as const, connectionId: input.connectionId, bucket: input.bucket, key: input.key, at: started };
    const outcome = await renameObject(client, input.bucket, input.key, input.newKey).catch(async (err: unknown) => {
      if (isAttempted(err)) await this.logDone({ ...base, outcome: 'failed', detail: toIpcError(err).message });
      throw err;
    });
    if (!outcome.ok) {
      await this.logDone({ ...base, objects: 1, bytes: outcome.size, outcome: 'partial', detail: outcome.error.message });
      throw outcome.error;
    }
    await this.logDone({ ...base, objects: 1, bytes: outcome.size, outcome: 'done', detail: `Renamed to ${input.newKey}.` });
    return { key: input.newKey };
  }

  /** Creates an empty folder marker. */
  async createFolder(input: ParsedInput<'objects:create-folder'>): Promise<{ key: string }> {
    const key = folderKey(input.prefix);
    const client = await this.writable(input.connectionId, input.bucket);
    await this.attempt({ action: 'create-folder', connectionId: input.connectionId, bucket: input.bucket, key }, () => createFolder(client, input.bucket, key));
    return { key };
  }

  /** Replaces an object's metadata (and tags when given). */
  async updateMetadata(input: ParsedInput<'objects:update-metadata'>): Promise<{ versionId?: string }> {
    const client = await this.writable(input.connectionId, input.bucket);
    const names = Object.keys(input.metadata);
    const detail = `Metadata set to ${names.length ? names.join(', ') : 'nothing'}${input.tags ? `; tags set to ${Object.keys(input.tags).join(', ') || 'nothing'}` : ''}.`;
    const out = await this.attempt({ action: 'metadata', connectionId: input.connectionId, bucket: input.bucket, key: input.key, detail }, () =>
      updateMetadata(client, input.bucket, input.key, { metadata: input.metadata, ...(input.contentType ? { contentType: input.contentType } : {}), ...(input.tags ? { tags: input.tags } : {}) }),
    );
    return out.versionId ? { versionId: out.versionId } : {};
  }

  /** Every version and delete marker of one key. */
  async versions(input: ParsedInput<'objects:versions'>): Promise<ObjectVersion[]> {
    const client = await this.deps.s3.clientFor(input.connectionId, input.bucket);
    return versionsOf(client, input.bucket, input.key);
  }

  /** One page of versions under a prefix. */
  async listVersions(input: ParsedInput<'objects:list-versions'>): Promise<VersionsPage> {
    const client = await this.deps.s3.clientFor(input.connectionId, input.bucket);
    return listVersionsPage(client, input.bucket, {
      prefix: input.prefix,
      maxKeys: input.maxKeys,
      ...(input.delimiter ? { delimiter: input.delimiter } : {}),
      ...(input.keyMarker !== undefined ? { keyMarker: input.keyMarker } : {}),
      ...(input.versionIdMarker ? { versionIdMarker: input.versionIdMarker } : {}),
    });
  }

  /** Copies an old version over the current one. */
  async promoteVersion(input: ParsedInput<'objects:promote-version'>): Promise<{ versionId?: string }> {
    const client = await this.writable(input.connectionId, input.bucket);
    const out = await this.attempt({ action: 'promote-version', connectionId: input.connectionId, bucket: input.bucket, key: input.key, detail: `Version ${input.versionId} made current.` }, () =>
      promoteVersion(client, input.bucket, input.key, input.versionId),
    );
    return out.versionId ? { versionId: out.versionId } : {};
  }

  /** Removes the delete marker(s) hiding a key. */
  async undelete(input: ParsedInput<'objects:undelete'>): Promise<{ removedMarker: string }> {
    const client = await this.writable(input.connectionId, input.bucket);
    const out = await this.attempt({ action: 'undelete', connectionId: input.connectionId, bucket: input.bucket, key: input.key }, () => undelete(client, input.bucket, input.key), (o) =>
      `Removed delete marker${o.removed.length > 1 ? 's' : ''} ${o.removed.join(', ')}.`,
    );
    return { removedMarker: out.removedMarker };
  }

  /** Deletes one version for good. */
  async deleteVersion(input: ParsedInput<'objects:delete-version'>): Promise<{ deleted: boolean }> {
    const client = await this.writable(input.connectionId, input.bucket);
    await this.attempt({ action: 'delete-version', connectionId: input.connectionId, bucket: input.bucket, key: input.key, detail: `Version ${input.versionId} deleted permanently.` }, () =>
      deleteVersion(client, input.bucket, input.key, input.versionId),
    );
    return { deleted: true };
  }

  /** Restores an archived version. */
  async restoreVersion(input: ParsedInput<'objects:restore-version'>): Promise<{ status: 'started' | 'in-progress' | 'extended' }> {
    const client = await this.writable(input.connectionId, input.bucket);
    const base = { action: 'restore-version' as const, connectionId: input.connectionId, bucket: input.bucket, key: input.key, tier: input.tier, days: input.days };
    const out = await this.attempt(base, () => restoreVersion(client, input.bucket, input.key, input.versionId, { tier: input.tier, days: input.days }), (o) => `Version ${input.versionId}: restore ${o.status}.`);
    return { status: out.status };
  }

  /** Cancels plans, stops jobs (they continue from disk next time) and closes their journals. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.loading?.catch(() => undefined);
    await this.plans.dropAll();
    await Promise.all([...this.jobs.values()].map((j) => j.dispose()));
  }

  private async writable(connectionId: string, bucket: string) {
    const client = await this.deps.s3.clientFor(connectionId, bucket);
    this.deps.s3.assertWritable(connectionId);
    return client;
  }

  /** Runs a single-object operation and logs how it ended (refusals that reached no bucket are not logged). */
  private async attempt<T>(entry: LogFields, fn: () => Promise<T>, detail?: (out: T) => string): Promise<T> {
    const at = this.now();
    try {
      const out = await fn();
      const size = (out as { size?: number } | undefined)?.size;
      await this.logDone({ ...entry, at, objects: 1, ...(size !== undefined ? { bytes: size } : {}), outcome: 'done', ...(detail ? { detail: detail(out) } : {}) });
      return out;
    } catch (err) {
      if (isAttempted(err)) await this.logDone({ ...entry, at, outcome: 'failed', detail: toIpcError(err).message });
      throw err;
    }
  }

  private async logDone(entry: LogFields & { outcome: ActivityEntry['outcome'] }): Promise<void> {
    await this.log({ ...entry, endedAt: this.now() }).catch(() => undefined);
  }

  private async log(entry: LogFields & { outcome: ActivityEntry['outcome'] }): Promise<string> {
    const who = await this.deps.s3.describe(entry.connectionId).catch(() => ({ name: entry.connectionId, identity: undefined }));
    return this.deps.activity.record({ ...entry, connectionName: who.name, ...(who.identity ? { identity: who.identity } : {}) });
  }

  private ended(job: OperationJob, outcome: 'done' | 'failed' | 'cancelled'): void {
    const s = job.summary();
    const report = endReport(s, outcome);
    if (this.deps.settings.current().notifications && outcome !== 'cancelled') this.deps.notifier.notify(report.title, `${s.title}: ${report.detail}`);
    const activityId = job.spec.activityId;
    if (!activityId) return;
    void this.deps.activity
      .update(activityId, { outcome: report.outcome, endedAt: this.now(), result: { ...s.operation.states, ...job.requests() }, detail: report.detail })
      .catch(() => undefined);
  }

  private async loadAll(): Promise<void> {
    await this.deps.settings.load();
    await this.dirs.replay({
      journal: (dir) => jobPaths(dir).journal,
      disposed: () => this.disposed,
      open: async (jobId, dir) => {
        const job = new OperationJob(dir, await loadJob(dir, this.deps.journalOpener), this.jobDeps);
        this.jobs.set(jobId, job);
        this.deps.board.add(jobId, job);
        job.start();
      },
      broken: (jobId, dir, err) =>
        this.deps.board.add(
          jobId,
          new BrokenJob(jobId, dir, err, this.now(), 'Operation', (base) => ({ ...base, kind: 'operation', operation: { op: 'delete', states: { pending: 0, done: 0, failed: 0, skipped: 0 } } })),
        ),
    });
  }
}

type LogFields = Omit<ActivityEntry, 'id' | 'at' | 'connectionName' | 'outcome'> & { at?: number; action: ActivityAction };

/** True when a failure came from S3 (the bucket may have changed), not from Thaw's own checks. */
function isAttempted(err: unknown): boolean {
  const code = toIpcError(err).code;
  return code !== 'InvalidInput' && code !== 'ReadOnly' && code !== 'NoSuchConnection';
}
