/**
 * The `.part` write: parallel positional writes give the right bytes, a
 * resumed job reopens the same part, a failure at any step (ENOSPC on write,
 * EIO on fsync, a failed verify, a locked target) leaves the final path with
 * its old content or absent (F7), a SIGKILLed writer never leaves a partial
 * final file (F8), a locked target is retried a bounded number of times
 * (F9), part names never collide across jobs and keys (F11), and a planted
 * symlink at the part or the final path is never written through.
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PartFile, partPathOf, removePart } from './part-file';

/** Faults injected into node:fs/promises: an errno code per call, consumed in order. */
const faults = vi.hoisted(() => ({ write: [] as string[], sync: [] as string[], rename: [] as string[], link: [] as string[], renames: 0 }));
const fail = (queue: string[]): void => {
  const code = queue.shift();
  if (code) throw Object.assign(new Error(`injected ${code}`), { code });
};

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    open: async (...args: Parameters<typeof real.open>) => {
      const handle = await real.open(...args);
      return new Proxy(handle, {
        get(target, prop) {
          const value = Reflect.get(target, prop, target) as unknown;
          if (typeof value !== 'function') return value;
          if (prop === 'write' || prop === 'sync') {
            return async (...a: unknown[]) => {
              fail(faults[prop]);
              return (value as (...x: unknown[]) => unknown).apply(target, a);
            };
          }
          return (value as (...x: unknown[]) => unknown).bind(target);
        },
      });
    },
    rename: async (...args: Parameters<typeof real.rename>) => {
      faults.renames++;
      fail(faults.rename);
      return real.rename(...args);
    },
    link: async (...args: Parameters<typeof real.link>) => {
      fail(faults.link);
      return real.link(...args);
    },
  };
});

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thaw-part-'));
  dirs.push(dir);
  return dir;
}
beforeEach(() => {
  for (const q of [faults.write, faults.sync, faults.rename, faults.link]) q.splice(0);
  faults.renames = 0;
});
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const JOB = 'job-1';
const bytes = (n: number, seed = 1): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) % 251));
const NO_WAIT = { retryDelaysMs: [1, 1, 1, 1] };
/** File symlinks need a privilege on Windows; folder junctions do not. */
const fileLinks = process.platform !== 'win32';

describe('part path', () => {
  it('is a hidden name beside the target, deterministic per job and key, distinct otherwise (F11)', () => {
    const target = join('/dl', 'photos', 'cat.jpg');
    const p = partPathOf(target, JOB, 'photos/cat.jpg');
    expect(dirname(p)).toBe(join('/dl', 'photos'));
    expect(basename(p)).toMatch(/^\.cat\.jpg\.[0-9a-f]{8}\.part$/);
    expect(partPathOf(target, JOB, 'photos/cat.jpg')).toBe(p);
    const many = new Set<string>();
    for (let job = 0; job < 10; job++) for (let k = 0; k < 100; k++) many.add(partPathOf('/dl/same.bin', `job-${job}`, `k/${k % 10}/same.bin#${k}`));
    expect(many.size).toBe(1000);
  });

  it('hashes a name whose part name would pass 255 bytes', () => {
    const long = `${'é'.repeat(120)}.txt`;
    const p = partPathOf(`/dl/${long}`, JOB, long);
    expect(Buffer.byteLength(basename(p))).toBeLessThanOrEqual(255);
    expect(basename(p)).toMatch(/^\.[0-9a-f]{16}\.[0-9a-f]{8}\.part$/);
    expect(partPathOf(`/dl/${long}`, JOB, long)).toBe(p);
    const fits = 'x'.repeat(240);
    expect(basename(partPathOf(`/dl/${fits}`, JOB, fits))).toBe(`.${fits}.${basename(partPathOf(`/dl/${fits}`, JOB, fits)).split('.')[2]}.part`);
  });
});

