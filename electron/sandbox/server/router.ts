/**
 * Maps an HTTP request to an S3 operation: bucket and key from a path-style
 * URL (or a `bucket.localhost` host), the operation from the method and
 * sub-resources, and the IAM action a policy is checked against.
 */
import { S3Error } from '../store-types';
import { parseQuery, type QueryPair } from './sigv4';

/** A request resolved to an S3 operation. */
export interface Route {
  /** S3 operation name (`ListObjectsV2`), or `NotImplemented`. */
  op: string;
  /** IAM action (`s3:ListBucket`); empty for NotImplemented. */
  action: string;
  bucket?: string;
  key?: string;
  /** First value of each query parameter, decoded. */
  query: Map<string, string>;
  pairs: QueryPair[];
  /** Path as received, still percent-encoded, without the query. */
  rawPath: string;
  rawQuery: string;
  /** The operation that was not implemented, for the error message. */
  unsupported?: string;
}

/** Query names S3 treats as sub-resources (a request with one is a different operation). */
const SUBRESOURCES = new Set([
  'accelerate', 'acl', 'analytics', 'attributes', 'cors', 'delete', 'encryption', 'intelligent-tiering', 'inventory',
  'legal-hold', 'lifecycle', 'location', 'logging', 'metadataTable', 'metrics', 'notification', 'object-lock',
  'ownershipControls', 'partNumber', 'policy', 'policyStatus', 'publicAccessBlock', 'renameObject', 'replication',
  'requestPayment', 'restore', 'retention', 'select', 'session', 'tagging', 'torrent', 'uploadId', 'uploads',
  'versioning', 'versions', 'website',
]);

/** IAM action of every implemented operation. */
export const OPERATION_ACTIONS: Record<string, string> = {
  ListBuckets: 's3:ListAllMyBuckets',
  CreateBucket: 's3:CreateBucket',
  HeadBucket: 's3:ListBucket',
  DeleteBucket: 's3:DeleteBucket',
  GetBucketLocation: 's3:GetBucketLocation',
  ListObjects: 's3:ListBucket',
  ListObjectsV2: 's3:ListBucket',
  ListMultipartUploads: 's3:ListBucketMultipartUploads',
  ListObjectVersions: 's3:ListBucketVersions',
  GetBucketVersioning: 's3:GetBucketVersioning',
  PutBucketVersioning: 's3:PutBucketVersioning',
  DeleteObjects: 's3:DeleteObject',
  HeadObject: 's3:GetObject',
  GetObject: 's3:GetObject',
  GetObjectTagging: 's3:GetObjectTagging',
  PutObjectTagging: 's3:PutObjectTagging',
  DeleteObjectTagging: 's3:DeleteObjectTagging',
  PutObject: 's3:PutObject',
  CopyObject: 's3:PutObject',
  DeleteObject: 's3:DeleteObject',
  CreateMultipartUpload: 's3:PutObject',
  UploadPart: 's3:PutObject',
  UploadPartCopy: 's3:PutObject',
  CompleteMultipartUpload: 's3:PutObject',
  AbortMultipartUpload: 's3:AbortMultipartUpload',
  ListParts: 's3:ListMultipartUploadParts',
  RestoreObject: 's3:RestoreObject',
};

/** The action S3 checks instead when the request names a version (`?versionId=`). */
const VERSION_ACTIONS: Record<string, string> = {
  GetObject: 's3:GetObjectVersion',
  HeadObject: 's3:GetObjectVersion',
  DeleteObject: 's3:DeleteObjectVersion',
  GetObjectTagging: 's3:GetObjectVersionTagging',
  PutObjectTagging: 's3:PutObjectVersionTagging',
  DeleteObjectTagging: 's3:DeleteObjectVersionTagging',
};

/** The IAM action of an operation, version-specific when a versionId is given. */
export function actionOf(op: string, query: Map<string, string>): string {
  if (query.has('versionId') && VERSION_ACTIONS[op]) return VERSION_ACTIONS[op];
  return OPERATION_ACTIONS[op] ?? '';
}

function decodePathPart(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI.");
  }
}

function subresourcesOf(query: Map<string, string>): string[] {
  const out: string[] = [];
  for (const name of query.keys()) if (SUBRESOURCES.has(name)) out.push(name);
  return out;
}

function serviceOp(method: string): string {
  return method === 'GET' ? 'ListBuckets' : `NotImplemented:${method} /`;
}

