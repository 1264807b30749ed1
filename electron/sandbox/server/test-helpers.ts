/**
 * Helpers for the sandbox's integration tests: an AWS SDK client pointed at
 * a running sandbox, raw HTTP requests, and catching SDK errors.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Sandbox } from '../index';
import { canonicalRequest, formatAmzDate, parseQuery, scopeString, sign, signingKey, stringToSign } from './sigv4';

/** An S3 client for the sandbox (path style), with optional overrides. */
export function clientFor(sb: Pick<Sandbox, 'endpoint' | 'region' | 'credentials'>, overrides: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    endpoint: sb.endpoint,
    region: sb.region,
    credentials: sb.credentials,
    forcePathStyle: true,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 20_000 }),
    ...overrides,
  });
}

/** What an SDK call threw, as the fields tests assert on. */
export interface CaughtS3Error {
  name: string;
  status?: number;
  attempts?: number;
  raw: Record<string, unknown>;
}

/** Runs an SDK call expected to fail and returns the error's name and status. */
export async function s3Error(p: Promise<unknown>): Promise<CaughtS3Error> {
  try {
    await p;
  } catch (err) {
    const e = err as { name: string; $metadata?: { httpStatusCode?: number; attempts?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, attempts: e.$metadata?.attempts, raw: err as Record<string, unknown> };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** A raw HTTP response. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Sends one raw request (no signing) and collects the response. */
export function rawRequest(
  endpoint: string,
  opts: { method?: string; path: string; headers?: Record<string, string | number>; body?: Buffer | string },
): Promise<RawResponse> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, agent: false },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (b: Buffer) => parts.push(b));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** The `<Code>` of an S3 error document. */
export function errorCode(body: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
}

/**
 * Signs a raw request with the sandbox's key (SigV4, header auth) so hostile
 * bodies get past authentication and reach the parsers they target.
 */
export function signedHeaders(
  sb: Pick<Sandbox, 'endpoint' | 'region' | 'credentials'>,
  method: string,
  path: string,
  extra: Record<string, string> = {},
  payloadHash = 'UNSIGNED-PAYLOAD',
): Record<string, string> {
  const now = Date.now();
  const amzDate = formatAmzDate(now);
  const headers: Record<string, string> = { host: new URL(sb.endpoint).host, 'x-amz-date': amzDate, 'x-amz-content-sha256': payloadHash };
  for (const [k, v] of Object.entries(extra)) headers[k.toLowerCase()] = v;
  const signed = Object.keys(headers).filter((h) => h === 'host' || h.startsWith('x-amz-') || h === 'content-md5').sort();
  const q = path.indexOf('?');
  const scope = { accessKeyId: sb.credentials.accessKeyId, date: amzDate.slice(0, 8), region: sb.region, service: 's3', terminal: 'aws4_request' };
  const canonical = canonicalRequest({
    method,
    rawPath: q < 0 ? path : path.slice(0, q),
    query: parseQuery(q < 0 ? '' : path.slice(q + 1)),
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    signedHeaders: signed,
    payloadHash,
  });
  const key = signingKey(sb.credentials.secretAccessKey, scope.date, sb.region, 's3');
  const signature = sign(key, stringToSign(amzDate, scopeString(scope), canonical));
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${scope.accessKeyId}/${scopeString(scope)}, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
  return headers;
}
