/**
 * The `x-amz-restore` header and an object's restore state in words.
 *
 * Grammar (the `x-amz-restore` response header of HeadObject in the S3 API reference):
 *   ongoing-request="true"
 *   ongoing-request="false", expiry-date="Fri, 21 Dec 2012 00:00:00 GMT"
 * Parsed leniently as MinIO does (quotes optional, any spacing, unknown
 * parameters ignored); the weekday is not checked (AWS's own example once
 * named the wrong day).
 */
import type { RestoreInfo } from '../../../shared/ipc/browse';

/** What the header says: a restore running, or a restored copy (with its expiry when given). */
export interface RestoreHeader {
  ongoing: boolean;
  /** ms since the epoch. */
  expiry?: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Parses `x-amz-restore`; undefined when absent or not in the grammar. */
export function parseRestoreHeader(value: string | undefined): RestoreHeader | undefined {
  if (value === undefined) return undefined;
  const params = new Map<string, string>();
  // name=value pairs; a value is either "quoted" (may contain commas) or runs to the next comma.
  const re = /([A-Za-z-]+)\s*=\s*(?:"([^"]*)"|([^,]*))/g;
  for (let m = re.exec(value); m; m = re.exec(value)) params.set(m[1]!.toLowerCase(), (m[2] ?? m[3] ?? '').trim());
  const ongoing = params.get('ongoing-request')?.toLowerCase();
  if (ongoing !== 'true' && ongoing !== 'false') return undefined;
  if (ongoing === 'true') return { ongoing: true };
  // An unquoted date has a comma of its own after the weekday ("Fri, 21 Dec …"): read it to the next parameter.
  const unquoted = /expiry-date\s*=\s*([A-Za-z]{3},[^,"]*|[^,"]+)(?:,|$)/i.exec(value);
  const date = value.match(/expiry-date\s*=\s*"/i) ? params.get('expiry-date') : unquoted?.[1]?.trim();
  if (date === undefined) return { ongoing: false };
  const expiry = parseHttpDate(date);
  return expiry === undefined ? { ongoing: false } : { ongoing: false, expiry };
}

/** An IMF-fixdate (`Fri, 21 Dec 2012 00:00:00 GMT`), weekday ignored; undefined when malformed. */
export function parseHttpDate(text: string): number | undefined {
  const m = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s*(?:GMT|UTC|Z)?$/.exec(text.trim());
  if (!m) return undefined;
  const month = MONTHS.findIndex((x) => x.toLowerCase() === m[2]!.toLowerCase());
  if (month < 0) return undefined;
  const day = Number(m[1]);
  const t = Date.UTC(Number(m[3]), month, day, Number(m[4]), Number(m[5]), Number(m[6]));
  // Reject rollovers such as 31 Feb.
  return new Date(t).getUTCDate() === day ? t : undefined;
}

/** `21 Dec 2026 00:00 UTC`. */
export function formatUtc(ms: number): string {
  const d = new Date(ms);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hh}:${mm} UTC`;
}

/** Classes whose objects need a restore before GET (Intelligent-Tiering only in an archive tier). */
function isArchived(storageClass: string, archiveStatus: string | undefined): boolean {
  if (storageClass === 'GLACIER' || storageClass === 'DEEP_ARCHIVE') return true;
  return storageClass === 'INTELLIGENT_TIERING' && (archiveStatus === 'ARCHIVE_ACCESS' || archiveStatus === 'DEEP_ARCHIVE_ACCESS');
}

/**
 * An object's restore state from HEAD: storage class (STANDARD when absent),
 * `x-amz-archive-status` and `x-amz-restore`.
 */
export function describeRestore(storageClass: string | undefined, archiveStatus: string | undefined, restoreHeader: string | undefined): RestoreInfo {
  const cls = storageClass ?? 'STANDARD';
  const parsed = parseRestoreHeader(restoreHeader);
  if (parsed?.ongoing) return { state: 'in-progress', sentence: 'Restore in progress' };
  if (parsed && parsed.expiry !== undefined) {
    return { state: 'restored', expiry: parsed.expiry, sentence: `Restored until ${formatUtc(parsed.expiry)}` };
  }
  // Without an expiry: Intelligent-Tiering has none after a restore, but while `x-amz-archive-status` still
  // names an archive tier the object is not readable yet.
  if (parsed && !(cls === 'INTELLIGENT_TIERING' && archiveStatus)) return { state: 'restored', sentence: 'Restored' };
  if (isArchived(cls, archiveStatus)) return { state: 'archived', sentence: 'Archived — restore needed to download' };
  return { state: 'none', sentence: 'Not archived' };
}
