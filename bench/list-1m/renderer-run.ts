/**
 * The renderer half of `list-1m`: the built renderer in Debian Chromium over
 * the real core and the real preload bridge (the E2E harness's pieces),
 * driven through the UI against a sandbox, measuring first rows, heap per row
 * and long frames while scrolling.
 *
 * The bench process plays Electron main: it hosts the core (`createCoreHost`)
 * and forwards its events to the page exactly as the E2E fixture does
 * (`installThawBridge`). The sandbox runs in its own process.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createCoreHost, type CoreHost } from '../../e2e/harness/core-host';
import { installThawBridge } from '../../e2e/harness/page-bridge';
import { repoRoot } from '../../e2e/harness/paths';
import { startStaticServer, type StaticServer } from '../../e2e/harness/static-server';
import type { Endpoint } from '../lib/peers';
import { heapNow, metrics, startProfile } from './cdp-figures';
import { countingLog, FIRST_ROWS, type CoreTimeline, type IpcStats } from './ipc-counter';
import { chromiumLaunchOptions } from '../../e2e/harness/chromium';
import { PAGE_PROBES } from './page-probes';
import { traced, type TraceSummary } from './trace-summary';

const CONNECTION_NAME = 'list-1m bench sandbox';

/** How the UI reaches the rows of one dataset. */
export interface UiTarget {
  bucket: string;
  /** Open this folder row (double-click) after opening the bucket: a plain listing of it. */
  openFolder?: string;
  /** Or search every key below the bucket root for this text ("Search below this prefix"). */
  searchBelow?: string;
}

/** What to measure beyond first rows. */
export interface RendererPlan {
  /** Wait for all rows and measure heap per row. */
  full: boolean;
  /** Rows to scroll through (0 to skip); needs `full`. */
  scrollRows: number;
  /** Animation frames to spread the scroll over (one wheel event each). */
  scrollFrames: number;
  /** Upper bound for the whole listing in the UI. */
  listingTimeoutMs: number;
}

/** Figures from one UI run. */
export interface RendererFigures {
  /** From the user's action (click/double-click) to ≥ 1,000 rows counted and rows in the table DOM. */
  firstRowsMs: number | null;
  /** The animation frame that paints them. */
  firstRowsPaintMs: number | null;
  /** When the first 1,000 rows had reached the page over the bridge (before the renderer shows them). */
  firstRowsArrivedMs: number | null;
  /** The page's side: `listing:start` sent and answered, the first batch's arrival, the first few batches as [ms, rows]. */
  pageTimeline: { startSentMs: number | null; startRepliedMs: number | null; firstBatchArrivedMs: number | null; batches: Array<[number, number]> };
  /**
   * The same listing seen from the core's side of the bridge (Node clock):
   * when the `listing:start` call reached the core after the page's action,
   * how long it took, and when (ms from its start) the first rows and the
   * first 1,000 rows were emitted.
   */
  coreTimeline: CoreTimeline;
  /** From the action to `data-listing="done"`, when waited for. */
  uiListSeconds: number | null;
  rowsLoaded: number | null;
  /** Frames while the rows streamed in, when waited for. */
  loadingFrames?: LoadingFrames;
  /** (V8 heap used + array-buffer backing store) after GC, minus the same before the listing, per row. */
  heapBytesPerRow: number | null;
  heap: HeapFigures | null;
  scroll: ScrollFigures | null;
  /** A second, traced scroll over the next rows: its frames and where the browser's threads spent wall and CPU time. */
  scrollTraced?: { framesOver50: number; frames: number; medianFrameMs: number | null; trace: TraceSummary };
  /** Listing events that crossed the bridge, and the rows they carried. */
  ipc: IpcStats;
}

/** Heap readings around the listing, bytes. */
export interface HeapFigures {
  usedBefore: number;
  usedAfter: number;
  backingBefore: number;
  backingAfter: number;
  /** `performance.memory.usedJSHeapSize` (precise) after GC, before and after. */
  pageUsedBefore: number;
  pageUsedAfter: number;
  v8BytesPerRow: number;
  backingBytesPerRow: number;
}

/** What the in-page scroll probe reports. */
export interface ScrollFigures {
  why: string;
  rowsCovered: number;
  frames: number;
  seconds: number;
  framesOver50: number;
  worstFrameMs: number | null;
  p95FrameMs: number | null;
  medianFrameMs: number | null;
  over50Ms: number[];
  loafSupported: boolean;
  loafOver50: number;
  loafWorstMs: number;
  wheelHandled: number;
  scrollTopSteps: number;
  /** Renderer main-thread time over the scroll (CDP Performance.getMetrics deltas), ms; `task` minus the rest is mostly paint. */
  mainThreadMs?: { task: number; script: number; layout: number; style: number; layouts: number };
}

const exec = promisify(execFile);

