/**
 * Page object for the browsing screens: buckets, prefix tree, object table, inspector, share dialog.
 *
 * Locators go by role and accessible name where the UI has them, so the
 * journeys also check that the screens are usable by keyboard and screen reader.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { AppShell } from './app-shell';

/** The browsing screens of one page. */
export class BrowserPage {
  readonly page: Page;
  readonly table: Locator;
  readonly tree: Locator;
  readonly breadcrumb: Locator;
  readonly status: Locator;
  readonly filter: Locator;
  readonly details: Locator;
  readonly preview: Locator;
  readonly shareDialog: Locator;

  constructor(readonly app: AppShell) {
    this.page = app.page;
    this.table = app.content.getByRole('grid', { name: 'Objects' });
    this.tree = app.sidebar.getByRole('tree');
    this.breadcrumb = app.toolbar.getByRole('navigation', { name: 'Breadcrumb' });
    this.status = app.content.locator('[data-listing]');
    this.filter = app.content.getByRole('searchbox');
    this.details = app.inspector.getByTestId('object-details');
    this.preview = app.inspector.getByTestId('preview');
    this.shareDialog = this.page.getByRole('dialog', { name: 'Share link' });
  }

  /** A bucket in the sidebar. */
  bucket(name: string): Locator {
    return this.app.sidebar.locator(`[data-bucket="${name}"]`);
  }

  /** A folder in the prefix tree, by its label (the last segment). */
  treeItem(label: string): Locator {
    return this.tree.getByRole('treeitem', { name: label, exact: true });
  }

  /** A table row by its exact name (folders end in '/'). */
  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.locator('.t-name').getByText(name, { exact: true }) });
  }

  /** The current (last) breadcrumb segment. */
  current(): Locator {
    return this.breadcrumb.locator('[aria-current="location"]');
  }

  /** Waits until the listing behind the table has finished. */
  async listingDone(): Promise<void> {
    await expect(this.status).toHaveAttribute('data-listing', 'done', { timeout: 15_000 });
  }

  /** Opens a bucket from the sidebar and waits for its listing. */
  async openBucket(name: string): Promise<void> {
    await this.bucket(name).click();
    await expect(this.current()).toHaveText(name);
    await this.listingDone();
  }

  /** Double-clicks a folder row and waits for the new listing. */
  async openFolder(name: string): Promise<void> {
    await this.row(name).dblclick();
    await expect(this.current()).toHaveText(name.replace(/\/$/, ''));
    await this.listingDone();
  }

  /** Searches every key below the current prefix for `text` and waits for the results. */
  async searchBelow(text: string): Promise<void> {
    await this.filter.fill(text);
    await this.app.content.getByRole('button', { name: 'Search below this prefix' }).click();
    await expect(this.app.content.getByText(`Results for “${text}” below this prefix`)).toBeVisible();
    await this.listingDone();
  }

  /** The storage-class badge of a row. */
  classBadge(name: string): Locator {
    return this.row(name).locator('.sc-badge');
  }

  /** The restore-status badge of a row. */
  restoreBadge(name: string): Locator {
    return this.row(name).locator('.rs-badge');
  }

  /** Selects one object (by its row name) and waits for the inspector to show its details. */
  async inspect(name: string): Promise<void> {
    await this.row(name).click();
    await expect(this.row(name)).toHaveAttribute('aria-selected', 'true');
    // The inspector's heading is the key's last segment (search results show deeper names).
    const leaf = name.slice(name.lastIndexOf('/') + 1);
    await expect(this.details.getByRole('heading', { name: leaf, exact: true })).toBeVisible();
    await expect(this.details.locator('.kv').first()).toBeVisible();
  }
}
