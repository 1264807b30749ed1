/**
 * Planning a restore: what the selection holds, what needs a request, and what is already on its way.
 *
 * One pass of parallel listing (with RestoreStatus) classifies every object:
 * GLACIER and DEEP_ARCHIVE by their listed restore state; everything else
 * but INTELLIGENT_TIERING needs no restore. Listings do not show an
 * Intelligent-Tiering object's access tier, so those (and, on endpoints that
 * refuse RestoreStatus, the archive classes too) get a HEAD in a second,
 * in-order pass with bounded concurrency. Archived keys go to the key file
 * (key-file.ts); memory holds only the counts per kind and state, so a plan
 * of millions of objects stays small.
 */
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { RESTORE_IN_PROGRESS, RESTORE_RESTORED, STORAGE_CLASSES } from '../../../shared/ipc/listing';
import type { ArchiveGroup, RestorePlan, SkippedGroup } from '../../../shared/ipc/restore';
import { validTiers, type ArchiveKind } from '../../../shared/restore-rules';
import { parseRestoreHeader } from '../browse/restore-header';
import { createS3PageSource } from '../listing/s3-pages';
import { describeS3Error } from '../s3/describe-error';
import { forEachKey, KeyFileWriter, PLAN_IT_UNCHECKED, PLAN_NEEDS_RESTORE, PLAN_RESTORED, PLAN_RESTORING, PLAN_UNKNOWN, type KeyLine } from './key-file';
import { listSegment, segmentsOf, type ListedObject, type Segment } from './scope';

/** Archive kinds by the index the key file and job state use. */
export const ARCHIVE_KINDS: readonly ArchiveKind[] = ['GLACIER', 'DEEP_ARCHIVE', 'IT_ARCHIVE_ACCESS', 'IT_DEEP_ARCHIVE_ACCESS'];
const KIND_INDEX = new Map<string, number>(ARCHIVE_KINDS.map((k, i) => [k, i]));
/** The kind an Intelligent-Tiering line carries until its tier is known. */
const IT_PLACEHOLDER = KIND_INDEX.get('IT_ARCHIVE_ACCESS')!;

/** The file name of a plan's (and later its job's) keys. */
export const KEY_FILE = 'keys.jsonl';

/** What to plan. */
export interface PlanSpec {
  planId: string;
  connectionId: string;
  bucket: string;
  region: string;
  prefixes: string[];
  keys: string[];
  /** HEAD every Intelligent-Tiering object for its tier, however many there are. */
  checkTiers?: boolean;
}

/**
 * Up to this many Intelligent-Tiering objects a plan HEADs for their access
 * tier by itself (a few seconds). Beyond it the HEADs would make planning
 * cost far more than the listing (a million-key bucket with 10% IT objects
 * means 100,000 HEADs), so they are left unchecked unless asked for.
 */
export const TIER_CHECK_LIMIT = 10_000;

/** Running counters, for progress events. */
export interface PlanProgress {
  scanned: number;
  archived: number;
  headsDone: number;
  headsPending: number;
}

/** What planning needs. */
export interface PlanDeps {
  client: S3Client;
  /** The plan's own directory (created by the caller); the key file is written here. */
  dir: string;
  signal: AbortSignal;
  onProgress: (p: PlanProgress) => void;
  now?: () => number;
  /** HEAD requests in flight at once. */
  headConcurrency?: number;
  /** Parallel listers per segment. */
  listers?: number;
  /** Replaces `TIER_CHECK_LIMIT` (tests). */
  tierCheckLimit?: number;
}

/** The plan, plus the segments its key file refers to. */
export interface PlanOutcome {
  plan: RestorePlan;
  segments: Segment[];
}

class Groups {
  private readonly map = new Map<string, { objects: number; bytes: number }>();
  add(name: string, bytes: number): void {
    const g = this.map.get(name) ?? { objects: 0, bytes: 0 };
    g.objects++;
    g.bytes += bytes;
    this.map.set(name, g);
  }
  entries(): Array<[string, { objects: number; bytes: number }]> {
    return [...this.map.entries()];
  }
}

