/**
 * Figures read from the page over the Chrome DevTools Protocol: heap after
 * GC, main-thread counters, and an optional JS CPU profile.
 */
import type { CDPSession, Page } from '@playwright/test';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Chromium's main-thread counters (seconds for durations). */
export async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  await cdp.send('Performance.enable');
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/**
 * A JS CPU profile of the page when LIST_1M_PROFILE_DIR is set (for finding
 * why a target is missed); otherwise does nothing, so recorded figures carry
 * no profiler overhead.
 */
export async function startProfile(cdp: CDPSession): Promise<{ stop(name: string): Promise<void> }> {
  const dir = process.env.LIST_1M_PROFILE_DIR;
  if (!dir) return { stop: async () => undefined };
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    async stop(name) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `${name}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    },
  };
}

/** Heap after two full GCs: V8's used heap, array-buffer backing stores (typed-array columns live there), and the page's own figure. */
export async function heapNow(cdp: CDPSession, page: Page): Promise<{ used: number; backing: number; pageUsed: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  const pageUsed = (await page.evaluate('performance.memory ? performance.memory.usedJSHeapSize : 0')) as number;
  return { used: usage.usedSize, backing: usage.backingStorageSize ?? 0, pageUsed };
}
