/**
 * Uploading one local file: a single PutObject up to `multipartAbove`
 * (64 MiB), Thaw's own multipart upload above it, resumable from the
 * caller's journal.
 *
 * `@aws-sdk/lib-storage` cannot continue an interrupted multipart upload,
 * so this drives the SDK's commands itself:
 *
 * - **Parts.** `choosePartSize` keeps every part ≥ 8 MiB, whole MiB, ≤ 5 GiB
 *   and the count ≤ 10,000. Each of up to `partConcurrency` workers owns one
 *   part-sized buffer and reads its part into it with positional reads of
 *   one FileHandle, so memory is partSize × workers (capped at 512 MiB a
 *   file by lowering the worker count for huge parts); a single PUT holds
 *   the whole file (≤ `multipartAbove`).
 * - **Checksums.** Thaw computes the checksum (default CRC32) of every
 *   part and single PUT itself and sends it (`ChecksumCRC32` + the
 *   algorithm; `ChecksumAlgorithm` on CreateMultipartUpload; every part's in
 *   CompleteMultipartUpload), so S3 rejects corrupted bytes whatever the
 *   connection's "when required" setting makes the SDK do (the SDK adds
 *   nothing when a checksum header is already there). CRC64NVME multipart
 *   uploads are created as FULL_OBJECT, the only type S3 allows for it.
 *   The checksum S3 echoes is compared; when an endpoint echoes none, the
 *   part's ETag is compared with its MD5, and `verifiedBy` says the weakest
 *   check any part got.
 * - **Retries.** Each request gets up to 4 tries of Thaw's own on transient
 *   failures (throttling, 5xx, connection resets, timeouts, BadDigest), with
 *   jittered exponential backoff, on top of the SDK's own retries.
 * - **Pause and cancel.** `signal` aborts the requests in flight and ends the
 *   call with a `Cancelled` ThawError; the multipart upload is kept (pause
 *   resumes it; to cancel, the caller then calls `abortUpload`).
 * - **Resume.** With `resume.uploadId`, ListParts (all pages) says what is
 *   there; a part is reused when its size is the one expected at its number
 *   and its checksum (or else MD5 ETag) matches the local bytes, which are
 *   read for that (reading is cheap next to sending). Anything else is sent
 *   again. An upload that no longer exists (aborted, expired by a lifecycle
 *   rule) is started afresh: `onUploadOpened` reports the new id.
 * - **A file that changes.** The file must be what the plan saw (size and
 *   mtime) when it is opened, after every part read (fstat) and just before
 *   CompleteMultipartUpload (fstat, and a stat of the path: replaced or
 *   deleted counts). Otherwise the call fails with an `InvalidInput`
 *   ThawError, "the file changed while it was uploaded", details
 *   `{ reason: 'file-changed' }`; a multipart upload is then **aborted here**
 *   (its parts are a mix nobody can use; `uploadAborted` in the details says
 *   whether that worked). A single PUT is checked after the read, before it
 *   is sent, so a changed file never becomes an object.
 * - **Other failures** (S3 errors after the retries, read errors) keep the
 *   multipart upload for a later resume; `details.uploadId` names it.
 */
import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
  type StorageClass,
} from '@aws-sdk/client-s3';
import { ThawError } from '../errors';
import { sleep } from '../objects/answers';
import { describeS3Error, type S3Action } from '../s3/describe-error';
import { contentTypeOf } from './content-type';
import { localFileError } from './local-path';
import { checksumField, checksumOf, type UploadChecksumAlgorithm } from './checksum';
import { backoff, isTransient } from './transient';

export { contentTypeOf } from './content-type';
export type { UploadChecksumAlgorithm } from './checksum';

