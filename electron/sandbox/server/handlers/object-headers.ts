/**
 * The mapping between object records and HTTP headers, both ways: the
 * headers HEAD and GET answer with (reference 2.1–2.4), and the WriteInput a
 * PUT, copy or multipart create carries in.
 */
import { NULL_VERSION, S3Error, STORAGE_CLASSES, type ArchiveAccessTier, type ArchiveView, type ObjectRecord, type SandboxStore, type StorageClass, type WriteInput } from '../../store-types';
import { CHECKSUM_HEADERS } from '../checksums';
import { header, type S3Request } from '../context';
import { httpDate } from '../xml';

/** S3's limit on the total size of user metadata (names plus values). */
export const MAX_METADATA_BYTES = 2048;

/** Which headers to include beyond the common set. */
export interface ObjectHeaderOptions {
  /** HEAD only: x-amz-archive-status exists on HeadObjectOutput alone (reference 2.3). */
  head: boolean;
  /** `x-amz-checksum-mode: ENABLED` was sent and the whole object is returned. */
  checksums: boolean;
}

/** Headers describing an object, for HEAD and GET. */
export function objectHeaders(o: ObjectRecord, view: ArchiveView, opts: ObjectHeaderOptions): Record<string, string | number> {
  const h: Record<string, string | number> = {
    'Last-Modified': httpDate(o.lastModified),
    ETag: o.etag,
    'Accept-Ranges': 'bytes',
    'Content-Type': o.contentType,
    'x-amz-server-side-encryption': o.serverSideEncryption ?? 'AES256',
  };
  if (o.kmsKeyId) h['x-amz-server-side-encryption-aws-kms-key-id'] = o.kmsKeyId;
  if (o.contentEncoding) h['Content-Encoding'] = o.contentEncoding;
  if (o.contentDisposition) h['Content-Disposition'] = o.contentDisposition;
  if (o.contentLanguage) h['Content-Language'] = o.contentLanguage;
  if (o.cacheControl) h['Cache-Control'] = o.cacheControl;
  if (o.expires) h.Expires = o.expires;
  // "returned for all objects except for S3 Standard" (reference 2.2).
  if (o.storageClass !== 'STANDARD') h['x-amz-storage-class'] = o.storageClass;
  if (view.restoreHeader) h['x-amz-restore'] = view.restoreHeader;
  if (opts.head && view.archiveStatus) h['x-amz-archive-status'] = view.archiveStatus;
  for (const [name, value] of Object.entries(o.metadata)) h[`x-amz-meta-${name}`] = value;
  if (o.partsCount !== undefined) h['x-amz-mp-parts-count'] = o.partsCount;
  const tagCount = Object.keys(o.tags).length;
  if (tagCount > 0) h['x-amz-tagging-count'] = tagCount;
  if (opts.checksums) {
    for (const [alg, value] of Object.entries(o.checksums)) h[CHECKSUM_HEADERS[alg as keyof typeof CHECKSUM_HEADERS]] = value;
    if (Object.keys(o.checksums).length > 0) h['x-amz-checksum-type'] = o.checksumType ?? 'FULL_OBJECT';
  }
  return h;
}

/**
 * `x-amz-version-id` for a version of an object in `bucket`.
 *
 * S3 sends it for every object of a bucket that has ever been versioned
 * (`null` for null versions) and never in an unversioned bucket.
 */
export function versionHeaders(store: SandboxStore, bucket: string, versionId: string | undefined): Record<string, string> {
  return store.getVersioning(bucket) ? { 'x-amz-version-id': versionId ?? NULL_VERSION } : {};
}

/** Validates one tag set against S3's limits (10 tags, keys ≤ 128, values ≤ 256 characters). */
export function assertTagSet(tags: Array<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of tags) {
    if (k in out) throw new S3Error(400, 'InvalidTag', 'Cannot provide multiple Tags with the same key', { TagKey: k });
    if (k.length === 0 || k.length > 128) throw new S3Error(400, 'InvalidTag', 'The TagKey you have provided is invalid', { TagKey: k });
    if (v.length > 256) throw new S3Error(400, 'InvalidTag', 'The TagValue you have provided is invalid', { TagKey: k, TagValue: v });
    out[k] = v;
  }
  if (tags.length > 10) throw new S3Error(400, 'BadRequest', 'Object tags cannot be greater than 10');
  return out;
}

