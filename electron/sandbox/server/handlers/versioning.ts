/**
 * PutBucketVersioning, GetBucketVersioning and ListObjectVersions.
 *
 * ListObjectVersions answers S3's document: `Version` and `DeleteMarker`
 * elements interleaved in key order and newest first within a key (as S3
 * writes them), `IsLatest`, `NextKeyMarker` / `NextVersionIdMarker` when
 * truncated, `CommonPrefixes`, `encoding-type=url`, and `RestoreStatus` on
 * request, like ListObjectsV2.
 */
import { NULL_VERSION, S3Error, type VersioningStatus } from '../../store-types';
import { authorize } from '../auth';
import { bucketOf, OWNER_XML, xmlResponse, type Handler } from '../context';
import { requireIntegrityHeader, verifyIntegrity } from '../payload';
import { childText, el, escapeXml, etagXml, isoDate, parseRequestXml, s3UrlEncode, S3_XMLNS, XML_DECL } from '../xml';
import { parseEncoding, parseMaxKeys, restoreStatusXml, wantsRestoreStatus } from './list';

/** PUT /bucket?versioning */
export const putBucketVersioning: Handler = (req, ctx) => {
  const bucket = bucketOf(req);
  requireIntegrityHeader(req.headers, req.trailers);
  verifyIntegrity(req.body, req.headers, req.trailers);
  const doc = parseRequestXml(req.body, 'VersioningConfiguration');
  const status = childText(doc, 'Status')?.trim();
  ctx.store.getBucket(bucket);
  // A configuration without Status leaves the state as it is.
  if (status === undefined) return { status: 200 };
  if (status !== 'Enabled' && status !== 'Suspended') {
    throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  }
  ctx.store.setVersioning(bucket, status as VersioningStatus);
  return { status: 200 };
};

/** GET /bucket?versioning: an empty configuration until versioning was first set. */
export const getBucketVersioning: Handler = (req, ctx) => {
  const status = ctx.store.getVersioning(bucketOf(req));
  const inner = status ? el('Status', status) : '';
  return xmlResponse(`${XML_DECL}<VersioningConfiguration xmlns="${S3_XMLNS}">${inner}</VersioningConfiguration>`);
};

/** GET /bucket?versions */
export const listObjectVersions: Handler = (req, ctx) => {
  const bucket = bucketOf(req);
  const q = req.route.query;
  const prefix = q.get('prefix') ?? '';
  authorize(req.credential, 's3:ListBucketVersions', bucket, prefix);
  const delimiter = q.get('delimiter') || undefined;
  const encode = parseEncoding(q.get('encoding-type'));
  const maxKeys = parseMaxKeys(q.get('max-keys'));
  const restoreStatus = wantsRestoreStatus(req);
  const keyMarker = q.get('key-marker') ?? '';
  const versionIdMarker = q.get('version-id-marker') ?? '';
  const page = ctx.store.listVersions(bucket, { prefix: prefix || undefined, delimiter, keyMarker: keyMarker || undefined, versionIdMarker: versionIdMarker || undefined, maxKeys });
  const e = encode ? s3UrlEncode : escapeXml;
  let xml = `${XML_DECL}<ListVersionsResult xmlns="${S3_XMLNS}">${el('Name', bucket)}<Prefix>${e(prefix)}</Prefix><KeyMarker>${e(keyMarker)}</KeyMarker>${el('VersionIdMarker', versionIdMarker)}`;
  if (page.isTruncated) {
    if (page.nextKeyMarker !== undefined) xml += `<NextKeyMarker>${e(page.nextKeyMarker)}</NextKeyMarker>`;
    if (page.nextVersionIdMarker !== undefined) xml += el('NextVersionIdMarker', page.nextVersionIdMarker);
  }
  xml += `<MaxKeys>${maxKeys}</MaxKeys>`;
  if (delimiter !== undefined) xml += `<Delimiter>${e(delimiter)}</Delimiter>`;
  if (encode) xml += '<EncodingType>url</EncodingType>';
  xml += `<IsTruncated>${page.isTruncated}</IsTruncated>`;
  let prefixes = '';
  for (const entry of page.entries) {
    if (entry.kind === 'prefix') {
      prefixes += `<CommonPrefixes><Prefix>${e(entry.prefix)}</Prefix></CommonPrefixes>`;
    } else if (entry.kind === 'marker') {
      const m = entry.marker;
      xml += `<DeleteMarker>${OWNER_XML}<Key>${e(m.key)}</Key>${el('VersionId', m.versionId ?? NULL_VERSION)}<IsLatest>${entry.isLatest}</IsLatest>${el('LastModified', isoDate(m.lastModified))}</DeleteMarker>`;
    } else {
      const o = entry.object;
      xml += `<Version><Key>${e(o.key)}</Key>${el('VersionId', o.versionId ?? NULL_VERSION)}<IsLatest>${entry.isLatest}</IsLatest><LastModified>${isoDate(o.lastModified)}</LastModified><ETag>${etagXml(o.etag)}</ETag>`;
      for (const alg in o.checksums) xml += `<ChecksumAlgorithm>${alg}</ChecksumAlgorithm>`;
      if (o.checksumType !== undefined) xml += `<ChecksumType>${o.checksumType}</ChecksumType>`;
      xml += `<Size>${o.size}</Size><StorageClass>${o.storageClass}</StorageClass>${OWNER_XML}`;
      if (restoreStatus && o.restore !== undefined) xml += restoreStatusXml(ctx.store, o);
      xml += '</Version>';
    }
  }
  xml += `${prefixes}</ListVersionsResult>`;
  return xmlResponse(xml);
};
