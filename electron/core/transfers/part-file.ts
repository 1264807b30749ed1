/**
 * Writing one downloaded file so a crash, a full disk or a cancel never
 * leaves partial bytes at its final path, and a resumed job picks up where
 * it stopped.
 *
 * The bytes go to a `.part` file beside the target (same directory, so the
 * rename cannot cross file systems), named `.<name>.<tag>.part` where `tag`
 * is 8 hex digits of SHA-256(jobId, key): deterministic, so a resumed job
 * finds its part again, and distinct per job and key, so concurrent jobs
 * and keys never share one. When that name would pass 255 UTF-8 bytes the
 * name part is replaced by 16 hex digits of its SHA-256 (`mapKey` already
 * keeps `PART_NAME_OVERHEAD` bytes of room in the total path).
 *
 * The part is never opened through a link: an existing one (resume) is
 * lstat-checked, opened `r+` with O_NOFOLLOW where the OS has it, and its
 * identity compared with the lstat (Windows has no O_NOFOLLOW); a new one is
 * created `wx+` (O_EXCL fails on any existing name, a dangling link too).
 * Writes are positional, so several ranged GETs can fill one file at once.
 *
 * `commit`: (mtime) → fsync → `verify` hook → close → place → directory
 * fsync (best effort, skipped on win32). Placing with `overwrite` is a
 * `rename`, which replaces a file (or a link, never its target) atomically;
 * without it, a hard `link` that fails if anything has the name (falling
 * back to check-then-rename where hard links are unsupported, FAT/exFAT).
 * The rename is retried on EPERM/EBUSY/EACCES (Windows virus scanners and
 * indexers hold files briefly): 5 tries, 50–400 ms apart. On any failure
 * the part is kept (resume continues from it; a complete, verified part is
 * only placed again); `discard` or `removePart` remove it on cancel.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ThawError } from '../errors';
import { syncDirectory } from '../persist/atomic-write';
import { localFileError, MAX_SEGMENT_BYTES } from './local-path';

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const CREATE = constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | NOFOLLOW;
const REOPEN = constants.O_RDWR | NOFOLLOW;
/** Codes of a target held open by another program (Windows): worth a few tries. */
const LOCKED = new Set(['EPERM', 'EBUSY', 'EACCES']);
/** Codes of `link` on file systems without hard links: fall back to check-then-rename. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK', 'EINVAL']);
const RENAME_RETRY_MS = [50, 100, 200, 400];

/** The part path for `target` in job `jobId`, downloading `key`. */
export function partPathOf(target: string, jobId: string, key: string): string {
  const name = basename(target);
  const tag = createHash('sha256').update(`${jobId}\0${key}`).digest('hex').slice(0, 8);
  const plain = `.${name}.${tag}.part`;
  if (Buffer.byteLength(plain, 'utf8') <= MAX_SEGMENT_BYTES) return join(dirname(target), plain);
  return join(dirname(target), `.${createHash('sha256').update(name).digest('hex').slice(0, 16)}.${tag}.part`);
}

/** Options of `PartFile.open`. */
export interface OpenPartOptions {
  /** The final absolute path (from `mapKey`, its folder made by `ensureDirInside`). */
  target: string;
  jobId: string;
  key: string;
  /** Reopen an existing part (default); false starts over, removing it. */
  resume?: boolean;
  /** Mode of a new part (default 0666, less the umask, like any downloaded file). */
  mode?: number;
}

/** What the `verify` hook gets: the fsynced part, still open. Do not close the handle. */
export interface PartToVerify {
  path: string;
  handle: FileHandle;
  size: number;
}

/** Options of `commit`. */
export interface CommitOptions {
  /** Replace a file already at the target; without it, an existing target is refused and kept. */
  overwrite: boolean;
  /** Called after fsync, before the rename; a throw keeps the target untouched and passes through. */
  verify?: (part: PartToVerify) => Promise<void>;
  /** Sets the file's mtime (e.g. the object's LastModified, for the `newer` policy). */
  mtime?: Date;
  /** Waits between rename tries (default 50, 100, 200, 400 ms). */
  retryDelaysMs?: readonly number[];
}

/** One download in progress, written through its `.part` file. */
export class PartFile {
  private closed = false;
  private writing = 0;

  private constructor(
    readonly path: string,
    readonly target: string,
    private readonly handle: FileHandle,
    /** True when an existing part was reopened. */
    readonly resumed: boolean,
    /** Bytes in the part when it was opened (what the journal's committed ranges refer to). */
    readonly size: number,
  ) {}