/** Parses `x-amz-tagging` (`k1=v1&k2=v2`, URL-encoded). */
export function parseTagging(value: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const part of value.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    try {
      const k = decodeURIComponent((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' '));
      const v = decodeURIComponent((eq < 0 ? '' : part.slice(eq + 1)).replace(/\+/g, ' '));
      if (k in tags) throw new S3Error(400, 'InvalidTag', 'Cannot provide multiple Tags with the same key');
      if (k.length === 0 || k.length > 128 || v.length > 256) throw new S3Error(400, 'InvalidTag', 'The TagKey you have provided is invalid');
      tags[k] = v;
    } catch (err) {
      if (err instanceof S3Error) throw err;
      throw new S3Error(400, 'InvalidArgument', 'The header x-amz-tagging shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.');
    }
  }
  if (Object.keys(tags).length > 10) throw new S3Error(400, 'BadRequest', 'Object tags cannot be greater than 10');
  return tags;
}

/** Validates `x-amz-storage-class`; undefined when absent. */
export function storageClassHeader(req: S3Request): StorageClass | undefined {
  const value = header(req, 'x-amz-storage-class');
  if (value === undefined) return undefined;
  if (!STORAGE_CLASSES.has(value)) throw new S3Error(400, 'InvalidStorageClass', 'The storage class you specified is not valid', { StorageClassRequested: value });
  return value as StorageClass;
}

/** The sandbox-only `x-sandbox-access-tier` header (Intelligent-Tiering archive tiers). */
export function accessTierHeader(req: S3Request): ArchiveAccessTier | undefined {
  const value = header(req, 'x-sandbox-access-tier');
  if (value === undefined) return undefined;
  if (value !== 'ARCHIVE_ACCESS' && value !== 'DEEP_ARCHIVE_ACCESS') {
    throw new S3Error(400, 'InvalidArgument', 'x-sandbox-access-tier must be ARCHIVE_ACCESS or DEEP_ARCHIVE_ACCESS', { ArgumentName: 'x-sandbox-access-tier', ArgumentValue: value });
  }
  return value;
}

function stripAwsChunked(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const kept = value.split(',').map((v) => v.trim()).filter((v) => v !== '' && v !== 'aws-chunked');
  return kept.length > 0 ? kept.join(',') : undefined;
}

/** Everything but the body of a write, from request headers. */
export function writeHeaders(req: S3Request): Omit<WriteInput, 'body'> {
  const metadata: Record<string, string> = {};
  let metaBytes = 0;
  for (const [name, values] of Object.entries(req.headers)) {
    if (!name.startsWith('x-amz-meta-') || !values) continue;
    const short = name.slice('x-amz-meta-'.length);
    const value = values.join(',');
    metadata[short] = value;
    metaBytes += Buffer.byteLength(short) + Buffer.byteLength(value);
  }
  if (metaBytes > MAX_METADATA_BYTES) {
    throw new S3Error(400, 'MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size', {
      Size: String(metaBytes),
      MaxSizeAllowed: String(MAX_METADATA_BYTES),
    });
  }
  const input: Omit<WriteInput, 'body'> = { metadata };
  type Meta = Omit<WriteInput, 'body'>;
  const set = <K extends keyof Meta>(k: K, v: Meta[K] | undefined) => {
    if (v !== undefined) input[k] = v;
  };
  set('contentType', header(req, 'content-type'));
  set('contentEncoding', stripAwsChunked(header(req, 'content-encoding')));
  set('contentDisposition', header(req, 'content-disposition'));
  set('contentLanguage', header(req, 'content-language'));
  set('cacheControl', header(req, 'cache-control'));
  set('expires', header(req, 'expires'));
  const tagging = header(req, 'x-amz-tagging');
  if (tagging !== undefined) input.tags = parseTagging(tagging);
  set('storageClass', storageClassHeader(req));
  set('accessTier', accessTierHeader(req));
  const sse = header(req, 'x-amz-server-side-encryption');
  if (sse !== undefined) {
    if (sse !== 'AES256' && sse !== 'aws:kms') {
      throw new S3Error(400, 'InvalidArgument', 'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms', { ArgumentName: 'x-amz-server-side-encryption', ArgumentValue: sse });
    }
    input.serverSideEncryption = sse;
    set('kmsKeyId', header(req, 'x-amz-server-side-encryption-aws-kms-key-id'));
  }
  return input;
}
