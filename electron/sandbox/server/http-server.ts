/**
 * The sandbox's HTTP server: one request's life from routing through
 * authentication, body reading, faults and the operation handler to the
 * response (or S3 error document), with the connection bookkeeping that lets
 * `close()` end keep-alive sockets at once.
 *
 * Nothing a client sends may crash the process: every failure becomes an S3
 * error, and anything unexpected a 500 InternalError.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { S3Error } from '../store-types';
import { authenticate, authorize, type SandboxCredential } from './auth';
import type { Handler, S3Request, S3Response, ServerContext } from './context';
import type { FaultDecision } from './faults';
import { listBuckets, createBucket, headBucket, deleteBucket, getBucketLocation } from './handlers/buckets';
import { listObjectsV1, listObjectsV2 } from './handlers/list';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
  uploadPartCopy,
} from './handlers/multipart';
import { getObject, headObject } from './handlers/object-read';
import { copyObject, deleteObject, deleteObjects, parseRestoreRequest, putObject, restoreObject } from './handlers/object-write';
import { deleteObjectTagging, getObjectTagging, putObjectTagging } from './handlers/tagging';
import { getBucketVersioning, listObjectVersions, putBucketVersioning } from './handlers/versioning';
import { bodyLimitFor, BodyTooLarge, decodePayload, readBody } from './payload';
import type { TokenBucket } from './rate-limit';
import type { LoggedFault, RequestLogFields, RequestLogRecorder } from './request-log';
import { route, type Route } from './router';
import { createResponder } from './send';
import { errorDocument } from './xml';

const HANDLERS: Record<string, Handler> = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  GetBucketLocation: getBucketLocation,
  ListObjects: listObjectsV1,
  ListObjectsV2: listObjectsV2,
  ListMultipartUploads: listMultipartUploads,
  ListObjectVersions: listObjectVersions,
  GetBucketVersioning: getBucketVersioning,
  PutBucketVersioning: putBucketVersioning,
  DeleteObjects: deleteObjects,
  HeadObject: headObject,
  GetObject: getObject,
  GetObjectTagging: getObjectTagging,
  PutObjectTagging: putObjectTagging,
  DeleteObjectTagging: deleteObjectTagging,
  PutObject: putObject,
  CopyObject: copyObject,
  DeleteObject: deleteObject,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
  RestoreObject: restoreObject,
};

/** Operations whose policy check needs the body or the query, done by the handler itself. */
const SELF_AUTHORIZING = new Set(['ListObjects', 'ListObjectsV2', 'ListObjectVersions', 'DeleteObjects']);

/** Options of `createS3Server`. */
export interface S3ServerOptions {
  ctx: ServerContext;
  keys: Map<string, SandboxCredential>;
  quiet?: boolean;
  /** Records every answered request when present. */
  requestLog?: RequestLogRecorder;
  /** Account-wide RestoreObject limit; requests over it get 503 SlowDown without running. */
  restoreRate?: TokenBucket;
}

