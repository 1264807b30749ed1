/**
 * S3 price tables: one versioned, dated table per region.
 *
 * Only us-east-1 has sourced figures (reference §5); other regions get those
 * figures marked `estimatedFrom: 'us-east-1'` so the UI can say so.
 */
import { BILLING_RULES, US_EAST_1_FIGURES, US_EAST_1_SOURCE_DATE, US_EAST_1_SOURCE_URL, US_EAST_1_VERSION } from './us-east-1';
import { applyPriceOverrides, type PriceOverrides } from './overrides';
import type { PriceTable, PriceTier } from './types';

export * from './types';
export { priceOverridesSchema, applyPriceOverrides, type PriceOverrides } from './overrides';

/**
 * The region whose figures are sourced.
 *
 * Every other region falls back to its figures, marked `estimatedFrom`.
 */
export const PRICED_REGION = 'us-east-1';

/**
 * The price table for a region, with negotiated overrides applied.
 *
 * `region` is the region code as S3 reports it (callers map GetBucketLocation's
 * empty answer to us-east-1). Regions without their own figures get the
 * us-east-1 ones with `estimatedFrom` set, because real prices differ by
 * region and the UI must not present a guess as fact. `overrides` are
 * validated by `priceOverridesSchema` (a ZodError is thrown for bad ones) and
 * their paths listed in `overridden`. Always returns a fresh object.
 */
export function priceTable(region: string, overrides?: PriceOverrides): PriceTable {
  const { figures, overridden } = overrides
    ? applyPriceOverrides(US_EAST_1_FIGURES, overrides)
    : { figures: structuredClone(US_EAST_1_FIGURES), overridden: [] };
  const table: PriceTable = {
    version: US_EAST_1_VERSION,
    region,
    sourceDate: US_EAST_1_SOURCE_DATE,
    sourceUrl: US_EAST_1_SOURCE_URL,
    currency: 'USD',
    ...figures,
    ...structuredClone(BILLING_RULES),
    overridden,
  };
  if (region !== PRICED_REGION) table.estimatedFrom = PRICED_REGION;
  return table;
}

/**
 * The cost of `gb` GB under volume tiers.
 *
 * Each tier's price applies to the GB that fall inside it (AWS's "first 50 TB,
 * next 450 TB" reading), so 60 TB of STANDARD is 50 TB at the first price and
 * 10 TB at the second. Tiers must start at 0 GB and rise, as the table's do.
 */
export function tieredCost(tiers: readonly PriceTier[], gb: number): number {
  let cost = 0;
  for (let i = 0; i < tiers.length; i++) {
    const from = tiers[i].fromGB;
    const to = i + 1 < tiers.length ? tiers[i + 1].fromGB : Infinity;
    if (gb <= from) break;
    cost += (Math.min(gb, to) - from) * tiers[i].perGB;
  }
  return cost;
}
