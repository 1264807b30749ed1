/**
 * Issuing RestoreObject for a job's pending keys: bounded concurrency, a
 * rate limit, backoff, and the answers S3 gives turned into key states.
 *
 * 202 → requested; 200 → already restored (S3 moved the expiry); 409
 * RestoreAlreadyInProgress → in progress. NoSuchKey, AccessDenied,
 * InvalidObjectState and bad-argument answers fail that key with its
 * reason. Throttling, 5xx and dropped connections (after the SDK's own
 * retries) put the key back with a jittered backoff: they never become
 * failures, and when they go on and on the job pauses with the reason.
 * Expired or wrong credentials pause the job at once — they would turn
 * every remaining key into a failure otherwise.
 */
import { RestoreObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { IpcError } from '../../../shared/ipc/result';
import { needsDays, type RestoreTier } from '../../../shared/restore-rules';
import { toIpcError } from '../errors';
import { describeS3Error } from '../s3/describe-error';
import { forEachKey, PLAN_IT_UNCHECKED, type KeyLine } from './key-file';
import { ARCHIVE_KINDS } from './plan';
import type { RateClock, RateLimiter } from './rate';
import { expiryDayOf, failureCode, S_FAILED, S_IN_PROGRESS, S_PENDING, S_REQUESTED, S_RESTORED, type KeyStates } from './state';

/** What one RestoreObject came to. */
export type RestoreAnswer =
  | { kind: 'state'; state: number; fail?: number; expiryMs?: number }
  | { kind: 'retry'; error: IpcError; throttled: boolean }
  | { kind: 'pause'; error: IpcError }
  | { kind: 'aborted' };

const DAY_MS = 86_400_000;

/** Expiry S3 gives a copy restored (or extended) now for `days`: the next midnight UTC after now + days (reference §1.6). */
export function expiryFor(now: number, days: number): number {
  const t = now + days * DAY_MS;
  return Math.ceil(t / DAY_MS) * DAY_MS;
}

/** Sends one RestoreObject and classifies the answer. */
export async function restoreOne(
  client: S3Client,
  bucket: string,
  line: Pick<KeyLine, 'key' | 'kind' | 'plan'>,
  request: { tier: RestoreTier; days?: number },
  signal: AbortSignal,
  now: () => number,
): Promise<RestoreAnswer> {
  const withDays = needsDays(ARCHIVE_KINDS[line.kind]!);
  try {
    const out = await client.send(
      new RestoreObjectCommand({
        Bucket: bucket,
        Key: line.key,
        RestoreRequest: {
          ...(withDays ? { Days: request.days } : {}),
          GlacierJobParameters: { Tier: request.tier },
        },
      }),
      { abortSignal: signal },
    );
    if (out.$metadata.httpStatusCode === 200) {
      return { kind: 'state', state: S_RESTORED, ...(withDays && request.days ? { expiryMs: expiryFor(now(), request.days) } : {}) };
    }
    return { kind: 'state', state: S_REQUESTED };
  } catch (err) {
    const answer = classifyAnswer(err, bucket, line.key, signal);
    // An unchecked Intelligent-Tiering object S3 says is not archived was readable all along.
    if (line.plan === PLAN_IT_UNCHECKED && answer.kind === 'state' && answer.fail === failureCode('InvalidObjectState')) {
      return { kind: 'state', state: S_RESTORED, fail: failureCode('AlreadyReadable') };
    }
    return answer;
  }
}

function classifyAnswer(err: unknown, bucket: string, key: string, signal: AbortSignal): RestoreAnswer {
  const e = (err ?? {}) as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  const name = e.Code ?? e.name ?? '';
  const status = e.$metadata?.httpStatusCode;
  if (signal.aborted || name === 'AbortError') return { kind: 'aborted' };
  if (name === 'RestoreAlreadyInProgress' || status === 409) return { kind: 'state', state: S_IN_PROGRESS };
  if (name === 'ObjectAlreadyInActiveTierError' || name === 'InvalidObjectState') return { kind: 'state', state: S_FAILED, fail: failureCode('InvalidObjectState') };
  if (name === 'InvalidArgument' || name === 'MalformedXML') return { kind: 'state', state: S_FAILED, fail: failureCode('InvalidArgument') };
  if (name === 'GlacierExpeditedRetrievalNotAvailable') {
    return {
      kind: 'pause',
      error: { code: 'Throttled', message: 'S3 has no Expedited capacity right now. Resume later, or cancel and restore with the Standard tier.' },
    };
  }
  const described = toIpcError(describeS3Error(err, { action: 's3:RestoreObject', bucket, key }));
  switch (described.code) {
    case 'NoSuchKey':
      return { kind: 'state', state: S_FAILED, fail: failureCode('NoSuchKey') };
    case 'AccessDenied':
      return { kind: 'state', state: S_FAILED, fail: failureCode('AccessDenied') };
    case 'ExpiredCredentials':
    case 'InvalidCredentials':
    case 'SsoLoginRequired':
      return { kind: 'pause', error: { ...described, message: `${described.message} The job is paused; sign in again, then choose Resume.` } };
    case 'Cancelled':
      return { kind: 'aborted' };
    case 'Throttled':
      return { kind: 'retry', error: described, throttled: true };
    case 'Network':
    case 'EndpointUnreachable':
    case 'Internal':
      return { kind: 'retry', error: described, throttled: false };
    case 'NoSuchBucket':
    case 'WrongRegion':
      return { kind: 'pause', error: described };
    default:
      return status !== undefined && status >= 500 ? { kind: 'retry', error: described, throttled: false } : { kind: 'state', state: S_FAILED, fail: failureCode('Other') };
  }
}

/** What the issuer works with. */
export interface IssueContext {
  client: S3Client;
  bucket: string;
  keyFile: string;
  keys: KeyStates;
  request: { tier: RestoreTier; days?: number };
  rate: RateLimiter;
  concurrency: () => number;
  signal: AbortSignal;
  now: () => number;
  clock: RateClock;
  /** A key's state changed (called in answer order). */
  onChange: (i: number, key: string, answer: Extract<RestoreAnswer, { kind: 'state' }>) => void;
  /** One RestoreObject was sent. */
  onRequest: () => void;
}

/** How issuing ended. */
export type IssueOutcome = { kind: 'done' } | { kind: 'paused'; error: IpcError } | { kind: 'aborted' };

/** Transient failures in a row (no success between) after which the job pauses instead of retrying. */
export const MAX_TRANSIENT_STREAK = 40;

/** Requests every pending key once (retrying transient failures); resolves when none is pending or the job must stop. */
export async function issuePending(ctx: IssueContext): Promise<IssueOutcome> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let pause: IpcError | undefined;
  let streak = 0;
  let inFlight = 0;
  const waiters: Array<() => void> = [];
  const running = new Set<Promise<void>>();

  const slot = async () => {
    while (inFlight >= Math.max(1, ctx.concurrency()) && !stop.signal.aborted) await new Promise<void>((r) => waiters.push(r));
    inFlight++;
  };
  const release = () => {
    inFlight--;
    waiters.shift()?.();
  };
  const stopWith = (error: IpcError) => {
    pause ??= error;
    stop.abort();
    for (const w of waiters.splice(0)) w();
  };

  const track = (p: Promise<void>) => {
    running.add(p);
    void p.finally(() => running.delete(p));
  };

  const send = async (i: number, line: KeyLine, attempt: number) => {
    await slot();
    if (stop.signal.aborted) return release();
    await ctx.rate.take(stop.signal);
    if (stop.signal.aborted) return release();
    track(
      (async () => {
        ctx.onRequest();
        const answer = await restoreOne(ctx.client, ctx.bucket, line, ctx.request, stop.signal, ctx.now);
        release();
        if (answer.kind === 'state') {
          streak = 0;
          ctx.onChange(i, line.key, answer);
        } else if (answer.kind === 'retry') {
          if (answer.throttled) ctx.rate.throttled();
          if (++streak >= MAX_TRANSIENT_STREAK) {
            stopWith({ ...answer.error, message: `${answer.error.message} The job is paused after ${streak} failed attempts in a row; choose Resume to go on.` });
          } else retryLater(i, line, attempt + 1);
        } else if (answer.kind === 'pause') stopWith(answer.error);
      })(),
    );
  };

  const retryLater = (i: number, line: KeyLine, attempt: number) => {
    // Full jitter: 0.5–1.5 × 2^attempt × 250 ms, at most 30 s, so the retries of a burst spread out.
    const wait = Math.min(30_000, 250 * 2 ** Math.min(attempt, 7)) * (0.5 + Math.random());
    track(
      (async () => {
        await ctx.clock.sleep(wait, stop.signal);
        if (!stop.signal.aborted && ctx.keys.state[i] === S_PENDING) await send(i, line, attempt);
      })(),
    );
  };

  try {
    await forEachKey(
      ctx.keyFile,
      async (line, i) => {
        if (ctx.keys.state[i] !== S_PENDING) return true;
        await send(i, line, 0);
        return !stop.signal.aborted;
      },
      { signal: stop.signal },
    );
    while (running.size > 0) await Promise.allSettled([...running]);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
  if (pause) return { kind: 'paused', error: pause };
  if (ctx.signal.aborted) return { kind: 'aborted' };
  return { kind: 'done' };
}

/** The expiry day a `state` answer carries, for the journal. */
export function answerExpiryDay(answer: { expiryMs?: number }): number {
  return expiryDayOf(answer.expiryMs ?? 0);
}
