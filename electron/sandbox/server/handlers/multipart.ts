/**
 * Multipart uploads: create, UploadPart, UploadPartCopy, complete, abort,
 * ListParts and ListMultipartUploads.
 *
 * ListParts answers each part's ETag, size and the checksum it was uploaded
 * with; ListMultipartUploads pages by key-marker and upload-id-marker.
 */
import { S3Error, type ChecksumAlgorithm, type MultipartUpload } from '../../store-types';
import { compareKeys } from '../../store/key-order';
import { authorize } from '../auth';
import { CHECKSUM_HEADERS } from '../checksums';
import { bucketOf, header, invalidArgument, keyOf, OWNER_FIELDS, OWNER_XML, xmlResponse, type Handler, type S3Request } from '../context';
import { verifyIntegrity } from '../payload';
import { childNodes, childText, el, isoDate, malformedXml, parseRequestXml, S3_XMLNS, XML_DECL } from '../xml';
import { versionHeaders, writeHeaders } from './object-headers';
import { parseRange } from './object-read';
import { copySourceHead, copySourceVersionHeaders, parseCopySource } from './object-write';

/** S3's part number range. */
export const MAX_PART_NUMBER = 10_000;

function uploadIdOf(req: S3Request): string {
  const id = req.route.query.get('uploadId');
  if (!id) throw new S3Error(404, 'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', { UploadId: id ?? '' });
  return id;
}

function partNumberOf(req: S3Request): number {
  const text = req.route.query.get('partNumber') ?? '';
  const n = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= MAX_PART_NUMBER)) {
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', text);
  }
  return n;
}

/** `x-amz-checksum-algorithm` of CreateMultipartUpload. */
function checksumAlgorithmOf(req: S3Request): ChecksumAlgorithm | undefined {
  const value = header(req, 'x-amz-checksum-algorithm');
  if (value === undefined) return undefined;
  const alg = value.toUpperCase();
  if (!(alg in CHECKSUM_HEADERS)) throw invalidArgument('Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]', 'x-amz-checksum-algorithm', value);
  return alg as ChecksumAlgorithm;
}

/** POST /bucket/key?uploads */
export const createMultipartUpload: Handler = (req, ctx) => {
  const bucket = bucketOf(req);
  const key = keyOf(req);
  const checksumAlgorithm = checksumAlgorithmOf(req);
  const upload = ctx.store.createMultipart(bucket, key, { ...writeHeaders(req), checksumAlgorithm });
  const xml = `${XML_DECL}<InitiateMultipartUploadResult xmlns="${S3_XMLNS}">${el('Bucket', bucket)}${el('Key', key)}${el('UploadId', upload.uploadId)}</InitiateMultipartUploadResult>`;
  const resp = xmlResponse(xml);
  return checksumAlgorithm ? { ...resp, headers: { ...resp.headers, 'x-amz-checksum-algorithm': checksumAlgorithm } } : resp;
};

/** PUT /bucket/key?partNumber=N&uploadId=U */
export const uploadPart: Handler = async (req, ctx) => {
  const partNumber = partNumberOf(req);
  const checksums = verifyIntegrity(req.body, req.headers, req.trailers);
  const part = await ctx.store.uploadPart(bucketOf(req), keyOf(req), uploadIdOf(req), partNumber, req.body, checksums);
  const headers: Record<string, string> = { ETag: part.etag, 'x-amz-server-side-encryption': 'AES256' };
  for (const [alg, value] of Object.entries(checksums)) headers[CHECKSUM_HEADERS[alg as keyof typeof CHECKSUM_HEADERS]] = value;
  return { status: 200, headers };
};

/** S3's limit on one part, copied ones included: 5 GiB. */
const MAX_PART_BYTES = 5 * 1024 ** 3;

/**
 * PUT /bucket/key?partNumber=N&uploadId=U with x-amz-copy-source (`?versionId=`
 * for one version) and an optional `x-amz-copy-source-range: bytes=a-b`.
 */
