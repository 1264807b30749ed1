/**
 * PutObject, CopyObject, DeleteObject, DeleteObjects and RestoreObject.
 */
import { S3Error, type RestoreTier } from '../../store-types';
import { authorize } from '../auth';
import { CHECKSUM_HEADERS } from '../checksums';
import { bucketOf, header, keyOf, xmlResponse, type Handler, type S3Request } from '../context';
import { verifyIntegrity } from '../payload';
import { childNodes, childText, el, isoDate, malformedXml, parseRequestXml, S3_XMLNS, XML_DECL } from '../xml';
import { accessTierHeader, storageClassHeader, writeHeaders } from './object-headers';
import { checkPreconditions } from './object-read';

/** DeleteObjects takes at most this many keys. */
export const MAX_DELETE_KEYS = 1000;

/** `x-amz-copy-source` split into bucket and key (URL-decoded, versionId ignored). */
export function parseCopySource(value: string): { bucket: string; key: string } {
  const q = value.indexOf('?');
  const raw = q < 0 ? value : value.slice(0, q);
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new S3Error(400, 'InvalidArgument', 'Invalid copy source encoding', { ArgumentName: 'x-amz-copy-source', ArgumentValue: value });
  }
  if (decoded.startsWith('/')) decoded = decoded.slice(1);
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    throw new S3Error(400, 'InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', { ArgumentName: 'x-amz-copy-source', ArgumentValue: value });
  }
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

function checksumHeaders(checksums: Partial<Record<string, string>>): Record<string, string> {
  const h: Record<string, string> = {};
  for (const [alg, value] of Object.entries(checksums)) if (value) h[CHECKSUM_HEADERS[alg as keyof typeof CHECKSUM_HEADERS]] = value;
  return h;
}

/** PUT /bucket/key */
export const putObject: Handler = async (req, ctx) => {
  const checksums = verifyIntegrity(req.body, req.headers, req.trailers);
  const input = { ...writeHeaders(req), body: req.body, checksums };
  const o = await ctx.store.put(bucketOf(req), keyOf(req), input);
  return {
    status: 200,
    headers: { ETag: o.etag, 'x-amz-server-side-encryption': o.serverSideEncryption ?? 'AES256', ...checksumHeaders(checksums) },
  };
};

/** Copy-source preconditions (`x-amz-copy-source-if-*`), checked like GET's. */
function checkCopyPreconditions(req: S3Request, src: Parameters<typeof checkPreconditions>[1]): void {
  const mapped: S3Request = { ...req, headers: {} };
  for (const name of ['if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since']) {
    const v = req.headers[`x-amz-copy-source-${name}`];
    if (v) mapped.headers[name] = v;
  }
  // S3 answers a failed copy-source condition with 412 in every case, 304 included.
  if (checkPreconditions(mapped, src) === 304) {
    throw new S3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: 'x-amz-copy-source-If-None-Match' });
  }
}

/** PUT /bucket/key with x-amz-copy-source */
export const copyObject: Handler = async (req, ctx) => {
  const bucket = bucketOf(req);
  const key = keyOf(req);
  const src = parseCopySource(header(req, 'x-amz-copy-source') ?? '');
  authorize(req.credential, 's3:GetObject', src.bucket, src.key);
  const directive = header(req, 'x-amz-metadata-directive') ?? 'COPY';
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw new S3Error(400, 'InvalidArgument', 'Unknown metadata directive.', { ArgumentName: 'x-amz-metadata-directive', ArgumentValue: directive });
  }
  const storageClass = storageClassHeader(req);
  const accessTier = accessTierHeader(req);
  const source = ctx.store.head(src.bucket, src.key);
  checkCopyPreconditions(req, source);
  if (src.bucket === bucket && src.key === key && directive === 'COPY' && storageClass === undefined && accessTier === undefined && header(req, 'x-amz-server-side-encryption') === undefined) {
    throw new S3Error(400, 'InvalidRequest', "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
  }
  const replace = directive === 'REPLACE' ? writeHeaders(req) : undefined;
  const o = await ctx.store.copy(src.bucket, src.key, bucket, key, { metadataDirective: directive, replace, storageClass, accessTier });
  const xml = `${XML_DECL}<CopyObjectResult xmlns="${S3_XMLNS}">${el('LastModified', isoDate(o.lastModified))}${el('ETag', o.etag)}</CopyObjectResult>`;
  return { ...xmlResponse(xml), headers: { 'Content-Type': 'application/xml', 'x-amz-server-side-encryption': o.serverSideEncryption ?? 'AES256' } };
};