const MiB = 1024 ** 2;
/** Thaw's smallest part (S3 allows 5 MiB; fewer, larger requests are faster). */
export const MIN_PART_SIZE = 8 * MiB;
/** S3's smallest part but the last; the floor of `options.minPartSize`. */
export const S3_MIN_PART_SIZE = 5 * MiB;
/** S3's largest part. */
export const MAX_PART_SIZE = 5 * 1024 ** 3;
/** S3's part-count limit. */
export const MAX_PARTS = 10_000;
/** S3's largest object: 5 TiB. */
export const MAX_OBJECT_SIZE = 5 * 1024 ** 4;
/** Files above this size go multipart. */
export const DEFAULT_MULTIPART_ABOVE = 64 * MiB;
/** Parts in flight per file. */
export const DEFAULT_PART_CONCURRENCY = 8;
/** Part buffers of one file never add up to more than this (fewer workers for huge parts). */
export const MAX_BUFFER_BYTES = 512 * MiB;
/** Tries per request on transient failures, first one included (each also retried inside the SDK). */
export const REQUEST_TRIES = 4;
const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 8_000;

/** Verification strength, weakest first. */
type Verification = UploadFileResult['verifiedBy'];

export interface UploadFileInput {
  client: S3Client;
  bucket: string;
  key: string;
  /** Absolute local file. */
  path: string;
  /** What the plan saw; a file that differs at the start, during or at the end fails the upload. */
  size: number;
  mtimeMs: number;
  storageClass?: string;
  /** Default: from the key's extension (`contentTypeOf`). */
  contentType?: string;
  metadata?: Record<string, string>;
  /** Default CRC32 (native in node:zlib, several times faster than the others). A resumed upload keeps the algorithm it was created with. */
  checksumAlgorithm?: UploadChecksumAlgorithm;
  /** Continue this multipart upload; `partSize` as `onUploadOpened` reported it (inferred from the parts when absent). */
  resume?: { uploadId: string; partSize?: number };
  /** Pause or cancel: stops promptly, keeps the multipart upload. */
  signal: AbortSignal;
  /** Called once the multipart upload exists (also on resume), before any part is sent: journal it. */
  onUploadOpened(uploadId: string, partSize: number): void;
  /** Bytes of the file now on S3 (reused parts of a resume included), after each part or PUT. */
  onBytes(delta: number): void;
  /** A part is on S3 (sent now, or reused on resume). */
  onPart?(partNumber: number): void;
  options?: {
    /** Multipart above this many bytes (default 64 MiB). */
    multipartAbove?: number;
    /** Parts in flight (default 8). */
    partConcurrency?: number;
    /** Smallest part (default 8 MiB, never below S3's 5 MiB). */
    minPartSize?: number;
    /** Base of the retry backoff in ms (default 250). */
    retryBaseMs?: number;
  };
}

export interface UploadFileResult {
  etag: string;
  versionId?: string;
  /** The weakest check any part (or the PUT) got: S3 verified this checksum, or the ETag was the MD5, or only the size is known to match. */
  verifiedBy: 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA256' | 'MD5' | 'size';
  /** Parts of the object (1 for a single PUT, 0 for an empty file). */
  parts: number;
  /** Parts found on S3 and reused by a resume (0 otherwise). */
  resumedParts: number;
  /** The multipart upload id, when one was used. */
  uploadId?: string;
}

/**
 * The part size for `size` bytes: at least `min` (default 8 MiB, never below
 * S3's 5 MiB), whole MiB, at most 5 GiB, and no more than 10,000 parts.
 * Throws an `InvalidInput` ThawError above S3's 5 TiB object limit.
 */
export function choosePartSize(size: number, min = MIN_PART_SIZE): number {
  if (!Number.isSafeInteger(size) || size < 0) throw new ThawError('InvalidInput', `${size} is not a file size.`);
  if (size > MAX_OBJECT_SIZE) {
    throw new ThawError('InvalidInput', `The file is ${formatBytes(size)}; S3 stores objects of at most 5 TiB, so it cannot be uploaded as one object.`, {
      size,
      maxSize: MAX_OBJECT_SIZE,
    });
  }
  const floor = Math.min(MAX_PART_SIZE, Math.max(S3_MIN_PART_SIZE, Math.ceil(min / MiB) * MiB));
  const needed = Math.ceil(size / MAX_PARTS / MiB) * MiB;
  return Math.min(MAX_PART_SIZE, Math.max(floor, needed));
}

