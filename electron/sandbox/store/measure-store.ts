/**
 * Measures the store alone (no HTTP): seed time, memory, and the CPU cost of
 * 1,000-key list pages over a whole seeded bucket.
 *
 * Run: `node --expose-gc --import tsx electron/sandbox/store/measure-store.ts synthetic:1000000`
 */
import { createStore } from './index';

/** Figures for one seed spec. */
export interface StoreMeasurement {
  spec: string;
  seedWallMs: number;
  seedCpuMs: number;
  rssAfterSeedMB: number;
  rssAfterFullListingMB: number;
  keys: number;
  pages: number;
  wallMsPerPage: number;
  cpuMsPerPage: number;
  delimitedRootPageMs: number;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Seeds a store with `spec`, then lists the whole bucket twice (cold, then warm) a page at a time. */
export async function measureStore(spec: string): Promise<StoreMeasurement> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const rss0 = process.memoryUsage().rss;
  let wall = performance.now();
  let cpu = cpuMs();
  const store = await createStore({ seed: spec });
  const seedWallMs = performance.now() - wall;
  const seedCpuMs = cpuMs() - cpu;
  gc?.();
  const rssAfterSeed = process.memoryUsage().rss;
  const bucket = store.listBuckets()[0].name;
  let pages = 0;
  let keys = 0;
  // Pass 1 warms the keys (V8 flattens and hashes strings on first use); pass 2 is what is reported.
  for (let pass = 0; pass < 2; pass++) {
    pages = 0;
    keys = 0;
    wall = performance.now();
    cpu = cpuMs();
    let after: string | undefined;
    for (;;) {
      const page = store.list(bucket, { maxKeys: 1000, after });
      pages++;
      keys += page.entries.length;
      if (!page.isTruncated) break;
      after = page.lastReturned;
    }
  }
  const listWall = performance.now() - wall;
  const listCpu = cpuMs() - cpu;
  gc?.();
  const rssAfterList = process.memoryUsage().rss;
  wall = performance.now();
  store.list(bucket, { maxKeys: 1000, delimiter: '/', prefix: spec.includes('flat') ? '' : 'data/' });
  const delimitedRootPageMs = performance.now() - wall;
  await store.close();
  const round = (n: number, d = 3) => Number(n.toFixed(d));
  return {
    spec,
    seedWallMs: Math.round(seedWallMs),
    seedCpuMs: Math.round(seedCpuMs),
    rssAfterSeedMB: Math.round((rssAfterSeed - rss0) / 1e6),
    rssAfterFullListingMB: Math.round((rssAfterList - rss0) / 1e6),
    keys,
    pages,
    wallMsPerPage: round(listWall / pages),
    cpuMsPerPage: round(listCpu / pages),
    delimitedRootPageMs: round(delimitedRootPageMs),
  };
}

if (process.argv[1]?.endsWith('measure-store.ts')) {
  for (const spec of process.argv.slice(2)) console.log(JSON.stringify(await measureStore(spec)));
}
