/**
 * The two kinds of work a bulk operation does: copying keys (copy, move,
 * storage-class change) and deleting keys (delete, and a move's sources).
 *
 * Both read the key file in order and work on the keys in one state,
 * with bounded concurrency (copies one key a request, deletes 1,000 keys a
 * DeleteObjects). Every answer becomes a key change for the job to journal;
 * an answer that concerns the whole job (expired credentials, a bucket
 * gone, an endpoint that stays down) stops the phase through `stop`.
 */
import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { STORAGE_CLASSES } from '../../../shared/ipc/listing';
import type { IpcError } from '../../../shared/ipc/result';
import { forEachKey, type KeyLine } from '../restore/key-file';
import { backoffMs, classifyKeyError, deleteErrorReason, isPassingDeleteError, sleep } from './answers';
import { copyOne } from './copier';
import { reasonCode, S_COPIED, S_DONE, S_FAILED, S_PENDING, S_SKIPPED, type OperationJobSpec, type OpKeyStates, type OpRequests } from './state';

/** Attempts per key (each after the SDK's own retries) before the job pauses. */
const MAX_ATTEMPTS = 4;
/** Keys per DeleteObjects (S3's limit). */
export const DELETE_BATCH = 1000;

/** What a phase works with. */
export interface PhaseContext {
  spec: OperationJobSpec;
  keys: OpKeyStates;
  keyFile: string;
  signal: AbortSignal;
  /** A client for the source bucket's region. */
  sourceClient: S3Client;
  /** A client for the target bucket's region (the source's for in-place work). */
  targetClient: S3Client;
  /** Copies (or DeleteObjects requests) in flight at once. */
  concurrency: number;
  requests: OpRequests;
  /** A key changed state; the job journals it. */
  change(i: number, state: number, reason?: number): void;
  /** Stops the whole phase: pause the job, or end it failed. */
  stop(kind: 'pause' | 'end', error: IpcError): void;
  /** A multipart copy of key `i` opened or closed; resolves once journaled. */
  onUpload(i: number, key: string, uploadId: string, open: boolean): Promise<void>;
}

/** The target key of `key` for a copy or move. */
export function targetKey(spec: Pick<OperationJobSpec, 'op' | 'base' | 'target'>, key: string): string {
  if (spec.op === 'storage-class' || !spec.target) return key;
  return spec.target.prefix + key.slice(spec.base.length);
}

/** Runs `fn` for every key of the key file in state `state`, at most `limit` at a time. */
async function eachInState(ctx: PhaseContext, state: number, limit: number, fn: (line: KeyLine, i: number) => Promise<void>): Promise<void> {
  const inflight = new Set<Promise<void>>();
  await forEachKey(
    ctx.keyFile,
    async (line, i) => {
      if (ctx.signal.aborted) return false;
      if (ctx.keys.state[i] !== state) return true;
      const p = fn(line, i).finally(() => inflight.delete(p));
      inflight.add(p);
      if (inflight.size >= limit) await Promise.race(inflight);
      return true;
    },
    { signal: ctx.signal },
  );
  await Promise.all(inflight);
}

