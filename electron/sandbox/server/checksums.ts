/**
 * The flexible checksums S3 accepts (`x-amz-checksum-*` headers and
 * aws-chunked trailers), computed so the sandbox can answer BadDigest like
 * AWS instead of storing whatever a client claims.
 *
 * CRC32 comes from node:zlib and SHA from node:crypto. CRC32C and CRC64NVME
 * are small table-driven implementations of the published polynomials
 * (Castagnoli 0x82F63B78 reflected; NVMe 0x9A6C9329AC4BC9B5 reflected).
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { ChecksumAlgorithm } from '../store-types';

/** Header (and trailer) name of each algorithm. */
export const CHECKSUM_HEADERS: Record<ChecksumAlgorithm, string> = {
  CRC32: 'x-amz-checksum-crc32',
  CRC32C: 'x-amz-checksum-crc32c',
  CRC64NVME: 'x-amz-checksum-crc64nvme',
  SHA1: 'x-amz-checksum-sha1',
  SHA256: 'x-amz-checksum-sha256',
};

/** Algorithm of a header name, or undefined when it is not a checksum header. */
export function algorithmOfHeader(name: string): ChecksumAlgorithm | undefined {
  for (const [alg, header] of Object.entries(CHECKSUM_HEADERS)) if (header === name) return alg as ChecksumAlgorithm;
  return undefined;
}

function u32be(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0, 0);
  return out;
}

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** CRC-32C (Castagnoli) of a buffer, as an unsigned integer. */
export function crc32c(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = (crc >>> 8) ^ CRC32C_TABLE[(crc ^ data[i]) & 0xff];
  return (crc ^ 0xffffffff) >>> 0;
}

// CRC-64/NVME kept as two 32-bit halves so the inner loop stays in SMI/uint32 arithmetic.
const CRC64_HI = new Uint32Array(256);
const CRC64_LO = new Uint32Array(256);
(() => {
  const polyHi = 0x9a6c9329;
  const polyLo = 0xac4bc9b5;
  for (let i = 0; i < 256; i++) {
    let hi = 0;
    let lo = i;
    for (let k = 0; k < 8; k++) {
      const carry = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (carry) {
        hi = (hi ^ polyHi) >>> 0;
        lo = (lo ^ polyLo) >>> 0;
      }
    }
    CRC64_HI[i] = hi;
    CRC64_LO[i] = lo;
  }
})();

/** CRC-64/NVME of a buffer, as 8 big-endian bytes. */
export function crc64nvme(data: Uint8Array): Buffer {
  let hi = 0xffffffff;
  let lo = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    const idx = (lo ^ data[i]) & 0xff;
    lo = (((lo >>> 8) | ((hi & 0xff) << 24)) ^ CRC64_LO[idx]) >>> 0;
    hi = ((hi >>> 8) ^ CRC64_HI[idx]) >>> 0;
  }
  const out = Buffer.alloc(8);
  out.writeUInt32BE((hi ^ 0xffffffff) >>> 0, 0);
  out.writeUInt32BE((lo ^ 0xffffffff) >>> 0, 4);
  return out;
}

/** Base64 checksum of a body, as S3 sends it in `x-amz-checksum-*`. */
export function computeChecksum(alg: ChecksumAlgorithm, body: Buffer): string {
  switch (alg) {
    case 'CRC32':
      return u32be(crc32(body)).toString('base64');
    case 'CRC32C':
      return u32be(crc32c(body)).toString('base64');
    case 'CRC64NVME':
      return crc64nvme(body).toString('base64');
    case 'SHA1':
      return createHash('sha1').update(body).digest('base64');
    case 'SHA256':
      return createHash('sha256').update(body).digest('base64');
  }
}

/** Base64 MD5, the form of `Content-MD5`. */
export function md5Base64(body: Buffer): string {
  return createHash('md5').update(body).digest('base64');
}
