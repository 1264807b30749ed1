import { describe, expect, it } from 'vitest';
import { OrderedEmitter, type Slot } from './ordered-emitter';

describe('OrderedEmitter', () => {
  it('emits the head at once and later slots only after everything before them finished', () => {
    const out: string[] = [];
    const e = new OrderedEmitter<string>((x) => out.push(x));
    const root = e.root();
    const [b, c] = e.insertAfter(root, 2) as [Slot<string>, Slot<string>];
    e.push(root, 'a1');
    e.push(c, 'c1');
    e.push(b, 'b1');
    expect(out).toEqual(['a1']);
    expect(e.heldCount).toBe(2);
    e.finish(c);
    expect(out).toEqual(['a1']);
    e.push(root, 'a2');
    e.finish(root);
    expect(out).toEqual(['a1', 'a2', 'b1']);
    e.push(b, 'b2');
    expect(out).toEqual(['a1', 'a2', 'b1', 'b2']);
    e.finish(b);
    expect(out).toEqual(['a1', 'a2', 'b1', 'b2', 'c1']);
    expect(e.complete).toBe(true);
    expect(e.heldCount).toBe(0);
  });

  it('keeps key order under random splits and random completion order', () => {
    for (let trial = 0; trial < 50; trial++) {
      let seed = trial + 1;
      const rnd = () => ((seed = (seed * 48271) % 0x7fffffff) / 0x7fffffff);
      const out: number[] = [];
      const e = new OrderedEmitter<number>((x) => out.push(x));
      // Slots carry ordered intervals; splitting a slot hands the upper part of its interval to new slots.
      interface S {
        slot: Slot<number>;
        next: number;
        end: number;
      }
      const live: S[] = [{ slot: e.root(), next: 0, end: 1000 }];
      while (live.length > 0) {
        const i = Math.floor(rnd() * live.length);
        const s = live[i]!;
        const r = rnd();
        if (r < 0.2 && s.end - s.next > 4) {
          const cut = s.next + Math.floor((s.end - s.next) / 2);
          const [n] = e.insertAfter(s.slot, 1);
          live.push({ slot: n!, next: cut, end: s.end });
          s.end = cut;
        } else if (s.next < s.end) {
          e.push(s.slot, s.next++);
        } else {
          e.finish(s.slot);
          live.splice(i, 1);
        }
      }
      expect(out).toEqual(Array.from({ length: 1000 }, (_, k) => k));
    }
  });

  it('refuses pushes to and splits of finished slots', () => {
    const e = new OrderedEmitter<number>(() => {});
    const r = e.root();
    e.finish(r);
    expect(() => e.push(r, 1)).toThrow();
    expect(() => e.insertAfter(r, 1)).toThrow();
  });
});