/** Cancels a multipart upload (its parts are deleted). One that no longer exists is fine. */
export async function abortUpload(client: S3Client, bucket: string, key: string, uploadId: string): Promise<void> {
  try {
    await withRetries(() => client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })), undefined, BACKOFF_BASE_MS);
  } catch (err) {
    if (isNoSuchUpload(err)) return;
    throw describeS3Error(err, { action: 's3:AbortMultipartUpload', bucket, key });
  }
}

/** Uploads one file; see the module comment for what it guarantees. */
export async function uploadFile(input: UploadFileInput): Promise<UploadFileResult> {
  if (input.signal.aborted) throw cancelled();
  const file = await openSource(input);
  try {
    const multipartAbove = input.options?.multipartAbove ?? DEFAULT_MULTIPART_ABOVE;
    if (input.size <= multipartAbove && !input.resume) return await putSingle(input, file);
    return await multipart(input, file);
  } finally {
    await file.handle.close().catch(() => undefined);
  }
}

// ---------------------------------------------------------------- the file

interface Source {
  handle: FileHandle;
  ino: number;
  dev: number;
}

async function openSource(input: UploadFileInput): Promise<Source> {
  const { path } = input;
  let info: Stats;
  try {
    info = await stat(path);
  } catch (err) {
    throw localFileError(err, 'read', path);
  }
  if (!info.isFile()) {
    throw new ThawError('InvalidInput', `Could not upload ${path}: it is ${info.isDirectory() ? 'a folder' : 'not a regular file'}, and only files can be uploaded.`, { path });
  }
  if (info.size !== input.size || info.mtimeMs !== input.mtimeMs) throw fileChanged(input, 'it is not what was planned: its size or modification time differs');
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw localFileError(err, 'read', path);
  }
  const source = { handle, ino: info.ino, dev: info.dev };
  try {
    const opened = await handle.stat();
    if (opened.ino !== info.ino || opened.dev !== info.dev) throw fileChanged(input, 'it was replaced as it was opened');
    assertSame(input, opened);
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
  return source;
}

function assertSame(input: UploadFileInput, now: Stats): void {
  if (now.size !== input.size) throw fileChanged(input, `its size went from ${input.size} to ${now.size} bytes`);
  if (now.mtimeMs !== input.mtimeMs) throw fileChanged(input, 'it was modified');
}

/** The open file still matches the plan. */
async function checkOpenFile(input: UploadFileInput, file: Source): Promise<void> {
  let now: Stats;
  try {
    now = await file.handle.stat();
  } catch (err) {
    throw localFileError(err, 'read', input.path);
  }
  assertSame(input, now);
}

/** The path still names the same, unchanged file (not replaced, not deleted). */
async function checkPath(input: UploadFileInput, file: Source): Promise<void> {
  let now: Stats;
  try {
    now = await stat(input.path);
  } catch (err) {
    const sys = (err as NodeJS.ErrnoException).code;
    if (sys === 'ENOENT' || sys === 'ENOTDIR') throw fileChanged(input, 'it was deleted or moved');
    throw localFileError(err, 'read', input.path);
  }
  if (now.ino !== file.ino || now.dev !== file.dev) throw fileChanged(input, 'another file was put in its place');
  assertSame(input, now);
}

/** Reads exactly `length` bytes at `position` into `buf`; a short read means the file shrank. */
async function readExactly(input: UploadFileInput, file: Source, buf: Buffer, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    let n: number;
    try {
      ({ bytesRead: n } = await file.handle.read(buf, done, length - done, position + done));
    } catch (err) {
      throw localFileError(err, 'read', input.path);
    }
    if (n === 0) throw fileChanged(input, 'it became shorter');
    done += n;
  }
}

