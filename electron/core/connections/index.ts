/**
 * Connections for the rest of the core: S3 clients per connection and bucket,
 * the read-only guard, and the `connections:*` / `buckets:*` handlers.
 *
 * Other services (browsing, transfers, restore, stats) receive `S3Access` and
 * never see credentials: they ask for a client and pass failures through
 * `describeS3Error` (electron/core/s3/describe-error.ts).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { ClientUse } from '../s3/clients';
import { ThawError } from '../errors';
import type { CoreAdapters, Handlers } from '../types';
import { createConnectionHandlers, type ConnectionChannels } from './handlers';
import { identityLine } from './identity';
import type { SandboxStarter } from './sandbox';
import { createConnectionServices } from './services';

export type { ConnectionChannels } from './handlers';
export { SANDBOX_CONNECTION } from './sandbox';

/** What other core services get: clients and the write guard, never credentials. */
export interface S3Access {
  /** A client for this connection, for the bucket's own region when a bucket is given. */
  clientFor(connectionId: string, bucket?: string, use?: ClientUse): Promise<S3Client>;
  /**
   * Throws ThawError('ReadOnly') for read-only connections; NoSuchConnection for unknown ids.
   *
   * Synchronous, so it answers from what the core has already seen: call it
   * after `clientFor` (or after the renderer listed connections), which is
   * always the case for an action on a bucket.
   */
  assertWritable(connectionId: string): void;
  /** The bucket's region (discovered once and cached). */
  bucketRegion(connectionId: string, bucket: string): Promise<string>;
  /** The connection's endpoint URL (undefined for AWS) and default region, e.g. to name the host in error sentences. */
  endpointOf(connectionId: string): Promise<{ endpoint?: string; region: string }>;
  /** The connection's name and who its credentials say they are (cached), for the activity log. */
  describe(connectionId: string): Promise<{ name: string; identity?: string }>;
}

/** Test hooks. */
export interface ConnectionsOptions {
  /** Replaces the built-in sandbox starter. */
  startSandbox?: SandboxStarter;
}

/**
 * Builds the connection services for one core.
 *
 * Nothing is started or read here: the sandbox starts on first use and the
 * files are read on the first call. `onDispose` receives the shutdown step
 * (closes clients and the sandbox).
 */
export function createConnections(
  adapters: CoreAdapters,
  onDispose: (fn: () => Promise<void> | void) => void,
  options: ConnectionsOptions = {},
): { s3: S3Access; handlers: Pick<Handlers, ConnectionChannels> } {
  const services = createConnectionServices(adapters, options.startSandbox);
  const { registry, clients, sandbox } = services;
  let disposed = false;
  const identities = new Map<string, Promise<string | undefined>>();
  onDispose(async () => {
    disposed = true;
    clients.destroyAll();
    await sandbox.close();
  });
  const s3: S3Access = {
    async clientFor(connectionId, bucket, use) {
      if (disposed) throw new ThawError('Cancelled', 'Thaw is shutting down.');
      const conn = await registry.resolve(connectionId);
      return bucket === undefined ? clients.client(conn.target, undefined, use) : clients.clientForBucket(conn.target, bucket, use);
    },
    assertWritable(connectionId) {
      if (registry.isReadOnly(connectionId)) {
        throw new ThawError('ReadOnly', 'This connection is read-only: uploads, restores, copies and deletes are turned off for it.', { connectionId });
      }
    },
    async bucketRegion(connectionId, bucket) {
      const conn = await registry.resolve(connectionId);
      return clients.bucketRegion(conn.target, bucket);
    },
    async endpointOf(connectionId) {
      const conn = await registry.resolve(connectionId);
      return { ...(conn.target.endpoint ? { endpoint: conn.target.endpoint } : {}), region: conn.target.region };
    },
    async describe(connectionId) {
      const conn = await registry.resolve(connectionId);
      let identity = identities.get(connectionId);
      if (!identity) identities.set(connectionId, (identity = identityLine(conn)));
      const found = await identity;
      return { name: conn.summary.name, ...(found ? { identity: found } : {}) };
    },
  };
  return { s3, handlers: createConnectionHandlers(services) };
}
