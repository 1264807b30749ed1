/**
 * The pure parts of server-side copies: part sizes within S3's limits, and
 * the copy-source and tagging headers for hostile keys.
 */
import { describe, expect, it } from 'vitest';
import { copyPartSize, copySource, MAX_PARTS, MAX_SINGLE_COPY, MIN_COPY_PART, taggingHeader } from './copier';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

describe('copyPartSize', () => {
  it('uses 64 MiB parts until the 10,000-part limit forces larger ones, in whole MiB', () => {
    expect(copyPartSize(6 * GiB)).toBe(MIN_COPY_PART);
    expect(Math.ceil((6 * GiB) / copyPartSize(6 * GiB))).toBe(96);
    for (const size of [MAX_SINGLE_COPY + 1, 700 * GiB, 1024 * GiB, 5 * 1024 * GiB]) {
      const part = copyPartSize(size);
      expect(part % MiB).toBe(0);
      expect(Math.ceil(size / part)).toBeLessThanOrEqual(MAX_PARTS);
      expect(part).toBeLessThanOrEqual(5 * GiB);
    }
    expect(copyPartSize(5 * 1024 * GiB)).toBe(Math.ceil((5 * 1024 * GiB) / MAX_PARTS / MiB) * MiB);
  });

  it('refuses objects beyond S3’s 5 TiB maximum', () => {
    expect(() => copyPartSize(5 * 1024 * GiB * 10_001)).toThrow(/larger than S3 allows/);
  });
});

describe('copySource', () => {
  it('URL-encodes each key segment, keeps the slashes, and appends the version id', () => {
    expect(copySource('b', 'a b/c+d/ü?x#y.txt')).toBe('b/a%20b/c%2Bd/%C3%BC%3Fx%23y.txt');
    expect(copySource('b', 'k', 'v/1+2')).toBe('b/k?versionId=v%2F1%2B2');
    expect(decodeURIComponent(copySource('b', '../%2e%2e/..'))).toBe('b/../%2e%2e/..');
  });
});

describe('taggingHeader', () => {
  it('writes URL-encoded pairs', () => {
    expect(taggingHeader({ team: 'a&b', 'k=y': 'x y' })).toBe('team=a%26b&k%3Dy=x%20y');
    expect(taggingHeader({})).toBe('');
  });
});
