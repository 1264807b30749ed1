import { describe, expect, it } from 'vitest';
import { priceTable } from './pricing';
import {
  MAX_RESTORE_DAYS,
  estimateRestore,
  mixRestoreTime,
  needsDays,
  typicalRestoreTime,
  validTiers,
  type ArchiveKind,
  type RestoreEstimate,
  type RestoreEstimateOk,
  type RestoreTier,
} from './restore-rules';

const GiB = 2 ** 30;
const table = priceTable('us-east-1');
/** 1,000 objects of 1 GiB each. */
const thousandGiB = (kind: ArchiveKind) => [{ kind, objects: 1000, bytes: 1000 * GiB }];
// Temporary copy of 1,000 GB for 7 days: 1000 × $0.023 × (7 × 24 h) / 730 h = 23 × 168/730 = 5.2931506849…
const COPY_7_DAYS = (1000 * 0.023 * 168) / 730;

function ok(estimate: RestoreEstimate): RestoreEstimateOk {
  if (!estimate.ok) throw new Error(`unexpected invalid estimate: ${estimate.message}`);
  return estimate;
}

function expectCosts(estimate: RestoreEstimate, costs: { retrieval: number; requests: number; temporaryCopy: number; frequentAccess?: number; total: number }) {
  const e = ok(estimate);
  expect(e.retrieval).toBeCloseTo(costs.retrieval, 10);
  expect(e.requests).toBeCloseTo(costs.requests, 10);
  expect(e.temporaryCopy).toBeCloseTo(costs.temporaryCopy, 10);
  expect(e.frequentAccess).toBeCloseTo(costs.frequentAccess ?? 0, 10);
  expect(e.total).toBeCloseTo(costs.total, 10);
  const inTotal = e.lines.filter((line) => line.inTotal).reduce((sum, line) => sum + line.usd, 0);
  expect(inTotal).toBeCloseTo(e.total, 10);
}

describe('tiers and Days', () => {
  it('drops Expedited as soon as a Deep Archive kind is in the mix', () => {
    expect(validTiers(['GLACIER'])).toEqual(['Expedited', 'Standard', 'Bulk']);
    expect(validTiers(['IT_ARCHIVE_ACCESS', 'GLACIER'])).toEqual(['Expedited', 'Standard', 'Bulk']);
    expect(validTiers(['GLACIER', 'DEEP_ARCHIVE'])).toEqual(['Standard', 'Bulk']);
    expect(validTiers(new Set<ArchiveKind>(['IT_DEEP_ARCHIVE_ACCESS']))).toEqual(['Standard', 'Bulk']);
  });

  it('sends Days only for GLACIER and DEEP_ARCHIVE', () => {
    expect(needsDays('GLACIER')).toBe(true);
    expect(needsDays('DEEP_ARCHIVE')).toBe(true);
    expect(needsDays('IT_ARCHIVE_ACCESS')).toBe(false);
    expect(needsDays('IT_DEEP_ARCHIVE_ACCESS')).toBe(false);
    expect(MAX_RESTORE_DAYS).toBe(365);
  });
});

describe('restore times (§4.1)', () => {
  it('gives the documented range per kind and tier', () => {
    expect(typicalRestoreTime('GLACIER', 'Expedited')).toEqual({ minHours: 1 / 60, maxHours: 5 / 60, label: '1–5 minutes' });
    expect(typicalRestoreTime('GLACIER', 'Standard')).toEqual({ minHours: 3, maxHours: 5, label: '3–5 hours' });
    expect(typicalRestoreTime('GLACIER', 'Bulk')).toEqual({ minHours: 5, maxHours: 12, label: '5–12 hours' });
    expect(typicalRestoreTime('DEEP_ARCHIVE', 'Standard')).toEqual({ minHours: 0, maxHours: 12, label: 'within 12 hours' });
    expect(typicalRestoreTime('DEEP_ARCHIVE', 'Bulk')).toEqual({ minHours: 0, maxHours: 48, label: 'within 48 hours' });
    expect(typicalRestoreTime('DEEP_ARCHIVE', 'Expedited')).toBeUndefined();
    expect(typicalRestoreTime('IT_ARCHIVE_ACCESS', 'Expedited')).toEqual(typicalRestoreTime('GLACIER', 'Expedited'));
    expect(typicalRestoreTime('IT_DEEP_ARCHIVE_ACCESS', 'Bulk')).toEqual(typicalRestoreTime('DEEP_ARCHIVE', 'Bulk'));
    expect(typicalRestoreTime('IT_DEEP_ARCHIVE_ACCESS', 'Expedited')).toBeUndefined();
  });

  it('takes the slowest range of a mix', () => {
    expect(mixRestoreTime(['GLACIER', 'DEEP_ARCHIVE'], 'Standard')?.label).toBe('within 12 hours');
    expect(mixRestoreTime(['DEEP_ARCHIVE', 'GLACIER'], 'Bulk')?.label).toBe('within 48 hours');
    expect(mixRestoreTime(['IT_ARCHIVE_ACCESS', 'GLACIER'], 'Expedited')?.label).toBe('1–5 minutes');
    expect(mixRestoreTime(['GLACIER', 'IT_DEEP_ARCHIVE_ACCESS'], 'Expedited')).toBeUndefined();
    expect(mixRestoreTime([], 'Standard')).toBeUndefined();
  });
});