describe('PartFile', () => {
  it('assembles parallel ranged writes into the right bytes, and removes the part', async () => {
    const dir = tempDir();
    const target = join(dir, 'big.bin');
    const data = bytes(8 * 65_536 + 123);
    const part = await PartFile.open({ target, jobId: JOB, key: 'big.bin' });
    expect(part.resumed).toBe(false);
    const ranges = Array.from({ length: 9 }, (_, i) => i * 65_536).reverse();
    await Promise.all(ranges.map((start) => part.write(start, data.subarray(start, Math.min(start + 65_536, data.length)))));
    expect(existsSync(target)).toBe(false);
    await part.commit({ overwrite: false });
    expect(readFileSync(target).equals(data)).toBe(true);
    expect(readdirSync(dir)).toEqual(['big.bin']);
  });

  it('resumes: the same part path is reopened with its bytes, and starting over empties it', async () => {
    const dir = tempDir();
    const target = join(dir, 'r.bin');
    const data = bytes(1000);
    const first = await PartFile.open({ target, jobId: JOB, key: 'r.bin' });
    await first.write(0, data.subarray(0, 400));
    await first.close();
    const again = await PartFile.open({ target, jobId: JOB, key: 'r.bin' });
    expect(again.path).toBe(first.path);
    expect(again).toMatchObject({ resumed: true, size: 400 });
    await again.write(400, data.subarray(400));
    await again.commit({ overwrite: false });
    expect(readFileSync(target).equals(data)).toBe(true);

    const stale = await PartFile.open({ target: join(dir, 's.bin'), jobId: JOB, key: 's' });
    await stale.write(0, bytes(50));
    await stale.close();
    const fresh = await PartFile.open({ target: join(dir, 's.bin'), jobId: JOB, key: 's', resume: false });
    expect(fresh).toMatchObject({ resumed: false, size: 0 });
    await fresh.write(0, Buffer.from('new'));
    await fresh.commit({ overwrite: false });
    expect(readFileSync(join(dir, 's.bin'), 'utf8')).toBe('new');
  });

  it('sets the mtime, and calls verify after fsync with the whole part and before the target exists', async () => {
    const dir = tempDir();
    const target = join(dir, 'v.txt');
    const part = await PartFile.open({ target, jobId: JOB, key: 'v' });
    await part.write(0, Buffer.from('hello'));
    const seen: string[] = [];
    const mtime = new Date('2024-05-06T07:08:09Z');
    await part.commit({
      overwrite: false,
      mtime,
      verify: async ({ handle, size, path }) => {
        const buf = Buffer.alloc(size);
        await handle.read(buf, 0, size, 0);
        seen.push(buf.toString(), String(existsSync(target)), String(existsSync(path)));
      },
    });
    expect(seen).toEqual(['hello', 'false', 'true']);
    expect(statSync(target).mtime.toISOString()).toBe(mtime.toISOString());
  });

  it('refuses to commit while writes are in flight, and to write after commit', async () => {
    const dir = tempDir();
    const part = await PartFile.open({ target: join(dir, 'x'), jobId: JOB, key: 'x' });
    const pending = part.write(0, bytes(1 << 20));
    await expect(part.commit({ overwrite: false })).rejects.toMatchObject({ code: 'Internal', message: /still in progress/ });
    await pending;
    await part.commit({ overwrite: false });
    await expect(part.write(0, bytes(1))).rejects.toMatchObject({ message: /closed already/ });
  });
});

