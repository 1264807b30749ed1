/**
 * Composes Thaw's core services into handlers for every contract call.
 *
 * Each domain contributes a `create…Handlers(deps)` that returns its slice of
 * `Handlers`; this file is the one place they meet.
 */
import { ActivityLog, createActivityHandlers } from './activity/log';
import { createAppHandlers } from './app/handlers';
import { createBrowseHandlers } from './browse/handlers';
import { createConnections, type ConnectionsOptions } from './connections';
import { JobBoard } from './jobs/board';
import type { JournalOpener } from './persist/journal';
import { createObjectHandlers } from './objects/handlers';
import { ObjectService } from './objects/service';
import { createRestoreHandlers } from './restore/handlers';
import { RestoreService } from './restore/service';
import { createSettingsHandlers, SettingsService } from './settings/service';
import { createTransferHandlers } from './transfers/handlers';
import { TransferService, type TransferServiceDeps } from './transfers/service';
import type { Core, CoreAdapters, Handlers } from './types';

export type { Core, CoreAdapters, Handlers } from './types';
export { dispatch } from './ipc/dispatch';

/** Knobs for tests and benchmarks; the app passes none. */
export interface CoreOptions extends ConnectionsOptions {
  /** Shortest wait between two progress checks of a restore job (default 5 s). */
  restoreMinCheckMs?: number;
  /** Opens restore journals (tests inject a full disk). */
  restoreJournalOpener?: JournalOpener;
  /** How many Intelligent-Tiering objects a restore plan HEADs by itself. */
  restoreTierCheckLimit?: number;
  /** Copies in flight per object-operation job (default 32). */
  objectCopyConcurrency?: number;
  /** DeleteObjects requests in flight per object-operation job (default 4). */
  objectDeleteConcurrency?: number;
  /** Engine knobs for transfers (tests lower part sizes and timeouts). */
  transferDownloadOptions?: TransferServiceDeps['downloadOptions'];
  transferUploadOptions?: TransferServiceDeps['uploadOptions'];
  /** How often a restore-first download looks at its restore job (default 30 s). */
  transferRestoreCheckMs?: number;
  /** Opens transfer journals (tests inject a full disk). */
  transferJournalOpener?: JournalOpener;
}

/** Builds the core for one app instance. */
export function createCore(adapters: CoreAdapters, options: CoreOptions = {}): Core {
  const disposers: Array<() => Promise<void> | void> = [];
  const onDispose = (fn: () => Promise<void> | void) => disposers.push(fn);
  const now = adapters.now ?? Date.now;
  // Connections first: other services take `connections.s3` (clients per connection/bucket, assertWritable).
  const connections = createConnections(adapters, onDispose, options);
  const settings = new SettingsService(adapters.userDataDir);
  const activity = new ActivityLog({
    userDataDir: adapters.userDataDir,
    dialogs: adapters.dialogs,
    now,
    retentionDays: () => settings.current().activityRetentionDays,
  });
  const board = new JobBoard(adapters.emit);
  const restore = new RestoreService({
    userDataDir: adapters.userDataDir,
    s3: connections.s3,
    emit: adapters.emit,
    board,
    activity,
    settings,
    notifier: adapters.notifier,
    now,
    ...(options.restoreMinCheckMs !== undefined ? { minCheckMs: options.restoreMinCheckMs } : {}),
    ...(options.restoreJournalOpener ? { journalOpener: options.restoreJournalOpener } : {}),
    ...(options.restoreTierCheckLimit !== undefined ? { tierCheckLimit: options.restoreTierCheckLimit } : {}),
  });
  onDispose(async () => {
    await restore.dispose();
    board.dispose();
    await activity.close();
  });
  const objects = new ObjectService({
    userDataDir: adapters.userDataDir,
    s3: connections.s3,
    board,
    activity,
    settings,
    notifier: adapters.notifier,
    now,
    ...(options.objectCopyConcurrency !== undefined ? { copyConcurrency: options.objectCopyConcurrency } : {}),
    ...(options.objectDeleteConcurrency !== undefined ? { deleteConcurrency: options.objectDeleteConcurrency } : {}),
  });
  // Registered after restore's shutdown, so it runs before the board and the activity log close.
  onDispose(() => objects.dispose());
  void objects.ready().catch(() => undefined);
  const transfers = new TransferService({
    userDataDir: adapters.userDataDir,
    s3: connections.s3,
    board,
    activity,
    settings,
    notifier: adapters.notifier,
    dialogs: adapters.dialogs,
    restore,
    now,
    ...(options.transferDownloadOptions ? { downloadOptions: options.transferDownloadOptions } : {}),
    ...(options.transferUploadOptions ? { uploadOptions: options.transferUploadOptions } : {}),
    ...(options.transferRestoreCheckMs !== undefined ? { restoreCheckMs: options.transferRestoreCheckMs } : {}),
    ...(options.transferJournalOpener ? { journalOpener: options.transferJournalOpener } : {}),
  });
  onDispose(() => transfers.dispose());
  void transfers.ready().catch(() => undefined);
  const allJobsReady = () => Promise.all([restore.ready(), objects.ready(), transfers.ready()]).then(() => undefined);
  // Unfinished restore jobs continue by themselves; the core is created after the first screen, so this costs start-up nothing.
  void restore.ready().catch(() => undefined);
  const handlers: Handlers = {
    ...createAppHandlers(adapters),
    ...connections.handlers,
    ...createBrowseHandlers({ s3: connections.s3, emit: adapters.emit, now: adapters.now, onDispose }),
    ...createRestoreHandlers(restore, board, allJobsReady),
    ...createTransferHandlers(transfers),
    ...createObjectHandlers(objects),
    ...createActivityHandlers(activity),
    ...createSettingsHandlers(settings),
  };
  return {
    handlers,
    async dispose() {
      for (const fn of disposers.reverse()) await fn();
    },
  };
}
