/**
 * A lean parser for ListObjectsV2 response bodies.
 *
 * The SDK turns each 1,000-key page into a tree of objects (~15 ms of CPU a
 * page), which caps one process near 60,000 keys/s. A listing needs six
 * fields per key, so this finds them with V8's native string search over a one-byte copy of the body, parses
 * integers and timestamps without intermediate strings, and copies key
 * strings out of the bytes so no page buffer stays alive behind them. It stops at an inclusive upper
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

/**
 * Where each optional element next occurs at or after a position. Looking
 * an element up per entry with a plain `indexOf` would rescan the rest of
 * the page whenever an entry lacks it (RestoreStatus usually is absent);
 * remembering the next occurrence keeps the whole parse linear.
 */
class NextTag {
  private at: number;
  constructor(
    private readonly s: string,
    private readonly tag: string,
  ) {
    this.at = s.indexOf(tag);
  }
  /** Start of the tag within [from, to), or -1. */
  within(from: number, to: number): number {
    if (this.at !== -1 && this.at < from) this.at = this.s.indexOf(this.tag, from);
    return this.at !== -1 && this.at < to ? this.at : -1;
  }
}

const classes = new Map<string, number>();
const dayCache = { ymd: -1, ms: 0 };

/**
 * Parses a ListObjectsV2 body.
 *
 * `stopAfter` is an inclusive upper bound: keys and prefixes after it are
 * not returned and `pastEnd` is set. Keys are URL-decoded when the server
 * echoes `<EncodingType>url</EncodingType>`.
 */
export function parseListPage(body: Uint8Array, stopAfter?: string): ListPage {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // One byte per character, so string offsets are byte offsets; V8's indexOf on it is far faster than a JS byte loop.
  const s = b.toString('latin1');
  const urlEncoded = s.includes('<EncodingType>url<');
  const page: ListPage = {
    keys: [],
    sizes: [],
    modified: [],
    storageClass: [],
    restore: [],
    restoreExpiry: [],
    prefixes: [],
    isTruncated: s.includes('<IsTruncated>true<'),
    pastEnd: false,
    returned: 0,
  };
  const t = s.indexOf('<NextContinuationToken>');
  if (t !== -1) page.nextToken = decodeEntities(b.toString('utf8', t + 23, textEnd(s, t + 23)));

  const key = new NextTag(s, '<Key>');
  const size = new NextTag(s, '<Size>');
  const modified = new NextTag(s, '<LastModified>');
  const cls = new NextTag(s, '<StorageClass>');
  const restore = new NextTag(s, '<RestoreStatus>');
  // Only pages that carry RestoreStatus at all pay for finding its children.
  let inProgress: NextTag | undefined;
  let expiry: NextTag | undefined;
  // Keys come sorted: when the page's last key is inside the bound, no key needs comparing.
  let bound = stopAfter;
  if (bound !== undefined) {
    const last = s.lastIndexOf('<Contents><Key>');
    if (last !== -1 && compareKeys(decodeName(b, s, last + 15, textEnd(s, last + 15), urlEncoded), bound) <= 0) bound = undefined;
  }
  let pos = s.indexOf('<Contents>');
  while (pos !== -1) {
    const open = pos;
    const end = s.indexOf('</Contents>', open);
    if (end === -1) throw new Error('Truncated ListObjectsV2 body.');
    page.returned++;
    pos = s.indexOf('<Contents>', end);
    if (page.pastEnd) continue;
    // Every server seen puts Key first; look further only when it does not.
    const k = s.startsWith('<Key>', open + 10) ? open + 10 : key.within(open, end);
    if (k === -1) throw new Error('ListObjectsV2 entry without a Key.');
    const name = decodeName(b, s, k + 5, textEnd(s, k + 5), urlEncoded);
    if (bound !== undefined && compareKeys(name, bound) > 0) {
      page.pastEnd = true;
      continue;
    }
    page.keys.push(name);
    const z = size.within(open, end);
    page.sizes.push(z === -1 ? 0 : intAt(s, z + 6));
    const m = modified.within(open, end);
    page.modified.push(m === -1 ? 0 : timeAt(s, m + 14));
    const c = cls.within(open, end);
    page.storageClass.push(c === -1 ? 1 : classAt(s, c + 14));
    const r = restore.within(open, end);
    if (r === -1) {
      page.restore.push(RESTORE_NONE);
      page.restoreExpiry.push(0);
    } else {
      inProgress ??= new NextTag(s, '<IsRestoreInProgress>');
      expiry ??= new NextTag(s, '<RestoreExpiryDate>');
      const p = inProgress.within(r, end);
      const ongoing = p !== -1 && s.charCodeAt(p + 21) === 0x74; // 't'rue
      const x = ongoing ? -1 : expiry.within(r, end);
      page.restore.push(ongoing ? RESTORE_IN_PROGRESS : RESTORE_RESTORED);
      page.restoreExpiry.push(x === -1 ? 0 : timeAt(s, x + 19));
    }
  }

  const prefixTag = new NextTag(s, '<Prefix>');
  pos = s.indexOf('<CommonPrefixes>');
  while (pos !== -1) {
    const end = s.indexOf('</CommonPrefixes>', pos);
    if (end === -1) throw new Error('Truncated ListObjectsV2 body.');
    page.returned++;
    const p = prefixTag.within(pos, end);
    if (p !== -1) {
      const prefix = decodeName(b, s, p + 8, textEnd(s, p + 8), urlEncoded);
      if (stopAfter !== undefined && compareKeys(prefix, stopAfter) > 0) page.pastEnd = true;
      else page.prefixes.push(prefix);
    }
    pos = s.indexOf('<CommonPrefixes>', end);
  }
  page.keys = detach(page.keys);
  page.prefixes = detach(page.prefixes);
  return page;
}

