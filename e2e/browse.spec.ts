/**
 * Browsing journeys (issue 5, "Must show") on the sandbox's demo seed, through the real UI:
 * open the sandbox → pick a bucket → walk the tree with mouse and keyboard →
 * storage-class and restore badges → inspector and preview (JSONL, PNG) →
 * copy URI → share link fetched over HTTP and compared byte for byte.
 * The last step proves no secret, session token or signature crossed IPC or
 * reached the console, except the share link's own signature in its one reply.
 *
 * Screenshots: `e2e/artifacts/<project>-browse-*.png`.
 */
import { createHash } from 'node:crypto';
import { SANDBOX_CREDENTIALS } from '../electron/sandbox/index';
import type { ObjectDetails, Preview, ShareLink } from '../shared/ipc/browse';
import { expect, test, type IpcRecord } from './fixtures';
import { findSecretLeaks } from './harness/ipc-log';
import { BrowserPage } from './pages/browser-page';

const TRAINING = 'thaw-demo-training';
const ARCHIVE = 'thaw-demo-archive';
const PNG_KEY = 'mask/ct-organs-v2/scan-0002/0000_heart.png';

/** Reads the clipboard inside the page (this file is type-checked without DOM types). */
const readClipboard = () => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText();

/** The data of the last successful call on `channel` whose input matches `key`. */
function lastResult<T>(ipc: IpcRecord[], channel: string, key: string): T {
  for (let i = ipc.length - 1; i >= 0; i--) {
    const r = ipc[i];
    if (r?.kind === 'call' && r.channel === channel && (r.input as { key?: string }).key === key && r.result.ok) return r.result.data as T;
  }
  throw new Error(`no successful ${channel} for ${key}`);
}

