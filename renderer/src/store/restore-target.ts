/**
 * What a restore covers, resolved from the table: selected folders become
 * prefixes (restored recursively), selected objects become keys, and no
 * selection means the folder on screen.
 */
import type { AppState } from './types';

/** A restore's selection, as `restore:plan` takes it. */
export interface RestoreTarget {
  connectionId: string;
  bucket: string;
  /** Prefixes restored recursively; '' is the whole bucket. */
  prefixes: string[];
  /** Keys restored one by one. */
  keys: string[];
  /** HEAD every Intelligent-Tiering object for its access tier, however many (exact counts). */
  checkTiers?: boolean;
}

/** A target, or why there is none (ready to show). */
export type RestoreTargetResult = { ok: true; target: RestoreTarget } | { ok: false; reason: string };

/** `restore:plan` takes at most this many keys; bigger selections restore their folder instead. */
export const MAX_RESTORE_KEYS = 100_000;
/** …and at most this many prefixes. */
export const MAX_RESTORE_PREFIXES = 1_000;

/** Why restore is refused on the active connection, or null when it may restore. */
export function restoreRefusal(state: Pick<AppState, 'connections' | 'activeConnectionId'>): string | null {
  const conn = state.connections.find((c) => c.id === state.activeConnectionId);
  if (!conn) return 'Choose a connection first.';
  if (conn.readOnly) return 'This connection is read-only, so Thaw sends no restore requests with it.';
  return null;
}

/**
 * The restore target of the table's selection, or of the current folder when nothing is selected.
 *
 * Every row of a complete, unfiltered folder listing selected (Ctrl+A) is
 * the folder itself: sending its prefix instead of up to a million keys
 * lets the core enumerate it and keeps the request small.
 */
export function selectionRestoreTarget(state: AppState): RestoreTargetResult {
  const loc = state.location;
  const connectionId = state.activeConnectionId;
  if (!loc || !connectionId) return { ok: false, reason: 'Open a bucket first.' };
  const selection = state.getSelection();
  const whole = { ok: true as const, target: { connectionId, bucket: loc.bucket, prefixes: [loc.prefix], keys: [] } };
  if (selection.size === 0) return whole;
  const listing = state.listing;
  if (!listing.recursive && state.filter === '' && listing.status === 'done' && selection.size === state.rowCount) return whole;
  const rows = state.getRows();
  const prefixes: string[] = [];
  const keys: string[] = [];
  for (const row of selection.all()) {
    const key = loc.prefix + rows.name(row);
    if (rows.isFolder(row)) prefixes.push(key);
    else keys.push(key);
    if (keys.length > MAX_RESTORE_KEYS || prefixes.length > MAX_RESTORE_PREFIXES) {
      return {
        ok: false,
        reason: `Restore takes at most ${MAX_RESTORE_KEYS.toLocaleString('en-US')} objects picked one by one. Restore their folder instead: clear the selection and choose Restore….`,
      };
    }
  }
  return { ok: true, target: { connectionId, bucket: loc.bucket, prefixes, keys } };
}
