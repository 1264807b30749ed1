import type { CoreAdapters, Handlers } from '../types';

/** `app:*` calls. */
export function createAppHandlers(a: CoreAdapters): Pick<Handlers, 'app:info'> {
  return {
    'app:info': async () => ({
      name: 'Thaw',
      version: a.appVersion,
      platform: a.platform,
      arch: a.arch,
      versions: { ...a.runtimeVersions },
    }),
  };
}
