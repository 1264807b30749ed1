/**
 * The checksums transfers compute: what an upload sends so S3 verifies the
 * bytes it stored, and what a download recomputes over the finished file.
 *
 * The CRCs are the SDK's own (`@aws-sdk/checksums`: CRC32 on node:zlib,
 * CRC32C and CRC64NVME in JavaScript, the same code the SDK's flexible
 * checksums run); SHA and MD5 are node:crypto's. Values are base64 of the
 * big-endian digest, the form `x-amz-checksum-*` and the SDK's `Checksum*`
 * fields carry.
 */
import { Crc32, Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';
import { createHash } from 'node:crypto';

/** The flexible-checksum algorithms S3 stores (and MD5, the plain ETag's). */
export type ChecksumAlgorithm = 'CRC64NVME' | 'CRC32' | 'CRC32C' | 'SHA1' | 'SHA256';
export type HashAlgorithm = ChecksumAlgorithm | 'MD5';

/** The algorithms an upload can ask S3 to verify. */
export type UploadChecksumAlgorithm = Exclude<ChecksumAlgorithm, 'SHA1'>;

/** Full-object checksums in the order a download prefers them (the cheapest to recompute first). */
export const CHECKSUM_PREFERENCE: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC64NVME', 'CRC32C', 'SHA256', 'SHA1'];

/** A running checksum: feed it chunks, then take the digest. */
export interface Hasher {
  update(data: Uint8Array): void;
  digest(): Promise<Buffer>;
}

/** A new running checksum of `alg`. */
export function hasher(alg: HashAlgorithm): Hasher {
  if (alg === 'SHA1' || alg === 'SHA256' || alg === 'MD5') {
    const h = createHash(alg === 'MD5' ? 'md5' : alg === 'SHA1' ? 'sha1' : 'sha256');
    return { update: (data) => void h.update(data), digest: () => Promise.resolve(h.digest()) };
  }
  const c = alg === 'CRC32' ? new Crc32() : alg === 'CRC32C' ? new Crc32c() : new Crc64Nvme();
  return { update: (data) => c.update(data), digest: async () => Buffer.from(await c.digest()) };
}

/** The base64 checksum of `data`, as `x-amz-checksum-<alg>` carries it. */
export async function checksumOf(alg: HashAlgorithm, data: Uint8Array): Promise<string> {
  const h = hasher(alg);
  h.update(data);
  return (await h.digest()).toString('base64');
}

/** The SDK input/output field of an algorithm (`ChecksumCRC32C`, …). */
export function checksumField<A extends ChecksumAlgorithm>(alg: A): `Checksum${A}` {
  return `Checksum${alg}`;
}
