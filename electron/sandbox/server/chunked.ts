/**
 * Decoding of `Content-Encoding: aws-chunked` bodies, the framing the AWS
 * SDKs use for streaming uploads with checksum trailers and for
 * `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` signed chunks:
 *
 *   <hex-size>[;chunk-signature=<sig>]\r\n<bytes>\r\n … 0[;chunk-signature=<sig>]\r\n
 *   [<trailer-name>:<value>\r\n]* [x-amz-trailer-signature:<sig>\r\n] \r\n
 *
 * Node has already removed any HTTP `Transfer-Encoding: chunked` layer, so
 * this works on the request body as received.
 */

/** One data chunk's position in the encoded body, and its signature if signed. */
export interface DecodedChunk {
  data: Buffer;
  signature?: string;
}

/** The decoded payload, each chunk (for signature checks) and the trailer headers. */
export interface DecodedBody {
  body: Buffer;
  /** Data chunks in order, followed by the final empty chunk. */
  chunks: DecodedChunk[];
  /** Lower-cased trailer names → values (without x-amz-trailer-signature). */
  trailers: Record<string, string>;
  /** The raw trailer block as signed (`name:value\n` per line). */
  trailerCanonical: string;
  trailerSignature?: string;
}

/** Why a body could not be decoded; the caller turns it into an S3 error. */
export class ChunkedDecodeError extends Error {
  constructor(
    message: string,
    /** True when the body simply ended early. */
    readonly incomplete = false,
  ) {
    super(message);
    this.name = 'ChunkedDecodeError';
  }
}

const CRLF = Buffer.from('\r\n');
/** Chunk headers are short; anything longer is junk, not a header. */
const MAX_CHUNK_HEADER = 4096;

function readLine(buf: Buffer, pos: number): { line: string; next: number } {
  const end = buf.indexOf(CRLF, pos);
  if (end < 0) {
    if (buf.length - pos > MAX_CHUNK_HEADER) throw new ChunkedDecodeError('chunk header too long');
    throw new ChunkedDecodeError('body ended inside a chunk header', true);
  }
  if (end - pos > MAX_CHUNK_HEADER) throw new ChunkedDecodeError('chunk header too long');
  return { line: buf.toString('latin1', pos, end), next: end + 2 };
}

function parseChunkHeader(line: string): { size: number; signature?: string } {
  const semi = line.indexOf(';');
  const sizeText = (semi < 0 ? line : line.slice(0, semi)).trim();
  if (!/^[0-9a-fA-F]{1,12}$/.test(sizeText)) throw new ChunkedDecodeError(`bad chunk size "${sizeText.slice(0, 40)}"`);
  const size = Number.parseInt(sizeText, 16);
  if (semi < 0) return { size };
  const ext = line.slice(semi + 1).trim();
  const m = /^chunk-signature=([0-9a-f]{64})$/.exec(ext);
  if (!m) throw new ChunkedDecodeError('bad chunk extension');
  return { size, signature: m[1] };
}

/**
 * Decodes an aws-chunked body completely.
 *
 * Throws `ChunkedDecodeError` for bad framing, and when the decoded length
 * exceeds `maxDecodedLength` (the declared `x-amz-decoded-content-length`).
 */
export function decodeAwsChunked(encoded: Buffer, maxDecodedLength = Number.MAX_SAFE_INTEGER): DecodedBody {
  const chunks: DecodedChunk[] = [];
  const parts: Buffer[] = [];
  let total = 0;
  let pos = 0;
  for (;;) {
    const { line, next } = readLine(encoded, pos);
    const { size, signature } = parseChunkHeader(line);
    pos = next;
    if (size === 0) {
      chunks.push({ data: Buffer.alloc(0), signature });
      break;
    }
    if (pos + size + 2 > encoded.length) throw new ChunkedDecodeError('body ended inside a chunk', true);
    const data = encoded.subarray(pos, pos + size);
    if (encoded[pos + size] !== 13 || encoded[pos + size + 1] !== 10) throw new ChunkedDecodeError('chunk not followed by CRLF');
    total += size;
    if (total > maxDecodedLength) throw new ChunkedDecodeError('decoded body longer than declared');
    parts.push(data);
    chunks.push({ data, signature });
    pos += size + 2;
  }

  const trailers: Record<string, string> = {};
  let trailerCanonical = '';
  let trailerSignature: string | undefined;
  // Trailer lines until an empty line; a body may also simply end after `0\r\n`.
  while (pos < encoded.length) {
    const { line, next } = readLine(encoded, pos);
    pos = next;
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new ChunkedDecodeError('bad trailer line');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') {
      trailerSignature = value;
    } else {
      trailers[name] = value;
      trailerCanonical += `${name}:${value}\n`;
    }
  }
  if (pos < encoded.length) throw new ChunkedDecodeError('data after the final chunk');
  return { body: parts.length === 1 ? parts[0] : Buffer.concat(parts, total), chunks, trailers, trailerCanonical, trailerSignature };
}
