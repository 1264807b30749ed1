/**
 * The pure parts of the renderer figures: the trace summary that splits wall
 * time from CPU time, and the bridge counter that times the first rows.
 */
import { describe, expect, it } from 'vitest';
import type { IpcRecord } from '../../e2e/harness/page-bridge';
import { countingLog } from './ipc-counter';
import { summarise } from './trace-summary';

describe('summarise', () => {
  it('sums top-level tasks per named thread and main-thread events, wall and CPU apart', () => {
    const meta = (tid: number, name: string) => ({ name: 'thread_name', ph: 'M', pid: 1, tid, args: { name } });
    const x = (tid: number, name: string, dur: number, tdur: number, ts = 0) => ({ name, ph: 'X', pid: 1, tid, dur, tdur, ts });
    const s = summarise([
      meta(10, 'CrRendererMain'),
      meta(11, 'Compositor'),
      x(10, 'ThreadControllerImpl::RunTask', 70_000, 8_000, 1_000),
      x(10, 'ThreadControllerImpl::RunTask', 20_000, 6_000, 100_000),
      x(10, 'Layout', 12_000, 3_000, 2_000),
      x(10, 'Paint', 1_000, 1_000, 105_000),
      x(10, 'FireAnimationFrame', 1_000, 1_000),
      x(10, 'FireAnimationFrame', 1_000, 1_000),
      x(11, 'ThreadControllerImpl::RunTask', 5_000, 4_000),
      x(12, 'ThreadControllerImpl::RunTask', 1_000, 1_000),
      { name: 'Layout', ph: 'I', pid: 1, tid: 10 },
    ]);
    expect(s.threads.CrRendererMain).toEqual({ wallMs: 90, cpuMs: 14, count: 2 });
    // Only the 70 ms task is long; the Layout inside it counts, the Paint in the later task does not.
    expect(s.longTasks).toEqual([{ wallMs: 70, cpuMs: 8, inside: { Layout: 3 } }]);
    expect(s.threads.Compositor).toEqual({ wallMs: 5, cpuMs: 4, count: 1 });
    expect(s.threads.unknown).toEqual({ wallMs: 1, cpuMs: 1, count: 1 });
    expect(s.mainThread.Layout).toEqual({ wallMs: 12, cpuMs: 3, count: 1 });
    expect(s.frames).toBe(2);
    // Heaviest thread first.
    expect(Object.keys(s.threads)[0]).toBe('CrRendererMain');
  });
});

describe('countingLog', () => {
  const rows = (n: number): IpcRecord => ({ kind: 'event', event: 'listing:event', payload: { kind: 'rows', rows: { names: new Array(n).fill('k') } } });

  it('counts row batches, keeps nothing, and times the first 1,000 rows from the listing:start call', async () => {
    const { log, counter } = countingLog();
    log.push(rows(5));
    counter.reset();
    log.push({ kind: 'call', channel: 'listing:start', input: {}, result: { ok: true, data: { jobId: 'j' } }, ms: 2 });
    await new Promise((r) => setTimeout(r, 20));
    log.push(rows(600), { kind: 'event', event: 'listing:event', payload: { kind: 'progress' } });
    await new Promise((r) => setTimeout(r, 20));
    log.push(rows(700));
    expect(log.length).toBe(0);
    expect(counter.stats).toMatchObject({ rowEvents: 2, rows: 1300, otherEvents: 1, maxBatch: 700 });
    const t = counter.timeline(performance.timeOrigin + performance.now());
    expect(t.startCallMs).toBe(2);
    expect(t.firstRowsEmittedMs).toBeGreaterThanOrEqual(20);
    expect(t.rows1000EmittedMs).toBeGreaterThanOrEqual(t.firstRowsEmittedMs! + 15);
    // The call began before "now", so it began a negative time after an action stamped now.
    expect(t.startCallBeganAfterActionMs).toBeLessThan(0);
  });
});