function bucketOp(method: string, query: Map<string, string>): string {
  const subs = subresourcesOf(query);
  const only = (name: string) => subs.length === 1 && subs[0] === name;
  switch (method) {
    case 'GET':
      if (subs.length === 0) return query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
      if (only('location')) return 'GetBucketLocation';
      if (only('uploads')) return 'ListMultipartUploads';
      if (only('versions')) return 'ListObjectVersions';
      if (only('versioning')) return 'GetBucketVersioning';
      break;
    case 'HEAD':
      if (subs.length === 0) return 'HeadBucket';
      break;
    case 'PUT':
      if (subs.length === 0) return 'CreateBucket';
      if (only('versioning')) return 'PutBucketVersioning';
      break;
    case 'DELETE':
      if (subs.length === 0) return 'DeleteBucket';
      break;
    case 'POST':
      if (only('delete')) return 'DeleteObjects';
      break;
  }
  return `NotImplemented:${method} ?${subs.join('&')}`;
}

function objectOp(method: string, query: Map<string, string>, copySource: boolean): string {
  const subs = subresourcesOf(query);
  const only = (name: string) => subs.length === 1 && subs[0] === name;
  switch (method) {
    case 'GET':
      // GetObject and HeadObject take partNumber as a parameter (one part of a multipart object).
      if (subs.length === 0 || only('partNumber')) return 'GetObject';
      if (only('uploadId')) return 'ListParts';
      if (only('tagging')) return 'GetObjectTagging';
      break;
    case 'HEAD':
      if (subs.length === 0 || only('partNumber')) return 'HeadObject';
      break;
    case 'PUT':
      if (subs.length === 0) return copySource ? 'CopyObject' : 'PutObject';
      if (subs.length === 2 && query.has('partNumber') && query.has('uploadId')) return copySource ? 'UploadPartCopy' : 'UploadPart';
      if (only('tagging')) return 'PutObjectTagging';
      break;
    case 'POST':
      if (only('uploads')) return 'CreateMultipartUpload';
      if (only('uploadId')) return 'CompleteMultipartUpload';
      if (only('restore')) return 'RestoreObject';
      break;
    case 'DELETE':
      if (subs.length === 0) return 'DeleteObject';
      if (only('uploadId')) return 'AbortMultipartUpload';
      if (only('tagging')) return 'DeleteObjectTagging';
      break;
  }
  return `NotImplemented:${method} object${subs.length ? ` ?${subs.join('&')}` : ''}`;
}

/** The bucket named by a virtual-host style Host header (`bucket.localhost:9000`), if any. */
export function bucketFromHost(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  const m = /^(.+)\.localhost$/.exec(name);
  return m ? m[1] : undefined;
}

/**
 * Resolves a request.
 *
 * Throws InvalidURI for undecodable paths or queries; unknown operations
 * come back as `op: 'NotImplemented'` so the server can answer 501 after
 * authenticating, as S3 does.
 */
export function route(method: string, url: string, host: string | undefined, copySource: boolean): Route {
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  if (!rawPath.startsWith('/')) throw new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI.");
  let pairs: QueryPair[];
  try {
    pairs = parseQuery(rawQuery);
  } catch {
    throw new S3Error(400, 'InvalidURI', "Couldn't parse the specified URI.");
  }
  const query = new Map<string, string>();
  for (const p of pairs) if (!query.has(p.name)) query.set(p.name, p.value);

  let bucket: string | undefined;
  let key: string | undefined;
  const hostBucket = bucketFromHost(host);
  if (hostBucket) {
    bucket = hostBucket;
    const rest = rawPath.slice(1);
    if (rest !== '') key = decodePathPart(rest);
  } else {
    const slash = rawPath.indexOf('/', 1);
    const rawBucket = slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash);
    if (rawBucket !== '') bucket = decodePathPart(rawBucket);
    if (slash >= 0 && slash + 1 < rawPath.length) key = decodePathPart(rawPath.slice(slash + 1));
  }

  let op: string;
  if (bucket === undefined) op = serviceOp(method);
  else if (key === undefined) op = bucketOp(method, query);
  else op = objectOp(method, query, copySource);

  const base: Route = { op, action: actionOf(op, query), bucket, key, query, pairs, rawPath, rawQuery };
  if (op.startsWith('NotImplemented:')) return { ...base, op: 'NotImplemented', unsupported: op.slice('NotImplemented:'.length) };
  return base;
}
