/**
 * Key → local path: the E1–E12 corpus maps (or is refused) the same way on
 * every OS, nothing lands outside the root, containment is `path.relative`
 * and not a prefix match (E4), lengths count UTF-8 bytes after encoding
 * (E8), and folders are created one level at a time without following a
 * planted symlink (E12).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ThawError } from '../errors';
import { COLLIDING_KEYS, HOSTILE_KEYS, KEY_1024 } from './hostile-keys';
import { encodeSegment, ensureDirInside, isInside, localFileError, mapKey, pathLimits, resolveRoot, type DownloadRoot } from './local-path';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thaw-localpath-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A root `dl` inside a fresh temp folder, so a sibling `dl-evil` can be watched. */
async function root(): Promise<{ parent: string; root: DownloadRoot }> {
  const parent = tempDir();
  mkdirSync(join(parent, 'dl'));
  return { parent, root: await resolveRoot(join(parent, 'dl')) };
}

describe('mapKey: the hostile key corpus', () => {
  it.each(HOSTILE_KEYS.map((h) => [JSON.stringify(h.key).slice(0, 60), h] as const))('%s', async (_name, h) => {
    const { root: r } = await root();
    const result = mapKey(r, h.key, { limits: pathLimits('linux') });
    if (h.expect === 'refused' || h.expect === 'folder') {
      expect(result).toMatchObject({ ok: false, kind: h.expect === 'folder' ? 'folder' : 'unsafe' });
      if (!result.ok) expect(result.reason).toMatch(/^[A-Z].*\.$/);
      return;
    }
    expect(result).toMatchObject({ ok: true, relative: h.relative, encoded: h.expect === 'encoded' });
    if (!result.ok) return;
    expect(result.segments.join('/')).toBe(result.relative);
    expect(result.absolute).toBe(path.join(r.path, ...result.segments));
    expect(isInside(r.path, result.absolute)).toBe(true);
  });

  it('gives the same names under every platform, so a key unsafe on Windows is encoded on Linux too', async () => {
    const { root: r } = await root();
    const platforms = [pathLimits('darwin'), pathLimits('win32', true), pathLimits('win32')];
    for (const h of HOSTILE_KEYS) {
      const linux = mapKey(r, h.key, { limits: pathLimits('linux') });
      for (const limits of platforms) {
        const other = mapKey(r, h.key, { limits });
        // Only the total length may differ between platforms.
        if (!other.ok && linux.ok) expect(other.reason, h.key).toMatch(/^The local path would be \d+ (bytes|characters) long/);
        else expect(other, h.key).toEqual(linux);
      }
    }
  });

  it('writes every mapped corpus key inside the root and nothing beside it', async () => {
    const { parent, root: r } = await root();
    mkdirSync(join(parent, 'dl-evil'));
    let written = 0;
    for (const h of HOSTILE_KEYS) {
      // This platform's limits: on Windows CI the longest rows are refused here.
      const m = mapKey(r, h.key);
      if (!m.ok) {
        expect(h.relative === undefined || /^The local path would be/.test(m.reason), h.key).toBe(true);
        continue;
      }
      await ensureDirInside(r, m.segments.slice(0, -1));
      await writeFile(m.absolute, h.key, { flag: 'wx' });
      expect(readFileSync(m.absolute, 'utf8')).toBe(h.key);
      written++;
    }
    expect(written).toBeGreaterThan(HOSTILE_KEYS.filter((h) => h.relative !== undefined).length - 5);
    expect(readdirSync(parent).sort()).toEqual(['dl', 'dl-evil']);
    expect(readdirSync(join(parent, 'dl-evil'))).toEqual([]);
  });

  it('says why, in a sentence, for each kind of refusal', async () => {
    const { root: r } = await root();
    const reason = (key: string, base?: string) => {
      const m = mapKey(r, key, { base });
      return m.ok ? '' : m.reason;
    };
    expect(reason('a/../../x')).toMatch(/“\.\.” segment/);
    expect(reason('a/./b')).toMatch(/“\.” segment/);
    expect(reason('p//x')).toMatch(/empty segment/);
    expect(reason('/etc/passwd')).toMatch(/absolute/);
    expect(reason('\\\\server\\share\\x')).toMatch(/UNC/);
    expect(reason('C:x')).toMatch(/drive letter \(C:\)/);
    expect(reason('a:b')).toMatch(/drive letter \(a:\)/);
    expect(reason('')).toMatch(/empty/);
    expect(reason('a\uD800')).toMatch(/UTF-8/);
    expect(reason(`dir/${'x'.repeat(300)}`)).toMatch(/300 bytes; file systems allow 255/);
    expect(reason(`${'x'.repeat(254)}.`)).toMatch(/257 bytes once encoded/);
    expect(reason('other/x', 'photos/')).toMatch(/not inside the folder being downloaded/);
  });
});

