/**
 * A lean parser for ListObjectsV2 response bodies.
 *
 * The SDK turns each 1,000-key page into a tree of objects (~15 ms of CPU a
 * page, see reference/performance.md), which caps one process near 60,000
 * keys/s. A listing needs six fields per key, so this reads them straight
 * from the bytes in one pass (a '<' test per byte, a table lookup per tag),
 * integers and timestamps parsed without intermediate strings, and key
 * strings copied out of the bytes so no page buffer stays alive behind them. It stops at an inclusive upper
 * bound, so a range lister pays nothing for keys that belong to the next range.
 */
import { RESTORE_IN_PROGRESS, RESTORE_NONE, RESTORE_RESTORED, storageClassIndex } from '../../../shared/ipc/listing';
import { compareKeys } from './key-order';

/** One parsed page, column by column; `keys` holds full keys, not names. */
export interface ListPage {
  keys: string[];
  sizes: number[];
  modified: number[];
  storageClass: number[];
  restore: number[];
  restoreExpiry: number[];
  /** CommonPrefixes (full prefixes), in order. */
  prefixes: string[];
  isTruncated: boolean;
  nextToken?: string;
  /** True when the page held an entry past `stopAfter` (parsing stopped there). */
  pastEnd: boolean;
  /** Contents plus CommonPrefixes the server returned, including any past `stopAfter`. */
  returned: number;
}

const ENCODING = Buffer.from('<EncodingType>url<', 'latin1');

/** Tags the scanner acts on; everything else is skipped. */
const Tag = {
  Other: 0,
  Contents: 1,
  ContentsEnd: 2,
  Key: 3,
  Size: 4,
  LastModified: 5,
  StorageClass: 6,
  RestoreStatus: 7,
  InProgress: 8,
  Expiry: 9,
  Common: 10,
  CommonEnd: 11,
  Prefix: 12,
  Truncated: 13,
  NextToken: 14,
} as const;
type Tag = (typeof Tag)[keyof typeof Tag];

const OPEN_TAGS: Array<[string, Tag]> = [
  ['Contents>', Tag.Contents],
  ['Key>', Tag.Key],
  ['Size>', Tag.Size],
  ['LastModified>', Tag.LastModified],
  ['StorageClass>', Tag.StorageClass],
  ['RestoreStatus>', Tag.RestoreStatus],
  ['IsRestoreInProgress>', Tag.InProgress],
  ['RestoreExpiryDate>', Tag.Expiry],
  ['CommonPrefixes>', Tag.Common],
  ['Prefix>', Tag.Prefix],
  ['IsTruncated>', Tag.Truncated],
  ['NextContinuationToken>', Tag.NextToken],
];
const CLOSE_TAGS: Array<[string, Tag]> = [
  ['Contents>', Tag.ContentsEnd],
  ['CommonPrefixes>', Tag.CommonEnd],
];

/** Tag names bucketed by first byte, so each '<' costs one table lookup and a short compare. */
function table(tags: Array<[string, Tag]>): Array<Array<[Uint8Array, Tag]>> {
  const t: Array<Array<[Uint8Array, Tag]>> = Array.from({ length: 128 }, () => []);
  for (const [name, id] of tags) t[name.charCodeAt(0)]!.push([Buffer.from(name, 'latin1'), id]);
  return t;
}
const OPEN = table(OPEN_TAGS);
const CLOSE = table(CLOSE_TAGS);

const LT = 0x3c;

/**
 * Parses a ListObjectsV2 body in one pass over its bytes.
 *
 * `stopAfter` is an inclusive upper bound: keys and prefixes after it are
 * not returned and `pastEnd` is set. Keys are URL-decoded when the server
 * echoes `<EncodingType>url</EncodingType>`.
 */
export function parseListPage(body: Uint8Array, stopAfter?: string): ListPage {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const urlEncoded = b.indexOf(ENCODING) !== -1;
  const page: ListPage = {
    keys: [],
    sizes: [],
    modified: [],
    storageClass: [],
    restore: [],
    restoreExpiry: [],
    prefixes: [],
    isTruncated: false,
    pastEnd: false,
    returned: 0,
  };
  const n = b.length;
  let inContents = false;
  let inCommon = false;
  // Fields of the entry being read; pushed at </Contents>.
  let key: string | undefined;
  let size = 0;
  let modified = 0;
  let cls = 1;
  let restore = RESTORE_NONE;
  let expiry = 0;
  let stopped = false;

  for (let i = 0; i < n; i++) {
    if (b[i] !== LT) continue;
    const closing = b[i + 1] === 0x2f;
    const at = closing ? i + 2 : i + 1;
    const tag = lookup(b, at, closing ? CLOSE : OPEN);
    if (tag === Tag.Other) continue;
    const textStart = at + TAG_LEN[tag]!;
    switch (tag) {
      case Tag.Contents:
        inContents = true;
        key = undefined;
        size = 0;
        modified = 0;
        cls = 1;
        restore = RESTORE_NONE;
        expiry = 0;
        break;
      case Tag.ContentsEnd:
        inContents = false;
        page.returned++;
        if (stopped) break;
        if (key === undefined) throw new Error('ListObjectsV2 entry without a Key.');
        if (stopAfter !== undefined && compareKeys(key, stopAfter) > 0) {
          stopped = true;
          page.pastEnd = true;
          break;
        }
        page.keys.push(key);
        page.sizes.push(size);
        page.modified.push(modified);
        page.storageClass.push(cls);
        page.restore.push(restore);
        page.restoreExpiry.push(restore === RESTORE_IN_PROGRESS ? 0 : expiry);
        break;
      case Tag.Key:
        if (inContents && !stopped) key = decodeName(b, textStart, textEnd(b, textStart), urlEncoded);
        break;
      case Tag.Size:
        if (inContents) size = intAt(b, textStart);
        break;
      case Tag.LastModified:
        if (inContents) modified = timeAt(b, textStart);
        break;
      case Tag.StorageClass:
        if (inContents) cls = classAt(b, textStart, textEnd(b, textStart));
        break;
      case Tag.RestoreStatus:
        if (inContents && restore === RESTORE_NONE) restore = RESTORE_RESTORED;
        break;
      case Tag.InProgress:
        if (inContents && b[textStart] === 0x74 /* t */) restore = RESTORE_IN_PROGRESS;
        break;
      case Tag.Expiry:
        if (inContents) expiry = timeAt(b, textStart);
        break;
      case Tag.Common:
        inCommon = true;
        break;
      case Tag.CommonEnd:
        inCommon = false;
        page.returned++;
        break;
      case Tag.Prefix:
        if (inCommon) {
          const prefix = decodeName(b, textStart, textEnd(b, textStart), urlEncoded);
          if (stopAfter !== undefined && compareKeys(prefix, stopAfter) > 0) page.pastEnd = true;
          else page.prefixes.push(prefix);
        }
        break;
      case Tag.Truncated:
        page.isTruncated = b[textStart] === 0x74;
        break;
      case Tag.NextToken:
        page.nextToken = decodeEntities(b.toString('utf8', textStart, textEnd(b, textStart)));
        break;
    }
  }
  if (inContents || inCommon) throw new Error('Truncated ListObjectsV2 body.');
  return page;
}

