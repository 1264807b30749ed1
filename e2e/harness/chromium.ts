/**
 * How every headless Chromium here is launched: Debian's build when present
 * (never a browser download), with the flags a closed network needs.
 */
import { existsSync } from 'node:fs';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** No sandbox as root, no GPU, and no background connections the network would refuse. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launch options for Playwright: the system Chromium when installed, else Playwright's own. */
export function chromiumLaunchOptions(extraArgs: string[] = []): { executablePath?: string; args: string[] } {
  return { ...(existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM } : {}), args: [...CHROMIUM_ARGS, ...extraArgs] };
}
