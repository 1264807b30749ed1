/**
 * Transfers: the download and upload dialogs, dropped files, and upload links.
 *
 * A transfer is planned first and started second. The plan call opens the
 * native dialog in main (the folder to download to, the files to upload)
 * and enumerates what the transfer covers; `null` means the user cancelled
 * that dialog, and nothing happens. A plan opens the confirmation dialog
 * here; starting it turns it into a job that arrives through `jobs:event`,
 * and the jobs panel opens on it.
 *
 * While a plan is out (`transferPlanning`) a second one is refused: two
 * native dialogs at once would only confuse. Dropped files are planned by
 * the preload's helper (`deps.files`), which reads their paths, so no local
 * path ever passes through the renderer.
 */
import type { ArchivedChoice, CollisionPolicy, DownloadPlan, UploadPlan, WRITABLE_STORAGE_CLASSES } from '../../../shared/ipc/transfers';
import type { IpcError } from '../../../shared/ipc/result';
import type { RestoreTier } from '../../../shared/restore-rules';
import { asIpcError, callThaw, unwrap } from '../ipc/api';
import { writeRefusal } from './selection-target';
import type { SliceCreator } from './types';

/** A download's selection, as `transfers:plan-download` takes it. */
export interface DownloadSelection {
  connectionId: string;
  bucket: string;
  prefixes: string[];
  /** `versionId` downloads a noncurrent version. */
  keys: Array<{ key: string; versionId?: string }>;
  /** Removed from each key to make its local relative path. */
  base: string;
}

/** An open confirmation dialog over a plan. */
export interface TransferDialog<P> {
  plan: P;
  starting: boolean;
  startError: IpcError | null;
}

/** A storage class an upload may ask for. */
export type WritableStorageClass = (typeof WRITABLE_STORAGE_CLASSES)[number];

/** What the user chose in the download dialog. */
export interface DownloadChoice {
  collision: CollisionPolicy;
  archived: ArchivedChoice;
  /** For `restore-first`. */
  tier?: RestoreTier;
  days?: number;
}

/** What the user chose in the upload dialog. */
export interface UploadChoice {
  storageClass: WritableStorageClass;
  metadata: Record<string, string>;
  collision: 'skip' | 'overwrite';
}

/** What the native dialog asks for. Dropped files go through `uploadDropped` (the page never holds a local path). */
export type UploadSource = { pick: 'files' | 'folder' };

/** A presigned upload link as the dialog shows it. */
export interface UploadLink {
  url: string;
  expiresAt: number;
  headers: Record<string, string>;
}

/** State and actions of the transfers slice. */
export interface TransfersSlice {
  downloadDialog: TransferDialog<DownloadPlan> | null;
  uploadDialog: TransferDialog<UploadPlan> | null;
  /** Which plan is out: its native dialog is open, or the selection is being enumerated. */
  transferPlanning: 'download' | 'upload' | null;
  /** The object the upload-link dialog is open for. */
  uploadLinkTarget: { bucket: string; key: string } | null;
  /** Asks for a folder and plans the download; true when the confirmation opened. */
  planDownload(selection: DownloadSelection): Promise<boolean>;
  /** Starts the planned download; on success closes the dialog and shows the job. */
  startDownload(choice: DownloadChoice): Promise<boolean>;
  closeDownload(): void;
  /** Plans an upload into the folder on screen; true when the confirmation opened. */
  planUpload(source: UploadSource): Promise<boolean>;
  /** Plans an upload of files dropped on the table (the native dialog when their paths cannot be read). */
  uploadDropped(files: readonly File[]): Promise<boolean>;
  startUpload(choice: UploadChoice): Promise<boolean>;
  closeUpload(): void;
  openUploadLink(target: { bucket: string; key: string }): void;
  closeUploadLink(): void;
  /** Creates a presigned PUT URL and copies it; returned to the dialog and never logged. */
  createUploadLink(target: { bucket: string; key: string }, expiresInSeconds: number, contentType?: string): Promise<UploadLink | null>;
}

