/**
 * S3 clients: one per (connection, region), tuned for parallel listing, with
 * per-bucket region discovery.
 *
 * Every client gets keep-alive agents with 256 sockets (Node's default of 50
 * would queue parallel listers, which run up to that many requests at once),
 * adaptive retries so SlowDown is retried with backoff before anyone sees it,
 * timeouts so no call can hang a job that runs for hours, and the
 * connection's addressing and checksum settings. Region discovery asks once
 * per bucket and caches the answer, so services just ask for "the client for
 * this bucket".
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { GetBucketLocationCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { ChecksumMode } from '../../../shared/ipc/connections';
import { classifyFailure, ThawError, type FailureKind } from '../errors';
import { describeS3Error } from './describe-error';

/** Sockets per client; parallel listers and transfers run up to this many requests at once. */
export const MAX_SOCKETS = 256;
/** Attempts per request, first one included; throttling and 5xx are retried with backoff in between. */
export const MAX_ATTEMPTS = 5;
/** How long to wait for a TCP connection before calling the endpoint unreachable. */
export const CONNECT_TIMEOUT_MS = 10_000;
/**
 * How long a socket may see no traffic in either direction before the request fails.
 *
 * In @smithy/node-http-handler 4.x `socketTimeout` is `socket.setTimeout`: an
 * inactivity timer, reset by every byte read or written, kept from connect
 * until the response body has been read. It is the guard against a stalled
 * endpoint and a half-open socket at any point of a call, body included, and
 * never limits a download that keeps moving. 60 s is botocore's read timeout.
 */
export const SOCKET_TIMEOUT_MS = 60_000;
/**
 * The longest a request may take to be sent and answered with response headers.
 *
 * In this handler version `requestTimeout` is not an idle timer: it starts when
 * the request is issued and is cleared when the response headers arrive, so it
 * bounds sending the request body (an upload part) plus the wait for the
 * answer, and does not cover the response body; it only throws when
 * `throwOnRequestTimeout` is set. It catches an endpoint that trickles bytes
 * (so the socket never goes idle) but never answers. 15 minutes leaves room
 * for a 16 MB part on a ~150 kbit/s link. (It also bounds the wait for
 * `100 Continue`, but only with the handler's own agents; with ours the body
 * is sent at once.)
 */
export const REQUEST_TIMEOUT_MS = 15 * 60_000;

/** Timeouts of one client, in ms; the defaults above unless a test or benchmark injects others. */
export interface S3Timeouts {
  connectMs: number;
  socketMs: number;
  requestMs: number;
}

/** Knobs of `createS3Client` beyond the connection itself. */
export interface S3ClientOptions {
  /** Overrides some timeouts (tests use ~1 s to see a stall fail quickly). */
  timeouts?: Partial<S3Timeouts>;
  /** Attempts per request, first one included (default `MAX_ATTEMPTS`). */
  maxAttempts?: number;
  /** What the client is for (default `interactive`); see `ClientUse`. */
  use?: ClientUse;
}

/**
 * What a client's requests are for.
 *
 * `interactive` (browsing, plans, transfers' single calls) retries in the
 * SDK's adaptive mode, which slows the whole client down when the endpoint
 * throttles. `bulk` is for jobs that pace themselves (a restore job's own
 * token bucket halves its rate on SlowDown): adaptive pacing on top of that
 * collapsed a job to about a dozen requests a second under 5% SlowDown, so
 * bulk clients retry in standard mode and leave the pacing to the job.
 */
export type ClientUse = 'interactive' | 'bulk';

/** Everything needed to build a client for one connection. */
export interface ClientTarget {
  connectionId: string;
  /** Custom endpoint URL; undefined for AWS itself. */
  endpoint?: string;
  /** The connection's default region (used for bucket listing and discovery). */
  region: string;
  pathStyle: boolean;
  checksumMode: ChecksumMode;
  credentials: AwsCredentialIdentityProvider;
}

