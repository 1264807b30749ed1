/**
 * A job whose journal cannot be read (damaged, or written by a newer Thaw), of any kind.
 *
 * Listed as failed with the reason; its files are never touched, so a
 * fixed or newer Thaw can still pick it up. `detail` supplies the kind's
 * own (empty) part of the summary.
 */
import type { JobItemsPage, JobSummary } from '../../../shared/ipc/jobs';
import type { JobController } from './board';

type Base = Omit<JobSummary, 'kind' | 'restore' | 'transfer' | 'operation'>;

/** The placeholder for an unreadable job. */
export class BrokenJob implements JobController {
  private readonly message: string;

  constructor(
    private readonly jobId: string,
    dir: string,
    err: unknown,
    private readonly at: number,
    private readonly noun: string,
    private readonly detail: (base: Base) => JobSummary,
  ) {
    const why = err instanceof Error ? err.message : String(err);
    this.message = `This job cannot be read, so it was not resumed: ${why} Its files are kept in ${dir}.`;
  }

  summary(): JobSummary {
    return this.detail({
      jobId: this.jobId,
      state: 'failed',
      title: `${this.noun} ${this.jobId.slice(0, 8)} (unreadable)`,
      connectionId: '',
      bucket: '',
      startedAt: this.at,
      endedAt: this.at,
      items: { total: 0, done: 0, failed: 0 },
      bytes: { total: 0, done: 0 },
      eta: null,
      error: { code: 'Internal', message: this.message },
    });
  }

  async items(): Promise<JobItemsPage> {
    return { total: 0, offset: 0, items: [] };
  }

  async remove(): Promise<void> {
    // Deliberately nothing: the journal is the only record of what was done.
  }
}