  /** Opens the part for `target`: the existing one when resuming, else a new one. */
  static async open(options: OpenPartOptions): Promise<PartFile> {
    const path = partPathOf(options.target, options.jobId, options.key);
    const existing = await lstat(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw localFileError(err, 'check the partial file', path);
    });
    if (existing && !existing.isFile()) {
      throw new ThawError('InvalidInput', `${path} is ${existing.isSymbolicLink() ? 'a symbolic link' : 'not a file'}; Thaw does not write through it.`, { path });
    }
    if (existing && options.resume !== false) {
      let handle: FileHandle;
      try {
        handle = await open(path, REOPEN);
      } catch (err) {
        throw localFileError(err, 'reopen the partial file', path);
      }
      const opened = await handle.stat();
      if (opened.ino !== existing.ino || opened.dev !== existing.dev) {
        await handle.close().catch(() => undefined);
        throw new ThawError('InvalidInput', `${path} was replaced while Thaw opened it; nothing was written.`, { path });
      }
      return new PartFile(path, options.target, handle, true, opened.size);
    }
    if (existing) await removePart(path);
    try {
      return new PartFile(path, options.target, await open(path, CREATE, options.mode ?? 0o666), false, 0);
    } catch (err) {
      throw localFileError(err, 'create the partial file', path);
    }
  }

  /** Writes all of `data` at `position`; calls may run at once for different ranges. */
  async write(position: number, data: Uint8Array): Promise<void> {
    this.assertOpen();
    this.writing++;
    try {
      for (let done = 0; done < data.byteLength; ) {
        const { bytesWritten } = await this.handle.write(data, done, data.byteLength - done, position + done);
        if (bytesWritten <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
        done += bytesWritten;
      }
    } catch (err) {
      throw localFileError(err, 'write to', this.path);
    } finally {
      this.writing--;
    }
  }

  /**
   * Makes the part the final file: fsync, verify, close, rename (or link),
   * directory fsync. On failure the target is as it was and the part is kept.
   */
  async commit(options: CommitOptions): Promise<void> {
    this.assertOpen();
    if (this.writing > 0) throw new ThawError('Internal', `${this.writing} writes to ${this.path} are still in progress; it was not finished.`);
    try {
      if (options.mtime) await this.handle.utimes(options.mtime, options.mtime);
      await this.handle.sync();
    } catch (err) {
      await this.close();
      throw localFileError(err, 'save', this.path);
    }
    if (options.verify) {
      try {
        await options.verify({ path: this.path, handle: this.handle, size: (await this.handle.stat()).size });
      } catch (err) {
        await this.close();
        throw err;
      }
    }
    await this.close(true);
    await this.place(options);
    if (process.platform !== 'win32') await syncDirectory(dirname(this.target)).catch(() => undefined);
  }

  /** Closes the part and keeps it (pause; a resumed job reopens it). */
  async close(strict = false): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.handle.close();
    } catch (err) {
      if (strict) throw localFileError(err, 'close', this.path);
    }
  }

  /** Closes and removes the part (cancel). */
  async discard(): Promise<void> {
    await this.close();
    await removePart(this.path);
  }

  private assertOpen(): void {
    if (this.closed) throw new ThawError('Internal', `${this.path} is closed already.`);
  }

  private async place(options: CommitOptions): Promise<void> {
    const delays = options.retryDelaysMs ?? RENAME_RETRY_MS;
    const current = await lstat(this.target).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw localFileError(err, 'check', this.target);
    });
    if (current?.isDirectory()) throw new ThawError('InvalidInput', `A folder is in the way at ${this.target}; the file was kept as ${this.path}.`, { path: this.target });
    if (options.overwrite) return renameRetrying(this.path, this.target, delays);
    if (current) throw exists(this.target, this.path);
    try {
      await link(this.path, this.target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') throw exists(this.target, this.path);
      if (!NO_HARD_LINKS.has(code)) throw localFileError(err, 'move the finished file to', this.target);
      // No hard links here: check, then rename (a file appearing in between is the only gap).
      if (await lstat(this.target).then(() => true, () => false)) throw exists(this.target, this.path);
      return renameRetrying(this.path, this.target, delays);
    }
    await removePart(this.path).catch(() => undefined);
  }
}

function exists(target: string, part: string): ThawError {
  return new ThawError('InvalidInput', `${target} exists already and was not replaced; the download was kept as ${part}.`, { path: target });
}

/** `rename` with a few tries while another program holds the target. */
async function renameRetrying(from: string, to: string, delays: readonly number[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (!LOCKED.has(code) || attempt >= delays.length) {
        const e = localFileError(err, 'move the finished file to', to);
        const tried = LOCKED.has(code) ? `Tried ${attempt + 1} times; the` : 'The';
        throw new ThawError(e.code, `${e.message} ${tried} download was kept as ${from}.`, e.details);
      }
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  }
}

/** Removes a part file (cancel); one that is gone already is fine. */
export async function removePart(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw localFileError(err, 'remove the partial file', path);
  }
}
