/**
 * Deciding what a preview is, from the bytes themselves.
 *
 * Content-Type is a hint at most: an image is an image only when its magic
 * bytes say so, text is text only when it decodes as UTF-8 without NULs, and
 * SVG is never shown as an image (it can carry script). Everything returned
 * is inert data: text to show as text, or base64 of a checked raster image.
 */
import type { Preview } from '../../../shared/ipc/browse';

/** Bytes read for a text preview. */
export const PREVIEW_BYTES = 64 * 1024;
/** Largest image previewed. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/** JSONL lines shown at most. */
export const MAX_JSONL_LINES = 200;

/** Raster image formats previewed. */
export type ImageMime = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** The image type by magic bytes, or undefined. */
export function sniffImage(b: Uint8Array): ImageMime | undefined {
  const at = (i: number, ...bytes: number[]) => bytes.every((x, k) => b[i + k] === x);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x47, 0x49, 0x46, 0x38) && (b[4] === 0x37 || b[4] === 0x39) && b[5] === 0x61) return 'image/gif';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return undefined;
}

/** True for SVG by name, type or content: shown neither as image nor rendered. */
export function isSvg(key: string, contentType: string | undefined, head: string): boolean {
  if (/\.svgz?$/i.test(key) || /image\/svg/i.test(contentType ?? '')) return true;
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE\s+svg[^>]*>\s*)?<svg[\s>]/i.test(head.slice(0, 2048));
}

/**
 * Decodes UTF-8, dropping an incomplete character at the end when the bytes
 * were cut; undefined when the bytes are not text (invalid UTF-8 or NULs).
 */
export function decodeText(b: Uint8Array, truncated: boolean): string | undefined {
  let end = b.length;
  if (truncated) end = utf8Boundary(b);
  const bytes = b.subarray(0, end);
  if (bytes.includes(0)) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
  // Mostly control characters (other than tab, CR, LF, FF, ESC) means binary that happens to decode.
  let control = 0;
  for (let i = 0; i < Math.min(text.length, 4096); i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) control++;
  }
  return control > Math.min(text.length, 4096) * 0.1 ? undefined : text;
}

/** The length of the longest prefix of `b` that ends on a UTF-8 character boundary. */
export function utf8Boundary(b: Uint8Array): number {
  const n = b.length;
  for (let i = n - 1; i >= Math.max(0, n - 4); i--) {
    const x = b[i]!;
    if ((x & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = x >= 0xf0 ? 4 : x >= 0xe0 ? 3 : x >= 0xc0 ? 2 : 1;
    return n - i >= need ? n : i;
  }
  return n;
}

const JSONL_TYPES = /(x-ndjson|jsonl|x-jsonlines|jsonlines|ndjson)/i;

/** Text, JSON or JSONL for decoded text. */
export function classifyText(
  key: string,
  contentType: string | undefined,
  text: string,
  truncated: boolean,
): TextPreview {
  const ct = contentType ?? '';
  const isJsonl = /\.(jsonl|ndjson)$/i.test(key) || JSONL_TYPES.test(ct);
  if (isJsonl) {
    const lines = jsonlLines(text, truncated);
    if (lines.some((l) => l.valid)) return { kind: 'jsonl', lines, truncated: truncated || lines.length >= MAX_JSONL_LINES };
    return { kind: 'text', text, truncated };
  }
  const trimmed = text.trimStart();
  const looksJson = /\.json$/i.test(key) || /[/+]json\b/i.test(ct) || trimmed.startsWith('{') || trimmed.startsWith('[');
  if (looksJson) {
    if (!truncated) {
      try {
        return { kind: 'json', text: JSON.stringify(JSON.parse(text), null, 2), pretty: true, truncated: false };
      } catch {
        return { kind: 'text', text, truncated };
      }
    }
    // Part of a JSON document cannot be parsed; show it raw but say what it is.
    if (/\.json$/i.test(key) || /[/+]json\b/i.test(ct)) return { kind: 'json', text, pretty: false, truncated: true };
  }
  return { kind: 'text', text, truncated };
}

/** The first lines of JSONL, each pretty-printed when it parses; a cut last line is dropped. */
export function jsonlLines(text: string, truncated: boolean): Array<{ text: string; valid: boolean }> {
  const raw = text.split('\n');
  if (truncated && raw.length > 1) raw.pop();
  const out: Array<{ text: string; valid: boolean }> = [];
  for (const line of raw) {
    if (out.length >= MAX_JSONL_LINES) break;
    const t = line.replace(/\r$/, '');
    if (t.trim() === '') continue;
    try {
      out.push({ text: JSON.stringify(JSON.parse(t), null, 2), valid: true });
    } catch {
      out.push({ text: t, valid: false });
    }
  }
  return out;
}

/** Omit over each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A text, JSON or JSONL preview without the fields every preview shares. */
export type TextPreview = DistributiveOmit<Extract<Preview, { kind: 'text' | 'json' | 'jsonl' }>, 'key' | 'size' | 'contentType'>;
