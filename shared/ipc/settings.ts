/**
 * Settings: one versioned document, validated by the schema here on both sides.
 *
 * The core keeps it in `settings.json` (a `JsonFile`: atomic, set aside when
 * damaged) and services read it through getters on every use, so a change
 * applies without a restart. `settings:set` takes a patch per section.
 */
import { z } from 'zod';
import { priceOverridesSchema } from '../pricing';
import { DEFAULT_RESTORE_TIER, MAX_RESTORE_DAYS } from '../restore-rules';
import { call } from './define';

/** S3's documented ceiling for restore requests per account (reference/performance.md, "Restore"). */
export const S3_RESTORE_RATE_LIMIT = 1_000;

/** Each restore setting's type, without its default (patches must not fill in defaults). */
const restoreFields = {
  /** Tier the restore dialog preselects (when valid for the selection). */
  defaultTier: z.enum(['Expedited', 'Standard', 'Bulk']),
  /** Days the restore dialog preselects. */
  defaultDays: z.number().int().min(1).max(MAX_RESTORE_DAYS),
  /** Above this estimated cost (USD) the dialog asks the user to type the amount to confirm. */
  confirmAboveUsd: z.number().nonnegative().max(1e9),
  /**
   * RestoreObject requests per second Thaw allows itself. S3 accepts about
   * 1,000 per second per account, shared with every other tool and person
   * using it, so the default leaves room.
   */
  requestsPerSecond: z.number().int().min(1).max(S3_RESTORE_RATE_LIMIT),
  /** Requests in flight at once. */
  concurrency: z.number().int().min(1).max(256),
};

const restoreSettings = z.object({
  defaultTier: restoreFields.defaultTier.default(DEFAULT_RESTORE_TIER),
  defaultDays: restoreFields.defaultDays.default(7),
  confirmAboveUsd: restoreFields.confirmAboveUsd.default(25),
  requestsPerSecond: restoreFields.requestsPerSecond.default(250),
  concurrency: restoreFields.concurrency.default(64),
});

/** Each transfer setting's type, without its default. */
const transferFields = {
  /**
   * Files a download or upload job moves at once. Many small files want far
   * more than the aws CLI's 10; large objects are split into ranges or parts
   * on top of this.
   */
  filesAtOnce: z.number().int().min(1).max(256),
};

const transferSettings = z.object({
  filesAtOnce: transferFields.filesAtOnce.default(32),
});

/** The whole settings document. */
export const settingsSchema = z.object({
  version: z.literal(1),
  restore: restoreSettings.default(restoreSettings.parse({})),
  transfers: transferSettings.default(transferSettings.parse({})),
  /** Desktop notifications when long jobs finish or fail. */
  notifications: z.boolean().default(true),
  /** Activity-log entries older than this many days are dropped. */
  activityRetentionDays: z.number().int().min(1).max(3650).default(365),
  /** Negotiated prices that replace the list prices in every estimate. */
  pricingOverrides: priceOverridesSchema.optional(),
});

/** Settings as stored and used. */
export type Settings = z.infer<typeof settingsSchema>;

/** The defaults, as a fresh object. */
export function defaultSettings(): Settings {
  return settingsSchema.parse({ version: 1 });
}

/** A change to settings: any subset of sections and fields. */
export const settingsPatch = z.strictObject({
  restore: z.strictObject(restoreFields).partial().optional(),
  transfers: z.strictObject(transferFields).partial().optional(),
  notifications: z.boolean().optional(),
  activityRetentionDays: z.number().int().min(1).max(3650).optional(),
  /** `null` removes every override. */
  pricingOverrides: priceOverridesSchema.nullable().optional(),
});

/** What `settings:get` returns: the settings, and what went wrong loading them, if anything. */
export interface SettingsState {
  settings: Settings;
  /** E.g. "settings.json is not valid JSON; it was kept as … and defaults are used." */
  problem?: string;
}

export const settingsCalls = {
  /** The current settings (defaults when the file is missing or had to be set aside). */
  'settings:get': call<SettingsState>()(z.strictObject({})),
  /** Changes some settings; they apply at once. */
  'settings:set': call<SettingsState>()(z.strictObject({ patch: settingsPatch })),
};
