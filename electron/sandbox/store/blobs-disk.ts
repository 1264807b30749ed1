/**
 * Object bodies as files under `<dataDir>/blobs`, named by SHA-256.
 *
 * A key never becomes a path: the file name is the hash of the bytes. Each
 * file is written to `<dataDir>/tmp`, fsynced and renamed into place, so a
 * crash leaves either the whole file or a stray temp file (removed on open).
 * Reference counts live in memory and are rebuilt from the metadata on open.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { ByteRange } from '../store-types';
import { blobId, type BlobStore } from './blobs';

/** Creates a blob store in `<dataDir>/blobs`, clearing `<dataDir>/tmp` of leftovers. */
export function createDiskBlobStore(dataDir: string): BlobStore {
  const root = join(dataDir, 'blobs');
  const tmp = join(dataDir, 'tmp');
  mkdirSync(root, { recursive: true });
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const refs = new Map<string, number>();
  /** Writes in flight, so a second put of the same bytes waits for the first. */
  const writing = new Map<string, Promise<void>>();
  const pathOf = (id: string) => join(root, id.slice(0, 2), id);
  let deferred: string[] | undefined;
  const madeDirs = new Set<string>();

  async function write(id: string, data: Buffer): Promise<void> {
    const dir = join(root, id.slice(0, 2));
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    const temp = join(tmp, `${id}.${randomBytes(6).toString('hex')}`);
    const fh = await open(temp, 'w');
    try {
      await fh.writeFile(data);
      if (deferred) deferred.push(id);
      else await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(temp, pathOf(id));
  }

  return {
    async put(data) {
      const id = blobId(data);
      // Count the reference before any await so a concurrent release cannot unlink under us.
      const n = refs.get(id) ?? 0;
      refs.set(id, n + 1);
      const pending = writing.get(id);
      if (pending) await pending;
      else if (n === 0 && !existsSync(pathOf(id))) {
        const p = write(id, data).finally(() => writing.delete(id));
        writing.set(id, p);
        try {
          await p;
        } catch (e) {
          this.release(id);
          throw e;
        }
      }
      return id;
    },
    retain(id) {
      const n = refs.get(id);
      if (!n) throw new Error(`Blob ${id} is not stored`);
      refs.set(id, n + 1);
    },
    release(id) {
      const n = refs.get(id) ?? 0;
      if (n > 1) {
        refs.set(id, n - 1);
        return;
      }
      refs.delete(id);
      // Synchronous, so a put that starts right after sees the file gone and rewrites it.
      rmSync(pathOf(id), { force: true });
    },
    async read(id, range?: ByteRange) {
      if (!range) return readFile(pathOf(id));
      const fh = await open(pathOf(id), 'r');
      try {
        const length = range.end - range.start + 1;
        const buf = Buffer.alloc(length);
        const { bytesRead } = await fh.read(buf, 0, length, range.start);
        return buf.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
    },
    async reconcile(counts) {
      refs.clear();
      for (const [id, n] of counts) if (n > 0) refs.set(id, n);
      for (const dir of readdirSync(root)) {
        for (const name of readdirSync(join(root, dir))) {
          if (!refs.has(name)) unlinkSync(join(root, dir, name));
        }
      }
    },
    deferSync(on) {
      deferred = on ? (deferred ?? []) : deferred;
    },
    async flush() {
      const ids = deferred ?? [];
      deferred = undefined;
      // Sync in small parallel batches: the kernel can merge the flushes.
      for (let i = 0; i < ids.length; i += 32) {
        await Promise.all(
          ids.slice(i, i + 32).map(async (id) => {
            const fh = await open(pathOf(id), 'r').catch(() => undefined);
            if (!fh) return; // released since
            try {
              await fh.sync();
            } finally {
              await fh.close();
            }
          }),
        );
      }
      for (const dir of new Set(ids.map((id) => id.slice(0, 2)))) {
        const fh = await open(join(root, dir), 'r');
        try {
          await fh.sync();
        } finally {
          await fh.close();
        }
      }
    },
    async close() {
      await Promise.allSettled(writing.values());
    },
  };
}