describe('failures leave the final path whole (F7)', () => {
  it('ENOSPC on a write: a clear DiskFull error, the old file untouched, the part kept for resume', async () => {
    const dir = tempDir();
    const target = join(dir, 'doc.txt');
    writeFileSync(target, 'OLD CONTENT');
    const part = await PartFile.open({ target, jobId: JOB, key: 'doc.txt' });
    await part.write(0, Buffer.from('NEW '));
    faults.write.push('ENOSPC');
    const err = await part.write(4, Buffer.from('CONTENT THAT DOES NOT FIT')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DiskFull', message: /^Could not write to .*\.part: the disk is full\. Free some space, then resume\.$/ });
    expect(readFileSync(target, 'utf8')).toBe('OLD CONTENT');
    await part.close();
    expect(existsSync(part.path)).toBe(true);
    await removePart(part.path);
    expect(readdirSync(dir)).toEqual(['doc.txt']);
  });

  it('EIO on fsync: nothing is renamed, the target does not appear', async () => {
    const dir = tempDir();
    const target = join(dir, 'new.txt');
    const part = await PartFile.open({ target, jobId: JOB, key: 'new.txt' });
    await part.write(0, Buffer.from('data'));
    faults.sync.push('EIO');
    await expect(part.commit({ overwrite: true })).rejects.toMatchObject({ code: 'Internal', message: /Could not save .*\(EIO\)/ });
    expect(existsSync(target)).toBe(false);
    expect(faults.renames).toBe(0);
  });

  it('a failed verify keeps the old file and passes its error through', async () => {
    const dir = tempDir();
    const target = join(dir, 'doc.txt');
    writeFileSync(target, 'OLD');
    const part = await PartFile.open({ target, jobId: JOB, key: 'doc.txt' });
    await part.write(0, Buffer.from('CORRUPT'));
    const mismatch = new Error('checksum mismatch');
    await expect(part.commit({ overwrite: true, verify: async () => Promise.reject(mismatch) })).rejects.toBe(mismatch);
    expect(readFileSync(target, 'utf8')).toBe('OLD');
    await part.discard();
    expect(readdirSync(dir)).toEqual(['doc.txt']);
  });

  it('without overwrite an existing target is refused and kept; with overwrite it is replaced', async () => {
    const dir = tempDir();
    const target = join(dir, 'doc.txt');
    writeFileSync(target, 'OLD');
    const part = await PartFile.open({ target, jobId: JOB, key: 'doc.txt' });
    await part.write(0, Buffer.from('NEW'));
    await expect(part.commit({ overwrite: false })).rejects.toMatchObject({ code: 'InvalidInput', message: /exists already and was not replaced; the download was kept as/ });
    expect(readFileSync(target, 'utf8')).toBe('OLD');
    const again = await PartFile.open({ target, jobId: JOB, key: 'doc.txt' });
    expect(again.size).toBe(3);
    await again.commit({ overwrite: true });
    expect(readFileSync(target, 'utf8')).toBe('NEW');
    expect(readdirSync(dir)).toEqual(['doc.txt']);
  });

  it('falls back to check-then-rename where hard links are unsupported, still refusing an existing target', async () => {
    const dir = tempDir();
    const part = await PartFile.open({ target: join(dir, 'a'), jobId: JOB, key: 'a' });
    await part.write(0, Buffer.from('A'));
    faults.link.push('EPERM');
    await part.commit({ overwrite: false });
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('A');
    const second = await PartFile.open({ target: join(dir, 'a'), jobId: JOB, key: 'a2' });
    await second.write(0, Buffer.from('B'));
    faults.link.push('ENOTSUP');
    await expect(second.commit({ overwrite: false })).rejects.toMatchObject({ message: /exists already/ });
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('A');
  });

  it('refuses a folder in the way', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'd'));
    const part = await PartFile.open({ target: join(dir, 'd'), jobId: JOB, key: 'd' });
    await part.write(0, Buffer.from('x'));
    await expect(part.commit({ overwrite: true })).rejects.toMatchObject({ message: /A folder is in the way/ });
    expect(lstatSync(join(dir, 'd')).isDirectory()).toBe(true);
  });
});