describe('estimateRestore: GLACIER, 1,000 × 1 GiB, 7 days', () => {
  it('Standard', () => {
    // retrieval 1000 GB × $0.01 = 10; requests 1000/1000 × $0.05 = 0.05; copy 5.29315…
    expectCosts(estimateRestore(thousandGiB('GLACIER'), 'Standard', 7, table), {
      retrieval: 10,
      requests: 0.05,
      temporaryCopy: COPY_7_DAYS,
      total: 10 + 0.05 + COPY_7_DAYS, // 15.3431506849…
    });
  });

  it('Expedited', () => {
    // retrieval 1000 × $0.03 = 30; requests 1 × $10 = 10; copy 5.29315…
    expectCosts(estimateRestore(thousandGiB('GLACIER'), 'Expedited', 7, table), {
      retrieval: 30,
      requests: 10,
      temporaryCopy: COPY_7_DAYS,
      total: 40 + COPY_7_DAYS,
    });
  });

  it('Bulk is free; only the temporary copy costs', () => {
    expectCosts(estimateRestore(thousandGiB('GLACIER'), 'Bulk', 7, table), { retrieval: 0, requests: 0, temporaryCopy: COPY_7_DAYS, total: COPY_7_DAYS });
  });

  it('shows the ongoing archive storage as context, outside the total', () => {
    const e = ok(estimateRestore(thousandGiB('GLACIER'), 'Standard', 7, table));
    // data 1000 × $0.0036 = 3.6; overhead 1000 × (32,768 B × $0.0036 + 8,192 B × $0.023) / 2^30 = 0.000285339…
    const overhead = (1000 * (32_768 * 0.0036 + 8_192 * 0.023)) / GiB;
    expect(e.archiveOverheadMonthly).toBeCloseTo(overhead, 12);
    expect(e.archiveStorageMonthly).toBeCloseTo(3.6 + overhead, 12);
    expect(e.lines.find((line) => line.key === 'archiveStorage')).toMatchObject({ inTotal: false });
    expect(e.lines.map((line) => line.key)).toEqual(['retrieval', 'requests', 'temporaryCopy', 'archiveStorage', 'archiveOverhead']);
    expect(e).toMatchObject({ days: 7, objects: 1000, bytes: 1000 * GiB, tier: 'Standard', time: { label: '3–5 hours' } });
  });
});

describe('estimateRestore: DEEP_ARCHIVE, 1,000 × 1 GiB, 7 days', () => {
  it('Standard', () => {
    // retrieval 1000 × $0.02 = 20; requests 1 × $0.10 = 0.10; copy 5.29315…
    expectCosts(estimateRestore(thousandGiB('DEEP_ARCHIVE'), 'Standard', 7, table), {
      retrieval: 20,
      requests: 0.1,
      temporaryCopy: COPY_7_DAYS,
      total: 20.1 + COPY_7_DAYS,
    });
  });

  it('Bulk', () => {
    // retrieval 1000 × $0.0025 = 2.50; requests 1 × $0.025 = 0.025; copy 5.29315…
    expectCosts(estimateRestore(thousandGiB('DEEP_ARCHIVE'), 'Bulk', 7, table), {
      retrieval: 2.5,
      requests: 0.025,
      temporaryCopy: COPY_7_DAYS,
      total: 2.525 + COPY_7_DAYS,
    });
  });

  it('refuses Expedited, alone or in a mix', () => {
    const alone = estimateRestore(thousandGiB('DEEP_ARCHIVE'), 'Expedited', 7, table);
    expect(alone).toMatchObject({ ok: false, invalid: 'tier', sourceDate: '2026-09-29' });
    const mixed = [...thousandGiB('GLACIER'), { kind: 'IT_DEEP_ARCHIVE_ACCESS' as const, objects: 1, bytes: GiB }];
    expect(estimateRestore(mixed, 'Expedited', 7, table)).toMatchObject({ ok: false, invalid: 'tier' });
    expect(estimateRestore([{ kind: 'DEEP_ARCHIVE', objects: 0, bytes: 0 }], 'Expedited', 7, table).ok).toBe(true);
  });

  it('prices archive storage at the Deep Archive rate plus the 40 KB overhead', () => {
    const e = ok(estimateRestore(thousandGiB('DEEP_ARCHIVE'), 'Bulk', 7, table));
    // 1000 × $0.00099 = 0.99; overhead 1000 × (32,768 × $0.00099 + 8,192 × $0.023) / 2^30
    const overhead = (1000 * (32_768 * 0.00099 + 8_192 * 0.023)) / GiB;
    expect(e.archiveStorageMonthly).toBeCloseTo(0.99 + overhead, 12);
    expect(e.time?.label).toBe('within 48 hours');
  });
});

