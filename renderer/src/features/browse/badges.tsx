/**
 * Storage-class and restore-status badges, coloured by class family (see browse.css).
 */
import { classInfoAt, restoreBadge } from './format';

/** The storage class of a row as a coloured badge; nothing for folders. */
export function StorageClassBadge({ classIndex }: { classIndex: number }) {
  const info = classInfoAt(classIndex);
  if (info.family === 'none') return null;
  return (
    <span className={`sc-badge sc-${info.family}`} title={info.title} data-class={info.name}>
      {info.label}
    </span>
  );
}

/** The restore status of a row ("Restoring", "Restored until …", "Archived"), or nothing. */
export function RestoreBadge({ classIndex, code, expiry, supported }: { classIndex: number; code: number; expiry: number; supported: boolean }) {
  const info = restoreBadge(classIndex, code, expiry, supported);
  if (!info) return null;
  return (
    <span className={`rs-badge rs-${info.tone}`} title={info.title}>
      {info.label}
    </span>
  );
}
