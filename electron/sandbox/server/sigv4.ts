/**
 * AWS Signature Version 4 as S3 checks it: canonical request, string to
 * sign, signing key, and the parsing of the Authorization header and of
 * presigned query parameters.
 *
 * Pure functions only; deciding what a failure means (which S3 error) lives
 * in auth.ts so this file can be unit-tested against known vectors.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The only algorithm S3 accepts for SigV4. */
export const ALGORITHM = 'AWS4-HMAC-SHA256';

/** SHA-256 of the empty string, used by streaming chunk signatures. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** One `name=value` pair of a query string, decoded. */
export interface QueryPair {
  name: string;
  value: string;
}

/** The credential scope `AKID/20240101/us-east-1/s3/aws4_request`, split. */
export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminal: string;
}

/** The parts of `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
export interface ParsedAuthorization {
  credential: CredentialScope;
  signedHeaders: string[];
  signature: string;
}

/** Hex SHA-256. */
export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

const signingKeys = new Map<string, Buffer>();

/**
 * The derived signing key for a secret, day, region and service.
 *
 * Cached because every request of a day derives the same key four HMACs deep.
 */
export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const id = `${date}\n${region}\n${service}\n${secret}`;
  let key = signingKeys.get(id);
  if (!key) {
    if (signingKeys.size > 256) signingKeys.clear();
    key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
    signingKeys.set(id, key);
  }
  return key;
}

/** Hex HMAC-SHA256 of a string to sign. */
export function sign(key: Buffer, stringToSign: string): string {
  return hmac(key, stringToSign).toString('hex');
}

/** Compares two hex signatures in constant time (for equal lengths). */
export function signaturesEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ba.length !== bb.length) return false;
  return timingSafeEqual(ba, bb);
}

/** RFC 3986 encoding as SigV4 wants it: everything but `A-Za-z0-9-_.~`. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * The canonical URI of a raw request path.
 *
 * S3 neither normalises the path (`//`, `..` stay) nor double-encodes it:
 * each segment is decoded once and re-encoded with RFC 3986, which gives the
 * same string whether a client sent `!` or `%21`.
 */
export function canonicalUri(rawPath: string): string {
  if (rawPath === '') return '/';
  return rawPath
    .split('/')
    .map((seg) => {
      const decoded = safeDecode(seg);
      return decoded === undefined ? seg : uriEncode(decoded);
    })
    .join('/');
}

/**
 * Splits a raw query string into decoded pairs, in order.
 *
 * Query values use form semantics: `+` is a space (S3 reads `prefix=a+b` as
 * `a b`), so clients that mean a plus sign send `%2B`.
 */
export function parseQuery(rawQuery: string): QueryPair[] {
  const pairs: QueryPair[] = [];
  if (rawQuery === '') return pairs;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    const name = safeDecode(rawName.replace(/\+/g, ' '));
    const value = safeDecode(rawValue.replace(/\+/g, ' '));
    if (name === undefined || value === undefined) throw new URIError(`bad query component: ${part}`);
    pairs.push({ name, value });
  }
  return pairs;
}

/** The canonical query string: encoded pairs sorted by name, then value, optionally without one name. */
export function canonicalQuery(pairs: QueryPair[], omit?: string): string {
  const encoded: Array<[string, string]> = [];
  for (const p of pairs) if (p.name !== omit) encoded.push([uriEncode(p.name), uriEncode(p.value)]);
  encoded.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return encoded.map(([n, v]) => `${n}=${v}`).join('&');
}

/** Header values as SigV4 canonicalises them: trimmed, inner runs of spaces collapsed, repeats joined by commas. */
export function canonicalHeaderValue(values: string[]): string {
  return values.map((v) => v.trim().replace(/ {2,}/g, ' ')).join(',');
}

/** Everything needed to build a canonical request. */
export interface CanonicalInput {
  method: string;
  rawPath: string;
  query: QueryPair[];
  /** Lower-cased header name → every value received. */
  headers: Record<string, string[] | undefined>;
  signedHeaders: string[];
  payloadHash: string;
  /** Query parameter left out (X-Amz-Signature for presigned URLs). */
  omitQuery?: string;
  /** Use the path exactly as received instead of re-encoding it. */
  literalPath?: boolean;
}

/** The canonical request string, byte for byte as AWS builds it. */
export function canonicalRequest(input: CanonicalInput): string {
  let headerBlock = '';
  for (const name of input.signedHeaders) {
    headerBlock += `${name}:${canonicalHeaderValue(input.headers[name] ?? [])}\n`;
  }
  return [
    input.method,
    input.literalPath ? input.rawPath : canonicalUri(input.rawPath),
    canonicalQuery(input.query, input.omitQuery),
    headerBlock,
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
}

/** `AWS4-HMAC-SHA256\n<amz-date>\n<scope>\n<hex sha256 of canonical request>`. */
export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
}

/** `date/region/service/aws4_request`. */
export function scopeString(c: CredentialScope): string {
  return `${c.date}/${c.region}/${c.service}/${c.terminal}`;
}

/** Splits `AKID/20240101/us-east-1/s3/aws4_request`; undefined when malformed. */
export function parseCredential(value: string): CredentialScope | undefined {
  const parts = value.split('/');
  if (parts.length !== 5 || parts.some((p) => p === '')) return undefined;
  const [accessKeyId, date, region, service, terminal] = parts;
  if (!/^\d{8}$/.test(date)) return undefined;
  return { accessKeyId, date, region, service, terminal };
}

/** Parses the Authorization header of a SigV4 request; undefined when it is not one. */
export function parseAuthorization(header: string): ParsedAuthorization | undefined {
  if (!header.startsWith(`${ALGORITHM} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = parseCredential(fields.get('Credential') ?? '');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) return undefined;
  return { credential, signedHeaders: signedHeaders.split(';'), signature };
}

/** Parses `20240101T120000Z`; NaN when malformed. */
export function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return Number.NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

/** Formats a time as `20240101T120000Z`. */
export function formatAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** String to sign of one `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` chunk. */
export function chunkStringToSign(amzDate: string, scope: string, previousSignature: string, chunk: Buffer): string {
  return `${ALGORITHM}-PAYLOAD\n${amzDate}\n${scope}\n${previousSignature}\n${EMPTY_SHA256}\n${sha256Hex(chunk)}`;
}

/** String to sign of the trailer of a `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER` body. */
export function trailerStringToSign(amzDate: string, scope: string, previousSignature: string, trailer: string): string {
  return `${ALGORITHM}-TRAILER\n${amzDate}\n${scope}\n${previousSignature}\n${sha256Hex(trailer)}`;
}
