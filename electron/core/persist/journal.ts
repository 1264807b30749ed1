/**
 * An append-only journal of facts, one JSON record a line, durable in batches.
 *
 * Long jobs (restores of a million keys, transfers of thousands of files)
 * record what happened as it happens, so a kill at any instant loses
 * nothing that was reported done. The rules:
 *
 * - Records go through one serialised queue. While one batch is being
 *   written and fdatasynced, new records gather into the next batch (group
 *   commit), so a thousand records a second cost a few syncs, not a
 *   thousand. `append` resolves only once its record is on disk: callers
 *   report a fact as durable (and act on it) only after that.
 * - Replay tolerates a torn last line (the crash happened mid-write): it is
 *   dropped and cut off the file before anything new is appended. A damaged
 *   line anywhere else, or a record from a newer format version, is refused
 *   with `JournalError` — never skipped, because skipping could make a job
 *   forget that a key was already requested.
 * - A failed write (a full disk) rejects that batch's appends and truncates
 *   the file back to its last good length, so a half-written batch can never
 *   become a damaged line in the middle once the disk has room again.
 * - `replace` compacts: it atomically swaps the file for a few records that
 *   say the same (a snapshot), in queue order with the appends.
 */
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write';

/** Every record carries its format version, its time and what it records. */
export interface JournalRecord {
  v: number;
  at: number;
  op: string;
}

/** Why a journal cannot be replayed. */
export class JournalError extends Error {
  constructor(
    readonly kind: 'corrupt' | 'newer',
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'JournalError';
  }
}

/** The part of a file handle the journal writes through; tests pass one that fails like a full disk. */
export type JournalHandle = Pick<FileHandle, 'appendFile' | 'datasync' | 'truncate' | 'close'>;

/** Opens the journal file for appending. */
export type JournalOpener = (path: string) => Promise<JournalHandle>;

const openForAppend: JournalOpener = (path) => open(path, 'a', 0o600);

/** Options of `Journal.open`. */
export interface JournalOptions {
  /** The newest record version this build understands. */
  version: number;
  /** Replaces the file opener (tests inject failures). */
  opener?: JournalOpener;
}

interface Pending {
  line: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** What `Journal.open` returns: the journal, ready to append, and every record it held. */
export interface OpenedJournal<R extends JournalRecord> {
  journal: Journal<R>;
  records: R[];
  /** True when a torn last line was dropped. */
  tornTail: boolean;
}

/** One journal file. */
export class Journal<R extends JournalRecord = JournalRecord> {
  private batch: Pending[] | null = null;
  private chain: Promise<void> = Promise.resolve();
  private goodSize: number;
  private broken: unknown;
  private closed = false;

  private constructor(
    readonly path: string,
    private handle: JournalHandle,
    size: number,
    private readonly opener: JournalOpener,
  ) {
    this.goodSize = size;
  }

  /** Reads every record of `path` (absent means empty) and opens it for appending. */
  static async open<R extends JournalRecord>(path: string, options: JournalOptions): Promise<OpenedJournal<R>> {
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const { records, goodLength, tornTail } = parseJournal<R>(text, options.version, path);
    const opener = options.opener ?? openForAppend;
    const handle = await opener(path);
    const goodBytes = Buffer.byteLength(text.slice(0, goodLength));
    if (tornTail) await handle.truncate(goodBytes);
    return { journal: new Journal<R>(path, handle, goodBytes, opener), records, tornTail };
  }

  /** Bytes of durable records in the file. */
  get size(): number {
    return this.goodSize;
  }

  /** Appends one record; resolves once it is on disk, rejects when the write failed (nothing of it counts). */
  append(record: R): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    return new Promise<void>((resolve, reject) => {
      if (this.closed) return reject(new Error(`Journal ${this.path} is closed.`));
      if (!this.batch) {
        const batch: Pending[] = [];
        this.batch = batch;
        this.chain = this.chain.then(() => this.writeBatch(batch));
      }
      this.batch.push({ line, resolve, reject });
    });
  }

  /** Atomically replaces the whole file with `records` (compaction), after every earlier append. */
  replace(records: R[]): Promise<void> {
    this.batch = null;
    const run = this.chain.then(async () => {
      if (this.closed) throw new Error(`Journal ${this.path} is closed.`);
      const text = records.map((r) => `${JSON.stringify(r)}\n`).join('');
      await writeFileAtomic(this.path, text);
      await this.handle.close().catch(() => undefined);
      this.handle = await this.opener(this.path);
      this.goodSize = Buffer.byteLength(text);
      this.broken = undefined;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Waits for every queued write, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.batch = null;
    await this.chain;
    await this.handle.close().catch(() => undefined);
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    if (this.batch === batch) this.batch = null;
    if (this.broken !== undefined) {
      for (const p of batch) p.reject(this.broken);
      return;
    }
    const text = batch.map((p) => p.line).join('');
    try {
      await this.handle.appendFile(text);
      await this.handle.datasync();
      this.goodSize += Buffer.byteLength(text);
      for (const p of batch) p.resolve();
    } catch (err) {
      try {
        await this.handle.truncate(this.goodSize);
      } catch (truncateErr) {
        // The file may now end in a partial batch: refuse further appends until it is reopened (and replayed).
        this.broken = truncateErr;
      }
      for (const p of batch) p.reject(err);
    }
  }
}

/**
 * Parses journal text: complete lines become records; a last line without
 * its newline is torn and dropped. Exported for tests.
 */
export function parseJournal<R extends JournalRecord>(
  text: string,
  version: number,
  path = 'journal',
): { records: R[]; goodLength: number; tornTail: boolean } {
  const records: R[] = [];
  let start = 0;
  let lineNo = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end === -1) break;
    lineNo++;
    const line = text.slice(start, end);
    start = end + 1;
    if (line.trim() === '') continue;
    let record: R;
    try {
      record = JSON.parse(line) as R;
    } catch {
      throw new JournalError('corrupt', `${path} is damaged at line ${lineNo}; it was left as it is.`, lineNo);
    }
    if (typeof record !== 'object' || record === null || typeof record.v !== 'number' || typeof record.op !== 'string') {
      throw new JournalError('corrupt', `${path} holds an unexpected record at line ${lineNo}; it was left as it is.`, lineNo);
    }
    if (record.v > version) {
      throw new JournalError('newer', `${path} was written by a newer version of Thaw (record format ${record.v}); update Thaw to continue this job.`, lineNo);
    }
    records.push(record);
  }
  const tornTail = start < text.length;
  return { records, goodLength: start, tornTail };
}
