/**
 * An operation job's directory — the plan's key file and the job's journal —
 * and rebuilding the job from them.
 *
 * `objects/jobs/<jobId>/keys.jsonl` (+ `.idx.json`) is written by the plan
 * and never changes; `journal.jsonl` holds the facts since. Every key's
 * first state follows from its plan flag and the operation alone
 * (`initialState`), so replaying the journal over the key file gives back
 * the job as it was.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobItem, JobItemsPage } from '../../../shared/ipc/jobs';
import type { OperationKind } from '../../../shared/ipc/objects';
import { Journal, type JournalOpener } from '../persist/journal';
import { forEachKey, readKeys } from '../restore/key-file';
import { KEY_FILE } from './plan';
import {
  FLAG_ARCHIVED,
  FLAG_SAME_CLASS,
  OPERATION_JOURNAL_VERSION,
  OpKeyStates,
  reasonCode,
  REASONS,
  S_COPIED,
  S_PENDING,
  S_SKIPPED,
  STATE_NAMES,
  type OperationJobSpec,
  type OperationRecord,
  type OpStatus,
} from './state';

/** The journal's file name in a job directory. */
export const JOURNAL_FILE = 'journal.jsonl';

/** Paths of a job directory. */
export function jobPaths(dir: string): { keyFile: string; journal: string } {
  return { keyFile: join(dir, KEY_FILE), journal: join(dir, JOURNAL_FILE) };
}

/** A key's state when its job starts, and the reason when it is skipped. */
export function initialState(op: OperationKind, flag: number): { state: number; reason: number } {
  if (op !== 'delete' && flag === FLAG_ARCHIVED) return { state: S_SKIPPED, reason: reasonCode('Archived') };
  if (op === 'storage-class' && flag === FLAG_SAME_CLASS) return { state: S_SKIPPED, reason: reasonCode('SameClass') };
  return { state: S_PENDING, reason: 0 };
}

/** Reads a key file into fresh per-key state for operation `op`. */
export async function loadKeyStates(keyFile: string, op: OperationKind): Promise<OpKeyStates> {
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
  const keys = new OpKeyStates(count);
  await forEachKey(keyFile, (line, i) => {
    if (i >= keys.n) return false;
    const first = initialState(op, line.plan);
    keys.init(i, line.size, first.state, first.reason);
    return true;
  });
  return keys;
}

/** A multipart copy a job opened and has not finished or aborted yet. */
export interface OpenUpload {
  uploadId: string;
  key: string;
}

/** A job rebuilt from disk. */
export interface LoadedOperationJob {
  spec: OperationJobSpec;
  keys: OpKeyStates;
  status: OpStatus;
  journal: Journal<OperationRecord>;
  uploads: Map<number, OpenUpload>;
}

/** Replays a job directory; throws `JournalError` for a damaged or newer journal. */
export async function loadJob(dir: string, opener?: JournalOpener): Promise<LoadedOperationJob> {
  const paths = jobPaths(dir);
  const { journal, records } = await Journal.open<OperationRecord>(paths.journal, { version: OPERATION_JOURNAL_VERSION, ...(opener ? { opener } : {}) });
  try {
    const first = records.find((r) => r.op === 'created' || r.op === 'snapshot');
    if (!first || (first.op !== 'created' && first.op !== 'snapshot')) throw new Error(`${paths.journal} does not say which job it belongs to.`);
    const spec = first.job;
    const keys = await loadKeyStates(paths.keyFile, spec.op);
    const status: OpStatus = { state: 'running', requests: { copy: 0, parts: 0, delete: 0 } };
    const uploads = new Map<number, OpenUpload>();
    for (const r of records) {
      switch (r.op) {
        case 'snapshot':
          keys.restoreSnapshot(r);
          Object.assign(status, r.status);
          uploads.clear();
          for (const [i, uploadId, key] of r.uploads) uploads.set(i, { uploadId, key });
          break;
        case 'keys':
          keys.apply(r);
          break;
        case 'upload':
          if (r.open) uploads.set(r.i, { uploadId: r.uploadId, key: r.key });
          else if (uploads.get(r.i)?.uploadId === r.uploadId) uploads.delete(r.i);
          break;
        case 'status':
          status.state = r.state;
          if (r.state === 'paused' && r.reason) status.pausedReason = r.reason;
          else delete status.pausedReason;
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
    return { spec, keys, status, journal, uploads };
  } catch (err) {
    await journal.close();
    throw err;
  }
}

/** A page of a job's keys, optionally only those in one state; key strings come from the key file. */
export async function jobItems(keys: OpKeyStates, keyFile: string, state: string | undefined, offset: number, limit: number): Promise<JobItemsPage> {
  if (state !== undefined && !(STATE_NAMES as readonly string[]).includes(state)) return { total: 0, offset, items: [] };
  const picked: number[] = [];
  let total = 0;
  for (let i = 0; i < keys.n; i++) {
    if (state !== undefined && STATE_NAMES[keys.state[i]!] !== state) continue;
    if (total >= offset && picked.length < limit) picked.push(i);
    total++;
  }
  const lines = await readKeys(keyFile, picked);
  const items = picked.map((i): JobItem => {
    const reason = keys.fails.get(i);
    const detail = reason ? REASONS[reason]?.[1] : keys.state[i] === S_COPIED ? 'Copied; the source is deleted next.' : undefined;
    return { key: lines.get(i)?.key ?? '', state: STATE_NAMES[keys.state[i]!]!, size: keys.size[i]!, ...(detail ? { detail } : {}) };
  });
  return { total, offset, items };
}