/**
 * Builds one tuned client.
 *
 * Exposed for benchmarks and tests that need a client outside the cache.
 * Every call is bounded: a connect timeout, an idle-socket timeout and a
 * deadline for the response headers. A timeout throws the SDK's
 * `TimeoutError`, which its retry strategy treats as transient, so a stall
 * costs a retry before anyone sees it; `describeS3Error` calls what is left
 * after the last attempt `Network`.
 */
export function createS3Client(target: ClientTarget, region = target.region, options: S3ClientOptions = {}): S3Client {
  const whenRequired = target.checksumMode === 'when-required';
  const t: S3Timeouts = { connectMs: CONNECT_TIMEOUT_MS, socketMs: SOCKET_TIMEOUT_MS, requestMs: REQUEST_TIMEOUT_MS, ...options.timeouts };
  return new S3Client({
    region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    forcePathStyle: target.pathStyle,
    credentials: target.credentials,
    // The connection says where to go; never pick up endpoint_url from whichever profile AWS_PROFILE names.
    ignoreConfiguredEndpointUrls: true,
    // A safety net behind region discovery: a stale cached region still reaches the bucket.
    followRegionRedirects: true,
    retryMode: options.use === 'bulk' ? 'standard' : 'adaptive',
    maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS,
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
      connectionTimeout: t.connectMs,
      socketTimeout: t.socketMs,
      requestTimeout: t.requestMs,
      // Without it the handler only logs a warning when requestTimeout passes (it once meant "idle", and old configs rely on that).
      throwOnRequestTimeout: true,
    }),
    ...(whenRequired ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
  });
}

/** What S3 answers for GetBucketLocation, as a region name. */
export function regionFromLocationConstraint(constraint: string | undefined | null): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

interface RegionHintError {
  name?: string;
  Region?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

function regionHint(err: unknown): string | undefined {
  const e = (err ?? {}) as RegionHintError;
  return e.$response?.headers?.['x-amz-bucket-region'] ?? e.Region ?? undefined;
}

function isNotFound(err: unknown): boolean {
  const e = (err ?? {}) as RegionHintError;
  return e.name === 'NoSuchBucket' || (e.$metadata?.httpStatusCode === 404 && (e.name === 'NotFound' || e.name === 'NoSuchBucket'));
}

/** What region discovery learnt about a bucket. */
export interface BucketProbe {
  region: string;
  /** True when S3 said the bucket exists (HeadBucket 200, or a 403 that named its region). */
  exists: boolean;
  /** How the region was found; `assumed` means nothing told us and the connection's region is used. */
  source: 'head' | 'location' | 'redirect' | 'assumed';
}

/**
 * Finds a bucket's region with the connection's default client.
 *
 * HeadBucket first (one request; AWS names the region in `x-amz-bucket-region`
 * on 200, 301, 400 and 403), then GetBucketLocation for endpoints that do not
 * send the header. A bucket that does not exist throws NoSuchBucket.
 */
export async function probeBucket(client: S3Client, target: ClientTarget, bucket: string): Promise<BucketProbe> {
  let exists = false;
  try {
    const out = await client.send(new HeadBucketCommand({ Bucket: bucket }));
    exists = true;
    if (out.BucketRegion) return { region: out.BucketRegion, exists, source: 'head' };
  } catch (err) {
    if (isNotFound(err)) throw describeS3Error(err, { action: 's3:ListBucket', bucket, endpoint: target.endpoint });
    const hinted = regionHint(err);
    if (hinted) return { region: hinted, exists: true, source: 'redirect' };
    if (isHopeless(err)) throw describeS3Error(err, { action: 's3:ListBucket', bucket, endpoint: target.endpoint });
  }
  try {
    const out = await client.send(new GetBucketLocationCommand({ Bucket: bucket }));
    return { region: regionFromLocationConstraint(out.LocationConstraint), exists: true, source: 'location' };
  } catch (err) {
    if (isNotFound(err)) throw describeS3Error(err, { action: 's3:GetBucketLocation', bucket, endpoint: target.endpoint });
    const hinted = regionHint(err);
    if (hinted) return { region: hinted, exists: true, source: 'redirect' };
    if (isHopeless(err)) throw describeS3Error(err, { action: 's3:GetBucketLocation', bucket, endpoint: target.endpoint });
    // Denied or unsupported: the bucket may still be usable with narrower permissions, in the connection's region.
    return { region: target.region, exists, source: 'assumed' };
  }
}

/** Kinds of failure that the next request would meet too: wrong or expired credentials, no route, no answer. */
const HOPELESS = new Set<FailureKind>(['cancelled', 'unreachable', 'timeout', 'broken', 'unknown-key', 'bad-signature', 'credentials-rejected', 'clock-skew', 'expired']);

/** True when trying GetBucketLocation after a failed HeadBucket would only fail (slowly) the same way. */
function isHopeless(err: unknown): boolean {
  // By name too: a ThawError from the credential provider may reach us through the SDK's middleware.
  return err instanceof ThawError || (err as { name?: unknown } | null)?.name === 'ThawError' || HOPELESS.has(classifyFailure(err).kind);
}

/**
 * The client cache: one client per (connection, region), and each bucket's region.
 *
 * Concurrent callers share one in-flight discovery per bucket. `forget` drops
 * a connection's clients (after its settings change or it is deleted).
 */
export class S3Clients {
  private readonly clients = new Map<string, S3Client>();
  private readonly regions = new Map<string, Promise<string>>();

