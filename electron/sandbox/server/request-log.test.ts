/**
 * The request log on its own: numbering, the cap with its dropped counter
 * (across compactions), clear, the disabled stand-in and countBy.
 */
import { describe, expect, it } from 'vitest';
import { countBy, createRequestLog, disabledRequestLog, type RequestLogFields } from './request-log';

function fields(key: string, status = 200): RequestLogFields {
  return { op: 'HeadObject', bucket: 'b', key, status, ran: true, accessKeyId: 'AK' };
}

describe('createRequestLog', () => {
  it('numbers entries from 1 and stamps them with the clock', () => {
    let t = 1000;
    const log = createRequestLog({ now: () => (t += 5) });
    log.record(fields('a'));
    log.record({ ...fields('b', 0), ran: false, fault: 'reset' });
    expect(log.entries()).toEqual([
      { ...fields('a'), seq: 1, at: 1005 },
      { ...fields('b', 0), ran: false, fault: 'reset', seq: 2, at: 1010 },
    ]);
  });

  it('keeps the newest maxEntries and counts the dropped ones, past several compactions', () => {
    const log = createRequestLog({ maxEntries: 3 });
    for (let i = 1; i <= 5000; i++) log.record(fields(`k${i}`));
    expect(log.entries().map((e) => e.seq)).toEqual([4998, 4999, 5000]);
    expect(log.dropped).toBe(4997);
  });

  it('hands out snapshots that later records do not change', () => {
    const log = createRequestLog();
    log.record(fields('a'));
    const snap = log.entries();
    log.record(fields('b'));
    expect([snap.length, log.entries().length]).toEqual([1, 2]);
  });

  it('forgets entries and the dropped count on clear, but keeps numbering', () => {
    const log = createRequestLog({ maxEntries: 1 });
    log.record(fields('a'));
    log.record(fields('b'));
    log.clear();
    expect([log.entries(), log.dropped]).toEqual([[], 0]);
    log.record(fields('c'));
    expect(log.entries().map((e) => e.seq)).toEqual([3]);
  });

  it('rejects a cap that is not a positive integer', () => {
    expect(() => createRequestLog({ maxEntries: 0 })).toThrow(/maxEntries/);
  });
});

describe('disabledRequestLog', () => {
  it('refuses to be read, so a test cannot pass on an empty log it never enabled', () => {
    const log = disabledRequestLog();
    expect(log.enabled).toBe(false);
    expect(() => log.entries()).toThrow(/requestLog: true/);
  });
});

describe('countBy', () => {
  it('counts by the derived key in first-seen order', () => {
    const log = createRequestLog();
    for (const k of ['x', 'y', 'x']) log.record(fields(k));
    expect(countBy(log.entries(), (e) => e.key)).toEqual(new Map([['x', 2], ['y', 1]]));
    expect(countBy([], (e: number) => e).size).toBe(0);
  });
});
