/**
 * Writing seeded buckets and objects with chosen dates and archive states.
 *
 * Seeds bypass `put` because they set what a client cannot: past
 * modification times and restores already under way or finished.
 */
import type { ArchiveAccessTier, RestoreRecord, StorageClass } from '../../store-types';
import { md5Hex } from '../blobs';
import { recordFromWrite } from '../records';
import type { Store } from '../store';

/** One seeded object. */
export interface SeedObject {
  key: string;
  body: Buffer;
  lastModified: number;
  contentType: string;
  storageClass?: StorageClass;
  accessTier?: ArchiveAccessTier;
  metadata?: Record<string, string>;
  tags?: Record<string, string>;
  restore?: RestoreRecord;
}

/** Creates a seeded bucket (no-op if it exists). */
export function seedBucket(store: Store, name: string, region: string, createdAt: number): void {
  if (!store.state.buckets.has(name)) store.commit({ op: 'bucket', record: { name, region, createdAt } });
}

/** Stores one seeded object. */
export async function seedObject(store: Store, bucket: string, o: SeedObject): Promise<void> {
  const blob = await store.blobs.put(o.body);
  const record = recordFromWrite(
    o.key,
    { contentType: o.contentType, metadata: o.metadata ?? {}, tags: o.tags },
    { size: o.body.length, etag: `"${md5Hex(o.body)}"`, now: o.lastModified, storageClass: o.storageClass ?? 'STANDARD', accessTier: o.accessTier },
  );
  if (o.restore) record.restore = o.restore;
  store.commitObject(bucket, { record, body: { blob } });
}
