/**
 * Transfers and object operations (issue 9, "Must show") through the real UI
 * over the real core, against a sandbox this file starts (so it can seed
 * buckets, turn on versioning and slow requests down):
 *
 * - download a prefix — the confirmation warns about its archived objects —
 *   and find the files on disk, byte for byte, in the folder the stubbed
 *   native dialog chose;
 * - upload a folder (the stubbed dialog picks it) with a storage class and
 *   metadata, and find the objects in the bucket;
 * - watch a slowed download's progress, pause it, resume it, cancel it;
 * - delete a folder after a confirmation that names count, bytes and the
 *   early-deletion charge;
 * - versions of an object in the inspector, and undelete from the table's
 *   "Show versions" view.
 *
 * Screenshots (light and dark): `e2e/artifacts/<project>-transfers-*.png`.
 */
import { CreateBucketCommand, HeadObjectCommand, ListObjectsV2Command, PutBucketVersioningCommand, PutObjectCommand, DeleteObjectCommand, S3Client, type StorageClass } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startSandbox, type Sandbox } from '../electron/sandbox/index';
import { expect, test as base } from './fixtures';
import { BrowserPage } from './pages/browser-page';
import { TransfersPage } from './pages/transfers-page';

const BUCKET = 'e2e-transfers';
const VERSIONED = 'e2e-versions';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Playwright's extend takes test fixtures first.
const test = base.extend<{}, { sandbox: Sandbox; s3: S3Client }>({
  sandbox: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern.
    async ({}, use) => {
      const sb = await startSandbox({ port: 0, seed: 'none' });
      const client = clientFor(sb);
      await seed(client);
      client.destroy();
      await use(sb);
      await sb.close();
    },
    { scope: 'worker' },
  ],
  s3: [
    async ({ sandbox }, use) => {
      const client = clientFor(sandbox);
      await use(client);
      client.destroy();
    },
    { scope: 'worker' },
  ],
  // The core's "Local sandbox" connection talks to this file's sandbox.
  coreOptions: [
    async ({ sandbox }, use) => {
      await use({ startSandbox: async () => ({ endpoint: sandbox.endpoint, region: sandbox.region, credentials: sandbox.credentials, close: async () => undefined }) });
    },
    { scope: 'worker' },
  ],
});

/** An SDK client on the sandbox, as the spec's own S3 tool. */
function clientFor(sb: Sandbox): S3Client {
  return new S3Client({ endpoint: sb.endpoint, region: sb.region, credentials: sb.credentials, forcePathStyle: true });
}

/** Deterministic bytes for a key. */
function body(key: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  let h = createHash('sha256').update(key).digest();
  for (let at = 0; at < size; at += h.length) {
    h.copy(out, at);
    h = createHash('sha256').update(h).digest();
  }
  return out;
}

const RUN_FILES = Array.from({ length: 24 }, (_, i) => ({ key: `datasets/run-1/shard-${String(i).padStart(3, '0')}.jsonl`, size: 2_000 + i * 531 }));
const RUN_ARCHIVED = Array.from({ length: 3 }, (_, i) => ({ key: `datasets/run-1/cold/old-${i}.jsonl`, size: 40_000 }));
const SLOW_FILES = Array.from({ length: 60 }, (_, i) => ({ key: `slow/frame-${String(i).padStart(3, '0')}.bin`, size: 64 * 1024 }));
const SCRATCH = Array.from({ length: 6 }, (_, i) => ({ key: `scratch/tmp-${i}.bin`, size: 10_000 }));

async function put(s3: S3Client, bucket: string, key: string, data: Buffer, storageClass?: StorageClass): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: data, ...(storageClass ? { StorageClass: storageClass } : {}) }));
}

async function seed(s3: S3Client): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  for (const f of RUN_FILES) await put(s3, BUCKET, f.key, body(f.key, f.size));
  for (const f of RUN_ARCHIVED) await put(s3, BUCKET, f.key, body(f.key, f.size), 'DEEP_ARCHIVE');
  for (const f of SLOW_FILES) await put(s3, BUCKET, f.key, body(f.key, f.size));
  // Standard-IA has a 30-day minimum: deleting these now bills an early-deletion charge.
  for (const f of SCRATCH) await put(s3, BUCKET, f.key, body(f.key, f.size), 'STANDARD_IA');
  await s3.send(new CreateBucketCommand({ Bucket: VERSIONED }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: VERSIONED, VersioningConfiguration: { Status: 'Enabled' } }));
  for (let v = 1; v <= 3; v++) await put(s3, VERSIONED, 'models/model.bin', body(`model-v${v}`, 1000 * v));
  await put(s3, VERSIONED, 'models/config.json', Buffer.from('{"layers": 12}'));
  await s3.send(new DeleteObjectCommand({ Bucket: VERSIONED, Key: 'models/config.json' }));
  await put(s3, VERSIONED, 'models/notes.txt', Buffer.from('trained on run-1'));
}

