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
