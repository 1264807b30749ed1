/**
 * HeadObject, GetObject and GetObjectTagging: archive state (403
 * InvalidObjectState for unreadable archives, HEAD always 200), ranges,
 * conditional requests and response header overrides.
 */
import { S3Error, type ByteRange, type ObjectRecord } from '../../store-types';
import { bucketOf, header, keyOf, xmlResponse, type Handler, type S3Request } from '../context';
import { el, S3_XMLNS, XML_DECL } from '../xml';
import { objectHeaders } from './object-headers';

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

/** HEAD /bucket/key */
export const headObject: Handler = (req, ctx) => {
  const key = keyOf(req);
  const o = ctx.store.head(bucketOf(req), key);
  const view = ctx.store.archiveView(o);
  const checksums = header(req, 'x-amz-checksum-mode') === 'ENABLED';
  const h = objectHeaders(o, view, { head: true, checksums });
  const pre = checkPreconditions(req, o);
  if (pre === 304) return { status: 304, headers: { ETag: o.etag, 'Last-Modified': h['Last-Modified'] } };
  const range = parseRange(header(req, 'range'), o.size);
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
  const o = ctx.store.head(bucket, key);
  const view = ctx.store.archiveView(o);
  if (!view.readable) throw invalidObjectState(o);
  if (checkPreconditions(req, o) === 304) return { status: 304, headers: { ETag: o.etag, 'Last-Modified': new Date(o.lastModified).toUTCString() } };
  const range = parseRange(header(req, 'range'), o.size);
  // Checksums describe the whole object, so a ranged GET carries none.
  const checksums = header(req, 'x-amz-checksum-mode') === 'ENABLED' && range === undefined;
  const h = objectHeaders(o, view, { head: false, checksums });
  for (const [param, name] of OVERRIDES) {
    const v = req.route.query.get(param);
    if (v !== undefined) h[name] = v;
  }
  const body = o.size === 0 ? Buffer.alloc(0) : await ctx.store.read(bucket, key, range);
  if (range) {
    h['Content-Range'] = `bytes ${range.start}-${range.end}/${o.size}`;
    return { status: 206, headers: h, body };
  }
  return { status: 200, headers: h, body };
};

/** GET /bucket/key?tagging */
export const getObjectTagging: Handler = (req, ctx) => {
  const key = keyOf(req);
  const tags = ctx.store.getTags(bucketOf(req), key);
  let xml = `${XML_DECL}<Tagging xmlns="${S3_XMLNS}"><TagSet>`;
  for (const [k, v] of Object.entries(tags)) xml += `<Tag>${el('Key', k)}${el('Value', v)}</Tag>`;
  xml += '</TagSet></Tagging>';
  return xmlResponse(xml);
};
