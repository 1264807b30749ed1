/**
 * In-page instruments for the renderer figures of `list-1m`, installed as an
 * init script so every timestamp is the page's own `performance.now()`.
 *
 * Kept as a plain script string: it runs in Chromium, not in Node, and the
 * bench's TypeScript project has no DOM types. It defines `window.__listBench`:
 *
 * - `armFirstRows(eventType, minRows)`: the next `eventType` event (capture
 *   phase, anywhere) is t0; a MutationObserver then notes when the listing
 *   status shows ≥ `minRows` rows with at least one table row rendered
 *   (`rowsAt`, the commit that put them in the DOM), the animation frame that
 *   paints them (`paintAt`), and when `data-listing` turns `done` (`doneAt`);
 *   a listener on `window.thaw` notes when the first row batch, and the
 *   first 1,000 rows, reached the page (`arrivedAt`, `arrived1000At`, and
 *   the first few batches as [ms, rows]), and a wrapper on the harness
 *   binding when `listing:start` left the page and its reply came back (the
 *   store holds rows that arrive before that reply); rAF gaps from t0 until
 *   done give the frames while rows stream in (`loading`).
 * - `firstRows()`: those marks relative to t0, in ms.
 * - `scroll(rows, frames, timeoutMs)`: scrolls the object table by `rows`
 *   rows in about `frames` animation frames (a wheel event per frame, the
 *   scaled scroller's own input path; `scrollTop` steps when the table is not
 *   scaled), recording every frame gap from rAF timestamps and every
 *   `long-animation-frame` entry.
 */