function textEnd(s: string, start: number): number {
  const e = s.indexOf('<', start);
  return e === -1 ? s.length : e;
}

function classAt(s: string, start: number): number {
  const name = s.slice(start, textEnd(s, start));
  let idx = classes.get(name);
  if (idx === undefined) {
    idx = storageClassIndex(name);
    if (classes.size < 64) classes.set(name, idx);
  }
  return idx;
}

/** A non-negative integer from its digits. */
function intAt(s: string, p: number): number {
  let v = 0;
  for (let i = p; i < s.length; i++) {
    const c = s.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
  }
  return v;
}

/** `len` ASCII digits at `p` as a number. */
function digits(s: string, p: number, len: number): number {
  let v = 0;
  for (let k = 0; k < len; k++) v = v * 10 + (s.charCodeAt(p + k) - 0x30);
  return v;
}

/** An ISO-8601 timestamp (`2026-02-09T12:34:56.000Z`) in ms; 0 when unreadable. */
function timeAt(s: string, p: number): number {
  if (s.charCodeAt(p + 4) === 0x2d && s.charCodeAt(p + 10) === 0x54 && s.charCodeAt(p + 13) === 0x3a) {
    let ms = 0;
    let z = p + 19;
    if (s.charCodeAt(z) === 0x2e) {
      let scale = 100;
      z++;
      for (let c = s.charCodeAt(z) - 0x30; c >= 0 && c <= 9; c = s.charCodeAt(++z) - 0x30) {
        ms += c * scale;
        scale /= 10;
      }
      ms = Math.floor(ms);
    }
    if (s.charCodeAt(z) === 0x5a) {
      // Keys listed together often share a day: compute midnight once per distinct date.
      const ymd = digits(s, p, 4) * 10_000 + digits(s, p + 5, 2) * 100 + digits(s, p + 8, 2);
      if (ymd !== dayCache.ymd) {
        dayCache.ymd = ymd;
        dayCache.ms = Date.UTC(Math.floor(ymd / 10_000), (Math.floor(ymd / 100) % 100) - 1, ymd % 100);
      }
      return dayCache.ms + ((digits(s, p + 11, 2) * 60 + digits(s, p + 14, 2)) * 60 + digits(s, p + 17, 2)) * 1000 + ms;
    }
  }
  const t = Date.parse(s.slice(p, textEnd(s, p)));
  return Number.isFinite(t) ? t : 0;
}

/**
 * A key or prefix from the wire: URL-decoded (S3 writes '+' for space) or
 * XML-unescaped UTF-8. URL-encoded names without escapes come back as views
 * into the page string; `detach` copies them out before the page is returned.
 */
function decodeName(b: Buffer, s: string, start: number, end: number, urlEncoded: boolean): string {
  if (!urlEncoded) {
    const raw = b.toString('utf8', start, end);
    return raw.includes('&') ? decodeEntities(raw) : raw;
  }
  // URL-encoded names are ASCII and carry no '&' ('&' itself is %26).
  const raw = s.slice(start, end);
  if (!raw.includes('%') && !raw.includes('+')) return raw;
  return decodeURIComponent(raw.replace(/\+/g, ' '));
}

/**
 * Copies names out of the page string in one go: one string holding them
 * all, sliced per name. A name sliced straight from the page would keep the
 * whole page (200+ KB) alive; one copy per name costs a native call each.
 */
function detach(names: string[]): string[] {
  if (names.length === 0) return names;
  const all = names.join('');
  const out = new Array<string>(names.length);
  let at = 0;
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!.length;
    out[i] = all.slice(at, at + n);
    at += n;
  }
  return out;
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
