/**
 * A restore's keys on disk, so a million-key job keeps counts, not strings, in memory.
 *
 * The plan writes one JSON array a line — `[key, kind, size, plan, expiry,
 * segment]` — in key order within each segment of the selection (see
 * scope.ts); JSON escapes newlines, so any key (hostile ones included) is
 * one line. The job keeps only typed arrays (kind, size, state, expiry) by
 * line number and reads the keys back in order when it issues requests or
 * tracks them, and by page for the per-key list, through a sparse index of
 * byte offsets (one per `INDEX_STEP` lines) written beside the file.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { writeFileAtomic } from '../persist/atomic-write';

/** Lines between two entries of the offset index. */
export const INDEX_STEP = 1024;

/** Characters buffered before a write to the stream. */
const WRITE_CHUNK = 64 * 1024;

/** One archived object of a plan. */
export interface KeyLine {
  key: string;
  /** `ARCHIVE_KINDS` index. */
  kind: number;
  size: number;
  /** What the plan found: `PLAN_*`. */
  plan: number;
  /** Expiry of a restored copy, ms since the epoch; 0 when none. */
  expiry: number;
  /** Index of the selection segment the key belongs to. */
  segment: number;
}

/** Plan findings per key. */
export const PLAN_NEEDS_RESTORE = 0;
export const PLAN_RESTORING = 1;
export const PLAN_RESTORED = 2;
/** Not known yet: the key needs a HEAD (Intelligent-Tiering tier, or no RestoreStatus in listings). */
export const PLAN_UNKNOWN = 3;
/**
 * An Intelligent-Tiering object whose access tier was not checked (too many
 * for a HEAD each before the dialog can answer): it gets a restore request,
 * and one that turns out to be in an access tier is simply readable.
 */
export const PLAN_IT_UNCHECKED = 4;

function encode(key: string, kind: number, size: number, plan: number, expiry: number, segment: number): string {
  // Only the key needs JSON's escaping; the numbers are written as they are (same text as stringifying the array).
  return `[${JSON.stringify(key)},${kind},${size},${plan},${expiry},${segment}]\n`;
}

function decode(text: string): KeyLine {
  const [key, kind, size, plan, expiry, segment] = JSON.parse(text) as [string, number, number, number, number, number];
  return { key, kind, size, plan, expiry, segment };
}

function indexPath(path: string): string {
  return `${path}.idx.json`;
}

/** Writes a key file line by line; `finish` makes it durable and writes its index. */
export class KeyFileWriter {
  private readonly stream: WriteStream;
  private offset = 0;
  private readonly index: number[] = [];
  private failure: unknown;
  /** Lines not yet handed to the stream: one write per ~64 KiB instead of one per line. */
  private pending = '';
  count = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { mode: 0o600 });
    this.stream.on('error', (err) => (this.failure ??= err));
  }

  /** Appends one line (buffered; errors surface in `finish`). */
  add(line: KeyLine): void {
    this.addFields(line.key, line.kind, line.size, line.plan, line.expiry, line.segment);
  }

  /** `add` without building a `KeyLine` first (the plan's hot path). */
  addFields(key: string, kind: number, size: number, plan: number, expiry: number, segment: number): void {
    if (this.count % INDEX_STEP === 0) this.index.push(this.offset);
    const text = encode(key, kind, size, plan, expiry, segment);
    this.offset += Buffer.byteLength(text);
    this.count++;
    this.pending += text;
    if (this.pending.length >= WRITE_CHUNK) this.flush();
  }

  private flush(): void {
    if (this.pending === '') return;
    this.stream.write(this.pending);
    this.pending = '';
  }

  /** Flushes, fsyncs and closes the file, then writes the index; throws the first write error. */
  async finish(): Promise<number> {
    this.flush();
    await new Promise<void>((resolve) => this.stream.end(resolve));
    if (this.failure) throw this.failure;
    const handle = await open(this.path, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await writeFileAtomic(indexPath(this.path), JSON.stringify({ step: INDEX_STEP, count: this.count, offsets: this.index }));
    return this.count;
  }

  /** Stops writing (a cancelled plan); the caller removes the directory. */
  abort(): void {
    this.stream.destroy();
  }
}

/**
 * Calls `fn` for every line in order, from line `from` on (found through the
 * index); `fn` returning false stops the read. Aborting `signal` stops it too.
 */
export async function forEachKey(
  path: string,
  fn: (line: KeyLine, index: number) => boolean | void | Promise<boolean | void>,
  options: { from?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const from = options.from ?? 0;
  const index = from > 0 ? await readIndex(path) : undefined;
  const block = index ? Math.min(Math.floor(from / index.step), index.offsets.length - 1) : 0;
  const start = index && block >= 0 ? (index.offsets[block] ?? 0) : 0;
  let i = index && block >= 0 ? block * index.step : 0;
  const stream = createReadStream(path, { start, encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      if (options.signal?.aborted) return;
      if (text === '') continue;
      if (i >= from && (await fn(decode(text), i)) === false) return;
      i++;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}

/** Reads the lines at the given line numbers, in any order (a page of the per-key list, a job's unfinished files). */
export async function readKeys(path: string, wantedLines: readonly number[]): Promise<Map<number, KeyLine>> {
  const out = new Map<number, KeyLine>();
  // One forward pass per run of nearby lines: that needs them in order.
  const lineNumbers = [...new Set(wantedLines)].sort((a, b) => a - b);
  let g = 0;
  while (g < lineNumbers.length) {
    // Lines close together are read in one pass; a far jump seeks through the index instead of reading across.
    let h = g;
    while (h + 1 < lineNumbers.length && lineNumbers[h + 1]! - lineNumbers[h]! < INDEX_STEP) h++;
    const wanted = new Set(lineNumbers.slice(g, h + 1));
    const lastWanted = lineNumbers[h]!;
    await forEachKey(
      path,
      (line, i) => {
        if (wanted.has(i)) out.set(i, line);
        return i < lastWanted;
      },
      { from: lineNumbers[g] },
    );
    g = h + 1;
  }
  return out;
}

async function readIndex(path: string): Promise<{ step: number; count: number; offsets: number[] } | undefined> {
  try {
    return JSON.parse(await readFile(indexPath(path), 'utf8')) as { step: number; count: number; offsets: number[] };
  } catch {
    return undefined;
  }
}
