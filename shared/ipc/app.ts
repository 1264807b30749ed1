/** Channels about the application itself. */
import { z } from 'zod';
import { call } from './define';

/** Version and platform facts shown in the About box and used by support. */
export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  arch: string;
  /** Versions of the runtimes (electron, chrome, node) where known. */
  versions: Record<string, string>;
}

export const appCalls = {
  /** Version and platform of the running app. */
  'app:info': call<AppInfo>()(z.strictObject({})),
};

/** Longest text the clipboard call takes: URIs of a large selection, not a data transfer. */
export const MAX_CLIPBOARD_CHARS = 2_000_000;

export const clipboardCalls = {
  /**
   * Puts text on the system clipboard.
   *
   * The renderer has no clipboard permission (every permission is denied);
   * copying S3 URIs and share links goes through main like dialogs and
   * notifications do.
   */
  'clipboard:write-text': call<null>()(z.strictObject({ text: z.string().min(1).max(MAX_CLIPBOARD_CHARS) })),
};
