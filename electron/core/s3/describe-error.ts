/**
 * S3 failures as sentences a person can act on.
 *
 * Every core service that calls S3 passes its failures through
 * `describeS3Error` with the IAM action it attempted, so an AccessDenied
 * names the permission that is missing. Sentences are Thaw's own; the SDK's
 * message is never copied, so nothing from a request (signatures, tokens)
 * can leak into what the user or a log sees.
 */
import { ThawError, toIpcError } from '../errors';

/** The IAM actions Thaw performs, as IAM spells them. */
export type S3Action =
  | 's3:ListAllMyBuckets'
  | 's3:ListBucket'
  | 's3:GetBucketLocation'
  | 's3:GetObject'
  | 's3:GetObjectTagging'
  | 's3:GetObjectAttributes'
  | 's3:PutObject'
  | 's3:DeleteObject'
  | 's3:RestoreObject'
  | 's3:AbortMultipartUpload'
  | 's3:ListMultipartUploadParts'
  | 'sts:GetCallerIdentity';

/** What was being attempted when S3 failed. */
export interface S3Operation {
  action: S3Action;
  bucket?: string;
  key?: string;
  /** The endpoint URL, to name the host when it cannot be reached. */
  endpoint?: string;
  /** The bucket's region when already known (for wrong-region sentences). */
  bucketRegion?: string;
  /** The object's storage class when already known (for InvalidObjectState). */
  storageClass?: string;
}

/** What the identity may not do, per action, completing "This identity may not …". */
const MAY_NOT: Record<S3Action, string> = {
  's3:ListAllMyBuckets': 'list buckets',
  's3:ListBucket': 'list this bucket',
  's3:GetBucketLocation': "read this bucket's region",
  's3:GetObject': 'read this object',
  's3:GetObjectTagging': "read this object's tags",
  's3:GetObjectAttributes': "read this object's attributes",
  's3:PutObject': 'upload to this bucket',
  's3:DeleteObject': 'delete objects in this bucket',
  's3:RestoreObject': 'restore archived objects in this bucket',
  's3:AbortMultipartUpload': 'abort uploads in this bucket',
  's3:ListMultipartUploadParts': 'list the parts of uploads in this bucket',
  'sts:GetCallerIdentity': 'ask STS who it is',
};

const THROTTLE_NAMES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded',
]);
const EXPIRED_NAMES = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired', 'RequestExpired']);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const BROKEN_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED']);

