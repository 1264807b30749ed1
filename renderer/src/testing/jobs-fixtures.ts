/**
 * Job summaries and plans (restore, transfer, operation) and object versions for renderer tests.
 *
 * Only used by `*.test.ts(x)`.
 */
import type { OperationJobSummary, RestoreJobSummary, TransferJobSummary } from '../../../shared/ipc/jobs';
import type { ObjectVersion, OperationPlan } from '../../../shared/ipc/objects';
import type { RestorePlan } from '../../../shared/ipc/restore';
import type { DownloadPlan, UploadPlan } from '../../../shared/ipc/transfers';

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

/** A running download of 10 files; `over` replaces top-level fields, `transfer` fields of the detail. */
export function transferJob(jobId: string, over: Partial<Omit<TransferJobSummary, 'transfer'>> = {}, transfer: Partial<TransferJobSummary['transfer']> = {}): TransferJobSummary {
  return {
    jobId,
    kind: 'transfer',
    state: 'running',
    title: `Download s3://bucket/${jobId}/ (10 files)`,
    connectionId: 'sandbox',
    bucket: 'bucket',
    startedAt: 1_700_000_000_000,
    items: { total: 10, done: 4, failed: 1 },
    bytes: { total: 100 * 2 ** 20, done: 40 * 2 ** 20 },
    eta: null,
    ...over,
    transfer: {
      direction: 'download',
      destination: '/home/ops/data',
      source: `s3://bucket/${jobId}/`,
      states: { queued: 3, active: 2, 'waiting-restore': 0, done: 3, skipped: 1, failed: 1 },
      verified: 2,
      unverified: 1,
      bytesPerSecond: 5 * 2 ** 20,
      retries: 0,
      ...transfer,
    },
  };
}

/** A running delete of 10 objects; `over` replaces top-level fields, `operation` fields of the detail. */
export function operationJob(jobId: string, over: Partial<Omit<OperationJobSummary, 'operation'>> = {}, operation: Partial<OperationJobSummary['operation']> = {}): OperationJobSummary {
  return {
    jobId,
    kind: 'operation',
    state: 'running',
    title: `Delete s3://bucket/${jobId}/ (10 objects)`,
    connectionId: 'sandbox',
    bucket: 'bucket',
    startedAt: 1_700_000_000_000,
    items: { total: 10, done: 6, failed: 1 },
    bytes: { total: 10 * 2 ** 20, done: 6 * 2 ** 20 },
    eta: null,
    ...over,
    operation: { op: 'delete', states: { pending: 3, done: 5, failed: 1, skipped: 1 }, ...operation },
  };
}

/** A download plan of 12 files, 3 of them archived in Deep Archive. */
export function downloadPlan(over: Partial<DownloadPlan> = {}): DownloadPlan {
  return {
    planId: 'd1',
    destination: '/home/ops/Downloads',
    files: 12,
    bytes: 12 * 2 ** 30,
    largest: 2 ** 30,
    archived: { objects: 3, bytes: 3 * 2 ** 30, restoring: 0, byClass: { DEEP_ARCHIVE: 3 } },
    unsafe: { count: 0, examples: [] },
    existing: 0,
    conflicts: 0,
    ...over,
  };
}

/** An upload plan of 4 files. */
export function uploadPlan(over: Partial<UploadPlan> = {}): UploadPlan {
  return { planId: 'u1', destination: 's3://bucket/data/', files: 4, bytes: 4 * 2 ** 20, largest: 2 ** 20, skipped: { count: 0, examples: [] }, ...over };
}

/** A delete plan of 20 objects. */
export function operationPlan(over: Partial<OperationPlan> = {}): OperationPlan {
  return {
    planId: 'o1',
    op: 'delete',
    objects: 20,
    bytes: 20 * 2 ** 20,
    byClass: { STANDARD: 18, STANDARD_IA: 2 },
    archived: { objects: 0, bytes: 0 },
    large: 0,
    minimumDuration: { objects: 0, chargeUsd: 0 },
    summary: 'Delete 20 objects (20 MiB) from s3://bucket/; this cannot be undone unless the bucket keeps versions.',
    ...over,
  };
}

/** One version of `key`. */
export function objectVersion(key: string, versionId: string, over: Partial<ObjectVersion> = {}): ObjectVersion {
  return { key, versionId, isLatest: false, deleteMarker: false, size: 1024, lastModified: 1_700_000_000_000, storageClass: 'STANDARD', ...over };
}
