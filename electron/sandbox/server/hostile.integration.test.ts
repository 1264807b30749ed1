/**
 * Hostile requests over raw HTTP and raw TCP: malformed and entity-laden
 * XML, 10 MB of junk to XML endpoints, oversized headers, broken aws-chunked
 * framing, garbage instead of HTTP, traversal-looking and over-long keys.
 * Each gets an S3 error, the server keeps serving, and the store is
 * unchanged.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { connect } from 'node:net';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../index';
import { clientFor, errorCode, rawRequest, signedHeaders } from './test-helpers';

const BUCKET = 'hostile-tests';
let sb: Sandbox;

const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('base64');
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function snapshot(): string[] {
  return sb.store.list(BUCKET, { maxKeys: 1000 }).entries.map((e) => (e.kind === 'object' ? `${e.object.key}:${e.object.etag}:${e.object.restore ? 'r' : ''}` : e.prefix));
}

/** Sends raw bytes over TCP and returns what came back before the server closed (or 3 s passed). */
function rawTcp(data: Buffer | string): Promise<string> {
  const url = new URL(sb.endpoint);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    const parts: Buffer[] = [];
    const done = () => resolve(Buffer.concat(parts).toString('latin1'));
    socket.setTimeout(3_000, () => socket.destroy());
    socket.on('data', (b: Buffer) => parts.push(b));
    socket.on('close', done);
    socket.on('error', () => undefined);
    socket.write(data);
  });
}

async function stillServing(): Promise<void> {
  const out = await clientFor(sb).send(new ListObjectsV2Command({ Bucket: BUCKET }));
  expect(out.KeyCount).toBeGreaterThan(0);
}

let before: string[];

beforeAll(async () => {
  sb = await startSandbox({ quiet: true });
  sb.store.createBucket(BUCKET, sb.region);
  const s3 = clientFor(sb);
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'keep/one.txt', Body: 'one' }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'keep/cold.bin', Body: 'cold', StorageClass: 'GLACIER' }));
  before = snapshot();
});

afterAll(async () => {
  expect(snapshot()).toEqual(before);
  await sb?.close();
});

describe('hostile XML', () => {
  it.each([
    ['not XML at all', 'this is not xml'],
    ['an unclosed document', '<Delete><Object><Key>keep/one.txt</Key></Object>'],
    ['an entity bomb', '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><Delete><Object><Key>&b;</Key></Object></Delete>'],
    ['a wrong root element', '<Remove><Object><Key>keep/one.txt</Key></Object></Remove>'],
    ['an object without a key', '<Delete><Object><Nope>x</Nope></Object></Delete>'],
  ])('DeleteObjects with %s answers MalformedXML', async (_what, xml) => {
    const path = `/${BUCKET}?delete`;
    const res = await rawRequest(sb.endpoint, { method: 'POST', path, headers: signedHeaders(sb, 'POST', path, { 'content-md5': md5(xml) }), body: xml });
    expect([res.status, errorCode(res.body)]).toEqual([400, 'MalformedXML']);
    await stillServing();
  });

  it('RestoreObject with malformed XML answers MalformedXML and starts nothing', async () => {
    const path = `/${BUCKET}/keep/cold.bin?restore`;
    const body = '<RestoreRequest><Days>2</Days><GlacierJobParameters><Tier>Warp</Tier></GlacierJobParameters></RestoreRequest>';
    const res = await rawRequest(sb.endpoint, { method: 'POST', path, headers: signedHeaders(sb, 'POST', path), body });
    expect([res.status, errorCode(res.body)]).toEqual([400, 'MalformedXML']);
    expect(sb.store.head(BUCKET, 'keep/cold.bin').restore).toBeUndefined();
  });

  it('10 MB of junk to an XML endpoint answers MaxMessageLengthExceeded', async () => {
    const junk = Buffer.alloc(10 * 1024 * 1024, '<');
    const path = `/${BUCKET}?delete`;
    const res = await rawRequest(sb.endpoint, { method: 'POST', path, headers: signedHeaders(sb, 'POST', path, { 'content-md5': md5(junk) }), body: junk });
    expect([res.status, errorCode(res.body)]).toEqual([400, 'MaxMessageLengthExceeded']);
    await stillServing();
  });

  it('10 MB of junk without a Content-Length is drained and refused the same way', async () => {
    const url = new URL(sb.endpoint);
    const path = `/${BUCKET}/keep/cold.bin?restore`;
    const headers = { ...signedHeaders(sb, 'POST', path), 'transfer-encoding': 'chunked' };
    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method: 'POST', path, headers, agent: false }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (b: Buffer) => parts.push(b));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
      });
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write(Buffer.alloc(1024 * 1024, 'j'));
      req.end();
    });
    expect([status.status, errorCode(status.body)]).toEqual([400, 'MaxMessageLengthExceeded']);
    await stillServing();
  });
});

