import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { button, cleanup, click, render, SANDBOX, storeWithFake, tick, type } from '../../testing/app-harness';
import { downloadPlan, uploadPlan } from '../../testing/jobs-fixtures';
import { DownloadDialog } from './download-dialog';
import { archiveKinds, archivedHeadline, checkMetadata, downloadButton, restoreFirstNeedsDays, restoreFirstTiers } from './transfer-view';
import { UploadDialog } from './upload-dialog';
import { UploadLinkDialog } from './upload-link-dialog';

afterEach(cleanup);
const GiB = 2 ** 30;

describe('transfer view', () => {
  it('says how many archived objects are unreadable, and which tiers and days a restore-first may use', () => {
    expect(archivedHeadline(downloadPlan())).toBe('3 archived objects (3.00 GB) are not readable now');
    expect(archivedHeadline(downloadPlan({ archived: { objects: 1, bytes: 10, restoring: 0, byClass: { GLACIER: 1 } } }))).toBe('1 archived object (10 B) is not readable now');
    expect(restoreFirstTiers(downloadPlan())).toEqual(['Standard', 'Bulk']);
    expect(restoreFirstTiers(downloadPlan({ archived: { objects: 1, bytes: 1, restoring: 0, byClass: { GLACIER: 1 } } }))).toEqual(['Expedited', 'Standard', 'Bulk']);
    expect(archiveKinds({ INTELLIGENT_TIERING: 2, GLACIER: 0 })).toEqual(['IT_DEEP_ARCHIVE_ACCESS']);
    expect(restoreFirstNeedsDays(downloadPlan({ archived: { objects: 1, bytes: 1, restoring: 0, byClass: { IT_ARCHIVE_ACCESS: 1 } } }))).toBe(false);
    expect(downloadButton(downloadPlan(), 'skip')).toBe('Download 9 files');
    expect(downloadButton(downloadPlan(), 'restore-first')).toBe('Download 9 now, 3 when restored');
    expect(downloadButton(downloadPlan({ files: 3 }), 'restore-first')).toBe('Restore and download 3 files');
  });

  it('checks user metadata names and values', () => {
    expect(checkMetadata([{ name: 'sample-count', value: '12000' }, { name: '', value: '' }])).toEqual({ problems: [null, null], metadata: { 'sample-count': '12000' } });
    const bad = checkMetadata([{ name: 'Sample_Count', value: '1' }, { name: 'a', value: '1' }, { name: 'a', value: '2' }, { name: '', value: 'x' }]);
    expect(bad.metadata).toBeNull();
    expect(bad.problems[0]).toMatch(/Lower-case/);
    expect(bad.problems[1]).toBeNull();
    expect(bad.problems[2]).toMatch(/twice/);
    expect(bad.problems[3]).toMatch(/name/);
  });
});

async function withDownload(plan = downloadPlan(), connections = [SANDBOX]) {
  const h = await storeWithFake({ connections });
  h.fake.answer('transfers.planDownload', () => ({ ok: true, data: plan }));
  h.fake.answer('transfers.startDownload', () => ({ ok: true, data: { jobId: 'J1' } }));
  const el = render(<DownloadDialog />, h.store);
  await act(() => h.store.getState().planDownload({ connectionId: 'sandbox', bucket: 'bucket', prefixes: ['data/'], keys: [], base: '' }));
  return { ...h, el };
}

