/**
 * HeadObject and GetObject: archive state (403 InvalidObjectState for
 * unreadable archives, HEAD always 200), versions (`versionId`, delete
 * markers), ranges and `partNumber`, conditional requests and response
 * header overrides. Bodies above 8 MiB are streamed from the store, so a
 * multi-GiB object can be downloaded whole.
 */
import { S3Error, type ByteRange, type ObjectRecord } from '../../store-types';
import { bucketOf, header, invalidArgument, keyOf, versionIdParam, type Handler, type S3Request, type S3Response } from '../context';
import { objectHeaders, versionHeaders } from './object-headers';

/** Bodies larger than this go out as a stream of chunks rather than one Buffer. */
export const STREAM_THRESHOLD_BYTES = 8 * 1024 * 1024;

/** The 403 GET answers for an unrestored archive (reference 2.5), with StorageClass and AccessTier. */
export function invalidObjectState(o: ObjectRecord): S3Error {
  const extra: Record<string, string> = { StorageClass: o.storageClass };
  if (o.accessTier) extra.AccessTier = o.accessTier;
  return new S3Error(403, 'InvalidObjectState', "The operation is not valid for the object's storage class", extra);
}

function etagList(value: string): string[] {
  return value.split(',').map((v) => v.trim().replace(/^W\//, ''));
}

function etagMatches(list: string, etag: string): boolean {
  const bare = etag.replace(/"/g, '');
  return etagList(list).some((v) => v === '*' || v.replace(/"/g, '') === bare);
}

/**
 * Evaluates If-Match / If-None-Match / If-Modified-Since / If-Unmodified-Since
 * in S3's order; returns 304 when the client's copy is current, throws 412.
 */
export function checkPreconditions(req: S3Request, o: ObjectRecord): 304 | undefined {
  const ifMatch = header(req, 'if-match');
  const ifNoneMatch = header(req, 'if-none-match');
  const ifModifiedSince = header(req, 'if-modified-since');
  const ifUnmodifiedSince = header(req, 'if-unmodified-since');
  // HTTP dates have second precision; compare at that precision.
  const modified = Math.floor(o.lastModified / 1000) * 1000;
  const failed = (condition: string) =>
    new S3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: condition });
  if (ifMatch !== undefined && !etagMatches(ifMatch, o.etag)) throw failed('If-Match');
  if (ifMatch === undefined && ifUnmodifiedSince !== undefined) {
    const t = Date.parse(ifUnmodifiedSince);
    if (Number.isFinite(t) && modified > t) throw failed('If-Unmodified-Since');
  }
  if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, o.etag)) return 304;
  if (ifNoneMatch === undefined && ifModifiedSince !== undefined) {
    const t = Date.parse(ifModifiedSince);
    if (Number.isFinite(t) && modified <= t) return 304;
  }
  return undefined;
}

/**
 * Resolves a `Range` header against the object size.
 *
 * Undefined means "whole object": no header, a syntax S3 ignores, or several
 * ranges (S3 serves the whole object then). Throws 416 InvalidRange when
 * the range starts past the end.
 */
export function parseRange(value: string | undefined, size: number): ByteRange | undefined {
  if (value === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  const unsatisfiable = () =>
    new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable', { RangeRequested: value, ActualObjectSize: String(size) });
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw unsatisfiable();
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  if (start >= size) throw unsatisfiable();
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (end < start) return undefined;
  return { start, end };
}

const OVERRIDES: Array<[string, string]> = [
  ['response-content-type', 'Content-Type'],
  ['response-content-language', 'Content-Language'],
  ['response-expires', 'Expires'],
  ['response-cache-control', 'Cache-Control'],
  ['response-content-disposition', 'Content-Disposition'],
  ['response-content-encoding', 'Content-Encoding'],
];

/**
 * The byte range a GET or HEAD asks for: its `partNumber` (one part of a
 * multipart object; part 1 is the whole of any other object) or its `Range`
 * header. Both at once is InvalidRequest, a part past the last 416.
 */
export function requestedRange(req: S3Request, o: ObjectRecord): { range?: ByteRange } {
  const text = req.route.query.get('partNumber');
  if (text === undefined) return { range: parseRange(header(req, 'range'), o.size) };
  const n = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= 10_000)) throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', text);
  if (header(req, 'range') !== undefined) throw new S3Error(400, 'InvalidRequest', 'Cannot specify both Range header and partNumber query parameter');
  const sizes = o.partSizes ?? [o.size];
  if (n > sizes.length) {
    throw new S3Error(416, 'InvalidPartNumber', 'The requested partnumber is not satisfiable', { PartNumberRequested: String(n), ActualPartCount: String(sizes.length) });
  }
  let start = 0;
  for (let i = 0; i < n - 1; i++) start += sizes[i];
  const length = sizes[n - 1];
  return { range: length > 0 ? { start, end: start + length - 1 } : undefined };
}

/** Headers of a 304 answer (ETag, Last-Modified and the version). */
function notModified(o: ObjectRecord, version: Record<string, string>): S3Response {
  return { status: 304, headers: { ETag: o.etag, 'Last-Modified': new Date(o.lastModified).toUTCString(), ...version } };
}

/** HEAD /bucket/key */
export const headObject: Handler = (req, ctx) => {
  const bucket = bucketOf(req);
  const o = ctx.store.head(bucket, keyOf(req), versionIdParam(req));
  const view = ctx.store.archiveView(o);
  const checksums = header(req, 'x-amz-checksum-mode') === 'ENABLED';
  const version = versionHeaders(ctx.store, bucket, o.versionId);
  const h = { ...objectHeaders(o, view, { head: true, checksums }), ...version };
  if (checkPreconditions(req, o) === 304) return notModified(o, version);
  const { range } = requestedRange(req, o);
  if (range) {
    h['Content-Range'] = `bytes ${range.start}-${range.end}/${o.size}`;
    h['Content-Length'] = range.end - range.start + 1;
    return { status: 206, headers: h };
  }
  h['Content-Length'] = o.size;
  return { status: 200, headers: h };
};

/** GET /bucket/key */
export const getObject: Handler = async (req, ctx) => {
  const bucket = bucketOf(req);
  const key = keyOf(req);
  const versionId = versionIdParam(req);
  const o = ctx.store.head(bucket, key, versionId);
  const view = ctx.store.archiveView(o);
  if (!view.readable) throw invalidObjectState(o);
  const version = versionHeaders(ctx.store, bucket, o.versionId);
  if (checkPreconditions(req, o) === 304) return notModified(o, version);
  const { range } = requestedRange(req, o);
  // Checksums describe the whole object, so a ranged GET carries none.
  const checksums = header(req, 'x-amz-checksum-mode') === 'ENABLED' && range === undefined;
  const h = { ...objectHeaders(o, view, { head: false, checksums }), ...version };
  for (const [param, name] of OVERRIDES) {
    const v = req.route.query.get(param);
    if (v !== undefined) h[name] = v;
  }
  const status = range ? 206 : 200;
  if (range) h['Content-Range'] = `bytes ${range.start}-${range.end}/${o.size}`;
  const length = range ? range.end - range.start + 1 : o.size;
  if (length > STREAM_THRESHOLD_BYTES) {
    // No await since `head`: the stream reads exactly the version whose headers these are.
    return { status, headers: h, stream: { length, chunks: ctx.store.stream(bucket, key, range, versionId ?? o.versionId) } };
  }
  const body = o.size === 0 ? Buffer.alloc(0) : await ctx.store.read(bucket, key, range, versionId);
  return { status, headers: h, body };
};
