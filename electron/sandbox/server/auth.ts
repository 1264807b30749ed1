/**
 * Who is calling and whether they may: SigV4 verification of the
 * Authorization header and of presigned URLs, with the error each failure
 * gets on AWS, and the sandbox's per-key policy (allowed actions, prefixes).
 *
 * The request body is checked later (auth returns how: a signed hash, signed
 * chunks, or nothing), because the header signature can be verified before
 * reading a 5 GiB body.
 */
import { S3Error } from '../store-types';
import type { Route } from './router';
import {
  ALGORITHM,
  canonicalRequest,
  canonicalUri,
  parseAmzDate,
  parseAuthorization,
  parseCredential,
  scopeString,
  sign,
  signaturesEqual,
  signingKey,
  stringToSign,
  type CredentialScope,
} from './sigv4';

/** What a key may do in the sandbox (the subset of IAM tests need). */
export interface SandboxPolicy {
  /** Allowed actions: `s3:GetObject`, `s3:Get*`, `s3:*`. Default: all. */
  actions?: string[];
  /** Allowed key prefixes for object operations and listing `prefix`. Default: all. */
  prefixes?: string[];
  /** Allowed buckets. Default: all. */
  buckets?: string[];
  /**
   * Refusals checked after the allow lists, like IAM's explicit Deny: any
   * rule that matches answers 403 AccessDenied even where the lists allow.
   */
  deny?: SandboxDenyRule[];
}

/**
 * One explicit denial in a `SandboxPolicy`.
 *
 * Matches when the action matches (`s3:RestoreObject`, `s3:Put*`, `*`) and
 * every given scope matches: the bucket is one of `buckets`, the key (or the
 * listing's `prefix`) starts with one of `prefixes`. A scoped rule never
 * matches a request without that scope, so `prefixes: ['denied/']` on
 * `s3:ListBucket` refuses listing `denied/…` but not listing the whole
 * bucket, as an IAM Deny conditioned on `s3:prefix` would.
 */
export interface SandboxDenyRule {
  actions: string[];
  prefixes?: string[];
  buckets?: string[];
}

/** One access key the sandbox accepts. */
export interface SandboxCredential {
  accessKeyId: string;
  secretAccessKey: string;
  policy?: SandboxPolicy;
  /** Answer every request of this key with 400 ExpiredToken, like an expired STS session (tests flip it mid-job). */
  expired?: boolean;
}

/** How the payload must be verified once read. */
export type PayloadCheck =
  | { kind: 'none' }
  | { kind: 'sha256'; hash: string }
  | { kind: 'streaming-unsigned-trailer' }
  | { kind: 'streaming-signed'; trailer: boolean; seedSignature: string; key: Buffer; amzDate: string; scope: string };

/** A caller that passed signature checks. */
export interface AuthResult {
  credential: SandboxCredential;
  payload: PayloadCheck;
}

/** Inputs of `authenticate`. */
export interface AuthRequest {
  method: string;
  route: Route;
  /** Lower-cased header name → all values. */
  headers: Record<string, string[] | undefined>;
  /** Wall-clock now (signatures use real time, not the store's clock). */
  now: number;
}

/** Largest allowed clock difference between client and server. */
export const MAX_SKEW_MS = 15 * 60_000;
/** Longest presigned URL lifetime SigV4 accepts. */
export const MAX_PRESIGN_SECONDS = 604_800;

const STREAMING_MODES = new Set([
  'UNSIGNED-PAYLOAD',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
]);

function first(headers: AuthRequest['headers'], name: string): string | undefined {
  return headers[name]?.[0];
}

function accessDenied(message = 'Access Denied'): S3Error {
  return new S3Error(403, 'AccessDenied', message);
}

function queryParamsError(message: string, extra: Record<string, string> = {}): S3Error {
  return new S3Error(400, 'AuthorizationQueryParametersError', message, extra);
}

function imfFromAmz(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Verifies one signature against every canonical form S3 would accept.
 *
 * Clients encode paths differently (some leave `!` or `*` bare); S3's answer
 * is to re-encode, but a client that signed its path exactly as sent must
 * also pass, so the raw path is tried when it differs.
 */
function checkSignature(
  req: AuthRequest,
  scope: CredentialScope,
  amzDate: string,
  signedHeaders: string[],
  payloadHash: string,
  provided: string,
  secret: string,
  omitQuery?: string,
): Buffer {
  const key = signingKey(secret, scope.date, scope.region, scope.service);
  const scopeText = scopeString(scope);
  const base = { method: req.method, rawPath: req.route.rawPath, query: req.route.pairs, headers: req.headers, signedHeaders, payloadHash, omitQuery };
  const canonical = canonicalRequest(base);
  const sts = stringToSign(amzDate, scopeText, canonical);
  if (signaturesEqual(sign(key, sts), provided)) return key;
  if (canonicalUri(req.route.rawPath) !== req.route.rawPath) {
    const literal = stringToSign(amzDate, scopeText, canonicalRequest({ ...base, literalPath: true }));
    if (signaturesEqual(sign(key, literal), provided)) return key;
  }
  throw new S3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', {
    AWSAccessKeyId: scope.accessKeyId,
    StringToSign: sts,
    SignatureProvided: provided,
    CanonicalRequest: canonical,
  });
}