/** Builds the renderer into a private directory, so a concurrent build of `out/renderer` cannot race the bench. */
export async function buildRenderer(): Promise<{ dir: string; seconds: number }> {
  const out = await mkdtemp(join(tmpdir(), 'thaw-bench-out-'));
  const started = performance.now();
  await exec(process.execPath, [join(repoRoot, 'scripts', 'build.mjs'), '--out', out, 'renderer'], { cwd: repoRoot });
  const dir = join(out, 'renderer');
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`renderer build wrote no index.html into ${dir}`);
  return { dir, seconds: (performance.now() - started) / 1000 };
}

/** A browser, a static server for the built renderer, and a fresh core per UI run. */
export interface RendererRig {
  measure(sb: Endpoint, target: UiTarget, plan: RendererPlan): Promise<RendererFigures>;
  close(): Promise<void>;
}

/** Launches Chromium and serves `rendererDir`; each `measure` gets its own core, page and connection. */
export async function startRendererRig(rendererDir: string): Promise<RendererRig> {
  const server: StaticServer = await startStaticServer(rendererDir);
  const browser: Browser = await chromium.launch({
    // The E2E flags plus exact heap figures.
    ...chromiumLaunchOptions(['--enable-precise-memory-info']),
  });
  return {
    async measure(sb, target, plan) {
      const userDataDir = await mkdtemp(join(tmpdir(), 'thaw-bench-ui-'));
      const host = await createCoreHost(userDataDir);
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      try {
        return await measureOnce(host, page, server.url, sb, target, plan);
      } catch (err) {
        // What the screen showed is usually the quickest explanation of a failed UI run.
        const shot = join(tmpdir(), `thaw-list-1m-${target.bucket}-${Date.now()}.png`);
        const saved = await page.screenshot({ path: shot }).then(
          () => true,
          () => false,
        );
        throw new Error(`${err instanceof Error ? err.message.split('\n')[0] : String(err)}${saved ? ` (screenshot: ${shot})` : ''}`, { cause: err });
      } finally {
        await context.close();
        await host.dispose();
        await rm(userDataDir, { recursive: true, force: true });
      }
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

async function measureOnce(host: CoreHost, page: Page, url: string, sb: Endpoint, target: UiTarget, plan: RendererPlan): Promise<RendererFigures> {
  const { log, counter } = countingLog();
  const ipc = counter.stats;
  await installThawBridge(page, host, log);
  await page.addInitScript({ content: PAGE_PROBES });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  // An app-defined connection to the bench's sandbox, saved through the core like the connection dialog does.
  const saved = await host.invoke('connections:save', {
    name: CONNECTION_NAME,
    endpoint: sb.endpoint,
    region: sb.region,
    pathStyle: true,
    accessKeyId: sb.credentials.accessKeyId,
    secretAccessKey: sb.credentials.secretAccessKey,
  });
  if (!saved.ok) throw new Error(`connections:save failed: ${saved.error.message}`);

  await page.goto(url);
  await page.locator('#app[data-app-state="ready"]').waitFor({ timeout: 30_000 });
  await page.getByRole('listbox', { name: 'Connections' }).getByRole('option', { name: CONNECTION_NAME }).click();
  const bucket = page.locator(`[data-bucket="${target.bucket}"]`);
  await bucket.waitFor({ timeout: 30_000 });
  await bucket.click();
  await waitListing(page, 'done', 30_000);

  const cdp = await page.context().newCDPSession(page);
  const before = await heapNow(cdp, page);

  // The action that starts the big listing; t0 is its own event in the page.
  counter.reset();
  if (target.openFolder) {
    const row = page.locator('[data-testid="object-table"] .t-row').filter({ has: page.locator('.t-name').getByText(target.openFolder, { exact: true }) });
    await row.waitFor({ timeout: 10_000 });
    await page.evaluate(`window.__listBench.armFirstRows('dblclick', ${FIRST_ROWS})`);
    await row.dblclick();
  } else if (target.searchBelow) {
    await page.getByRole('searchbox').fill(target.searchBelow);
    await page.evaluate(`window.__listBench.armFirstRows('click', ${FIRST_ROWS})`);
    await page.getByRole('button', { name: 'Search below this prefix' }).click();
  } else {
    throw new Error('UiTarget needs openFolder or searchBelow');
  }

  await pollPage(page, `(window.__listBench.firstRows() || {}).paintMs != null`, 60_000, 100);
  let first = (await page.evaluate('window.__listBench.firstRows()')) as FirstRows;
  const figures: RendererFigures = {
    firstRowsMs: round1(first.rowsMs),
    firstRowsPaintMs: round1(first.paintMs),
    firstRowsArrivedMs: round1(first.arrived1000Ms),
    pageTimeline: { startSentMs: round1(first.startSentMs), startRepliedMs: round1(first.startRepliedMs), firstBatchArrivedMs: round1(first.arrivedMs), batches: first.batches },
    coreTimeline: counter.timeline(first.t0Epoch),
    uiListSeconds: null,
    rowsLoaded: null,
    heapBytesPerRow: null,
    heap: null,
    scroll: null,
    ipc,
  };
  if (!plan.full) {
    await cancelListing(page);
    return finish(figures, ipc, errors);
  }

  await pollPage(page, `(window.__listBench.firstRows() || {}).doneMs != null`, plan.listingTimeoutMs, 500);
  first = (await page.evaluate('window.__listBench.firstRows()')) as FirstRows;
  figures.uiListSeconds = first.doneMs === null ? null : Math.round(first.doneMs) / 1000;
  figures.loadingFrames = first.loading;
  figures.rowsLoaded = first.doneRows;
  // Let the last publish and any idle work settle before reading the heap.
  await page.waitForTimeout(500);
  const after = await heapNow(cdp, page);
  const rows = first.doneRows || 1;
  const v8 = (after.used - before.used) / rows;
  const backing = (after.backing - before.backing) / rows;
  figures.heap = {
    usedBefore: before.used,
    usedAfter: after.used,
    backingBefore: before.backing,
    backingAfter: after.backing,
    pageUsedBefore: before.pageUsed,
    pageUsedAfter: after.pageUsed,
    v8BytesPerRow: round1(v8)!,
    backingBytesPerRow: round1(backing)!,
  };
  figures.heapBytesPerRow = round1(v8 + backing);

  if (plan.scrollRows > 0) {
    const frames = plan.scrollFrames;
    const profiling = await startProfile(cdp);
    const m0 = await metrics(cdp);
    const scroll = (await page.evaluate(`window.__listBench.scroll(${plan.scrollRows}, ${frames}, 60000)`)) as ScrollFigures;
    const m1 = await metrics(cdp);
    await profiling.stop(`scroll-${target.bucket}`);
    // Where the renderer's main thread spent the scroll, from Chromium's own counters (ms).
    const d = (k: string) => Math.round(((m1[k] ?? 0) - (m0[k] ?? 0)) * 1000);
    scroll.mainThreadMs = { task: d('TaskDuration'), script: d('ScriptDuration'), layout: d('LayoutDuration'), style: d('RecalcStyleDuration'), layouts: Math.round((m1.LayoutCount ?? 0) - (m0.LayoutCount ?? 0)) };
    figures.scroll = scroll;
    // The same scroll again (onward from where it stopped) under a trace, to tell the renderer's CPU work from waiting for a core.
    // Kept apart from the recorded scroll so the trace's overhead does not count against the target.
    const again = await traced(cdp, () => page.evaluate(`window.__listBench.scroll(${plan.scrollRows}, ${frames}, 60000)`) as Promise<ScrollFigures>);
    figures.scrollTraced = { framesOver50: again.result.framesOver50, frames: again.result.frames, medianFrameMs: again.result.medianFrameMs, trace: again.trace };
  }
  return finish(figures, ipc, errors);
}

interface FirstRows {
  rowsMs: number | null;
  rowsSeen: number;
  paintMs: number | null;
  loadingMs: number | null;
  doneMs: number | null;
  doneRows: number;
  arrivedMs: number | null;
  arrived1000Ms: number | null;
  /** t0 on the epoch clock (page timeOrigin + t0), to line it up with the core's side. */
  t0Epoch: number;
  /** When the page sent `listing:start` and got its reply (null if the binding could not be wrapped). */
  startSentMs: number | null;
  startRepliedMs: number | null;
  /** The first few row batches as they reached the page: [ms after t0, rows]. */
  batches: Array<[number, number]>;
  loading: LoadingFrames;
}

/** Animation frames between the action and the end of the listing, and the biggest row batch that reached the page. */
export interface LoadingFrames {
  frames: number;
  over50: number;
  over200: number;
  worstMs: number;
  biggestBatch: number;
}

function finish(figures: RendererFigures, ipc: IpcStats, errors: string[]): RendererFigures {
  ipc.meanBatch = ipc.rowEvents ? Math.round(ipc.rows / ipc.rowEvents) : 0;
  if (errors.length) throw new Error(`page errors during the UI run: ${errors.slice(0, 3).join(' | ')}`);
  return figures;
}

/**
 * Polls a page expression until it is truthy.
 *
 * Not `waitForFunction`: that compiles its predicate in the page, which the
 * renderer's CSP (no 'unsafe-eval') refuses. The marks being waited for are
 * the page's own timestamps, so polling from here does not skew them.
 */
async function pollPage(page: Page, expression: string, timeoutMs: number, intervalMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Waits for the listing to reach `state`; a failed listing throws with the UI's own sentence. */
async function waitListing(page: Page, state: string, timeout: number): Promise<void> {
  const status = page.locator(`[data-listing="${state}"], [data-listing="failed"]`);
  await status.waitFor({ state: 'attached', timeout });
  if ((await status.getAttribute('data-listing')) === 'failed') throw new Error(`listing failed in the UI: ${await status.innerText()}`);
}

async function cancelListing(page: Page): Promise<void> {
  const cancel = page.locator('.listing-status').getByRole('button', { name: 'Cancel' });
  if (await cancel.isVisible()) await cancel.click().catch(() => undefined);
}

function round1(n: number | null): number | null {
  return n === null ? null : Math.round(n * 10) / 10;
}
