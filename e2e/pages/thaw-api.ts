/**
 * Calls `window.thaw` from inside the page, as the renderer (or an attacker's script) would.
 */
import type { Page } from '@playwright/test';
import type { Result } from '../../shared/ipc/result';

type ThawLike = Record<string, Record<string, (input?: unknown) => Promise<Result<unknown>>>>;

/** Runs `window.thaw[domain][method](input)` in the page and returns its `Result`. */
export function callFromPage<T = unknown>(page: Page, domain: string, method: string, input?: unknown): Promise<Result<T>> {
  return page.evaluate(
    ([d, m, i]) => {
      const thaw = (globalThis as unknown as { thaw: ThawLike }).thaw;
      const fn = thaw[d]?.[m];
      if (!fn) throw new Error(`window.thaw.${d}.${m} does not exist`);
      return fn(i) as Promise<Result<T>>;
    },
    [domain, method, input] as const,
  );
}

/**
 * Calls a method and, if it fails, rethrows its error unhandled in the page.
 *
 * That is how a renderer bug that forgets its `catch` looks; the app's global
 * safety net must turn it into a toast with the code's sentence.
 */
export function callFromPageUnhandled(page: Page, domain: string, method: string, input?: unknown): Promise<void> {
  return page.evaluate(
    ([d, m, i]) => {
      const thaw = (globalThis as unknown as { thaw: ThawLike }).thaw;
      const fn = thaw[d]?.[m];
      if (!fn) throw new Error(`window.thaw.${d}.${m} does not exist`);
      // Deliberately not awaited: the rejection must reach the page's unhandledrejection handler.
      void fn(i).then((r) => {
        if (!r.ok) throw r.error;
      });
    },
    [domain, method, input] as const,
  );
}
