/**
 * A child process for the kill test: appends records as fast as it can and
 * prints the sequence number of each one the journal acknowledged as durable.
 * The test SIGKILLs it mid-stream and checks the journal against what was acknowledged.
 */
import { Journal } from '../persist/journal';

const path = process.argv[2];
if (!path) throw new Error('usage: journal-writer <path>');
const { journal, records } = await Journal.open<{ v: number; at: number; op: string; seq: number; pad: string }>(path, { version: 1 });
let seq = records.length;
const pad = 'x'.repeat(200);
// Several appends in flight at once, like a job reporting many keys: they share batches.
for (;;) {
  const batch = Array.from({ length: 8 }, () => seq++);
  await Promise.all(
    batch.map((n) => journal.append({ v: 1, at: Date.now(), op: 'tick', seq: n, pad }).then(() => process.stdout.write(`${n}\n`))),
  );
}
