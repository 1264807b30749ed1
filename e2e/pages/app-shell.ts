/**
 * Page object for the app frame: regions, readiness, toasts, About, theme.
 *
 * Later page objects (bucket list, object table, inspector) take an
 * `AppShell` and scope their locators to its regions.
 */
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { artifactsDir } from '../harness/paths';

/** The main window as a spec sees it. */
export class AppShell {
  readonly root: Locator;
  readonly sidebar: Locator;
  readonly toolbar: Locator;
  readonly content: Locator;
  readonly inspector: Locator;
  readonly jobs: Locator;
  readonly statusBar: Locator;
  readonly connections: Locator;
  readonly toasts: Locator;
  readonly aboutDialog: Locator;

  constructor(
    readonly page: Page,
    /** Where the renderer is served (chromium runtime); Electron loads it itself. */
    private readonly url?: string,
  ) {
    this.root = page.locator('#app');
    this.sidebar = page.getByRole('navigation', { name: 'Connections and buckets' });
    this.toolbar = page.getByRole('banner', { name: 'Location' });
    this.content = page.getByRole('main', { name: 'Contents' });
    this.inspector = page.getByRole('complementary', { name: 'Inspector' });
    this.jobs = page.getByRole('region', { name: 'Jobs' });
    this.statusBar = page.getByRole('contentinfo', { name: 'Status' });
    this.connections = page.getByRole('listbox', { name: 'Connections' });
    this.toasts = page.locator('.toasts .toast');
    this.aboutDialog = page.getByRole('dialog', { name: 'About Thaw' });
  }

  /** Loads the app (chromium runtime) and waits for `data-app-state="ready"`. */
  async open(): Promise<void> {
    if (this.url) await this.page.goto(this.url);
    await this.waitReady();
  }

  /** Waits for readiness; fails fast with the on-screen sentence if startup failed instead. */
  async waitReady(): Promise<void> {
    // waitFor polls in the page on every frame; expect().toHaveAttribute backs off to 1 s between tries.
    await this.page.locator('#app:is([data-app-state="ready"], [data-app-state="error"])').waitFor({ timeout: 15_000 });
    if ((await this.root.getAttribute('data-app-state')) === 'error') {
      throw new Error(`The app reached its error state: ${await this.root.innerText()}`);
    }
  }

  /** The sidebar entry for a connection. */
  connection(name: string): Locator {
    return this.connections.getByRole('option', { name });
  }

  /** The toast whose text contains `text`. */
  toast(text: string | RegExp): Locator {
    return this.toasts.filter({ hasText: text });
  }

  /** Opens About from the status bar and waits for its version line. */
  async openAbout(): Promise<Locator> {
    await this.statusBar.getByRole('button', { name: 'About Thaw' }).click();
    await expect(this.aboutDialog).toBeVisible();
    await expect(this.aboutDialog.getByText('Version')).toBeVisible();
    return this.aboutDialog;
  }

  /** Closes About with its Close button. */
  async closeAbout(): Promise<void> {
    await this.aboutDialog.getByRole('button', { name: 'Close' }).last().click();
    await expect(this.aboutDialog).toBeHidden();
  }

  /** Picks the theme in the status bar. */
  async setTheme(theme: 'system' | 'light' | 'dark'): Promise<void> {
    await this.statusBar.getByLabel('Theme').selectOption(theme);
  }

  /** Saves a screenshot as `e2e/artifacts/<project>-<name>.png` and attaches it to the report. */
  async screenshot(name: string, testInfo: TestInfo): Promise<string> {
    await mkdir(artifactsDir, { recursive: true });
    const path = join(artifactsDir, `${testInfo.project.name}-${name}.png`);
    await this.page.screenshot({ path, animations: 'disabled' });
    await testInfo.attach(name, { path, contentType: 'image/png' });
    return path;
  }
}