describe('a locked target (F9)', () => {
  it('retries EBUSY/EPERM and then succeeds', async () => {
    const dir = tempDir();
    const target = join(dir, 'locked.txt');
    writeFileSync(target, 'OLD');
    const part = await PartFile.open({ target, jobId: JOB, key: 'k' });
    await part.write(0, Buffer.from('NEW'));
    faults.rename.push('EBUSY', 'EPERM', 'EACCES');
    await part.commit({ overwrite: true, ...NO_WAIT });
    expect(faults.renames).toBe(4);
    expect(readFileSync(target, 'utf8')).toBe('NEW');
  });

  it('gives up after 5 tries with a clear error, keeping the old file and the finished part', async () => {
    const dir = tempDir();
    const target = join(dir, 'locked.txt');
    writeFileSync(target, 'OLD');
    const part = await PartFile.open({ target, jobId: JOB, key: 'k' });
    await part.write(0, Buffer.from('NEW'));
    faults.rename.push('EPERM', 'EPERM', 'EPERM', 'EPERM', 'EPERM', 'EPERM');
    const err = await part.commit({ overwrite: true, ...NO_WAIT }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AccessDenied', message: /locked by another program\. Tried 5 times; the download was kept as .*\.part\.$/ });
    expect(faults.renames).toBe(5);
    expect(readFileSync(target, 'utf8')).toBe('OLD');
    expect(readFileSync(part.path, 'utf8')).toBe('NEW');
  });

  it('does not retry other errors', async () => {
    const dir = tempDir();
    const part = await PartFile.open({ target: join(dir, 'x'), jobId: JOB, key: 'x' });
    faults.rename.push('EROFS');
    await expect(part.commit({ overwrite: true, ...NO_WAIT })).rejects.toMatchObject({ code: 'ReadOnly', message: /read-only/ });
    expect(faults.renames).toBe(1);
  });
});

describe('links are never followed', () => {
  it.runIf(fileLinks)('refuses a symlink planted at the part path, resuming or not, and leaves its target alone', async () => {
    const dir = tempDir();
    const outside = join(tempDir(), 'victim');
    writeFileSync(outside, 'VICTIM');
    const target = join(dir, 'f.txt');
    symlinkSync(outside, partPathOf(target, JOB, 'f.txt'));
    for (const resume of [true, false]) {
      await expect(PartFile.open({ target, jobId: JOB, key: 'f.txt', resume })).rejects.toMatchObject({ code: 'InvalidInput', message: /is a symbolic link; Thaw does not write through it/ });
    }
    symlinkSync(join(dir, 'nowhere'), partPathOf(target, JOB, 'dangling'));
    await expect(PartFile.open({ target, jobId: JOB, key: 'dangling' })).rejects.toMatchObject({ message: /symbolic link/ });
    expect(readFileSync(outside, 'utf8')).toBe('VICTIM');
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
  });

  it.runIf(fileLinks)('replaces a symlink at the final path (never its target) with overwrite, and refuses it without', async () => {
    const dir = tempDir();
    const outside = join(tempDir(), 'victim');
    writeFileSync(outside, 'VICTIM');
    const target = join(dir, 'f.txt');
    symlinkSync(outside, target);
    const part = await PartFile.open({ target, jobId: JOB, key: 'f.txt' });
    await part.write(0, Buffer.from('MINE'));
    await expect(part.commit({ overwrite: false })).rejects.toMatchObject({ message: /exists already/ });
    expect(lstatSync(target).isSymbolicLink()).toBe(true);
    const again = await PartFile.open({ target, jobId: JOB, key: 'f.txt' });
    await again.commit({ overwrite: true });
    expect(lstatSync(target).isFile()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('MINE');
    expect(readFileSync(outside, 'utf8')).toBe('VICTIM');
  });
});

describe('a writer killed mid-download (F8)', () => {
  it('leaves the final path with a whole generation, and a part a resumed job reopens', async () => {
    const dir = tempDir();
    const target = join(dir, 'out.bin');
    const size = 256 * 1024;
    writeFileSync(target, Buffer.alloc(size, 0));
    const module = join(import.meta.dirname, 'part-file.ts');
    const script = `
      import { PartFile } from ${JSON.stringify(module)};
      const target = ${JSON.stringify(target)};
      for (let g = 1; ; g++) {
        const part = await PartFile.open({ target, jobId: 'kill', key: 'out.bin', resume: false });
        for (let at = 0; at < ${size}; at += 16384) await part.write(at, Buffer.alloc(16384, g % 256));
        await part.commit({ overwrite: true });
        process.stdout.write(g + '\\n');
      }`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let last = 0;
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = chunk.toString('utf8').trim().split('\n');
        last = Math.max(last, Number(lines[lines.length - 1]));
        if (last >= 25) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await exited;
    const final = readFileSync(target);
    expect(final.length).toBe(size);
    expect(final.every((b) => b === final[0])).toBe(true);
    expect(final[0]).toBeGreaterThanOrEqual(last % 256);
    const resumed = await PartFile.open({ target, jobId: 'kill', key: 'out.bin' });
    expect(resumed.path).toBe(partPathOf(target, 'kill', 'out.bin'));
    await resumed.discard();
    expect(readdirSync(dir)).toEqual(['out.bin']);
  }, 60_000);
});
