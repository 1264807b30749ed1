import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobDirs, PlanShelf } from './job-dirs';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'thaw-job-dirs-'));
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(root, { recursive: true, force: true });
});

describe('JobDirs', () => {
  it('moves a plan folder with its files to a new job folder', async () => {
    const dirs = new JobDirs(root);
    const { planId, dir } = await dirs.newPlan();
    writeFileSync(join(dir, 'keys'), 'a\n');
    const job = await dirs.adopt(dir);
    expect(job.jobId).not.toBe(planId);
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(job.dir)).toEqual(['keys']);
  });

  it('replays: removes leftover plans and journal-less jobs, opens the rest, hands unreadable ones to broken and keeps their files', async () => {
    const dirs = new JobDirs(root);
    await dirs.newPlan();
    for (const [id, journal] of [['good', true], ['bad', true], ['half-started', false]] as const) {
      mkdirSync(join(dirs.jobsDir, id), { recursive: true });
      if (journal) writeFileSync(join(dirs.jobsDir, id, 'journal.jsonl'), '{}\n');
    }
    const opened: string[] = [];
    const broken: string[] = [];
    await dirs.replay({
      journal: (d) => join(d, 'journal.jsonl'),
      disposed: () => false,
      open: async (jobId) => {
        if (jobId === 'bad') throw new Error('damaged at line 1');
        opened.push(jobId);
      },
      broken: (jobId, _dir, err) => broken.push(`${jobId}: ${(err as Error).message}`),
    });
    expect(opened).toEqual(['good']);
    expect(broken).toEqual(['bad: damaged at line 1']);
    expect(readdirSync(dirs.jobsDir).sort()).toEqual(['bad', 'good']);
    expect(existsSync(dirs.plansDir)).toBe(false);
  });

  it('replays nothing when there is no jobs folder yet, and stops once disposed', async () => {
    const dirs = new JobDirs(root);
    const open = vi.fn(async () => undefined);
    await dirs.replay({ journal: (d) => join(d, 'j'), disposed: () => false, open, broken: () => undefined });
    mkdirSync(join(dirs.jobsDir, 'x'), { recursive: true });
    writeFileSync(join(dirs.jobsDir, 'x', 'j'), '');
    await dirs.replay({ journal: (d) => join(d, 'j'), disposed: () => true, open, broken: () => undefined });
    expect(open).not.toHaveBeenCalled();
  });
});

describe('PlanShelf', () => {
  it('take leaves the folder; drop and expiry remove it, running the hook first unless told not to', async () => {
    vi.useFakeTimers();
    const dirs = new JobDirs(root);
    const hook = vi.fn(async () => undefined);
    const shelf = new PlanShelf<{ dir: string }>(1_000, hook);
    const a = await dirs.newPlan();
    const b = await dirs.newPlan();
    const c = await dirs.newPlan();
    shelf.keep(a.planId, { dir: a.dir });
    shelf.keep(b.planId, { dir: b.dir });
    shelf.keep(c.planId, { dir: c.dir });

    expect(shelf.take(a.planId)).toEqual({ dir: a.dir });
    expect(shelf.get(a.planId)).toBeUndefined();
    await shelf.drop(b.planId, { hook: false });
    expect(hook).not.toHaveBeenCalled();
    expect(existsSync(b.dir)).toBe(false);

    await vi.advanceTimersByTimeAsync(1_000);
    await vi.waitFor(() => expect(existsSync(c.dir)).toBe(false));
    expect(hook).toHaveBeenCalledWith(c.planId);
    expect(existsSync(a.dir)).toBe(true);
    expect(shelf.get(c.planId)).toBeUndefined();
  });
});