function fileChanged(input: UploadFileInput, what: string): ThawError {
  return new ThawError('InvalidInput', `${input.path}: the file changed while it was uploaded (${what}), so it was not uploaded. Upload it again.`, {
    reason: 'file-changed',
    path: input.path,
  });
}

function isFileChanged(err: unknown): err is ThawError {
  return err instanceof ThawError && err.details?.reason === 'file-changed';
}

// ---------------------------------------------------------------- single PUT

async function putSingle(input: UploadFileInput, file: Source): Promise<UploadFileResult> {
  const alg = input.checksumAlgorithm ?? 'CRC32';
  const field = checksumField(alg);
  const body = Buffer.allocUnsafe(input.size);
  await readExactly(input, file, body, input.size, 0);
  await checkOpenFile(input, file);
  await checkPath(input, file);
  if (input.signal.aborted) throw cancelled();
  const sum = await checksumOf(alg, body);
  let out;
  try {
    out = await withRetries(
      () =>
        input.client.send(
          new PutObjectCommand({
            Bucket: input.bucket,
            Key: input.key,
            Body: body,
            ContentLength: input.size,
            ChecksumAlgorithm: alg,
            [field]: sum,
            ...objectHeaders(input),
          }),
          { abortSignal: input.signal },
        ),
      input.signal,
      retryBase(input),
    );
  } catch (err) {
    throw failure(input, err, 's3:PutObject');
  }
  const verifiedBy = verification(alg, sum, out[field], out.ETag, body);
  input.onBytes(input.size);
  return { etag: out.ETag ?? '', ...(out.VersionId ? { versionId: out.VersionId } : {}), verifiedBy, parts: input.size > 0 ? 1 : 0, resumedParts: 0 };
}

function objectHeaders(input: UploadFileInput) {
  return {
    ContentType: input.contentType ?? contentTypeOf(input.key),
    ...(input.storageClass ? { StorageClass: input.storageClass as StorageClass } : {}),
    ...(input.metadata && Object.keys(input.metadata).length > 0 ? { Metadata: input.metadata } : {}),
  };
}

/** How a request's bytes were verified: S3 echoed our checksum, or the ETag is the MD5, or nothing. */
function verification(alg: UploadChecksumAlgorithm, sent: string, echoed: string | undefined, etag: string | undefined, body: Uint8Array): Verification {
  if (echoed !== undefined && echoed !== '') {
    if (echoed !== sent) throw new ThawError('Internal', `The endpoint answered a different ${alg} than the one of the bytes sent; the upload was not trusted.`, { sent, echoed });
    return alg;
  }
  const plain = unquote(etag ?? '');
  if (/^[0-9a-f]{32}$/.test(plain) && plain === createHash('md5').update(body).digest('hex')) return 'MD5';
  return 'size';
}

const STRENGTH: Record<Verification, number> = { size: 0, MD5: 1, CRC32: 2, CRC32C: 2, CRC64NVME: 2, SHA256: 2 };

function weakest(a: Verification, b: Verification): Verification {
  return STRENGTH[b] < STRENGTH[a] ? b : a;
}

// ---------------------------------------------------------------- multipart

interface PartDone {
  partNumber: number;
  etag: string;
  checksum?: string;
}

interface ListedPart {
  partNumber: number;
  size: number;
  etag: string;
  checksum?: string;
}

