/**
 * Reading one body as a stream of chunks, for GETs of objects too large for
 * one Buffer (a 6 GiB synthetic object).
 *
 * The body is retained when the stream is made and released when it ends,
 * fails or is abandoned (`return`, which `for await` calls on early exit), so
 * an overwrite or delete during a slow download cannot free the bytes under it.
 */
import type { ByteRange } from '../store-types';
import type { BlobStore } from './blobs';
import { readBody, releaseBody, retainBody } from './bodies';
import type { StoredObject } from './state';

/** Default chunk size of a streamed read. */
export const STREAM_CHUNK_BYTES = 1024 * 1024;

/** An iterator over `range` (or all) of an object's bytes, `chunkSize` at a time. */
export function streamBody(blobs: BlobStore, o: StoredObject, range?: ByteRange, chunkSize = STREAM_CHUNK_BYTES): AsyncIterableIterator<Buffer> {
  retainBody(blobs, o.body);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    releaseBody(blobs, o.body);
  };
  const size = o.record.size;
  const end = Math.min(range ? range.end : size - 1, size - 1);
  let next = range ? range.start : 0;
  const done = (): IteratorResult<Buffer> => ({ done: true, value: undefined });
  const it: AsyncIterableIterator<Buffer> = {
    async next() {
      if (released || next > end) {
        release();
        return done();
      }
      const start = next;
      const stop = Math.min(end, start + chunkSize - 1);
      next = stop + 1;
      try {
        return { done: false, value: await readBody(blobs, o.body, size, { start, end: stop }) };
      } catch (e) {
        release();
        throw e;
      }
    },
    async return() {
      release();
      return done();
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}
