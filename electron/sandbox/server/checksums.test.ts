/**
 * Flexible checksums: published check values of each CRC, and agreement
 * with the AWS SDK's own implementations (the client side of the same
 * contract) on random data.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';
import { describe, expect, it } from 'vitest';
import { algorithmOfHeader, computeChecksum, crc32c, crc64nvme, md5Base64 } from './checksums';

const CHECK = Buffer.from('123456789');

async function sdkDigest(h: { update(d: Uint8Array): void; digest(): Promise<Uint8Array> }, data: Buffer): Promise<string> {
  h.update(data);
  return Buffer.from(await h.digest()).toString('base64');
}

describe('checksums', () => {
  it('match the catalogued check values for "123456789"', () => {
    // Check values from the CRC catalogue (CRC-32/ISO-HDLC, CRC-32/ISCSI, CRC-64/NVME).
    expect(computeChecksum('CRC32', CHECK)).toBe(Buffer.from('cbf43926', 'hex').toString('base64'));
    expect(crc32c(CHECK)).toBe(0xe3069283);
    expect(crc64nvme(CHECK).toString('hex')).toBe('ae8b14860a799888');
  });

  it('agree with the AWS SDK on random data', async () => {
    for (const size of [0, 1, 7, 1000, 65_537]) {
      const data = randomBytes(size);
      expect(computeChecksum('CRC32C', data)).toBe(await sdkDigest(new Crc32c(), data));
      expect(computeChecksum('CRC64NVME', data)).toBe(await sdkDigest(new Crc64Nvme(), data));
    }
  });

  it('computes SHA checksums and MD5 as base64', () => {
    const data = Buffer.from('hello');
    expect(computeChecksum('SHA256', data)).toBe(createHash('sha256').update(data).digest('base64'));
    expect(computeChecksum('SHA1', data)).toBe(createHash('sha1').update(data).digest('base64'));
    expect(md5Base64(data)).toBe('XUFAKrxLKna5cZ2REBfFkg==');
  });

  it('maps header names to algorithms', () => {
    expect(algorithmOfHeader('x-amz-checksum-crc64nvme')).toBe('CRC64NVME');
    expect(algorithmOfHeader('x-amz-checksum-md5')).toBeUndefined();
  });
});
