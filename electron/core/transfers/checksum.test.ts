import { describe, expect, it } from 'vitest';
import { checksumField, checksumOf, hasher, type HashAlgorithm } from './checksum';

// The standard check value of each CRC is its digest of "123456789".
const CHECK: Record<HashAlgorithm, string> = {
  CRC32: 'cbf43926',
  CRC32C: 'e3069283',
  CRC64NVME: 'ae8b14860a799888',
  SHA1: 'f7c3bc1d808e04732adf679965ccc34ca7ae3441',
  SHA256: '15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225',
  MD5: '25f9e794323b453885f5181f1b624d0b',
};

describe('checksums', () => {
  it.each(Object.entries(CHECK))('%s of "123456789" is the standard check value, in one piece or fed in chunks', async (alg, hex) => {
    const data = Buffer.from('123456789');
    expect(Buffer.from(await checksumOf(alg as HashAlgorithm, data), 'base64').toString('hex')).toBe(hex);
    const h = hasher(alg as HashAlgorithm);
    for (const b of data) h.update(Uint8Array.of(b));
    expect((await h.digest()).toString('hex')).toBe(hex);
  });

  it('names the SDK field of each flexible checksum', () => {
    expect(checksumField('CRC64NVME')).toBe('ChecksumCRC64NVME');
    expect(checksumField('SHA1')).toBe('ChecksumSHA1');
  });
});