async function multipart(input: UploadFileInput, file: Source): Promise<UploadFileResult> {
  const { client, bucket, key, size, signal } = input;
  const minPart = Math.max(S3_MIN_PART_SIZE, input.options?.minPartSize ?? MIN_PART_SIZE);
  let alg: UploadChecksumAlgorithm = input.checksumAlgorithm ?? 'CRC32';
  let uploadId: string | undefined;
  let partSize = 0;
  let listed = new Map<number, ListedPart>();

  if (input.resume) {
    const found = await listUploadParts(input, input.resume.uploadId, alg);
    if (found) {
      uploadId = input.resume.uploadId;
      if (found.algorithm) alg = found.algorithm;
      listed = new Map(found.parts.map((p) => [p.partNumber, p]));
      partSize = input.resume.partSize ?? inferPartSize(found.parts, size) ?? choosePartSize(size, minPart);
      if (!validPartSize(partSize, size)) throw new ThawError('InvalidInput', `The journaled part size ${partSize} does not fit a file of ${size} bytes.`, { partSize, size });
    }
  }
  if (!uploadId) {
    partSize = choosePartSize(size, minPart);
    if (signal.aborted) throw cancelled();
    try {
      const out = await withRetries(
        () =>
          client.send(
            new CreateMultipartUploadCommand({
              Bucket: bucket,
              Key: key,
              ChecksumAlgorithm: alg,
              ...(alg === 'CRC64NVME' ? { ChecksumType: 'FULL_OBJECT' as const } : {}),
              ...objectHeaders(input),
            }),
            { abortSignal: signal },
          ),
        signal,
        retryBase(input),
      );
      if (!out.UploadId) throw new ThawError('Internal', 'The endpoint did not return an upload id for the multipart upload.');
      uploadId = out.UploadId;
    } catch (err) {
      throw failure(input, err, 's3:PutObject');
    }
  }
  input.onUploadOpened(uploadId, partSize);

  const count = Math.max(1, Math.ceil(size / partSize));
  const lengthOf = (n: number) => (n < count ? partSize : size - (count - 1) * partSize);
  const done: PartDone[] = [];
  let verifiedBy: Verification = alg;
  let resumedParts = 0;
  const field = checksumField(alg);

  // Parts in flight stop when the caller aborts or when any part fails.
  const stop = new AbortController();
  setMaxListeners(0, stop.signal);
  const onAbort = () => stop.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let firstError: unknown;
  let next = 1;

  const doPart = async (n: number, buf: Buffer): Promise<void> => {
    const length = lengthOf(n);
    const body = buf.subarray(0, length);
    await readExactly(input, file, body, length, (n - 1) * partSize);
    await checkOpenFile(input, file);
    if (stop.signal.aborted) return;
    const sum = await checksumOf(alg, body);
    const have = listed.get(n);
    if (have && have.size === length) {
      const reuse = have.checksum !== undefined ? (have.checksum === sum ? alg : undefined) : etagMatches(have.etag, body) ? 'MD5' : undefined;
      if (reuse) {
        done.push({ partNumber: n, etag: have.etag, checksum: sum });
        verifiedBy = weakest(verifiedBy, reuse);
        resumedParts++;
        input.onBytes(length);
        input.onPart?.(n);
        return;
      }
    }
    let out;
    try {
      out = await withRetries(
        () =>
          client.send(
            new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: n, Body: body, ContentLength: length, ChecksumAlgorithm: alg, [field]: sum }),
            { abortSignal: stop.signal },
          ),
        stop.signal,
        retryBase(input),
      );
    } catch (err) {
      throw failure(input, err, 's3:PutObject', uploadId);
    }
    if (!out.ETag) throw new ThawError('Internal', `The endpoint did not return an ETag for part ${n}.`, { uploadId: uploadId ?? '' });
    verifiedBy = weakest(verifiedBy, verification(alg, sum, out[field], out.ETag, body));
    done.push({ partNumber: n, etag: out.ETag, checksum: sum });
    input.onBytes(length);
    input.onPart?.(n);
  };

  const workers = Math.max(1, Math.min(input.options?.partConcurrency ?? DEFAULT_PART_CONCURRENCY, count, Math.floor(MAX_BUFFER_BYTES / partSize)));
  const worker = async () => {
    let buf: Buffer | undefined;
    while (!stop.signal.aborted && next <= count) {
      const n = next++;
      buf ??= Buffer.allocUnsafe(Math.min(partSize, size));
      try {
        await doPart(n, buf);
      } catch (err) {
        if (!stop.signal.aborted) {
          firstError = err;
          stop.abort(err);
        }
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    signal.removeEventListener('abort', onAbort);
  }

  if (signal.aborted) throw cancelled(uploadId);
  if (firstError === undefined) {
    try {
      await checkOpenFile(input, file);
      await checkPath(input, file);
    } catch (err) {
      firstError = err;
    }
  }
  if (firstError !== undefined) {
    if (isFileChanged(firstError)) {
      const aborted = await abortUpload(client, bucket, key, uploadId).then(
        () => true,
        () => false,
      );
      throw new ThawError(firstError.code, firstError.message, { ...firstError.details, uploadId, uploadAborted: aborted });
    }
    throw withUploadId(firstError, uploadId);
  }

  done.sort((a, b) => a.partNumber - b.partNumber);
  const parts: CompletedPart[] = done.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag, ...(p.checksum ? { [field]: p.checksum } : {}) }));
  const out = await completeUpload(input, uploadId, parts, alg);
  return { etag: out.etag, ...(out.versionId ? { versionId: out.versionId } : {}), verifiedBy, parts: count, resumedParts, uploadId };
}