interface AwsLikeError {
  name?: string;
  code?: string;
  Code?: string;
  hostname?: string;
  address?: string;
  port?: number;
  Region?: string;
  StorageClass?: string;
  AccessTier?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

/**
 * Maps any failure of an S3 (or STS) call to a ThawError with a clear sentence.
 *
 * ThawErrors (e.g. from credential resolution) pass through unchanged.
 * Unrecognised failures fall back to `toIpcError`'s classification.
 */
export function describeS3Error(err: unknown, op: S3Operation): ThawError {
  if (err instanceof ThawError) return err;
  const e = (err ?? {}) as AwsLikeError;
  const name = e.Code ?? e.name ?? '';
  const sys = e.code ?? '';
  const status = e.$metadata?.httpStatusCode;
  const details: Record<string, string | number> = { action: op.action };
  if (op.bucket) details.bucket = op.bucket;
  if (op.key) details.key = op.key;
  const where = objectName(op);

  if (name === 'AbortError' || sys === 'ABORT_ERR') return new ThawError('Cancelled', 'Cancelled.', details);
  if (UNREACHABLE_CODES.has(sys) || UNREACHABLE_CODES.has(name)) {
    return new ThawError('EndpointUnreachable', `Cannot reach ${hostOf(e, op)}; check the endpoint and that it is running.`, details);
  }
  if (name === 'TimeoutError' || name === 'RequestTimeout' || sys === 'ETIMEDOUT' || sys === 'ESOCKETTIMEDOUT') {
    // The client's own timeouts (clients.ts) and S3's RequestTimeout; the SDK has already retried.
    const attempts = e.$metadata?.attempts;
    const tried = attempts && attempts > 1 ? ` (${attempts} attempts)` : '';
    return new ThawError('Network', `${hostOf(e, op)} did not answer in time${tried}; check the network and the endpoint, then try again.`, details);
  }
  if (BROKEN_CODES.has(sys)) {
    return new ThawError('Network', `The connection to ${hostOf(e, op)} broke off or timed out; try again.`, details);
  }
  if (name === 'InvalidAccessKeyId' || name === 'InvalidClientTokenId' || name === 'UnrecognizedClientException') {
    return new ThawError('InvalidCredentials', 'The access key or secret is wrong: the endpoint does not know this access key id.', details);
  }
  if (name === 'SignatureDoesNotMatch' || name === 'IncompleteSignature') {
    return new ThawError('InvalidCredentials', 'The access key or secret is wrong: the request signature did not match.', details);
  }
  if (name === 'RequestTimeTooSkewed') {
    return new ThawError('InvalidCredentials', "This computer's clock is more than 15 minutes off; correct it and try again.", details);
  }
  if (EXPIRED_NAMES.has(name)) {
    return new ThawError('ExpiredCredentials', 'The credentials have expired; sign in again (for SSO: aws sso login) and retry.', details);
  }
  if (name === 'AccessDenied' || name === 'AllAccessDisabled' || name === 'Forbidden' || (status === 403 && !name.startsWith('Invalid'))) {
    return new ThawError('AccessDenied', `This identity may not ${MAY_NOT[op.action]} (${op.action}).`, details);
  }
  if (name === 'InvalidObjectState') {
    const cls = e.StorageClass ?? op.storageClass;
    const tier = e.AccessTier ? ` (${e.AccessTier})` : '';
    return new ThawError('InvalidObjectState', `${where} is archived${cls ? ` in ${cls}${tier}` : ''}; restore it first.`, {
      ...details,
      ...(cls ? { storageClass: cls } : {}),
    });
  }
  if (name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed' || name === 'IllegalLocationConstraintException' || status === 301) {
    const region = e.Region ?? e.$response?.headers?.['x-amz-bucket-region'] ?? op.bucketRegion;
    const bucket = op.bucket ? `Bucket "${op.bucket}"` : 'This bucket';
    const sentence = region ? `${bucket} is in region ${region}, not the region this request went to.` : `${bucket} is in another region than this request went to.`;
    return new ThawError('WrongRegion', sentence, region ? { ...details, region } : details);
  }
  if (THROTTLE_NAMES.has(name) || status === 429 || status === 503) {
    const attempts = e.$metadata?.attempts;
    const tried = attempts && attempts > 1 ? ` and still refused after ${attempts} attempts` : '';
    return new ThawError('Throttled', `The endpoint is throttling requests (${name || status})${tried}; wait a minute and try again.`, details);
  }
  if (name === 'NoSuchBucket' || (status === 404 && !op.key && op.bucket && (name === 'NotFound' || name === ''))) {
    return new ThawError('NoSuchBucket', `Bucket "${op.bucket ?? '?'}" does not exist at this endpoint.`, details);
  }
  if (name === 'NoSuchKey' || (status === 404 && op.key)) {
    return new ThawError('NoSuchKey', `${where} does not exist (it may have been deleted or renamed).`, details);
  }
  if (name === 'NotImplemented' || status === 501) {
    return new ThawError('NotSupported', `This endpoint does not support that request (${op.action}).`, details);
  }
  if (status !== undefined && status >= 500) {
    return new ThawError('Internal', `The endpoint answered with a server error (${name || status}); try again.`, details);
  }
  const fallback = toIpcError(err);
  return new ThawError(fallback.code, fallback.message, details);
}

function objectName(op: S3Operation): string {
  if (op.bucket && op.key) return `s3://${op.bucket}/${op.key}`;
  if (op.key) return `"${op.key}"`;
  return 'The object';
}

/** The host to name in "Cannot reach …": from the Node error, else from the endpoint. */
function hostOf(e: AwsLikeError, op: S3Operation): string {
  if (e.hostname) return e.port ? `${e.hostname}:${e.port}` : e.hostname;
  if (e.address) return e.port ? `${e.address}:${e.port}` : e.address;
  if (op.endpoint) {
    try {
      return new URL(op.endpoint).host;
    } catch {
      // fall through to the generic name
    }
  }
  return 'the endpoint';
}