export const PAGE_PROBES = String.raw`
(() => {
  const B = {};
  const q = (sel) => document.querySelector(sel);
  const shownRows = () => {
    const el = q('[data-testid="row-count"]');
    if (!el) return 0;
    // "1,234 items" or "12 of 1,234 items": the first number is what the view shows.
    const m = /^[^0-9]*([0-9][0-9,.\u00a0\u202f ]*)/.exec(el.textContent || '');
    return m ? Number(m[1].replace(/[^0-9]/g, '')) : 0;
  };
  const renderedRows = () => document.querySelectorAll('[data-testid="object-table"] .t-row').length;
  const listingState = () => q('[data-listing]')?.getAttribute('data-listing') ?? null;
  const firstPos = () => {
    let min = Infinity;
    for (const r of document.querySelectorAll('[data-testid="object-table"] .t-row')) min = Math.min(min, Number(r.getAttribute('data-pos')));
    return min;
  };

  B.armFirstRows = (eventType, minRows) => {
    const st = { t0: null, rowsAt: null, rowsSeen: 0, paintAt: null, loadingAt: null, doneAt: null, doneRows: 0, arrivedAt: null, arrived1000At: null, arrivedRows: 0, batches: [], startSentAt: null, startRepliedAt: null };
    B.first = st;
    // The bridge looks up the harness binding on every call, so wrapping it times the listing:start round trip as the page sees it.
    if (!B.wrapped && typeof window.__thawInvoke === 'function') {
      const orig = window.__thawInvoke;
      try {
        window.__thawInvoke = function (channel, input) {
          const at = performance.now();
          const p = orig.call(this, channel, input);
          const f = B.first;
          if (channel === 'listing:start' && f && f.t0 !== null && f.startSentAt === null) {
            f.startSentAt = at;
            Promise.resolve(p).then(() => { f.startRepliedAt = performance.now(); });
          }
          return p;
        };
        B.wrapped = window.__thawInvoke !== orig;
      } catch { B.wrapped = false; }
    }
    // A second listener on the real bridge (after the app's own): when row batches reach the page.
    B.off?.();
    B.off = window.thaw.on('listing:event', (e) => {
      if (st.t0 === null || !e || e.kind !== 'rows') return;
      const n = e.rows.names.length;
      if (n === 0) return;
      const now = performance.now();
      st.arrivedAt ??= now;
      st.arrivedRows += n;
      if (st.batches.length < 5) st.batches.push([Math.round((now - st.t0) * 10) / 10, n]);
      st.biggestBatch = Math.max(st.biggestBatch, n);
      if (st.arrivedRows >= minRows) st.arrived1000At ??= now;
    });
    // Frames while the listing streams in (not a target, but a user may scroll meanwhile): rAF gaps until done.
    st.loadGaps = [];
    st.biggestBatch = 0;
    const watchFrames = (prev) => requestAnimationFrame((ts) => {
      if (prev !== null) st.loadGaps.push(ts - prev);
      if (st.doneAt === null) watchFrames(ts);
    });
    document.addEventListener(eventType, (e) => { st.t0 = performance.now(); watchFrames(null); }, { capture: true, once: true });
    const check = () => {
      if (st.t0 === null) return;
      const now = performance.now();
      const state = listingState();
      if (st.loadingAt === null && state === 'loading') st.loadingAt = now;
      if (st.rowsAt === null && st.loadingAt !== null) {
        const n = shownRows();
        if (n >= minRows && renderedRows() > 0) {
          st.rowsAt = now;
          st.rowsSeen = n;
          requestAnimationFrame(() => { st.paintAt = performance.now(); });
        }
      }
      if (st.doneAt === null && st.loadingAt !== null && state === 'done') {
        st.doneAt = now;
        st.doneRows = shownRows();
        mo.disconnect();
      }
    };
    const mo = new MutationObserver(check);
    mo.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-listing'] });
  };

  B.firstRows = () => {
    const st = B.first;
    if (!st || st.t0 === null) return null;
    const rel = (t) => (t === null ? null : t - st.t0);
    return {
      rowsMs: rel(st.rowsAt), rowsSeen: st.rowsSeen, paintMs: rel(st.paintAt), loadingMs: rel(st.loadingAt), doneMs: rel(st.doneAt), doneRows: st.doneRows,
      arrivedMs: rel(st.arrivedAt), arrived1000Ms: rel(st.arrived1000At),
      startSentMs: rel(st.startSentAt), startRepliedMs: rel(st.startRepliedAt), batches: st.batches,
      loading: {
        frames: st.loadGaps.length,
        over50: st.loadGaps.filter((g) => g > 50).length,
        over200: st.loadGaps.filter((g) => g > 200).length,
        worstMs: Math.round(st.loadGaps.reduce((m, g) => Math.max(m, g), 0)),
        biggestBatch: st.biggestBatch,
      },
      t0Epoch: performance.timeOrigin + st.t0,
    };
  };

  B.state = () => ({ listing: listingState(), rows: shownRows(), rendered: renderedRows() });

  B.scroll = (rows, frames, timeoutMs) => new Promise((resolve) => {
    const el = q('[data-testid="object-table"]');
    if (!el) return resolve({ error: 'no object table' });
    el.focus();
    const rowPx = 24;
    const step = (rows * rowPx) / frames;
    const startPos = firstPos();
    const gaps = [];
    const loaf = [];
    let po = null;
    try {
      po = new PerformanceObserver((list) => { for (const e of list.getEntries()) loaf.push({ duration: e.duration, blocking: e.blockingDuration ?? 0 }); });
      po.observe({ type: 'long-animation-frame', buffered: false });
    } catch { po = null; }
    let wheelHandled = 0;
    let scrollTopSteps = 0;
    let last = null;
    let endPos = startPos;
    const t0 = performance.now();
    const finish = (why) => {
      // Two more frames so the last step's frame is counted, then let the observer flush.
      let extra = 2;
      const tail = (ts) => {
        if (last !== null) gaps.push(ts - last);
        last = ts;
        if (--extra > 0) return requestAnimationFrame(tail);
        setTimeout(() => {
          po?.disconnect();
          const seconds = (performance.now() - t0) / 1000;
          const over50 = gaps.filter((g) => g > 50);
          const sorted = [...gaps].sort((a, b) => a - b);
          resolve({
            why, startPos, endPos: firstPos(), rowsCovered: firstPos() - startPos, frames: gaps.length, seconds,
            framesOver50: over50.length, worstFrameMs: sorted.length ? sorted[sorted.length - 1] : null,
            p95FrameMs: sorted.length ? sorted[Math.floor(sorted.length * 0.95)] : null,
            medianFrameMs: sorted.length ? sorted[Math.floor(sorted.length / 2)] : null,
            over50Ms: over50.slice(0, 50),
            loafSupported: po !== null, loafOver50: loaf.filter((e) => e.duration > 50).length, loafWorstMs: loaf.reduce((m, e) => Math.max(m, e.duration), 0),
            wheelHandled, scrollTopSteps,
          });
        }, 300);
      };
      requestAnimationFrame(tail);
    };
    const tick = (ts) => {
      if (last !== null) gaps.push(ts - last);
      last = ts;
      endPos = firstPos();
      if (endPos - startPos >= rows) return finish('covered');
      if (performance.now() - t0 > timeoutMs) return finish('timeout');
      const ev = new WheelEvent('wheel', { deltaY: step, deltaMode: 0, bubbles: true, cancelable: true });
      el.dispatchEvent(ev);
      if (ev.defaultPrevented) wheelHandled++;
      else { el.scrollTop += step; scrollTopSteps++; }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

  Object.defineProperty(window, '__listBench', { value: B, enumerable: false });
})();
`;
