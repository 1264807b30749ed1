import { InvalidObjectState, NoSuchBucket, NoSuchKey, S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { ThawError } from '../errors';
import { describeS3Error } from './describe-error';

/** An SDK-shaped service error as the S3 client throws it for an error document. */
function serviceError(name: string, status: number, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): S3ServiceException {
  const e = new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status, attempts: 1 }, message: `raw ${name} message` });
  Object.assign(e, extra);
  Object.defineProperty(e, '$response', { value: { statusCode: status, headers }, enumerable: false });
  return e;
}

function nodeError(code: string, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${code} raw`), { code, ...fields });
}

describe('describeS3Error', () => {
  it('AccessDenied names the missing permission, per action', () => {
    const denied = serviceError('AccessDenied', 403);
    expect(describeS3Error(denied, { action: 's3:ListBucket', bucket: 'b' })).toMatchObject({
      code: 'AccessDenied',
      message: 'This identity may not list this bucket (s3:ListBucket).',
      details: { action: 's3:ListBucket', bucket: 'b' },
    });
    expect(describeS3Error(denied, { action: 's3:GetObject', bucket: 'b', key: 'k' }).message).toBe('This identity may not read this object (s3:GetObject).');
    expect(describeS3Error(denied, { action: 's3:RestoreObject', bucket: 'b', key: 'k' }).message).toBe(
      'This identity may not restore archived objects in this bucket (s3:RestoreObject).',
    );
    expect(describeS3Error(denied, { action: 's3:ListAllMyBuckets' }).message).toBe('This identity may not list buckets (s3:ListAllMyBuckets).');
  });

  it('a body-less 403 (HEAD requests) is AccessDenied too', () => {
    const e = serviceError('Forbidden', 403);
    expect(describeS3Error(e, { action: 's3:GetObject', bucket: 'b', key: 'k' }).code).toBe('AccessDenied');
  });

  it('wrong keys: InvalidAccessKeyId and SignatureDoesNotMatch, without echoing the string to sign', () => {
    const sig = serviceError('SignatureDoesNotMatch', 403, { StringToSign: 'AWS4-HMAC-SHA256\n…', SignatureProvided: 'abcdef0123' });
    const d = describeS3Error(sig, { action: 's3:ListBucket', bucket: 'b' });
    expect(d.code).toBe('InvalidCredentials');
    expect(d.message).toMatch(/^The access key or secret is wrong/);
    expect(JSON.stringify([d.message, d.details])).not.toContain('abcdef0123');
    expect(describeS3Error(serviceError('InvalidAccessKeyId', 403), { action: 's3:ListBucket' })).toMatchObject({
      code: 'InvalidCredentials',
      message: expect.stringMatching(/^The access key or secret is wrong/),
    });
  });

  it('expired credentials', () => {
    expect(describeS3Error(serviceError('ExpiredToken', 400), { action: 's3:ListBucket' })).toMatchObject({ code: 'ExpiredCredentials' });
  });

  it('wrong region, with the region from the error document or the x-amz-bucket-region header', () => {
    const fromBody = serviceError('AuthorizationHeaderMalformed', 400, { Region: 'eu-central-1' });
    expect(describeS3Error(fromBody, { action: 's3:ListBucket', bucket: 'data' })).toMatchObject({
      code: 'WrongRegion',
      message: 'Bucket "data" is in region eu-central-1, not the region this request went to.',
      details: { region: 'eu-central-1' },
    });
    const redirect = serviceError('PermanentRedirect', 301, {}, { 'x-amz-bucket-region': 'ap-south-1' });
    expect(describeS3Error(redirect, { action: 's3:GetObject', bucket: 'data', key: 'k' }).message).toContain('ap-south-1');
    const unknown = serviceError('PermanentRedirect', 301);
    expect(describeS3Error(unknown, { action: 's3:GetObject', bucket: 'data' }).message).toBe('Bucket "data" is in another region than this request went to.');
  });

  it('unreachable endpoint names the host', () => {
    const refused = nodeError('ECONNREFUSED', { address: '127.0.0.1', port: 9 });
    expect(describeS3Error(refused, { action: 's3:ListAllMyBuckets' })).toMatchObject({
      code: 'EndpointUnreachable',
      message: 'Cannot reach 127.0.0.1:9; check the endpoint and that it is running.',
    });
    const dns = nodeError('ENOTFOUND', { hostname: 'minio.internal' });
    expect(describeS3Error(dns, { action: 's3:ListAllMyBuckets' }).message).toContain('Cannot reach minio.internal');
    const bare = nodeError('ECONNREFUSED');
    expect(describeS3Error(bare, { action: 's3:ListAllMyBuckets', endpoint: 'http://s3.local:9000/' }).message).toContain('Cannot reach s3.local:9000');
  });

  it('throttling after retries says how many attempts were made', () => {
    const slow = serviceError('SlowDown', 503);
    slow.$metadata.attempts = 6;
    expect(describeS3Error(slow, { action: 's3:ListBucket', bucket: 'b' })).toMatchObject({
      code: 'Throttled',
      message: 'The endpoint is throttling requests (SlowDown) and still refused after 6 attempts; wait a minute and try again.',
    });
  });

  it('NoSuchBucket, NoSuchKey and a HEAD 404', () => {
    const nsb = new NoSuchBucket({ $metadata: { httpStatusCode: 404 }, message: 'x' });
    expect(describeS3Error(nsb, { action: 's3:ListBucket', bucket: 'gone' })).toMatchObject({ code: 'NoSuchBucket', message: 'Bucket "gone" does not exist at this endpoint.' });
    const nsk = new NoSuchKey({ $metadata: { httpStatusCode: 404 }, message: 'x' });
    expect(describeS3Error(nsk, { action: 's3:GetObject', bucket: 'b', key: 'a/b.txt' }).message).toBe('s3://b/a/b.txt does not exist (it may have been deleted or renamed).');
    const head404 = serviceError('NotFound', 404);
    expect(describeS3Error(head404, { action: 's3:GetObject', bucket: 'b', key: 'k' }).code).toBe('NoSuchKey');
    expect(describeS3Error(head404, { action: 's3:ListBucket', bucket: 'b' }).code).toBe('NoSuchBucket');
  });

  it('InvalidObjectState says the object is archived and must be restored', () => {
    const e = new InvalidObjectState({ $metadata: { httpStatusCode: 403 }, message: 'x', StorageClass: 'GLACIER' });
    expect(describeS3Error(e, { action: 's3:GetObject', bucket: 'b', key: 'shard-1.tar' })).toMatchObject({
      code: 'InvalidObjectState',
      message: 's3://b/shard-1.tar is archived in GLACIER; restore it first.',
      details: { storageClass: 'GLACIER' },
    });
    const it2 = new InvalidObjectState({ $metadata: { httpStatusCode: 403 }, message: 'x', StorageClass: 'INTELLIGENT_TIERING', AccessTier: 'DEEP_ARCHIVE_ACCESS' });
    expect(describeS3Error(it2, { action: 's3:GetObject', bucket: 'b', key: 'k' }).message).toContain('INTELLIGENT_TIERING (DEEP_ARCHIVE_ACCESS)');
  });

  it('cancellation, resets and server errors', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(describeS3Error(abort, { action: 's3:GetObject' }).code).toBe('Cancelled');
    expect(describeS3Error(nodeError('ECONNRESET', { address: '10.0.0.1', port: 443 }), { action: 's3:GetObject' })).toMatchObject({
      code: 'Network',
      message: expect.stringContaining('10.0.0.1:443'),
    });
    expect(describeS3Error(serviceError('InternalError', 500), { action: 's3:GetObject' }).message).toContain('server error (InternalError)');
  });

  it('ThawErrors pass through unchanged', () => {
    const original = new ThawError('SsoLoginRequired', 'Run "aws sso login --profile p" and try again.');
    expect(describeS3Error(original, { action: 's3:ListBucket' })).toBe(original);
  });

  it('never copies the SDK message', () => {
    for (const name of ['AccessDenied', 'SlowDown', 'InvalidAccessKeyId', 'NoSuchBucket', 'InternalError', 'ExpiredToken']) {
      const status = name === 'SlowDown' ? 503 : name === 'InternalError' ? 500 : 403;
      expect(describeS3Error(serviceError(name, status), { action: 's3:ListBucket', bucket: 'b' }).message).not.toContain('raw');
    }
  });
});