describe('mapKey: base prefix, folders, Unicode, lengths', () => {
  it('strips the base before mapping, and treats the base itself as the folder', async () => {
    const { root: r } = await root();
    expect(mapKey(r, 'photos/2024/a.jpg', { base: 'photos/' })).toMatchObject({ ok: true, relative: '2024/a.jpg' });
    expect(mapKey(r, 'photos/', { base: 'photos/' })).toMatchObject({ ok: false, kind: 'folder' });
    expect(mapKey(r, 'photos/../x', { base: 'photos/' })).toMatchObject({ ok: false, kind: 'unsafe' });
    expect(mapKey(r, 'photos//x', { base: 'photos/' })).toMatchObject({ ok: false, kind: 'unsafe' });
    expect(mapKey(r, 'photos/C:x', { base: 'photos/' })).toMatchObject({ ok: false, kind: 'unsafe' });
    // A drive letter deeper down is only a colon: encoded, harmless.
    expect(mapKey(r, 'photos/a/C:x', { base: 'photos/' })).toMatchObject({ ok: true, relative: 'a/C：x' });
  });

  it('keeps NFC and NFD apart byte for byte (collisions.ts folds them), and both are writable', async () => {
    const { root: r } = await root();
    const [nfc, nfd] = COLLIDING_KEYS.find((c) => c.kind === 'unicode')!.keys;
    const a = mapKey(r, nfc!);
    const b = mapKey(r, nfd!);
    expect(a.ok && b.ok && a.relative !== b.relative && a.relative.normalize('NFC') === b.relative.normalize('NFC')).toBe(true);
    expect(a.ok && a.encoded).toBe(false);
  });

  it('refuses a 1,024-byte key over the Windows limit, and allows it with long paths', async () => {
    const { root: r } = await root();
    expect(Buffer.byteLength(KEY_1024)).toBe(1024);
    expect(mapKey(r, KEY_1024, { limits: pathLimits('linux') }).ok).toBe(true);
    const win = mapKey(r, KEY_1024, { limits: pathLimits('win32') });
    expect(win).toMatchObject({ ok: false, kind: 'unsafe' });
    expect(!win.ok && win.reason).toMatch(/Windows allows 259 unless long paths/);
    expect(mapKey(r, KEY_1024, { limits: pathLimits('win32', true) }).ok).toBe(true);
    expect(mapKey(r, KEY_1024, { limits: pathLimits('darwin') })).toMatchObject({ ok: false });
    expect(mapKey(r, 'short/name.txt', { limits: pathLimits('win32') }).ok).toBe(true);
  });

  it('counts room for the .part name in the limit', async () => {
    const { root: r } = await root();
    const room = 100 - r.path.length - 1;
    const limits = { maxPathBytes: Infinity, maxPathChars: 100 };
    expect(mapKey(r, 'x'.repeat(room - 15), { limits }).ok).toBe(true);
    expect(mapKey(r, 'x'.repeat(room - 14), { limits }).ok).toBe(false);
  });

  it('encodes only the last trailing dot or space, and device names only before the first dot', () => {
    expect(encodeSegment('a..')).toBe('a.．');
    expect(encodeSegment('  ')).toBe(' ␠');
    expect(encodeSegment('CONFIG.sys')).toBe('CONFIG.sys');
    expect(encodeSegment('x.CON')).toBe('x.CON');
    expect(encodeSegment('Lpt3.txt')).toBe('Lpt3_.txt');
    expect(encodeSegment('\u001f')).toBe('␟');
  });
});

