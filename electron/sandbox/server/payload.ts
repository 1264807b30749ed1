/**
 * Reading and verifying request bodies: size limits per operation, the
 * signed payload hash, aws-chunked framing with chunk signatures and
 * trailers, Content-MD5 and the flexible `x-amz-checksum-*` values.
 */
import type { IncomingMessage } from 'node:http';
import { S3Error, type ChecksumAlgorithm } from '../store-types';
import type { PayloadCheck } from './auth';
import { algorithmOfHeader, CHECKSUM_HEADERS, computeChecksum, md5Base64 } from './checksums';
import { ChunkedDecodeError, decodeAwsChunked } from './chunked';
import { chunkStringToSign, sha256Hex, sign, signaturesEqual, trailerStringToSign } from './sigv4';

/** 5 GiB: the largest single PUT or part S3 accepts. */
export const MAX_OBJECT_BODY = 5 * 1024 ** 3;
/** Bodies of XML operations (DeleteObjects, RestoreObject, CreateBucket). */
export const MAX_XML_BODY = 1024 ** 2;
/** CompleteMultipartUpload lists up to 10,000 parts with checksums. */
export const MAX_COMPLETE_BODY = 4 * 1024 ** 2;
/** Past this much unwanted body, stop draining and drop the connection. */
const MAX_DRAIN = 64 * 1024 ** 2;

/** Upper bound of the request body for an operation. */
export function bodyLimitFor(op: string): number {
  if (op === 'PutObject' || op === 'UploadPart') return MAX_OBJECT_BODY;
  if (op === 'CompleteMultipartUpload') return MAX_COMPLETE_BODY;
  return MAX_XML_BODY;
}

function tooLarge(op: string, limit: number, size: number): S3Error {
  if (limit >= MAX_OBJECT_BODY) {
    return new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
      ProposedSize: String(size),
      MaxSizeAllowed: String(limit),
    });
  }
  return new S3Error(400, 'MaxMessageLengthExceeded', 'Your request was too big.', { MaxMessageLengthBytes: String(limit), Operation: op });
}

/** Thrown when a body is too large to keep the connection: respond, then close. */
export class BodyTooLarge extends Error {
  constructor(
    readonly s3: S3Error,
    /** True when the rest of the body was not drained, so the socket must close. */
    readonly mustClose: boolean,
  ) {
    super(s3.message);
  }
}

/**
 * Reads the whole body, up to `limit` bytes.
 *
 * A body over the limit is drained without buffering (so the client can read
 * the error), up to 64 MiB, and then rejected with `BodyTooLarge`.
 */
export function readBody(req: IncomingMessage, op: string, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(new BodyTooLarge(tooLarge(op, limit, declared), declared - limit > MAX_DRAIN));
  }
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let over = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        over = true;
        parts.length = 0;
        if (size - limit > MAX_DRAIN) {
          req.off('data', onData);
          req.pause();
          reject(new BodyTooLarge(tooLarge(op, limit, size), true));
        }
        return;
      }
      parts.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      if (over) reject(new BodyTooLarge(tooLarge(op, limit, size), false));
      else resolve(parts.length === 1 ? parts[0] : Buffer.concat(parts, size));
    });
    req.on('error', reject);
    req.on('aborted', () => reject(new S3Error(400, 'IncompleteBody', 'The request body terminated unexpectedly')));
  });
}

/** The payload after transport framing is removed. */
export interface DecodedPayload {
  body: Buffer;
  /** aws-chunked trailers (lower-cased names). */
  trailers: Record<string, string>;
}

function header(headers: Record<string, string[] | undefined>, name: string): string | undefined {
  return headers[name]?.[0];
}

/** Whether the body is aws-chunked framed (by encoding or by the streaming payload mode). */
export function isAwsChunked(headers: Record<string, string[] | undefined>, check: PayloadCheck): boolean {
  const enc = header(headers, 'content-encoding') ?? '';
  return check.kind === 'streaming-signed' || check.kind === 'streaming-unsigned-trailer' || enc.split(',').some((e) => e.trim() === 'aws-chunked');
}

/**
 * Removes aws-chunked framing and checks what the signature covers: the
 * payload hash, or every chunk signature and the trailer signature.
 */
