/**
 * Pure rules about restoring archived S3 objects: tiers, Days, timing, cost.
 *
 * Used by the core (to build RestoreObject requests) and the renderer (the
 * restore dialog recomputes `estimateRestore` on every keystroke), so nothing
 * here does I/O or reads the clock. Facts cite
 * shared/reference/s3-archive-semantics.md by section.
 */
import { BYTES_PER_GB, HOURS_PER_MONTH, type PriceTable, type RetrievalPrice } from './pricing';

/**
 * Where an archived object lives.
 *
 * GLACIER is S3 Glacier Flexible Retrieval; the IT kinds are the optional
 * Archive Access and Deep Archive Access tiers of INTELLIGENT_TIERING.
 */
export type ArchiveKind = 'GLACIER' | 'DEEP_ARCHIVE' | 'IT_ARCHIVE_ACCESS' | 'IT_DEEP_ARCHIVE_ACCESS';

/**
 * A RestoreObject retrieval tier (`GlacierJobParameters/Tier`).
 *
 * Standard is what S3 uses when no tier is given (§1.2).
 */
export type RestoreTier = 'Expedited' | 'Standard' | 'Bulk';

/**
 * Every tier, fastest first.
 *
 * The order the dialog lists them in.
 */
export const RESTORE_TIERS: readonly RestoreTier[] = ['Expedited', 'Standard', 'Bulk'];

/**
 * The default tier.
 *
 * S3 applies Standard when none is given (§1.2), so the dialog starts there too.
 */
export const DEFAULT_RESTORE_TIER: RestoreTier = 'Standard';

/**
 * The longest restore Thaw accepts, in days.
 *
 * S3 documents a minimum of 1 and no maximum (§1.2, §8.7), so this is a
 * product limit: each day of a GLACIER/DEEP_ARCHIVE copy is billed at
 * STANDARD on top of the archive (§5.5), and past a year it is cheaper to
 * copy the object to STANDARD outright. A restored copy can be extended later
 * by restoring again (§1.3), so the limit never traps anyone, while a slip
 * such as 3650 for 30 cannot be sent.
 */
export const MAX_RESTORE_DAYS = 365;

/**
 * The Days the restore dialog offers by default (1 to this).
 *
 * Longer periods, up to `MAX_RESTORE_DAYS`, are typed in.
 */
export const OFFERED_RESTORE_DAYS = 30;

const NO_EXPEDITED: ReadonlySet<ArchiveKind> = new Set(['DEEP_ARCHIVE', 'IT_DEEP_ARCHIVE_ACCESS']);

/**
 * The tiers every kind in the mix accepts, fastest first.
 *
 * Expedited "is not available" for DEEP_ARCHIVE or the Intelligent-Tiering
 * Deep Archive Access tier (§1.4, §4.1), so one such object removes it for
 * the whole request.
 */
export function validTiers(kinds: Iterable<ArchiveKind>): RestoreTier[] {
  for (const kind of kinds) if (NO_EXPEDITED.has(kind)) return ['Standard', 'Bulk'];
  return [...RESTORE_TIERS];
}

/**
 * Whether a RestoreObject for this kind carries `Days`.
 *
 * Intelligent-Tiering objects move back to Frequent Access instead of getting
 * a temporary copy; sending Days gets 400 InvalidArgument (§1.2, §1.5).
 */
export function needsDays(kind: ArchiveKind): boolean {
  return kind === 'GLACIER' || kind === 'DEEP_ARCHIVE';
}

/**
 * How long a restore typically takes.
 *
 * `minHours` is 0 where AWS only says "within"; `label` is AWS's wording.
 */
export interface RestoreTime {
  minHours: number;
  maxHours: number;
  label: string;
}

