/**
 * The one shape every benchmark writes, and the table `npm run bench` prints.
 *
 * `bench/results/<name>.json` = `{ name, date, node, cpus, cases: [...], ...extra }`
 * so results can be compared over time; the README's Benchmarks table is printed from them.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

export const RESULTS_DIR = join(import.meta.dirname, '..', 'results');

/** One measured case: Thaw against a peer tool on the same endpoint, same session. */
export interface BenchCase {
  name: string;
  latencyMs: number;
  thawSeconds: number | null;
  peerName: string;
  /** Null when the peer could not run; `peerNote` says why. */
  peerSeconds: number | null;
  peerNote?: string;
  /** peerSeconds / thawSeconds: how many times faster Thaw is. */
  ratio: number | null;
  /** What the design requires, e.g. ">= 3x". */
  target: string;
  met?: boolean | null;
  [extra: string]: unknown;
}

export interface BenchResult {
  name: string;
  date: string;
  node: string;
  cpus: number;
  cases: BenchCase[];
  [extra: string]: unknown;
}

/** Builds a case, computing the ratio and whether a `>= Nx` target is met. */
export function benchCase(c: CaseInput): BenchCase {
  const { minRatio, ...rest } = c;
  const ratio = c.thawSeconds && c.peerSeconds ? round(c.peerSeconds / c.thawSeconds, 2) : null;
  const met = minRatio === undefined || ratio === null ? null : ratio >= minRatio;
  return { ...rest, ratio, met };
}

/** What a benchmark supplies for one case; ratio and met are derived. */
export interface CaseInput {
  name: string;
  latencyMs: number;
  thawSeconds: number | null;
  peerName: string;
  peerSeconds: number | null;
  peerNote?: string;
  target: string;
  /** The ratio the target requires, when it is a ratio. */
  minRatio?: number;
  [extra: string]: unknown;
}

/** Writes `bench/results/<name>.json` and returns the full record. */
export function writeResult(name: string, cases: BenchCase[], extra: Record<string, unknown> = {}): BenchResult {
  const result: BenchResult = { name, date: new Date().toISOString(), node: process.version, cpus: cpus().length, cases, ...extra };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${name}.json`), JSON.stringify(result, null, 2) + '\n');
  return result;
}

/** Every result on disk, by name. */
export function readResults(): BenchResult[] {
  let files: string[];
  try {
    files = readdirSync(RESULTS_DIR).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files.sort().map((f) => JSON.parse(readFileSync(join(RESULTS_DIR, f), 'utf8')) as BenchResult);
}

/** The README's benchmark table, one row per case. */
export function markdownTable(results: BenchResult[]): string {
  const rows = ['| benchmark | case | latency | Thaw s | peer | peer s | ratio | target | met |', '|---|---|---|---|---|---|---|---|---|'];
  for (const r of results) {
    for (const c of r.cases) {
      const peer = c.peerSeconds === null ? `n/a${c.peerNote ? ` (${c.peerNote})` : ''}` : fmt(c.peerSeconds);
      const met = c.met === true ? 'yes' : c.met === false ? '**no**' : '—';
      rows.push(`| ${r.name} | ${c.name} | ${c.latencyMs} ms | ${fmt(c.thawSeconds)} | ${c.peerName} | ${peer} | ${c.ratio === null ? '—' : `${c.ratio}×`} | ${c.target} | ${met} |`);
    }
  }
  return rows.join('\n');
}

function fmt(n: number | null): string {
  return n === null ? '—' : n >= 10 ? n.toFixed(1) : n.toFixed(3);
}

/** Rounds to `digits` decimals. */
export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
