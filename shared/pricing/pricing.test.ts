import { describe, expect, it } from 'vitest';
import { BYTES_PER_GB, HOURS_PER_MONTH, priceOverridesSchema, priceTable, tieredCost } from './index';

describe('priceTable', () => {
  it('carries the us-east-1 figures of reference §5, dated and sourced', () => {
    const t = priceTable('us-east-1');
    expect(t).toMatchObject({ region: 'us-east-1', currency: 'USD', sourceDate: '2026-09-29', overridden: [] });
    expect('estimatedFrom' in t).toBe(false);
    expect(t.sourceUrl).toContain('https://aws.amazon.com/s3/pricing/');
    expect(t.sourceUrl).toContain('s3-archive-semantics.md');
    expect(t.version).toMatch(/\S/);
    // §5.1
    expect(t.storage.STANDARD).toEqual([
      { fromGB: 0, perGB: 0.023 },
      { fromGB: 51_200, perGB: 0.022 },
      { fromGB: 512_000, perGB: 0.021 },
    ]);
    expect(t.storage.INTELLIGENT_TIERING).toEqual({ FA: 0.023, IA: 0.0125, AIA: 0.004, AA: 0.0036, DAA: 0.00099, monitoringPer1000Objects: 0.0025 });
    expect([t.storage.STANDARD_IA, t.storage.ONEZONE_IA, t.storage.GLACIER_IR, t.storage.GLACIER, t.storage.DEEP_ARCHIVE]).toEqual([0.0125, 0.01, 0.004, 0.0036, 0.00099]);
    // §5.2
    expect(t.requests.STANDARD).toEqual({ put: 0.005, get: 0.0004 });
    expect(t.requests.GLACIER).toEqual({ put: 0.03, get: 0.0004, transitionIn: 0.03 });
    expect(t.requests.DEEP_ARCHIVE).toEqual({ put: 0.05, get: 0.0004, transitionIn: 0.05 });
    // §5.3, with the conflicts resolved to the AWS-documented values.
    expect(t.restore.GLACIER.Standard).toEqual({ perGB: 0.01, per1000Requests: 0.05 });
    expect(t.restore.GLACIER.Bulk).toEqual({ perGB: 0, per1000Requests: 0 });
    expect(t.restore.DEEP_ARCHIVE).toEqual({ Standard: { perGB: 0.02, per1000Requests: 0.1 }, Bulk: { perGB: 0.0025, per1000Requests: 0.025 } });
    expect('Expedited' in t.restore.DEEP_ARCHIVE).toBe(false);
    // §5.4
    expect(t.archiveOverheadBytes.GLACIER).toEqual({ archiveRate: 32 * 1024, standardRate: 8 * 1024 });
    expect(t.minBillableBytes).toEqual({ STANDARD_IA: 131_072, ONEZONE_IA: 131_072, GLACIER_IR: 131_072 });
    expect(t.minStorageDays).toEqual({ STANDARD_IA: 30, ONEZONE_IA: 30, GLACIER_IR: 90, GLACIER: 90, DEEP_ARCHIVE: 180 });
    // §5.6
    expect(t.transferOut.freeGBPerMonth).toBe(100);
    expect(t.transferOut.perGB[0]).toEqual({ fromGB: 0, perGB: 0.09 });
  });

  it('documents binary GB and the 730-hour month', () => {
    expect(BYTES_PER_GB).toBe(1_073_741_824);
    expect(HOURS_PER_MONTH).toBe(730);
  });

  it('falls back to us-east-1 for other regions and says so', () => {
    const t = priceTable('eu-central-1');
    expect(t.region).toBe('eu-central-1');
    expect(t.estimatedFrom).toBe('us-east-1');
    expect(t.storage.GLACIER).toBe(0.0036);
  });

  it('hands out independent copies', () => {
    const a = priceTable('us-east-1');
    a.storage.GLACIER = 99;
    a.storage.STANDARD[0].perGB = 99;
    expect(priceTable('us-east-1').storage.GLACIER).toBe(0.0036);
    expect(priceTable('us-east-1').storage.STANDARD[0].perGB).toBe(0.023);
  });

  it('applies negotiated overrides figure by figure and lists them', () => {
    const t = priceTable('us-east-1', {
      restore: { GLACIER: { Standard: { perGB: 0.005 } } },
      storage: { STANDARD: [{ fromGB: 0, perGB: 0.02 }], INTELLIGENT_TIERING: { FA: 0.021 } },
    });
    expect(t.restore.GLACIER.Standard).toEqual({ perGB: 0.005, per1000Requests: 0.05 });
    expect(t.storage.STANDARD).toEqual([{ fromGB: 0, perGB: 0.02 }]);
    expect(t.storage.INTELLIGENT_TIERING.IA).toBe(0.0125);
    expect(t.overridden.sort()).toEqual(['restore.GLACIER.Standard.perGB', 'storage.INTELLIGENT_TIERING.FA', 'storage.STANDARD']);
    expect(priceTable('us-east-1').restore.GLACIER.Standard.perGB).toBe(0.01);
    expect(priceTable('ap-south-1', { storage: { GLACIER: 0.003 } })).toMatchObject({ estimatedFrom: 'us-east-1', overridden: ['storage.GLACIER'] });
  });

  it('rejects bad overrides', () => {
    const bad: unknown[] = [
      { storage: { GLACIER: -1 } },
      { storage: { GLACIER: Number.NaN } },
      { storage: { GLACIER: Number.POSITIVE_INFINITY } },
      { storage: { GLACIER: '0.003' } },
      { storage: { GLACER: 0.003 } }, // misspelt class
      { storage: { STANDARD: [{ fromGB: 10, perGB: 0.02 }] } }, // first tier not at 0
      { storage: { STANDARD: [{ fromGB: 0, perGB: 0.02 }, { fromGB: 0, perGB: 0.01 }] } }, // not rising
      { storage: { STANDARD: [] } },
      { storage: { STANDARD: [null] } },
      { restore: { DEEP_ARCHIVE: { Expedited: { perGB: 0.01 } } } }, // no such tier
      { requests: { STANDARD: { transitionIn: 0.01 } } }, // nothing transitions into STANDARD
      { minStorageDays: { GLACIER: 1 } }, // billing rules are not prices
      { storage: 0.02 },
    ];
    for (const overrides of bad) {
      expect(priceOverridesSchema.safeParse(overrides).success, JSON.stringify(overrides)).toBe(false);
      expect(() => priceTable('us-east-1', overrides as never)).toThrow();
    }
    expect(priceOverridesSchema.safeParse({}).success).toBe(true);
    expect(priceOverridesSchema.safeParse({ transferOut: { perGB: [{ fromGB: 0, perGB: 0.05 }, { fromGB: 1024, perGB: 0.04 }] } }).success).toBe(true);
  });
});

describe('tieredCost', () => {
  const standard = priceTable('us-east-1').storage.STANDARD;

  it('prices each tier only on the GB inside it', () => {
    // 60 TB = 61,440 GB: 51,200 × $0.023 + 10,240 × $0.022 = 1,177.60 + 225.28
    expect(tieredCost(standard, 61_440)).toBeCloseTo(1_402.88, 9);
    // 600 TB: 51,200 × 0.023 + 460,800 × 0.022 + 102,400 × 0.021 = 1,177.6 + 10,137.6 + 2,150.4
    expect(tieredCost(standard, 614_400)).toBeCloseTo(13_465.6, 9);
    expect(tieredCost(standard, 0)).toBe(0);
    expect(tieredCost(standard, 100)).toBeCloseTo(2.3, 12);
  });
});
