/**
 * Memory of the renderer's columnar row store at 1,000,000 rows.
 *
 * Lives outside renderer/ because it needs Node's forced GC for stable heap
 * figures; the renderer tree itself stays free of Node imports.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { RowStore, type ColumnarBatch } from '../renderer/src/model/row-store';

describe('RowStore memory', () => {
  it('holds 1,000,000 rows in under 300 bytes per row (heap + array buffers)', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const total = 1_000_000;
    const per = 1000;
    gc();
    const before = process.memoryUsage();
    const s = new RowStore();
    for (let b = 0; b < total / per; b++) {
      const ns: string[] = [];
      for (let i = 0; i < per; i++) ns.push(`shard-${String(b * per + i).padStart(7, '0')}-of-1000000.tar`);
      // Round-trip through JSON so names are flat strings, as structured clone delivers them.
      const wire = JSON.parse(
        JSON.stringify({
          names: ns,
          sizes: ns.map((_, i) => 1_000_000 + i),
          modified: ns.map((_, i) => 1_760_000_000_000 + i * 1000),
          storageClass: ns.map((_, i) => i % 7),
          restore: ns.map((_, i) => i % 4),
          restoreExpiry: ns.map((_, i) => (i % 4 === 3 ? 1_770_000_000_000 : 0)),
        }),
      ) as ColumnarBatch;
      s.append(wire);
    }
    gc();
    const after = process.memoryUsage();
    const heap = after.heapUsed - before.heapUsed;
    const buffers = after.arrayBuffers - before.arrayBuffers;
    const perRow = (heap + buffers) / total;
    console.info(`RowStore at 1M rows: heap ${(heap / total).toFixed(1)} B/row + typed ${(buffers / total).toFixed(1)} B/row = ${perRow.toFixed(1)} B/row`);
    expect(s.count).toBe(total);
    expect(s.name(999_999)).toBe('shard-0999999-of-1000000.tar');
    expect(perRow).toBeLessThan(300);
    expect(perRow).toBeGreaterThan(20); // the measurement saw the rows at all
  }, 60_000);

});
