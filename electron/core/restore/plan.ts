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
import { listSegment, segmentsOf, type Segment } from '../listing/segments';

/** Archive kinds by the index the key file and job state use. */
export const ARCHIVE_KINDS: readonly ArchiveKind[] = ['GLACIER', 'DEEP_ARCHIVE', 'IT_ARCHIVE_ACCESS', 'IT_DEEP_ARCHIVE_ACCESS'];
const KIND_INDEX = new Map<string, number>(ARCHIVE_KINDS.map((k, i) => [k, i]));

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

/** Objects and bytes per archive kind (`ARCHIVE_KINDS` index). */
class KindCounts {
  readonly objects = new Float64Array(ARCHIVE_KINDS.length);
  readonly bytes = new Float64Array(ARCHIVE_KINDS.length);
  add(kind: number, bytes: number, objects = 1): void {
    this.objects[kind]! += objects;
    this.bytes[kind]! += bytes;
  }
  groups(): ArchiveGroup[] {
    const out: ArchiveGroup[] = [];
    for (let k = 0; k < ARCHIVE_KINDS.length; k++) if (this.objects[k]! > 0) out.push({ kind: ARCHIVE_KINDS[k]!, objects: this.objects[k]!, bytes: this.bytes[k]! });
    return out;
  }
}

const CLASS_INDEX = new Map<string, number>(STORAGE_CLASSES.map((c, i) => [c, i]));
const C_GLACIER = CLASS_INDEX.get('GLACIER')!;
const C_DEEP_ARCHIVE = CLASS_INDEX.get('DEEP_ARCHIVE')!;
const C_INTELLIGENT_TIERING = CLASS_INDEX.get('INTELLIGENT_TIERING')!;
const K_GLACIER = KIND_INDEX.get('GLACIER')!;
const K_DEEP_ARCHIVE = KIND_INDEX.get('DEEP_ARCHIVE')!;
/** Unchecked Intelligent-Tiering objects count as the slowest tier they may be in, so estimates and ETAs do not promise too much. */
const K_IT_UNCHECKED = KIND_INDEX.get('IT_DEEP_ARCHIVE_ACCESS')!;

