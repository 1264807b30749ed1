/**
 * PutObject, CopyObject, DeleteObject, DeleteObjects and RestoreObject, with
 * the version headers S3 answers in versioned buckets (`x-amz-version-id`,
 * `x-amz-delete-marker`, `x-amz-copy-source-version-id`).
 */
import { NULL_VERSION, S3Error, type ObjectRecord, type RestoreTier, type SandboxStore } from '../../store-types';
import { authorize } from '../auth';
import { CHECKSUM_HEADERS } from '../checksums';
import { bucketOf, header, invalidArgument, keyOf, versionIdParam, xmlResponse, type Handler, type S3Request } from '../context';
import { requireIntegrityHeader, verifyIntegrity } from '../payload';
import { childNodes, childText, el, isoDate, malformedXml, parseRequestXml, S3_XMLNS, XML_DECL } from '../xml';
import { accessTierHeader, parseTagging, storageClassHeader, versionHeaders, writeHeaders } from './object-headers';
import { checkPreconditions } from './object-read';

/** DeleteObjects takes at most this many keys. */
export const MAX_DELETE_KEYS = 1000;

/** A parsed `x-amz-copy-source`. */
export interface CopySource {
  bucket: string;
  key: string;
  versionId?: string;
}

/** `x-amz-copy-source` split into bucket, key (URL-decoded) and `?versionId=`. */
export function parseCopySource(value: string): CopySource {
  const q = value.indexOf('?');
  const raw = q < 0 ? value : value.slice(0, q);
  const versionId = q < 0 ? undefined : copySourceVersion(value.slice(q + 1), value);
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
  const out: CopySource = { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
  if (versionId !== undefined) out.versionId = versionId;
  return out;
}

function copySourceVersion(query: string, value: string): string | undefined {
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if ((eq < 0 ? pair : pair.slice(0, eq)) !== 'versionId') continue;
    let id: string;
    try {
      id = decodeURIComponent(eq < 0 ? '' : pair.slice(eq + 1));
    } catch {
      throw new S3Error(400, 'InvalidArgument', 'Invalid copy source encoding', { ArgumentName: 'x-amz-copy-source', ArgumentValue: value });
    }
    if (id === '') throw invalidArgument('Version id cannot be the empty string', 'x-amz-copy-source', value);
    return id;
  }
  return undefined;
}

/**
 * HEAD of a copy source: its current object or the version named.
 *
 * A delete marker's version id is InvalidRequest for a copy, not GET's 405.
 */
export function copySourceHead(store: SandboxStore, src: CopySource): ObjectRecord {
  try {
    return store.head(src.bucket, src.key, src.versionId);
  } catch (e) {
    if (e instanceof S3Error && e.code === 'MethodNotAllowed') {
      throw new S3Error(400, 'InvalidRequest', 'The source of a copy request may not specifically refer to a delete marker by version id.');
    }
    throw e;
  }
}

