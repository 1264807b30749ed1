/**
 * One object to one local file: fetched in ranges, written through its
 * `.part` (part-file.ts), verified, then put in place.
 *
 * - **What is fetched.** A small object (up to `rangedAbove`) not begun
 *   yet is one GET (`ChecksumMode: ENABLED`), its headers standing in for
 *   a HEAD; if it breaks off, the rest goes the general way. Otherwise a
 *   HEAD (`ChecksumMode: ENABLED`) gives the size,
 *   the ETag and the stored checksums. Bytes the journal says are in the
 *   part already are kept only when they came from the object with that
 *   same ETag (and the part still holds them); anything else starts over.
 *   What is missing is fetched with one GET up to `rangedAbove` bytes, else
 *   in `rangeSize` ranges, `rangeConcurrency` at a time. Every GET carries
 *   `If-Match` with the HEAD's ETag: an object replaced mid-download answers
 *   412 and the file starts over from a new HEAD (at most `maxRestarts`).
 * - **Faults in the body.** The SDK retries a request until its headers
 *   arrive, not a body that breaks off. Here every body has a stall
 *   watchdog (`stallMs` without a byte aborts it), the bytes are counted
 *   against the range asked for (a short body is a fault, a long one too),
 *   and a broken range continues from its last written byte with a new
 *   `Range`. A range gives up after `maxAttemptsWithoutProgress` tries in a
 *   row that wrote nothing; a try that wrote something resets the count.
 * - **Integrity** (reference §6): the length first; then a full-object
 *   checksum recomputed over the finished part; else a composite checksum
 *   or a multipart ETag recomputed part by part (part sizes from HEAD
 *   `partNumber`); else the MD5 of a plain ETag (not under SSE-KMS or
 *   SSE-C, whose ETags are not MD5s); else `unverified`, never a claim
 *   without a check. A mismatch fetches the file once more from scratch,
 *   then fails it with the reason and keeps nothing.
 * - **Progress.** `onBytes` gets every written byte as it lands (and a
 *   negative delta for bytes thrown away), `onRange` every finished or
 *   interrupted stretch, so the job's journal knows what a resume can keep.
 */
