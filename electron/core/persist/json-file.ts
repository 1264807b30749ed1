/**
 * A small versioned JSON file: read once, validated, updated atomically one change at a time.
 *
 * Settings and connections are such files. What goes wrong with them on
 * real machines: a crash mid-write (prevented by `writeFileAtomic`), two
 * saves racing (updates are serialised), a file damaged by hand or by a
 * disk, and a file written by a newer Thaw after a downgrade. The last two
 * are set aside beside the original (`.damaged-<time>` / `.newer-<time>`)
 * and reported through `problem`, and the defaults are used — the user's
 * data is never silently overwritten and the app never fails to start.
 *
 * A read that fails for a reason other than "no such file" (EACCES, EIO) is
 * not cached: the next call tries again instead of holding the error for
 * the whole session.
 */
import { readFile, rename } from 'node:fs/promises';
import type { z } from 'zod';
import { writeFileAtomic } from './atomic-write';

/** Options of a `JsonFile`. */
export interface JsonFileOptions<T extends { version: number }> {
  /** Validates the whole file, `version` included. */
  schema: z.ZodType<T>;
  /** The newest format version this build writes and reads. */
  version: number;
  /** Contents when the file is missing or set aside. */
  defaults: () => T;
  /** Clock for the names of set-aside files. */
  now?: () => number;
}

/** What loading found wrong, in words for the user; undefined when the file was fine or absent. */
export interface JsonFileProblem {
  kind: 'damaged' | 'newer';
  message: string;
  /** Where the original was moved. */
  keptAt: string;
}

/** One JSON file under the user-data folder. */
export class JsonFile<T extends { version: number }> {
  private cached?: Promise<T>;
  private queue: Promise<unknown> = Promise.resolve();
  /** Set when the last load had to set the file aside. */
  problem: JsonFileProblem | undefined;

  constructor(
    readonly path: string,
    private readonly options: JsonFileOptions<T>,
  ) {}

  /** The current contents; read from disk once, then kept in memory. */
  read(): Promise<T> {
    if (!this.cached) {
      const loading = this.load();
      this.cached = loading;
      loading.catch(() => {
        if (this.cached === loading) this.cached = undefined;
      });
    }
    return this.cached;
  }

  /**
   * Applies `change` to a copy of the contents and writes the result atomically.
   *
   * When `change` throws or the write fails, nothing changes (on disk or in
   * memory) and the error propagates.
   */
  update<R>(change: (draft: T) => R): Promise<R> {
    const run = this.queue.then(async () => {
      const next = structuredClone(await this.read());
      const result = change(next);
      const valid = this.options.schema.parse(next);
      await writeFileAtomic(this.path, `${JSON.stringify(valid, null, 2)}\n`);
      this.cached = Promise.resolve(valid);
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async load(): Promise<T> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return this.options.defaults();
      throw err;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.setAside('damaged', 'is not valid JSON');
    }
    const version = (parsed as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > this.options.version) {
      return this.setAside('newer', `was written by a newer version of Thaw (format ${version}; this one reads ${this.options.version})`);
    }
    const result = this.options.schema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      return this.setAside('damaged', `does not have the expected contents (${issue?.message ?? 'invalid'}${where})`);
    }
    return result.data;
  }

  private async setAside(kind: JsonFileProblem['kind'], why: string): Promise<T> {
    const keptAt = `${this.path}.${kind}-${(this.options.now ?? Date.now)()}`;
    await rename(this.path, keptAt);
    this.problem = { kind, message: `${this.path} ${why}; it was kept as ${keptAt} and defaults are used.`, keptAt };
    return this.options.defaults();
  }
}