// §4.1. The Intelligent-Tiering archive tiers take as long as their GLACIER /
// DEEP_ARCHIVE counterparts. Expedited can take longer for objects of 250 MB+.
const FLEXIBLE_TIMES: Record<RestoreTier, RestoreTime> = {
  Expedited: { minHours: 1 / 60, maxHours: 5 / 60, label: '1–5 minutes' },
  Standard: { minHours: 3, maxHours: 5, label: '3–5 hours' },
  Bulk: { minHours: 5, maxHours: 12, label: '5–12 hours' },
};
const DEEP_TIMES: Partial<Record<RestoreTier, RestoreTime>> = {
  Standard: { minHours: 0, maxHours: 12, label: 'within 12 hours' },
  Bulk: { minHours: 0, maxHours: 48, label: 'within 48 hours' },
};

/**
 * The typical completion time of one kind with one tier (§4.1).
 *
 * Undefined where the tier is not available (Expedited from Deep Archive).
 */
export function typicalRestoreTime(kind: ArchiveKind, tier: RestoreTier): RestoreTime | undefined {
  const times = NO_EXPEDITED.has(kind) ? DEEP_TIMES : FLEXIBLE_TIMES;
  return times[tier];
}

/**
 * The typical time for a mix of kinds: the slowest kind's range.
 *
 * A restore of many objects is done when its slowest object is, so the range
 * with the latest end wins (ties: the later start). Undefined for an empty mix
 * or a tier some kind in it does not offer.
 */
export function mixRestoreTime(kinds: Iterable<ArchiveKind>, tier: RestoreTier): RestoreTime | undefined {
  let slowest: RestoreTime | undefined;
  for (const kind of kinds) {
    const time = typicalRestoreTime(kind, tier);
    if (!time) return undefined;
    if (!slowest || time.maxHours > slowest.maxHours || (time.maxHours === slowest.maxHours && time.minHours > slowest.minHours)) {
      slowest = time;
    }
  }
  return slowest;
}

/**
 * Objects of one kind selected for restore.
 *
 * `bytes` is their total size; `objects` their count (one request each).
 */
export interface RestoreMixEntry {
  kind: ArchiveKind;
  objects: number;
  bytes: number;
}

/**
 * Which cost a line shows.
 *
 * Stable keys for the dialog; `label` is the text.
 */
export type RestoreCostKey = 'retrieval' | 'requests' | 'temporaryCopy' | 'frequentAccess' | 'archiveStorage' | 'archiveOverhead';

/**
 * One line of the estimate, as the dialog lists it.
 *
 * `inTotal` is false for context lines (the ongoing archive storage).
 */
export interface RestoreCostLine {
  key: RestoreCostKey;
  label: string;
  usd: number;
  inTotal: boolean;
}

/**
 * The cost components of one kind in the mix, USD.
 *
 * Same meaning as the fields of the same name on `RestoreEstimateOk`.
 */
export interface RestoreKindCost {
  kind: ArchiveKind;
  objects: number;
  bytes: number;
  retrieval: number;
  requests: number;
  temporaryCopy: number;
  frequentAccess: number;
  archiveStorageMonthly: number;
  archiveOverheadMonthly: number;
}

/**
 * Which prices an estimate used, so every figure can show its date.
 *
 * `estimatedFrom` is set when the region has no prices of its own.
 */
export interface RestorePricing {
  sourceDate: string;
  region: string;
  estimatedFrom?: string;
  priceVersion: string;
  pricesOverridden: boolean;
}

/**
 * A restore's cost, USD, by component.
 *
 * `total` = retrieval + requests + temporaryCopy + frequentAccess.
 * `frequentAccess` is one month (730 h) of the Frequent Access price over the
 * archive-tier price for Intelligent-Tiering objects: a restored object stays
 * in Frequent Access for at least 30 days before it may tier down (§1.5), so
 * that month is part of the restore's cost; later months depend on access and
 * the bucket's archive settings and are not counted. `archiveStorageMonthly`
 * (with its `archiveOverheadMonthly` part) is context: it is billed every
 * month whether or not the objects are restored (§5.5). `days` is undefined
 * when no kind in the mix takes Days.
 */
