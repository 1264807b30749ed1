/**
 * A connection's buckets: what ListBuckets shows plus the ones added by hand.
 *
 * Bucket-scoped credentials often may not call ListBuckets; then the user adds
 * buckets by name, they are kept with the connection in connections.json, and
 * the list shows them with `listDenied: true` instead of failing.
 */
import { ListBucketsCommand, type Bucket } from '@aws-sdk/client-s3';
import type { BucketList, BucketSummary } from '../../../shared/ipc/buckets';
import { probeBucket, type S3Clients } from '../s3/clients';
import { describeS3Error } from '../s3/describe-error';
import type { ResolvedConnection } from './registry';
import type { ConnectionStore } from './store';

/** At most this many ListBuckets pages are followed (10,000 buckets per page at most on AWS). */
const MAX_LIST_PAGES = 100;

/** ListBuckets merged with the hand-added names; AccessDenied yields the hand-added ones and `listDenied`. */
export async function listBuckets(conn: ResolvedConnection, clients: S3Clients, store: ConnectionStore): Promise<BucketList> {
  const id = conn.target.connectionId;
  const byHand = new Set((await store.read()).extras[id]?.buckets ?? []);
  let listed: Bucket[];
  try {
    listed = await listAll(conn, clients);
  } catch (err) {
    const described = describeS3Error(err, { action: 's3:ListAllMyBuckets', endpoint: conn.target.endpoint });
    if (described.code !== 'AccessDenied') throw described;
    const buckets = await Promise.all([...byHand].sort().map((name) => handAdded(clients, id, name)));
    return { buckets, listDenied: true };
  }
  const result = new Map<string, BucketSummary>();
  for (const b of listed) {
    if (!b.Name) continue;
    if (b.BucketRegion) clients.rememberRegion(id, b.Name, b.BucketRegion);
    const region = b.BucketRegion ?? (await clients.knownRegion(id, b.Name));
    result.set(b.Name, {
      name: b.Name,
      ...(region ? { region } : {}),
      ...(b.CreationDate ? { createdAt: b.CreationDate.getTime() } : {}),
      addedByHand: byHand.has(b.Name),
    });
  }
  for (const name of byHand) if (!result.has(name)) result.set(name, await handAdded(clients, id, name));
  return { buckets: [...result.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), listDenied: false };
}

async function listAll(conn: ResolvedConnection, clients: S3Clients): Promise<Bucket[]> {
  const client = clients.client(conn.target);
  const all: Bucket[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    const out = await client.send(new ListBucketsCommand(token ? { ContinuationToken: token } : {}));
    all.push(...(out.Buckets ?? []));
    token = out.ContinuationToken;
    if (!token) break;
  }
  return all;
}

async function handAdded(clients: S3Clients, connectionId: string, name: string): Promise<BucketSummary> {
  const region = await clients.knownRegion(connectionId, name);
  return { name, ...(region ? { region } : {}), addedByHand: true };
}

/** Verifies a bucket (HeadBucket and region discovery) and keeps its name with the connection. */
export async function addBucket(conn: ResolvedConnection, clients: S3Clients, store: ConnectionStore, bucket: string): Promise<BucketSummary> {
  const id = conn.target.connectionId;
  const probe = await probeBucket(clients.client(conn.target), conn.target, bucket);
  clients.rememberRegion(id, bucket, probe.region);
  await store.update((data) => {
    const extras = (data.extras[id] ??= {});
    const names = new Set(extras.buckets ?? []);
    names.add(bucket);
    extras.buckets = [...names].sort();
  });
  return { name: bucket, region: probe.region, addedByHand: true };
}

/** Forgets a hand-added bucket name. */
export async function removeBucket(connectionId: string, store: ConnectionStore, bucket: string): Promise<{ removed: boolean }> {
  const removed = await store.update((data) => {
    const extras = data.extras[connectionId];
    if (!extras?.buckets?.includes(bucket)) return false;
    extras.buckets = extras.buckets.filter((b) => b !== bucket);
    return true;
  });
  return { removed };
}
