/**
 * Multipart uploads: create, UploadPart, UploadPartCopy, complete, abort,
 * ListParts and ListMultipartUploads.
 */
import { S3Error } from '../../store-types';
import { authorize } from '../auth';
import { CHECKSUM_HEADERS } from '../checksums';
import { bucketOf, header, invalidArgument, keyOf, OWNER_FIELDS, OWNER_XML, xmlResponse, type Handler, type S3Request } from '../context';
import { verifyIntegrity } from '../payload';
import { childNodes, childText, el, isoDate, malformedXml, parseRequestXml, S3_XMLNS, XML_DECL } from '../xml';
import { writeHeaders } from './object-headers';
import { invalidObjectState, parseRange } from './object-read';
import { parseCopySource } from './object-write';

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

/** POST /bucket/key?uploads */
export const createMultipartUpload: Handler = (req, ctx) => {
  const bucket = bucketOf(req);
  const key = keyOf(req);
  const upload = ctx.store.createMultipart(bucket, key, writeHeaders(req));
  const xml = `${XML_DECL}<InitiateMultipartUploadResult xmlns="${S3_XMLNS}">${el('Bucket', bucket)}${el('Key', key)}${el('UploadId', upload.uploadId)}</InitiateMultipartUploadResult>`;
  return xmlResponse(xml);
};

/** PUT /bucket/key?partNumber=N&uploadId=U */
export const uploadPart: Handler = async (req, ctx) => {
  const partNumber = partNumberOf(req);
  const checksums = verifyIntegrity(req.body, req.headers, req.trailers);
  const part = await ctx.store.uploadPart(bucketOf(req), keyOf(req), uploadIdOf(req), partNumber, req.body);
  const headers: Record<string, string> = { ETag: part.etag, 'x-amz-server-side-encryption': 'AES256' };
  for (const [alg, value] of Object.entries(checksums)) headers[CHECKSUM_HEADERS[alg as keyof typeof CHECKSUM_HEADERS]] = value;
  return { status: 200, headers };
};

/** PUT /bucket/key?partNumber=N&uploadId=U with x-amz-copy-source (and an optional source range). */
export const uploadPartCopy: Handler = async (req, ctx) => {
  const partNumber = partNumberOf(req);
  const src = parseCopySource(header(req, 'x-amz-copy-source') ?? '');
  authorize(req.credential, 's3:GetObject', src.bucket, src.key);
  const source = ctx.store.head(src.bucket, src.key);
  if (!ctx.store.archiveView(source).readable) throw invalidObjectState(source);
  const rangeHeader = header(req, 'x-amz-copy-source-range');
  let range;
  if (rangeHeader !== undefined) {
    range = parseRange(rangeHeader, source.size);
    const m = /^bytes=(\d+)-(\d+)$/.exec(rangeHeader);
    if (!range || !m || Number(m[2]) >= source.size) {
      throw invalidArgument('The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy', 'x-amz-copy-source-range', rangeHeader);
    }
  }
  const data = source.size === 0 ? Buffer.alloc(0) : await ctx.store.read(src.bucket, src.key, range);
  const part = await ctx.store.uploadPart(bucketOf(req), keyOf(req), uploadIdOf(req), partNumber, data);
  const xml = `${XML_DECL}<CopyPartResult xmlns="${S3_XMLNS}">${el('LastModified', isoDate(part.lastModified))}${el('ETag', part.etag)}</CopyPartResult>`;
  return xmlResponse(xml);
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
  return { ...xmlResponse(xml), headers: { 'Content-Type': 'application/xml', 'x-amz-server-side-encryption': o.serverSideEncryption ?? 'AES256' } };
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
  for (const p of page) {
    xml += `<Part>${el('PartNumber', p.partNumber)}${el('LastModified', isoDate(p.lastModified))}${el('ETag', p.etag)}${el('Size', p.size)}</Part>`;
  }
  xml += '</ListPartsResult>';
  return xmlResponse(xml);
};

/** GET /bucket?uploads (prefix filter, key-marker paging, max-uploads). */
export const listMultipartUploads: Handler = (req, ctx) => {
  const bucket = bucketOf(req);
  const q = req.route.query;
  const prefix = q.get('prefix') ?? '';
  const keyMarker = q.get('key-marker') ?? '';
  const maxUploads = parseLimit(q.get('max-uploads'), 'max-uploads');
  const all = ctx.store
    .listMultipartUploads(bucket)
    .filter((u) => u.key.startsWith(prefix) && (keyMarker === '' || u.key > keyMarker))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.initiated - b.initiated));
  const page = all.slice(0, maxUploads);
  const truncated = all.length > page.length;
  const last = page[page.length - 1];
  let xml = `${XML_DECL}<ListMultipartUploadsResult xmlns="${S3_XMLNS}">${el('Bucket', bucket)}${el('KeyMarker', keyMarker)}<UploadIdMarker></UploadIdMarker>`;
  xml += `${el('NextKeyMarker', last?.key ?? '')}${el('NextUploadIdMarker', last?.uploadId ?? '')}${el('Prefix', prefix)}${el('MaxUploads', maxUploads)}${el('IsTruncated', truncated)}`;
  for (const u of page) {
    xml += `<Upload>${el('Key', u.key)}${el('UploadId', u.uploadId)}<Initiator>${OWNER_FIELDS}</Initiator>${OWNER_XML}${el('StorageClass', u.storageClass)}${el('Initiated', isoDate(u.initiated))}</Upload>`;
  }
  xml += '</ListMultipartUploadsResult>';
  return xmlResponse(xml);
};
