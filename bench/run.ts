/**
 * `npm run bench [-- name ...]`: runs the named benchmarks (all when none is
 * named), writes `bench/results/<name>.json` for each, prints the table and
 * rewrites it in the README between the `bench-table` markers, so the README
 * always shows the latest results on disk. `--table` only redoes the table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownTable, readResults } from './lib/result';

/** Each benchmark is a module whose `run()` writes its own result file. */
const BENCHMARKS: Record<string, () => Promise<{ run: () => Promise<unknown> }>> = {
  'sandbox-list': () => import('./sandbox-list'),
  'list-1m': () => import('./list-1m'),
  'restore-10k': () => import('./restore-10k'),
  transfer: () => import('./transfer'),
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const tableOnly = process.argv.includes('--table');
  const names = tableOnly ? [] : asked.length ? asked : Object.keys(BENCHMARKS);
  for (const name of names) {
    const load = BENCHMARKS[name];
    if (!load) {
      console.error(`Unknown benchmark "${name}". Known: ${Object.keys(BENCHMARKS).join(', ') || 'none yet'}.`);
      process.exitCode = 2;
      return;
    }
    console.log(`\n▶ ${name}`);
    const mod = await load();
    await mod.run();
  }
  const table = markdownTable(readResults());
  console.log('\n' + table);
  updateReadme(table);
}

/** Replaces what stands between the README's bench-table markers. */
function updateReadme(table: string): void {
  const file = join(import.meta.dirname, '..', 'README.md');
  const readme = readFileSync(file, 'utf8');
  const start = '<!-- bench-table -->';
  const end = '<!-- /bench-table -->';
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) return;
  writeFileSync(file, `${readme.slice(0, a + start.length)}\n${table}\n${readme.slice(b)}`);
}

await main();
