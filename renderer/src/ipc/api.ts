/**
 * The renderer's doorway to main: `window.thaw` and how its results are unwrapped.
 *
 * Only store actions call these; components never touch `window.thaw`, so
 * every call and its error handling sit in one place per domain. A failed
 * call becomes a `ThawCallError` carrying the stable code, so actions can
 * `try { … } catch (e) { notifyError(asIpcError(e)) }`.
 */
import { ERROR_CODES, type ErrorCode, type IpcError, type Result } from '../../../shared/ipc/result';
import type { ThawApi } from '../../../shared/ipc/contract';
import type { UploadPlan } from '../../../shared/ipc/transfers';

/**
 * The preload's one helper outside the contract (electron/preload/files.ts): uploads of files dropped on the window.
 *
 * Electron hides a dropped `File`'s path from the page; only the preload can
 * read it (`webUtils.getPathForFile`), so the preload plans the upload
 * itself (`transfers:plan-upload` with the paths) and the page never sees a
 * local path. Absent in the Chromium test harness and in a plain browser,
 * where a drop falls back to the native file dialog.
 */
export interface ThawFiles {
  /** Plans an upload of `files` into `target`; the result of `transfers:plan-upload` (null: nothing to plan). */
  planDroppedUpload(files: readonly File[], target: { connectionId: string; bucket: string; prefix: string }): Promise<Result<UploadPlan | null>>;
}

declare global {
  interface Window {
    /** Built by the preload (or the E2E harness) from the shared contract; absent in a plain browser. */
    readonly thaw?: ThawApi;
    /** See `ThawFiles`; exposed by the Electron preload only. */
    readonly thawFiles?: ThawFiles;
  }
}

/** A failed IPC call (or a failure to reach main at all), with its stable code. */
export class ThawCallError extends Error {
  readonly code: ErrorCode;
  readonly details?: IpcError['details'];

  constructor(error: IpcError) {
    super(error.message);
    this.name = 'ThawCallError';
    this.code = error.code;
    if (error.details) this.details = error.details;
  }

  /** The plain envelope form, for `notifyError`. */
  envelope(): IpcError {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

/**
 * Returns the data of a successful result or throws its error.
 *
 * The thrown value is a `ThawCallError` so callers keep the code.
 */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.data;
  throw new ThawCallError(result.error);
}

/**
 * The `window.thaw` API, or a `ThawCallError` when the page runs without it.
 *
 * Opening the renderer in a plain browser (no preload) must show a sentence,
 * not a blank page, so this throws a coded error instead of a TypeError.
 */
export function getThaw(): ThawApi {
  const api = typeof window === 'undefined' ? undefined : window.thaw;
  if (!api) throw new ThawCallError({ code: 'Internal', message: 'The bridge to Thaw’s main process is missing (window.thaw is not defined).' });
  return api;
}

const KNOWN_CODES = new Set<string>(ERROR_CODES);

/**
 * Turns anything thrown in the renderer into an `IpcError`.
 *
 * `ThawCallError`s and error-shaped objects with a known code keep it;
 * everything else (a renderer bug, a transport failure) becomes `Internal`
 * with its message as the detail. Main classifies S3 and Node failures
 * itself (`toIpcError` in electron/core/errors.ts); this only recovers the
 * envelope, hence the different name.
 */
export function asIpcError(err: unknown): IpcError {
  if (err instanceof ThawCallError) return err.envelope();
  if (err && typeof err === 'object') {
    const { code, message } = err as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && KNOWN_CODES.has(code) && typeof message === 'string') {
      return { code: code as ErrorCode, message };
    }
    if (typeof message === 'string' && message.length > 0) return { code: 'Internal', message };
  }
  return { code: 'Internal', message: String(err) };
}

/**
 * Calls one `window.thaw` method and returns its data, throwing `ThawCallError` on any failure.
 *
 * Covers both a `{ ok: false }` result and a rejected promise (a broken
 * transport), so actions only have one kind of error to handle.
 */
export async function callThaw<T>(getApi: () => ThawApi, fn: (api: ThawApi) => Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await fn(getApi());
  } catch (err) {
    throw err instanceof ThawCallError ? err : new ThawCallError(asIpcError(err));
  }
  return unwrap(result);
}
