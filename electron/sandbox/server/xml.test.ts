/**
 * Response escaping, S3's url encoding, the error document, and the request
 * parser's refusal of DTDs and malformed documents.
 */
import { describe, expect, it } from 'vitest';
import { S3Error } from '../store-types';
import { childNodes, childText, errorDocument, escapeXml, etagXml, httpDate, isoDate, parseRequestXml, s3UrlEncode } from './xml';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof S3Error ? err.code : 'not-an-S3Error';
  }
  return undefined;
}

describe('xml', () => {
  it('escapes markup, quotes and control characters, and leaves plain text as is', () => {
    const plain = 'training/2024/01/02/abc.jsonl';
    expect(escapeXml(plain)).toBe(plain);
    expect(escapeXml(`a&b<c>"d'`)).toBe('a&amp;b&lt;c&gt;&quot;d&apos;');
    expect(escapeXml('x\r\ny\u0001')).toBe('x&#xD;\ny&#x1;');
  });

  it('writes ETags with escaped quotes', () => {
    expect(etagXml('"352af95ebc0ff4b8c96c8d765f759ad9-12"')).toBe('&quot;352af95ebc0ff4b8c96c8d765f759ad9-12&quot;');
    expect(etagXml('"a&b"')).toBe('&quot;a&amp;b&quot;');
  });

  it('url-encodes keys as S3 does under encoding-type=url', () => {
    expect(s3UrlEncode('plain/key-1_2.~txt')).toBe('plain/key-1_2.~txt');
    expect(s3UrlEncode('a b.txt')).toBe('a+b.txt');
    expect(s3UrlEncode('a+b.txt')).toBe('a%2Bb.txt');
    expect(s3UrlEncode('100%.csv')).toBe('100%25.csv');
    expect(s3UrlEncode('한글/x.txt')).toBe('%ED%95%9C%EA%B8%80/x.txt');
    expect(s3UrlEncode("new\nline(1)*'!")).toBe('new%0Aline%281%29%2A%27%21');
    // Decoding with form semantics gives the key back.
    const key = 'we ird+/%/../ü\n';
    expect(decodeURIComponent(s3UrlEncode(key).replace(/\+/g, ' '))).toBe(key);
  });

  it('builds the error document with extra elements, Resource and RequestId', () => {
    const doc = errorDocument({ code: 'NoSuchKey', message: 'The specified key does not exist.', resource: '/b/a&b', requestId: 'R1', hostId: 'H1', extra: { Key: 'a&b' } });
    expect(doc).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>' +
        '<Key>a&amp;b</Key><Resource>/b/a&amp;b</Resource><RequestId>R1</RequestId><HostId>H1</HostId></Error>',
    );
  });

  it('parses request documents with namespaces, entities and repeated elements', () => {
    const doc = parseRequestXml(
      Buffer.from(
        '<?xml version="1.0"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>' +
          '<Object><Key> a&amp;b &#x263A;</Key></Object><Object><Key>c</Key></Object></Delete>',
      ),
      'Delete',
    );
    expect(childText(doc, 'Quiet')).toBe('true');
    expect(childNodes(doc, 'Object').map((o) => childText(o, 'Key'))).toEqual([' a&b ☺', 'c']);
  });

  it('treats an empty root as an empty document', () => {
    expect(parseRequestXml(Buffer.from('<RestoreRequest/>'), 'RestoreRequest')).toEqual({});
  });

  it.each([
    ['not XML', 'hello'],
    ['unclosed', '<Delete><Object>'],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "aaaa">]><Delete>&a;</Delete>'],
    ['the wrong root', '<Other/>'],
    ['empty', ''],
    ['two roots', '<Delete/><Delete/>'],
  ])('rejects %s as MalformedXML', (_what, text) => {
    expect(code(() => parseRequestXml(Buffer.from(text), 'Delete'))).toBe('MalformedXML');
  });

  it('formats dates for XML and headers', () => {
    expect(isoDate(Date.UTC(2012, 11, 21))).toBe('2012-12-21T00:00:00.000Z');
    for (const ms of [-1, 0, Date.UTC(2024, 1, 29, 23, 59, 59, 7), 1762015534435, Date.UTC(9999, 11, 31, 12)]) {
      expect(isoDate(ms)).toBe(new Date(ms).toISOString());
    }
    expect(httpDate(Date.UTC(2012, 11, 21))).toBe('Fri, 21 Dec 2012 00:00:00 GMT');
  });
});
