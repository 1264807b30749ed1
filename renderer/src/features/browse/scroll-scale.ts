/**
 * Scroll-space scaling for tables taller than a browser element may be.
 *
 * Browsers cap one element's height at roughly 16–33 million CSS pixels
 * (the exact figure differs per engine), about a million 30 px rows. Past a safe limit
 * the table's scroll container gets a fixed inner height and the scroll
 * position maps linearly onto the "virtual" offset into the full row list,
 * so the scrollbar thumb still spans every row and the last row is reachable.
 */

/** Inner height we never exceed; well under every engine's cap. */
export const MAX_SCROLL_PX = 8_000_000;

/** Geometry of one table at one moment. */
export interface ScrollGeometry {
  rowCount: number;
  rowHeight: number;
  /** Height of the visible area (the scroll container's clientHeight). */
  viewportHeight: number;
  /** Override of MAX_SCROLL_PX, for tests. */
  maxScrollPx?: number;
}

/** Height the content would have at one pixel per pixel. */
export function virtualHeight(g: ScrollGeometry): number {
  return g.rowCount * g.rowHeight;
}

/** Height to give the scroll container's inner element. */
export function scrollHeight(g: ScrollGeometry): number {
  return Math.min(virtualHeight(g), g.maxScrollPx ?? MAX_SCROLL_PX);
}

/** How many virtual pixels one scroll pixel stands for (1 when unscaled). */
export function scaleFactor(g: ScrollGeometry): number {
  const realRange = scrollHeight(g) - g.viewportHeight;
  const virtualRange = virtualHeight(g) - g.viewportHeight;
  if (realRange <= 0 || virtualRange <= realRange) return 1;
  return virtualRange / realRange;
}

/** The largest virtual offset: the last row's bottom at the viewport's bottom. */
export function maxVirtualOffset(g: ScrollGeometry): number {
  return Math.max(0, virtualHeight(g) - g.viewportHeight);
}

/** Virtual offset (px into the full list) shown at a given scrollTop. */
export function scrollTopToOffset(scrollTop: number, g: ScrollGeometry): number {
  const maxReal = Math.max(0, scrollHeight(g) - g.viewportHeight);
  const clamped = Math.min(Math.max(0, scrollTop), maxReal);
  // At the end of the real range, land exactly on the end of the virtual range.
  if (clamped >= maxReal) return maxVirtualOffset(g);
  return Math.min(clamped * scaleFactor(g), maxVirtualOffset(g));
}

/** scrollTop that shows a given virtual offset (inverse of scrollTopToOffset). */
export function offsetToScrollTop(offset: number, g: ScrollGeometry): number {
  const clamped = Math.min(Math.max(0, offset), maxVirtualOffset(g));
  return clamped / scaleFactor(g);
}

/** Rows to render for a virtual offset, with `overscan` extra rows each side. */
export interface RowWindow {
  /** First row index to render (inclusive). */
  start: number;
  /** Last row index to render (exclusive). */
  end: number;
  /** Top of row `start` relative to the viewport's top, in px (≤ 0 for the first visible row). */
  firstTop: number;
}

/** Which rows are visible at `offset`, and where the first one sits. */
export function visibleWindow(offset: number, g: ScrollGeometry, overscan = 4): RowWindow {
  if (g.rowCount === 0 || g.rowHeight <= 0) return { start: 0, end: 0, firstTop: 0 };
  const first = Math.floor(offset / g.rowHeight);
  const last = Math.ceil((offset + g.viewportHeight) / g.rowHeight);
  const start = Math.max(0, first - overscan);
  const end = Math.min(g.rowCount, last + overscan);
  return { start, end, firstTop: start * g.rowHeight - offset };
}

/**
 * The virtual offset after scrolling row `index` fully into view, moving as
 * little as possible (what arrow keys and PageUp/PageDown want).
 */
export function offsetToReveal(index: number, currentOffset: number, g: ScrollGeometry): number {
  const top = index * g.rowHeight;
  const bottom = top + g.rowHeight;
  let next = currentOffset;
  if (top < currentOffset) next = top;
  else if (bottom > currentOffset + g.viewportHeight) next = bottom - g.viewportHeight;
  return Math.min(Math.max(0, next), maxVirtualOffset(g));
}

/** Number of whole rows a viewport holds (at least 1), for PageUp/PageDown. */
export function rowsPerPage(g: ScrollGeometry): number {
  return Math.max(1, Math.floor(g.viewportHeight / g.rowHeight));
}
