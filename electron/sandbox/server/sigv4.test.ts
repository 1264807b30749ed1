/**
 * SigV4 primitives against the worked examples in AWS's S3 SigV4
 * documentation ("Signature Calculations for the Authorization Header":
 * GET Object, and "Transferring Payload in Multiple Chunks"), plus the
 * canonicalisation rules S3 applies.
 */
import { describe, expect, it } from 'vitest';
import {
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  chunkStringToSign,
  EMPTY_SHA256,
  formatAmzDate,
  parseAmzDate,
  parseAuthorization,
  parseQuery,
  sign,
  signaturesEqual,
  signingKey,
  stringToSign,
} from './sigv4';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SCOPE = '20130524/us-east-1/s3/aws4_request';
const DATE = '20130524T000000Z';

describe('SigV4 canonical request and signature', () => {
  it('reproduces the AWS GET Object example signature', () => {
    const canonical = canonicalRequest({
      method: 'GET',
      rawPath: '/test.txt',
      query: [],
      headers: {
        host: ['examplebucket.s3.amazonaws.com'],
        range: ['bytes=0-9'],
        'x-amz-content-sha256': [EMPTY_SHA256],
        'x-amz-date': [DATE],
      },
      signedHeaders: ['host', 'range', 'x-amz-content-sha256', 'x-amz-date'],
      payloadHash: EMPTY_SHA256,
    });
    expect(canonical).toBe(
      'GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n' +
        `x-amz-content-sha256:${EMPTY_SHA256}\nx-amz-date:${DATE}\n\nhost;range;x-amz-content-sha256;x-amz-date\n${EMPTY_SHA256}`,
    );
    const key = signingKey(SECRET, '20130524', 'us-east-1', 's3');
    expect(sign(key, stringToSign(DATE, SCOPE, canonical))).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
  });

  it('reproduces the AWS chunked-upload seed and chunk signatures', () => {
    const canonical = canonicalRequest({
      method: 'PUT',
      rawPath: '/examplebucket/chunkObject.txt',
      query: [],
      headers: {
        'content-encoding': ['aws-chunked'],
        'content-length': ['66824'],
        host: ['s3.amazonaws.com'],
        'x-amz-content-sha256': ['STREAMING-AWS4-HMAC-SHA256-PAYLOAD'],
        'x-amz-date': [DATE],
        'x-amz-decoded-content-length': ['66560'],
        'x-amz-storage-class': ['REDUCED_REDUNDANCY'],
      },
      signedHeaders: ['content-encoding', 'content-length', 'host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-decoded-content-length', 'x-amz-storage-class'],
      payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    });
    const key = signingKey(SECRET, '20130524', 'us-east-1', 's3');
    const seed = sign(key, stringToSign(DATE, SCOPE, canonical));
    expect(seed).toBe('4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9');
    const c1 = sign(key, chunkStringToSign(DATE, SCOPE, seed, Buffer.alloc(65536, 'a')));
    expect(c1).toBe('ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648');
    const c2 = sign(key, chunkStringToSign(DATE, SCOPE, c1, Buffer.alloc(1024, 'a')));
    expect(c2).toBe('0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497');
    const last = sign(key, chunkStringToSign(DATE, SCOPE, c2, Buffer.alloc(0)));
    expect(last).toBe('b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9');
  });

  it('does not double-encode or normalise the path', () => {
    expect(canonicalUri('/bucket/a%20b/c%2Bd')).toBe('/bucket/a%20b/c%2Bd');
    expect(canonicalUri('/bucket/a//b/../c')).toBe('/bucket/a//b/../c');
    // Characters some clients leave bare are encoded as RFC 3986 wants.
    expect(canonicalUri("/bucket/we!rd(1)*'")).toBe('/bucket/we%21rd%281%29%2A%27');
    expect(canonicalUri('/bucket/%E2%82%AC')).toBe('/bucket/%E2%82%AC');
    expect(canonicalUri('/bucket/%zz')).toBe('/bucket/%zz');
  });

  it('decodes queries with form semantics and sorts the canonical query', () => {
    const pairs = parseQuery('prefix=a+b%2Bc&list-type=2&delimiter=%2F&empty');
    expect(pairs).toEqual([
      { name: 'prefix', value: 'a b+c' },
      { name: 'list-type', value: '2' },
      { name: 'delimiter', value: '/' },
      { name: 'empty', value: '' },
    ]);
    expect(canonicalQuery(pairs)).toBe('delimiter=%2F&empty=&list-type=2&prefix=a%20b%2Bc');
    expect(canonicalQuery(parseQuery('X-Amz-Signature=abc&a=1'), 'X-Amz-Signature')).toBe('a=1');
    expect(() => parseQuery('a=%E2%82')).toThrow(URIError);
  });

  it('trims and collapses header values', () => {
    const canonical = canonicalRequest({
      method: 'GET',
      rawPath: '/',
      query: [],
      headers: { host: ['h'], 'x-amz-meta-a': ['  one   two  ', 'three'] },
      signedHeaders: ['host', 'x-amz-meta-a'],
      payloadHash: 'UNSIGNED-PAYLOAD',
    });
    expect(canonical.split('\n')[4]).toBe('x-amz-meta-a:one two,three');
  });

  it('parses the Authorization header and rejects malformed ones', () => {
    const parsed = parseAuthorization(
      'AWS4-HMAC-SHA256 Credential=AKID/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcd',
    );
    expect(parsed).toEqual({
      credential: { accessKeyId: 'AKID', date: '20130524', region: 'us-east-1', service: 's3', terminal: 'aws4_request' },
      signedHeaders: ['host', 'x-amz-date'],
      signature: 'abcd',
    });
    expect(parseAuthorization('AWS AKID:sig')).toBeUndefined();
    expect(parseAuthorization('AWS4-HMAC-SHA256 Credential=AKID/2013/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=x')).toBeUndefined();
    expect(parseAuthorization('AWS4-HMAC-SHA256 SignedHeaders=host, Signature=x')).toBeUndefined();
  });

  it('round-trips amz dates and compares signatures', () => {
    expect(parseAmzDate(DATE)).toBe(Date.UTC(2013, 4, 24));
    expect(formatAmzDate(Date.UTC(2013, 4, 24, 1, 2, 3))).toBe('20130524T010203Z');
    expect(Number.isNaN(parseAmzDate('2013-05-24'))).toBe(true);
    expect(signaturesEqual('abc', 'abc')).toBe(true);
    expect(signaturesEqual('abc', 'abd')).toBe(false);
    expect(signaturesEqual('abc', 'abcd')).toBe(false);
  });
});
