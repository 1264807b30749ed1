/**
 * The shape of an S3 price table.
 *
 * One table per region, shared by restore estimates, dataset stats and
 * transfer cost so every figure in the app comes from the same, dated place.
 * Prices are USD. Units are in each field's name or doc:
 * - GB is 2^30 bytes. AWS bills storage in GB-months of binary gigabytes
 *   (its usage reports count "ByteHrs" and divide by 2^30), so `bytes / 2^30`
 *   is the quantity a price applies to. TB in tier thresholds is 1,024 GB.
 * - A month is 730 hours (365 × 24 / 12). AWS prorates storage by the hour;
 *   a copy kept for N days costs N × 24 / 730 of a month.
 */

/**
 * Bytes in one billing GB (2^30).
 *
 * AWS's GB-month is a binary gigabyte: divide byte counts by this, not 1e9.
 */
export const BYTES_PER_GB = 2 ** 30;

/**
 * Bytes in one KB (1,024).
 *
 * The unit of the reference's overheads and minimum sizes (§5.4: 40 KB, 128 KB).
 */
export const BYTES_PER_KB = 1024;

/**
 * Hours in a billing month (730).
 *
 * 365 days × 24 h / 12; storage for N hours costs N / 730 of the monthly price.
 */
export const HOURS_PER_MONTH = 730;

/**
 * One step of a volume-tiered price.
 *
 * `perGB` applies to the GB above `fromGB` up to the next tier's `fromGB`.
 * The first tier starts at 0; the last one is unbounded. (Plain numbers, no
 * Infinity, so a table survives JSON and IPC unchanged.)
 */
export interface PriceTier {
  fromGB: number;
  perGB: number;
}

/**
 * Request prices, USD per 1,000 requests.
 *
 * `put` covers PUT/COPY/POST/LIST, `get` covers GET/SELECT and all other
 * requests; `transitionIn` is a lifecycle transition *into* the class.
 * DELETE is free everywhere (reference §5.2) so it has no field.
 */
export interface RequestPrices {
  put: number;
  get: number;
  transitionIn?: number;
}

/**
 * The cost of restoring from one archive kind with one tier.
 *
 * `perGB` is the retrieval charge on the restored bytes; `per1000Requests`
 * is per 1,000 RestoreObject requests (one per object).
 */
export interface RetrievalPrice {
  perGB: number;
  per1000Requests: number;
}

/**
 * Storage prices, USD per GB-month unless named otherwise.
 *
 * Intelligent-Tiering is priced per access tier: FA (Frequent), IA
 * (Infrequent), AIA (Archive Instant), AA (Archive, optional) and DAA (Deep
 * Archive, optional), plus a monitoring fee per 1,000 monitored objects per
 * month.
 */
export interface StoragePrices {
  /** Volume tiers over the account's monthly STANDARD total: first 50 TB, next 450 TB, over 500 TB. */
  STANDARD: PriceTier[];
  STANDARD_IA: number;
  ONEZONE_IA: number;
  INTELLIGENT_TIERING: {
    FA: number;
    IA: number;
    AIA: number;
    AA: number;
    DAA: number;
    /** USD per 1,000 objects per month; objects below the monitoring size are not charged. */
    monitoringPer1000Objects: number;
  };
  GLACIER_IR: number;
  GLACIER: number;
  DEEP_ARCHIVE: number;
}

/**
 * Storage classes that have request prices.
 *
 * The S3 `StorageClass` names of reference §5.2's rows.
 */
export type PricedStorageClass =
  | 'STANDARD'
  | 'STANDARD_IA'
  | 'ONEZONE_IA'
  | 'INTELLIGENT_TIERING'
  | 'GLACIER_IR'
  | 'GLACIER'
  | 'DEEP_ARCHIVE';

/**
 * Restore prices per archive kind and tier.
 *
 * Deep Archive (and the Intelligent-Tiering Deep Archive Access tier) has no
 * Expedited tier, so those entries have no Expedited price at all.
 */
export interface RestorePrices {
  GLACIER: { Expedited: RetrievalPrice; Standard: RetrievalPrice; Bulk: RetrievalPrice };
  DEEP_ARCHIVE: { Standard: RetrievalPrice; Bulk: RetrievalPrice };
  IT_ARCHIVE_ACCESS: { Expedited: RetrievalPrice; Standard: RetrievalPrice; Bulk: RetrievalPrice };
  IT_DEEP_ARCHIVE_ACCESS: { Standard: RetrievalPrice; Bulk: RetrievalPrice };
}

/**
 * Data transfer out to the internet.
 *
 * `freeGBPerMonth` is aggregated across all AWS services of the account, so a
 * per-transfer estimate cannot assume it is still available; `perGB` are the
 * tiers that apply after it.
 */
export interface TransferOutPrices {
  freeGBPerMonth: number;
  perGB: PriceTier[];
  toCloudFrontPerGB: number;
}

/**
 * Every figure that is a price, and so can be overridden with a negotiated one.
 *
 * `getRetrievalPerGB` is the per-GB charge on reading (GET) from the classes
 * that bill data retrieval without a restore.
 */
export interface PriceFigures {
  storage: StoragePrices;
  requests: Record<PricedStorageClass, RequestPrices>;
  restore: RestorePrices;
  getRetrievalPerGB: { STANDARD_IA: number; ONEZONE_IA: number; GLACIER_IR: number };
  transferOut: TransferOutPrices;
}

/**
 * Billing rules that are not prices: minimum sizes and durations, overheads.
 *
 * These are how S3 meters, not what it charges, so overrides do not touch them.
 */
export interface BillingRules {
  /** Smaller objects are billed as this size. */
  minBillableBytes: { STANDARD_IA: number; ONEZONE_IA: number; GLACIER_IR: number };
  /** Deleting, overwriting or transitioning earlier bills the remaining days (prorated). */
  minStorageDays: { STANDARD_IA: number; ONEZONE_IA: number; GLACIER_IR: number; GLACIER: number; DEEP_ARCHIVE: number };
  /** Extra bytes billed per archived object: `archiveRate` at the class rate, `standardRate` at STANDARD's. */
  archiveOverheadBytes: Record<'GLACIER' | 'DEEP_ARCHIVE', { archiveRate: number; standardRate: number }>;
  /** Intelligent-Tiering objects below this size are not monitored (no fee) and always stay in Frequent Access. */
  intelligentTieringMonitoredFromBytes: number;
}

/**
 * A versioned, dated S3 price table for one region.
 *
 * `estimatedFrom` names the region whose figures were used when this region
 * has none of its own; `overridden` lists the dotted paths of figures that
 * came from negotiated-price settings instead of the list price.
 */
export interface PriceTable extends PriceFigures, BillingRules {
  version: string;
  region: string;
  /** ISO date (YYYY-MM-DD) of the newest source the figures came from. */
  sourceDate: string;
  sourceUrl: string;
  currency: 'USD';
  estimatedFrom?: string;
  overridden: string[];
}
