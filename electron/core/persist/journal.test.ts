/**
 * The journal: replay, torn tails, refusal of damaged and newer files,
 * group commit, full disks, compaction — and a writer SIGKILLed mid-stream
 * whose every acknowledged record must be found on disk afterwards.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal, JournalError, parseJournal, type JournalHandle, type JournalRecord } from './journal';

interface Tick extends JournalRecord {
  seq: number;
}

const dirs: string[] = [];
function tempPath(name = 'journal.jsonl'): string {
  const dir = mkdtempSync(join(tmpdir(), 'thaw-journal-'));
  dirs.push(dir);
  return join(dir, name);
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const tick = (seq: number): Tick => ({ v: 1, at: 1_000 + seq, op: 'tick', seq });

describe('Journal', () => {
  it('replays what was appended, in order, across reopenings', async () => {
    const path = tempPath();
    const first = await Journal.open<Tick>(path, { version: 1 });
    expect(first.records).toEqual([]);
    await Promise.all([0, 1, 2].map((n) => first.journal.append(tick(n))));
    await first.journal.close();
    const second = await Journal.open<Tick>(path, { version: 1 });
    await second.journal.append(tick(3));
    await second.journal.close();
    const third = await Journal.open<Tick>(path, { version: 1 });
    expect(third.records.map((r) => r.seq)).toEqual([0, 1, 2, 3]);
    expect(third.tornTail).toBe(false);
    await third.journal.close();
  });

  it('drops a torn last line and cuts it off before appending', async () => {
    const path = tempPath();
    writeFileSync(path, `${JSON.stringify(tick(0))}\n${JSON.stringify(tick(1))}\n{"v":1,"at":5,"op":"ti`);
    const { journal, records, tornTail } = await Journal.open<Tick>(path, { version: 1 });
    expect(tornTail).toBe(true);
    expect(records.map((r) => r.seq)).toEqual([0, 1]);
    await journal.append(tick(2));
    await journal.close();
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as Tick).seq)).toEqual([0, 1, 2]);
  });

  it('refuses a damaged line in the middle instead of skipping it', async () => {
    const path = tempPath();
    writeFileSync(path, `${JSON.stringify(tick(0))}\nnot json at all\n${JSON.stringify(tick(2))}\n`);
    const err = await Journal.open(path, { version: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalError);
    expect((err as JournalError).kind).toBe('corrupt');
    expect((err as JournalError).line).toBe(2);
    expect((err as Error).message).toMatch(/damaged at line 2/);
    // Left untouched for the user (and for a fixed Thaw).
    expect(readFileSync(path, 'utf8')).toContain('not json at all');
  });

  it('refuses records from a newer format version', () => {
    const text = `${JSON.stringify(tick(0))}\n${JSON.stringify({ ...tick(1), v: 7 })}\n`;
    expect(() => parseJournal(text, 1)).toThrow(/newer version of Thaw/);
  });

  it('refuses records without a version or an op', () => {
    expect(() => parseJournal('{"at":1}\n', 1)).toThrow(JournalError);
    expect(() => parseJournal('[1,2]\n', 1)).toThrow(JournalError);
  });

  it('groups appends made while a sync runs into one batch', async () => {
    const path = tempPath();
    let syncs = 0;
    const opener = async (p: string): Promise<JournalHandle> => {
      const h = await open(p, 'a');
      return {
        appendFile: (data, opts) => h.appendFile(data, opts),
        datasync: async () => {
          syncs++;
          await h.datasync();
        },
        truncate: (len) => h.truncate(len),
        close: () => h.close(),
      };
    };
    const { journal } = await Journal.open<Tick>(path, { version: 1, opener });
    await Promise.all(Array.from({ length: 500 }, (_, n) => journal.append(tick(n))));
    await journal.close();
    expect(syncs).toBeGreaterThanOrEqual(1);
    expect(syncs).toBeLessThanOrEqual(3);
    expect(parseJournal<Tick>(readFileSync(path, 'utf8'), 1).records).toHaveLength(500);
  });

  it('on a full disk rejects the batch, keeps the file clean, and goes on once there is room', async () => {
    const path = tempPath();
    let full = false;
    const opener = async (p: string): Promise<JournalHandle> => {
      const h = await open(p, 'a');
      return {
        appendFile: async (data, opts) => {
          if (full) {
            // Half the batch reaches the file, then the disk is full: the worst case.
            const text = String(data);
            await h.appendFile(text.slice(0, Math.floor(text.length / 2)), opts);
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          }
          return h.appendFile(data, opts);
        },
        datasync: () => h.datasync(),
        truncate: (len) => h.truncate(len),
        close: () => h.close(),
      };
    };
    const { journal } = await Journal.open<Tick>(path, { version: 1, opener });
    await journal.append(tick(0));
    full = true;
    const failed = await Promise.allSettled([journal.append(tick(1)), journal.append(tick(2))]);
    expect(failed.map((f) => f.status)).toEqual(['rejected', 'rejected']);
    expect((failed[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'ENOSPC' });
    full = false;
    await journal.append(tick(3));
    await journal.close();
    const replay = await Journal.open<Tick>(path, { version: 1 });
    expect(replay.records.map((r) => r.seq)).toEqual([0, 3]);
    expect(replay.tornTail).toBe(false);
    await replay.journal.close();
  });

  it('compacts with replace, in order with appends before and after', async () => {
    const path = tempPath();
    const { journal } = await Journal.open<Tick>(path, { version: 1 });
    const before = journal.append(tick(0));
    const swapped = journal.replace([tick(100)]);
    const after = journal.append(tick(101));
    await Promise.all([before, swapped, after]);
    await journal.close();
    const replay = await Journal.open<Tick>(path, { version: 1 });
    expect(replay.records.map((r) => r.seq)).toEqual([100, 101]);
    await replay.journal.close();
  });

  it('loses no acknowledged record when the writer is SIGKILLed mid-stream', async () => {
    const path = tempPath();
    const writer = join(import.meta.dirname, '..', 'testing', 'journal-writer.ts');
    for (let round = 0; round < 2; round++) {
      const acked = new Set<number>();
      const child = spawn(process.execPath, ['--import', 'tsx', writer, path], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      let buffered = '';
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          buffered += chunk.toString('utf8');
          const lines = buffered.split('\n');
          buffered = lines.pop() ?? '';
          for (const l of lines) acked.add(Number(l));
          // Kill at an arbitrary moment once a good number of records went by.
          if (acked.size >= 400 + round * 137) {
            child.kill('SIGKILL');
            resolve();
          }
        });
      });
      await exited;
      // A torn tail is allowed (the kill may land mid-write); a damaged middle is not.
      const { records, journal } = await Journal.open<Tick>(path, { version: 1 });
      await journal.close();
      const seqs = new Set(records.map((r) => r.seq));
      for (const n of acked) expect(seqs.has(n)).toBe(true);
      // Nothing was written twice or out of order across the restarts.
      expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => i));
    }
  }, 60_000);
});

describe('parseJournal', () => {
  it('ignores blank lines and reports where the good text ends', () => {
    const good = `${JSON.stringify(tick(0))}\n\n${JSON.stringify(tick(1))}\n`;
    const { records, goodLength, tornTail } = parseJournal<Tick>(`${good}{"v":`, 1);
    expect(records.map((r) => r.seq)).toEqual([0, 1]);
    expect(goodLength).toBe(good.length);
    expect(tornTail).toBe(true);
  });

  it('keeps keys with newlines and separators intact (JSON escapes them)', () => {
    const hostile = { v: 1, at: 0, op: 'key', key: 'a\nb\r\u2028c\u0000' };
    const { records } = parseJournal<typeof hostile>(`${JSON.stringify(hostile)}\n`, 1);
    expect(records[0]?.key).toBe(hostile.key);
  });
});

// Appending text by hand (a torn write from another process) must not be mistaken for a record.
it('a record appended without its newline by a crash is torn, not kept', async () => {
  const path = tempPath();
  const { journal } = await Journal.open<Tick>(path, { version: 1 });
  await journal.append(tick(0));
  await journal.close();
  appendFileSync(path, JSON.stringify(tick(1)));
  const replay = await Journal.open<Tick>(path, { version: 1 });
  expect(replay.records.map((r) => r.seq)).toEqual([0]);
  expect(replay.tornTail).toBe(true);
  await replay.journal.close();
});