import { GetObjectCommand, HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import type { VerifiedBy } from '../../../shared/ipc/transfers';
import { classifyFailure, ThawError } from '../errors';
import { sleep } from '../objects/answers';
import { describeS3Error } from '../s3/describe-error';
import { CHECKSUM_PREFERENCE, checksumField, hasher, type HashAlgorithm } from './checksum';
import { PartFile, type PartToVerify } from './part-file';
import { backoff, isTransient } from './transient';

/** Knobs of one download (tests lower them). */
export interface DownloadOptions {
  /** Objects above this many bytes are fetched in ranges (default 16 MiB). */
  rangedAbove?: number;
  /** Size of one ranged GET (default 8 MiB). */
  rangeSize?: number;
  /** Ranged GETs of one object in flight (default 4). */
  rangeConcurrency?: number;
  /** A body that sends nothing for this long is cut and resumed (default 20 s). */
  stallMs?: number;
  /** Tries in a row that write nothing before a range gives up (default 5). */
  maxAttemptsWithoutProgress?: number;
  /** First wait between tries (default 250 ms, doubling). */
  retryDelayMs?: number;
  /** Times the object may change under a download before it fails (default 2). */
  maxRestarts?: number;
}

const DEFAULTS: Required<DownloadOptions> = {
  rangedAbove: 16 * 1024 * 1024,
  rangeSize: 8 * 1024 * 1024,
  rangeConcurrency: 4,
  stallMs: 20_000,
  maxAttemptsWithoutProgress: 5,
  retryDelayMs: 250,
  maxRestarts: 2,
};

/** Bytes read back per step when verifying. */
const READ_CHUNK = 1024 * 1024;
/** Body chunks (16–64 KiB each) are gathered into writes of about this size: one write call per MiB, not per chunk. */
const WRITE_BATCH = 1024 * 1024;
/** HEAD `partNumber` calls in flight when a multipart object's part sizes are needed. */
const PART_HEADS_IN_FLIGHT = 8;

export interface DownloadObjectInput {
  client: S3Client;
  bucket: string;
  key: string;
  versionId?: string;
  /** The size the plan listed (the HEAD's is what counts). */
  size: number;
  /** The final local path, its folder existing. */
  target: string;
  jobId: string;
  /** Replace a file at the target (the collision policy decided so). */
  overwrite: boolean;
  /** The file's modification time once placed. */
  mtime?: Date;
  /** Byte ranges [start, end) already in the part, from the object with `committedEtag`. */
  committed: Array<[number, number]>;
  committedEtag?: string;
  signal: AbortSignal;
  onBytes: (delta: number) => void;
  onRange: (start: number, end: number, etag: string) => void;
  onRetry: () => void;
  options?: DownloadOptions;
}

export interface DownloadObjectResult {
  verifiedBy: VerifiedBy | 'unverified';
  size: number;
  etag: string;
}

/** What HEAD (or a whole GET) says about the object that verification needs. */
type ObjectFacts = Pick<
  HeadObjectCommandOutput,
  'ETag' | 'ContentLength' | 'ChecksumCRC32' | 'ChecksumCRC32C' | 'ChecksumCRC64NVME' | 'ChecksumSHA1' | 'ChecksumSHA256' | 'ChecksumType' | 'ServerSideEncryption' | 'SSECustomerAlgorithm'
>;

/** What a verification found wrong. */
class Mismatch extends Error {}
/** The object changed under the download (412, or a size that no longer fits). */
class Changed extends Error {}

/** Downloads one object to `input.target`; see the file comment. */
export async function downloadObject(input: DownloadObjectInput): Promise<DownloadObjectResult> {
  const o = { ...DEFAULTS, ...input.options };
  let counted = total(input.committed);
  let committed = input.committed;
  let committedEtag = input.committedEtag;
  let restarts = 0;
  let mismatches = 0;
  if (input.size <= o.rangedAbove && counted === 0) {
    // A small object not begun: one GET whose headers stand in for the HEAD (half the requests for many small files).
    const first = await firstGet(input, o, (n) => {
      counted += n;
      input.onBytes(n);
    });
    if ('done' in first) return first.done;
    committed = first.have;
    committedEtag = first.etag;
    if (first.mismatch) mismatches++;
    if (first.have.length === 0 && counted > 0) {
      input.onBytes(-counted);
      counted = 0;
    }
    input.onRetry();
  }
  for (;;) {
    checkAborted(input.signal);
    const head = await headOf(input);
    const etag = head.ETag ?? '';
    const size = head.ContentLength ?? 0;
    const keep = committedEtag !== undefined && committedEtag === etag ? committed : [];
    const part = await PartFile.open({ target: input.target, jobId: input.jobId, key: input.key, resume: keep.length > 0 });
    const have = keep.length > 0 ? clip(keep, Math.min(part.size, size)) : [];
    if (total(have) !== counted) {
      input.onBytes(total(have) - counted);
      counted = total(have);
    }
    try {
      await fetchMissing(input, o, part, { etag, size, have }, (n) => {
        counted += n;
        input.onBytes(n);
      });
      let verifiedBy: DownloadObjectResult['verifiedBy'] = 'unverified';
      await part.commit({
        overwrite: input.overwrite,
        ...(input.mtime ? { mtime: input.mtime } : {}),
        verify: async (p) => {
          verifiedBy = await verify(input, head, p);
        },
      });
      return { verifiedBy, size, etag };
    } catch (err) {
      if (err instanceof Changed || err instanceof Mismatch) {
        await part.discard();
        input.onBytes(-counted);
        counted = 0;
        committed = [];
        committedEtag = undefined;
        if (err instanceof Changed && ++restarts > o.maxRestarts) {
          throw new ThawError('InvalidObjectState', `s3://${input.bucket}/${input.key} changed ${restarts} times while it downloaded; nothing was kept.`, { key: input.key });
        }
        if (err instanceof Mismatch && ++mismatches > 1) {
          throw new ThawError('Network', `s3://${input.bucket}/${input.key} arrived with ${err.message} twice; nothing was kept.`, { key: input.key });
        }
        input.onRetry();
        continue;
      }
      await part.close();
      if (input.signal.aborted) throw cancelled(input);
      throw err;
    }
  }
}

/**
 * The first GET of a small object, into a new part. Done: placed and
 * verified. Broken off: what the part holds (for the HEAD-and-range path
 * to continue from), or nothing when the bytes are not to be trusted.
 */
async function firstGet(
  input: DownloadObjectInput,
  o: Required<DownloadOptions>,
  moved: (n: number) => void,
): Promise<{ done: DownloadObjectResult } | { have: Array<[number, number]>; etag?: string; mismatch?: boolean }> {
  const part = await PartFile.open({ target: input.target, jobId: input.jobId, key: input.key, resume: false });
  let facts: ObjectFacts;
  try {
    facts = await fetchOnce(input, o, part, { etag: '', size: input.size }, [0, input.size], input.signal, moved);
  } catch (err) {
    const { cause, wrote, etag } = err instanceof Interrupted ? err : new Interrupted(err, 0);
    if (input.signal.aborted) {
      await part.close();
      if (wrote > 0 && etag) input.onRange(0, wrote, etag);
      throw cancelled(input);
    }
    const transient = cause instanceof BodyFault || isTransient(cause);
    if (!transient || inTransitMismatch(cause)) {
      await part.discard();
      if (inTransitMismatch(cause)) return { have: [], mismatch: true };
      throw cause instanceof ThawError ? cause : describeS3Error(cause, { action: 's3:GetObject', bucket: input.bucket, key: input.key });
    }
    await part.close();
    if (wrote === 0 || !etag) return { have: [] };
    input.onRange(0, wrote, etag);
    return { have: [[0, wrote]], etag };
  }
  let verifiedBy: DownloadObjectResult['verifiedBy'] = 'unverified';
  try {
    await part.commit({
      overwrite: input.overwrite,
      ...(input.mtime ? { mtime: input.mtime } : {}),
      verify: async (p) => {
        verifiedBy = await verify(input, facts, p);
      },
    });
  } catch (err) {
    if (!(err instanceof Mismatch)) throw err;
    await part.discard();
    return { have: [], mismatch: true };
  }
  return { done: { verifiedBy, size: facts.ContentLength ?? 0, etag: facts.ETag ?? '' } };
}

/** HEAD with the stored checksums; failures as sentences. */
async function headOf(input: DownloadObjectInput, partNumber?: number): Promise<HeadObjectCommandOutput> {
  try {
    return await input.client.send(
      new HeadObjectCommand({
        Bucket: input.bucket,
        Key: input.key,
        ...(input.versionId ? { VersionId: input.versionId } : {}),
        ...(partNumber ? { PartNumber: partNumber } : { ChecksumMode: 'ENABLED' }),
      }),
      { abortSignal: input.signal },
    );
  } catch (err) {
    if (input.signal.aborted) throw cancelled(input);
    throw describeS3Error(err, { action: 's3:GetObject', bucket: input.bucket, key: input.key });
  }
}

interface Current {
  etag: string;
  size: number;
  /** Sorted, disjoint ranges already in the part. */
  have: Array<[number, number]>;
}

/** Fetches every byte of [0, size) not in `have`, in chunks, some at once. */
async function fetchMissing(input: DownloadObjectInput, o: Required<DownloadOptions>, part: PartFile, cur: Current, moved: (n: number) => void): Promise<void> {
  const chunks: Array<[number, number]> = [];
  const step = cur.size > o.rangedAbove ? o.rangeSize : Number.POSITIVE_INFINITY;
  for (const [start, end] of gaps(cur.have, cur.size)) {
    for (let s = start; s < end; s += step) chunks.push([s, Math.min(end, s + step)]);
  }
  let next = 0;
  let failure: unknown;
  const inner = new AbortController();
  const stop = () => inner.abort(input.signal.reason);
  input.signal.addEventListener('abort', stop, { once: true });
  const worker = async () => {
    while (failure === undefined && !inner.signal.aborted && next < chunks.length) {
      const chunk = chunks[next++]!;
      try {
        await fetchChunk(input, o, part, cur, chunk, inner.signal, moved);
      } catch (err) {
        failure ??= err;
        inner.abort(err);
      }
    }
  };
  if (input.signal.aborted) stop();
  try {
    await Promise.all(Array.from({ length: Math.min(o.rangeConcurrency, chunks.length) }, worker));
  } finally {
    input.signal.removeEventListener('abort', stop);
  }
  if (failure !== undefined) throw failure;
  if (input.signal.aborted) throw cancelled(input);
}

/** One chunk [start, end), resumed from its last written byte until it is whole or gives up. */
async function fetchChunk(
  input: DownloadObjectInput,
  o: Required<DownloadOptions>,
  part: PartFile,
  cur: Current,
  [start, end]: [number, number],
  signal: AbortSignal,
  moved: (n: number) => void,
): Promise<void> {
  let idle = 0;
  for (let pos = start; pos < end; ) {
    const from = pos;
    try {
      await fetchOnce(input, o, part, cur, [from, end], signal, moved);
      pos = end;
      input.onRange(from, end, cur.etag);
      continue;
    } catch (err) {
      const cause = err instanceof Interrupted ? err.cause : err;
      const wrote = err instanceof Interrupted ? err.wrote : 0;
      pos = from + wrote;
      if (wrote > 0) input.onRange(from, pos, cur.etag);
      if (signal.aborted) throw input.signal.aborted ? cancelled(input) : signal.reason;
      if (cause instanceof Changed || cause instanceof Mismatch) throw cause;
      if (isPrecondition(cause)) throw new Changed();
      const transit = inTransitMismatch(cause);
      if (transit) throw new Mismatch(transit);
      if (!(cause instanceof BodyFault) && !isTransient(cause)) {
        throw cause instanceof ThawError ? cause : describeS3Error(cause, { action: 's3:GetObject', bucket: input.bucket, key: input.key });
      }
      idle = wrote > 0 ? 1 : idle + 1;
      if (idle >= o.maxAttemptsWithoutProgress) {
        const why = cause instanceof BodyFault ? cause.message : classifyFailure(cause).kind;
        throw new ThawError('Network', `s3://${input.bucket}/${input.key} stopped arriving: ${idle} tries in a row got no bytes (last: ${why}).`, { key: input.key });
      }
      input.onRetry();
      await sleep(backoff(idle, o.retryDelayMs), signal);
    }
  }
}

/** A body that broke the rules: it stalled, ended short or ran long. */
class BodyFault extends Error {}

/** A GET that failed after writing `wrote` bytes. */
class Interrupted extends Error {
  constructor(
    override readonly cause: unknown,
    readonly wrote: number,
    /** The ETag of the answer, when its headers arrived. */
    readonly etag?: string,
  ) {
    super('interrupted');
  }
}

/**
 * One GET for [from, end): writes what arrives as it arrives; a failure is
 * an `Interrupted`. Without an ETag to match (`cur.etag` empty) it is the
 * first GET of a small object: no Range, the stored checksums asked for,
 * the length taken from the answer, whose headers are returned.
 */
async function fetchOnce(
  input: DownloadObjectInput,
  o: Required<DownloadOptions>,
  part: PartFile,
  cur: Pick<Current, 'etag' | 'size'>,
  [from, end]: [number, number],
  signal: AbortSignal,
  moved: (n: number) => void,
): Promise<ObjectFacts> {
  const request = new AbortController();
  const cut = () => request.abort(signal.reason);
  if (signal.aborted) throw new Interrupted(signal.reason, 0);
  signal.addEventListener('abort', cut, { once: true });
  const stall = new BodyFault(`no bytes for ${Math.round(o.stallMs / 1000)} s`);
  let wrote = 0;
  let etag: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  /** Writes what has been gathered; only written bytes count as `wrote`. */
  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    const n = pendingBytes;
    pending = [];
    pendingBytes = 0;
    await part.write(from + wrote, data);
    wrote += n;
    moved(n);
  };
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => request.abort(stall), o.stallMs);
  };
  try {
    arm();
    const first = cur.etag === '';
    const whole = first || (from === 0 && end === cur.size);
    const out = await input.client.send(
      new GetObjectCommand({
        Bucket: input.bucket,
        Key: input.key,
        ...(input.versionId ? { VersionId: input.versionId } : {}),
        ...(first ? { ChecksumMode: 'ENABLED' } : { IfMatch: cur.etag }),
        ...(whole ? {} : { Range: `bytes=${from}-${end - 1}` }),
      }),
      { abortSignal: request.signal },
    );
    etag = out.ETag;
    const body = out.Body as (AsyncIterable<Uint8Array> & { destroy?: (e?: Error) => void }) | undefined;
    if (!body) throw new BodyFault('an answer without a body');
    const destroy = () => body.destroy?.(stall);
    if (request.signal.aborted) destroy();
    request.signal.addEventListener('abort', destroy, { once: true });
    const expected = first ? (out.ContentLength ?? 0) : end - from;
    if (!first && out.ContentLength !== undefined && out.ContentLength !== expected) {
      body.destroy?.();
      // A whole-object GET whose length differs from the HEAD's: the object changed in between.
      throw whole ? new Changed() : new BodyFault(`${out.ContentLength} bytes announced for a range of ${expected}`);
    }
    for await (const chunk of body) {
      arm();
      if (wrote + pendingBytes + chunk.byteLength > expected) {
        body.destroy?.();
        throw new BodyFault(`more bytes than the ${expected} asked for`);
      }
      pending.push(chunk);
      pendingBytes += chunk.byteLength;
      if (pendingBytes >= WRITE_BATCH) await flush();
    }
    await flush();
    if (wrote < expected) throw new BodyFault(`the body ended after ${wrote} of ${expected} bytes`);
    return out;
  } catch (err) {
    // Bytes that arrived before the break are kept for the resume; a failing write (the disk) is the error to report.
    const cause = await flush().then(
      () => err,
      (writeErr: unknown) => writeErr,
    );
    throw new Interrupted(request.signal.reason === stall ? stall : cause, wrote, etag);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', cut);
  }
}