test.describe('browsing', () => {
  // Chromium only: the journey reads IPC records and fetches from the core's sandbox.
  test.skip(({ runtime }) => runtime !== 'chromium', 'needs the chromium harness (IPC records)');

  test('sandbox → bucket → tree → badges → inspector and preview → copy URI → share link; no secret crosses IPC', async ({ app, page, ipc, context, thaw }, testInfo) => {
    // ~25 s on an idle machine, ~10 s of it the first sandbox start seeding the demo; the margin is for loaded CI hosts.
    test.setTimeout(90_000);
    const b = new BrowserPage(app);
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(m.text()));
    page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
    await page.emulateMedia({ colorScheme: 'light' });

    await test.step('open the sandbox and pick a bucket', async () => {
      await app.open();
      await expect(app.connection('Local sandbox')).toHaveAttribute('aria-selected', 'true');
      // The first buckets:list starts the sandbox and seeds the demo data.
      await expect(b.bucket(TRAINING)).toBeVisible({ timeout: 30_000 });
      await expect(b.bucket(ARCHIVE)).toBeVisible();
      await b.openBucket(TRAINING);
      for (const folder of ['training/', 'mask/', 'notes/', 'uploads/']) await expect(b.row(folder)).toBeVisible();
      await expect(b.treeItem('training')).toBeVisible();
      await expect(app.content.getByTestId('row-count')).toHaveText(/^\d+ items$/);
      await app.screenshot('browse-bucket', testInfo);
    });

    await test.step('walk the tree with the mouse', async () => {
      await b.treeItem('training').click();
      await expect(b.current()).toHaveText('training');
      await b.listingDone();
      await expect(b.row('classification/')).toBeVisible();
      // The disclosure triangle expands without navigating.
      await b.treeItem('training').locator('.tree-toggle').click();
      await expect(b.treeItem('classification')).toBeVisible();
      await b.treeItem('classification').click();
      await expect(b.current()).toHaveText('classification');
      await b.listingDone();
      await expect(b.table.getByRole('row').first()).toBeVisible();
      // Breadcrumb segments navigate.
      await b.breadcrumb.getByRole('button', { name: 'training', exact: true }).click();
      await expect(b.current()).toHaveText('training');
      await b.listingDone();
    });

    await test.step('walk the tree and the table with the keyboard', async () => {
      await b.treeItem('classification').focus();
      await page.keyboard.press('ArrowRight'); // expand
      await expect(b.treeItem('classification')).toHaveAttribute('aria-expanded', 'true');
      const year = b.tree.locator('[role="treeitem"][aria-level="3"]').first();
      await expect(year).toBeVisible(); // children loaded
      await page.keyboard.press('ArrowDown'); // first child (a year folder)
      await expect(year).toBeFocused();
      const yearLabel = (await year.innerText()).trim();
      await page.keyboard.press('Enter');
      await expect(b.current()).toHaveText(yearLabel);
      await b.listingDone();
      // In the table: Home selects the first row, Enter opens it, Backspace and Alt+Up go up.
      await b.table.focus();
      await page.keyboard.press('Home');
      const first = b.table.getByRole('row').first();
      await expect(first).toHaveAttribute('aria-selected', 'true');
      const month = (await first.locator('.t-name').innerText()).replace(/\/$/, '');
      await page.keyboard.press('Enter');
      await expect(b.current()).toHaveText(month);
      await b.listingDone();
      await b.table.focus();
      await page.keyboard.press('Backspace');
      await expect(b.current()).toHaveText(yearLabel);
      await b.listingDone();
      await b.table.focus();
      await page.keyboard.press('Alt+ArrowUp');
      await expect(b.current()).toHaveText('classification');
      await b.listingDone();
      // History: back returns to the year, forward to the task again.
      await app.toolbar.getByRole('button', { name: /^Back/ }).click();
      await expect(b.current()).toHaveText(yearLabel);
      await app.toolbar.getByRole('button', { name: /^Forward/ }).click();
      await expect(b.current()).toHaveText('classification');
      await app.screenshot('browse-tree-keyboard', testInfo);
    });

    await test.step('the table shows storage-class and restore-status badges', async () => {
      await b.openBucket(ARCHIVE);
      await b.treeItem('exports').click();
      await b.listingDone();
      await b.openFolder('2026/');
      await expect(b.classBadge('Q1 summary.csv')).toHaveText('Glacier FR');
      await expect(b.restoreBadge('Q1 summary.csv')).toHaveText('Archived');
      await expect(b.restoreBadge('Q2 summary.csv')).toHaveText('Restoring');
      await b.treeItem('backups').click();
      await b.listingDone();
      await b.searchBelow('db-2025');
      await expect(app.content.getByTestId('row-count')).toHaveText('12 items');
      await expect(b.classBadge('2025/01/db-2025-01-01.tar.gz')).toHaveText('Deep Archive');
      await expect(b.restoreBadge('2025/01/db-2025-01-01.tar.gz')).toHaveText('Archived');
      await expect(b.restoreBadge('2025/06/db-2025-06-01.tar.gz')).toHaveText(/^Restored until \d{1,2} \w{3} \d{4}$/);
      // Multi-select: count, total size and the per-class breakdown.
      await b.row('2025/01/db-2025-01-01.tar.gz').click();
      await b.row('2025/03/db-2025-03-01.tar.gz').click({ modifiers: ['Shift'] });
      await expect(app.inspector.getByTestId('multi-summary')).toContainText('3 items selected');
      await expect(app.inspector.getByTestId('multi-summary').locator('.sc-badge')).toHaveText(['Deep Archive']);
      await app.screenshot('browse-badges', testInfo);
    });

    await test.step('select a JSONL object: inspector and preview', async () => {
      await b.openBucket(TRAINING);
      await b.treeItem('training').click();
      await b.listingDone();
      await b.treeItem('classification').click();
      await b.listingDone();
      await b.searchBelow('.jsonl');
      // Newest first: recent shards are readable (older ones are archived).
      const modifiedHeader = app.content.getByRole('columnheader', { name: /Last modified/ });
      await modifiedHeader.click();
      await expect(modifiedHeader).toHaveAttribute('aria-sort', 'ascending');
      await modifiedHeader.click();
      await expect(app.content.getByRole('columnheader', { name: /Last modified/ })).toHaveAttribute('aria-sort', 'descending');
      const newest = b.table.getByRole('row').first();
      const name = (await newest.locator('.t-name').innerText()).trim();
      await b.inspect(name);
      await expect(b.details).toContainText('application/jsonl');
      await expect(b.details).toContainText('x-amz-meta-sample-count');
      await expect(b.preview.locator('[data-kind="jsonl"] li').first()).toContainText('"label"');
      await b.details.getByRole('button', { name: 'Show raw headers' }).click();
      await expect(b.details).toContainText('content-length');
      await app.screenshot('browse-inspector-jsonl', testInfo);
    });

    await test.step('select a PNG: image preview, copy URI, share link fetched over HTTP', async () => {
      const origin = new URL(thaw.url ?? page.url()).origin;
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
      await b.treeItem('mask').click();
      await b.listingDone();
      await b.openFolder('ct-organs-v2/');
      await b.openFolder('scan-0002/');
      await b.inspect('0000_heart.png');
      const img = b.preview.locator('img[data-kind="image"]');
      await expect(img).toBeVisible();
      expect(await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(64);
      await app.screenshot('browse-inspector-png', testInfo);

      await b.table.focus();
      await page.keyboard.press('Control+c');
      await expect.poll(() => page.evaluate(readClipboard)).toBe(`s3://${TRAINING}/${PNG_KEY}`);

      await b.details.getByRole('button', { name: 'Share link…' }).click();
      await expect(b.shareDialog).toBeVisible();
      await expect(b.shareDialog.getByRole('radio', { name: '10 minutes' })).toBeChecked();
      await b.shareDialog.getByRole('radio', { name: '1 hour' }).check();
      await b.shareDialog.getByRole('button', { name: 'Create and copy link' }).click();
      const urlField = b.shareDialog.getByRole('textbox');
      await expect(urlField).toHaveValue(/^http/);
      const url = await urlField.inputValue();
      await expect(b.shareDialog.getByTestId('share-expiry')).toContainText('Expires');
      await expect.poll(() => page.evaluate(readClipboard)).toBe(url);
      await app.screenshot('browse-share-link', testInfo);
      const link = lastResult<ShareLink>(ipc, 'objects:share-link', PNG_KEY);
      expect(link.url).toBe(url);
      expect(link.expiresInSeconds).toBe(3600);

      const res = await fetch(url);
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      const head = lastResult<ObjectDetails>(ipc, 'objects:head', PNG_KEY);
      expect(bytes.length).toBe(head.size);
      // A single-part object's ETag is the MD5 of its bytes.
      expect(createHash('md5').update(bytes).digest('hex')).toBe(head.etag?.replace(/"/g, ''));
      const preview = lastResult<Preview>(ipc, 'objects:preview', PNG_KEY);
      expect(preview.kind).toBe('image');
      if (preview.kind === 'image') expect(bytes.equals(Buffer.from(preview.base64, 'base64'))).toBe(true);
      await b.shareDialog.getByRole('button', { name: 'Done' }).click();
      await expect(b.shareDialog).toBeHidden();
    });

    await test.step('context menu (dark theme): the actions that apply, Copy S3 URI', async () => {
      await page.emulateMedia({ colorScheme: 'dark' });
      await b.row('0001_heart.png').click({ button: 'right' });
      const menu = page.getByRole('menu', { name: 'Object actions' });
      // A read-write connection: the browse actions, then the object operations in the shared registry's order.
      await expect(menu.getByRole('menuitem')).toHaveText([
        'Inspect',
        'Copy S3 URI',
        'Share link…',
        'Upload link…',
        'Download…',
        'Rename…',
        'Copy to…',
        'Move to…',
        'Change storage class…',
        'Edit metadata & tags…',
        'Delete…',
      ]);
      await expect(b.row('0001_heart.png')).toHaveAttribute('aria-selected', 'true');
      await app.screenshot('browse-dark-menu', testInfo);
      await menu.getByRole('menuitem', { name: 'Copy S3 URI' }).click();
      await expect(menu).toBeHidden();
      await expect.poll(() => page.evaluate(readClipboard)).toBe(`s3://${TRAINING}/mask/ct-organs-v2/scan-0002/0001_heart.png`);
    });

    await test.step('no secret key, session token or signature crossed IPC or reached the console', async () => {
      const secret = SANDBOX_CREDENTIALS.secretAccessKey;
      const hosted = thaw.host?.secrets.secrets() ?? [];
      expect(ipc.length).toBeGreaterThan(20);
      expect(ipc.some((r) => r.kind === 'event' && r.event === 'listing:event')).toBe(true);
      expect(findSecretLeaks(ipc, [secret, ...hosted], true)).toEqual([]);
      const withSignature: string[] = [];
      // Links the user created; copying one sends that same link to main's clipboard, and nothing else may carry a signature.
      const links = new Set(
        ipc.flatMap((r) => (r.kind === 'call' && r.channel === 'objects:share-link' && r.result.ok ? [(r.result.data as { url: string }).url] : [])),
      );
      for (const r of ipc) {
        const text = JSON.stringify(r);
        expect(text).not.toContain(secret);
        for (const s of hosted) expect(text).not.toContain(s);
        expect(text.toLowerCase()).not.toContain('x-amz-security-token');
        expect(text).not.toMatch(/"(sessionToken|SessionToken|secretAccessKey|SecretAccessKey)"/);
        if (text.includes('X-Amz-Signature=')) withSignature.push(r.kind === 'call' ? `call:${r.channel}` : `event:${r.event}`);
        // The signature travels back in the share-link reply and, when the user copies it, to the clipboard; never elsewhere.
        if (r.kind === 'call' && r.channel === 'clipboard:write-text') {
          const copiedText = (r.input as { text: string }).text;
          if (copiedText.includes('X-Amz-Signature=')) expect(links.has(copiedText)).toBe(true);
        } else if (r.kind === 'call') {
          expect(JSON.stringify(r.input)).not.toContain('X-Amz-Signature=');
        }
      }
      expect(withSignature.length).toBeGreaterThan(0);
      expect(new Set(withSignature)).toEqual(new Set(['call:objects:share-link', 'call:clipboard:write-text']));
      for (const line of consoleLines) {
        expect(line).not.toContain(secret);
        expect(line).not.toContain('X-Amz-Signature');
        expect(line.toLowerCase()).not.toContain('x-amz-security-token');
      }
    });
  });
});