export function decodePayload(raw: Buffer, headers: Record<string, string[] | undefined>, check: PayloadCheck): DecodedPayload {
  if (check.kind === 'sha256') {
    const actual = sha256Hex(raw);
    if (actual !== check.hash) {
      throw new S3Error(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", {
        ClientComputedContentSHA256: check.hash,
        S3ComputedContentSHA256: actual,
      });
    }
  }
  if (!isAwsChunked(headers, check)) return { body: raw, trailers: {} };

  const declaredText = header(headers, 'x-amz-decoded-content-length');
  const declared = declaredText !== undefined && /^\d+$/.test(declaredText) ? Number(declaredText) : undefined;
  if (declared === undefined) {
    throw new S3Error(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
  }
  let decoded;
  try {
    decoded = decodeAwsChunked(raw, declared);
  } catch (err) {
    if (!(err instanceof ChunkedDecodeError)) throw err;
    if (err.incomplete) throw new S3Error(400, 'IncompleteBody', 'The request body terminated unexpectedly');
    throw new S3Error(400, 'InvalidRequest', `Malformed aws-chunked body: ${err.message}`);
  }
  if (decoded.body.length !== declared) {
    throw new S3Error(400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header');
  }

  if (check.kind === 'streaming-signed') {
    let previous = check.seedSignature;
    for (const chunk of decoded.chunks) {
      if (!chunk.signature) throw new S3Error(400, 'InvalidRequest', 'Malformed aws-chunked body: missing chunk-signature');
      const expected = sign(check.key, chunkStringToSign(check.amzDate, check.scope, previous, chunk.data));
      if (!signaturesEqual(expected, chunk.signature)) {
        throw new S3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
      }
      previous = chunk.signature;
    }
    if (check.trailer) {
      const provided = decoded.trailerSignature ?? '';
      const expected = sign(check.key, trailerStringToSign(check.amzDate, check.scope, previous, decoded.trailerCanonical));
      if (!signaturesEqual(expected, provided)) {
        throw new S3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
      }
    }
  }

  // Every trailer the client announced must have arrived.
  const announced = (header(headers, 'x-amz-trailer') ?? '').split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  for (const name of announced) {
    if (decoded.trailers[name] === undefined) throw new S3Error(400, 'MalformedTrailerError', 'The request contained trailing data that was not well-formed or did not conform to our published schema.');
  }
  return { body: decoded.body, trailers: decoded.trailers };
}

const CHECKSUM_LENGTH: Record<ChecksumAlgorithm, number> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

/**
 * Verifies Content-MD5 and every `x-amz-checksum-*` header or trailer
 * against the body, and returns the checksums to store.
 *
 * Answers InvalidDigest / BadDigest / InvalidRequest like S3.
 */
/**
 * Throws InvalidRequest unless the request carries Content-MD5 or a flexible
 * checksum (header or trailer), as S3 requires of the operations its model
 * marks `httpChecksumRequired` (DeleteObjects, PutObjectTagging, PutBucketVersioning).
 */
export function requireIntegrityHeader(headers: Record<string, string[] | undefined>, trailers: Record<string, string>): void {
  const has = header(headers, 'content-md5') !== undefined || Object.values(CHECKSUM_HEADERS).some((h) => header(headers, h) !== undefined) || Object.keys(trailers).length > 0;
  if (!has) throw new S3Error(400, 'InvalidRequest', 'Missing required header for this request: Content-MD5');
}

export function verifyIntegrity(
  body: Buffer,
  headers: Record<string, string[] | undefined>,
  trailers: Record<string, string>,
): Partial<Record<ChecksumAlgorithm, string>> {
  const md5 = header(headers, 'content-md5');
  if (md5 !== undefined) {
    if (Buffer.from(md5, 'base64').length !== 16) throw new S3Error(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.', { 'Content-MD5': md5 });
    if (md5Base64(body) !== md5) {
      throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.', {
        ExpectedDigest: md5,
        CalculatedDigest: md5Base64(body),
      });
    }
  }
  const found: Partial<Record<ChecksumAlgorithm, string>> = {};
  const sources: Array<[string, string]> = [];
  for (const name of Object.values(CHECKSUM_HEADERS)) {
    const v = header(headers, name);
    if (v !== undefined) sources.push([name, v]);
  }
  for (const [name, v] of Object.entries(trailers)) sources.push([name, v]);
  for (const [name, value] of sources) {
    const alg = algorithmOfHeader(name);
    if (!alg) continue;
    if (Buffer.from(value, 'base64').length !== CHECKSUM_LENGTH[alg] || !/^[A-Za-z0-9+/]+=*$/.test(value)) {
      throw new S3Error(400, 'InvalidRequest', `Value for ${name} header is invalid.`);
    }
    if (computeChecksum(alg, body) !== value) {
      throw new S3Error(400, 'BadDigest', `The ${alg} you specified did not match the calculated checksum.`);
    }
    found[alg] = value;
  }
  if (Object.keys(found).length > 1) {
    throw new S3Error(400, 'InvalidRequest', 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  }
  const announced = header(headers, 'x-amz-sdk-checksum-algorithm');
  if (announced && Object.keys(found).length === 0 && Object.keys(trailers).length === 0) {
    const alg = announced.toUpperCase() as ChecksumAlgorithm;
    if (!(alg in CHECKSUM_HEADERS)) throw new S3Error(400, 'InvalidRequest', 'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]');
    throw new S3Error(400, 'InvalidRequest', `x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.`);
  }
  return found;
}
