/**
 * The price of a planned restore for a chosen tier and days — the one
 * computation the dialog shows and the core checks against the confirmation
 * threshold, so the two can never disagree.
 */
import type { RestorePlan } from './ipc/restore';
import type { PriceTable } from './pricing';
import { estimateRestore, validTiers, type RestoreEstimate, type RestoreTier } from './restore-rules';

/** What the user chose in the dialog. */
export interface RestoreChoice {
  tier: RestoreTier;
  days: number;
  /** Also request the already-restored copies again, moving their expiry. */
  extendRestored: boolean;
}

/** The estimate of a plan: `estimateRestore` of what needs a request, plus extending live copies when chosen. */
export type PlanEstimate = RestoreEstimate & {
  /** Objects that will get a RestoreObject. */
  requests: number;
  /** Cost of extending the already-restored copies (requests and the longer copy), included in `total`. */
  extensionUsd?: number;
};

/** Prices `plan` for `choice` with `table`. */
export function estimatePlan(plan: Pick<RestorePlan, 'toRestore' | 'restored' | 'unchecked'>, choice: RestoreChoice, table: PriceTable): PlanEstimate {
  const extend = choice.extendRestored ? plan.restored.filter((g) => g.kind === 'GLACIER' || g.kind === 'DEEP_ARCHIVE') : [];
  // Unchecked Intelligent-Tiering objects each get a request, priced as the slowest tier they may be in.
  const mix = [...plan.toRestore, ...plan.unchecked];
  const requests = mix.reduce((n, g) => n + g.objects, 0) + extend.reduce((n, g) => n + g.objects, 0);
  const base = estimateRestore(mix, choice.tier, choice.days, table);
  if (!base.ok || extend.length === 0) return { ...base, requests };
  if (!validTiers(extend.map((g) => g.kind)).includes(choice.tier)) {
    return { ...base, ok: false, invalid: 'tier', message: `${choice.tier} is not available for Deep Archive objects, including the restored copies to extend.`, requests };
  }
  const ext = estimateRestore(extend, choice.tier, choice.days, table);
  if (!ext.ok) return { ...ext, requests };
  // A live copy is not retrieved again (reference §1.3: only the expiry moves, only the request is charged).
  const extensionUsd = ext.requests + ext.temporaryCopy;
  return {
    ...base,
    requests,
    extensionUsd,
    total: base.total + extensionUsd,
    lines: [...base.lines, { key: 'requests', label: `Extending ${extend.reduce((n, g) => n + g.objects, 0).toLocaleString('en-US')} restored copies`, usd: extensionUsd, inTotal: true }],
  };
}
