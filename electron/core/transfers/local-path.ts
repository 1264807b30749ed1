/**
 * From an S3 key to a local file: the one mapping, and safe folders for it.
 *
 * A key is untrusted data, not a path. `mapKey` is the only way a key becomes
 * a local path (security reference §3.4). It strips the base prefix, splits
 * the rest on `/`, and for each hazard either refuses the key or encodes it.
 * The rules are the same on every OS, so a key that is unsafe on Windows
 * maps to the same (encoded) name on Linux and macOS too; only the total
 * path limit depends on the platform.
 *
 * Refused (`ok: false`, `kind: 'unsafe'`, with a sentence saying why):
 *   the empty key; a key not under the base; a lone UTF-16 surrogate (not
 *   UTF-8, Node would write U+FFFD and merge distinct keys); a leading `/`
 *   (absolute), a leading `\` (root or UNC path on Windows), a leading drive
 *   letter `X:` (so `a:b` too: drive-relative on Windows); an empty segment (`a//b`), `.` or `..`; a segment over 255
 *   UTF-8 bytes after encoding; a path over the platform limit (Linux 4,095
 *   bytes, macOS 1,023 bytes, Windows 259 characters unless long paths),
 *   counted with room for the `.part` temp name beside it.
 * Skipped (`ok: false`, `kind: 'folder'`): a key ending in `/`, a folder marker.
 * Encoded (`encoded: true`), rclone style, with look-alikes:
 *   `\ : * ? " < > |` → full-width `＼ ： ＊ ？ ＂ ＜ ＞ ｜` (U+FF3C, U+FF1A, …);
 *   control characters U+0000–U+001F → control pictures U+2400–U+241F
 *   (`␀`…`␟`), DEL → `␡` (U+2421);
 *   a Windows device name (CON PRN AUX NUL COM0–9 COM¹²³ LPT0–9 LPT¹²³
 *   CONIN$ CONOUT$, any case, before the first `.`, trailing spaces ignored)
 *   gets `_` after the name: `CON` → `CON_`, `con.txt` → `con_.txt`;
 *   a trailing `.` → `．` (U+FF0E) and a trailing space → `␠` (U+2420), the
 *   last character only (Win32 would strip them and merge `name.` with `name`).
 * The encoding is deterministic, not injective: a key that already holds a
 * look-alike (`a？b`, `CON_`) meets the encoded one; `collisions.ts` catches
 * that like any other collision. A job records key → path, so nothing needs
 * decoding.
 *
 * Containment is checked with `path.relative` against the realpath of the
 * root (`resolveRoot`), never with `startsWith` (CVE-2022-31159).
 * `ensureDirInside` creates the folders of a mapped path one level at a time,
 * `lstat`-checking each: a symlink or junction inside the root is refused,
 * never followed (E12). `localFileError` turns Node's errno codes into
 * ThawErrors with a sentence; `part-file.ts` uses it too.
 */
import { lstat, mkdir, realpath, rmdir, stat } from 'node:fs/promises';
import path, { join, resolve, sep } from 'node:path';
import { ThawError } from '../errors';

/** The longest file or folder name, in UTF-8 bytes (ext4, APFS; NTFS allows 255 UTF-16 units, never fewer). */
export const MAX_SEGMENT_BYTES = 255;

/** What the `.part` temp name adds to a final name: `.` before, `.<8 hex>.part` after (see part-file.ts). */
export const PART_NAME_OVERHEAD = 15;

/** Total path limits of the file system the root is on. */
export interface PathLimits {
  /** Of the absolute path, in UTF-8 bytes. */
  maxPathBytes: number;
  /** Of the absolute path, in UTF-16 code units. */
  maxPathChars: number;
}

/** Limits for a platform: PATH_MAX less the NUL; Windows MAX_PATH less the NUL unless long paths are on. */
export function pathLimits(platform: NodeJS.Platform = process.platform, longPaths = false): PathLimits {
  if (platform === 'win32') return { maxPathBytes: Infinity, maxPathChars: longPaths ? 32_766 : 259 };
  if (platform === 'darwin') return { maxPathBytes: 1_023, maxPathChars: Infinity };
  return { maxPathBytes: 4_095, maxPathChars: Infinity };
}

declare const resolvedRoot: unique symbol;

/** A download folder, realpath'd once by `resolveRoot`. */
export interface DownloadRoot {
  readonly path: string;
  readonly [resolvedRoot]: true;
}

