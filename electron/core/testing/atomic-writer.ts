/**
 * A child process for the kill test: rewrites one settings-like file as fast
 * as it can through `writeFileAtomic`, printing each generation once it is durable.
 */
import { writeFileAtomic } from '../persist/atomic-write';

const path = process.argv[2];
if (!path) throw new Error('usage: atomic-writer <path>');
const filler = 'y'.repeat(64 * 1024);
for (let generation = 1; ; generation++) {
  await writeFileAtomic(path, JSON.stringify({ version: 1, generation, filler }));
  process.stdout.write(`${generation}\n`);
}