/** Plans a restore of `spec`'s selection; throws a described error (or AbortError when cancelled). */
export async function planRestore(spec: PlanSpec, deps: PlanDeps): Promise<PlanOutcome> {
  const started = (deps.now ?? Date.now)();
  const segments = segmentsOf(spec.prefixes, spec.keys);
  const source = createS3PageSource(deps.client, spec.bucket);
  const progress: PlanProgress = { scanned: 0, archived: 0, headsDone: 0, headsPending: 0 };
  const toRestore = new KindCounts();
  const restoring = new KindCounts();
  const restored = new KindCounts();
  const unchecked = new KindCounts();
  // Objects that need no restore, by `STORAGE_CLASSES` index (an unknown class at the end).
  const readableObjects = new Float64Array(STORAGE_CLASSES.length + 1);
  const readableBytes = new Float64Array(STORAGE_CLASSES.length + 1);
  // Found readable only by a HEAD, by the storage class it reported.
  const headSkipped = new Map<string, { objects: number; bytes: number }>();
  let gone = 0;
  let itUnknown = 0;
  let itUnknownBytes = 0;
  let earliestExpiry: number | undefined;
  let heads = 0;

  const tally = (kind: number, plan: number, size: number, expiry: number) => {
    if (plan === PLAN_NEEDS_RESTORE) toRestore.add(kind, size);
    else if (plan === PLAN_RESTORING) restoring.add(kind, size);
    else if (plan === PLAN_IT_UNCHECKED) unchecked.add(kind, size);
    else if (plan === PLAN_RESTORED) {
      restored.add(kind, size);
      if (expiry > 0 && (earliestExpiry === undefined || expiry < earliestExpiry)) earliestExpiry = expiry;
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
          const cls = o.storageClass;
          if (cls === C_GLACIER || cls === C_DEEP_ARCHIVE) {
            const kind = cls === C_GLACIER ? K_GLACIER : K_DEEP_ARCHIVE;
            let plan = PLAN_NEEDS_RESTORE;
            let expiry = 0;
            if (!source.restoreStatusSupported) plan = PLAN_UNKNOWN;
            else if (o.restore === RESTORE_IN_PROGRESS) plan = PLAN_RESTORING;
            else if (o.restore === RESTORE_RESTORED) {
              plan = PLAN_RESTORED;
              expiry = o.restoreExpiry;
            }
            if (plan === PLAN_UNKNOWN) progress.headsPending++;
            else tally(kind, plan, o.size, expiry);
            progress.archived++;
            scan.addFields(o.key, kind, o.size, plan, expiry, s);
          } else if (cls === C_INTELLIGENT_TIERING) {
            // The access tier is not in listings (reference §3.2): only a HEAD tells whether it is archived.
            itUnknown++;
            itUnknownBytes += o.size;
            progress.archived++;
            scan.addFields(o.key, K_IT_UNCHECKED, o.size, PLAN_IT_UNCHECKED, 0, s);
          } else {
            const c = cls >= 0 && cls < STORAGE_CLASSES.length ? cls : STORAGE_CLASSES.length;
            readableObjects[c]!++;
            readableBytes[c]! += o.size;
          }
        },
        { signal: deps.signal, concurrency: deps.listers, onPage: () => deps.onProgress(progress) },
      );
      const seen = progress.scanned - before;
      // Picked keys the listing no longer shows were deleted (or renamed) since they were selected.
      if (segment.keys && seen < segment.keys.length) gone += segment.keys.length - seen;
    }
    await scan.finish();
  } catch (err) {
    scan.abort();
    throw describe(err, spec.bucket, 's3:ListBucket');
  }

  const finalPath = join(deps.dir, KEY_FILE);
  const checkIt = itUnknown > 0 && (spec.checkTiers === true || itUnknown <= (deps.tierCheckLimit ?? TIER_CHECK_LIMIT));
  if (checkIt) progress.headsPending += itUnknown;
  else unchecked.add(K_IT_UNCHECKED, itUnknownBytes, itUnknown);
  if (progress.headsPending === 0) {
    // Nothing needs a HEAD: the scan is the key file, with no second pass over a million lines.
    await rename(scanPath, finalPath);
    await rename(`${scanPath}.idx.json`, `${finalPath}.idx.json`);
  } else {
    heads = await resolveByHead(deps, spec.bucket, scanPath, finalPath, progress, checkIt, (line, storageClass) => {
      if (line.plan !== PLAN_UNKNOWN) return tally(line.kind, line.plan, line.size, line.expiry);
      if (line.kind < 0) return void gone++;
      const g = headSkipped.get(storageClass) ?? { objects: 0, bytes: 0 };
      g.objects++;
      g.bytes += line.size;
      headSkipped.set(storageClass, g);
    });
    await rm(scanPath, { force: true });
    await rm(`${scanPath}.idx.json`, { force: true });
  }

  const skipped: SkippedGroup[] = [];
  for (let c = 0; c < readableObjects.length; c++) {
    if (readableObjects[c]! === 0) continue;
    const storageClass = STORAGE_CLASSES[c] ?? 'UNKNOWN';
    const viaHead = headSkipped.get(storageClass);
    headSkipped.delete(storageClass);
    skipped.push({ reason: 'readable', storageClass, objects: readableObjects[c]! + (viaHead?.objects ?? 0), bytes: readableBytes[c]! + (viaHead?.bytes ?? 0) });
  }
  for (const [storageClass, v] of headSkipped) skipped.push({ reason: 'readable', storageClass, ...v });
  if (gone > 0) skipped.push({ reason: 'gone', objects: gone, bytes: 0 });

  const toRestoreGroups = toRestore.groups();
  const plan: RestorePlan = {
    planId: spec.planId,
    connectionId: spec.connectionId,
    bucket: spec.bucket,
    region: spec.region,
    prefixes: spec.prefixes,
    keyCount: spec.keys.length,
    scanned: progress.scanned,
    toRestore: toRestoreGroups,
    restoring: restoring.groups(),
    restored: restored.groups(),
    unchecked: unchecked.groups(),
    ...(earliestExpiry !== undefined ? { restoredEarliestExpiry: earliestExpiry } : {}),
    skipped,
    // Unchecked Intelligent-Tiering objects may be in Deep Archive Access, which takes no Expedited.
    validTiers: validTiers([...toRestoreGroups.map((g) => g.kind), ...(itUnknown > 0 && !checkIt ? (['IT_DEEP_ARCHIVE_ACCESS'] as const) : [])]),
    headRequests: heads,
    listRequests: source.requests,
    restoreStatusSupported: source.restoreStatusSupported,
    seconds: ((deps.now ?? Date.now)() - started) / 1000,
  };
  return { plan, segments };
}

