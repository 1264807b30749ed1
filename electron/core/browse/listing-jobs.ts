/**
 * Listing jobs: one streaming, cancellable listing per table view.
 *
 * `start` returns a job id at once; rows, progress and the end arrive as
 * `listing:event`s. The first rows go out as soon as the first page is in
 * (time to first rows is what the user feels), later rows and progress at
 * most four times a second. A job never emits after `cancelled`, `done` or
 * `failed`, and cancelling waits until every request of the job has
 * stopped, so "cancelled" means nothing of it is still running.
 */
import type { ListingEvent } from '../../../shared/ipc/listing';
import { toIpcError } from '../errors';
import { describeS3Error } from '../s3/describe-error';
import { TaskSet } from '../jobs/tasks';
import type { Emit } from '../types';
import { Coalescer, type CoalescerClock } from '../listing/coalescer';
import { listRanges } from '../listing/parallel-list';
import { RowBatcher, splitBatch } from '../listing/rows';
import type { PageSource } from '../listing/s3-pages';

/** Most rows in one listing:event, so no single message makes the renderer append for long. */
export const MAX_ROWS_PER_EVENT = 25_000;

/** What one job lists. */
export interface ListingSpec {
  bucket: string;
  prefix: string;
  recursive: boolean;
  filter?: string;
}

/** Options of the job manager. */
export interface ListingJobsOptions {
  emit: Emit;
  /** Milliseconds since the epoch, for `seconds` in events. */
  now?: () => number;
  /** Parallel listers per job. */
  concurrency?: number;
  /** Jobs at once; starting one more cancels the oldest. */
  maxJobs?: number;
  /** Minimum gap between two batches of one job. */
  intervalMs?: number;
  clock?: CoalescerClock;
}

/** How long `cancel` waits for a job's requests to stop before answering anyway. */
const CANCEL_WAIT_MS = 5_000;

/** The listing job manager used by the `listing:*` handlers. */
export interface ListingJobs {
  start(source: PageSource, spec: ListingSpec): string;
  /** True when the job was running; resolves once its requests have stopped. */
  cancel(jobId: string): Promise<boolean>;
  cancelAll(): Promise<void>;
  readonly active: number;
}

/** Creates the job manager. */
export function createListingJobs(options: ListingJobsOptions): ListingJobs {
  // A window lists one prefix at a time: the oldest listings give way to newer ones.
  const tasks = new TaskSet({ maxLive: options.maxJobs ?? 4, cancelWaitMs: CANCEL_WAIT_MS });
  const now = options.now ?? Date.now;
  const emit = (event: ListingEvent) => options.emit('listing:event', event);

  const start = (source: PageSource, spec: ListingSpec): string =>
    tasks.start(async (job) => {
      const id = job.id;
      const started = now();
      const seconds = () => (now() - started) / 1000;
      const batcher = new RowBatcher(spec.prefix, spec.filter);
      let rowsSent = 0;
      let counters = { scanned: 0, pages: 0, listers: 0 };

      const flush = () => {
        if (job.ended) return;
        const batch = batcher.take();
        if (batch) {
          rowsSent += batch.rows.names.length;
          for (const part of splitBatch(batch, MAX_ROWS_PER_EVENT)) emit({ jobId: id, kind: 'rows', folders: part.folders, rows: part.rows });
        }
        emit({
          jobId: id,
          kind: 'progress',
          keysSeen: counters.scanned,
          rowsSent,
          pages: counters.pages,
          listers: counters.listers,
          seconds: seconds(),
        });
      };
      const coalescer = new Coalescer(flush, options.intervalMs ?? 250, options.clock);

      try {
        const result = await listRanges(
          source,
          { prefix: spec.prefix, delimiter: spec.recursive ? undefined : '/' },
          (page) => {
            if (batcher.add(page) > 0) coalescer.notify();
          },
          {
            concurrency: options.concurrency,
            signal: job.signal,
            onPage: (s) => {
              counters = { scanned: s.scanned, pages: s.pages, listers: s.listers };
              coalescer.notify();
            },
          },
        );
        counters = { scanned: result.scanned, pages: result.pages, listers: 0 };
        coalescer.close();
        job.end(() =>
          emit({
            jobId: id,
            kind: 'done',
            total: batcher.total,
            scanned: result.scanned,
            seconds: seconds(),
            restoreStatusSupported: result.restoreStatusSupported,
          }),
        );
      } catch (err) {
        coalescer.close(false);
        if (job.cancelRequested || job.signal.aborted) job.end(() => emit({ jobId: id, kind: 'cancelled' }));
        else {
          const error = toIpcError(describeS3Error(err, { action: 's3:ListBucket', bucket: spec.bucket }));
          job.end(() => emit({ jobId: id, kind: 'failed', error }));
        }
      }
    }).id;

  return {
    start,
    cancel: (jobId) => tasks.cancel(jobId),
    cancelAll: () => tasks.cancelAll(),
    get active() {
      return tasks.live;
    },
  };
}
