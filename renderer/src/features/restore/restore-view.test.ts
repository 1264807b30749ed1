import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../shared/ipc/settings';
import { restorePlan } from '../../testing/jobs-fixtures';
import {
  confirmAmount,
  expiryFor,
  extendableCount,
  formatUsd,
  initialTier,
  planNeedsDays,
  planRows,
  requestCount,
  scopeSentence,
  tableFor,
  tierOptions,
  typedConfirmation,
} from './restore-view';

const GiB = 2 ** 30;

describe('restore view', () => {
  it('lists work first, then what needs none, and counts the requests the start button sends', () => {
    const plan = restorePlan({
      toRestore: [
        { kind: 'GLACIER', objects: 10, bytes: 10 * GiB },
        { kind: 'IT_ARCHIVE_ACCESS', objects: 0, bytes: 0 },
      ],
      unchecked: [{ kind: 'IT_ARCHIVE_ACCESS', objects: 4, bytes: GiB }],
      restoring: [{ kind: 'DEEP_ARCHIVE', objects: 2, bytes: 2 }],
      restored: [
        { kind: 'GLACIER', objects: 3, bytes: 3 },
        { kind: 'IT_DEEP_ARCHIVE_ACCESS', objects: 1, bytes: 1 },
      ],
      skipped: [
        { reason: 'readable', storageClass: 'STANDARD', objects: 7, bytes: 7 },
        { reason: 'gone', objects: 1, bytes: 0 },
      ],
    });
    expect(planRows(plan).map((r) => [r.tone, r.label, r.objects])).toEqual([
      ['restore', 'To restore · Glacier Flexible Retrieval', 10],
      ['unchecked', 'Unchecked · Intelligent-Tiering, Archive Access', 4],
      ['restoring', 'Already restoring · Glacier Deep Archive', 2],
      ['restored', 'Restored copy · Glacier Flexible Retrieval', 3],
      ['restored', 'Restored copy · Intelligent-Tiering, Deep Archive Access', 1],
      ['skipped', 'Readable now · STANDARD', 7],
      ['skipped', 'Deleted since listed', 1],
    ]);
    expect(requestCount(plan)).toBe(14);
    // Only GLACIER / DEEP_ARCHIVE copies have an expiry a new request moves.
    expect(extendableCount(plan)).toBe(3);
  });

  it('asks for days only when some chosen kind takes them', () => {
    const itOnly = restorePlan({ toRestore: [{ kind: 'IT_ARCHIVE_ACCESS', objects: 2, bytes: 2 }], restored: [{ kind: 'GLACIER', objects: 1, bytes: 1 }] });
    expect(planNeedsDays(itOnly, false)).toBe(false);
    expect(planNeedsDays(itOnly, true)).toBe(true);
    expect(planNeedsDays(restorePlan(), false)).toBe(true);
  });

  it('prices every tier at once; an invalid tier carries its reason; days move the temporary copy only', () => {
    const plan = restorePlan({ toRestore: [{ kind: 'DEEP_ARCHIVE', objects: 1000, bytes: 1000 * GiB }], validTiers: ['Standard', 'Bulk'] });
    const table = tableFor(plan, defaultSettings());
    const week = tierOptions(plan, 7, false, table);
    expect(week.map((o) => o.tier)).toEqual(['Expedited', 'Standard', 'Bulk']);
    const [exp, std, bulk] = week.map((o) => o.estimate);
    expect(exp?.ok).toBe(false);
    expect(!exp?.ok && exp?.message).toMatch(/Expedited/);
    expect(std?.ok && bulk?.ok && std.total > bulk.total).toBe(true);
    const month = tierOptions(plan, 30, false, table);
    const copy = (o: (typeof week)[number] | undefined) => (o?.estimate.ok ? (o.estimate.lines.find((l) => l.key === 'temporaryCopy')?.usd ?? 0) : Number.NaN);
    expect(copy(month[1])).toBeGreaterThan(copy(week[1]));
    const retrieval = (o: (typeof week)[number] | undefined) => (o?.estimate.ok ? o.estimate.lines.filter((l) => l.key === 'retrieval' || l.key === 'requests').reduce((s, l) => s + l.usd, 0) : Number.NaN);
    expect(retrieval(month[1])).toBeCloseTo(retrieval(week[1]), 9);
  });

  it('uses negotiated prices from settings', () => {
    const plan = restorePlan({ toRestore: [{ kind: 'GLACIER', objects: 1, bytes: 100 * GiB }] });
    const list = tierOptions(plan, 1, false, tableFor(plan, defaultSettings()))[1]?.estimate;
    const base = tableFor(plan, defaultSettings());
    const overridden = tableFor(plan, { ...defaultSettings(), pricingOverrides: { restore: { GLACIER: { Standard: { perGB: 0 } } } } });
    expect(overridden).not.toEqual(base);
    const cheaper = tierOptions(plan, 1, false, overridden)[1]?.estimate;
    expect(list?.ok && cheaper?.ok && cheaper.total < list.total).toBe(true);
  });

  it('preselects the default tier when valid, else the cheapest valid one', () => {
    expect(initialTier(restorePlan(), 'Expedited')).toBe('Expedited');
    expect(initialTier(restorePlan({ validTiers: ['Standard', 'Bulk'] }), 'Expedited')).toBe('Bulk');
    expect(initialTier(restorePlan({ validTiers: ['Standard'] }), 'Bulk')).toBe('Standard');
  });

  it('formats money so a small restore never reads as free', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(1234.567)).toBe('$1,234.57');
    expect(formatUsd(0.0011)).toBe('$0.0011');
    expect(formatUsd(0.00036)).toBe('$0.00036');
    expect(formatUsd(0.009)).toBe('$0.0090');
    expect(formatUsd(1e-8)).toBe('< $0.000001');
  });

  it('confirms by typing the estimate rounded up to the cent, or more', () => {
    expect(confirmAmount(12.341)).toBe('12.35');
    expect(confirmAmount(12.34)).toBe('12.34');
    expect(confirmAmount(0.0001)).toBe('0.01');
    expect(typedConfirmation(10, 25, '')).toEqual({ needed: false });
    expect(typedConfirmation(25, 25, '')).toEqual({ needed: false });
    expect(typedConfirmation(30.001, 25, '')).toEqual({ needed: true, acknowledged: null });
    expect(typedConfirmation(30.001, 25, '30.00')).toEqual({ needed: true, acknowledged: null });
    expect(typedConfirmation(30.001, 25, '30.01')).toEqual({ needed: true, acknowledged: 30.01 });
    expect(typedConfirmation(30.001, 25, '$1,000')).toEqual({ needed: true, acknowledged: 1000 });
    expect(typedConfirmation(30.001, 25, '30.011')).toEqual({ needed: true, acknowledged: null });
    expect(typedConfirmation(0.0001, 0, '0.00')).toEqual({ needed: true, acknowledged: null });
    expect(typedConfirmation(0.0001, 0, 'abc')).toEqual({ needed: true, acknowledged: null });
  });

  it('puts the expiry on the next 00:00 UTC after the days, and says what the selection was', () => {
    const now = Date.UTC(2026, 11, 4, 15, 30);
    expect(new Date(expiryFor(now, 1)).toISOString()).toBe('2026-12-06T00:00:00.000Z');
    expect(new Date(expiryFor(Date.UTC(2026, 11, 4), 1)).toISOString()).toBe('2026-12-05T00:00:00.000Z');
    expect(scopeSentence({ bucket: 'b', prefixes: ['data/'], keyCount: 0 })).toBe('s3://b/data/');
    expect(scopeSentence({ bucket: 'b', prefixes: ['a/', 'c/'], keyCount: 1 })).toBe('2 folders and 1 object in s3://b/');
    expect(scopeSentence({ bucket: 'b', prefixes: [], keyCount: 1200 })).toBe('1,200 objects in s3://b/');
  });
});

