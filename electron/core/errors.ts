/**
 * Thaw's own error type and the mapping of anything thrown to a stable code.
 *
 * Core services throw `ThawError` for failures they understand; everything
 * else (AWS SDK errors, Node system errors) is classified by `toIpcError`.
 * Messages never contain secrets: SDK messages are replaced by our own
 * sentences where they could echo request details.
 */
import type { ErrorCode, IpcError } from '../../shared/ipc/result';

/** A failure with a stable code and a sentence fit for a person. */
export class ThawError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: IpcError['details'],
  ) {
    super(message);
    this.name = 'ThawError';
  }
}

/** Codes S3 and STS use, mapped to Thaw's. Unlisted codes fall through to the HTTP status. */
const AWS_CODES: Record<string, ErrorCode> = {
  AccessDenied: 'AccessDenied',
  AllAccessDisabled: 'AccessDenied',
  InvalidAccessKeyId: 'InvalidCredentials',
  SignatureDoesNotMatch: 'InvalidCredentials',
  UnrecognizedClientException: 'InvalidCredentials',
  InvalidClientTokenId: 'InvalidCredentials',
  RequestTimeTooSkewed: 'InvalidCredentials',
  ExpiredToken: 'ExpiredCredentials',
  ExpiredTokenException: 'ExpiredCredentials',
  TokenRefreshRequired: 'ExpiredCredentials',
  NoSuchBucket: 'NoSuchBucket',
  NoSuchKey: 'NoSuchKey',
  NotFound: 'NoSuchKey',
  InvalidObjectState: 'InvalidObjectState',
  PermanentRedirect: 'WrongRegion',
  AuthorizationHeaderMalformed: 'WrongRegion',
  IllegalLocationConstraintException: 'WrongRegion',
  SlowDown: 'Throttled',
  Throttling: 'Throttled',
  ThrottlingException: 'Throttled',
  RequestLimitExceeded: 'Throttled',
  NotImplemented: 'NotSupported',
  AbortError: 'Cancelled',
};

const NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EAI_AGAIN', 'TimeoutError']);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);

interface AwsLikeError {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Classifies any thrown value; the message is safe to show and to log. */
export function toIpcError(err: unknown): IpcError {
  if (err instanceof ThawError) {
    return err.details ? { code: err.code, message: err.message, details: err.details } : { code: err.code, message: err.message };
  }
  const e = (err ?? {}) as AwsLikeError;
  const name = e.Code ?? e.name ?? '';
  const sys = e.code ?? '';
  const mapped = AWS_CODES[name];
  if (mapped) return { code: mapped, message: safeMessage(e, mapped) };
  if (UNREACHABLE_CODES.has(sys)) return { code: 'EndpointUnreachable', message: 'The endpoint could not be reached.' };
  if (NETWORK_CODES.has(sys) || NETWORK_CODES.has(name)) return { code: 'Network', message: 'The network connection failed.' };
  const status = e.$metadata?.httpStatusCode;
  if (status === 403) return { code: 'AccessDenied', message: 'Access denied.' };
  if (status === 404) return { code: 'NoSuchKey', message: 'Not found.' };
  if (status === 503) return { code: 'Throttled', message: 'The service asked us to slow down.' };
  return { code: 'Internal', message: 'Something went wrong inside Thaw.' };
}

function safeMessage(e: AwsLikeError, code: ErrorCode): string {
  // S3's own messages are short and fixed ("Access Denied", "The specified key does not exist.");
  // they never include credentials, but cap their length to keep them one line.
  const msg = typeof e.message === 'string' && e.message.length > 0 ? e.message : code;
  return msg.length > 300 ? `${msg.slice(0, 300)}…` : msg;
}