describe('isInside (E4)', () => {
  it('is not fooled by a sibling whose name starts with the root’s', () => {
    expect('/tmp/dl-evil/x'.startsWith('/tmp/dl')).toBe(true);
    expect(isInside('/tmp/dl', '/tmp/dl-evil/x', path.posix)).toBe(false);
    expect(isInside('/tmp/dl', '/tmp/dl/../dl-evil/x', path.posix)).toBe(false);
    expect(isInside('/tmp/dl', '/tmp/dl', path.posix)).toBe(false);
    expect(isInside('/tmp/dl', '/tmp', path.posix)).toBe(false);
    expect(isInside('/tmp/dl', '/tmp/dl/..x', path.posix)).toBe(true);
    expect(isInside('/tmp/dl', '/tmp/dl/a/b', path.posix)).toBe(true);
  });

  it('applies Windows rules: other drives, sibling folders, case', () => {
    expect(isInside('C:\\dl', 'C:\\dl-evil\\x', path.win32)).toBe(false);
    expect(isInside('C:\\dl', 'D:\\dl\\x', path.win32)).toBe(false);
    expect(isInside('C:\\dl', '\\\\server\\share\\x', path.win32)).toBe(false);
    expect(isInside('C:\\dl', 'c:\\DL\\x', path.win32)).toBe(true);
  });
});

describe('resolveRoot', () => {
  it('realpaths the root once, and refuses a missing folder or a file', async () => {
    const parent = tempDir();
    mkdirSync(join(parent, 'real'));
    symlinkSync(join(parent, 'real'), join(parent, 'link'), 'junction');
    const r = await resolveRoot(join(parent, 'link'));
    expect(r.path).toBe(await resolveRoot(join(parent, 'real')).then((x) => x.path));
    expect(r.path.endsWith(`${path.sep}real`)).toBe(true);
    await expect(resolveRoot(join(parent, 'missing'))).rejects.toMatchObject({ code: 'InvalidInput', message: /no longer exists/ });
    writeFileSync(join(parent, 'file'), '');
    await expect(resolveRoot(join(parent, 'file'))).rejects.toMatchObject({ code: 'InvalidInput', message: /is a file, not a folder|not a folder/ });
  });
});

