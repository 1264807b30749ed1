/**
 * `window.thawFiles`: the one helper outside the contract, for files dropped on the window.
 *
 * A sandboxed page cannot see where a dropped `File` lives on disk; only
 * the preload can (`webUtils.getPathForFile`). Rather than hand the page
 * those paths (Electron's docs advise against it), the helper plans the
 * upload itself: it reads the paths and sends them on the one contract call
 * that takes them, `transfers:plan-upload` with `dropped`, and gives the page
 * only that call's result. The page names where the files go
 * (connection, bucket, prefix), never a local path; anything else it passes
 * is dropped.
 */
import type { WebUtils } from 'electron';
import type { CallName } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';
import type { UploadPlan } from '../../shared/ipc/transfers';
import type { Transport } from './bridge';

/** Where dropped files go. */
export interface DropTarget {
  connectionId: string;
  bucket: string;
  prefix: string;
}

/** What the page gets as `window.thawFiles`. */
export interface ThawFilesApi {
  /** Plans an upload of `files` (dropped on the page) into `target`; the result of `transfers:plan-upload`. */
  planDroppedUpload(files: readonly File[], target: DropTarget): Promise<Result<UploadPlan | null>>;
}

/** The most files one drop may carry (the contract's limit on `dropped`). */
export const MAX_DROPPED_FILES = 10_000;

const PLAN_UPLOAD: CallName = 'transfers:plan-upload';

const refuse = (message: string): Result<never> => ({ ok: false, error: { code: 'InvalidInput', message } });

/** Builds the helper over `webUtils` (Electron's; a fake in tests) and the same transport as `window.thaw`. */
export function createFilesApi(webUtils: Pick<WebUtils, 'getPathForFile'>, transport: Pick<Transport, 'invoke'>): ThawFilesApi {
  async function planDroppedUpload(files: unknown, target: unknown): Promise<Result<UploadPlan | null>> {
    if (!Array.isArray(files)) return refuse('Dropped files must be a list of files.');
    if (files.length > MAX_DROPPED_FILES) return refuse(`Drop at most ${MAX_DROPPED_FILES.toLocaleString('en-US')} files at once, or upload their folder.`);
    if (!target || typeof target !== 'object') return refuse('Say where the dropped files go.');
    const paths: string[] = [];
    for (const file of files) {
      // Only real File objects have a path; strings or look-alikes from the page are ignored.
      if (typeof File === 'undefined' || !(file instanceof File)) continue;
      let path: string;
      try {
        path = webUtils.getPathForFile(file);
      } catch {
        path = '';
      }
      // Files made in the page (new File([...])) have no path.
      if (path) paths.push(path);
    }
    if (paths.length === 0) return refuse('None of the dropped items is a file on this computer.');
    const { connectionId, bucket, prefix } = target as Record<string, unknown>;
    const input = { connectionId, bucket, prefix, dropped: paths };
    return (await transport.invoke(PLAN_UPLOAD, input)) as Result<UploadPlan | null>;
  }
  return Object.freeze({ planDroppedUpload }) as ThawFilesApi;
}
