/**
 * Restores for one core: plans, persisted jobs, and the `restore:*` calls.
 *
 * Files live under user data: `restore/plans/<planId>/` while a dialog is
 * open (removed when it closes, or an hour later, or at the next start),
 * and `restore/jobs/<jobId>/` for every job until the user clears it. At
 * start the jobs are replayed from their journals and continue by
 * themselves; a journal that cannot be read is listed as a failed job with
 * the reason and left on disk untouched.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ParsedInput } from '../../../shared/ipc/contract';
import type { RestoreJobSummary } from '../../../shared/ipc/jobs';
import { RESTORE_KEY_STATES, type RestoreKeyState, type RestorePlanEvent } from '../../../shared/ipc/restore';
import { priceTable } from '../../../shared/pricing';
import { estimatePlan } from '../../../shared/restore-plan-estimate';
import { needsDays } from '../../../shared/restore-rules';
import type { ActivityLog } from '../activity/log';
import type { S3Access } from '../connections';
import { ThawError, toIpcError } from '../errors';
import type { JobBoard } from '../jobs/board';
import { BrokenJob } from '../jobs/broken-job';
import { JobDirs, PlanShelf } from '../jobs/job-dirs';
import type { JournalOpener } from '../persist/journal';
import { TaskSet } from '../jobs/tasks';
import { Coalescer } from '../listing/coalescer';
import type { SettingsService } from '../settings/service';
import type { Emit, Notifier } from '../types';
import { createJob } from './create-job';
import { RestoreJob } from './job';
import type { RestoreJobDeps } from './job-deps';
import { jobPaths, loadJob } from './job-files';
import { planRestore, type PlanOutcome } from './plan';
import { RateLimiter, realRateClock, type RateClock } from './rate';

/** What the restore service needs. */
export interface RestoreServiceDeps {
  userDataDir: string;
  s3: S3Access;
  emit: Emit;
  board: JobBoard;
  activity: ActivityLog;
  settings: SettingsService;
  notifier: Notifier;
  now?: () => number;
  clock?: RateClock;
  /** Shortest wait between progress checks (tests shorten it). */
  minCheckMs?: number;
  listers?: number;
  journalOpener?: JournalOpener;
  /** How many Intelligent-Tiering objects a plan HEADs by itself (tests lower it). */
  tierCheckLimit?: number;
}

interface PlanEntry {
  requestId: string;
  dir: string;
  outcome?: PlanOutcome;
}

/** How long a finished plan waits for "Start" before its files are removed. */
const PLAN_TTL_MS = 60 * 60_000;

/** The restore service of one core. */
export class RestoreService {
  private readonly planTasks = new TaskSet({ cancelWaitMs: 5_000 });
  private readonly plans = new PlanShelf<PlanEntry>(PLAN_TTL_MS, (planId) => this.planTasks.cancel(planId));
  private readonly jobs = new Map<string, RestoreJob>();
  private readonly dirs: JobDirs;
  private readonly now: () => number;
  private readonly jobDeps: RestoreJobDeps;
  /** Jobs share one account-wide rate: S3's restore limit is per account, not per job. */
  private readonly rate: RateLimiter;
  private loading?: Promise<void>;
  private disposed = false;

  constructor(private readonly deps: RestoreServiceDeps) {
    this.dirs = new JobDirs(join(deps.userDataDir, 'restore'));
    this.now = deps.now ?? Date.now;
    const clock = deps.clock ?? realRateClock;
    this.rate = new RateLimiter(() => deps.settings.current().restore.requestsPerSecond, clock);
    this.jobDeps = {
      s3: deps.s3,
      board: deps.board,
      emit: deps.emit,
      notify: (title, body) => {
        if (deps.settings.current().notifications) deps.notifier.notify(title, body);
      },
      settings: () => deps.settings.current(),
      now: this.now,
      clock,
      minCheckMs: () => deps.minCheckMs ?? 5_000,
      listers: deps.listers,
      ...(deps.journalOpener ? { journalOpener: deps.journalOpener } : {}),
      onEnded: (job, outcome) => this.ended(job, outcome),
    };
  }

