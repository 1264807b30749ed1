/**
 * The one error classifier: `toIpcError` and `describeS3Error` give every
 * failure the same code, including the cases where their two tables used to
 * disagree, and neither copies the SDK's message.
 */
import { S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../shared/ipc/result';
import { classifyFailure, ThawError, toIpcError, type FailureKind } from './errors';
import { describeS3Error, type S3Operation } from './s3/describe-error';

function serviceError(name: string, status: number, attempts = 1): S3ServiceException {
  return new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status, attempts }, message: `raw ${name} message` });
}

function nodeError(code: string, name = 'Error'): Error {
  return Object.assign(new Error(`raw ${code} message`), { code, name });
}

const OP: S3Operation = { action: 's3:GetObject', bucket: 'b', key: 'k', endpoint: 'http://s3.local:9000' };

/** [what, error, kind, code]: each row once disagreed between the two tables or was missing from one. */
const CASES: [string, unknown, FailureKind, ErrorCode][] = [
  ['EAI_AGAIN (DNS not answering) is a DNS failure like ENOTFOUND', nodeError('EAI_AGAIN'), 'unreachable', 'EndpointUnreachable'],
  ['ECONNREFUSED renamed TimeoutError by the SDK handler is still unreachable', nodeError('ECONNREFUSED', 'TimeoutError'), 'unreachable', 'EndpointUnreachable'],
  ['ECONNRESET renamed TimeoutError by the SDK handler is a broken connection', nodeError('ECONNRESET', 'TimeoutError'), 'broken', 'Network'],
  ['ECONNABORTED', nodeError('ECONNABORTED'), 'broken', 'Network'],
  ['the request deadline (TimeoutError, ETIMEDOUT)', nodeError('ETIMEDOUT', 'TimeoutError'), 'timeout', 'Network'],
  ['the idle-socket timeout (TimeoutError, no code)', Object.assign(new Error('raw'), { name: 'TimeoutError' }), 'timeout', 'Network'],
  ["S3's RequestTimeout", serviceError('RequestTimeout', 400), 'timeout', 'Network'],
  ['ThrottledException', serviceError('ThrottledException', 400), 'throttled', 'Throttled'],
  ['TooManyRequestsException', serviceError('TooManyRequestsException', 400), 'throttled', 'Throttled'],
  ['BandwidthLimitExceeded', serviceError('BandwidthLimitExceeded', 509), 'throttled', 'Throttled'],
  ['a bare 429', serviceError('', 429), 'throttled', 'Throttled'],
  ['RequestExpired is a clock problem (the SDK already corrected skew once), not expired credentials', serviceError('RequestExpired', 400), 'clock-skew', 'InvalidCredentials'],
  ['ExpiredTokenException', serviceError('ExpiredTokenException', 400), 'expired', 'ExpiredCredentials'],
  ['TokenRefreshRequired', serviceError('TokenRefreshRequired', 400), 'expired', 'ExpiredCredentials'],
  ['IncompleteSignature', serviceError('IncompleteSignature', 400), 'bad-signature', 'InvalidCredentials'],
  ['a 403 named Invalid… is about the credentials, not a permission', serviceError('InvalidSecurity', 403), 'credentials-rejected', 'InvalidCredentials'],
  ['a body-less 403 (HEAD)', serviceError('Forbidden', 403), 'denied', 'AccessDenied'],
  ['ObjectAlreadyInActiveTierError is a 403 but not a permission problem', serviceError('ObjectAlreadyInActiveTierError', 403), 'not-archived', 'InvalidObjectState'],
  ['NotImplemented', serviceError('NotImplemented', 501), 'not-supported', 'NotSupported'],
  ['a bare 501', serviceError('', 501), 'not-supported', 'NotSupported'],
  ['a bare 301', serviceError('', 301), 'wrong-region', 'WrongRegion'],
  ['a 500', serviceError('InternalError', 500), 'server', 'Internal'],
  ['ABORT_ERR', nodeError('ABORT_ERR'), 'cancelled', 'Cancelled'],
  ['a plain Error', new Error('raw boom'), 'unknown', 'Internal'],
  ['a thrown string', 'raw text', 'unknown', 'Internal'],
  ['an error named like an Object method', Object.assign(new Error('raw'), { name: 'constructor' }), 'unknown', 'Internal'],
];

describe('classifyFailure', () => {
  it.each(CASES)('%s', (_what, err, kind, code) => {
    expect(classifyFailure(err)).toMatchObject({ kind, code });
  });

  it('toIpcError and describeS3Error agree on every case and copy no SDK message', () => {
    for (const [what, err, , code] of CASES) {
      const ipc = toIpcError(err);
      const described = describeS3Error(err, OP);
      expect([what, ipc.code, described.code]).toEqual([what, code, code]);
      expect([what, ipc.message, described.message].join(' ')).not.toContain('raw');
    }
  });

  it('keeps the attempts the SDK made, for the sentence', () => {
    const failure = classifyFailure(serviceError('SlowDown', 503, 5));
    expect(failure).toMatchObject({ kind: 'throttled', name: 'SlowDown', status: 503, attempts: 5 });
    expect(describeS3Error(serviceError('SlowDown', 503, 5), OP).message).toContain('after 5 attempts');
  });

  it('a timeout names the host and says it did not answer; a reset says the connection broke off', () => {
    expect(describeS3Error(Object.assign(new Error('raw'), { name: 'TimeoutError', $metadata: { attempts: 5 } }), OP).message).toBe(
      's3.local:9000 did not answer in time (5 attempts); check the network and the endpoint, then try again.',
    );
    expect(describeS3Error(nodeError('ECONNRESET', 'TimeoutError'), OP).message).toBe('The connection to s3.local:9000 broke off; try again.');
  });
});

describe('toIpcError', () => {
  it('keeps a ThawError as it is', () => {
    const err = new ThawError('NoSuchConnection', 'Connection "x" does not exist.', { connectionId: 'x' });
    expect(toIpcError(err)).toEqual({ code: 'NoSuchConnection', message: 'Connection "x" does not exist.', details: { connectionId: 'x' } });
    expect(toIpcError(new ThawError('Cancelled', 'Cancelled.'))).toEqual({ code: 'Cancelled', message: 'Cancelled.' });
  });

  it('a described S3 error keeps its sentence through toIpcError', () => {
    const described = describeS3Error(serviceError('AccessDenied', 403), { action: 's3:ListBucket', bucket: 'b' });
    expect(toIpcError(described)).toMatchObject({ code: 'AccessDenied', message: 'This identity may not list this bucket (s3:ListBucket).' });
  });
});