describe('restore entry points', () => {
  it('offer restore for folders and archive-capable classes, greyed out on read-only connections', async () => {
    const { mayNeedRestore } = await import('./restore-actions');
    const { actionsFor, disabledReason } = await import('../browse/row-actions');
    const { storageClassIndex } = await import('../../../../shared/ipc/listing');
    expect(mayNeedRestore({ folder: true, storageClass: 0 })).toBe(true);
    for (const c of ['GLACIER', 'DEEP_ARCHIVE', 'INTELLIGENT_TIERING']) expect(mayNeedRestore({ folder: false, storageClass: storageClassIndex(c) })).toBe(true);
    for (const c of ['STANDARD', 'GLACIER_IR', 'STANDARD_IA']) expect(mayNeedRestore({ folder: false, storageClass: storageClassIndex(c) })).toBe(false);
    const item = (storageClass: string) => ({ key: 'k', name: 'k', folder: false, size: 1, storageClass: storageClassIndex(storageClass), restore: 0 });
    const ctx = (items: ReturnType<typeof item>[], readOnly: boolean) =>
      ({ bucket: 'b', prefix: '', items, state: { connections: [{ id: 'c', readOnly }], activeConnectionId: 'c' } }) as unknown as Parameters<typeof actionsFor>[0];
    const restore = (c: Parameters<typeof actionsFor>[0]) => actionsFor(c).find((a) => a.id === 'restore');
    expect(restore(ctx([item('STANDARD')], false))).toBeUndefined();
    const action = restore(ctx([item('STANDARD'), item('DEEP_ARCHIVE')], false));
    expect(disabledReason(action!, ctx([item('DEEP_ARCHIVE')], false))).toBeNull();
    expect(disabledReason(action!, ctx([item('DEEP_ARCHIVE')], true))).toMatch(/read-only/);
  });
});