/** Every file under `dir`, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/')).sort();
}

test.describe('transfers and object operations', () => {
  // Chromium only: the journeys stub native dialogs in the harness core and run their own sandbox.
  test.skip(({ runtime, electronBinary }) => {
    const skip = runtime === 'electron' && electronBinary.found;
    if (skip) console.log('[electron] skipped transfer journeys: they need the chromium harness (stubbed dialogs, own sandbox)');
    return skip;
  }, 'needs the chromium harness (stubbed dialogs, own sandbox)');
  test.describe.configure({ mode: 'serial' });

  let work = '';
  test.beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'thaw-e2e-transfers-'));
  });
  test.afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('download a prefix: the archived warning, then verified files on disk', async ({ app, page, thaw, ipc }, testInfo) => {
    test.setTimeout(90_000);
    const b = new BrowserPage(app);
    const t = new TransfersPage(app);
    const dest = join(work, 'downloads');
    await mkdir(dest, { recursive: true });
    thaw.host!.dialogs.nextDirectory = dest;
    await page.emulateMedia({ colorScheme: 'light' });

    await test.step('select a folder and choose Download… from its menu', async () => {
      await app.open();
      await expect(b.bucket(BUCKET)).toBeVisible({ timeout: 30_000 });
      await b.openBucket(BUCKET);
      await b.openFolder('datasets/');
      await b.row('run-1/').click({ button: 'right' });
      await t.menuItem('Download…').click();
    });

    await test.step('the confirmation names files, bytes, destination and the archived objects', async () => {
      await expect(t.downloadDialog).toBeVisible({ timeout: 20_000 });
      const archived = t.downloadDialog.getByTestId('download-archived');
      await expect(archived).toContainText('3 archived objects');
      await expect(archived).toContainText('are not readable now');
      await expect(t.downloadDialog.getByTestId('download-destination')).toHaveText(dest);
      await app.screenshot('transfers-download-confirm-light', testInfo);
      await page.emulateMedia({ colorScheme: 'dark' });
      await app.screenshot('transfers-download-confirm-dark', testInfo);
      await page.emulateMedia({ colorScheme: 'light' });
      const plan = ipc.find((r) => r.kind === 'call' && r.channel === 'transfers:plan-download');
      // run-1/ is the only row of datasets/, so selecting it is selecting the whole folder on screen: either prefix names the same keys.
      const input = plan?.kind === 'call' ? (plan.input as { bucket: string; prefixes: string[]; base: string }) : undefined;
      expect(input).toMatchObject({ bucket: BUCKET, base: 'datasets/' });
      expect(input?.prefixes).toHaveLength(1);
      expect(['datasets/run-1/', 'datasets/']).toContain(input?.prefixes[0]);
      await t.downloadDialog.getByTestId('download-start').click();
      await expect(t.downloadDialog).toBeHidden();
    });

    await test.step('the job runs to the end in the queue, each file checked', async () => {
      await t.jobState('done', 60_000);
      await expect(t.jobDetail).toContainText(`${RUN_FILES.length} of`);
      await expect(t.jobItems).toContainText('datasets/run-1/shard-000.jsonl');
      await expect(t.jobItems.getByText(/verified \(|length only|unverified/).first()).toBeVisible();
      await app.screenshot('transfers-queue-done-light', testInfo);
      await page.emulateMedia({ colorScheme: 'dark' });
      await app.screenshot('transfers-queue-done-dark', testInfo);
      await page.emulateMedia({ colorScheme: 'light' });
    });

    await test.step('the files are on disk below the chosen folder, byte for byte; archived ones skipped', async () => {
      const want = RUN_FILES.map((f) => f.key.slice('datasets/'.length)).sort();
      expect(await filesUnder(dest)).toEqual(want);
      for (const f of RUN_FILES) expect((await readFile(join(dest, f.key.slice('datasets/'.length)))).equals(body(f.key, f.size)), f.key).toBe(true);
    });
  });

  test('upload a folder with a storage class and metadata', async ({ app, page, thaw, s3 }, testInfo) => {
    test.setTimeout(90_000);
    const b = new BrowserPage(app);
    const t = new TransfersPage(app);
    const src = join(work, 'upload-src', 'batch-7');
    await mkdir(join(src, 'labels'), { recursive: true });
    const local = [
      ...Array.from({ length: 12 }, (_, i) => `img-${String(i).padStart(2, '0')}.png`),
      ...Array.from({ length: 4 }, (_, i) => `labels/img-${String(i).padStart(2, '0')}.json`),
    ];
    for (const rel of local) await writeFile(join(src, rel), body(`upload/${rel}`, 3_000 + rel.length * 17));
    thaw.host!.dialogs.nextDirectory = src;
    thaw.host!.dialogs.nextFiles = [src];
    await page.emulateMedia({ colorScheme: 'light' });

    await app.open();
    await expect(b.bucket(BUCKET)).toBeVisible({ timeout: 30_000 });
    await b.openBucket(BUCKET);
    await b.openFolder('datasets/');
    await t.toolbar('toolbar-upload').click();
    await page.getByRole('menuitem', { name: 'Folder…' }).click();
    await expect(t.uploadDialog).toBeVisible({ timeout: 20_000 });
    await expect(t.uploadDialog.getByTestId('upload-files')).toHaveText(String(local.length));
    await t.uploadDialog.getByTestId('upload-class').selectOption('STANDARD_IA');
    await t.uploadDialog.getByRole('button', { name: '+ Add metadata' }).click();
    await t.uploadDialog.getByLabel('Metadata name 1').fill('sample-count');
    await t.uploadDialog.getByLabel('Metadata value 1').fill('16');
    await app.screenshot('transfers-upload-confirm-light', testInfo);
    await t.uploadDialog.getByTestId('upload-start').click();
    await expect(t.uploadDialog).toBeHidden();
    await t.jobState('done', 60_000);
    await app.screenshot('transfers-upload-done-light', testInfo);
    // The folder on screen lists again when the upload into it ends.
    await expect(b.row('batch-7/')).toBeVisible();

    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'datasets/batch-7/' }));
    expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual(local.map((rel) => `datasets/batch-7/${rel}`).sort());
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'datasets/batch-7/labels/img-00.json' }));
    expect(head.StorageClass).toBe('STANDARD_IA');
    expect(head.Metadata).toMatchObject({ 'sample-count': '16' });
  });

  test('watch a download’s progress, pause it, resume it, cancel it', async ({ app, page, thaw, sandbox }, testInfo) => {
    test.setTimeout(120_000);
    const b = new BrowserPage(app);
    const t = new TransfersPage(app);
    const dest = join(work, 'slow');
    await mkdir(dest, { recursive: true });
    thaw.host!.dialogs.nextDirectory = dest;
    // Every GET of slow/ waits: the job stays running long enough to be watched and steered.
    const fault = sandbox.faults.add({ kind: 'latency', op: 'GetObject', bucket: BUCKET, keyPrefix: 'slow/', ms: 700 });
    try {
      await page.emulateMedia({ colorScheme: 'light' });
      await app.open();
      await expect(b.bucket(BUCKET)).toBeVisible({ timeout: 30_000 });
      await b.openBucket(BUCKET);
      await b.row('slow/').click({ button: 'right' });
      await t.menuItem('Download…').click();
      await expect(t.downloadDialog).toBeVisible({ timeout: 20_000 });
      await t.downloadDialog.getByTestId('download-start').click();
      await t.jobState('running');
      await expect(t.jobDetail.getByTestId('job-progress-line')).toContainText(/of 60 files downloaded/);
      await app.screenshot('transfers-queue-running-light', testInfo);
      await page.emulateMedia({ colorScheme: 'dark' });
      await app.screenshot('transfers-queue-running-dark', testInfo);
      await page.emulateMedia({ colorScheme: 'light' });

      await t.jobButton('Pause').click();
      await t.jobState('paused');
      await expect(t.jobButton('Resume')).toBeVisible();
      // The per-file list catches up with the pause: files in flight go back to the queue, nothing is left "Transferring".
      await expect(t.jobDetail.getByTestId('job-items')).toContainText('Queued', { timeout: 10_000 });
      await expect(t.jobDetail.getByTestId('job-items')).not.toContainText('Transferring');
      await app.screenshot('transfers-queue-paused-light', testInfo);
      await t.jobButton('Resume').click();
      await t.jobState('running');

      await t.jobButton('Cancel…').click();
      const confirm = app.jobs.getByRole('alertdialog', { name: 'Cancel this job?' });
      await expect(confirm).toContainText('removes its partial files');
      await confirm.getByRole('button', { name: 'Stop the job' }).click();
      await t.jobState('cancelled');
    } finally {
      sandbox.faults.remove(fault);
    }
    // Cancelled: no partial file left, and every file that is there is complete.
    const left = await filesUnder(dest);
    expect(left.filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(left.length).toBeLessThan(SLOW_FILES.length);
    for (const rel of left) {
      const f = SLOW_FILES.find((s) => s.key === rel);
      expect(f, rel).toBeDefined();
      if (f) expect((await readFile(join(dest, rel))).equals(body(f.key, f.size)), rel).toBe(true);
    }
  });

  test('delete a folder after a confirmation with count, bytes and the early-deletion charge', async ({ app, page, s3 }, testInfo) => {
    test.setTimeout(60_000);
    const b = new BrowserPage(app);
    const t = new TransfersPage(app);
    await page.emulateMedia({ colorScheme: 'light' });
    await app.open();
    await expect(b.bucket(BUCKET)).toBeVisible({ timeout: 30_000 });
    await b.openBucket(BUCKET);
    await b.row('scratch/').click({ button: 'right' });
    await t.menuItem('Delete…').click();
    const dialog = t.operationDialog;
    await expect(dialog.getByTestId('operation-objects')).toHaveText(String(SCRATCH.length), { timeout: 20_000 });
    await expect(dialog.getByTestId('operation-bytes')).toHaveText('58.6 KB');
    await expect(dialog).toContainText(/Early-deletion charge: (about \$|less than \$0\.01)/);
    await expect(dialog.getByTestId('operation-start')).toHaveText(`Delete ${SCRATCH.length} objects`);
    await app.screenshot('transfers-delete-confirm-light', testInfo);
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot('transfers-delete-confirm-dark', testInfo);
    await page.emulateMedia({ colorScheme: 'light' });
    await dialog.getByTestId('operation-start').click();
    await expect(dialog).toBeHidden();
    await t.jobState('done');
    await expect(t.jobDetail).toContainText(`${SCRATCH.length} of ${SCRATCH.length} objects deleted`);
    await expect(b.row('scratch/')).toHaveCount(0);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'scratch/' }));
    expect(listed.KeyCount ?? 0).toBe(0);
  });

  test('versions: the inspector lists them; the table’s versions view undeletes a key', async ({ app, page, s3 }, testInfo) => {
    test.setTimeout(60_000);
    const b = new BrowserPage(app);
    const t = new TransfersPage(app);
    await page.emulateMedia({ colorScheme: 'light' });
    await app.open();
    await expect(b.bucket(VERSIONED)).toBeVisible({ timeout: 30_000 });
    await b.openBucket(VERSIONED);
    await b.openFolder('models/');
    await expect(b.row('config.json')).toHaveCount(0);
    await b.inspect('model.bin');
    await t.versionsSection.getByRole('button', { name: /Versions/ }).click();
    const items = t.versionsSection.locator('.ver-item');
    await expect(items).toHaveCount(3);
    await expect(items.first()).toContainText('Current');
    await expect(items.nth(1)).toContainText('Noncurrent');
    await items.nth(1).getByRole('button', { name: 'Delete…' }).click();
    await expect(t.versionsSection.getByRole('alertdialog')).toContainText('Permanent');
    await app.screenshot('transfers-versions-light', testInfo);
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot('transfers-versions-dark', testInfo);
    await page.emulateMedia({ colorScheme: 'light' });
    await t.versionsSection.getByRole('alertdialog').getByRole('button', { name: 'Keep it' }).click();

    await t.toolbar('toolbar-versions').click();
    await expect(t.versionsView).toBeVisible();
    const deleted = t.versionsView.locator('tr[data-key="models/config.json"]').filter({ hasText: 'Deleted' });
    await expect(deleted).toBeVisible();
    await app.screenshot('transfers-versions-view-light', testInfo);
    await deleted.getByRole('button', { name: 'Undelete' }).click();
    await expect(app.toast('Undeleted')).toBeVisible();
    await t.versionsView.getByRole('button', { name: 'Back to objects' }).click();
    await expect(b.row('config.json')).toBeVisible();
    const head = await s3.send(new HeadObjectCommand({ Bucket: VERSIONED, Key: 'models/config.json' }));
    expect(head.ContentLength).toBe('{"layers": 12}'.length);
  });
});
