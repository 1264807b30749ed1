/**
 * A Chromium trace of one stretch of page activity, boiled down to where the
 * time went: per thread, wall time versus time actually on a CPU.
 *
 * On a shared two-core machine a frame can take 40 ms of wall time while the
 * renderer spent 8 ms of CPU on it; only the trace's thread times (`tdur`)
 * tell the two apart, so a missed frame target can be blamed on the right
 * thing (the table's own work, or waiting for a core).
 */
import type { CDPSession } from '@playwright/test';

/** Wall and CPU milliseconds of one kind of work. */
export interface Spent {
  wallMs: number;
  cpuMs: number;
  count: number;
}

/** What the trace says. */
export interface TraceSummary {
  /** Top-level tasks per thread name (renderer main, compositor, raster workers, viz…). */
  threads: Record<string, Spent>;
  /** Renderer main thread by event (Layout, Paint, FunctionCall, UpdateLayoutTree, …); nested, so they overlap the tasks. */
  mainThread: Record<string, Spent>;
  /** Animation frames the renderer began. */
  frames: number;
  /**
   * Renderer main-thread tasks over 50 ms of wall time (the long frames), each
   * with its CPU time and its heaviest nested events: a task whose CPU time is
   * far below its wall time was waiting for a core, not working.
   */
  longTasks: Array<{ wallMs: number; cpuMs: number; inside: Record<string, number> }>;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

const MAIN_EVENTS = new Set(['Layout', 'UpdateLayoutTree', 'Paint', 'PrePaint', 'Layerize', 'FunctionCall', 'EventDispatch', 'FireAnimationFrame', 'TimerFire', 'MajorGC', 'MinorGC', 'V8.GC_SCAVENGER', 'HitTest', 'ParseHTML']);
const TASK = 'ThreadControllerImpl::RunTask';

/** Traces the browser while `work` runs and summarises the events. */
export async function traced<T>(cdp: CDPSession, work: () => Promise<T>): Promise<{ result: T; trace: TraceSummary }> {
  const events: TraceEvent[] = [];
  const onData = (e: { value: object[] }) => {
    for (const v of e.value) events.push(v as TraceEvent);
  };
  cdp.on('Tracing.dataCollected', onData);
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', '__metadata'], recordMode: 'recordAsMuchAsPossible' },
    transferMode: 'ReportEvents',
  });
  let result: T;
  try {
    result = await work();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', onData);
  }
  return { result, trace: summarise(events) };
}

/** Sums task and event times per thread from raw trace events. */
export function summarise(events: TraceEvent[]): TraceSummary {
  const names = new Map<string, string>();
  for (const e of events) if (e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
  const threads: Record<string, Spent> = {};
  const mainThread: Record<string, Spent> = {};
  let frames = 0;
  const add = (into: Record<string, Spent>, key: string, e: TraceEvent) => {
    const s = (into[key] ??= { wallMs: 0, cpuMs: 0, count: 0 });
    s.wallMs += (e.dur ?? 0) / 1000;
    s.cpuMs += (e.tdur ?? 0) / 1000;
    s.count++;
  };
  for (const e of events) {
    if (e.ph !== 'X') continue;
    const thread = names.get(`${e.pid}:${e.tid}`) ?? 'unknown';
    if (e.name === TASK) add(threads, thread, e);
    if (thread === 'CrRendererMain') {
      if (MAIN_EVENTS.has(e.name)) add(mainThread, e.name, e);
      if (e.name === 'FireAnimationFrame') frames++;
    }
  }
  const tidy = (r: Record<string, Spent>) => {
    for (const s of Object.values(r)) {
      s.wallMs = Math.round(s.wallMs);
      s.cpuMs = Math.round(s.cpuMs);
    }
    return Object.fromEntries(Object.entries(r).sort((a, b) => b[1].wallMs - a[1].wallMs));
  };
  return { threads: tidy(threads), mainThread: tidy(mainThread), frames, longTasks: longTasks(events, names) };
}

/** Main-thread tasks over 50 ms, with the CPU-heaviest event kinds nested in each (CPU ms). */
function longTasks(events: TraceEvent[], names: Map<string, string>): TraceSummary['longTasks'] {
  const main = events.filter((e) => e.ph === 'X' && e.ts !== undefined && names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain');
  const long = main.filter((e) => e.name === TASK && (e.dur ?? 0) > 50_000);
  return long.slice(0, 20).map((t) => {
    const end = t.ts! + (t.dur ?? 0);
    const inside: Record<string, number> = {};
    for (const e of main) {
      if (e === t || !MAIN_EVENTS.has(e.name) || e.ts! < t.ts! || e.ts! >= end) continue;
      inside[e.name] = (inside[e.name] ?? 0) + (e.tdur ?? 0) / 1000;
    }
    for (const k of Object.keys(inside)) inside[k] = Math.round(inside[k]!);
    return { wallMs: Math.round((t.dur ?? 0) / 1000), cpuMs: Math.round((t.tdur ?? 0) / 1000), inside };
  });
}
