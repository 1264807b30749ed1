/**
 * Page object for transfers and object operations: the download, upload
 * and operation dialogs, the jobs panel's job detail, and the versions views.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { AppShell } from './app-shell';

/** The transfer and operation screens of one page. */
export class TransfersPage {
  readonly page: Page;
  readonly downloadDialog: Locator;
  readonly uploadDialog: Locator;
  readonly operationDialog: Locator;
  readonly nameDialog: Locator;
  readonly jobDetail: Locator;
  readonly jobItems: Locator;
  readonly versionsSection: Locator;
  readonly versionsView: Locator;

  constructor(readonly app: AppShell) {
    this.page = app.page;
    this.downloadDialog = this.page.getByRole('dialog', { name: 'Download' });
    this.uploadDialog = this.page.getByRole('dialog', { name: 'Upload' });
    this.operationDialog = this.page.locator('dialog[open]').filter({ has: this.page.getByTestId('operation-dialog') });
    this.nameDialog = this.page.locator('dialog[open]').filter({ has: this.page.getByTestId('name-input') });
    this.jobDetail = app.jobs.getByTestId('job-detail');
    this.jobItems = app.jobs.getByTestId('job-items');
    this.versionsSection = app.inspector.getByTestId('versions-section');
    this.versionsView = app.content.getByTestId('versions-view');
  }

  /** A button of the toolbar by test id (`toolbar-download`, `toolbar-upload`, …). */
  toolbar(id: string): Locator {
    return this.app.toolbar.getByTestId(id);
  }

  /** A row-menu entry (after a right-click). */
  menuItem(label: string): Locator {
    return this.page.getByRole('menuitem', { name: label, exact: true });
  }

  /** The job row in the panel's list whose title contains `text`. */
  jobRow(text: string | RegExp): Locator {
    return this.app.jobs.getByTestId('jobs-list').getByRole('button').filter({ hasText: text });
  }

  /** Waits until the shown job is in `state` (`running`, `paused`, `done`, …). */
  async jobState(state: string, timeout = 30_000): Promise<void> {
    await expect(this.jobDetail).toHaveAttribute('data-job-state', state, { timeout });
  }

  /** A button of the shown job (Pause, Resume, Cancel…, Retry…). */
  jobButton(name: string | RegExp): Locator {
    return this.jobDetail.getByRole('button', { name });
  }
}