describe('estimateRestore: Intelligent-Tiering', () => {
  it('needs no Days and charges no retrieval for Standard and Bulk', () => {
    for (const tier of ['Standard', 'Bulk'] as RestoreTier[]) {
      // No copy: the objects move to Frequent Access; one month of 1000 GB × ($0.023 − $0.0036) = 19.40
      const e = ok(estimateRestore(thousandGiB('IT_ARCHIVE_ACCESS'), tier, 0, table));
      expectCosts(e, { retrieval: 0, requests: 0, temporaryCopy: 0, frequentAccess: 19.4, total: 19.4 });
      expect(e.days).toBeUndefined();
      expect(e.lines.map((line) => line.key)).toEqual(['retrieval', 'requests', 'frequentAccess', 'archiveStorage']);
    }
    // Deep Archive Access: 1000 × ($0.023 − $0.00099) = 22.01
    expectCosts(estimateRestore(thousandGiB('IT_DEEP_ARCHIVE_ACCESS'), 'Bulk', 9999, table), {
      retrieval: 0,
      requests: 0,
      temporaryCopy: 0,
      frequentAccess: 22.01,
      total: 22.01,
    });
  });

  it('charges Expedited from Archive Access at the Expedited rates', () => {
    // retrieval 1000 × $0.03 = 30; requests 1 × $10 = 10; Frequent Access 19.40
    expectCosts(estimateRestore(thousandGiB('IT_ARCHIVE_ACCESS'), 'Expedited', 0, table), {
      retrieval: 30,
      requests: 10,
      temporaryCopy: 0,
      frequentAccess: 19.4,
      total: 59.4,
    });
    expect(estimateRestore(thousandGiB('IT_DEEP_ARCHIVE_ACCESS'), 'Expedited', 0, table)).toMatchObject({ ok: false, invalid: 'tier' });
  });

  it('counts monitoring, not a 40 KB overhead, in the ongoing storage', () => {
    const e = ok(estimateRestore(thousandGiB('IT_ARCHIVE_ACCESS'), 'Bulk', 0, table));
    // 1000 × $0.0036 + 1000/1000 × $0.0025 monitoring = 3.6025
    expect(e.archiveStorageMonthly).toBeCloseTo(3.6025, 12);
    expect(e.archiveOverheadMonthly).toBe(0);
  });
});

describe('estimateRestore: tiny objects', () => {
  it('shows the 40 KB per-object overhead dwarfing the data', () => {
    // 1,000,000 objects of 1 KB in GLACIER, Bulk, 1 day.
    const bytes = 1_000_000 * 1024; // 0.95367431640625 GB
    const e = ok(estimateRestore([{ kind: 'GLACIER', objects: 1_000_000, bytes }], 'Bulk', 1, table));
    // data 0.95367… GB × $0.0036 = 0.003433227…
    // overhead 1e6 × (32,768 B × $0.0036 + 8,192 B × $0.023) / 2^30 = 306,380,800 / 1,073,741,824 = 0.285339…
    expect(e.archiveOverheadMonthly).toBeCloseTo(0.2853393554, 9);
    expect(e.archiveStorageMonthly).toBeCloseTo(0.2853393554 + 0.0034332275, 9);
    expect(e.lines.find((line) => line.key === 'archiveOverhead')).toMatchObject({ usd: e.archiveOverheadMonthly, inTotal: false });
    // copy 0.95367… × $0.023 × 24/730 = 0.000721…; Bulk retrieval and requests are free
    expectCosts(e, { retrieval: 0, requests: 0, temporaryCopy: (bytes / GiB) * 0.023 * (24 / 730), total: (bytes / GiB) * 0.023 * (24 / 730) });
  });
});

