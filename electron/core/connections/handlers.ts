/**
 * `connections:*` and `buckets:*` calls, as thin adapters over the connection services.
 *
 * Inputs arrive already validated by the contract's schemas; every answer is a
 * summary without secrets.
 */
import type { Handlers } from '../types';
import { addBucket, listBuckets, removeBucket } from './buckets';
import { deleteCustomConnection, saveCustomConnection, setReadOnly } from './custom';
import { testConnection } from './identity';
import type { ConnectionServices } from './services';

export { SANDBOX_CONNECTION } from './sandbox';

/** The channels this module serves. */
export type ConnectionChannels =
  | 'connections:list'
  | 'connections:save'
  | 'connections:delete'
  | 'connections:set-read-only'
  | 'connections:test'
  | 'buckets:list'
  | 'buckets:add'
  | 'buckets:remove'
  | 'buckets:region';

/** Handlers for every connection and bucket channel. */
export function createConnectionHandlers(s: ConnectionServices): Pick<Handlers, ConnectionChannels> {
  return {
    'connections:list': () => s.registry.list(),
    'connections:save': (input) => saveCustomConnection(s.store, s.registry, s.secrets, input),
    'connections:delete': ({ connectionId }) => deleteCustomConnection(s.store, s.registry, connectionId),
    'connections:set-read-only': ({ connectionId, readOnly }) => setReadOnly(s.store, s.registry, connectionId, readOnly),
    'connections:test': async ({ connectionId }) => testConnection(await s.registry.resolve(connectionId), s.clients),
    'buckets:list': async ({ connectionId }) => listBuckets(await s.registry.resolve(connectionId), s.clients, s.store),
    'buckets:add': async ({ connectionId, bucket }) => addBucket(await s.registry.resolve(connectionId), s.clients, s.store, bucket),
    'buckets:remove': async ({ connectionId, bucket }) => {
      await s.registry.summary(connectionId);
      return removeBucket(connectionId, s.store, bucket);
    },
    'buckets:region': async ({ connectionId, bucket }) => {
      const conn = await s.registry.resolve(connectionId);
      return { region: await s.clients.bucketRegion(conn.target, bucket) };
    },
  };
}