/** Copies every pending key; a move's copies become `S_COPIED`, everything else `S_DONE`. */
export async function copyPhase(ctx: PhaseContext): Promise<void> {
  const { spec } = ctx;
  const targetBucket = spec.op === 'storage-class' || !spec.target ? spec.bucket : spec.target.bucket;
  const success = spec.op === 'move' ? S_COPIED : S_DONE;
  await eachInState(ctx, S_PENDING, ctx.concurrency, async (line, i) => {
    const className = STORAGE_CLASSES[line.kind];
    const storageClass = spec.op === 'storage-class' ? spec.storageClass! : className && className !== 'UNKNOWN' ? className : 'STANDARD';
    for (let attempt = 1; ; attempt++) {
      try {
        await copyOne({
          client: ctx.targetClient,
          sourceClient: ctx.sourceClient,
          source: { bucket: spec.bucket, key: line.key, size: line.size },
          target: { bucket: targetBucket, key: targetKey(spec, line.key) },
          storageClass,
          signal: ctx.signal,
          onUpload: (uploadId, open) => ctx.onUpload(i, targetKey(spec, line.key), uploadId, open),
          onRequest: (kind) => void (kind === 'copy' ? ctx.requests.copy++ : ctx.requests.parts++),
        });
        ctx.change(i, success);
        return;
      } catch (err) {
        const answer = classifyKeyError(err, 'copy', spec.bucket, line.key, ctx.signal);
        if (answer.kind === 'aborted') return;
        if (answer.kind === 'key') return ctx.change(i, answer.state === 'skipped' ? S_SKIPPED : S_FAILED, answer.reason);
        if (answer.kind === 'retry' && attempt < MAX_ATTEMPTS) {
          await sleep(backoffMs(attempt), ctx.signal);
          continue;
        }
        return ctx.stop(answer.kind === 'end' ? 'end' : 'pause', answer.kind === 'retry' ? stillFailing(answer.error) : answer.error);
      }
    }
  });
}

/** Deletes every key in state `from` (pending for a delete, copied for a move) in batches of 1,000. */
export async function deletePhase(ctx: PhaseContext, from: number): Promise<void> {
  const sourceOfMove = from === S_COPIED;
  const inflight = new Set<Promise<void>>();
  let batch: Array<{ i: number; key: string }> = [];
  const send = async (items: Array<{ i: number; key: string }>) => {
    let left = items;
    for (let attempt = 1; left.length > 0; attempt++) {
      if (ctx.signal.aborted) return;
      try {
        ctx.requests.delete++;
        const out = await ctx.sourceClient.send(
          new DeleteObjectsCommand({ Bucket: ctx.spec.bucket, Delete: { Objects: left.map((o) => ({ Key: o.key })), Quiet: true } }),
          { abortSignal: ctx.signal },
        );
        const errors = new Map<string, string | undefined>();
        for (const e of out.Errors ?? []) if (e.Key !== undefined) errors.set(e.Key, e.Code);
        const again: typeof left = [];
        for (const o of left) {
          if (!errors.has(o.key)) ctx.change(o.i, S_DONE);
          else if (isPassingDeleteError(errors.get(o.key)) && attempt < MAX_ATTEMPTS) again.push(o);
          else ctx.change(o.i, S_FAILED, deleteErrorReason(errors.get(o.key), sourceOfMove));
        }
        if (again.length > 0) await sleep(backoffMs(attempt), ctx.signal);
        left = again;
      } catch (err) {
        const answer = classifyKeyError(err, 'delete', ctx.spec.bucket, left[0]!.key, ctx.signal);
        if (answer.kind === 'aborted') return;
        if (answer.kind === 'key') {
          const reason = sourceOfMove ? reasonCode(answer.reason === reasonCode('DeleteDenied') ? 'SourceKept' : 'SourceKeptOther') : answer.reason;
          for (const o of left) ctx.change(o.i, S_FAILED, reason);
          return;
        }
        if (answer.kind === 'retry' && attempt < MAX_ATTEMPTS) {
          await sleep(backoffMs(attempt), ctx.signal);
          continue;
        }
        return ctx.stop(answer.kind === 'end' ? 'end' : 'pause', answer.kind === 'retry' ? stillFailing(answer.error) : answer.error);
      }
    }
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const items = batch;
    batch = [];
    const p = send(items).finally(() => inflight.delete(p));
    inflight.add(p);
    if (inflight.size >= ctx.concurrency) await Promise.race(inflight);
  };
  await forEachKey(
    ctx.keyFile,
    async (line, i) => {
      if (ctx.signal.aborted) return false;
      if (ctx.keys.state[i] !== from) return true;
      batch.push({ i, key: line.key });
      if (batch.length >= DELETE_BATCH) await flush();
      return true;
    },
    { signal: ctx.signal },
  );
  if (!ctx.signal.aborted) await flush();
  await Promise.all(inflight);
}

function stillFailing(error: IpcError): IpcError {
  return { ...error, message: `${error.message} The job is paused after several tries; choose Resume to continue where it stopped.` };
}
