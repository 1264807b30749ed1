/**
 * What a failed request means for one key of a bulk operation.
 *
 * A per-key answer S3 gives (the object is gone, access is denied for
 * that key, it is archived) fails or skips that key with its reason and
 * the job goes on. Throttling, 5xx and dropped connections, after the
 * SDK's own retries, are retried here with a jittered backoff and pause
 * the job when they go on; expired or wrong credentials pause it at once
 * (they would fail every remaining key otherwise); a missing bucket ends it.
 */
import type { IpcError } from '../../../shared/ipc/result';
import { ThawError, toIpcError } from '../errors';
import { describeS3Error, type S3Action } from '../s3/describe-error';
import { reasonCode, type ReasonName } from './state';

/** One answer, classified. */
export type KeyAnswer =
  | { kind: 'key'; state: 'failed' | 'skipped'; reason: number }
  | { kind: 'retry'; error: IpcError }
  | { kind: 'pause'; error: IpcError }
  | { kind: 'end'; error: IpcError }
  | { kind: 'aborted' };

/** Classifies a failed copy (`copy`) or delete (`delete`) of `key`. */
export function classifyKeyError(err: unknown, what: 'copy' | 'delete', bucket: string, key: string, signal: AbortSignal): KeyAnswer {
  const e = (err ?? {}) as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  const name = e.Code ?? e.name ?? '';
  if (signal.aborted || name === 'AbortError') return { kind: 'aborted' };
  if (name === 'InvalidObjectState') return { kind: 'key', state: 'skipped', reason: reasonCode('Archived') };
  if (name === 'PreconditionFailed') return { kind: 'key', state: 'failed', reason: reasonCode('Changed') };
  const action: S3Action = what === 'delete' ? 's3:DeleteObject' : 's3:PutObject';
  const described = toIpcError(describeS3Error(err, { action, bucket, key }));
  const fail = (reason: ReasonName): KeyAnswer => ({ kind: 'key', state: 'failed', reason: reasonCode(reason) });
  switch (described.code) {
    case 'NoSuchKey':
      return fail('NoSuchKey');
    case 'AccessDenied':
      return fail(what === 'delete' ? 'DeleteDenied' : 'CopyDenied');
    case 'ExpiredCredentials':
    case 'InvalidCredentials':
    case 'SsoLoginRequired':
      return { kind: 'pause', error: { ...described, message: `${described.message} The job is paused; sign in again, then choose Resume.` } };
    case 'Cancelled':
      return { kind: 'aborted' };
    case 'Throttled':
    case 'Network':
    case 'EndpointUnreachable':
    case 'Internal':
      return { kind: 'retry', error: described };
    case 'NoSuchBucket':
    case 'WrongRegion':
      return { kind: 'end', error: described };
    default: {
      const status = e.$metadata?.httpStatusCode;
      return status !== undefined && status >= 500 ? { kind: 'retry', error: described } : fail('Other');
    }
  }
}

/** The reason of one `Errors` entry of a DeleteObjects answer. */
export function deleteErrorReason(code: string | undefined, sourceOfMove: boolean): number {
  if (sourceOfMove) return reasonCode(code === 'AccessDenied' ? 'SourceKept' : 'SourceKeptOther');
  if (code === 'AccessDenied') return reasonCode('DeleteDenied');
  if (code === 'NoSuchKey') return reasonCode('NoSuchKey');
  return reasonCode('Other');
}

/** DeleteObjects entry codes that are passing (the same key in a later request may succeed). */
export function isPassingDeleteError(code: string | undefined): boolean {
  return code === 'InternalError' || code === 'SlowDown' || code === 'ServiceUnavailable';
}

/** Waits `ms`, or less when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A jittered exponential backoff for attempt `n` (1-based): 0.5 s, 1 s, 2 s, … capped at 15 s. */
export function backoffMs(n: number): number {
  const base = Math.min(15_000, 500 * 2 ** (n - 1));
  return base / 2 + Math.random() * (base / 2);
}

/** IAM actions of the object operations that describe-error.ts does not name. */
const VERSION_ACTIONS = {
  's3:ListBucketVersions': "list this bucket's versions",
  's3:GetObjectVersion': 'read this version',
  's3:DeleteObjectVersion': 'delete versions in this bucket',
  's3:PutObjectTagging': "change this object's tags",
} as const;

/** `describeS3Error` for any action of the object operations, versions included. */
export function describeAction(err: unknown, action: S3Action | keyof typeof VERSION_ACTIONS, bucket: string, key?: string): ThawError {
  if (!(action in VERSION_ACTIONS)) return describeS3Error(err, { action: action as S3Action, bucket, ...(key ? { key } : {}) });
  const described = describeS3Error(err, { action: 's3:GetObject', bucket, ...(key ? { key } : {}) });
  if (described.code !== 'AccessDenied') return described;
  return new ThawError('AccessDenied', `This identity may not ${VERSION_ACTIONS[action as keyof typeof VERSION_ACTIONS]} (${action}).`, { ...described.details, action });
}
