/**
 * Local name collisions: case and NFC/NFD variants (E9), a file where a
 * folder is needed (E10), `p//x` next to `p/x` reported and never dropped
 * (E11), the four policies among keys and against the disk — never a silent
 * overwrite — and a million keys planned quickly.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COLLIDING_KEYS, HOSTILE_KEYS } from './hostile-keys';
import { findConflicts, foldPath, LocalNames, probeLocal, withSuffix, type LocalState, type PlannedEntry } from './collisions';
import { mapKey, resolveRoot, type DownloadRoot } from './local-path';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
async function root(): Promise<DownloadRoot> {
  const dir = mkdtempSync(join(tmpdir(), 'thaw-collisions-'));
  dirs.push(dir);
  return resolveRoot(dir);
}

/** Entries as a planner makes them: mapKey's relative path, or its refusal. */
function entriesOf(r: DownloadRoot, keys: readonly string[]): PlannedEntry[] {
  return keys.map((k) => {
    const m = mapKey(r, k);
    return m.ok ? m.relative : m;
  });
}

/** Every entry has exactly one of a name and a reason. */
function expectAccounted(names: LocalNames, count: number): void {
  for (let i = 0; i < count; i++) expect((names.nameOf(i) === undefined) !== (names.reasonOf(i) === undefined), `entry ${i}`).toBe(true);
}

/** A fake disk of relative paths. */
function disk(state: Record<string, LocalState>): (relative: string) => Promise<LocalState> {
  return async (relative) => state[relative] ?? { kind: 'none' };
}

describe('findConflicts', () => {
  it.each(COLLIDING_KEYS.map((c) => [`${c.id} ${c.kind}: ${c.keys.join(' vs ')}`, c] as const))('%s', async (_name, c) => {
    const r = await root();
    const conflicts = findConflicts(entriesOf(r, c.keys));
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.kind).toBe(c.kind);
  });

  it('lets the first keep a name, and the file give way to a folder whatever the order', () => {
    expect(findConflicts(['a.txt', 'b', 'A.TXT'])).toEqual([{ index: 2, withIndex: 0, kind: 'case' }]);
    expect(findConflicts(['a', 'a/b'])).toEqual([{ index: 0, withIndex: 1, kind: 'file-folder' }]);
    expect(findConflicts(['a/b', 'a'])).toEqual([{ index: 1, withIndex: 0, kind: 'file-folder' }]);
    expect(findConflicts(['x/a/b/c', 'X/A'])).toEqual([{ index: 1, withIndex: 0, kind: 'file-folder' }]);
    expect(findConflicts(['a/b', 'a/c', 'ab', 'a b'])).toEqual([]);
  });

  it('ignores refusals, so p//x stands apart from p/x (E11)', async () => {
    const r = await root();
    const entries = entriesOf(r, ['p//x', 'p/x']);
    expect(typeof entries[0]).toBe('object');
    expect(findConflicts(entries)).toEqual([]);
  });

  it('folds NFC/NFD, case, and ß/ss', () => {
    expect(foldPath('Caf\u00e9')).toBe(foldPath('cafe\u0301'));
    expect(foldPath('STRASSE')).toBe(foldPath('straße'));
    expect(foldPath('A/B.TXT')).toBe('a/b.txt');
  });
});

