/**
 * What an action on the table covers: selected folders become prefixes
 * (taken recursively), selected objects become keys, and no selection means
 * the folder on screen. Restore, download, delete, copy, move and
 * storage-class changes all resolve the selection here, so every entry point
 * (row menu, toolbar, inspector) covers the same thing for the same selection.
 */
import type { AppState } from './types';

/** A selection as the `*:plan*` calls take it. */
export interface SelectionTarget {
  connectionId: string;
  bucket: string;
  /** Prefixes taken recursively; '' is the whole bucket. */
  prefixes: string[];
  /** Keys taken one by one. */
  keys: string[];
  /** The folder on screen: removed from each key to make a relative path (downloads, copy, move). */
  base: string;
}

/** A target, or why there is none (ready to show). */
export type SelectionTargetResult = { ok: true; target: SelectionTarget } | { ok: false; reason: string };

/** The plan calls take at most this many keys; bigger selections use their folder instead. */
export const MAX_TARGET_KEYS = 100_000;
/** …and at most this many prefixes. */
export const MAX_TARGET_PREFIXES = 1_000;

/** Why changes to the bucket are refused on the active connection, or null when it may write. */
export function writeRefusal(state: Pick<AppState, 'connections' | 'activeConnectionId'>): string | null {
  const conn = state.connections.find((c) => c.id === state.activeConnectionId);
  if (!conn) return 'Choose a connection first.';
  if (conn.readOnly) return 'This connection is read-only, so Thaw changes nothing with it.';
  return null;
}

/**
 * The target of the table's selection, or of the current folder when nothing is selected.
 *
 * Every row of a complete, unfiltered folder listing selected (Ctrl+A) is
 * the folder itself: sending its prefix instead of up to a million keys
 * lets the core enumerate it and keeps the request small. `verb` names the
 * action in the refusal for an oversized selection ("Restore", "Download").
 */
export function selectionTarget(state: AppState, verb: string): SelectionTargetResult {
  const loc = state.location;
  const connectionId = state.activeConnectionId;
  if (!loc || !connectionId) return { ok: false, reason: 'Open a bucket first.' };
  const selection = state.getSelection();
  const whole = { ok: true as const, target: { connectionId, bucket: loc.bucket, prefixes: [loc.prefix], keys: [], base: loc.prefix } };
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
    if (keys.length > MAX_TARGET_KEYS || prefixes.length > MAX_TARGET_PREFIXES) {
      return {
        ok: false,
        reason: `${verb} takes at most ${MAX_TARGET_KEYS.toLocaleString('en-US')} objects picked one by one. Use their folder instead: clear the selection and choose ${verb} again.`,
      };
    }
  }
  return { ok: true, target: { connectionId, bucket: loc.bucket, prefixes, keys, base: loc.prefix } };
}

/** The folder part of a key: `a/b/c.bin` → `a/b/`, `c.bin` → ''. */
export function keyFolder(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}
