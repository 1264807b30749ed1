/**
 * `restore:*` and `jobs:*` calls.
 *
 * Job calls wait until the jobs on disk have been replayed, so the panel
 * never shows an empty list for jobs that are merely still loading.
 */
import type { JobBoard } from '../jobs/board';
import type { Handlers } from '../types';
import type { RestoreService } from './service';

type Channels =
  | 'restore:plan'
  | 'restore:cancel-plan'
  | 'restore:start'
  | 'restore:cancel'
  | 'restore:retry-failed'
  | 'restore:resume'
  | 'restore:check-now'
  | 'jobs:list'
  | 'jobs:items'
  | 'jobs:clear';

/** Handlers for restores and the jobs panel. */
export function createRestoreHandlers(restore: RestoreService, board: JobBoard, allReady: () => Promise<void> = () => restore.ready()): Pick<Handlers, Channels> {
  const job = async (jobId: string) => {
    await restore.ready();
    return restore.job(jobId);
  };
  return {
    'restore:plan': (input) => restore.plan(input),
    'restore:cancel-plan': async ({ planId }) => ({ cancelled: await restore.cancelPlan(planId) }),
    'restore:start': (input) => restore.start(input),
    'restore:cancel': async ({ jobId }) => ({ cancelled: await (await job(jobId)).cancel() }),
    'restore:retry-failed': async ({ jobId }) => ({ retried: await (await job(jobId)).retryFailed() }),
    'restore:resume': async ({ jobId }) => ({ resumed: await (await job(jobId)).resume() }),
    'restore:check-now': async ({ jobId }) => ({ checked: (await job(jobId)).checkNow() }),
    'jobs:list': async () => {
      await allReady();
      return board.list();
    },
    'jobs:items': async ({ jobId, state, offset, limit }) => {
      await allReady();
      return board.items(jobId, state, offset, limit);
    },
    'jobs:clear': async ({ jobIds }) => {
      await allReady();
      const removed = await board.clear(jobIds);
      restore.forget(removed);
      return { removed };
    },
  };
}