describe('LocalNames.plan among keys', () => {
  it('reports p//x as unsafe and keeps p/x: nothing is dropped silently', async () => {
    const r = await root();
    const names = LocalNames.plan(entriesOf(r, ['p//x', 'p/x', 'x/']), 'skip');
    expect(names.reasonOf(0)).toMatch(/empty segment/);
    expect(names.nameOf(1)).toBe('p/x');
    expect(names.reasonOf(2)).toMatch(/marks a folder/);
    expectAccounted(names, 3);
  });

  it('skip: the one that gives way is skipped, with a sentence naming the other', () => {
    const names = LocalNames.plan(['a.txt', 'A.txt', 'caf\u00e9', 'cafe\u0301', 'd', 'd/e'], 'skip');
    expect(names.nameOf(0)).toBe('a.txt');
    expect(names.reasonOf(1)).toBe('“A.txt” differs from “a.txt” only in letter case, which Windows, macOS and USB drives do not tell apart; it was skipped.');
    expect(names.reasonOf(3)).toMatch(/once Unicode-normalised/);
    expect(names.reasonOf(4)).toMatch(/“d” would have to be a file and also the folder holding “d\/e”/);
    expect(names.nameOf(5)).toBe('d/e');
    expect(names.conflicts.map((c) => c.resolution)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(names.named).toBe(3);
  });

  it.each(['rename', 'overwrite', 'newer'] as const)('%s: the one that gives way is renamed, never written onto the other', (policy) => {
    const names = LocalNames.plan(['a.txt', 'A.txt', 'a (1).txt', 'A.TXT', 'd', 'd/e', '.env', '.ENV'], policy);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => names.nameOf(i))).toEqual(['a.txt', 'A (2).txt', 'a (1).txt', 'A (3).TXT', 'd (1)', 'd/e', '.env', '.ENV (1)']);
    expect(names.conflicts).toContainEqual({ index: 4, withIndex: 5, kind: 'file-folder', resolution: 'renamed', name: 'd (1)' });
    const folded = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => foldPath(names.nameOf(i)!));
    expect(new Set(folded).size).toBe(8);
  });

  it('never renames onto a planned folder, and skips when no numbered name fits', () => {
    const names = LocalNames.plan(['a.txt', 'A.txt', 'a (1).txt/x'], 'rename');
    expect(names.nameOf(1)).toBe('A (2).txt');
    const long = `${'x'.repeat(251)}.txt`;
    const tight = LocalNames.plan([long, long.toUpperCase()], 'rename');
    expect(tight.reasonOf(1)).toMatch(/no room for a numbered name, so it was skipped/);
    const limited = LocalNames.plan(['a', 'A'], 'rename', (rel) => rel.length <= 3);
    expect(limited.reasonOf(1)).toMatch(/no room/);
  });

  it('places the suffix before the last extension', () => {
    expect(withSuffix('dir/archive.tar.gz', 1)).toBe('dir/archive.tar (1).gz');
    expect(withSuffix('.bashrc', 2)).toBe('.bashrc (2)');
    expect(withSuffix('dir.d/noext', 3)).toBe('dir.d/noext (3)');
  });

  it('maps the whole hostile corpus to names no disk can merge, and accounts for every key', async () => {
    const r = await root();
    const keys = [...HOSTILE_KEYS.map((h) => h.key), ...COLLIDING_KEYS.flatMap((c) => c.keys)];
    const names = LocalNames.plan(entriesOf(r, keys), 'rename');
    expectAccounted(names, keys.length);
    const named = keys.map((_, i) => names.nameOf(i)).filter((n): n is string => n !== undefined);
    expect(new Set(named.map(foldPath)).size).toBe(named.length);
    const asFolders = new Set(named.flatMap((n) => n.split('/').slice(0, -1).map((_, i, s) => foldPath(s.slice(0, i + 1).join('/')))));
    expect(named.filter((n) => asFolders.has(foldPath(n)))).toEqual([]);
  });

  it('is deterministic: 100 keys with duplicates into one folder plan the same twice (F11)', () => {
    const keys = Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? `dl/File${i % 10}.bin` : `dl/file${i % 10}.bin`));
    const a = LocalNames.plan(keys, 'rename');
    const b = LocalNames.plan(keys, 'rename');
    const names = keys.map((_, i) => a.nameOf(i));
    expect(names).toEqual(keys.map((_, i) => b.nameOf(i)));
    expect(new Set(names.map((n) => foldPath(n!))).size).toBe(100);
  });

  it('plans 1,000,000 keys in a few seconds', () => {
    const keys: string[] = new Array<string>(1_000_000);
    for (let i = 0; i < keys.length; i++) keys[i] = `logs/${i % 997}/day-${i % 31}/part-${i}.gz`;
    for (let j = 0; j < keys.length; j += 1000) keys[j + 1] = `LOGS/${j % 997}/day-${j % 31}/PART-${j}.gz`;
    const started = performance.now();
    const names = LocalNames.plan(keys, 'rename');
    const ms = performance.now() - started;
    expect(names.conflicts).toHaveLength(1000);
    expect(names.nameOf(1)).toBe('LOGS/0/day-0/PART-0 (1).gz');
    expect(names.named).toBe(1_000_000);
    expect(ms).toBeLessThan(10_000);
    console.info(`planned 1,000,000 keys in ${Math.round(ms)} ms, ${names.conflicts.length} conflicts`);
  }, 60_000);
});