async function completeUpload(input: UploadFileInput, uploadId: string, parts: CompletedPart[], alg: UploadChecksumAlgorithm): Promise<{ etag: string; versionId?: string }> {
  const { client, bucket, key, signal } = input;
  try {
    const out = await withRetries(
      () =>
        client.send(
          new CompleteMultipartUploadCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts: parts },
            MpuObjectSize: input.size,
            ...(alg === 'CRC64NVME' ? { ChecksumType: 'FULL_OBJECT' as const } : {}),
          }),
          { abortSignal: signal },
        ),
      signal,
      retryBase(input),
    );
    return { etag: out.ETag ?? '', ...(out.VersionId ? { versionId: out.VersionId } : {}) };
  } catch (err) {
    // A retried Complete whose first answer was lost finds the upload gone: the object tells whether it was ours.
    if (isNoSuchUpload(err)) {
      const expected = multipartEtag(parts.map((p) => p.ETag ?? ''));
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal }).catch(() => undefined);
      if (expected && head?.ETag && unquote(head.ETag) === expected && head.ContentLength === input.size) {
        return { etag: head.ETag, ...(head.VersionId ? { versionId: head.VersionId } : {}) };
      }
    }
    throw failure(input, err, 's3:PutObject', uploadId);
  }
}

/** `md5(md5(part1) ‖ … ‖ md5(partN))-N` from the parts' ETags, when they are all plain MD5s. */
function multipartEtag(etags: string[]): string | undefined {
  const plain = etags.map(unquote);
  if (!plain.every((e) => /^[0-9a-f]{32}$/.test(e))) return undefined;
  const digest = createHash('md5');
  for (const e of plain) digest.update(Buffer.from(e, 'hex'));
  return `${digest.digest('hex')}-${plain.length}`;
}

