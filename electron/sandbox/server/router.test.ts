/**
 * Request → operation mapping for path-style and `bucket.localhost` URLs.
 */
import { describe, expect, it } from 'vitest';
import { S3Error } from '../store-types';
import { route } from './router';

const op = (method: string, url: string, copy = false) => route(method, url, '127.0.0.1:9000', copy).op;

describe('route', () => {
  it.each([
    ['GET', '/', 'ListBuckets'],
    ['PUT', '/bkt', 'CreateBucket'],
    ['PUT', '/bkt/', 'CreateBucket'],
    ['HEAD', '/bkt', 'HeadBucket'],
    ['DELETE', '/bkt', 'DeleteBucket'],
    ['GET', '/bkt?location', 'GetBucketLocation'],
    ['GET', '/bkt?list-type=2&prefix=a', 'ListObjectsV2'],
    ['GET', '/bkt?prefix=a&marker=b', 'ListObjects'],
    ['GET', '/bkt?uploads', 'ListMultipartUploads'],
    ['POST', '/bkt?delete', 'DeleteObjects'],
    ['GET', '/bkt/k', 'GetObject'],
    ['GET', '/bkt/k?x-id=GetObject', 'GetObject'],
    ['HEAD', '/bkt/k', 'HeadObject'],
    ['GET', '/bkt/k?tagging', 'GetObjectTagging'],
    ['PUT', '/bkt/k', 'PutObject'],
    ['DELETE', '/bkt/k', 'DeleteObject'],
    ['POST', '/bkt/k?uploads', 'CreateMultipartUpload'],
    ['PUT', '/bkt/k?partNumber=1&uploadId=u', 'UploadPart'],
    ['POST', '/bkt/k?uploadId=u', 'CompleteMultipartUpload'],
    ['DELETE', '/bkt/k?uploadId=u', 'AbortMultipartUpload'],
    ['GET', '/bkt/k?uploadId=u', 'ListParts'],
    ['POST', '/bkt/k?restore', 'RestoreObject'],
    ['GET', '/bkt?acl', 'NotImplemented'],
    ['PUT', '/bkt/k?tagging', 'PutObjectTagging'],
    ['DELETE', '/bkt/k?tagging', 'DeleteObjectTagging'],
    ['GET', '/bkt?versions', 'ListObjectVersions'],
    ['GET', '/bkt?versions&prefix=a&key-marker=b&version-id-marker=c', 'ListObjectVersions'],
    ['GET', '/bkt?versioning', 'GetBucketVersioning'],
    ['PUT', '/bkt?versioning', 'PutBucketVersioning'],
    ['GET', '/bkt/k?versionId=abc', 'GetObject'],
    ['GET', '/bkt/k?partNumber=2', 'GetObject'],
    ['HEAD', '/bkt/k?partNumber=1&versionId=v', 'HeadObject'],
    ['DELETE', '/bkt/k?versionId=abc', 'DeleteObject'],
    ['GET', '/bkt/k?tagging&versionId=abc', 'GetObjectTagging'],
    ['GET', '/bkt?versions&uploads', 'NotImplemented'],
    ['POST', '/', 'NotImplemented'],
  ])('%s %s → %s', (method, url, expected) => {
    expect(op(method, url)).toBe(expected);
  });

  it('checks the version-specific action when a request names a version', () => {
    const action = (method: string, url: string) => route(method, url, undefined, false).action;
    expect(action('GET', '/bkt/k')).toBe('s3:GetObject');
    expect(action('GET', '/bkt/k?versionId=v')).toBe('s3:GetObjectVersion');
    expect(action('HEAD', '/bkt/k?versionId=v')).toBe('s3:GetObjectVersion');
    expect(action('DELETE', '/bkt/k?versionId=v')).toBe('s3:DeleteObjectVersion');
    expect(action('PUT', '/bkt/k?tagging&versionId=v')).toBe('s3:PutObjectVersionTagging');
    expect(action('POST', '/bkt/k?restore&versionId=v')).toBe('s3:RestoreObject');
    expect(action('GET', '/bkt?versions')).toBe('s3:ListBucketVersions');
  });

  it('routes copies by the x-amz-copy-source header', () => {
    expect(op('PUT', '/bkt/k', true)).toBe('CopyObject');
    expect(op('PUT', '/bkt/k?partNumber=2&uploadId=u', true)).toBe('UploadPartCopy');
  });

  it('decodes keys once and keeps dots, plus signs and slashes', () => {
    const r = route('GET', '/bkt/a%20b%2Bc/../%E2%82%AC%2Fx+y', undefined, false);
    expect(r.bucket).toBe('bkt');
    expect(r.key).toBe('a b+c/../€/x+y');
    expect(r.action).toBe('s3:GetObject');
  });

  it('takes the bucket from a bucket.localhost host', () => {
    const r = route('GET', '/dir/file.txt', 'my-bucket.localhost:9000', false);
    expect([r.bucket, r.key, r.op]).toEqual(['my-bucket', 'dir/file.txt', 'GetObject']);
    expect(route('GET', '/?list-type=2', 'my-bucket.localhost', false).op).toBe('ListObjectsV2');
  });

  it('answers InvalidURI for undecodable paths and queries', () => {
    for (const url of ['/bkt/%E2%82', '/bkt?prefix=%zz', 'bkt/k']) {
      let err: unknown;
      try {
        route('GET', url, undefined, false);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(S3Error);
      expect((err as S3Error).code).toBe('InvalidURI');
    }
  });
});
