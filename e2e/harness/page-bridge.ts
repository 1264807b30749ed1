/**
 * Connects a Playwright page to a `CoreHost` the way the preload connects the window to main.
 *
 * - Calls: `page.exposeBinding('__thawInvoke')` → `dispatch(core.handlers, channel, [input])`.
 * - Events: the host's `emit` → `page.evaluate(__thawDispatch)`, in order.
 * - `window.thaw`: the real `electron/preload/bridge.ts`, bundled by esbuild
 *   into an init script, so the page gets the same object the preload builds.
 * Every call (input and result) and every event is appended to `log`.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { Result } from '../../shared/ipc/result';
import type { CoreHost } from './core-host';

/** One thing that crossed the (simulated) IPC boundary. */
export type IpcRecord =
  | { kind: 'call'; channel: string; input: unknown; result: Result<unknown>; ms: number }
  | { kind: 'event'; event: string; payload: unknown };

/** A bridged page's handle. */
export interface PageBridge {
  /** Resolves once every event emitted so far has been delivered to the page. */
  flushEvents(): Promise<void>;
  /** Stops forwarding events (calls stop when the page closes). */
  dispose(): void;
}

let bundle: Promise<string> | undefined;

/** The init script: `page-bridge-entry.ts` and the real preload bridge, bundled once per worker. */
export function bridgeInitScript(): Promise<string> {
  bundle ??= build({
    entryPoints: [fileURLToPath(new URL('./page-bridge-entry.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    write: false,
    logLevel: 'silent',
  }).then((r) => {
    const out = r.outputFiles[0];
    if (!out) throw new Error('esbuild produced no bridge bundle');
    return out.text;
  });
  return bundle;
}

/** Bridges `page` to `host`; call before the first navigation. */
export async function installThawBridge(page: Page, host: CoreHost, log: IpcRecord[]): Promise<PageBridge> {
  await page.exposeBinding('__thawInvoke', async (_source, channel: unknown, input: unknown) => {
    const started = performance.now();
    const result = await host.invoke(String(channel), input);
    log.push({ kind: 'call', channel: String(channel), input, result, ms: performance.now() - started });
    return result;
  });
  await page.addInitScript({ content: await bridgeInitScript() });

  let queue: Promise<void> = Promise.resolve();
  const off = host.onEmit((event, payload) => {
    log.push({ kind: 'event', event, payload });
    queue = queue.then(async () => {
      if (page.isClosed()) return;
      await page
        .evaluate(
          ([e, p]) => (globalThis as unknown as { __thawDispatch?: (e: string, p: unknown) => number }).__thawDispatch?.(e, p),
          [event, payload] as const,
        )
        // A page mid-navigation has no listeners to miss; the app re-fetches on load.
        .catch(() => undefined);
    });
  });
  // The core's clipboard adapter stands in for the OS clipboard; mirror it into the page's.
  const copy = (text: string) => {
    queue = queue.then(async () => {
      if (page.isClosed()) return;
      await page
        .evaluate((t) => (globalThis as unknown as { navigator: { clipboard: { writeText(t: string): Promise<void> } } }).navigator.clipboard.writeText(t), text)
        .catch(() => undefined);
    });
  };
  host.clipboard.listeners.add(copy);
  return {
    flushEvents: () => queue,
    dispose: () => {
      off();
      host.clipboard.listeners.delete(copy);
    },
  };
}
