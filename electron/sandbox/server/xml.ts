/**
 * XML in and out of the sandbox: escaping, S3's error document, the URL
 * encoding S3 applies under `encoding-type=url`, and a locked-down parser for
 * request bodies (DeleteObjects, CompleteMultipartUpload, RestoreRequest,
 * CreateBucketConfiguration).
 *
 * Responses are built by string concatenation, not a builder, because the
 * listing path must serve 150,000 keys/s on one core (issue #4).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { S3Error } from '../store-types';

/** The namespace every S3 response document declares. */
export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** The declaration line S3 puts before every document. */
export const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

// Control characters are exactly what must be escaped here, so the lint rule against them does not apply.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>"'\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/** `\r` would be normalised away by any XML parser and other control characters are not XML 1.0 characters: send references. */
function controlRef(ch: string): string {
  return `&#x${ch.charCodeAt(0).toString(16).toUpperCase()};`;
}

/**
 * Escapes text for an XML element or attribute.
 *
 * The common case (a plain key) returns the input untouched without
 * allocating, which matters on the listing hot path; the rest uses native
 * replaceAll passes rather than a callback per match.
 */
export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  const out = text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');
  return out.replace(CONTROL, controlRef);
}

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE_BUT_QUOTES = /[&<>'\r\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/** An ETag as S3 writes it in XML (`&quot;…&quot;`), with a fast path for the usual hex form. */
export function etagXml(etag: string): string {
  return NEEDS_ESCAPE_BUT_QUOTES.test(etag) ? escapeXml(etag) : etag.replaceAll('"', '&quot;');
}

/** `<Name>escaped value</Name>`. */
export function el(name: string, value: string | number | boolean): string {
  return `<${name}>${typeof value === 'string' ? escapeXml(value) : String(value)}</${name}>`;
}

const URL_SAFE = /^[A-Za-z0-9\-_.~/]*$/;

/**
 * URL-encodes a key, prefix or delimiter the way S3 does under
 * `encoding-type=url`.
 *
 * Measured against AWS (brekkylab/backlot#178, 2026-09-14): a space becomes
 * `+`, a literal `+` becomes `%2B`, `%` becomes `%25`, non-ASCII is
 * percent-encoded UTF-8, and `/` stays as is. Clients must therefore decode
 * with form semantics (botocore uses `unquote_plus`).
 */
export function s3UrlEncode(text: string): string {
  if (URL_SAFE.test(text)) return text;
  return encodeURIComponent(text)
    .replace(/%2F/g, '/')
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Everything an error response needs besides the status. */
export interface ErrorDocInput {
  code: string;
  message: string;
  resource?: string;
  requestId: string;
  hostId: string;
  extra?: Record<string, string>;
}

/** S3's error document: `<Error><Code/><Message/>…<RequestId/><HostId/></Error>`. */
export function errorDocument(input: ErrorDocInput): string {
  let out = `${XML_DECL}<Error>${el('Code', input.code)}${el('Message', input.message)}`;
  for (const [name, value] of Object.entries(input.extra ?? {})) out += el(name, value);
  if (input.resource !== undefined) out += el('Resource', input.resource);
  out += `${el('RequestId', input.requestId)}${el('HostId', input.hostId)}</Error>`;
  return out;
}

/** A parsed request element: text, a nested element map, or repeated elements. */
export type XmlValue = string | XmlNode | Array<string | XmlNode>;
/** A parsed element's children by local name (namespaces are stripped). */
export interface XmlNode {
  [name: string]: XmlValue;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  // Never expand entities from a DTD (billion laughs); the five predefined
  // entities and character references are decoded by `decodeEntities` below.
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 32,
});

const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_m, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name];
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
    if (!Number.isFinite(code) || code > 0x10ffff) throw malformedXml();
    return String.fromCodePoint(code);
  });
}

function decodeTree(value: unknown): XmlValue {
  if (typeof value === 'string') return decodeEntities(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((v) => decodeTree(v) as string | XmlNode);
  const out: XmlNode = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = decodeTree(v);
  return out;
}

/** 400 MalformedXML with S3's sentence. */
export function malformedXml(): S3Error {
  return new S3Error(
    400,
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
  );
}

/**
 * Parses a request body into a tree keyed by local element names.
 *
 * Rejects (MalformedXML) anything that is not well-formed, any DOCTYPE, and a
 * root element other than `root` when one is given.
 */
export function parseRequestXml(body: Buffer, root?: string): XmlNode {
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '' || /<!DOCTYPE|<!ENTITY/i.test(text)) throw malformedXml();
  if (XMLValidator.validate(text) !== true) throw malformedXml();
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch {
    throw malformedXml();
  }
  const tree = decodeTree(parsed);
  if (typeof tree !== 'object' || Array.isArray(tree)) throw malformedXml();
  if (root === undefined) return tree;
  const top = tree[root];
  if (top === undefined) throw malformedXml();
  if (typeof top === 'string') return {};
  if (Array.isArray(top)) throw malformedXml();
  return top;
}

/** The text of a child element, or undefined; repeated or nested children are MalformedXML. */
export function childText(node: XmlNode, name: string): string | undefined {
  const v = node[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') {
    // An empty element parses as '' but `<A><B/></A>` as an object.
    if (!Array.isArray(v) && Object.keys(v).length === 0) return '';
    throw malformedXml();
  }
  return v;
}

/** Children with a repeatable name, always as an array of element maps. */
export function childNodes(node: XmlNode, name: string): XmlNode[] {
  const v = node[name];
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((item) => (typeof item === 'string' ? {} : item));
}

const DAY = 86_400_000;
const PAD2 = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
const dayPrefix = new Map<number, string>();

/**
 * `2024-05-01T12:00:00.000Z` for a timestamp.
 *
 * The date part is memoised per day and the time of day is assembled from
 * lookup tables: a Date per listed key costs more than the rest of its XML.
 */
export function isoDate(ms: number): string {
  const t = Math.floor(ms);
  const day = Math.floor(t / DAY);
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) {
    if (dayPrefix.size > 100_000) dayPrefix.clear();
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    dayPrefix.set(day, prefix);
  }
  let rem = t - day * DAY;
  const h = (rem / 3_600_000) | 0;
  rem -= h * 3_600_000;
  const m = (rem / 60_000) | 0;
  rem -= m * 60_000;
  const sec = (rem / 1000) | 0;
  return `${prefix}${PAD2[h]}:${PAD2[m]}:${PAD2[sec]}.${PAD3[rem - sec * 1000]}Z`;
}

/** RFC 7231 IMF-fixdate (`Fri, 21 Dec 2012 00:00:00 GMT`) for headers. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}
