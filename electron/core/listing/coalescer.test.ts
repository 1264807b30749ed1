import { describe, expect, it } from 'vitest';
import { Coalescer, type CoalescerClock } from './coalescer';

function fakeClock() {
  let now = 0;
  const timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let ids = 0;
  const clock: CoalescerClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const t = { at: now + ms, fn, id: ++ids };
      timers.push(t);
      return t.id;
    },
    clearTimeout: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers.splice(timers.indexOf(due), 1);
      due.fn();
    }
  };
  return { clock, advance, pending: () => timers.length };
}

describe('Coalescer', () => {
  it('flushes the first notification at once, then at most once per interval', () => {
    const { clock, advance } = fakeClock();
    const flushes: number[] = [];
    const c = new Coalescer(() => flushes.push(clock.now()), 250, clock);
    c.notify();
    expect(flushes).toEqual([0]);
    for (let t = 0; t < 1000; t += 10) {
      c.notify();
      advance(10);
    }
    // 1 s of constant notifications: the first plus one per 250 ms.
    expect(flushes.length).toBeGreaterThanOrEqual(4);
    expect(flushes.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < flushes.length; i++) expect(flushes[i]! - flushes[i - 1]!).toBeGreaterThanOrEqual(250);
  });

  it('flushes immediately again after a quiet interval', () => {
    const { clock, advance } = fakeClock();
    let n = 0;
    const c = new Coalescer(() => n++, 250, clock);
    c.notify();
    advance(1000);
    c.notify();
    expect(n).toBe(2);
  });

  it('close flushes what is pending, cancels the timer and ignores later notifications', () => {
    const { clock, advance, pending } = fakeClock();
    let n = 0;
    const c = new Coalescer(() => n++, 250, clock);
    c.notify();
    c.notify();
    expect(pending()).toBe(1);
    c.close();
    expect(n).toBe(2);
    expect(pending()).toBe(0);
    c.notify();
    advance(1000);
    expect(n).toBe(2);
    const d = new Coalescer(() => n++, 250, clock);
    d.close(false);
    expect(n).toBe(2);
  });
});