export const uploadPartCopy: Handler = async (req, ctx) => {
  const partNumber = partNumberOf(req);
  const src = parseCopySource(header(req, 'x-amz-copy-source') ?? '');
  authorize(req.credential, src.versionId === undefined ? 's3:GetObject' : 's3:GetObjectVersion', src.bucket, src.key);
  const source = copySourceHead(ctx.store, src);
  const rangeHeader = header(req, 'x-amz-copy-source-range');
  let range;
  if (rangeHeader !== undefined) {
    const m = /^bytes=(\d+)-(\d+)$/.exec(rangeHeader.trim());
    range = m && source.size > 0 ? parseRange(rangeHeader.trim(), source.size) : undefined;
    if (!range || !m || Number(m[2]) >= source.size) {
      throw invalidArgument('The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy', 'x-amz-copy-source-range', rangeHeader);
    }
    if (range.end - range.start + 1 > MAX_PART_BYTES) {
      throw invalidArgument(`Part size must not exceed ${MAX_PART_BYTES} bytes`, 'x-amz-copy-source-range', rangeHeader);
    }
  }
  const part = await ctx.store.uploadPartCopy(bucketOf(req), keyOf(req), uploadIdOf(req), partNumber, { bucket: src.bucket, key: src.key, versionId: src.versionId ?? source.versionId, range });
  const xml = `${XML_DECL}<CopyPartResult xmlns="${S3_XMLNS}">${el('LastModified', isoDate(part.lastModified))}${el('ETag', part.etag)}</CopyPartResult>`;
  const resp = xmlResponse(xml);
  return { ...resp, headers: { ...resp.headers, ...copySourceVersionHeaders(ctx.store, src, source) } };
};