/** A line after its HEAD, with the storage class the HEAD reported. */
interface Headed {
  line: KeyLine;
  storageClass: string;
}

/**
 * Second pass: HEADs the lines whose state the listing could not tell (and
 * the unchecked Intelligent-Tiering ones when `checkIt`), in order, with
 * bounded concurrency, writing the final key file. `onHeaded` sees every
 * line that got a HEAD once its state is known; lines that need no restore
 * (or are gone) come with `plan: PLAN_UNKNOWN` (and `kind: -1` when gone)
 * and are left out of the file.
 */
async function resolveByHead(
  deps: PlanDeps,
  bucket: string,
  from: string,
  to: string,
  progress: PlanProgress,
  checkIt: boolean,
  onHeaded: (line: KeyLine, storageClass: string) => void,
): Promise<number> {
  const out = new KeyFileWriter(to);
  const limit = deps.headConcurrency ?? 32;
  // Lines in file order: a line kept as it is, or the answer of its HEAD.
  const window: Array<{ line: KeyLine } | Promise<Headed>> = [];
  let heads = 0;
  const drainOne = async () => {
    const next = window.shift()!;
    if (!(next instanceof Promise)) return out.add(next.line);
    const { line, storageClass } = await next;
    onHeaded(line, storageClass);
    if (line.plan !== PLAN_UNKNOWN) out.add(line);
  };
  try {
    await forEachKey(
      from,
      async (line) => {
        if (line.plan !== PLAN_UNKNOWN && !(checkIt && line.plan === PLAN_IT_UNCHECKED)) window.push({ line });
        else {
          heads++;
          const resolved = headLine(deps.client, bucket, line, deps.signal).then((h) => {
            progress.headsDone++;
            progress.headsPending--;
            deps.onProgress(progress);
            return h;
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

async function headLine(client: S3Client, bucket: string, line: KeyLine, signal: AbortSignal): Promise<Headed> {
  let out;
  try {
    out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: line.key }), { abortSignal: signal });
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) return { line: { ...line, kind: -1, plan: PLAN_UNKNOWN }, storageClass: '' };
    throw describe(err, bucket, 's3:GetObject', line.key);
  }
  const header = parseRestoreHeader(out.Restore);
  const storageClass = out.StorageClass ?? 'STANDARD';
  const as = (kind: number, plan: number, expiry = 0): Headed => ({ line: { ...line, kind, plan, expiry }, storageClass });
  if (storageClass === 'INTELLIGENT_TIERING') {
    const tier = out.ArchiveStatus;
    const kind = tier === 'DEEP_ARCHIVE_ACCESS' ? KIND_INDEX.get('IT_DEEP_ARCHIVE_ACCESS')! : KIND_INDEX.get('IT_ARCHIVE_ACCESS')!;
    if (header?.ongoing) return as(kind, PLAN_RESTORING);
    if (tier === 'ARCHIVE_ACCESS' || tier === 'DEEP_ARCHIVE_ACCESS') return as(kind, PLAN_NEEDS_RESTORE);
    return as(line.kind, PLAN_UNKNOWN);
  }
  if (storageClass === 'GLACIER' || storageClass === 'DEEP_ARCHIVE') {
    const kind = KIND_INDEX.get(storageClass)!;
    if (header?.ongoing) return as(kind, PLAN_RESTORING);
    if (header) return as(kind, PLAN_RESTORED, header.expiry ?? 0);
    return as(kind, PLAN_NEEDS_RESTORE);
  }
  // The class changed since the listing (e.g. copied to STANDARD): nothing to restore.
  return as(line.kind, PLAN_UNKNOWN);
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
