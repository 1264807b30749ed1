/**
 * Replacing a file so that a crash leaves either the old or the new contents, never a mix.
 *
 * The one atomic write of the core: settings, connections, journal
 * snapshots and exports all go through it. The new contents go to a temp
 * file beside the target (same directory, so the rename cannot cross file
 * systems), are fsynced, renamed over the target, and the directory is
 * fsynced so the rename itself survives a power cut. Files are created with
 * mode 0600: they hold connection details, job specs and the activity log,
 * which other local users have no business reading.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Options of `writeFileAtomic`. */
export interface AtomicWriteOptions {
  /** File mode of the new file (default 0600). */
  mode?: number;
}

/**
 * Writes `data` to `path` atomically.
 *
 * On failure (a full disk, a vanished directory) the target keeps its old
 * contents, the temp file is removed, and the error propagates.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = `${path}.${randomUUID()}.tmp`;
  const handle = await open(tmp, 'w', options.mode ?? 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dir);
}

/**
 * Fsyncs a directory so a rename or a new file in it is durable.
 *
 * Windows cannot open a directory for syncing (EPERM/EISDIR); NTFS makes
 * the rename durable with the file, so the error is ignored there.
 */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EBADF') throw err;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
