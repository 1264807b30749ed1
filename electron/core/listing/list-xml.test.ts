import { describe, expect, it } from 'vitest';
import { RESTORE_IN_PROGRESS, RESTORE_NONE, RESTORE_RESTORED, STORAGE_CLASSES, storageClassIndex } from '../../../shared/ipc/listing';
import { parseListPage } from './list-xml';

const doc = (body: string, head = '<IsTruncated>true</IsTruncated><NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=&amp;x</NextContinuationToken>') =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>p/</Prefix>${head}${body}</ListBucketResult>`);

const entry = (key: string, extra = '', cls = 'STANDARD') =>
  `<Contents><Key>${key}</Key><LastModified>2026-02-09T12:34:56.789Z</LastModified><ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag><ChecksumAlgorithm>CRC32</ChecksumAlgorithm><Size>1234567890123</Size><Owner><ID>x</ID></Owner><StorageClass>${cls}</StorageClass>${extra}</Contents>`;

describe('parseListPage', () => {
  it('reads key, size, time, class, restore status, truncation and token', () => {
    const page = parseListPage(
      doc(
        entry('p/a.jsonl') +
          entry('p/b.bin', '<RestoreStatus><IsRestoreInProgress>true</IsRestoreInProgress></RestoreStatus>', 'GLACIER') +
          entry('p/c.bin', '<RestoreStatus><IsRestoreInProgress>false</IsRestoreInProgress><RestoreExpiryDate>2026-12-21T00:00:00.000Z</RestoreExpiryDate></RestoreStatus>', 'DEEP_ARCHIVE'),
      ),
    );
    expect(page.keys).toEqual(['p/a.jsonl', 'p/b.bin', 'p/c.bin']);
    expect(page.sizes).toEqual([1234567890123, 1234567890123, 1234567890123]);
    expect(page.modified[0]).toBe(Date.UTC(2026, 1, 9, 12, 34, 56, 789));
    expect(page.storageClass.map((i) => STORAGE_CLASSES[i])).toEqual(['STANDARD', 'GLACIER', 'DEEP_ARCHIVE']);
    expect(page.restore).toEqual([RESTORE_NONE, RESTORE_IN_PROGRESS, RESTORE_RESTORED]);
    expect(page.restoreExpiry).toEqual([0, 0, Date.UTC(2026, 11, 21)]);
    expect(page.isTruncated).toBe(true);
    expect(page.nextToken).toBe('1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=&x');
    expect(page.returned).toBe(3);
    expect(page.pastEnd).toBe(false);
  });

  it('decodes url-encoded keys (S3 writes + for space) and XML-escaped ones', () => {
    const enc = parseListPage(doc(entry('p/a+b%2Bc%25d%E6%97%A5%F0%9F%98%80.txt') + entry('p/%0Anew%20line'), '<EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>'));
    expect(enc.keys).toEqual(['p/a b+c%d日😀.txt', 'p/\nnew line']);
    const plain = parseListPage(doc(entry('p/a&amp;b &lt;c&gt; &#x65E5;&#26412; 😀'), '<IsTruncated>false</IsTruncated>'));
    expect(plain.keys).toEqual(['p/a&b <c> 日本 😀']);
    expect(plain.isTruncated).toBe(false);
    expect(plain.nextToken).toBeUndefined();
  });

  it('reads common prefixes and counts them as returned', () => {
    const page = parseListPage(
      doc(entry('p/file') + '<CommonPrefixes><Prefix>p/a/</Prefix></CommonPrefixes><CommonPrefixes><Prefix>p/b%20c/</Prefix></CommonPrefixes>', '<EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>'),
    );
    expect(page.prefixes).toEqual(['p/a/', 'p/b c/']);
    expect(page.keys).toEqual(['p/file']);
    expect(page.returned).toBe(3);
  });

  it('stops at an inclusive bound, in S3 order', () => {
    const body = ['p/a', 'p/b', 'p/c', 'p/d'].map((k) => entry(k)).join('') + '<CommonPrefixes><Prefix>p/bb/</Prefix></CommonPrefixes><CommonPrefixes><Prefix>p/cc/</Prefix></CommonPrefixes>';
    const page = parseListPage(doc(body), 'p/c');
    expect(page.keys).toEqual(['p/a', 'p/b', 'p/c']);
    expect(page.prefixes).toEqual(['p/bb/']);
    expect(page.pastEnd).toBe(true);
    expect(page.returned).toBe(6);
    expect(page.sizes).toHaveLength(3);
  });

  it('maps a missing class to STANDARD and an unknown one to UNKNOWN; tolerates dates without millis', () => {
    const page = parseListPage(
      doc('<Contents><Key>p/x</Key><LastModified>2026-02-09T12:34:56Z</LastModified><Size>0</Size></Contents>' + entry('p/y', '', 'WEIRD_CLASS')),
    );
    expect(page.storageClass).toEqual([storageClassIndex('STANDARD'), storageClassIndex('UNKNOWN')]);
    expect(page.modified[0]).toBe(Date.UTC(2026, 1, 9, 12, 34, 56));
  });

  it('refuses bodies cut in the middle or entries without a key', () => {
    expect(() => parseListPage(Buffer.from('<ListBucketResult><Contents><Key>a</Key>'))).toThrow(/Truncated/);
    expect(() => parseListPage(doc('<Contents><Size>1</Size></Contents>'))).toThrow(/without a Key/);
  });
});
