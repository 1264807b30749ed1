/**
 * The plan's key file: hostile keys round-trip byte for byte, reads from any
 * line through the sparse byte-offset index (multi-byte keys included),
 * paging with readKeys, stopping, and a damaged last line that is refused
 * rather than misread.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { forEachKey, INDEX_STEP, KeyFileWriter, PLAN_NEEDS_RESTORE, PLAN_RESTORED, readKeys, type KeyLine } from './key-file';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thaw-keyfile-'));
  dirs.push(dir);
  return join(dir, 'keys.jsonl');
}

async function write(path: string, lines: KeyLine[]): Promise<number> {
  const w = new KeyFileWriter(path);
  for (const l of lines) w.add(l);
  return w.finish();
}

async function readAll(path: string, from?: number): Promise<Array<[number, KeyLine]>> {
  const out: Array<[number, KeyLine]> = [];
  await forEachKey(path, (line, i) => void out.push([i, line]), from === undefined ? {} : { from });
  return out;
}

const line = (key: string, n: number): KeyLine => ({
  key,
  kind: n % 4,
  size: n * 1_000_003,
  plan: n % 3 === 0 ? PLAN_RESTORED : PLAN_NEEDS_RESTORE,
  expiry: n % 3 === 0 ? Date.UTC(2026, 6, 1 + (n % 28)) : 0,
  segment: n % 5,
});

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Keys S3 allows that break naive line, CSV or URL handling. */
const HOSTILE = [
  'plain/key.txt',
  'new\nline',
  'carriage\rreturn',
  'crlf\r\nkey',
  'tab\tkey',
  'per%25cent%2Fnot-decoded',
  'plus+and space',
  '"quoted" \\back\\slash',
  'line\u2028sep\u2029para\u0085nel',
  'nul\u0000byte',
  '日本語/ファイル.txt',
  'emoji/😀🎉',
  '',
  'x'.repeat(1024),
  // 341 three-byte characters and one ASCII: exactly S3's 1024-byte limit.
  `${'日'.repeat(341)}a`,
  // 256 four-byte characters: 1024 bytes, 512 UTF-16 units.
  '😀'.repeat(256),
];

