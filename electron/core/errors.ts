/**
 * Thaw's own error type and the one classifier of everything else thrown.
 *
 * Core services throw `ThawError` for failures they understand; AWS SDK
 * errors and Node system errors are classified here, once: `classifyFailure`
 * names what went wrong (a `FailureKind`) and the stable code it maps to.
 * `toIpcError` turns that into a generic sentence, and `describeS3Error`
 * (s3/describe-error.ts) into one that names the bucket, key and IAM action.
 * Both use the same table, so a failure never gets two different codes.
 *
 * Messages are Thaw's own sentences: the SDK's message is never copied, so
 * nothing from a request (signatures, tokens, a credential_process's output)
 * can reach the user or a log.
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

/** What went wrong, finer than the stable code: it picks the sentence. */
export type FailureKind =
  | 'cancelled'
  | 'unreachable'
  | 'timeout'
  | 'broken'
  | 'unknown-key'
  | 'bad-signature'
  | 'credentials-rejected'
  | 'clock-skew'
  | 'expired'
  | 'denied'
  | 'archived'
  | 'not-archived'
  | 'wrong-region'
  | 'throttled'
  | 'no-bucket'
  | 'no-key'
  | 'not-found'
  | 'not-supported'
  | 'server'
  | 'unknown';

/** Each kind's stable code and the sentence `toIpcError` uses when nothing more is known. */
export const FAILURE_KINDS: Record<FailureKind, { code: ErrorCode; sentence: string }> = {
  cancelled: { code: 'Cancelled', sentence: 'Cancelled.' },
  // DNS failures count here, EAI_AGAIN too: the endpoint was never reached, whatever the reason.
  unreachable: { code: 'EndpointUnreachable', sentence: 'The endpoint could not be reached.' },
  timeout: { code: 'Network', sentence: 'The endpoint did not answer in time.' },
  broken: { code: 'Network', sentence: 'The network connection broke off.' },
  'unknown-key': { code: 'InvalidCredentials', sentence: 'The endpoint does not know this access key id.' },
  'bad-signature': { code: 'InvalidCredentials', sentence: 'The request signature did not match: the secret key is wrong.' },
  'credentials-rejected': { code: 'InvalidCredentials', sentence: 'The endpoint rejected these credentials.' },
  'clock-skew': { code: 'InvalidCredentials', sentence: "This computer's clock is too far off for the endpoint to accept its requests." },
  expired: { code: 'ExpiredCredentials', sentence: 'The credentials have expired.' },
  denied: { code: 'AccessDenied', sentence: 'Access denied.' },
  archived: { code: 'InvalidObjectState', sentence: 'The object is archived; restore it first.' },
  'not-archived': { code: 'InvalidObjectState', sentence: 'The object is not archived, so there is nothing to restore.' },
  'wrong-region': { code: 'WrongRegion', sentence: 'The bucket is in another region than this request went to.' },
  throttled: { code: 'Throttled', sentence: 'The service asked us to slow down.' },
  'no-bucket': { code: 'NoSuchBucket', sentence: 'The bucket does not exist.' },
  'no-key': { code: 'NoSuchKey', sentence: 'The object does not exist.' },
  // A bare 404 (HEAD has no error document): an object unless the caller knows better.
  'not-found': { code: 'NoSuchKey', sentence: 'Not found.' },
  'not-supported': { code: 'NotSupported', sentence: 'The endpoint does not support that request.' },
  server: { code: 'Internal', sentence: 'The endpoint answered with a server error.' },
  unknown: { code: 'Internal', sentence: 'Something went wrong inside Thaw.' },
};

/**
 * Node system error codes. Checked before the error's name, because the SDK's
 * HTTP handler renames ECONNREFUSED, ECONNRESET and EPIPE to `TimeoutError`.
 */
const SYSTEM_CODES: Record<string, FailureKind> = {
  ABORT_ERR: 'cancelled',
  ECONNREFUSED: 'unreachable',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ETIMEDOUT: 'timeout',
  ESOCKETTIMEDOUT: 'timeout',
  ECONNRESET: 'broken',
  EPIPE: 'broken',
  ECONNABORTED: 'broken',
};