/** `x-amz-copy-source-version-id` when the source bucket is versioned. */
export function copySourceVersionHeaders(store: SandboxStore, src: CopySource, source: ObjectRecord): Record<string, string> {
  return store.getVersioning(src.bucket) ? { 'x-amz-copy-source-version-id': source.versionId ?? NULL_VERSION } : {};
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
  const bucket = bucketOf(req);
  const o = await ctx.store.put(bucket, keyOf(req), input);
  return {
    status: 200,
    headers: { ETag: o.etag, 'x-amz-server-side-encryption': o.serverSideEncryption ?? 'AES256', ...checksumHeaders(checksums), ...versionHeaders(ctx.store, bucket, o.versionId) },
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

function directive(req: S3Request, name: string, what: string): 'COPY' | 'REPLACE' {
  const value = header(req, name) ?? 'COPY';
  if (value !== 'COPY' && value !== 'REPLACE') throw new S3Error(400, 'InvalidArgument', `Unknown ${what} directive.`, { ArgumentName: name, ArgumentValue: value });
  return value;
}

/** Whether `x-amz-server-side-encryption` asks for other encryption than the source has. */
function encryptionChanged(req: S3Request, source: ObjectRecord): boolean {
  const sse = header(req, 'x-amz-server-side-encryption');
  if (sse === undefined) return false;
  return sse !== (source.serverSideEncryption ?? 'AES256') || (header(req, 'x-amz-server-side-encryption-aws-kms-key-id') ?? source.kmsKeyId) !== source.kmsKeyId;
}

/** PUT /bucket/key with x-amz-copy-source (`?versionId=` for one version of it). */
export const copyObject: Handler = async (req, ctx) => {
  const bucket = bucketOf(req);
  const key = keyOf(req);
  const src = parseCopySource(header(req, 'x-amz-copy-source') ?? '');
  authorize(req.credential, src.versionId === undefined ? 's3:GetObject' : 's3:GetObjectVersion', src.bucket, src.key);
  const metadataDirective = directive(req, 'x-amz-metadata-directive', 'metadata');
  const taggingDirective = directive(req, 'x-amz-tagging-directive', 'tagging');
  const storageClass = storageClassHeader(req);
  const accessTier = accessTierHeader(req);
  const source = copySourceHead(ctx.store, src);
  checkCopyPreconditions(req, source);
  const replace = metadataDirective === 'REPLACE' ? writeHeaders(req) : undefined;
  const tagging = header(req, 'x-amz-tagging');
  const tags = taggingDirective === 'REPLACE' && tagging !== undefined ? parseTagging(tagging) : undefined;
  const o = await ctx.store.copy(src.bucket, src.key, bucket, key, {
    metadataDirective,
    replace,
    taggingDirective,
    tags,
    storageClass,
    accessTier,
    sourceVersionId: src.versionId,
    encryptionChanged: encryptionChanged(req, source),
  });
  const xml = `${XML_DECL}<CopyObjectResult xmlns="${S3_XMLNS}">${el('LastModified', isoDate(o.lastModified))}${el('ETag', o.etag)}</CopyObjectResult>`;
  const headers = {
    'Content-Type': 'application/xml',
    'x-amz-server-side-encryption': o.serverSideEncryption ?? 'AES256',
    ...copySourceVersionHeaders(ctx.store, src, source),
    ...versionHeaders(ctx.store, bucket, o.versionId),
  };
  return { ...xmlResponse(xml), headers };
};

/** Headers of a DeleteObject answer: the version removed or the marker made. */
function deleteHeaders(outcome: { versionId?: string; deleteMarker: boolean }): Record<string, string> {
  const h: Record<string, string> = {};
  if (outcome.versionId !== undefined) h['x-amz-version-id'] = outcome.versionId;
  if (outcome.deleteMarker) h['x-amz-delete-marker'] = 'true';
  return h;
}

/** DELETE /bucket/key[?versionId=]: 204 whether or not the key (or version) existed. */
export const deleteObject: Handler = async (req, ctx) => {
  const outcome = await ctx.store.delete(bucketOf(req), keyOf(req), versionIdParam(req));
  return { status: 204, headers: deleteHeaders(outcome) };
};

/** POST /bucket?delete */
export const deleteObjects: Handler = async (req, ctx) => {
  const bucket = bucketOf(req);
  requireIntegrityHeader(req.headers, req.trailers);
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
    const versionId = childText(obj, 'VersionId');
    const version = versionId === undefined ? '' : el('VersionId', versionId);
    try {
      authorize(req.credential, versionId === undefined ? 's3:DeleteObject' : 's3:DeleteObjectVersion', bucket, key);
      const outcome = await ctx.store.delete(bucket, key, versionId);
      if (quiet) continue;
      // A marker removed by id or made by the delete is reported as DeleteMarker + DeleteMarkerVersionId.
      const marker = outcome.deleteMarker ? `<DeleteMarker>true</DeleteMarker>${el('DeleteMarkerVersionId', outcome.versionId ?? NULL_VERSION)}` : '';
      xml += `<Deleted>${el('Key', key)}${version}${marker}</Deleted>`;
    } catch (err) {
      if (!(err instanceof S3Error)) throw err;
      xml += `<Error>${el('Key', key)}${version}${el('Code', err.code)}${el('Message', err.message)}</Error>`;
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

/** POST /bucket/key?restore[&versionId=]: 202 started, 200 expiry extended, or the store's error. */
export const restoreObject: Handler = (req, ctx) => {
  const bucket = bucketOf(req);
  const key = keyOf(req);
  const versionId = versionIdParam(req);
  const request = parseRestoreRequest(req.body);
  if (request.tier === 'Expedited') {
    // Capacity is a property of Expedited from GLACIER / Archive Access only (reference 1.4).
    const o = ctx.store.head(bucket, key, versionId);
    const eligible = o.storageClass === 'GLACIER' || (o.storageClass === 'INTELLIGENT_TIERING' && o.accessTier === 'ARCHIVE_ACCESS');
    if (eligible && ctx.faults.takeExpeditedUnavailable('RestoreObject', { bucket, key })) {
      throw new S3Error(503, 'GlacierExpeditedRetrievalNotAvailable', 'Glacier expedited retrievals are currently not available, please try again later');
    }
  }
  const status = ctx.store.restore(bucket, key, request, versionId);
  return { status };
};
