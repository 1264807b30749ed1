/**
 * How sizes, dates, storage classes and restore states read in the table and inspector.
 */
import { RESTORE_IN_PROGRESS, RESTORE_RESTORED, STORAGE_CLASSES } from '../../../../shared/ipc/listing';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** `1536` → `1.5 KB` (binary multiples, the way file managers and the aws CLI count). */
export function humanSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${UNITS[u]}`;
}

const utcDate = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const utcDateTime = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', hourCycle: 'h23' });

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Last-modified as `2026-02-09 14:03` in the user's local time, or '' when unknown (folders).
 *
 * ISO order is compact, reads the same in every locale and sorts as text.
 */
export function formatModified(ms: number): string {
  if (!(ms > 0)) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `21 Dec 2026`, in UTC: S3 restore expiries fall at midnight UTC. */
export function formatUtcDate(ms: number): string {
  return utcDate.format(ms);
}

/** `21 Dec 2026, 00:00 UTC`. */
export function formatUtcDateTime(ms: number): string {
  return `${utcDateTime.format(ms)} UTC`;
}

/** Families of storage classes, which share a badge colour. */
export type ClassFamily = 'none' | 'standard' | 'infrequent' | 'intelligent' | 'archive-instant' | 'archive' | 'deep-archive' | 'other';

/** Short label and full name of each class; short labels fit a table column. */
const CLASS_INFO: Record<string, { label: string; title: string; family: ClassFamily }> = {
  '': { label: '', title: '', family: 'none' },
  STANDARD: { label: 'Standard', title: 'S3 Standard', family: 'standard' },
  REDUCED_REDUNDANCY: { label: 'RRS', title: 'Reduced Redundancy', family: 'standard' },
  STANDARD_IA: { label: 'Standard-IA', title: 'S3 Standard-Infrequent Access', family: 'infrequent' },
  ONEZONE_IA: { label: 'One Zone-IA', title: 'S3 One Zone-Infrequent Access', family: 'infrequent' },
  INTELLIGENT_TIERING: { label: 'Int. Tiering', title: 'S3 Intelligent-Tiering', family: 'intelligent' },
  GLACIER: { label: 'Glacier FR', title: 'S3 Glacier Flexible Retrieval (restore needed)', family: 'archive' },
  DEEP_ARCHIVE: { label: 'Deep Archive', title: 'S3 Glacier Deep Archive (restore needed)', family: 'deep-archive' },
  GLACIER_IR: { label: 'Glacier IR', title: 'S3 Glacier Instant Retrieval', family: 'archive-instant' },
  EXPRESS_ONEZONE: { label: 'Express 1Z', title: 'S3 Express One Zone', family: 'standard' },
  OUTPOSTS: { label: 'Outposts', title: 'S3 on Outposts', family: 'standard' },
  SNOW: { label: 'Snow', title: 'Snow Family', family: 'other' },
};

/** Display facts of a storage class by name. */
export function classInfo(name: string): { label: string; title: string; family: ClassFamily } {
  return CLASS_INFO[name] ?? { label: name === 'UNKNOWN' ? 'Other' : name, title: name === 'UNKNOWN' ? 'A storage class this endpoint invented' : name, family: 'other' };
}

/** Display facts of a storage class by its `STORAGE_CLASSES` index. */
export function classInfoAt(index: number): { name: string; label: string; title: string; family: ClassFamily } {
  const name = STORAGE_CLASSES[index] ?? 'UNKNOWN';
  return { name, ...classInfo(name) };
}

/** True for classes whose objects need a restore before GET. */
export function isArchiveClass(name: string): boolean {
  return name === 'GLACIER' || name === 'DEEP_ARCHIVE';
}

/** What the restore column shows for one row. */
export interface RestoreBadgeInfo {
  label: string;
  title: string;
  tone: 'restoring' | 'restored' | 'archived' | 'unknown';
}

/**
 * The restore badge of a row, or null when there is nothing to say
 * (not an archive class and no restore on record).
 */
export function restoreBadge(classIndex: number, code: number, expiry: number, supported: boolean): RestoreBadgeInfo | null {
  if (code === RESTORE_IN_PROGRESS) return { label: 'Restoring', title: 'A restore is in progress; the object cannot be read yet.', tone: 'restoring' };
  if (code === RESTORE_RESTORED) {
    if (expiry > 0) return { label: `Restored until ${formatUtcDate(expiry)}`, title: `A restored copy is readable until ${formatUtcDateTime(expiry)}.`, tone: 'restored' };
    return { label: 'Restored', title: 'A restored copy is readable.', tone: 'restored' };
  }
  const name = STORAGE_CLASSES[classIndex] ?? '';
  if (!isArchiveClass(name)) return null;
  if (!supported) return { label: 'Unknown', title: 'This endpoint does not report restore status in listings; inspect the object to see it.', tone: 'unknown' };
  return { label: 'Archived', title: 'Archived: restore it before downloading.', tone: 'archived' };
}