const TAG_LEN: number[] = [];
// Lengths of the tag names after '<' or '</', so text starts right after them.
for (const [name, id] of [...OPEN_TAGS, ...CLOSE_TAGS]) TAG_LEN[id] = name.length;

function lookup(b: Buffer, at: number, tbl: Array<Array<[Uint8Array, Tag]>>): Tag {
  const first = b[at];
  if (first === undefined || first >= 128) return Tag.Other;
  const candidates = tbl[first]!;
  outer: for (let c = 0; c < candidates.length; c++) {
    const [name, id] = candidates[c]!;
    if (at + name.length > b.length) continue;
    for (let k = 1; k < name.length; k++) if (b[at + k] !== name[k]) continue outer;
    return id;
  }
  return Tag.Other;
}

function textEnd(b: Buffer, start: number): number {
  const e = b.indexOf(LT, start);
  return e === -1 ? b.length : e;
}

/** Storage class names seen so far, as bytes, with their index: a page rarely has more than three. */
const seenClasses: Array<[Uint8Array, number]> = [];

function classAt(b: Buffer, start: number, end: number): number {
  const len = end - start;
  outer: for (let c = 0; c < seenClasses.length; c++) {
    const [name, idx] = seenClasses[c]!;
    if (name.length !== len) continue;
    for (let k = 0; k < len; k++) if (b[start + k] !== name[k]) continue outer;
    return idx;
  }
  const text = b.toString('latin1', start, end);
  const idx = storageClassIndex(text);
  if (seenClasses.length < 64) seenClasses.push([Buffer.from(text, 'latin1'), idx]);
  return idx;
}

/** A non-negative integer from its digits. */
function intAt(b: Buffer, p: number): number {
  let v = 0;
  for (let i = p; i < b.length; i++) {
    const c = b[i]!;
    if (c < 0x30 || c > 0x39) break;
    v = v * 10 + (c - 0x30);
  }
  return v;
}

/** `len` ASCII digits at `p` as a number. */
function digits(b: Buffer, p: number, len: number): number {
  let v = 0;
  for (let k = 0; k < len; k++) v = v * 10 + (b[p + k]! - 0x30);
  return v;
}

/** An ISO-8601 timestamp (`2026-02-09T12:34:56.000Z`) in ms; 0 when unreadable. */
function timeAt(b: Buffer, p: number): number {
  if (b[p + 4] === 0x2d && b[p + 10] === 0x54 && b[p + 13] === 0x3a) {
    let ms = 0;
    let z = p + 19;
    if (b[z] === 0x2e) {
      let scale = 100;
      z++;
      while (b[z]! >= 0x30 && b[z]! <= 0x39) {
        ms += (b[z]! - 0x30) * scale;
        scale /= 10;
        z++;
      }
      ms = Math.floor(ms);
    }
    if (b[z] === 0x5a) {
      return Date.UTC(digits(b, p, 4), digits(b, p + 5, 2) - 1, digits(b, p + 8, 2), digits(b, p + 11, 2), digits(b, p + 14, 2), digits(b, p + 17, 2), ms);
    }
  }
  const t = Date.parse(b.toString('latin1', p, textEnd(b, p)));
  return Number.isFinite(t) ? t : 0;
}

/** A key or prefix from the wire: URL-decoded (S3 writes '+' for space) or XML-unescaped UTF-8. */
function decodeName(b: Buffer, start: number, end: number, urlEncoded: boolean): string {
  // toString copies, so the name keeps no reference to the page's bytes.
  const raw = b.toString(urlEncoded ? 'latin1' : 'utf8', start, end);
  const text = raw.includes('&') ? decodeEntities(raw) : raw;
  if (!urlEncoded || (!text.includes('%') && !text.includes('+'))) return text;
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Replaces XML character and entity references. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, body: string) => {
    if (body[0] === '#') {
      const cp = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return NAMED[body] ?? m;
  });
}
