/** Which transfer failures another try can cure, and how long to wait before it. */
import { classifyFailure, ThawError } from '../errors';

/** S3 error names that a second send of the same request can cure. */
const TRANSIENT_NAMES = new Set(['BadDigest', 'XAmzContentSHA256Mismatch', 'RequestTimeout', 'IncompleteBody']);

/** Throttling, a server error, a broken or timed-out connection: worth another try. */
export function isTransient(err: unknown): boolean {
  if (err instanceof ThawError) return false;
  const f = classifyFailure(err);
  return f.kind === 'throttled' || f.kind === 'server' || f.kind === 'broken' || f.kind === 'timeout' || TRANSIENT_NAMES.has(f.name);
}

/** A jittered exponential wait for try `attempt` (1-based) from `baseMs`, capped at `maxMs`. */
export function backoff(attempt: number, baseMs: number, maxMs = 10_000): number {
  return Math.min(maxMs, baseMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
}