/** Plans a restore of `spec`'s selection; throws a described error (or AbortError when cancelled). */
export async function planRestore(spec: PlanSpec, deps: PlanDeps): Promise<PlanOutcome> {
  const started = (deps.now ?? Date.now)();
  const segments = segmentsOf(spec.prefixes, spec.keys);
  const source = createS3PageSource(deps.client, spec.bucket);
  const progress: PlanProgress = { scanned: 0, archived: 0, headsDone: 0, headsPending: 0 };
  const toRestore = new Groups();
  const restoring = new Groups();
  const restored = new Groups();
  const skipped = new Groups();
  const unchecked = new Groups();
  let itUnknown = 0;
  let earliestExpiry: number | undefined;
  let heads = 0;

  const tally = (line: KeyLine) => {
    const kind = ARCHIVE_KINDS[line.kind]!;
    if (line.plan === PLAN_NEEDS_RESTORE) toRestore.add(kind, line.size);
    else if (line.plan === PLAN_RESTORING) restoring.add(kind, line.size);
    else if (line.plan === PLAN_IT_UNCHECKED) unchecked.add(kind, line.size);
    else if (line.plan === PLAN_RESTORED) {
      restored.add(kind, line.size);
      if (line.expiry > 0 && (earliestExpiry === undefined || line.expiry < earliestExpiry)) earliestExpiry = line.expiry;
    }
  };

  const scanPath = join(deps.dir, `scan-${KEY_FILE}`);
  const scan = new KeyFileWriter(scanPath);
  try {
    for (let s = 0; s < segments.length; s++) {
      const segment = segments[s]!;
      const before = progress.scanned;
      await listSegment(
        source,
        segment,
        (o) => {
          progress.scanned++;
          const line = classifyListed(o, s, source.restoreStatusSupported);
          if (!line) {
            skipped.add(`readable:${STORAGE_CLASSES[o.storageClass] ?? 'UNKNOWN'}`, o.size);
            return;
          }
          progress.archived++;
          if (line.plan === PLAN_UNKNOWN) {
            progress.headsPending++;
            if (line.kind === IT_PLACEHOLDER) itUnknown++;
          }
          else tally(line);
          scan.add(line);
        },
        { signal: deps.signal, concurrency: deps.listers, onPage: () => deps.onProgress(progress) },
      );
      const seen = progress.scanned - before;
      // Picked keys the listing no longer shows were deleted (or renamed) since they were selected.
      if (segment.keys && seen < segment.keys.length) for (let i = seen; i < segment.keys.length; i++) skipped.add('gone:', 0);
    }
    await scan.finish();
  } catch (err) {
    scan.abort();
    throw describe(err, spec.bucket, 's3:ListBucket');
  }

  const finalPath = join(deps.dir, KEY_FILE);
  const checkIt = spec.checkTiers === true || itUnknown <= (deps.tierCheckLimit ?? TIER_CHECK_LIMIT);
  if (!checkIt) progress.headsPending -= itUnknown;
  if (progress.headsPending + (checkIt ? 0 : itUnknown) === 0) {
    await rename(scanPath, finalPath);
    await rename(`${scanPath}.idx.json`, `${finalPath}.idx.json`);
  } else {
    heads = await resolveByHead(deps, spec.bucket, scanPath, finalPath, progress, checkIt, (line) => {
      if (line.plan === PLAN_UNKNOWN) skipped.add(line.kind < 0 ? 'gone:' : 'readable:INTELLIGENT_TIERING', line.size);
      else tally(line);
    });
    await rm(scanPath, { force: true });
    await rm(`${scanPath}.idx.json`, { force: true });
  }

  const groups = (g: Groups): ArchiveGroup[] =>
    g
      .entries()
      .map(([kind, v]) => ({ kind: kind as ArchiveKind, ...v }))
      .sort((a, b) => KIND_INDEX.get(a.kind)! - KIND_INDEX.get(b.kind)!);
  const toRestoreGroups = groups(toRestore);
  const plan: RestorePlan = {
    planId: spec.planId,
    connectionId: spec.connectionId,
    bucket: spec.bucket,
    region: spec.region,
    prefixes: spec.prefixes,
    keyCount: spec.keys.length,
    scanned: progress.scanned,
    toRestore: toRestoreGroups,
    restoring: groups(restoring),
    restored: groups(restored),
    unchecked: groups(unchecked),
    ...(earliestExpiry !== undefined ? { restoredEarliestExpiry: earliestExpiry } : {}),
    skipped: skipped.entries().map(([name, v]): SkippedGroup => {
      const [reason, cls] = name.split(':') as ['readable' | 'gone', string];
      return { reason, ...(cls ? { storageClass: cls } : {}), ...v };
    }),
    // Unchecked Intelligent-Tiering objects may be in Deep Archive Access, which takes no Expedited.
    validTiers: validTiers([...toRestoreGroups.map((g) => g.kind), ...(itUnknown > 0 && !checkIt ? (['IT_DEEP_ARCHIVE_ACCESS'] as const) : [])]),
    headRequests: heads,
    listRequests: source.requests,
    restoreStatusSupported: source.restoreStatusSupported,
    seconds: ((deps.now ?? Date.now)() - started) / 1000,
  };
  return { plan, segments };
}

/** The key-file line for a listed object, or undefined when it needs no restore. */
function classifyListed(o: ListedObject, segment: number, restoreStatusSupported: boolean): KeyLine | undefined {
  const cls = STORAGE_CLASSES[o.storageClass];
  const base = { key: o.key, size: o.size, expiry: 0, segment };
  if (cls === 'GLACIER' || cls === 'DEEP_ARCHIVE') {
    const kind = KIND_INDEX.get(cls)!;
    if (!restoreStatusSupported) return { ...base, kind, plan: PLAN_UNKNOWN };
    if (o.restore === RESTORE_IN_PROGRESS) return { ...base, kind, plan: PLAN_RESTORING };
    if (o.restore === RESTORE_RESTORED) return { ...base, kind, plan: PLAN_RESTORED, expiry: o.restoreExpiry };
    return { ...base, kind, plan: PLAN_NEEDS_RESTORE };
  }
  // The access tier is not in listings (reference §3.2): a HEAD tells whether it is archived.
  if (cls === 'INTELLIGENT_TIERING') return { ...base, kind: IT_PLACEHOLDER, plan: PLAN_UNKNOWN };
  return undefined;
}