/** POST /bucket/key?uploadId=U */
export const completeMultipartUpload: Handler = async (req, ctx) => {
  const bucket = bucketOf(req);
  const key = keyOf(req);
  const uploadId = uploadIdOf(req);
  const doc = parseRequestXml(req.body, 'CompleteMultipartUpload');
  const parts = childNodes(doc, 'Part').map((p) => {
    const number = (childText(p, 'PartNumber') ?? '').trim();
    const etag = (childText(p, 'ETag') ?? '').trim();
    if (!/^\d{1,5}$/.test(number) || etag === '') throw malformedXml();
    return { partNumber: Number(number), etag };
  });
  if (parts.length === 0) throw malformedXml();
  const o = await ctx.store.completeMultipart(bucket, key, uploadId, parts);
  const location = `${ctx.endpoint()}/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
  const xml = `${XML_DECL}<CompleteMultipartUploadResult xmlns="${S3_XMLNS}">${el('Location', location)}${el('Bucket', bucket)}${el('Key', key)}${el('ETag', o.etag)}</CompleteMultipartUploadResult>`;
  const headers = { 'Content-Type': 'application/xml', 'x-amz-server-side-encryption': o.serverSideEncryption ?? 'AES256', ...versionHeaders(ctx.store, bucket, o.versionId) };
  return { ...xmlResponse(xml), headers };
};

/** DELETE /bucket/key?uploadId=U */
export const abortMultipartUpload: Handler = (req, ctx) => {
  ctx.store.abortMultipart(bucketOf(req), keyOf(req), uploadIdOf(req));
  return { status: 204 };
};

function parseLimit(value: string | undefined, name: string): number {
  if (value === undefined) return 1000;
  if (!/^\d{1,10}$/.test(value)) throw invalidArgument(`Provided ${name} not an integer or within integer range`, name, value);
  return Math.min(Number(value), 1000);
}

/** GET /bucket/key?uploadId=U (part-number-marker / max-parts paging). */
export const listParts: Handler = (req, ctx) => {
  const bucket = bucketOf(req);
  const key = keyOf(req);
  const uploadId = uploadIdOf(req);
  const maxParts = parseLimit(req.route.query.get('max-parts'), 'max-parts');
  const markerText = req.route.query.get('part-number-marker') ?? '0';
  if (!/^\d{1,10}$/.test(markerText)) throw invalidArgument('Provided part-number-marker not an integer or within integer range', 'part-number-marker', markerText);
  const marker = Number(markerText);
  const upload = ctx.store.listMultipartUploads(bucket).find((u) => u.uploadId === uploadId && u.key === key);
  const all = ctx.store.listParts(bucket, key, uploadId).filter((p) => p.partNumber > marker);
  const page = all.slice(0, maxParts);
  const truncated = all.length > page.length;
  let xml = `${XML_DECL}<ListPartsResult xmlns="${S3_XMLNS}">${el('Bucket', bucket)}${el('Key', key)}${el('UploadId', uploadId)}`;
  xml += `<Initiator>${OWNER_FIELDS}</Initiator>${OWNER_XML}`;
  xml += el('StorageClass', upload?.storageClass ?? 'STANDARD');
  xml += `${el('PartNumberMarker', marker)}${el('NextPartNumberMarker', page.length ? page[page.length - 1].partNumber : marker)}${el('MaxParts', maxParts)}${el('IsTruncated', truncated)}`;
  if (upload?.checksumAlgorithm) xml += el('ChecksumAlgorithm', upload.checksumAlgorithm);
  for (const p of page) {
    xml += `<Part>${el('PartNumber', p.partNumber)}${el('LastModified', isoDate(p.lastModified))}${el('ETag', p.etag)}${el('Size', p.size)}`;
    for (const [alg, value] of Object.entries(p.checksums ?? {})) xml += el(`Checksum${alg}`, value);
    xml += '</Part>';
  }
  xml += '</ListPartsResult>';
  return xmlResponse(xml);
};

/**
 * Whether an upload comes after the markers: keys after key-marker, or (with
 * upload-id-marker) later uploads of key-marker itself, as S3 pages them.
 */
function afterMarkers(u: MultipartUpload, all: MultipartUpload[], keyMarker: string, uploadIdMarker: string): boolean {
  if (keyMarker === '') return true;
  const c = compareKeys(u.key, keyMarker);
  if (c !== 0 || uploadIdMarker === '') return c > 0;
  const sameKey = all.filter((x) => x.key === keyMarker);
  const at = sameKey.findIndex((x) => x.uploadId === uploadIdMarker);
  return at >= 0 && sameKey.indexOf(u) > at;
}

/** GET /bucket?uploads (prefix filter, key-marker / upload-id-marker paging, max-uploads). */
export const listMultipartUploads: Handler = (req, ctx) => {
  const bucket = bucketOf(req);
  const q = req.route.query;
  const prefix = q.get('prefix') ?? '';
  const keyMarker = q.get('key-marker') ?? '';
  const uploadIdMarker = keyMarker === '' ? '' : (q.get('upload-id-marker') ?? '');
  const maxUploads = parseLimit(q.get('max-uploads'), 'max-uploads');
  // The store lists by key (S3 order), then initiation time.
  const uploads = ctx.store.listMultipartUploads(bucket);
  const all = uploads.filter((u) => u.key.startsWith(prefix) && afterMarkers(u, uploads, keyMarker, uploadIdMarker));
  const page = all.slice(0, maxUploads);
  const truncated = all.length > page.length;
  const last = page[page.length - 1];
  let xml = `${XML_DECL}<ListMultipartUploadsResult xmlns="${S3_XMLNS}">${el('Bucket', bucket)}${el('KeyMarker', keyMarker)}${el('UploadIdMarker', uploadIdMarker)}`;
  xml += `${el('NextKeyMarker', last?.key ?? '')}${el('NextUploadIdMarker', last?.uploadId ?? '')}${el('Prefix', prefix)}${el('MaxUploads', maxUploads)}${el('IsTruncated', truncated)}`;
  for (const u of page) {
    xml += `<Upload>${el('Key', u.key)}${el('UploadId', u.uploadId)}<Initiator>${OWNER_FIELDS}</Initiator>${OWNER_XML}${el('StorageClass', u.storageClass)}${el('Initiated', isoDate(u.initiated))}`;
    if (u.checksumAlgorithm) xml += el('ChecksumAlgorithm', u.checksumAlgorithm);
    xml += '</Upload>';
  }
  xml += '</ListMultipartUploadsResult>';
  return xmlResponse(xml);
};
