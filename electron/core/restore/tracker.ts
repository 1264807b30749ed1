/**
 * Checking how far a job's restores have got — by listing, one request per
 * 1,000 keys, not a HEAD per key.
 *
 * The keys still being restored are gathered in key order into clusters
 * (a new cluster where a long run of finished keys, or a new segment,
 * starts), and each cluster's span is listed with RestoreStatus through the
 * same parallel lister as everything else. The listing is merged with the
 * cluster: a restored copy (with its expiry) or an Intelligent-Tiering
 * object no longer restoring means restored; a key the listing no longer
 * has was deleted. Only on endpoints that reject RestoreStatus does a
 * check HEAD each watched key instead. Memory stays bounded: clusters are
 * capped and only a few are listed at once.
 */
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { RESTORE_IN_PROGRESS, RESTORE_RESTORED, STORAGE_CLASSES } from '../../../shared/ipc/listing';
import { parseRestoreHeader } from '../browse/restore-header';
import { compareKeys } from '../listing/key-order';
import { createS3PageSource } from '../listing/s3-pages';
import { describeS3Error } from '../s3/describe-error';
import { forEachKey } from './key-file';
import { ARCHIVE_KINDS } from './plan';
import { listSegment, type ListedObject } from '../listing/segments';
import { expiryDayOf, failureCode, S_FAILED, S_IN_PROGRESS, S_PENDING, S_REQUESTED, S_RESTORED, type KeyStates } from './state';

/** A watched key whose state the check found changed. */
export interface TrackedChange {
  i: number;
  key: string;
  state: number;
  fail?: number;
  expiryDay?: number;
}

/** What a check needs. */
export interface TrackContext {
  client: S3Client;
  bucket: string;
  keyFile: string;
  keys: KeyStates;
  segments: ReadonlyArray<{ prefix: string; recursive: boolean }>;
  /** False once the endpoint showed it rejects RestoreStatus: check by HEAD. */
  restoreStatusSupported: boolean;
  signal: AbortSignal;
  onChanges: (changes: TrackedChange[]) => void;
  listers?: number;
  headConcurrency?: number;
}

/** What a check did. */
export interface TrackResult {
  listRequests: number;
  headRequests: number;
  restoreStatusSupported: boolean;
  /** Keys still being restored after the check. */
  watching: number;
}

/** A run of finished keys at least this long starts a new cluster (listing across it would be wasted). */
const GAP = 1_000;
/** Most keys in one cluster (bounds memory). */
const MAX_CLUSTER = 50_000;
/** Clusters listed at once. */
const PARALLEL_CLUSTERS = 4;

interface Cluster {
  segment: number;
  lines: Array<{ i: number; key: string }>;
  lastIndex: number;
}

const watched = (s: number) => s === S_REQUESTED || s === S_IN_PROGRESS;

/** Checks every watched key once. */
export async function checkRestores(ctx: TrackContext): Promise<TrackResult> {
  const result: TrackResult = { listRequests: 0, headRequests: 0, restoreStatusSupported: ctx.restoreStatusSupported, watching: 0 };
  const running = new Set<Promise<void>>();
  let failure: unknown;
  let current: Cluster | undefined;

  const launch = async (cluster: Cluster) => {
    while (running.size >= PARALLEL_CLUSTERS) await Promise.race(running);
    const p = checkCluster(ctx, cluster, result).catch((err: unknown) => void (failure ??= err));
    running.add(p);
    void p.finally(() => running.delete(p));
  };

  await forEachKey(
    ctx.keyFile,
    async (line, i) => {
      if (failure !== undefined) return false;
      if (!watched(ctx.keys.state[i]!)) return true;
      const segment = ctx.keys.segment[i]!;
      if (current && (current.segment !== segment || i - current.lastIndex > GAP || current.lines.length >= MAX_CLUSTER)) {
        await launch(current);
        current = undefined;
      }
      current ??= { segment, lines: [], lastIndex: i };
      current.lines.push({ i, key: line.key });
      current.lastIndex = i;
      return true;
    },
    { signal: ctx.signal },
  );
  if (current && failure === undefined) await launch(current);
  await Promise.allSettled([...running]);
  if (failure !== undefined) throw failure;
  for (let i = 0; i < ctx.keys.n; i++) if (watched(ctx.keys.state[i]!)) result.watching++;
  return result;
}

