import { describe, expect, it } from 'vitest';
import { Selection } from './selection';

const plain = { range: false, toggle: false };
const shift = { range: true, toggle: false };
const ctrl = { range: false, toggle: true };
const ctrlShift = { range: true, toggle: true };

describe('Selection', () => {
  // A view that is not the identity, as after sorting: positions 0..5 show rows 50..55 reversed.
  const view = Uint32Array.from([55, 54, 53, 52, 51, 50]);

  it('plain click selects one row and sets anchor and focus', () => {
    const s = new Selection();
    s.click(view, 2, plain);
    expect(s.inView(view)).toEqual([53]);
    s.click(view, 4, plain);
    expect(s.inView(view)).toEqual([51]);
    expect(s.anchor).toBe(51);
    expect(s.focus).toBe(51);
    expect(s.size).toBe(1);
  });

  it('shift+click selects the range in view order from the anchor, either direction', () => {
    const s = new Selection();
    s.click(view, 1, plain);
    s.click(view, 4, shift);
    expect(s.inView(view)).toEqual([54, 53, 52, 51]);
    // A second shift+click re-anchors on the same anchor, replacing the range.
    s.click(view, 0, shift);
    expect(s.inView(view)).toEqual([55, 54]);
    expect(s.anchor).toBe(54);
    expect(s.focus).toBe(55);
  });

  it('ctrl+click toggles single rows and moves the anchor', () => {
    const s = new Selection();
    s.click(view, 0, plain);
    s.click(view, 3, ctrl);
    s.click(view, 5, ctrl);
    expect(s.inView(view)).toEqual([55, 52, 50]);
    s.click(view, 3, ctrl);
    expect(s.inView(view)).toEqual([55, 50]);
    expect(s.size).toBe(2);
    expect(s.anchor).toBe(52);
  });

  it('ctrl+shift+click adds a range to the existing selection', () => {
    const s = new Selection();
    s.click(view, 0, plain);
    s.click(view, 3, ctrl);
    s.click(view, 5, ctrlShift);
    expect(s.inView(view)).toEqual([55, 52, 51, 50]);
  });

  it('select-all covers the view; rows hidden by a filter stay out', () => {
    const s = new Selection();
    const filtered = Uint32Array.from([1, 3, 5]);
    s.selectAll(filtered);
    expect(s.size).toBe(3);
    expect(s.all()).toEqual([1, 3, 5]);
    expect(s.has(2)).toBe(false);
    s.clear();
    expect(s.size).toBe(0);
  });

  it('moveTo with extend behaves like shift+click and clamps to the view', () => {
    const s = new Selection();
    s.moveTo(view, 2, false);
    s.moveTo(view, 99, true);
    expect(s.inView(view)).toEqual([53, 52, 51, 50]);
    expect(s.focusIn(view)).toBe(5);
  });

  it('scales to a million rows without an allocation per row', () => {
    const s = new Selection();
    const big = Uint32Array.from({ length: 1_000_000 }, (_, i) => i);
    s.selectAll(big);
    expect(s.size).toBe(1_000_000);
    s.click(big, 10, ctrl);
    expect(s.size).toBe(999_999);
    expect(s.has(10)).toBe(false);
  }, 30_000);
});
