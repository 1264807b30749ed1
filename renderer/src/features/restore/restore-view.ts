/**
 * What the restore dialog shows for a finished plan, computed without React:
 * the groups it found, every tier with its price and time, and whether the
 * chosen cost needs a typed confirmation.
 *
 * Prices come from `estimatePlan` (shared with the core, which checks the
 * same total against the same threshold on `restore:start`), so the figure
 * the user confirms is the figure the core enforces.
 */
import type { ArchiveGroup, RestorePlan } from '../../../../shared/ipc/restore';
import type { Settings } from '../../../../shared/ipc/settings';
import { priceTable, type PriceTable } from '../../../../shared/pricing';
import { estimatePlan, type PlanEstimate } from '../../../../shared/restore-plan-estimate';
import { needsDays, RESTORE_TIERS, type ArchiveKind, type RestoreTier } from '../../../../shared/restore-rules';

/** How each archive kind reads in the dialog. */
export const KIND_LABEL: Record<ArchiveKind, string> = {
  GLACIER: 'Glacier Flexible Retrieval',
  DEEP_ARCHIVE: 'Glacier Deep Archive',
  IT_ARCHIVE_ACCESS: 'Intelligent-Tiering, Archive Access',
  IT_DEEP_ARCHIVE_ACCESS: 'Intelligent-Tiering, Deep Archive Access',
};

/** One line of the "what the plan found" table. */
export interface PlanRow {
  id: string;
  label: string;
  objects: number;
  bytes: number;
  /** A sentence under the label. */
  note?: string;
  tone: 'restore' | 'restoring' | 'restored' | 'unchecked' | 'skipped';
}

const sumObjects = (groups: readonly { objects: number }[]) => groups.reduce((n, g) => n + g.objects, 0);

/** The table rows of a plan, in the order the user reads them: work first, then what needs none. */
export function planRows(plan: RestorePlan): PlanRow[] {
  const rows: PlanRow[] = [];
  const byKind = (tone: PlanRow['tone'], prefix: string, groups: ArchiveGroup[], note?: string) => {
    for (const g of groups) {
      if (g.objects === 0) continue;
      rows.push({ id: `${tone}:${g.kind}`, label: `${prefix}${KIND_LABEL[g.kind]}`, objects: g.objects, bytes: g.bytes, tone, ...(note ? { note } : {}) });
    }
  };
  byKind('restore', 'To restore · ', plan.toRestore);
  byKind('unchecked', 'Unchecked · ', plan.unchecked, 'Tier not checked: each gets a request; those already in an access tier are readable and cost nothing to retrieve.');
  byKind('restoring', 'Already restoring · ', plan.restoring, 'Tracked until ready; no request is sent again.');
  byKind('restored', 'Restored copy · ', plan.restored);
  for (const s of plan.skipped) {
    if (s.objects === 0) continue;
    const label = s.reason === 'gone' ? 'Deleted since listed' : `Readable now${s.storageClass ? ` · ${s.storageClass}` : ''}`;
    rows.push({ id: `skipped:${s.reason}:${s.storageClass ?? ''}`, label, objects: s.objects, bytes: s.bytes, tone: 'skipped' });
  }
  return rows;
}

/** Objects that will get a RestoreObject without extending (the start button's count). */
export function requestCount(plan: RestorePlan): number {
  return sumObjects(plan.toRestore) + sumObjects(plan.unchecked);
}

/** Restored GLACIER / DEEP_ARCHIVE copies whose expiry a new request would move. */
export function extendableCount(plan: RestorePlan): number {
  return sumObjects(plan.restored.filter((g) => needsDays(g.kind)));
}

/** Whether the chosen restore sends Days (some kind in it needs them). */
export function planNeedsDays(plan: RestorePlan, extendRestored: boolean): boolean {
  return [...plan.toRestore, ...plan.unchecked, ...(extendRestored ? plan.restored : [])].some((g) => g.objects > 0 && needsDays(g.kind));
}

/** One tier as the dialog offers it. */
export interface TierOption {
  tier: RestoreTier;
  estimate: PlanEstimate;
}

/** The price table the dialog uses: the plan's region with the user's negotiated prices. */
export function tableFor(plan: RestorePlan, settings: Settings): PriceTable {
  return priceTable(plan.region, settings.pricingOverrides);
}

/** Every tier priced for `days` (invalid ones carry their reason). */
export function tierOptions(plan: RestorePlan, days: number, extendRestored: boolean, table: PriceTable): TierOption[] {
  return RESTORE_TIERS.map((tier) => ({ tier, estimate: estimatePlan(plan, { tier, days, extendRestored }, table) }));
}

/** The tier to preselect: the user's default when valid, else the cheapest valid one. */
export function initialTier(plan: RestorePlan, preferred: RestoreTier): RestoreTier {
  if (plan.validTiers.includes(preferred)) return preferred;
  return plan.validTiers.includes('Bulk') ? 'Bulk' : (plan.validTiers[0] ?? 'Standard');
}

/**
 * `$1,234.57`; under a cent, two significant digits (`$0.0011`), so a small
 * restore never reads as free and a change of tier or days still shows.
 */
export function formatUsd(usd: number): string {
  if (usd > 0 && usd < 0.01) {
    if (usd < 1e-6) return '< $0.000001';
    const digits = 1 - Math.floor(Math.log10(usd));
    return `$${usd.toFixed(digits)}`;
  }
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** The amount a user types to confirm `total`: rounded up to the cent, so typing it always covers the estimate. */
export function confirmAmount(total: number): string {
  return (Math.ceil(total * 100 - 1e-6) / 100).toFixed(2);
}

/**
 * What the typed confirmation says about `total` above `threshold`: not
 * needed, or the acknowledged amount once what was typed matches, or null.
 */
export function typedConfirmation(total: number, threshold: number, typed: string): { needed: false } | { needed: true; acknowledged: number | null } {
  if (!(total > threshold)) return { needed: false };
  const cleaned = typed.replace(/[$,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return { needed: true, acknowledged: null };
  const value = Number(cleaned);
  // The amount shown (the estimate rounded up to the cent) or more; the core re-checks it against the estimate.
  return { needed: true, acknowledged: value + 1e-9 >= Number(confirmAmount(total)) ? value : null };
}

/** The day a copy restored now for `days` expires (S3 rounds up to the next 00:00 UTC), ms since the epoch. */
export function expiryFor(now: number, days: number): number {
  const end = now + days * 86_400_000;
  const midnight = Math.ceil(end / 86_400_000) * 86_400_000;
  return midnight;
}

/** "3 folders and 12 objects in s3://bucket/data/" — what the selection was, in words. */
export function scopeSentence(plan: Pick<RestorePlan, 'bucket' | 'prefixes' | 'keyCount'>): string {
  const parts: string[] = [];
  if (plan.prefixes.length === 1 && plan.keyCount === 0) return `s3://${plan.bucket}/${plan.prefixes[0]}`;
  if (plan.prefixes.length > 0) parts.push(`${plan.prefixes.length.toLocaleString('en-US')} ${plan.prefixes.length === 1 ? 'folder' : 'folders'}`);
  if (plan.keyCount > 0) parts.push(`${plan.keyCount.toLocaleString('en-US')} ${plan.keyCount === 1 ? 'object' : 'objects'}`);
  return `${parts.join(' and ')} in s3://${plan.bucket}/`;
}
