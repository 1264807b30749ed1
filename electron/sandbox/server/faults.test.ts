/**
 * Fault rules: the CLI spec grammar, matching by operation, counts,
 * probabilities (with an injected random source) and latency.
 */
import { describe, expect, it } from 'vitest';
import { createFaultController, parseDurationMs, parseFaultSpec } from './faults';

describe('parseFaultSpec', () => {
  it('parses operations, kinds and parameters', () => {
    expect(parseFaultSpec('GetObject:reset-mid-body:count=2, ListObjectsV2:slowdown:p=0.1,latency:ms=5-30,*:stall:ms=1s')).toEqual([
      { op: 'GetObject', kind: 'reset-mid-body', count: 2 },
      { op: 'ListObjectsV2', kind: 'slowdown', p: 0.1 },
      { kind: 'latency', ms: 5, maxMs: 30 },
      { kind: 'stall', ms: 1000 },
    ]);
  });

  it.each(['GetObject:explode', 'slowdown:p=2', 'slowdown:count=0', 'slowdown:count=1.5', 'reset:foo=1', 'latency:ms=fast', 'slowdown:p'])(
    'rejects %s',
    (spec) => {
      expect(() => parseFaultSpec(spec)).toThrow();
    },
  );

  it('parses durations', () => {
    expect(parseDurationMs('20')).toBe(20);
    expect(parseDurationMs('20ms')).toBe(20);
    expect(parseDurationMs('1.5s')).toBe(1500);
    expect(parseDurationMs('2m')).toBe(120_000);
    expect(() => parseDurationMs('-1s')).toThrow();
  });
});

describe('createFaultController', () => {
  it('fires a counted rule for the next N matching operations only', () => {
    const f = createFaultController();
    f.addSpec('GetObject:internal-error:count=2');
    expect(f.decide('ListObjectsV2').error).toBeUndefined();
    expect(f.decide('GetObject').error).toBe('internal-error');
    expect(f.decide('GetObject').error).toBe('internal-error');
    expect(f.decide('GetObject').error).toBeUndefined();
    expect(f.list()[0].fired).toBe(2);
  });

  it('fires by probability using the random source', () => {
    const values = [0.05, 0.5, 0.09, 0.99];
    const f = createFaultController({ random: () => values.shift() ?? 1, rules: [{ kind: 'slowdown', p: 0.1 }] });
    expect([f.decide('A').error, f.decide('B').error, f.decide('C').error, f.decide('D').error]).toEqual(['slowdown', undefined, 'slowdown', undefined]);
  });

  it('applies one failure per request but adds every latency', () => {
    const f = createFaultController({ latencyMs: 20, random: () => 0.5 });
    f.add({ kind: 'latency', ms: 10, maxMs: 30 });
    f.add({ kind: 'reset', op: 'PutObject' });
    f.add({ kind: 'reset-mid-body' });
    f.add({ kind: 'stall', ms: 100 });
    const put = f.decide('PutObject');
    expect(put.delayMs).toBe(20 + 20);
    expect(put.resetBeforeResponse).toBe(true);
    expect(put.midBody).toBeUndefined();
    expect(f.decide('GetObject').midBody).toEqual({ kind: 'reset' });
  });

  it('keeps the Expedited fault out of ordinary decisions', () => {
    const f = createFaultController({ rules: [{ kind: 'expedited-unavailable', count: 1 }] });
    expect(f.decide('RestoreObject')).toEqual({ delayMs: 0 });
    expect(f.takeExpeditedUnavailable('RestoreObject')).toBe(true);
    expect(f.takeExpeditedUnavailable('RestoreObject')).toBe(false);
  });

  it('removes and clears rules', () => {
    const f = createFaultController();
    const id = f.add({ kind: 'slowdown' });
    f.add({ kind: 'internal-error', op: 'HeadObject' });
    f.remove(id);
    expect(f.decide('GetObject').error).toBeUndefined();
    expect(f.decide('HeadObject').error).toBe('internal-error');
    f.clear();
    expect(f.list()).toEqual([]);
  });
});

describe('truncate and bucket/key filters', () => {
  it('parses truncate and the bucket, key and keyPrefix filters, percent-decoded', () => {
    expect(parseFaultSpec('GetObject:truncate:key=big%2Cone%3A1.bin,GetObject:stall:ms=50:bucket=b1:keyPrefix=data/')).toEqual([
      { op: 'GetObject', kind: 'truncate', key: 'big,one:1.bin' },
      { op: 'GetObject', kind: 'stall', ms: 50, bucket: 'b1', keyPrefix: 'data/' },
    ]);
    expect(() => parseFaultSpec('truncate:key=%zz')).toThrow(/percent-encoding/);
    expect(() => createFaultController().add({ kind: 'truncate', key: 'a', keyPrefix: 'b' })).toThrow(/not both/);
  });

  it('fires a key-filtered rule only for that key, and consumes its count only there', () => {
    const f = createFaultController();
    f.add({ kind: 'truncate', op: 'GetObject', key: 'one.bin', count: 1 });
    expect(f.decide('GetObject', { bucket: 'b', key: 'two.bin' }).midBody).toBeUndefined();
    expect(f.decide('GetObject').midBody).toBeUndefined();
    expect(f.decide('GetObject', { bucket: 'b', key: 'one.bin' }).midBody).toEqual({ kind: 'truncate' });
    expect(f.decide('GetObject', { bucket: 'b', key: 'one.bin' }).midBody).toBeUndefined();
  });

  it('filters by key prefix and bucket together', () => {
    const f = createFaultController({ rules: [{ kind: 'internal-error', keyPrefix: 'logs/', bucket: 'b1' }] });
    expect(f.decide('GetObject', { bucket: 'b1', key: 'logs/x' }).error).toBe('internal-error');
    expect(f.decide('ListObjectsV2', { bucket: 'b1', key: 'logs/' }).error).toBe('internal-error');
    expect(f.decide('GetObject', { bucket: 'b2', key: 'logs/x' }).error).toBeUndefined();
    expect(f.decide('GetObject', { bucket: 'b1', key: 'data/x' }).error).toBeUndefined();
    expect(f.decide('ListBuckets', {}).error).toBeUndefined();
  });

  it('applies key filters to the Expedited fault too', () => {
    const f = createFaultController({ rules: [{ kind: 'expedited-unavailable', key: 'cold/a' }] });
    expect(f.takeExpeditedUnavailable('RestoreObject', { bucket: 'b', key: 'cold/b' })).toBe(false);
    expect(f.takeExpeditedUnavailable('RestoreObject', { bucket: 'b', key: 'cold/a' })).toBe(true);
  });
});
