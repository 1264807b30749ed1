/**
 * An operation job whose journal cannot be read (damaged, or written by a newer Thaw).
 *
 * Listed as failed with the reason; its files are never touched, so a
 * fixed or newer Thaw can still pick it up (see restore/broken-job.ts).
 */
import type { JobItemsPage, OperationJobSummary } from '../../../shared/ipc/jobs';
import type { JobController } from '../jobs/board';

/** The placeholder for an unreadable operation job. */
export class BrokenOperationJob implements JobController {
  private readonly message: string;

  constructor(
    private readonly jobId: string,
    dir: string,
    err: unknown,
    private readonly at: number,
  ) {
    const why = err instanceof Error ? err.message : String(err);
    this.message = `This job cannot be read, so it was not resumed: ${why} Its files are kept in ${dir}.`;
  }

  summary(): OperationJobSummary {
    return {
      jobId: this.jobId,
      kind: 'operation',
      state: 'failed',
      title: `Operation ${this.jobId.slice(0, 8)} (unreadable)`,
      connectionId: '',
      bucket: '',
      startedAt: this.at,
      endedAt: this.at,
      items: { total: 0, done: 0, failed: 0 },
      bytes: { total: 0, done: 0 },
      eta: null,
      error: { code: 'Internal', message: this.message },
      operation: { op: 'delete', states: { pending: 0, done: 0, failed: 0, skipped: 0 } },
    };
  }

  async items(): Promise<JobItemsPage> {
    return { total: 0, offset: 0, items: [] };
  }

  async remove(): Promise<void> {
    // Deliberately nothing: the journal is the only record of what was done.
  }
}