  /** `options` apply to every client the cache builds (tests inject short timeouts). */
  constructor(private readonly options: S3ClientOptions = {}) {}

  /** The client for a connection in a region (its default region when omitted). */
  client(target: ClientTarget, region = target.region, use: ClientUse = 'interactive'): S3Client {
    const key = `${target.connectionId}\u0000${region}\u0000${use}`;
    let client = this.clients.get(key);
    if (!client) {
      client = createS3Client(target, region, { ...this.options, use });
      this.clients.set(key, client);
    }
    return client;
  }

  /** The bucket's region, discovered once per (connection, bucket) and cached. */
  bucketRegion(target: ClientTarget, bucket: string): Promise<string> {
    const key = `${target.connectionId}\u0000${bucket}`;
    let pending = this.regions.get(key);
    if (!pending) {
      pending = probeBucket(this.client(target), target, bucket).then((p) => p.region);
      this.regions.set(key, pending);
      // A failed discovery is not cached: the next call asks again.
      pending.catch(() => {
        if (this.regions.get(key) === pending) this.regions.delete(key);
      });
    }
    return pending;
  }

  /** Records a region learnt elsewhere (e.g. from a probe while adding a bucket). */
  rememberRegion(connectionId: string, bucket: string, region: string): void {
    this.regions.set(`${connectionId}\u0000${bucket}`, Promise.resolve(region));
  }

  /** The region already known for a bucket, without asking S3. */
  async knownRegion(connectionId: string, bucket: string): Promise<string | undefined> {
    const pending = this.regions.get(`${connectionId}\u0000${bucket}`);
    return pending ? pending.catch(() => undefined) : undefined;
  }

  /** The client for a bucket's own region. */
  async clientForBucket(target: ClientTarget, bucket: string, use: ClientUse = 'interactive'): Promise<S3Client> {
    return this.client(target, await this.bucketRegion(target, bucket), use);
  }

  /** Drops a connection's clients (closing their sockets) and its cached regions. */
  forget(connectionId: string): void {
    const prefix = `${connectionId}\u0000`;
    for (const [key, client] of this.clients) {
      if (key.startsWith(prefix)) {
        client.destroy();
        this.clients.delete(key);
      }
    }
    for (const key of this.regions.keys()) if (key.startsWith(prefix)) this.regions.delete(key);
  }

  /** Closes every client. */
  destroyAll(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
    this.regions.clear();
  }
}
