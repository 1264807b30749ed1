/**
 * S3 failures as sentences a person can act on.
 *
 * Every core service that calls S3 passes its failures through
 * `describeS3Error` with the IAM action it attempted, so an AccessDenied
 * names the permission that is missing. Sentences are Thaw's own; the SDK's
 * message is never copied, so nothing from a request (signatures, tokens)
 * can leak into what the user or a log sees.
 */
import type { ErrorCode } from '../../../shared/ipc/result';
import { classifyFailure, FAILURE_KINDS, ThawError, type Failure } from '../errors';

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

interface S3ErrorFields {
  hostname?: string;
  address?: string;
  port?: number;
  Region?: string;
  StorageClass?: string;
  AccessTier?: string;
  $response?: { headers?: Record<string, string | undefined> };
}

/**
 * Maps any failure of an S3 (or STS) call to a ThawError with a clear sentence.
 *
 * ThawErrors (e.g. from credential resolution) pass through unchanged. The
 * code comes from `classifyFailure` (errors.ts), the same table `toIpcError`
 * uses; this adds what the operation knows: the host, the bucket and key,
 * the IAM action, the storage class, the attempts the SDK made.
 */
export function describeS3Error(err: unknown, op: S3Operation): ThawError {
  if (err instanceof ThawError) return err;
  const f = classifyFailure(err);
  const e = (err ?? {}) as S3ErrorFields;
  const details: Record<string, string | number> = { action: op.action };
  if (op.bucket) details.bucket = op.bucket;
  if (op.key) details.key = op.key;
  const sentence = sentenceFor(f, e, op, details);
  return new ThawError(sentence.code ?? f.code, sentence.text, sentence.details ?? details);
}

interface Sentence {
  text: string;
  /** Set when the operation refines the kind's code (a bare 404 of a bucket). */
  code?: ErrorCode;
  details?: Record<string, string | number>;
}

function sentenceFor(f: Failure, e: S3ErrorFields, op: S3Operation, details: Record<string, string | number>): Sentence {
  const where = objectName(op);
  const tried = f.attempts && f.attempts > 1 ? f.attempts : 0;
  switch (f.kind) {
    case 'cancelled':
      return { text: 'Cancelled.' };
    case 'unreachable':
      return { text: `Cannot reach ${hostOf(e, op)}; check the endpoint and that it is running.` };
    case 'timeout':
      // The client's own timeouts (clients.ts) and S3's RequestTimeout; the SDK has already retried.
      return { text: `${hostOf(e, op)} did not answer in time${tried ? ` (${tried} attempts)` : ''}; check the network and the endpoint, then try again.` };
    case 'broken':
      return { text: `The connection to ${hostOf(e, op)} broke off; try again.` };
    case 'unknown-key':
      return { text: 'The access key or secret is wrong: the endpoint does not know this access key id.' };
    case 'bad-signature':
      return { text: 'The access key or secret is wrong: the request signature did not match.' };
    case 'credentials-rejected':
      return { text: `The endpoint rejected these credentials (${f.name || f.status}).` };
    case 'clock-skew':
      return { text: "This computer's clock is more than 15 minutes off; correct it and try again." };
    case 'expired':
      return { text: 'The credentials have expired; sign in again (for SSO: aws sso login) and retry.' };
    case 'denied':
      return { text: `This identity may not ${MAY_NOT[op.action]} (${op.action}).` };
    case 'archived': {
      const cls = e.StorageClass ?? op.storageClass;
      const tier = e.AccessTier ? ` (${e.AccessTier})` : '';
      return { text: `${where} is archived${cls ? ` in ${cls}${tier}` : ''}; restore it first.`, details: { ...details, ...(cls ? { storageClass: cls } : {}) } };
    }
    case 'not-archived':
      return { text: `${where} is not in an archive tier, so there is nothing to restore.` };
    case 'wrong-region': {
      const region = e.Region ?? e.$response?.headers?.['x-amz-bucket-region'] ?? op.bucketRegion;
      const bucket = op.bucket ? `Bucket "${op.bucket}"` : 'This bucket';
      const text = region ? `${bucket} is in region ${region}, not the region this request went to.` : `${bucket} is in another region than this request went to.`;
      return { text, details: region ? { ...details, region } : details };
    }
    case 'throttled': {
      const still = tried ? ` and still refused after ${tried} attempts` : '';
      return { text: `The endpoint is throttling requests (${f.name || f.status})${still}; wait a minute and try again.` };
    }
    case 'no-bucket':
      return { text: `Bucket "${op.bucket ?? '?'}" does not exist at this endpoint.` };
    case 'no-key':
      return { text: `${where} does not exist (it may have been deleted or renamed).` };
    case 'not-found':
      // HEAD answers a bare 404: about the key when there is one, else about the bucket.
      if (op.key) return { text: `${where} does not exist (it may have been deleted or renamed).`, code: 'NoSuchKey' };
      if (op.bucket && (f.name === 'NotFound' || f.name === '')) return { text: `Bucket "${op.bucket}" does not exist at this endpoint.`, code: 'NoSuchBucket' };
      return { text: FAILURE_KINDS['not-found'].sentence };
    case 'not-supported':
      return { text: `This endpoint does not support that request (${op.action}).` };
    case 'server':
      return { text: `The endpoint answered with a server error (${f.name || f.status}); try again.` };
    case 'unknown':
      return { text: FAILURE_KINDS.unknown.sentence };
  }
}

function objectName(op: S3Operation): string {
  if (op.bucket && op.key) return `s3://${op.bucket}/${op.key}`;
  if (op.key) return `"${op.key}"`;
  return 'The object';
}

/** The host to name in "Cannot reach …": from the Node error, else from the endpoint. */
function hostOf(e: S3ErrorFields, op: S3Operation): string {
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
