/**
 * Negotiated prices from settings, layered over the list prices.
 *
 * Settings come from disk and a user's typing, so they are validated here
 * rather than trusted: every price is a finite number ≥ 0, unknown keys are
 * rejected (a misspelt `GLACER` must not silently keep the list price), and
 * tier lists start at 0 GB and rise.
 */
import { z } from 'zod';
import type { PriceFigures } from './types';

const usd = z.number().min(0);

const tiers = z
  .array(z.strictObject({ fromGB: z.number().min(0), perGB: usd }))
  .min(1)
  // Zod runs every check even after min(1) fails, hence the `?.`.
  .refine((list) => list[0]?.fromGB === 0, { message: 'The first tier starts at 0 GB.' })
  .refine((list) => list.every((tier, i) => i === 0 || tier.fromGB > list[i - 1].fromGB), {
    message: 'Tiers are listed by rising fromGB.',
  });

/** A strict object whose members may each be left out. */
function part<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape).partial();
}

const retrieval = part({ perGB: usd, per1000Requests: usd });
const requestsWithTransition = part({ put: usd, get: usd, transitionIn: usd });

/**
 * Zod schema for negotiated price overrides.
 *
 * A partial copy of the price part of `PriceTable` (storage, requests,
 * restore, getRetrievalPerGB, transferOut): give only the figures that differ.
 * Tier lists replace the whole list. Billing rules (minimum sizes, durations,
 * overheads) are not prices and cannot be overridden.
 */
export const priceOverridesSchema = part({
  storage: part({
    STANDARD: tiers,
    STANDARD_IA: usd,
    ONEZONE_IA: usd,
    INTELLIGENT_TIERING: part({ FA: usd, IA: usd, AIA: usd, AA: usd, DAA: usd, monitoringPer1000Objects: usd }),
    GLACIER_IR: usd,
    GLACIER: usd,
    DEEP_ARCHIVE: usd,
  }),
  requests: part({
    // STANDARD has no lifecycle transition into it, so no transitionIn.
    STANDARD: part({ put: usd, get: usd }),
    STANDARD_IA: requestsWithTransition,
    ONEZONE_IA: requestsWithTransition,
    INTELLIGENT_TIERING: requestsWithTransition,
    GLACIER_IR: requestsWithTransition,
    GLACIER: requestsWithTransition,
    DEEP_ARCHIVE: requestsWithTransition,
  }),
  restore: part({
    GLACIER: part({ Expedited: retrieval, Standard: retrieval, Bulk: retrieval }),
    DEEP_ARCHIVE: part({ Standard: retrieval, Bulk: retrieval }),
    IT_ARCHIVE_ACCESS: part({ Expedited: retrieval, Standard: retrieval, Bulk: retrieval }),
    IT_DEEP_ARCHIVE_ACCESS: part({ Standard: retrieval, Bulk: retrieval }),
  }),
  getRetrievalPerGB: part({ STANDARD_IA: usd, ONEZONE_IA: usd, GLACIER_IR: usd }),
  transferOut: part({ freeGBPerMonth: usd, perGB: tiers, toCloudFrontPerGB: usd }),
});

/**
 * Negotiated price overrides, as settings store them.
 *
 * See `priceOverridesSchema` for the rules.
 */
export type PriceOverrides = z.infer<typeof priceOverridesSchema>;

/**
 * The figures with the overrides laid over them, and the paths that changed.
 *
 * Validates first (throws the ZodError for invalid overrides). Returns new
 * objects; `base` is not modified. A path is listed only where an override
 * was given, even if it equals the list price: the user chose that figure.
 */
export function applyPriceOverrides(
  base: PriceFigures,
  overrides: PriceOverrides,
): { figures: PriceFigures; overridden: string[] } {
  const valid = priceOverridesSchema.parse(overrides);
  const overridden: string[] = [];
  const figures = merge(base, valid, '', overridden) as PriceFigures;
  return { figures, overridden };
}

type Tree = { [key: string]: unknown };

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep copy of `base` with `over`'s leaves (numbers, tier lists) put in. */
function merge(base: unknown, over: unknown, path: string, overridden: string[]): unknown {
  if (over === undefined) return structuredClone(base);
  if (!isTree(over) || !isTree(base)) {
    overridden.push(path);
    return structuredClone(over);
  }
  const out: Tree = {};
  for (const key of new Set([...Object.keys(base), ...Object.keys(over)])) {
    out[key] = merge(base[key], over[key], path ? `${path}.${key}` : key, overridden);
  }
  return out;
}
