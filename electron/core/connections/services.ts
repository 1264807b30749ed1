/**
 * The connection services one core instance shares: store, registry, sandbox, clients.
 */
import { join } from 'node:path';
import { S3Clients } from '../s3/clients';
import type { CoreAdapters, SecretStore } from '../types';
import { ConnectionRegistry } from './registry';
import { LazySandbox, type SandboxHandle, type SandboxStarter } from './sandbox';
import { ConnectionStore } from './store';

/** Everything the connection handlers and `S3Access` work on. */
export interface ConnectionServices {
  store: ConnectionStore;
  registry: ConnectionRegistry;
  sandbox: LazySandbox;
  clients: S3Clients;
  secrets: SecretStore;
}

/**
 * The default starter: imports the sandbox module only now, so app start never pays for it.
 *
 * The sandbox keeps its state under `userDataDir/sandbox` (seeded with the demo
 * data the first time), so restores in progress survive an app restart; its
 * restore delays are the sandbox's demo-speed defaults unless the host overrides them.
 */
export function defaultSandboxStarter(adapters: CoreAdapters): SandboxStarter {
  return async (): Promise<SandboxHandle> => {
    const { startSandbox } = await import('../../sandbox/index');
    const sb = await startSandbox({
      seed: 'demo',
      ...(adapters.sandbox?.restoreDelaysMs ? { restoreDelaysMs: adapters.sandbox.restoreDelaysMs } : {}),
      dataDir: join(adapters.userDataDir, 'sandbox'),
    });
    return { endpoint: sb.endpoint, region: sb.region, credentials: sb.credentials, close: () => sb.close() };
  };
}

/** Builds the services; `startSandbox` replaces the real sandbox in tests. */
export function createConnectionServices(adapters: CoreAdapters, startSandbox?: SandboxStarter): ConnectionServices {
  const store = new ConnectionStore(adapters.userDataDir);
  const clients = new S3Clients();
  const sandbox = new LazySandbox(startSandbox ?? defaultSandboxStarter(adapters));
  const registry = new ConnectionRegistry(adapters, store, sandbox, (id) => clients.forget(id));
  return { store, registry, sandbox, clients, secrets: adapters.secrets };
}