describe('key file', () => {
  it('round-trips hostile keys and every field, one line each', async () => {
    expect(utf8Bytes(HOSTILE.at(-2)!)).toBe(1024);
    expect(utf8Bytes(HOSTILE.at(-1)!)).toBe(1024);
    const path = tempFile();
    const lines = HOSTILE.map(line);
    expect(await write(path, lines)).toBe(lines.length);
    // Newlines inside keys are escaped: the file has exactly one line per key.
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(lines.length + 1);
    const back = await readAll(path);
    expect(back.map(([i]) => i)).toEqual(lines.map((_, i) => i));
    expect(back.map(([, l]) => l)).toEqual(lines);
    const index = JSON.parse(readFileSync(`${path}.idx.json`, 'utf8')) as { step: number; count: number; offsets: number[] };
    expect(index).toEqual({ step: INDEX_STEP, count: lines.length, offsets: [0] });
  });

  it('starts at any line through the index, counting bytes, not characters', async () => {
    const path = tempFile();
    // Multi-byte keys of varying length: an offset counted in UTF-16 units would land mid-line.
    const n = 3 * INDEX_STEP + 17;
    const lines = Array.from({ length: n }, (_, i) => line(`${HOSTILE[i % HOSTILE.length]}#${i}`, i));
    await write(path, lines);
    const index = JSON.parse(readFileSync(`${path}.idx.json`, 'utf8')) as { offsets: number[] };
    expect(index.offsets).toHaveLength(4);
    const bytesBefore = (k: number) => lines.slice(0, k).reduce((sum, l) => sum + utf8Bytes(`${JSON.stringify([l.key, l.kind, l.size, l.plan, l.expiry, l.segment])}\n`), 0);
    expect(index.offsets).toEqual([0, INDEX_STEP, 2 * INDEX_STEP, 3 * INDEX_STEP].map(bytesBefore));

    for (const from of [1, INDEX_STEP - 1, INDEX_STEP, INDEX_STEP + 5, 2 * INDEX_STEP, n - 1]) {
      const got = await readAll(path, from);
      expect(got.length).toBe(n - from);
      expect(got[0]).toEqual([from, lines[from]]);
      expect(got.at(-1)).toEqual([n - 1, lines[n - 1]]);
    }
    expect(await readAll(path, n)).toEqual([]);
    expect(await readAll(path, n + 5000)).toEqual([]);
  });

  it('reads the same lines without its index (scanning from the start)', async () => {
    const path = tempFile();
    const lines = Array.from({ length: INDEX_STEP + 10 }, (_, i) => line(`k/${i}/é`, i));
    await write(path, lines);
    unlinkSync(`${path}.idx.json`);
    const got = await readAll(path, INDEX_STEP + 3);
    expect(got.map(([i]) => i)).toEqual([INDEX_STEP + 3, INDEX_STEP + 4, INDEX_STEP + 5, INDEX_STEP + 6, INDEX_STEP + 7, INDEX_STEP + 8, INDEX_STEP + 9]);
    expect(got[0]![1]).toEqual(lines[INDEX_STEP + 3]);
  });

  it('readKeys returns exactly the lines asked for, near and far apart', async () => {
    const path = tempFile();
    const n = 4 * INDEX_STEP;
    const lines = Array.from({ length: n }, (_, i) => line(`${i % 7 === 0 ? '😀' : 'a'}/${i}`, i));
    await write(path, lines);
    const wanted = [0, 1, 5, INDEX_STEP - 1, INDEX_STEP, 3 * INDEX_STEP + 2, n - 1];
    const got = await readKeys(path, wanted);
    expect([...got.keys()].sort((a, b) => a - b)).toEqual(wanted);
    for (const i of wanted) expect(got.get(i)).toEqual(lines[i]);
    expect((await readKeys(path, [])).size).toBe(0);
  });

  it('readKeys takes line numbers in any order, repeated or not (a job passes its files as they were named)', async () => {
    const path = tempFile();
    const n = 2 * INDEX_STEP;
    const lines = Array.from({ length: n }, (_, i) => line(`k/${i}`, i));
    await write(path, lines);
    const wanted = [26, 23, 27, 31, 0, INDEX_STEP + 4, 3, 23];
    const got = await readKeys(path, wanted);
    expect([...got.keys()].sort((a, b) => a - b)).toEqual([0, 3, 23, 26, 27, 31, INDEX_STEP + 4]);
    for (const i of wanted) expect(got.get(i)).toEqual(lines[i]);
  });

  it('stops when the callback says so or the signal aborts', async () => {
    const path = tempFile();
    await write(path, Array.from({ length: 50 }, (_, i) => line(`k${i}`, i)));
    const seen: number[] = [];
    await forEachKey(path, (_l, i) => {
      seen.push(i);
      return i < 9;
    });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

    const controller = new AbortController();
    const aborted: number[] = [];
    await forEachKey(
      path,
      (_l, i) => {
        aborted.push(i);
        if (i === 4) controller.abort();
      },
      { signal: controller.signal },
    );
    expect(aborted).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses a truncated last line instead of inventing a key, after delivering every whole line', async () => {
    const path = tempFile();
    const lines = HOSTILE.map(line);
    await write(path, lines);
    // Cut the file in the middle of its last line (a damaged disk or a copy cut short).
    const lastLen = utf8Bytes(`${JSON.stringify([lines.at(-1)!.key, 0, 0, 0, 0, 0])}\n`);
    truncateSync(path, statSync(path).size - Math.floor(lastLen / 2));
    const seen: KeyLine[] = [];
    await expect(forEachKey(path, (l) => void seen.push(l))).rejects.toThrow(SyntaxError);
    expect(seen).toEqual(lines.slice(0, -1));
  });
});
