/**
 * us-east-1 list prices, as given in the reference.
 *
 * Every figure is from shared/reference/s3-archive-semantics.md §5 (pricing)
 * and §5.4 (minimums, overheads). The reference did not read the AWS pricing
 * page itself; it cross-checked AWS Price List offer-file extracts, AWS
 * re:Post examples and dated third-party tables (§5 caveat, §8.8). Where its
 * sources disagree, the value AWS documents wins and the comment says so.
 */
import { BYTES_PER_KB as KB, type BillingRules, type PriceFigures } from './types';

/**
 * ISO date of the newest source behind these figures.
 *
 * The GitDAM cost-model script of 2026-09-29 (reference §5, §5.1).
 */
export const US_EAST_1_SOURCE_DATE = '2026-09-29';

/**
 * Where the figures come from.
 *
 * Not a bare link on purpose: the figures were not read from the pricing page
 * (§5 caveat), so this names the page to re-verify against and the reference
 * file the figures were taken from.
 */
export const US_EAST_1_SOURCE_URL = 'https://aws.amazon.com/s3/pricing/ (via shared/reference/s3-archive-semantics.md §5)';

/**
 * Version of these figures.
 *
 * Bumped whenever a figure below changes, so cached costs can tell they are stale.
 */
export const US_EAST_1_VERSION = '2026-09-29.1';

const TB = 1024; // GB per TB, binary like the GB itself (see types.ts)

/**
 * us-east-1 prices.
 *
 * Frozen: `priceTable` copies before applying overrides.
 */
export const US_EAST_1_FIGURES: PriceFigures = {
  // §5.1. STANDARD tiers from the epam offer-file fixture (2023-01-23); $0.023 confirmed 2026-09-29.
  storage: {
    STANDARD: [
      { fromGB: 0, perGB: 0.023 },
      { fromGB: 50 * TB, perGB: 0.022 },
      { fromGB: 500 * TB, perGB: 0.021 },
    ],
    STANDARD_IA: 0.0125,
    ONEZONE_IA: 0.01,
    INTELLIGENT_TIERING: {
      FA: 0.023,
      IA: 0.0125,
      AIA: 0.004,
      AA: 0.0036,
      DAA: 0.00099,
      monitoringPer1000Objects: 0.0025,
    },
    GLACIER_IR: 0.004,
    GLACIER: 0.0036,
    DEEP_ARCHIVE: 0.00099,
  },
  // §5.2. STANDARD has no transition price: lifecycle never transitions into STANDARD.
  requests: {
    STANDARD: { put: 0.005, get: 0.0004 },
    STANDARD_IA: { put: 0.01, get: 0.001, transitionIn: 0.01 },
    ONEZONE_IA: { put: 0.01, get: 0.001, transitionIn: 0.01 },
    INTELLIGENT_TIERING: { put: 0.005, get: 0.0004, transitionIn: 0.01 },
    GLACIER_IR: { put: 0.02, get: 0.01, transitionIn: 0.02 },
    GLACIER: { put: 0.03, get: 0.0004, transitionIn: 0.03 },
    DEEP_ARCHIVE: { put: 0.05, get: 0.0004, transitionIn: 0.05 },
  },
  // §5.3.
  restore: {
    GLACIER: {
      Expedited: { perGB: 0.03, per1000Requests: 10 },
      // Conflict (§5.3): infracost prices these requests at $0.03/1,000 from a
      // Glacier *vault* SKU; AWS re:Post's worked example uses $0.05/1,000 for S3. AWS wins.
      Standard: { perGB: 0.01, per1000Requests: 0.05 },
      // Conflict (§5.3): awsnegotiations.com (May 2026) lists $0.0025/GB; AWS
      // docs say Bulk from Flexible Retrieval is free since the Nov 2021 repricing. AWS wins.
      Bulk: { perGB: 0, per1000Requests: 0 },
    },
    DEEP_ARCHIVE: {
      Standard: { perGB: 0.02, per1000Requests: 0.1 },
      Bulk: { perGB: 0.0025, per1000Requests: 0.025 },
    },
    // UG-intelligent-tiering-managing (§5.3): no retrieval charges for Standard
    // and Bulk; Expedited (Archive Access only) is charged "at the Expedited
    // request and retrieval rate", i.e. the GLACIER Expedited figures. Kept as
    // its own entry so a negotiated rate can differ.
    IT_ARCHIVE_ACCESS: {
      Expedited: { perGB: 0.03, per1000Requests: 10 },
      Standard: { perGB: 0, per1000Requests: 0 },
      Bulk: { perGB: 0, per1000Requests: 0 },
    },
    IT_DEEP_ARCHIVE_ACCESS: {
      Standard: { perGB: 0, per1000Requests: 0 },
      Bulk: { perGB: 0, per1000Requests: 0 },
    },
  },
  // §5.3, last two rows: GET from these classes bills data retrieval.
  getRetrievalPerGB: { STANDARD_IA: 0.01, ONEZONE_IA: 0.01, GLACIER_IR: 0.03 },
  // §5.6. Tiers: up to 10 TB, next 40 TB, next 100 TB, over 150 TB.
  transferOut: {
    freeGBPerMonth: 100,
    perGB: [
      { fromGB: 0, perGB: 0.09 },
      { fromGB: 10 * TB, perGB: 0.085 },
      { fromGB: 50 * TB, perGB: 0.07 },
      { fromGB: 150 * TB, perGB: 0.05 },
    ],
    toCloudFrontPerGB: 0,
  },
};

/**
 * How S3 meters, from §5.4; the same in every region.
 *
 * The 40 KB archive overhead is 32 KB of index billed at the archive rate plus
 * 8 KB of name and metadata billed at STANDARD so LIST keeps working.
 */
export const BILLING_RULES: BillingRules = {
  minBillableBytes: { STANDARD_IA: 128 * KB, ONEZONE_IA: 128 * KB, GLACIER_IR: 128 * KB },
  minStorageDays: { STANDARD_IA: 30, ONEZONE_IA: 30, GLACIER_IR: 90, GLACIER: 90, DEEP_ARCHIVE: 180 },
  archiveOverheadBytes: {
    GLACIER: { archiveRate: 32 * KB, standardRate: 8 * KB },
    DEEP_ARCHIVE: { archiveRate: 32 * KB, standardRate: 8 * KB },
  },
  intelligentTieringMonitoredFromBytes: 128 * KB,
};

deepFreeze(US_EAST_1_FIGURES);
deepFreeze(BILLING_RULES);

function deepFreeze(value: object): void {
  for (const inner of Object.values(value)) if (inner && typeof inner === 'object') deepFreeze(inner);
  Object.freeze(value);
}
