/**
 * What every restore job of one core shares.
 */
import type { Settings } from '../../../shared/ipc/settings';
import type { S3Access } from '../connections';
import type { JobBoard } from '../jobs/board';
import type { JournalOpener } from '../persist/journal';
import type { Emit } from '../types';
import type { RestoreJob } from './job';
import type { RateClock } from './rate';

/** The dependencies of a restore job. */
export interface RestoreJobDeps {
  s3: Pick<S3Access, 'clientFor' | 'describe'>;
  board: JobBoard;
  emit: Emit;
  /** A desktop notification (the service checks the settings switch). */
  notify: (title: string, body: string) => void;
  settings: () => Settings;
  now: () => number;
  clock: RateClock;
  /** Shortest wait between two progress checks. */
  minCheckMs: () => number;
  listers?: number;
  /** Opens job journals (tests inject a disk that fills up). */
  journalOpener?: JournalOpener;
  /** Called once when a job ends, for notifications and the activity log. */
  onEnded: (job: RestoreJob, outcome: 'done' | 'failed' | 'cancelled') => void;
}
