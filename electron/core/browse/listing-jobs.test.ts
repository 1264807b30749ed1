import { describe, expect, it } from 'vitest';
import type { ListingEvent } from '../../../shared/ipc/listing';
import type { Emit } from '../types';
import { createFakePageSource } from '../listing/fake-page-source';
import { createListingJobs } from './listing-jobs';

const flat = (n: number) => Array.from({ length: n }, (_, i) => `flat/obj-${String(i).padStart(7, '0')}.bin`);

function recorder() {
  const events: ListingEvent[] = [];
  const emit: Emit = (name, payload) => {
    expect(name).toBe('listing:event');
    events.push(payload as ListingEvent);
  };
  const ended = (jobId: string) =>
    new Promise<ListingEvent>((resolve) => {
      const poll = () => {
        const e = events.find((x) => x.jobId === jobId && (x.kind === 'done' || x.kind === 'failed' || x.kind === 'cancelled'));
        if (e) resolve(e);
        else setTimeout(poll, 5);
      };
      poll();
    });
  return { events, emit, ended };
}

describe('listing jobs', () => {
  it('sends the first rows at once, then coalesced batches, then done with the totals', async () => {
    const rec = recorder();
    const jobs = createListingJobs({ emit: rec.emit, intervalMs: 200, concurrency: 8 });
    const source = createFakePageSource(flat(30_000), { latencyMs: 15 });
    const id = jobs.start(source, { bucket: 'b', prefix: 'flat/', recursive: true });
    const end = await rec.ended(id);
    const rows = rec.events.filter((e) => e.kind === 'rows');
    expect(end).toMatchObject({ kind: 'done', total: 30_000, scanned: 30_000, restoreStatusSupported: true });
    expect(rec.events.at(-1)!.kind).toBe('done');
    // The first page goes out alone, as soon as it arrives, not gathered with later pages.
    expect(rows[0]!.kind === 'rows' && rows[0]!.rows.names.length).toBe(1000);
    // Far fewer messages than pages, thousands of rows each.
    expect(rows.length).toBeLessThan(source.requests / 2);
    const names = rows.flatMap((e) => (e.kind === 'rows' ? e.rows.names : []));
    expect(names).toEqual(flat(30_000).map((k) => k.slice('flat/'.length)));
    for (const e of rows) if (e.kind === 'rows') expect(e.rows.sizes).toHaveLength(e.rows.names.length);
    const progress = rec.events.filter((e) => e.kind === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(jobs.active).toBe(0);
  });

  it('searches recursively with a filter and lists one level with folders first', async () => {
    const rec = recorder();
    const jobs = createListingJobs({ emit: rec.emit });
    const keys = ['p/a/x-mask.png', 'p/a/y.png', 'p/b/c/MASK2.png', 'p/top.txt', 'p/zmask'];
    const search = jobs.start(createFakePageSource(keys), { bucket: 'b', prefix: 'p/', recursive: true, filter: 'mask' });
    expect(await rec.ended(search)).toMatchObject({ kind: 'done', total: 3, scanned: 5 });
    const found = rec.events.flatMap((e) => (e.jobId === search && e.kind === 'rows' ? e.rows.names : []));
    expect(found).toEqual(['a/x-mask.png', 'b/c/MASK2.png', 'zmask']);

    const level = jobs.start(createFakePageSource(keys), { bucket: 'b', prefix: 'p/', recursive: false });
    await rec.ended(level);
    const batch = rec.events.find((e) => e.jobId === level && e.kind === 'rows');
    expect(batch).toMatchObject({ kind: 'rows', folders: 2, rows: { names: ['a/', 'b/', 'top.txt', 'zmask'] } });
  });

  it('cancels: every request stops, "cancelled" is the last event, nothing follows', async () => {
    const rec = recorder();
    const jobs = createListingJobs({ emit: rec.emit, concurrency: 16 });
    const source = createFakePageSource(flat(200_000), { latencyMs: 20 });
    const id = jobs.start(source, { bucket: 'b', prefix: 'flat/', recursive: true });
    while (!rec.events.some((e) => e.kind === 'rows')) await new Promise((r) => setTimeout(r, 5));
    expect(await jobs.cancel(id)).toBe(true);
    expect(source.inFlight).toBe(0);
    const count = rec.events.length;
    const requests = source.requests;
    await new Promise((r) => setTimeout(r, 100));
    expect(rec.events.length).toBe(count);
    expect(source.requests).toBe(requests);
    expect(rec.events.at(-1)).toMatchObject({ jobId: id, kind: 'cancelled' });
    expect(await jobs.cancel(id)).toBe(false);
  });

  it('reports a failure with a sentence naming the permission', async () => {
    const rec = recorder();
    const jobs = createListingJobs({ emit: rec.emit });
    const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    const id = jobs.start(createFakePageSource(flat(10), { failAt: { request: 1, error: denied } }), { bucket: 'secret', prefix: '', recursive: false });
    const end = await rec.ended(id);
    expect(end).toMatchObject({ kind: 'failed', error: { code: 'AccessDenied' } });
    expect(end.kind === 'failed' && end.error.message).toContain('s3:ListBucket');
  });

  it('keeps at most maxJobs running by cancelling the oldest', async () => {
    const rec = recorder();
    const jobs = createListingJobs({ emit: rec.emit, maxJobs: 2, concurrency: 4 });
    const slow = () => createFakePageSource(flat(50_000), { latencyMs: 20 });
    const a = jobs.start(slow(), { bucket: 'b', prefix: 'flat/', recursive: true });
    const b = jobs.start(slow(), { bucket: 'b', prefix: 'flat/', recursive: true });
    const c = jobs.start(slow(), { bucket: 'b', prefix: 'flat/', recursive: true });
    expect(await rec.ended(a)).toMatchObject({ kind: 'cancelled' });
    expect(jobs.active).toBe(2);
    await jobs.cancelAll();
    expect((await rec.ended(b)).kind).toBe('cancelled');
    expect((await rec.ended(c)).kind).toBe('cancelled');
    expect(jobs.active).toBe(0);
  });
});
