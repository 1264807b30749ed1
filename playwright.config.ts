/**
 * Playwright: the renderer in Chromium over the real core (default), and the
 * same journeys in Electron when its runtime exists.
 *
 * Chromium is Debian's `/usr/bin/chromium` when installed, else Playwright's
 * own browser if one is already there; nothing here downloads a browser.
 */
import { defineConfig } from '@playwright/test';
import type { ThawOptions } from './e2e/fixtures';
import { chromiumLaunchOptions } from './e2e/harness/chromium';

const chromiumLaunch = chromiumLaunchOptions();

export default defineConfig<ThawOptions>({
  testDir: 'e2e',
  outputDir: 'test-results',
  globalSetup: './e2e/harness/global-setup.ts',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: { runtime: 'chromium', browserName: 'chromium', launchOptions: chromiumLaunch },
    },
    {
      name: 'electron',
      // Same specs; the fixtures launch `electron .` instead of serving the renderer.
      use: { runtime: 'electron', launchOptions: chromiumLaunch },
    },
  ],
});
