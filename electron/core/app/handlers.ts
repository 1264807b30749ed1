import type { CoreAdapters, Handlers } from '../types';

/** `app:*` and `clipboard:*` calls. */
export function createAppHandlers(a: CoreAdapters): Pick<Handlers, 'app:info' | 'clipboard:write-text'> {
  return {
    'app:info': async () => ({
      name: 'Thaw',
      version: a.appVersion,
      platform: a.platform,
      arch: a.arch,
      versions: { ...a.runtimeVersions },
    }),
    'clipboard:write-text': async ({ text }) => {
      await a.clipboard.writeText(text);
      return null;
    },
  };
}
