import { describe, expect, it } from 'vitest';
import {
  MAX_SCROLL_PX,
  maxVirtualOffset,
  offsetToReveal,
  offsetToScrollTop,
  rowsPerPage,
  scaleFactor,
  scrollHeight,
  scrollTopToOffset,
  visibleWindow,
  type ScrollGeometry,
} from './scroll-scale';

const geo = (rowCount: number): ScrollGeometry => ({ rowCount, rowHeight: 26, viewportHeight: 520 });

describe('scroll scaling', () => {
  it('is the identity for a short table (10 rows)', () => {
    const g = geo(10);
    expect(scrollHeight(g)).toBe(260);
    expect(scaleFactor(g)).toBe(1);
    expect(scrollTopToOffset(0, g)).toBe(0);
    // The table fits: nothing to scroll.
    expect(maxVirtualOffset(g)).toBe(0);
    expect(visibleWindow(0, g, 0)).toEqual({ start: 0, end: 10, firstTop: 0 });
  });

  it('is the identity below the cap and maps pixels to rows exactly', () => {
    const g = geo(100_000); // 2.6 M px
    expect(scaleFactor(g)).toBe(1);
    expect(scrollTopToOffset(26 * 500, g)).toBe(26 * 500);
    expect(visibleWindow(26 * 500 + 13, g, 0)).toEqual({ start: 500, end: 521, firstTop: -13 });
  });

  it('caps the inner height at 1,000,000 rows and keeps index ↔ offset consistent', () => {
    const g = geo(1_000_000); // 26 M px virtual
    expect(scrollHeight(g)).toBe(MAX_SCROLL_PX);
    const k = scaleFactor(g);
    expect(k).toBeCloseTo((26_000_000 - 520) / (MAX_SCROLL_PX - 520), 9);
    // Halfway down the scrollbar shows the middle of the list.
    const mid = scrollTopToOffset((MAX_SCROLL_PX - 520) / 2, g);
    expect(Math.floor(mid / 26)).toBe(Math.floor((1_000_000 * 26 - 520) / 2 / 26));
    // Round trip offset → scrollTop → offset.
    for (const row of [0, 1, 12_345, 500_000, 999_980]) {
      const off = row * 26;
      expect(scrollTopToOffset(offsetToScrollTop(off, g), g)).toBeCloseTo(off, 6);
    }
  });

  it('reaches the last row at 1 M and 5 M rows', () => {
    for (const rows of [1_000_000, 5_000_000]) {
      const g = geo(rows);
      const bottom = scrollHeight(g) - g.viewportHeight;
      const off = scrollTopToOffset(bottom, g);
      expect(off).toBe(rows * 26 - 520);
      const w = visibleWindow(off, g, 0);
      expect(w.end).toBe(rows);
      // The last row's bottom sits exactly at the viewport's bottom.
      expect(w.firstTop + (w.end - w.start) * 26).toBe(520);
      // Scrolling past the end (overscroll) clamps to the same place.
      expect(scrollTopToOffset(bottom + 1000, g)).toBe(off);
    }
  });

  it('moves less than one viewport per scroll pixel at 5 M rows', () => {
    const g = geo(5_000_000); // 130 M px virtual
    const k = scaleFactor(g);
    expect(k).toBeGreaterThan(16);
    expect(k).toBeLessThan(g.viewportHeight);
    // Every row is reachable by some integer scrollTop within one viewport.
    const target = 3_141_592;
    const st = Math.round(offsetToScrollTop(target * 26, g));
    const w = visibleWindow(scrollTopToOffset(st, g), g, 0);
    expect(target).toBeGreaterThanOrEqual(w.start);
    expect(target).toBeLessThan(w.end);
  });

  it('reveals a row by moving the least (arrow keys, paging)', () => {
    const g = geo(1000);
    expect(rowsPerPage(g)).toBe(20);
    expect(offsetToReveal(5, 0, g)).toBe(0); // already visible
    expect(offsetToReveal(20, 0, g)).toBe(21 * 26 - 520); // just below: align bottom
    expect(offsetToReveal(3, 26 * 10, g)).toBe(26 * 3); // above: align top
    expect(offsetToReveal(999, 0, g)).toBe(maxVirtualOffset(g));
  });
});
