/**
 * `npm run bench [-- name ...]`: runs the named benchmarks (all when none is
 * named), writes `bench/results/<name>.json` for each, and prints the table
 * kept in the README.
 */
import { markdownTable, readResults } from './lib/result';

/** Each benchmark is a module whose `run()` writes its own result file. */
const BENCHMARKS: Record<string, () => Promise<{ run: () => Promise<unknown> }>> = {
  'sandbox-list': () => import('./sandbox-list'),
  'list-1m': () => import('./list-1m'),
};

async function main(): Promise<void> {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = asked.length ? asked : Object.keys(BENCHMARKS);
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
  console.log('\n' + markdownTable(readResults()));
}

await main();
