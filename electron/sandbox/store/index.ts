/**
 * The sandbox's state: `createStore` builds a SandboxStore in memory or over
 * a data directory, optionally seeded.
 */
import type { RestoreTier, SandboxStore } from '../store-types';
import { restoreTiming } from './archive';
import { createMemoryBlobStore } from './blobs';
import { createSystemClock, type SandboxClock } from './clock';
import { Store } from './store';
import type { StoreState } from './state';

export { createManualClock, createSystemClock, type ManualClock, type SandboxClock } from './clock';
export { DEFAULT_RESTORE_DELAYS_MS, DEFAULT_DEEP_ARCHIVE_FACTOR } from './archive';

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
  /** 'none' | 'demo' | 'synthetic:N' | 'synthetic-flat:N'; applied only to a fresh store. */
  seed?: string;
}

/**
 * Creates the sandbox store.
 *
 * Throws on an unknown seed spec.
 */
export async function createStore(options: StoreOptions = {}): Promise<SandboxStore> {
  const clock = options.clock ?? createSystemClock();
  const timing = restoreTiming(options.restoreDelaysMs, options.deepArchiveFactor);
  const state: StoreState = { buckets: new Map() };
  if (options.dataDir) throw new Error('dataDir persistence is not wired yet');
  const store = new Store({ state, blobs: createMemoryBlobStore(), clock, timing });
  const seed = options.seed ?? 'none';
  if (seed !== 'none') throw new Error(`Unknown seed "${seed}" (expected none, demo, synthetic:N or synthetic-flat:N)`);
  return store;
}
