/** Types for the helpers scripts/build.mjs exports (used by its tests). */

/** Bare module names a CJS bundle still requires at run time, sorted. */
export function requiredModules(code: string): string[];

/** Returns `html` with exactly Thaw's CSP meta tag: inserted when absent; throws when a different one is present. */
export function ensureCspMeta(html: string, csp: string): string;
