/**
 * aws-chunked framing: the SDK's unsigned trailer form, signed chunks, and
 * the malformed bodies the server must turn into S3 errors.
 */
import { describe, expect, it } from 'vitest';
import { ChunkedDecodeError, decodeAwsChunked } from './chunked';

const sig = (c: string) => c.repeat(64);

describe('decodeAwsChunked', () => {
  it('decodes the SDK unsigned-trailer framing with a checksum trailer', () => {
    const raw = Buffer.from('5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
    const d = decodeAwsChunked(raw, 11);
    expect(d.body.toString()).toBe('hello world');
    expect(d.trailers).toEqual({ 'x-amz-checksum-crc32': 'DUoRhQ==' });
    expect(d.trailerCanonical).toBe('x-amz-checksum-crc32:DUoRhQ==\n');
    expect(d.chunks.map((c) => c.data.length)).toEqual([5, 6, 0]);
  });

  it('keeps chunk signatures and the trailer signature apart from trailers', () => {
    const raw = Buffer.from(
      `3;chunk-signature=${sig('a')}\r\nabc\r\n0;chunk-signature=${sig('b')}\r\n` +
        `x-amz-checksum-sha256:abc=\r\nx-amz-trailer-signature:${sig('c')}\r\n\r\n`,
    );
    const d = decodeAwsChunked(raw);
    expect(d.body.toString()).toBe('abc');
    expect(d.chunks.map((c) => c.signature)).toEqual([sig('a'), sig('b')]);
    expect(d.trailers).toEqual({ 'x-amz-checksum-sha256': 'abc=' });
    expect(d.trailerSignature).toBe(sig('c'));
  });

  it('accepts a body that ends right after the last chunk', () => {
    expect(decodeAwsChunked(Buffer.from('2\r\nhi\r\n0\r\n')).body.toString()).toBe('hi');
  });

  it('handles binary data containing CRLF inside a chunk', () => {
    const data = Buffer.from([13, 10, 0, 255, 13, 10]);
    const raw = Buffer.concat([Buffer.from('6\r\n'), data, Buffer.from('\r\n0\r\n\r\n')]);
    expect(decodeAwsChunked(raw).body.equals(data)).toBe(true);
  });

  it.each([
    ['a non-hex size', 'zz\r\nabc\r\n0\r\n\r\n', false],
    ['a chunk not followed by CRLF', '3\r\nabcd\r\n0\r\n\r\n', false],
    ['a bad chunk extension', '3;foo=bar\r\nabc\r\n0\r\n\r\n', false],
    ['data after the final chunk', '3\r\nabc\r\n0\r\n\r\njunk', false],
    ['a bad trailer line', '3\r\nabc\r\n0\r\nno-colon\r\n\r\n', false],
    ['a truncated chunk', '10\r\nabc', true],
    ['a missing final chunk', '3\r\nabc\r\n', true],
  ])('rejects %s', (_what, text, incomplete) => {
    let error: unknown;
    try {
      decodeAwsChunked(Buffer.from(text));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ChunkedDecodeError);
    expect((error as ChunkedDecodeError).incomplete).toBe(incomplete);
  });

  it('rejects a decoded body longer than declared', () => {
    expect(() => decodeAwsChunked(Buffer.from('5\r\nhello\r\n0\r\n\r\n'), 4)).toThrow(/longer than declared/);
  });

  it('rejects an endless chunk header instead of scanning forever', () => {
    expect(() => decodeAwsChunked(Buffer.alloc(10_000, 'f'))).toThrow(/too long/);
  });
});