describe('LocalNames.atWrite against the disk', () => {
  const file = (mtimeMs: number): LocalState => ({ kind: 'file', mtimeMs, size: 1 });

  it('writes when nothing is there, under every policy', async () => {
    for (const policy of ['skip', 'rename', 'overwrite', 'newer'] as const) {
      expect(await LocalNames.plan(['a'], policy).atWrite(0, disk({}))).toEqual({ action: 'write', relative: 'a', replace: false });
    }
  });

  it('skip skips, overwrite replaces, newer compares dates, rename numbers', async () => {
    const there = disk({ 'a.txt': file(1000) });
    expect(await LocalNames.plan(['a.txt'], 'skip').atWrite(0, there)).toEqual({ action: 'skip', reason: '“a.txt” exists already.' });
    expect(await LocalNames.plan(['a.txt'], 'overwrite').atWrite(0, there)).toEqual({ action: 'write', relative: 'a.txt', replace: true });
    expect(await LocalNames.plan(['a.txt'], 'newer').atWrite(0, there, 2000)).toEqual({ action: 'write', relative: 'a.txt', replace: true });
    expect(await LocalNames.plan(['a.txt'], 'newer').atWrite(0, there, 1000)).toMatchObject({ action: 'skip', reason: /as new as the object or newer/ });
    expect(await LocalNames.plan(['a.txt'], 'newer').atWrite(0, there)).toMatchObject({ action: 'skip', reason: /no date/ });
    const crowded = disk({ 'a.txt': file(1), 'a (1).txt': file(1) });
    const names = LocalNames.plan(['a.txt', 'a (2).txt'], 'rename');
    expect(await names.atWrite(0, crowded)).toEqual({ action: 'write', relative: 'a (3).txt', replace: false });
    expect(names.nameOf(0)).toBe('a (3).txt');
  });

  it('never replaces a folder or a link, and two files starting at once get different names', async () => {
    for (const what of ['folder', 'link', 'special'] as const) {
      const there = disk({ x: { kind: 'other', what } });
      expect(await LocalNames.plan(['x'], 'overwrite').atWrite(0, there)).toMatchObject({ action: 'skip', reason: /is in the way; Thaw does not replace it/ });
      expect(await LocalNames.plan(['x'], 'rename').atWrite(0, there)).toMatchObject({ action: 'write', relative: 'x (1)' });
    }
    const names = LocalNames.plan(['a.txt', 'A.txt'], 'rename');
    const both = disk({ 'a.txt': file(1), 'A (1).txt': file(1) });
    const [d0, d1] = await Promise.all([names.atWrite(0, both), names.atWrite(1, both)]);
    expect(d0).toMatchObject({ action: 'write', relative: 'a (2).txt' });
    expect(d1).toMatchObject({ action: 'write', relative: 'A (3).txt' });
  });

  it('skips entries that have no name, with their reason', async () => {
    const names = LocalNames.plan(['a', { reason: 'The key is empty, so it has no file name.' }], 'overwrite');
    expect(await names.atWrite(1, disk({}))).toEqual({ action: 'skip', reason: 'The key is empty, so it has no file name.' });
  });

  it('probeLocal lstats without following links', async () => {
    const r = await root();
    writeFileSync(join(r.path, 'f'), 'abc');
    mkdirSync(join(r.path, 'd'));
    symlinkSync(join(r.path, 'd'), join(r.path, 'l'), 'junction');
    expect(await probeLocal(join(r.path, 'f'))).toMatchObject({ kind: 'file', size: 3 });
    expect(await probeLocal(join(r.path, 'd'))).toEqual({ kind: 'other', what: 'folder' });
    expect(await probeLocal(join(r.path, 'l'))).toEqual({ kind: 'other', what: 'link' });
    expect(await probeLocal(join(r.path, 'none'))).toEqual({ kind: 'none' });
  });
});
