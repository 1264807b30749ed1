/**
 * The jobs panel's source of truth: every user-visible job of every kind.
 *
 * Each kind (restore now; transfers and stats next) registers a controller
 * per job and calls `changed` whenever its counts move. The board turns that
 * into `jobs:event` upserts carrying the whole summary — at once for the
 * first report and for state changes, then at most a few times a second per
 * job, because a restore issuing a thousand requests a second must not send
 * a thousand events. `jobs:list` and `jobs:items` read through the same
 * controllers; `jobs:clear` removes finished jobs and their files.
 */
import type { JobItemsPage, JobSummary } from '../../../shared/ipc/jobs';
import { ThawError } from '../errors';
import { Coalescer } from '../listing/coalescer';
import type { Emit } from '../types';

/** What a job kind provides for each of its jobs. */
export interface JobController {
  summary(): JobSummary;
  /** A page of items, optionally only those in `state`. */
  items(state: string | undefined, offset: number, limit: number): Promise<JobItemsPage>;
  /** Deletes the job's files; only called for finished jobs. */
  remove(): Promise<void>;
}

const FINAL = new Set(['done', 'failed', 'cancelled']);

/** Registry and event source of user-visible jobs. */
export class JobBoard {
  private readonly jobs = new Map<string, { controller: JobController; coalescer: Coalescer; lastState: string }>();

  constructor(
    private readonly emit: Emit,
    private readonly intervalMs = 250,
  ) {}

  /** Registers a job and announces it. */
  add(jobId: string, controller: JobController): void {
    const coalescer = new Coalescer(() => this.publish(jobId), this.intervalMs);
    this.jobs.set(jobId, { controller, coalescer, lastState: '' });
    coalescer.notify();
  }

  /** The job's summary changed; a state change is announced at once, counts a few times a second. */
  changed(jobId: string): void {
    const entry = this.jobs.get(jobId);
    if (!entry) return;
    if (entry.controller.summary().state !== entry.lastState) entry.coalescer.flushNow();
    else entry.coalescer.notify();
  }

  /** The controller of a job, or NoSuchJob. */
  get(jobId: string): JobController {
    const entry = this.jobs.get(jobId);
    if (!entry) throw new ThawError('NoSuchJob', 'That job is not known (it may have been cleared).', { jobId });
    return entry.controller;
  }

  /** Every job, newest first. */
  list(): JobSummary[] {
    return [...this.jobs.values()].map((e) => e.controller.summary()).sort((a, b) => b.startedAt - a.startedAt);
  }

  /** A page of a job's items. */
  items(jobId: string, state: string | undefined, offset: number, limit: number): Promise<JobItemsPage> {
    return this.get(jobId).items(state, offset, limit);
  }

  /** Removes finished jobs (all when `jobIds` is absent); running ones are left alone. */
  async clear(jobIds?: string[]): Promise<string[]> {
    const ids = jobIds ?? [...this.jobs.keys()];
    const removed: string[] = [];
    try {
      for (const id of ids) {
        const entry = this.jobs.get(id);
        if (!entry || !FINAL.has(entry.controller.summary().state)) continue;
        await entry.controller.remove();
        entry.coalescer.close(false);
        this.jobs.delete(id);
        removed.push(id);
      }
    } finally {
      // Also when a later job's files could not be deleted: the ones already gone must leave the panel.
      if (removed.length > 0) this.emit('jobs:event', { type: 'removed', jobIds: removed });
    }
    return removed;
  }

  /** Stops emitting (core shutdown). */
  dispose(): void {
    for (const entry of this.jobs.values()) entry.coalescer.close(false);
  }

  private publish(jobId: string): void {
    const entry = this.jobs.get(jobId);
    if (!entry) return;
    const job = entry.controller.summary();
    entry.lastState = job.state;
    this.emit('jobs:event', { type: 'upsert', job });
  }
}