describe('ensureDirInside (E12)', () => {
  it('creates each level, and accepts levels that already exist', async () => {
    const { root: r } = await root();
    expect(await ensureDirInside(r, ['a', 'b', 'c'])).toBe(join(r.path, 'a', 'b', 'c'));
    expect(await ensureDirInside(r, ['a', 'b', 'd'])).toBe(join(r.path, 'a', 'b', 'd'));
    expect(await ensureDirInside(r, [])).toBe(r.path);
  });

  it('refuses a planted symlink to outside the root, and writes nothing through it', async () => {
    const { parent, root: r } = await root();
    mkdirSync(join(parent, 'outside'));
    mkdirSync(join(r.path, 'a'));
    symlinkSync(join(parent, 'outside'), join(r.path, 'a', 'b'), 'junction');
    const err = await ensureDirInside(r, ['a', 'b', 'c']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ThawError);
    expect(err).toMatchObject({ code: 'InvalidInput', message: /symbolic link or junction; Thaw does not follow links/ });
    expect(readdirSync(join(parent, 'outside'))).toEqual([]);
  });

  it('refuses a symlink even to a folder inside the root, and a dangling one', async () => {
    const { root: r } = await root();
    mkdirSync(join(r.path, 'real'));
    symlinkSync(join(r.path, 'real'), join(r.path, 'alias'), 'junction');
    symlinkSync(join(r.path, 'nowhere'), join(r.path, 'dangling'), 'junction');
    await expect(ensureDirInside(r, ['alias', 'x'])).rejects.toMatchObject({ message: /symbolic link/ });
    await expect(ensureDirInside(r, ['dangling'])).rejects.toMatchObject({ message: /symbolic link/ });
    expect(existsSync(join(r.path, 'nowhere'))).toBe(false);
  });

  it('refuses a file in the way, and removes the levels it created', async () => {
    const { root: r } = await root();
    mkdirSync(join(r.path, 'a'));
    writeFileSync(join(r.path, 'a', 'x'), 'file');
    await expect(ensureDirInside(r, ['a', 'new1', 'new2'])).resolves.toBeDefined();
    await expect(ensureDirInside(r, ['a', 'fresh', 'deeper', '..'])).rejects.toMatchObject({ code: 'InvalidInput' });
    await expect(ensureDirInside(r, ['a', 'x', 'y'])).rejects.toMatchObject({ code: 'InvalidInput', message: /is in the way/ });
    expect(readdirSync(join(r.path, 'a')).sort()).toEqual(['new1', 'x']);
  });

  it('maps ENAMETOOLONG to a clear error and leaves no partial folders (E8)', async () => {
    const { root: r } = await root();
    const err = await ensureDirInside(r, ['p', 'q', 'n'.repeat(300)]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'InvalidInput', message: /path is too long/, details: { sys: 'ENAMETOOLONG' } });
    expect(readdirSync(r.path)).toEqual([]);
  });

  it('maps EACCES to AccessDenied', async (ctx) => {
    if (process.platform === 'win32') {
      console.log('skipped "maps EACCES to AccessDenied": POSIX permission bits do not apply on Windows');
      ctx.skip();
    }
    const { parent, root: r } = await root();
    if (process.getuid?.() === 0) {
      // Permission bits do not refuse root: the same call runs in a child process as nobody, against a folder root owns.
      chmodSync(parent, 0o755);
      chmodSync(r.path, 0o755);
      mkdirSync(join(r.path, 'locked'), { mode: 0o755 });
      const script = join(parent, 'probe.mjs');
      writeFileSync(
        script,
        `const m = await import(${JSON.stringify(path.resolve('electron/core/transfers/local-path.ts'))});
const r = await m.resolveRoot(${JSON.stringify(r.path)});
try { await m.ensureDirInside(r, ['locked', 'x']); console.log(JSON.stringify({ ok: true })); }
catch (e) { console.log(JSON.stringify({ code: e.code, details: e.details })); }`,
      );
      const out = spawnSync(process.execPath, ['--import', 'tsx', script], { uid: 65534, gid: 65534, encoding: 'utf8' });
      const line = out.stdout.trim().split('\n').pop() ?? '';
      expect(JSON.parse(line || '{}'), out.stderr).toMatchObject({ code: 'AccessDenied', details: { sys: 'EACCES' } });
      expect(existsSync(join(r.path, 'locked', 'x'))).toBe(false);
      return;
    }
    mkdirSync(join(r.path, 'locked'));
    chmodSync(join(r.path, 'locked'), 0o500);
    try {
      await expect(ensureDirInside(r, ['locked', 'x'])).rejects.toMatchObject({ code: 'AccessDenied', details: { sys: 'EACCES' } });
    } finally {
      chmodSync(join(r.path, 'locked'), 0o700);
    }
  });
});

describe('localFileError', () => {
  const sys = (code: string) => Object.assign(new Error(`raw ${code}`), { code });
  it.each([
    ['ENOSPC', 'DiskFull', /disk is full/],
    ['EDQUOT', 'DiskFull', /quota/],
    ['EACCES', 'AccessDenied', /permission denied/],
    ['EPERM', 'AccessDenied', /locked by another program/],
    ['EBUSY', 'AccessDenied', /in use/],
    ['EROFS', 'ReadOnly', /read-only/],
    ['ENAMETOOLONG', 'InvalidInput', /too long/],
    ['ENOTDIR', 'InvalidInput', /is a file, not a folder/],
    ['EISDIR', 'InvalidInput', /folder of that name/],
    ['ELOOP', 'InvalidInput', /symbolic link/],
    ['EIO', 'Internal', /\(EIO\)/],
  ])('%s → %s', (code, thaw, message) => {
    const err = localFileError(sys(code), 'write', '/x/y');
    expect(err).toMatchObject({ code: thaw, message, details: { sys: code, path: '/x/y' } });
    expect(err.message).toMatch(/^Could not write \/x\/y/);
    expect(err.message).not.toMatch(/raw/);
  });

  it('passes ThawErrors through', () => {
    const e = new ThawError('Cancelled', 'Cancelled.');
    expect(localFileError(e, 'write', '/x')).toBe(e);
  });
});