export interface RestoreEstimateOk extends RestorePricing {
  ok: true;
  tier: RestoreTier;
  days: number | undefined;
  objects: number;
  bytes: number;
  retrieval: number;
  requests: number;
  temporaryCopy: number;
  frequentAccess: number;
  total: number;
  archiveStorageMonthly: number;
  archiveOverheadMonthly: number;
  lines: RestoreCostLine[];
  byKind: RestoreKindCost[];
  time: RestoreTime | undefined;
}

/**
 * Why no estimate can be made: the tier or the Days cannot be sent.
 *
 * `message` is ready to show next to the field named by `invalid`.
 */
export interface RestoreEstimateInvalid extends RestorePricing {
  ok: false;
  invalid: 'tier' | 'days';
  message: string;
}

/**
 * The result of `estimateRestore`.
 *
 * Check `ok` first.
 */
export type RestoreEstimate = RestoreEstimateOk | RestoreEstimateInvalid;

/**
 * What restoring `mix` with `tier` for `days` costs, line by line.
 *
 * One RestoreObject request per object. Entries with no objects are ignored
 * (they do not restrict the tier either); several entries of one kind add up.
 * `days` is checked (a whole number in 1..MAX_RESTORE_DAYS) only when some
 * kind needs it. The temporary copy and the 8 KB overhead are priced at the
 * first STANDARD tier: the account's total STANDARD volume picks the real
 * tier and is unknown here, and the first is the highest, so the estimate
 * does not understate. The copy is priced for exactly `days`; S3 rounds the
 * expiry up to the next 00:00 UTC (§1.6), so the bill can be up to a day more.
 * Throws RangeError for counts that are not finite non-negative numbers (a
 * caller bug, not user input).
 */
export function estimateRestore(mix: readonly RestoreMixEntry[], tier: RestoreTier, days: number, table: PriceTable): RestoreEstimate {
  const pricing: RestorePricing = {
    sourceDate: table.sourceDate,
    region: table.region,
    ...(table.estimatedFrom === undefined ? {} : { estimatedFrom: table.estimatedFrom }),
    priceVersion: table.version,
    pricesOverridden: table.overridden.length > 0,
  };
  const totals = new Map<ArchiveKind, { objects: number; bytes: number }>();
  for (const { kind, objects, bytes } of mix) {
    if (!Number.isInteger(objects) || objects < 0) throw new RangeError(`objects must be a whole number ≥ 0, got ${objects}`);
    if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`bytes must be a finite number ≥ 0, got ${bytes}`);
    if (objects === 0) {
      if (bytes > 0) throw new RangeError(`${kind}: ${bytes} bytes in 0 objects`);
      continue;
    }
    const sum = totals.get(kind) ?? { objects: 0, bytes: 0 };
    totals.set(kind, { objects: sum.objects + objects, bytes: sum.bytes + bytes });
  }
  const kinds = [...totals.keys()];
  if (!validTiers(kinds).includes(tier)) {
    const message = RESTORE_TIERS.includes(tier)
      ? `${tier} retrieval is not available for Deep Archive objects.`
      : `Unknown retrieval tier ${String(tier)}.`;
    return { ...pricing, ok: false, invalid: 'tier', message };
  }
  const withDays = kinds.some(needsDays);
  if (withDays && !(Number.isInteger(days) && days >= 1 && days <= MAX_RESTORE_DAYS)) {
    return { ...pricing, ok: false, invalid: 'days', message: `Days must be a whole number from 1 to ${MAX_RESTORE_DAYS}.` };
  }

  const byKind = kinds.map((kind) => kindCost(kind, totals.get(kind)!, tier, days, table));
  const sum = (field: keyof Omit<RestoreKindCost, 'kind'>) => byKind.reduce((acc, cost) => acc + cost[field], 0);
  const retrieval = sum('retrieval');
  const requests = sum('requests');
  const temporaryCopy = sum('temporaryCopy');
  const frequentAccess = sum('frequentAccess');
  const archiveStorageMonthly = sum('archiveStorageMonthly');
  const archiveOverheadMonthly = sum('archiveOverheadMonthly');
  const hasIt = kinds.some((kind) => !needsDays(kind));

  const lines: RestoreCostLine[] = [
    { key: 'retrieval', label: 'Retrieval (per GB)', usd: retrieval, inTotal: true },
    { key: 'requests', label: 'Restore requests (per 1,000)', usd: requests, inTotal: true },
  ];
  if (withDays) {
    const dayWord = days === 1 ? 'day' : 'days';
    lines.push({ key: 'temporaryCopy', label: `Temporary copy at S3 Standard for ${days} ${dayWord}`, usd: temporaryCopy, inTotal: true });
  }
  if (hasIt) lines.push({ key: 'frequentAccess', label: 'Intelligent-Tiering: first month back in Frequent Access', usd: frequentAccess, inTotal: true });
  lines.push({ key: 'archiveStorage', label: 'Archive storage per month (billed with or without a restore)', usd: archiveStorageMonthly, inTotal: false });
  if (withDays) lines.push({ key: 'archiveOverhead', label: 'of which 40 KB per-object overhead', usd: archiveOverheadMonthly, inTotal: false });

  return {
    ...pricing,
    ok: true,
    tier,
    days: withDays ? days : undefined,
    objects: sum('objects'),
    bytes: sum('bytes'),
    retrieval,
    requests,
    temporaryCopy,
    frequentAccess,
    total: retrieval + requests + temporaryCopy + frequentAccess,
    archiveStorageMonthly,
    archiveOverheadMonthly,
    lines,
    byKind,
    time: mixRestoreTime(kinds, tier),
  };
}