/** Realpaths a download folder (following a symlink the user chose is fine: it is the root). */
export async function resolveRoot(dir: string): Promise<DownloadRoot> {
  let real: string;
  try {
    real = await realpath(dir);
    if (!(await stat(real)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (err) {
    throw localFileError(err, 'use the download folder', dir);
  }
  return { path: real } as DownloadRoot;
}

/** A key that maps to a local file. `relative` is '/'-separated on every OS; `absolute` uses the OS separator. */
export interface MappedPath {
  ok: true;
  relative: string;
  segments: string[];
  absolute: string;
  /** True when a segment was encoded (differs from the key). */
  encoded: boolean;
}

/** A key that does not: unsafe (refused, to be reported) or a folder marker (skipped). */
export interface RefusedPath {
  ok: false;
  kind: 'unsafe' | 'folder';
  reason: string;
}

export type LocalPathResult = MappedPath | RefusedPath;

/** Options of `mapKey`. */
export interface MapKeyOptions {
  /** Stripped from the key first (the folder being viewed); the key must start with it. */
  base?: string;
  limits?: PathLimits;
}

const LOOK_ALIKES: Record<string, string> = { '\\': '＼', ':': '：', '*': '＊', '?': '？', '"': '＂', '<': '＜', '>': '＞', '|': '｜', '\u007f': '␡' };
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\\:*?"<>|\u0000-\u001f\u007f]/g;
const DEVICE_NAMES = /^(?:CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)$/i;
const LONE_SURROGATE = /\p{Cs}/u;
const DRIVE = /^[A-Za-z]:/;

const unsafe = (reason: string): RefusedPath => ({ ok: false, kind: 'unsafe', reason });

/** Encodes one segment ('' . and .. are refused before). */
export function encodeSegment(segment: string): string {
  let out = segment.replace(UNSAFE_CHARS, (c) => LOOK_ALIKES[c] ?? String.fromCharCode(0x2400 + c.charCodeAt(0)));
  const dot = out.indexOf('.');
  const stem = (dot === -1 ? out : out.slice(0, dot)).replace(/ +$/, '');
  if (DEVICE_NAMES.test(stem)) out = `${stem}_${out.slice(stem.length)}`;
  const last = out[out.length - 1];
  if (last === '.') out = `${out.slice(0, -1)}．`;
  else if (last === ' ') out = `${out.slice(0, -1)}␠`;
  return out;
}

/** A segment shortened for a sentence. */
const shown = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/**
 * Maps `key` to a local path under `root`, or says why it cannot (see the
 * rules at the top). Pure apart from `path.resolve`; never touches the disk.
 */
export function mapKey(root: DownloadRoot, key: string, options: MapKeyOptions = {}): LocalPathResult {
  const base = options.base ?? '';
  if (!key.startsWith(base)) return unsafe(`The key is not inside the folder being downloaded (${shown(base)}).`);
  const rel = key.slice(base.length);
  if (rel === '') {
    return key === '' ? unsafe('The key is empty, so it has no file name.') : { ok: false, kind: 'folder', reason: 'This is the folder itself.' };
  }
  if (rel.endsWith('/')) return { ok: false, kind: 'folder', reason: 'The key ends with “/”: it marks a folder and holds no file.' };
  if (LONE_SURROGATE.test(rel)) return unsafe('The key is not valid UTF-8 (it holds a lone surrogate), so no file name can represent it exactly.');
  if (rel.startsWith('/')) return unsafe('The key starts with “/”, an absolute path.');
  if (rel.startsWith('\\')) return unsafe('The key starts with “\\”, a root or network (UNC) path on Windows.');
  if (DRIVE.test(rel)) return unsafe(`The key starts with a drive letter (${rel.slice(0, 2)}).`);

  const raw = rel.split('/');
  const segments: string[] = [];
  let encoded = false;
  for (const segment of raw) {
    if (segment === '') return unsafe('The key has an empty segment (“//”); S3 keeps it apart from the same key with one “/”, a file system cannot.');
    if (segment === '.') return unsafe('The key has a “.” segment, which a file system would drop.');
    if (segment === '..') return unsafe('The key has a “..” segment, which would lead out of the download folder.');
    const out = encodeSegment(segment);
    if (out !== segment) encoded = true;
    const size = Buffer.byteLength(out, 'utf8');
    if (size > MAX_SEGMENT_BYTES) {
      return unsafe(`The name “${shown(out)}” is ${size} bytes${out !== segment ? ' once encoded' : ''}; file systems allow ${MAX_SEGMENT_BYTES}.`);
    }
    segments.push(out);
  }

  const absolute = resolve(root.path, ...segments);
  if (!isInside(root.path, absolute)) return unsafe('The key would lead out of the download folder.');
  const tooLong = lengthProblem(absolute, options.limits ?? pathLimits());
  if (tooLong) return unsafe(tooLong);
  return { ok: true, relative: segments.join('/'), segments, absolute, encoded };
}

/** A sentence when `absolute` (plus room for its `.part` name) is over the limits; undefined when it fits. */
export function lengthProblem(absolute: string, limits: PathLimits = pathLimits()): string | undefined {
  const bytes = Buffer.byteLength(absolute, 'utf8') + PART_NAME_OVERHEAD;
  if (bytes > limits.maxPathBytes) return `The local path would be ${bytes} bytes long; this system allows ${limits.maxPathBytes}.`;
  const chars = absolute.length + PART_NAME_OVERHEAD;
  if (chars > limits.maxPathChars) {
    return `The local path would be ${chars} characters long; Windows allows ${limits.maxPathChars} unless long paths are turned on. Choose a folder closer to the drive's root.`;
  }
  return undefined;
}

/**
 * True when `target` is strictly inside `root` (both absolute), by
 * `path.relative`, never by prefix. `api` is for testing Windows rules on
 * POSIX (`path.win32`).
 */
export function isInside(root: string, target: string, api: path.PlatformPath = path): boolean {
  const rel = api.relative(root, target);
  return rel !== '' && !api.isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${api.sep}`);
}

/**
 * Creates the folders `segments` (a mapped path's segments without the file
 * name) under `root`, one `mkdir` per level, and returns the innermost
 * folder. Every level that exists is `lstat`-checked: a symlink, a junction
 * or a file there is refused, never followed. On failure the folders this
 * call created (and left empty) are removed again.
 */
export async function ensureDirInside(root: DownloadRoot, segments: readonly string[]): Promise<string> {
  let dir = root.path;
  const created: string[] = [];
  try {
    for (const segment of segments) {
      const next = join(dir, segment);
      if (segment.includes('/') || segment.includes(sep) || !isInside(dir, next)) {
        throw new ThawError('InvalidInput', `“${shown(segment)}” is not a single folder name.`);
      }
      if (await ensureLevel(next)) created.push(next);
      dir = next;
    }
  } catch (err) {
    for (const d of created.reverse()) await rmdir(d).catch(() => undefined);
    throw err;
  }
  return dir;
}

/** Makes sure `path` is a real folder; true when this call created it. */
async function ensureLevel(path: string): Promise<boolean> {
  let made = false;
  let info = await lstat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw localFileError(err, 'check the folder', path);
  });
  if (!info) {
    try {
      await mkdir(path);
      made = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw localFileError(err, 'create the folder', path);
    }
    info = await lstat(path).catch((err: unknown) => {
      throw localFileError(err, 'check the folder', path);
    });
  }
  if (info.isSymbolicLink()) {
    throw new ThawError('InvalidInput', `${path} is a symbolic link or junction; Thaw does not follow links inside the download folder, so nothing was written through it.`, {
      path,
    });
  }
  if (!info.isDirectory()) throw new ThawError('InvalidInput', `${path} is in the way: it is a file, not a folder.`, { path });
  return made;
}

/**
 * A ThawError for a failed local file operation, saying what Thaw tried
 * (`action`, e.g. 'create the folder'), where, and what to do. ThawErrors
 * pass through. There is no `LocalFileError` code: the closest existing
 * code is used and `details.sys` keeps the errno code.
 */
export function localFileError(err: unknown, action: string, path: string): ThawError {
  if (err instanceof ThawError) return err;
  const sys = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  const details = { sys, path };
  const at = `Could not ${action} ${path}`;
  switch (sys) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new ThawError('DiskFull', `${at}: the disk is full${sys === 'EDQUOT' ? ' (your quota is used up)' : ''}. Free some space, then resume.`, details);
    case 'EACCES':
    case 'EPERM':
      return new ThawError('AccessDenied', `${at}: permission denied, or the file is locked by another program.`, details);
    case 'EROFS':
      return new ThawError('ReadOnly', `${at}: the disk is read-only. Choose another folder.`, details);
    case 'ENAMETOOLONG':
      return new ThawError('InvalidInput', `${at}: the path is too long for this file system. Choose a folder closer to the drive's root.`, details);
    case 'ENOTDIR':
      return new ThawError('InvalidInput', `${at}: part of the path is a file, not a folder.`, details);
    case 'EISDIR':
      return new ThawError('InvalidInput', `${at}: a folder of that name is in the way.`, details);
    case 'EEXIST':
      return new ThawError('InvalidInput', `${at}: something of that name already exists.`, details);
    case 'ELOOP':
      return new ThawError('InvalidInput', `${at}: it is a symbolic link, and Thaw does not follow links.`, details);
    case 'ENOENT':
      return new ThawError('InvalidInput', `${at}: it no longer exists (was the folder moved, or the drive removed?).`, details);
    case 'EBUSY':
      return new ThawError('AccessDenied', `${at}: it is in use by another program.`, details);
    default:
      return new ThawError('Internal', `${at} (${sys || 'unknown error'}).`, details);
  }
}
