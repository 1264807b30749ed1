/**
 * The sandbox's state: `createStore` builds a SandboxStore in memory or over
 * a data directory, optionally seeded.
 */
import { mkdirSync } from 'node:fs';
import type { RestoreTier, SandboxStore } from '../store-types';
import { restoreTiming } from './archive';
import { createMemoryBlobStore } from './blobs';
import { createDiskBlobStore } from './blobs-disk';
import { createSystemClock, type SandboxClock } from './clock';
import { loadDataDir } from './persistence';
import { applySeed, assertSeedSpec, resolveSynthetic } from './seeds/index';
import { countBlobRefs, type StoreState } from './state';
import { Store } from './store';

export { createManualClock, createSystemClock, type ManualClock, type SandboxClock } from './clock';
export { DEFAULT_DEEP_ARCHIVE_FACTOR, DEFAULT_RESTORE_DELAYS_MS } from './archive';
export { DEMO_ARCHIVE_BUCKET, DEMO_TRAINING_BUCKET, SEED_BASE_DATE, SYNTHETIC_BUCKET, SYNTHETIC_FLAT_BUCKET } from './seeds/index';

/** How to build a store. */
export interface StoreOptions {
  /** Persist state here (created if missing); in memory when absent. */
  dataDir?: string;
  /** Time source; the wall clock by default. Tests pass `createManualClock()`. */
  clock?: SandboxClock;
  /** Restore duration per tier, overriding the demo defaults (Expedited 2 s, Standard 8 s, Bulk 20 s). */
  restoreDelaysMs?: Partial<Record<RestoreTier, number>>;
  /** Multiplier for DEEP_ARCHIVE / IT Deep Archive Access Standard and Bulk restores (default 2.5). */
  deepArchiveFactor?: number;
  /** Region of seeded buckets (default us-east-1). */
  defaultRegion?: string;
  /** 'none' | 'demo' | 'synthetic:N' | 'synthetic-flat:N'; applied only to a fresh (empty) data directory. */
  seed?: string;
}

/**
 * Creates the sandbox store.
 *
 * With `dataDir`, loads what is there (snapshot + journal), seeds only if the
 * directory held no state, and writes a fresh snapshot before returning.
 * Throws on an unknown seed spec.
 */
export async function createStore(options: StoreOptions = {}): Promise<SandboxStore> {
  const clock = options.clock ?? createSystemClock();
  const timing = restoreTiming(options.restoreDelaysMs, options.deepArchiveFactor);
  const seed = options.seed ?? 'none';
  const region = options.defaultRegion ?? 'us-east-1';
  assertSeedSpec(seed);

  if (!options.dataDir) {
    const store = new Store({ state: { buckets: new Map() }, blobs: createMemoryBlobStore(), clock, timing });
    await applySeed(store, seed, region);
    return store;
  }

  const dir = options.dataDir;
  mkdirSync(dir, { recursive: true });
  const { state, fresh, log } = loadDataDir(dir, resolveSynthetic);
  const blobs = createDiskBlobStore(dir);
  await blobs.reconcile(countBlobRefs(state));
  if (fresh) {
    // Seed without the journal (one snapshot below records it all) and with
    // one bulk fsync of the bodies instead of one per file.
    blobs.deferSync?.(true);
    await applySeed(new Store({ state, blobs, clock, timing }), seed, region);
    await blobs.flush?.();
  }
  log.checkpoint(state);
  return new Store({ state, blobs, clock, timing, log });
}

/** The internal state of a store made by `createStore` (for tests and benchmarks of this package). */
export function storeState(store: SandboxStore): StoreState {
  if (!(store instanceof Store)) throw new TypeError('Not a store made by createStore');
  return store.state;
}

/**
 * Streams an object's bytes (or one range) in chunks of ranged `read`s.
 *
 * `read` returns one Buffer, which cannot hold a multi-GiB (synthetic)
 * object; a server can pipe this instead. Works over any SandboxStore.
 */
export async function* readChunks(
  store: SandboxStore,
  bucket: string,
  key: string,
  range?: { start: number; end: number },
  chunkSize = 1024 * 1024,
): AsyncGenerator<Buffer> {
  const size = store.head(bucket, key).size;
  const end = Math.min(range ? range.end : size - 1, size - 1);
  for (let start = range ? range.start : 0; start <= end; start += chunkSize) {
    yield await store.read(bucket, key, { start, end: Math.min(end, start + chunkSize - 1) });
  }
}
