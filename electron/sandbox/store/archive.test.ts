import { describe, expect, it } from 'vitest';
import { S3Error, type ObjectRecord, type SandboxStore, type StorageClass } from '../store-types';
import { archiveView, DAY_MS, httpDate, isArchived, restoreExpiry, restoreTiming, requestRestore } from './archive';
import { createManualClock, createStore, type ManualClock } from './index';

const T0 = Date.parse('2026-11-01T10:00:00Z');
const SEC = 1000;

async function setup(start = T0): Promise<{ store: SandboxStore; clock: ManualClock }> {
  const clock = createManualClock(start);
  const store = await createStore({ clock, restoreDelaysMs: { Expedited: 2 * SEC, Standard: 8 * SEC, Bulk: 20 * SEC }, deepArchiveFactor: 2.5 });
  store.createBucket('arch', 'us-east-1');
  return { store, clock };
}

async function putClass(store: SandboxStore, key: string, storageClass: StorageClass, accessTier?: 'ARCHIVE_ACCESS' | 'DEEP_ARCHIVE_ACCESS') {
  return store.put('arch', key, { body: Buffer.from(`body of ${key}`), metadata: {}, storageClass, accessTier });
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof S3Error) return `${e.status} ${e.code}`;
    throw e;
  }
  return 'no error';
}

const view = (store: SandboxStore, key: string) => store.archiveView(store.head('arch', key));

describe('expiry arithmetic', () => {
  it('rounds completion + Days up to the next 00:00 GMT (reference 1.6 examples)', () => {
    expect(new Date(restoreExpiry(Date.parse('2012-10-15T10:30:00Z'), 3)).toISOString()).toBe('2012-10-19T00:00:00.000Z');
    expect(new Date(restoreExpiry(Date.parse('2012-10-16T11:00:00Z'), 1)).toISOString()).toBe('2012-10-18T00:00:00.000Z');
  });

  it('treats a base of exactly midnight like LocalStack and MinIO (one extra day)', () => {
    expect(new Date(restoreExpiry(Date.parse('2026-11-02T00:00:00Z'), 1)).toISOString()).toBe('2026-11-04T00:00:00.000Z');
  });

  it('caps absurd Days at the last representable HTTP date', () => {
    expect(httpDate(restoreExpiry(T0, 2_147_483_647))).toBe('Fri, 31 Dec 9999 00:00:00 GMT');
  });

  it('formats IMF-fixdate', () => {
    expect(httpDate(Date.parse('2012-12-21T00:00:00Z'))).toBe('Fri, 21 Dec 2012 00:00:00 GMT');
  });
});

