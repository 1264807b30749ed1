/**
 * What a restore covers, resolved from the table: selected folders become
 * prefixes (restored recursively), selected objects become keys, and no
 * selection means the folder on screen.
 */
import { MAX_TARGET_KEYS, MAX_TARGET_PREFIXES, selectionTarget, writeRefusal } from './selection-target';
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
export const MAX_RESTORE_KEYS = MAX_TARGET_KEYS;
/** …and at most this many prefixes. */
export const MAX_RESTORE_PREFIXES = MAX_TARGET_PREFIXES;

/** Why restore is refused on the active connection, or null when it may restore (a restore changes the bucket: `writeRefusal`). */
export function restoreRefusal(state: Pick<AppState, 'connections' | 'activeConnectionId'>): string | null {
  return writeRefusal(state);
}

/**
 * The restore target of the table's selection, or of the current folder when nothing is selected.
 *
 * Resolved like every other action's (`selectionTarget`), without the base.
 */
export function selectionRestoreTarget(state: AppState): RestoreTargetResult {
  const result = selectionTarget(state, 'Restore');
  if (!result.ok) return result;
  const { connectionId, bucket, prefixes, keys } = result.target;
  return { ok: true, target: { connectionId, bucket, prefixes, keys } };
}
