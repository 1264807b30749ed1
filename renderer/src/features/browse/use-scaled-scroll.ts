/**
 * A fixed-row-height virtual scroller whose scroll space is scaled past the
 * browser's element-height limit (see scroll-scale.ts).
 *
 * The virtual offset is the source of truth: a scroll event maps scrollTop to
 * it, while keyboard moves and wheel turns set it exactly and then move the
 * scrollbar to match, so no row becomes unreachable when one scroll pixel
 * stands for many row pixels.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { maxVirtualOffset, offsetToReveal, offsetToScrollTop, scaleFactor, scrollHeight, scrollTopToOffset, visibleWindow, type RowWindow, type ScrollGeometry } from './scroll-scale';

/** What the table needs to render and steer the scroller. */
export interface ScaledScroll {
  ref: RefObject<HTMLDivElement | null>;
  /** Height for the scroll container's inner spacer. */
  innerHeight: number;
  viewportHeight: number;
  window: RowWindow;
  onScroll(): void;
  /** Scrolls the least amount that shows row `index` whole. */
  reveal(index: number): void;
  geometry: ScrollGeometry;
}

/** Drives one scaled scroller for `rowCount` rows of `rowHeight` px. */
export function useScaledScroll(rowCount: number, rowHeight: number): ScaledScroll {
  const ref = useRef<HTMLDivElement | null>(null);
  const [viewportHeight, setViewportHeight] = useState(0);
  const [offset, setOffset] = useState(0);
  const offsetRef = useRef(0);
  /** scrollTop we set ourselves; its scroll event must not overwrite the exact offset. */
  const expectedTop = useRef<number | null>(null);
  const geometry: ScrollGeometry = { rowCount, rowHeight, viewportHeight };
  const geoRef = useRef(geometry);
  geoRef.current = geometry;

  const applyOffset = useCallback((next: number) => {
    const g = geoRef.current;
    const clamped = Math.min(Math.max(0, next), maxVirtualOffset(g));
    offsetRef.current = clamped;
    setOffset(clamped);
    const el = ref.current;
    if (el) {
      const top = offsetToScrollTop(clamped, g);
      expectedTop.current = top;
      el.scrollTop = top;
    }
  }, []);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    setViewportHeight(el.clientHeight);
    // jsdom (unit tests) has no ResizeObserver; the first measurement is all it gets.
    if (typeof ResizeObserver === 'undefined') return undefined;
    const ro = new ResizeObserver(() => setViewportHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // When the row count grows (a streaming listing) or shrinks (a filter), keep
  // the same rows in view and move the thumb to where they now are.
  useLayoutEffect(() => {
    applyOffset(offsetRef.current);
  }, [rowCount, viewportHeight, applyOffset]);

  // Past the cap one wheel notch would jump hundreds of rows: scroll the
  // virtual offset by the wheel's own distance instead.
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const onWheel = (e: WheelEvent) => {
      const g = geoRef.current;
      if (scaleFactor(g) <= 1 || e.ctrlKey) return;
      e.preventDefault();
      const unit = e.deltaMode === 1 ? g.rowHeight : e.deltaMode === 2 ? g.viewportHeight : 1;
      applyOffset(offsetRef.current + e.deltaY * unit);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [applyOffset]);

  const onScroll = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const expected = expectedTop.current;
    expectedTop.current = null;
    // Our own assignment (rounded by the browser): keep the exact offset.
    if (expected !== null && Math.abs(el.scrollTop - expected) <= 1.5) return;
    const next = scrollTopToOffset(el.scrollTop, geoRef.current);
    offsetRef.current = next;
    setOffset(next);
  }, []);

  const reveal = useCallback(
    (index: number) => {
      const next = offsetToReveal(index, offsetRef.current, geoRef.current);
      if (next !== offsetRef.current) applyOffset(next);
    },
    [applyOffset],
  );

  return {
    ref,
    innerHeight: scrollHeight(geometry),
    viewportHeight,
    window: visibleWindow(offset, geometry),
    onScroll,
    reveal,
    geometry,
  };
}