async function checkCluster(ctx: TrackContext, cluster: Cluster, result: TrackResult): Promise<void> {
  if (ctx.signal.aborted) return;
  if (!result.restoreStatusSupported) return headCluster(ctx, cluster, result);
  const segment = ctx.segments[cluster.segment]!;
  const source = createS3PageSource(ctx.client, ctx.bucket);
  const lines = cluster.lines;
  const changes: TrackedChange[] = [];
  let p = 0;
  const missing = (upTo: number) => {
    for (; p < upTo; p++) changes.push({ ...lines[p]!, state: S_FAILED, fail: failureCode('NoSuchKey') });
  };
  try {
    await listSegment(
      source,
      { prefix: segment.prefix, recursive: segment.recursive },
      (o) => {
        let q = p;
        while (q < lines.length && compareKeys(lines[q]!.key, o.key) < 0) q++;
        if (q >= lines.length || lines[q]!.key !== o.key) return;
        missing(q);
        const next = interpret(ctx.keys, lines[q]!.i, o);
        if (next) changes.push({ ...lines[q]!, ...next });
        p = q + 1;
      },
      { range: { first: lines[0]!.key, last: lines[lines.length - 1]!.key }, signal: ctx.signal, concurrency: listersFor(cluster, ctx.listers) },
    );
  } catch (err) {
    throw describeS3Error(err, { action: 's3:ListBucket', bucket: ctx.bucket });
  } finally {
    result.listRequests += source.requests;
  }
  if (!source.restoreStatusSupported) {
    // The endpoint refused RestoreStatus: the listing cannot tell restore states, so ask each key.
    result.restoreStatusSupported = false;
    return headCluster(ctx, cluster, result);
  }
  missing(lines.length);
  if (changes.length > 0) ctx.onChanges(changes);
}

/**
 * Listers for a cluster: a check is background work where requests, not
 * seconds, are what count, and every extra lister costs probe requests. One
 * lister per 10,000 keys of span keeps that overhead near a tenth of the
 * pages while a million-key check still finishes in seconds.
 */
function listersFor(cluster: Cluster, max = 32): number {
  const span = cluster.lastIndex - cluster.lines[0]!.i + 1;
  return Math.max(1, Math.min(max, Math.round(span / 10_000)));
}

/** A listed key's new state, or undefined when it is still being restored. */
function interpret(keys: KeyStates, i: number, o: ListedObject): Omit<TrackedChange, 'i' | 'key'> | undefined {
  const cls = STORAGE_CLASSES[o.storageClass];
  if (o.restore === RESTORE_IN_PROGRESS) return undefined;
  if (o.restore === RESTORE_RESTORED) return { state: S_RESTORED, expiryDay: expiryDayOf(o.restoreExpiry) };
  const kind = ARCHIVE_KINDS[keys.kind[i]!];
  // An Intelligent-Tiering restore ends with the object back in Frequent Access and no restore status (reference §1.5).
  if (cls === 'INTELLIGENT_TIERING' && (kind === 'IT_ARCHIVE_ACCESS' || kind === 'IT_DEEP_ARCHIVE_ACCESS')) return { state: S_RESTORED };
  // Copied to a readable class meanwhile: nothing left to wait for.
  if (cls !== 'GLACIER' && cls !== 'DEEP_ARCHIVE' && cls !== 'INTELLIGENT_TIERING') return { state: S_RESTORED };
  // Someone else's restore that the plan saw running is gone without a copy (it expired or was never made): request it.
  if (keys.state[i] === S_IN_PROGRESS) return { state: S_PENDING };
  return undefined;
}

async function headCluster(ctx: TrackContext, cluster: Cluster, result: TrackResult): Promise<void> {
  const limit = ctx.headConcurrency ?? 32;
  const changes: TrackedChange[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cluster.lines.length && !ctx.signal.aborted) {
      const line = cluster.lines[next++]!;
      result.headRequests++;
      try {
        const out = await ctx.client.send(new HeadObjectCommand({ Bucket: ctx.bucket, Key: line.key }), { abortSignal: ctx.signal });
        const header = parseRestoreHeader(out.Restore);
        if (header?.ongoing) continue;
        if (header) changes.push({ ...line, state: S_RESTORED, expiryDay: expiryDayOf(header.expiry ?? 0) });
        else if (out.StorageClass === 'INTELLIGENT_TIERING' ? !out.ArchiveStatus : out.StorageClass !== 'GLACIER' && out.StorageClass !== 'DEEP_ARCHIVE') {
          changes.push({ ...line, state: S_RESTORED });
        }
      } catch (err) {
        if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) {
          changes.push({ ...line, state: S_FAILED, fail: failureCode('NoSuchKey') });
        } else if (!ctx.signal.aborted) throw describeS3Error(err, { action: 's3:GetObject', bucket: ctx.bucket, key: line.key });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, cluster.lines.length) }, worker));
  if (changes.length > 0) ctx.onChanges(changes);
}
