/**
 * The archive state machine, as pure functions of (record, request, now, delays).
 *
 * Follows shared/reference/s3-archive-semantics.md sections 1-3 and 6.3. A
 * restore is stored once, when requested, with the time it completes; every
 * later state (in progress, restored, expired, Intelligent-Tiering back in
 * Frequent Access) is derived from the clock, so nothing needs a timer and a
 * reopened store sees what the wall clock implies.
 *
 * Where AWS is undocumented, the choice made is marked [inferred].
 */
import {
  S3Error,
  type ArchiveView,
  type ObjectRecord,
  type RestoreRecord,
  type RestoreTier,
  type StorageClass,
} from '../store-types';

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/** Latest expiry we can represent as an IMF-fixdate: 9999-12-31T00:00:00Z. */
const MAX_EXPIRY_MS = Date.UTC(9999, 11, 31);

/** Demo-speed restore delays (AWS takes minutes to days; the demo takes seconds). */
export const DEFAULT_RESTORE_DELAYS_MS: Readonly<Record<RestoreTier, number>> = {
  Expedited: 2_000,
  Standard: 8_000,
  Bulk: 20_000,
};

/** Deep Archive (and IT Deep Archive Access) Standard/Bulk take this many times longer, as on AWS (12 h vs 3-5 h). */
export const DEFAULT_DEEP_ARCHIVE_FACTOR = 2.5;

/** Restore timing the store was configured with. */
export interface RestoreTiming {
  delaysMs: Record<RestoreTier, number>;
  deepArchiveFactor: number;
}

/** A RestoreObject request as the HTTP layer parsed it. */
export interface RestoreRequest {
  days?: number;
  tier?: RestoreTier;
}

/** The outcome of a RestoreObject that did not throw. */
export interface RestoreOutcome {
  status: 200 | 202;
  record: ObjectRecord;
}

const TIER_SPEED: Record<RestoreTier, number> = { Expedited: 0, Standard: 1, Bulk: 2 };

/** Builds the timing from options: given tiers override the demo defaults. */
export function restoreTiming(delaysMs: Partial<Record<RestoreTier, number>> = {}, deepArchiveFactor = DEFAULT_DEEP_ARCHIVE_FACTOR): RestoreTiming {
  return { delaysMs: { ...DEFAULT_RESTORE_DELAYS_MS, ...delaysMs }, deepArchiveFactor };
}

/** GLACIER and DEEP_ARCHIVE: archived from the moment they are written. GLACIER_IR is not. */
export function isArchiveStorageClass(storageClass: StorageClass): boolean {
  return storageClass === 'GLACIER' || storageClass === 'DEEP_ARCHIVE';
}

/** True for objects that need a restore before GET: GLACIER, DEEP_ARCHIVE, IT in an archive tier. */
export function isArchived(record: ObjectRecord): boolean {
  return isArchiveStorageClass(record.storageClass) || (record.storageClass === 'INTELLIGENT_TIERING' && record.accessTier !== undefined);
}

/**
 * Expiry of a restored copy: base + Days, rounded up to the next 00:00 GMT.
 *
 * Computed as "midnight at or before base + Days + 1", the rule LocalStack and
 * MinIO share; it equals rounding up for every base that is not exactly
 * midnight (reference 1.6).
 */
export function restoreExpiry(baseMs: number, days: number): number {
  const t = baseMs + (days + 1) * DAY_MS;
  if (!Number.isFinite(t) || t >= MAX_EXPIRY_MS) return MAX_EXPIRY_MS;
  return t - (((t % DAY_MS) + DAY_MS) % DAY_MS);
}

/** Formats an IMF-fixdate (`Fri, 21 Dec 2012 00:00:00 GMT`). */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** How long a restore of this record at this tier takes. */
export function restoreDelayMs(record: ObjectRecord, tier: RestoreTier, timing: RestoreTiming): number {
  const base = timing.delaysMs[tier];
  const deep = record.storageClass === 'DEEP_ARCHIVE' || record.accessTier === 'DEEP_ARCHIVE_ACCESS';
  return deep && tier !== 'Expedited' ? Math.round(base * timing.deepArchiveFactor) : base;
}

/**
 * The record as it stands at `now`.
 *
 * A finished Intelligent-Tiering restore has moved the object to Frequent
 * Access (no tier, no restore record); a GLACIER/DEEP_ARCHIVE copy gains its
 * expiry on completion and vanishes when that passes.
 */
export function settle(record: ObjectRecord, now: number): ObjectRecord {
  const r = record.restore;
  if (!r || now < r.completesAt) return record;
  if (record.storageClass === 'INTELLIGENT_TIERING') {
    const { accessTier: _tier, restore: _restore, ...rest } = record;
    return rest;
  }
  const expiresAt = r.expiresAt ?? restoreExpiry(r.completesAt, r.days ?? 1);
  if (now >= expiresAt) {
    const { restore: _restore, ...rest } = record;
    return rest;
  }
  return r.expiresAt === undefined ? { ...record, restore: { ...r, expiresAt } } : record;
}