describe('estimateRestore: validation and pricing context', () => {
  it('checks Days only when some kind needs them', () => {
    for (const days of [0, -1, 1.5, Number.NaN, MAX_RESTORE_DAYS + 1]) {
      expect(estimateRestore(thousandGiB('GLACIER'), 'Standard', days, table)).toMatchObject({ ok: false, invalid: 'days' });
    }
    expect(estimateRestore(thousandGiB('GLACIER'), 'Standard', 1, table).ok).toBe(true);
    expect(estimateRestore(thousandGiB('GLACIER'), 'Standard', MAX_RESTORE_DAYS, table).ok).toBe(true);
    const mixed = [...thousandGiB('IT_ARCHIVE_ACCESS'), { kind: 'DEEP_ARCHIVE' as const, objects: 1, bytes: 1 }];
    expect(estimateRestore(mixed, 'Bulk', 0, table)).toMatchObject({ ok: false, invalid: 'days' });
  });

  it('adds up a mix by kind', () => {
    const mix = [...thousandGiB('GLACIER'), ...thousandGiB('DEEP_ARCHIVE'), ...thousandGiB('IT_ARCHIVE_ACCESS'), ...thousandGiB('GLACIER')];
    const e = ok(estimateRestore(mix, 'Standard', 7, table));
    expect(e.byKind.map((k) => [k.kind, k.objects])).toEqual([['GLACIER', 2000], ['DEEP_ARCHIVE', 1000], ['IT_ARCHIVE_ACCESS', 1000]]);
    // retrieval 2000 × 0.01 + 1000 × 0.02 + 0 = 40; requests 2 × 0.05 + 1 × 0.10 = 0.2; copy 3 × 5.29315…; IT 19.40
    expectCosts(e, { retrieval: 40, requests: 0.2, temporaryCopy: 3 * COPY_7_DAYS, frequentAccess: 19.4, total: 40 + 0.2 + 3 * COPY_7_DAYS + 19.4 });
    expect(e.time?.label).toBe('within 12 hours');
  });

  it('throws for counts no caller should pass', () => {
    expect(() => estimateRestore([{ kind: 'GLACIER', objects: -1, bytes: 0 }], 'Bulk', 1, table)).toThrow(RangeError);
    expect(() => estimateRestore([{ kind: 'GLACIER', objects: 1, bytes: Number.NaN }], 'Bulk', 1, table)).toThrow(RangeError);
    expect(() => estimateRestore([{ kind: 'GLACIER', objects: 0, bytes: 5 }], 'Bulk', 1, table)).toThrow(RangeError);
  });

  it('carries the pricing date, region and fallback', () => {
    expect(estimateRestore(thousandGiB('GLACIER'), 'Bulk', 1, table)).toMatchObject({ sourceDate: '2026-09-29', region: 'us-east-1', pricesOverridden: false });
    const eu = estimateRestore(thousandGiB('GLACIER'), 'Bulk', 1, priceTable('eu-west-1'));
    expect(eu).toMatchObject({ region: 'eu-west-1', estimatedFrom: 'us-east-1' });
    expect('estimatedFrom' in estimateRestore(thousandGiB('GLACIER'), 'Bulk', 1, table)).toBe(false);
  });

  it('uses negotiated prices', () => {
    const negotiated = priceTable('us-east-1', { restore: { GLACIER: { Standard: { perGB: 0.005 } } }, storage: { STANDARD: [{ fromGB: 0, perGB: 0.02 }] } });
    // retrieval 1000 × $0.005 = 5; requests 0.05; copy 1000 × $0.02 × 168/730
    expectCosts(estimateRestore(thousandGiB('GLACIER'), 'Standard', 7, negotiated), {
      retrieval: 5,
      requests: 0.05,
      temporaryCopy: (1000 * 0.02 * 168) / 730,
      total: 5.05 + (1000 * 0.02 * 168) / 730,
    });
    expect(estimateRestore(thousandGiB('GLACIER'), 'Standard', 7, negotiated)).toMatchObject({ pricesOverridden: true });
  });
});