  /** Replays every job from disk (once) and lets unfinished ones continue. */
  ready(): Promise<void> {
    this.loading ??= this.loadAll();
    return this.loading;
  }

  /** Starts a plan; events go out as `restore:plan-event` with the caller's request id. */
  async plan(input: ParsedInput<'restore:plan'>): Promise<{ planId: string }> {
    const { requestId, connectionId, bucket, prefixes, keys, checkTiers } = input;
    const client = await this.deps.s3.clientFor(connectionId, bucket);
    const region = await this.deps.s3.bucketRegion(connectionId, bucket);
    const { planId, dir } = await this.dirs.newPlan();
    const entry = this.plans.keep(planId, { requestId, dir });
    const emit = (event: RestorePlanEvent) => this.deps.emit('restore:plan-event', event);
    this.planTasks.start(async (task) => {
      let latest = { scanned: 0, archived: 0, headsDone: 0, headsPending: 0 };
      const progress = new Coalescer(() => {
        if (!task.ended) emit({ requestId, planId, kind: 'progress', ...latest });
      }, 250);
      try {
        const outcome = await planRestore(
          { planId, connectionId, bucket, region, prefixes, keys, checkTiers },
          { client, dir, signal: task.signal, now: this.now, listers: this.deps.listers, tierCheckLimit: this.deps.tierCheckLimit, onProgress: (p) => ((latest = { ...p }), progress.notify()) },
        );
        progress.close(false);
        entry.outcome = outcome;
        task.end(() => emit({ requestId, planId, kind: 'done', plan: outcome.plan }));
      } catch (err) {
        progress.close(false);
        if (task.signal.aborted) task.end(() => emit({ requestId, planId, kind: 'cancelled' }));
        else task.end(() => emit({ requestId, planId, kind: 'failed', error: toIpcError(err) }));
        if (!task.signal.aborted) await this.plans.drop(planId, { hook: false });
      }
    }, planId);
    return { planId };
  }

  /** Whether a plan is still being made, ready to start, or gone (failed, cancelled, started, expired). */
  planState(planId: string): 'planning' | 'ready' | 'gone' {
    const entry = this.plans.get(planId);
    return !entry ? 'gone' : entry.outcome ? 'ready' : 'planning';
  }

  /** Stops a plan and removes its files. */
  async cancelPlan(planId: string): Promise<boolean> {
    if (!this.plans.get(planId)) return false;
    await this.plans.drop(planId);
    return true;
  }

