/**
 * A job whose journal cannot be read (damaged, or written by a newer Thaw).
 *
 * It is listed as failed with the reason, so the user knows it exists, and
 * its files are never touched: clearing it only hides it until the next
 * start, and a fixed or newer Thaw can still pick it up.
 */
import type { JobItemsPage, RestoreJobSummary } from '../../../shared/ipc/jobs';
import { RESTORE_KEY_STATES, type RestoreKeyState } from '../../../shared/ipc/restore';
import type { JobController } from '../jobs/board';

/** The placeholder for an unreadable job. */
export class BrokenJob implements JobController {
  private readonly message: string;

  constructor(
    private readonly jobId: string,
    dir: string,
    err: unknown,
    private readonly at: number,
  ) {
    const why = err instanceof Error ? err.message : String(err);
    this.message = `This restore job cannot be read, so it was not resumed: ${why} Its files are kept in ${dir}.`;
  }

  summary(): RestoreJobSummary {
    return {
      jobId: this.jobId,
      kind: 'restore',
      state: 'failed',
      title: `Restore job ${this.jobId.slice(0, 8)} (unreadable)`,
      connectionId: '',
      bucket: '',
      startedAt: this.at,
      endedAt: this.at,
      items: { total: 0, done: 0, failed: 0 },
      bytes: { total: 0, done: 0 },
      eta: null,
      error: { code: 'Internal', message: this.message },
      restore: {
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
      },
    };
  }

  async items(): Promise<JobItemsPage> {
    return { total: 0, offset: 0, items: [] };
  }

  async remove(): Promise<void> {
    // Deliberately nothing: the journal is the only record of what was requested.
  }
}