/** Error names (S3/STS error codes, SDK and Node error names). */
const ERROR_NAMES: Record<string, FailureKind> = {
  AbortError: 'cancelled',
  // The SDK handler's connect, idle-socket and request timeouts; S3's own idle-upload timeout.
  TimeoutError: 'timeout',
  RequestTimeout: 'timeout',
  RequestTimeoutException: 'timeout',
  InvalidAccessKeyId: 'unknown-key',
  InvalidClientTokenId: 'unknown-key',
  UnrecognizedClientException: 'unknown-key',
  SignatureDoesNotMatch: 'bad-signature',
  IncompleteSignature: 'bad-signature',
  InvalidToken: 'credentials-rejected',
  InvalidSecurity: 'credentials-rejected',
  // What survives the SDK's clock-skew correction is a clock that is really off.
  RequestTimeTooSkewed: 'clock-skew',
  RequestExpired: 'clock-skew',
  RequestInTheFuture: 'clock-skew',
  ExpiredToken: 'expired',
  ExpiredTokenException: 'expired',
  TokenRefreshRequired: 'expired',
  AccessDenied: 'denied',
  AllAccessDisabled: 'denied',
  Forbidden: 'denied',
  InvalidObjectState: 'archived',
  // 403 from RestoreObject on an object in a tier that needs no restore; not a permission problem.
  ObjectAlreadyInActiveTierError: 'not-archived',
  PermanentRedirect: 'wrong-region',
  AuthorizationHeaderMalformed: 'wrong-region',
  IllegalLocationConstraintException: 'wrong-region',
  SlowDown: 'throttled',
  Throttling: 'throttled',
  ThrottlingException: 'throttled',
  ThrottledException: 'throttled',
  RequestThrottled: 'throttled',
  RequestThrottledException: 'throttled',
  RequestLimitExceeded: 'throttled',
  TooManyRequestsException: 'throttled',
  ProvisionedThroughputExceededException: 'throttled',
  BandwidthLimitExceeded: 'throttled',
  NoSuchBucket: 'no-bucket',
  NoSuchKey: 'no-key',
  NotFound: 'not-found',
  NotImplemented: 'not-supported',
};

/** What `classifyFailure` found out about one thrown value. */
export interface Failure {
  kind: FailureKind;
  code: ErrorCode;
  /** The S3 error code or the error's name ('' when none). */
  name: string;
  /** The Node system error code ('' when none). */
  sys: string;
  status?: number;
  /** How many attempts the SDK made, when it says. */
  attempts?: number;
}

interface AwsLikeError {
  name?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/**
 * Classifies a failure that is not a ThawError: its kind and stable code.
 *
 * Order: the Node system code, then the error name, then the HTTP status
 * (403 is AccessDenied unless the name says the credentials are invalid,
 * 429 and 503 are throttling, 501 unsupported, other 5xx a server error).
 * Callers deal with ThawError first; it already carries its code.
 */
export function classifyFailure(err: unknown): Failure {
  const e = (err ?? {}) as AwsLikeError;
  const name = typeof (e.Code ?? e.name) === 'string' ? ((e.Code ?? e.name) as string) : '';
  const sys = typeof e.code === 'string' ? e.code : '';
  const status = e.$metadata?.httpStatusCode;
  const kind = lookup(SYSTEM_CODES, sys) ?? lookup(ERROR_NAMES, name) ?? kindOfStatus(status, name);
  const failure: Failure = { kind, code: FAILURE_KINDS[kind].code, name, sys };
  if (status !== undefined) failure.status = status;
  if (e.$metadata?.attempts !== undefined) failure.attempts = e.$metadata.attempts;
  return failure;
}

/** Own keys only: an error named `constructor` or `toString` is not in the table. */
function lookup(table: Record<string, FailureKind>, key: string): FailureKind | undefined {
  return key !== '' && Object.hasOwn(table, key) ? table[key] : undefined;
}

function kindOfStatus(status: number | undefined, name: string): FailureKind {
  if (status === undefined) return 'unknown';
  if (status === 301) return 'wrong-region';
  if (status === 403) return name.startsWith('Invalid') ? 'credentials-rejected' : 'denied';
  if (status === 404) return 'not-found';
  if (status === 429 || status === 503) return 'throttled';
  if (status === 501) return 'not-supported';
  if (status >= 500) return 'server';
  return 'unknown';
}

/**
 * Turns any thrown value into the IPC error shape.
 *
 * A ThawError keeps its code, message and details; anything else gets its
 * kind's code and generic sentence from `classifyFailure`. The message is
 * safe to show and to log.
 */
export function toIpcError(err: unknown): IpcError {
  if (err instanceof ThawError) {
    return err.details ? { code: err.code, message: err.message, details: err.details } : { code: err.code, message: err.message };
  }
  const { kind } = classifyFailure(err);
  return { code: FAILURE_KINDS[kind].code, message: FAILURE_KINDS[kind].sentence };
}