describe('download dialog', () => {
  it('warns about archived objects and skips them by default', async () => {
    const { el, fake } = await withDownload(downloadPlan({ archived: { objects: 3, bytes: 3 * GiB, restoring: 1, byClass: { DEEP_ARCHIVE: 2, GLACIER: 1 } } }));
    const warning = el.querySelector('[data-testid="download-archived"]')!;
    expect(warning.getAttribute('role')).toBe('alert');
    expect(warning.textContent).toContain('3 archived objects (3.00 GB) are not readable now');
    expect(warning.textContent).toContain('2 in Deep Archive · 1 in Glacier FR · 1 being restored already');
    expect(warning.textContent).toMatch(/Skip them.*download the 9 readable files \(9\.00 GB\) now/);
    expect(el.querySelector('[data-testid="download-destination"]')?.textContent).toBe('/home/ops/Downloads');
    const start = el.querySelector<HTMLButtonElement>('[data-testid="download-start"]')!;
    expect(start.textContent).toBe('Download 9 files');
    click(start);
    await tick();
    expect(fake.calls.find((c) => c.path === 'transfers.startDownload')?.input).toEqual({ planId: 'd1', collision: 'skip', archived: 'skip' });
  });

  it('restores them first with a valid tier (no Expedited for Deep Archive) and days, and the chosen collision policy', async () => {
    const { el, fake } = await withDownload(downloadPlan({ existing: 4 }));
    const restoreFirst = [...el.querySelectorAll<HTMLInputElement>('input[name="archived"]')][1]!;
    click(restoreFirst);
    const tier = el.querySelector<HTMLSelectElement>('[data-testid="download-tier"]')!;
    expect([...tier.options].map((o) => o.value)).toEqual(['Standard', 'Bulk']);
    type(tier, 'Bulk');
    const days = el.querySelector<HTMLInputElement>('[data-testid="download-restore-options"] input[type="number"]')!;
    type(days, '0');
    expect(el.querySelector<HTMLButtonElement>('[data-testid="download-start"]')!.disabled).toBe(true);
    type(days, '4');
    expect(el.textContent).toContain('If a local file exists already (4 do)');
    click(el.querySelector('input[name="collision"][value="rename"]'));
    expect(el.textContent).toContain('The download is saved as “name (1).ext”');
    const start = el.querySelector<HTMLButtonElement>('[data-testid="download-start"]')!;
    expect(start.textContent).toBe('Download 9 now, 3 when restored');
    click(start);
    await tick();
    expect(fake.calls.find((c) => c.path === 'transfers.startDownload')?.input).toEqual({ planId: 'd1', collision: 'rename', archived: 'restore-first', tier: 'Bulk', days: 4 });
  });

  it('offers restore-first greyed out on a read-only connection, and names unsafe keys', async () => {
    const { el } = await withDownload(
      downloadPlan({ unsafe: { count: 7, examples: [{ key: '../etc/passwd', reason: 'climbs out of the folder' }, { key: 'CON', reason: 'a reserved name on Windows' }] } }),
      [{ ...SANDBOX, readOnly: true }],
    );
    expect([...el.querySelectorAll<HTMLInputElement>('input[name="archived"]')][1]!.disabled).toBe(true);
    expect(el.querySelector('[data-testid="download-archived"]')?.textContent).toMatch(/read-only/);
    const unsafe = el.querySelector('[data-testid="download-unsafe"]')!;
    expect(unsafe.textContent).toContain('7 keys have no safe local name and will be skipped');
    expect(unsafe.textContent).toContain('"../etc/passwd"');
    expect(unsafe.textContent).toContain('and 5 more');
  });

  it('has no archived warning when nothing is archived, and says so when nothing is readable', async () => {
    const plain = await withDownload(downloadPlan({ archived: { objects: 0, bytes: 0, restoring: 0, byClass: {} } }));
    expect(plain.el.querySelector('[data-testid="download-archived"]')).toBeNull();
    expect(plain.el.querySelector('[data-testid="download-start"]')?.textContent).toBe('Download 12 files');
    cleanup();
    const allArchived = await withDownload(downloadPlan({ files: 3 }));
    const start = allArchived.el.querySelector<HTMLButtonElement>('[data-testid="download-start"]')!;
    expect(start.disabled).toBe(true);
    expect(start.textContent).toBe('Nothing to download');
  });
});

describe('upload dialog', () => {
  it('sends the storage class and checked metadata; a bad name blocks the upload', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('transfers.planUpload', () => ({ ok: true, data: uploadPlan({ skipped: { count: 1, examples: [{ key: 'link.bin', reason: 'a symbolic link' }] } }) }));
    fake.answer('transfers.startUpload', () => ({ ok: true, data: { jobId: 'U1' } }));
    store.getState().navigate({ bucket: 'bucket', prefix: 'data/' });
    const el = render(<UploadDialog />, store);
    await act(() => store.getState().planUpload({ pick: 'folder' }));
    expect(el.querySelector('[data-testid="upload-destination"]')?.textContent).toBe('s3://bucket/data/');
    expect(el.querySelector('[data-testid="upload-skipped"]')?.textContent).toMatch(/1 entry is left out.*link\.bin.*symbolic link/);
    type(el.querySelector<HTMLSelectElement>('[data-testid="upload-class"]'), 'DEEP_ARCHIVE');
    expect(el.textContent).toContain('must be restored before anyone can read them');
    click(button(el, '+ Add metadata'));
    const [name, value] = [...el.querySelectorAll<HTMLInputElement>('.pairs-row input')];
    type(name!, 'Sample Count');
    type(value!, '12000');
    const start = el.querySelector<HTMLButtonElement>('[data-testid="upload-start"]')!;
    expect(start.disabled).toBe(true);
    expect(el.querySelector('.pairs-problem')?.textContent).toMatch(/Lower-case/);
    type(name!, 'sample-count');
    expect(start.disabled).toBe(false);
    expect(start.textContent).toBe('Upload 4 files');
    click(start);
    await tick();
    expect(fake.calls.find((c) => c.path === 'transfers.startUpload')?.input).toEqual({ planId: 'u1', storageClass: 'DEEP_ARCHIVE', metadata: { 'sample-count': '12000' }, collision: 'overwrite' });
  });
});

describe('upload link dialog', () => {
  it('asks for a name in a folder, creates the link and shows the command to use it', async () => {
    const { fake, store } = await storeWithFake();
    fake.answer('transfers.uploadLink', () => ({ ok: true, data: { url: "http://s/in/a.csv?X-Amz-Signature=abc'd", expiresAt: 1_800_000_000_000, headers: { 'content-type': 'text/csv' } } }));
    const el = render(<UploadLinkDialog />, store);
    act(() => store.getState().openUploadLink({ bucket: 'bucket', key: 'in/' }));
    const create = button(el, 'Create and copy link')!;
    expect(create.disabled).toBe(true);
    type(el.querySelector<HTMLInputElement>('#upload-link-key'), 'a.csv');
    type(el.querySelector<HTMLInputElement>('#upload-link-type'), 'text/csv');
    click(create);
    await tick();
    expect(fake.calls.find((c) => c.path === 'transfers.uploadLink')?.input).toEqual({ connectionId: 'sandbox', bucket: 'bucket', key: 'in/a.csv', expiresInSeconds: 3600, contentType: 'text/csv' });
    const result = el.querySelector('[data-testid="upload-link-result"]')!;
    expect(result.querySelector('pre')?.textContent).toBe(`curl -X PUT -H 'content-type: text/csv' -T FILE 'http://s/in/a.csv?X-Amz-Signature=abc'\\''d'`);
  });
});
