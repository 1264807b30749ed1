/**
 * JsonFile and writeFileAtomic: validation on load, damaged and newer files
 * set aside (never overwritten), failed updates that change nothing, mode
 * 0600, serialised updates — and a writer SIGKILLed mid-write that always
 * leaves a whole file behind.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write';
import { JsonFile } from './json-file';

const schema = z.object({ version: z.literal(2), name: z.string(), count: z.number().int().nonnegative() });
type Doc = z.infer<typeof schema>;

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thaw-jsonfile-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function file(dir: string): JsonFile<Doc> {
  return new JsonFile(join(dir, 'doc.json'), { schema, version: 2, defaults: () => ({ version: 2, name: 'default', count: 0 }), now: () => 42 });
}

describe('JsonFile', () => {
  it('gives the defaults when the file is missing, and writes updates with mode 0600', async () => {
    const dir = tempDir();
    const f = file(dir);
    expect(await f.read()).toEqual({ version: 2, name: 'default', count: 0 });
    expect(await f.update((d) => ((d.count = 5), 'ok'))).toBe('ok');
    expect(JSON.parse(readFileSync(f.path, 'utf8'))).toEqual({ version: 2, name: 'default', count: 5 });
    expect(statSync(f.path).mode & 0o777).toBe(0o600);
    expect(await file(dir).read()).toMatchObject({ count: 5 });
    expect(f.problem).toBeUndefined();
  });

  it('sets a damaged file aside, reports it, and starts from the defaults', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'doc.json'), '{"version":2,"name":');
    const f = file(dir);
    expect(await f.read()).toMatchObject({ name: 'default' });
    expect(f.problem?.kind).toBe('damaged');
    expect(f.problem?.message).toMatch(/not valid JSON/);
    expect(readFileSync(join(dir, 'doc.json.damaged-42'), 'utf8')).toBe('{"version":2,"name":');
  });

  it('sets aside a file that parses but does not match the schema', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'doc.json'), JSON.stringify({ version: 2, name: 'x', count: -1 }));
    const f = file(dir);
    await f.read();
    expect(f.problem?.message).toMatch(/expected contents .* at count/);
  });

  it('keeps a file from a newer Thaw aside instead of overwriting it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'doc.json'), JSON.stringify({ version: 9, future: true }));
    const f = file(dir);
    await f.read();
    expect(f.problem?.kind).toBe('newer');
    await f.update((d) => void (d.count = 1));
    expect(JSON.parse(readFileSync(join(dir, 'doc.json.newer-42'), 'utf8'))).toEqual({ version: 9, future: true });
  });

  it('retries a read that failed for a passing reason instead of caching the error', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'doc.json'));
    const f = file(dir);
    await expect(f.read()).rejects.toMatchObject({ code: 'EISDIR' });
    rmSync(join(dir, 'doc.json'), { recursive: true });
    writeFileSync(join(dir, 'doc.json'), JSON.stringify({ version: 2, name: 'back', count: 3 }));
    expect(await f.read()).toMatchObject({ name: 'back' });
  });

  it('changes nothing when the change throws or breaks the schema', async () => {
    const dir = tempDir();
    const f = file(dir);
    await f.update((d) => void (d.count = 1));
    await expect(
      f.update(() => {
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    await expect(f.update((d) => void (d.count = -5))).rejects.toThrow();
    expect(await f.read()).toMatchObject({ count: 1 });
    expect(JSON.parse(readFileSync(f.path, 'utf8'))).toMatchObject({ count: 1 });
  });

  it('serialises concurrent updates so none is lost', async () => {
    const dir = tempDir();
    const f = file(dir);
    await Promise.all(Array.from({ length: 25 }, () => f.update((d) => void (d.count += 1))));
    expect(JSON.parse(readFileSync(f.path, 'utf8'))).toMatchObject({ count: 25 });
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('writeFileAtomic', () => {
  it('leaves the old contents when the write fails', async () => {
    const dir = tempDir();
    const target = join(dir, 'a.json');
    await writeFileAtomic(target, 'old');
    // A directory where the temp file's directory should be makes the open fail.
    await expect(writeFileAtomic(join(target, 'inner.json'), 'new')).rejects.toBeTruthy();
    expect(readFileSync(target, 'utf8')).toBe('old');
  });

  it('always leaves a whole file when the writer is SIGKILLed mid-write', async () => {
    const dir = tempDir();
    const target = join(dir, 'settings.json');
    const writer = join(import.meta.dirname, '..', 'testing', 'atomic-writer.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', writer, target], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let last = 0;
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = chunk.toString('utf8').trim().split('\n');
        last = Math.max(last, Number(lines[lines.length - 1]));
        if (last >= 60) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await exited;
    const doc = JSON.parse(readFileSync(target, 'utf8')) as { generation: number; filler: string };
    expect(doc.generation).toBeGreaterThanOrEqual(last);
    expect(doc.filler).toHaveLength(64 * 1024);
  }, 60_000);
});