/**
 * Second pass: HEADs the lines whose state the listing could not tell, in
 * order, with bounded concurrency, writing the final key file. `onLine` sees
 * every line that needed a HEAD once its state is known; lines that need no restore (or are
 * gone) are reported with `plan: PLAN_UNKNOWN` (and `kind: -1` when gone) and
 * left out of the file.
 */
async function resolveByHead(
  deps: PlanDeps,
  bucket: string,
  from: string,
  to: string,
  progress: PlanProgress,
  checkIt: boolean,
  onLine: (line: KeyLine) => void,
): Promise<number> {
  const out = new KeyFileWriter(to);
  const limit = deps.headConcurrency ?? 32;
  // Lines in file order, each with whether it waited for a HEAD (only those are new to `onLine`).
  const window: Array<Promise<[KeyLine, boolean]>> = [];
  let heads = 0;
  const drainOne = async () => {
    const [line, headed] = await window.shift()!;
    if (headed) onLine(line);
    if (line.plan !== PLAN_UNKNOWN) out.add(line);
  };
  try {
    await forEachKey(
      from,
      async (line) => {
        if (line.plan !== PLAN_UNKNOWN) window.push(Promise.resolve([line, false]));
        else if (!checkIt && line.kind === IT_PLACEHOLDER) {
          // Counted as the slowest tier it may be in, so estimates and ETAs do not promise too much.
          window.push(Promise.resolve([{ ...line, kind: KIND_INDEX.get('IT_DEEP_ARCHIVE_ACCESS')!, plan: PLAN_IT_UNCHECKED }, true]));
        } else {
          heads++;
          const resolved = headLine(deps.client, bucket, line, deps.signal).then((l): [KeyLine, boolean] => {
            progress.headsDone++;
            progress.headsPending--;
            deps.onProgress(progress);
            return [l, true];
          });
          // Settled later in order; a failure must not surface as an unhandled rejection meanwhile.
          resolved.catch(() => undefined);
          window.push(resolved);
        }
        while (window.length >= limit) await drainOne();
      },
      { signal: deps.signal },
    );
    while (window.length > 0) await drainOne();
    if (deps.signal.aborted) throw abortError();
    await out.finish();
    return heads;
  } catch (err) {
    out.abort();
    throw err;
  }
}

async function headLine(client: S3Client, bucket: string, line: KeyLine, signal: AbortSignal): Promise<KeyLine> {
  let out;
  try {
    out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: line.key }), { abortSignal: signal });
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) return { ...line, kind: -1, plan: PLAN_UNKNOWN };
    throw describe(err, bucket, 's3:GetObject', line.key);
  }
  const header = parseRestoreHeader(out.Restore);
  const cls = out.StorageClass ?? 'STANDARD';
  if (cls === 'INTELLIGENT_TIERING') {
    const tier = out.ArchiveStatus;
    const kind = tier === 'DEEP_ARCHIVE_ACCESS' ? KIND_INDEX.get('IT_DEEP_ARCHIVE_ACCESS')! : KIND_INDEX.get('IT_ARCHIVE_ACCESS')!;
    if (header?.ongoing) return { ...line, kind, plan: PLAN_RESTORING };
    if (tier === 'ARCHIVE_ACCESS' || tier === 'DEEP_ARCHIVE_ACCESS') return { ...line, kind, plan: PLAN_NEEDS_RESTORE };
    return { ...line, plan: PLAN_UNKNOWN };
  }
  if (cls === 'GLACIER' || cls === 'DEEP_ARCHIVE') {
    const kind = KIND_INDEX.get(cls)!;
    if (header?.ongoing) return { ...line, kind, plan: PLAN_RESTORING };
    if (header) return { ...line, kind, plan: PLAN_RESTORED, expiry: header.expiry ?? 0 };
    return { ...line, kind, plan: PLAN_NEEDS_RESTORE };
  }
  // The class changed since the listing (e.g. copied to STANDARD): nothing to restore.
  return { ...line, plan: PLAN_UNKNOWN };
}

function describe(err: unknown, bucket: string, action: 's3:ListBucket' | 's3:GetObject', key?: string) {
  if ((err as { name?: string }).name === 'AbortError') return err;
  return describeS3Error(err, { action, bucket, ...(key ? { key } : {}) });
}

function abortError(): Error {
  const err = new Error('The plan was cancelled.');
  err.name = 'AbortError';
  return err;
}