/** What HEAD, GET and ListObjectsV2 show about archive state at `now` (reference 2.1-2.4, 3.3). */
export function archiveView(record: ObjectRecord, now: number): ArchiveView {
  const rec = settle(record, now);
  const view: ArchiveView = { readable: !isArchived(rec) };
  if (rec.storageClass === 'INTELLIGENT_TIERING' && rec.accessTier) view.archiveStatus = rec.accessTier;
  const r = rec.restore;
  if (!r) return view;
  if (now < r.completesAt) {
    view.restoreHeader = 'ongoing-request="true"';
    view.listRestoreStatus = { isRestoreInProgress: true };
    return view;
  }
  // Only GLACIER / DEEP_ARCHIVE keep a restore record past completion (settle).
  const expiresAt = r.expiresAt as number;
  view.readable = true;
  view.restoreHeader = `ongoing-request="false", expiry-date="${httpDate(expiresAt)}"`;
  view.listRestoreStatus = { isRestoreInProgress: false, restoreExpiryDate: expiresAt };
  return view;
}

/**
 * The 403 GET (and CopyObject source) answers for an archived object.
 *
 * `source` selects the CopyObject wording LocalStack recorded.
 */
export function invalidObjectState(record: ObjectRecord, source = false): S3Error {
  const extra: Record<string, string> = { StorageClass: record.storageClass };
  if (record.accessTier) extra.AccessTier = record.accessTier;
  const message = source
    ? "Operation is not valid for the source object's storage class"
    : "The operation is not valid for the object's storage class";
  return new S3Error(403, 'InvalidObjectState', message, extra);
}

/** Throws 403 InvalidObjectState unless the object can be read at `now`. */
export function assertReadable(record: ObjectRecord, now: number, source = false): void {
  if (!archiveView(record, now).readable) throw invalidObjectState(settle(record, now), source);
}

/** Validates Days and Tier against the object's class (reference 1.2, 1.4, 1.5). */
function validateRequest(rec: ObjectRecord, request: RestoreRequest): RestoreTier {
  const tier = request.tier ?? 'Standard';
  if (!(tier in TIER_SPEED)) {
    throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  }
  const { days } = request;
  if (rec.storageClass === 'INTELLIGENT_TIERING') {
    if (days !== undefined) {
      throw new S3Error(400, 'InvalidArgument', 'INTELLIGENT_TIERING objects are not subject to restore expiry. Do not specify Days when restoring this object', {
        ArgumentName: 'Days',
      });
    }
    if (tier === 'Expedited' && rec.accessTier === 'DEEP_ARCHIVE_ACCESS') throw expeditedNotAvailable('DEEP_ARCHIVE_ACCESS');
    return tier;
  }
  // AWS answers a GLACIER restore without Days with MalformedXML (aws-sdk-ruby#2380, aws/aws-sdk#28).
  if (days === undefined) {
    throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  }
  // Days is an Integer in the model: non-integers and values beyond int32 are not valid XML for it.
  if (!Number.isInteger(days) || days > 2_147_483_647) {
    throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  }
  if (days < 1) {
    throw new S3Error(400, 'InvalidArgument', 'The restore Days must be at least 1', { ArgumentName: 'Days', ArgumentValue: String(days) });
  }
  if (tier === 'Expedited' && rec.storageClass === 'DEEP_ARCHIVE') throw expeditedNotAvailable('DEEP_ARCHIVE');
  return tier;
}

/** [inferred] AWS documents that Expedited is unavailable here but not the error; 400 InvalidArgument. */
function expeditedNotAvailable(what: string): S3Error {
  return new S3Error(400, 'InvalidArgument', `Expedited retrieval is not available for ${what} objects`, {
    ArgumentName: 'Tier',
    ArgumentValue: 'Expedited',
  });
}

/**
 * RestoreObject: the next record and the status, or the S3 error.
 *
 * none/expired → 202 (in progress); in progress → 409, or 202 for a speed
 * upgrade (faster tier, same Days: completes at the earlier of the two times
 * [status inferred]); restored → 200 with the expiry moved to now + Days.
 */
export function requestRestore(record: ObjectRecord, request: RestoreRequest, now: number, timing: RestoreTiming): RestoreOutcome {
  const rec = settle(record, now);
  if (!isArchived(rec)) {
    if (rec.storageClass === 'INTELLIGENT_TIERING') {
      // [inferred] Reference 1.5: the only modelled RestoreObject error, for IT objects in an access tier.
      throw new S3Error(403, 'ObjectAlreadyInActiveTierError', 'This action is not allowed against this storage tier.');
    }
    throw new S3Error(403, 'InvalidObjectState', "Restore is not allowed for the object's current storage class", { StorageClass: rec.storageClass });
  }
  const tier = validateRequest(rec, request);
  const current = rec.restore;

  if (current && now < current.completesAt) {
    const faster = TIER_SPEED[tier] < TIER_SPEED[current.tier];
    if (!faster || request.days !== current.days) {
      throw new S3Error(409, 'RestoreAlreadyInProgress', 'Object restore is already in progress');
    }
    const completesAt = Math.min(current.completesAt, now + restoreDelayMs(rec, tier, timing));
    return { status: 202, record: { ...rec, restore: { ...current, tier, completesAt } } };
  }

  if (current) {
    // Restored GLACIER/DEEP_ARCHIVE copy (settle removed expired and IT ones): extend from now.
    const days = request.days as number;
    const restore: RestoreRecord = { ...current, days, expiresAt: restoreExpiry(now, days) };
    return { status: 200, record: { ...rec, restore } };
  }

  const restore: RestoreRecord = { tier, requestedAt: now, completesAt: now + restoreDelayMs(rec, tier, timing) };
  if (request.days !== undefined) restore.days = request.days;
  return { status: 202, record: { ...rec, restore } };
}
