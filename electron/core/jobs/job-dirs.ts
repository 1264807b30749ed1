/**
 * The files every kind of job keeps under user data, and the plans that
 * come before them.
 *
 * `<root>/plans/<planId>/` holds what a plan wrote while its dialog is
 * open; a plan not started within its time is removed. Starting renames the
 * plan's folder to `<root>/jobs/<jobId>/`, so the job begins with the plan's
 * key file without copying it. At start-up, leftover plans are removed and
 * every job folder is replayed: one without a journal is a start that
 * crashed before the job existed and is removed; one whose journal cannot
 * be read is handed to `broken` and left on disk.
 */
import { randomUUID } from 'node:crypto';
import { access, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface ReplayHooks {
  /** The journal's path inside a job folder. */
  journal: (dir: string) => string;
  /** Opens one job and starts it; a throw means it cannot be read. */
  open: (jobId: string, dir: string) => Promise<void>;
  broken: (jobId: string, dir: string, err: unknown) => void;
  /** Stops replaying once the core is shutting down. */
  disposed: () => boolean;
}

export class JobDirs {
  readonly plansDir: string;
  readonly jobsDir: string;

  constructor(root: string) {
    this.plansDir = join(root, 'plans');
    this.jobsDir = join(root, 'jobs');
  }

  /** A new, empty plan folder. */
  async newPlan(): Promise<{ planId: string; dir: string }> {
    const planId = randomUUID();
    const dir = join(this.plansDir, planId);
    await mkdir(dir, { recursive: true });
    return { planId, dir };
  }

  /** Moves a plan's folder to a new job's; the caller removes `dir` if the job then fails to start. */
  async adopt(planDir: string): Promise<{ jobId: string; dir: string }> {
    const jobId = randomUUID();
    const dir = join(this.jobsDir, jobId);
    await mkdir(this.jobsDir, { recursive: true });
    await rename(planDir, dir);
    return { jobId, dir };
  }

  /** Removes leftover plans and replays every job folder (see the file comment). */
  async replay(hooks: ReplayHooks): Promise<void> {
    await rm(this.plansDir, { recursive: true, force: true }).catch(() => undefined);
    let names: string[] = [];
    try {
      names = await readdir(this.jobsDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    for (const jobId of names) {
      if (hooks.disposed()) return;
      const dir = join(this.jobsDir, jobId);
      if (!(await exists(hooks.journal(dir)))) {
        await rm(dir, { recursive: true, force: true });
        continue;
      }
      try {
        await hooks.open(jobId, dir);
      } catch (err) {
        hooks.broken(jobId, dir, err);
      }
    }
  }
}

/** Plans waiting for "Start", each removed with its folder after `ttlMs`. */
export class PlanShelf<E extends { dir: string }> {
  private readonly plans = new Map<string, { entry: E; expiry: ReturnType<typeof setTimeout> }>();

  /** `beforeDrop` runs before an expired or dropped plan's folder is removed (e.g. to stop its planning). */
  constructor(
    private readonly ttlMs: number,
    private readonly beforeDrop?: (planId: string) => Promise<unknown>,
  ) {}

  keep(planId: string, entry: E): E {
    const expiry = setTimeout(() => void this.drop(planId), this.ttlMs);
    expiry.unref();
    this.plans.set(planId, { entry, expiry });
    return entry;
  }

  get(planId: string): E | undefined {
    return this.plans.get(planId)?.entry;
  }

  /** Takes a plan off the shelf for its job; its folder stays. */
  take(planId: string): E | undefined {
    const kept = this.plans.get(planId);
    if (!kept) return undefined;
    clearTimeout(kept.expiry);
    this.plans.delete(planId);
    return kept.entry;
  }

  /** Removes a plan and its folder; `hook: false` skips `beforeDrop` (the planning itself is what gives up). */
  async drop(planId: string, { hook = true } = {}): Promise<void> {
    const entry = this.take(planId);
    if (!entry) return;
    if (hook) await this.beforeDrop?.(planId);
    await rm(entry.dir, { recursive: true, force: true });
  }

  async dropAll(): Promise<void> {
    for (const id of [...this.plans.keys()]) await this.drop(id);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
