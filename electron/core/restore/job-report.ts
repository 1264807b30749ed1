/**
 * What a restore job tells the outside, as pure functions: its ETA range,
 * the table updates for changed keys, and journal failures in words.
 */
import { RESTORE_IN_PROGRESS, RESTORE_NONE, RESTORE_RESTORED } from '../../../shared/ipc/listing';
import type { JobItem, JobItemsPage } from '../../../shared/ipc/jobs';
import type { RestoreChangedEvent, RestoreKeyState } from '../../../shared/ipc/restore';
import type { IpcError } from '../../../shared/ipc/result';
import { mixRestoreTime, type ArchiveKind, type RestoreTier } from '../../../shared/restore-rules';
import { readKeys } from './key-file';
import { ARCHIVE_KINDS } from './plan';
import { FAILURE_OTHER, FAILURES, S_FAILED, S_IN_PROGRESS, S_PENDING, S_REQUESTED, S_RESTORED, STATE_NAMES, type KeyChange, type KeyStates, type RestoreJobSpec } from './state';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Keys per `objects:restore-changed` event, like listing batches. */
const MAX_KEYS_PER_EVENT = 25_000;

/**
 * When the job's remaining keys should be readable, as AWS's typical range for the slowest kind left.
 *
 * Counted from when issuing ends: now plus the pending keys at the current
 * rate while it still issues, else from `issuedAt`. Null when nothing is left.
 */
export function restoreEta(keys: KeyStates, tier: RestoreTier, issuedAt: number, rate: number, now: number): { earliest: number; latest: number } | null {
  const pending = keys.counts[S_PENDING]!;
  if (pending + keys.counts[S_REQUESTED]! + keys.counts[S_IN_PROGRESS]! === 0) return null;
  const kinds = new Set<ArchiveKind>();
  for (let i = 0; i < keys.n && kinds.size < ARCHIVE_KINDS.length; i++) {
    const s = keys.state[i]!;
    if (s === S_PENDING || s === S_REQUESTED || s === S_IN_PROGRESS) kinds.add(ARCHIVE_KINDS[keys.kind[i]!]!);
  }
  const time = mixRestoreTime(kinds, tier);
  if (!time) return null;
  const base = pending > 0 ? now + (pending / Math.max(1, rate)) * 1000 : issuedAt;
  return { earliest: Math.max(now, base + time.minHours * HOUR_MS), latest: Math.max(now, base + time.maxHours * HOUR_MS) };
}

/** The `objects:restore-changed` events for a journaled batch (failures change nothing in a listing). */
export function restoreChangedEvents(spec: Pick<RestoreJobSpec, 'connectionId' | 'bucket'>, batch: ReadonlyArray<KeyChange & { key: string }>): RestoreChangedEvent[] {
  const keys: string[] = [];
  const restore: number[] = [];
  const restoreExpiry: number[] = [];
  for (const c of batch) {
    if (!c.key || c.s === S_FAILED) continue;
    keys.push(c.key);
    restore.push(c.s === S_RESTORED ? RESTORE_RESTORED : c.s === S_PENDING ? RESTORE_NONE : RESTORE_IN_PROGRESS);
    restoreExpiry.push(c.s === S_RESTORED && c.x ? c.x * DAY_MS : 0);
  }
  const events: RestoreChangedEvent[] = [];
  for (let start = 0; start < keys.length; start += MAX_KEYS_PER_EVENT) {
    const end = start + MAX_KEYS_PER_EVENT;
    events.push({ connectionId: spec.connectionId, bucket: spec.bucket, keys: keys.slice(start, end), restore: restore.slice(start, end), restoreExpiry: restoreExpiry.slice(start, end) });
  }
  return events;
}

/** A failed journal write in words: a full disk by name, anything else with its code. */
export function journalError(err: unknown): IpcError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return { code: 'DiskFull', message: 'The disk holding Thaw’s job journal is full. Free some space, then choose Resume: nothing was lost.' };
  }
  return { code: 'Internal', message: `Thaw could not write the job journal (${code ?? 'error'}). Choose Resume to try again: nothing was lost.` };
}

/** A page of a job's keys, optionally only those in one state; key strings are read from the key file. */
export async function jobItems(keys: KeyStates, keyFile: string, state: string | undefined, offset: number, limit: number): Promise<JobItemsPage> {
  const code = state === undefined ? -1 : STATE_NAMES.indexOf(state as RestoreKeyState);
  if (state !== undefined && code < 0) return { total: 0, offset, items: [] };
  const picked: number[] = [];
  let total = 0;
  for (let i = 0; i < keys.n; i++) {
    const s = keys.state[i]!;
    if (s > S_FAILED || (code >= 0 && s !== code)) continue;
    if (total >= offset && picked.length < limit) picked.push(i);
    total++;
  }
  const lines = await readKeys(keyFile, picked);
  const items = picked.map((i): JobItem => {
    const fail = keys.fails.get(i);
    const expiry = keys.expiryMs(i);
    return {
      key: lines.get(i)?.key ?? '',
      state: STATE_NAMES[keys.state[i]!]!,
      size: keys.size[i]!,
      ...(fail ? { detail: FAILURES[fail]?.[1] ?? FAILURES[FAILURE_OTHER]![1] } : {}),
      ...(expiry > 0 && keys.state[i] === S_RESTORED ? { expiry } : {}),
    };
  });
  return { total, offset, items };
}
