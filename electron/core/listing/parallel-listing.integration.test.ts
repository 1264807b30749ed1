/**
 * Parallel listing against the sandbox's synthetic buckets: every key exactly
 * once and in order (the SDK's own sequential paginator is the oracle),
 * cancellation that really stops requests, and an endpoint that rejects
 * `RestoreStatus`.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import type { ListingEvent } from '../../../shared/ipc/listing';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { createBrowseHandlers } from '../browse/handlers';
import { listAll } from './list-all';
import { sandboxClient } from '../testing/sandbox-client';

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function sandbox(seed: string, latencyMs = 0): Promise<{ sb: Sandbox; client: S3Client }> {
  const sb = await startSandbox({ seed, latencyMs, quiet: true });
  const client = sandboxClient(sb);
  cleanups.push(() => sb.close(), () => client.destroy());
  return { sb, client };
}

async function sequentialKeys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client, pageSize: 1000 }, { Bucket: bucket, Prefix: prefix })) {
    for (const o of page.Contents ?? []) keys.push(o.Key!);
  }
  return keys;
}

describe('parallel listing of 200,000 keys', () => {
  it.each([
    ['synthetic-flat:200000', 'thaw-synthetic-flat', 'flat/'],
    ['synthetic:200000', 'thaw-synthetic', ''],
  ])('%s: every key exactly once, in order, as the sequential SDK listing', async (seed, bucket, prefix) => {
    const { sb, client } = await sandbox(seed);
    const names: string[] = [];
    let batches = 0;
    const result = await listAll(client, { bucket, prefix, recursive: true }, (b) => {
      batches++;
      expect(b.folders).toBe(0);
      names.push(...b.rows.names);
    });
    const expected = await sequentialKeys(client, bucket, prefix);
    expect(expected).toHaveLength(200_000);
    expect(result.total).toBe(200_000);
    expect(names.length).toBe(expected.length);
    // Compare as whole arrays only on mismatch, to keep failure output readable.
    const firstDiff = names.findIndex((n, i) => prefix + n !== expected[i]);
    expect(firstDiff).toBe(-1);
    expect(result.stats.ranges).toBeGreaterThan(10);
    expect(batches).toBeGreaterThan(1);
    expect(sb.stats().listPages).toBeGreaterThan(200);
  }, 300_000);
});

describe('listing jobs against the sandbox', () => {
  it('cancelling mid-listing stops the requests', async () => {
    const { sb, client } = await sandbox('synthetic-flat:200000', 20);
    const events: ListingEvent[] = [];
    const h = createBrowseHandlers({ s3: { clientFor: async () => client }, emit: (_n, p) => events.push(p as ListingEvent) });
    const { jobId } = await h['listing:start']({ connectionId: 'x', bucket: 'thaw-synthetic-flat', prefix: 'flat/', recursive: true });
    while (!events.some((e) => e.kind === 'rows')) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 200));
    const during = sb.stats().requests;
    expect(await h['listing:cancel']({ jobId })).toEqual({ cancelled: true });
    expect(events.at(-1)).toMatchObject({ jobId, kind: 'cancelled' });
    // Requests already on the wire finish on the server; none may start after that.
    await new Promise((r) => setTimeout(r, 100));
    const after = sb.stats().requests;
    await new Promise((r) => setTimeout(r, 400));
    expect(sb.stats().requests).toBe(after);
    expect(after - during).toBeLessThan(200);
    const rows = events.filter((e) => e.kind === 'rows').reduce((n, e) => n + (e.kind === 'rows' ? e.rows.names.length : 0), 0);
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(200_000);
  }, 60_000);

  it('still lists when the endpoint rejects RestoreStatus, and says so', async () => {
    const { sb } = await sandbox('demo');
    // An S3-compatible endpoint that answers 400 to x-amz-optional-object-attributes; everything else passes through.
    const target = new URL(sb.endpoint);
    const proxy: Server = createServer((req, res) => {
      if (req.headers['x-amz-optional-object-attributes']) {
        res.writeHead(400, { 'content-type': 'application/xml' });
        res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidArgument</Code><Message>Unknown header</Message></Error>');
        req.resume();
        return;
      }
      const up = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => proxy.close(() => r())));
    const client = new S3Client({
      endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      region: sb.region,
      credentials: sb.credentials,
      forcePathStyle: true,
    });
    cleanups.push(() => client.destroy());
    const events: ListingEvent[] = [];
    const h = createBrowseHandlers({ s3: { clientFor: async () => client }, emit: (_n, p) => events.push(p as ListingEvent) });
    const { jobId } = await h['listing:start']({ connectionId: 'x', bucket: 'thaw-demo-training', prefix: '', recursive: true });
    while (!events.some((e) => e.jobId === jobId && (e.kind === 'done' || e.kind === 'failed'))) await new Promise((r) => setTimeout(r, 10));
    const end = events.at(-1)!;
    const direct = await sequentialKeys(client, 'thaw-demo-training', '');
    expect(end).toMatchObject({ kind: 'done', restoreStatusSupported: false, total: direct.length });
    const restore = events.flatMap((e) => (e.kind === 'rows' ? e.rows.restore : []));
    expect(restore.every((r) => r === 0)).toBe(true);
  }, 60_000);
});