/** One kind's components; the tier is known to be valid for it. */
function kindCost(kind: ArchiveKind, { objects, bytes }: { objects: number; bytes: number }, tier: RestoreTier, days: number, table: PriceTable): RestoreKindCost {
  const gb = bytes / BYTES_PER_GB;
  const standardRate = table.storage.STANDARD[0].perGB;
  const price = (table.restore[kind] as Partial<Record<RestoreTier, RetrievalPrice>>)[tier]!;
  const cost: RestoreKindCost = {
    kind,
    objects,
    bytes,
    retrieval: gb * price.perGB,
    requests: (objects / 1000) * price.per1000Requests,
    temporaryCopy: 0,
    frequentAccess: 0,
    archiveStorageMonthly: 0,
    archiveOverheadMonthly: 0,
  };
  if (kind === 'GLACIER' || kind === 'DEEP_ARCHIVE') {
    // §5.5: the restored bytes are billed at STANDARD, prorated by the hour, while the archive keeps billing.
    cost.temporaryCopy = gb * standardRate * ((days * 24) / HOURS_PER_MONTH);
    // §5.4: each object also bills 32 KB at the archive rate and 8 KB at STANDARD.
    const rate = table.storage[kind];
    const overhead = table.archiveOverheadBytes[kind];
    cost.archiveOverheadMonthly = objects * ((overhead.archiveRate / BYTES_PER_GB) * rate + (overhead.standardRate / BYTES_PER_GB) * standardRate);
    cost.archiveStorageMonthly = gb * rate + cost.archiveOverheadMonthly;
  } else {
    // §1.5, §5.5: no copy; the object itself moves to Frequent Access. No 40 KB
    // overhead for Intelligent-Tiering (§5.4), but every object in an archive
    // tier is monitored (objects < 128 KB never leave Frequent Access).
    const it = table.storage.INTELLIGENT_TIERING;
    const tierRate = kind === 'IT_ARCHIVE_ACCESS' ? it.AA : it.DAA;
    cost.frequentAccess = gb * (it.FA - tierRate);
    cost.archiveStorageMonthly = gb * tierRate + (objects / 1000) * it.monitoringPer1000Objects;
  }
  return cost;
}
