/**
 * Bytes of objects whose bodies are derived, not stored.
 *
 * Byte i of a synthetic body depends only on (seed, i), so any range can be
 * produced without generating what precedes it, and two reads always agree.
 */
import type { ByteRange } from '../store-types';
import { hash32, mix32 } from './prng';

/** Produces the bytes of a derived body of `size` bytes, or one inclusive range of them. */
export function syntheticBytes(seed: string, size: number, range?: ByteRange): Buffer {
  const start = range ? range.start : 0;
  const end = range ? Math.min(range.end, size - 1) : size - 1;
  if (end < start) return Buffer.alloc(0);
  const base = hash32(seed);
  const firstWord = Math.floor(start / 4);
  const lastWord = Math.floor(end / 4);
  const words = new Uint32Array(lastWord - firstWord + 1);
  for (let w = firstWord, j = 0; w <= lastWord; w++, j++) words[j] = mix32(base ^ Math.imul(w + 1, 0x9e3779b1));
  const bytes = Buffer.from(words.buffer, words.byteOffset, words.byteLength);
  return bytes.subarray(start - firstWord * 4, end - firstWord * 4 + 1);
}
