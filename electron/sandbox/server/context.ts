/**
 * Types shared by the server and its operation handlers, plus small helpers
 * every handler uses (headers, owner element, argument errors).
 */
import { S3Error, type SandboxStore } from '../store-types';
import type { SandboxCredential } from './auth';
import type { FaultController } from './faults';
import type { Route } from './router';
import { el } from './xml';

/** Counters the benchmarks read (issue #4: the server must not be the bottleneck). */
export interface SandboxStats {
  requests: number;
  /** ListObjects / ListObjectsV2 pages served. */
  listPages: number;
  /** Keys and common prefixes in those pages. */
  listEntries: number;
  /** Process CPU time spent building those pages (store lookup plus XML), µs. */
  listCpuMicros: number;
  /** Wall time of the same work, µs. */
  listWallMicros: number;
}

/** What handlers may use besides the request. */
export interface ServerContext {
  store: SandboxStore;
  region: string;
  /** `http://127.0.0.1:PORT`, for Location values. */
  endpoint(): string;
  faults: FaultController;
  stats: SandboxStats;
}

/** One authenticated request with its decoded body. */
export interface S3Request {
  method: string;
  route: Route;
  /** Lower-cased header name → all values. */
  headers: Record<string, string[] | undefined>;
  body: Buffer;
  trailers: Record<string, string>;
  requestId: string;
  credential: SandboxCredential;
}

/** A response body produced chunk by chunk (objects too large for one Buffer). */
export interface StreamedBody {
  /** Total bytes the chunks add up to (the Content-Length). */
  length: number;
  /** The chunks; `return()` is called whenever the body is not sent to the end. */
  chunks: AsyncIterableIterator<Buffer>;
}

/** A response before faults are applied. */
export interface S3Response {
  status: number;
  headers?: Record<string, string | number>;
  body?: Buffer | string;
  /** Instead of `body`: a streamed one. */
  stream?: StreamedBody;
}

/** An operation handler. */
export type Handler = (req: S3Request, ctx: ServerContext) => S3Response | Promise<S3Response>;

/** First value of a header. */
export function header(req: S3Request, name: string): string | undefined {
  return req.headers[name]?.[0];
}

/** The canonical ID the sandbox reports as every object's owner. */
export const OWNER_ID = '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a';

/** ID and DisplayName elements of the owner (also used for `<Initiator>`). */
export const OWNER_FIELDS = `${el('ID', OWNER_ID)}${el('DisplayName', 'sandbox')}`;

/** `<Owner>` with ID and DisplayName, precomputed for the listing hot path. */
export const OWNER_XML = `<Owner>${OWNER_FIELDS}</Owner>`;

/** 400 InvalidArgument naming the argument, as S3 does. */
export function invalidArgument(message: string, name: string, value?: string): S3Error {
  const extra: Record<string, string> = { ArgumentName: name };
  if (value !== undefined) extra.ArgumentValue = value;
  return new S3Error(400, 'InvalidArgument', message, extra);
}

/** The bucket of a bucket or object route (the router guarantees one). */
export function bucketOf(req: S3Request): string {
  if (req.route.bucket === undefined) throw new S3Error(400, 'InvalidRequest', 'Missing bucket name');
  return req.route.bucket;
}

/** The key of an object route (the router guarantees one). */
export function keyOf(req: S3Request): string {
  if (req.route.key === undefined) throw new S3Error(400, 'InvalidRequest', 'Missing object key');
  return req.route.key;
}

/**
 * The `versionId` query parameter, if any.
 *
 * S3 refuses an empty one rather than treating it as absent.
 */
export function versionIdParam(req: S3Request): string | undefined {
  const v = req.route.query.get('versionId');
  if (v === '') throw invalidArgument('Version id cannot be the empty string', 'versionId', '');
  return v;
}

/** An XML 200 response. */
export function xmlResponse(body: string, status = 200): S3Response {
  return { status, headers: { 'Content-Type': 'application/xml' }, body };
}
