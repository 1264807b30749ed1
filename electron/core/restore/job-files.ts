/**
 * A restore job's directory: its key file and its journal, and rebuilding the job from them.
 *
 * `jobs/<jobId>/keys.jsonl` (+ `.idx.json`) is written by the plan and never
 * changes; `jobs/<jobId>/journal.jsonl` holds the facts since. The initial
 * state of every key follows from the key file and the job's spec alone
 * (`initialState`), so replaying the journal over it gives back the job.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { needsDays } from '../../../shared/restore-rules';
import { Journal, type JournalOpener } from '../persist/journal';
import { forEachKey, PLAN_IT_UNCHECKED, PLAN_NEEDS_RESTORE, PLAN_RESTORED, PLAN_RESTORING, type KeyLine } from './key-file';
import { ARCHIVE_KINDS, KEY_FILE } from './plan';
import {
  KeyStates,
  RESTORE_JOURNAL_VERSION,
  S_IN_PROGRESS,
  S_OUTSIDE,
  S_PENDING,
  S_RESTORED,
  type JobStatus,
  type RestoreJobSpec,
  type RestoreRecord,
} from './state';

/** The journal's file name in a job directory. */
export const JOURNAL_FILE = 'journal.jsonl';

/** Paths of a job directory. */
export function jobPaths(dir: string): { keyFile: string; journal: string } {
  return { keyFile: join(dir, KEY_FILE), journal: join(dir, JOURNAL_FILE) };
}

/** A key's state when its job starts, from what the plan found. */
export function initialState(line: Pick<KeyLine, 'plan' | 'kind'>, extendRestored: boolean): number {
  if (line.plan === PLAN_NEEDS_RESTORE || line.plan === PLAN_IT_UNCHECKED) return S_PENDING;
  if (line.plan === PLAN_RESTORING) return S_IN_PROGRESS;
  if (line.plan === PLAN_RESTORED) return extendRestored && needsDays(ARCHIVE_KINDS[line.kind]!) ? S_PENDING : S_RESTORED;
  return S_OUTSIDE;
}

/** Reads a key file into fresh per-key state for a job with `extendRestored`. */
export async function loadKeyStates(keyFile: string, extendRestored: boolean, signal?: AbortSignal): Promise<KeyStates> {
  let count: number | undefined;
  try {
    count = (JSON.parse(await readFile(`${keyFile}.idx.json`, 'utf8')) as { count?: number }).count;
  } catch {
    count = undefined;
  }
  if (count === undefined) {
    count = 0;
    await forEachKey(keyFile, () => void count!++);
  }
  const keys = new KeyStates(count);
  await forEachKey(
    keyFile,
    (line, i) => {
      if (i >= keys.n) return false;
      keys.init(i, line.kind, line.size, line.segment, initialState(line, extendRestored), line.plan === PLAN_RESTORED ? line.expiry : 0);
      return true;
    },
    { signal },
  );
  return keys;
}

/** A job rebuilt from disk. */
export interface LoadedJob {
  spec: RestoreJobSpec;
  keys: KeyStates;
  status: JobStatus;
  journal: Journal<RestoreRecord>;
  restoreStatusSupported: boolean;
}

/**
 * Replays a job directory. Throws `JournalError` for a damaged or newer
 * journal, and a plain Error when the journal names no job.
 */
export async function loadJob(dir: string, opener?: JournalOpener): Promise<LoadedJob> {
  const paths = jobPaths(dir);
  const { journal, records } = await Journal.open<RestoreRecord>(paths.journal, { version: RESTORE_JOURNAL_VERSION, ...(opener ? { opener } : {}) });
  try {
    const first = records.find((r) => r.op === 'created' || r.op === 'snapshot');
    if (!first || (first.op !== 'created' && first.op !== 'snapshot')) throw new Error(`${paths.journal} does not say which job it belongs to.`);
    const spec = first.job;
    const keys = await loadKeyStates(paths.keyFile, spec.extendRestored);
    const status: JobStatus = { state: 'running', requests: { restore: 0, list: 0, head: 0 } };
    let restoreStatusSupported = true;
    for (const r of records) {
      switch (r.op) {
        case 'snapshot':
          keys.restoreSnapshot(r);
          Object.assign(status, r.status);
          restoreStatusSupported = r.status.restoreStatusSupported ?? true;
          break;
        case 'keys':
          keys.apply(r);
          break;
        case 'status':
          status.state = r.state;
          if (r.state === 'paused' && r.reason) status.pausedReason = r.reason;
          else delete status.pausedReason;
          if (r.issuedAt !== undefined) status.issuedAt = r.issuedAt;
          break;
        case 'checked':
          status.lastCheckedAt = r.lastCheckedAt;
          status.requests = r.requests;
          if (r.restoreStatusSupported === false) restoreStatusSupported = false;
          break;
        case 'ended':
          status.state = r.outcome;
          status.endedAt = r.at;
          status.requests = r.requests;
          if (r.error) status.error = r.error;
          break;
        case 'created':
          break;
      }
    }
    return { spec, keys, status, journal, restoreStatusSupported };
  } catch (err) {
    await journal.close();
    throw err;
  }
}