  /** Starts a planned restore as a job. */
  async start(input: ParsedInput<'restore:start'>): Promise<{ jobId: string }> {
    const entry = this.plans.get(input.planId);
    if (!entry) throw new ThawError('InvalidInput', 'That restore plan is gone (it was cancelled, expired, or already started). Plan it again.');
    const outcome = entry.outcome;
    if (!outcome) throw new ThawError('InvalidInput', 'The restore plan is still being made; wait until it shows its estimate.');
    const { plan } = outcome;
    this.deps.s3.assertWritable(plan.connectionId);
    const needDays = [...plan.toRestore, ...(input.extendRestored ? plan.restored : [])].some((g) => needsDays(g.kind));
    if (needDays && input.days === undefined) throw new ThawError('InvalidInput', 'Choose for how many days the restored copies should stay readable.');
    const settings = this.deps.settings.current();
    const estimate = estimatePlan(plan, { tier: input.tier, days: input.days ?? 1, extendRestored: input.extendRestored }, priceTable(plan.region, settings.pricingOverrides));
    if (!estimate.ok) throw new ThawError('InvalidInput', estimate.message);
    const pendingObjects = estimate.requests;
    const restoring = plan.restoring.reduce((n, g) => n + g.objects, 0);
    if (pendingObjects === 0 && restoring === 0) {
      const readable = plan.skipped.reduce((n, g) => n + g.objects, 0) + plan.restored.reduce((n, g) => n + g.objects, 0);
      throw new ThawError('InvalidInput', `Nothing to restore: all ${readable.toLocaleString('en-US')} selected objects are readable already.`);
    }
    if (estimate.total > settings.restore.confirmAboveUsd && (input.acknowledgedCostUsd ?? -1) + 0.005 < estimate.total) {
      throw new ThawError('InvalidInput', `This restore is estimated at $${estimate.total.toFixed(2)}, above your confirmation threshold: confirm the amount to start it.`);
    }
    this.plans.take(input.planId);
    await this.ready();
    const { jobId, dir } = await this.dirs.adopt(entry.dir);
    try {
      const job = await createJob({
        dir,
        jobId,
        outcome,
        choice: { tier: input.tier, ...(needDays ? { days: input.days } : {}), extendRestored: input.extendRestored },
        estimate,
        deps: this.jobDeps,
        rate: this.rate,
        activity: this.deps.activity,
      });
      this.jobs.set(jobId, job);
      this.deps.board.add(jobId, job);
      job.start();
      return { jobId };
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** The job with this id, or NoSuchJob. */
  job(jobId: string): RestoreJob {
    const job = this.jobs.get(jobId);
    if (!job) throw new ThawError('NoSuchJob', 'That restore job is not known (it may have been cleared).', { jobId });
    return job;
  }

  /** Drops cleared jobs (their files are gone). */
  forget(jobIds: readonly string[]): void {
    for (const id of jobIds) this.jobs.delete(id);
  }

  /** Cancels plans, stops jobs (they resume from disk next time) and closes their journals. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.loading?.catch(() => undefined);
    await this.planTasks.cancelAll();
    await this.plans.dropAll();
    await Promise.all([...this.jobs.values()].map((j) => j.dispose()));
  }

  private ended(job: RestoreJob, outcome: 'done' | 'failed' | 'cancelled'): void {
    const s = job.summary();
    const states = s.restore.states;
    const where = s.title.replace(/^Restore /, '');
    if (outcome === 'done') {
      const expiry = s.restore.earliestExpiry ? `, readable until ${new Date(s.restore.earliestExpiry).toUTCString().slice(5, 16)} or later` : '';
      const failed = states.failed > 0 ? `; ${states.failed.toLocaleString('en-US')} could not be restored` : '';
      this.jobDeps.notify(states.failed > 0 ? 'Restore finished with failures' : 'Restore finished', `${states.restored.toLocaleString('en-US')} objects in ${where} are restored${expiry}${failed}.`);
    } else if (outcome === 'failed') {
      this.jobDeps.notify('Restore failed', `${where}: ${s.error?.message ?? 'the job stopped.'}`);
    }
    const activityId = job.spec.activityId;
    if (activityId) {
      void this.deps.activity
        .update(activityId, {
          outcome: outcome === 'done' && states.failed > 0 ? 'partial' : outcome,
          endedAt: this.now(),
          result: { ...states },
          ...(s.error ? { detail: s.error.message } : {}),
        })
        .catch(() => undefined);
    }
  }

  private async loadAll(): Promise<void> {
    await this.deps.settings.load();
    await this.dirs.replay({
      journal: (dir) => jobPaths(dir).journal,
      disposed: () => this.disposed,
      open: async (jobId, dir) => {
        const job = new RestoreJob(dir, await loadJob(dir, this.jobDeps.journalOpener), this.jobDeps, this.rate);
        this.jobs.set(jobId, job);
        this.deps.board.add(jobId, job);
        job.start();
      },
      broken: (jobId, dir, err) => this.deps.board.add(jobId, new BrokenJob(jobId, dir, err, this.now(), 'Restore job', (base) => ({ ...base, kind: 'restore', restore: EMPTY_RESTORE }))),
    });
  }
}

/** The restore part of an unreadable job's summary. */
const EMPTY_RESTORE: RestoreJobSummary['restore'] = {
  phase: 'finished',
  tier: 'Standard',
  states: Object.fromEntries(RESTORE_KEY_STATES.map((s) => [s, 0])) as Record<RestoreKeyState, number>,
  skipped: 0,
  prefixes: [],
  keyCount: 0,
  estimatedCostUsd: 0,
  pricing: { region: '', sourceDate: '' },
  requests: { restore: 0, list: 0, head: 0 },
  ratePerSecond: 0,
};