describe('storage classes', () => {
  it('archives GLACIER, DEEP_ARCHIVE and IT archive tiers only', async () => {
    const { store } = await setup();
    const classes: Array<[StorageClass, boolean]> = [
      ['STANDARD', false],
      ['STANDARD_IA', false],
      ['ONEZONE_IA', false],
      ['REDUCED_REDUNDANCY', false],
      ['GLACIER_IR', false],
      ['INTELLIGENT_TIERING', false],
      ['GLACIER', true],
      ['DEEP_ARCHIVE', true],
    ];
    for (const [cls, archived] of classes) {
      const rec = await putClass(store, cls, cls);
      expect(isArchived(rec), cls).toBe(archived);
      expect(view(store, cls), cls).toEqual({ readable: !archived });
    }
    await putClass(store, 'it-aa', 'INTELLIGENT_TIERING', 'ARCHIVE_ACCESS');
    expect(view(store, 'it-aa')).toEqual({ readable: false, archiveStatus: 'ARCHIVE_ACCESS' });
    await expect(putClass(store, 'x', 'GLACIER', 'ARCHIVE_ACCESS')).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  it('refuses RestoreObject on readable classes, GLACIER_IR included', async () => {
    const { store } = await setup();
    for (const cls of ['STANDARD', 'STANDARD_IA', 'ONEZONE_IA', 'GLACIER_IR'] as const) {
      await putClass(store, cls, cls);
      expect(codeOf(() => store.restore('arch', cls, { days: 1 })), cls).toBe('403 InvalidObjectState');
    }
    await putClass(store, 'it', 'INTELLIGENT_TIERING');
    expect(codeOf(() => store.restore('arch', 'it', {}))).toBe('403 ObjectAlreadyInActiveTierError');
    expect(codeOf(() => store.restore('arch', 'missing', { days: 1 }))).toBe('404 NoSuchKey');
  });
});

describe('GLACIER / DEEP_ARCHIVE restore', () => {
  it('goes none → 202 in progress → 409 → restored → 200 extended → expired → 202 again', async () => {
    const { store, clock } = await setup();
    await putClass(store, 'g', 'GLACIER');
    expect(store.restore('arch', 'g', { days: 3, tier: 'Standard' })).toBe(202);
    expect(view(store, 'g')).toEqual({ readable: false, restoreHeader: 'ongoing-request="true"', listRestoreStatus: { isRestoreInProgress: true } });
    expect(codeOf(() => store.restore('arch', 'g', { days: 3, tier: 'Standard' }))).toBe('409 RestoreAlreadyInProgress');
    expect(codeOf(() => store.restore('arch', 'g', { days: 3, tier: 'Bulk' }))).toBe('409 RestoreAlreadyInProgress');

    clock.advance(8 * SEC - 1);
    expect(view(store, 'g').readable).toBe(false);
    clock.advance(1);
    // Completed 2026-11-01T10:00:08Z + 3 days → rounded up to Thu 5 Nov 00:00 GMT.
    const expiry = Date.parse('2026-11-05T00:00:00Z');
    expect(view(store, 'g')).toEqual({
      readable: true,
      restoreHeader: 'ongoing-request="false", expiry-date="Thu, 05 Nov 2026 00:00:00 GMT"',
      listRestoreStatus: { isRestoreInProgress: false, restoreExpiryDate: expiry },
    });
    expect(store.head('arch', 'g')).toMatchObject({ storageClass: 'GLACIER', restore: { expiresAt: expiry } });

    // Re-request a day later: 200, expiry moves to request time + Days, rounded up.
    clock.set(Date.parse('2026-11-02T11:00:00Z'));
    expect(store.restore('arch', 'g', { days: 1 })).toBe(200);
    expect(view(store, 'g').restoreHeader).toBe('ongoing-request="false", expiry-date="Wed, 04 Nov 2026 00:00:00 GMT"');

    clock.set(Date.parse('2026-11-04T00:00:00Z') - 1);
    expect(view(store, 'g').readable).toBe(true);
    clock.advance(1);
    expect(view(store, 'g')).toEqual({ readable: false });
    expect(store.head('arch', 'g').restore).toBeUndefined();
    expect(store.restore('arch', 'g', { days: 1, tier: 'Bulk' })).toBe(202);
  });

  it('bases the first expiry on completion, across midnight', async () => {
    const { store, clock } = await setup(Date.parse('2026-11-01T23:59:55Z'));
    await putClass(store, 'g', 'GLACIER');
    store.restore('arch', 'g', { days: 1 });
    clock.advance(8 * SEC); // completes 2026-11-02T00:00:03Z
    expect(view(store, 'g').restoreHeader).toBe('ongoing-request="false", expiry-date="Wed, 04 Nov 2026 00:00:00 GMT"');
  });

  it('accepts a faster tier with the same Days as a speed upgrade, nothing else', async () => {
    const { store, clock } = await setup();
    await putClass(store, 'g', 'GLACIER');
    expect(store.restore('arch', 'g', { days: 2, tier: 'Bulk' })).toBe(202);
    clock.advance(SEC);
    expect(codeOf(() => store.restore('arch', 'g', { days: 5, tier: 'Expedited' }))).toBe('409 RestoreAlreadyInProgress');
    expect(store.restore('arch', 'g', { days: 2, tier: 'Expedited' })).toBe(202);
    expect(store.head('arch', 'g').restore).toMatchObject({ tier: 'Expedited', completesAt: T0 + 3 * SEC });
    clock.advance(2 * SEC);
    expect(view(store, 'g').readable).toBe(true);
  });

  it('validates Days and Tier per class', async () => {
    const { store } = await setup();
    await putClass(store, 'g', 'GLACIER');
    await putClass(store, 'd', 'DEEP_ARCHIVE');
    expect(codeOf(() => store.restore('arch', 'g', {}))).toBe('400 MalformedXML');
    expect(codeOf(() => store.restore('arch', 'g', { days: 0 }))).toBe('400 InvalidArgument');
    expect(codeOf(() => store.restore('arch', 'g', { days: -3 }))).toBe('400 InvalidArgument');
    expect(codeOf(() => store.restore('arch', 'g', { days: 1.5 }))).toBe('400 MalformedXML');
    expect(codeOf(() => store.restore('arch', 'g', { days: 2_147_483_648 }))).toBe('400 MalformedXML');
    expect(codeOf(() => store.restore('arch', 'd', { days: 1, tier: 'Expedited' }))).toBe('400 InvalidArgument');
    // None of the refused requests started anything.
    expect(store.head('arch', 'g').restore).toBeUndefined();
    expect(store.restore('arch', 'g', { days: 1, tier: 'Expedited' })).toBe(202);
  });

  it('takes longer for DEEP_ARCHIVE Standard and Bulk', async () => {
    const { store, clock } = await setup();
    await putClass(store, 'd', 'DEEP_ARCHIVE');
    store.restore('arch', 'd', { days: 1, tier: 'Standard' });
    expect(store.head('arch', 'd').restore?.completesAt).toBe(T0 + 20 * SEC);
    clock.advance(8 * SEC);
    expect(view(store, 'd').readable).toBe(false);
  });
});

describe('Intelligent-Tiering archive tiers', () => {
  it('restores without Days back to Frequent Access, with no expiry', async () => {
    const { store, clock } = await setup();
    await putClass(store, 'it', 'INTELLIGENT_TIERING', 'ARCHIVE_ACCESS');
    expect(codeOf(() => store.restore('arch', 'it', { days: 1 }))).toBe('400 InvalidArgument');
    expect(store.restore('arch', 'it', { tier: 'Expedited' })).toBe(202);
    expect(view(store, 'it')).toEqual({
      readable: false,
      archiveStatus: 'ARCHIVE_ACCESS',
      restoreHeader: 'ongoing-request="true"',
      listRestoreStatus: { isRestoreInProgress: true },
    });
    expect(codeOf(() => store.restore('arch', 'it', {}))).toBe('409 RestoreAlreadyInProgress');
    clock.advance(2 * SEC);
    expect(view(store, 'it')).toEqual({ readable: true });
    const rec = store.head('arch', 'it');
    expect(rec.storageClass).toBe('INTELLIGENT_TIERING');
    expect(rec.accessTier).toBeUndefined();
    clock.advance(365 * DAY_MS);
    expect(view(store, 'it').readable).toBe(true);
    expect(codeOf(() => store.restore('arch', 'it', {}))).toBe('403 ObjectAlreadyInActiveTierError');
  });

  it('refuses Expedited from Deep Archive Access and scales its delay', async () => {
    const { store } = await setup();
    await putClass(store, 'itd', 'INTELLIGENT_TIERING', 'DEEP_ARCHIVE_ACCESS');
    expect(codeOf(() => store.restore('arch', 'itd', { tier: 'Expedited' }))).toBe('400 InvalidArgument');
    expect(store.restore('arch', 'itd', { tier: 'Bulk' })).toBe(202);
    expect(store.head('arch', 'itd').restore?.completesAt).toBe(T0 + 50 * SEC);
    expect(view(store, 'itd').archiveStatus).toBe('DEEP_ARCHIVE_ACCESS');
  });
});

describe('readability through the store', () => {
  it('lists RestoreStatus only for restoring and restored objects', async () => {
    const { store, clock } = await setup();
    await putClass(store, 'a-never', 'GLACIER');
    await putClass(store, 'b-restoring', 'GLACIER');
    await putClass(store, 'c-restored', 'DEEP_ARCHIVE');
    await putClass(store, 'd-standard', 'STANDARD');
    store.restore('arch', 'c-restored', { days: 1, tier: 'Standard' });
    clock.advance(20 * SEC);
    store.restore('arch', 'b-restoring', { days: 1, tier: 'Bulk' });
    const page = store.list('arch', { maxKeys: 1000 });
    const statuses = page.entries.map((e) => (e.kind === 'object' ? [e.object.key, store.archiveView(e.object).listRestoreStatus] : []));
    expect(statuses).toEqual([
      ['a-never', undefined],
      ['b-restoring', { isRestoreInProgress: true }],
      ['c-restored', { isRestoreInProgress: false, restoreExpiryDate: Date.parse('2026-11-03T00:00:00Z') }],
      ['d-standard', undefined],
    ]);
  });

  it('copies a restored archive (to a new class, without the restore) but not a restoring one', async () => {
    const { store, clock } = await setup();
    await putClass(store, 'g', 'GLACIER');
    store.restore('arch', 'g', { days: 1, tier: 'Expedited' });
    await expect(store.copy('arch', 'g', 'arch', 'g2', { metadataDirective: 'COPY' })).rejects.toMatchObject({ status: 403, code: 'InvalidObjectState', extra: { StorageClass: 'GLACIER' } });
    clock.advance(2 * SEC);
    const copy = await store.copy('arch', 'g', 'arch', 'g', { metadataDirective: 'COPY', storageClass: 'STANDARD' });
    expect(copy.storageClass).toBe('STANDARD');
    expect(copy.restore).toBeUndefined();
    expect(view(store, 'g')).toEqual({ readable: true });
    expect((await store.read('arch', 'g')).toString()).toBe('body of g');
  });
});

describe('requestRestore is pure', () => {
  it('does not modify the record it is given', () => {
    const rec: ObjectRecord = { key: 'k', size: 1, etag: '""', lastModified: 0, storageClass: 'GLACIER', contentType: 'x', metadata: {}, tags: {}, checksums: {} };
    const frozen = structuredClone(rec);
    const out = requestRestore(rec, { days: 1 }, T0, restoreTiming());
    expect(rec).toEqual(frozen);
    expect(out.status).toBe(202);
    expect(archiveView(out.record, T0).restoreHeader).toBe('ongoing-request="true"');
    expect(archiveView(out.record, T0 + 8 * SEC).readable).toBe(true);
  });
});