function checkScope(scope: CredentialScope, region: string, presigned: boolean): void {
  const prefix = presigned ? 'Error parsing the X-Amz-Credential parameter;' : 'The authorization header is malformed;';
  const code = presigned ? 'AuthorizationQueryParametersError' : 'AuthorizationHeaderMalformed';
  if (scope.region !== region) {
    throw new S3Error(400, code, `${prefix} the region '${scope.region}' is wrong; expecting '${region}'`, { Region: region });
  }
  if (scope.service !== 's3') throw new S3Error(400, code, `${prefix} incorrect service "${scope.service}". This endpoint belongs to "s3".`);
  if (scope.terminal !== 'aws4_request') throw new S3Error(400, code, `${prefix} incorrect terminal "${scope.terminal}". This endpoint uses "aws4_request".`);
}

function findKey(keys: Map<string, SandboxCredential>, id: string): SandboxCredential {
  const cred = keys.get(id);
  if (!cred) {
    throw new S3Error(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: id });
  }
  return cred;
}

function headerAuth(req: AuthRequest, keys: Map<string, SandboxCredential>, region: string, header: string): AuthResult {
  if (header.startsWith('AWS ')) {
    throw new S3Error(400, 'InvalidRequest', 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.');
  }
  const parsed = parseAuthorization(header);
  if (!parsed) throw new S3Error(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.');
  const { credential: scope } = parsed;
  checkScope(scope, region, false);
  const cred = findKey(keys, scope.accessKeyId);

  const amzDate = first(req.headers, 'x-amz-date');
  const dateHeader = first(req.headers, 'date');
  const when = amzDate !== undefined ? parseAmzDate(amzDate) : dateHeader !== undefined ? Date.parse(dateHeader) : Number.NaN;
  if (!Number.isFinite(when)) throw accessDenied('AWS authentication requires a valid Date or x-amz-date header');
  const signedDate = amzDate ?? imfFromAmz(when).replace(/[-:]/g, '');
  if (signedDate.slice(0, 8) !== scope.date) {
    throw new S3Error(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; Invalid credential date "${scope.date}". This date is not the same as X-Amz-Date: "${signedDate.slice(0, 8)}".`);
  }
  if (Math.abs(req.now - when) > MAX_SKEW_MS) {
    throw new S3Error(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', {
      RequestTime: amzDate ?? dateHeader ?? '',
      ServerTime: new Date(req.now).toISOString(),
      MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
    });
  }
  if (!parsed.signedHeaders.includes('host')) throw accessDenied('Host must be a signed header');

  const contentSha = first(req.headers, 'x-amz-content-sha256');
  if (contentSha === undefined) throw new S3Error(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  if (!STREAMING_MODES.has(contentSha) && !/^[0-9a-f]{64}$/.test(contentSha)) {
    throw new S3Error(400, 'InvalidArgument', 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, or a valid sha256 value.', {
      ArgumentName: 'x-amz-content-sha256',
      ArgumentValue: contentSha,
    });
  }

  const key = checkSignature(req, scope, signedDate, parsed.signedHeaders, contentSha, parsed.signature, cred.secretAccessKey);
  let payload: PayloadCheck;
  if (contentSha === 'UNSIGNED-PAYLOAD') payload = { kind: 'none' };
  else if (contentSha === 'STREAMING-UNSIGNED-PAYLOAD-TRAILER') payload = { kind: 'streaming-unsigned-trailer' };
  else if (contentSha.startsWith('STREAMING-AWS4')) {
    payload = { kind: 'streaming-signed', trailer: contentSha.endsWith('-TRAILER'), seedSignature: parsed.signature, key, amzDate: signedDate, scope: scopeString(scope) };
  } else payload = { kind: 'sha256', hash: contentSha };
  return { credential: cred, payload };
}

function presignedAuth(req: AuthRequest, keys: Map<string, SandboxCredential>, region: string): AuthResult {
  const q = req.route.query;
  const algorithm = q.get('X-Amz-Algorithm');
  const credentialText = q.get('X-Amz-Credential');
  const amzDate = q.get('X-Amz-Date');
  const expiresText = q.get('X-Amz-Expires');
  const signedHeadersText = q.get('X-Amz-SignedHeaders');
  const signature = q.get('X-Amz-Signature');
  if (!credentialText || !amzDate || !expiresText || !signedHeadersText || !signature) {
    throw queryParamsError('Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
  }
  if (algorithm !== ALGORITHM) throw queryParamsError('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  const scope = parseCredential(credentialText);
  if (!scope) throw queryParamsError('Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  checkScope(scope, region, true);
  const when = parseAmzDate(amzDate);
  if (!Number.isFinite(when)) throw queryParamsError("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  if (!/^\d+$/.test(expiresText)) throw queryParamsError('X-Amz-Expires should be a number');
  const expires = Number(expiresText);
  if (expires > MAX_PRESIGN_SECONDS) throw queryParamsError(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGN_SECONDS}`);
  const cred = findKey(keys, scope.accessKeyId);
  if (when - req.now > MAX_SKEW_MS) throw accessDenied('Request is not valid yet');
  if (req.now > when + expires * 1000) {
    throw new S3Error(403, 'AccessDenied', 'Request has expired', {
      'X-Amz-Expires': expiresText,
      Expires: imfFromAmz(when + expires * 1000),
      ServerTime: imfFromAmz(req.now),
    });
  }
  const signedHeaders = signedHeadersText.split(';');
  if (!signedHeaders.includes('host')) throw accessDenied('Host must be a signed header');
  checkSignature(req, scope, amzDate, signedHeaders, 'UNSIGNED-PAYLOAD', signature, cred.secretAccessKey, 'X-Amz-Signature');
  return { credential: cred, payload: { kind: 'none' } };
}

/**
 * Authenticates a request against the configured keys.
 *
 * Throws the S3 error AWS gives for each failure: AccessDenied for anonymous
 * requests, InvalidAccessKeyId, SignatureDoesNotMatch,
 * AuthorizationHeaderMalformed (wrong region, with `Region`),
 * RequestTimeTooSkewed, and AccessDenied "Request has expired".
 */
export function authenticate(req: AuthRequest, keys: Map<string, SandboxCredential>, region: string): AuthResult {
  const header = first(req.headers, 'authorization');
  const presigned = req.route.query.has('X-Amz-Algorithm') || req.route.query.has('X-Amz-Signature');
  if (header !== undefined && presigned) {
    throw new S3Error(400, 'InvalidArgument', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified', {
      ArgumentName: 'Authorization',
    });
  }
  if (header !== undefined) return headerAuth(req, keys, region, header);
  if (presigned) return presignedAuth(req, keys, region);
  if (req.route.query.has('AWSAccessKeyId')) {
    throw new S3Error(400, 'InvalidRequest', 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.');
  }
  throw accessDenied();
}

function actionAllowed(allowed: string[], action: string): boolean {
  return allowed.some((a) => a === action || a === '*' || (a.endsWith('*') && action.startsWith(a.slice(0, -1))));
}

function denies(rule: SandboxDenyRule, action: string, bucket: string | undefined, keyOrPrefix: string | undefined): boolean {
  if (!actionAllowed(rule.actions, action)) return false;
  if (rule.buckets && (bucket === undefined || !rule.buckets.includes(bucket))) return false;
  if (rule.prefixes && (keyOrPrefix === undefined || !rule.prefixes.some((p) => keyOrPrefix.startsWith(p)))) return false;
  return true;
}

/**
 * Throws AccessDenied unless the key's policy allows `action` on the bucket and key (or listing prefix).
 *
 * The allow lists are checked first, then the `deny` rules; both refuse
 * with the same bare 403 AccessDenied, as S3 does not say which statement
 * refused.
 */
export function authorize(cred: SandboxCredential, action: string, bucket?: string, keyOrPrefix?: string): void {
  const policy = cred.policy;
  if (!policy) return;
  if (policy.actions && !actionAllowed(policy.actions, action)) throw accessDenied();
  if (bucket !== undefined && policy.buckets && !policy.buckets.includes(bucket)) throw accessDenied();
  if (keyOrPrefix !== undefined && policy.prefixes && !policy.prefixes.some((p) => keyOrPrefix.startsWith(p))) throw accessDenied();
  if (policy.deny?.some((rule) => denies(rule, action, bucket, keyOrPrefix))) throw accessDenied();
}