/** DELETE /bucket/key: 204 whether or not the key existed. */
export const deleteObject: Handler = async (req, ctx) => {
  await ctx.store.delete(bucketOf(req), keyOf(req));
  return { status: 204 };
};

/** POST /bucket?delete */
export const deleteObjects: Handler = async (req, ctx) => {
  const bucket = bucketOf(req);
  // S3 requires an integrity header on this operation (httpChecksumRequired in the model).
  const hasDigest = header(req, 'content-md5') !== undefined || Object.values(CHECKSUM_HEADERS).some((h) => header(req, h) !== undefined) || Object.keys(req.trailers).length > 0;
  if (!hasDigest) throw new S3Error(400, 'InvalidRequest', 'Missing required header for this request: Content-MD5');
  verifyIntegrity(req.body, req.headers, req.trailers);
  const doc = parseRequestXml(req.body, 'Delete');
  const quiet = (childText(doc, 'Quiet') ?? 'false').trim() === 'true';
  const objects = childNodes(doc, 'Object');
  if (objects.length === 0 || objects.length > MAX_DELETE_KEYS) throw malformedXml();
  ctx.store.getBucket(bucket);
  let xml = `${XML_DECL}<DeleteResult xmlns="${S3_XMLNS}">`;
  for (const obj of objects) {
    const key = childText(obj, 'Key');
    if (key === undefined) throw malformedXml();
    try {
      authorize(req.credential, 's3:DeleteObject', bucket, key);
      await ctx.store.delete(bucket, key);
      if (!quiet) xml += `<Deleted>${el('Key', key)}</Deleted>`;
    } catch (err) {
      if (!(err instanceof S3Error)) throw err;
      xml += `<Error>${el('Key', key)}${el('Code', err.code)}${el('Message', err.message)}</Error>`;
    }
  }
  xml += '</DeleteResult>';
  return xmlResponse(xml);
};

const TIERS = new Set<RestoreTier>(['Expedited', 'Standard', 'Bulk']);

/** Parses a RestoreRequest body; an empty body is an empty request. */
export function parseRestoreRequest(body: Buffer): { days?: number; tier?: RestoreTier } {
  if (body.length === 0) return {};
  const doc = parseRequestXml(body, 'RestoreRequest');
  if (childText(doc, 'Type') !== undefined) {
    throw new S3Error(501, 'NotImplemented', 'SELECT-type restores are not available.');
  }
  const out: { days?: number; tier?: RestoreTier } = {};
  const days = childText(doc, 'Days');
  if (days !== undefined) {
    const trimmed = days.trim();
    // Days is an Integer in the model; anything else does not validate against the schema.
    if (!/^-?\d+$/.test(trimmed)) throw malformedXml();
    out.days = Number(trimmed);
  }
  const params = childNodes(doc, 'GlacierJobParameters');
  if (params.length > 1) throw malformedXml();
  const tierText = params.length === 1 ? childText(params[0], 'Tier') : childText(doc, 'Tier');
  if (params.length === 1 && tierText === undefined) throw malformedXml();
  if (tierText !== undefined) {
    const tier = tierText.trim() as RestoreTier;
    if (!TIERS.has(tier)) throw malformedXml();
    out.tier = tier;
  }
  return out;
}

/** POST /bucket/key?restore: 202 started, 200 expiry extended, or the store's error. */
export const restoreObject: Handler = (req, ctx) => {
  const bucket = bucketOf(req);
  const key = keyOf(req);
  const request = parseRestoreRequest(req.body);
  if (request.tier === 'Expedited') {
    // Capacity is a property of Expedited from GLACIER / Archive Access only (reference 1.4).
    const o = ctx.store.head(bucket, key);
    const eligible = o.storageClass === 'GLACIER' || (o.storageClass === 'INTELLIGENT_TIERING' && o.accessTier === 'ARCHIVE_ACCESS');
    if (eligible && ctx.faults.takeExpeditedUnavailable('RestoreObject')) {
      throw new S3Error(503, 'GlacierExpeditedRetrievalNotAvailable', 'Glacier expedited retrievals are currently not available, please try again later');
    }
  }
  const status = ctx.store.restore(bucket, key, request);
  return { status };
};