/** The running server and its shutdown. */
export interface S3Server {
  server: Server;
  listen(port: number, host: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

function requestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

function baseHeaders(id: string, hostId: string): Record<string, string> {
  return { 'x-amz-request-id': id, 'x-amz-id-2': hostId, Date: new Date().toUTCString(), Server: 'AmazonS3' };
}

function errorResponse(err: S3Error, method: string, resource: string, id: string, hostId: string): S3Response {
  if (method === 'HEAD') return { status: err.status, headers: { ...err.headers } };
  const body = errorDocument({ code: err.code, message: err.message, resource, requestId: id, hostId, extra: err.extra });
  return { status: err.status, headers: { ...err.headers, 'Content-Type': 'application/xml' }, body };
}

function faultOf(decision: FaultDecision | undefined): LoggedFault | undefined {
  if (!decision) return undefined;
  if (decision.error) return decision.error;
  if (decision.resetBeforeResponse) return 'reset';
  if (decision.midBody) return decision.midBody.kind === 'reset' ? 'reset-mid-body' : decision.midBody.kind;
  return undefined;
}

/** The request details the log keeps for reads and parts: Range, If-Match, partNumber, versionId. */
function readFields(r: Route, headers: IncomingMessage['headers']): Pick<RequestLogFields, 'range' | 'ifMatch' | 'partNumber' | 'versionId' | 'copySourceRange'> {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const part = r.query.get('partNumber');
  return {
    range: r.op === 'GetObject' || r.op === 'HeadObject' ? one(headers.range) : undefined,
    ifMatch: r.op === 'GetObject' || r.op === 'HeadObject' ? one(headers['if-match']) : undefined,
    partNumber: part !== undefined && /^\d{1,5}$/.test(part) ? Number(part) : undefined,
    versionId: r.query.get('versionId'),
    copySourceRange: r.op === 'UploadPartCopy' ? one(headers['x-amz-copy-source-range']) : undefined,
  };
}

/** What faults filtered by bucket and key see of a request: its key, or a listing's prefix. */
function faultTarget(r: Route): { bucket?: string; key?: string } {
  return { bucket: r.bucket, key: r.key ?? (r.bucket !== undefined ? r.query.get('prefix') : undefined) };
}

/** Tier and Days of a RestoreObject body for the log; a body the handler will reject logs neither. */
function restoreFields(body: Buffer): Pick<RequestLogFields, 'restoreTier' | 'restoreDays'> {
  try {
    const r = parseRestoreRequest(body);
    return { restoreTier: r.tier, restoreDays: r.days };
  } catch {
    return {};
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Creates the server; call `listen` to start it. */
export function createS3Server(options: S3ServerOptions): S3Server {
  const { ctx, keys, requestLog, restoreRate } = options;
  const responder = createResponder();
  let closing = false;

  const log = (msg: string) => {
    if (!options.quiet) console.error(`[sandbox] ${msg}`);
  };

  const write = responder.send;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    ctx.stats.requests += 1;
    const id = requestId();
    const hostId = randomBytes(24).toString('base64');
    const base = baseHeaders(id, hostId);
    const method = req.method ?? 'GET';
    let resource = (req.url ?? '/').split('?')[0];
    let r: Route | undefined;
    let decision: FaultDecision | undefined;
    // What the log needs, gathered as the request gets further.
    let accessKeyId: string | undefined;
    let ran = false;
    let rateLimited = false;
    let restore: Pick<RequestLogFields, 'restoreTier' | 'restoreDays'> = {};
    let reads: ReturnType<typeof readFields> | undefined;
    const note = (status: number, errorCode?: string) => {
      requestLog?.record({
        op: r?.op ?? 'Unknown',
        bucket: r?.bucket,
        key: r?.key,
        status,
        errorCode,
        ran,
        fault: rateLimited ? 'restore-rate' : faultOf(decision),
        ...restore,
        accessKeyId,
        ...reads,
      });
    };
    try {
      r = route(method, req.url ?? '/', req.headers.host, req.headers['x-amz-copy-source'] !== undefined);
      resource = r.rawPath;
      if (requestLog) reads = readFields(r, req.headers);
      const headers = req.headersDistinct as Record<string, string[] | undefined>;
      const auth = authenticate({ method, route: r, headers, now: Date.now() }, keys, ctx.region);
      if (auth.credential.expired) throw new S3Error(400, 'ExpiredToken', 'The provided token has expired.');
      accessKeyId = auth.credential.accessKeyId;
      if (r.op === 'NotImplemented') {
        throw new S3Error(501, 'NotImplemented', 'A header you provided implies functionality that is not implemented', { Operation: r.unsupported ?? '' });
      }
      if (!SELF_AUTHORIZING.has(r.op)) authorize(auth.credential, r.action, r.bucket, r.key);
      const raw = await readBody(req, r.op, bodyLimitFor(r.op));
      const { body, trailers } = decodePayload(raw, headers, auth.payload);
      if (requestLog && r.op === 'RestoreObject') restore = restoreFields(body);
      decision = ctx.faults.decide(r.op, faultTarget(r));
      if (decision.delayMs > 0) await sleep(decision.delayMs);
      if (decision.error === 'internal-error') throw new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.');
      if (decision.error === 'slowdown') throw new S3Error(503, 'SlowDown', 'Please reduce your request rate.');
      if (decision.resetBeforeResponse) {
        req.socket.resetAndDestroy();
        note(0);
        return;
      }
      // Only a restore that would otherwise run spends a token; the refused ones change nothing.
      if (r.op === 'RestoreObject' && restoreRate && !restoreRate.tryTake()) {
        rateLimited = true;
        throw new S3Error(503, 'SlowDown', 'Please reduce your request rate.');
      }
      const s3req: S3Request = { method, route: r, headers, body, trailers, requestId: id, credential: auth.credential };
      ran = true;
      const resp = await HANDLERS[r.op](s3req, ctx);
      note(write(req, res, resp, base, decision));
    } catch (err) {
      let forceClose = false;
      let s3err: S3Error;
      if (err instanceof BodyTooLarge) {
        s3err = err.s3;
        forceClose = err.mustClose;
      } else if (err instanceof S3Error) {
        s3err = err;
      } else {
        log(`internal error on ${method} ${req.url}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        s3err = new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.');
      }
      // Error answers may still be delayed, reset or stalled by the rules that fired.
      note(write(req, res, errorResponse(s3err, method, resource, id, hostId), base, decision, forceClose), s3err.code);
    }
  }

  const server = createServer({ requireHostHeader: false }, (req, res) => {
    if (closing) {
      req.socket.destroy();
      return;
    }
    handle(req, res).catch((err: unknown) => {
      log(`unhandled: ${String(err)}`);
      if (!res.headersSent) res.destroy();
    });
  });

  // Node's 5 s default races clients that reuse idle keep-alive sockets (a reset on
  // reuse); S3 keeps them longer. close() ends idle sockets itself.
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 60_000;

  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const id = requestId();
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const s3err = tooLarge
      ? new S3Error(400, 'RequestHeaderSectionTooLarge', 'Your request header section exceeds the maximum allowed size.')
      : new S3Error(400, 'BadRequest', 'An error occurred when parsing the HTTP request.');
    const body = errorDocument({ code: s3err.code, message: s3err.message, requestId: id, hostId: '', extra: s3err.extra });
    socket.end(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `x-amz-request-id: ${id}\r\nDate: ${new Date().toUTCString()}\r\nServer: AmazonS3\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    async close() {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      responder.wakeAll();
      await closed;
    },
  };
}
