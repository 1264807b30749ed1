/**
 * Restore job summaries and plans for renderer tests.
 *
 * Only used by `*.test.ts(x)`.
 */
import type { RestoreJobSummary } from '../../../shared/ipc/jobs';
import type { RestorePlan } from '../../../shared/ipc/restore';

/** A restore job summary; `over` replaces top-level fields, `restore` fields of the detail. */
export function restoreJob(jobId: string, over: Partial<Omit<RestoreJobSummary, 'restore'>> = {}, restore: Partial<RestoreJobSummary['restore']> = {}): RestoreJobSummary {
  return {
    jobId,
    kind: 'restore',
    state: 'running',
    title: `Restore s3://bucket/${jobId}/ (10 objects)`,
    connectionId: 'sandbox',
    bucket: 'bucket',
    startedAt: 1_700_000_000_000,
    items: { total: 10, done: 4, failed: 1 },
    bytes: { total: 10 * 2 ** 30, done: 3 * 2 ** 30 },
    eta: null,
    ...over,
    restore: {
      phase: 'tracking',
      tier: 'Standard',
      days: 7,
      states: { pending: 0, requested: 5, 'in-progress': 1, restored: 3, failed: 1 },
      skipped: 2,
      prefixes: [`${jobId}/`],
      keyCount: 0,
      estimatedCostUsd: 1.23,
      pricing: { region: 'us-east-1', sourceDate: '2026-01-15' },
      requests: { restore: 9, list: 3, head: 0 },
      ratePerSecond: 250,
      ...restore,
    },
  };
}

/** A finished plan; `over` replaces any field. */
export function restorePlan(over: Partial<RestorePlan> = {}): RestorePlan {
  return {
    planId: 'p1',
    connectionId: 'sandbox',
    bucket: 'bucket',
    region: 'us-east-1',
    prefixes: ['data/'],
    keyCount: 0,
    scanned: 20,
    toRestore: [{ kind: 'GLACIER', objects: 10, bytes: 100 * 2 ** 30 }],
    restoring: [],
    restored: [],
    unchecked: [],
    skipped: [],
    validTiers: ['Expedited', 'Standard', 'Bulk'],
    headRequests: 0,
    listRequests: 1,
    restoreStatusSupported: true,
    seconds: 0.2,
    ...over,
  };
}