/** Every part of an upload (all ListParts pages), or undefined when the upload no longer exists. */
async function listUploadParts(
  input: UploadFileInput,
  uploadId: string,
  alg: UploadChecksumAlgorithm,
): Promise<{ parts: ListedPart[]; algorithm?: UploadChecksumAlgorithm } | undefined> {
  const { client, bucket, key, signal } = input;
  const parts: ListedPart[] = [];
  let marker: string | undefined;
  let algorithm: UploadChecksumAlgorithm | undefined;
  try {
    for (;;) {
      const page = await withRetries(
        () => client.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, ...(marker ? { PartNumberMarker: marker } : {}) }), { abortSignal: signal }),
        signal,
        retryBase(input),
      );
      const pageAlg = page.ChecksumAlgorithm as string | undefined;
      if (pageAlg === 'CRC32' || pageAlg === 'CRC32C' || pageAlg === 'CRC64NVME' || pageAlg === 'SHA256') algorithm = pageAlg;
      const field = checksumField(algorithm ?? alg);
      for (const p of page.Parts ?? []) {
        if (p.PartNumber === undefined || p.Size === undefined || !p.ETag) continue;
        const checksum = p[field];
        parts.push({ partNumber: p.PartNumber, size: p.Size, etag: p.ETag, ...(checksum ? { checksum } : {}) });
      }
      if (!page.IsTruncated || !page.NextPartNumberMarker || page.NextPartNumberMarker === marker) break;
      marker = page.NextPartNumberMarker;
    }
  } catch (err) {
    if (isNoSuchUpload(err)) return undefined;
    throw failure(input, err, 's3:ListMultipartUploadParts', uploadId);
  }
  return { parts, ...(algorithm ? { algorithm } : {}) };
}

/** The part size the listed parts were cut with: the largest part, if every listed part fits it. */
function inferPartSize(parts: ListedPart[], size: number): number | undefined {
  if (parts.length === 0) return undefined;
  const candidate = Math.max(...parts.map((p) => p.size));
  if (!validPartSize(candidate, size)) return undefined;
  const count = Math.ceil(size / candidate);
  const fits = parts.every((p) => p.partNumber <= count && p.size === (p.partNumber < count ? candidate : size - (count - 1) * candidate));
  return fits ? candidate : undefined;
}

function validPartSize(partSize: number, size: number): boolean {
  return Number.isSafeInteger(partSize) && partSize >= S3_MIN_PART_SIZE && partSize <= MAX_PART_SIZE && Math.ceil(size / partSize) <= MAX_PARTS;
}

function etagMatches(etag: string, body: Uint8Array): boolean {
  const plain = unquote(etag);
  return /^[0-9a-f]{32}$/.test(plain) && plain === createHash('md5').update(body).digest('hex');
}

// ---------------------------------------------------------------- errors and retries

function cancelled(uploadId?: string): ThawError {
  return new ThawError('Cancelled', 'The upload was stopped.', uploadId ? { uploadId } : undefined);
}

/** A failure of a request as a ThawError naming the object (and the upload it leaves). */
function failure(input: UploadFileInput, err: unknown, action: S3Action, uploadId?: string): ThawError {
  if (input.signal.aborted) return cancelled(uploadId);
  const e = describeS3Error(err, { action, bucket: input.bucket, key: input.key });
  return uploadId ? withUploadId(e, uploadId) : e;
}

function withUploadId(err: unknown, uploadId: string): ThawError {
  const e = err instanceof ThawError ? err : new ThawError('Internal', 'Something went wrong inside Thaw while uploading.');
  if (e.details?.uploadId === uploadId) return e;
  return new ThawError(e.code, e.message, { ...e.details, uploadId });
}

function isNoSuchUpload(err: unknown): boolean {
  const e = err as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.name === 'NoSuchUpload' || e?.Code === 'NoSuchUpload' || e?.$metadata?.httpStatusCode === 404;
}

function retryBase(input: UploadFileInput): number {
  return input.options?.retryBaseMs ?? BACKOFF_BASE_MS;
}

async function withRetries<T>(send: () => Promise<T>, signal: AbortSignal | undefined, baseMs: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      if (signal?.aborted || attempt >= REQUEST_TRIES || !isTransient(err)) throw err;
      await sleep(backoff(attempt, baseMs, BACKOFF_MAX_MS), signal ?? new AbortController().signal);
    }
  }
}

function unquote(etag: string): string {
  return etag.trim().replace(/^"|"$/g, '').toLowerCase();
}

function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} bytes` : `${v.toFixed(1)} ${units[i]}`;
}