describe('hostile HTTP', () => {
  it('answers oversized headers with an S3 error and keeps serving', async () => {
    const reply = await rawTcp(`GET /${BUCKET} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(errorCode(reply)).toBe('RequestHeaderSectionTooLarge');
    await stillServing();
  });

  it('answers a PUT declaring more than 5 GiB with EntityTooLarge before reading it', async () => {
    const path = `/${BUCKET}/huge.bin`;
    const headers = signedHeaders(sb, 'PUT', path);
    const head = [`PUT ${path} HTTP/1.1`, ...Object.entries({ ...headers, 'content-length': String(6 * 1024 ** 3) }).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
    const reply = await rawTcp(Buffer.concat([Buffer.from(head), Buffer.alloc(64 * 1024, 'x')]));
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(errorCode(reply)).toBe('EntityTooLarge');
    expect(reply).toMatch(/connection: close/i);
    await stillServing();
  });

  it('answers garbage instead of HTTP with 400 and keeps serving', async () => {
    const reply = await rawTcp('\u0000\u0001\u0002 NOT HTTP AT ALL\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    await stillServing();
  });

  it('refuses broken aws-chunked framing without storing anything', async () => {
    const cases: Array<[string, string, string]> = [
      ['bad size', 'zz\r\nhello\r\n0\r\n\r\n', 'InvalidRequest'],
      ['truncated', '10\r\nhello', 'IncompleteBody'],
      ['length mismatch', '5\r\nhello\r\n0\r\n\r\n', 'IncompleteBody'],
    ];
    for (const [name, body, code] of cases) {
      const path = `/${BUCKET}/chunked-${name.replace(/ /g, '-')}`;
      const headers = signedHeaders(sb, 'PUT', path, { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': name === 'length mismatch' ? '6' : '5' }, 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
      const res = await rawRequest(sb.endpoint, { method: 'PUT', path, headers, body });
      expect([name, res.status, errorCode(res.body)]).toEqual([name, 400, code]);
    }
    await stillServing();
  });

  it('rejects a wrong chunk signature in a signed streaming upload', async () => {
    const path = `/${BUCKET}/signed-stream.txt`;
    const headers = signedHeaders(sb, 'PUT', path, { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '5' }, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD');
    const body = `5;chunk-signature=${'0'.repeat(64)}\r\nhello\r\n0;chunk-signature=${'0'.repeat(64)}\r\n\r\n`;
    const res = await rawRequest(sb.endpoint, { method: 'PUT', path, headers, body });
    expect([res.status, errorCode(res.body)]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it('answers unknown methods and sub-resources with NotImplemented', async () => {
    const path = `/${BUCKET}?policy`;
    const res = await rawRequest(sb.endpoint, { method: 'GET', path, headers: signedHeaders(sb, 'GET', path) });
    expect([res.status, errorCode(res.body)]).toEqual([501, 'NotImplemented']);
  });
});

describe('hostile keys', () => {
  it('stores ../ keys as plain keys and lists them back', async () => {
    const path = `/${BUCKET}/keep/../../etc/passwd`;
    const body = 'not a file';
    const headers = signedHeaders(sb, 'PUT', path, {}, sha(body));
    const put = await rawRequest(sb.endpoint, { method: 'PUT', path, headers, body });
    expect(put.status).toBe(200);
    expect((await sb.store.read(BUCKET, 'keep/../../etc/passwd')).toString()).toBe(body);
    await sb.store.delete(BUCKET, 'keep/../../etc/passwd');
  });

  it('answers a 1,025-byte key with KeyTooLongError and a bad percent-encoding with InvalidURI', async () => {
    const long = `/${BUCKET}/${'k'.repeat(1025)}`;
    const res = await rawRequest(sb.endpoint, { method: 'PUT', path: long, headers: signedHeaders(sb, 'PUT', long), body: 'x' });
    expect([res.status, errorCode(res.body)]).toEqual([400, 'KeyTooLongError']);
    const bad = await rawRequest(sb.endpoint, { path: `/${BUCKET}/%E2%82`, headers: signedHeaders(sb, 'GET', `/${BUCKET}/x`) });
    expect([bad.status, errorCode(bad.body)]).toEqual([400, 'InvalidURI']);
  });

  it('answers oversized user metadata with MetadataTooLarge', async () => {
    const path = `/${BUCKET}/meta-heavy`;
    const res = await rawRequest(sb.endpoint, { method: 'PUT', path, headers: signedHeaders(sb, 'PUT', path, { 'x-amz-meta-big': 'm'.repeat(3000) }), body: 'x' });
    expect([res.status, errorCode(res.body)]).toEqual([400, 'MetadataTooLarge']);
  });
});