/**
 * The SDK checks a whole-object GET against the checksum S3 sends with it
 * and throws a plain Error when they differ: that is a mismatch too.
 */
function inTransitMismatch(err: unknown): string | undefined {
  const text = err instanceof Error ? err.message : '';
  if (!/checksum mismatch/i.test(text)) return undefined;
  // Which of the two values is the stored one depends on the SDK's code path; the header names the algorithm.
  const m = /in response header "x-amz-checksum-([a-z0-9]+)"/i.exec(text);
  return `${m ? `a ${m[1]!.toUpperCase()} checksum` : 'a checksum'} that did not match the one S3 stored`;
}

function isPrecondition(err: unknown): boolean {
  const f = classifyFailure(err);
  return f.status === 412 || f.name === 'PreconditionFailed';
}

/** Checks the finished part against what S3 says about the object. */
async function verify(input: DownloadObjectInput, head: ObjectFacts, part: PartToVerify): Promise<DownloadObjectResult['verifiedBy']> {
  const size = head.ContentLength ?? 0;
  if (part.size !== size) throw new Mismatch(`${part.size} bytes instead of ${size}`);
  const composite = head.ChecksumType === 'COMPOSITE';
  for (const alg of CHECKSUM_PREFERENCE) {
    const value = head[checksumField(alg)];
    if (!value) continue;
    const [digest, count] = value.split('-');
    if (!composite && count === undefined) {
      const got = (await hashRange(part, alg, 0, size)).toString('base64');
      if (got !== digest) throw new Mismatch(`a ${alg} checksum of ${got} instead of ${digest}`);
      return alg;
    }
    if (count !== undefined && /^\d+$/.test(count)) return verifyParts(input, part, alg, digest!, Number(count), 'base64');
  }
  const encrypted = head.ServerSideEncryption === 'aws:kms' || head.ServerSideEncryption === 'aws:kms:dsse' || head.SSECustomerAlgorithm !== undefined;
  const etag = (head.ETag ?? '').replace(/"/g, '').toLowerCase();
  if (encrypted || !/^[0-9a-f]{32}(-\d+)?$/.test(etag)) return 'unverified';
  const [md5, count] = etag.split('-');
  if (count !== undefined) return verifyParts(input, part, 'MD5', md5!, Number(count), 'hex');
  const got = (await hashRange(part, 'MD5', 0, size)).toString('hex');
  if (got !== md5) throw new Mismatch(`an MD5 of ${got} instead of the ETag's ${md5}`);
  return 'MD5';
}

/**
 * A composite value (`digest-N`): the hash of the parts' concatenated
 * digests. Part sizes are taken as uniform from part 1's (every tool Thaw
 * knows uploads that way); when that does not fit or does not match, each
 * part's size is asked for and the check runs once more.
 */
async function verifyParts(
  input: DownloadObjectInput,
  part: PartToVerify,
  alg: HashAlgorithm,
  expected: string,
  count: number,
  encoding: 'base64' | 'hex',
): Promise<'parts'> {
  if (!(count >= 1 && count <= 10_000)) throw new Mismatch(`a part count of ${count}`);
  const first = count === 1 ? part.size : ((await headOf(input, 1)).ContentLength ?? 0);
  const last = part.size - first * (count - 1);
  const tries: Array<() => Promise<number[]>> = [];
  if (first > 0 && last > 0 && last <= first) tries.push(async () => [...Array<number>(count - 1).fill(first), last]);
  tries.push(async () => partSizes(input, count));
  let got = '';
  for (const sizes of tries) {
    const list = await sizes();
    if (list.reduce((n, s) => n + s, 0) !== part.size) continue;
    const outer = hasher(alg);
    let at = 0;
    for (const s of list) {
      outer.update(await hashRange(part, alg, at, at + s));
      at += s;
    }
    got = (await outer.digest()).toString(encoding);
    if (got === expected) return 'parts';
  }
  throw new Mismatch(`a ${alg} of its ${count} parts of ${got || 'sizes that do not add up'} instead of ${expected}`);
}

/** Each part's size, from HEAD `partNumber`, a few at once. */
async function partSizes(input: DownloadObjectInput, count: number): Promise<number[]> {
  const sizes = new Array<number>(count).fill(0);
  let next = 1;
  await Promise.all(
    Array.from({ length: Math.min(PART_HEADS_IN_FLIGHT, count) }, async () => {
      while (next <= count) {
        const n = next++;
        sizes[n - 1] = (await headOf(input, n)).ContentLength ?? 0;
      }
    }),
  );
  return sizes;
}

/** The digest of the part's bytes [start, end), read back from disk. */
async function hashRange(part: PartToVerify, alg: HashAlgorithm, start: number, end: number): Promise<Buffer> {
  const h = hasher(alg);
  const buf = Buffer.allocUnsafe(Math.min(READ_CHUNK, Math.max(1, end - start)));
  for (let at = start; at < end; ) {
    const { bytesRead } = await part.handle.read(buf, 0, Math.min(buf.length, end - at), at);
    if (bytesRead <= 0) throw new Mismatch(`a file that ends at ${at} bytes`);
    h.update(buf.subarray(0, bytesRead));
    at += bytesRead;
  }
  return h.digest();
}

/** Ranges of [0, size) not covered by the sorted, disjoint `have`. */
export function gaps(have: ReadonlyArray<readonly [number, number]>, size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let at = 0;
  for (const [s, e] of have) {
    if (s > at) out.push([at, Math.min(s, size)]);
    at = Math.max(at, e);
  }
  if (at < size) out.push([at, size]);
  return out.filter(([s, e]) => e > s);
}

/** `ranges` cut to [0, limit), sorted and merged. */
function clip(ranges: ReadonlyArray<readonly [number, number]>, limit: number): Array<[number, number]> {
  const sorted = ranges
    .map(([s, e]): [number, number] => [Math.max(0, s), Math.min(e, limit)])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const r of sorted) {
    const prev = out[out.length - 1];
    if (prev && r[0] <= prev[1]) prev[1] = Math.max(prev[1], r[1]);
    else out.push(r);
  }
  return out;
}

function total(ranges: ReadonlyArray<readonly [number, number]>): number {
  return ranges.reduce((n, [s, e]) => n + e - s, 0);
}

function checkAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new ThawError('Cancelled', 'Cancelled.');
}

function cancelled(input: DownloadObjectInput): ThawError {
  return new ThawError('Cancelled', `The download of s3://${input.bucket}/${input.key} was stopped; what arrived is kept for a resume.`, { key: input.key });
}