/** Creates the transfers slice. */
export const createTransfersSlice: SliceCreator<TransfersSlice> = (set, get, deps) => {
  const showJob = (jobId: string) => {
    set({ jobsPanelOpen: true });
    get().selectJob(jobId);
  };

  /** The folder on screen as an upload's destination, or null (with a toast) when uploads are refused. */
  const uploadTarget = () => {
    const loc = get().location;
    const connectionId = get().activeConnectionId;
    const refusal = writeRefusal(get());
    if (refusal || !loc || !connectionId) {
      get().notify('info', refusal ?? 'Open a bucket first.');
      return null;
    }
    return { connectionId, bucket: loc.bucket, prefix: loc.prefix };
  };

  /** Runs one plan call with the planning flag held; errors become a toast. */
  const planning = async <P>(kind: 'download' | 'upload', fn: () => Promise<P | null>): Promise<P | null> => {
    if (get().transferPlanning) {
      get().notify('info', 'A transfer is being prepared already', { detail: 'Finish or cancel its dialog first.' });
      return null;
    }
    set({ transferPlanning: kind });
    try {
      return await fn();
    } catch (err) {
      get().notifyError(asIpcError(err));
      return null;
    } finally {
      set({ transferPlanning: null });
    }
  };

  return {
    downloadDialog: null,
    uploadDialog: null,
    transferPlanning: null,
    uploadLinkTarget: null,

    async planDownload(selection) {
      const plan = await planning('download', () => callThaw(deps.api, (a) => a.transfers.planDownload(selection)));
      if (!plan) return false;
      set({ downloadDialog: { plan, starting: false, startError: null } });
      return true;
    },

    async startDownload(choice) {
      const d = get().downloadDialog;
      if (!d || d.starting) return false;
      set({ downloadDialog: { ...d, starting: true, startError: null } });
      try {
        const restoreFirst = choice.archived === 'restore-first';
        const input = {
          planId: d.plan.planId,
          collision: choice.collision,
          archived: choice.archived,
          ...(restoreFirst && choice.tier ? { tier: choice.tier } : {}),
          ...(restoreFirst && choice.days !== undefined ? { days: choice.days } : {}),
        };
        const { jobId } = await callThaw(deps.api, (a) => a.transfers.startDownload(input));
        if (get().downloadDialog?.plan.planId === d.plan.planId) set({ downloadDialog: null });
        showJob(jobId);
        return true;
      } catch (err) {
        const now = get().downloadDialog;
        if (now?.plan.planId === d.plan.planId) set({ downloadDialog: { ...now, starting: false, startError: asIpcError(err) } });
        return false;
      }
    },

    closeDownload() {
      set({ downloadDialog: null });
    },

    async planUpload(source) {
      const target = uploadTarget();
      if (!target) return false;
      const input = { ...target, pick: source.pick };
      const plan = await planning('upload', () => callThaw(deps.api, (a) => a.transfers.planUpload(input)));
      if (!plan) return false;
      set({ uploadDialog: { plan, starting: false, startError: null } });
      return true;
    },

    async uploadDropped(files) {
      if (files.length === 0) return false;
      const helper = deps.files();
      if (!helper) {
        // No preload to read where dropped files live (a browser, the test harness): ask with the dialog instead.
        get().notify('info', 'Choose the dropped files again', { detail: 'This window cannot read where dropped files come from, so Thaw opens the file dialog.' });
        return get().planUpload({ pick: 'files' });
      }
      const target = uploadTarget();
      if (!target) return false;
      const plan = await planning('upload', async () => unwrap(await helper.planDroppedUpload(files, target)));
      if (!plan) return false;
      set({ uploadDialog: { plan, starting: false, startError: null } });
      return true;
    },

    async startUpload(choice) {
      const d = get().uploadDialog;
      if (!d || d.starting) return false;
      set({ uploadDialog: { ...d, starting: true, startError: null } });
      try {
        const input = { planId: d.plan.planId, storageClass: choice.storageClass, metadata: choice.metadata, collision: choice.collision };
        const { jobId } = await callThaw(deps.api, (a) => a.transfers.startUpload(input));
        if (get().uploadDialog?.plan.planId === d.plan.planId) set({ uploadDialog: null });
        showJob(jobId);
        return true;
      } catch (err) {
        const now = get().uploadDialog;
        if (now?.plan.planId === d.plan.planId) set({ uploadDialog: { ...now, starting: false, startError: asIpcError(err) } });
        return false;
      }
    },

    closeUpload() {
      set({ uploadDialog: null });
    },

    openUploadLink(target) {
      const refusal = writeRefusal(get());
      if (refusal) {
        get().notify('info', refusal);
        return;
      }
      set({ uploadLinkTarget: target });
    },

    closeUploadLink() {
      set({ uploadLinkTarget: null });
    },

    async createUploadLink(target, expiresInSeconds, contentType) {
      const connectionId = get().activeConnectionId;
      if (!connectionId) return null;
      try {
        const input = { connectionId, bucket: target.bucket, key: target.key, expiresInSeconds, ...(contentType ? { contentType } : {}) };
        const link = await callThaw(deps.api, (a) => a.transfers.uploadLink(input));
        await callThaw(deps.api, (a) => a.clipboard.writeText({ text: link.url }));
        get().notify('success', 'Upload link copied', { detail: 'Anyone with the link can upload to this key until it expires.' });
        return link;
      } catch (err) {
        get().notifyError(asIpcError(err));
        return null;
      }
    },
  };
};
