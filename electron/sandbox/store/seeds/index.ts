/**
 * Seed specs: `none`, `demo`, `synthetic:N`, `synthetic-flat:N`.
 */
import type { Store } from '../store';
import { newBucket, type SyntheticSource } from '../state';
import { SEED_BASE_DATE } from './base-date';
import { seedDemo } from './demo';
import { parseSyntheticSpec, syntheticSource, SYNTHETIC_BUCKET, SYNTHETIC_FLAT_BUCKET } from './synthetic';

export { SEED_BASE_DATE } from './base-date';
export { DEMO_ARCHIVE_BUCKET, DEMO_TRAINING_BUCKET } from './demo';
export { SYNTHETIC_BUCKET, SYNTHETIC_FLAT_BUCKET } from './synthetic';

/** Throws unless `spec` is a seed this store knows. */
export function assertSeedSpec(spec: string): void {
  if (spec === 'none' || spec === 'demo' || parseSyntheticSpec(spec)) return;
  throw new Error(`Unknown seed "${spec}" (expected none, demo, synthetic:N or synthetic-flat:N)`);
}

/**
 * Fills a fresh store according to `spec`.
 *
 * Synthetic seeds install a derived bucket in one step (keys generated in S3
 * order, no per-object records); `demo` writes real objects.
 */
export async function applySeed(store: Store, spec: string, region: string): Promise<void> {
  assertSeedSpec(spec);
  if (spec === 'none') return;
  if (spec === 'demo') return seedDemo(store, region);
  const parsed = parseSyntheticSpec(spec) as { flat: boolean };
  const name = parsed.flat ? SYNTHETIC_FLAT_BUCKET : SYNTHETIC_BUCKET;
  if (store.state.buckets.has(name)) throw new Error(`Seed ${spec}: bucket ${name} already exists`);
  store.state.buckets.set(name, newBucket({ name, region, createdAt: SEED_BASE_DATE - 500 * 86_400_000 }, syntheticSource(spec)));
}

/** Rebuilds a synthetic bucket's source from the spec a data directory recorded. */
export function resolveSynthetic(spec: string): SyntheticSource {
  return syntheticSource(spec);
}
